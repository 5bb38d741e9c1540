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
from docgen.budget.costcolumns import CostColumnsReader
from docgen.budget.header import (
    HEADER_SEARCH_ROWS,
    Header,
    best_candidate,
    find_header,
    settle_split_money,
)
from docgen.budget.lines import SheetReader
from docgen.budget.model import ParsedBudget, SheetInfo
from docgen.budget.rows import rate_in
from docgen.budget.safety import (
    MAX_COLUMNS,
    MAX_ROWS,
    READ_COLUMNS,
    Book,
    BudgetUnreadable,
    merged_ranges,
)
from docgen.budget.sheets import kind_of, sheet_score
from docgen.budget.values import (
    NotANumber,
    is_blank,
    norm,
    to_amount,
)
from docgen.messages import Problem

EMPTY_RUN = 200
"""Empty rows in a row after which a sheet is taken to end."""
AFTER_TOTAL_ROWS = 500
"""Rows below the grand total looked at for amounts left unread."""
SAMPLE_ROWS = 40
PLACE_COMPONENTS = ("uang_harian", "penginapan", "paket_meeting")
_YEAR = re.compile(r"\btahun anggaran\s*(20\d\d)\b|\bta\s*(20\d\d)\b|\bfiscal year\s*(20\d\d)\b")

# --------------------------------------------------------------------------- the workbook


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


def read_book(book: Book, rates: Mapping[str, Decimal] | None = None,
              sheet_name: str | None = None) -> ParsedBudget:
    """Find the budget sheet (``sheet_name`` when given) and its header, then read its
    lines and totals up to the grand total."""
    budget = ParsedBudget(source=book.name)
    sheets = list(book.workbook.worksheets)
    found: list[tuple[tuple[int, int, int], Any, list[tuple[Any, ...]], Header]] = []
    anything = False
    for order, sheet in enumerate(sheets):
        rows = _peek(sheet)
        header = find_header(rows)
        kind = kind_of(sheet.title, rows, header)
        score = sheet_score(sheet.title, kind, header)
        hidden = sheet.sheet_state != "visible"
        budget.sheets.append(SheetInfo(sheet.title, kind, score, hidden))
        if sheet_name is not None and sheet.title != sheet_name:
            continue
        anything = anything or any(not is_blank(v) for row in rows for v in row)
        if header is not None:
            found.append(((1 if hidden else 0, -score, order), sheet, rows, header))
    if sheet_name is not None and not any(s.title == sheet_name for s in sheets):
        budget.problems.append(Problem(book.name, "budget_sheet_missing", "error", {
            "sheet": sheet_name, "sheets": ", ".join(f"\"{s.title}\"" for s in sheets)}))
        return budget
    found.sort(key=lambda item: item[0])
    if not found:
        _no_header(budget, book, sheets, sheet_name, anything)
        return budget
    if len(found) > 1 and found[0][0][:2] == found[1][0][:2]:
        budget.problems.append(Problem(book.name, "budget_sheet_ambiguous", "error", {
            "sheets": ", ".join(f"\"{item[1].title}\"" for item in found
                                if item[0][:2] == found[0][0][:2])}))
        return budget
    _rank, sheet, rows, header = found[0]
    for info in budget.sheets:
        info.read = info.name == sheet.title
    budget.sheet = sheet.title
    budget.header_row = header.row
    for other in sheets:
        if other is not sheet and other.sheet_state != "visible" and sheet_name is None:
            budget.problems.append(Problem(other.title, "budget_hidden_sheet_ignored", "warning",
                                           {"sheet": other.title}))
    if sheet.sheet_state != "visible":
        budget.problems.append(Problem(sheet.title, "budget_hidden_sheet_used", "warning",
                                       {"sheet": sheet.title}))
    _check_size(sheet, book.name)
    settle_split_money(header, _sample(sheet, header))
    budget.columns = header.letters()
    known = dict(rates or {})
    sheet_rates: dict[str, Decimal] = {}
    _hints(budget, rows, header, sheet_rates)
    kind = CostColumnsReader if header.costs else SheetReader
    reader = kind(budget, header, {**sheet_rates, **known})
    for key in known:
        budget.rate_cells[key] = "--rate"
    _read_rows(sheet, header, reader, book.name)
    reader.finish(book.data, merged_ranges(book, sheet))
    budget.rates = reader.rates
    _places_in_lines(budget)
    return budget


