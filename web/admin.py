"""The office (admins only): its profile and its users (adding one, switching one off or on,
setting a new password for one, which signs them out on every device)."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, select

from docgen import catalog, numbering
from docgen.forms import form_values, office_fields, parse_fields
from docgen.render import RenderError, logo_bytes
from docgen.store import (
    MIN_PASSWORD,
    ROLES,
    Office,
    UploadRejected,
    User,
    UserSession,
    check_upload,
    normalize_email,
    save_upload,
    sniff,
)
from docgen.store.files import clean_name, is_storage_key
from docgen.study import Study, StudyInvalid, check_study, load_study
from web.access import ROLE_LABELS, current_office, role_required
from web.db import db, store
from web.forms import UNPROCESSABLE, FormErrors, posted
from web.i18n import ui_lang

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
LOGO = "office.logo"
_BRACES = re.compile(r"\{([^{}]*)\}")


def pattern_errors(pattern: str) -> list[str]:
    """What is wrong with a letter-number pattern (:func:`docgen.numbering.check_pattern`,
    and any part in braces that is not one of its names)."""
    parts = ", ".join("{" + part + "}" for part in numbering.PARTS)
    unknown = [name for name in _BRACES.findall(pattern) if name not in numbering.PARTS]
    try:
        numbering.check_pattern(pattern)
    except numbering.PatternError:
        if not unknown:
            return [_("The pattern needs %(part)s, the sequence number.", part="{urut}")]
    if unknown:
        return [_("%(part)s is not a part of a number; the parts are %(parts)s.",
                  part="{" + unknown[0] + "}", parts=parts)]
    return []


def _office_page(record: Office, values: dict[str, Any], errors: FormErrors,
                 warnings: FormErrors, status: int = 200) -> Any:
    profile = record.office_profile
    return render_template(
        "admin/office.html", office=record, profile=profile, users=record.users,
        lang=ui_lang(), specs=office_fields(), values=values, errors=errors, warnings=warnings,
        available=list(catalog.KINDS), logo_field=LOGO, failed=status != 200,
        parts=", ".join("{" + part + "}" for part in numbering.PARTS),
        caps_title=_caps_text("caps_page_title")), status


@bp.route("/", methods=["GET", "POST"])
@role_required("admin")
def office():  # noqa: ANN201
    record = current_office()
    lang = ui_lang()
    errors, warnings = FormErrors(), FormErrors()
    if request.method == "GET":
        profile = record.office_profile
        for problem in check_study(Study(office=profile)):
            if problem.path.startswith("office."):
                target = errors if problem.severity == "error" else warnings
                target.add(problem.path, problem.message(lang))
        return _office_page(record, form_values(office_fields(), profile), errors, warnings)

    values = parse_fields(office_fields(), posted(request.form), "office")
    data = {**(record.profile or {}), **values}
    if request.form.get("_remove_logo"):
        data["logo"] = None
    upload = request.files.get(LOGO)
    content = b""
    if upload is not None and upload.filename:
        content = upload.read()
        try:
            check_upload("logo", content, LOGO)
        except UploadRejected as exc:
            errors.add(LOGO, exc.problem.message(lang))
    try:
        load_study({"office": data})
    except StudyInvalid as exc:
        errors.add_problems(exc.problems, lang)
    for message in pattern_errors(str(values.get("numbering_pattern", ""))):
        errors.add("office.numbering_pattern", message)
    if errors:
        if content and LOGO not in errors:
            warnings.add(LOGO, _("The logo was not saved because of the other errors; "
                                 "choose the file again."))
        return _office_page(record, values, errors, warnings, UNPROCESSABLE)

    if content:
        uploaded = save_upload(db(), store().files, office=record, purpose="logo",
                               original_name=upload.filename, data=content,
                               user=current_user, field=LOGO)
        data["logo"] = uploaded.storage_key
    record.profile = data
    db().commit()
    flash(_("The office profile is saved. New studies use it from now on."), "success")
    return redirect(url_for("admin.office"))


@bp.get("/logo")
@role_required("admin")
def logo():  # noqa: ANN201
    """The office's logo as the documents will show it (the neutral emblem when none)."""
    try:
        data = logo_bytes(current_office().office_profile.logo, store().files.root)
    except RenderError:
        abort(404)
    return Response(data, mimetype=sniff(data) or "application/octet-stream")


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user():  # noqa: ANN201
    errors = FormErrors()
    values = {"email": "", "name": "", "role": "staff"}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in values}
        values["email"] = normalize_email(values["email"])
        password = request.form.get("password", "")
        if not EMAIL.fullmatch(values["email"]) or len(values["email"]) > 254:
            errors.add("email", _("Enter a valid e-mail address."))
        elif db().scalar(select(User).where(User.email == values["email"])):
            errors.add("email", _("This e-mail address already has an account."))
        if not values["name"]:
            errors.add("name", _("Enter the person's name."))
        elif len(values["name"]) > 200:
            errors.add("name", _("At most %(count)d characters.", count=200))
        if values["role"] not in ROLES:
            errors.add("role", _("Choose a role."))
        if len(password) < MIN_PASSWORD:
            errors.add("password", _("At least %(count)d characters.", count=MIN_PASSWORD))
        elif password != request.form.get("password_again", ""):
            errors.add("password_again", _("The two passwords are not the same."))
        if not errors:
            user = User(office=current_office(), email=values["email"], name=values["name"],
                        role=values["role"])
            user.set_password(password)
            db().add(user)
            db().commit()
            flash(_("The account of %(name)s is ready.", name=user.name), "success")
            return redirect(url_for("admin.office"))
    status = UNPROCESSABLE if errors else 200
    return render_template("admin/user_new.html", errors=errors, values=values,
                           roles=[(r, ROLE_LABELS[r]) for r in ROLES],
                           min_password=MIN_PASSWORD), status


