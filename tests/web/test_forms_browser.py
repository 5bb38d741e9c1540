"""Forms as Indonesians type, in a real browser whose language is English: a date typed
17/08/2027 and a time 14:30 stored as such and shown back as typed; every problem of a page
in one banner whose links reach their fields; a draft saved as the page is typed, restored
after the page was closed. ``DOCGEN_SCREENSHOTS=1`` also saves the pages as pictures in
docs/screenshots/ui/ (forms-*.png)."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from docgen.store import FormDraft
from tests.web.browser_helpers import DOCS, SCREENSHOTS, chromium, new_page, sign_in
from tests.web.pages import credential, stored
from web.forms import field_id

pytestmark = pytest.mark.browser

DOCS_UI = DOCS / "screenshots" / "ui"


def _shot(page, name: str, locator=None, down_to=None) -> None:
    """Save the page (one part of it: `locator`, or from `locator` down to `down_to`) as
    docs/screenshots/ui/`name` when asked."""
    if not SCREENSHOTS:
        return
    DOCS_UI.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    if locator is None:
        page.screenshot(path=str(DOCS_UI / name))
    elif down_to is None:
        locator.screenshot(path=str(DOCS_UI / name))
    else:
        top, bottom = locator.bounding_box(), down_to.bounding_box()
        scroll = page.evaluate("window.scrollY")
        page.screenshot(path=str(DOCS_UI / name), full_page=True, clip={
            "x": 0, "y": top["y"] + scroll - 8, "width": page.viewport_size["width"],
            "height": bottom["y"] + bottom["height"] - top["y"] + 16})


@pytest.fixture
def english(app):
    """A signed-in staff member in a Chromium whose language is English (en-US): its own
    date and time inputs would show 08/17/2027 and 02:30 PM. The browser context and the
    page, the base address and the console messages."""
    messages: list[str] = []
    with chromium(app) as (browser, base):
        page = new_page(browser, messages, locale="en-US", timezone_id="America/New_York")
        assert page.evaluate("navigator.language") == "en-US"
        sign_in(page, base, credential(app, "staff"))
        yield page.context, page, base, messages


def _field(page, name: str):
    return page.locator(f"[name='{name}']")


def _type(page, name: str, text: str) -> None:
    """Clear the field and type `text` key by key, as a person does."""
    box = _field(page, name)
    box.fill("")
    box.press_sequentially(text)


def test_a_date_typed_17_08_2027_in_an_english_browser(app, english, example_id):
    _context, page, base, messages = english
    page.goto(f"{base}/studies/{example_id}/stages/plan")
    start = _field(page, "plan.start_date")
    assert start.get_attribute("type") == "text"
    assert start.get_attribute("placeholder") == "dd/mm/yyyy"
    assert start.input_value() == "14/12/2026", "not 12/14/2026"
    assert _field(page, "plan.agenda[0].start_time").input_value() == "07:00", "not 07:00 AM"

    _type(page, "plan.start_date", "17/08/2027")
    _type(page, "plan.end_date", "19082027")  # a phone's number pad: no slash to type
    assert _field(page, "plan.end_date").input_value() == "19/08/2027", "slashes written"
    for row, day in enumerate(("17/08/2027", "18/08/2027", "18/08/2027", "19/08/2027",
                               "19/08/2027")):
        _field(page, f"plan.agenda[{row}].date").fill(day)
    _type(page, "plan.agenda[0].start_time", "14:30")
    _type(page, "plan.agenda[0].end_time", "1600")
    assert _field(page, "plan.agenda[0].end_time").input_value() == "16:00"
    _shot(page, "forms-dates-typed.png", page.locator("label[for='f-plan-start-date']"),
          page.locator("#f-plan-agenda [data-row]").first)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()

    plan = stored(app, example_id).plan
    assert plan.start_date.isoformat() == "2027-08-17"
    assert plan.end_date.isoformat() == "2027-08-19"
    assert plan.agenda[0].start_time.isoformat() == "14:30:00"
    assert plan.agenda[0].end_time.isoformat() == "16:00:00"
    assert start.input_value() == "17/08/2027"
    assert _field(page, "plan.agenda[0].start_time").input_value() == "14:30"
    assert page.locator("#stage-checks").count() == 0, page.locator("#stage-checks").all_inner_texts()
    _shot(page, "forms-team-lists.png", page.locator("#f-plan-team [data-row]").first)
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]


def test_two_errors_and_a_warning_in_one_banner_with_working_links(app, english, example_id):
    _context, page, base, messages = english
    page.goto(f"{base}/studies/{example_id}/stages/plan")
    before = stored(app, example_id)
    _field(page, "plan.team[2].nip").fill("1234")
    _field(page, "plan.agenda[1].date").fill("20/12/2026")
    _field(page, "plan.team[1].birth_date").fill("29/06/1986")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()

    banner = page.locator("#error-summary")
    assert banner.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    items = banner.locator("li")
    assert items.count() == 3
    texts = items.all_inner_texts()
    assert texts[0].startswith("kesalahan Agenda kegiatan 2 › Tanggal: agenda baris 2")
    assert texts[1].startswith("peringatan Tim 2 › NIP: NIP ini berawal dengan tanggal lahir")
    assert texts[2].startswith("kesalahan Tim 3 › NIP: NIP harus 18 digit")
    assert "2 kesalahan, 1 peringatan" in banner.inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "forms-banner.png")
    for i, name in enumerate(("plan.agenda[1].date", "plan.team[1].nip", "plan.team[2].nip")):
        items.nth(i).locator("a").click()
        assert page.evaluate("document.activeElement.name") == name
        assert page.url.endswith("#" + field_id(name))
        box = _field(page, name).bounding_box()
        assert 0 <= box["y"] <= 900, "scrolled into view"
    assert _field(page, "plan.team[2].nip").get_attribute("aria-invalid") == "true"
    assert _field(page, "plan.team[2].nip").input_value() == "1234", "as typed"
    assert stored(app, example_id) == before
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]


def _draft_fields(app) -> dict:
    with app.extensions["docgen_store"].transaction() as session:
        draft = session.scalars(select(FormDraft)).first()
        return dict(draft.fields) if draft else {}


def _drafts(app) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalar(select(func.count()).select_from(FormDraft))


def test_a_draft_saved_as_typed_is_restored_after_the_page_was_closed(app, english,
                                                                      example_id):
    from playwright.sync_api import expect

    context, page, base, messages = english
    url = f"{base}/studies/{example_id}/stages/plan"
    page.goto(url)
    before = stored(app, example_id)
    _type(page, "plan.departure_place", "Magelang")
    _field(page, "plan.team[0].phone").fill("0812 3456 7890")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("otomatis")  # a moment after the typing stops
    assert re.fullmatch(r"Draf tersimpan otomatis pukul \d\d:\d\d\.", status.inner_text())
    assert _drafts(app) == 1 and stored(app, example_id) == before, "not in the study"
    page.close()  # the browser tab is closed

    page = context.new_page()
    page.goto(url)
    notice = page.locator("#draft-notice")
    assert re.fullmatch(r"Draf tersimpan otomatis \d\d/\d\d/\d{4} \d\d:\d\d — pulihkan / buang",
                        " ".join(notice.inner_text().split()))
    assert _field(page, "plan.departure_place").input_value() == before.plan.departure_place
    _shot(page, "forms-draft-notice.png")
    with page.expect_navigation():
        notice.get_by_role("link", name="pulihkan").click()
    assert _field(page, "plan.departure_place").input_value() == "Magelang"
    assert _field(page, "plan.team[0].phone").input_value() == "0812 3456 7890"
    assert "belum masuk ke studi" in page.locator("#draft-notice").inner_text()
    _type(page, "plan.transport", "Pesawat udara")
    expect(status := page.locator("#autosave-status")).to_contain_text("otomatis")
    _shot(page, "forms-draft-restored.png", page.locator("main form .form-actions"))
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()
    assert stored(app, example_id).plan.departure_place == "Magelang"
    assert _drafts(app) == 0 and page.locator("#draft-notice").count() == 0

    # closed before the pause after typing has passed: sent as the page goes away
    _type(page, "plan.departure_place", "Bantul")
    page.close(run_before_unload=True)
    for _attempt in range(50):
        if _draft_fields(app).get("plan.departure_place") == "Bantul":
            break
        time.sleep(0.1)
    assert _draft_fields(app).get("plan.departure_place") == "Bantul"
    page = context.new_page()
    page.goto(url)
    with page.expect_navigation():
        page.locator("#draft-notice").get_by_role("link", name="pulihkan").click()
    assert _field(page, "plan.departure_place").input_value() == "Bantul"
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]
