"""Nothing typed twice, in a real browser against a live server: a new study made with
"Salin dari studi sebelumnya" (the team, legal bases and funding there without typing), and
budget lines typed in the browser with each amount, the total and the terbilang following the
typing, a cap check shown beside its line, saved and printed in the RAB.

``DOCGEN_SCREENSHOTS=1`` also saves the pages as pictures in docs/screenshots/ui/.
"""

from __future__ import annotations

import pytest

from tests.helpers import docx_text, squash
from tests.web import browser_helpers
from tests.web.browser_helpers import DOCS, script_errors, submit
from tests.web.pages import stored

pytestmark = pytest.mark.browser

TITLE = "Studi Banding Tata Kelola Arsip Digital"


def shoot(page, name: str) -> None:
    browser_helpers.shoot(page, DOCS / "screenshots" / "ui" / name)


def test_new_study_copied_from_an_earlier_one(app, live, demo_id):
    page, base, messages = live
    demo = stored(app, demo_id)
    page.goto(base + "/studies/new")
    page.get_by_label("Judul studi banding").fill(TITLE)
    # the earlier study's year (the page proposes the office's current one): its DPA applies
    page.get_by_label("Tahun anggaran").fill(str(demo.fiscal_year))
    assert page.get_by_label("Dalam Negeri").is_checked()
    page.get_by_label("Salin dari studi sebelumnya").select_option(
        label=f"{demo.goals.title} (TA {demo.fiscal_year})")
    shoot(page, "new-study-copy.png")
    submit(page, page.get_by_role("button", name="Simpan draf"))
    flash = page.locator(".flash-messages").inner_text()
    assert f"Disalin dari “{demo.goals.title}”" in flash
    assert f"tim: {len(demo.plan.team)} orang dengan NIP, pangkat/golongan, jabatan" in flash
    assert "dasar hukum: 4 butir" in flash
    assert "tidak pernah disalin: nomor dan tanggal naskah" in flash
    shoot(page, "new-study-copied.png")
    study_id = int(page.url.rsplit("/", 1)[1])

    page.goto(f"{base}/studies/{study_id}/stages/plan")
    for i, member in enumerate(demo.plan.team):
        assert page.locator(f"[name='plan.team[{i}].name']").input_value() == member.name
        assert page.locator(f"[name='plan.team[{i}].nip']").input_value().replace(" ", "") \
            == member.nip
    assert page.locator("[name='plan.funding.dpa_number']").input_value() == \
        demo.plan.funding.dpa_number
    assert page.get_by_text("Nomor paspor").count() == 0  # a domestic trip
    page.goto(f"{base}/studies/{study_id}/stages/goals")
    assert page.locator("[name='goals.legal_bases[0]']").input_value() == \
        demo.goals.legal_bases[0]
    page.goto(f"{base}/studies/{study_id}/stages/plan")
    page.locator("#copy-box > summary").click()
    assert page.get_by_label("Studi sebelumnya").is_visible()
    shoot(page, "stage-plan-copy.png")
    page.goto(base + "/?q=arsip")
    assert page.locator(".study-title a.fw-semibold").all_inner_texts() == [TITLE]
    shoot(page, "dashboard-search.png")
    study = stored(app, study_id)
    assert study.goals.title == TITLE and study.plan.budget == []
    assert [m.nip for m in study.plan.team] == [m.nip for m in demo.plan.team]
    assert script_errors(messages) == []


def row(page, number: int):
    return page.locator("tr[data-line]").nth(number - 1)


def cell(page, number: int, column: str):
    return row(page, number).locator(f"[name$='.{column}']")


