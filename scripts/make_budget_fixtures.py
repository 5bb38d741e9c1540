"""Make the budget workbooks the tests read (tests/fixtures/budget/).

    python scripts/make_budget_fixtures.py

Each workbook is laid out with openpyxl, then opened and saved by LibreOffice headless
(``soffice --convert-to xlsx``), so the file, its cached formula results, its number formats
and its merged cells are LibreOffice's own, as an office's file would be. LibreOffice also
saves the old binary ``rab_lama.xls``. The layouts of scripts/budget_layouts.py (a sheet
declared to row 1,048,576, a pagu under the total, a rincian per traveller, an SPJ workbook
of several sheets …) are saved the same way. The password-protected ``rab_sandi.xlsx`` is
encrypted with the Agile encryption Excel uses (needs ``pip install msoffcrypto-tool``; it is
kept as it is when that package is missing).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "budget"
sys.path.insert(0, str(ROOT))

from budget_layouts import AFTER_SAVE, LAYOUTS  # noqa: E402

from docgen.budget.workbook import template_workbook  # noqa: E402

RUPIAH = '"Rp"#,##0'
ACCOUNTING = '_-"Rp"* #,##0_-;-"Rp"* #,##0_-;_-"Rp"* "-"_-;_-@_-'
BOLD = Font(bold=True)

# The example study's budget: (section, description, volume, unit, price)
EXAMPLE = [
    ("A", "Uang Harian", [
        ("Uang harian luar kota Provinsi Jawa Timur (4 orang × 3 hari)", 12, "OH", 410000)]),
    ("B", "Biaya Penginapan", [
        ("Penginapan Eselon III/Golongan IV (1 orang × 2 malam)", 2, "OH", 1234000),
        ("Penginapan Golongan III (3 orang × 2 malam)", 6, "OH", 814000)]),
    ("C", "Tiket/Transport", [
        ("Tiket pesawat Yogyakarta – Surabaya pergi pulang", 4, "orang", 2100000)]),
    ("D", "Transport Lokal", [
        ("Transport dari/ke bandara di tempat asal (4 orang × 2 kali)", 8, "kali", 150000)]),
    ("E", "Sewa Kendaraan", [("Sewa kendaraan di Surabaya", 3, "hari", 850000)]),
]
TERBILANG = "Dua puluh empat juta empat ratus dua puluh dua ribu rupiah"


def _titles(ws: Worksheet, lines: list[str], width: int) -> None:
    for row, text in enumerate(lines, start=1):
        ws.cell(row=row, column=1, value=text).font = BOLD
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def office_layout() -> Workbook:
    """A Bappeda's RAB: title block, numbered header, sections, SUM subtotals, terbilang."""
    wb = Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    guide["A1"] = "Lembar RAB berisi rincian anggaran studi banding."
    ws = wb.create_sheet("RAB")
    _titles(ws, ["PEMERINTAH KABUPATEN SLEMAN", "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
                 "RENCANA ANGGARAN BIAYA STUDI BANDING KE KOTA SURABAYA",
                 "TAHUN ANGGARAN 2026"], 7)
    ws["A6"] = "Sub Kegiatan : Koordinasi, Sinkronisasi dan Evaluasi Perencanaan"
    header = ["No", "Uraian", "Volume", "Satuan", "Harga Satuan (Rp)", "Jumlah (Rp)",
              "Keterangan"]
    for column, label in enumerate(header, start=1):
        ws.cell(row=8, column=column, value=label).font = BOLD
    for column, label in enumerate(["(1)", "(2)", "(3)", "(4)", "(5)", "(6) = (3) x (5)", "(7)"],
                                   start=1):
        ws.cell(row=9, column=column, value=label)
    row = 10
    subtotals = []
    for letter, title, lines in EXAMPLE:
        ws.cell(row=row, column=1, value=letter).font = BOLD
        ws.cell(row=row, column=2, value=title).font = BOLD
        row += 1
        first = row
        for number, (text, volume, unit, price) in enumerate(lines, start=1):
            values = [number, text, volume, unit, price, f"=C{row}*E{row}",
                      "5.1.02.04.01.0001"]
            for column, value in enumerate(values, start=1):
                ws.cell(row=row, column=column, value=value)
            ws.cell(row=row, column=5).number_format = RUPIAH
            ws.cell(row=row, column=6).number_format = ACCOUNTING
            row += 1
        ws.cell(row=row, column=1, value=f"Jumlah {letter}").font = BOLD
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.cell(row=row, column=6, value=f"=SUM(F{first}:F{row - 1})").number_format = ACCOUNTING
        subtotals.append(f"F{row}")
        row += 1
    ws.cell(row=row, column=1, value="JUMLAH TOTAL").font = BOLD
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    ws.cell(row=row, column=6, value="=" + "+".join(subtotals)).number_format = ACCOUNTING
    ws.cell(row=row + 1, column=1, value=f"Terbilang : {TERBILANG}")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=7)
    ws.cell(row=row + 3, column=5, value="Sleman, 2 Januari 2026")
    ws.cell(row=row + 4, column=5, value="Pejabat Pembuat Komitmen,")
    ws.cell(row=row + 8, column=5, value="Sri Wahyuni, S.E.")
    ws.cell(row=row + 9, column=5, value="NIP 19800101 200501 2 003")
    return wb


