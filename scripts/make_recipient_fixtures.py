"""Make the recipient sheets the batch tests read (tests/fixtures/recipients/).

    python scripts/make_recipient_fixtures.py

Laid out as Indonesian offices keep their lists of addressees, with openpyxl, then opened and
saved by LibreOffice headless (``soffice --convert-to``), so the merged cells, hidden rows,
filters and hidden sheets are written as LibreOffice writes them (.xlsx, .ods and the old
binary .xls). The CSV files are written as Excel on an Indonesian Windows saves them
(``;`` and cp1252) and as "CSV UTF-8" (a byte order mark). Names and numbers are invented.

- ``desa_sleman.xlsx``: village heads without a Jabatan column (No | Nama Desa | Kecamatan |
  Nama Kepala Desa | No. HP), two title rows, a header on two rows under a merged
  "Wilayah", a "(1) (2) (3)" row, phones as numbers, a village in capitals and one with
  spaces round it, a kelurahan, a blank row and a hidden row in the middle, a JUMLAH row,
  then "Mengetahui," and a signature block under the table.
- ``opd.xls``: perangkat daerah (NO | KEPADA YTH. | ALAMAT) with the institution inside the
  jabatan, line breaks in cells, "Yth." and "di Sleman" typed in the cell, a jabatan in
  capitals, the same office twice, a signature block.
- ``kecamatan.ods``: one sheet per kecamatan with the same header (No | Jabatan | Instansi |
  Alamat | Surel), e-mails as "mailto:" links, a filtered sheet, a row without jabatan and a
  number as jabatan; a "Rekap" sheet counting villages per kecamatan; a hidden old sheet.
- ``desa_excel_id.csv`` and ``opd_bom.csv``: the CSV files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "recipients"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
SIGNATURE = ["Kepala Bappeda Kabupaten Sleman,", None, None, "Ir. Wahyu Prasetyo, M.T.",
             "NIP. 19700512 199603 1 004"]


def _title(ws: Worksheet, row: int, text: str, width: int) -> None:
    ws.cell(row=row, column=1, value=text).font = BOLD
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def villages() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kepala Desa"
    _title(ws, 1, "DAFTAR KEPALA DESA/LURAH PENERIMA UNDANGAN", 5)
    _title(ws, 2, "DISEMINASI HASIL STUDI BANDING TAHUN 2025", 5)
    ws["A4"], ws["B4"], ws["D4"], ws["E4"] = "No", "Wilayah", "Nama Kepala Desa", "No. HP"
    ws["B5"], ws["C5"] = "Nama Desa", "Kecamatan"
    for ref in ("A4:A5", "B4:C4", "D4:D5", "E4:E5"):
        ws.merge_cells(ref)
    for cell in ws[4] + ws[5]:
        cell.font = BOLD
    for column, text in enumerate(["(1)", "(2)", "(3)", "(4)", "(5)"], start=1):
        ws.cell(row=6, column=column, value=text)
    rows = [
        (7, [1, "Sardonoharjo", "Ngaglik", "Budi Santoso", 81234567801]),
        (8, [2, "SINDUHARJO", "NGAGLIK", "HARYANTO, S.IP.", 6281234567802]),
        (9, [3, "Desa Wedomartani", "Kec. Ngemplak", "Sri Lestari", "0812-3456-7803"]),
        (11, [4, "Kel. Caturtunggal", "Depok", "Drs. Agus Salim", 81234567804]),
        (12, [5, "Condongcatur", "Depok", "Rahmat Hidayat", 81234567805]),
        (13, [6, "  Minomartani  ", "Ngaglik", "Suparno\n(Plt.)", None]),
    ]
    for number, values in rows:
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column, value=value)
    ws.row_dimensions[12].hidden = True
    ws["A14"] = "JUMLAH"
    ws.merge_cells("A14:C14")
    ws["D14"] = "6 desa/kelurahan"
    ws["B16"] = "Mengetahui,"
    ws["D16"] = "Sleman, 3 Maret 2025"
    for offset, text in enumerate(SIGNATURE):
        ws.cell(row=17 + offset, column=4, value=text)
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["D"].width = 30
    return wb


def offices() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Undangan"
    _title(ws, 1, "DAFTAR UNDANGAN RAPAT DISEMINASI", 3)
    ws.append([])
    ws.append(["NO", "KEPADA YTH.", "ALAMAT"])
    rows = [
        [1, "Kepala Dinas Pendidikan Kabupaten Sleman",
         "Jl. Parasamya No. 1, Beran, Tridadi, Sleman"],
        [2, "Kepala Badan Perencanaan\nPembangunan Daerah\nKabupaten Sleman",
         "Jl. Parasamya No. 1\nBeran, Tridadi"],
        [3, "Yth. Direktur RSUD Sleman\ndi Sleman", "Jl. Bhayangkara No. 48, Murangan"],
        [4, "KEPALA DINAS KESEHATAN KABUPATEN SLEMAN", " Jl. Dr. Rajimin, Sucen, Triharjo "],
        [5, "Camat Depok", None],
        [6, "Kepala Dinas Pendidikan Kabupaten Sleman ",
         "Jl. Parasamya No. 1, Beran, Tridadi, Sleman"],
    ]
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = WRAP
    ws.append([])
    ws["C11"] = "Sleman, 3 Maret 2025"
    for offset, text in enumerate(SIGNATURE):
        ws.cell(row=12 + offset, column=3, value=text)
    return wb


HEADER = ["No", "Jabatan", "Instansi", "Alamat", "Surel"]
DISTRICTS = {
    "Kec. Depok": [
        [1, "Lurah", "Kelurahan Caturtunggal", "Jl. Kaliurang Km 6", "mailto:caturtunggal@slemankab.go.id"],
        [2, "Kepala Desa", "Desa Maguwoharjo", "Jl. Raya Tajem", " maguwoharjo@slemankab.go.id "],
    ],
    "Kec. Mlati": [
        [1, "Kepala Desa", "Desa Sinduadi", "Jl. Magelang Km 5", "MAILTO:sinduadi@slemankab.go.id"],
        [2, None, "Desa Sendangadi", "Jl. Kebon Agung", None],
        [3, 12345, "Desa Tlogoadi", None, None],
        [4, "Kepala Desa", "Desa Tirtoadi", None, "tirtoadi@slemankab.go.id; desa@x.id"],
    ],
    "Kec. Gamping": [
        [1, "Kepala Desa", "Desa Ambarketawang", "Jl. Wates Km 5", None],
        [2, "Kepala Desa", "Desa Banyuraden", "Jl. Godean Km 4", None],
        [3, "Kepala Desa", "Desa Nogotirto", "Jl. Godean Km 5", None],
    ],
}


def districts() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in DISTRICTS.items():
        ws = wb.create_sheet(title)
        _title(ws, 1, f"DAFTAR UNDANGAN {title.upper()}", 5)
        ws.append([])
        ws.append(HEADER)
        for row in rows:
            ws.append(row)
    gamping = wb["Kec. Gamping"]
    gamping.auto_filter.ref = "A3:E6"
    gamping.row_dimensions[5].hidden = True  # filtered out
    recap = wb.create_sheet("Rekap")
    recap.append(["No", "Kecamatan", "Jumlah Desa"])
    for number, title in enumerate(DISTRICTS, start=1):
        recap.append([number, title.removeprefix("Kec. "), len(DISTRICTS[title])])
    old = wb.create_sheet("Lama")
    old.append(HEADER)
    old.append([1, "Kepala Desa", "Desa Lama", None, None])
    old.sheet_state = "hidden"
    return wb


def csv_files() -> dict[str, bytes]:
    excel_id = "\r\n".join([
        "DAFTAR KEPALA DESA;;;;",
        ";;;;",
        "No;Nama Desa;Kecamatan;Nama Kepala Desa;No. HP",
        "1;Pandowoharjo;Sleman;José Ramírez;081234567811",
        "2;Tridadi;Sleman;Sri Wahyuni – Plt.;081234567812",
        '3;"Triharjo";Sleman;"Andi; S.Sos.";081234567813',
        ";;;;",
        "JUMLAH;;;3 desa;",
    ]).encode("cp1252")
    bom = "\r\n".join([
        "No,Jabatan,Instansi,Alamat,Kota",
        '1,Kepala Dinas,"Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Sleman",'
        '"Jl. Parasamya No. 1, Beran",Sleman',
        '2,Kepala Dinas Kesehatan Kabupaten Sleman,Dinas Kesehatan Kab. Sleman,'
        '"Jl. Dr. Rajimin, Sucen",Sleman',
    ]).encode("utf-8-sig")
    return {"desa_excel_id.csv": excel_id, "opd_bom.csv": bom}


def soffice(args: list[str], profile: Path) -> None:
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=180)


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice (soffice) is needed")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = work / "profile"
        for name, book, target in [("desa_sleman", villages(), "xlsx:Calc MS Excel 2007 XML"),
                                   ("opd", offices(), "xls:MS Excel 97"),
                                   ("kecamatan", districts(), "ods")]:
            source = work / "src" / f"{name}.xlsx"
            source.parent.mkdir(exist_ok=True)
            book.save(source)
            soffice(["--convert-to", target, "--outdir", str(OUT), str(source)], profile)
    for name, data in csv_files().items():
        (OUT / name).write_bytes(data)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
