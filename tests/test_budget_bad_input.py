"""Files that are not budgets, or are built to hurt: each gets its own clear message."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from docgen.budget import BudgetUnreadable, read_budget, safety
from docgen.render import render

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
GOOD = FIXTURES / "rab_kantor.xlsx"


def unreadable(source: bytes | Path, name: str = "rab.xlsx") -> BudgetUnreadable:
    with pytest.raises(BudgetUnreadable) as info:
        read_budget(source, name=name)
    problem = info.value.problem
    assert problem.severity == "error" and problem.path == name
    for lang in ("id", "en"):
        assert "{" not in problem.message(lang)
    return info.value


def replace_part(data: bytes, part: str, write: Callable[[zipfile.ZipFile], None]) -> bytes:
    """``data`` with ``part`` rewritten by ``write`` (everything else copied)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
        write(target)
    return out.getvalue()


def simple_book() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    ws.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    ws.append(["Uang harian", 12, "OH", 410000, 4920000])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_word_document():
    from docgen.example import example_study

    error = unreadable(render(example_study(), "rab"), "rab.docx")
    assert error.problem.code == "budget_not_xlsx_docx"
    assert "Word" in error.problem.message("en")


def test_a_csv_renamed_to_xlsx():
    error = unreadable(b"No;Uraian;Volume;Harga;Jumlah\r\n1;Uang harian;12;410000;4920000\r\n")
    assert error.problem.code == "budget_not_xlsx_csv"
    assert "CSV" in error.problem.message("id")


def test_random_bytes():
    noise = b"\x07" + random.Random(7).randbytes(4000)
    error = unreadable(noise)
    assert error.problem.code == "budget_not_xlsx_unknown"
    assert error.problem.message("en").endswith(f"(first bytes: {noise[:8].hex(' ')})")


def test_an_empty_file():
    assert unreadable(b"").problem.code == "budget_file_empty"


@pytest.mark.parametrize(("content", "code"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "budget_not_xlsx_pdf"),
    (b"<html><body><table><tr><td>Uraian</td></tr></table></body></html>",
     "budget_not_xlsx_html"),
    (b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
     "budget_not_xlsx_xml"),
])
def test_other_formats_named(content, code):
    assert unreadable(content).problem.code == code


def test_an_old_binary_xls_saved_by_libreoffice_is_read():
    parsed = read_budget(FIXTURES / "rab_lama.xls", name="rab_lama.xls")
    assert parsed.usable and len(parsed.lines) == 6


def test_an_ole_file_with_macros_only():
    data = safety.OLE_MAGIC + b"\x00" * 504 + "_VBA_PROJECT".encode("utf-16-le")
    assert unreadable(data, "makro.xls").problem.code == "budget_macros_only"


def test_a_password_protected_workbook():
    data = (FIXTURES / "rab_sandi.xlsx").read_bytes()
    assert data[:8] == safety.OLE_MAGIC
    error = unreadable(data)
    assert error.problem.code == "budget_encrypted"
    assert "kata sandi" in error.problem.message("id")
    assert "password" in error.problem.message("en")


def test_a_truncated_download():
    data = GOOD.read_bytes()
    error = unreadable(data[: len(data) // 2])
    assert error.problem.code == "budget_zip_corrupt"


def test_a_damaged_part_inside_the_zip():
    data = bytearray(simple_book())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 40, start + info.compress_size - 8):
        data[offset] ^= 0x5A
    assert unreadable(bytes(data)).problem.code in ("budget_zip_corrupt", "budget_xml_entities",
                                                    "budget_workbook_unreadable")


def test_other_zip_files():
    def zipped(names: dict[str, bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, content in names.items():
                archive.writestr(name, content)
        return out.getvalue()

    ods = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                  "content.xml": b"<office:document-content/>"})
    assert unreadable(ods).problem.code in ("budget_no_worksheet", "budget_workbook_unreadable")
    odt = zipped({"mimetype": b"application/vnd.oasis.opendocument.text",
                  "content.xml": b"<office:document-content/>"})
    assert unreadable(odt).problem.code == "budget_not_xlsx_zip"
    assert unreadable(zipped({"foto.jpg": b"\xff\xd8\xff"})).problem.code == "budget_not_xlsx_zip"
    xlsb = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00"})
    assert unreadable(xlsb).problem.code == "budget_not_xlsx_xlsb"


def test_a_zip_bomb_by_total_size():
    def bomb(target: zipfile.ZipFile) -> None:
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            block = b" " * (1 << 20)
            for _ in range(110):
                handle.write(block)

    started = time.perf_counter()
    error = unreadable(replace_part(simple_book(), "xl/worksheets/sheet1.xml", bomb))
    assert error.problem.code == "budget_zip_too_big"
    assert "100,0 MB" in error.problem.message("id")
    assert time.perf_counter() - started < 10


def test_a_zip_bomb_by_ratio():
    def bomb(target: zipfile.ZipFile) -> None:
        target.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (20 << 20))

    error = unreadable(replace_part(simple_book(), "xl/worksheets/sheet1.xml", bomb))
    assert error.problem.code == "budget_zip_ratio"
    assert "xl/worksheets/sheet1.xml" in error.problem.message("en")


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                  * 10) for i in range(1, 10))
          + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')


def test_billion_laughs_in_the_shared_strings():
    data = replace_part(GOOD.read_bytes(), "xl/sharedStrings.xml",
                        lambda target: target.writestr("xl/sharedStrings.xml", LAUGHS))
    error = unreadable(data)
    assert error.problem.code == "budget_xml_entities"
    assert "xl/sharedStrings.xml" in error.problem.message("id")


