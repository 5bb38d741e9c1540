"""The public verification page a document's QR code points at: ``GET /v/<public_id>``
shows what anyone holding the paper may check; ``POST /v/<public_id>`` compares the SHA-256 of
a file they hold with the record's files (nothing kept). A *terbatas* or *rahasia* record
shows nothing beyond the number and the office.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    render_template,
    request,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from docgen import archive, qr
from docgen.store import ArchiveEvent, ArchiveRecord
from web.access import public
from web.archive import (
    SIGNED_COPY_FIELD,
    SIGNED_COPY_LIMIT,
    bp,
    kind_title,
    successor,
)
from web.db import db
from web.i18n import ui_lang


def _public_record(public_id: str) -> ArchiveRecord | None:
    if not qr.PUBLIC_ID.match(public_id):
        return None
    return db().scalar(select(ArchiveRecord).where(ArchiveRecord.public_id == public_id))


def _verify_page(entry: ArchiveRecord | None, public_id: str, **extra: Any) -> Any:
    if entry is None:
        lang = ui_lang()
        other = "en" if lang == "id" else "id"
        with force_locale(other):  # said in both languages: whoever scans may read either
            other_text = _("This document is not in the register.")
        return render_template("archive/verify_unknown.html", other_lang=other,
                               other_text=other_text), 404
    profile = entry.office.office_profile
    office_name = profile.instansi or entry.office.name  # Badan ... Kabupaten Sleman
    restricted = entry.access != "biasa"
    signed = None if restricted else archive.latest_signed_copy(entry)
    pdfs = [] if restricted else [f for f in entry.files if f.role == "pdf"]
    later = None if restricted else successor(entry)
    return render_template("archive/verify.html", entry=entry, office_name=office_name,
                           restricted=restricted, signed=signed, pdfs=pdfs, later=later,
                           kind_title=kind_title, lang=ui_lang(), public_id=public_id,
                           **extra)


@bp.get("/v/<public_id>")
@public
def verify(public_id: str):  # noqa: ANN201
    entry = _public_record(public_id)
    if entry is not None:
        _note_online_check(entry)
    return _verify_page(entry, public_id)


ONLINE_CHECK_QUIET = timedelta(minutes=10)
"""A record's `verified_online` events are at least this far apart, so a page reloaded or
scanned again and again does not fill its log."""


def _note_online_check(entry: ArchiveRecord) -> None:
    """Log that someone opened the verification page (no address or other trace of who)."""
    last = db().scalar(select(ArchiveEvent.at).where(ArchiveEvent.record_id == entry.id,
                                                     ArchiveEvent.event == "verified_online")
                       .order_by(ArchiveEvent.id.desc()).limit(1))
    now = datetime.now(UTC)
    if last is not None:
        when = last if last.tzinfo is not None else last.replace(tzinfo=UTC)
        if now - when < ONLINE_CHECK_QUIET:
            return
    archive.log_event(db(), entry, "verified_online", actor="publik")
    db().commit()


@bp.post("/v/<public_id>")
@public
def verify_file(public_id: str):  # noqa: ANN201
    """Compare the SHA-256 of a file someone holds with the files of the record (nothing
    is kept; a restricted record says nothing)."""
    entry = _public_record(public_id)
    if entry is None or entry.access != "biasa":
        return _verify_page(entry, public_id)
    upload = request.files.get(SIGNED_COPY_FIELD)
    data = upload.read(SIGNED_COPY_LIMIT + 1) if upload is not None else b""
    if not data or len(data) > SIGNED_COPY_LIMIT:
        return _verify_page(entry, public_id, compared=None, compare_error=True)
    digest = hashlib.sha256(data).hexdigest()
    known = {entry.sha256: entry.filename}
    known.update({f.sha256: f.filename for f in entry.files})
    return _verify_page(entry, public_id, compared=digest, matched=known.get(digest))