def _no_header(budget: ParsedBudget, book: Book, sheets: list[Any], sheet_name: str | None,
               anything: bool) -> None:
    """No sheet has a header: say so, with the labels the likeliest row has and lacks."""
    looked = [s for s in sheets if sheet_name is None or s.title == sheet_name]
    taller = any((s.max_row or 0) > HEADER_SEARCH_ROWS for s in looked)
    if not anything and not taller:
        budget.problems.append(Problem(book.name, "budget_empty_workbook", "error"))
        return
    best = None
    for sheet in looked:
        candidate = best_candidate(_peek(sheet))
        if candidate is not None and (best is None or len(candidate.found) > len(best[1].found)):
            best = (sheet.title, candidate)
    names = ", ".join(f"\"{s.title}\"" for s in looked)
    if best is None:
        budget.problems.append(Problem(book.name, "budget_no_header", "error", {
            "rows": HEADER_SEARCH_ROWS, "labels": vocab.labels_looked_for(), "sheets": names}))
        return
    title, candidate = best
    budget.problems.append(Problem(f"{title}!{candidate.row}:{candidate.row}",
                                   "budget_no_header_near", "error", {
        "rows": HEADER_SEARCH_ROWS, "sheets": names, "sheet": title, "row": candidate.row,
        "found": ", ".join(candidate.found), "missing": ", ".join(candidate.missing),
        "labels": vocab.labels_looked_for()}))


def _sample(sheet: Any, header: Header) -> list[tuple[Any, ...]]:
    """The first rows under the header, to see how its money columns are filled."""
    return [tuple(r) for r in sheet.iter_rows(min_row=header.data_row,
                                              max_row=header.data_row + SAMPLE_ROWS,
                                              max_col=READ_COLUMNS, values_only=True)]


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
    """Stream the rows under the header into ``reader``.

    The size of a sheet is the rows that hold values: a sheet declared down to row 1,048,576
    (LibreOffice and Excel write empty styled rows there) is read until
    :data:`EMPTY_RUN` empty rows follow one another, and refused only when more than
    :data:`MAX_ROWS` rows hold values. Rows below the grand total are looked at only for the
    note that says they were not read.

    The garbage collector is paused meanwhile: every line read is kept, so the collections
    that the stream of parsed XML elements would trigger walk an ever larger heap and free
    nothing.
    """
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=header.data_row, max_col=header.width, values_only=True)
    collecting = gc.isenabled()
    gc.disable()
    filled = empty = 0
    try:
        for number, row in enumerate(rows, start=header.data_row):
            for value in row:
                if value is not None and (type(value) is not str or value.strip()):
                    break
            else:
                empty += 1
                if empty >= EMPTY_RUN:
                    break
                continue
            empty = 0
            filled += 1
            if filled > MAX_ROWS:
                raise BudgetUnreadable(name, "budget_too_many_rows", sheet=sheet.title,
                                       rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
            if reader.ended and number - reader.end_row > AFTER_TOTAL_ROWS:
                break
            reader.read_row(number, row)
    finally:
        if collecting:
            gc.enable()


def _check_size(sheet: Any, name: str) -> None:
    """Refuse a sheet with more columns than a budget can have (its rows are counted as
    they are read)."""
    if sheet.max_column and sheet.max_column > MAX_COLUMNS:
        raise BudgetUnreadable(name, "budget_too_many_columns", sheet=sheet.title,
                               columns=sheet.max_column, limit=MAX_COLUMNS)
