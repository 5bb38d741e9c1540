"""Budget lines typed in the browser (/studies/<id>/budget/lines): the table, saved with the
checks of an uploaded workbook (messages naming row and column), nothing stored on an error,
rows added and removed without JavaScript, lines proposed from the team and days, and the
pre-filled workbook template."""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

from docx import Document
from openpyxl import load_workbook

from docgen import idformat
from docgen.store import StudyRecord
from tests.helpers import docx_text, squash
from tests.web.pages import csrf_token, stored

TOTAL = re.compile(r"data-lines-total>([^<]*)<")
WORDS = re.compile(r"data-lines-words>([^<]*)<")
SUMMARY = re.compile(r'<li class="problem-\w+"><span[^>]*>[^<]*</span>\s*'
                     r'<a class="alert-link" href="#([^"]+)">([^<]*)</a>: ([^<]*)</li>')


def url(study_id: int) -> str:
    return f"/studies/{study_id}/budget/lines"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def row(i: int, component: str, description: str, volume: str, unit: str, price: str,
        **more: str) -> dict[str, str]:
    data = {"component": component, "description": description, "volume": volume,
            "unit": unit, "unit_price": price, **more}
    return {f"plan.budget[{i}].{k}": v for k, v in data.items()}


def post(client, study_id: int, *rows: dict[str, str], **extra: str):
    form: dict[str, str] = {"csrf_token": csrf_token(client, url(study_id))}
    for r in rows:
        form.update(r)
    form.update(extra)
    return client.post(url(study_id), data=form)


GOOD = (
    row(0, "uang_harian", "Uang harian luar kota Provinsi Jawa Timur (4 orang × 3 hari)",
        "4 org x 3 hari", "OH", "410.000"),
    row(1, "tiket", "Tiket pesawat Yogyakarta – Surabaya pergi pulang", "4", "orang",
        "2.100.000"),
    row(3, "penginapan", "Penginapan Golongan III (3 orang × 2 malam)", "6", "OM", "814.000",
        account_code="5.1.02.04.01.0001", note="Hotel di Surabaya"),
)
GOOD_TOTAL = Decimal(12 * 410000 + 4 * 2100000 + 6 * 814000)


def test_page_shows_the_study_lines_with_amounts_total_and_terbilang(app, client, login,
                                                                      demo_id):
    login("staff")
    page = text_of(client.get(url(demo_id)))
    study = stored(app, demo_id)
    assert len(study.plan.budget) == 6
    for i, line in enumerate(study.plan.budget):
        assert f'name="plan.budget[{i}].description" value="{line.description}"' in page
    assert 'name="plan.budget[6].description" value=""' in page  # one empty row
    assert TOTAL.findall(page) == [idformat.rupiah(study.plan.budget_total, decimals=False)]
    assert WORDS.findall(page) == [
        idformat.kapital(idformat.terbilang_rupiah(study.plan.budget_total))]
    assert "Rp4.920.000" in page  # 12 OH × Rp410.000


def test_typed_lines_saved_and_used_by_the_rab(app, client, login, demo_id):
    login("staff")
    response = post(client, demo_id, *GOOD)
    assert response.status_code == 302, text_of(response)[:3000]
    study = stored(app, demo_id)
    assert [line.component for line in study.plan.budget] == ["uang_harian", "tiket",
                                                               "penginapan"]
    assert study.plan.budget[0].volume == 12 and study.plan.budget[0].unit == "OH"
    assert study.plan.budget[2].account_code == "5.1.02.04.01.0001"
    assert study.plan.budget[2].note == "Hotel di Surabaya"
    assert study.plan.budget_total == GOOD_TOTAL
    page = text_of(client.get(url(demo_id)))
    assert "3 baris, jumlah Rp18.204.000" in page
    rab = client.get(f"/studies/{demo_id}/documents/rab/0.docx")
    assert rab.status_code == 200
    text = squash(docx_text(rab.data))
    assert "Tiket pesawat Yogyakarta – Surabaya pergi pulang" in text
    words = idformat.kapital(idformat.terbilang_rupiah(GOOD_TOTAL))
    assert f"Terbilang: {words}" in text
    table = Document(io.BytesIO(rab.data)).tables[1]
    last = [cell.text for cell in table.rows[-1].cells]
    assert last[0] == "JUMLAH" and last[-1] == idformat.angka(GOOD_TOTAL)


def test_errors_name_row_and_column_and_nothing_is_stored(app, client, login, demo_id):
    login("staff")
    before = stored(app, demo_id).plan.budget
    response = post(
        client, demo_id, GOOD[0],
        row(1, "penginapan", "Hotel", "abc", "OM", "814.000"),
        row(2, "uang_harian", "Uang harian luar kota Jawa Timur", "3", "OH", "999.000"),
        row(3, "tiket", "Tiket pesawat", "4", "orang", ""))
    assert response.status_code == 422
    page = text_of(response)
    found = SUMMARY.findall(page)
    by_field = {anchor: (where, message) for anchor, where, message in found}
    assert by_field["f-plan-budget-1-volume"] == ("Baris 2, Volume", 'Volume "abc" bukan angka')
    where, message = by_field["f-plan-budget-2-unit-price"]
    assert where == "Baris 3, Harga satuan (Rp)"
    assert message.startswith("harga satuan Rp999.000 melebihi batas Rp410.000 per OH")
    assert by_field["f-plan-budget-3-unit-price"] == ("Baris 4, Harga satuan (Rp)",
                                                      "Harga Satuan (Rp) kosong")
    # the message sits beside its cell, and the typed value comes back
    assert 'id="f-plan-budget-1-volume-error"' in page
    assert 'name="plan.budget[1].volume" value="abc"' in page
    assert stored(app, demo_id).plan.budget == before


