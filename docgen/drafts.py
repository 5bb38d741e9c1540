"""Drafts of a form saved as a person types, so that a closed browser loses nothing.

The page sends its fields (names are study paths, ``plan.team[0].nip``) a moment after each
change; :func:`save_draft` keeps them as typed for that user, study and form, replacing the
previous draft. Nothing is validated and the study does not change: the draft is offered back
on the page ("pulihkan") until the page is saved or the draft thrown away ("buang").
Limits keep a draft small: the fields of its own form only, at most :data:`MAX_FIELDS` of
them, :data:`MAX_VALUE` characters each and :data:`MAX_BYTES` in all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from docgen.formpost import split_path
from docgen.store.draft_models import FormDraft
from docgen.store.models import StudyRecord, User, utcnow

MAX_FIELDS = 3000
MAX_VALUE = 20_000
MAX_BYTES = 256 * 1024


class DraftRefused(ValueError):
    """A draft that is not kept: too large, or not the fields of its form."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_id = message_id
        self.message_en = message_en


def draft_fields(flat: Mapping[str, Any], prefix: str) -> dict[str, str]:
    """The fields of form `prefix` (``plan``) among `flat`: names that are study paths under
    it, text values; the rest (the CSRF token, buttons, files) left out. Raises
    :class:`DraftRefused` beyond the limits."""
    fields: dict[str, str] = {}
    for name, value in flat.items():
        parts = split_path(name)
        if not parts or parts[0] != prefix or len(parts) < 2 or not isinstance(value, str):
            continue
        if len(value) > MAX_VALUE:
            raise DraftRefused("draft_value_too_long",
                               f"isian {name} lebih dari {MAX_VALUE} karakter",
                               f"the field {name} holds more than {MAX_VALUE} characters")
        fields[name] = value
        if len(fields) > MAX_FIELDS:
            raise DraftRefused("draft_too_many_fields",
                               f"draf berisi lebih dari {MAX_FIELDS} isian",
                               f"the draft holds more than {MAX_FIELDS} fields")
    if len(json.dumps(fields, ensure_ascii=False).encode("utf-8")) > MAX_BYTES:
        raise DraftRefused("draft_too_large", f"draf lebih dari {MAX_BYTES // 1024} KB",
                           f"the draft is larger than {MAX_BYTES // 1024} KB")
    return fields


def find_draft(session: Session, user: User, record: StudyRecord, form: str) -> FormDraft | None:
    return session.scalar(select(FormDraft).where(
        FormDraft.user_id == user.id, FormDraft.study_id == record.id, FormDraft.form == form))


def save_draft(session: Session, user: User, record: StudyRecord, form: str,
               fields: dict[str, str], now: datetime | None = None) -> FormDraft:
    """Keep `fields` (from :func:`draft_fields`) as the user's draft of `form`."""
    draft = find_draft(session, user, record, form)
    if draft is None:
        draft = FormDraft(user_id=user.id, study_id=record.id, form=form)
        session.add(draft)
    draft.fields = fields
    draft.saved_at = now or utcnow()
    session.flush()
    return draft


def discard_draft(session: Session, user: User, record: StudyRecord, form: str) -> bool:
    """Throw the user's draft of `form` away; True when there was one."""
    result = session.execute(delete(FormDraft).where(
        FormDraft.user_id == user.id, FormDraft.study_id == record.id, FormDraft.form == form))
    return bool(result.rowcount)
