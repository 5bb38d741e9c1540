"""One record of the register on the web:

* ``GET /arsip/<id>`` every register field, versions, files, events;
* ``GET /arsip/<id>/docx`` and ``/arsip/<id>/files/<file>`` serve a stored file after checking
  its SHA-256 (logged as ``downloaded``); a damaged or missing file is never served.
* ``POST /arsip/<id>/signed-copy`` files the signed copy (:func:`docgen.archive.file_signed_copy`);
  ``POST /arsip/<id>/correction`` is the signer's approval of a corrected version, which
  issues it (submitted and initialled first like a first issue, :mod:`docgen.review`; the
  page shows where the correction stands and lets staff submit it); ``POST
  /arsip/<id>/pdf`` makes the PDF/A of a record issued without one.
"""

from __future__ import annotations

import io
import re

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen import archive, messages
from docgen.preview import can_make_pdf
from docgen.store import ArchiveEvent, ArchiveRecord, StudyRecord
from docgen.store.archive_models import ACCESS_CLASSES
from web.access import ISSUERS, READERS, has_role, role_required
from web.archive import (
    ACCESS_LABELS,
    DISPOSITION_LABELS,
    EVENT_LABELS,
    FILE_ROLE_LABELS,
    FILERS,
    OUTCOME_LABELS,
    SIGNED_COPY_LIMIT,
    bp,
    file_error,
    form_errors_text,
    issue_document,
    issued_message,
    kind_title,
    may_open_files,
    office_record,
    office_today,
    openable_record,
    read_issue_form,
    refused_date,
    storage,
    successor,
    verify_url,
)
from web.archive_pages import stored_bytes
from web.archive_signed import signed_state
from web.archive_template import template_link
from web.db import db
from web.documents import DOCX_MIME
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang
from web.kinds import find_kind
from web.review import CorrectionReview


@bp.get("/arsip/<int:record_id>")
@role_required(*READERS)
def record(record_id: int):  # noqa: ANN201
    entry = office_record(record_id)
    lang = ui_lang()
    events = list(db().scalars(select(ArchiveEvent).where(ArchiveEvent.record_id == entry.id)
                               .order_by(ArchiveEvent.at, ArchiveEvent.id)))
    chain = archive.corrections(db(), entry)
    later = successor(entry)
    study = db().get(StudyRecord, entry.study_id)
    correcting = correction_review(entry, study, later)
    return render_template(
        "archive/record.html", entry=entry, events=events, chain=chain, later=later,
        study=study, lang=lang, kind_title=kind_title, access_labels=ACCESS_LABELS,
        event_labels=EVENT_LABELS, outcome_labels=OUTCOME_LABELS, file_role_labels=FILE_ROLE_LABELS,
        disposition_labels=DISPOSITION_LABELS, verify_url=verify_url(entry),
        may_open=may_open_files(entry),
        can_file=has_role(*FILERS) and may_open_files(entry),
        correcting=correcting,
        can_correct=correcting is not None and correcting.can_approve,
        can_make_pdf=(has_role(*ISSUERS) and may_open_files(entry) and can_make_pdf()
                      and not any(f.role == "pdf" for f in entry.files)),
        today=office_today(), access_classes=ACCESS_CLASSES,
        limit_mb=f"{upload_limit() / 2**20:g}", template=template_link(entry),
        state=signed_state(entry), signed_copies=archive.signed_copies(entry),
        kept_pdf=next((f for f in entry.files if f.role == "pdf"), None),
        retention_known=bool(entry.retention_active or entry.retention_inactive
                             or entry.disposition))


def correction_review(entry: ArchiveRecord, study: StudyRecord | None,
                      later: ArchiveRecord | None) -> CorrectionReview | None:
    """The path of a correction of `entry`, when it is the latest version and the user may
    open its files: a correction is submitted, initialled and approved like a first issue."""
    if later is not None or study is None or not may_open_files(entry) or \
            not has_role(*ISSUERS, *READERS):
        return None
    kind = find_kind(entry.kind, include_inactive=True)
    if kind is None:
        return None
    return CorrectionReview(study, kind, entry)


HASH_IN_TEXT = re.compile(r"\s*(?:\bisi\s+)?\bsha256:[0-9a-f]{16,64}\b", re.IGNORECASE)
"""A hash in an event's detail, with the word that names it in a review's log ("isi")."""


