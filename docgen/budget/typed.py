"""Budget lines typed in a form, read and checked exactly as an uploaded workbook is.

The rows a user typed (component, description, volume, unit, unit price, account code,
note) are written into a one-sheet workbook with the column titles of the RAB template and
read back by :func:`docgen.budget.read_budget`: the same number reading (``1.250.000``,
``4 org x 3 hari``, ``USD 583``), the same limits, the same arithmetic, duplicate,
uang representasi and standard-cost checks, and the same messages. Each problem is then
moved from its cell (``Rincian!F4``) to the form field of the row it concerns
(``plan.budget[2].unit_price``), and row numbers quoted in a message are the form's own
(row 1 is the first line typed).

    typed = read_typed(rows, context)
    typed.problems            # Problem paths are form field names
    typed.parsed.usable       # no errors and at least one line
    typed.budget_lines()      # the study's plan.budget (refuses a budget with errors)
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from docgen.budget import read_budget
from docgen.budget.model import BudgetContext, ParsedBudget
from docgen.messages import Problem
from docgen.study import COMPONENTS, MAX_BUDGET_LINES, BudgetLine

PREFIX = "plan.budget"
SHEET = "Rincian"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", "No"), ("component", "Komponen"), ("description", "Uraian"),
    ("volume", "Volume"), ("unit", "Satuan"), ("unit_price", "Harga Satuan (Rp)"),
    ("account_code", "Kode Rekening"), ("note", "Keterangan"),
)
"""The columns of the sheet the rows are written into: (form field, column title)."""
TYPED = tuple(name for name, _title in COLUMNS if name != "no")
"""The fields a user types per row."""
KEPT = ("traveller", "realized")
"""Fields of a stored line carried through the form unchanged (hidden)."""
_LETTER = {chr(ord("A") + i): name for i, (name, _title) in enumerate(COLUMNS)}
_FIELD_OF_ROLE = {"account": "account_code", "amount": "unit_price"}
"""A problem at the amount (there is no Jumlah column: volume × price) names the price."""
_CELL = re.compile(rf"^{SHEET}!([A-Z]+)([0-9]+)$")
_ROW = re.compile(rf"^{SHEET}!([0-9]+):[0-9]+$")
_ROW_NUMBER = re.compile(r"\d+")
_LINE_PATH = re.compile(rf"^{re.escape(PREFIX)}\[([0-9]+)\](.*)$")
FIRST_ROW = 2
"""The sheet row of the first line (row 1 holds the titles)."""


def field_name(index: int, name: str) -> str:
    """``plan.budget[2].unit_price``: the form field of row `index` (0-based)."""
    return f"{PREFIX}[{index}].{name}"


@dataclass
class TypedBudget:
    """The rows as typed, the budget read from them, and its problems by form field."""

    rows: list[dict[str, str]]
    parsed: ParsedBudget
    problems: list[Problem] = field(default_factory=list)
    line_rows: list[int] = field(default_factory=list)
    """For each line of ``parsed.lines``, the index of the row it was read from."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def usable(self) -> bool:
        return not self.errors and bool(self.parsed.lines)

    def row_problems(self, index: int) -> list[Problem]:
        """The problems of row `index` (0-based)."""
        prefix = f"{PREFIX}[{index}]"
        return [p for p in self.problems if p.path == prefix or p.path.startswith(prefix + ".")]

    def budget_data(self) -> list[dict[str, Any]]:
        """The study's budget lines as data for :func:`docgen.study.load_study`, the
        traveller and amount spent of each row kept; refuses a budget with errors."""
        out = []
        for line, index in zip(self.parsed.budget_lines(), self.line_rows, strict=True):
            row = self.rows[index]
            data = line.model_dump(mode="json")
            data["traveller"] = row.get("traveller", "").strip() or line.traveller
            if row.get("realized", "").strip():
                data["realized"] = row["realized"].strip()
            out.append(data)
        return out

    def row_path(self, path: str) -> str:
        """A path of the study's ``plan.budget[i]…`` (line `i`) as the path of the form row
        the line was read from."""
        match = _LINE_PATH.match(path)
        if match is None:
            return path
        line = int(match.group(1))
        index = self.line_rows[line] if line < len(self.line_rows) else line
        return f"{PREFIX}[{index}]{match.group(2)}"


