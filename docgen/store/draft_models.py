"""Drafts of a form saved as a person types (one per user, study and form).

A :class:`FormDraft` holds the fields of a page as they were typed, names and values, never
validated and never part of the study: the study changes only when the page is saved. The
page offers the draft back ("pulihkan") or lets it go ("buang"); saving the page deletes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from docgen.store.models import Base, utcnow


class FormDraft(Base):
    """The fields of one form of one study as one user last typed them."""

    __tablename__ = "form_drafts"
    __table_args__ = (UniqueConstraint("user_id", "study_id", "form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"),
                                          index=True)
    form: Mapped[str] = mapped_column(String(40))
    """Which form: a stage's key (``plan``)."""
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Field name → value as typed (``{"plan.team[0].nip": "1972 0315"}``)."""
    saved_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
