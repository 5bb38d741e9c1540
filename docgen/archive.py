"""The archive: finalising a document, the register, fixity checks and exports.

:func:`finalize` turns a draft into an issued document, all or nothing: the number is taken
(:func:`docgen.numbering.allocate`), the final DOCX is rendered with that number and date,
its bytes are written atomically to the :class:`Storage` (temporary file, fsync, rename),
and only then is the register entry committed in the same transaction as the number. A crash
after the rename and before the commit leaves a file no record points at, which
:func:`verify` reports as an orphan; the number was never committed, so none is lost.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from docgen import bundle, catalog, custom_kinds, idformat, numbering, officetime, qr
from docgen.context import build_context
from docgen.home import docgen_home, files_dir
from docgen.office_templates import active_source
from docgen.references import Cited, Register
from docgen.render import render_document
from docgen.store.archive_models import (
    ACCESS_CLASSES,
    EVENTS,
    FILE_ROLES,
    ArchiveEvent,
    ArchiveFile,
    ArchiveRecord,
    LetterNumber,
    actor_label,
)
from docgen.store.files import FileStore
from docgen.store.models import StudyRecord, User
from docgen.study import check_study, errors_only

RETENTION_CSV = Path(__file__).resolve().parent / "data" / "retention.csv"
PAUSE_HOOK = "DOCGEN_TEST_FINALIZE_PAUSE"
"""Seconds to wait between the file's rename and the commit (tests of a crash only)."""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ACCESS_LOWERERS = ("archivist", "admin")
"""Roles that may issue a correction with a lower security class than the document it
corrects (the command line, run by the operator, may too)."""
CLASSIFICATION = re.compile(r"^\d{3}(\.\d{1,3}){0,4}$")
"""A classification code of the archive classification scheme: ``000.1.2.3``."""


# ---------------------------------------------------------------------------
# Storage


class Storage(Protocol):
    """Where issued files are kept. Keys are relative, slash-separated names."""

    def put(self, key: str, data: bytes) -> None:
        """Write `data` under `key` atomically: either the whole file is there or none."""

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def stored_keys(self) -> Iterator[str]:
        """Every stored key (not the leftovers of interrupted writes)."""

    def leftovers(self) -> Iterator[str]:
        """Temporary files of writes that never finished."""


_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
_TMP_PREFIX = ".tmp-"


