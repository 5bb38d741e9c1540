"""Workbooks read with calamine: .xlsx, .xls (Excel 97-2003) and .ods, one interface.

:mod:`docgen.budget.safety` checks the bytes first; this module then opens them with
python-calamine, which reads all three formats and is several times faster than openpyxl.
The sheets look like openpyxl's read-only sheets to the reader (``title``, ``sheet_state``,
``iter_rows(min_row=, max_row=, max_col=, values_only=True)``, ``max_row``, ``max_column``,
``reset_dimensions()``) and give the same Python types: ``None`` for an empty cell, ``int``
for a whole number, ``float``, ``str``, ``bool``, ``datetime`` for a date (openpyxl gives a
``datetime`` at midnight for a date without a time), ``time``, and the error text
(``#DIV/0!``) for an error cell of an .xlsx or .ods.

calamine holds a sheet as a dense grid, so a sheet's extent is measured from its XML before
calamine loads it (a few cells far apart must not cost gigabytes): an .xlsx sheet by the
references of its cells that carry a value, an .ods sheet by its rows and cells with their
``number-rows-repeated`` / ``number-columns-repeated`` counts, an .xls sheet by the cell
records of its workbook stream (read from the OLE2 container here, :func:`xls_extents`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import python_calamine

MAX_CELLS = 3_000_000
"""Largest grid (rows × columns of the cells that hold a value) of one sheet."""

XLSX, XLS, ODS = "xlsx", "xls", "ods"
_STATES = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}
_BIG = 2 ** 53


class CalamineFailed(ValueError):
    """calamine could not read the file (a Rust panic arrives as a BaseException)."""


def _guarded(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except Exception:
        raise
    except BaseException as exc:  # noqa: BLE001 - pyo3's PanicException
        raise CalamineFailed(str(exc) or type(exc).__name__) from None


class SheetTooLarge(ValueError):
    """A sheet whose cells span more rows, columns or cells than may be read."""

    def __init__(self, sheet: str, rows: int, columns: int):
        super().__init__(f"{sheet}: {rows} rows x {columns} columns")
        self.sheet, self.rows, self.columns = sheet, rows, columns


@dataclass
class Extent:
    """What a sheet's XML says beyond calamine's values."""

    rows: int = 0
    columns: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """Error cells, (row, column) 1-based -> the error text."""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges (min_col, min_row, max_col, max_row), 1-based (ods only)."""


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# --------------------------------------------------------------------------- xlsx


_XLSX_ROW = re.compile(rb'<row r="([0-9]+)"')
_XLSX_WIDE = re.compile(rb'<c r="[A-Z]{2}')
_XLSX_ODD = re.compile(rb'<(?:\w+:(?:row|c)[\s>/]|(?:row|c)(?=[\s>/])(?! r="[A-Z0-9]))')
"""A row or cell element that does not start with its reference, or a prefixed one."""
_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_XLSX_R = re.compile(rb"""\br\s*=\s*["']([A-Z]*)([0-9]+)["']""")
_XLSX_ERROR = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*?\bt="e")[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*>'
    rb'(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)</', re.S)


def xlsx_extent(xml: bytes, max_rows: int = 50_000, max_columns: int = 256) -> Extent:
    """The extent of an .xlsx sheet's XML and its error cells.

    When every row and cell carries its reference as Excel and LibreOffice write it
    (``<row r="12"``, ``<c r="B12"``), the row numbers are a quick bound for sheets of
    columns A-Z. Otherwise (a row beyond the limits, a column beyond Z, references left out
    or quoted otherwise, prefixed elements) the cells that hold a value are placed one by
    one as calamine places them: LibreOffice writes empty styled rows down to row 1,048,576.
    """
    extent = Extent()
    rows = _XLSX_ROW.findall(xml)
    last = max(map(int, rows), default=0)
    if (last <= max_rows and last * 26 <= MAX_CELLS and _XLSX_WIDE.search(xml) is None
            and _XLSX_ODD.search(xml) is None):
        extent.rows, extent.columns = last, 26
    else:
        if not _place_cells(xml, extent, max_rows, max_columns) and extent.rows > max_rows:
            extent.rows = max(extent.rows, last)
    if b't="e"' in xml:
        for match in _XLSX_ERROR.finditer(xml):
            row, column = int(match.group(2)), _column_number(match.group(1))
            extent.errors[(row, column)] = match.group(3).decode("utf-8", "replace")
    return extent


