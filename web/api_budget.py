"""The budget in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`):

* ``POST /studies/<id>/budget`` a budget workbook uploaded, read and checked cell by cell,
  its lines made the study's budget;
* ``PUT /studies/<id>/budget/lines`` the lines sent as JSON, as they are typed on the web
  page /studies/<id>/budget/lines (:mod:`web.budget_lines`): read and checked as a workbook
  is (:func:`docgen.budget.typed.read_typed`, with the office's own standard costs), saved
  only without an error (422 otherwise, nothing stored), every problem naming its line and
  field (``lines[2].unit_price``; "Baris 3, Harga satuan (Rp): ..." / "Line 3, Unit price
  (Rp): ...").
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Response, jsonify, request
from flask_login import current_user

from docgen import idformat
from docgen.budget.typed import KEPT, PREFIX, TYPED, field_name
from docgen.fields import field_label
from docgen.messages import Lang, Problem, text
from docgen.store import UploadRejected, save_upload
from docgen.study import MAX_BUDGET_LINES, clean_text
from web import openapi
from web import openapi_models as answers
from web.access import current_office
from web.api import (
    ApiError,
    _json_body,
    _problems,
    _require_write,
    _study,
    api_view,
    bp,
    error_response,
)
from web.api_studies import _summary
from web.budget_lines import FIELD_MAX, checked, with_lines
from web.db import db, store
from web.openapi import JSON_BODY_ERRORS, Body, json_of, operation

DRY_RUN = {"name": "dry_run", "required": False,
           "description": "1: read and check only; the study is not changed.",
           "schema": {"type": "integer", "enum": [0, 1]}}


# ---------------------------------------------------------------------------
# A workbook


@bp.post("/studies/<int:study_id>/budget")
@api_view
@operation("Upload the budget workbook", tags=("budget",), write=True,
           body=Body({"multipart/form-data": {
               "schema": {"type": "object", "required": ["file"],
                          "properties": {"file": {"type": "string", "format": "binary"}}},
               "encoding": {"file": {"contentType": ", ".join(openapi.WORKBOOK_MIMES)}}}},
               "The RAB in the field `file`: an .xlsx, .xls (Excel 97–2003) or .ods "
               "(LibreOffice) workbook, told by its bytes, not by its name or content type."),
           query=(DRY_RUN,),
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


# ---------------------------------------------------------------------------
# Lines sent as JSON


NUMBERS = ("volume", "unit_price", "realized")
"""The fields that may be sent as JSON numbers too (or as text, as typed: ``1.250.000``,
``4 org x 3 hari``)."""
LINE_FIELDS = (*TYPED, *KEPT)
LINES = "lines"


@dataclass(frozen=True)
class LineProblem(Problem):
    """A problem of one of the lines sent: its message is led by the line (from 1) and the
    field it concerns, in each language."""

    line: int | None = None
    field: str | None = None

    def message(self, lang: Lang = "id") -> str:
        found = super().message(lang)
        if self.line is None:
            return found
        if self.field is None:
            return text("api_line_row", lang, line=self.line, message=found)
        label = field_label(field_name(0, self.field), lang, depth=1)
        return text("api_line_at", lang, line=self.line, field=label, message=found)


_LINE_PATH = re.compile(rf"^{re.escape(PREFIX)}\[([0-9]+)\](?:\.([a-z_]+))?$")


def _at_line(problem: Problem) -> LineProblem:
    """`problem` of the typed rows (``plan.budget[2].unit_price``) at the line of the body
    it concerns (``lines[2].unit_price``)."""
    match = _LINE_PATH.match(problem.path)
    if match is None:
        return LineProblem(LINES, problem.code, problem.severity, problem.params)
    index, name = int(match.group(1)), match.group(2)
    path = f"{LINES}[{index}]" + (f".{name}" if name else "")
    return LineProblem(path, problem.code, problem.severity, problem.params, line=index + 1,
                       field=name)


def _number_text(value: int | float) -> str:
    """A JSON number as the form would hold it: digits, a decimal comma."""
    return format(Decimal(repr(value)), "f").replace(".", ",")


def _line_row(index: int, line: Any, problems: list[Problem]) -> dict[str, str]:
    """One line of the body as a row of the table (every value text), its problems added
    to `problems`."""
    if not isinstance(line, dict):
        problems.append(LineProblem(f"{LINES}[{index}]", "dict_type", line=index + 1))
        return {}
    row: dict[str, str] = {}
    for key, value in line.items():
        bad = None
        if key not in LINE_FIELDS:
            bad = Problem("", "extra_forbidden")
        elif isinstance(value, float) and not math.isfinite(value):
            bad = Problem("", "finite_number")
        elif isinstance(value, int | float) and not isinstance(value, bool) and key in NUMBERS:
            row[key] = _number_text(value)
        elif not isinstance(value, str):
            bad = Problem("", "string_type")
        elif len(value) > FIELD_MAX:
            bad = Problem("", "string_too_long", params={"max_length": FIELD_MAX})
        else:
            row[key] = clean_text(value)
        if bad is not None:
            problems.append(LineProblem(f"{LINES}[{index}].{key}", bad.code,
                                        params=bad.params, line=index + 1,
                                        field=key if key in LINE_FIELDS else None))
    return row


def _lines_rows() -> list[dict[str, str]]:
    """The body's lines as rows of the table; 422 (nothing read) when its shape is wrong."""
    data = _json_body()
    problems: list[Problem] = [Problem(key, "extra_forbidden") for key in data if key != LINES]
    lines = data.get(LINES)
    rows: list[dict[str, str]] = []
    if lines is None:
        problems.append(Problem(LINES, "missing"))
    elif not isinstance(lines, list):
        problems.append(Problem(LINES, "list_type"))
    elif len(lines) > MAX_BUDGET_LINES:
        problems.append(Problem(LINES, "budget_too_many_lines",
                                params={"count": len(lines), "limit": MAX_BUDGET_LINES}))
    else:
        rows = [_line_row(i, line, problems) for i, line in enumerate(lines)]
    if problems:
        raise ApiError(422, "api_invalid", problems=problems, count=len(problems))
    return rows


