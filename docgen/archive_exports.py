"""The register (Buku Agenda Surat Keluar) and its exports: its rows, the .xlsx workbook,
and BagIt packages for Archivematica. :mod:`docgen.archive` offers these names too."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen import bundle, catalog, custom_kinds, idformat
from docgen.archive_retention import retention_for
from docgen.archive_signed import latest_signed_copy
from docgen.archive_storage import DOCX, FixityError, Storage, default_storage
from docgen.store.archive_models import ArchiveRecord, LetterNumber
from docgen.store.models import User


def records_between(session: Session, date_from: date | None = None,
                    date_to: date | None = None, study_id: int | None = None,
                    office_id: int | None = None) -> list[ArchiveRecord]:
    """Register entries by date of issue, of one study and/or one office when given."""
    query = select(ArchiveRecord).order_by(ArchiveRecord.issued, ArchiveRecord.id)
    if office_id is not None:
        query = query.where(ArchiveRecord.office_id == office_id)
    if date_from is not None:
        query = query.where(ArchiveRecord.issued >= date_from)
    if date_to is not None:
        query = query.where(ArchiveRecord.issued <= date_to)
    if study_id is not None:
        query = query.where(ArchiveRecord.study_id == study_id)
    return list(session.scalars(query))


REGISTER_COLUMNS = (
    ("No.", 6), ("Nomor Surat", 32), ("Tanggal", 20), ("Status", 12), ("Jenis Naskah", 28),
    ("Hal", 40), ("Kepada", 40), ("Kode Klasifikasi", 16), ("Retensi Aktif", 20),
    ("Retensi Inaktif", 14), ("Nasib Akhir", 14), ("Klasifikasi Keamanan", 14),
    ("Penanda Tangan", 40), ("Studi", 40), ("Versi", 8), ("Koreksi atas", 12),
    ("Nama Berkas", 36), ("Ukuran (bita)", 12), ("SHA-256", 66), ("Templat", 24),
    ("SHA-256 Templat", 66), ("Dicatat oleh", 30), ("Waktu Pencatatan", 22),
    ("Keterangan", 40), ("SHA-256 PDF/A", 66), ("Salinan Bertanda Tangan", 12),
    ("Tanggal Salinan Bertanda Tangan", 22), ("SHA-256 Salinan Bertanda Tangan", 66),
)


def register_rows(session: Session, date_from: date, date_to: date,
                  office_id: int | None = None) -> list[list[Any]]:
    """The Buku Agenda Surat Keluar: every issued document and every reserved or voided
    number dated in the range, in order of date and number (of one office when given)."""
    records = records_between(session, date_from, date_to, office_id=office_id)
    by_number = {r.letter_number_id: r for r in records if r.letter_number_id}
    query = select(LetterNumber).where(LetterNumber.issued >= date_from,
                                       LetterNumber.issued <= date_to)
    if office_id is not None:
        query = query.where(LetterNumber.office_id == office_id)
    numbers = list(session.scalars(query))
    entries: list[tuple[tuple[Any, ...], list[Any]]] = []
    own = custom_kinds.titled(session)
    for record in records:
        letter = record.letter_number
        state = letter.state if letter is not None else "issued"
        note = f"dibatalkan: {letter.void_reason}" if letter is not None and \
            state == "void" else ""
        entries.append(((record.issued, letter.seq if letter else 0, record.id), [
            record.number, record.issued, _STATE_ID[state],
            custom_kinds.kind_title(own, record.office_id, record.kind), record.subject,
            record.addressee,
            record.classification, record.retention_active, record.retention_inactive,
            record.disposition, record.access, record.signer,
            record.study.title if record.study is not None else record.study_ref,
            record.version, _corrected_number(record), record.filename, record.size,
            record.sha256, record.template, record.template_sha256, record.created_by_name,
            _when(record.created_at), note, *_further_files(record)]))
    for letter in numbers:
        if letter.id in by_number:
            continue
        note = letter.note if letter.state != "void" else f"dibatalkan: {letter.void_reason}"
        retention = retention_for(letter.classification)
        entries.append(((letter.issued, letter.seq, 0), [
            letter.number, letter.issued, _STATE_ID[letter.state],
            "", letter.subject, letter.addressee, letter.classification,
            retention.active if retention else "", retention.inactive if retention else "",
            retention.disposition if retention else "", "", "", "", "", "", "", "", "", "",
            "", letter.created_by_name, _when(letter.created_at), note, "", "", "", ""]))
    entries.sort(key=lambda e: e[0])
    return [[i, *row] for i, (_key, row) in enumerate(entries, 1)]


_STATE_ID = {"issued": "terbit", "reserved": "dipesan", "void": "batal"}


def _corrected_number(record: ArchiveRecord) -> str:
    """"Koreksi atas": the number (or, unnumbered, the entry) the record corrects."""
    if record.corrects is None:
        return ""
    return record.corrects.number or f"entri {record.corrects.id}"


def _further_files(record: ArchiveRecord) -> list[str]:
    """The register's last columns: the PDF/A's hash; whether a signed copy stands ("ada" or
    "belum": one marked as a wrong upload does not), when it was filed and its hash."""
    pdf = next((f for f in record.files if f.role == "pdf"), None)
    copy = latest_signed_copy(record)
    return [pdf.sha256 if pdf else "", "ada" if copy else "belum",
            _when(copy.created_at) if copy else "", copy.sha256 if copy else ""]


ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
              "Asia/Jayapura": "WIT"}


def _when(value: Any) -> str:
    """A moment in the office's time zone (``DOCGEN_TIMEZONE``), ``2026-11-29 18:38:31 WIB``."""
    if value is None:
        return ""
    from datetime import UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("DOCGEN_TIMEZONE", "Asia/Jakarta")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        name, zone = "UTC", ZoneInfo("UTC")
    if value.tzinfo is None:  # stored in UTC (SQLite keeps no zone)
        value = value.replace(tzinfo=UTC)
    return f"{value.astimezone(zone):%Y-%m-%d %H:%M:%S} {ZONE_NAMES.get(name, name)}"


