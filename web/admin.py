"""The office (admins only): its profile and its users."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen.store import MIN_PASSWORD, ROLES, User, normalize_email
from web.access import ROLE_LABELS, current_office, role_required
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang

bp = Blueprint("admin", __name__, url_prefix="/admin")

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@bp.get("/")
@role_required("admin")
def office():  # noqa: ANN201
    record = current_office()
    return render_template("admin/office.html", office=record, profile=record.office_profile,
                           users=record.users, lang=ui_lang())


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