@bp.post("/users/<int:user_id>/active")
@role_required("admin")
def toggle_active(user_id: int):  # noqa: ANN201
    user = db().get(User, user_id)
    if user is None or user.office_id != current_user.office_id:
        abort(404)
    if user.id == current_user.id:
        flash(_("You cannot switch off your own account."), "warning")
    else:
        user.active = not user.active
        db().commit()
        if user.active:
            flash(_("%(name)s can sign in again.", name=user.name), "success")
        else:
            flash(_("%(name)s can no longer sign in.", name=user.name), "info")
    return redirect(url_for("admin.office"))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@role_required("admin")
def reset_password(user_id: int):  # noqa: ANN201
    """Set a new password for a user of the office (one who forgot theirs, or whose
    password may be known to others): every sign-in of that user ends."""
    user = db().get(User, user_id)
    if user is None or user.office_id != current_user.office_id:
        abort(404)
    if user.id == current_user.id:
        return redirect(url_for("auth.change_password"))
    errors = FormErrors()
    if request.method == "POST":
        password = request.form.get("password", "")
        if len(password) < MIN_PASSWORD:
            errors.add("password", _("At least %(count)d characters.", count=MIN_PASSWORD),
                       label=_("New password"))
        if password != request.form.get("password_again", ""):
            errors.add("password_again", _("The two passwords are not the same."),
                       label=_("The new password again"))
        if not errors:
            user.set_password(password)  # refuses every sign-in made before
            db().execute(delete(UserSession).where(UserSession.user_id == user.id))
            db().commit()
            log.info("admin %s set a new password for user %s of office %s; their sessions "
                     "are ended", current_user.id, user.id, user.office_id)
            flash(_("%(name)s has a new password and is signed out on every device.",
                    name=user.name), "success")
            return redirect(url_for("admin.office"))
    status = UNPROCESSABLE if errors else 200
    return render_template("admin/user_password.html", user=user, errors=errors,
                           min_password=MIN_PASSWORD), status


# --------------------------------------------------------------------------- standard costs

CAPS_FILE = "caps_file"
_PENDING = "caps_pending"


def _caps_text(code: str, **params: object) -> str:
    from docgen.messages import text

    return text(code, ui_lang(), **params)  # type: ignore[arg-type]


def saved_caps(office: Office) -> list[Any]:
    """The office's own standard-cost tables (the normalised CSV of each, newest first)."""
    from docgen.store import UploadedFile

    return list(db().scalars(select(UploadedFile).where(
        UploadedFile.office_id == office.id, UploadedFile.purpose == "caps")
        .order_by(UploadedFile.uploaded_at.desc(), UploadedFile.id.desc())))


