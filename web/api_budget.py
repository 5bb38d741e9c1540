"""The budget in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`): a budget
workbook uploaded, read and checked cell by cell, its lines made the study's budget.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, jsonify, request
from flask_login import current_user

from docgen.store import UploadRejected, save_upload
from web import openapi
from web import openapi_models as answers
from web.access import current_office
from web.api import (
    ApiError,
    _problems,
    _require_write,
    _study,
    api_view,
    bp,
    error_response,
)
from web.api_studies import _summary
from web.db import db, store
from web.openapi import Body, json_of, operation

# ---------------------------------------------------------------------------
# Budget


@bp.post("/studies/<int:study_id>/budget")
@api_view
@operation("Upload the budget workbook", tags=("budget",), write=True,
           body=Body({"multipart/form-data": {
               "schema": {"type": "object", "required": ["file"],
                          "properties": {"file": {"type": "string", "format": "binary"}}},
               "encoding": {"file": {"contentType": ", ".join(openapi.WORKBOOK_MIMES)}}}},
               "The RAB in the field `file`: an .xlsx, .xls (Excel 97–2003) or .ods "
               "(LibreOffice) workbook, told by its bytes, not by its name or content type."),
           query=({"name": "dry_run", "required": False,
                   "description": "1: read and check only; the study is not changed.",
                   "schema": {"type": "integer", "enum": [0, 1]}},),
           responses={200: ("Read and checked; unless dry_run, its lines are now the study's "
                            "budget (plan.budget). `problems` holds the warnings.",
                            json_of("BudgetResult")),
                      400: ("No file in the field `file`.", json_of("Error")),
                      422: ("The file is not a usable budget: every problem with its sheet "
                            "and cell; the study is unchanged.", json_of("Error"))})
def upload_budget(study_id: int):  # noqa: ANN201
    """Read a budget workbook in any reasonable layout, check it cell by cell (arithmetic,
    totals, terbilang, standard cost caps, the office's own tables layered on the national
    ones) and make its lines the study's budget."""
    from docgen import budget
    from web.admin import office_caps

    record = _study(study_id)
    _require_write()
    upload = request.files.get("file")
    data = upload.read() if upload is not None else b""
    if not data:
        raise ApiError(400, "api_budget_file")
    study = record.study
    name = (upload.filename or "anggaran.xlsx") if upload is not None else "anggaran.xlsx"
    try:
        caps = budget.default_caps(office_caps(current_office()))
        parsed = budget.read_budget(data, budget.BudgetContext.from_study(study, caps=caps),
                                    name=name)
    except budget.BudgetUnreadable as exc:
        raise ApiError(422, "api_invalid", problems=[exc.problem], count=1) from None
    if not parsed.usable:
        return _budget_refused(parsed)
    attached = request.args.get("dry_run") != "1"
    if attached:
        try:
            save_upload(db(), store().files, office=current_office(), purpose="budget",
                        original_name=name, data=data, study=record, user=current_user)
        except UploadRejected as exc:
            raise ApiError(422, "api_invalid", problems=[exc.problem], count=1) from None
        study = budget.attach_budget(study, parsed)
        record.save(study, current_user)
        db().commit()
    body = {"attached": attached, "budget": parsed.as_dict(),
            "problems": _problems(parsed.warnings),
            "study": _summary(record, study) if attached else None}
    return jsonify(answers.BudgetResult.model_validate(body).model_dump(mode="json"))


def _budget_refused(parsed: Any) -> Response:
    response = error_response(422, "api_budget_not_usable", parsed.problems,
                              count=len(parsed.errors))
    body = response.get_json()
    body["budget"] = parsed.as_dict()
    response.set_data(json.dumps(body, ensure_ascii=False))
    return response

