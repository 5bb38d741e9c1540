"""Budget workbooks docgen writes: the blank RAB to fill in, and the RAB of a study.

Both have a title block, one header row the reader recognises, Rupiah formats, a live
``volume × harga`` formula on every line and a live total, a frozen header and an A4 print
set-up. The study's RAB also carries sections, subtotals, the terbilang and the signature
blocks, and the results of its formulas are saved with it so that a viewer that does not
recalculate (Excel's Protected View, a phone, docgen itself) shows the same figures.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen import idformat
from docgen.context import budget_summary, signature
from docgen.study import COMPONENTS, Study

HEADERS = ("No", "Komponen", "Uraian", "Volume", "Satuan", "Harga Satuan (Rp)", "Jumlah (Rp)",
           "Kode Rekening", "Keterangan")
WIDTHS = (6, 24, 48, 10, 10, 18, 20, 22, 34)
RUPIAH = '"Rp"#,##0'
VOLUME = "#,##0.##;-#,##0.##;0"
TEMPLATE_ROWS = 100
HEADER_ROW = 8

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_GREY = PatternFill("solid", fgColor="D9D9D9")
_LIGHT = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(name="Arial", bold=True, size=10)
_PLAIN = Font(name="Arial", size=10)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="top")


def _title(ws: Worksheet, row: int, text: str, size: int = 12) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(name="Arial", bold=True, size=size)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))


def _header(ws: Worksheet, row: int) -> None:
    for column, (label, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=row, column=column, value=label)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _GREY, _BOX, _CENTER
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _line_style(ws: Worksheet, row: int, bold: bool = False) -> None:
    for column in range(1, len(HEADERS) + 1):
        cell = ws.cell(row=row, column=column)
        cell.border = _BOX
        cell.font = _BOLD if bold else _PLAIN
        cell.alignment = _WRAP
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="top")
    ws.cell(row=row, column=4).number_format = VOLUME
    for column in (6, 7):
        ws.cell(row=row, column=column).number_format = RUPIAH
        ws.cell(row=row, column=column).alignment = _RIGHT


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.oddFooter.center.text = "Halaman &P dari &N"


def _validations(ws: Worksheet, first: int, last: int) -> None:
    labels = ",".join(label for label, _en in COMPONENTS.values())
    component = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True,
                               showErrorMessage=True, errorTitle="Komponen",
                               error="Pilih komponen dari daftar.",
                               promptTitle="Komponen", prompt="Pilih dari daftar.")
    component.add(f"B{first}:B{last}")
    volume = DataValidation(type="decimal", operator="greaterThan", formula1="0",
                            allow_blank=True, showErrorMessage=True, errorTitle="Volume",
                            error="Volume harus angka lebih dari 0, misalnya 12.",
                            promptTitle="Volume", prompt="Angka, misalnya 12 (4 orang x 3 hari).")
    volume.add(f"D{first}:D{last}")
    price = DataValidation(type="decimal", operator="greaterThan", formula1="0",
                           allow_blank=True, showErrorMessage=True, errorTitle="Harga Satuan",
                           error="Harga satuan harus angka lebih dari 0, tanpa \"Rp\".",
                           promptTitle="Harga Satuan", prompt="Angka rupiah, misalnya 410000.")
    price.add(f"F{first}:F{last}")
    for rule in (component, volume, price):
        ws.add_data_validation(rule)


def template_workbook(year: int | None = None, rows: int = TEMPLATE_ROWS, *,
                      activity: str = "", province: str = "",
                      lines: Sequence[Sequence[object]] = ()) -> bytes:
    """The RAB workbook an office fills in (``docgen budget template``): blank, or with the
    activity, the destination province and `lines` (Komponen, Uraian, Volume, Satuan and
    optionally Kode Rekening) already written, for the office to add the prices."""
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    _title(ws, 1, "RINCIAN ANGGARAN BIAYA (RAB)", 14)
    _title(ws, 2, "STUDI BANDING")
    info = (("Kegiatan", activity), ("Tahun Anggaran", year or ""), ("Provinsi tujuan", province),
            ("Kurs USD (bila ada biaya dalam USD)", ""))
    for offset, (label, value) in enumerate(info, start=3):
        ws.cell(row=offset, column=2, value=label).font = _BOLD
        ws.cell(row=offset, column=3, value=value or None).font = _PLAIN
    ws.cell(row=6, column=3).number_format = RUPIAH
    _header(ws, HEADER_ROW)
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    for row in range(first, last + 1):
        _line_style(ws, row)
        ws.cell(row=row, column=7, value=f'=IF(OR(D{row}="",F{row}=""),"",D{row}*F{row})')
    for row, line in enumerate(lines[:rows], start=first):
        ws.cell(row=row, column=1, value=row - first + 1)
        for column, value in zip((2, 3, 4, 5, 8), line, strict=False):
            ws.cell(row=row, column=column, value=value if value != "" else None)
    total = last + 1
    ws.cell(row=total, column=1, value="JUMLAH")
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=6)
    ws.cell(row=total, column=7, value=f"=SUM(G{first}:G{last})")
    _line_style(ws, total, bold=True)
    ws.cell(row=total, column=1).alignment = Alignment(horizontal="right")
    for column in range(1, len(HEADERS) + 1):
        ws.cell(row=total, column=column).fill = _LIGHT
    _validations(ws, first, last)
    _print_setup(ws, HEADER_ROW)
    _guide(wb.create_sheet("Petunjuk"))
    return with_cached_values(_save(wb), "xl/worksheets/sheet1.xml", {f"G{total}": Decimal(0)})


def _guide(ws: Worksheet) -> None:
    lines = (
        "Petunjuk pengisian RAB",
        "1. Satu baris untuk satu rincian biaya. Pilih Komponen dari daftar.",
        "2. Volume: angka (misalnya 12 untuk 4 orang x 3 hari); Satuan: OH, orang, PP, kali.",
        "3. Harga Satuan: angka rupiah tanpa \"Rp\" dan tanpa titik, misalnya 410000.",
        "4. Kolom Jumlah dan baris JUMLAH terisi sendiri (volume x harga satuan).",
        "5. Biaya dalam USD: tulis harga sebagai \"USD 583\" dan isi Kurs USD di atas.",
        "6. Uang representasi hanya untuk eselon II ke atas: tulis nama atau eselonnya.",
        "7. Penginapan: sebut eselon/golongan pada Uraian agar batas standar biaya diperiksa.",
        "Komponen: " + ", ".join(label for label, _en in COMPONENTS.values()),
    )
    for row, text in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=text).font = _BOLD if row == 1 else _PLAIN
    ws.column_dimensions["A"].width = 110


# --------------------------------------------------------------------------- the study's RAB


def _info_block(ws: Worksheet, study: Study, start: int) -> int:
    funding = study.plan.funding
    office = study.office
    when = (idformat.rentang_tanggal(study.plan.start_date, study.plan.end_date)
            if study.plan.start_date else "-")
    rows = (
        ("Perangkat Daerah", f"{office.name_title} {office.pemda_title}".strip() or "-"),
        ("Program", funding.program or "-"),
        ("Kegiatan", funding.kegiatan or "-"),
        ("Sub Kegiatan", funding.sub_kegiatan or "-"),
        ("Kode Rekening", " ".join(p for p in (funding.account_code, f"({funding.account_name})"
                                               if funding.account_name else "") if p) or "-"),
        ("Sumber Dana", funding.source or "-"),
        ("Waktu Pelaksanaan", when),
        ("Tujuan", ", ".join(d.institution for d in study.destination.destinations) or "-"),
    )
    for offset, (label, value) in enumerate(rows):
        ws.cell(row=start + offset, column=2, value=label).font = _PLAIN
        cell = ws.cell(row=start + offset, column=3, value=f": {value}")
        cell.font = _PLAIN
    return start + len(rows)


def _signatures(ws: Worksheet, study: Study, row: int) -> None:
    office = study.office
    left = signature(office.head)
    right = signature(office.ppk)
    date_line = f"{office.city or '...............'}, .................... {study.fiscal_year}"
    blocks = ((2, 4, "Mengetahui,", left), (6, 9, date_line, right))
    for first, last, opening, block in blocks:
        lines = (opening, f"{block.jabatan},", "", "", "", block.name, block.pangkat, block.nip)
        for offset, text in enumerate(lines):
            cell = ws.cell(row=row + offset, column=first, value=text or None)
            cell.font = _BOLD if offset == 5 else _PLAIN
            cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
            ws.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset,
                           end_column=last)
    ws.row_dimensions[row + 1].height = 40


def export_workbook(study: Study) -> bytes:
    """The study's budget as a tidy RAB workbook with live formulas, totals and terbilang."""
    summary = budget_summary(study.plan.budget)
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    _title(ws, 1, "RINCIAN ANGGARAN BIAYA", 14)
    _title(ws, 2, (study.goals.title or "STUDI BANDING").upper())
    _title(ws, 3, f"TAHUN ANGGARAN {study.fiscal_year}")
    header_row = _info_block(ws, study, 5) + 1
    _header(ws, header_row)
    values: dict[str, Decimal] = {}
    row = header_row + 1
    subtotal_cells = []
    for group in summary.groups:
        ws.cell(row=row, column=1, value=group.letter)
        ws.cell(row=row, column=3, value=group.label)
        _line_style(ws, row, bold=True)
        row += 1
        first = row
        for number, line in enumerate(group.lines, start=1):
            cells = (number, COMPONENTS[line.component][0], line.description, line.volume,
                     line.unit, line.unit_price, f"=D{row}*F{row}", line.account_code,
                     line.note)
            for column, value in enumerate(cells, start=1):
                ws.cell(row=row, column=column,
                        value=float(value) if isinstance(value, Decimal) else value)
            values[f"G{row}"] = line.total
            _line_style(ws, row)
            row += 1
        ws.cell(row=row, column=1, value=f"Subjumlah {group.letter}")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.cell(row=row, column=7, value=f"=SUM(G{first}:G{row - 1})")
        values[f"G{row}"] = group.subtotal
        subtotal_cells.append(f"G{row}")
        _line_style(ws, row, bold=True)
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="right")
        row += 1
    ws.cell(row=row, column=1, value="JUMLAH")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    ws.cell(row=row, column=7, value="=" + "+".join(subtotal_cells) if subtotal_cells else 0)
    values[f"G{row}"] = summary.total
    _line_style(ws, row, bold=True)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="right")
    for column in range(1, len(HEADERS) + 1):
        ws.cell(row=row, column=column).fill = _LIGHT
    total_row = row
    row += 2
    ws.cell(row=row, column=2, value="Terbilang:").font = _BOLD
    words = idformat.kapital(idformat.terbilang_rupiah(summary.total))
    ws.cell(row=row, column=3, value=words).font = Font(name="Arial", italic=True, size=10)
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=len(HEADERS))
    _signatures(ws, study, row + 2)
    wb.defined_names["JumlahRAB"] = DefinedName("JumlahRAB", attr_text=f"RAB!$G${total_row}")
    _print_setup(ws, header_row)
    ws.print_area = f"A1:{get_column_letter(len(HEADERS))}{row + 10}"
    return with_cached_values(_save(wb), "xl/worksheets/sheet1.xml", values)


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.properties.creator = "docgen"
    wb.save(out)
    return out.getvalue()


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>')


def with_cached_values(data: bytes, part: str, values: Mapping[str, Decimal]) -> bytes:
    """The workbook with the given results saved in its formula cells (openpyxl writes
    formulas with empty results); the formulas stay live."""
    def fill(match: re.Match[bytes]) -> bytes:
        value = values.get(match.group(1).decode())
        if value is None:
            return match.group(0)
        number = format(value.normalize(), "f").encode()
        return (b'<c r="' + match.group(1) + b'"' + match.group(2) + b"><f>" + match.group(3)
                + b"</f><v>" + number + b"</v></c>")

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = _FORMULA_CELL.sub(fill, content)
            target.writestr(info, content)
    return out.getvalue()
