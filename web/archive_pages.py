"""The page images of an issued document: ``GET /arsip/<id>/pages`` (its PDF/A when kept,
else the DOCX converted), made when asked for and kept in the preview cache; not logged as a
download (no file leaves).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from flask import (
    abort,
    make_response,
    render_template,
    request,
    send_file,
)

from docgen import archive
from docgen.preview import Preview, PreviewFailed, PreviewUnavailable, pdf_to_png, pdftoppm
from docgen.store import ArchiveFile, ArchiveRecord
from web.access import READERS, role_required
from web.archive import (
    bp,
    file_error,
    kind_title,
    openable_record,
    storage,
)
from web.documents import preview_cache
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


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


def pdf_pages(data: bytes, digest: str) -> Preview:
    """The page images of a PDF (a record's PDF/A) in the preview cache, under the PDF's
    SHA-256 (which is what the cache names a file that is not a DOCX by). Needs only poppler.
    The page count is written last, so a half-written folder is never used."""
    cache = preview_cache()
    found = cache.get(digest)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(found.folder)  # recently used: kept when the cache is pruned
        return found
    if pdftoppm() is None:
        raise PreviewUnavailable("poppler")
    pngs = pdf_to_png(data, dpi=cache.dpi)
    folder = cache.folder(digest)
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomically(folder / "document.pdf", data)
    for number, png in enumerate(pngs, start=1):
        _write_atomically(folder / f"page-{number}.png", png)
    _write_atomically(folder / "pages", str(len(pngs)).encode("ascii"))
    cache.prune()
    return Preview(digest, folder, len(pngs))


def kept_pdf(entry: ArchiveRecord) -> ArchiveFile | None:
    """The PDF/A kept with `entry`, if any."""
    return next((f for f in entry.files if f.role == "pdf"), None)


def record_pages(entry: ArchiveRecord) -> tuple[Preview, ArchiveFile | None]:
    """The page images of `entry` and the PDF/A they show: its PDF/A when kept (poppler
    only), else its DOCX converted (None). Raises FixityError, FileNotFoundError,
    PreviewUnavailable or PreviewFailed."""
    kept = kept_pdf(entry)
    if kept is not None:
        return pdf_pages(stored_bytes(entry, kept), kept.sha256), kept
    return preview_cache().make(stored_bytes(entry)), None


@bp.get("/arsip/<int:record_id>/pages")
@role_required(*READERS)
def preview(record_id: int):  # noqa: ANN201
    """The pages of the issued document as images (nothing is logged: no file leaves)."""
    entry = openable_record(record_id)
    made, source, missing, failed = None, None, None, False
    try:
        made, source = record_pages(entry)
    except (archive.FixityError, FileNotFoundError):  # the file the pages come from
        kept = kept_pdf(entry)
        return file_error(entry, kept.filename if kept else entry.filename)
    except PreviewUnavailable as exc:
        missing = exc.tool
    except PreviewFailed:
        failed = True
    return render_template("archive/pages.html", entry=entry, preview=made, source=source,
                           missing=missing, failed=failed, lang=ui_lang(),
                           kind_title=kind_title, version=made.key[:16] if made else "")


@bp.get("/arsip/<int:record_id>/pages/<int:page>.png")
@role_required(*READERS)
def preview_page(record_id: int, page: int):  # noqa: ANN201
    entry = openable_record(record_id)
    try:
        made, _source = record_pages(entry)
        path = made.page(page)
    except (archive.FixityError, FileNotFoundError, PreviewUnavailable, PreviewFailed,
            IndexError):
        abort(404)
    response = make_response(send_file(path, mimetype="image/png", max_age=0))
    fresh = request.args.get("v") == made.key[:16]  # the address names this very version
    response.headers["Cache-Control"] = ("private, max-age=86400, immutable" if fresh
                                         else "no-store")
    return response

