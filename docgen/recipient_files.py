"""What a recipient sheet's file holds beyond calamine's values: CSV text as office software
writes it, and the rows a workbook hides.

**CSV.** Excel on an Indonesian Windows saves "CSV (Comma delimited)" with ``;`` between the
fields (the comma is the decimal separator there) in the ANSI code page, cp1252; "CSV UTF-8"
starts with a byte order mark; "Unicode Text" is UTF-16 with tabs; LibreOffice asks. Some
files start with Excel's ``sep=;`` line. The text is decoded by its byte order mark, else as
UTF-8, else as cp1252; the separator is the one of ``;``, tab, ``,`` and ``|`` that cuts the
first lines into the same number of fields most often (a comma inside an address does not
make a comma-separated file).

**Hidden rows.** calamine gives no row heights, so the rows hidden by hand or by a filter are
read from the file itself: ``hidden="1"`` (Excel) or ``hidden="true"`` (LibreOffice) on an
.xlsx ``<row>``, ``table:visibility="collapse"`` or ``"filter"`` on an .ods row (with its
``number-rows-repeated``), the "height zero" flag of an .xls ROW record.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from typing import Any

from docgen.budget.formats import ODS, XLS, OleUnreadable, xls_sheet_records
from docgen.budget.rawscan import sheet_parts

SEPARATORS = (";", "\t", ",", "|")
SNIFF_LINES = 60


def decode_text(data: bytes) -> str:
    """The text of a CSV file: by its byte order mark, else UTF-8, else cp1252 (a byte
    cp1252 leaves undefined is read as Latin-1)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def is_csv_text(data: bytes) -> bool:
    """Whether the bytes look like delimited text (also UTF-16 with its byte order mark)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = data[:4096]
    return b"\x00" not in head and b"\n" in head and any(
        sep.encode() in head for sep in SEPARATORS)


def separator(lines: list[str]) -> str:
    """The separator that cuts the first lines into the same number (> 1) of fields most
    often; ties go to ``;`` (Indonesian Excel), then tab, then ``,``."""
    best, best_score = ";", (-1, -1)
    for order, sep in enumerate(SEPARATORS):
        counts = [len(row) for row in csv.reader(lines, delimiter=sep) if len(row) > 1]
        if not counts:
            continue
        width, agreeing = Counter(counts).most_common(1)[0]
        score = (agreeing, width)
        if score > best_score or (score == best_score and order == 0):
            best, best_score = sep, score
    return best


def csv_rows(text: str, limit: int, width: int) -> list[tuple[Any, ...]]:
    """The rows of a CSV text (at most `limit` + 1, each cut to `width` cells); raises
    ``csv.Error`` on a malformed file and ``OverflowError`` past the limit."""
    lines = text.splitlines()
    sep = None
    if lines and re.fullmatch(r"\s*sep=(.)\s*", lines[0]):
        sep = lines[0].strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines = lines[1:]
    sep = sep or separator(lines[:SNIFF_LINES])
    rows: list[tuple[Any, ...]] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
        rows.append(tuple((cell if cell.strip() else None) for cell in row[:width]))
        if len(rows) > limit:
            raise OverflowError(limit)
    longest = max((len(r) for r in rows), default=0)
    return [r + (None,) * (longest - len(r)) for r in rows]


# --------------------------------------------------------------------------- hidden rows


_XLSX_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_XLSX_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_XLSX_R = re.compile(rb"""\br\s*=\s*["']([0-9]+)["']""")
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_ODS_VISIBILITY = re.compile(rb'table:visibility="(collapse|filter)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ROW_RECORD = 0x0208
_ROW_HIDDEN = 0x0020


def hidden_rows(book: Any, title: str, last: int) -> set[int]:
    """The rows (1-based, up to `last`) of sheet `title` of an opened workbook
    (:class:`docgen.budget.safety.Book`) that are hidden or filtered out."""
    try:
        if book.format == XLS:
            names = book.workbook.calamine.sheet_names
            index = names.index(title) if title in names else -1
            found = _xls_hidden(book.data)
            return {r for r in found[index] if r <= last} if 0 <= index < len(found) else set()
        with zipfile.ZipFile(io.BytesIO(book.data)) as archive:
            if book.format == ODS:
                return _ods_hidden(archive.read("content.xml"), title, last)
            part = sheet_parts(archive).get(title)
            return _xlsx_hidden(archive.read(part), last) if part else set()
    except (OleUnreadable, KeyError, ValueError, zipfile.BadZipFile, OSError):
        return set()


def _xlsx_hidden(xml: bytes, last: int) -> set[int]:
    if b"hidden" not in xml:
        return set()
    out: set[int] = set()
    number = 0
    for match in _XLSX_ROW.finditer(xml):
        attrs = match.group(1)
        ref = _XLSX_R.search(attrs)
        number = int(ref.group(1)) if ref else number + 1
        if number > last:
            break
        if _XLSX_HIDDEN.search(attrs):
            out.add(number)
    return out


def _ods_hidden(xml: bytes, title: str, last: int) -> set[int]:
    from html import unescape

    out: set[int] = set()
    inside = False
    row = 0
    for match in _ODS_TAG.finditer(xml):
        closing, tag, attrs, _empty = match.groups()
        if tag == b"table":
            if closing:
                if inside:
                    break
                continue
            name = _ODS_NAME.search(attrs)
            inside = bool(name) and unescape(name.group(1).decode("utf-8", "replace")) == title
            row = 0
            continue
        if not inside or closing:
            continue
        repeat = _ODS_REPEAT.search(attrs)
        count = int(repeat.group(1)) if repeat else 1
        if _ODS_VISIBILITY.search(attrs):
            out.update(range(row + 1, min(row + count, last) + 1))
        row += count
        if row >= last:
            break
    return out


def _xls_hidden(data: bytes) -> list[set[int]]:
    """Per sheet, in BOUNDSHEET order, the rows whose ROW record says "hidden"."""
    return [{int.from_bytes(body[:2], "little") + 1 for kind, body in records
             if kind == _ROW_RECORD and len(body) >= 14
             and int.from_bytes(body[12:14], "little") & _ROW_HIDDEN}
            for records in xls_sheet_records(data)]
