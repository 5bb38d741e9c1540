"""Numbers at the register: reserving one for a letter typed elsewhere, voiding a reserved one
with the reason, the list of reserved and voided numbers; and the page images of an issued
document on its record (not logged as a download, only for those who may open its files)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from docgen import archive, numbering
from docgen.preview import PNG_MAGIC, pdftoppm
from docgen.store import ArchiveEvent, ArchiveFile, LetterNumber, Office, StudyRecord
from tests.web.pages import fresh_demo_study
from tests.web.test_archive_pages import (
    _finalize,
    _record,
    _storage,
    _store,
    _switch,
    _text,
    _user,
    needs_pdf,
    text_pdf,
)

WHEN = date(2026, 11, 27)
RESERVE = {"reserve_code": "000.1.2.3", "reserve_date": WHEN.isoformat(),
           "reserve_subject": "Undangan rapat koordinasi", "reserve_addressee": "Kepala Dinas PU",
           "reserve_note": "diketik di bagian umum"}
needs_poppler = pytest.mark.skipif(pdftoppm() is None, reason="poppler (pdftoppm) is missing")


@pytest.fixture
def study_id(app) -> int:
    return fresh_demo_study(app, "sb-uji-nomor")


def _numbers(app) -> list[tuple[str, str]]:
    """(number, state) of every reserved or voided number, in order of id."""
    with _store(app).session() as session:
        return [(n.number, n.state) for n in session.scalars(
            select(LetterNumber).where(LetterNumber.state != "issued").order_by(LetterNumber.id))]


def _number_events(app, number_id: int) -> list[tuple[str, str, str]]:
    with _store(app).session() as session:
        return [(e.event, e.actor_name, e.detail) for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.letter_number_id == number_id)
            .order_by(ArchiveEvent.id))]


def _reserved(app, office_name: str | None = None, when: date = WHEN) -> tuple[int, str]:
    """A number reserved through the core (in the demo office, or `office_name`'s)."""
    from docgen.store.demo import DEMO_OFFICE

    with _store(app).session() as session:
        office = session.scalar(select(Office).where(Office.name == (office_name or DEMO_OFFICE)))
        row = numbering.reserve(session, office, classification="000.1.2.3", when=when,
                                actor="uji", subject="Surat diketik manual")
        return row.id, row.number


def _letter(app, number_id: int) -> LetterNumber:
    with _store(app).session() as session:
        row = session.get(LetterNumber, number_id)
        session.expunge(row)
        return row


def _row(page: str, number_id: int) -> str:
    match = re.search(rf'<tr id="number-{number_id}".*?</tr>', page, flags=re.S)
    assert match, f"number {number_id} is not listed"
    return match.group(0)


# ---------------------------------------------------------------------------
# Reserving


def test_an_archivist_reserves_a_number_at_the_register(app, client, login, post_form):
    login("archivist")
    page = _text(client.get("/arsip"))
    assert 'action="/arsip/numbers"' in page and 'href="#reserve"' in page
    today = archive.today().strftime("%d/%m/%Y")
    assert re.search(rf'name="reserve_date"\s+type="text" value="{today}"', page), \
        "the date is today unless changed"
    response = post_form("/arsip/numbers", RESERVE, form_page="/arsip")
    assert response.status_code == 302 and response.headers["Location"] == "/arsip"

    with _store(app).session() as session:
        row = session.scalar(select(LetterNumber).where(LetterNumber.state == "reserved"))
        assert row.number.startswith("000.1.2.3/") and row.number.endswith("/2026")
        assert (row.issued, row.classification) == (WHEN, "000.1.2.3")
        assert (row.subject, row.addressee, row.note) == (
            "Undangan rapat koordinasi", "Kepala Dinas PU", "diketik di bagian umum")
        assert row.created_by_name.startswith("Dewi Arsiparis (demo)")
        assert row.office.name == _user(session, app, "archivist").office.name
        number_id, number = row.id, row.number
    [(event, actor, detail)] = _number_events(app, number_id)
    assert event == "reserved" and actor.startswith("Dewi Arsiparis (demo)")
    assert number in detail

    page = _text(client.get("/arsip"))
    assert f"Nomor {number} berhasil dipesan" in page
    row_html = _row(page, number_id)
    for text in (number, "Dipesan", "Undangan rapat koordinasi", "Kepala Dinas PU",
                 "Dewi Arsiparis (demo)", "diketik di bagian umum", "Batalkan"):
        assert text in row_html, text
    assert "Nomor dipesan dan dibatalkan" in page and "Pesan nomor" in page

    sheet = load_workbook(io.BytesIO(client.get(
        "/arsip/buku-agenda.xlsx?date_from=2026-11-01&date_to=2026-11-30").data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=6)]
    [listed] = [r for r in rows if r[1] == number]
    assert listed[3] == "dipesan" and listed[5] == "Undangan rapat koordinasi"


def test_the_list_follows_the_period_of_the_filters(app, client, login):
    early_id, _early = _reserved(app, when=date(2026, 3, 2))
    late_id, _late = _reserved(app, when=date(2026, 11, 20))
    login("staff")
    page = _text(client.get("/arsip"))
    assert page.index(f'id="number-{late_id}"') < page.index(f'id="number-{early_id}"'), \
        "newest first"
    november = _text(client.get("/arsip?date_from=2026-11-01&date_to=2026-11-30"))
    assert f'id="number-{late_id}"' in november and f'id="number-{early_id}"' not in november
    none = _text(client.get("/arsip?date_from=2025-01-01&date_to=2025-01-31"))
    assert "Tidak ada nomor yang dipesan atau dibatalkan pada periode ini." in none


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reserve_code", "12.3", "Kode klasifikasi berbentuk seperti 000.1.2.3."),
    ("reserve_code", "", "Kode klasifikasi berbentuk seperti 000.1.2.3."),
    ("reserve_date", "2026-13-40", "Tulis tanggal dalam bentuk dd/mm/yyyy, misalnya 17/08/2027."),
    ("reserve_date", "31/02/2026", "Tulis tanggal dalam bentuk dd/mm/yyyy, misalnya 17/08/2027."),
])
def test_a_bad_code_or_date_is_refused_and_nothing_is_stored(app, client, login, post_form,
                                                            field, value, message):
    login("admin")
    with _store(app).session() as session:
        before = session.scalar(select(func.count()).select_from(LetterNumber))
        events = session.scalar(select(func.count()).select_from(ArchiveEvent))
    response = post_form("/arsip/numbers?date_from=2026-11-01", {**RESERVE, field: value},
                         form_page="/arsip")
    assert response.status_code == 422
    page = _text(response)
    error_id = "f-" + field.replace("_", "-") + "-error"
    assert re.search(rf'<div id="{error_id}"[^>]*>{re.escape(message)}</div>', page), page
    assert 'id="error-summary"' in page and 'value="Undangan rapat koordinasi"' in page
    assert 'action="/arsip/numbers?date_from=2026-11-01"' in page, "the filters are kept"
    with _store(app).session() as session:
        assert session.scalar(select(func.count()).select_from(LetterNumber)) == before
        assert session.scalar(select(func.count()).select_from(ArchiveEvent)) == events


