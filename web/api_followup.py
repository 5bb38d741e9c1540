"""The follow-up plan in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`).

* ``GET /followup?study=&owner=&status=&overdue=1`` lists the office's follow-up items across
  its studies, each with its state on the office's today (:func:`docgen.followup.office_items`)
  and the share done on time per study and per year.
* ``POST /studies/<id>/followup/<item_id>/updates`` appends a progress update to one item
  (:func:`docgen.followup.record_update`): JSON, with evidence as storage keys of the office's
  own evidence uploads or as ``data:`` URIs (PDF, PNG, JPEG, XLSX), or a multipart form whose
  files are in ``evidence``. Bad input is 422 with each problem's path in the update
  (``value``, ``reason``, ``evidence[0]``) and nothing is stored; an item or study of
  another office is 404.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from typing import Any

from flask import Response, jsonify, request
from flask_login import current_user

from docgen import archive
from docgen.followup import (
    EvidenceFile,
    Filters,
    FollowUpRow,
    ItemNotFound,
    UpdateRefused,
    find_item,
    office_items,
    record_update,
    share_done_on_time,
    study_rows,
)
from docgen.followup_model import FOLLOW_UP_STATUS
from docgen.messages import Problem
from web import openapi_models as answers
from web.access import current_office
from web.api import ApiError, _json_body, _require_write, _study, api_view, bp
from web.db import db, store
from web.openapi import Body, json_of, operation

_DATA_URI = re.compile(r"data:([\w.+/-]+)?(;[\w=.+-]+)*;base64,(.*)", re.S)
MAX_FILES = 20


def _money(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def row_json(row: FollowUpRow) -> dict[str, Any]:
    item, state = row.item, row.state
    latest = state.latest
    return {
        "study": row.study_id, "study_title": row.study_title, "index": row.index,
        "id": item.id, "action": item.action, "owner": item.owner.model_dump(mode="json"),
        "due_date": item.due_date, "indicator": item.indicator, "unit": item.unit,
        "baseline": _money(item.baseline), "target": _money(item.target),
        "aim_no": item.aim_no, "lesson_no": item.lesson_no,
        "status": state.status, "status_label": state.status_label,
        "achieved": _money(state.achieved), "done_on": state.done_on,
        "done_on_time": state.done_on_time, "overdue": row.overdue,
        "latest_update": latest.date if latest else None,
        "updates": [u.model_dump(mode="json") for u in item.history()],
    }


@bp.get("/followup")
@api_view
@operation("List the office's follow-up items", tags=("followup",),
           query=(
               {"name": "study", "required": False, "description": "Only this study (its id).",
                "schema": {"type": "integer", "minimum": 1}},
               {"name": "owner", "required": False,
                "description": "The owner's account e-mail, or a part of their name.",
                "schema": {"type": "string", "maxLength": 200}},
               {"name": "status", "required": False, "description": "The current status.",
                "schema": {"type": "string", "enum": list(FOLLOW_UP_STATUS)}},
               {"name": "overdue", "required": False,
                "description": "1: only items still open after their due date.",
                "schema": {"type": "integer", "enum": [0, 1]}}),
           responses={200: ("The items, by due date, with their state on the office's today "
                            "and the share done on time.", json_of("FollowUpList")),
                      400: ("A filter is not valid.", json_of("Error"))})
def list_followup():  # noqa: ANN201
    """Every follow-up item of the office's studies with its current state."""
    args = request.args
    study = args.get("study", "").strip()
    status = args.get("status", "").strip()
    overdue = args.get("overdue", "").strip()
    problems = []
    if study and not (study.isdigit() and 0 < int(study) < 2**31):
        problems.append(Problem("study", "int_parsing"))
    if status and status not in FOLLOW_UP_STATUS:
        problems.append(Problem("status", "literal_error",
                                params={"expected": ", ".join(FOLLOW_UP_STATUS)}))
    if overdue not in ("", "0", "1"):
        problems.append(Problem("overdue", "literal_error", params={"expected": "0, 1"}))
    if problems:
        raise ApiError(400, "api_bad_request", problems=problems)
    office = current_office()
    today = archive.today(office.office_profile)
    filters = Filters(study_id=int(study) if study else None, owner=args.get("owner", "")[:200],
                      status=status, overdue=overdue == "1")
    rows = office_items(db(), office, today, filters)
    shares = share_done_on_time(rows)
    body = {"today": today, "items": [row_json(row) for row in rows],
            "done_on_time": {
                "by_study": [{"key": k, "done_on_time": s.done_on_time, "known": s.known,
                              "percent": s.percent} for k, s in sorted(shares.by_study.items())],
                "by_year": [{"key": k, "done_on_time": s.done_on_time, "known": s.known,
                             "percent": s.percent} for k, s in sorted(shares.by_year.items())]}}
    return jsonify(answers.FollowUpList.model_validate(body).model_dump(mode="json"))


