"""The register of outgoing letters (Buku Agenda Surat Keluar) on the web:

* ``GET /arsip`` the office's register, filtered (:mod:`docgen.archive_search`) and paged;
  ``/arsip/buku-agenda.xlsx`` and ``/arsip/bag.zip`` export it (archivists, administrators).
* ``POST /arsip/numbers`` reserves the office's next number for a letter typed elsewhere
  (:func:`docgen.numbering.reserve`); ``POST /arsip/numbers/<id>/void`` voids a reserved
  number with a reason (:func:`docgen.numbering.void`). The register page lists the office's
  reserved and voided numbers of the filtered period (archivists, administrators act on them).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen import archive, archive_search, messages, numbering
from docgen.store import ArchiveRecord, LetterNumber, StudyRecord
from docgen.store.archive_models import ACCESS_CLASSES
from docgen.store.models import ID_MAX
from web.access import READERS, has_role, role_required
from web.archive import (
    ACCESS_LABELS,
    BAG_LIMIT,
    EXPORTERS,
    NUMBER_KEEPERS,
    NUMBER_STATE_LABELS,
    NUMBERS_SHOWN,
    bp,
    file_error,
    kind_title,
    office_today,
    parse_date,
    storage,
)
from web.archive_signed import signed_states
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors, bad_date
from web.i18n import ui_lang
from web.ids import whole_number
from web.kinds import office_kinds


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
            setattr(filters, name, parse_date(args.get(name)))
        except ValueError:
            errors.add(name, bad_date(), label=label)
    kind = args.get("kind", "")
    filters.kind = kind if kind in office_kinds(include_inactive=True) else ""
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
    studies = office_studies()
    return render_template(
        "archive/register.html", records=records, total=total, filters=filters,
        errors=errors, pages=archive_search.page_count(total), studies=studies,
        study_titles={s.id: s.title for s in studies}, signed=signed_states(records),
        kinds=sorted(office_kinds(include_inactive=True).values(),
                     key=lambda k: (k.stage, k.title(lang))),
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
        when = parse_date(form["reserve_date"]) or office_today()
    except ValueError:
        errors.add("reserve_date", bad_date(),
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
            return file_error(exc.record)
        except FileNotFoundError:
            db().rollback()
            return file_error(None)
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