def test_staff_see_the_numbers_but_do_not_reserve_or_void(app, client, login, csrf):
    number_id, number = _reserved(app)
    login("staff")
    page = _text(client.get("/arsip"))
    assert number in _row(page, number_id)
    assert 'action="/arsip/numbers"' not in page and "/void" not in page
    token = csrf("/arsip")
    assert client.post("/arsip/numbers", data={**RESERVE, "csrf_token": token}
                       ).status_code == 403
    assert client.post(f"/arsip/numbers/{number_id}/void",
                       data={"reason": "salah ketik", "csrf_token": token}).status_code == 403
    assert _numbers(app) == [(number, "reserved")]


# ---------------------------------------------------------------------------
# Voiding


def test_a_reserved_number_is_voided_with_the_reason(app, client, login, post_form):
    number_id, number = _reserved(app)
    login("archivist")
    path = f"/arsip/numbers/{number_id}/void"
    page = _text(client.get("/arsip"))
    assert f'action="{path}"' in _row(page, number_id)

    refused = post_form(path, {"reason": "  "}, form_page="/arsip", follow_redirects=True)
    assert f"Isi alasan pembatalan nomor {number}" in _text(refused)
    assert _letter(app, number_id).state == "reserved"

    response = post_form(path + "?date_from=2026-11-01", {"reason": "Surat tidak jadi dikirim"},
                         form_page="/arsip")
    assert response.headers["Location"] == "/arsip?date_from=2026-11-01"
    row = _letter(app, number_id)
    assert row.state == "void" and row.void_reason == "Surat tidak jadi dikirim"
    assert row.voided_by_name.startswith("Dewi Arsiparis (demo)") and row.voided_at
    assert [(e, a.split(" <")[0], d) for e, a, d in _number_events(app, number_id)][1:] == [
        ("voided", "Dewi Arsiparis (demo)", "Surat tidak jadi dikirim")]
    row_html = _row(_text(client.get("/arsip")), number_id)
    assert "Dibatalkan" in row_html and "Surat tidak jadi dikirim" in row_html
    assert "dibatalkan oleh Dewi Arsiparis (demo)" in row_html and "/void" not in row_html

    again = post_form(path, {"reason": "lagi"}, form_page="/arsip", follow_redirects=True)
    assert f"Nomor {number} sudah dibatalkan." in _text(again)
    assert _letter(app, number_id).void_reason == "Surat tidak jadi dikirim"


