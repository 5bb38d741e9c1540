"""The archive pages: issuing a document, the register (Buku Agenda Surat Keluar), a record
with its versions, files and event log, filing the signed copy, exports, and the public
verification page a document's QR code points at. One blueprint (``archive``), its routes
by concept in these modules:

* here: who may do what, the helpers every archive page uses, and issuing:
  ``POST /studies/<id>/documents/<kind>/<item>/issue`` finalises one ready document
  (:func:`docgen.archive.finalize`): a number, the final DOCX, a register entry. A document
  already issued is not issued again: it is corrected from its record page.
* :mod:`web.archive_register`: the register ``GET /arsip`` (filtered by
  :mod:`docgen.archive_search`, paged), its exports ``/arsip/buku-agenda.xlsx`` and
  ``/arsip/bag.zip``, numbers reserved for letters typed elsewhere and voided.
* :mod:`web.archive_record`: one record ``GET /arsip/<id>``, its files (served after checking
  their SHA-256, logged as ``downloaded``), the signed copy, a correction, its PDF/A.
* :mod:`web.archive_pages`: ``/arsip/<id>/pages``, the page images of the issued document.
* :mod:`web.archive_verify`: ``GET /v/<public_id>`` (public), what anyone holding the paper
  may check.

Who may do what: every role of the office sees the register and the record pages (never
another office's: 404). Issuing and filing a signed copy: staff, signers, archivists,
administrators. The files of a *terbatas* or *rahasia* record are served only to signers,
archivists, administrators and the user who issued it (:func:`may_open_files`), and so
are its page images; reserving and voiding numbers: archivists and administrators. The
public page of such a record shows nothing beyond the number and the office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from sqlalchemy import select

from docgen import archive, catalog, messages, qr, signed
from docgen.formdates import read_date
from docgen.messages import Problem
from docgen.preview import can_make_pdf
from docgen.render import RenderError
from docgen.store import ArchiveRecord, StudyRecord
from docgen.store.archive_models import ACCESS_CLASSES
from web import kinds
from web.access import ISSUERS, current_study, has_role, role_required
from web.db import db, store
from web.documents import chosen_item, missing_fields
from web.documents import index as documents_page
from web.forms import UNPROCESSABLE, FormErrors, bad_date
from web.i18n import ui_lang

bp = Blueprint("archive", __name__)

FILERS = ("staff", "signer", "archivist", "admin")
"""Roles that file a signed copy."""
EXPORTERS = ("archivist", "admin")
"""Roles that export the register (.xlsx) and BagIt packages."""
RESTRICTED_READERS = ("signer", "archivist", "admin")
"""Roles that open the files of a terbatas or rahasia record (besides its issuer)."""
NUMBER_KEEPERS = ("archivist", "admin")
"""Roles that reserve a number for a letter typed elsewhere, and void a reserved number."""
DATE_KEEPERS = ("archivist", "admin")
"""Roles that may date a document back to 1 January of last year (others: a month)."""
ISSUE_DAYS_BACK = 30
"""How many days before the office's today others may date a document."""
ISSUE_DAYS_AHEAD = 7
"""How many days after the office's today anyone may date a document."""
NUMBERS_SHOWN = 200
"""At most this many reserved and voided numbers listed on the register page (newest)."""

SIGNED_COPY_LIMIT = signed.MAX_BYTES
SIGNED_COPY_FIELD = "file"
BAG_LIMIT = 2000
"""At most this many records in one BagIt package made on the web (the CLI has no limit)."""

ACCESS_LABELS = {
    "biasa": lazy_gettext("Biasa (ordinary)"),
    "terbatas": lazy_gettext("Terbatas (restricted)"),
    "rahasia": lazy_gettext("Rahasia (secret)"),
}
EVENT_LABELS = {
    "created": lazy_gettext("Issued and filed"),
    "downloaded": lazy_gettext("Downloaded"),
    "signed_copy_filed": lazy_gettext("Signed copy filed"),
    "signed_copy_refused": lazy_gettext("Signed copy refused"),
    "fixity_checked": lazy_gettext("Fixity checked"),
    "exported": lazy_gettext("Exported"),
    "reserved": lazy_gettext("Number reserved"),
    "voided": lazy_gettext("Number voided"),
    "verified_online": lazy_gettext("Checked on the verification page"),
    "pdf_made": lazy_gettext("PDF/A made"),
    "signed_copy_withdrawn": lazy_gettext("Marked as a wrong upload (salah unggah)"),
}
OUTCOME_LABELS = {
    "ok": lazy_gettext("ok"),
    "refused": lazy_gettext("refused"),
    "failed": lazy_gettext("failed"),
    "mismatch": lazy_gettext("does not match"),
    "missing": lazy_gettext("file missing"),
}
NUMBER_STATE_LABELS = {
    "reserved": lazy_gettext("Reserved"),
    "void": lazy_gettext("Voided"),
}
FILE_ROLE_LABELS = {
    "pdf": lazy_gettext("PDF/A of the issued document"),
    "signed_copy": lazy_gettext("Signed copy"),
}
DISPOSITION_LABELS = {
    "musnah": lazy_gettext("musnah (destroy)"),
    "permanen": lazy_gettext("permanen (keep permanently)"),
    "dinilai kembali": lazy_gettext("dinilai kembali (review again)"),
}


