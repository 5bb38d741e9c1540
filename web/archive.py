"""The archive pages: issuing a document, the register (Buku Agenda Surat Keluar), a record
with its versions, files and event log, filing the signed copy, exports, and the public
verification page a document's QR code points at.

* ``POST /studies/<id>/documents/<kind>/<item>/issue`` finalises one ready document
  (:func:`docgen.archive.finalize`): a number, the final DOCX, a register entry. A document
  already issued is not issued again: it is corrected from its record page.
* ``GET /arsip`` the office's register, filtered (:mod:`docgen.archive_search`) and paged;
  ``/arsip/buku-agenda.xlsx`` and ``/arsip/bag.zip`` export it (archivists, administrators).
* ``POST /arsip/numbers`` reserves the office's next number for a letter typed elsewhere
  (:func:`docgen.numbering.reserve`); ``POST /arsip/numbers/<id>/void`` voids a reserved
  number with a reason (:func:`docgen.numbering.void`). The register page lists the office's
  reserved and voided numbers of the filtered period (archivists, administrators act on them).
* ``GET /arsip/<id>`` one record: every register field, versions, files, events;
  ``/arsip/<id>/pages`` the page images of the issued document (its PDF/A when kept, else
  the DOCX converted), made when asked for and kept in the preview cache; not logged as a
  download.
* ``GET /arsip/<id>/docx`` and ``/arsip/<id>/files/<file>`` serve a stored file after checking
  its SHA-256 (logged as ``downloaded``); a damaged or missing file is never served.
* ``POST /arsip/<id>/signed-copy`` files the signed copy (:func:`docgen.archive.file_signed_copy`);
  ``POST /arsip/<id>/correction`` issues a corrected version.
* ``GET /v/<public_id>`` (public) what anyone holding the paper may check.

Who may do what: every role of the office sees the register and the record pages (never
another office's: 404). Issuing and filing a signed copy: staff, signers, archivists,
administrators. The files of a *terbatas* or *rahasia* record are served only to signers,
archivists, administrators and the user who issued it (:func:`may_open_files`), and so
are its page images; reserving and voiding numbers: archivists and administrators. The
public page of such a record shows nothing beyond the number and the office.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, lazy_gettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen import archive, archive_search, catalog, messages, numbering, pdf, qr, signed
from docgen.messages import Problem
from docgen.preview import Preview, PreviewFailed, PreviewUnavailable, pdf_to_png, pdftoppm
from docgen.render import RenderError
from docgen.store import ArchiveEvent, ArchiveFile, ArchiveRecord, LetterNumber, StudyRecord
from docgen.store.archive_models import ACCESS_CLASSES
from docgen.store.files import clean_name
from docgen.store.models import ID_MAX
from web.access import ISSUERS, READERS, current_study, has_role, public, role_required
from web.db import db, store
from web.documents import DOCX_MIME, chosen_item, missing_fields, preview_cache
from web.documents import index as documents_page
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang
from web.ids import whole_number

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


def make_pdf() -> bool:
    """Whether a PDF/A is made beside the DOCX when a document is issued: when LibreOffice
    is here, unless ``ARCHIVE_PDF`` is off (``DOCGEN_ARCHIVE_PDF=0``)."""
    return bool(current_app.config.get("ARCHIVE_PDF", True)) and pdf.available()


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


def kind_title(kind_id: str, lang: str) -> str:
    kind = catalog.KINDS.get(kind_id)
    return kind.title(lang) if kind is not None else kind_id


def _parse_date(value: str | None) -> date | None:
    """A date typed as YYYY-MM-DD; None when empty; ValueError when not a date."""
    value = (value or "").strip()
    return date.fromisoformat(value) if value else None


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
        issued = _parse_date(request.form.get("issued")) or office_today()
    except ValueError:
        errors.add("issued", _("Give the date as YYYY-MM-DD."), label=_("Date of issue"))
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


def _issue(study_record: StudyRecord, kind: catalog.Kind, item: int | None,
           choices: IssueChoices, corrects: ArchiveRecord | None = None
           ) -> ArchiveRecord | str:
    """Finalise; the new record, or the message saying why not."""
    lang = ui_lang()
    try:
        return archive.finalize(
            db(), study_record, kind, item=item, user=current_user, issued=choices.issued,
            storage=storage(), access=choices.access, corrects=corrects,
            classification=choices.classification, verify_base=public_base(),
            base_dir=store().files.root, pdf=make_pdf(), once=True)
    except archive.FinalizeRefused as exc:
        return _refused_text(study_record.id, kind, exc, lang, item)
    except RenderError as exc:
        return _("The document could not be made: %(detail)s", detail=str(exc))


def _issued_message(record: ArchiveRecord) -> str:
    if record.number:
        return _("Issued with number %(number)s and filed in the register.",
                 number=record.number)
    return _("Filed in the register (this kind of document has no number).")


def _form_errors_text(errors: FormErrors) -> str:
    return " ".join(f"{label}: {message}" for _id, label, message in errors.summary(ui_lang()))


def _refused_date(errors: FormErrors, form: str) -> bool:
    """When the date of issue was refused: the form errors at the top of the page and the
    date's message beside its field (``g.issue_refused``, read by the form `form`)."""
    if "issued" not in errors:
        return False
    flash(_form_errors_text(errors), "danger")
    g.issue_refused = {"form": form, "message": " ".join(errors["issued"]),
                       "value": request.form.get("issued", "")}
    return True


