"""The budget page with workbooks laid out as offices lay them out: a rincian per traveller
shown per person and component with the cells it came from, another sheet of an SPJ
workbook chosen and read again, and a table without a header refused without a total."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.web.pages import csrf_token
from tests.web.test_budget_page import (
    KEY,
    TOTAL,
    attach,
    page_url,
    stored,
    text_of,
    upload_fixture,
)

TRAVELLERS = re.compile(r'<tbody>\s*<tr class="budget-group"><th scope="rowgroup" colspan="6" '
                        r'class="text-break-all">([^<]*)</th></tr>(.*?)</tbody>', re.S)
TRAVELLER_ROW = re.compile(r"<tr[^>]*>\s*<td>([^<]*)</td>\s*<td>([^<]*)(?:<span[^>]*>[^<]*</span>)?</td>.*?"
                           r'<td class="text-end text-nowrap">([^<]*)</td>\s*'
                           r'<td class="text-nowrap"><code>([^<]*)</code></td>', re.S)


@pytest.fixture
def staff(login):
    return login("staff")


def test_a_rincian_per_traveller_is_shown_per_person_with_its_cells(app, client, staff,
                                                                 demo_id):
    response = upload_fixture(client, demo_id, "rincian_pelaksana.xlsx")
    assert response.status_code == 200
    page = text_of(response)
    assert "Rincian per pelaksana" in page
    people = {name: TRAVELLER_ROW.findall(body) for name, body in TRAVELLERS.findall(page)}
    assert list(people) == ["Drs. Agus Wibowo, M.M. (NIP 197008121995031004)",
                            "Siti Rahmawati, S.E. (NIP 198802142011012006)"]
    assert people["Drs. Agus Wibowo, M.M. (NIP 197008121995031004)"] == [
        ("Uang Harian", "Uang harian 3 hr x Rp 370.000", "Rp1.110.000", "Rincian!F8"),
        ("Biaya Penginapan", "Penginapan 2 malam x Rp 750.000", "Rp1.500.000", "Rincian!F9"),
        ("Tiket Pesawat/Transportasi", "Tiket pesawat PP Yogyakarta - Semarang",
         "Rp1.850.000", "Rincian!F10")]
    assert TOTAL.findall(page)[0] == "Rp8.520.000"
    key = KEY.search(page).group(1)
    assert attach(client, demo_id, key).status_code == 302
    budget = stored(app, demo_id).plan.budget
    assert len(budget) == 6 and sum(line.total for line in budget) == Decimal("8520000")
    assert budget[0].note == "Drs. Agus Wibowo, M.M. (NIP 197008121995031004)"
    assert budget[0].traveller == "Drs. Agus Wibowo, M.M. (NIP 197008121995031004)"


def test_a_column_per_cost_shows_each_cost_cell(client, staff, demo_id):
    response = upload_fixture(client, demo_id, "rincian_kolom_biaya.xlsx")
    page = text_of(response)
    # the demo study's team has nobody of eselon II, but the Gol cell of the one traveller
    # given uang representasi says "IV/c (Eselon II)": allowed, per person
    assert response.status_code == 200
    assert 'id="check-errors"' not in page
    people = dict(TRAVELLERS.findall(page))
    assert len(people) == 3
    cells = [row[3] for body in people.values() for row in TRAVELLER_ROW.findall(body)]
    assert cells[:4] == ["Rekap Biaya!F5", "Rekap Biaya!G5", "Rekap Biaya!H5",
                         "Rekap Biaya!I5"]
    assert TOTAL.findall(page)[0] == "Rp13.530.000"


def test_another_sheet_is_chosen_and_read_again(app, client, staff, demo_id):
    page = text_of(upload_fixture(client, demo_id, "spj_perjalanan.xlsx"))
    assert 'id="sheets"' in page
    for name, kind in (("SPD", "formulir SPD"), ("Kuitansi", "kuitansi"),
                       ("DPR", "daftar pengeluaran riil")):
        assert f'<option value="{name}">{name} ({kind})</option>' in page
    assert '<option value="Rincian" selected>' in page
    assert TOTAL.findall(page)[0] == "Rp2.890.000"
    key = KEY.search(page).group(1)
    token = csrf_token(client, page_url(demo_id))
    again = client.post(page_url(demo_id, "/sheet"),
                        data={"key": key, "sheet": "DPR", "csrf_token": token})
    assert again.status_code == 200
    chosen = text_of(again)
    assert '<option value="DPR" selected>' in chosen
    assert 'lembar "DPR", baris judul 7' in chosen or "DPR" in chosen
    assert TOTAL.findall(chosen)[0] == "Rp200.000"
    assert '<input type="hidden" name="sheet" value="DPR">' in chosen
    response = attach(client, demo_id, KEY.search(chosen).group(1), sheet="DPR")
    assert response.status_code == 302
    assert stored(app, demo_id).plan.budget_total == Decimal("200000")


def test_a_sheet_name_that_is_not_there_is_an_error(client, staff, demo_id):
    page = text_of(upload_fixture(client, demo_id, "spj_perjalanan.xlsx"))
    key = KEY.search(page).group(1)
    token = csrf_token(client, page_url(demo_id))
    response = client.post(page_url(demo_id, "/sheet"),
                           data={"key": key, "sheet": "Lampiran", "csrf_token": token})
    assert response.status_code == 422
    assert 'lembar "Lampiran" tidak ada' in text_of(response)


def test_no_header_is_refused_without_a_total(client, staff, demo_id):
    response = upload_fixture(client, demo_id, "rab_tanpa_uraian.xlsx")
    assert response.status_code == 422
    page = text_of(response)
    errors = page.split('id="check-errors"', 1)[1].split("</div>", 1)[0]
    assert "ditemukan: NO., Jumlah, Keterangan; tidak ada: uraian" in errors
    check = page.split('id="check"', 1)[1].split('id="current-title"', 1)[0]
    assert "data-budget-total" not in check and "Rp0" not in check


def test_two_sheets_alike_are_refused_then_one_is_chosen(client, staff, demo_id):
    import io

    from openpyxl import Workbook

    from tests.web.test_budget_page import upload

    wb = Workbook()
    wb.remove(wb.active)
    for title in ("RAB 1", "RAB 2"):
        ws = wb.create_sheet(title)
        ws.append(["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
        ws.append([1, "Uang harian", 4, "OH", 370000, 1480000])
    out = io.BytesIO()
    wb.save(out)
    response = upload(client, demo_id, out.getvalue(), "rab.xlsx")
    assert response.status_code == 422
    page = text_of(response)
    assert "sama-sama tampak sebagai anggaran" in page
    key = KEY.search(page).group(1)
    token = csrf_token(client, page_url(demo_id))
    chosen = client.post(page_url(demo_id, "/sheet"),
                         data={"key": key, "sheet": "RAB 2", "csrf_token": token})
    assert chosen.status_code == 200
    assert TOTAL.findall(text_of(chosen))[0] == "Rp1.480.000"
