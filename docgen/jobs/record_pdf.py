"""The PDF/A of an issued record, made in the background: issuing commits the record at once,
and its DOCX is converted by the conversion of its content (:mod:`docgen.jobs.convert`, a
web instance's threads or ``docgen worker`` over Redis), then kept beside the DOCX as the
record's one ``pdf`` file (:func:`docgen.archive.keep_pdf`, under the numbering lock: one
PDF/A per record however many attach at once) with its ``pdf_made`` event, as before.

* :func:`request` asks for it (when the record is issued, or again after a failure): a row
  of ``record_pdfs`` says it is ``pending``, and the conversion is queued.
* :func:`settle` is what the runner does when a conversion ends: every record waiting for
  that content gets its PDF/A kept (``made``), or its failure and the reason (``failed``),
  so the PDF/A is attached even when nobody opens the record's page.
* :func:`look` says where it stands for the record's page and the API; a conversion whose
  worker died is queued again there, and by ``docgen worker``'s reaper (:func:`reap`) for
  records nobody looks at. A worker killed while converting leaves no file in the storage:
  only the conversion that ends attaches, once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from docgen import preview as pv
from docgen.jobs import convert
from docgen.jobs.core import _update, lease_seconds, now
from docgen.messages import text
from docgen.store.archive_models import ArchiveFile, ArchiveRecord
from docgen.store.job_models import Conversion, RecordPdf
from docgen.store.models import User

log = logging.getLogger(__name__)

Submit = Callable[[int], None]


@dataclass(frozen=True)
class PdfState:
    """Where the PDF/A of a record stands, as its page and the API show it."""

    record_id: int
    state: str
    """``none`` (never asked for), ``pending``, ``made`` or ``failed``."""
    error_code: str = ""
    error: str = ""
    attempts: int = 0
    file_id: int | None = None
    conversion: str = ""
    """While pending: the conversion's state (``queued``, ``running``, ``done``)."""

    @property
    def pending(self) -> bool:
        return self.state == "pending"

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    @property
    def made(self) -> bool:
        return self.state == "made"

    def reason(self, lang: str = "id") -> str:
        """Why it failed, in `lang` (empty unless failed)."""
        if not self.failed:
            return ""
        return text(self.error_code or "conversion_failed", lang, detail=self.error,
                    tries=convert.MAX_ATTEMPTS)

    def message(self, lang: str = "id") -> str:
        return text(f"record_pdf_{self.state}", lang, reason=self.reason(lang))

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        return {"state": self.state, "file": self.file_id, "error": self.error_code,
                "reason": self.reason(lang), "message": self.message(lang),
                "attempts": self.attempts}


def storage_for(store: Any) -> Any:
    """The file storage of the store's ``DOCGEN_HOME`` (shared by every instance)."""
    from docgen.archive import default_storage

    return default_storage(Path(store.home))


def _kept(session: Any, record_id: int) -> ArchiveFile | None:
    return session.scalar(select(ArchiveFile).where(ArchiveFile.record_id == record_id,
                                                    ArchiveFile.role == "pdf"))


def _docx(store: Any, record: ArchiveRecord) -> bytes:
    """The record's stored DOCX, checked against its SHA-256."""
    from docgen.archive import FixityError

    data = storage_for(store).get(record.storage_key)
    if hashlib.sha256(data).hexdigest() != record.sha256:
        raise FixityError(record)
    return data


def state(store: Any, record_id: int) -> PdfState:
    """Where the PDF/A of record `record_id` stands, from the database alone."""
    with store.session() as session:
        kept = _kept(session, record_id)
        row = session.scalar(select(RecordPdf).where(RecordPdf.record_id == record_id))
        if kept is not None:
            return PdfState(record_id, "made", file_id=kept.id,
                            attempts=row.attempts if row is not None else 0)
        if row is None:
            return PdfState(record_id, "none")
        conversion = ""
        if row.state == "pending":
            conversion = session.scalar(select(Conversion.state).where(
                Conversion.key == row.key)) or "queued"
        return PdfState(record_id, row.state, row.error_code or "", row.error or "",
                        row.attempts, conversion=conversion)