def _place_cells(xml: bytes, extent: Extent, max_rows: int, max_columns: int) -> bool:
    """Place the cells that hold a value; rows and cells without a reference follow the one
    before them. Stops (``False``) at the first cell beyond the limits or the grid."""
    row = column = 0
    for match in _XLSX_TAG.finditer(xml):
        tag, attrs, empty = match.groups()
        ref = _XLSX_R.search(attrs)
        if tag == b"row":
            row = int(ref.group(2)) if ref else row + 1
            column = 0
            continue
        if ref and ref.group(1):
            column, row = _column_number(ref.group(1)), int(ref.group(2))
        else:
            column += 1
        if not empty:
            extent.rows = max(extent.rows, row)
            extent.columns = max(extent.columns, column)
            if (extent.rows > max_rows or extent.columns > max_columns
                    or extent.rows * extent.columns > MAX_CELLS):
                return False
    return True


# --------------------------------------------------------------------------- ods


_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_ATTR = re.compile(rb'([\w:-]+)="([^"]*)"')
_ODS_TEXT = re.compile(rb"\s*<text:p\b[^>]*>([^<]*)<")


def _count(attrs: dict[bytes, bytes], name: bytes) -> int:
    try:
        return max(1, int(attrs.get(name, b"1")))
    except ValueError:
        return 1


def ods_extents(xml: bytes) -> dict[str, Extent]:
    """Each sheet of an .ods ``content.xml``: extent of the cells with a value (repeats
    counted), error cells and merged ranges."""
    sheets: dict[str, Extent] = {}
    extent: Extent | None = None
    row = column = 0
    row_repeat = 1
    for match in _ODS_TAG.finditer(xml):
        closing, tag, raw, empty = match.groups()
        if closing:
            if tag == b"table-row":
                row += row_repeat
            continue
        attrs = dict(_ODS_ATTR.findall(raw)) if raw.strip() else {}
        if tag == b"table":
            name = attrs.get(b"table:name", b"").decode("utf-8", "replace")
            extent = sheets.setdefault(_unescape(name), Extent())
            row, column, row_repeat = 0, 0, 1
        elif extent is None:
            continue
        elif tag == b"table-row":
            row_repeat = _count(attrs, b"table:number-rows-repeated")
            column = 0
            if empty:
                row += row_repeat
        else:
            repeat = _count(attrs, b"table:number-columns-repeated")
            valued = (not empty) or b"office:value-type" in attrs
            if valued and tag == b"table-cell":
                extent.rows = max(extent.rows, row + row_repeat)
                extent.columns = max(extent.columns, column + repeat)
                if attrs.get(b"calcext:value-type") == b"error":
                    text = _ODS_TEXT.match(xml, match.end())
                    extent.errors[(row + 1, column + 1)] = (
                        text.group(1).decode("utf-8", "replace") if text else "#VALUE!")
                spans = (_count(attrs, b"table:number-columns-spanned"),
                         _count(attrs, b"table:number-rows-spanned"))
                if spans != (1, 1):
                    extent.merges.append((column + 1, row + 1, column + spans[0],
                                          row + spans[1]))
            column += repeat
    return sheets


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


# --------------------------------------------------------------------------- xls

_FREE = 0xFFFFFFFA
"""Sector numbers from here up mark the end of a chain (or free, FAT and DIFAT sectors)."""
_CELL_RECORDS = {0x0203, 0x00FD, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6}
"""BIFF records of one cell holding a value: NUMBER, LABELSST, RK, FORMULA, BOOLERR, LABEL,
RSTRING (BLANK and MULBLANK, styled empty cells, are left out, as calamine leaves them)."""
_MULRK = 0x00BD
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085


class OleUnreadable(ValueError):
    """The OLE2 container or its workbook stream cannot be followed."""


