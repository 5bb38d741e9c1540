"""The stage pages in a real browser: rows added and removed by app.js, saved, and no
script refused by the Content-Security-Policy."""

from __future__ import annotations

import pytest

from docgen.example import example_study
from tests.web.pages import stored

pytestmark = pytest.mark.browser


def test_rows_are_added_and_removed_in_the_page_then_saved(app, live, example_id):
    page, base, messages = live
    page.goto(f"{base}/studies/{example_id}/stages/plan")
    team = page.locator("#f-plan-team")
    assert page.locator("[name='plan.team[4].name']").count() == 0, "no empty row with JS"
    add = team.locator(":scope > [data-add-row]")
    assert add.is_visible()
    add.click()
    assert page.evaluate("document.activeElement.name") == "plan.team[5].name"
    page.keyboard.type("Sari Wulandari")
    page.fill("[name='plan.team[5].nip']", "19930305 201902 2 004")
    team.locator("button[value='plan.team[1]']").click()
    numbers = team.locator(":scope > [data-rows] > [data-row] > .card-header > span.fw-semibold"
                           " > [data-row-number]")
    assert numbers.all_inner_texts() == ["1", "2", "3", "4"], "renumbered"

    agenda = page.locator("#f-plan-agenda")
    agenda.locator(":scope > [data-add-row]").click()
    assert page.evaluate("document.activeElement.name") == "plan.agenda[6].date"
    page.fill("[name='plan.agenda[6].activity']", "Rapat evaluasi")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_load_state()
    assert "Draf tersimpan." in page.content()

    plan = stored(app, example_id).plan
    original = example_study().plan
    assert [m.name for m in plan.team] == [original.team[0].name, original.team[2].name,
                                           original.team[3].name, "Sari Wulandari"]
    assert plan.team[3].nip == "199303052019022004"
    assert plan.agenda[:5] == original.agenda and plan.agenda[5].activity == "Rapat evaluasi"
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]


def test_an_empty_list_keeps_its_row_and_nested_rows_work(app, live, example_id):
    page, base, messages = live
    page.goto(f"{base}/studies/{example_id}/stages/execution")
    notes = page.locator("#f-execution-notes")
    notes.locator(":scope > [data-add-row]").click()
    new_note = notes.locator(":scope > [data-rows] > [data-row]").last
    assert page.evaluate("document.activeElement.name") == "execution.notes[3].date"
    new_note.locator("input[data-date]").fill("16/12/2026")
    topics = new_note.locator("[data-list]").nth(1)
    assert topics.locator("[data-row]").count() == 1, "an empty nested list keeps one row"
    topics.locator("input[type=text]").first.fill("Tindak lanjut")
    topics.locator(":scope > [data-add-row]").click()
    page.keyboard.type("Jadwal kunjungan balasan")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_load_state()
    notes_saved = stored(app, example_id).execution.notes
    assert len(notes_saved) == 3
    assert notes_saved[2].date.isoformat() == "2026-12-16"
    assert notes_saved[2].topics == ["Tindak lanjut", "Jadwal kunjungan balasan"]
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]
