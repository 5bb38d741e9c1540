"""The archive in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`): issuing a
document, the register, a record with its files and events, and filing the signed copy, for
systems such as SRIKANDI or a regional TTE (e-signature) portal.

* ``POST /studies/<id>/documents/<kind>/issue`` (a kind made once) and
  ``.../<kind>/<item>/issue`` finalise a ready document (:func:`docgen.archive.finalize`),
  as *Terbitkan* does on the web: a number, the final DOCX, a register entry, the PDF/A when
  LibreOffice is there. A document already issued is not issued again (409 naming its
  record): a correction names the record it corrects (``"corrects"``).
* ``GET /records`` the office's register, filtered and paged (:mod:`docgen.archive_search`).
* ``GET /records/<id>`` one register entry whole.
* Its files, the signed copy filed and a wrong upload marked: :mod:`web.api_archive_files`.

Who may do what is the web's (:mod:`web.archive`): another office's record or study is 404;
the files of a *terbatas* or *rahasia* record open only for signers, archivists,
administrators and its issuer (:func:`web.archive.may_open_files`; 403 for the others, whose
record answers carry no file addresses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response, jsonify, request, url_for
from flask_login import current_user
from sqlalchemy import select

from docgen import archive, archive_search, catalog
from docgen.messages import TEXTS, Problem
from docgen.store import (
    ArchiveEvent,
    ArchiveFile,
    ArchiveRecord,
    SignedCopyWithdrawal,
    StudyRecord,
)
from docgen.store.archive_models import ACCESS_CLASSES
from docgen.store.models import ID_MAX
from web import openapi_models as answers
from web.access import ISSUERS, READERS
from web.api import ApiError, _iso, _json_body, _study, api_view, bp
from web.api_documents import KIND_ID, document_of
from web.archive import (
    issue_date_problem,
    may_open_files,
    office_today,
    successor,
    verify_url,
)
from web.archive_pdf import api_json as record_pdf_json
from web.archive_template import template_json
from web.db import db
from web.kinds import office_kinds
from web.openapi import Body, json_of, operation

MAX_PER_PAGE = 200
SIGNED_COPY_FIELD = "file"
ISSUE_FIELDS = tuple(answers.IssueRequest.model_fields)
NO_NUMBER = {"id": "(tanpa nomor)", "en": "(no number)"}
RECORD_ID = "The register entry's id (as in the web addresses /arsip/<id>)."
_INTEGER = re.compile(r"[+-]?[0-9]+")


# ---------------------------------------------------------------------------
# Helpers


def _require(roles: tuple[str, ...]) -> None:
    if current_user.role not in roles:
        raise ApiError(403, "api_forbidden", role=current_user.role)


def _record(record_id: int) -> ArchiveRecord:
    """The record `record_id` of the token user's office; 404 otherwise."""
    entry = db().get(ArchiveRecord, record_id)
    if entry is None or entry.office_id != current_user.office_id:
        raise ApiError(404, "api_not_found")
    return entry


def _require_files(entry: ArchiveRecord) -> None:
    if not may_open_files(entry):
        raise ApiError(403, "api_files_restricted", access=entry.access)


def _ref(entry: ArchiveRecord) -> dict[str, Any]:
    return {"id": entry.id, "number": entry.number or "",
            "url": url_for("api.get_record", record_id=entry.id)}


def _numbers(entry: ArchiveRecord) -> tuple[str, str]:
    """The number of `entry` as said in Indonesian and in English."""
    return entry.number or NO_NUMBER["id"], entry.number or NO_NUMBER["en"]


def _file_json(file: ArchiveFile, open_files: bool) -> dict[str, Any]:
    return {"id": file.id, "role": file.role, "filename": file.filename, "mime": file.mime,
            "size": file.size, "sha256": file.sha256, "note": file.note or "",
            "created_at": _iso(file.created_at), "created_by": file.created_by_name,
            "url": (url_for("api.record_file", record_id=file.record_id, file_id=file.id)
                    if open_files else None),
            "withdrawn": _withdrawal(file.withdrawal)}


def _withdrawal(mark: SignedCopyWithdrawal | None) -> dict[str, Any] | None:
    """Who marked a signed copy as a wrong upload, when and why (None when unmarked)."""
    if mark is None:
        return None
    return {"reason": mark.reason, "by": mark.created_by_name, "at": _iso(mark.created_at)}


def _summary(entry: ArchiveRecord) -> dict[str, Any]:
    return {"id": entry.id, "number": entry.number or "", "issued": entry.issued.isoformat(),
            "kind": entry.kind, "item": entry.item, "version": entry.version,
            "corrects": entry.corrects_id, "subject": entry.subject,
            "addressee": entry.addressee, "classification": entry.classification,
            "access": entry.access, "study": {"id": entry.study_id, "ref": entry.study_ref},
            "url": url_for("api.get_record", record_id=entry.id)}


