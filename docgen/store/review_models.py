"""The tables of the path of a letter before it is issued: each office's chain of reviewers
per kind of document, the review of one document (study, kind, item) and its log.

A review's log (:class:`ReviewEvent`) is kept on its own while the document has no number;
when the signer approves and the document is issued, the log is copied into the record's
event log (:class:`docgen.store.archive_models.ArchiveEvent`) with the original moments.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from docgen.store.models import Base, Office, StudyRecord, User, utcnow

REVIEW_STATES = ("submitted", "returned", "approved")
"""``submitted``: waiting for paraf or the signer (diajukan); ``returned``: sent back to the
drafter with a comment (dikembalikan); ``approved``: approved by the signer and issued."""
REVIEW_EVENTS = ("submitted", "initialled", "returned", "approved")


class ReviewChain(Base):
    """Who reviews a kind of document in an office, in order: the reviewers who give their
    paraf, and last the signer, who approves. Each step is a user of the office
    (``{"user_id": 7}``) or anyone with a role (``{"role": "signer"}``), with the title the
    step has in the office (``"label": "Kepala Subbagian Umum"``). Without a row for a kind
    the signer alone reviews it (:data:`docgen.review.DEFAULT_CHAIN`)."""

    __tablename__ = "review_chains"
    __table_args__ = (UniqueConstraint("office_id", "kind", name="uq_review_chains_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(50))
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_by_name: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()


class ReviewSettings(Base):
    """An office's choices about reviews: whether the review copy carries the paraf boxes
    (a small table of initials per reviewer; never printed on the issued document)."""

    __tablename__ = "review_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           unique=True)
    paraf_boxes: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Review(Base):
    """The path of one document of a study (kind and item, ``item`` as in the web addresses:
    0 for a kind made once) from its submission to the signer's approval."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("study_id", "kind", "item", name="uq_reviews_document"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"),
                                           index=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(50))
    item: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer, default=1)
    """Raised at each submission: paraf of an earlier round no longer count."""
    chain: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """The chain as it was at the latest submission."""
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    submitted_by_name: Mapped[str] = mapped_column(String(200), default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("archive_records.id", ondelete="SET NULL"))
    """The register entry made when the signer approved."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()
    study: Mapped[StudyRecord] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    events: Mapped[list[ReviewEvent]] = relationship(
        back_populates="review", order_by="ReviewEvent.id", cascade="all, delete-orphan",
        passive_deletes=True)


class ReviewEvent(Base):
    """One step of a review: submitted, initialled (paraf), returned (with a comment) or
    approved; who, when, at which step, and the hash of the draft it was given on."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"),
                                           index=True)
    round: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    step_label: Mapped[str] = mapped_column(String(200), default="")
    event: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    review: Mapped[Review] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