INDONESIAN_DATE = "[$-421]d mmmm yyyy"
"""A real date cell shown as "17 Agustus 2026" (locale 0421 is Indonesian)."""
FORMULA_START = ("=", "+", "-", "@")
"""A text cell starting with one of these would be read as a formula by a spreadsheet."""


def register_xlsx(session: Session, date_from: date, date_to: date,
                  office_name: str = "", office_id: int | None = None) -> bytes:
    """The register for a date range (of one office when given) as an .xlsx workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Buku Agenda"
    ws.append(["BUKU AGENDA SURAT KELUAR"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([office_name])
    ws.append([f"Periode {idformat.tanggal(date_from)} s.d. {idformat.tanggal(date_to)}"])
    ws.append([])
    ws.append([name for name, _width in REGISTER_COLUMNS])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in register_rows(session, date_from, date_to, office_id):
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text typed by a user stays text, never a formula
            elif isinstance(cell.value, date):
                cell.number_format = INDONESIAN_DATE
    for index, (_name, width) in enumerate(REGISTER_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DC_COLUMNS = ("filename", "dc.identifier", "dc.title", "dc.date", "dc.creator", "dc.subject",
              "dc.type", "dc.relation", "dc.format", "dc.language", "dc.rights",
              "dc.description")


class ExportError(Exception):
    pass


def _bag_stem(session: Session, record: ArchiveRecord) -> str:
    """Where a record's files go in the package, without the suffix: a folder per stage,
    named after the kind and whom it is for (:func:`docgen.bundle.archived_path`)."""
    kind = catalog.KINDS.get(record.kind)
    if kind is None:
        row = custom_kinds.find(session, record.office_id, record.kind)
        kind = custom_kinds.to_kind(row) if row is not None else None
    if kind is None:
        return f"lainnya/{Path(record.filename).stem}"
    return bundle.archived_path(kind, record.item, record.addressee, record.version, "")


def export_bag(session: Session, target: Path, records: list[ArchiveRecord],
               storage: Storage | None = None, user: User | None = None, *,
               external_identifier: str, actor: str = "") -> Path:
    """A BagIt bag (SHA-512) of `records` in `target`: ``data/objects/`` holds the files in a
    folder per stage, each named after its kind and whom it is for, its PDF/A and signed
    copies beside it; ``data/metadata/metadata.csv`` their Dublin Core description for
    Archivematica."""
    import bagit

    from docgen.archive import log_event

    storage = storage or default_storage()
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise ExportError(f"{target} is not empty")
    if not records:
        raise ExportError("no records to export")
    (target / "objects").mkdir(parents=True, exist_ok=True)
    (target / "metadata").mkdir(exist_ok=True)
    rows, own, names = [], custom_kinds.titled(session), bundle.Names()
    for record in records:
        data = storage.get(record.storage_key)
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise FixityError(record)
        stem = _bag_stem(session, record)
        name = names.unique(stem + Path(record.filename).suffix)
        (target / "objects" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "objects" / name).write_bytes(data)
        rows.append({
            "filename": f"objects/{name}",
            "dc.identifier": record.number or f"docgen-record-{record.id}",
            "dc.title": record.subject,
            "dc.date": record.issued.isoformat(),
            "dc.creator": record.office.name,
            "dc.subject": record.classification,
            "dc.type": custom_kinds.kind_title(own, record.office_id, record.kind),
            "dc.relation": f"studi {record.study_ref} ({record.study.title})",
            "dc.format": DOCX,
            "dc.language": "id",
            "dc.rights": record.access,
            "dc.description": (f"versi {record.version}"
                               + (f", koreksi atas rekaman {record.corrects_id}"
                                  if record.corrects_id else "")
                               + f"; sha256 {record.sha256}"),
        })
        for extra in record.files:
            content = storage.get(extra.storage_key)
            if hashlib.sha256(content).hexdigest() != extra.sha256:
                raise FixityError(record, extra)
            extra_name = names.unique(stem + (
                "-pdfa" if extra.role == "pdf" else "-salinan-bertanda-tangan"
                + ("-salah-unggah" if extra.withdrawal is not None else ""))
                + Path(extra.filename).suffix.lower())
            (target / "objects" / extra_name).write_bytes(content)
            what = ("PDF/A naskah" if extra.role == "pdf"
                    else f"salinan bertanda tangan, diarsipkan oleh {extra.created_by_name}")
            rows.append({"filename": f"objects/{extra_name}",
                         "dc.identifier": record.number or f"docgen-record-{record.id}",
                         "dc.title": record.subject,
                         "dc.date": record.issued.isoformat(),
                         "dc.creator": record.office.name,
                         "dc.subject": record.classification,
                         "dc.type": custom_kinds.kind_title(own, record.office_id, record.kind),
                         "dc.relation": f"objects/{name}",
                         "dc.format": extra.mime,
                         "dc.language": "id",
                         "dc.rights": record.access,
                         "dc.description": f"{what}; sha256 {extra.sha256}"})
    with open(target / "metadata" / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=DC_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    organizations = sorted({r.office.name for r in records})
    bagit.make_bag(str(target), {
        "Source-Organization": "; ".join(organizations),
        "External-Identifier": external_identifier,
        "External-Description": f"docgen: {len(records)} naskah dinas",
    }, checksums=["sha512"])
    for record in records:
        log_event(session, record, "exported", user, actor=actor,
                  detail=f"BagIt {external_identifier}")
    session.commit()
    return target