def _ole_stream(data: bytes, names: tuple[str, ...] = ("Workbook", "Book")) -> bytes:
    """The bytes of the first stream of ``names`` in an OLE2 compound file (MS-CFB)."""
    def u16(at: int) -> int:
        return int.from_bytes(data[at:at + 2], "little")

    def u32(at: int) -> int:
        return int.from_bytes(data[at:at + 4], "little")

    size = 1 << u16(0x1E)
    mini = 1 << u16(0x20)
    if size not in (512, 4096) or mini != 64 or len(data) < size:
        raise OleUnreadable("header")
    sectors = len(data) // size

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise OleUnreadable(f"sector {number} past the end")
        return data[(number + 1) * size:(number + 2) * size]

    fat_sectors = [u32(0x4C + 4 * i) for i in range(109)]
    difat, seen = u32(0x44), 0
    while difat < _FREE and seen <= sectors:
        block = sector(difat)
        fat_sectors += [int.from_bytes(block[i:i + 4], "little") for i in range(0, size - 4, 4)]
        difat = int.from_bytes(block[size - 4:], "little")
        seen += 1
    fat = b"".join(sector(n) for n in fat_sectors if n < _FREE)

    def chain(start: int, table: bytes, limit: int) -> list[int]:
        out: list[int] = []
        while start < _FREE:
            if len(out) > limit or 4 * start + 4 > len(table):
                raise OleUnreadable("chain")
            out.append(start)
            start = int.from_bytes(table[4 * start:4 * start + 4], "little")
        return out

    directory = b"".join(sector(n) for n in chain(u32(0x30), fat, sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise OleUnreadable("directory")
    for wanted in names:
        for entry in entries:
            length = int.from_bytes(entry[0x40:0x42], "little")
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
            if entry[0x42] != 2 or name != wanted:
                continue
            start = int.from_bytes(entry[0x74:0x78], "little")
            stream_size = int.from_bytes(entry[0x78:0x7C], "little")
            if stream_size >= u32(0x38):
                blocks = chain(start, fat, sectors)
                stream = b"".join(sector(n) for n in blocks)
            else:
                root = entries[0]
                container = b"".join(sector(n) for n in chain(
                    int.from_bytes(root[0x74:0x78], "little"), fat, sectors))
                minifat = b"".join(sector(n) for n in chain(u32(0x3C), fat, sectors))
                stream = b"".join(container[n * mini:(n + 1) * mini] for n in chain(
                    start, minifat, len(container) // mini))
            if len(stream) < stream_size:
                raise OleUnreadable("stream shorter than its size")
            return stream[:stream_size]
    raise OleUnreadable("no Workbook stream")


def xls_sheet_records(data: bytes) -> list[list[tuple[int, bytes]]]:
    """The BIFF records (type, body) of each sheet of an .xls, between its BOF and EOF, in
    the order of the workbook's BOUNDSHEET records (the order calamine lists the sheets in);
    an empty list for a sheet whose records are not found."""
    stream = _ole_stream(data)
    offsets: list[int] = []
    sheets: dict[int, list[tuple[int, bytes]]] = {}
    position, current = 0, None
    end = len(stream) - 4
    while position <= end:
        kind = int.from_bytes(stream[position:position + 2], "little")
        length = int.from_bytes(stream[position + 2:position + 4], "little")
        body = stream[position + 4:position + 4 + length]
        if kind == _BOUNDSHEET and len(body) >= 4:
            offsets.append(int.from_bytes(body[:4], "little"))
        elif kind == _BOF:
            current = sheets.setdefault(position, [])
        elif kind == _EOF:
            current = None
        elif current is not None:
            current.append((kind, body))
        position += 4 + length
    return [sheets.get(offset, []) for offset in offsets]


def xls_extents(data: bytes) -> list[Extent]:
    """The extent of each sheet of an .xls (:func:`xls_sheet_records`), from its cell
    records."""
    out = []
    for records in xls_sheet_records(data):
        extent = Extent()
        for kind, body in records:
            if len(body) >= 4 and (kind in _CELL_RECORDS or kind == _MULRK):
                row = int.from_bytes(body[:2], "little") + 1
                column = int.from_bytes(body[2:4], "little") + 1
                if kind == _MULRK and len(body) >= 6:
                    column = int.from_bytes(body[-2:], "little") + 1
                extent.rows = max(extent.rows, row)
                extent.columns = max(extent.columns, column)
        out.append(extent)
    return out


# --------------------------------------------------------------------------- values


def _value(value: Any) -> Any:
    """A calamine value as openpyxl gives it."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        return int(value) if value.is_integer() and -_BIG < value < _BIG else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


class CalamineSheet:
    """One sheet, loaded by calamine the first time its cells are asked for."""

    def __init__(self, book: CalamineWorkbook, name: str, state: str):
        self.book = book
        self.title = name
        self.sheet_state = state
        self._sheet: Any = None
        self._extent: Extent | None = None

    def _load(self) -> Any:
        if self._sheet is None:
            extent = self.extent()
            if (extent.rows > self.book.max_rows or extent.columns > self.book.max_columns
                    or extent.rows * extent.columns > MAX_CELLS):
                raise SheetTooLarge(self.title, extent.rows, extent.columns)
            self._sheet = _guarded(lambda: self.book.calamine.get_sheet_by_name(self.title))
        return self._sheet

    def extent(self) -> Extent:
        if self._extent is None:
            self._extent = self.book.measure(self.title)
        return self._extent

    @property
    def max_row(self) -> int:
        end = self._load().end
        return 0 if end is None else end[0] + 1

    @property
    def max_column(self) -> int:
        end = self._load().end
        return 0 if end is None else end[1] + 1

    def reset_dimensions(self) -> None:
        """Nothing to do: calamine measures the cells, not the declared dimension."""

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """(min_col, min_row, max_col, max_row), 1-based."""
        if self.book.kind == ODS:
            return sorted(self.extent().merges)
        ranges = _guarded(lambda: self._load().merged_cell_ranges) or []
        return sorted((c0 + 1, r0 + 1, c1 + 1, r1 + 1) for (r0, c0), (r1, c1) in ranges)

    def iter_rows(self, min_row: int | None = None, max_row: int | None = None,
                  min_col: int | None = None, max_col: int | None = None,
                  values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        """Rows of values from ``min_row`` to ``max_row`` (1-based), each cut or padded to
        ``max_col`` columns, like openpyxl's read-only ``iter_rows(values_only=True)``."""
        if not values_only:
            raise ValueError("only values are read")
        sheet = self._load()
        first = max(min_row or 1, 1)
        rows = _guarded(lambda: sheet.to_python(skip_empty_area=False, nrows=max_row)
                        if max_row else sheet.to_python(skip_empty_area=False))
        start = max(min_col or 1, 1) - 1
        stop = max_col if max_col else None
        grid = len(rows[0]) if rows else 0
        pad = (None,) * max(0, (stop or 0) - max(start, min(grid, stop or 0)))
        errors: dict[int, list[tuple[int, str]]] = {}
        for (row, column), text in self.extent().errors.items():
            errors.setdefault(row, []).append((column - 1 - start, text))
        for number, cells in enumerate(rows[first - 1:], start=first):
            values = [(v or None) if (kind := type(v)) is str else
                      (int(v) if v.is_integer() and -_BIG < v < _BIG else v) if kind is float
                      else _value(v) for v in cells[start:stop]]
            if errors and number in errors:
                for index, text in errors[number]:
                    if 0 <= index < len(values):
                        values[index] = text
            yield (*values, *pad) if pad else tuple(values)


class CalamineWorkbook:
    """The sheets of one workbook, as openpyxl's ``Workbook.worksheets`` lists them."""

    def __init__(self, data: bytes, kind: str, max_rows: int, max_columns: int):
        self.kind = kind
        self.data = data
        self.max_rows = max_rows
        self.max_columns = max_columns
        self.calamine = _guarded(
            lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)))
        self._ods: dict[str, Extent] | None = None
        self._xls: list[Extent] | None = None
        self._parts: dict[str, str] | None = None
        self.worksheets = [
            CalamineSheet(self, meta.name, _STATES.get(str(meta.visible).rpartition(".")[2],
                                                       "visible"))
            for meta in _guarded(lambda: self.calamine.sheets_metadata)
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet]

    def __getitem__(self, name: str) -> CalamineSheet:
        for sheet in self.worksheets:
            if sheet.title == name:
                return sheet
        raise KeyError(name)

    @property
    def sheetnames(self) -> list[str]:
        return [sheet.title for sheet in self.worksheets]

    def measure(self, name: str) -> Extent:
        if self.kind == XLS:
            if self._xls is None:
                self._xls = xls_extents(self.data)
            names = _guarded(lambda: self.calamine.sheet_names)
            index = names.index(name) if name in names else -1
            return self._xls[index] if 0 <= index < len(self._xls) else Extent()
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            if self.kind == ODS:
                if self._ods is None:
                    self._ods = ods_extents(archive.read("content.xml"))
                return self._ods.get(name, Extent())
            if self._parts is None:
                from docgen.budget.rawscan import sheet_parts

                self._parts = sheet_parts(archive)
            part = self._parts.get(name)
            return (xlsx_extent(archive.read(part), self.max_rows, self.max_columns)
                    if part else Extent())

    def close(self) -> None:
        self.calamine.close()


def open_calamine(data: bytes, kind: str, max_rows: int, max_columns: int,
                  fail: Callable[[BaseException], Exception]) -> CalamineWorkbook:
    """Open ``data`` with calamine; any failure becomes ``fail(exc)``."""
    try:
        return CalamineWorkbook(data, kind, max_rows, max_columns)
    except Exception as exc:  # noqa: BLE001 - any failure is "cannot be read"
        raise fail(exc) from None