class LocalStorage:
    """A local folder: ``root/<key>``, written through a temporary file, fsync and rename."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key) or ".." in key.split("/"):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_TMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if target.exists():
                raise FileExistsError(f"storage key already used: {key}")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def _files(self) -> Iterator[Path]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                yield path

    def stored_keys(self) -> Iterator[str]:
        for path in self._files():
            if not path.name.startswith(_TMP_PREFIX):
                yield path.relative_to(self.root).as_posix()

    def leftovers(self) -> Iterator[str]:
        for path in self._files():
            if path.name.startswith(_TMP_PREFIX):
                yield path.relative_to(self.root).as_posix()

    def age(self, name: str) -> float:
        """Seconds since the file (a key or a leftover's name) was last written; 0 when it
        is gone."""
        try:
            return max(0.0, time.time() - (self.root / name).stat().st_mtime)
        except OSError:
            return 0.0

    def delete_leftover(self, name: str) -> None:
        path = self.root / name
        if path.name.startswith(_TMP_PREFIX):
            path.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def archive_dir(home: Path) -> Path:
    """Where issued documents are kept in the home folder."""
    return home / "archive"


def default_storage(home: Path | None = None) -> LocalStorage:
    return LocalStorage(archive_dir(home or docgen_home()))


# ---------------------------------------------------------------------------
# Retention (JRA)


@dataclass(frozen=True)
class Retention:
    code: str
    description: str
    active: str
    inactive: str
    disposition: str
    source: str


RETENTION_COLUMNS = ("code", "description", "active", "inactive", "disposition", "source")
DISPOSITIONS = ("musnah", "permanen", "dinilai kembali")
RETENTION_ENV = "DOCGEN_RETENTION"
"""Path of the region's own retention table (default: ``retensi.csv`` in DOCGEN_HOME)."""


class RetentionTableError(ValueError):
    """A retention table that cannot be used; the message names the file, line and column."""


@lru_cache(maxsize=8)
def _read_retention(path: Path, _mtime: float) -> tuple[Retention, ...]:
    rows: list[Retention] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in RETENTION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RetentionTableError(f"{path}: line 1: missing column(s) {', '.join(missing)}; "
                                      f"the columns are {', '.join(RETENTION_COLUMNS)}")
        for line, row in enumerate(reader, 2):
            values = {k: (row.get(k) or "").strip() for k in RETENTION_COLUMNS}
            if not CLASSIFICATION.match(values["code"]):
                raise RetentionTableError(f"{path}: line {line}, column code: "
                                          f"{values['code']!r} is not a classification code")
            if values["disposition"] not in DISPOSITIONS:
                raise RetentionTableError(
                    f"{path}: line {line}, column disposition: {values['disposition']!r}; "
                    f"use one of {', '.join(DISPOSITIONS)}")
            if not values["source"]:
                raise RetentionTableError(f"{path}: line {line}, column source: empty; name "
                                          f"the regulation (e.g. the Perkada on the JRA)")
            rows.append(Retention(**values))
    return tuple(rows)


def regional_retention_path() -> Path | None:
    """The region's own retention table, when there is one."""
    configured = os.environ.get(RETENTION_ENV)
    if configured:
        return Path(configured)
    candidate = docgen_home() / "retensi.csv"
    return candidate if candidate.exists() else None


def retention_table(path: Path | None = None) -> tuple[Retention, ...]:
    """The retention schedule (JRA) in force: the shipped table, with the rows of the
    region's own table (:func:`regional_retention_path`) added or put in place of shipped
    rows with the same code. Each row keeps its source."""
    if path is not None:
        return _read_retention(Path(path), Path(path).stat().st_mtime)
    shipped = _read_retention(RETENTION_CSV, RETENTION_CSV.stat().st_mtime)
    regional = regional_retention_path()
    if regional is None:
        return shipped
    if not regional.exists():
        raise RetentionTableError(f"{regional}: the regional retention table does not exist")
    own = _read_retention(regional, regional.stat().st_mtime)
    codes = {row.code for row in own}
    return tuple(row for row in shipped if row.code not in codes) + own


def retention_for(classification: str, table: tuple[Retention, ...] | None = None
                  ) -> Retention | None:
    """The row for the most specific code that is `classification` or one of its parents."""
    best: Retention | None = None
    for row in table or retention_table():
        matches = classification == row.code or classification.startswith(row.code + ".")
        if matches and (best is None or len(row.code) > len(best.code)):
            best = row
    return best


# ---------------------------------------------------------------------------
# Finalising


class FinalizeRefused(ValueError):
    """The document cannot be finalised (missing data, unknown access class, ...)."""

    def __init__(self, code: str, message: str, problems: list | None = None):
        self.code = code
        self.problems = problems or []
        self.existing: ArchiveRecord | None = None
        """The record already issued (``finalize_already_issued``)."""
        super().__init__(message)


def _addressee(context: dict[str, Any]) -> str:
    """Who the document is addressed to, as the register's "Kepada" column shows it."""
    recipient = context.get("recipient")
    kind = context["doc"].kind
    office = context["study"].office
    if context.get("traveller") is not None:
        return getattr(context["traveller"], "name", "") or ""
    if context.get("invitee") is not None:
        invitee = context["invitee"]
        if isinstance(invitee, str):
            return invitee
        return ", ".join(p for p in (getattr(invitee, "jabatan", ""),
                                     getattr(invitee, "name", "")) if p)
    if recipient is not None and kind == "coordination_letter":
        parts = [recipient.addressee]
        # "Kepala Badan ... Kota Surabaya" already names the institution
        if recipient.institution and \
                recipient.institution.lower() not in (recipient.addressee or "").lower():
            parts.append(recipient.institution)
        return ", ".join(p for p in parts if p)
    if kind == "spt" and context.get("team"):
        team = context["team"]
        lead = team[0].full_name
        return lead if len(team) == 1 else f"{lead} dkk. ({len(team)} orang)"
    if kind == "nota_dinas":
        return office.head.jabatan
    if kind == "permit_request":
        return office.permit_to
    if kind == "invitation":
        return "Bapak/Ibu (daftar terlampir)"
    if kind == "report_letter":
        return context["study"].reporting.addressee
    return ""


def _signer(context: dict[str, Any]) -> str:
    signer = context.get("signer")
    if signer is None:
        return ""
    parts = [" ".join(p for p in (signer.on_behalf, signer.jabatan) if p), signer.name,
             signer.nip]
    return ", ".join(p for p in parts if p)[:500]


def today(office: Any = None) -> date:
    """Today in the office's time zone: from its province (WIB, WITA or WIT), unless
    ``DOCGEN_TIMEZONE`` overrides it; Asia/Jakarta without either
    (:func:`docgen.officetime.office_today`)."""
    return officetime.office_today(office)


def study_errors(study) -> list:  # noqa: ANN001
    """The study's errors (warnings aside): a document is not issued from invalid data."""
    return errors_only(check_study(study))


def finalize(session: Session, study_record: StudyRecord, kind: catalog.Kind | str,
             item: int | None = None, user: User | None = None, issued: date | None = None,
             *, storage: Storage | None = None, access: str = "biasa",
             corrects: ArchiveRecord | None = None, actor: str = "",
             base_dir: Path | None = None, classification: str | None = None,
             verify_base: str | None = None, pdf: bool = False,
             once: bool = False) -> ArchiveRecord:
    """Issue one document: number, final DOCX, stored file and register entry, all or
    nothing. Commits the session; returns the new register entry.

    `classification` replaces the catalog's code (chosen before issuing, since the code is
    part of the number). The document carries a QR code pointing at its public verification
    page under `verify_base` (see :func:`docgen.qr.public_base`). With `pdf`, the PDF/A is
    made after the commit and kept beside the DOCX (:func:`attach_pdf`); a failed conversion
    leaves the issued record as it is and is logged.

    With `once`, a document (study, kind, item) already issued is refused
    (``finalize_already_issued``) unless this is a correction; the check is made under the
    numbering lock, so two requests at the same moment cannot both issue it."""
    kind = catalog.get_kind(kind) if isinstance(kind, str) else kind
    if access not in ACCESS_CLASSES:
        raise FinalizeRefused("access_unknown", f"unknown access class {access!r}")
    if classification is not None:
        classification = classification.strip()
        if not CLASSIFICATION.match(classification):
            raise FinalizeRefused("classification_invalid",
                                  f"not a classification code: {classification!r}")
    try:
        base = qr.public_base(verify_base)
    except ValueError as exc:
        raise FinalizeRefused("public_url_invalid", str(exc)) from None
    study = study_record.study
    problems = catalog.missing(study, kind)
    if problems:
        raise FinalizeRefused("finalize_incomplete", f"{kind.id} is not complete", problems)
    problems = study_errors(study)
    if problems:
        raise FinalizeRefused("finalize_invalid", "the study has errors", problems)
    if kind.fan_out != "none" and item is None:
        item = 0
    if item is not None and item not in catalog.items(study, kind):
        raise FinalizeRefused("finalize_item", f"{kind.id} has no item {item}")
    if corrects is not None and ACCESS_CLASSES.index(access) < \
            ACCESS_CLASSES.index(corrects.access) and user is not None and \
            user.role not in ACCESS_LOWERERS:
        raise FinalizeRefused("access_lowered", f"a correction of a {corrects.access} "
                              f"document cannot be {access}")
    if corrects is not None and (corrects.study_id != study_record.id
                                 or corrects.kind != kind.id):
        raise FinalizeRefused("finalize_corrects", "a correction must be of the same study "
                              "and kind")
    when = issued or today(study.office)
    register = register_refs(session, study_record)
    draft = build_context(study, kind, item=item, issued=when, classification=classification,
                          register=register)
    classification = draft["doc"].classification
    public_id = uuid.uuid4().hex
    subject = draft["doc"].hal or kind.title_id
    addressee = _addressee(draft)
    retention = retention_for(classification)
    storage = storage or default_storage()
    if base_dir is None:
        base_dir = files_dir(docgen_home())
    who = actor_label(user, actor)
    office = study_record.office
    template = active_source(session, FileStore(base_dir), office, kind)  # the office's own
    with all_or_nothing(session, storage) as written:
        letter = None
        if kind.numbered:
            letter = numbering.allocate(session, office, classification=classification,
                                        when=when, user=user, actor=actor, subject=subject,
                                        addressee=addressee)
        else:
            numbering.write_lock(session)
        # Checked under the numbering lock: two requests at once cannot both pass.
        existing = None
        if corrects is not None:
            existing = session.scalar(select(ArchiveRecord).where(
                ArchiveRecord.corrects_id == corrects.id))
            code = "finalize_already_corrected"
        elif once:
            existing = latest_issued(session, study_record.id, kind.id, item)
            code = "finalize_already_issued"
        if existing is not None:
            refusal = FinalizeRefused(code, f"{kind.id} is already issued as record "
                                            f"{existing.id}")
            refusal.existing = existing
            raise refusal
        rendered = render_document(study, kind, item=item,
                                   number=letter.number if letter else None, issued=when,
                                   base_dir=base_dir, classification=classification,
                                   verify_url=qr.verify_url(public_id, base),
                                   register=register, template=template)
        digest = hashlib.sha256(rendered.data).hexdigest()
        key = f"{when.year}/{uuid.uuid4().hex}.docx"
        record = ArchiveRecord(
            office_id=office.id, study_id=study_record.id, study_ref=study.id,
            letter_number_id=letter.id if letter else None,
            number=letter.number if letter else "", issued=when, kind=kind.id, item=item,
            version=corrects.version + 1 if corrects is not None else 1,
            corrects_id=corrects.id if corrects is not None else None,
            subject=subject[:500], addressee=addressee[:500], classification=classification,
            retention_active=retention.active if retention else "",
            retention_inactive=retention.inactive if retention else "",
            disposition=retention.disposition if retention else "",
            retention_source=retention.source[:500] if retention else "",
            access=access, signer=_signer(draft), filename=rendered.filename,
            storage_key=key, size=len(rendered.data), sha256=digest, public_id=public_id,
            template=rendered.template, template_sha256=rendered.template_sha256,
            created_by_id=user.id if user is not None else None, created_by_name=who)
        session.add(record)
        session.flush()
        session.add(ArchiveEvent(record_id=record.id, event="created",
                                 detail=f"{record.number or kind.id} sha256:{digest}",
                                 actor_id=record.created_by_id, actor_name=who))
        session.flush()
        written.append(key)
        storage.put(key, rendered.data)
        pause = os.environ.get(PAUSE_HOOK)
        if pause:
            time.sleep(float(pause))
    if pdf:
        attach_pdf(session, record, rendered.data, storage=storage, user=user, actor=actor)
    return record


def log_event(session: Session, record: ArchiveRecord, event: str, user: User | None = None,
              *, actor: str = "", detail: str = "", outcome: str = "ok") -> ArchiveEvent:
    """Add an event to a record's log (the caller commits)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}; events: {', '.join(EVENTS)}")
    row = ArchiveEvent(record_id=record.id, event=event, outcome=outcome, detail=detail,
                       actor_id=user.id if user is not None else None,
                       actor_name=actor_label(user, actor))
    session.add(row)
    return row


def read_file(session: Session, record: ArchiveRecord, storage: Storage | None = None,
              user: User | None = None, *, actor: str = "") -> bytes:
    """The stored bytes of a record, checked against its SHA-256; logs ``downloaded``."""
    data = (storage or default_storage()).get(record.storage_key)
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise FixityError(record)
    log_event(session, record, "downloaded", user, actor=actor)
    session.commit()
    return data


@contextlib.contextmanager
def all_or_nothing(session: Session, storage: Storage) -> Iterator[list[str]]:
    """Commit the session's rows and keep the stored files together, or neither: the block
    appends the key of each file it is about to store; if anything fails, the session is
    rolled back and those files are deleted."""
    written: list[str] = []
    try:
        yield written
        session.commit()
    except BaseException:
        session.rollback()
        for key in written:
            with contextlib.suppress(OSError):
                storage.delete(key)
        raise


MIME_SUFFIX = {PDF: ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MIME_NAMES = {PDF: (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}


def put_file(session: Session, record: ArchiveRecord, role: str, data: bytes,
              filename: str, mime: str, storage: Storage, user: User | None, actor: str,
              written: list[str], note: str = "") -> ArchiveFile:
    """Store a further file of `record` and add its row, its key noted in `written` (see
    :func:`all_or_nothing`; the caller logs and commits)."""
    if role not in FILE_ROLES:
        raise ValueError(f"unknown file role {role!r}")
    suffix = MIME_SUFFIX[mime]  # the file's real type, whatever its name said
    name = safe_name(filename)
    if Path(name).suffix.lower() not in MIME_NAMES[mime]:
        name = Path(name).stem + suffix
    key = f"{record.issued.year}/{uuid.uuid4().hex}{suffix}"
    written.append(key)
    row = ArchiveFile(record=record, role=role, filename=name[-255:],
                      mime=mime, storage_key=key, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), note=note[:2000],
                      created_by_id=user.id if user is not None else None,
                      created_by_name=actor_label(user, actor))
    session.add(row)
    session.flush()
    storage.put(key, data)
    return row


def safe_name(name: str) -> str:
    """A file name to show and to offer for download: no folders, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "berkas"
    return base


def attach_pdf(session: Session, record: ArchiveRecord, docx: bytes | None = None, *,
               storage: Storage | None = None, user: User | None = None,
               actor: str = "") -> ArchiveFile | None:
    """Make the PDF/A of an issued document and keep it beside its DOCX. Returns None (and
    logs why) when it cannot be made; the record stays as issued either way. Commits."""
    from docgen.pdf import PdfFailed, PdfUnavailable, docx_to_pdf

    storage = storage or default_storage()
    existing = next((f for f in record.files if f.role == "pdf"), None)
    if existing is not None:
        return existing
    if docx is None:
        docx = storage.get(record.storage_key)
    try:
        data = docx_to_pdf(docx, name=Path(record.filename).stem)
    except (PdfUnavailable, PdfFailed) as exc:
        log_event(session, record, "pdf_made", user, actor=actor, outcome="failed",
                  detail=str(exc))
        session.commit()
        return None
    name = Path(record.filename).with_suffix(".pdf").name
    with all_or_nothing(session, storage) as written:
        numbering.write_lock(session)  # one PDF/A per record, however many ask at once
        made = session.scalar(select(ArchiveFile).where(ArchiveFile.record_id == record.id,
                                                        ArchiveFile.role == "pdf"))
        if made is not None:
            return made
        row = put_file(session, record, "pdf", data, name, PDF, storage, user, actor,
                        written)
        log_event(session, record, "pdf_made", user, actor=actor,
                  detail=f"{name} sha256:{row.sha256}")
    return row


class SignedCopyRefused(ValueError):
    """A signed copy that does not belong to its record; `code` names the message in
    :data:`docgen.messages.TEXTS`, `values` fills it."""

    def __init__(self, code: str, **values: Any):
        self.code = code
        self.values = values
        super().__init__(code)

    def message(self, lang: str = "id") -> str:
        from docgen.messages import text

        return text(self.code, lang, **self.values)


def latest_issued(session: Session, study_id: int, kind: str,
                  item: int | None) -> ArchiveRecord | None:
    """The latest version of a study's issued document (kind and item), if it was issued."""
    existing = session.scalar(
        select(ArchiveRecord).where(ArchiveRecord.study_id == study_id,
                                    ArchiveRecord.kind == kind,
                                    ArchiveRecord.item.is_(None) if item is None
                                    else ArchiveRecord.item == item)
        .order_by(ArchiveRecord.id.desc()))
    return corrections(session, existing)[-1] if existing is not None else None


def register_refs(session: Session, study_record: StudyRecord | int) -> Register:
    """The study's issued papers by (kind, item): the number, date and hal of the latest
    issued version of each (a voided number is not cited). Later papers of the study cite
    them (:func:`docgen.references.references`)."""
    study_id = study_record if isinstance(study_record, int) else study_record.id
    if study_id is None:
        return {}
    # One query: the latest version of each (kind, item) whose number is not voided, read
    # as plain columns (a study issues many papers; finalising must not load them all).
    latest = (select(func.max(ArchiveRecord.id))
              .outerjoin(LetterNumber, ArchiveRecord.letter_number_id == LetterNumber.id)
              .where(ArchiveRecord.study_id == study_id,
                     or_(LetterNumber.id.is_(None), LetterNumber.state != "void"))
              .group_by(ArchiveRecord.kind, ArchiveRecord.item))
    rows = session.execute(
        select(ArchiveRecord.kind, ArchiveRecord.item, ArchiveRecord.subject,
               ArchiveRecord.number, ArchiveRecord.issued)
        .where(ArchiveRecord.id.in_(latest)).order_by(ArchiveRecord.id))
    found: dict[tuple[str, int | None], Cited] = {}
    for kind, item, subject, number, issued in rows:
        found[(kind, item)] = Cited(kind, subject, number, issued, subject, item)
    return found


def corrections(session: Session, record: ArchiveRecord) -> list[ArchiveRecord]:
    """Every version of the document `record` belongs to, the first issued first."""
    first = record
    while first.corrects is not None:
        first = first.corrects
    chain = [first]
    while True:
        nxt = session.scalar(select(ArchiveRecord).where(
            ArchiveRecord.corrects_id == chain[-1].id))
        if nxt is None:
            return chain
        chain.append(nxt)


def read_archive_file(session: Session, file: ArchiveFile, storage: Storage | None = None,
                      user: User | None = None, *, actor: str = "") -> bytes:
    """The stored bytes of a further file, checked against its SHA-256; logs ``downloaded``
    on its record."""
    data = (storage or default_storage()).get(file.storage_key)
    if hashlib.sha256(data).hexdigest() != file.sha256:
        raise FixityError(file.record, file)
    log_event(session, file.record, "downloaded", user, actor=actor,
              detail=f"{file.role}: {file.filename}")
    session.commit()
    return data


class FixityError(Exception):
    def __init__(self, record: ArchiveRecord, file: ArchiveFile | None = None):
        self.record = record
        self.file = file
        which = f"stored file {file.filename}" if file is not None else "stored file"
        super().__init__(f"record {record.id} ({record.number or record.kind}): "
                         f"{which} does not match its SHA-256")


# ---------------------------------------------------------------------------
# Fixity


@dataclass
class VerifyReport:
    checked: int = 0
    mismatched: list[ArchiveRecord] = field(default_factory=list)
    missing: list[ArchiveRecord] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    mismatched_files: list[ArchiveFile] = field(default_factory=list)
    missing_files: list[ArchiveFile] = field(default_factory=list)
    """Further files (PDF/A, signed copies) that differ from their hash or are gone."""

    @property
    def ok(self) -> bool:
        return not (self.mismatched or self.missing or self.orphans or self.leftovers
                    or self.mismatched_files or self.missing_files)


def verify(session: Session, storage: Storage | None = None, user: User | None = None, *,
           actor: str = "") -> VerifyReport:
    """Recompute every stored file's SHA-256 and look for files no record names; each check
    is logged as a ``fixity_checked`` event. Commits."""
    storage = storage or default_storage()
    report = VerifyReport()
    known: set[str] = set()

    def check(record: ArchiveRecord, item: Any, key: str, expected: str, missing: list,
              mismatched: list, what: str = "") -> None:
        """Hash one stored file; note it in the report and the record's log."""
        known.add(key)
        report.checked += 1
        try:
            data = storage.get(key)
        except FileNotFoundError:
            missing.append(item)
            log_event(session, record, "fixity_checked", user, actor=actor,
                      outcome="missing", detail=f"{what.split(' ')[0]} {key}".strip())
            return
        digest = hashlib.sha256(data).hexdigest()
        outcome = "ok" if digest == expected else "mismatch"
        if outcome != "ok":
            mismatched.append(item)
        log_event(session, record, "fixity_checked", user, actor=actor, outcome=outcome,
                  detail=f"{what} sha256:{digest}".strip())

    for record in session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)):
        check(record, record, record.storage_key, record.sha256, report.missing,
              report.mismatched)
    for file in session.scalars(select(ArchiveFile).order_by(ArchiveFile.id)):
        check(file.record, file, file.storage_key, file.sha256, report.missing_files,
              report.mismatched_files, f"{file.role} {file.filename}")
    report.orphans = [k for k in storage.stored_keys() if k not in known]
    report.leftovers = list(storage.leftovers())
    session.commit()
    return report


