"""The record page as a head of office reads it: number, date, hal, addressee, signer, status
and files first; sizes, SHA-256 fingerprints, the template and the retention sources under
"Rincian teknis". A signed copy marked as a wrong upload (salah unggah) stays, struck
through with its reason; the Buku Agenda shows the study's title and whether a signed copy
is on file, and finds records by the study's title."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from docgen import archive, qr
from docgen.store import ArchiveEvent, ArchiveRecord, StudyRecord, User
from tests.web.pages import credential, csrf_token, fresh_demo_study, sign_in

BASE = "http://arsip.contoh.go.id"
ISSUED = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _no_pdf_at_issue(monkeypatch):
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")


def _store(app):
    return app.extensions["docgen_store"]


@pytest.fixture
def letter(app):
    """A coordination letter issued from a fresh copy of the demo study: its record id."""
    study_id = fresh_demo_study(app, "sb-uji-rekaman")
    store = _store(app)
    with store.session() as session:
        user = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        record = session.get(StudyRecord, study_id)
        entry = archive.finalize(session, record, "coordination_letter", item=0, user=user,
                                 issued=ISSUED, storage=archive.default_storage(
                                     app.config["DOCGEN_HOME"]),
                                 base_dir=store.files.root, verify_base=BASE)
        return entry.id


def _entry(app, record_id: int) -> ArchiveRecord:
    with _store(app).session() as session:
        entry = session.get(ArchiveRecord, record_id)
        entry.study.title  # noqa: B018 - loaded before the session closes
        session.expunge_all()
        return entry


def _page(client, path: str) -> str:
    return html.unescape(client.get(path).get_data(as_text=True))


def _main_and_technical(page: str) -> tuple[str, str]:
    """The page's text before the collapsed technical details, and those details."""
    body = page.split('<main', 1)[1]
    main, technical = body.split('id="technical"', 1)
    return main, technical