def is_blank_row(row: Mapping[str, str]) -> bool:
    """Nothing typed in the row (the component alone, as a select always sends one, is
    nothing)."""
    return not any((row.get(name) or "").strip() for name in TYPED if name != "component")


def rows_of(lines: Sequence[BudgetLine]) -> list[dict[str, str]]:
    """The study's budget lines as the form shows them."""
    from docgen import idformat

    def number(value: object) -> str:
        return "" if value is None else idformat.angka(value, None)  # type: ignore[arg-type]

    def volume(value: object) -> str:
        if value is None:
            return ""
        text = format(value.normalize(), "f")  # type: ignore[attr-defined]
        return text.replace(".", ",")

    return [{"component": line.component, "description": line.description,
             "volume": volume(line.volume), "unit": line.unit,
             "unit_price": number(line.unit_price), "account_code": line.account_code,
             "note": line.note, "traveller": line.traveller,
             "realized": "" if line.realized is None else format(line.realized, "f")}
            for line in lines]


def _sheet(rows: Sequence[Mapping[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([title for _name, title in COLUMNS])
    for number, row in enumerate(rows, start=1):
        component = row.get("component", "")
        label = COMPONENTS[component][0] if component in COMPONENTS else component
        values = {**row, "component": label}
        sheet.append([number, *((values.get(name) or "").strip() or None
                                for name in TYPED)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _moved(problem: Problem, rows: Sequence[int]) -> Problem:
    """`problem` with its cell turned into the form field of its row, and the sheet's row
    numbers in its message turned into the form's (1 for the first line typed)."""

    def index_of(sheet_row: int) -> int:
        return rows[sheet_row - FIRST_ROW] if 0 <= sheet_row - FIRST_ROW < len(rows) else -1

    path = PREFIX
    if match := _CELL.match(problem.path):
        index = index_of(int(match.group(2)))
        role = _LETTER.get(match.group(1), "description")
        name = _FIELD_OF_ROLE.get(role, role)
        if name == "no":
            name = "description"
        path = field_name(index, name) if index >= 0 else PREFIX
    elif match := _ROW.match(problem.path):
        index = index_of(int(match.group(1)))
        path = f"{PREFIX}[{index}]" if index >= 0 else PREFIX
    params = dict(problem.params)

    def renumber(text: str) -> str:
        return _ROW_NUMBER.sub(lambda m: str(index_of(int(m.group(0))) + 1), text)

    if isinstance(params.get("row"), int):
        params["row"] = index_of(params["row"]) + 1  # type: ignore[arg-type]
    for key in ("rows",):
        if isinstance(params.get(key), str):
            params[key] = renumber(params[key])  # type: ignore[arg-type]
    return Problem(path, problem.code, problem.severity, params)


def read_typed(rows: Sequence[Mapping[str, str]],
               context: BudgetContext | None = None) -> TypedBudget:
    """Read and check the rows typed in the form (blank rows left out)."""
    kept = [dict(row) for row in rows]
    filled = [i for i, row in enumerate(kept) if not is_blank_row(row)]
    if len(filled) > MAX_BUDGET_LINES:
        parsed = ParsedBudget(source=SHEET)
        problem = Problem(PREFIX, "budget_too_many_lines", "error",
                          {"count": len(filled), "limit": MAX_BUDGET_LINES})
        return TypedBudget(kept, parsed, [problem])
    if not filled:
        parsed = ParsedBudget(source=SHEET)
        return TypedBudget(kept, parsed, [Problem(PREFIX, "budget_typed_empty", "error")])
    parsed = read_budget(_sheet([kept[i] for i in filled]), context, name=SHEET)
    problems = [_moved(p, filled) for p in parsed.problems]
    line_rows = [filled[line.row - FIRST_ROW] for line in parsed.lines]
    return TypedBudget(kept, parsed, problems, line_rows)

