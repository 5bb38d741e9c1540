"""Office-level follow-up settings and the log of reminders sent.

:class:`FollowUpSettings` is one row per office, kept in the database and never in a study's
JSON: whose account is the office head's (by e-mail: that user's start page lists every
overdue item of the office) and the optional e-mail reminders through the office's own SMTP
server (off by default; its password stays on the server and is never shown again).
:class:`ReminderSent` notes each reminder sent, one per item and window, so
``docgen followup remind`` run from cron never sends the same one twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from docgen.store.models import Base, Office, normalize_email, utcnow

SECURITY = ("starttls", "ssl", "none")
"""How the SMTP connection is protected: STARTTLS (port 587), SSL/TLS (465) or nothing (a
relay on the office's own network)."""
WINDOWS = ("before", "overdue")
"""A reminder N days before the due date, and one once the item is overdue."""


class FollowUpSettings(Base):
    """An office's follow-up settings: the head's account and e-mail reminders."""

    __tablename__ = "followup_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           unique=True)
    head_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    """The e-mail of the office head's docgen account (their start page shows every overdue
    item of the office)."""
    reminders: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    days_before: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    smtp_host: Mapped[str] = mapped_column(String(255), default="", server_default="")
    smtp_port: Mapped[int] = mapped_column(Integer, default=587, server_default="587")
    smtp_security: Mapped[str] = mapped_column(String(10), default="starttls",
                                               server_default="starttls")
    smtp_user: Mapped[str] = mapped_column(String(254), default="", server_default="")
    smtp_password: Mapped[str] = mapped_column(String(500), default="", server_default="")
    """Kept on the server only: the settings page never shows it back."""
    sender: Mapped[str] = mapped_column(String(254), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()

    @validates("head_email", "sender")
    def _email(self, _key: str, value: str) -> str:
        return normalize_email(value)

    @validates("smtp_security")
    def _security(self, _key: str, value: str) -> str:
        if value not in SECURITY:
            raise ValueError(f"unknown SMTP security {value!r}; one of {', '.join(SECURITY)}")
        return value

    @property
    def can_send(self) -> bool:
        return bool(self.reminders and self.smtp_host and self.sender)


class ReminderSent(Base):
    """One reminder sent: which item of which study, in which window, to whom, when."""

    __tablename__ = "followup_reminders"
    __table_args__ = (UniqueConstraint("study_id", "item_id", "window", "due_date",
                                       name="uq_followup_reminders_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(100))
    window: Mapped[str] = mapped_column(String(10))
    due_date: Mapped[str] = mapped_column(String(10))
    """The due date the reminder was about (ISO): a new due date is a new reminder."""
    recipient: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
