"""The signed copy of an issued document on the web:

* ``POST /arsip/<id>/signed-copy`` files it (:func:`docgen.archive.file_signed_copy`): a file
  that is the issued PDF/A itself, or whose pages equal it with nothing added, is refused
  with the reason (:mod:`docgen.signed_pages`), as is a file of another document;
* ``POST /arsip/<id>/files/<file>/salah-unggah`` marks a filed copy as a wrong upload with
  the reason (:func:`docgen.archive.withdraw_signed_copy`): kept and shown struck through,
  never deleted; the record waits for a signed copy again.

Who: staff, signers, archivists and administrators who may open the record's files.
:func:`signed_state` says what the record page and the register show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from docgen import archive
from docgen.store import ArchiveFile, ArchiveRecord
from docgen.store.files import clean_name
from web.access import role_required
from web.archive import FILERS, SIGNED_COPY_FIELD, bp, openable_record, storage
from web.db import db
from web.i18n import ui_lang

REASON_FIELD = "reason"


@dataclass(frozen=True)
class SignedState:
    """Whether a signed copy of a record stands, and since when."""

    copy: ArchiveFile | None

    @property
    def signed(self) -> bool:
        return self.copy is not None

    @property
    def filed_at(self) -> datetime | None:
        return self.copy.created_at if self.copy is not None else None


def signed_state(entry: ArchiveRecord) -> SignedState:
    return SignedState(archive.latest_signed_copy(entry))


def signed_states(records: list[ArchiveRecord]) -> dict[int, SignedState]:
    """:func:`signed_state` of each of `records`, read in one query (the register's page)."""
    ids = [r.id for r in records]
    copies: dict[int, list[ArchiveFile]] = {i: [] for i in ids}
    if ids:
        rows = db().scalars(select(ArchiveFile).options(selectinload(ArchiveFile.withdrawal))
                            .where(ArchiveFile.record_id.in_(ids),
                                   ArchiveFile.role == "signed_copy")
                            .order_by(ArchiveFile.id))
        for row in rows:
            copies[row.record_id].append(row)
    return {i: SignedState(next((c for c in reversed(found) if c.withdrawal is None), None))
            for i, found in copies.items()}


@bp.post("/arsip/<int:record_id>/signed-copy")
@role_required(*FILERS)
def signed_copy(record_id: int):  # noqa: ANN201
    entry = openable_record(record_id)
    # No #signed-copy anchor: it would scroll the outcome (flashed at the top) out of view.
    back = url_for("archive.record", record_id=entry.id)
    lang = ui_lang()
    upload = request.files.get(SIGNED_COPY_FIELD)
    if upload is None or not upload.filename:
        flash(_("Choose the signed copy (PDF, or a JPEG or PNG scan) to upload."), "danger")
        return redirect(back)
    note = request.form.get("note", "").strip()[:1000]
    try:
        kept = archive.file_signed_copy(db(), entry, upload.read(),
                                        clean_name(upload.filename), current_user,
                                        storage=storage(), note=note)
    except archive.SignedCopyRefused as exc:  # logged by the core; nothing stored
        flash(_("The signed copy was not filed: %(reason)s", reason=exc.message(lang)),
              "danger")
        return redirect(back)
    flash(_("The signed copy %(name)s is filed with this record.", name=kept.filename),
          "success")
    return redirect(back)


@bp.post("/arsip/<int:record_id>/files/<int:file_id>/salah-unggah")
@role_required(*FILERS)
def withdraw(record_id: int, file_id: int):  # noqa: ANN201
    """Mark a signed copy as a wrong upload, with the reason; nothing else changes."""
    entry = openable_record(record_id)
    kept = next((f for f in entry.files if f.id == file_id), None)
    if kept is None:
        abort(404)
    back = url_for("archive.record", record_id=entry.id)
    try:
        archive.withdraw_signed_copy(db(), entry, kept, request.form.get(REASON_FIELD, ""),
                                     current_user)
    except archive.SignedCopyRefused as exc:
        db().rollback()
        flash(_("%(name)s was not marked: %(reason)s", name=kept.filename,
                reason=exc.message(ui_lang())), "danger")
        return redirect(back)
    flash(_("%(name)s is marked as a wrong upload (salah unggah). It stays in the record, "
            "struck through; the record waits for the signed copy again.",
            name=kept.filename), "success")
    return redirect(back)
