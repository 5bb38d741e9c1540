"""Standard-cost tables as offices keep them: one row per province, one column per tier.

A Perpres 33/2020 or PMK SBM table, or a region's own SSH, is rarely a list of rows. It is a
matrix: provinces down the side ("NTB", "D.I. Yogyakarta", "Kep. Bangka Belitung"), tiers
across the top under headings of two or three rows, merged over their columns ("Uang Harian"
over "Luar Kota / Dalam Kota > 8 Jam / Diklat"; "Pejabat Negara / Eselon I" … "Gol I/II"),
title rows above naming the regulation and the year, notes and signatures below. Tickets
come by route (asal, tujuan; ekonomi, bisnis), taxis by province, land transport by route
within a province.

:func:`read_wide` finds such a table on a sheet by its content (a column of province names,
or an Asal and a Tujuan column), reads each tier heading into a kind and level of the cap
model, and gives one :class:`~docgen.budget.caps.CapRow` per province (or route) and tier.
Every province or heading it cannot place is a problem naming its cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.budget.values import NotANumber, is_blank, norm, shown, to_amount
from docgen.budget.vocab import province_name
from docgen.messages import Problem

SCAN_ROWS = 40
"""Rows searched for the top of a table."""
HEADER_ROWS = 4
"""Heading rows at most above the first province or route."""
MIN_REGIONS = 3

_REGULATION = re.compile(
    r"\b(perpres|peraturan presiden|pmk|peraturan menteri keuangan|permendagri|pergub|"
    r"peraturan gubernur|perbup|peraturan bupati|perwali|peraturan wali ?kota|perkada|"
    r"peraturan daerah|keputusan)\b", re.I)
_BASIS = re.compile(r"\b(lampiran|standar biaya|sbm|ssh|standar harga)\b", re.I)
_YEAR = re.compile(r"\b(?:tahun anggaran|t\.?a\.?|fiscal year)\s*(20\d\d)\b", re.I)
"""The fiscal year in a title ("Tahun Anggaran 2026", "TA 2026"), not a regulation's year
("Nomor 33 Tahun 2020")."""
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[ivxl]{1,5})\s*[.)]\s*", re.I)
_ROUTE_SPLIT = re.compile(r"\s+(?:-|–|—|ke|s/d|sd)\s+|\s*[–—]\s*")


def province_of(value: object) -> str | None:
    """A province as offices spell it: ``NTB``, ``D.I. Yogyakarta``, ``Kep. Bangka
    Belitung``, ``DKI``, ``1. Aceh``, ``Prov. Jawa Timur``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = _LEADING_NUMBER.sub("", value.strip())
    found = province_name(text)
    if found:
        return found
    label = norm(text)
    label = re.sub(r"^(?:provinsi|prov|propinsi)\s+", "", label)
    label = re.sub(r"^kep\b", "kepulauan", label)
    label = re.sub(r"^d\s?k\s?i\b", "dki", label)
    label = re.sub(r"^d\s?i\b", "di", label)
    return province_name(label)


# --------------------------------------------------------------------------- tiers

_LEVEL_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:gol(?:ongan)?)\s+i\s+ii\b|\bgolongan\s+i\s+(?:dan|dan golongan)\s+ii\b"),
     "golongan_i_ii"),
    (re.compile(r"\beselon\s+iv\b|\bgol(?:ongan)?\s+iii\b"), "eselon_iv"),
    (re.compile(r"\beselon\s+iii\b|\bgol(?:ongan)?\s+iv\b"), "eselon_iii"),
    (re.compile(r"\bpejabat negara lainnya\b|\beselon\s+ii\b"), "eselon_ii"),
    (re.compile(r"\beselon\s+i\b|\bpejabat negara\b"), "eselon_i"),
    (re.compile(r"\b(?:kepala daerah|gubernur|bupati|wali ?kota)\b"), "pejabat_negara"),
]
_ALLOWANCE = [
    (re.compile(r"\bdalam kota\b"), "uang_harian_dalam_kota"),
    (re.compile(r"\bluar kota\b"), "uang_harian_luar_kota"),
    (re.compile(r"\bdiklat\b|\bpendidikan\b|\bpelatihan\b"), "uang_harian_diklat"),
]
_AMOUNT = re.compile(r"\b(?:besaran|biaya|tarif|harga|jumlah|nilai|satuan biaya|rp|rupiah|"
                     r"taksi|taxi|amount|cap)\b")
_SKIP = re.compile(r"^(?:no|nomor|satuan|unit|keterangan|ket|catatan|kode|provinsi|"
                   r"propinsi|province|kota|asal|tujuan|rute|route)$")


@dataclass
class Column:
    """A value column of a wide table: where its heading is and what it holds."""

    index: int
    heading: str
    kind: str
    level: str