def _lines_refused(problems: list[LineProblem]) -> ApiError:
    errors = [p for p in problems if p.severity == "error"]
    return ApiError(422, "api_budget_lines_refused", problems=problems, count=len(errors),
                    first=errors[0].message("id"),
                    params_en={"count": len(errors), "first": errors[0].message("en")})


LINE_TEXT = {"type": "string", "maxLength": FIELD_MAX}
LINE_NUMBER = {"anyOf": [LINE_TEXT, {"type": "number"}]}
LINES_BODY = {"type": "object", "required": [LINES], "additionalProperties": False,
              "properties": {LINES: {
                  "type": "array", "maxItems": MAX_BUDGET_LINES,
                  "items": {"type": "object", "additionalProperties": False, "properties": {
                      name: {**(LINE_NUMBER if name in NUMBERS else LINE_TEXT),
                             "description": field_label(field_name(0, name), "en", depth=1)}
                      for name in LINE_FIELDS}}}}}


@bp.put("/studies/<int:study_id>/budget/lines")
@api_view
@operation("Replace the budget lines", tags=("budget",), write=True,
           body=Body({"application/json": {"schema": LINES_BODY}},
                     "The study's budget lines, as typed on the web page: per line the "
                     "component (uang_harian, penginapan, tiket, transport_lokal, "
                     "uang_representasi, sewa_kendaraan, paket_meeting, paspor_visa, "
                     "asuransi, lain_lain), description, volume (`4 org x 3 hari` or a "
                     "number), unit, unit price (`1.250.000` or a number), account code and "
                     "note; the traveller and amount spent are kept. Lines left empty are "
                     "passed over."),
           query=(DRY_RUN,),
           responses={200: ("Read and checked; unless dry_run, the lines are now the study's "
                            "budget (plan.budget). `problems` holds the warnings.",
                            json_of("BudgetLinesResult")),
                      **JSON_BODY_ERRORS,
                      422: ("Not saved, the study unchanged: a body of the wrong shape "
                            "(`api_invalid`) or lines with errors "
                            "(`api_budget_lines_refused`), every problem naming its line and "
                            "field.", json_of("Error"))})
def put_budget_lines(study_id: int):  # noqa: ANN201
    """What the budget lines page of the web does: the arithmetic, duplicate, uang
    representasi and standard-cost checks of an uploaded workbook (the office's own tables
    layered on the national ones), then the lines become the study's budget."""
    record = _study(study_id)
    _require_write()
    rows = _lines_rows()
    study = record.study
    typed = checked(study, rows)
    updated = with_lines(study, typed)
    problems = [_at_line(p) for p in typed.problems]
    if updated is None:
        raise _lines_refused(problems)
    saved = request.args.get("dry_run") != "1"
    if saved:
        record.save(updated, current_user)
        db().commit()
    total = updated.plan.budget_total
    body = {"saved": saved, "lines": [line.model_dump(mode="json")
                                      for line in updated.plan.budget],
            "total": format(total, "f"), "total_rupiah": idformat.rupiah(total),
            "terbilang": (idformat.terbilang_rupiah(total)
                          if abs(total) <= idformat.TERBILANG_MAX else ""),
            "problems": _problems(problems),
            "study": _summary(record, updated) if saved else None}
    return jsonify(answers.BudgetLinesResult.model_validate(body).model_dump(mode="json"))
