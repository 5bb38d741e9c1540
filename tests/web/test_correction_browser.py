"""A correction of an issued letter in a real browser, along the path of a letter: staff
change the study and submit a correction of the issued SPT from its record page, the Kepala
Subbagian Umum gives the paraf from the inbox (and lands back on the record page), the
signer approves it from the inbox, and version 2 is shown with its own number; both record
pages link each other and the new version's DOCX reads as the study does now.

``DOCGEN_SCREENSHOTS=1`` also saves ``docs/ui/correction-submitted.png``,
``correction-paraf.png`` and ``correction-version-2.png``.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from docgen import archive, review
from docgen.store import ArchiveRecord, Office, User
from docgen.store.demo import DEMO_OFFICE, DEMO_REVIEWER
from tests.helpers import docx_text
from tests.web import browser_helpers
from tests.web.browser_helpers import DOCS, chromium, new_page, script_errors, sign_in, submit
from tests.web.pages import credential, fresh_demo_study

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"\d{3}(\.\d{1,3}){0,4}/\d+/Bappeda/\d{4}")
ISSUE = {"classification": "000.1.2.3", "access": "biasa"}
ADDED = " Wicaksono"


@pytest.fixture
def app(make_app, monkeypatch):
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")
    return make_app()


@pytest.fixture
def issued(app, login, post_form) -> tuple[int, int]:
    """A fresh copy of the demo study whose SPT the signer has issued (the signer alone
    reviewed it then); now the office's SPT chain is the demo's Kepala Subbagian Umum, then
    the signer. (study id, record id)"""
    login("signer")
    study_id = fresh_demo_study(app, "sb-uji-koreksi-peramban")
    response = post_form(f"/studies/{study_id}/documents/spt/0/issue", ISSUE,
                         form_page=f"/studies/{study_id}/documents")
    assert response.status_code == 302, response.get_data(as_text=True)
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    store = app.extensions["docgen_store"]
    with store.session() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        reviewer = session.scalar(select(User).where(User.email == DEMO_REVIEWER))
        review.set_chain(session, office.id, "spt", [
            {"user_id": reviewer.id, "label": "Kepala Subbagian Umum"},
            {"role": "signer", "label": "Kepala Badan"}])
    return study_id, record_id


def shoot(page, name: str) -> None:
    browser_helpers.shoot(page, DOCS / "ui" / name)


def stored_text(app, record_id: int) -> str:
    with app.extensions["docgen_store"].session() as session:
        entry = session.get(ArchiveRecord, record_id)
        data = archive.read_file(session, entry, archive.LocalStorage(
            archive.archive_dir(app.config["DOCGEN_HOME"])))
        session.commit()
    return docx_text(data)


def test_a_correction_through_the_path_in_the_browser(app, issued):
    study_id, first = issued
    with app.extensions["docgen_store"].session() as session:
        number = session.get(ArchiveRecord, first).number
    assert NUMBER.fullmatch(number)
    reviewer_login = next(c for c in app.config["DEMO_CREDENTIALS"]
                          if c.email == DEMO_REVIEWER)
    console: list[str] = []
    with chromium(app) as (browser, base):
        record_url = f"{base}/arsip/{first}"

        def person(who):
            page = new_page(browser, console)
            sign_in(page, base, who)
            return page

        # 1. Staff change the study, then submit a correction from the record page.
        staff = person(credential(app, "staff"))
        staff.goto(f"{base}/studies/{study_id}/stages/plan")
        leader = staff.locator("[name='plan.team[0].name']")
        name = leader.input_value()
        leader.fill(name + ADDED)
        submit(staff, staff.get_by_role("button", name="Simpan", exact=True))
        staff.goto(record_url)
        section = staff.locator("#correction-review")
        assert "Kepala Subbagian Umum (Sri Kasubbag Umum (demo)) → Kepala Badan" in \
            section.inner_text()
        assert not staff.locator("form[action$='/correction']").count(), \
            "staff do not issue it"
        submit(staff, section.get_by_role("button", name="Ajukan koreksi untuk diperiksa"))
        assert staff.url.startswith(record_url)
        assert "Koreksi diajukan untuk diperiksa: sekarang menunggu Kepala Subbagian Umum" \
            in staff.locator(".flash-messages").inner_text()
        assert staff.locator("#correction-review [data-status]").inner_text() == "diajukan"
        shoot(staff, "correction-submitted.png")

        # 2. The Kepala Subbagian Umum gives the paraf from the inbox, on the record page.
        reviewer = person(reviewer_login)
        box = reviewer.locator("#inbox-review")
        assert "Koreksi: Surat Perintah Tugas" in box.inner_text()
        submit(reviewer, box.get_by_role("link", name=re.compile("^Koreksi: Surat Perintah")))
        assert reviewer.url == f"{record_url}#correction-review"
        submit(reviewer, reviewer.locator("#correction-review").get_by_role(
            "button", name="Paraf", exact=True))
        assert reviewer.url == f"{record_url}#correction-review", "back on the record page"
        assert "Paraf Anda tercatat. Sekarang menunggu Kepala Badan (Penandatangan)." in \
            reviewer.locator(".flash-messages").inner_text()
        assert "paraf Sri Kasubbag Umum (demo)" in \
            reviewer.locator("#correction-review .paraf-list").inner_text()
        shoot(reviewer, "correction-paraf.png")

        # 3. The signer approves it from the inbox: only now the new number.
        signer = person(credential(app, "signer"))
        box = signer.locator("#inbox-review")
        submit(signer, box.get_by_role("link", name=re.compile("^Koreksi: Surat Perintah")))
        assert signer.url.startswith(record_url)
        form = signer.locator("details#correction")
        form.locator("summary").click()
        submit(signer, form.get_by_role("button", name="Setujui dan terbitkan koreksi"))
        new_number = signer.locator("h1").inner_text().strip()
        assert NUMBER.fullmatch(new_number) and new_number != number
        assert "Koreksi disetujui dan diterbitkan: versi 2." in \
            signer.locator(".flash-messages").inner_text()
        assert "versi 2" in signer.locator("h1 + p").inner_text()
        second = int(signer.url.rsplit("/", 1)[1].split("#")[0])
        versions = signer.locator("h2:text-is('Versi naskah') + ol")
        assert versions.locator(f"a[href='/arsip/{first}']").inner_text() == number
        assert "(rekaman ini)" in versions.locator("li").nth(1).inner_text()
        log = signer.locator("#events").inner_text()
        assert "Diajukan untuk diperiksa" in log and "Diparaf" in log
        assert "Disetujui penandatangan" in log
        shoot(signer, "correction-version-2.png")

        # 4. The first version's page points to the second.
        signer.goto(record_url)
        assert signer.locator(".alert-warning a").get_attribute("href") == \
            f"/arsip/{second}"
        versions = signer.locator("h2:text-is('Versi naskah') + ol")
        assert versions.locator(f"a[href='/arsip/{second}']").inner_text() == new_number
        assert not signer.locator("#correction-review").count(), "only the latest is corrected"
    assert not script_errors(console), console
    assert name + ADDED in stored_text(app, second)
    assert name + ADDED not in stored_text(app, first) and name in stored_text(app, first)