def test_a_number_issued_with_a_document_is_not_voided_here(app, client, login, post_form,
                                                           study_id):
    entry = _record(app, _finalize(app, study_id, "spt", issued=WHEN))
    login("admin")
    response = post_form(f"/arsip/numbers/{entry.letter_number_id}/void",
                         {"reason": "coba"}, form_page="/arsip", follow_redirects=True)
    assert "tidak dapat dibatalkan di sini" in _text(response)
    assert _letter(app, entry.letter_number_id).state == "issued"
    assert [e for e, _a, _d in _number_events(app, entry.letter_number_id)] == []


def test_another_offices_number_is_404(app, client, login, post_form, other_office):
    number_id, number = _reserved(app, office_name="Dinas Lain")
    login("archivist")
    assert number not in _text(client.get("/arsip"))
    response = post_form(f"/arsip/numbers/{number_id}/void", {"reason": "bukan milik kami"},
                         form_page="/arsip")
    assert response.status_code == 404
    assert post_form("/arsip/numbers/999999/void", {"reason": "x"},
                     form_page="/arsip").status_code == 404
    assert _letter(app, number_id).state == "reserved"


def test_reserving_and_voiding_need_the_csrf_token(app, client, login):
    number_id, _number = _reserved(app)
    login("archivist")
    before = _numbers(app)
    assert client.post("/arsip/numbers", data=RESERVE).status_code == 400
    assert client.post(f"/arsip/numbers/{number_id}/void",
                       data={"reason": "tanpa token"}).status_code == 400
    assert _numbers(app) == before


def test_the_numbers_speak_english_too(app, client, login, csrf, post_form):
    number_id, number = _reserved(app)
    login("archivist")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    page = _text(client.get("/arsip"))
    for text in ("Reserve a number", "Reserved and voided numbers", "Reason for voiding",
                 "Void the number"):
        assert text in page, text
    assert "Reserved" in _row(page, number_id)
    refused = post_form("/arsip/numbers", {**RESERVE, "reserve_code": "x"}, form_page="/arsip")
    assert "A classification code looks like 000.1.2.3." in _text(refused)
    voided = post_form(f"/arsip/numbers/{number_id}/void", {"reason": "typo"},
                       form_page="/arsip", follow_redirects=True)
    assert f"Number {number} is voided" in _text(voided)


# ---------------------------------------------------------------------------
# Page images of an issued document


def _downloads(app, record_id: int) -> int:
    with _store(app).session() as session:
        return session.scalar(select(func.count()).select_from(ArchiveEvent).where(
            ArchiveEvent.record_id == record_id, ArchiveEvent.event == "downloaded"))


def _images(page: str) -> list[str]:
    return re.findall(r'<img[^>]*src="([^"]+\.png[^"]*)"', page)