# ---------------------------------------------------------------------------
# Issuing


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/issue")
@role_required(*ISSUERS)
def issue(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    study_record = current_study(study_id)
    study = study_record.study
    kind = catalog.KINDS.get(kind_id)
    if kind is None or kind not in catalog.available(study):
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
    if _refused_date(errors, f"issue-{kind.id}-{item}"):
        return documents_page(study_id), UNPROCESSABLE
    if errors:
        flash(_form_errors_text(errors), "danger")
        return redirect(back)
    result = _issue(study_record, kind, chosen, choices)
    if isinstance(result, str):
        flash(result, "danger")
        return redirect(back)
    flash(_issued_message(result), "success")
    return redirect(url_for("archive.record", record_id=result.id))


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
    kind = catalog.KINDS.get(previous.kind)
    study_record = db().get(StudyRecord, previous.study_id)
    if kind is None or study_record is None:
        abort(404)
    errors = FormErrors()
    choices = read_issue_form(errors)
    if _refused_date(errors, "correction"):
        return record(previous.id), UNPROCESSABLE
    if errors:
        flash(_form_errors_text(errors), "danger")
        return redirect(back)
    result = _issue(study_record, kind, previous.item, choices, corrects=previous)
    if isinstance(result, str):
        flash(result, "danger")
        return redirect(back)
    flash(_("Correction issued: version %(version)d.", version=result.version) + " "
          + _issued_message(result), "success")
    return redirect(url_for("archive.record", record_id=result.id))


# ---------------------------------------------------------------------------
# The register


@dataclass
class RegisterFilters:
    number: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    classification: str = ""
    study_id: int | None = None
    text: str = ""
    access: str = ""
    order: str = "newest"
    page: int = 1

    def search_args(self) -> dict[str, Any]:
        return {"number": self.number or None, "date_from": self.date_from,
                "date_to": self.date_to, "kind": self.kind or None,
                "classification": self.classification or None, "study_id": self.study_id,
                "text": self.text or None, "access": self.access or None}

    def query(self, **changes: Any) -> dict[str, Any]:
        """The filters as URL arguments (empty ones left out), with `changes`."""
        args = {"number": self.number, "date_from": self.date_from, "date_to": self.date_to,
                "kind": self.kind, "classification": self.classification,
                "study": self.study_id, "q": self.text, "access": self.access,
                "sort": "" if self.order == "newest" else self.order,
                "page": self.page if self.page > 1 else None}
        args.update(changes)
        return {k: v.isoformat() if isinstance(v, date) else v
                for k, v in args.items() if v not in (None, "")}


def read_filters(args: Any, errors: FormErrors) -> RegisterFilters:
    filters = RegisterFilters(number=args.get("number", "").strip()[:200],
                              classification=args.get("classification", "").strip()[:40],
                              text=args.get("q", "").strip()[:200])
    for name, label in (("date_from", _("From")), ("date_to", _("To"))):
        try:
            setattr(filters, name, _parse_date(args.get(name)))
        except ValueError:
            errors.add(name, _("Give the date as YYYY-MM-DD."), label=label)
    kind = args.get("kind", "")
    filters.kind = kind if kind in catalog.KINDS else ""
    access = args.get("access", "")
    filters.access = access if access in ACCESS_CLASSES else ""
    study = args.get("study", "").strip()
    if study.isascii() and study.isdigit():  # beyond any id: 0, a study that is not there
        filters.study_id = whole_number(study) or 0
    filters.order = "oldest" if args.get("sort") == "oldest" else "newest"
    filters.page = page_number(args.get("page", ""))
    return filters


def page_number(raw: str) -> int:
    """The page number asked for in `raw`: 1 unless it is digits; a number beyond any id is
    read as :data:`ID_MAX`, a page past the last (an empty page)."""
    digits = raw.strip()
    if not (digits.isascii() and digits.isdigit()):
        return 1
    value = whole_number(digits.lstrip("0") or "0")
    return ID_MAX if value is None else max(1, value)


def office_studies() -> list[StudyRecord]:
    return list(db().scalars(select(StudyRecord)
                             .where(StudyRecord.office_id == current_user.office_id)
                             .order_by(StudyRecord.id.desc())))


def office_numbers(filters: RegisterFilters) -> list[LetterNumber]:
    """The office's reserved and voided numbers dated in the filters' period, newest first
    (one more than :data:`NUMBERS_SHOWN` at most, to tell that some are left out)."""
    query = select(LetterNumber).where(LetterNumber.office_id == current_user.office_id,
                                       LetterNumber.state.in_(("reserved", "void")))
    if filters.date_from is not None:
        query = query.where(LetterNumber.issued >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(LetterNumber.issued <= filters.date_to)
    return list(db().scalars(query.order_by(LetterNumber.issued.desc(), LetterNumber.id.desc())
                             .limit(NUMBERS_SHOWN + 1)))


def actor_name(label: str) -> str:
    """The name in an actor label (``Name <email>``), for a narrow table cell."""
    return label.split(" <", 1)[0]


def _register_page(filters: RegisterFilters, errors: FormErrors,
                   reserve: dict[str, str] | None = None,
                   reserve_errors: FormErrors | None = None) -> str:
    """The register page; `reserve` and `reserve_errors` refill the reservation form."""
    records, total = archive_search.search(db(), current_user.office_id,
                                           page=filters.page, order=filters.order,
                                           **filters.search_args())
    lang = ui_lang()
    this_year = office_today().year
    numbers = office_numbers(filters)
    return render_template(
        "archive/register.html", records=records, total=total, filters=filters,
        errors=errors, pages=archive_search.page_count(total), studies=office_studies(),
        kinds=sorted(catalog.KINDS.values(), key=lambda k: (k.stage, k.title(lang))),
        access_labels=ACCESS_LABELS, kind_title=kind_title, lang=lang,
        can_export=has_role(*EXPORTERS),
        export_from=filters.date_from or date(this_year, 1, 1),
        export_to=filters.date_to or office_today(),
        numbers=numbers[:NUMBERS_SHOWN], numbers_cut=len(numbers) > NUMBERS_SHOWN,
        numbers_shown=NUMBERS_SHOWN, state_labels=NUMBER_STATE_LABELS, actor_name=actor_name,
        can_number=has_role(*NUMBER_KEEPERS),
        reserve=reserve or {"reserve_date": office_today().isoformat()},
        reserve_errors=reserve_errors or FormErrors())


@bp.get("/arsip")
@role_required(*READERS)
def register():  # noqa: ANN201
    errors = FormErrors()
    filters = read_filters(request.args, errors)
    return _register_page(filters, errors)


# ---------------------------------------------------------------------------
# Numbers reserved for letters typed elsewhere, and voided

RESERVE_FIELDS = {"reserve_code": 40, "reserve_date": 10, "reserve_subject": 500,
                  "reserve_addressee": 500, "reserve_note": 1000}
"""The fields of the reservation form and the most characters each keeps."""


def _back_to_register() -> str:
    """The register with the filters the form was posted from (its URL arguments)."""
    return url_for("archive.register", **read_filters(request.args, FormErrors()).query())


@bp.post("/arsip/numbers")
@role_required(*NUMBER_KEEPERS)
def reserve_number():  # noqa: ANN201
    """Reserve the office's next number for a letter typed elsewhere."""
    form = {name: request.form.get(name, "").strip()[:size]
            for name, size in RESERVE_FIELDS.items()}
    errors = FormErrors()
    code = form["reserve_code"]
    if not archive.CLASSIFICATION.match(code):
        errors.add("reserve_code", _("A classification code looks like 000.1.2.3."),
                   label=_("Classification code"))
    try:
        when = _parse_date(form["reserve_date"]) or office_today()
    except ValueError:
        errors.add("reserve_date", _("Give the date as YYYY-MM-DD."),
                   label=_("Date of the letter"))
    if errors:  # nothing is stored
        filters = read_filters(request.args, FormErrors())
        return _register_page(filters, FormErrors(), form, errors), UNPROCESSABLE
    row = numbering.reserve(db(), current_user.office, classification=code, when=when,
                            user=current_user, subject=form["reserve_subject"],
                            addressee=form["reserve_addressee"], note=form["reserve_note"])
    flash(_("Number %(number)s is reserved. Write it on the letter; it stays in the "
            "register.", number=row.number), "success")
    return redirect(_back_to_register())


@bp.post("/arsip/numbers/<int:number_id>/void")
@role_required(*NUMBER_KEEPERS)
def void_number(number_id: int):  # noqa: ANN201
    """Void a reserved number with a reason; a number issued with a document is corrected
    from its record instead, never voided here."""
    row = db().get(LetterNumber, number_id)
    if row is None or row.office_id != current_user.office_id:
        abort(404)
    back = _back_to_register()
    issued_as = db().scalar(select(ArchiveRecord.id)
                            .where(ArchiveRecord.letter_number_id == row.id))
    if row.state == "issued" or issued_as is not None:
        flash(_("%(number)s was issued with a document and cannot be voided here; to change "
                "the document, issue a correction from its record page.",
                number=row.number), "danger")
        return redirect(back)
    if row.state == "void":
        flash(_("%(number)s is already voided.", number=row.number), "warning")
        return redirect(back)
    reason = request.form.get("reason", "").strip()[:1000]
    if not reason:
        flash(_("Give the reason for voiding %(number)s; nothing was changed.",
                number=row.number), "danger")
        return redirect(back)
    try:
        numbering.void(db(), row, reason=reason, user=current_user)
    except numbering.VoidRefused as exc:
        db().rollback()
        flash(messages.text("void_refused", ui_lang(), detail=str(exc)), "danger")
        return redirect(back)
    flash(_("Number %(number)s is voided; it stays in the register with the reason.",
            number=row.number), "success")
    return redirect(back)


@bp.get("/arsip/buku-agenda.xlsx")
@role_required(*EXPORTERS)
def register_xlsx():  # noqa: ANN201
    errors = FormErrors()
    filters = read_filters(request.args, errors)
    if errors or filters.date_from is None or filters.date_to is None \
            or filters.date_from > filters.date_to:
        flash(_("Give the period of the register: a start date and an end date not before "
                "it."), "danger")
        return redirect(url_for("archive.register", **filters.query()))
    office = current_user.office
    with archive_search.office_scope(db(), office.id) as session:
        data = archive.register_xlsx(session, filters.date_from, filters.date_to,
                                     office_name=office.name, office_id=office.id)
    name = (f"buku-agenda-surat-keluar-{filters.date_from.isoformat()}"
            f"-{filters.date_to.isoformat()}.xlsx")
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument"
                              ".spreadsheetml.sheet")


@bp.get("/arsip/bag.zip")
@role_required(*EXPORTERS)
def bag():  # noqa: ANN201
    """A BagIt package (zipped) of one study's records or of a period's."""
    errors = FormErrors()
    filters = read_filters(request.args, errors)
    back = url_for("archive.register", **filters.query())
    study = None
    if filters.study_id is not None:
        study = db().get(StudyRecord, filters.study_id)
        if study is None or study.office_id != current_user.office_id:
            abort(404)
    if errors or (study is None and (filters.date_from is None or filters.date_to is None)):
        flash(_("Choose a study, or give a period (start and end date), for the package."),
              "danger")
        return redirect(back)
    if study is not None:  # the whole study, whatever the dates
        query = archive_search.filtered(current_user.office_id, study_id=study.id)
    else:
        query = archive_search.filtered(current_user.office_id, date_from=filters.date_from,
                                        date_to=filters.date_to)
    records = list(db().scalars(query.order_by(ArchiveRecord.issued, ArchiveRecord.id)
                                .limit(BAG_LIMIT + 1)))
    if not records:
        flash(_("There are no records to package for this choice."), "warning")
        return redirect(back)
    if len(records) > BAG_LIMIT:
        flash(_("More than %(count)d records: choose a shorter period.", count=BAG_LIMIT),
              "warning")
        return redirect(back)
    office = current_user.office
    if study is not None:
        ident = f"{office.name} - studi {study.data.get('id', study.id)}"
        stem = f"bag-studi-{study.id}"
    else:
        ident = f"{office.name} - {filters.date_from.isoformat()} s.d. {filters.date_to.isoformat()}"
        stem = f"bag-{filters.date_from.isoformat()}-{filters.date_to.isoformat()}"
    with tempfile.TemporaryDirectory(prefix="docgen-bag-") as tmp:
        target = Path(tmp) / stem
        try:
            archive.export_bag(db(), target, records, storage(), current_user,
                               external_identifier=ident)
        except archive.FixityError as exc:
            db().rollback()
            return _file_error(exc.record)
        except FileNotFoundError:
            db().rollback()
            return _file_error(None)
        data = _zip_folder(target, stem)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"{stem}.zip",
                     mimetype="application/zip")