def _detail(entry: ArchiveRecord) -> dict[str, Any]:
    open_files = may_open_files(entry)
    later = successor(entry)
    events = db().scalars(select(ArchiveEvent).where(ArchiveEvent.record_id == entry.id)
                          .order_by(ArchiveEvent.at, ArchiveEvent.id))
    copy = archive.latest_signed_copy(entry)
    body = {
        **_summary(entry),
        "corrected_by": later.id if later is not None else None,
        "retention": {"active": entry.retention_active, "inactive": entry.retention_inactive,
                      "disposition": entry.disposition, "source": entry.retention_source},
        "signer": entry.signer,
        "file": {"name": entry.filename, "size": entry.size, "sha256": entry.sha256,
                 "url": (url_for("api.record_docx", record_id=entry.id) if open_files
                         else None)},
        "template": template_json(entry, url_for("api.record_template", record_id=entry.id)),
        "created_by": entry.created_by_name,
        "created_at": _iso(entry.created_at),
        "public_url": verify_url(entry),
        "files_open": open_files,
        "files": [_file_json(f, open_files) for f in entry.files],
        "signed_copy": _file_json(copy, open_files) if copy is not None else None,
        "pdf": record_pdf_json(entry),
        "events": [{"event": e.event, "outcome": e.outcome, "actor": e.actor_name,
                    "at": _iso(e.at), "detail": e.detail} for e in events],
    }
    return answers.Record.model_validate(body).model_dump(mode="json")


def _created(body: dict[str, Any], location: str) -> Response:
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = location
    return response


# ---------------------------------------------------------------------------
# Issuing


@dataclass
class IssueChoices:
    classification: str | None
    access: str
    issued: date
    corrects: int | None


def _issue_choices() -> IssueChoices:
    """The optional JSON body of an issue request, checked member by member (422 with each
    problem and its member as the path)."""
    data = _json_body() if request.get_data(cache=True) else {}
    problems = [Problem(key, "extra_forbidden") for key in data if key not in ISSUE_FIELDS]
    code = data.get("classification")
    if code is not None and not isinstance(code, str):
        problems.append(Problem("classification", "string_type"))
        code = None
    elif code is not None:
        code = code.strip() or None
        if code is not None and not archive.CLASSIFICATION.match(code):
            problems.append(Problem("classification", "classification_invalid",
                                    params={"value": code}))
    access = data.get("access")
    if access is None:
        access = "biasa"
    elif not isinstance(access, str) or access not in ACCESS_CLASSES:
        problems.append(Problem("access", "access_unknown", params={"value": access}))
    issued = office_today()
    if data.get("issued") is not None:
        try:
            issued = date.fromisoformat(data["issued"])
        except (TypeError, ValueError):
            problems.append(Problem("issued", "date_parsing"))
        else:
            problem = issue_date_problem(issued, current_user.role)
            if problem is not None:
                problems.append(problem)
    corrects = data.get("corrects")
    if corrects is not None and (isinstance(corrects, bool) or not isinstance(corrects, int)):
        problems.append(Problem("corrects", "int_type"))
    elif corrects is not None and corrects < 1:
        problems.append(Problem("corrects", "greater_than_equal", params={"ge": 1}))
    elif corrects is not None and corrects > ID_MAX:  # names no record
        problems.append(Problem("corrects", "less_than_equal", params={"le": ID_MAX}))
    if problems:
        raise ApiError(422, "api_invalid", problems=problems, count=len(problems))
    return IssueChoices(code, str(access), issued, corrects)


def _issued_already(record: StudyRecord, kind: catalog.Kind,
                    chosen: int | None) -> ArchiveRecord | None:
    """The latest version of the document (study, kind, item), if it was issued."""
    return archive.latest_issued(db(), record.id, kind.id, chosen)


def _corrected(record: StudyRecord, kind: catalog.Kind, chosen: int | None,
               record_id: int) -> ArchiveRecord:
    """The record a correction corrects: this office's, the same document, its latest
    version, and one whose files the caller may open (as the web's correction)."""
    target = db().get(ArchiveRecord, record_id)
    if target is None or target.office_id != current_user.office_id:
        raise ApiError(422, "api_invalid", count=1, problems=[
            Problem("corrects", "record_unknown", params={"record": record_id})])
    if (target.study_id, target.kind, target.item) != (record.id, kind.id, chosen):
        raise ApiError(422, "api_invalid", count=1, problems=[
            Problem("corrects", "api_corrects_other", params={"record": record_id})])
    _require_files(target)
    if successor(target) is not None:
        latest = archive.corrections(db(), target)[-1]
        number_id, number_en = _numbers(latest)
        raise ApiError(409, "api_already_corrected", record=target.id, latest=latest.id,
                       number=number_id, extra={"record": _ref(latest)},
                       params_en={"record": target.id, "latest": latest.id,
                                  "number": number_en})
    return target


