"""The page images of an issued document: ``GET /arsip/<id>/pages`` (its PDF/A when kept,
else the DOCX converted), made in the background when first asked for
(:mod:`web.documents_convert`) and kept in the preview cache; not logged as a download (no
file leaves).
"""

from __future__ import annotations

import hashlib

from flask import (
    abort,
    make_response,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from docgen import archive
from docgen import preview as previews
from docgen.jobs.convert import Outcome
from docgen.preview import PreviewUnavailable
from docgen.store import ArchiveFile, ArchiveRecord
from web.access import READERS, role_required
from web.archive import (
    bp,
    file_error,
    kind_title,
    openable_record,
    storage,
)
from web.documents_convert import conversion, not_ready_image, waiting_page
from web.i18n import ui_lang


def stored_bytes(entry: ArchiveRecord, kept: ArchiveFile | None = None) -> bytes:
    """The stored bytes of `entry`'s DOCX (or of its further file `kept`), checked against
    their SHA-256 but not logged as a download (:class:`archive.FixityError` when they
    differ, FileNotFoundError when gone)."""
    key, digest = (kept.storage_key, kept.sha256) if kept else (entry.storage_key, entry.sha256)
    data = storage().get(key)
    if hashlib.sha256(data).hexdigest() != digest:
        raise archive.FixityError(entry, kept)
    return data


def kept_pdf(entry: ArchiveRecord) -> ArchiveFile | None:
    """The PDF/A kept with `entry`, if any."""
    return next((f for f in entry.files if f.role == "pdf"), None)


def record_pages(entry: ArchiveRecord) -> tuple[Outcome, ArchiveFile | None]:
    """The conversion showing `entry`'s pages and the PDF/A it shows: its PDF/A when kept
    (poppler only), else its DOCX converted (None); done at once when cached, else queued
    for a thread or a worker. Raises FixityError, FileNotFoundError, or PreviewUnavailable
    when a tool is missing here."""
    kept = kept_pdf(entry)
    if kept is not None:
        if previews.missing_where_made("pdf") is not None:
            raise PreviewUnavailable("poppler")
        return conversion(stored_bytes(entry, kept), "pdf"), kept
    tool = previews.missing_where_made()  # at each call: here, or the workers over Redis
    if tool is not None:
        raise PreviewUnavailable(tool)
    return conversion(stored_bytes(entry)), None


@bp.get("/arsip/<int:record_id>/pages")
@role_required(*READERS)
def preview(record_id: int):  # noqa: ANN201
    """The pages of the issued document as images (nothing is logged: no file leaves)."""
    entry = openable_record(record_id)
    made, source, missing, failed = None, None, None, False
    try:
        outcome, source = record_pages(entry)
    except (archive.FixityError, FileNotFoundError):  # the file the pages come from
        kept = kept_pdf(entry)
        return file_error(entry, kept.filename if kept else entry.filename)
    except PreviewUnavailable as exc:
        missing = exc.tool
    else:
        if outcome.pending:
            return waiting_page([outcome], title=f"{_('Pages')}: {entry.number or entry.filename}",
                                back=url_for("archive.record", record_id=entry.id))
        made, missing, failed = outcome.preview, outcome.missing, outcome.failed
    return render_template("archive/pages.html", entry=entry, preview=made, source=source,
                           missing=missing, failed=failed, lang=ui_lang(),
                           kind_title=kind_title, version=made.key[:16] if made else "")


@bp.get("/arsip/<int:record_id>/pages/<int:page>.png")
@role_required(*READERS)
def preview_page(record_id: int, page: int):  # noqa: ANN201
    entry = openable_record(record_id)
    try:
        outcome, _source = record_pages(entry)
    except (archive.FixityError, FileNotFoundError, PreviewUnavailable):
        abort(404)
    if outcome.pending:
        return not_ready_image()
    try:
        path = outcome.preview.page(page) if outcome.preview else None
    except IndexError:
        path = None
    if path is None:
        abort(404)
    made = outcome.preview
    response = make_response(send_file(path, mimetype="image/png", max_age=0))
    fresh = request.args.get("v") == made.key[:16]  # the address names this very version
    response.headers["Cache-Control"] = ("private, max-age=86400, immutable" if fresh
                                         else "no-store")
    return response