def office_caps(office: Office) -> list[Any]:
    """The office's own tables as :class:`docgen.budget.caps.CapTable`, to layer on the
    national one (:func:`docgen.budget.default_caps`)."""
    from docgen.budget.caps import read_caps_csv

    return [read_caps_csv(store().files.read(item.storage_key).decode("utf-8"),
                          item.original_name) for item in saved_caps(office)]


def _caps_options(form: Any) -> tuple[dict[str, object], list[str]]:
    """The import's defaults from the form (fiscal year, legal basis, reference)."""
    options: dict[str, object] = {"default_basis": form.get("basis", "").strip()[:300],
                                  "default_reference": form.get("reference", "").strip()[:300]}
    problems = []
    year = form.get("year", "").strip()
    if year:
        if year.isdigit() and 2000 <= int(year) <= 2100:
            options["default_year"] = int(year)
        else:
            problems.append(_caps_text("caps_bad_year", value=f'"{year[:20]}"'))
    return options, problems


def _caps_page(status: int = 200, **values: Any) -> Any:
    from docgen.budget.caps import KINDS, LEVELS

    page = {"sections": [], "problems": [], "form": {}, "key": "", "name": "", **values}
    return render_template("admin/caps.html", t=_caps_text, saved=saved_caps(current_office()),
                           kinds=KINDS, levels=LEVELS, lang=ui_lang(), **page), status


@bp.get("/caps")
@role_required("admin")
def caps():  # noqa: ANN201
    """The office's standard-cost tables, and the form to read a new one."""
    return _caps_page()


@bp.post("/caps/preview")
@role_required("admin")
def caps_preview():  # noqa: ANN201
    """Read an uploaded table and show what was read per province (or route) and tier;
    nothing is saved yet."""
    from docgen.budget import BudgetUnreadable
    from docgen.budget.caps import CapTableInvalid, import_caps, preview

    upload = request.files.get(CAPS_FILE)
    data = upload.read() if upload is not None else b""
    name = clean_name(upload.filename or "ssh.xlsx") if upload is not None else ""
    options, problems = _caps_options(request.form)
    form = {key: request.form.get(key, "") for key in ("year", "basis", "reference")}
    if not data:
        problems.append(_caps_text("caps_choose_file"))
    else:
        try:
            check_upload("caps", data, CAPS_FILE)
        except UploadRejected as exc:
            problems.append(exc.problem.message(ui_lang()))  # type: ignore[arg-type]
    table = None
    if not problems:
        try:
            table = import_caps(data, name, **options)
        except CapTableInvalid as exc:
            problems += [p.line(ui_lang()) for p in exc.problems]  # type: ignore[arg-type]
        except BudgetUnreadable as exc:
            problems.append(exc.problem.line(ui_lang()))  # type: ignore[arg-type]
    if problems or table is None:
        return _caps_page(UNPROCESSABLE, problems=problems, form=form)
    key, _digest = store().files.put(data)
    session[_PENDING] = key
    return _caps_page(sections=preview(table), form=form, key=key, name=name,
                      count=len(table.rows))


@bp.post("/caps/save")
@role_required("admin")
def caps_save():  # noqa: ANN201
    """Save the table shown in the preview (read again from the kept upload) as the
    office's own caps."""
    from docgen.budget.caps import CapTableInvalid, import_caps, write_caps_csv
    from docgen.store import UploadedFile

    key = request.form.get("key", "")
    if not is_storage_key(key) or session.get(_PENDING) != key:
        abort(400)
    options, problems = _caps_options(request.form)
    if problems:
        abort(400)
    name = clean_name(request.form.get("name", "") or "ssh.xlsx")
    try:
        table = import_caps(store().files.read(key), name, **options)
    except (CapTableInvalid, OSError):
        abort(400)
    csv_bytes = write_caps_csv(table).encode("utf-8")
    stored, digest = store().files.put(csv_bytes)
    record = current_office()
    db().add(UploadedFile(office=record, purpose="caps", original_name=f"{name}.csv",
                          content_type="text/csv", size=len(csv_bytes), sha256=digest,
                          storage_key=stored, uploaded_by=current_user))
    db().commit()
    session.pop(_PENDING, None)
    log.info("admin %s saved %d caps from %s for office %s", current_user.id, len(table.rows),
             name, record.id)
    flash(_caps_text("caps_saved", count=len(table.rows), name=name), "success")
    return redirect(url_for("admin.caps"))