# ---------------------------------------------------------------------------
# Helpers


def storage() -> archive.LocalStorage:
    """Where this app keeps issued files (``DOCGEN_HOME/archive``)."""
    return archive.default_storage(Path(current_app.config["DOCGEN_HOME"]))


def public_base() -> str:
    """The address the verification QR code and links start with: the app's
    ``DOCGEN_PUBLIC_URL`` (``docgen serve`` sets it to the address it runs on when the
    environment does not), else :func:`docgen.qr.public_base`. Never the request's Host:
    whoever sends a request must not choose where a permanent document's QR code points."""
    return qr.public_base(current_app.config.get("DOCGEN_PUBLIC_URL") or None)


def office_today() -> date:
    """Today in the zone of the signed-in user's office (by its province, unless
    DOCGEN_TIMEZONE); Asia/Jakarta outside a request."""
    office = None
    if has_request_context() and current_user and current_user.is_authenticated:
        office = current_user.office
    return archive.today(office)


def issue_date_window(role: str | None) -> tuple[date, date]:
    """The first and last date of issue a user of `role` may give: archivists and
    administrators from 1 January of last year, others from ``ISSUE_DAYS_BACK`` days ago;
    everyone up to ``ISSUE_DAYS_AHEAD`` days after the office's today."""
    today = office_today()
    first = (date(today.year - 1, 1, 1) if role in DATE_KEEPERS
             else today - timedelta(days=ISSUE_DAYS_BACK))
    return first, today + timedelta(days=ISSUE_DAYS_AHEAD)


def issue_date_problem(issued: date, role: str | None) -> Problem | None:
    """The problem with `issued` as the date of issue chosen by a user of `role` (None when
    it is within :func:`issue_date_window`)."""
    first, last = issue_date_window(role)
    if first <= issued <= last:
        return None
    return Problem("issued", "issued_out_of_range",
                   params={"first": first.isoformat(), "last": last.isoformat()})


def make_pdf() -> object:
    """How the PDF/A of a document issued now is made (the `pdf` of
    :func:`docgen.archive.finalize`): in the background after the record is committed
    (:func:`web.archive_pdf.later`) when LibreOffice is here, unless ``ARCHIVE_PDF`` is off
    (``DOCGEN_ARCHIVE_PDF=0``); False for none."""
    if not (bool(current_app.config.get("ARCHIVE_PDF", True)) and can_make_pdf()):
        return False
    from web.archive_pdf import later

    return later()


def verify_url(record: ArchiveRecord) -> str | None:
    """The public verification address of `record` (None for a record without one)."""
    if not record.public_id:
        return None
    return qr.verify_url(record.public_id, public_base())


def office_record(record_id: int) -> ArchiveRecord:
    """The record `record_id` of the signed-in user's office; 404 otherwise."""
    record = db().get(ArchiveRecord, record_id)
    if record is None or record.office_id != current_user.office_id:
        abort(404)
    return record


def openable_record(record_id: int) -> ArchiveRecord:
    """The record `record_id` of the user's office (404 otherwise) whose files the user may
    open (403 otherwise)."""
    record = office_record(record_id)
    if not may_open_files(record):
        abort(403)
    return record


def may_open_files(record: ArchiveRecord) -> bool:
    """Whether the signed-in user may download the files of `record`: anyone of the
    office for a *biasa* record; signers, archivists, administrators and its issuer for a
    *terbatas* or *rahasia* one."""
    if record.access == "biasa":
        return True
    return has_role(*RESTRICTED_READERS) or (
        record.created_by_id is not None and record.created_by_id == current_user.id)


def successor(record: ArchiveRecord) -> ArchiveRecord | None:
    """The record that corrects `record`, if any."""
    return db().scalar(select(ArchiveRecord).where(ArchiveRecord.corrects_id == record.id))


def kind_title(kind_id: str, lang: str, office_id: int | None = None) -> str:
    return kinds.kind_title(kind_id, lang, office_id)


def parse_date(value: str | None) -> date | None:
    """A date typed as dd/mm/yyyy (or ISO); None when empty; ValueError when not a date."""
    return read_date(value)


@dataclass
class IssueChoices:
    """What the issue form asks: classification code, access class, date of issue."""

    classification: str | None
    access: str
    issued: date


def read_issue_form(errors: FormErrors) -> IssueChoices:
    code = request.form.get("classification", "").strip()
    if code and not archive.CLASSIFICATION.match(code):
        errors.add("classification", _("A classification code looks like 000.1.2.3."),
                   label=_("Classification code"))
    access = request.form.get("access", "biasa")
    if access not in ACCESS_CLASSES:
        errors.add("access", _("Choose biasa, terbatas or rahasia."), label=_("Access class"))
    try:
        issued = parse_date(request.form.get("issued")) or office_today()
    except ValueError:
        errors.add("issued", bad_date(), label=_("Date of issue"))
        issued = office_today()
    else:
        problem = issue_date_problem(issued, current_user.role)
        if problem is not None:
            errors.add("issued", problem.message(ui_lang()), label=_("Date of issue"))
    return IssueChoices(code or None, access, issued)