def tier_of(heading: str, context: str) -> tuple[str, str] | None:
    """(kind, level) for a column heading, in the context of the table's title and sheet.

    ``context`` tells the family when the heading alone does not (a penginapan table's
    columns are tiers only; a taxi table's column is just "Besaran")."""
    label = norm(heading)
    around = norm(context) + " " + label
    if "ekonomi" in label or "economy" in label:
        return "tiket_ekonomi", "*"
    if "bisnis" in label or "business" in label:
        return "tiket_bisnis", "*"
    for pattern, kind in _ALLOWANCE:
        if pattern.search(label) and ("harian" in around or "uang" in around
                                      or "diklat" in label):
            return kind, "*"
    if re.search(r"\b(?:penginapan|hotel|lodging)\b", around):
        for pattern, level in _LEVEL_WORDS:
            if pattern.search(label):
                return "penginapan", level
    if re.search(r"\brepresentasi\b", around):
        for pattern, level in _LEVEL_WORDS:
            if pattern.search(label):
                kind = ("uang_representasi_dalam_kota" if "dalam kota" in around
                        else "uang_representasi_luar_kota")
                return kind, level
    if _AMOUNT.search(label) or not label:
        if re.search(r"\b(?:taksi|taxi)\b", around):
            return "taksi", "*"
        if re.search(r"\b(?:transport\w*|angkutan|darat)\b", around):
            return "transport_antar_kota", "*"
        if re.search(r"\b(?:tiket|pesawat|ticket)\b", around):
            return "tiket_ekonomi", "*"
    return None


# --------------------------------------------------------------------------- the table


@dataclass
class WideTable:
    """What was read from one sheet: its rows, and where they came from."""

    sheet: str
    layout: str
    """``province`` or ``route``."""
    basis: str
    year: int | None
    columns: list[Column]
    cells: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(kind, region, level) -> the cell the amount was read from."""
    amounts: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
    units: dict[tuple[str, str, str], str] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    title: str = ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _grid(records: Sequence[Sequence[Any]],
          merges: Sequence[tuple[int, int, int, int]]) -> list[list[Any]]:
    """The records with each merged range's value copied into all of its cells."""
    width = max((len(r) for r in records), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in records]
    for min_col, min_row, max_col, max_row in merges:
        if min_row > len(grid) or min_col > width:
            continue
        value = grid[min_row - 1][min_col - 1]
        for row in range(min_row, min(max_row, len(grid)) + 1):
            for col in range(min_col, min(max_col, width) + 1):
                if grid[row - 1][col - 1] is None:
                    grid[row - 1][col - 1] = value
    return grid


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or is_blank(value):
        return False
    try:
        amount = to_amount(value)
    except NotANumber:
        return False
    return amount is not None


def _province_column(grid: list[list[Any]]) -> tuple[int, int] | None:
    """(column, first row) of the column naming most provinces with a number on their
    right, 0-based."""
    best: tuple[int, int, int] | None = None
    width = len(grid[0]) if grid else 0
    for col in range(width):
        rows = [r for r in range(len(grid)) if province_of(grid[r][col])
                and any(_is_number(v) for v in grid[r][col + 1:])]
        if len(rows) >= MIN_REGIONS and (best is None or len(rows) > best[0]):
            best = (len(rows), col, rows[0])
    return (best[1], best[2]) if best else None


def _route_columns(grid: list[list[Any]]) -> tuple[int, int, int] | None:
    """(header row, asal column, tujuan column) of a route table, 0-based; one column
    holding "Kota A - Kota B" gives the same column twice."""
    for number, row in enumerate(grid[:SCAN_ROWS]):
        labels = [norm(v) for v in row]
        origin = next((i for i, v in enumerate(labels)
                       if re.fullmatch(r"(?:kota |bandara |daerah )?asal", v)), None)
        target = next((i for i, v in enumerate(labels)
                       if re.fullmatch(r"(?:kota |bandara |daerah )?tujuan", v)), None)
        if origin is not None and target is not None:
            return number, origin, target
        route = next((i for i, v in enumerate(labels) if v in ("rute", "route", "rute perjalanan")),
                     None)
        if route is not None:
            return number, route, route
    return None


def _heading(grid: list[list[Any]], top: int, bottom: int, col: int) -> str:
    """A column's heading: its cells in the heading rows ``top``..``bottom`` (merges
    filled in), top to bottom, repeated words left out."""
    parts: list[str] = []
    for row in range(top, bottom + 1):
        text = _text(grid[row][col])
        if text and not _NUMBERING.match(text) and text not in parts:
            parts.append(text)
    return " / ".join(parts)


def _title(grid: list[list[Any]], top: int) -> list[str]:
    return [_text(v) for row in grid[:top] for v in row if isinstance(v, str) and v.strip()]


def _heading_top(grid: list[list[Any]], first: int) -> int:
    """The first heading row above the first data row (at most :data:`HEADER_ROWS`)."""
    top = first
    for row in range(first - 1, max(first - 1 - HEADER_ROWS, -1), -1):
        filled = [v for v in grid[row] if not is_blank(v)]
        if not filled:
            break
        top = row
    return top