def test_english_messages(app, client, login, demo_id):
    login("staff")
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client, url(demo_id))})
    response = post(client, demo_id, row(0, "penginapan", "Hotel", "abc", "OM", "814.000"))
    assert response.status_code == 422
    found = SUMMARY.findall(text_of(response))
    assert ("f-plan-budget-0-volume", "Row 1, Volume", 'Volume "abc" is not a number') in found


def test_duplicate_warning_names_the_form_rows_and_does_not_stop_saving(app, client, login,
                                                                         demo_id):
    login("staff")
    response = post(client, demo_id, GOOD[0], GOOD[1],
                    row(2, "uang_harian", GOOD[0]["plan.budget[0].description"], "12", "OH",
                        "410.000"))
    assert response.status_code == 302
    page = text_of(client.get(url(demo_id)))
    assert ("sama persis dengan baris 1; tercatat dua kali?") in page
    assert 'id="f-plan-budget-2-description-warning"' in page


def test_check_without_saving_and_rows_without_javascript(app, client, login, demo_id):
    login("staff")
    before = stored(app, demo_id).plan.budget
    response = post(client, demo_id, *GOOD, _check="1")
    assert response.status_code == 200
    page = text_of(response)
    assert TOTAL.findall(page) == ["Rp18.204.000"]
    assert stored(app, demo_id).plan.budget == before
    # "Add a row": the rows typed come back with an empty one more
    page = text_of(post(client, demo_id, *GOOD, _add="1"))
    assert 'name="plan.budget[3].description" value=""' in page
    assert 'name="plan.budget[2].volume" value="6"' in page  # gaps closed: row 3 is now 2
    # "Remove" takes the row out of the table, still without saving
    page = text_of(post(client, demo_id, *GOOD, _remove="0"))
    assert "Uang harian luar kota" not in page.split("data-lines>")[1].split("</tbody>")[0]
    assert stored(app, demo_id).plan.budget == before


def test_an_empty_table_is_refused(app, client, login, demo_id):
    login("staff")
    before = stored(app, demo_id).plan.budget
    response = post(client, demo_id, row(0, "uang_harian", "", "", "", ""))
    assert response.status_code == 422
    assert "belum ada baris anggaran" in text_of(response)
    assert stored(app, demo_id).plan.budget == before


def test_traveller_and_amount_spent_of_a_line_kept(app, client, login, demo_id):
    login("staff")
    response = post(client, demo_id, row(0, "tiket", "Tiket", "1", "orang", "2.100.000",
                                         traveller="Sri Lestari", realized="1986000.00"))
    assert response.status_code == 302
    line = stored(app, demo_id).plan.budget[0]
    assert line.traveller == "Sri Lestari" and line.realized == Decimal("1986000")
    response = post(client, demo_id, row(0, "tiket", "Tiket", "1", "orang", "2.100.000",
                                         realized="lots"))
    assert response.status_code == 422
    assert line == stored(app, demo_id).plan.budget[0]


def test_readers_see_the_lines_but_cannot_save(app, client, login, demo_id):
    login("signer")
    page = text_of(client.get(url(demo_id)))
    assert "Hanya staf yang mengubahnya" in page
    assert 'name="_check"' not in page
    token = csrf_token(client, url(demo_id))
    assert client.post(url(demo_id), data={"csrf_token": token, **GOOD[0]}).status_code == 403


def test_another_office_study_is_not_found(client, login, other_office):
    login("staff")
    _office, study_id, _email = other_office
    assert client.get(url(study_id)).status_code == 404


def test_lines_proposed_from_team_and_days(app, client, login, demo_id):
    login("staff")
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, demo_id)
        study = record.study.model_copy(deep=True)
        study.plan.budget = []
        record.data = study
    page = text_of(client.get(url(demo_id)))
    assert "diusulkan dari tim (4 orang) dan lama perjalanan (3 hari)" in page
    assert ('name="plan.budget[0].description" value="Uang harian luar kota Provinsi Jawa '
            'Timur (4 orang × 3 hari)"') in page
    assert 'name="plan.budget[0].volume" value="12"' in page
    assert stored(app, demo_id).plan.budget == []  # proposed, not saved


def test_template_download_filled_with_activity_province_and_team_days(app, client, login,
                                                                       demo_id):
    login("staff")
    response = client.get(f"/studies/{demo_id}/budget/anggaran.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    study = stored(app, demo_id)
    assert sheet["C3"].value == study.goals.title
    assert sheet["C4"].value == study.fiscal_year
    assert sheet["C5"].value == "Jawa Timur"
    assert [sheet.cell(row=9, column=c).value for c in range(2, 6)] == [
        "Uang Harian", "Uang harian luar kota Provinsi Jawa Timur (4 orang × 3 hari)", 12, "OH"]
    assert sheet["F9"].value is None  # the price is the office's to fill in
    assert sheet["H9"].value == study.plan.funding.account_code
    assert [sheet.cell(row=r, column=4).value for r in range(10, 14)] == [2, 6, 4, 8]
