"""Signing in and out.

A sign-in is a :class:`docgen.store.UserSession` row on the server; the session cookie
holds its user id and token. Signing out deletes that row, so a copy of the cookie taken
before is refused afterwards; the user's other devices stay signed in. A new password or a
switched-off account ends every sign-in of that user
(:meth:`docgen.store.User.end_all_sessions`). No remember-me cookie is set. The limits on attempts (per address, and failed attempts per
account) are described in :mod:`web.security`.

A signed-in user changes their own password at ``/akun/kata-sandi`` (the current one
first). That ends every sign-in of the account, this one included, and then signs the user
in again on this device with a new session: other devices and any copy of the old cookie
are refused.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from docgen.store import MIN_PASSWORD, User, UserSession, normalize_email
from docgen.store.models import utcnow
from web.access import public, safe_next
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors
from web.security import (
    account_retry_after,
    account_window_minutes,
    count_failed_sign_in,
    password_change_retry_after,
)

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
        retry_after = account_retry_after(email)
        if retry_after is not None:
            return _account_locked(retry_after)
        user = db().scalar(select(User).where(User.email == email)) if email else None
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
        if user is None or not user.active or not user.check_password(password):
            count_failed_sign_in(email)
            errors.add("password", _("The e-mail or the password is wrong."),
                       label=_("Password"))
        else:
            _sign_in(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")))
    no_users = db().scalar(select(func.count()).select_from(User)) == 0
    status = UNPROCESSABLE if errors else 200
    return render_template("auth/login.html", errors=errors, email=email,
                           no_users=no_users), status


def _account_locked(retry_after: int):  # noqa: ANN202
    text = _("Too many failed sign-ins to this account. Wait %(minutes)d minutes, then try "
             "again, or ask your office's administrator.", minutes=account_window_minutes())
    return (render_template("error.html", code=429, title=_("Too many attempts"), text=text),
            429, {"Retry-After": str(retry_after)})


def _sign_in(user: User) -> None:
    """A new sign-in of `user` in a fresh session cookie (only the language is kept)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    user.session_token = _start_session(user)
    login_user(user)
    session.permanent = True


def _start_session(user: User) -> str:
    """Keep a new sign-in of `user` on the server (and drop the sign-ins that can no longer
    be used); the token for the session cookie."""
    row, token = UserSession.start(user)
    idle = current_app.permanent_session_lifetime + UserSession.TOUCH_EVERY
    db().execute(delete(UserSession).where(or_(
        UserSession.last_seen_at < utcnow() - idle,
        (UserSession.user_id == user.id) & (UserSession.epoch != user.session_epoch))))
    db().add(row)
    db().commit()
    return token


def _end_session() -> None:
    token = getattr(current_user, "session_token", None)
    if token:
        db().execute(delete(UserSession).where(
            UserSession.token_hash == UserSession.digest(token)))
        db().commit()


@bp.post("/logout")
def logout():  # noqa: ANN201
    lang = session.get("lang")
    _end_session()
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
def change_password():  # noqa: ANN201
    """The signed-in user's own password: the current one, the new one twice."""
    errors = FormErrors()
    if request.method == "POST":
        user: User = current_user._get_current_object()
        retry_after = password_change_retry_after(user.id)
        if retry_after is not None:
            text = _("Too many attempts to change the password. Wait a few minutes, then "
                     "try again.")
            return (render_template("error.html", code=429, title=_("Too many attempts"),
                                    text=text), 429, {"Retry-After": str(retry_after)})
        current = request.form.get("current_password", "")
        new = request.form.get("new_password", "")
        current_ok = user.check_password(current)
        if not current_ok:
            errors.add("current_password", _("The current password is wrong."),
                       label=_("Current password"))
        if len(new) < MIN_PASSWORD:
            errors.add("new_password", _("At least %(count)d characters.", count=MIN_PASSWORD),
                       label=_("New password"))
        elif current_ok and new == current:
            errors.add("new_password",
                       _("The new password is the same as the current one; choose another."),
                       label=_("New password"))
        if new != request.form.get("new_password_again", ""):
            errors.add("new_password_again", _("The two passwords are not the same."),
                       label=_("The new password again"))
        if not errors:
            user.set_password(new)  # ends every sign-in of the account, this one too
            _sign_in(user)  # so this device goes on with a new one
            flash(_("Your password is changed. You were signed out on every other device."),
                  "success")
            return redirect(url_for("studies.dashboard"))
    status = UNPROCESSABLE if errors else 200
    return render_template("auth/password.html", errors=errors,
                           min_password=MIN_PASSWORD), status
