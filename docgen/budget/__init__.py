"""Budgets (RAB) from spreadsheets: read any reasonable layout, check it cell by cell against
arithmetic and standard cost caps, and turn it into the study's budget lines.

    parsed = read_budget("anggaran.xlsx", BudgetContext.from_study(study))
    if parsed.usable:
        study = attach_budget(study, parsed)

:func:`read_budget` takes a path or the bytes of an upload. A file that cannot be read as a
workbook at all raises :class:`BudgetUnreadable`; everything else (a wrong total, a text where
a number belongs, a line above its cap) is a problem in ``parsed.problems``, each naming its
sheet and cell.
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.budget.caps import CapRow, CapSet, CapTable, default_caps, import_caps, national_caps
from docgen.budget.checks import check_budget
from docgen.budget.model import (
    BudgetContext,
    BudgetNotUsable,
    DeclaredTotal,
    ParsedBudget,
    ParsedLine,
    attach_budget,
)
from docgen.budget.reader import read_book
from docgen.budget.safety import BudgetUnreadable, load_source, open_workbook, unreadable_from
from docgen.messages import Problem

__all__ = [
    "BudgetContext",
    "BudgetNotUsable",
    "BudgetUnreadable",
    "CapRow",
    "CapSet",
    "CapTable",
    "DeclaredTotal",
    "ParsedBudget",
    "ParsedLine",
    "attach_budget",
    "check_budget",
    "default_caps",
    "import_caps",
    "national_caps",
    "parse_budget",
    "read_budget",
]


def parse_budget(source: bytes | str | Path, *, name: str | None = None,
                 context: BudgetContext | None = None, sheet: str | None = None) -> ParsedBudget:
    """Read the budget sheet of a workbook (lines, totals, unreadable cells), unchecked;
    ``sheet`` names the sheet to read instead of the one that looks most like a budget."""
    data, label = load_source(source, name)
    rates = dict(context.rates) if context else {}
    with open_workbook(data, label) as book:
        try:
            return read_book(book, rates, sheet)
        except Exception as exc:  # noqa: BLE001 - a file openpyxl cannot finish is unreadable
            raise unreadable_from(exc, label) from None


def read_budget(source: bytes | str | Path, context: BudgetContext | None = None, *,
                name: str | None = None, sheet: str | None = None) -> ParsedBudget:
    """Read and check a budget workbook given as a path or as the bytes of an upload (the
    sheet named ``sheet``, else the one that looks most like a budget)."""
    parsed = parse_budget(source, name=name, context=context, sheet=sheet)
    if parsed.sheet:
        check_budget(parsed, context)
    parsed.problems.sort(key=_reading_order)
    return parsed


_CELL = re.compile(r"!\$?([A-Z]{1,3})\$?([0-9]+)")


def _reading_order(problem: Problem) -> tuple[int, int, int]:
    """Problems about the file or a sheet first, then cell by cell, row by row."""
    match = _CELL.search(problem.path)
    if match is None:
        return (0, 0, 0)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return (1, int(match.group(2)), column)