def _visible_text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def _upload(client, record_id: int, data: bytes, name: str):
    return client.post(f"/arsip/{record_id}/signed-copy",
                       data={"csrf_token": csrf_token(client, f"/arsip/{record_id}"),
                             "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def _withdraw(client, record_id: int, file_id: int, reason: str):
    return client.post(f"/arsip/{record_id}/files/{file_id}/salah-unggah",
                       data={"csrf_token": csrf_token(client, f"/arsip/{record_id}"),
                             "reason": reason}, follow_redirects=True)


def _scan(entry: ArchiveRecord) -> bytes:
    """A scan holding the record's verification QR code (PNG)."""
    return qr.qr_png(qr.verify_url(entry.public_id, BASE), scale=6)


def test_the_record_page_puts_the_letter_first_and_the_technical_details_away(app, client,
                                                                            login, letter):
    entry = _entry(app, letter)
    login("signer")
    page = _page(client, f"/arsip/{letter}")
    main, technical = _main_and_technical(page)
    text = _visible_text(main)
    for value in (entry.number, "20 November 2026", entry.subject, entry.addressee,
                  entry.signer.split(",")[0], "menunggu salinan bertanda tangan",
                  entry.study.title, "Naskah yang diterbitkan (Word)", entry.filename):
        assert value in text, value
    # what a head of office does not read is out of the main part
    for word in ("SHA-256", "sha256", "bita", entry.sha256, entry.template_sha256):
        assert word.lower() not in main.lower(), word
    assert re.search(r'<details class="[^"]*" id="technical">\s*<summary[^>]*>Rincian teknis',
                     page), "collapsed"
    tech = _visible_text(technical)
    assert entry.sha256 in tech and entry.template_sha256 in tech
    shown = re.search(r"(\d+(?:,\d)?) KB \(", tech).group(1)  # "8,4 KB": a decimal comma
    assert abs(float(shown.replace(",", ".")) - entry.size / 1024) <= 0.05, shown
    assert f"{entry.size:,}".replace(",", ".") + " bita" in tech
    assert entry.retention_source in tech and entry.study_ref in tech
    assert 'id="record-template"' in technical


def test_sizes_are_written_the_way_of_the_pages_language(app, client, login, letter):
    entry = _entry(app, letter)
    login("archivist")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    page = _page(client, f"/arsip/{letter}")
    _main, technical = _main_and_technical(page)
    shown = re.search(r"(\d+(?:\.\d)?) KB \(", _visible_text(technical)).group(1)
    assert abs(float(shown) - entry.size / 1024) <= 0.05, shown  # "8.4 KB" in English
    assert "Technical details" in page and "waiting for the signed copy" in page

    from flask_babel import force_locale

    from web.archive_record import file_size

    with app.test_request_context(), force_locale("id"):
        assert [file_size(n) for n in (1, 1536, 1024 * 1024 * 5 // 2)] == \
            ["0,1 KB", "1,5 KB", "2,5 MB"]


def test_a_signed_copy_changes_the_status_and_the_register(app, client, login, letter):
    entry = _entry(app, letter)
    login("archivist")
    register = _page(client, f"/arsip?study={entry.study_id}")
    row = re.search(rf'<tr>\s*<td><a class="fw-semibold" href="/arsip/{letter}".*?</tr>',
                    register, flags=re.S).group(0)
    assert entry.study.title in row and f">{entry.study_ref}<" not in row
    assert 'data-signed="belum"' in row and "belum" in _visible_text(row)
    done = _upload(client, letter, _scan(entry), "ttd.png")
    assert "Salinan bertanda tangan ttd.png disimpan pada rekaman ini." in \
        html.unescape(done.get_data(as_text=True))
    main, _technical = _main_and_technical(_page(client, f"/arsip/{letter}"))
    status = re.search(r'id="record-status">(.*?)</dd>', main, flags=re.S).group(1)
    assert "bertanda tangan" in status and "menunggu" not in status
    register = _page(client, f"/arsip?study={entry.study_id}")
    row = re.search(rf'<tr>\s*<td><a class="fw-semibold" href="/arsip/{letter}".*?</tr>',
                    register, flags=re.S).group(0)
    assert 'data-signed="ada"' in row
    assert re.search(r"\bada \d{1,2} \w{3} 20\d\d\b", _visible_text(row)), _visible_text(row)


def test_a_wrong_upload_is_struck_through_with_its_reason(app, client, login, letter):
    entry = _entry(app, letter)
    login("archivist")
    _upload(client, letter, _scan(entry), "salah.png")
    with _store(app).session() as session:
        file_id = session.scalar(select(archive.ArchiveFile.id).where(
            archive.ArchiveFile.record_id == letter))
    # no reason: refused, nothing changes
    refused = html.unescape(_withdraw(client, letter, file_id, "   ").get_data(as_text=True))
    assert "salah.png tidak ditandai: tuliskan alasan salah unggah" in refused
    assert 'data-withdrawn="no"' in refused
    page = html.unescape(_withdraw(client, letter, file_id,
                                   "lembar konsep, bukan yang ditandatangani")
                         .get_data(as_text=True))
    assert "salah.png ditandai salah unggah" in page
    item = re.search(rf'<li class="[^"]*" id="signed-{file_id}".*?</li>', page,
                     flags=re.S).group(0)
    assert 'data-withdrawn="yes"' in item and "<s>salah.png</s>" in item
    assert "lembar konsep, bukan yang ditandatangani" in item
    with _store(app).session() as session:
        name = session.scalar(select(User.name).where(
            User.email == credential(app, "archivist").email))
    assert f"Ditandai salah unggah oleh {name} pada " in _visible_text(item)
    assert "Salah unggah?" not in item, "marked once"
    status = re.search(r'id="record-status">(.*?)</dd>', page, flags=re.S).group(1)
    assert "menunggu salinan bertanda tangan" in status
    events = re.search(r'<tr data-event="signed_copy_withdrawn">.*?</tr>', page,
                       flags=re.S).group(0)
    assert "Ditandai salah unggah" in events and "sha256" not in events
    # kept: still downloadable, still in the register's file list
    download = client.get(f"/arsip/{letter}/files/{file_id}")
    assert download.status_code == 200 and download.data == _scan(entry)
    # marking it again changes nothing
    again = html.unescape(_withdraw(client, letter, file_id, "lagi").get_data(as_text=True))
    assert "salah.png sudah ditandai salah unggah" in again
    with _store(app).session() as session:
        kinds = [e.event for e in session.scalars(select(ArchiveEvent).where(
            ArchiveEvent.record_id == letter))]
    assert kinds.count("signed_copy_withdrawn") == 1


def test_wrong_upload_of_a_file_elsewhere_or_restricted(app, client, login, letter):
    entry = _entry(app, letter)
    login("archivist")
    assert _withdraw(client, letter, 999_999, "x").status_code == 404
    # a rahasia record issued by the archivist: staff may not open its files, nor mark them
    with _store(app).session() as session:
        user = session.scalar(select(User).where(User.email == credential(app, "archivist").email))
        secret = archive.finalize(session, session.get(StudyRecord, entry.study_id), "spt",
                                  user=user, issued=ISSUED, access="rahasia",
                                  storage=archive.default_storage(app.config["DOCGEN_HOME"]),
                                  base_dir=_store(app).files.root, verify_base=BASE)
        scan = qr.qr_png(qr.verify_url(secret.public_id, BASE), scale=6)
        copy = archive.file_signed_copy(session, secret, scan, "rahasia.png", user,
                                        storage=archive.default_storage(
                                            app.config["DOCGEN_HOME"]))
        secret_id, copy_id = secret.id, copy.id
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(app, client, "staff")
    response = client.post(f"/arsip/{secret_id}/files/{copy_id}/salah-unggah",
                           data={"csrf_token": csrf_token(client, "/"), "reason": "x"})
    assert response.status_code == 403


def test_the_register_finds_records_by_the_studys_title(app, client, login, letter):
    entry = _entry(app, letter)
    login("staff")
    word = next(w for w in entry.study.title.split() if len(w) > 6 and
                w.lower() not in (entry.subject + entry.addressee + entry.number).lower())
    found = _page(client, f"/arsip?q={word.lower()}")
    assert f'href="/arsip/{letter}"' in found
    assert "Kata kunci (nomor, hal, tujuan, judul studi)" in found
    nothing = _page(client, "/arsip?q=tidakadajudulseperti")
    assert f'href="/arsip/{letter}"' not in nothing