def text_layout() -> Workbook:
    """Every amount typed as Indonesian text, volumes as "4 org x 3 hari"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Anggaran"
    _titles(ws, ["RINCIAN BIAYA PERJALANAN DINAS", "Tahun Anggaran 2026"], 8)
    header = ["NO.", "KOMPONEN/URAIAN", "VOL.", "SAT.", "HARGA SATUAN", "JUMLAH",
              "KODE REKENING", "KET."]
    for column, label in enumerate(header, start=1):
        ws.cell(row=4, column=column, value=label).font = BOLD
    rows = [
        ("I.", "UANG HARIAN", None, None, None, None),
        ("1", "Uang harian Provinsi Jawa Timur", "4 org x 3 hari", "OH", "Rp 410.000",
         "Rp 4.920.000,00"),
        ("II.", "PENGINAPAN", None, None, None, None),
        ("1", "Hotel Eselon III/Golongan IV", "1 org x 2 malam", "OH", "Rp1.234.000,-",
         "Rp2.468.000"),
        ("2", "Hotel Golongan III", "3 org x 2 malam", "OH", "814.000", "4.884.000"),
        ("III.", "TIKET/TRANSPORT", None, None, None, None),
        ("1", "Tiket pesawat PP Yogyakarta - Surabaya", "4 orang", "orang", "Rp 2.100.000,00",
         "Rp 8.400.000,00"),
        ("IV.", "TRANSPORT LOKAL", None, None, None, None),
        ("1", "Taksi bandara", "4 org x 2 kali", "kali", "150.000", "1.200.000"),
        ("V.", "SEWA KENDARAAN", None, None, None, None),
        ("1", "Sewa mobil di Surabaya", "3 hari", "hari", "Rp 850.000", "Rp 2.550.000"),
    ]
    row = 5
    for number, text, volume, unit, price, amount in rows:
        values = [number, text, volume, unit, price, amount, "5.1.02.04.01.0001"
                  if price else None, None]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        row += 1
    ws.cell(row=row, column=2, value="TOTAL")
    ws.cell(row=row, column=6, value="Rp 24.422.000,00")
    ws.cell(row=row + 1, column=2, value="Terbilang")
    ws.cell(row=row + 1, column=3, value=f"# {TERBILANG} #")
    return wb


def english_layout() -> Workbook:
    """English labels, a component column, volume split into persons and days under a merged
    "Volume" header, and a hidden old copy of the budget."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws["A1"] = "STUDY VISIT BUDGET"
    ws["A2"] = "Fiscal year 2026 - destination province: Jawa Timur"
    top = ["No.", "Component", "Item", "Volume", None, "Unit", "Unit price", "Total", "Notes"]
    below = [None, None, None, "Persons", "Days", None, None, None, None]
    for column, (first, second) in enumerate(zip(top, below, strict=True), start=1):
        ws.cell(row=4, column=column, value=first)
        ws.cell(row=5, column=column, value=second)
    ws.merge_cells("D4:E4")
    for column in (1, 2, 3, 6, 7, 8, 9):
        ws.merge_cells(start_row=4, start_column=column, end_row=5, end_column=column)
    lines = [
        ("Uang Harian", "Daily allowance, Jawa Timur", 4, 3, "OH", 410000),
        ("Biaya Penginapan", "Hotel, eselon III", 1, 2, "OH", 1234000),
        ("Biaya Penginapan", "Hotel, golongan III", 3, 2, "OH", 814000),
        ("Tiket Pesawat/Transportasi", "Return flights", 4, None, "orang", 2100000),
        ("Transportasi Lokal", "Airport transfers", 4, 2, "kali", 150000),
        ("Sewa Kendaraan", "Car rental in Surabaya", None, 3, "hari", 850000),
    ]
    row = 6
    for number, (component, item, persons, days, unit, price) in enumerate(lines, start=1):
        values = [number, component, item, persons, days, unit, price,
                  f"=PRODUCT(D{row}:E{row})*G{row}", None]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        ws.cell(row=row, column=7).number_format = RUPIAH
        ws.cell(row=row, column=8).number_format = RUPIAH
        row += 1
    ws.cell(row=row, column=3, value="Grand total")
    ws.cell(row=row, column=8, value=f"=SUM(H6:H{row - 1})").number_format = RUPIAH
    old = wb.create_sheet("RAB lama")
    old.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    old.append(["Uang harian", 12, "OH", 380000, 4560000])
    old.sheet_state = "hidden"
    return wb


