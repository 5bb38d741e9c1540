"""The same RAB as .xlsx, .xls (Excel 97-2003) and .ods: the same lines and total, the same
Python values openpyxl gives, merged ranges from each format, and the gate refusing hostile
.ods and damaged .xls files by name."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from docgen.budget import BudgetUnreadable, read_budget, safety
from docgen.budget.formats import ods_extents, xls_extents, xlsx_extent
from docgen.budget.safety import merged_ranges, open_workbook

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
SAME_RAB = ("rab_kantor.xlsx", "rab_lama.xls", "rab_kantor.ods")
ODS = FIXTURES / "rab_kantor.ods"


def _lines(name: str) -> list[tuple]:
    parsed = read_budget(FIXTURES / name, name=name)
    assert parsed.usable, [p.line("en") for p in parsed.problems]
    return [(line.row, line.component, line.description, line.volume, line.unit,
             line.unit_price, line.declared, line.account_code) for line in parsed.lines]


def test_the_same_rab_in_three_formats_gives_the_same_lines_and_total():
    xlsx, xls, ods = (_lines(name) for name in SAME_RAB)
    assert len(xlsx) == 6
    assert xls == xlsx
    assert ods == xlsx
    totals = {name: read_budget(FIXTURES / name).total for name in SAME_RAB}
    assert set(totals.values()) == {24_422_000}


def test_the_format_is_told_by_the_bytes_not_the_name(tmp_path):
    for name, kind in zip(SAME_RAB, ("xlsx", "xls", "ods"), strict=True):
        data = (FIXTURES / name).read_bytes()
        assert safety.workbook_format(data, "anggaran.xlsx") == kind
        renamed = tmp_path / "anggaran.xlsx"
        renamed.write_bytes(data)
        assert len(read_budget(renamed).lines) == 6


def _openpyxl_rows(data: bytes, sheet: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]
    workbook.close()
    return rows


def _trimmed(rows: list[tuple]) -> list[tuple]:
    out = [tuple(row) for row in rows]
    width = max((i + 1 for row in out for i, v in enumerate(row) if v is not None), default=0)
    out = [row[:width] + (None,) * (width - len(row[:width])) for row in out]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out


def test_values_have_the_types_openpyxl_gives():
    data = (FIXTURES / "rab_kantor.xlsx").read_bytes()
    with open_workbook(data, "rab_kantor.xlsx") as book:
        for sheet in book.workbook.worksheets:
            ours = _trimmed(list(sheet.iter_rows(values_only=True)))
            theirs = _trimmed(_openpyxl_rows(data, sheet.title))
            assert ours == theirs
            assert [[type(v) for v in row] for row in ours] == [
                [type(v) for v in row] for row in theirs]


def _libreoffice_like_book() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "RAB"
    sheet.append(["teks", 5, 5.5, datetime(2026, 3, 4), datetime(2026, 3, 4, 10, 30), True,
                  time(10, 30), 1_250_000, 0.1, "=1/0"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_dates_numbers_and_errors_as_openpyxl_gives_them():
    data = _libreoffice_like_book()
    # openpyxl writes no cached value for the formula: put one there, as Excel would.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<c r="J1"><f>1/0</f><v></v></c>',
                                          b'<c r="J1" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
                assert b"#DIV/0!" in content
            target.writestr(info, content)
    data = out.getvalue()
    with open_workbook(data, "t.xlsx") as book:
        (row,) = book.workbook.worksheets[0].iter_rows(values_only=True)
    expected = ("teks", 5, 5.5, datetime(2026, 3, 4), datetime(2026, 3, 4, 10, 30), True,
                time(10, 30), 1_250_000, 0.1, "#DIV/0!")
    assert row == expected
    assert [type(v) for v in row] == [type(v) for v in expected]
    assert row == _openpyxl_rows(data, "RAB")[0]


def test_iter_rows_bounds_like_openpyxl():
    data = (FIXTURES / "rab_kantor.ods").read_bytes()
    with open_workbook(data, "rab_kantor.ods") as book:
        sheet = book.workbook["RAB"]
        rows = list(sheet.iter_rows(min_row=10, max_row=12, max_col=9, values_only=True))
        assert len(rows) == 3 and all(len(row) == 9 for row in rows)
        assert sheet.max_row >= 27 and 7 <= sheet.max_column <= 9
        sheet.reset_dimensions()
        assert [s.title for s in book.workbook.worksheets] == ["Petunjuk", "RAB"]
        assert book.format == "ods" and book.name == "rab_kantor.ods" and book.data == data


# --------------------------------------------------------------------------- merged cells


MERGES_OF_THE_RAB = [(1, 1, 7, 1), (1, 2, 7, 2), (1, 3, 7, 3), (1, 4, 7, 4), (1, 12, 5, 12),
                     (1, 16, 5, 16), (1, 19, 5, 19), (1, 22, 5, 22), (1, 25, 5, 25),
                     (1, 26, 5, 26), (1, 27, 7, 27)]


@pytest.mark.parametrize("name", SAME_RAB)
def test_merged_ranges_of_each_format(name):
    data = (FIXTURES / name).read_bytes()
    with open_workbook(data, name) as book:
        assert merged_ranges(book, "RAB") == MERGES_OF_THE_RAB
        assert merged_ranges(book, book.workbook.worksheets[0]) == []


def test_merged_ranges_from_openpyxl_agree():
    workbook = load_workbook(FIXTURES / "rab_kantor.xlsx")
    expected = sorted(r.bounds for r in workbook["RAB"].merged_cells.ranges)
    assert expected == MERGES_OF_THE_RAB


# --------------------------------------------------------------------------- hostile files


def unreadable(data: bytes, name: str) -> BudgetUnreadable:
    with pytest.raises(BudgetUnreadable) as info:
        read_budget(data, name=name)
    problem = info.value.problem
    assert problem.path == name and problem.line("id").startswith(f"{name}: ")
    for lang in ("id", "en"):
        assert "{" not in problem.message(lang)
    return info.value


def _ods_with(part: str, content: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(ODS) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
        target.writestr(part, content, compress_type=compress)
    return out.getvalue()


def _content(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            b'<office:spreadsheet><table:table table:name="RAB">' + rows +
            b"</table:table></office:spreadsheet></office:body></office:document-content>")


def test_an_ods_zip_bomb_is_refused():
    bomb = _content(b"<!--" + b" " * (5 * 1024 * 1024) + b"-->")
    error = unreadable(_ods_with("content.xml", bomb), "bom.ods")
    assert error.problem.code == "budget_zip_ratio"
    assert "content.xml" in error.problem.message("en")


def test_an_ods_with_xml_entities_is_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b"<office:document-content>&lol2;</office:document-content>")
    for part in ("content.xml", "styles.xml", "META-INF/manifest.xml"):
        error = unreadable(_ods_with(part, laughs), "entitas.ods")
        assert error.problem.code == "budget_xml_entities"
        assert part in error.problem.message("id")


def test_an_ods_whose_repeated_cells_would_fill_the_memory_is_refused():
    cell = (b'<table:table-cell office:value-type="float" office:value="1" '
            b'table:number-columns-repeated="%d"/>')
    rows = (b'<table:table-row table:number-rows-repeated="%d">' + cell + b"</table:table-row>")
    tall = _ods_with("content.xml", _content(rows % (1_000_000, 4)))
    assert unreadable(tall, "panjang.ods").problem.code == "budget_too_many_rows"
    wide = _ods_with("content.xml", _content(rows % (10, 16_000)))
    assert unreadable(wide, "lebar.ods").problem.code == "budget_too_many_columns"
    both = _ods_with("content.xml", _content(rows % (40_000, 200)))
    assert unreadable(both, "luas.ods").problem.code == "budget_too_many_cells"


def test_empty_repeated_cells_as_libreoffice_writes_them_are_not_counted():
    rows = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>Uraian'
            b'</text:p></table:table-cell><table:table-cell table:number-columns-repeated='
            b'"16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575">'
            b'<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
    extent = ods_extents(_content(rows))["RAB"]
    assert (extent.rows, extent.columns) == (1, 1)


def test_an_encrypted_ods_is_refused():
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                b'manifest:full-path="content.xml"><manifest:encryption-data/>'
                b"</manifest:file-entry></manifest:manifest>")
    error = unreadable(_ods_with("META-INF/manifest.xml", manifest), "sandi.ods")
    assert error.problem.code == "budget_encrypted"


def test_an_ods_that_is_not_a_spreadsheet():
    data = _ods_with("mimetype", b"application/vnd.oasis.opendocument.text",
                     compress=zipfile.ZIP_STORED)
    assert unreadable(data, "surat.odt").problem.code == "budget_not_xlsx_zip"


@pytest.mark.parametrize("keep", [600, 5120, 9000, 10140])
def test_a_truncated_xls_is_refused_naming_the_file(keep):
    data = (FIXTURES / "rab_lama.xls").read_bytes()
    assert keep < len(data)
    error = unreadable(data[:keep], "rab_lama.xls")
    assert error.problem.code in ("budget_ole_truncated", "budget_xls_corrupt")
    assert "terpotong" in error.problem.message("id")
    assert "truncated" in error.problem.message("en")


def test_an_xls_over_the_size_limit(tmp_path):
    big = tmp_path / "besar.xls"
    big.write_bytes(safety.OLE_MAGIC + b"\0" * safety.MAX_FILE_BYTES)
    with pytest.raises(BudgetUnreadable) as info:
        read_budget(big)
    assert info.value.problem.code == "budget_file_too_large"
    assert info.value.problem.path == "besar.xls"


def test_an_xlsx_sheet_with_two_cells_far_apart_is_measured_before_it_is_loaded():
    xml = (b'<worksheet><dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
           b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    extent = xlsx_extent(xml)
    assert (extent.rows, extent.columns) == (1_048_576, 16_384)
    styled = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" s="2"/></row>'
              b'<row r="1048576" s="3"><c r="AMJ1048576" s="3"/></row></sheetData></worksheet>')
    extent = xlsx_extent(styled)
    assert (extent.rows, extent.columns) == (1, 1)


@pytest.mark.parametrize(("xml", "rows", "columns"), [
    (b"<sheetData><row r='900000'><c r='A900000'><v>1</v></c></row></sheetData>", 900_000, 1),
    (b"<sheetData><row><c><v>1</v></c></row><row/><row><c/><c t='n'><v>2</v></c></row>"
     b"</sheetData>", 3, 2),
    (b'<x:sheetData><x:row r="3"><x:c r="C3"><x:v>1</x:v></x:c></x:row></x:sheetData>', 3, 3),
    (b'<sheetData><row\nr="2"><c\nr="AB2"><v>1</v></c></row></sheetData>', 2, 28),
])
def test_references_written_otherwise_are_placed_as_calamine_places_them(xml, rows, columns):
    extent = xlsx_extent(xml)
    assert (extent.rows, extent.columns) == (rows, columns)


def _xls_with_cell_at(row: int, column: int) -> bytes:
    """rab_lama.xls with its first RK cell moved to (row, column), 0-based as BIFF writes."""
    data = bytearray((FIXTURES / "rab_lama.xls").read_bytes())
    at = bytes(data).find(bytes.fromhex("7e020a000a000000"))
    assert at > 0
    data[at + 4:at + 6] = row.to_bytes(2, "little")
    data[at + 6:at + 8] = column.to_bytes(2, "little")
    return bytes(data)


@pytest.mark.parametrize(("row", "column", "code"), [
    (65_000, 3, "budget_too_many_rows"), (40, 20_000, "budget_too_many_columns"),
    (30_000, 200, "budget_too_many_cells")])
def test_an_xls_sheet_is_measured_from_its_cell_records_before_it_is_loaded(row, column, code):
    data = _xls_with_cell_at(row, column)
    extents = xls_extents(data)
    assert (extents[1].rows, extents[1].columns) == (max(row + 1, 35), max(column + 1, 7))
    error = unreadable(data, "rab_lama.xls")
    assert error.problem.code == code and '"RAB"' in error.problem.message("en")


def test_xls_extents_agree_with_calamine():
    import python_calamine

    for path in (FIXTURES / "rab_lama.xls",
                 Path(__file__).parent / "fixtures" / "caps" / "uang_harian_perpres.xls"):
        data = path.read_bytes()
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        ends = [book.get_sheet_by_name(name).end for name in book.sheet_names]
        assert [(e.rows, e.columns) for e in xls_extents(data)] == [
            (r + 1, c + 1) for r, c in ends]
    assert len(_xls_with_cell_at(10, 1)) and read_budget(_xls_with_cell_at(10, 1)).total == (
        24_422_000)


def test_a_small_xls_whose_workbook_stream_sits_in_the_mini_stream():
    data = (FIXTURES / "satu_sel.xls").read_bytes()
    assert [(e.rows, e.columns) for e in xls_extents(data)] == [(1, 1)]
    with open_workbook(data, "satu_sel.xls") as book:
        assert list(book.workbook.worksheets[0].iter_rows(values_only=True)) == [(1,)]
