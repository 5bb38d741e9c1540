"""The office's API tokens (admins only): who has one, when it was last used, and revoking
it. Tokens are made on the server with ``docgen admin create-token`` (shown once there)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen.store import ApiToken, User
from docgen.store.models import utcnow
from web.access import role_required
from web.db import db

bp = Blueprint("tokens", __name__, url_prefix="/admin/tokens")


@bp.get("/")
@role_required("admin")
def index():  # noqa: ANN201
    rows = db().scalars(
        select(ApiToken).join(User).where(User.office_id == current_user.office_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                  ApiToken.id.desc())).all()
    return render_template("admin/tokens.html", tokens=rows, now=utcnow())


@bp.post("/<int:token_id>/revoke")
@role_required("admin")
def revoke(token_id: int):  # noqa: ANN201
    row = db().get(ApiToken, token_id)
    if row is None or row.user.office_id != current_user.office_id:
        abort(404)
    if row.active:
        row.revoke()
        db().commit()
        flash(_("The token %(hint)s… of %(name)s no longer works.", hint=row.hint,
                name=row.user.name), "success")
    return redirect(url_for("tokens.index"))
