"""Make the standard-cost tables and the .ods budget the tests read.

    python scripts/make_caps_fixtures.py

tests/fixtures/caps/ gets wide tables laid out as offices keep them, each built with
openpyxl and then opened and saved by LibreOffice headless, so the merged headings, number
formats and cells are LibreOffice's own:

* ``uang_harian_perpres.xlsx``: the Perpres 33/2020 Lampiran I layout, title rows, a note
  sheet first, 34 provinces (as spelled in offices: "NTB", "D.I. Yogyakarta", "Kep. Bangka
  Belitung", "DKI") × Luar Kota / Dalam Kota > 8 Jam / Diklat under a merged "Uang Harian",
  a numbering row, notes and a signature below; also saved as ``uang_harian_perpres.ods``
  and ``uang_harian_perpres.xls``;
* ``penginapan_sbm.xlsx``: 38 provinces × five tiers (Pejabat Negara / Eselon I … GOL I/II)
  under a merged heading, headings over three rows;
* ``taksi_transport.xlsx``: a taxi table per province (Satuan "Orang/Kali", Besaran) and, on
  a second sheet, land transport from the provincial capital to the cities of one province;
* ``tiket_pesawat.xlsx``: a route table (Kota Asal, Kota Tujuan; Bisnis, Ekonomi).

The amounts are the national table's where it has them (docgen/data/caps), otherwise made
up for the tests; the files say so in a note row. LibreOffice also saves
tests/fixtures/budget/rab_kantor.xlsx as ``rab_kantor.ods`` (the same RAB in OpenDocument)
and a workbook of one cell as ``satu_sel.xls`` (its workbook stream is small enough to sit in
the OLE2 mini stream).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "caps"
BUDGET = ROOT / "tests" / "fixtures" / "budget"
CAPS = ROOT / "docgen" / "data" / "caps"
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RUPIAH = "#,##0"

# The spelling an office's table uses for each province of the national table.
SPELLING = {
    "Nusa Tenggara Barat": "NTB", "Nusa Tenggara Timur": "NTT",
    "DI Yogyakarta": "D.I. Yogyakarta", "Kepulauan Bangka Belitung": "Kep. Bangka Belitung",
    "DKI Jakarta": "DKI", "Kepulauan Riau": "Kepulauan Riau",
}
LODGING_SPELLING = {"DI Yogyakarta": "DI Yogyakarta", "Kepulauan Bangka Belitung":
                    "Bangka Belitung", "DKI Jakarta": "DKI Jakarta"}
TIERS = ["Pejabat Negara / Eselon I", "Pejabat Negara Lainnya / Eselon II",
         "Eselon III / Gol IV", "Eselon IV / Gol III/II/I", "GOL I/II"]
ROUTES = [("Jakarta", "Surabaya", 6_418_000, 2_870_000), ("Jakarta", "Yogyakarta",
                                                         5_432_000, 2_264_000),
          ("Jakarta", "Denpasar", 8_118_000, 3_432_000), ("Jakarta", "Makassar",
                                                         9_984_000, 4_356_000),
          ("Jakarta", "Medan", 10_418_000, 4_610_000), ("Yogyakarta", "Surabaya",
                                                       3_810_000, 2_100_000),
          ("Surabaya", "Balikpapan", 6_834_000, 3_240_000), ("Makassar", "Jayapura",
                                                             12_140_000, 6_230_000),
          ("Medan", "Banda Aceh", 4_212_000, 2_040_000), ("Denpasar", "Mataram",
                                                         2_980_000, 1_320_000)]
TOWNS = [("Surabaya", "Malang", 220_000), ("Surabaya", "Kediri", 290_000),
         ("Surabaya", "Jember", 360_000), ("Surabaya", "Banyuwangi", 430_000),
         ("Surabaya", "Madiun", 300_000)]
NOTE = "Angka untuk pengujian docgen (sebagian dari tabel nasional docgen, sebagian dibuat)."


def national(file: str, year: str, kind: str) -> dict[str, dict[str, int]]:
    """province -> level -> amount of one kind and year in the shipped national table."""
    out: dict[str, dict[str, int]] = {}
    with (CAPS / file).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["tahun"] == year and row["jenis"] == kind:
                out.setdefault(row["wilayah"], {})[row["tingkat"]] = int(row["batas"])
    return out


def _title(ws, lines: list[str], width: int) -> None:  # noqa: ANN001
    for number, line in enumerate(lines, start=1):
        ws.cell(number, 1, line).font = BOLD
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
        ws.cell(number, 1).alignment = CENTER


def allowance_table() -> Workbook:
    daily = {kind: national("uang-harian-dalam-negeri.csv", "2021", kind)
             for kind in ("uang_harian_luar_kota", "uang_harian_dalam_kota",
                          "uang_harian_diklat")}
    wb = Workbook()
    notes = wb.active
    notes.title = "Petunjuk"
    notes["A1"] = "Tabel uang harian ada pada lembar berikutnya."
    ws = wb.create_sheet("Uang Harian")
    _title(ws, ["LAMPIRAN I PERATURAN PRESIDEN NOMOR 33 TAHUN 2020",
                "TENTANG STANDAR HARGA SATUAN REGIONAL",
                "SATUAN BIAYA UANG HARIAN PERJALANAN DINAS DALAM NEGERI",
                "TAHUN ANGGARAN 2021"], 6)
    for col, label in enumerate(["NO.", "PROVINSI", "SATUAN"], start=1):
        ws.cell(6, col, label).font = BOLD
        ws.merge_cells(start_row=6, start_column=col, end_row=7, end_column=col)
    ws.cell(6, 4, "UANG HARIAN").font = BOLD
    ws.merge_cells(start_row=6, start_column=4, end_row=6, end_column=6)
    for col, label in enumerate(["LUAR KOTA", "DALAM KOTA LEBIH DARI 8 (DELAPAN) JAM",
                                 "DIKLAT"], start=4):
        ws.cell(7, col, label).font = BOLD
    for col in range(1, 7):
        ws.cell(8, col, f"({col})").alignment = CENTER
    provinces = [p for p in daily["uang_harian_luar_kota"] if p in daily["uang_harian_diklat"]]
    row = 9
    for number, province in enumerate(provinces, start=1):
        ws.cell(row, 1, number)
        ws.cell(row, 2, SPELLING.get(province, province))
        ws.cell(row, 3, "OH")
        for col, kind in enumerate(daily, start=4):
            ws.cell(row, col, daily[kind][province]["*"]).number_format = RUPIAH
        row += 1
    ws.cell(row + 1, 1, "Keterangan: OH = orang per hari. " + NOTE)
    ws.cell(row + 3, 5, "PRESIDEN REPUBLIK INDONESIA,")
    return wb


def lodging_table() -> Workbook:
    lodging = national("penginapan-dalam-negeri.csv", "2026", "penginapan")
    wb = Workbook()
    ws = wb.active
    ws.title = "Hotel"
    _title(ws, ["STANDAR BIAYA MASUKAN TAHUN ANGGARAN 2026",
                "SATUAN BIAYA HOTEL / PENGINAPAN PERJALANAN DINAS DALAM NEGERI",
                "Dasar: PMK 32/2025 Lampiran (SBM TA 2026)"], 8)
    for col, label in enumerate(["NO", "PROVINSI", "SATUAN"], start=1):
        ws.cell(5, col, label).font = BOLD
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    ws.cell(5, 4, "TARIF HOTEL (Rp)").font = BOLD
    ws.merge_cells(start_row=5, start_column=4, end_row=5, end_column=8)
    for col, label in enumerate(TIERS, start=4):
        ws.cell(6, col, label).font = BOLD
        ws.cell(6, col).alignment = CENTER
    for col in range(1, 9):
        ws.cell(7, col, col)
    row = 8
    for number, (province, levels) in enumerate(sorted(lodging.items()), start=1):
        ws.cell(row, 1, number)
        ws.cell(row, 2, LODGING_SPELLING.get(province, province).upper()
                if number % 3 == 0 else LODGING_SPELLING.get(province, province))
        ws.cell(row, 3, "Orang/Malam")
        amounts = [levels["eselon_i"], levels["eselon_ii"], levels["eselon_iii"],
                   levels["eselon_iv"], round(levels["eselon_iv"] * 0.8, -3)]
        for col, amount in enumerate(amounts, start=4):
            ws.cell(row, col, int(amount)).number_format = RUPIAH
        row += 1
    ws.cell(row + 1, 1, NOTE)
    return wb


def taxi_table() -> Workbook:
    daily = national("uang-harian-dalam-negeri.csv", "2021", "uang_harian_luar_kota")
    wb = Workbook()
    ws = wb.active
    ws.title = "Taksi"
    _title(ws, ["SATUAN BIAYA TAKSI PERJALANAN DINAS DALAM NEGERI",
                "PMK 32/2025 Lampiran (SBM TA 2026)", "Tahun Anggaran 2026"], 4)
    for col, label in enumerate(["NO.", "PROVINSI", "SATUAN", "BESARAN (Rp)"], start=1):
        ws.cell(5, col, label).font = BOLD
    for number, province in enumerate(daily, start=1):
        ws.cell(5 + number, 1, number)
        ws.cell(5 + number, 2, SPELLING.get(province, province))
        ws.cell(5 + number, 3, "Orang/Kali")
        ws.cell(5 + number, 4, 100_000 + (daily[province]["*"] // 1000) * 500).number_format = (
            RUPIAH)
    ws.cell(7 + len(daily), 1, NOTE)
    land = wb.create_sheet("Transport Darat")
    _title(land, ["SATUAN BIAYA TRANSPORTASI DARAT DARI IBU KOTA PROVINSI KE KOTA/KABUPATEN",
                  "PROVINSI JAWA TIMUR", "Pergub Jawa Timur 88/2025 Lampiran III",
                  "Tahun Anggaran 2026"], 5)
    for col, label in enumerate(["NO", "KOTA ASAL", "KOTA TUJUAN", "SATUAN", "BESARAN (Rp)"],
                                start=1):
        land.cell(6, col, label).font = BOLD
    for number, (start, end, amount) in enumerate(TOWNS, start=1):
        for col, value in enumerate([number, start, end, "Orang/Kali", amount], start=1):
            land.cell(6 + number, col, value)
    return wb


def ticket_table() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiket"
    _title(ws, ["SATUAN BIAYA TIKET PESAWAT PERJALANAN DINAS DALAM NEGERI PERGI PULANG (PP)",
                "PMK 32/2025 Lampiran (SBM TA 2026)", "TA 2026"], 5)
    for col, label in enumerate(["NO", "KOTA ASAL", "KOTA TUJUAN"], start=1):
        ws.cell(5, col, label).font = BOLD
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    ws.cell(5, 4, "BIAYA TIKET (Rp)").font = BOLD
    ws.merge_cells(start_row=5, start_column=4, end_row=5, end_column=5)
    ws.cell(6, 4, "BISNIS").font = BOLD
    ws.cell(6, 5, "EKONOMI").font = BOLD
    for number, (start, end, business, economy) in enumerate(ROUTES, start=1):
        for col, value in enumerate([number, start, end, business, economy], start=1):
            ws.cell(6 + number, col, value)
    ws.cell(8 + len(ROUTES), 1, NOTE)
    return wb


TABLES = {
    "uang_harian_perpres": allowance_table,
    "penginapan_sbm": lodging_table,
    "taksi_transport": taxi_table,
    "tiket_pesawat": ticket_table,
}


def soffice(args: list[str], profile: Path) -> None:
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
               "--norestore", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=240)


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice (soffice) is needed")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-caps-") as tmp:
        work = Path(tmp)
        sources = []
        for name, build in TABLES.items():
            path = work / f"{name}.xlsx"
            build().save(path)
            sources.append(str(path))
        profile = work / "profile"
        soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(OUT),
                 *sources], profile)
        allowance = str(OUT / "uang_harian_perpres.xlsx")
        soffice(["--convert-to", "ods", "--outdir", str(OUT), allowance], profile)
        soffice(["--convert-to", "xls:MS Excel 97", "--outdir", str(OUT), allowance], profile)
        soffice(["--convert-to", "ods", "--outdir", str(BUDGET),
                 str(BUDGET / "rab_kantor.xlsx")], profile)
        tiny = Workbook()
        tiny.active["A1"] = 1
        tiny.save(work / "satu_sel.xlsx")
        soffice(["--convert-to", "xls:MS Excel 97", "--outdir", str(BUDGET),
                 str(work / "satu_sel.xlsx")], profile)
    for path in sorted([*OUT.iterdir(), BUDGET / "rab_kantor.ods", BUDGET / "satu_sel.xls"]):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
