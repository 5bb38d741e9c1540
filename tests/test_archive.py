"""The archive core: finalising, the register, immutability, fixity, reserving and voiding,
exports (xlsx register, BagIt bag) and the command line; on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import DBAPIError

from docgen import archive, numbering
from docgen.cli import main
from docgen.example import example_data
from docgen.store import (
    ArchiveEvent,
    ArchiveRecord,
    LetterNumber,
    Office,
    RecordImmutable,
    Store,
    StudyRecord,
)
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text, squash

ROOT = Path(__file__).resolve().parent.parent
ISSUED = date(2026, 11, 29)


def _finalize(session, record, storage, store, kind="spt", **kw):
    kw.setdefault("issued", ISSUED)
    return archive.finalize(session, record, kind, storage=storage, base_dir=store.home, **kw)


def test_finalize_numbers_renders_stores_and_registers(session, setup, storage, store):
    office, user, record = setup
    entry = _finalize(session, record, storage, store, user=user)
    assert entry.number == "000.1.2.3/1/Bappeda/2026"
    data = storage.get(entry.storage_key)
    text = squash(docx_text(data))
    assert "000.1.2.3/1/Bappeda/2026" in text and "29 November 2026" in text
    import hashlib

    assert entry.sha256 == hashlib.sha256(data).hexdigest() and entry.size == len(data)
    assert entry.classification == "000.1.2.3"
    assert (entry.retention_active, entry.retention_inactive, entry.disposition) == (
        "5 tahun", "3 tahun", "musnah")
    assert "Peraturan Gubernur Nomor 30" in entry.retention_source
    assert entry.access == "biasa" and entry.version == 1 and entry.corrects_id is None
    assert "Hendra Wicaksono" in entry.signer
    assert entry.template == "surat_perintah_tugas.docx" and len(entry.template_sha256) == 64
    assert entry.study_ref == record.study.id and entry.study_id == record.id
    assert entry.created_by_name == "Dewi Arsiparis <arsip@contoh.go.id>"
    events = session.scalars(select(ArchiveEvent).where(ArchiveEvent.record_id == entry.id))
    assert [(e.event, e.actor_id) for e in events] == [("created", user.id)]
    letter = entry.letter_number
    assert (letter.state, letter.seq, letter.year, letter.code) == ("issued", 1, 2026, "")

    second = _finalize(session, record, storage, store, kind="coordination_letter", item=0)
    assert second.number == "000.1.2.3/2/Bappeda/2026"
    assert "Surabaya" in second.addressee
    assert second.subject == "Permohonan Kunjungan Studi Banding"


def test_unnumbered_kind_is_filed_without_a_number(session, setup, storage, store):
    _office, _user, record = setup
    entry = _finalize(session, record, storage, store, kind="rab")
    assert entry.number == "" and entry.letter_number_id is None
    assert entry.classification == "900.1.3.3" and entry.disposition == "musnah"
    assert session.scalar(select(func.count()).select_from(LetterNumber)) == 0


def test_sequence_per_code_when_the_office_says_so(session, setup, storage, store):
    office, _user, record = setup
    office.numbering_scope = "code"
    session.commit()
    first = _finalize(session, record, storage, store)
    reserved = numbering.reserve(session, office, classification="900.1.3.3", when=ISSUED,
                                 actor="test")
    again = _finalize(session, record, storage, store)
    assert first.number.split("/")[1] == "1" and again.number.split("/")[1] == "2"
    assert reserved.number == "900.1.3.3/1/Bappeda/2026" and reserved.code == "900.1.3.3"
    next_year = _finalize(session, record, storage, store, issued=date(2027, 1, 4))
    assert next_year.number == "000.1.2.3/1/Bappeda/2027"


def test_roman_month_pattern(session, setup, storage, store):
    office, _user, record = setup
    profile = dict(office.profile)
    profile["numbering_pattern"] = "{kode}/{urut}/{unit}/{bulan}/{tahun}"
    office.profile = profile
    session.commit()
    entry = _finalize(session, record, storage, store)
    assert entry.number == "000.1.2.3/1/Bappeda/XI/2026"


def test_incomplete_study_is_refused_and_takes_no_number(session, setup, storage, store):
    _office, _user, record = setup
    data = example_data()
    data["plan"]["team"] = []
    record.data = data
    session.commit()
    with pytest.raises(archive.FinalizeRefused) as exc:
        _finalize(session, record, storage, store)
    assert exc.value.problems
    assert session.scalar(select(func.count()).select_from(LetterNumber)) == 0
    assert list(storage.stored_keys()) == []


def test_a_study_with_errors_is_refused(session, setup, storage, store):
    _office, _user, record = setup
    data = example_data()
    data["plan"]["end_date"], data["plan"]["start_date"] = (data["plan"]["start_date"],
                                                            data["plan"]["end_date"])
    record.data = data
    session.commit()
    with pytest.raises(archive.FinalizeRefused):
        _finalize(session, record, storage, store)
    assert session.scalar(select(func.count()).select_from(LetterNumber)) == 0


def test_a_failed_render_rolls_everything_back(session, setup, storage, store, monkeypatch):
    _office, _user, record = setup

    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "put", broken)
    with pytest.raises(OSError):
        _finalize(session, record, storage, store)
    assert session.scalar(select(func.count()).select_from(ArchiveRecord)) == 0
    assert session.scalar(select(func.count()).select_from(LetterNumber)) == 0
    monkeypatch.undo()
    assert _finalize(session, record, storage, store).number.split("/")[1] == "1"


def test_a_finalised_record_cannot_change(session, setup, storage, store):
    _office, _user, record = setup
    entry = _finalize(session, record, storage, store)
    entry.subject = "diubah"
    with pytest.raises(RecordImmutable):
        session.commit()
    session.rollback()
    session.delete(session.get(ArchiveRecord, entry.id))
    with pytest.raises(RecordImmutable):
        session.commit()
    session.rollback()
    for statement in ("UPDATE archive_records SET subject = 'diubah'",
                      "DELETE FROM archive_records",
                      "UPDATE archive_events SET detail = 'x'"):
        with pytest.raises(DBAPIError):
            session.execute(sql(statement))
        session.rollback()
    assert session.get(ArchiveRecord, entry.id).subject == "Surat Perintah Tugas"


def test_a_correction_is_a_new_version(session, setup, storage, store):
    _office, _user, record = setup
    first = _finalize(session, record, storage, store)
    fixed = _finalize(session, record, storage, store, corrects=first)
    assert (fixed.version, fixed.corrects_id) == (2, first.id)
    assert fixed.number != first.number
    assert session.get(ArchiveRecord, first.id).sha256 == first.sha256
    assert storage.exists(first.storage_key)
    with pytest.raises(archive.FinalizeRefused):
        _finalize(session, record, storage, store, kind="coordination_letter", corrects=first)


def test_reserve_and_void_are_recorded(session, setup, storage, store):
    office, user, record = setup
    reserved = numbering.reserve(session, office, classification="000.1.2.3", when=ISSUED,
                                 user=user, subject="Surat diketik di luar",
                                 addressee="Kepala BPKAD", note="surat manual")
    assert (reserved.number, reserved.state) == ("000.1.2.3/1/Bappeda/2026", "reserved")
    entry = _finalize(session, record, storage, store)
    assert entry.number == "000.1.2.3/2/Bappeda/2026"
    with pytest.raises(numbering.VoidRefused):
        numbering.void(session, reserved, reason=" ")
    numbering.void(session, reserved, reason="surat tidak jadi dikirim", user=user)
    numbering.void(session, entry.letter_number, reason="salah alamat", actor="test")
    with pytest.raises(numbering.VoidRefused):
        numbering.void(session, reserved, reason="lagi")
    events = session.execute(select(ArchiveEvent.event, ArchiveEvent.letter_number_id,
                                    ArchiveEvent.detail, ArchiveEvent.actor_name)
                             .where(ArchiveEvent.letter_number_id.is_not(None))
                             .order_by(ArchiveEvent.id)).all()
    assert [(e.event, e.letter_number_id) for e in events] == [
        ("reserved", reserved.id), ("voided", reserved.id), ("voided", entry.letter_number_id)]
    assert events[1].detail == "surat tidak jadi dikirim"
    assert events[1].actor_name == "Dewi Arsiparis <arsip@contoh.go.id>"
    assert session.get(LetterNumber, reserved.id).state == "void"
    assert session.get(ArchiveRecord, entry.id).number == "000.1.2.3/2/Bappeda/2026"
    nxt = _finalize(session, record, storage, store)
    assert nxt.number == "000.1.2.3/3/Bappeda/2026"


def test_verify_names_the_record_with_a_changed_byte(session, setup, storage, store):
    _office, _user, record = setup
    entries = [_finalize(session, record, storage, store) for _ in range(3)]
    assert archive.verify(session, storage, actor="test").ok
    path = storage.path(entries[1].storage_key)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = archive.verify(session, storage, actor="test")
    assert not report.ok
    assert [r.id for r in report.mismatched] == [entries[1].id]
    storage.delete(entries[2].storage_key)
    storage.put("2026/stray.docx", b"no record")
    report = archive.verify(session, storage, actor="test")
    assert [r.id for r in report.missing] == [entries[2].id]
    assert report.orphans == ["2026/stray.docx"]
    outcomes = session.execute(
        select(ArchiveEvent.record_id, ArchiveEvent.outcome)
        .where(ArchiveEvent.event == "fixity_checked").order_by(ArchiveEvent.id)).all()
    assert len(outcomes) == 9
    assert outcomes[-3:] == [(entries[0].id, "ok"), (entries[1].id, "mismatch"),
                             (entries[2].id, "missing")]
    with pytest.raises(archive.FixityError):
        archive.read_file(session, entries[1], storage)


def test_download_is_logged(session, setup, storage, store):
    _office, user, record = setup
    entry = _finalize(session, record, storage, store)
    assert archive.read_file(session, entry, storage, user).startswith(b"PK")
    archive.log_event(session, entry, "signed_copy_filed", user, detail="scan TTE")
    session.commit()
    events = session.scalars(select(ArchiveEvent.event)
                             .where(ArchiveEvent.record_id == entry.id)
                             .order_by(ArchiveEvent.id)).all()
    assert events == ["created", "downloaded", "signed_copy_filed"]
    with pytest.raises(ValueError):
        archive.log_event(session, entry, "edited")


def test_storage_keys_are_safe_and_writes_atomic(tmp_path):
    storage = archive.LocalStorage(tmp_path)
    for bad in ("../x", "/etc/passwd", "a/../b", ".hidden", ""):
        with pytest.raises(ValueError):
            storage.path(bad)
    storage.put("2026/a.docx", b"one")
    with pytest.raises(FileExistsError):
        storage.put("2026/a.docx", b"two")
    assert storage.get("2026/a.docx") == b"one"
    (tmp_path / "2026" / ".tmp-abc").write_bytes(b"half")
    assert list(storage.stored_keys()) == ["2026/a.docx"]
    assert list(storage.leftovers()) == ["2026/.tmp-abc"]


def test_retention_table():
    assert archive.retention_for("000.1.3.3").disposition == "musnah"
    assert archive.retention_for("900.1.3.10").disposition == "permanen"
    assert archive.retention_for("900.1.3.1").active.startswith("2 tahun")
    assert archive.retention_for("000.9.3").disposition == "permanen"
    assert archive.retention_for("000.9.10").disposition == "musnah"
    assert archive.retention_for("123.4") is None
    assert all(row.source for row in archive.retention_table())


def test_register_xlsx_has_the_rows_with_indonesian_dates(session, setup, storage, store):
    office, _user, record = setup
    spt = _finalize(session, record, storage, store)
    reserved = numbering.reserve(session, office, classification="000.1.2.3",
                                 when=date(2026, 8, 17), actor="test", subject="Manual")
    numbering.void(session, reserved, reason="batal kirim", actor="test")
    _finalize(session, record, storage, store, issued=date(2027, 1, 2))
    data = archive.register_xlsx(session, date(2026, 1, 1), date(2026, 12, 31), office.name)
    ws = load_workbook(io.BytesIO(data)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "BUKU AGENDA SURAT KELUAR"
    header = rows[4]
    assert header[:4] == ["No.", "Nomor Surat", "Tanggal", "Status"]
    body = rows[5:]
    assert len(body) == 2
    # dates are real date cells (sortable), shown the Indonesian way
    assert body[0][1:4] == ["000.1.2.3/2/Bappeda/2026", datetime(2026, 8, 17), "batal"]
    assert ws.cell(row=6, column=3).number_format == "[$-421]d mmmm yyyy"
    assert "batal kirim" in body[0][header.index("Keterangan")]
    assert body[1][1:4] == [spt.number, datetime(2026, 11, 29), "terbit"]
    assert body[1][header.index("Waktu Pencatatan")].endswith(" WIB")
    assert body[1][header.index("SHA-256")] == spt.sha256
    assert body[1][header.index("Nasib Akhir")] == "musnah"


def test_bag_validates(session, setup, storage, store, tmp_path):
    _office, _user, record = setup
    entries = [_finalize(session, record, storage, store),
               _finalize(session, record, storage, store, kind="rab")]
    target = tmp_path / "bag"
    archive.export_bag(session, target, archive.records_between(session, study_id=record.id),
                       storage, external_identifier="docgen-studi-1", actor="test")
    bag = bagit.Bag(str(target))
    bag.validate()
    assert "sha512" in bag.algorithms
    assert bag.info["Source-Organization"] == "Bappeda Kabupaten Sleman"
    assert bag.info["External-Identifier"] == "docgen-studi-1"
    assert bag.info["Payload-Oxum"] and bag.info["Bagging-Date"]
    with open(target / "data" / "metadata" / "metadata.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[0] == "filename"
    assert rows[0]["dc.identifier"] == entries[0].number
    assert rows[0]["dc.subject"] == "000.1.2.3"
    assert rows[0]["dc.creator"] == "Bappeda Kabupaten Sleman"
    for row in rows:
        assert (target / "data" / row["filename"]).is_file()
    assert session.scalar(select(func.count()).select_from(ArchiveEvent)
                          .where(ArchiveEvent.event == "exported")) == 2
    with pytest.raises(archive.ExportError):
        archive.export_bag(session, target, entries, storage, external_identifier="x")


# ---------------------------------------------------------------------------
# The command line, on the instance in DOCGEN_HOME


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path / "cli-home"


def run(home, *args: str):
    return CliRunner().invoke(main, list(args),
                              env={"DOCGEN_HOME": str(home), "DOCGEN_LANG": "id"})


@pytest.fixture
def study_file(tmp_path):
    import json

    path = tmp_path / "studi.json"
    path.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_finalize_at_once_imports_one_study(home, study_file):
    env = {**os.environ, "DOCGEN_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    assert run(home, "db", "upgrade").exit_code == 0
    procs = [subprocess.Popen([sys.executable, "-m", "docgen.cli", "finalize", str(study_file),
                               "--kind", "spt", "--issued", "2026-11-29", "--no-pdf",
                               "--again"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(4)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(out.strip())
    numbers = sorted(o.split(",")[0] for o in outputs)
    assert numbers == [f"nomor 000.1.2.3/{i}/Bappeda/2026" for i in range(1, 5)]
    store = Store(home=home)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(StudyRecord)) == 1
        assert session.scalar(select(func.count()).select_from(Office)) == 1
    store.dispose()


def test_cli_archive_commands(home, study_file, tmp_path):
    result = run(home, "finalize", str(study_file), "--kind", "spt", "--issued", "2026-11-29",
                 "--no-pdf")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("nomor 000.1.2.3/1/Bappeda/2026, rekaman ")
    result = run(home, "finalize", str(study_file), "--kind", "rab", "--issued", "2026-11-29",
                 "--no-pdf")
    assert "tanpa nomor" in result.output
    assert run(home, "archive", "reserve", "--office", "1", "--code", "000.1.2.3",
               "--date", "2026-11-30", "--note", "manual").exit_code == 0
    result = run(home, "archive", "scope", "--office", "1", "code")
    assert result.exit_code == 0 and "per code" in result.output
    result = run(home, "archive", "void", "1", "--reason", "salah")
    assert result.exit_code == 0 and "dibatalkan" in result.output
    result = run(home, "archive", "verify")
    assert result.exit_code == 0, result.output
    assert "2 berkas diperiksa" in result.output
    result = run(home, "archive", "register", "--from", "2026-11-01", "--to", "2026-11-30")
    assert result.exit_code == 0
    ws = load_workbook(io.BytesIO(result.stdout_bytes)).active
    assert ws.max_row == 5 + 3
    result = run(home, "archive", "export", "--study", "1", "--bag", str(tmp_path / "b1"))
    assert result.exit_code == 0, result.output
    bagit.Bag(str(tmp_path / "b1")).validate()
    result = run(home, "archive", "export", "--from", "2026-11-29", "--to", "2026-11-29",
                 "--bag", str(tmp_path / "b2"))
    assert result.exit_code == 0, result.output
    assert run(home, "archive", "export", "--bag", str(tmp_path / "b3")).exit_code == 2
    store = Store(home=home)
    with store.session() as session:
        entry = session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)).first()
        key = entry.storage_key
    store.dispose()
    path = archive.archive_dir(home) / key
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    result = run(home, "archive", "verify")
    assert result.exit_code == 1
    assert f"rekaman {entry.id} (000.1.2.3/1/Bappeda/2026)" in result.output
    old, young = path.parent / "orphan.docx", path.parent / "sedang-ditulis.docx"
    old.write_bytes(b"x")
    young.write_bytes(b"y")
    now = time.time()
    os.utime(young, (now, now))  # "now" by this process's clock, which tests may move
    an_hour_ago = now - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    result = run(home, "archive", "verify", "--remove-orphans")
    assert result.exit_code == 1 and "1 berkas yatim dihapus" in result.output
    assert not old.exists()
    assert young.exists(), "a file written moments ago may belong to a document being issued"
    assert "sedang-ditulis.docx tidak memiliki rekaman" in result.output


def test_cli_finalize_refuses_a_document_already_issued(home, study_file):
    first = run(home, "finalize", str(study_file), "--kind", "spt", "--issued", "2026-11-29",
                "--no-pdf")
    assert first.exit_code == 0, first.output
    record = first.output.strip().rsplit(" ", 1)[1]
    again = run(home, "finalize", str(study_file), "--kind", "spt", "--issued", "2026-11-29",
                "--no-pdf")
    assert again.exit_code == 1
    assert (f"spt sudah diterbitkan dengan nomor 000.1.2.3/1/Bappeda/2026 (rekaman {record})"
            in again.output)
    assert "--again" in again.output
    store = Store(home=home)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ArchiveRecord)) == 1
    store.dispose()
    deliberate = run(home, "finalize", str(study_file), "--kind", "spt", "--issued",
                     "2026-11-29", "--no-pdf", "--again")
    assert deliberate.exit_code == 0, deliberate.output
    assert deliberate.output.startswith("nomor 000.1.2.3/2/Bappeda/2026, rekaman ")
    # each traveller's SPD is its own document: the second is not "already issued"
    spd = [run(home, "finalize", str(study_file), "--kind", "spd", "--item", str(item),
               "--issued", "2026-11-29", "--no-pdf") for item in (0, 1)]
    assert [r.exit_code for r in spd] == [0, 0], [r.output for r in spd]


def test_cli_finalize_refuses_an_incomplete_study(home, tmp_path):
    import json

    data = example_data()
    data["plan"]["team"] = []
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(home, "finalize", str(path), "--kind", "spt")
    assert result.exit_code == 1
    assert "belum dapat diterbitkan" in result.output