def request(store: Any, record_id: int, docx: bytes | None = None, *,
            user_id: int | None = None, actor: str = "", submit: Submit | None = None,
            runner: str = "thread") -> PdfState:
    """Have the PDF/A of record `record_id` made in the background from `docx` (its stored
    DOCX when None): at issue, or again after a failure. Nothing is done when it is kept or
    being made already. A conversion of the same content made before is kept at once."""
    with store.session() as session:
        record = session.get(ArchiveRecord, record_id)
        if record is None:
            raise LookupError(f"no record {record_id}")
        if _kept(session, record_id) is not None:
            return state(store, record_id)
        session.expunge(record)
    if docx is None:
        docx = _docx(store, record)
    key = pv.docx_key(docx)
    again = _pending_row(store, record_id, key, user_id, actor)
    if again is None:  # being made already
        return look(store, record_id, submit=submit)
    outcome = convert.ask(store, docx, "docx", submit=submit, runner=runner)
    if outcome.failed and convert.again(store, key) and submit is not None:
        with store.session() as session:  # a retry: the failed conversion is tried anew
            submit(session.scalar(select(Conversion.id).where(Conversion.key == key)))
    elif not outcome.pending:
        settle(store, key)
    return state(store, record_id)


def _pending_row(store: Any, record_id: int, key: str, user_id: int | None,
                 actor: str) -> bool | None:
    """Mark the PDF/A of `record_id` pending: True when asked anew (a first time or after a
    failure), None when it was pending already."""
    moment = now()
    try:
        with store.transaction() as session:
            session.add(RecordPdf(record_id=record_id, key=key, state="pending",
                                  error_code="", error="", attempts=1,
                                  requested_by_id=user_id, requested_by_name=actor[:200],
                                  updated_at=moment))
        return True
    except IntegrityError:  # asked before: again only when it failed (or its row is stale)
        pass
    with store.transaction() as session:
        result = session.execute(_update(RecordPdf).where(
            RecordPdf.record_id == record_id, RecordPdf.state != "pending").values(
            state="pending", key=key, error_code="", error="",
            attempts=RecordPdf.attempts + 1, requested_by_id=user_id,
            requested_by_name=actor[:200], updated_at=moment, finished_at=None))
    return True if result.rowcount == 1 else None


def settle(store: Any, key: str) -> list[int]:
    """The records waiting for the conversion of `key`, settled now that it ended: its PDF/A
    kept with each (``made``), or each marked ``failed`` with the conversion's reason.
    Returns the ids of the records settled by this call."""
    with store.session() as session:
        waiting = list(session.scalars(select(RecordPdf.record_id).where(
            RecordPdf.key == key, RecordPdf.state == "pending")))
        conversion = session.scalar(select(Conversion).where(Conversion.key == key))
        if conversion is not None:
            session.expunge(conversion)
    if not waiting:
        return []
    found = convert.cache_for(store).get(key)
    settled = []
    failed = conversion is not None and conversion.state == "failed"
    for record_id in waiting:
        if found is not None:
            done = _attach(store, record_id, key, found.pdf.read_bytes())
        elif failed:
            done = _fail(store, record_id, key, conversion.error_code or "conversion_failed",
                         conversion.error or "")
        else:
            done = False
        if done:
            settled.append(record_id)
    return settled


def _requester(session: Any, record_id: int) -> tuple[User | None, str]:
    row = session.scalar(select(RecordPdf).where(RecordPdf.record_id == record_id))
    user = session.get(User, row.requested_by_id) if row and row.requested_by_id else None
    return user, (row.requested_by_name if row else "")


