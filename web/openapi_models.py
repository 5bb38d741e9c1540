"""The answers of the JSON API as pydantic models: the views build their JSON with them and
:func:`web.openapi.schemas` describes them, so the description and the answers cannot drift
apart. A module that adds answers of its own lists them with :func:`add_models`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from docgen.archive import CLASSIFICATION
from docgen.archive_signed import REASON_MAX
from docgen.store.models import ID_MAX

SCHEMA_OF = "x-docgen-schema"
StudyJson = Annotated[dict[str, Any], WithJsonSchema({SCHEMA_OF: "Study"})]
"""A whole study as JSON, described by the Study schema (a reference put in by
:func:`web.openapi.schemas`)."""
BudgetLineJson = Annotated[dict[str, Any], WithJsonSchema({SCHEMA_OF: "BudgetLine"})]
"""A line of a study's budget as JSON, described by the study's BudgetLine schema."""


# ---------------------------------------------------------------------------
# The answers


class Problem(BaseModel):
    """One problem, where it is (a study path such as ``plan.team[0].nip``) and what it is,
    in Indonesian and English."""

    path: str
    code: str
    severity: Literal["error", "warning"]
    message_id: str
    message_en: str


class ErrorDetail(BaseModel):
    status: int
    code: str
    message_id: str
    message_en: str


class RecordRef(BaseModel):
    """A register entry named by an answer: its id, number (empty for a kind without one)
    and address in the API."""

    id: int
    number: str
    url: str


class Error(BaseModel):
    """Every error answer: what went wrong in both languages, and the problems when there
    are some (invalid data, a document that is not ready, a budget with errors); `record`
    names the register entry a conflict is about (already issued, a damaged file)."""

    error: ErrorDetail
    problems: list[Problem] | None = None
    record: RecordRef | None = None


class StageState(BaseModel):
    key: str
    number: int
    title_id: str
    title_en: str
    state: Literal["empty", "draft", "complete"]


class StudySummary(BaseModel):
    id: int
    title: str
    fiscal_year: int
    created_at: str | None
    updated_at: str | None
    stages: list[StageState]
    url: str
    problem: str | None = Field(None, description="Set (in English) when the stored study "
                                                  "cannot be read; it is listed all the same.")


class StudyList(BaseModel):
    studies: list[StudySummary]


class StudyDetail(StudySummary):
    """A stored study: its summary, the whole study, and what check_study finds in it."""

    study: StudyJson
    problems: list[Problem]


class StageDetail(BaseModel):
    """One stage after a change: its data, its state and what it still misses."""

    stage: StageState
    data: dict[str, Any]
    problems: list[Problem]


class StageProblems(StageState):
    problems: list[Problem]


class ProblemReport(BaseModel):
    """check_study's problems, each stage's state and open problems, and per document kind
    the fields it still needs."""

    valid: bool = Field(description="No errors (warnings may remain).")
    problems: list[Problem]
    stages: list[StageProblems]
    missing: dict[str, list[Problem]]


class DocumentItem(BaseModel):
    item: int | None = Field(description="The fan-out index; null for a kind made once.")
    label: str = Field(description="Whom the document is for: traveller, host or invitee.")
    docx_url: str


class DocumentKind(BaseModel):
    id: str
    title_id: str
    title_en: str
    stage: int
    stage_key: str
    classification: str
    fan_out: Literal["none", "destination", "traveller", "note", "invitee"]
    ready: bool
    missing: list[Problem]
    items: list[DocumentItem]
    merged_url: str | None


class DocumentList(BaseModel):
    kinds: list[DocumentKind]


class BudgetRead(BaseModel):
    """A budget workbook as read and checked (``ParsedBudget.as_dict``): the sheet, its
    lines each with its cells, the totals and the problems. Amounts are decimal strings."""

    model_config = ConfigDict(extra="allow")

    source: str
    sheet: str
    header_row: int
    lines: list[dict[str, Any]]
    by_component: dict[str, str]
    total: str | None = Field(description="The sum of the lines read; null when no line "
                                          "was read (never a total of 0 for nothing).")
    total_rupiah: str | None = Field(description="The total as `Rp24.422.000`; null when "
                                                 "no line was read.")
    terbilang: str | None = Field(description="The total in words; null when no line was "
                                              "read, empty when too large to write.")
    usable: bool
    errors: list[Problem]
    warnings: list[Problem]


class BudgetResult(BaseModel):
    """A budget workbook read and checked (docgen.budget): its lines, totals and problems,
    and whether it became the study's budget."""

    attached: bool
    budget: BudgetRead
    problems: list[Problem]
    study: StudySummary | None


