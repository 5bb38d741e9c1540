"""The archive tables: number sequences, every letter number given out, the register of issued
documents and the event log of each.

A register entry (:class:`ArchiveRecord`) never changes once written: the ORM refuses an
update or a delete, and the database does too (triggers made by migration 0003). A correction
is a new entry pointing at the one it corrects.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from docgen.store.models import Base, Office, StudyRecord, User, utcnow

NUMBER_STATES = ("issued", "reserved", "void")
ACCESS_CLASSES = ("biasa", "terbatas", "rahasia")
EVENTS = ("created", "pdf_made", "downloaded", "signed_copy_filed", "signed_copy_refused",
          "fixity_checked", "exported", "reserved", "voided", "verified_online",
          "submitted", "initialled", "returned", "approved", "signed_copy_withdrawn")
"""``submitted`` … ``approved`` are the review before issuing (:mod:`docgen.review`), copied
into the record's log when it is issued; ``signed_copy_withdrawn``: a signed copy marked as a
wrong upload (:class:`SignedCopyWithdrawal`)."""
FILE_ROLES = ("pdf", "signed_copy")
"""Further files of a record: the PDF/A made at finalising, and signed copies filed later."""


class RecordImmutable(Exception):
    """An attempt to change or delete a finalised register entry or a logged event."""


class NumberSequence(Base):
    """The last sequence number given out, per office, year and (optionally) code."""

    __tablename__ = "number_sequences"
    __table_args__ = (UniqueConstraint("office_id", "year", "code",
                                       name="uq_number_sequences_scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40), default="")
    """The classification code, or empty for a sequence per year."""
    last: Mapped[int] = mapped_column(Integer, default=0)


class LetterNumber(Base):
    """One sequence number given out: issued with a document, reserved for a letter typed
    elsewhere, or voided (with the reason)."""

    __tablename__ = "letter_numbers"
    __table_args__ = (UniqueConstraint("office_id", "year", "code", "seq",
                                       name="uq_letter_numbers_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="RESTRICT"),
                                           index=True)
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40), default="")
    """The sequence's code (empty for a sequence per year)."""
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(200))
    classification: Mapped[str] = mapped_column(String(40))
    issued: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(500), default="")
    addressee: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    voided_by_name: Mapped[str] = mapped_column(String(200), default="")
    voided_at: Mapped[datetime | None] = mapped_column()

    office: Mapped[Office] = relationship()


class ArchiveRecord(Base):
    """A register entry: one issued document, its file and everything an archivist needs."""

    __tablename__ = "archive_records"
    __table_args__ = (Index("uq_archive_records_public_id", "public_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="RESTRICT"),
                                           index=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="RESTRICT"),
                                          index=True)
    study_ref: Mapped[str] = mapped_column(String(100), default="")
    """The study's own identifier (``Study.id``)."""
    letter_number_id: Mapped[int | None] = mapped_column(
        ForeignKey("letter_numbers.id", ondelete="RESTRICT"), unique=True)
    number: Mapped[str] = mapped_column(String(200), default="")
    issued: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(50))
    item: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("archive_records.id", ondelete="RESTRICT"), unique=True)
    subject: Mapped[str] = mapped_column(String(500), default="")
    addressee: Mapped[str] = mapped_column(String(500), default="")
    classification: Mapped[str] = mapped_column(String(40))
    retention_active: Mapped[str] = mapped_column(String(200), default="")
    retention_inactive: Mapped[str] = mapped_column(String(200), default="")
    disposition: Mapped[str] = mapped_column(String(40), default="")
    retention_source: Mapped[str] = mapped_column(String(500), default="")
    access: Mapped[str] = mapped_column(String(10), default="biasa")
    signer: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(255))
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    public_id: Mapped[str | None] = mapped_column(String(32))
    """A random, unguessable identifier for the public verification page (``/v/<public_id>``),
    printed in the document's QR code."""
    template: Mapped[str] = mapped_column(String(255))
    template_sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="RESTRICT"))
    created_by_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    office: Mapped[Office] = relationship()
    study: Mapped[StudyRecord] = relationship()
    letter_number: Mapped[LetterNumber | None] = relationship()
    corrects: Mapped[ArchiveRecord | None] = relationship(remote_side=[id])
    files: Mapped[list[ArchiveFile]] = relationship(back_populates="record",
                                                    order_by="ArchiveFile.id")


class ArchiveFile(Base):
    """A further file kept with a register entry: its PDF/A, or a signed copy (scan or PDF)
    filed after signing. Like the entry itself, it never changes once written."""

    __tablename__ = "archive_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("archive_records.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="RESTRICT"))
    created_by_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    record: Mapped[ArchiveRecord] = relationship(back_populates="files")
    withdrawal: Mapped[SignedCopyWithdrawal | None] = relationship(
        viewonly=True, uselist=False, lazy="selectin")
    """The mark of a wrong upload (salah unggah), if this signed copy carries one."""


class SignedCopyWithdrawal(Base):
    """A signed copy marked as a wrong upload (*salah unggah*), with the reason: the file is
    kept and shown struck through, never deleted, and the record waits for a signed copy
    again. Like the files, a mark never changes once written (one per file)."""

    __tablename__ = "signed_copy_withdrawals"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(
        ForeignKey("archive_files.id", ondelete="RESTRICT"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="RESTRICT"))
    created_by_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())


class ArchiveEvent(Base):
    """Something that happened to a register entry or a letter number: who, when, what."""

    __tablename__ = "archive_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("archive_records.id", ondelete="RESTRICT"), index=True)
    letter_number_id: Mapped[int | None] = mapped_column(
        ForeignKey("letter_numbers.id", ondelete="RESTRICT"), index=True)
    event: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    record: Mapped[ArchiveRecord | None] = relationship()


def _refuse(_mapper: Any, _connection: Any, target: Any) -> None:
    raise RecordImmutable(f"{type(target).__name__} {target.id} is final and cannot change")


def _refuse_change(mapper: Any, connection: Any, target: Any) -> None:
    # A further file added to a record marks the record dirty without changing a column.
    session = object_session(target)
    if session is not None and not session.is_modified(target, include_collections=False):
        return
    _refuse(mapper, connection, target)


for _model in (ArchiveRecord, ArchiveFile, ArchiveEvent, SignedCopyWithdrawal):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse)


def actor_label(user: User | None, fallback: str = "") -> str:
    if user is None:
        return fallback
    return f"{user.name} <{user.email}>"