def _attach(store: Any, record_id: int, key: str, data: bytes) -> bool:
    from docgen.archive import keep_pdf

    with store.session() as session:
        record = session.get(ArchiveRecord, record_id)
        user, actor = _requester(session, record_id)
        kept = keep_pdf(session, record, data, storage=storage_for(store), user=user,
                        actor=actor)
        kept_id = kept.id
    with store.transaction() as session:
        result = session.execute(_update(RecordPdf).where(
            RecordPdf.record_id == record_id, RecordPdf.key == key,
            RecordPdf.state == "pending").values(
            state="made", error_code="", error="", updated_at=now(), finished_at=now()))
    log.info("record %s: PDF/A kept as file %s", record_id, kept_id)
    return result.rowcount == 1


def _fail(store: Any, record_id: int, key: str, code: str, detail: str) -> bool:
    """Mark the PDF/A of `record_id` failed and log it on the record (once)."""
    from docgen.archive import log_event

    with store.session() as session:
        result = session.execute(_update(RecordPdf).where(
            RecordPdf.record_id == record_id, RecordPdf.key == key,
            RecordPdf.state == "pending").values(
            state="failed", error_code=code[:60], error=detail[:2000], updated_at=now(),
            finished_at=now()))
        if result.rowcount != 1:
            session.rollback()
            return False
        record = session.get(ArchiveRecord, record_id)
        user, actor = _requester(session, record_id)
        log_event(session, record, "pdf_made", user, actor=actor, outcome="failed",
                  detail=(text(code, "en", detail=detail, tries=convert.MAX_ATTEMPTS)
                          or detail)[:2000])
        session.commit()
    return True


def look(store: Any, record_id: int, *, submit: Submit | None = None) -> PdfState:
    """Where the PDF/A of `record_id` stands; while pending, its conversion is looked at
    (queued again when its worker died, :func:`docgen.jobs.convert.look`) and the record
    settled when it ended; a conversion gone (its result pruned, its row never made) is
    asked for again from the stored DOCX."""
    found = state(store, record_id)
    if not found.pending:
        return found
    with store.session() as session:
        key = session.scalar(select(RecordPdf.key).where(RecordPdf.record_id == record_id))
    outcome = convert.look(store, key, submit=submit)
    if outcome is None or (outcome.state == "done" and not outcome.done):
        _ask_again(store, record_id, submit)
    elif not outcome.pending:
        settle(store, key)
    return state(store, record_id)


def _ask_again(store: Any, record_id: int, submit: Submit | None) -> None:
    """The conversion of a pending record's DOCX asked for again (its row or result gone)."""
    from docgen.archive import FixityError

    with store.session() as session:
        record = session.get(ArchiveRecord, record_id)
        session.expunge(record)
    try:
        docx = _docx(store, record)
    except (FixityError, FileNotFoundError) as exc:
        with store.session() as session:
            key = session.scalar(select(RecordPdf.key).where(RecordPdf.record_id == record_id))
        _fail(store, record_id, key, "record_pdf_docx_unreadable", str(exc))
        return
    outcome = convert.ask(store, docx, "docx", submit=submit)
    if not outcome.pending:
        settle(store, outcome.key)


def reap(store: Any, submit: Submit | None = None, *, skip: int | None = None) -> list[int]:
    """Records whose PDF/A has waited a lease or more, looked at again (:func:`look`): what
    ``docgen worker`` does twice a lease, so a PDF/A whose conversion ended while its worker
    died before attaching, or whose conversion is gone, is still kept. Returns the ids of
    the records settled."""
    before = now() - timedelta(seconds=lease_seconds())
    with store.session() as session:
        waiting = list(session.scalars(select(RecordPdf.record_id).where(
            RecordPdf.state == "pending", RecordPdf.updated_at < before)))
    settled = []
    for record_id in waiting:
        if record_id == skip:
            continue
        try:
            if not look(store, record_id, submit=submit).pending:
                settled.append(record_id)
        except Exception:  # noqa: BLE001 - one record's trouble does not stop the others
            log.exception("record %s: looking at its PDF/A failed", record_id)
    return settled
