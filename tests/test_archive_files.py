"""Issued documents carry a verification QR code and a signature anchor; their further files
(PDF/A, signed copies) are checked, kept with their own hash, verified and exported; the
retention schedule can be extended per region."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date
from zoneinfo import ZoneInfo

import bagit
import pytest
from click.testing import CliRunner
from docx import Document
from sqlalchemy import func, select

from docgen import archive, qr, signed
from docgen.cli import main
from docgen.pdf import soffice
from docgen.store import (
    ArchiveEvent,
    ArchiveFile,
    Office,
    RecordImmutable,
    Store,
    StudyRecord,
    User,
)
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text, squash

ISSUED = date(2026, 11, 29)
BASE = "https://arsip.slemankab.go.id"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

needs_pdf = [pytest.mark.pdf,
             pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")]


def issue(session, record, storage, store, kind="coordination_letter", **kw):
    kw.setdefault("issued", ISSUED)
    kw.setdefault("verify_base", BASE)
    return archive.finalize(session, record, kind, storage=storage, base_dir=store.home, **kw)


def _media(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return [n for n in zf.namelist() if n.startswith("word/media/")]


def _qr_in_docx(docx: bytes) -> list[str]:
    from PIL import Image

    found = []
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for name in _media(docx):
            found += signed.qr_texts([Image.open(io.BytesIO(zf.read(name)))])
    return found


# --- the issued DOCX --------------------------------------------------------------------


def test_issued_document_carries_its_qr_code_and_the_anchor(session, setup, storage, store):
    _office, user, record = setup
    entry = issue(session, record, storage, store, user=user)
    assert qr.PUBLIC_ID.match(entry.public_id)
    docx = storage.get(entry.storage_key)
    assert _qr_in_docx(docx) == [f"{BASE}/v/{entry.public_id}"]
    # the anchor "^" stands white in the signer's space, between jabatan and name
    text = squash(docx_text(docx))
    assert "KABUPATEN SLEMAN, ^ Ir. Hendra Wicaksono, M.T." in text
    runs = [r for r in Document(io.BytesIO(docx)).element.body.iter(f"{W}r")
            if "".join(t.text or "" for t in r.iter(f"{W}t")) == "^"]
    assert runs  # the letter and its attachment page each have a signature block
    assert {r.find(f"{W}rPr/{W}color").get(f"{W}val") for r in runs} == {"FFFFFF"}


def test_a_draft_has_no_qr_code(setup):
    from docgen.render import render

    study = setup[2].study
    assert _qr_in_docx(render(study, "coordination_letter")) == []
    assert _qr_in_docx(render(study, "rab")) == []


def test_countersigned_document_gets_the_qr_code_between_the_signatures(session, setup,
                                                                      storage, store):
    entry = issue(session, setup[2], storage, store, kind="rab")
    assert _qr_in_docx(storage.get(entry.storage_key)) == [f"{BASE}/v/{entry.public_id}"]


def test_the_office_chooses_its_anchor(session, setup, storage, store):
    _office, _user, record = setup
    study = record.study
    data = study.model_dump(mode="json")
    data["office"]["signature_anchor"] = "#ttd#"
    record.data = type(study).model_validate(data)
    session.commit()
    entry = issue(session, record, storage, store)
    assert "#ttd#" in docx_text(storage.get(entry.storage_key))


def test_public_ids_differ_and_are_not_guessable(session, setup, storage, store):
    first = issue(session, setup[2], storage, store)
    second = issue(session, setup[2], storage, store)
    assert first.public_id != second.public_id
    assert int(first.public_id, 16) != int(second.public_id, 16) - 1


def test_archivist_chooses_the_classification_code(session, setup, storage, store):
    entry = issue(session, setup[2], storage, store, classification="000.1.2.4")
    assert entry.classification == "000.1.2.4"
    assert entry.number.startswith("000.1.2.4/")
    assert entry.number in squash(docx_text(storage.get(entry.storage_key)))
    assert entry.retention_source  # retention follows the chosen code's parent row


@pytest.mark.parametrize("code", ["1.2", "000.1.x", "000/1", "", "000.1.2.3.4.5.6"])
def test_a_bad_classification_code_is_refused_and_takes_no_number(session, setup, storage,
                                                                   store, code):
    with pytest.raises(archive.FinalizeRefused) as info:
        issue(session, setup[2], storage, store, classification=code)
    assert info.value.code == "classification_invalid"
    assert session.scalar(select(func.count()).select_from(archive.LetterNumber)) == 0


def test_a_bad_public_url_is_refused(session, setup, storage, store):
    with pytest.raises(archive.FinalizeRefused) as info:
        issue(session, setup[2], storage, store, verify_base="javascript:alert(1)")
    assert info.value.code == "public_url_invalid"


def test_public_id_of_reads_only_verification_addresses():
    pid = "0123456789abcdef0123456789abcdef"
    assert qr.public_id_of(f"{BASE}/v/{pid}") == pid
    assert qr.public_id_of(f"{BASE}/sub/v/{pid}/") == pid
    assert qr.public_id_of(f"{BASE}/x/{pid}") is None
    assert qr.public_id_of(f"{BASE}/v/{pid[:-1]}") is None
    assert qr.public_id_of("https://tte.kominfo.go.id/verifyPDF") is None


# --- signed copies (scans) --------------------------------------------------------------


def _scan(url: str) -> bytes:
    """A 'scan': a white A5 page at 150 dpi with the QR code printed on it."""
    from PIL import Image

    page = Image.new("L", (874, 1240), 255)
    page.paste(Image.open(io.BytesIO(qr.qr_png(url, scale=4))), (500, 900))
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _files(session, role="signed_copy"):
    return session.scalars(select(ArchiveFile).where(ArchiveFile.role == role)).all()


def test_a_scan_with_this_records_qr_code_is_filed(session, setup, storage, store):
    _office, user, record = setup
    entry = issue(session, record, storage, store)
    scan = _scan(qr.verify_url(entry.public_id, BASE))
    row = archive.file_signed_copy(session, entry, scan, "C:\\scan\\surat bertanda.jpg", user,
                                   storage=storage, note="dipindai di TU")
    assert row.filename == "surat bertanda.jpg"
    assert row.mime == "image/jpeg" and row.size == len(scan)
    assert storage.get(row.storage_key) == scan
    assert archive.latest_signed_copy(entry) is row
    event = session.scalars(select(ArchiveEvent).where(
        ArchiveEvent.event == "signed_copy_filed")).one()
    assert event.record_id == entry.id and row.sha256 in event.detail
    assert event.actor_name == "Dewi Arsiparis <arsip@contoh.go.id>"
    with pytest.raises(RecordImmutable):
        row.note = "diubah"
        session.commit()
    session.rollback()


@pytest.mark.parametrize("case", ["other_record", "no_qr", "not_a_document", "empty",
                                  "too_large", "broken_pdf"])
def test_a_wrong_signed_copy_is_refused_and_nothing_is_stored(session, setup, storage, store,
                                                              case, monkeypatch):
    _office, user, record = setup
    entry = issue(session, record, storage, store)
    other = issue(session, record, storage, store)
    data, code = {
        "other_record": (_scan(qr.verify_url(other.public_id, BASE)), "signed_qr_other"),
        "no_qr": (_scan("https://example.org/not-ours"), "signed_no_identity"),
        "not_a_document": (b"PK\x03\x04 a zip file", "signed_type"),
        "empty": (b"", "signed_empty"),
        "too_large": (b"%PDF-1.7\n" + b"0" * 2048, "signed_too_large"),
        "broken_pdf": (b"%PDF-1.7\nthis is not a pdf at all", "signed_unreadable"),
    }[case]
    if case == "too_large":
        monkeypatch.setattr(signed, "MAX_BYTES", 1024)
    keys_before = set(storage.stored_keys())
    with pytest.raises(archive.SignedCopyRefused) as info:
        archive.file_signed_copy(session, entry, data, "ttd.pdf", user, storage=storage)
    assert info.value.code == code
    assert info.value.message("id") != info.value.message("en")
    assert info.value.message("id") != code
    assert _files(session) == []
    assert set(storage.stored_keys()) == keys_before
    refused = session.scalars(select(ArchiveEvent).where(
        ArchiveEvent.event == "signed_copy_refused")).one()
    assert refused.record_id == entry.id and refused.outcome == "refused"


def test_verify_reports_a_changed_signed_copy(session, setup, storage, store):
    entry = issue(session, setup[2], storage, store)
    row = archive.file_signed_copy(session, entry, _scan(qr.verify_url(entry.public_id, BASE)),
                                   "ttd.jpg", storage=storage)
    assert archive.verify(session, storage).ok
    path = storage.path(row.storage_key)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    report = archive.verify(session, storage)
    assert not report.ok
    assert [f.id for f in report.mismatched_files] == [row.id]
    assert report.mismatched == []
    with pytest.raises(archive.FixityError, match="ttd.jpg"):
        archive.read_archive_file(session, row, storage)


def test_register_names_the_signed_copy(session, setup, storage, store):
    from openpyxl import load_workbook

    entry = issue(session, setup[2], storage, store)
    row = archive.file_signed_copy(session, entry, _scan(qr.verify_url(entry.public_id, BASE)),
                                   "ttd.jpg", storage=storage)
    data = archive.register_xlsx(session, ISSUED, ISSUED, "Bappeda", office_id=setup[0].id)
    rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    header, body = rows[4], rows[5]
    assert body[header.index("Nomor Surat")] == entry.number
    assert body[header.index("SHA-256 Salinan Bertanda Tangan")] == row.sha256
    assert body[header.index("Salinan Bertanda Tangan")] == "ada"
    filed = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    wib = filed.astimezone(ZoneInfo("Asia/Jakarta"))  # the register speaks the office's time
    assert body[header.index("Tanggal Salinan Bertanda Tangan")] == (
        f"{wib:%Y-%m-%d %H:%M:%S} WIB")
    assert body[header.index("Studi")] == setup[2].title  # the study's title, not its code
    assert body[header.index("SHA-256 PDF/A")] is None  # issued without PDF/A here
    other = Office(name="Dinas Lain", profile=setup[2].study.office)
    session.add(other)
    session.commit()
    data = archive.register_xlsx(session, ISSUED, ISSUED, "Dinas Lain", office_id=other.id)
    assert len(list(load_workbook(io.BytesIO(data)).active.iter_rows())) == 5  # header only


def test_register_keeps_typed_text_as_text(session, setup, storage, store):
    """A hal or addressee typed as "=HYPERLINK(...)" is text in the workbook, never a
    formula; a correction names the number it corrects."""
    from openpyxl import load_workbook

    office = setup[0]
    archive.numbering.reserve(session, office, classification="000.1.2.3", when=ISSUED,
                              actor="uji", subject='=HYPERLINK("http://evil.example","Buka")',
                              addressee="+1+2", note="@SUM(1)")
    first = issue(session, setup[2], storage, store)
    second = issue(session, setup[2], storage, store, corrects=first)
    data = archive.register_xlsx(session, ISSUED, ISSUED, "Bappeda", office_id=office.id)
    ws = load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = rows[4]
    cells = {c.value: c.data_type for row in ws.iter_rows(min_row=6) for c in row
             if isinstance(c.value, str)}
    assert cells['=HYPERLINK("http://evil.example","Buka")'] == "s"
    assert cells["+1+2"] == "s" and cells["@SUM(1)"] == "s"
    assert not any(t == "f" for t in cells.values())
    by_number = {row[1]: row for row in rows[5:]}
    assert by_number[second.number][header.index("Koreksi atas")] == first.number


def test_downloading_a_further_file_is_logged(session, setup, storage, store):
    _office, user, record = setup
    entry = issue(session, record, storage, store)
    scan = _scan(qr.verify_url(entry.public_id, BASE))
    row = archive.file_signed_copy(session, entry, scan, "ttd.jpg", storage=storage)
    assert archive.read_archive_file(session, row, storage, user) == scan
    event = session.scalars(select(ArchiveEvent).where(ArchiveEvent.event == "downloaded")).one()
    assert event.detail == "signed_copy: ttd.jpg" and event.actor_id == user.id


def test_bag_holds_the_signed_copy_with_its_metadata(session, setup, storage, store, tmp_path):
    entry = issue(session, setup[2], storage, store)
    archive.file_signed_copy(session, entry, _scan(qr.verify_url(entry.public_id, BASE)),
                             "ttd.jpg", storage=storage)
    bag_dir = archive.export_bag(session, tmp_path / "bag", [entry], storage,
                                 external_identifier="uji")
    bagit.Bag(str(bag_dir)).validate()
    objects = bag_dir / "data" / "objects"
    names = sorted(p.relative_to(objects).as_posix() for p in objects.rglob("*") if p.is_file())
    # a folder per stage; the letter named after its host, the signed copy beside it
    stem = "4-koordinasi-dan-persiapan/surat-permohonan-kunjungan-badan-pengelolaan-keuangan"
    assert names == [f"{stem}-dan-pajak-salinan-bertanda-tangan.jpg",
                     f"{stem}-dan-pajak.docx"], names
    metadata = (bag_dir / "data" / "metadata" / "metadata.csv").read_text(encoding="utf-8")
    assert "salinan bertanda tangan" in metadata and "image/jpeg" in metadata


def test_corrections_chain(session, setup, storage, store):
    first = issue(session, setup[2], storage, store)
    second = issue(session, setup[2], storage, store, corrects=first)
    third = issue(session, setup[2], storage, store, corrects=second)
    for entry in (first, second, third):
        assert [r.id for r in archive.corrections(session, entry)] == \
            [first.id, second.id, third.id]


# --- PDF/A and signed PDFs ----------------------------------------------------------------


@pytest.fixture
def issued_pdf(session, setup, storage, store):
    _office, user, record = setup
    entry = issue(session, record, storage, store, user=user, pdf=True)
    [pdf_row] = [f for f in entry.files if f.role == "pdf"]
    return entry, pdf_row, storage.get(pdf_row.storage_key)


@pytest.mark.usefixtures("setup")
class TestPdf:
    pytestmark = needs_pdf

    def test_finalise_keeps_the_pdfa_beside_the_docx(self, session, issued_pdf):
        from pypdf import PdfReader

        entry, row, pdf = issued_pdf
        assert row.mime == "application/pdf" and row.filename.endswith(".pdf")
        reader = PdfReader(io.BytesIO(pdf))
        assert entry.number in squash(reader.pages[0].extract_text())
        raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert re.search(r"pdfaid:part(>|=[\"'])2", raw), raw[:400]
        assert re.search(r"pdfaid:conformance(>|=[\"'])B", raw), raw[:400]
        made = session.scalars(select(ArchiveEvent).where(ArchiveEvent.event == "pdf_made"))
        assert [e.outcome for e in made] == ["ok"]

    def test_the_pdf_qr_code_decodes_to_the_verification_page(self, issued_pdf):
        entry, _row, pdf = issued_pdf
        _text, images, _pages = signed.pdf_text_and_images(pdf)
        found = signed.qr_texts(images)
        assert found and set(found) == {f"{BASE}/v/{entry.public_id}"}

    @pytest.mark.parametrize("dpi", [150, 300])
    def test_the_printed_qr_code_reads_from_the_page_image(self, issued_pdf, dpi):
        """The page as a scanner or phone sees it: the whole first page rasterised."""
        from PIL import Image

        from docgen.preview import pdf_to_png

        entry, _row, pdf = issued_pdf
        page = Image.open(io.BytesIO(pdf_to_png(pdf, dpi=dpi)[0]))
        assert signed.qr_texts([page]) == [f"{BASE}/v/{entry.public_id}"]

    def test_the_signed_pdf_is_filed(self, session, storage, issued_pdf):
        """The PDF/A with a signature drawn on it (the PDF/A itself is refused:
        tests/test_signed_copies.py)."""
        from tests.signed_fixtures import drawn_on

        entry, _row, pdf = issued_pdf
        row = archive.file_signed_copy(session, entry, drawn_on(pdf), "ttd-elektronik.pdf",
                                       storage=storage)
        assert row.mime == "application/pdf"
        event = session.scalars(select(ArchiveEvent).where(
            ArchiveEvent.event == "signed_copy_filed")).one()
        assert "nomor cocok" in event.detail and "QR cocok" in event.detail

    def test_the_pdf_of_another_letter_is_refused(self, session, setup, storage, store,
                                                  issued_pdf):
        entry, _row, _pdf = issued_pdf
        other = issue(session, setup[2], storage, store, pdf=True)
        other_pdf = storage.get([f for f in other.files if f.role == "pdf"][0].storage_key)
        with pytest.raises(archive.SignedCopyRefused) as info:
            archive.file_signed_copy(session, entry, other_pdf, "salah.pdf", storage=storage)
        # the other letter's QR code names the other record
        assert info.value.code == "signed_qr_other"
        assert other.public_id in info.value.message("id")
        assert _files(session) == []

    def test_a_pdf_without_the_number_is_refused(self, session, setup, storage, store,
                                                 issued_pdf):
        from docgen.pdf import docx_to_pdf
        from docgen.render import render

        entry, _row, _pdf = issued_pdf
        draft_pdf = docx_to_pdf(render(setup[2].study, "nota_dinas"))
        with pytest.raises(archive.SignedCopyRefused) as info:
            archive.file_signed_copy(session, entry, draft_pdf, "konsep.pdf", storage=storage)
        assert info.value.code == "signed_number_missing"
        assert entry.number in info.value.message("en")


# --- retention per region -----------------------------------------------------------------


def test_a_regional_retention_table_adds_and_replaces_rows(tmp_path, monkeypatch):
    path = tmp_path / "jra-sleman.csv"
    path.write_text(
        "code,description,active,inactive,disposition,source\n"
        "000.1.2,Perjalanan Dinas Dalam Negeri,3 tahun,2 tahun,musnah,Perbup Sleman 1/2025\n"
        "000.1.2.3,Perjalanan dinas pegawai,1 tahun,2 tahun,dinilai kembali,Perbup Sleman 1/2025\n",
        encoding="utf-8")
    monkeypatch.setenv("DOCGEN_RETENTION", str(path))
    row = archive.retention_for("000.1.2.3")
    assert (row.active, row.disposition, row.source) == ("1 tahun", "dinilai kembali",
                                                         "Perbup Sleman 1/2025")
    assert archive.retention_for("000.1.2.9").active == "3 tahun"
    assert archive.retention_for("900.1.3.10").disposition == "permanen"  # shipped row kept


@pytest.mark.parametrize("body, where", [
    ("code,description,active\n000.1,x,1 tahun\n", r"line 1: missing column\(s\) inactive"),
    ("code,description,active,inactive,disposition,source\nabc,x,1,1,musnah,Perbup\n",
     "line 2, column code"),
    ("code,description,active,inactive,disposition,source\n000.1,x,1,1,dibakar,Perbup\n",
     "line 2, column disposition"),
    ("code,description,active,inactive,disposition,source\n000.1,x,1,1,musnah,Perbup\n"
     "000.2,y,1,1,musnah,\n", "line 3, column source"),
])
def test_a_bad_regional_table_is_named_by_line_and_column(tmp_path, monkeypatch, body, where):
    path = tmp_path / "retensi.csv"
    path.write_text(body, encoding="utf-8")
    monkeypatch.setenv("DOCGEN_RETENTION", str(path))
    with pytest.raises(archive.RetentionTableError, match=where):
        archive.retention_table()
    result = CliRunner().invoke(main, ["archive", "retention"],
                                env={"DOCGEN_RETENTION": str(path),
                                     "DOCGEN_HOME": str(tmp_path / "h")})
    assert result.exit_code == 1 and where.replace("\\", "") in result.output


# --- command line ---------------------------------------------------------------------------


def test_cli_files_a_signed_copy_and_refuses_a_wrong_one(tmp_path, monkeypatch):
    import json

    from docgen.example import example_data

    monkeypatch.delenv("DATABASE_URL", raising=False)
    home = tmp_path / "cli-home"
    env = {"DOCGEN_HOME": str(home), "DOCGEN_LANG": "id", "DOCGEN_PUBLIC_URL": BASE}
    study_file = tmp_path / "studi.json"
    study_file.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(main, ["finalize", str(study_file), "--kind", "spt", "--no-pdf",
                               "--code", "000.1.2.5"], env=env)
    assert out.exit_code == 0, out.output
    assert out.output.startswith("nomor 000.1.2.5/1/")
    store = Store(home=home)
    with store.session() as session:
        entry = session.scalars(select(archive.ArchiveRecord)).one()
        public_id = entry.public_id
    store.dispose()
    good, bad = tmp_path / "ttd.jpg", tmp_path / "lain.jpg"
    good.write_bytes(_scan(qr.verify_url(public_id, BASE)))
    bad.write_bytes(_scan(qr.verify_url("f" * 32, BASE)))
    out = runner.invoke(main, ["archive", "signed", "1", str(bad)], env=env)
    assert out.exit_code == 1 and "naskah lain" in out.output
    out = runner.invoke(main, ["--lang", "en", "archive", "signed", "1", str(bad)], env=env)
    assert out.exit_code == 1 and "another document" in out.output
    out = runner.invoke(main, ["archive", "signed", "1", str(good)], env=env)
    assert out.exit_code == 0 and "disimpan" in out.output
    out = runner.invoke(main, ["archive", "signed", "99", str(good)], env=env)
    assert out.exit_code == 1 and "rekaman 99 tidak ada" in out.output
    out = runner.invoke(main, ["finalize", str(study_file), "--kind", "spt", "--code", "1.2"],
                        env=env)
    assert out.exit_code == 1 and "kode klasifikasi 1.2 tidak sah" in out.output
    out = runner.invoke(main, ["archive", "verify"], env=env)
    assert out.exit_code == 0 and "2 berkas diperiksa" in out.output
    today = archive.today().isoformat()
    out = runner.invoke(main, ["archive", "register", "--from", today, "--to", today,
                               "--office", "1"], env=env)
    assert out.exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(out.stdout_bytes)).active
    assert ws["A2"].value == "BADAN PERENCANAAN PEMBANGUNAN DAERAH" and ws.max_row == 6
    out = runner.invoke(main, ["archive", "register", "--from", today, "--to", today,
                               "--office", "9"], env=env)
    assert out.exit_code == 2 and "office 9 is not known" in out.output


# --- issued once --------------------------------------------------------------------------


def test_issued_once_refuses_a_second_issue_and_takes_no_number(session, setup, storage, store):
    first = issue(session, setup[2], storage, store, once=True)
    with pytest.raises(archive.FinalizeRefused) as info:
        issue(session, setup[2], storage, store, once=True)
    assert info.value.code == "finalize_already_issued"
    assert info.value.existing.id == first.id
    correction = issue(session, setup[2], storage, store, once=True, corrects=first)
    other = issue(session, setup[2], storage, store, kind="nota_dinas", once=True)
    numbers = [int(r.number.split("/")[1]) for r in (first, correction, other)]
    assert numbers == [1, 2, 3]  # the refused issue took no number


def test_two_requests_at_once_issue_a_document_once(db_url, setup, store):
    """Two app sessions issuing the same document at the same moment: one wins, the other
    is refused under the numbering lock; no number is lost."""
    import threading

    record_id = setup[2].id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker() -> None:
        mine = Store(db_url, home=store.home)
        try:
            with mine.session() as own:
                record = own.get(StudyRecord, record_id)
                barrier.wait()
                try:
                    entry = archive.finalize(own, record, "coordination_letter", item=0,
                                             issued=ISSUED, verify_base=BASE, once=True,
                                             storage=archive.LocalStorage(
                                                 archive.archive_dir(store.home)),
                                             base_dir=store.home)
                    outcomes.append(entry.number)
                except archive.FinalizeRefused as exc:
                    outcomes.append(exc.code)
        finally:
            mine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["000.1.2.3/1/Bappeda/2026", "finalize_already_issued"]


def _pdf_with_image(width: int, height: int, *, pages: int = 1, in_form: bool = False) -> bytes:
    """A PDF whose pages all draw one grey image (declared `width` × `height`), directly or
    inside a form XObject."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter()
    image = StreamObject()
    image.update({NameObject("/Type"): NameObject("/XObject"),
                  NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(width),
                  NameObject("/Height"): NumberObject(height),
                  NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                  NameObject("/BitsPerComponent"): NumberObject(8)})
    image.set_data(b"\xff" * min(width * height, 4096))
    ref = writer._add_object(image)
    if in_form:
        form = StreamObject()
        form.update({NameObject("/Type"): NameObject("/XObject"),
                     NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/Resources"): DictionaryObject({NameObject("/XObject"):
                                                                DictionaryObject({NameObject(
                                                                    "/Im0"): ref})})})
        form.set_data(b"/Im0 Do")
        ref = writer._add_object(form)
    for _ in range(pages):
        page = writer.add_blank_page(200, 200)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"):
                                                          DictionaryObject({NameObject(
                                                              "/X0"): ref})})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_declaring_a_huge_image_is_not_decoded():
    """An image whose declared size is over the limit is skipped before its stream is read,
    also inside a form XObject; a small one is decoded."""
    from pypdf import PdfReader

    huge = _pdf_with_image(100_000, 100_000)
    small = _pdf_with_image(64, 64)
    nested = _pdf_with_image(100_000, 100_000, in_form=True)
    assert signed.declared_pixels(PdfReader(io.BytesIO(huge)).pages[0]) is None
    assert signed.declared_pixels(PdfReader(io.BytesIO(nested)).pages[0]) is None
    assert signed.declared_pixels(PdfReader(io.BytesIO(small)).pages[0]) == 64 * 64
    assert signed.pdf_text_and_images(huge)[1] == []
    assert signed.pdf_text_and_images(nested)[1] == []
    [image] = signed.pdf_text_and_images(small)[1]
    assert image.size == (64, 64)


