"""Reading a budget workbook laid out the way its office likes: which sheet holds the
budget, where its header is, and the rows under it streamed into
:class:`docgen.budget.lines.SheetReader` until the grand total.

The header row is found by its labels anywhere in the first 30 rows of any sheet (a sheet
named like RAB/Anggaran/Budget first), so title rows, logos and merged cells above it do not
matter.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.budget import vocab
from docgen.budget.header import HEADER_SEARCH_ROWS, Header, find_header
from docgen.budget.lines import SheetReader, rate_in
from docgen.budget.model import ParsedBudget
from docgen.budget.safety import (
    MAX_COLUMNS,
    MAX_ROWS,
    READ_COLUMNS,
    Book,
    BudgetUnreadable,
)
from docgen.budget.values import (
    NotANumber,
    is_blank,
    norm,
    to_amount,
)
from docgen.messages import Problem

PREFERRED_SHEET = re.compile(r"\b(rab|anggaran|budget|biaya|rincian|rencana)\b")
PLACE_COMPONENTS = ("uang_harian", "penginapan", "paket_meeting")
_YEAR = re.compile(r"\btahun anggaran\s*(20\d\d)\b|\bta\s*(20\d\d)\b|\bfiscal year\s*(20\d\d)\b")

# --------------------------------------------------------------------------- the workbook


def _sheet_rank(title: str, state: str) -> tuple[int, int]:
    visible = 0 if state == "visible" else 1
    preferred = 0 if PREFERRED_SHEET.search(norm(title)) else 1
    return visible, preferred


def _peek(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS,
                                              max_col=READ_COLUMNS, values_only=True)]


_YEAR_LABELS = ("tahun anggaran", "ta", "tahun", "fiscal year", "year")
_PLACE_LABELS = ("provinsi tujuan", "provinsi", "tujuan", "daerah tujuan", "destination",
                 "destination province", "province")
_TOWARDS = re.compile(r"\b(?:ke|tujuan|destination|destination province|to)\b(.*)")


def _pairs(row: Sequence[Any]) -> list[tuple[str, Any]]:
    """(label, value) for each text cell followed (after blanks) by a value on its right."""
    out = []
    for index, value in enumerate(row):
        if not isinstance(value, str) or not value.strip():
            continue
        following = next((v for v in row[index + 1:] if not is_blank(v)), None)
        if following is not None:
            out.append((norm(value), following))
    return out


def _hints(budget: ParsedBudget, rows: Sequence[Sequence[Any]], header: Header,
           rates: dict[str, Decimal]) -> None:
    """Year, province and exchange rates written in the title block above the header."""
    for number, row in enumerate(rows[:header.row - 1], start=1):
        for value in row:
            if not isinstance(value, str):
                continue
            label = norm(value)
            match = _YEAR.search(label)
            if match and budget.year is None:
                budget.year = int(next(g for g in match.groups() if g))
            towards = _TOWARDS.search(label)
            if budget.province is None and towards:
                budget.province = vocab.province_in(towards.group(1))
        for label, value in _pairs(row):
            if label in _YEAR_LABELS and budget.year is None:
                try:
                    year = to_amount(value)
                except NotANumber:
                    year = None
                if year is not None and 2000 <= year.value <= 2100:
                    budget.year = int(year.value)
            if label in _PLACE_LABELS and budget.province is None:
                budget.province = vocab.province_name(value) or vocab.province_in(value)
        found = rate_in(row)
        if found and found[0] not in rates:
            rates[found[0]] = found[1]
            budget.rate_cells[found[0]] = f"{budget.sheet}!{get_column_letter(found[2] + 1)}{number}"


def read_book(book: Book, rates: Mapping[str, Decimal] | None = None) -> ParsedBudget:
    """Find the budget sheet and its header, then read its lines and totals."""
    budget = ParsedBudget(source=book.name)
    workbook = book.workbook
    sheets = list(workbook.worksheets)
    found: list[tuple[tuple[int, int], int, Any, list[tuple[Any, ...]], Header]] = []
    anything = False
    for order, sheet in enumerate(sheets):
        rows = _peek(sheet)
        anything = anything or any(not is_blank(v) for row in rows for v in row)
        header = find_header(rows)
        if header is not None:
            found.append((_sheet_rank(sheet.title, sheet.sheet_state), order, sheet, rows,
                          header))
    found.sort(key=lambda item: (item[0], item[1]))
    if not found:
        taller = any((s.max_row or 0) > HEADER_SEARCH_ROWS for s in sheets)
        if not anything and not taller:
            budget.problems.append(Problem(book.name, "budget_empty_workbook", "error"))
        else:
            budget.problems.append(Problem(book.name, "budget_no_header", "error", {
                "rows": HEADER_SEARCH_ROWS, "labels": vocab.labels_looked_for(),
                "sheets": ", ".join(s.title for s in sheets)}))
        return budget
    _rank, _order, sheet, rows, header = found[0]
    budget.sheet = sheet.title
    budget.header_row = header.row
    budget.columns = header.letters()
    for other in sheets:
        if other is not sheet and other.sheet_state != "visible":
            budget.problems.append(Problem(other.title, "budget_hidden_sheet_ignored", "warning",
                                           {"sheet": other.title}))
    if sheet.sheet_state != "visible":
        budget.problems.append(Problem(sheet.title, "budget_hidden_sheet_used", "warning",
                                       {"sheet": sheet.title}))
    _check_size(sheet, book.name)
    known = dict(rates or {})
    sheet_rates: dict[str, Decimal] = {}
    _hints(budget, rows, header, sheet_rates)
    reader = SheetReader(budget, header, {**sheet_rates, **known})
    for key in known:
        budget.rate_cells[key] = "--rate"
    _read_rows(sheet, header, reader, book.name)
    reader.finish(book.data)
    budget.rates = reader.rates
    _places_in_lines(budget)
    return budget


def _places_in_lines(budget: ParsedBudget) -> None:
    """When the lines spent at the destination (allowances, lodging, meetings) name a single
    province or country, it is the trip's destination."""
    there = [line for line in budget.lines if line.component in PLACE_COMPONENTS]
    if budget.province is None:
        named = {line.named_province for line in there}
        named.discard(None)
        if len(named) == 1:
            budget.province = named.pop()
    if budget.country is None:
        named = {line.named_country for line in there}
        named.discard(None)
        if len(named) == 1:
            budget.country = named.pop()