class BudgetLinesResult(BaseModel):
    """Budget lines sent as JSON, read and checked as a workbook is: the study's budget lines
    they make, the total, the warnings, and whether they were saved."""

    saved: bool = Field(description="The lines are now the study's budget (plan.budget); "
                                    "false for dry_run=1.")
    lines: list[BudgetLineJson] = Field(description="The lines as the study holds them (or "
                                                    "would hold them, for dry_run=1).")
    total: str = Field(description="The sum of the lines, a decimal string.")
    total_rupiah: str = Field(description="The total as `Rp24.422.000`.")
    terbilang: str = Field(description="The total in words; empty when too large to write.")
    problems: list[Problem] = Field(description="The warnings, each with the line and field "
                                                "(`lines[2].unit_price`).")
    study: StudySummary | None = Field(description="The study after saving; null for "
                                                   "dry_run=1.")


class StudyRef(BaseModel):
    id: int = Field(description="The stored study's id (as in /studies/{id}).")
    ref: str = Field(description="The study's own identifier (`study.id`).")


class RecordRetention(BaseModel):
    """The retention (JRA) copied into the entry when it was issued."""

    active: str
    inactive: str
    disposition: str = Field(description="musnah, permanen or dinilai kembali (empty when "
                                         "no row of the schedule applies).")
    source: str = Field(description="The regulation the row comes from.")


class RecordDocx(BaseModel):
    """The issued DOCX."""

    name: str
    size: int
    sha256: str
    url: str | None = Field(description="Where to download it; null when the caller may not "
                                        "open the files of this record.")


class RecordTemplate(BaseModel):
    """The template version the document was made with."""

    name: str
    sha256: str
    version: str | None = Field(description="The office's version (v1, v2 ...), default for "
                                            "the shipped template, or null for a shipped "
                                            "default of an earlier release.")
    url: str | None = Field(description="Where to download that version; null when its file "
                                        "is not kept.")


class Withdrawal(BaseModel):
    """A signed copy marked as a wrong upload (salah unggah): who marked it, when and why.
    The file is kept, but is no longer the record's signed copy."""

    reason: str
    by: str
    at: str | None


class ArchiveFile(BaseModel):
    """A further file kept with a register entry: its PDF/A, or a signed copy."""

    id: int
    role: Literal["pdf", "signed_copy"]
    filename: str
    mime: str
    size: int
    sha256: str
    note: str
    created_at: str | None
    created_by: str
    url: str | None = Field(description="Where to download it; null when the caller may not "
                                        "open the files of this record.")
    withdrawn: Withdrawal | None = Field(description="Set when this signed copy was marked as "
                                                     "a wrong upload (salah unggah); null "
                                                     "otherwise.")


class WithdrawRequest(BaseModel):
    """Why a signed copy was a wrong upload."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=REASON_MAX,
                        description="Why it was a wrong upload (another letter's scan, an "
                                    "unsigned draft, ...); required, at most 1000 characters.")


class Event(BaseModel):
    """One line of a register entry's event log."""

    event: str = Field(description="created, pdf_made, downloaded, signed_copy_filed, "
                                   "signed_copy_refused, fixity_checked, exported, ...")
    outcome: str = Field(description="ok, refused, failed, mismatch or missing.")
    actor: str
    at: str | None
    detail: str


class RecordSummary(BaseModel):
    """A register entry (Buku Agenda Surat Keluar) as the register lists it."""

    id: int
    number: str = Field(description="The letter number; empty for a kind without one.")
    issued: str = Field(description="Date of issue, YYYY-MM-DD.")
    kind: str
    item: int | None = Field(description="The fan-out index; null for a kind made once.")
    version: int
    corrects: int | None = Field(description="The id of the record this version corrects.")
    subject: str
    addressee: str
    classification: str
    access: Literal["biasa", "terbatas", "rahasia"]
    study: StudyRef
    url: str


class RecordPdfState(BaseModel):
    """Where the PDF/A of a register entry stands: made in the background after the entry is
    issued (or asked for again with ``POST /records/{record_id}/pdf``)."""

    state: Literal["none", "pending", "made", "failed"] = Field(
        description="none (never asked for: LibreOffice was not there), pending (being "
                    "made), made (in `files`, role pdf) or failed.")
    file: int | None = Field(description="The id of the PDF/A in `files` once made.")
    error: str = Field(description="Why it failed: a message code (conversion_failed, "
                                   "conversion_tool_libreoffice, ...); empty otherwise.")
    message_id: str = Field(description="Where it stands, in Indonesian (PDF/A sedang "
                                        "dibuat; PDF/A gagal dibuat: the reason, ...).")
    message_en: str = Field(description="The same in English.")
    attempts: int = Field(description="Times it was asked for.")