ORPHAN_GRACE_SECONDS = 600
"""An orphan or temporary file younger than this may belong to a document being issued
right now (its file is written just before its entry commits): it is left alone."""


def remove_orphans(report: VerifyReport, storage: Storage | None = None,
                   session: Session | None = None, *,
                   min_age: float = ORPHAN_GRACE_SECONDS) -> int:
    """Delete the files a report found without a record (and unfinished temporary files)
    that are older than `min_age` seconds and, with `session`, still named by no record at
    the moment of deleting. Returns how many were deleted; the others stay in the report."""
    storage = storage or default_storage()
    age = storage.age if isinstance(storage, LocalStorage) else None

    def old_enough(name: str) -> bool:
        return age is None or age(name) >= min_age

    def unnamed(key: str) -> bool:
        if session is None:
            return True
        return session.scalar(select(ArchiveRecord.id).where(
            ArchiveRecord.storage_key == key)) is None and session.scalar(select(
                ArchiveFile.id).where(ArchiveFile.storage_key == key)) is None

    removed = 0
    kept_orphans, kept_leftovers = [], []
    for key in report.orphans:
        if old_enough(key) and unnamed(key):
            storage.delete(key)
            removed += 1
        else:
            kept_orphans.append(key)
    for name in report.leftovers:
        if isinstance(storage, LocalStorage) and old_enough(name):
            storage.delete_leftover(name)
            removed += 1
        else:
            kept_leftovers.append(name)
    report.orphans, report.leftovers = kept_orphans, kept_leftovers
    return removed


# ---------------------------------------------------------------------------
# The register and its exports


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


# The signed copies (filing one that is really signed, marking a wrong upload) live in
# docgen.archive_signed; they are offered here as before.
from docgen.archive_signed import (  # noqa: E402, F401
    file_signed_copy,
    latest_signed_copy,
    signed_copies,
    withdraw_signed_copy,
)