def _data_uri(value: str, path: str) -> EvidenceFile:
    match = _DATA_URI.fullmatch(value.strip())
    try:
        if match is None:
            raise ValueError
        data = base64.b64decode(match.group(3), validate=True)
    except (ValueError, binascii.Error):
        raise UpdateRefused([Problem(path, "evidence_data_uri")]) from None
    kind = (match.group(1) or "").rsplit("/", 1)[-1]
    return EvidenceFile(f"bukti.{ {'jpeg': 'jpg'}.get(kind, kind) or 'bin'}", data)


def _read_request() -> tuple[dict[str, Any], list[EvidenceFile], list[str]]:
    """The update's fields, its new files and its references to stored files."""
    if request.mimetype == "multipart/form-data":
        fields = {k: v for k, v in request.form.items() if k != "evidence"}
        new = [EvidenceFile(f.filename or "bukti", f.read())
               for f in request.files.getlist("evidence")]
        refs = [v for v in request.form.getlist("evidence") if v.strip()]
        return fields, new, refs
    body = _json_body()
    evidence = body.pop("evidence", [])
    if not isinstance(evidence, list):
        raise UpdateRefused([Problem("evidence", "list_type")])
    new, refs, bad = [], [], []
    for i, value in enumerate(evidence):
        if isinstance(value, dict):  # {"file": ..., "name": ...}
            name, value = str(value.get("name") or "bukti"), value.get("file")
        else:
            name = ""
        if not isinstance(value, str) or not value.strip():
            bad.append(Problem(f"evidence[{i}]", "string_type"))
        elif value.startswith("data:"):
            file = _data_uri(value, f"evidence[{i}]")
            new.append(EvidenceFile(name or file.name, file.data))
        else:
            refs.append(value.strip())
    if bad:
        raise UpdateRefused(bad)
    return body, new, refs


@bp.post("/studies/<int:study_id>/followup/<item_id>/updates")
@api_view
@operation("Add a progress update to a follow-up item", tags=("followup",), write=True,
           body=Body({**json_of("FollowUpUpdateRequest"), "multipart/form-data": {
               "schema": {"type": "object", "properties": {
                   "date": {"type": "string", "format": "date"}, "value": {"type": "string"},
                   "status": {"type": "string", "enum": list(FOLLOW_UP_STATUS)},
                   "reason": {"type": "string"}, "note": {"type": "string"},
                   "evidence": {"type": "array", "items": {"type": "string"}}}}}},
               "The update: its date, the value achieved, the status (a reason is needed "
               "for batal), a note and evidence (PDF, JPEG, PNG or XLSX): storage keys of "
               "the office's evidence uploads, data: URIs, or files of a multipart form."),
           responses={201: ("Stored: the item with its new state.", json_of("FollowUpItemState")),
                      400: ("The body is not a JSON object.", json_of("Error")),
                      415: ("The body is neither JSON nor a multipart form.", json_of("Error")),
                      422: ("The update is refused: every problem with its field; nothing "
                            "was stored.", json_of("Error"))})
def add_followup_update(study_id: int, item_id: str):  # noqa: ANN201
    """What the follow-up page does: report progress on one item, kept with who and when."""
    record = _study(study_id)
    office = current_office()
    try:
        record, index = find_item(db(), office, item_id, study_id=record.id)
    except ItemNotFound:
        raise ApiError(404, "api_not_found") from None
    _require_write()
    try:
        fields, new, refs = _read_request()
        if len(new) + len(refs) > MAX_FILES:
            raise UpdateRefused([Problem("evidence", "too_long",
                                         params={"max_length": MAX_FILES})])
        item_id = record.study.evaluation.follow_up[index].id
        study = record_update(db(), store().files, record, item_id, fields, office=office,
                              user=current_user, now=datetime.now(UTC), new_files=new,
                              stored=refs)
    except UpdateRefused as exc:
        db().rollback()
        raise ApiError(422, "api_invalid", problems=exc.problems,
                       count=len(exc.problems)) from None
    db().commit()
    today = archive.today(office.office_profile)
    row = study_rows(record, study, today)[index]
    response: Response = jsonify(
        answers.FollowUpItemState.model_validate(row_json(row)).model_dump(mode="json"))
    response.status_code = 201
    return response
