"""An office's own document kinds (:mod:`docgen.custom_kinds`): a regional SPJ form, a surat
pernyataan, a berita acara ... made, numbered and registered like the shipped kinds, with a
template the office installs (:mod:`docgen.office_templates`).

A kind is never deleted once made (issued documents name it); an office can switch one off
(``active``), which takes it off the documents pages but keeps its register entries readable.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from docgen.store.models import Base, Office, User, utcnow


class OfficeKind(Base):
    """One kind of document an office added: its titles, stage, fan-out, numbering,
    classification code and signers."""

    __tablename__ = "office_kinds"
    __table_args__ = (UniqueConstraint("office_id", "kind", name="uq_office_kinds_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(50))
    """The kind's id, ``kantor_<name>`` (never one of the shipped ids)."""
    title_id: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[int] = mapped_column(Integer)
    fan_out: Mapped[str] = mapped_column(String(20), default="none")
    """``none`` (one per study), ``traveller``, ``destination`` or ``invitee``."""
    numbered: Mapped[bool] = mapped_column(Boolean, default=True)
    code: Mapped[str] = mapped_column(String(40))
    """The classification code its number carries (``000.1.2.3``)."""
    hal: Mapped[str] = mapped_column(String(300), default="")
    signer: Mapped[str] = mapped_column(String(20), default="")
    """Who signs (a role of :data:`docgen.custom_kinds.SIGNERS`); "" for nobody."""
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    countersigner: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()
    created_by: Mapped[User | None] = relationship()