def _refused_text(study_id: int, kind: catalog.Kind, exc: archive.FinalizeRefused,
                  lang: str, item: int | None = None) -> str:
    """A FinalizeRefused as one sentence in the user's language, listing the fields."""
    value = request.form.get("classification" if exc.code == "classification_invalid"
                             else "access", "")
    head = messages.text(exc.code, lang, kind=kind.title(lang), item=(item or 0) + 1,
                         value=value)
    if exc.code not in messages.TEXTS:
        head = _("The document could not be issued: %(detail)s", detail=str(exc))
    fields = missing_fields(study_id, exc.problems, lang)
    if not fields:
        return head
    parts = [f"{f.label} ({f.message})" if f.message else f.label for f in fields]
    return f"{head}: {'; '.join(parts)}"


def issue_document(study_record: StudyRecord, kind: catalog.Kind, item: int | None,
           choices: IssueChoices, corrects: ArchiveRecord | None = None
           ) -> ArchiveRecord | str:
    """Finalise; the new record, or the message saying why not."""
    from docgen.review import ReviewRefused
    from web.review import approve_now, refused_text

    lang = ui_lang()
    options = {"issued": choices.issued, "storage": storage(), "access": choices.access,
               "classification": choices.classification, "verify_base": public_base(),
               "base_dir": store().files.root, "pdf": make_pdf()}
    try:
        # a first issue, and a correction, is the signer's approval (docgen.review)
        return approve_now(study_record, kind, item, options, correction=corrects is not None)
    except ReviewRefused as exc:
        return refused_text(exc, study_record.id)
    except archive.FinalizeRefused as exc:
        return _refused_text(study_record.id, kind, exc, lang, item)
    except RenderError as exc:
        return _("The document could not be made: %(detail)s", detail=str(exc))


def issued_message(record: ArchiveRecord) -> str:
    if record.number:
        return _("Issued with number %(number)s and filed in the register.",
                 number=record.number)
    return _("Filed in the register (this kind of document has no number).")


def form_errors_text(errors: FormErrors) -> str:
    return " ".join(f"{label}: {message}" for _id, label, message in errors.summary(ui_lang()))


def refused_date(errors: FormErrors, form: str) -> bool:
    """When the date of issue was refused: the form errors at the top of the page and the
    date's message beside its field (``g.issue_refused``, read by the form `form`)."""
    if "issued" not in errors:
        return False
    flash(form_errors_text(errors), "danger")
    g.issue_refused = {"form": form, "message": " ".join(errors["issued"]),
                       "value": request.form.get("issued", "")}
    return True


def file_error(entry: ArchiveRecord | None, name: str = "") -> tuple[str, int]:
    """The page for a stored file that is damaged or missing (409: nothing is served)."""
    return render_template("archive/file_error.html", entry=entry, name=name), 409


# ---------------------------------------------------------------------------
# Issuing


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/issue")
@role_required(*ISSUERS)
def issue(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    study_record = current_study(study_id)
    study = study_record.study
    kind = kinds.find_kind(kind_id)
    if kind is None or kind not in kinds.study_kinds(study):
        abort(404)
    chosen = chosen_item(study, kind, item)
    # No #doc-<kind> anchor: the message saying why not is at the top of the page.
    back = url_for("documents.index", study_id=study_id)
    latest = archive.latest_issued(db(), study_record.id, kind.id, chosen)
    if latest is not None:
        flash(_("This document is already issued as %(number)s. To change it, issue a "
                "correction from its record page.",
                number=latest.number or _("(no number)")), "warning")
        return redirect(url_for("archive.record", record_id=latest.id))
    errors = FormErrors()
    choices = read_issue_form(errors)
    if refused_date(errors, f"issue-{kind.id}-{item}"):
        return documents_page(study_id), UNPROCESSABLE
    if errors:
        flash(form_errors_text(errors), "danger")
        return redirect(back)
    result = issue_document(study_record, kind, chosen, choices)
    if isinstance(result, str):
        flash(result, "danger")
        return redirect(back)
    flash(issued_message(result), "success")
    return redirect(url_for("archive.record", record_id=result.id))


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"ACCESS_LABELS": ACCESS_LABELS, "issue_window": _user_issue_window}


def _user_issue_window() -> tuple[date, date]:
    """The signed-in user's :func:`issue_date_window` (said under the date inputs)."""
    return issue_date_window(current_user.role if current_user.is_authenticated else None)


# The routes of the other archive modules, on the same blueprint.
from web import (  # noqa: E402, F401, I001
    archive_pages,
    archive_pdf,
    archive_record,
    archive_register,
    archive_signed,
    archive_template,
    archive_verify,
)