def test_one_image_on_every_page_is_decoded_within_the_budget(monkeypatch):
    monkeypatch.setattr(signed, "PIXEL_BUDGET", 64 * 64 * 2)
    _text, images, pages = signed.pdf_text_and_images(_pdf_with_image(64, 64, pages=5))
    assert pages == 5 and len(images) == 2


def test_a_damaged_pdf_is_refused_as_unreadable(session, setup, storage, store):
    """pypdf errors of every kind (not only PdfReadError) end as a logged refusal."""
    from pypdf.errors import LimitReachedError

    entry = issue(session, setup[2], storage, store)

    def boom(_data):
        raise LimitReachedError("too many objects")

    import unittest.mock

    with unittest.mock.patch("pypdf.PdfReader", side_effect=boom), \
            pytest.raises(archive.SignedCopyRefused) as info:
        archive.file_signed_copy(session, entry, b"%PDF-1.7\n...", "x.pdf", storage=storage)
    assert info.value.code == "signed_unreadable"
    assert _files(session) == []


def test_a_version_is_corrected_once(session, setup, storage, store):
    first = issue(session, setup[2], storage, store)
    second = issue(session, setup[2], storage, store, corrects=first)
    with pytest.raises(archive.FinalizeRefused) as info:
        issue(session, setup[2], storage, store, corrects=first)
    assert info.value.code == "finalize_already_corrected"
    assert info.value.existing.id == second.id
    assert session.scalar(select(func.count()).select_from(archive.ArchiveRecord)) == 2


