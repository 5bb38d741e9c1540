"""The signed copies of an issued document: filing one that is really signed, marking a
wrong upload (*salah unggah*), and which copy stands.

:func:`file_signed_copy` files a signed copy after checking that it is the document
(:func:`docgen.signed.check_signed_copy`: its number or QR code, no active content) and
that it is signed: not the issued PDF/A itself, byte for byte, nor a file whose pages equal
it with nothing added (:func:`docgen.signed_pages.compare`), nor a copy already filed. A
refused copy is logged and nothing is stored.

:func:`withdraw_signed_copy` marks a filed copy as a wrong upload with the reason: the file
is kept (shown struck through, never deleted), the mark is logged, and the record waits for
a signed copy again (:func:`latest_signed_copy` passes over a marked copy).

:mod:`docgen.archive` offers these names too; it is imported here only inside functions, so
either module may be imported first.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from docgen.store.archive_models import (
    ArchiveFile,
    ArchiveRecord,
    SignedCopyWithdrawal,
    actor_label,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from docgen.archive import Storage
    from docgen.signed_pages import Comparison
    from docgen.store.models import User

log = logging.getLogger(__name__)

REASON_MAX = 1000


def signed_copies(record: ArchiveRecord) -> list[ArchiveFile]:
    """Every signed copy filed with `record`, marked or not, the first filed first."""
    return [f for f in record.files if f.role == "signed_copy"]


def latest_signed_copy(record: ArchiveRecord) -> ArchiveFile | None:
    """The signed copy that stands: the latest one not marked as a wrong upload."""
    standing = [f for f in signed_copies(record) if f.withdrawal is None]
    return standing[-1] if standing else None


def issued_pdf(record: ArchiveRecord) -> ArchiveFile | None:
    """The PDF/A kept with `record`, if any."""
    return next((f for f in record.files if f.role == "pdf"), None)


def _refused(code: str, **values: object) -> Exception:
    from docgen.archive import SignedCopyRefused

    return SignedCopyRefused(code, **values)


def _reference(record: ArchiveRecord, storage: Storage) -> bytes | None:
    """The bytes of the record's PDF/A, when kept and intact."""
    kept = issued_pdf(record)
    if kept is None:
        return None
    try:
        data = storage.get(kept.storage_key)
    except OSError as exc:
        log.warning("record %s: PDF/A not read for the comparison: %s", record.id, exc)
        return None
    if hashlib.sha256(data).hexdigest() != kept.sha256:
        log.warning("record %s: PDF/A does not match its SHA-256; not compared", record.id)
        return None
    return data


def check_really_signed(record: ArchiveRecord, data: bytes, mime: str,
                        storage: Storage) -> Comparison | None:
    """Refuse (SignedCopyRefused) a copy that is not signed: the issued PDF/A itself, a copy
    already filed, or pages equal to the PDF/A's with nothing added. The comparison made
    (None without a PDF/A to compare with)."""
    from docgen.signed_pages import compare

    digest = hashlib.sha256(data).hexdigest()
    kept = issued_pdf(record)
    if kept is not None and digest == kept.sha256:
        raise _refused("signed_is_issued")
    for copy in signed_copies(record):
        if copy.sha256 == digest and copy.withdrawal is None:
            raise _refused("signed_already_filed", name=copy.filename)
    reference = _reference(record, storage)
    if reference is None:
        return None
    try:
        found = compare(reference, data, mime)
    except Exception as exc:  # noqa: BLE001 - a comparison that fails refuses nothing
        log.warning("record %s: signed copy not compared with the PDF/A: %s", record.id, exc)
        return None
    if found.same and found.page is not None:
        raise _refused("signed_unchanged_page", page=found.page)
    if found.same:
        raise _refused("signed_unchanged", pages=found.pages)
    return found


def file_signed_copy(session: Session, record: ArchiveRecord, data: bytes, filename: str,
                     user: User | None = None, *, storage: Storage | None = None,
                     note: str = "", actor: str = "") -> ArchiveFile:
    """File the signed copy of an issued document (a PDF from the e-signature system, or a
    scan as PDF, JPEG or PNG) as a further file of its record, after checking that it is
    that document and that it is signed (see the module). A refused copy is logged and
    nothing is stored. Commits."""
    from docgen import archive
    from docgen.signed import check_signed_copy

    storage = storage or archive.default_storage()
    try:
        found = check_signed_copy(data, record)
        compared = check_really_signed(record, data, found.mime, storage)
    except archive.SignedCopyRefused as exc:
        archive.log_event(session, record, "signed_copy_refused", user, actor=actor,
                          outcome="refused",
                          detail=f"{archive.safe_name(filename)}: {exc.message('id')}")
        session.commit()
        raise
    summary = found.summary + (f"; {compared.summary}" if compared is not None
                               else "; tidak ada PDF/A untuk dibandingkan")
    with archive.all_or_nothing(session, storage) as written:
        row = archive.put_file(session, record, "signed_copy", data, filename, found.mime,
                               storage, user, actor, written, note)
        archive.log_event(session, record, "signed_copy_filed", user, actor=actor,
                          detail=f"{row.filename} sha256:{row.sha256}; {summary}")
    return row


def withdraw_signed_copy(session: Session, record: ArchiveRecord, file: ArchiveFile,
                         reason: str, user: User | None = None, *,
                         actor: str = "") -> SignedCopyWithdrawal:
    """Mark the signed copy `file` of `record` as a wrong upload, for `reason`; it stays
    filed. SignedCopyRefused (``withdraw_*``) when the reason is empty, the file is not a
    signed copy of this record, or it is marked already; nothing changes then. Commits."""
    from docgen import archive

    reason = " ".join((reason or "").split())[:REASON_MAX]
    if file.record_id != record.id or file.role != "signed_copy":
        raise _refused("withdraw_not_signed_copy")
    if file.withdrawal is not None:
        raise _refused("withdraw_already", name=file.filename)
    if not reason:
        raise _refused("withdraw_reason_missing")
    mark = SignedCopyWithdrawal(file_id=file.id, reason=reason,
                                created_by_id=user.id if user is not None else None,
                                created_by_name=actor_label(user, actor))
    session.add(mark)
    archive.log_event(session, record, "signed_copy_withdrawn", user, actor=actor,
                      detail=f"{file.filename} sha256:{file.sha256}; salah unggah: {reason}")
    session.commit()
    session.expire(file, ["withdrawal"])
    return mark