def test_budget_lines_typed_in_the_browser(app, live, demo_id):
    page, base, messages = live
    page.goto(f"{base}/studies/{demo_id}/budget/lines")
    lines = page.locator("tr[data-line]")
    assert lines.count() == 7  # the demo's six lines and one empty row
    while lines.count() > 1:  # "Hapus" removes a row in the page
        lines.first.get_by_role("button", name="Hapus").click()
    assert page.locator("[data-lines-total]").inner_text() == "Rp0"

    cell(page, 1, "component").select_option(label="Uang Harian")
    cell(page, 1, "description").fill("Uang harian luar kota Provinsi Jawa Timur "
                                      "(4 orang × 3 hari)")
    cell(page, 1, "volume").fill("4 org x 3 hari")
    cell(page, 1, "unit").fill("OH")
    cell(page, 1, "unit_price").fill("999.000")
    assert row(page, 1).locator("[data-amount]").inner_text() == "Rp11.988.000"
    page.get_by_role("button", name="Tambah baris").click()
    assert lines.count() == 2
    assert page.evaluate("document.activeElement.name").endswith(".component")
    cell(page, 2, "component").select_option(label="Tiket Pesawat/Transportasi")
    cell(page, 2, "description").fill("Tiket pesawat Yogyakarta – Surabaya pergi pulang")
    cell(page, 2, "volume").fill("4")
    cell(page, 2, "unit").fill("orang")
    cell(page, 2, "unit_price").fill("2.100.000,50")
    assert row(page, 2).locator("[data-amount]").inner_text() == "Rp8.400.002"
    assert page.locator("[data-lines-total]").inner_text() == "Rp20.388.002"
    assert page.locator("[data-lines-words]").inner_text() == (
        "Dua puluh juta tiga ratus delapan puluh delapan ribu dua rupiah")

    # the cap check, as for an uploaded workbook, beside its line; nothing saved
    before = stored(app, demo_id).plan.budget
    submit(page, page.get_by_role("button", name="Periksa tanpa menyimpan"))
    beside = page.locator("#f-plan-budget-0-unit-price-error").inner_text()
    assert beside.startswith("harga satuan Rp999.000 melebihi batas Rp410.000 per OH")
    summary = page.locator("#error-summary").inner_text()
    assert "Baris 1, Harga satuan (Rp)" in summary
    shoot(page, "budget-lines-check.png")
    assert stored(app, demo_id).plan.budget == before

    cell(page, 1, "unit_price").fill("410.000")
    cell(page, 2, "unit_price").fill("2.100.000")
    assert page.locator("[data-lines-total]").inner_text() == "Rp13.320.000"
    words = "Tiga belas juta tiga ratus dua puluh ribu rupiah"
    assert page.locator("[data-lines-words]").inner_text() == words
    submit(page, page.get_by_role("button", name="Simpan rincian anggaran", exact=True))
    assert "Rincian anggaran tersimpan: 2 baris, jumlah Rp13.320.000" in page.locator(
        ".flash-messages").inner_text()
    assert page.locator("[data-lines-total]").inner_text() == "Rp13.320.000"
    assert page.locator("[data-lines-words]").inner_text() == words  # the server's own
    shoot(page, "budget-lines.png")
    study = stored(app, demo_id)
    assert [(line.volume, line.unit_price) for line in study.plan.budget] == [
        (12, 410000), (4, 2100000)]

    response = page.request.get(f"{base}/studies/{demo_id}/documents/rab/0.docx")
    assert response.ok
    text = squash(docx_text(response.body()))
    assert "Tiket pesawat Yogyakarta – Surabaya pergi pulang" in text
    assert "13.320.000" in text and f"Terbilang: {words}" in text
    assert script_errors(messages) == []


def test_ticking_a_candidate_fills_the_destination_at_once(app, live, demo_id):
    page, base, messages = live
    page.goto(f"{base}/studies/{demo_id}/stages/destination")
    rows = page.locator("#f-destination-destinations > [data-rows] > [data-row]")
    assert rows.count() == 1
    tick = page.locator("[name='destination.candidates[1].chosen']")
    tick.check()
    assert rows.count() == 2
    assert rows.nth(1).locator("[name$='.institution']").input_value() == (
        "Pemerintah Kabupaten Banyuwangi")
    assert rows.nth(1).locator("[name$='.province']").input_value() == "Jawa Timur"
    assert page.evaluate("document.activeElement.name") == "destination.candidates[1].chosen"
    tick.uncheck()
    assert rows.count() == 1
    tick.check()
    rows.nth(1).locator("[name$='.addressee']").fill("Bupati Banyuwangi")
    submit(page, page.get_by_role("button", name="Simpan", exact=True))
    saved = stored(app, demo_id).destination.destinations
    assert [(d.institution, d.addressee) for d in saved][1:] == [
        ("Pemerintah Kabupaten Banyuwangi", "Bupati Banyuwangi")]
    assert script_errors(messages) == []