def foreign_layout() -> Workbook:
    """A trip abroad: per diem in USD with the exchange rate in a cell of the title block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    ws["A1"] = "RAB STUDI BANDING KE LONDON, INGGRIS"
    ws["A2"] = "Tahun Anggaran"
    ws["C2"] = 2026
    ws["A3"] = "Kurs USD"
    ws["C3"] = 16250
    ws["C3"].number_format = RUPIAH
    header = ["No", "Uraian", "Volume", "Satuan", "Mata Uang", "Harga Satuan", "Jumlah (Rp)"]
    for column, label in enumerate(header, start=1):
        ws.cell(row=5, column=column, value=label)
    lines = [
        ("Uang harian London (Inggris) golongan C, 2 orang x 5 hari", 10, "OH", "USD", 583,
         "=C{r}*F{r}*$C$3"),
        ("Uang harian London (Inggris) golongan B, 1 orang x 5 hari", 5, "OH", "USD", 774,
         "=C{r}*F{r}*$C$3"),
        ("Tiket pesawat Jakarta - London PP kelas ekonomi", 3, "orang", "IDR", 18500000,
         "=C{r}*F{r}"),
        ("Asuransi perjalanan", 3, "orang", "IDR", 750000, "=C{r}*F{r}"),
        ("Visa Inggris", 3, "orang", "USD", 150, "=C{r}*F{r}*$C$3"),
    ]
    row = 6
    for number, (text, volume, unit, currency, price, formula) in enumerate(lines, start=1):
        values = [number, text, volume, unit, currency, price, formula.format(r=row)]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        ws.cell(row=row, column=7).number_format = RUPIAH
        row += 1
    ws.cell(row=row, column=2, value="Jumlah")
    ws.cell(row=row, column=7, value=f"=SUM(G6:G{row - 1})").number_format = RUPIAH
    return wb


def faulty_layout() -> Workbook:
    """One mistake per row, each of a kind the checks must name."""
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    ws["A1"] = "RAB STUDI BANDING (DENGAN KESALAHAN)"
    ws["A2"] = "Tahun Anggaran 2026, tujuan Provinsi Jawa Timur"
    header = ["No", "Komponen", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah",
              "Keterangan"]
    for column, label in enumerate(header, start=1):
        ws.cell(row=4, column=column, value=label)
    rows = [
        ("Uang Harian", "Uang harian Jawa Timur", 12, "OH", 410000, "=D5*F5"),        # 5 ok
        ("Uang Harian", "Uang harian Jawa Timur (lebih)", 4, "OH", 450000, "=D6*F6"),  # 6 cap
        ("Biaya Penginapan", "Hotel golongan III", 6, "OH", "delapan ratus ribu", None),  # 7
        ("Tiket Pesawat/Transportasi", "Tiket pesawat", -2, "orang", 2100000, "=D8*F8"),  # 8
        ("Transportasi Lokal", "Taksi", 8, "kali", 0, "=D9*F9"),                        # 9
        ("Sewa Kendaraan", "Sewa mobil", 3, "hari", 850000, 2600000),                  # 10
        ("Oleh-oleh", "Cendera mata untuk tuan rumah", 1, "paket", 500000, "=D11*F11"),  # 11
        ("Transportasi Lokal", "Taksi", 8, "kali", 150000, "=D12*F12"),               # 12
        ("Transportasi Lokal", "Taksi", 8, "kali", 150000, "=D13*F13"),               # 13 dup
        ("Uang Representasi", "Uang representasi Kepala Subbagian (Eselon IV)", 3, "OH",
         150000, "=D14*F14"),                                                         # 14
        ("Lain-lain", "Biaya bagi", 1, "paket", 100000, "=1/0"),                        # 15
        ("Lain-lain", "Rujukan hilang", 1, "paket", 100000, "=#REF!"),                  # 16
        ("Lain-lain", "Teks dikali", 1, "paket", 100000, '="a"*2'),                      # 17
        ("Paspor dan Visa", "Paspor dinas", 2, "orang", 350000, 1050000),             # 18 merged
        ("Paspor dan Visa", "Visa", 1, "orang", 350000, None),                         # 19
    ]
    for row, values in enumerate(rows, start=5):
        for column, value in enumerate(values, start=2):
            ws.cell(row=row, column=column, value=value)
        ws.cell(row=row, column=1, value=row - 4)
    ws.merge_cells("G18:G19")
    ws["C20"] = "JUMLAH"
    ws["G20"] = 99999999
    hidden = wb.create_sheet("Catatan")
    hidden["A1"] = "lembar kerja pribadi"
    hidden.sheet_state = "hidden"
    return wb


def wrong_totals() -> Workbook:
    """Subtotals, total and terbilang typed by hand, and wrong."""
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    ws["A1"] = "RAB STUDI BANDING KE SURABAYA, JAWA TIMUR"
    for column, label in enumerate(["No", "Uraian", "Volume", "Satuan", "Harga Satuan",
                                    "Jumlah"], start=1):
        ws.cell(row=3, column=column, value=label)
    rows = [
        ("A", "Uang Harian", None, None, None, None),
        (1, "Uang harian luar kota Provinsi Jawa Timur", 12, "OH", 410000, 4920000),
        (None, "Sub Total A", None, None, None, 4920000),
        ("B", "Biaya Penginapan", None, None, None, None),
        (1, "Penginapan golongan III", 6, "OH", 814000, 4884000),
        (2, "Penginapan eselon III", 2, "OH", 1234000, 2468000),
        (None, "Sub Total B", None, None, None, 7532000),
        (None, "TOTAL", None, None, None, 12352000),
        (None, "Terbilang: dua belas juta tiga ratus lima puluh dua ribu rupiah", None, None,
         None, None),
    ]
    for row, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
    return wb


def filled_template() -> Workbook:
    """docgen's own template, filled in as an office would."""
    wb = load_workbook(io.BytesIO(template_workbook(2026)))
    ws = wb["RAB"]
    ws["C3"] = "Studi banding e-budgeting ke Kota Surabaya"
    ws["C5"] = "Jawa Timur"
    lines = [
        ("Uang Harian", "Uang harian luar kota (4 orang x 3 hari)", 12, "OH", 410000),
        ("Biaya Penginapan", "Penginapan eselon III (1 orang x 2 malam)", 2, "OH", 1234000),
        ("Biaya Penginapan", "Penginapan golongan III (3 orang x 2 malam)", 6, "OH", 814000),
        ("Tiket Pesawat/Transportasi", "Tiket pesawat PP", 4, "orang", 2100000),
    ]
    for row, (component, text, volume, unit, price) in enumerate(lines, start=9):
        for column, value in zip((2, 3, 4, 5, 6), (component, text, volume, unit, price),
                                 strict=True):
            ws.cell(row=row, column=column, value=value)
        ws.cell(row=row, column=1, value=row - 8)
    return wb