@bp.app_template_filter("without_hashes")
def without_hashes(text: str) -> str:
    """An event's detail for people: without the SHA-256 values it names (they are listed
    under the record's technical details)."""
    return re.sub(r"(;\s*)+;", ";", HASH_IN_TEXT.sub("", text or "")).strip(" ;")


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """A file's size as people read it, in the page's language: ``23,4 KB``, ``1,2 MB``."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(size / 1024, 0.1), format='#,##0.#')} KB"
    return f"{format_decimal(size / 1024 / 1024, format='#,##0.#')} MB"


def upload_limit() -> int:
    """The largest signed copy that can arrive: the core's limit, or the request's."""
    return min(SIGNED_COPY_LIMIT, current_app.config.get("MAX_CONTENT_LENGTH")
               or SIGNED_COPY_LIMIT)


@bp.get("/arsip/<int:record_id>/docx")
@role_required(*READERS)
def download(record_id: int):  # noqa: ANN201
    entry = openable_record(record_id)
    try:
        data = archive.read_file(db(), entry, storage(), current_user)
    except archive.FixityError:
        db().rollback()
        return file_error(entry, entry.filename)
    except FileNotFoundError:
        db().rollback()
        return file_error(entry, entry.filename)
    return send_file(io.BytesIO(data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=entry.filename)


@bp.get("/arsip/<int:record_id>/files/<int:file_id>")
@role_required(*READERS)
def download_file(record_id: int, file_id: int):  # noqa: ANN201
    entry = office_record(record_id)
    kept = next((f for f in entry.files if f.id == file_id), None)
    if kept is None:
        abort(404)
    if not may_open_files(entry):
        abort(403)
    try:
        data = archive.read_archive_file(db(), kept, storage(), current_user)
    except (archive.FixityError, FileNotFoundError):
        db().rollback()
        return file_error(entry, kept.filename)
    return send_file(io.BytesIO(data), mimetype=kept.mime, as_attachment=True,
                     download_name=kept.filename)


@bp.post("/arsip/<int:record_id>/pdf")
@role_required(*ISSUERS)
def make_record_pdf(record_id: int):  # noqa: ANN201
    """Have the PDF/A of a record made in the background: one issued without it
    (LibreOffice was not there), or whose PDF/A failed (:mod:`web.archive_pdf`)."""
    from web.archive_pdf import ask

    entry = openable_record(record_id)
    back = url_for("archive.record", record_id=entry.id)
    if not can_make_pdf():
        flash(messages.text("pdf_unavailable", ui_lang()), "warning")
        return redirect(back)
    try:
        docx = stored_bytes(entry)
    except (archive.FixityError, FileNotFoundError):
        return file_error(entry, entry.filename)
    made = ask(entry, docx)
    flash(messages.text("record_pdf_asked" if made.pending else f"record_pdf_{made.state}",
                        ui_lang(), reason=made.reason(ui_lang())),
          "danger" if made.failed else "success" if made.made else "info")
    return redirect(back)


@bp.post("/arsip/<int:record_id>/correction")
@role_required(*ISSUERS)
def correction(record_id: int):  # noqa: ANN201
    previous = openable_record(record_id)
    back = url_for("archive.record", record_id=previous.id)
    later = successor(previous)
    if later is not None:
        flash(_("This version is already corrected by %(number)s; correct the latest "
                "version.", number=later.number or _("(no number)")), "warning")
        return redirect(url_for("archive.record", record_id=later.id))
    kind = find_kind(previous.kind, include_inactive=True)
    study_record = db().get(StudyRecord, previous.study_id)
    if kind is None or study_record is None:
        abort(404)
    errors = FormErrors()
    choices = read_issue_form(errors)
    if refused_date(errors, "correction"):
        return record(previous.id), UNPROCESSABLE
    if errors:
        flash(form_errors_text(errors), "danger")
        return redirect(back)
    result = issue_document(study_record, kind, previous.item, choices, corrects=previous)
    if isinstance(result, str):
        flash(result, "danger")
        return redirect(back)
    flash(_("Correction approved and issued: version %(version)d.", version=result.version)
          + " "
          + issued_message(result), "success")
    return redirect(url_for("archive.record", record_id=result.id))

