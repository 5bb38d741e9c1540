"""Who may see what: sign-in required everywhere, roles, and the office scope.

* Every endpoint needs a signed-in, active user unless it is marked :func:`public`.
* :func:`role_required` limits a view to some roles (403 for the others).
* :func:`current_study` finds a study of the user's own office, or answers 404, so a
  study of another office looks exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request, url_for
from flask_babel import lazy_gettext
from flask_login import LoginManager, current_user
from sqlalchemy import select

from docgen.store import Office, StudyRecord, User, UserSession
from web.db import db

F = TypeVar("F", bound=Callable[..., Any])

ROLE_LABELS = {
    "staff": lazy_gettext("Staff"),
    "signer": lazy_gettext("Signing official"),
    "archivist": lazy_gettext("Archivist"),
    "admin": lazy_gettext("Administrator"),
}
EDITORS = ("staff",)
"""Roles that create and edit studies."""
READERS = ("staff", "signer", "archivist", "admin")
"""Roles that view studies and download their documents."""
ISSUERS = ("staff", "signer", "archivist", "admin")
"""Roles that issue a document (take its number, file it in the register) or a correction;
the numbers are the TU/archive unit's to give, and staff and signers issue their own."""


def public(view: F) -> F:
    """Mark a view as open without signing in."""
    view.public = True  # type: ignore[attr-defined]
    return view


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow the view only to users with one of `roles`; others get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def has_role(*roles: str) -> bool:
    return bool(current_user.is_authenticated and current_user.role in roles)


def current_office() -> Office:
    return current_user.office


def current_study(study_id: int) -> StudyRecord:
    """The study `study_id` if it belongs to the signed-in user's office; 404 otherwise."""
    record = db().get(StudyRecord, study_id)
    if record is None or not current_user.is_authenticated \
            or record.office_id != current_user.office_id:
        abort(404)
    return record


def safe_next(target: str | None, default: str | None = None) -> str:
    """`target` if it is a path on this site, else `default` (the dashboard)."""
    fallback = default or url_for("studies.dashboard")
    if not target or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def _load_user(identity: str) -> User | None:
    """The user of a session cookie's ``<user id>:<token>``, if that sign-in is still on
    the server (:class:`docgen.store.UserSession`): not signed out, made since the last
    new password or switch-off, used within the session lifetime."""
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    row = db().scalar(select(UserSession).where(
        UserSession.token_hash == UserSession.digest(token)))
    idle = current_app.permanent_session_lifetime + UserSession.TOUCH_EVERY
    if row is None or row.user_id != int(user_id) or not row.valid(idle):
        return None
    if row.touch():
        db().commit()
    user = row.user
    user.session_token = token
    return user


def _require_login() -> Any:
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "public", False) or current_user.is_authenticated:
        return None
    return current_app.login_manager.unauthorized()


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = lazy_gettext("Please sign in to open this page.")
    manager.login_message_category = "info"
    manager.user_loader(_load_user)
    app.before_request(_require_login)

    @app.context_processor
    def _access() -> dict[str, object]:
        return {"ROLE_LABELS": ROLE_LABELS, "has_role": has_role, "EDITORS": EDITORS}
