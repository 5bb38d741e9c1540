"""Signing in and out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from docgen.store import User, normalize_email
from web.access import public, safe_next
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors

bp = Blueprint("auth", __name__)

# Checked when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("docgen-no-such-user", method="scrypt")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():  # noqa: ANN201
    if current_user.is_authenticated:
        return redirect(url_for("studies.dashboard"))
    errors = FormErrors()
    email = ""
    if request.method == "POST":
        email = normalize_email(request.form.get("email", ""))
        password = request.form.get("password", "")
        user = db().scalar(select(User).where(User.email == email)) if email else None
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
        if user is None or not user.active or not user.check_password(password):
            errors.add("password", _("The e-mail or the password is wrong."),
                       label=_("Password"))
        else:
            lang = session.get("lang")
            session.clear()
            if lang:
                session["lang"] = lang
            login_user(user)
            session.permanent = True
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")))
    no_users = db().scalar(select(func.count()).select_from(User)) == 0
    status = UNPROCESSABLE if errors else 200
    return render_template("auth/login.html", errors=errors, email=email,
                           no_users=no_users), status


@bp.post("/logout")
def logout():  # noqa: ANN201
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
