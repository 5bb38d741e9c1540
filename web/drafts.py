"""A stage page saved as it is typed, so that a closed browser loses nothing.

app.js posts the page's fields (with the CSRF token) a moment after each change and when the
page is hidden or closed; :func:`save` keeps them as the user's draft of that stage
(:mod:`docgen.drafts`): never validated, never part of the study. When the user comes back,
the page says "Draf tersimpan otomatis dd/mm/yyyy HH:MM — pulihkan / buang": "pulihkan"
shows the page with the draft's values (still to be saved), "buang" deletes the draft.
Saving the page deletes it too (:func:`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from docgen.drafts import DraftRefused, discard_draft, draft_fields, find_draft, save_draft
from docgen.forms import STAGE_KEYS
from docgen.officetime import zone_name
from docgen.store import StudyRecord
from web.access import EDITORS, current_office, current_study, has_role
from web.db import db
from web.i18n import ui_lang

bp = Blueprint("drafts", __name__, url_prefix="/studies/<int:study_id>/stages/<stage_key>/draft")

REQUEST_LIMIT = 512 * 1024
"""Bytes a draft's request may carry (the draft itself is limited by docgen.drafts)."""
LOADED = "_loaded"
"""The hidden field holding when the page's study was last saved (ISO, UTC)."""


def _record(study_id: int, stage_key: str) -> StudyRecord:
    if stage_key not in STAGE_KEYS:
        abort(404)
    record = current_study(study_id)
    if not has_role(*EDITORS):
        abort(403)
    return record


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def when_text(moment: datetime) -> str:
    """``29/11/2026 14:32`` in the office's zone."""
    return _utc(moment).astimezone(ZoneInfo(zone_name(current_office()))).strftime(
        "%d/%m/%Y %H:%M")


def loaded_mark(record: StudyRecord) -> str:
    """The value of the page's :data:`LOADED` field."""
    return _utc(record.updated_at).isoformat() if record.updated_at else ""


def _saved_since_loaded(record: StudyRecord) -> bool:
    """The user saved this study after the page sending the draft was drawn: a draft still
    on its way when the page was saved, not to be kept."""
    try:
        loaded = datetime.fromisoformat(request.form.get(LOADED, ""))
    except ValueError:
        return False
    return bool(record.updated_by_id == current_user.id and record.updated_at
                and _utc(record.updated_at) > _utc(loaded))


@bp.post("")
def save(study_id: int, stage_key: str):  # noqa: ANN201
    record = _record(study_id, stage_key)
    if _saved_since_loaded(record):
        return jsonify(kept=False, message=""), 409
    try:
        fields = draft_fields(request.form, stage_key)
    except DraftRefused as exc:
        message = exc.message_id if ui_lang() == "id" else exc.message_en
        return jsonify(kept=False, error=exc.code,
                       message=_("The draft was not saved: %(reason)s.", reason=message)), 413
    draft = save_draft(db(), current_user, record, stage_key, fields)
    db().commit()
    return jsonify(kept=True, saved_at=when_text(draft.saved_at),
                   message=_("Draft saved automatically at %(time)s.",
                             time=when_text(draft.saved_at)[-5:]))


@bp.post("/discard")
def discard(study_id: int, stage_key: str):  # noqa: ANN201
    record = _record(study_id, stage_key)
    discard_draft(db(), current_user, record, stage_key)
    db().commit()
    flash(_("The draft saved automatically is thrown away."), "success")
    return redirect(url_for("stages.stage", study_id=study_id, stage_key=stage_key))


@dataclass(frozen=True)
class Notice:
    """What a stage page says of the user's draft."""

    saved_at: str
    restored: bool
    fields: dict[str, Any]


def notice(record: StudyRecord, stage_key: str) -> Notice | None:
    """The user's draft of the stage, if any (restored when the page was asked with
    ``?draft=1``)."""
    if not has_role(*EDITORS):
        return None
    draft = find_draft(db(), current_user, record, stage_key)
    if draft is None:
        return None
    return Notice(when_text(draft.saved_at), request.args.get("draft") == "1",
                  dict(draft.fields or {}))


def forget(record: StudyRecord, stage_key: str) -> None:
    """The page is saved: its draft goes (in the same transaction)."""
    discard_draft(db(), current_user, record, stage_key)


def _limit() -> Any:
    """Refuse a draft's request beyond :data:`REQUEST_LIMIT` before its form is read (the
    CSRF check reads it)."""
    if (request.method == "POST" and request.path.endswith("/draft")
            and (request.content_length or 0) > REQUEST_LIMIT):
        abort(413)
    return None


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(None, []).insert(0, _limit)