def _zip_folder(folder: Path, stem: str) -> bytes:
    """`folder` as a ZIP whose entries all sit under ``stem/``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{stem}/{path.relative_to(folder).as_posix()}")
    return buf.getvalue()


# ---------------------------------------------------------------------------
# One record


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
    return render_template(
        "archive/record.html", entry=entry, events=events, chain=chain, later=later,
        study=study, lang=lang, kind_title=kind_title, access_labels=ACCESS_LABELS,
        event_labels=EVENT_LABELS, outcome_labels=OUTCOME_LABELS, file_role_labels=FILE_ROLE_LABELS,
        disposition_labels=DISPOSITION_LABELS, verify_url=verify_url(entry),
        may_open=may_open_files(entry),
        can_file=has_role(*FILERS) and may_open_files(entry),
        can_correct=has_role(*ISSUERS) and may_open_files(entry) and later is None,
        can_make_pdf=(has_role(*ISSUERS) and may_open_files(entry) and pdf.available()
                      and not any(f.role == "pdf" for f in entry.files)),
        today=office_today(), access_classes=ACCESS_CLASSES,
        limit_mb=f"{upload_limit() / 2**20:g}")


def upload_limit() -> int:
    """The largest signed copy that can arrive: the core's limit, or the request's."""
    return min(SIGNED_COPY_LIMIT, current_app.config.get("MAX_CONTENT_LENGTH")
               or SIGNED_COPY_LIMIT)


def _file_error(entry: ArchiveRecord | None, name: str = "") -> tuple[str, int]:
    """The page for a stored file that is damaged or missing (409: nothing is served)."""
    return render_template("archive/file_error.html", entry=entry, name=name), 409


@bp.get("/arsip/<int:record_id>/docx")
@role_required(*READERS)
def download(record_id: int):  # noqa: ANN201
    entry = openable_record(record_id)
    try:
        data = archive.read_file(db(), entry, storage(), current_user)
    except archive.FixityError:
        db().rollback()
        return _file_error(entry, entry.filename)
    except FileNotFoundError:
        db().rollback()
        return _file_error(entry, entry.filename)
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
        return _file_error(entry, kept.filename)
    return send_file(io.BytesIO(data), mimetype=kept.mime, as_attachment=True,
                     download_name=kept.filename)


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
    flash(_("The signed copy %(name)s is filed with this record (SHA-256 %(sha)s).",
            name=kept.filename, sha=kept.sha256[:16] + "…"), "success")
    return redirect(back)


@bp.post("/arsip/<int:record_id>/pdf")
@role_required(*ISSUERS)
def make_record_pdf(record_id: int):  # noqa: ANN201
    """Make the PDF/A of a record issued without one (LibreOffice was not there)."""
    entry = openable_record(record_id)
    back = url_for("archive.record", record_id=entry.id)
    if not pdf.available():
        flash(messages.text("pdf_unavailable", ui_lang()), "warning")
        return redirect(back)
    try:
        docx = stored_bytes(entry)
    except (archive.FixityError, FileNotFoundError):
        return _file_error(entry, entry.filename)
    made = archive.attach_pdf(db(), entry, docx, storage=storage(), user=current_user)
    if made is None:
        flash(_("The PDF/A could not be made; the reason is in the event log."), "danger")
    else:
        flash(_("The PDF/A is kept with this record."), "success")
    return redirect(back)


# ---------------------------------------------------------------------------
# Page images of an issued document


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
        return _file_error(entry, kept.filename if kept else entry.filename)
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


# ---------------------------------------------------------------------------
# Public verification


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


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"ACCESS_LABELS": ACCESS_LABELS, "issue_window": _user_issue_window}


def _user_issue_window() -> tuple[date, date]:
    """The signed-in user's :func:`issue_date_window` (for the date inputs' min and max)."""
    return issue_date_window(current_user.role if current_user.is_authenticated else None)
