"""The archive: finalising a document, the register, fixity checks and exports.

:func:`finalize` turns a draft into an issued document, all or nothing: the number is taken
(:func:`docgen.numbering.allocate`), the final DOCX is rendered with that number and date,
its bytes are written atomically to the :class:`Storage` (temporary file, fsync, rename),
and only then is the register entry committed in the same transaction as the number. A crash
after the rename and before the commit leaves a file no record points at, which
:func:`verify` reports as an orphan; the number was never committed, so none is lost.

By concept, in their own modules (their names are offered here too): the storage of files
(:mod:`docgen.archive_storage`), the retention schedule (:mod:`docgen.archive_retention`),
fixity checks (:mod:`docgen.archive_fixity`), the register and its exports
(:mod:`docgen.archive_exports`), signed copies (:mod:`docgen.archive_signed`).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from docgen import catalog, numbering, officetime, qr
from docgen.archive_retention import (  # noqa: F401  (offered here as before)
    CLASSIFICATION,
    DISPOSITIONS,
    RETENTION_COLUMNS,
    RETENTION_CSV,
    RETENTION_ENV,
    Retention,
    RetentionTableError,
    regional_retention_path,
    retention_for,
    retention_table,
)
from docgen.archive_storage import (  # noqa: F401
    DOCX,
    FixityError,
    LocalStorage,
    Storage,
    all_or_nothing,
    archive_dir,
    default_storage,
)
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

PAUSE_HOOK = "DOCGEN_TEST_FINALIZE_PAUSE"
"""Seconds to wait between the file's rename and the commit (tests of a crash only)."""
PDF = "application/pdf"
ACCESS_LOWERERS = ("archivist", "admin")
"""Roles that may issue a correction with a lower security class than the document it
corrects (the command line, run by the operator, may too)."""

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
             verify_base: str | None = None,
             pdf: bool | Callable[[ArchiveRecord, bytes], Any] = False,
             once: bool = False) -> ArchiveRecord:
    """Issue one document: number, final DOCX, stored file and register entry, all or
    nothing. Commits the session; returns the new register entry.

    `classification` replaces the catalog's code (chosen before issuing, since the code is
    part of the number). The document carries a QR code pointing at its public verification
    page under `verify_base` (see :func:`docgen.qr.public_base`). With `pdf` True, the PDF/A
    is made after the commit and kept beside the DOCX (:func:`attach_pdf`); a failed
    conversion leaves the issued record as it is and is logged. A callable `pdf` is handed
    the committed record and its DOCX instead, to have the PDF/A made in the background
    (:func:`docgen.jobs.record_pdf.request`).

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
    if callable(pdf):  # made later, in the background (docgen.jobs.record_pdf)
        pdf(record, rendered.data)
    elif pdf:
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
    return keep_pdf(session, record, data, storage=storage, user=user, actor=actor)


def keep_pdf(session: Session, record: ArchiveRecord, data: bytes, *,
             storage: Storage | None = None, user: User | None = None,
             actor: str = "") -> ArchiveFile:
    """Keep `data`, the PDF/A of `record` made from its DOCX, as its one ``pdf`` file and log
    ``pdf_made``; a PDF/A kept meanwhile (by another request or worker) is returned instead,
    checked under the numbering lock. Commits."""
    storage = storage or default_storage()
    name = Path(record.filename).with_suffix(".pdf").name
    with all_or_nothing(session, storage) as written:
        numbering.write_lock(session)  # one PDF/A per record, however many ask at once:
        session.execute(select(ArchiveRecord.id).where(  # on PostgreSQL, its row locked
            ArchiveRecord.id == record.id).with_for_update())
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




# The signed copies (filing one that is really signed, marking a wrong upload) live in
# docgen.archive_signed; they are offered here as before.
from docgen.archive_exports import (  # noqa: E402, F401
    DC_COLUMNS,
    FORMULA_START,
    INDONESIAN_DATE,
    REGISTER_COLUMNS,
    ZONE_NAMES,
    ExportError,
    _when,
    export_bag,
    records_between,
    register_rows,
    register_xlsx,
)
from docgen.archive_fixity import (  # noqa: E402, F401
    ORPHAN_GRACE_SECONDS,
    VerifyReport,
    remove_orphans,
    verify,
)
from docgen.archive_signed import (  # noqa: E402, F401
    file_signed_copy,
    latest_signed_copy,
    signed_copies,
    withdraw_signed_copy,
)