@pytest.mark.pdf
@needs_pdf
@needs_poppler
def test_the_pages_of_an_issued_document_are_shown(app, client, login, study_id):
    record_id = _finalize(app, study_id, "spt", issued=WHEN)
    login("staff")
    record = _text(client.get(f"/arsip/{record_id}"))
    assert f'href="/arsip/{record_id}/pages"' in record and "Lihat halaman" in record
    page = _text(client.get(f"/arsip/{record_id}/pages?wait=120"))  # made in the background
    assert "Halaman DOCX yang diterbitkan" in page
    images = _images(page)
    assert images and images[0].startswith(f"/arsip/{record_id}/pages/1.png?v=")
    image = client.get(images[0])
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data.startswith(PNG_MAGIC) and "immutable" in image.headers["Cache-Control"]
    assert client.get(f"/arsip/{record_id}/pages/99.png").status_code == 404
    assert _downloads(app, record_id) == 0, "looking at the pages is not a download"


@pytest.mark.pdf
@needs_poppler
def test_the_pages_come_from_the_pdfa_when_it_is_kept(app, client, login, study_id):
    record_id = _finalize(app, study_id, "spt", issued=WHEN)
    data = text_pdf("SURAT PERINTAH TUGAS", "Nomor 000.1.2.3/1/Bappeda/2026")
    digest = hashlib.sha256(data).hexdigest()
    _storage(app).put(f"uji/{digest}.pdf", data)
    with _store(app).transaction() as session:
        session.add(ArchiveFile(record_id=record_id, role="pdf", filename="spt.pdf",
                                mime="application/pdf", storage_key=f"uji/{digest}.pdf",
                                size=len(data), sha256=digest))
    login("staff")
    page = _text(client.get(f"/arsip/{record_id}/pages?wait=120"))
    assert "Halaman PDF/A yang disimpan bersama rekaman ini (spt.pdf)" in page
    [image] = _images(page)
    assert f"v={digest[:16]}" in image
    assert client.get(image).data.startswith(PNG_MAGIC)
    assert _downloads(app, record_id) == 0

    _storage(app).path(f"uji/{digest}.pdf").write_bytes(data + b"%")  # damaged: never shown
    damaged = client.get(f"/arsip/{record_id}/pages")
    assert damaged.status_code == 409 and "spt.pdf" in _text(damaged)
    assert client.get(image).status_code == 404


def test_without_the_tools_the_pages_page_says_so(app, client, login, study_id, monkeypatch):
    record_id = _finalize(app, study_id, "spt", issued=WHEN)
    monkeypatch.setattr("docgen.preview.missing_tool", lambda: "libreoffice")
    login("staff")
    response = client.get(f"/arsip/{record_id}/pages")
    assert response.status_code == 200
    page = _text(response)
    assert "Pratinjau memerlukan LibreOffice, yang belum terpasang di server ini." in page
    assert "Rekaman ini belum memiliki PDF/A" in page and not _images(page)
    assert client.get(f"/arsip/{record_id}/pages/1.png").status_code == 404


def test_the_pages_of_a_secret_record_are_not_shown_to_plain_staff(app, client, login,
                                                                    study_id, monkeypatch):
    monkeypatch.setattr("docgen.preview.missing_tool", lambda: "libreoffice")
    secret = _finalize(app, study_id, "spt", role="archivist", access="rahasia", issued=WHEN)
    login("staff")
    assert "/pages" not in _text(client.get(f"/arsip/{secret}"))
    assert client.get(f"/arsip/{secret}/pages").status_code == 403
    assert client.get(f"/arsip/{secret}/pages/1.png").status_code == 403
    own = _finalize(app, study_id, "coordination_letter", 0, role="staff", access="rahasia",
                    issued=WHEN)
    assert client.get(f"/arsip/{own}/pages").status_code == 200, "its issuer may look"
    _switch(app, client, "signer")
    assert client.get(f"/arsip/{secret}/pages").status_code == 200


def test_another_offices_record_pages_are_404(app, client, login, other_office, study_id):
    office_id, _study, _email = other_office
    with _store(app).transaction() as session:  # the demo study, moved to the other office
        session.get(StudyRecord, study_id).office_id = office_id
    theirs = _finalize(app, study_id, "spt", issued=WHEN)
    assert _record(app, theirs).office_id == office_id
    login("admin")
    assert client.get(f"/arsip/{theirs}/pages").status_code == 404
    assert client.get(f"/arsip/{theirs}/pages/1.png").status_code == 404
