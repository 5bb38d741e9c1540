"""The tables of each office's own Word templates (:mod:`docgen.office_templates`).

:class:`TemplateVersion` is one uploaded version of a kind's template, its bytes kept in the
file storage under their SHA-256; it never changes and is never deleted.
:class:`TemplateChoice` says which version an office uses for a kind: one row per office and
kind (a unique pair, so there is never more than one), ``version_id`` None for the shipped
default. :class:`TemplateEvent` is the history: every version installed, activated or
reverted to, by whom and when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from docgen.store.models import Base, Office, User, utcnow

TEMPLATE_ACTIONS = ("installed", "activated", "reverted")
"""What happened to an office's template of a kind: a version stored (``installed``), a
version or the default made the one in use (``activated``), or an earlier version or the
default restored (``reverted``)."""


class TemplateVersion(Base):
    """One version of an office's template for a kind: the bytes (by storage key), where
    they came from, who installed them and why."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("office_id", "kind", "number",
                                       name="uq_template_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    number: Mapped[int] = mapped_column(Integer)
    """1, 2, 3 ... within the office and kind: what people call the version (``v2``)."""
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(100))
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return f"v{self.number}"


Index("ix_template_versions_sha256", TemplateVersion.office_id, TemplateVersion.sha256)


class TemplateChoice(Base):
    """The version an office uses for a kind (None: the shipped default)."""

    __tablename__ = "template_choices"
    __table_args__ = (UniqueConstraint("office_id", "kind", name="uq_template_choices_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_versions.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    version: Mapped[TemplateVersion | None] = relationship()


class TemplateEvent(Base):
    """One step of a kind's template history in an office."""

    __tablename__ = "template_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(20))
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_versions.id", ondelete="CASCADE"))
    """The version installed or made active; None: the shipped default."""
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    version: Mapped[TemplateVersion | None] = relationship()

    @validates("action")
    def _known_action(self, _key: str, value: str) -> str:
        if value not in TEMPLATE_ACTIONS:
            raise ValueError(f"unknown template action {value!r}; "
                             f"actions: {', '.join(TEMPLATE_ACTIONS)}")
        return value


Index("ix_template_events_kind", TemplateEvent.office_id, TemplateEvent.kind)