FIXTURES = {
    "rab_kantor": office_layout,
    "rab_teks": text_layout,
    "rab_kolom": english_layout,
    "rab_usd": foreign_layout,
    "rab_salah": faulty_layout,
    "rab_total_salah": wrong_totals,
    "rab_template_isi": filled_template,
    **LAYOUTS,
}


OTHER_FORMATS = (("rincian_pelaksana", "xls:MS Excel 97"), ("rab_kolom_rp", "xls:MS Excel 97"),
                 ("spj_perjalanan", "ods"))
"""Layouts LibreOffice also saves as .xls or .ods: read to the same lines and total."""


def soffice(args: list[str], profile: Path) -> None:
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
               "--norestore", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=240)


def encrypt(source: Path, target: Path) -> bool:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return False
    out = io.BytesIO()
    with source.open("rb") as handle:
        OOXMLFile(handle).encrypt("rahasia", out)
    target.write_bytes(out.getvalue())
    return True


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice (soffice) is needed")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-fixtures-") as tmp:
        work = Path(tmp)
        sources = []
        for name, build in FIXTURES.items():
            path = work / f"{name}.xlsx"
            build().save(path)
            sources.append(str(path))
        soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(OUT),
                 *sources], work / "profile")
        for name, change in AFTER_SAVE.items():
            saved = OUT / f"{name}.xlsx"
            saved.write_bytes(change(saved.read_bytes()))
        soffice(["--convert-to", "xls:MS Excel 97", "--outdir", str(work / "xls"),
                 str(OUT / "rab_kantor.xlsx")], work / "profile")
        shutil.copy(work / "xls" / "rab_kantor.xls", OUT / "rab_lama.xls")
        for name, kind in OTHER_FORMATS:
            soffice(["--convert-to", kind, "--outdir", str(OUT), str(OUT / f"{name}.xlsx")],
                    work / "profile")
        if not encrypt(OUT / "rab_kantor.xlsx", OUT / "rab_sandi.xlsx"):
            print("msoffcrypto-tool is missing: rab_sandi.xlsx kept as it is")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
