"""Budget lines typed in the browser: a table of rows, checked and saved like a workbook.

* ``GET  /studies/<id>/budget/lines`` shows the study's budget lines as a table to edit
  (one row per line, then one empty row), each line's amount, the total and its terbilang,
  and beside each line what the checks of :mod:`docgen.budget` say of it (arithmetic,
  duplicates, uang representasi, the standard-cost caps with the office's own tables from
  /admin/caps). A study without lines gets the lines its team and days imply
  (:mod:`docgen.budget.prefill`), prices to fill in.
* ``POST`` (staff) reads the rows through :func:`docgen.budget.typed.read_typed`, the same
  reading and checks as an uploaded workbook. "Save" makes them the study's
  ``plan.budget`` only when there is no error; otherwise the page comes back (422) with the
  rows as typed, every problem in one banner linked to its field (row and column named) and
  beside its row, and nothing stored. "Check" shows the problems without saving; "Add a row"
  and "Remove" change the table without JavaScript.

JavaScript (``static/budget_lines.js``) only adds rows in the page and keeps the amounts,
the total and the terbilang up to date while typing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from docgen import idformat
from docgen.budget.prefill import suggested_lines
from docgen.budget.typed import KEPT, PREFIX, TYPED, TypedBudget, field_name, read_typed, rows_of
from docgen.fields import field_label
from docgen.messages import Problem
from docgen.store import StudyRecord
from docgen.study import COMPONENTS, MAX_BUDGET_LINES, Study, StudyInvalid, clean_text, load_study
from web.access import EDITORS, READERS, current_office, current_study, has_role, role_required
from web.budget import default_options, money, office_cap_set
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang

bp = Blueprint("budget_lines", __name__, url_prefix="/studies/<int:study_id>/budget/lines")

_NAME = re.compile(rf"^{re.escape(PREFIX)}\[([0-9]{{1,4}})\]\.([a-z_]+)$")
FIELD_MAX = 2000
"""Longest text kept from one cell of the table."""


def posted_rows(form: Any) -> list[dict[str, str]]:
    """The rows of the posted table, in the order of their numbers (gaps closed)."""
    found: dict[int, dict[str, str]] = {}
    for key in form:
        match = _NAME.match(key)
        if match is None or match.group(2) not in (*TYPED, *KEPT):
            continue
        index = int(match.group(1))
        if index > MAX_BUDGET_LINES + 1:
            continue
        value = clean_text(str(form.get(key, "")))[:FIELD_MAX]
        found.setdefault(index, {})[match.group(2)] = value
    return [found[i] for i in sorted(found)]


def checked(study: Study, rows: list[dict[str, str]]) -> TypedBudget:
    """The rows read and checked as a workbook is, with the office's own standard costs."""
    context = default_options(study).context(study, office_cap_set(current_office()))
    return read_typed(rows, context)


def with_lines(study: Study, typed: TypedBudget) -> Study | None:
    """`study` with the typed lines as its ``plan.budget``, or None when they cannot be
    saved: an error in `typed`, or one the study finds (added to ``typed.problems`` at the
    row it concerns). The page and the API (:mod:`web.api_budget`) save through this."""
    if not typed.usable:
        return None
    data = study.model_dump(mode="json")
    data["plan"]["budget"] = typed.budget_data()
    try:
        return load_study(data)
    except StudyInvalid as exc:
        typed.problems += [Problem(typed.row_path(p.path) if p.path.startswith(PREFIX)
                                   else PREFIX, p.code, "error", p.params)
                           for p in exc.problems]
        return None


def where(path: str, lang: str) -> str:
    """``Baris 3, Harga satuan (Rp)``: the row and column a problem is about."""
    match = re.match(rf"^{re.escape(PREFIX)}\[([0-9]+)\](?:\.([a-z_]+))?$", path)
    if match is None:
        return field_label(PREFIX, lang)
    row = int(match.group(1)) + 1
    if match.group(2) is None:
        return _("Row %(row)d", row=row)
    column = column_labels().get(match.group(2)) or field_label(
        f"{PREFIX}[0].{match.group(2)}", lang, depth=1)
    return _("Row %(row)d, %(column)s", row=row, column=column)


def column_labels() -> dict[str, str]:
    """The headings of the table's columns, as the page shows them."""
    return {"component": _("Component"), "description": _("Description"),
            "volume": _("Volume"), "unit": _("Unit"), "unit_price": _("Unit price (Rp)"),
            "account_code": _("Account code"), "note": _("Remarks")}


def _page(record: StudyRecord, study: Study, rows: list[dict[str, str]],
          typed: TypedBudget | None, *, status: int = 200, suggested: bool = False,
          failed: bool = False) -> Any:
    lang = ui_lang()
    errors, warnings = FormErrors(), FormErrors()
    amounts: dict[int, Decimal | None] = {}
    total = Decimal(0)
    if typed is not None:
        for problem in typed.problems:
            target = errors if problem.severity == "error" else warnings
            target.add(problem.path, problem.message(lang), label=where(problem.path, lang))
        for line, index in zip(typed.parsed.lines, typed.line_rows, strict=True):
            amounts[index] = line.amount
        total = typed.parsed.total
    shown = [*rows, {}] if has_role(*EDITORS) else rows
    options = default_options(study)
    return render_template(
        "budget/lines.html", record=record, study=study, lang=lang, rows=shown,
        amounts=amounts, total=total, errors=errors, warnings=warnings, failed=failed,
        terbilang=idformat.kapital(idformat.terbilang_rupiah(total)) if total else "",
        components=[(code, labels[0 if lang == "id" else 1])
                    for code, labels in COMPONENTS.items()],
        field_name=field_name, kept=KEPT, suggested=suggested, place=options.province,
        year=options.year, editable=has_role(*EDITORS),
        caps_url=url_for("admin.caps") if has_role("admin") else None), status


@bp.get("")
@role_required(*READERS)
def page(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    if study.plan.budget:
        rows = rows_of(study.plan.budget)
        return _page(record, study, rows, checked(study, rows))
    rows = [line.row() for line in suggested_lines(study)] if has_role(*EDITORS) else []
    return _page(record, study, rows, None, suggested=bool(rows))


@bp.post("")
@role_required(*EDITORS)
def save(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    rows = posted_rows(request.form)
    removed = request.form.get("_remove", "")
    if removed.isdigit():
        index = int(removed)
        rows = [row for i, row in enumerate(rows) if i != index]
        return _page(record, study, rows, checked(study, rows) if rows else None)
    if request.form.get("_add"):
        return _page(record, study, rows, checked(study, rows) if rows else None)
    typed = checked(study, rows)
    if request.form.get("_check"):
        return _page(record, study, rows, typed,
                     status=200 if typed.usable else UNPROCESSABLE, failed=not typed.usable)
    updated = with_lines(study, typed)
    if updated is None:
        return _page(record, study, rows, typed, status=UNPROCESSABLE, failed=True)
    record.save(updated, current_user)
    db().commit()
    flash(_("The budget lines are saved: %(count)d lines, total %(total)s. The RAB, the nota "
            "dinas and the report use them now.", count=len(updated.plan.budget),
            total=money(updated.plan.budget_total)), "success")
    if typed.warnings:
        flash(_("Some lines still need a look: see the warnings beside them."), "warning")
    return redirect(url_for("budget_lines.page", study_id=record.id))