def read_wide(records: Sequence[Sequence[Any]], sheet: str, *,
              merges: Sequence[tuple[int, int, int, int]] = (),
              problems: list[Problem]) -> WideTable | None:
    """The wide table on a sheet, or ``None`` when the sheet holds none."""
    grid = _grid(records, merges)
    if not grid:
        return None
    route = _route_columns(grid)
    found = _province_column(grid) if route is None else None
    layout = "province"
    if found is not None:
        key_col, first = found
        top = _heading_top(grid, first)
        bottom = first - 1
    else:
        if route is None:
            return None
        layout = "route"
        header_row, origin, target = route
        key_col = max(origin, target)
        first = header_row + 1
        while first < len(grid) and not (
                any(_is_number(v) for v in grid[first][key_col + 1:])
                and not is_blank(grid[first][origin])):
            first += 1
        top = min(_heading_top(grid, first), header_row)
        bottom = first - 1
    title_lines = _title(grid, top)
    context = " ".join([sheet, *title_lines])
    basis = next((line for line in title_lines if _REGULATION.search(line)),
                 next((line for line in title_lines if _BASIS.search(line)), ""))
    year_match = next((m for line in title_lines if (m := _YEAR.search(line))), None)
    table = WideTable(sheet=sheet, layout=layout, basis=basis,
                      year=int(year_match.group(1)) if year_match else None, columns=[],
                      title=" — ".join(title_lines[:2]))
    data_rows = range(first, len(grid))
    numeric_cols = [c for c in range(key_col + 1, len(grid[0]))
                    if any(_is_number(grid[r][c]) for r in data_rows)]
    unit_col = next((c for c in range(len(grid[0]))
                     if norm(_heading(grid, top, bottom, c)) in ("satuan", "unit")), None)
    for col in numeric_cols:
        heading = _heading(grid, top, bottom, col)
        if _SKIP.match(norm(heading)) or col == unit_col or _NUMBERING.match(heading):
            continue
        tier = tier_of(heading, context)
        if tier is None:
            problems.append(Problem(f"{sheet}!{get_column_letter(col + 1)}{bottom + 1}",
                                    "caps_unknown_tier", "error", {"value": shown(heading)}))
            continue
        table.columns.append(Column(col, heading, *tier))
    seen_columns: dict[tuple[str, str], Column] = {}
    for column in table.columns:
        other = seen_columns.setdefault((column.kind, column.level), column)
        if other is not column:
            problems.append(Problem(
                f"{sheet}!{get_column_letter(column.index + 1)}{bottom + 1}",
                "caps_duplicate_tier", "error",
                {"value": shown(column.heading), "other": get_column_letter(other.index + 1)}))
    for row in data_rows:
        values = grid[row]
        region = _region_of(values, layout, key_col, route)
        filled = [values[col.index] for col in table.columns if not is_blank(values[col.index])]
        if not filled or (region is None and not any(_is_number(v) for v in filled)):
            continue
        where = f"{sheet}!{get_column_letter(key_col + 1)}{row + 1}"
        if region is None:
            problems.append(Problem(where, "caps_unknown_region", "error",
                                    {"value": shown(values[key_col] if layout == "province"
                                                    else _route_text(values, route))}))
            continue
        if region in table.regions:
            problems.append(Problem(where, "caps_duplicate_region", "error",
                                    {"value": shown(region)}))
            continue
        table.regions.append(region)
        unit = _text(values[unit_col]) if unit_col is not None else ""
        for column in table.columns:
            cell = f"{sheet}!{get_column_letter(column.index + 1)}{row + 1}"
            value = values[column.index]
            if is_blank(value) or (isinstance(value, str) and value.strip() in ("-", "–")):
                continue
            try:
                parsed = to_amount(value)
            except NotANumber:
                parsed = None
            if parsed is None or parsed.value <= 0:
                problems.append(Problem(cell, "caps_bad_amount", "error",
                                        {"value": shown(value)}))
                continue
            key = (column.kind, region, column.level)
            table.amounts[key] = parsed.value
            table.cells[key] = cell
            table.units[key] = unit
    return table


def _route_text(values: Sequence[Any], route: tuple[int, int, int] | None) -> str:
    if route is None:
        return ""
    _header, origin, target = route
    if origin == target:
        return _text(values[origin])
    return f"{_text(values[origin])} - {_text(values[target])}"


def _region_of(values: Sequence[Any], layout: str, key_col: int,
               route: tuple[int, int, int] | None) -> str | None:
    if layout == "province":
        return province_of(values[key_col])
    assert route is not None  # noqa: S101 - a route layout has its columns
    _header, origin, target = route
    if origin == target:
        parts = [p.strip() for p in _ROUTE_SPLIT.split(_text(values[origin]), maxsplit=1)]
        if len(parts) != 2 or not all(parts):
            return None
        start, end = parts
    else:
        start, end = _text(values[origin]), _text(values[target])
        if not start or not end:
            return None
    return f"{start} - {end}"