def _refused(exc: archive.FinalizeRefused, kind: catalog.Kind, chosen: int | None,
             choices: IssueChoices) -> ApiError:
    """A FinalizeRefused as an API error: its code and message, and the problems (each
    missing field with its path)."""
    code = exc.code if exc.code in TEXTS else "api_issue_refused"
    member = "classification" if exc.code == "classification_invalid" else "access"
    value = choices.classification if member == "classification" else choices.access
    params: dict[str, object] = {"kind": kind.title_id, "item": (chosen or 0) + 1,
                                 "value": value, "detail": str(exc)}
    problems = list(exc.problems)
    if not problems and exc.code in ("classification_invalid", "access_unknown"):
        problems = [Problem(member, exc.code, params={"value": value})]
    return ApiError(422, code, problems=problems,
                    params_en={**params, "kind": kind.title_en}, **params)


def _already_issued(latest: ArchiveRecord, kind: catalog.Kind) -> ApiError:
    """409: the document is issued already (as `latest`); correct it instead."""
    number_id, number_en = _numbers(latest)
    return ApiError(409, "api_already_issued", document=kind.title_id, number=number_id,
                    record=latest.id, extra={"record": _ref(latest)},
                    params_en={"document": kind.title_en, "number": number_en,
                               "record": latest.id})


def _issue(study_id: int, kind_id: str, item: int | None) -> Response:
    _study(study_id)  # another office's study is 404, before the role's 403
    _require(ISSUERS)
    record, kind, item = document_of(study_id, kind_id, item)
    chosen = item if kind.fan_out != "none" else None
    choices = _issue_choices()
    from web.api_review import approve_document

    if choices.corrects is not None:
        # the record named must be this document's latest version, open to the caller
        _corrected(record, kind, chosen, choices.corrects)
    else:
        latest = _issued_already(record, kind, chosen)
        if latest is not None:
            raise _already_issued(latest, kind)
    # an issue, first or a correction, is the signer's approval (docgen.review)
    entry = approve_document(record, kind, item, choices,
                             correction=choices.corrects is not None)
    return _created(_detail(entry), url_for("api.get_record", record_id=entry.id))


ISSUE_BODY = Body(json_of("IssueRequest"),
                  "Optional: the classification code, access class, date of the letter and, "
                  "for a correction, the record it corrects.", required=False)
ISSUE_RESPONSES = {
    201: ("Issued and filed in the register: the new record (`Location` names it). Its "
          "`file.url` gives the final DOCX with the number and the verification QR code.",
          json_of("Record")),
    400: ("The body is not a JSON object, or a kind made per item was named without its "
          "item.", json_of("Error")),
    403: ("Not the signer's approval: the document (or its correction, submitted with "
          "`correction`) must be submitted and initialled first (`review_required`), or it "
          "is not the signer's turn; a correction of a terbatas or rahasia record the caller "
          "may not open.", json_of("Error")),
    409: ("The document is already issued (without `corrects`), or the record named in "
          "`corrects` is already corrected: `record` names the latest version.",
          json_of("Error")),
    415: ("The body is not JSON.", json_of("Error")),
    422: ("Not issued: a bad member of the body (`api_invalid`), the document still misses "
          "data (`finalize_incomplete`, each field with its path in `problems`), the study "
          "has errors (`finalize_invalid`), or it could not be made.", json_of("Error")),
}


@bp.post("/studies/<int:study_id>/documents/<kind_id>/issue")
@api_view
@operation("Issue a document", tags=("archive",), path_schemas={"kind_id": KIND_ID},
           body=ISSUE_BODY, responses=ISSUE_RESPONSES)
def issue(study_id: int, kind_id: str):  # noqa: ANN201
    """What *Terbitkan* does on the web, for a kind made once: take the office's next
    number, render the final DOCX with it, the date and the verification QR code, file it
    in the register (and make its PDF/A when LibreOffice is installed). It is the signer's
    approval (docs/review.md). A document already issued is not issued again: issue a
    correction with `corrects`, the signer's approval of a correction submitted for review
    (``submit`` with ``{"correction": true}``), or at once where the signer alone reviews."""
    return _issue(study_id, kind_id, None)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/issue")
@api_view
@operation("Issue one document of a fan-out", tags=("archive",),
           path_schemas={"kind_id": KIND_ID}, body=ISSUE_BODY, responses=ISSUE_RESPONSES)
def issue_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """The same for one traveller's, host's or invitee's document (`item` as listed in
    /documents; 0 for a kind made once)."""
    return _issue(study_id, kind_id, item)


# ---------------------------------------------------------------------------
# The register


