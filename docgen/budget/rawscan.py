"""A second look at one sheet's XML, taken only when the first pass needs it.

openpyxl in read-only, cached-value mode cannot say whether an empty cell holds a formula
whose result was never saved (a file written by a script) or whether cells are merged. When
a budget line has a hole where a number should be, or a Jumlah of 0, this module streams the
sheet's XML once and finds, by pattern and without an XML parser (so nothing can expand):
formula cells without a saved value, formula cells whose saved value is 0, and merged ranges.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from defusedxml import ElementTree
from openpyxl.utils.cell import range_boundaries

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_ROW_END = re.compile(rb"</(?:\w+:)?row>|</(?:\w+:)?sheetData>")
CHUNK = 1 << 20


@dataclass
class SheetScan:
    """What the XML of one sheet says beyond the cached values."""

    no_value: dict[str, str] = field(default_factory=dict)
    """Formula cells without a saved result: coordinate -> formula text."""
    zero_value: dict[str, str] = field(default_factory=dict)
    """Formula cells whose saved result is 0: coordinate -> formula text."""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges as (min_col, min_row, max_col, max_row)."""


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name (``xl/worksheets/sheet1.xml``), from the workbook's rels."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(_REL_NS), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        parts[sheet.get("name", "")] = part
    return parts


def _formula_text(body: bytes) -> str | None:
    match = _FORMULA.search(body)
    if match is None:
        return None
    text = (match.group(1) or b"").decode("utf-8", "replace")
    return "=" + html.unescape(text) if text else "=(rumus bersama)"


def _scan_cells(chunk: bytes, scan: SheetScan) -> None:
    for match in _CELL.finditer(chunk):
        body = match.group(2)
        if b"f" not in body:
            continue
        formula = _formula_text(body)
        if formula is None:
            continue
        ref = _REF.search(match.group(1))
        if ref is None:
            continue
        coordinate = ref.group(1).decode()
        value = _VALUE.search(body)
        if value is None or not value.group(1).strip():
            scan.no_value[coordinate] = formula
        elif value.group(1).strip() in (b"0", b"0.0"):
            scan.zero_value[coordinate] = formula


def _other_merges(data: bytes, sheet: str, kind: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet of an .xls or .ods (whose formulas always carry their
    results, so only the merges are looked for)."""
    from docgen.budget.formats import CalamineWorkbook

    book = CalamineWorkbook(data, kind, max_rows=1 << 20, max_columns=1 << 14)
    try:
        return book[sheet].merged_ranges() if sheet in book.sheetnames else []
    finally:
        book.close()


def scan_sheet(data: bytes, sheet: str) -> SheetScan:
    """Stream the XML of ``sheet`` in ``data`` (a workbook already checked by the gate; an
    .xls or .ods gives only its merged ranges)."""
    scan = SheetScan()
    if not data.startswith(b"PK"):
        scan.merges = _other_merges(data, sheet, "xls")
        return scan
    with zipfile.ZipFile(BytesIO(data)) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            scan.merges = _other_merges(data, sheet, "ods")
            return scan
        part = sheet_parts(archive).get(sheet)
        if part is None:
            return scan
        carry = b""
        edge = b""
        with archive.open(part) as handle:
            while True:
                block = handle.read(CHUNK)
                if not block:
                    break
                buffer = carry + block
                ends = [m.end() for m in _ROW_END.finditer(buffer)]
                cut = ends[-1] if ends else 0
                _scan_cells(buffer[:cut], scan)
                carry = buffer[cut:]
                window = edge + block
                if b"mergeCell" in window:
                    scan.merges.extend(
                        range_boundaries(m.group(1).decode()) for m in _MERGE.finditer(window))
                edge = block[-256:]
            _scan_cells(carry, scan)
    scan.merges = sorted(set(scan.merges))
    return scan
