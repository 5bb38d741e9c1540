"""The path of a letter in a real browser, as the office walks it: staff submit the SPT, the
Kepala Subbagian Umum gives the paraf, the signer returns it with a comment, staff correct
the study and submit it again, the paraf again, the signer approves (only now the number),
and the archivist files the signed copy (a scan as PDF with the signature, the stamp and
the QR code). Each user's inbox on the start page is checked at each step.

``DOCGEN_SCREENSHOTS=1`` also saves the inboxes into ``docs/ui/`` (``inbox-reviewer.png``,
``inbox-signer.png``, ``inbox-returned.png``, ``inbox-archivist.png``,
``review-documents.png``, ``review-next-steps.png``).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from docgen import qr, review
from docgen.store import ArchiveRecord, Office, User
from docgen.store.demo import DEMO_OFFICE
from tests.web import browser_helpers
from tests.web.browser_helpers import DOCS, chromium, new_page, sign_in, submit
from tests.web.pages import credential, fresh_demo_study

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"\d{3}(\.\d{1,3}){0,4}/\d+/Bappeda/\d{4}")
COMMENT = "Nama ketua tim belum sesuai SK; perbaiki sebelum diajukan kembali."
REVIEWER = ("kasubbag@contoh.go.id", "Budi Kasubbag")


@pytest.fixture
def app(make_app, monkeypatch):
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")
    return make_app()


@pytest.fixture
def study_id(app) -> int:
    """A fresh copy of the demo study, and the office's SPT chain: the Kepala Subbagian
    Umum (a staff user with the demo staff's password), then the signer."""
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        staff = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        user = User(office=office, email=REVIEWER[0], name=REVIEWER[1], role="staff",
                    password_hash=staff.password_hash)
        session.add(user)
        session.flush()
        office_id, user_id = office.id, user.id
    with store.session() as session:
        review.set_chain(session, office_id, "spt", [
            {"user_id": user_id, "label": "Kepala Subbagian Umum"},
            {"role": "signer", "label": "Kepala Badan"}])
    return fresh_demo_study(app, "sb-uji-jalur-surat")


def shoot(page, name: str) -> None:
    browser_helpers.shoot(page, DOCS / "ui" / name)


def signed_scan_pdf(url: str) -> bytes:
    """A scan of the signed, stamped letter saved as PDF: lines of text, the QR code of
    `url`, a signature drawn in ink and the round office stamp over it."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(page)
    for y in range(120, 600, 24):
        draw.line((90, y, 740, y), fill=(60, 60, 60), width=3)
    page.paste(Image.open(io.BytesIO(qr.qr_png(url, scale=4))).convert("RGB"), (470, 720))
    draw.line([(520, 930), (560, 880), (590, 950), (630, 870), (680, 940)],
              fill=(20, 30, 140), width=4)  # the signature
    draw.ellipse((440, 860, 600, 1020), outline=(120, 40, 160), width=6)  # the stamp
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=100)
    return out.getvalue()


def test_the_path_of_a_letter_with_every_inbox(app, study_id, tmp_path):
    console: list[str] = []
    docs_path = f"/studies/{study_id}/documents"
    with chromium(app) as (browser, base):
        pages = {}

        def signed_in(who: str):
            if who in pages:
                return pages[who]
            page = new_page(browser, console)
            if who == "kasubbag":  # the demo staff's password, see study_id
                sign_in(page, base, replace(credential(app, "staff"), email=REVIEWER[0]))
            else:
                sign_in(page, base, credential(app, who))
            pages[who] = page
            return page

        def home(who: str):
            page = signed_in(who)
            page.goto(base + "/")
            return page

        def inbox_count(page, box: str) -> int:
            card = page.locator(f"#inbox-{box}")
            if not card.count():
                return 0
            return int(card.locator(".inbox-count").inner_text())

        def spt(page):
            page.goto(base + docs_path)
            return page.locator("#doc-spt")

        # 1. Staff submit the SPT; no number yet.
        staff = signed_in("staff")
        entry = spt(staff)
        assert entry.locator(".doc-status").inner_text() == "draf"
        assert "Kepala Subbagian Umum (Budi Kasubbag) → Kepala Badan (Penandatangan)" \
            in entry.inner_text()
        assert not entry.get_by_role("button", name=re.compile("Setujui")).count()
        submit(staff, entry.get_by_role("button", name=re.compile("^Ajukan untuk")))
        assert "sekarang menunggu Kepala Subbagian Umum (Budi Kasubbag)" in \
            staff.locator(".flash-messages").inner_text()
        assert spt(staff).locator(".doc-status").inner_text() == "diajukan"
        assert inbox_count(home("staff"), "submitted") == 1
        assert inbox_count(home("signer"), "review") == 0

        # 2. The Kepala Subbagian gives the paraf from the inbox.
        reviewer = home("kasubbag")
        assert inbox_count(reviewer, "review") == 1
        assert "Paraf Anda sebagai Kepala Subbagian Umum" in \
            reviewer.locator("#inbox-review").inner_text()
        shoot(reviewer, "inbox-reviewer.png")
        submit(reviewer, reviewer.locator("#inbox-review a").first)
        submit(reviewer, reviewer.locator("#doc-spt").get_by_role(
            "button", name=re.compile("^Paraf")))
        assert inbox_count(home("kasubbag"), "review") == 0

        # 3. The signer returns it with a comment (an empty one is refused).
        signer = home("signer")
        assert inbox_count(signer, "review") == 1
        assert "Persetujuan Anda sebagai penandatangan" in \
            signer.locator("#inbox-review").inner_text()
        shoot(signer, "inbox-signer.png")
        entry = spt(signer)
        assert "paraf Budi Kasubbag" in entry.locator(".paraf-list").inner_text()
        entry.locator("details.return-form summary").click()
        entry.get_by_label("Yang harus diperbaiki").fill(COMMENT)
        submit(signer, entry.get_by_role("button", name="Kembalikan kepada konseptor"))
        assert inbox_count(home("signer"), "review") == 0

        # 4. Staff see it returned with the comment, correct the study, submit again.
        staff = home("staff")
        assert inbox_count(staff, "returned") == 1
        assert COMMENT in staff.locator("#inbox-returned").inner_text()
        shoot(staff, "inbox-returned.png")
        entry = spt(staff)
        assert entry.locator(".doc-status").inner_text() == "dikembalikan"
        assert COMMENT in entry.locator(".review-comment").inner_text()
        staff.goto(f"{base}/studies/{study_id}/stages/plan")
        leader = staff.locator("[name='plan.team[0].name']")
        leader.fill(leader.input_value() + " Putra")
        submit(staff, staff.get_by_role("button", name="Simpan", exact=True))
        entry = spt(staff)
        submit(staff, entry.get_by_role("button", name=re.compile("^Ajukan kembali")))
        assert inbox_count(home("staff"), "returned") == 0

        # 5. The paraf again, then the signer approves: the number is taken now.
        reviewer = signed_in("kasubbag")
        submit(reviewer, spt(reviewer).get_by_role("button", name=re.compile("^Paraf")))
        signer = home("signer")
        assert inbox_count(signer, "review") == 1
        entry = spt(signer)
        shoot(signer, "review-documents.png")
        details = entry.locator("details.issue-form")
        details.locator("summary").click()
        submit(signer, details.get_by_role("button", name="Setujui dan terbitkan",
                                           exact=True))
        number = signer.locator("h1").inner_text().strip()
        assert NUMBER.fullmatch(number), number
        steps = signer.locator("#next-steps").inner_text()
        assert "Cetak naskah" in steps and "Bubuhkan cap dinas" in steps
        shoot(signer, "review-next-steps.png")
        log = signer.locator("#events").inner_text()
        assert "Diajukan untuk diperiksa" in log and "Dikembalikan dengan catatan" in log
        assert "Diparaf" in log and "Disetujui penandatangan" in log
        assert inbox_count(home("signer"), "review") == 0
        assert spt(signer).locator(".doc-status").inner_text() == "disetujui/terbit"

        # 6. The archivist files the signed copy from the inbox.
        archivist = home("archivist")
        box = archivist.locator("#inbox-copies")
        assert number in box.inner_text()
        waiting = inbox_count(archivist, "copies")
        shoot(archivist, "inbox-archivist.png")
        submit(archivist, box.get_by_role("link", name=number))
        with app.extensions["docgen_store"].session() as session:
            public_id = session.scalar(select(ArchiveRecord.public_id).where(
                ArchiveRecord.number == number))
        scan = tmp_path / "spt-bertanda-tangan.pdf"
        scan.write_bytes(signed_scan_pdf(qr.verify_url(public_id, base)))
        form = archivist.locator("form#signed-copy")
        form.get_by_label(re.compile("^Salinan bertanda tangan")).set_input_files(scan)
        submit(archivist, form.get_by_role("button", name="Arsipkan salinan bertanda tangan"))
        assert "spt-bertanda-tangan.pdf" in archivist.locator(".flash-messages").inner_text()
        assert not archivist.locator("#next-steps").count()
        archivist = home("archivist")
        assert inbox_count(archivist, "copies") == waiting - 1
        assert number not in (archivist.locator("#inbox-copies").inner_text()
                              if waiting > 1 else "")
        assert spt(signed_in("staff")).locator(".doc-status").inner_text() == \
            "bertanda tangan"
    assert not [m for m in console if m.startswith("pageerror")], console