def _query_int(name: str, default: int, problems: list[Problem], *, low: int = 1,
               high: int = ID_MAX) -> int:
    """The whole number in the query parameter `name` (`default` when absent); a problem
    when it is not one or lies outside `low`..`high` (at most what the database holds)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not _INTEGER.fullmatch(raw):
        problems.append(Problem(name, "int_parsing"))
        return default
    digits = raw.lstrip("+-").lstrip("0") or "0"
    value = int(digits) if len(digits) <= 12 else 10**12  # far beyond any limit either way
    value = -value if raw.startswith("-") else value
    if value < low:
        problems.append(Problem(name, "greater_than_equal", params={"ge": low}))
    elif value > high:
        problems.append(Problem(name, "less_than_equal", params={"le": high}))
    return value


def _query_date(name: str, problems: list[Problem]) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(name, "date_parsing"))
        return None


def _query_choice(name: str, choices: tuple[str, ...], problems: list[Problem]) -> str | None:
    raw = request.args.get(name, "").strip()
    if raw and raw not in choices:
        problems.append(Problem(name, "enum", params={"expected": ", ".join(choices)}))
    return raw or None


ORDERS = ("newest", "oldest")
RECORD_QUERY = (
    {"name": "number", "required": False, "description": "Part of the letter number.",
     "schema": {"type": "string"}},
    {"name": "from", "required": False, "description": "Issued on or after (YYYY-MM-DD).",
     "schema": {"type": "string", "format": "date"}},
    {"name": "to", "required": False, "description": "Issued on or before (YYYY-MM-DD).",
     "schema": {"type": "string", "format": "date"}},
    {"name": "kind", "required": False, "description": "The kind of document.",
     "schema": KIND_ID},
    {"name": "classification", "required": False,
     "description": "A classification code: that code and every code under it (000.1 finds "
                    "000.1.2.3).", "schema": {"type": "string"}},
    {"name": "study", "required": False, "description": "The stored study's id.",
     "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAX}},
    {"name": "q", "required": False,
     "description": "Words that must each be in the number, the subject or the addressee.",
     "schema": {"type": "string"}},
    {"name": "access", "required": False, "description": "The security class.",
     "schema": {"enum": list(ACCESS_CLASSES)}},
    {"name": "order", "required": False, "description": "By date of issue (default newest).",
     "schema": {"enum": list(ORDERS)}},
    {"name": "page", "required": False, "description": "A page past the last is empty.",
     "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAX}},
    {"name": "per_page", "required": False, "description": "Default 50.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}},
)


@bp.get("/records")
@api_view
@operation("Search the register", tags=("archive",), query=RECORD_QUERY,
           responses={200: ("One page of the office's register entries that pass every "
                            "filter, and how many pass in all.", json_of("RecordList")),
                      422: ("A parameter is not valid (a date that is not YYYY-MM-DD, "
                            "per_page above 200, ...): `problems` names each.",
                            json_of("Error"))})
def list_records():  # noqa: ANN201
    """The Buku Agenda Surat Keluar of the token user's office, as the register page filters
    it."""
    _require(READERS)
    problems: list[Problem] = []
    date_from = _query_date("from", problems)
    date_to = _query_date("to", problems)
    kind = _query_choice("kind", tuple(office_kinds(include_inactive=True)), problems)
    access = _query_choice("access", ACCESS_CLASSES, problems)
    order = _query_choice("order", ORDERS, problems) or "newest"
    study = _query_int("study", 0, problems) or None
    page = _query_int("page", 1, problems)
    per_page = _query_int("per_page", archive_search.PER_PAGE, problems, high=MAX_PER_PAGE)
    if problems:
        raise ApiError(422, "api_query_invalid", problems=problems,
                       names=", ".join(dict.fromkeys(p.path for p in problems)))
    args = request.args
    records, total = archive_search.search(
        db(), current_user.office_id, number=args.get("number", "").strip()[:200] or None,
        date_from=date_from, date_to=date_to, kind=kind,
        classification=args.get("classification", "").strip()[:40] or None, study_id=study,
        text=args.get("q", "").strip()[:200] or None, access=access, page=page,
        per_page=per_page, order=order)  # type: ignore[arg-type]
    body = {"records": [_summary(entry) for entry in records], "total": total, "page": page,
            "per_page": per_page}
    return jsonify(answers.RecordList.model_validate(body).model_dump(mode="json"))


@bp.get("/records/<int:record_id>")
@api_view
@operation("Read a register entry", tags=("archive",),
           responses={200: ("Every register field, the files, the latest signed copy and the "
                            "event log. For a terbatas or rahasia record the caller may not "
                            "open, the file addresses are null.", json_of("Record"))})
def get_record(record_id: int):  # noqa: ANN201
    """One register entry as its record page on the web shows it."""
    _require(READERS)
    return jsonify(_detail(_record(record_id)))