def test_only_an_archivist_lowers_the_security_class_of_a_correction(session, setup, storage,
                                                                     store):
    office, archivist, record = setup
    staff = User(office=office, email="staf@contoh.go.id", name="Staf", role="staff",
                 password_hash="x")
    session.add(staff)
    session.commit()
    secret = issue(session, record, storage, store, access="rahasia", user=staff)
    with pytest.raises(archive.FinalizeRefused) as info:
        issue(session, record, storage, store, corrects=secret, access="biasa", user=staff)
    assert info.value.code == "access_lowered"
    same = issue(session, record, storage, store, corrects=secret, access="rahasia",
                 user=staff)
    lowered = issue(session, record, storage, store, corrects=same, access="terbatas",
                    user=archivist)
    assert (same.access, lowered.access) == ("rahasia", "terbatas")


def test_a_signed_copy_is_named_by_its_real_type(session, setup, storage, store):
    entry = issue(session, setup[2], storage, store)
    row = archive.file_signed_copy(session, entry, _scan(qr.verify_url(entry.public_id, BASE)),
                                   "ttd.html", storage=storage)
    assert (row.filename, row.mime) == ("ttd.jpg", "image/jpeg")
    assert row.storage_key.endswith(".jpg")


def test_a_record_keeps_one_pdf(session, setup, storage, store, monkeypatch):
    import docgen.pdf

    monkeypatch.setattr(docgen.pdf, "docx_to_pdf", lambda data, name="": b"%PDF-1.7 fake")
    entry = issue(session, setup[2], storage, store)
    first = archive.attach_pdf(session, entry, storage=storage)
    session.expire(entry)
    assert archive.attach_pdf(session, entry, storage=storage).id == first.id
    assert len(_files(session, "pdf")) == 1