class Record(RecordSummary):
    """One register entry, whole: every register field, its files, the latest signed copy
    and its event log."""

    corrected_by: int | None = Field(description="The id of the record correcting this one.")
    retention: RecordRetention
    signer: str
    file: RecordDocx
    template: RecordTemplate
    created_by: str
    created_at: str | None
    public_url: str | None = Field(description="The public verification page (the address "
                                               "in the document's QR code).")
    files_open: bool = Field(description="Whether the caller may download the files (a "
                                         "terbatas or rahasia record opens only for signers, "
                                         "archivists, administrators and its issuer).")
    files: list[ArchiveFile]
    signed_copy: ArchiveFile | None = Field(description="The signed copy that stands: the "
                                                        "latest one filed that is not marked "
                                                        "as a wrong upload.")
    pdf: RecordPdfState
    events: list[Event]


class IssueRequest(BaseModel):
    """How to issue a document; every member may be left out (and the body with them)."""

    model_config = ConfigDict(extra="forbid")

    classification: str | None = Field(
        None, pattern=CLASSIFICATION.pattern,
        description="The classification code (part of the number); default: the catalog's "
                    "code for this kind of document.")
    access: Literal["biasa", "terbatas", "rahasia"] = Field(
        "biasa", description="The security class; the files of a terbatas or rahasia record "
                             "open only for signers, archivists, administrators and its "
                             "issuer.")
    issued: date | None = Field(None, description="The date of the letter; default: the "
                                                  "office's today, in the zone of its province "
                                                  "(WIB, WITA or WIT) unless DOCGEN_TIMEZONE.")
    corrects: int | None = Field(
        None, ge=1, le=ID_MAX,
        description="Issue a corrected version of this record (the latest version of the same "
                    "document): without it, a document already issued answers 409.")


class RecordList(BaseModel):
    records: list[RecordSummary]
    total: int = Field(description="How many records pass the filters, in all.")
    page: int
    per_page: int


Day = date


class FollowUpUpdateRequest(BaseModel):
    """A progress update on a follow-up item."""

    model_config = ConfigDict(extra="forbid")

    date: Day = Field(description="The day the progress was reached.")
    value: str | float | None = Field(None, description="The value of the indicator achieved "
                                                        "so far (a number; text keeps decimals "
                                                        "exact).")
    status: Literal["rencana", "berjalan", "selesai", "batal"] = "berjalan"
    reason: str = Field("", description="Why the item is cancelled: needed for batal.")
    note: str = ""
    evidence: list[str] = Field(
        default_factory=list, max_length=20,
        description="Storage keys of the office's evidence uploads, or data: URIs of PDF, "
                    "PNG, JPEG or XLSX files.")


class FollowUpItemState(BaseModel):
    """One follow-up item with its state: the latest update's status and value."""

    study: int
    study_title: str
    index: int = Field(description="Its place in the study's evaluation.follow_up, from 0.")
    id: str
    action: str
    owner: dict[str, Any]
    due_date: date | None
    indicator: str
    unit: str
    baseline: str | None
    target: str | None
    aim_no: int | None
    lesson_no: int | None
    status: Literal["rencana", "berjalan", "selesai", "batal"]
    status_label: str
    achieved: str | None
    done_on: date | None
    done_on_time: bool
    overdue: bool = Field(description="Still open after its due date, on the office's today.")
    latest_update: date | None
    updates: list[dict[str, Any]]


class DoneOnTime(BaseModel):
    key: int = Field(description="The study id, or the year.")
    done_on_time: int
    known: int = Field(description="Items done or overdue (cancelled ones left out).")
    percent: float | None


class DoneOnTimeShares(BaseModel):
    by_study: list[DoneOnTime]
    by_year: list[DoneOnTime]


class FollowUpList(BaseModel):
    today: date
    items: list[FollowUpItemState]
    done_on_time: DoneOnTimeShares


MODELS: tuple[type[BaseModel], ...] = (Error, StudyList, StudyDetail, StageDetail,
                                       ProblemReport, DocumentList, BudgetResult,
                                       BudgetLinesResult, Record,
                                       RecordList, ArchiveFile, IssueRequest, WithdrawRequest,
                                       FollowUpList,
                                       FollowUpItemState, FollowUpUpdateRequest)


def add_models(*models: type[BaseModel]) -> None:
    """Describe `models` too (answers and request bodies of a module of the API)."""
    global MODELS
    MODELS = (*MODELS, *models)
