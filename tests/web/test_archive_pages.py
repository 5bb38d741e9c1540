"""The archive pages: issuing from the documents page, the register and its filters, a record
with its events, versions and files, downloads checked and logged, the signed copy filed or
refused, exports (.xlsx, BagIt), and the public verification page."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from datetime import date

import bagit
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from docgen import archive, qr
from docgen.pdf import soffice
from docgen.store import ArchiveEvent, ArchiveFile, ArchiveRecord, StudyRecord, User
from tests.web.pages import credential, csrf_token, draft_study, fresh_demo_study, pdf_made

ISSUED = date(2026, 11, 29)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BASE = "http://arsip.contoh.go.id"
needs_pdf = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(autouse=True)
def _no_pdf_at_issue(monkeypatch):
    """Issue without the PDF/A (LibreOffice is slow); the `pdf` tests turn it on."""
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")


# ---------------------------------------------------------------------------
# Helpers


def _store(app):
    return app.extensions["docgen_store"]


def _storage(app) -> archive.LocalStorage:
    return archive.default_storage(app.config["DOCGEN_HOME"])


def _user(session, app, role: str) -> User:
    return session.scalar(select(User).where(User.email == credential(app, role).email))


def _finalize(app, study_id: int, kind: str = "spt", item: int | None = None, *,
              role: str = "staff", access: str = "biasa", issued: date = ISSUED,
              corrects: int | None = None) -> int:
    """Issue a document through the core (as `role`); the new record's id."""
    store = _store(app)
    with store.session() as session:
        record = session.get(StudyRecord, study_id)
        entry = archive.finalize(
            session, record, kind, item=item, user=_user(session, app, role), issued=issued,
            storage=_storage(app), access=access, base_dir=store.files.root,
            corrects=session.get(ArchiveRecord, corrects) if corrects else None,
            verify_base=BASE)
        return entry.id


def _record(app, record_id: int) -> ArchiveRecord:
    with _store(app).session() as session:
        entry = session.get(ArchiveRecord, record_id)
        session.expunge(entry)
        return entry


def _events(app, record_id: int) -> list[tuple[str, str, str]]:
    with _store(app).session() as session:
        return [(e.event, e.outcome, e.actor_name) for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == record_id)
            .order_by(ArchiveEvent.id))]


def _files(app, record_id: int) -> list[tuple[str, str, str]]:
    with _store(app).session() as session:
        return [(f.role, f.filename, f.sha256) for f in session.scalars(
            select(ArchiveFile).where(ArchiveFile.record_id == record_id))]


def _count(app, study_id: int) -> int:
    """How many register entries the study has."""
    with _store(app).session() as session:
        return session.scalar(select(func.count()).select_from(ArchiveRecord)
                              .where(ArchiveRecord.study_id == study_id))


def _switch(app, client, role: str):
    """Sign out, then in again as `role`."""
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    from tests.web.pages import sign_in

    return sign_in(app, client, role)


