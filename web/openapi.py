"""The OpenAPI 3.1 description of the JSON API, derived rather than written.

* The paths, methods and path parameters come from the app's URL map (every rule of the
  ``api`` blueprint), so a route cannot exist without being described.
* What each operation takes and answers is noted on its view with :func:`operation`.
* The schema of a study is :func:`docgen.study.json_schema` (pydantic's), its ``$defs``
  moved under ``components/schemas``; the answers are the pydantic models below, which the
  views also use to build their JSON, so the description and the answers cannot drift apart.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from flask import current_app, request
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import models_json_schema

from docgen.archive import CLASSIFICATION
from docgen.store.models import ID_MAX
from docgen.study import json_schema as study_json_schema

F = TypeVar("F", bound=Callable[..., Any])

OPENAPI_VERSION = "3.1.0"
REF = "#/components/schemas/{model}"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_MIMES = (XLSX_MIME, "application/vnd.ms-excel",
                  "application/vnd.oasis.opendocument.spreadsheet")
"""The budget workbooks the API reads: .xlsx, .xls and .ods."""
MERGE_PATCH = "application/merge-patch+json"

_SCHEMA_OF = "x-docgen-schema"
StudyJson = Annotated[dict[str, Any], WithJsonSchema({_SCHEMA_OF: "Study"})]
"""A whole study as JSON, described by the Study schema (a reference put in by
:func:`schemas`)."""


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
    signed_copy: ArchiveFile | None = Field(description="The latest signed copy filed.")
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
                                       ProblemReport, DocumentList, BudgetResult, Record,
                                       RecordList, ArchiveFile, IssueRequest, FollowUpList,
                                       FollowUpItemState, FollowUpUpdateRequest)


# ---------------------------------------------------------------------------
# What each view says about itself


@dataclass(frozen=True)
class Body:
    content: dict[str, dict[str, Any]]
    description: str = ""
    required: bool = True


@dataclass(frozen=True)
class Operation:
    summary: str
    tags: tuple[str, ...]
    responses: dict[int, tuple[str, dict[str, Any] | None]]
    body: Body | None = None
    query: tuple[dict[str, Any], ...] = ()
    path_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    write: bool = False
    public: bool = False


def operation(summary: str, *, tags: tuple[str, ...], responses: dict[int, Any],
              body: Body | None = None, query: tuple[dict[str, Any], ...] = (),
              path_schemas: dict[str, dict[str, Any]] | None = None, write: bool = False,
              public: bool = False) -> Callable[[F], F]:
    """Note what a view takes and answers. `responses` maps a status to a description and
    its content (see :func:`json_of`); 401, 403 and 404 are added from `public`, `write` and
    the path."""

    def decorate(view: F) -> F:
        view.openapi = Operation(summary, tags, responses, body, query,  # type: ignore[attr-defined]
                                 path_schemas or {}, write, public)
        return view

    return decorate


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def json_of(name: str) -> dict[str, Any]:
    """JSON content described by the component `name`."""
    return {"application/json": {"schema": ref(name)}}


def file_of(mime: str) -> dict[str, Any]:
    return {mime: {"schema": {"type": "string", "contentMediaType": mime}}}


# ---------------------------------------------------------------------------
# The document


def _rewrite_refs(node: Any) -> Any:
    """Point pydantic's ``#/$defs/X`` (and the study placeholders) at components/schemas."""
    if isinstance(node, dict):
        if _SCHEMA_OF in node:
            return ref(node[_SCHEMA_OF])
        return {key: (REF.format(model=value.removeprefix("#/$defs/"))
                      if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                      else _rewrite_refs(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


TIME_OF_DAY = {"type": "string",
               "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
                          r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$",
               "description": "A time of day, HH:MM or HH:MM:SS (answers give HH:MM:SS); the "
                              "zone is a member of its own (WIB, WITA, WIT)."}
"""A time of day as the study holds it. JSON Schema's ``format: time`` is RFC 3339's
full-time, which needs an offset ("09:30:00+07:00"); a study's times have none."""


def _times_of_day(node: Any) -> Any:
    """Every ``{"type": "string", "format": "time"}`` as :data:`TIME_OF_DAY`."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            return {**{k: v for k, v in node.items() if k != "format"}, **TIME_OF_DAY}
        return {key: _times_of_day(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_times_of_day(item) for item in node]
    return node


def schemas() -> dict[str, Any]:
    """``components/schemas``: the study (from docgen.study.json_schema) and the answers."""
    study = _times_of_day(study_json_schema())
    found = {name: _rewrite_refs(schema) for name, schema in study.pop("$defs", {}).items()}
    found["Study"] = _rewrite_refs(study)
    _, answers = models_json_schema([(model, "serialization") for model in MODELS],
                                    ref_template=REF)
    for name, schema in answers.get("$defs", {}).items():
        if name in found:
            raise RuntimeError(f"schema name {name!r} is both a study model and an answer")
        found[name] = _rewrite_refs(schema)
    return dict(sorted(found.items()))


_PARAM = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_CONVERTED = {"int": {"type": "integer", "minimum": 0, "maximum": ID_MAX},
              "float": {"type": "number"},
              "path": {"type": "string"}, "uuid": {"type": "string", "format": "uuid"}}


def openapi_path(rule: str, prefix: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """A Werkzeug rule as an OpenAPI path (``<int:study_id>`` → ``{study_id}``) and its path
    parameters with their schemas."""
    params: list[tuple[str, dict[str, Any]]] = []

    def replace(match: re.Match[str]) -> str:
        params.append((match["name"], dict(_CONVERTED.get(match["converter"] or "",
                                                          {"type": "string"}))))
        return "{" + match["name"] + "}"

    return _PARAM.sub(replace, rule.removeprefix(prefix)) or "/", params


def _description(view: Callable[..., Any]) -> str:
    return inspect.cleandoc(view.__doc__ or "")


def _operation(endpoint: str, view: Callable[..., Any], meta: Operation,
               params: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": endpoint.split(".", 1)[1], "summary": meta.summary,
                          "tags": list(meta.tags)}
    description = _description(view)
    if description:
        op["description"] = description
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": {**schema, **meta.path_schemas.get(name, {})}}
                  for name, schema in params]
    parameters += [dict(q, **{"in": "query"}) for q in meta.query]
    if parameters:
        op["parameters"] = parameters
    if meta.body is not None:
        body: dict[str, Any] = {"required": meta.body.required,
                                "content": meta.body.content}
        if meta.body.description:
            body["description"] = meta.body.description
        op["requestBody"] = body
    responses: dict[str, Any] = {}
    for status, (text, content) in sorted(meta.responses.items()):
        responses[str(status)] = {"description": text}
        if content:
            responses[str(status)]["content"] = content
    errors = {}
    if not meta.public:
        errors[401] = ("No token, or a token that is unknown, revoked, expired or of a "
                       "switched-off user.")
    if meta.write:
        errors[403] = "The token's user has a role that may only read (staff write)."
    names = {name for name, _ in params}
    if "record_id" in names:
        errors[404] = ("No such record in the token user's office (another office's is 404 "
                       "too).")
    elif "study_id" in names:
        errors[404] = "No such study in the token user's office (another office's is 404 too)."
    for status, text in errors.items():
        responses.setdefault(str(status), {"description": text, "content": json_of("Error")})
    responses.setdefault("default", {"description": "Any other error.",
                                     "content": json_of("Error")})
    op["responses"] = dict(sorted(responses.items()))
    if meta.public:
        op["security"] = []
    return op


def document(blueprint: str, prefix: str, *, title: str, version: str,
             description: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route of `blueprint` in the current app."""
    paths: dict[str, dict[str, Any]] = {}
    tags: list[str] = []
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if not rule.endpoint.startswith(blueprint + "."):
            continue
        view = current_app.view_functions[rule.endpoint]
        meta: Operation | None = getattr(view, "openapi", None)
        if meta is None:
            raise RuntimeError(f"the API route {rule.rule} ({rule.endpoint}) is not described")
        path, params = openapi_path(rule.rule, prefix)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule.endpoint, view, meta,
                                                                   params)
        tags += [tag for tag in meta.tags if tag not in tags]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": version, "description": description},
        "servers": [{"url": request.script_root + prefix}],
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "A token made with `docgen admin create-token --email ...` "
                               "(`--expires-in-days N` to limit it); it acts as that "
                               "user, with the user's office and role."}},
        },
        "security": [{"bearerAuth": []}],
    }