def _read_rows(sheet: Any, header: Header, reader: SheetReader, name: str) -> None:
    """Stream the rows under the header into ``reader``, up to :data:`MAX_ROWS`.

    The garbage collector is paused meanwhile: every line read is kept, so the collections
    that the stream of parsed XML elements would trigger walk an ever larger heap and free
    nothing.
    """
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=header.data_row, max_col=header.width, values_only=True)
    collecting = gc.isenabled()
    gc.disable()
    try:
        for number, row in enumerate(rows, start=header.data_row):
            if number > MAX_ROWS:
                raise BudgetUnreadable(name, "budget_too_many_rows", sheet=sheet.title,
                                       rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
            for value in row:
                if value is not None and (type(value) is not str or value.strip()):
                    reader.read_row(number, row)
                    break
    finally:
        if collecting:
            gc.enable()


def _check_size(sheet: Any, name: str) -> None:
    """Refuse a sheet that declares more rows or columns than a budget can have."""
    if sheet.max_row and sheet.max_row > MAX_ROWS:
        raise BudgetUnreadable(name, "budget_too_many_rows", sheet=sheet.title,
                               rows=sheet.max_row, limit=MAX_ROWS)
    if sheet.max_column and sheet.max_column > MAX_COLUMNS:
        raise BudgetUnreadable(name, "budget_too_many_columns", sheet=sheet.title,
                               columns=sheet.max_column, limit=MAX_COLUMNS)