def scan_of(entry: ArchiveRecord) -> bytes:
    """A "scan" of `entry`: a PNG holding its verification QR code."""
    return qr.qr_png(qr.verify_url(entry.public_id, BASE), scale=6)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def text_pdf(*lines: str) -> bytes:
    """A one-page PDF whose text is `lines` (Helvetica), made by hand: no PDF library."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 14 TL 56 780 Td " + " ".join(f"({esc(t)}) '" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        "<< /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


@pytest.fixture
def demo_id(app) -> int:
    """A fresh copy of the demo study (stages 1 to 4) in the demo office, so that nothing
    the demo itself may have issued stands in the way."""
    return fresh_demo_study(app, "sb-uji-arsip")


@pytest.fixture
def issued(app, demo_id):
    """Three documents of the demo study: an SPT, the coordination letter, the RAB."""
    return {
        "spt": _finalize(app, demo_id, "spt", issued=date(2026, 11, 2)),
        "letter": _finalize(app, demo_id, "coordination_letter", 0, issued=date(2026, 11, 20)),
        "rab": _finalize(app, demo_id, "rab", issued=date(2026, 12, 1)),
    }


# ---------------------------------------------------------------------------
# Issuing from the documents page


def test_issue_from_the_documents_page(app, client, login, post_form, demo_id):
    login("signer")
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    action = f"/studies/{demo_id}/documents/spt/0/approve"
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', page, flags=re.S).group(0)
    assert 'name="classification" value="000.1.2.3"' in form
    assert 'value="rahasia"' in form and 'type="date"' not in form
    assert re.search(r'name="issued"\s+type="text" value="29/11/2026" inputmode="numeric"', form)
    response = post_form(action, {"classification": "000.1.2.3", "access": "biasa",
                                  "issued": "2026-11-29"},
                         form_page=f"/studies/{demo_id}/documents")
    assert response.status_code == 302
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    entry = _record(app, record_id)
    assert re.fullmatch(r"000\.1\.2\.3/\d+/Bappeda/2026", entry.number)
    assert entry.issued == ISSUED
    assert entry.kind == "spt" and entry.item is None and entry.access == "biasa"
    assert entry.created_by_name.startswith("Hendra Penandatangan (demo)")
    page = _text(client.get(response.headers["Location"]))
    assert f"Diterbitkan dengan nomor {entry.number}" in page
    docs = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert f'href="/arsip/{record_id}">{entry.number}</a>' in docs
    assert f'action="{action}"' not in docs, "issued once: no second form"

    again = post_form(action, {"classification": "000.1.2.3", "access": "biasa"},
                      form_page="/arsip")
    assert again.headers["Location"] == f"/arsip/{record_id}"
    assert _count(app, demo_id) == 1, "a document is issued once, then corrected"


def test_the_classification_code_can_be_chosen_before_issuing(app, client, login, post_form,
                                                             demo_id):
    login("signer")
    response = post_form(f"/studies/{demo_id}/documents/spd/1/issue",
                         {"classification": "000.1.2.1", "access": "terbatas",
                          "issued": "2026-11-29"}, form_page=f"/studies/{demo_id}/documents")
    entry = _record(app, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert entry.classification == "000.1.2.1" and entry.number.startswith("000.1.2.1/")
    assert entry.item == 1 and entry.access == "terbatas"


def test_bad_choices_are_refused_and_nothing_is_issued(app, client, login, post_form,
                                                      demo_id):
    login("staff")
    for data in ({"classification": "1.2", "access": "biasa"},
                 {"classification": "000.1.2.3", "access": "publik"},
                 {"classification": "000.1.2.3", "access": "biasa", "issued": "29/11/26"}):
        response = post_form(f"/studies/{demo_id}/documents/spt/0/issue", data,
                             form_page=f"/studies/{demo_id}/documents", follow_redirects=True)
        assert "alert-danger" in response.get_data(as_text=True), data
    assert _count(app, demo_id) == 0
    assert client.post(f"/studies/{demo_id}/documents/nope/0/issue",
                       data={"csrf_token": "x"}).status_code == 400
    assert post_form(f"/studies/{demo_id}/documents/spd/9/issue", {},
                     form_page="/arsip").status_code == 404


def test_an_incomplete_document_is_refused_naming_the_fields(app, client, login, post_form):
    study_id = draft_study(app)
    login("signer")
    response = post_form(f"/studies/{study_id}/documents/coordination_letter/0/issue",
                         {"classification": "000.1.2.3", "access": "biasa"},
                         form_page="/arsip", follow_redirects=True)
    page = _text(response)
    assert "Surat Permohonan Kunjungan belum dapat diterbitkan: data belum lengkap" in page
    assert "Tanggal berangkat" in page and "Destinasi terpilih 1 › Jabatan penerima surat" in page
    assert _count(app, study_id) == 0


def test_issuing_needs_the_csrf_token(app, client, login, demo_id):
    login("staff")
    response = client.post(f"/studies/{demo_id}/documents/spt/0/issue",
                           data={"classification": "000.1.2.3", "access": "biasa"})
    assert response.status_code == 400 and _count(app, demo_id) == 0


# ---------------------------------------------------------------------------
# The register


def test_register_lists_and_filters(app, client, login, issued, demo_id):
    login("staff")
    numbers = {name: _record(app, rid).number for name, rid in issued.items()}
    page = _text(client.get("/arsip"))
    assert numbers["spt"] in page and numbers["letter"] in page
    assert "(tanpa nomor)" in page, "the RAB is filed without a number"
    assert page.index(numbers["letter"]) < page.index(numbers["spt"]), "newest first"
    oldest = _text(client.get("/arsip?sort=oldest"))
    assert oldest.index(numbers["spt"]) < oldest.index(numbers["letter"])

    def shown(query: str) -> set[str]:
        text = _text(client.get("/arsip?" + query))
        return {name for name, rid in issued.items() if f'href="/arsip/{rid}"' in text}

    assert shown("kind=spt") == {"spt"}
    assert shown("q=surabaya") == {"letter"}
    assert shown(f"number=/{numbers['letter'].split('/')[1]}/") == {"letter"}
    assert shown("classification=900") == {"rab"}
    assert shown("date_from=2026-11-10&date_to=2026-11-30") == {"letter"}
    assert shown("date_from=10/11/2026&date_to=30/11/2026") == {"letter"}, "as typed"
    assert shown(f"study={demo_id}") == {"spt", "letter", "rab"}
    assert shown("access=rahasia") == set()
    assert shown("date_from=kemarin") == {"spt", "letter", "rab"}
    assert "Tulis tanggal dalam bentuk dd/mm/yyyy, misalnya 17/08/2027." in _text(client.get("/arsip?date_from=kemarin"))


def test_register_pages_of_fifty(app, client, login, demo_id):
    spt = _finalize(app, demo_id, "spt")
    entry = _record(app, spt)
    with _store(app).transaction() as session:
        for n in range(55):
            session.add(ArchiveRecord(
                office_id=entry.office_id, study_id=demo_id, number=f"X/{n}", issued=ISSUED,
                kind="spt", classification="000.1.2.3", filename="x.docx",
                storage_key=f"x/{n}.docx", size=1, sha256="0" * 64, template="t",
                template_sha256="0" * 64))
    login("signer")
    first = _text(client.get(f"/arsip?study={demo_id}"))
    assert "Rekaman ditemukan: 56" in first and "halaman 1 dari 2" in first
    assert first.count('<tr>') - 1 == 50
    second = _text(client.get(f"/arsip?study={demo_id}&page=2"))
    assert second.count('<tr>') - 1 == 6


def test_another_offices_record_is_404(app, client, login, other_office, issued):
    _office_id, other_study, _email = other_office
    with _store(app).transaction() as session:
        theirs = ArchiveRecord(
            office_id=_office_id, study_id=other_study, number="000.1.2.3/1/Lain/2026",
            issued=ISSUED, kind="spt", classification="000.1.2.3", filename="x.docx",
            storage_key="x/lain.docx", size=1, sha256="0" * 64, template="t",
            template_sha256="0" * 64, public_id="a" * 32)
        session.add(theirs)
        session.flush()
        theirs_id = theirs.id
    login("admin")
    for path in (f"/arsip/{theirs_id}", f"/arsip/{theirs_id}/docx",
                 f"/arsip/{theirs_id}/files/1", "/arsip/999999"):
        assert client.get(path).status_code == 404, path
    assert "/Lain/" not in _text(client.get("/arsip"))
    assert "/Lain/" not in _text(client.get(f"/arsip?study={other_study}"))
    assert client.get(f"/arsip/bag.zip?study={other_study}").status_code == 404
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/arsip").get_data(as_text=True)).group(1)
    assert client.post(f"/arsip/{theirs_id}/signed-copy", data={
        "csrf_token": token, "file": (io.BytesIO(PNG), "scan.png")}).status_code == 404


# ---------------------------------------------------------------------------
# A record, its downloads and versions


def test_record_page_shows_every_field_and_the_download_is_logged(app, client, login, issued):
    record_id = issued["letter"]
    entry = _record(app, record_id)
    login("archivist")
    page = _text(client.get(f"/arsip/{record_id}"))
    for value in (entry.number, "Surat Permohonan Kunjungan", entry.subject, entry.addressee,
                  entry.classification, entry.retention_active, entry.retention_inactive,
                  "Musnah", entry.retention_source, "Biasa", entry.signer, entry.study_ref,
                  entry.filename, entry.sha256, entry.template, entry.template_sha256,
                  entry.created_by_name, "20 November 2026"):
        assert value and value in page, value
    if entry.public_id:
        assert f"/v/{entry.public_id}" in page
    response = client.get(f"/arsip/{record_id}/docx")
    assert response.status_code == 200
    assert hashlib.sha256(response.data).hexdigest() == entry.sha256
    assert response.headers["Content-Disposition"].endswith(entry.filename)
    events = _events(app, record_id)
    assert events[-1][:2] == ("downloaded", "ok")
    assert events[-1][2].startswith("Dewi Arsiparis (demo)")
    page = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    assert 'data-event="downloaded"' in page and "Diunduh" in page


def test_a_damaged_file_is_never_served(app, client, login, issued):
    entry = _record(app, issued["spt"])
    path = _storage(app).path(entry.storage_key)
    path.write_bytes(path.read_bytes() + b"x")
    login("archivist")
    response = client.get(f"/arsip/{entry.id}/docx")
    assert response.status_code == 409
    text = _text(response)
    assert entry.number in text and f"rekaman {entry.id}" in text
    assert not response.data.startswith(b"PK")
    assert [e for e in _events(app, entry.id) if e[0] == "downloaded"] == []
    path.unlink()
    assert client.get(f"/arsip/{entry.id}/docx").status_code == 409


def test_restricted_files_open_for_some_roles_and_the_issuer(app, client, login, demo_id):
    secret = _finalize(app, demo_id, "spt", role="archivist", access="rahasia")
    own = _finalize(app, demo_id, "coordination_letter", 0, role="staff", access="terbatas")
    login("staff")
    assert client.get(f"/arsip/{secret}").status_code == 200, "the entry itself is seen"
    assert client.get(f"/arsip/{secret}/docx").status_code == 403
    assert "/docx" not in client.get(f"/arsip/{secret}").get_data(as_text=True)
    assert client.get(f"/arsip/{own}/docx").status_code == 200, "the issuer opens it"
    for role in ("signer", "archivist", "admin"):
        _switch(app, client, role)
        assert client.get(f"/arsip/{secret}/docx").status_code == 200, role


def test_corrections_are_linked_both_ways(app, client, login, post_form, issued):
    first = issued["spt"]
    login("signer")  # the signer alone reviews: their approval issues the correction
    response = post_form(f"/arsip/{first}/correction",
                         {"classification": "000.1.2.3", "access": "biasa",
                          "issued": "2026-12-03"})
    assert response.status_code == 302
    second = int(response.headers["Location"].rsplit("/", 1)[1])
    entry = _record(app, second)
    assert entry.corrects_id == first and entry.version == 2 and entry.kind == "spt"
    old_page = _text(client.get(f"/arsip/{first}"))
    assert "telah diperbaiki dengan" in old_page and f'href="/arsip/{second}"' in old_page
    assert f"/arsip/{first}/correction" not in old_page
    new_page = _text(client.get(f"/arsip/{second}"))
    assert f'href="/arsip/{first}"' in new_page and "versi 2" in new_page
    again = post_form(f"/arsip/{first}/correction", {"classification": "000.1.2.3",
                                                     "access": "biasa"},
                      form_page=f"/arsip/{second}")
    assert again.headers["Location"] == f"/arsip/{second}"
    assert _count(app, entry.study_id) == 4
    docs = _text(client.get(f"/studies/{entry.study_id}/documents"))
    assert entry.number in docs and "(versi 2)" in docs


def test_posts_on_a_record_need_the_csrf_token(app, client, login, issued):
    login("archivist")
    record_id = issued["spt"]
    assert client.post(f"/arsip/{record_id}/correction",
                       data={"classification": "000.1.2.3"}).status_code == 400
    assert client.post(f"/arsip/{record_id}/signed-copy",
                       data={"file": (io.BytesIO(PNG), "scan.png")}).status_code == 400
    assert _count(app, _record(app, record_id).study_id) == 3
    assert _files(app, record_id) == []


# ---------------------------------------------------------------------------
# Exports


def test_register_xlsx_has_the_rows(app, client, login, issued):
    login("staff")
    assert client.get("/arsip/buku-agenda.xlsx?date_from=2026-01-01&date_to=2026-12-31"
                      ).status_code == 403
    _switch(app, client, "archivist")
    assert "buku-agenda.xlsx" in client.get("/arsip").get_data(as_text=True)
    response = client.get("/arsip/buku-agenda.xlsx?date_from=2026-11-01&date_to=2026-11-30")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert sheet["A1"].value == "BUKU AGENDA SURAT KELUAR"
    for name in ("spt", "letter"):
        assert _record(app, issued[name]).number in cells
    assert _record(app, issued["rab"]).sha256 not in cells, "outside the period"
    bad = client.get("/arsip/buku-agenda.xlsx?date_from=2026-12-01&date_to=2026-11-01")
    assert bad.status_code == 302


def test_register_xlsx_holds_only_the_office_own_records(app, client, login, other_office,
                                                         issued):
    office_id, study_id, _email = other_office
    with _store(app).transaction() as session:
        session.add(ArchiveRecord(
            office_id=office_id, study_id=study_id, number="000.1.2.3/1/Lain/2026",
            issued=date(2026, 11, 5), kind="spt", classification="000.1.2.3",
            filename="x.docx", storage_key="x/lain.docx", size=1, sha256="0" * 64,
            template="t", template_sha256="0" * 64))
    login("archivist")
    response = client.get("/arsip/buku-agenda.xlsx?date_from=2026-11-01&date_to=2026-11-30")
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "000.1.2.3/1/Lain/2026" not in cells
    assert _record(app, issued["spt"]).number in cells


def test_bag_of_a_study_validates(app, client, login, issued, demo_id, tmp_path):
    login("archivist")
    response = client.get(f"/arsip/bag.zip?study={demo_id}")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        names = zf.namelist()
        stem = names[0].split("/", 1)[0]
        assert f"{stem}/bag-info.txt" in names and f"{stem}/bagit.txt" in names
        zf.extractall(tmp_path / "out")
    bag = bagit.Bag(str(tmp_path / "out" / stem))
    bag.validate()
    assert len([p for p in bag.payload_files() if p.startswith("data/objects/")]) == 3
    for record_id in issued.values():
        assert ("exported", "ok") in [e[:2] for e in _events(app, record_id)]


def test_bag_of_a_period(app, client, login, issued):
    login("admin")
    response = client.get("/arsip/bag.zip?date_from=2026-11-15&date_to=2026-12-31")
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        objects = [n.split("/data/objects/", 1)[1] for n in zf.namelist()
                   if "/data/objects/" in n]
    # a folder per stage, each paper named after its kind (and whom it is for)
    assert all(re.fullmatch(r"\d-[a-z-]+/[a-z0-9-]+\.docx", n) for n in objects), objects
    assert "2-penyusunan-rencana/rincian-anggaran-biaya.docx" in objects
    assert any(n.startswith("4-koordinasi-dan-persiapan/surat-permohonan-kunjungan-badan-"
                            "pengelolaan-keuangan") for n in objects)
    assert {name for name, rid in issued.items()
            if ("exported", "ok") in [e[:2] for e in _events(app, rid)]} == {"letter", "rab"}
    empty = client.get("/arsip/bag.zip?date_from=2020-01-01&date_to=2020-12-31",
                       follow_redirects=True)
    assert "Tidak ada rekaman" in _text(empty)
    assert "Pilih satu studi" in _text(client.get("/arsip/bag.zip", follow_redirects=True))
    _switch(app, client, "signer")
    assert client.get("/arsip/bag.zip?date_from=2026-11-15&date_to=2026-12-31"
                      ).status_code == 403


# ---------------------------------------------------------------------------
# The signed copy


def _upload(client, record_id: int, data: bytes, name: str, follow: bool = True):
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/arsip/{record_id}").get_data(as_text=True)).group(1)
    return client.post(f"/arsip/{record_id}/signed-copy",
                       data={"csrf_token": token, "note": "dipindai oleh TU",
                             "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=follow)


def test_a_scan_is_filed_as_the_signed_copy(app, client, login, issued):
    record_id = issued["spt"]
    scan = scan_of(_record(app, record_id))
    login("signer")
    response = _upload(client, record_id, scan, "scan ttd.png")
    assert response.status_code == 200
    assert "alert-success" in response.get_data(as_text=True)
    files = _files(app, record_id)
    assert files == [("signed_copy", "scan ttd.png", hashlib.sha256(scan).hexdigest())]
    assert "signed_copy_filed" in [e[0] for e in _events(app, record_id)]
    page = _text(client.get(f"/arsip/{record_id}"))
    assert "Salinan bertanda tangan" in page and hashlib.sha256(scan).hexdigest() in page
    assert "dipindai oleh TU" in page
    with _store(app).session() as session:
        file_id = session.scalar(select(ArchiveFile.id).where(ArchiveFile.record_id == record_id))
    download = client.get(f"/arsip/{record_id}/files/{file_id}")
    assert download.status_code == 200 and download.data == scan
    assert download.mimetype == "image/png"
    assert _events(app, record_id)[-1][:2] == ("downloaded", "ok")


def test_a_scan_of_another_record_or_without_a_code_is_refused(app, client, login, issued):
    record_id = issued["spt"]
    login("staff")
    other = _upload(client, record_id, scan_of(_record(app, issued["letter"])), "lain.png")
    assert "menunjuk naskah lain" in _text(other)
    blank = _upload(client, record_id, PNG, "kosong.png")
    assert "alert-danger" in blank.get_data(as_text=True)
    assert _files(app, record_id) == []
    refused = [e for e in _events(app, record_id) if e[0] == "signed_copy_refused"]
    assert len(refused) == 2 and refused[0][2].startswith("Rina Staf (demo)")


def test_a_pdf_of_another_record_is_refused(app, client, login, issued):
    record_id = issued["spt"]
    other = _record(app, issued["letter"])
    login("archivist")
    response = _upload(client, record_id, text_pdf("SURAT PERMOHONAN", f"Nomor: {other.number}"),
                       "ttd.pdf")
    page = response.get_data(as_text=True)
    assert "alert-danger" in page and "Salinan bertanda tangan tidak disimpan" in html.unescape(page)
    assert _record(app, record_id).number in html.unescape(page), "says which number is missing"
    assert _files(app, record_id) == []
    assert ("signed_copy_refused", "refused") in [e[:2] for e in _events(app, record_id)]


def test_a_pdf_with_the_number_is_filed(app, client, login, issued):
    record_id = issued["spt"]
    entry = _record(app, record_id)
    login("staff")
    data = text_pdf("SURAT PERINTAH TUGAS", f"Nomor: {entry.number}")
    _upload(client, record_id, data, "spt-ttd.pdf")
    assert _files(app, record_id) == [("signed_copy", "spt-ttd.pdf",
                                       hashlib.sha256(data).hexdigest())]


def test_an_empty_or_unknown_file_is_refused(app, client, login, issued):
    record_id = issued["spt"]
    login("staff")
    assert "kosong" in _text(_upload(client, record_id, b"", "kosong.pdf"))
    assert "harus berupa PDF" in _text(_upload(client, record_id, b"GIF89a...", "x.gif"))
    assert _files(app, record_id) == []


# ---------------------------------------------------------------------------
# Public verification


def test_public_page_of_an_ordinary_document(app, client, issued):
    entry = _record(app, issued["letter"])
    assert entry.public_id and len(entry.public_id) == 32
    response = client.get(f"/v/{entry.public_id}")
    assert response.status_code == 200, "no sign-in needed"
    page = _text(response)
    for value in (entry.number, "20 November 2026", entry.subject, entry.sha256,
                  "BADAN PERENCANAAN", "belum"):
        assert value.lower() in page.lower(), value
    assert "Hendra" in page, "the signer"
    assert 'action="/logout"' not in page, "nobody is signed in"


def test_public_checks_are_logged_without_filling_the_log(app, client, issued, monkeypatch):
    import web.archive_verify as pages

    entry = _record(app, issued["letter"])
    for _ in range(3):
        assert client.get(f"/v/{entry.public_id}").status_code == 200
    checks = [e for e in _events(app, issued["letter"]) if e[0] == "verified_online"]
    assert checks == [("verified_online", "ok", "publik")]
    monkeypatch.setattr(pages, "ONLINE_CHECK_QUIET", pages.timedelta(0))
    client.get(f"/v/{entry.public_id}")
    assert len([e for e in _events(app, issued["letter"]) if e[0] == "verified_online"]) == 2
    assert client.get("/v/" + "0" * 32).status_code == 404


def test_public_page_says_a_signed_copy_is_filed(app, client, login, issued):
    entry = _record(app, issued["spt"])
    login("archivist")
    _upload(client, entry.id, scan_of(entry), "scan.png")
    page = _text(client.get(f"/v/{entry.public_id}"))
    assert "diarsipkan pada" in page


def test_public_page_of_a_secret_document_shows_only_number_and_office(app, client, demo_id):
    record_id = _finalize(app, demo_id, "spt", access="rahasia")
    entry = _record(app, record_id)
    page = _text(client.get(f"/v/{entry.public_id}"))
    assert entry.number in page and "dibatasi" in page
    for hidden in (entry.subject, entry.sha256, "Hendra", "November 2026", entry.filename):
        assert hidden not in page, hidden
    response = client.post(f"/v/{entry.public_id}", data={
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                client.get(f"/v/{entry.public_id}").get_data(as_text=True)
                                ).group(1),
        "file": (io.BytesIO(b"x"), "x.docx")})
    assert entry.sha256 not in _text(response)


def test_public_page_of_an_unknown_document(client):
    for public_id in ("0" * 32, "not-an-id"):
        response = client.get(f"/v/{public_id}")
        assert response.status_code == 404
        page = _text(response)
        assert "Dokumen ini tidak terdaftar" in page and "This document is not in the register" \
            in page


def test_public_page_compares_a_file(app, client, issued):
    entry = _record(app, issued["letter"])
    data = _storage(app).get(entry.storage_key)
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(f"/v/{entry.public_id}").get_data(as_text=True)).group(1)
    same = client.post(f"/v/{entry.public_id}", data={"csrf_token": token,
                                                      "file": (io.BytesIO(data), "a.docx")})
    assert "identik" in _text(same)
    other = client.post(f"/v/{entry.public_id}", data={"csrf_token": token,
                                                       "file": (io.BytesIO(b"lain"), "a.docx")})
    assert "tidak cocok" in _text(other)
    assert client.post(f"/v/{entry.public_id}", data={
        "file": (io.BytesIO(data), "a.docx")}).status_code == 400, "CSRF"


def test_archive_pages_have_no_inline_script_or_style(app, client, login, issued):
    login("archivist")
    entry = _record(app, issued["spt"])
    for path in ("/arsip", f"/arsip/{entry.id}", f"/v/{entry.public_id}", "/v/" + "0" * 32):
        text = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert "<style" not in text and " style=" not in text, path
        for form in re.findall(r"<form\b.*?</form>", text, flags=re.S):
            if 'method="post"' in form:
                assert 'name="csrf_token"' in form, (path, form[:100])


# ---------------------------------------------------------------------------
# With LibreOffice: the PDF/A made at issue, a signed PDF filed or refused


@pytest.mark.pdf
@needs_pdf
def test_issued_with_its_pdfa_then_the_signed_pdf_is_filed(app, client, login, post_form,
                                                          demo_id):
    from docgen.pdf import docx_to_pdf

    app.config["ARCHIVE_PDF"] = True
    login("signer")
    response = post_form(f"/studies/{demo_id}/documents/spt/0/issue",
                         {"classification": "000.1.2.3", "access": "biasa",
                          "issued": "2026-11-29"}, form_page=f"/studies/{demo_id}/documents")
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert pdf_made(client, record_id)["state"] == "made"  # made in the background
    files = _files(app, record_id)
    assert [f[0] for f in files] == ["pdf"] and files[0][1].endswith(".pdf")
    page = _text(client.get(f"/arsip/{record_id}"))
    assert "PDF/A naskah yang diterbitkan" in page and files[0][2] in page
    entry = _record(app, record_id)
    public = _text(client.get(f"/v/{entry.public_id}"))
    assert "SHA-256 PDF/A" in public and files[0][2] in public

    with _store(app).session() as session:
        pdf_id = session.scalar(select(ArchiveFile.id).where(ArchiveFile.record_id == record_id))
    signed = client.get(f"/arsip/{record_id}/files/{pdf_id}").data
    assert signed.startswith(b"%PDF")
    other_id = _finalize(app, demo_id, "coordination_letter", 0)
    other_pdf = docx_to_pdf(_storage(app).get(_record(app, other_id).storage_key))
    refused = _upload(client, record_id, other_pdf, "salah.pdf")
    assert "tidak disimpan" in _text(refused)
    # the system's own PDF/A, unsigned, is not a signed copy
    refused = _text(_upload(client, record_id, signed, "spt.pdf"))
    assert ("tidak disimpan: berkas ini adalah PDF/A naskah yang diterbitkan sistem, sama "
            "persis, belum ditandatangani") in refused
    assert [f[0] for f in _files(app, record_id)] == ["pdf"]
    from tests.signed_fixtures import drawn_on

    _upload(client, record_id, drawn_on(signed), "spt-tte.pdf")
    assert [f[:2] for f in _files(app, record_id)] == [
        ("pdf", files[0][1]), ("signed_copy", "spt-tte.pdf")]

    app.config["ARCHIVE_PDF"] = False
    assert "Buat PDF/A" in _text(client.get(f"/arsip/{other_id}"))
    made = post_form(f"/arsip/{other_id}/pdf", {}, form_page=f"/arsip/{other_id}",
                     follow_redirects=True)
    assert "PDF/A sedang dibuat" in _text(made)
    assert pdf_made(client, other_id)["state"] == "made"
    assert [f[0] for f in _files(app, other_id)] == ["pdf"]


def test_the_archive_pages_speak_english_too(app, client, login, csrf, issued):
    login("archivist")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    register = _text(client.get(f"/arsip?study={_record(app, issued['spt']).study_id}"))
    assert "Register of outgoing letters" in register and "Records found: 3" in register
    assert "Coordination letter to the host" in register
    record = _text(client.get(f"/arsip/{issued['spt']}"))
    for text in ("The document", "Technical details", "Active retention", "Final disposition",
                 "musnah (destroy)", "Event log", "Issued and filed", "File the signed copy",
                 "waiting for the signed copy"):
        assert text in record, text
    unknown = _text(client.get("/v/" + "0" * 32))
    assert "This document is not in the register." in unknown
    assert "Dokumen ini tidak terdaftar dalam Buku Agenda." in unknown
