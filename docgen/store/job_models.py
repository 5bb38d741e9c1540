"""Background jobs (:mod:`docgen.jobs`): a batch of letters and the parts it is made in.

The database is the truth about a job, whichever process runs it: a web instance's own
threads, or ``docgen worker`` processes fed over Redis. Each part is claimed with a lease
that its worker renews while it renders; a part whose lease ran out (its worker killed) is
queued again, and a part is done once, with one output in the file storage.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from docgen.store.models import Base, Office, StudyRecord, User, utcnow

JOB_STATES = ("queued", "running", "assembling", "done", "failed", "cancelled", "interrupted")
"""A job's states: ``queued`` → ``running`` → ``assembling`` (the ZIP being written) →
``done``; or ``failed``, ``cancelled``, or ``interrupted`` (the process running it in its
own threads stopped; it can be started again)."""
PART_STATES = ("queued", "running", "done", "failed", "cancelled")


class Job(Base):
    """One background job (today: a batch of letters)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(
        ForeignKey("offices.id", ondelete="CASCADE"), index=True)
    study_id: Mapped[int | None] = mapped_column(
        ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    job_type: Mapped[str] = mapped_column(String(20), default="batch")
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    runner: Mapped[str] = mapped_column(String(10), default="thread")
    """``thread`` (the web instance's own threads) or ``rq`` (workers over Redis)."""
    input_key: Mapped[str] = mapped_column(String(80))
    """Storage key of the job's input (the study as it was, the recipients, the options)."""
    title: Mapped[str] = mapped_column(String(300), default="")
    """What the job makes, for the pages that list it ("Surat Undangan Diseminasi")."""
    source_name: Mapped[str] = mapped_column(String(255), default="")
    """The recipient sheet's file name."""
    file_format: Mapped[str] = mapped_column(String(10), default="docx")
    total: Mapped[int] = mapped_column(Integer, default=0)
    """Documents to make (the recipients accepted)."""
    refused: Mapped[int] = mapped_column(Integer, default=0)
    """Rows of the sheet refused before the job started."""
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """Rows refused or failed, and warnings: path, code, severity, params."""
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column()
    result_key: Mapped[str | None] = mapped_column(String(80))
    result_name: Mapped[str] = mapped_column(String(255), default="")
    result_size: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()

    office: Mapped[Office | None] = relationship()
    study: Mapped[StudyRecord | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    parts: Mapped[list[JobPart]] = relationship(back_populates="job", order_by="JobPart.number",
                                                cascade="all, delete-orphan")


class JobPart(Base):
    """A slice of a job's recipients (``start`` to ``stop``), made by one worker at a time."""

    __tablename__ = "job_parts"
    __table_args__ = (UniqueConstraint("job_id", "number", name="uq_job_parts_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    stop: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column()
    progress: Mapped[int] = mapped_column(Integer, default=0)
    """Documents made so far by the current attempt."""
    made: Mapped[int] = mapped_column(Integer, default=0)
    made_by: Mapped[str] = mapped_column(String(120), default="")
    """The worker that recorded the part (host:process:thread:claim)."""
    result_key: Mapped[str | None] = mapped_column(String(80))
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    job: Mapped[Job] = relationship(back_populates="parts")


CONVERSION_STATES = ("queued", "running", "done", "failed")


class Conversion(Base):
    """One document converted for viewing (:mod:`docgen.jobs.convert`): a DOCX to its PDF/A
    and page images, or a PDF to its page images. Found by the SHA-256 of the content
    (:func:`docgen.preview.docx_key`), so the same bytes asked for twice, by two users at
    once or by two web instances, are one conversion; the result is the folder of that key
    in the preview cache under the shared ``DOCGEN_HOME``."""

    __tablename__ = "conversions"
    __table_args__ = (UniqueConstraint("key", name="uq_conversions_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(10), default="docx")
    """What the input is: ``docx`` (made into PDF/A, then pages) or ``pdf`` (pages only)."""
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    runner: Mapped[str] = mapped_column(String(10), default="thread")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column()
    pages: Mapped[int] = mapped_column(Integer, default=0)
    made_by: Mapped[str] = mapped_column(String(120), default="")
    error_code: Mapped[str] = mapped_column(String(60), default="")
    """Names the message of :mod:`docgen.messages_convert` saying why it failed."""
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column()


RECORD_PDF_STATES = ("pending", "made", "failed")


class RecordPdf(Base):
    """The PDF/A of an issued record, made in the background (:mod:`docgen.jobs.record_pdf`):
    its DOCX converted by the conversion of its content (:class:`Conversion`, `key`), then
    kept beside the DOCX as the record's one ``pdf`` file. One row per record: asked for
    when the record is issued, or again from its page after a failure."""

    __tablename__ = "record_pdfs"
    __table_args__ = (UniqueConstraint("record_id", name="uq_record_pdfs_record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("archive_records.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64), index=True)
    """The content key of the record's DOCX (:func:`docgen.preview.docx_key`)."""
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    """``pending`` (being made), ``made`` (kept with the record) or ``failed``."""
    error_code: Mapped[str] = mapped_column(String(60), default="")
    """Names the message of :mod:`docgen.messages_convert` saying why it failed."""
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    """Times it was asked for (the first at issue, then each retry)."""
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    requested_by_name: Mapped[str] = mapped_column(String(200), default="")
    """Who asked (the issuer, or who retried): the actor of the ``pdf_made`` event."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column()