def test_billion_laughs_stopped_by_defusedxml_too(monkeypatch):
    monkeypatch.setattr(safety, "_check_prolog", lambda *args: None)
    sheet = LAUGHS.replace(b"<sst", b"<!-- --><worksheet").split(b"<worksheet")[0] + (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>")
    data = replace_part(simple_book(), "xl/worksheets/sheet1.xml",
                        lambda target: target.writestr("xl/worksheets/sheet1.xml", sheet))
    assert b"<!DOCTYPE" in sheet
    assert unreadable(data).problem.code == "budget_xml_entities"


def _sheet_of(rows: int, dimension: bool) -> Callable[[zipfile.ZipFile], None]:
    def write(target: zipfile.ZipFile) -> None:
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            handle.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                         b'schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                handle.write(b'<dimension ref="A1:E%d"/>' % rows)
            handle.write(b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Uraian</t></is>'
                         b'</c><c r="B1" t="inlineStr"><is><t>Volume</t></is></c>'
                         b'<c r="C1" t="inlineStr"><is><t>Harga Satuan</t></is></c>'
                         b'<c r="D1" t="inlineStr"><is><t>Jumlah</t></is></c></row>')
            chunk = []
            for number in range(2, rows + 1):
                chunk.append(b'<row r="%d"><c r="B%d"><v>1</v></c></row>' % (number, number))
                if len(chunk) == 10000:
                    handle.write(b"".join(chunk))
                    chunk = []
            handle.write(b"".join(chunk) + b"</sheetData></worksheet>")
    return write


def test_a_sheet_of_a_million_rows_is_refused_from_its_dimension():
    data = replace_part(simple_book(), "xl/worksheets/sheet1.xml", _sheet_of(1_000_000, True))
    error = unreadable(data)
    assert error.problem.code == "budget_too_many_rows"
    assert "1000000" in error.problem.message("en") and "50000" in error.problem.message("en")


def test_a_long_sheet_without_dimension_stops_at_the_row_limit():
    data = replace_part(simple_book(), "xl/worksheets/sheet1.xml",
                        _sheet_of(safety.MAX_ROWS + 10, False))
    error = unreadable(data)
    assert error.problem.code == "budget_too_many_rows"


def test_too_many_columns_used():
    def wide(last: bytes) -> Callable[[zipfile.ZipFile], None]:
        def write(target: zipfile.ZipFile) -> None:
            target.writestr("xl/worksheets/sheet1.xml",
                            b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                            b'.org/spreadsheetml/2006/main"><dimension ref="A1:XFD20"/>'
                            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Uraian</t>'
                            b'</is></c><c r="B1" t="inlineStr"><is><t>Volume</t></is></c>'
                            b'<c r="C1" t="inlineStr"><is><t>Jumlah</t></is></c>' + last +
                            b"</row></sheetData></worksheet>")
        return write

    error = unreadable(replace_part(simple_book(), "xl/worksheets/sheet1.xml",
                                    wide(b'<c r="XFD1"><v>1</v></c>')))
    assert error.problem.code == "budget_too_many_columns"
    # A declared dimension alone (LibreOffice writes A1:XFD…) is not the sheet's size.
    parsed = read_budget(replace_part(simple_book(), "xl/worksheets/sheet1.xml",
                                      wide(b'<c r="XFD1" s="1"/>')))
    assert not any(p.code == "budget_too_many_columns" for p in parsed.problems)


def test_a_file_over_the_size_limit(tmp_path):
    big = tmp_path / "besar.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\x00" * (safety.MAX_FILE_BYTES + 1))
    assert unreadable(big, "besar.xlsx").problem.code == "budget_file_too_large"
    assert unreadable(big.read_bytes()).problem.code == "budget_file_too_large"


def test_a_missing_file(tmp_path):
    assert unreadable(tmp_path / "tidak-ada.xlsx", "tidak-ada.xlsx").problem.code == (
        "budget_file_missing")


# --------------------------------------------------------------------------- readable, unusable


def test_an_empty_workbook():
    out = io.BytesIO()
    Workbook().save(out)
    parsed = read_budget(out.getvalue())
    assert [(p.code, p.severity) for p in parsed.problems] == [("budget_empty_workbook", "error")]
    assert not parsed.usable


def test_no_header_says_which_labels_were_looked_for():
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar"
    ws.append(["Nama", "Alamat", "Telepon"])
    ws.append(["Budi", "Jl. Magelang", "0274"])
    out = io.BytesIO()
    wb.save(out)
    parsed = read_budget(out.getvalue())
    assert [p.code for p in parsed.problems] == ["budget_no_header"]
    message = parsed.problems[0].message("id")
    assert "30 baris pertama" in message and "Daftar" in message
    for label in ("uraian", "volume", "satuan", "harga satuan", "jumlah"):
        assert label in message


def test_a_budget_only_on_a_hidden_sheet_is_read_and_said():
    wb = Workbook()
    wb.active.title = "Sampul"
    wb.active["A1"] = "RAB studi banding"
    ws = wb.create_sheet("RAB")
    ws.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    ws.append(["Uang harian Jawa Timur", 12, "OH", 410000, 4920000])
    ws.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    parsed = read_budget(out.getvalue())
    assert [(p.path, p.code) for p in parsed.problems] == [("RAB", "budget_hidden_sheet_used")]
    assert parsed.total == 4920000


def test_header_without_lines():
    wb = Workbook()
    wb.active.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    out = io.BytesIO()
    wb.save(out)
    parsed = read_budget(out.getvalue())
    assert [p.code for p in parsed.problems] == ["budget_no_lines"]
