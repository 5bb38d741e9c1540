"""Budget workbooks laid out as regional offices lay them out (used by
scripts/make_budget_fixtures.py): a sheet declared down to row 1,048,576, a pagu, a rekap and
signatures under the total, the "Rp" in a column of its own, volume × price written in the
description, a rincian per traveller (rows or one column per cost), an SPJ workbook with its
SPD form, rincian, kuitansi and daftar pengeluaran riil, and a table without a description
column. Names and NIPs are invented.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

BOLD = Font(bold=True)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
RUPIAH = '#,##0'
LAST_ROW = 1_048_576

KEPALA = ("Dr. Hendra Kusuma, M.Si.", "NIP. 19720315 199803 1 007")
BENDAHARA = ("Rina Marlina, A.Md.", "NIP. 19850621 201001 2 015")
AGUS = "Drs. Agus Wibowo, M.M."
AGUS_NIP = "NIP. 19700812 199503 1 004"
SITI = "Siti Rahmawati, S.E."
SITI_NIP = "NIP. 19880214 201101 2 006"


def _put(ws: Worksheet, row: int, values: list, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = ws.cell(row=row, column=column, value=value)
        if bold:
            cell.font = BOLD


def _signature(ws: Worksheet, row: int, column: int, place: str,
               who: tuple[str, str], title: str) -> None:
    ws.cell(row=row, column=column, value=place)
    ws.cell(row=row + 1, column=column, value=title)
    ws.cell(row=row + 5, column=column, value=who[0]).font = BOLD
    ws.cell(row=row + 6, column=column, value=who[1])


def declared_to_the_last_row() -> Workbook:
    """A 27-row RAB whose sheet carries empty styled rows at the bottom of the grid, so the
    file declares A1:G1048576."""
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB"
    _put(ws, 1, ["RENCANA ANGGARAN BIAYA PERJALANAN DINAS"], True)
    _put(ws, 2, ["Studi banding pengelolaan arsip ke Kota Semarang, Jawa Tengah"])
    _put(ws, 3, ["Tahun Anggaran 2026"])
    _put(ws, 5, ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah", "Keterangan"],
         True)
    lines = [
        ("Uang harian luar kota Jawa Tengah (3 orang x 3 hari)", 9, "OH", 370000),
        ("Penginapan golongan III (3 orang x 2 malam)", 6, "OH", 650000),
        ("Tiket kereta api Yogyakarta - Semarang PP", 3, "orang", 480000),
        ("Sewa kendaraan di Semarang", 2, "hari", 900000),
    ]
    row = 6
    for number, (text, volume, unit, price) in enumerate(lines, start=1):
        _put(ws, row, [number, text, volume, unit, price, f"=C{row}*E{row}"])
        row += 1
    _put(ws, row, [None, "JUMLAH", None, None, None, f"=SUM(F6:F{row - 1})"], True)
    _put(ws, row + 1, [None, "Terbilang: Sepuluh juta empat ratus tujuh puluh ribu rupiah"])
    _signature(ws, row + 3, 5, "Yogyakarta, 2 Februari 2026", BENDAHARA,
               "Bendahara Pengeluaran,")
    for column in range(1, 8):
        for cell_row in range(row + 4, 28):
            ws.cell(row=cell_row, column=column).border = BOX
    for cell_row in range(LAST_ROW - 40, LAST_ROW + 1):
        for column in range(1, 8):
            ws.cell(row=cell_row, column=column).border = BOX
    return wb


def pagu_and_rekap_below() -> Workbook:
    """Sections A-C with their subtotals, a "(1) (2) (3)" numbering row, JUMLAH TOTAL
    (A + B + C), then a pagu table, the "ANGGARAN BELANJA HARIAN" with a negative SISA, a
    rekap repeating the amounts, and two signature blocks with NIPs."""
    wb = Workbook()
    ws = wb.active
    ws.title = "RAB Perjalanan Dinas"
    _put(ws, 1, ["PEMERINTAH KABUPATEN SLEMAN"], True)
    _put(ws, 2, ["DINAS KEARSIPAN DAN PERPUSTAKAAN"], True)
    _put(ws, 3, ["RENCANA ANGGARAN BIAYA STUDI BANDING KE PROVINSI BALI"], True)
    _put(ws, 4, ["TAHUN ANGGARAN 2026"])
    _put(ws, 6, ["NO", "URAIAN", "VOL", "SATUAN", "HARGA SATUAN (Rp)", "JUMLAH (Rp)",
                 "KETERANGAN"], True)
    _put(ws, 7, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6) = (3) x (5)", "(7)"])
    rows: list[list] = [
        ["A", "UANG HARIAN"],
        [1, "Uang harian Kepala Dinas ke Bali", 3, "OH", 480000, "f"],
        [2, "Uang harian staf golongan III ke Bali", 9, "OH", 480000, "f"],
        [None, "Jumlah A", None, None, None, "sum"],
        ["B", "PENGINAPAN"],
        [1, "Penginapan eselon II (1 orang x 2 malam)", 2, "OH", 1000000, "f"],
        [2, "Penginapan golongan III (3 orang x 2 malam)", 6, "OH", 700000, "f"],
        [None, "Sub Total B", None, None, None, "sum"],
        ["C", "TRANSPORT"],
        [1, "Tiket pesawat Yogyakarta - Denpasar PP", 4, "orang", 2300000, "f"],
        [2, "Taksi bandara", 4, "kali", 200000, "f"],
        [None, "Jumlah C", None, None, None, "sum"],
    ]
    row = 8
    first = row
    subtotals = []
    for values in rows:
        if values[-1] == "f":
            values = [*values[:-1], f"=C{row}*E{row}"]
        elif values[-1] == "sum":
            values = [*values[:-1], f"=SUM(F{first}:F{row - 1})"]
            subtotals.append(f"F{row}")
        elif len(values) == 2:
            first = row + 1
        _put(ws, row, values, bold=len(values) == 2)
        row += 1
    _put(ws, row, [None, "JUMLAH TOTAL (A + B + C)", None, None, None,
                   "=" + "+".join(subtotals)], True)
    total_row = row
    _put(ws, row + 1, [None, "Terbilang: Dua puluh satu juta sembilan ratus enam puluh ribu "
                             "rupiah"])
    row += 3
    _put(ws, row, [None, "PAGU ANGGARAN", None, None, None, 25000000], True)
    _put(ws, row + 1, [None, "ANGGARAN BELANJA HARIAN"], True)
    _put(ws, row + 2, [1, "Realisasi s.d. bulan lalu", None, None, None, 4500000])
    _put(ws, row + 3, [2, "Rencana ini", None, None, None, f"=F{total_row}"])
    _put(ws, row + 4, [None, "SISA", None, None, None, f"=F{row}-F{row + 2}-F{row + 3}"], True)
    row += 6
    _put(ws, row, [None, "REKAPITULASI"], True)
    _put(ws, row + 1, ["NO", "URAIAN", None, None, None, "JUMLAH (Rp)"], True)
    rekap = [("Uang Harian", 5760000), ("Penginapan", 6200000), ("Transport", 10000000)]
    for offset, (text, amount) in enumerate(rekap, start=2):
        _put(ws, row + offset, [offset - 1, text, None, None, None, amount])
    _put(ws, row + 5, [None, "JUMLAH", None, None, None, f"=SUM(F{row + 2}:F{row + 4})"], True)
    row += 7
    _signature(ws, row, 2, "Mengetahui,", KEPALA, "Kepala Dinas,")
    _signature(ws, row, 6, "Sleman, 5 Januari 2026", BENDAHARA, "Bendahara Pengeluaran,")
    return wb


def rupiah_in_its_own_column() -> Workbook:
    """The "Rp." in a column of its own, the number in the next, under "Harga Satuan" and
    "Jumlah (Rp)" each merged over both; numbers typed as text, "Rp 1.250.000,-"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Anggaran"
    _put(ws, 1, ["RINCIAN ANGGARAN BIAYA KUNJUNGAN KERJA KE KOTA BANDUNG"], True)
    _put(ws, 2, ["Tahun Anggaran 2026"])
    _put(ws, 4, ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", None, "Jumlah (Rp)", None,
                 "Keterangan"], True)
    ws.merge_cells("E4:F4")
    ws.merge_cells("G4:H4")
    lines = [
        [1, "Uang harian luar kota Jawa Barat", 12, "OH", "Rp.", 430000, "Rp.", "=C5*F5"],
        [2, "Penginapan golongan III", "6", "OH", "Rp", "650.000", "Rp", "3.900.000"],
        [3, "Tiket kereta api Yogyakarta - Bandung PP", 4, "orang", "Rp.", 550000, "Rp.",
         "Rp 2.200.000,-"],
        [4, "Paket meeting fullday", 1, "paket", "Rp", 1250000, "Rp", "1.250.000,-"],
    ]
    for offset, values in enumerate(lines):
        _put(ws, 5 + offset, values)
        ws.cell(row=5 + offset, column=6).number_format = RUPIAH
        ws.cell(row=5 + offset, column=8).number_format = RUPIAH
    _put(ws, 9, [None, "JUMLAH (Rp)", None, None, None, None, "Rp.", 12510000], True)
    ws.merge_cells("A9:F9")
    return wb


def volume_in_the_text() -> Workbook:
    """A rincian form without a volume, price or amount column: "3 hr x Rp 370.000" in the
    text, a "3 hari" duration column, a hotel class letter in the note."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rincian Biaya"
    _put(ws, 1, ["RINCIAN BIAYA PERJALANAN DINAS"], True)
    _put(ws, 2, ["Lampiran SPD Nomor : 094/215/SPD/2026 Tanggal 9 Februari 2026"])
    _put(ws, 4, ["No", "Perincian Biaya", "Lama", "Keterangan"], True)
    lines = [
        ("Uang harian 3 hr x Rp 370.000", "3 hari", "Kota Semarang"),
        ("Biaya hotel 2 x 550000", "3 hari", "Hotel kelas B"),
        ("Penginapan pendamping 2 malam @ Rp 475.000", None, None),
        ("Transport 4 org x 1 kali x Rp 150.000", None, "taksi bandara"),
    ]
    for number, (text, days, note) in enumerate(lines, start=1):
        _put(ws, 4 + number, [number, text, days, note])
    _put(ws, 9, [None, "JUMLAH", None, "Rp 3.760.000,-"], True)
    _put(ws, 10, [None, "Terbilang: Tiga juta tujuh ratus enam puluh ribu rupiah"])
    _signature(ws, 12, 4, "Yogyakarta, 9 Februari 2026", BENDAHARA, "Bendahara Pengeluaran,")
    return wb


def rows_per_traveller() -> Workbook:
    """A row per traveller (name with the NIP under it, jabatan, "3 hari") followed by the
    cost rows, a Jumlah per traveller, the JUMLAH, terbilang and signatures; the first
    traveller's No, name, jabatan and days merged down over their cost rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rincian"
    _put(ws, 1, ["RINCIAN BIAYA PERJALANAN DINAS"], True)
    _put(ws, 2, ["Studi banding ke Kota Semarang, Jawa Tengah, 10-12 Februari 2026"])
    _put(ws, 3, ["Tahun Anggaran 2026"])
    _put(ws, 5, ["NO", "NAMA / NIP", "JABATAN", "LAMA", "PERINCIAN BIAYA", "JUMLAH (Rp)",
                 "KET"], True)
    _put(ws, 6, [1, 2, 3, 4, 5, 6, 7])
    rows = [
        [1, f"{AGUS}\n{AGUS_NIP}", "Kepala Bidang", "3 hari"],
        [None, None, None, None, "Uang harian 3 hr x Rp 370.000", 1110000],
        [None, None, None, None, "Penginapan 2 malam x Rp 750.000", 1500000],
        [None, None, None, None, "Tiket pesawat PP Yogyakarta - Semarang", 1850000],
        [None, None, None, None, "Jumlah", 4460000],
        [2, SITI, "Analis Keuangan", "3 hari", "Uang harian 3 hr x Rp 370.000", 1110000],
        [None, SITI_NIP, None, None, "Penginapan 2 malam x Rp 550.000", 1100000],
        [None, None, None, None, "Tiket pesawat PP Yogyakarta - Semarang", 1850000],
        [None, None, None, None, "Jumlah", 4060000],
        [None, None, None, None, "JUMLAH", 8520000],
    ]
    for offset, values in enumerate(rows):
        _put(ws, 7 + offset, values, bold=values[-2] in ("Jumlah", "JUMLAH"))
        ws.cell(row=7 + offset, column=2).alignment = Alignment(wrap_text=True)
    for column in "ABCD":  # the first traveller's cells merged down over their costs
        ws.merge_cells(f"{column}7:{column}11")
    _put(ws, 17, [None, "Terbilang : Delapan juta lima ratus dua puluh ribu rupiah"])
    _signature(ws, 19, 5, "Yogyakarta, 13 Februari 2026", BENDAHARA, "Bendahara Pengeluaran,")
    return wb


def column_per_cost() -> Workbook:
    """A rekap of the travellers with one column per cost (uang harian, penginapan,
    transport, representasi) under a merged "Rincian Biaya", NIPs in their own column, a
    Gol column (the one traveller given uang representasi is eselon II)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap Biaya"
    _put(ws, 1, ["REKAPITULASI BIAYA PERJALANAN DINAS"], True)
    _put(ws, 2, ["Studi banding ke Kota Semarang, Tahun Anggaran 2026"])
    _put(ws, 4, ["No", "Nama", "NIP", "Gol", "Lama", "Uang Harian", "Penginapan", "Transport",
                 "Representasi", "Jumlah"], True)
    people = [
        (KEPALA[0], "197203151998031007", "IV/c (Eselon II)", "3 hari", 1110000, 2000000,
         1850000, 450000),
        (SITI, "198802142011012006", "III/b", "3 hari", 1110000, 1100000, 1850000, None),
        ("Bambang Sutrisno, S.Kom.", "199001102015031002", "III/a", "3 hari", 1110000,
         1100000, 1850000, None),
    ]
    row = 5
    for number, (name, nip, gol, days, *costs) in enumerate(people, start=1):
        _put(ws, row, [number, name, nip, gol, days, *costs, f"=SUM(F{row}:I{row})"])
        for column in range(6, 11):
            ws.cell(row=row, column=column).number_format = RUPIAH
        row += 1
    _put(ws, row, [None, "JUMLAH", None, None, None, *(f"=SUM({c}5:{c}{row - 1})"
                                                         for c in "FGHIJ")], True)
    _signature(ws, row + 2, 8, "Yogyakarta, 13 Februari 2026", BENDAHARA,
               "Bendahara Pengeluaran,")
    return wb


def spj_workbook() -> Workbook:
    """An SPJ workbook: the SPD form, the rincian biaya, a kuitansi repeating the amounts
    and a daftar pengeluaran riil."""
    wb = Workbook()
    spd = wb.active
    spd.title = "SPD"
    _put(spd, 1, ["PEMERINTAH KABUPATEN SLEMAN"], True)
    _put(spd, 3, [None, None, None, "Lembar ke : I"])
    _put(spd, 4, [None, None, None, "Kode No : 094"])
    _put(spd, 5, [None, None, None, "Nomor : 094/215/SPD/2026"])
    _put(spd, 7, ["SURAT PERJALANAN DINAS (SPD)"], True)
    form = [
        ("1", "Pejabat Pembuat Komitmen", "Kepala Dinas Kearsipan dan Perpustakaan"),
        ("2", "Nama/NIP Pegawai yang melaksanakan perjalanan dinas",
         f"{SITI} / {SITI_NIP}"),
        ("3", "a. Pangkat dan Golongan", "Penata Muda Tingkat I (III/b)"),
        ("4", "Maksud Perjalanan Dinas", "Studi banding pengelolaan arsip dinamis"),
        ("5", "Alat angkutan yang dipergunakan", "Kereta api"),
        ("6", "a. Tempat berangkat", "Sleman"),
        ("", "b. Tempat tujuan", "Kota Semarang"),
        ("7", "a. Lamanya perjalanan dinas", "3 (tiga) hari"),
        ("", "c. Tanggal harus kembali/tiba di tempat baru *)", "12 Februari 2026"),
        ("8", "Pengikut: Nama", "-"),
        ("9", "Pembebanan Anggaran: Akun", "5.1.02.04.01.0001"),
    ]
    for offset, (number, label, value) in enumerate(form, start=9):
        _put(spd, offset, [number, label, ":", value])

    rincian = wb.create_sheet("Rincian")
    _put(rincian, 1, ["RINCIAN BIAYA PERJALANAN DINAS"], True)
    _put(rincian, 2, ["Lampiran SPD Nomor : 094/215/SPD/2026 Tanggal 9 Februari 2026"])
    _put(rincian, 4, ["No", "Perincian Biaya", "Jumlah", "Keterangan"], True)
    lines = [
        ("Uang harian 3 hr x Rp 370.000", 1110000, None),
        ("Penginapan 2 malam @ Rp 550.000", 1100000, "Hotel kelas B"),
        ("Tiket kereta api PP Yogyakarta - Semarang", 480000, None),
        ("Transport lokal 2 x Rp 100.000", 200000, "taksi"),
    ]
    for number, (text, amount, note) in enumerate(lines, start=1):
        _put(rincian, 4 + number, [number, text, amount, note])
    _put(rincian, 9, [None, "JUMLAH", "=SUM(C5:C8)"], True)
    _put(rincian, 10, [None, "Terbilang : Dua juta delapan ratus sembilan puluh ribu rupiah"])
    _put(rincian, 12, [None, "Telah dibayar sejumlah", "=C9"])
    _put(rincian, 13, [None, "Yang telah menerima", None, SITI])
    _put(rincian, 15, [None, "PERHITUNGAN SPD RAMPUNG"], True)
    _put(rincian, 16, [None, "Ditetapkan sejumlah", "=C9"])
    _put(rincian, 17, [None, "Yang telah dibayar semula", 2890000])
    _put(rincian, 18, [None, "Sisa kurang/lebih", "=C16-C17"])
    _signature(rincian, 20, 2, "Mengetahui,", KEPALA, "Pejabat Pembuat Komitmen,")

    kuitansi = wb.create_sheet("Kuitansi")
    _put(kuitansi, 1, [None, "KUITANSI"], True)
    _put(kuitansi, 2, ["Tahun Anggaran", ":", 2026])
    _put(kuitansi, 3, ["Kode Rekening", ":", "5.1.02.04.01.0001"])
    _put(kuitansi, 5, ["Sudah terima dari", ":", "Bendahara Pengeluaran Dinas Kearsipan"])
    _put(kuitansi, 6, ["Uang sebanyak", ":", "Dua juta delapan ratus sembilan puluh ribu "
                                               "rupiah"])
    _put(kuitansi, 7, ["Untuk pembayaran", ":", "Biaya perjalanan dinas ke Kota Semarang"])
    _put(kuitansi, 9, ["Uraian", None, "Jumlah"], True)
    for offset, (text, amount, _note) in enumerate(lines, start=10):
        _put(kuitansi, offset, [text, None, amount])
    _put(kuitansi, 14, ["Terbilang", None, "Rp 2.890.000,-"], True)
    _put(kuitansi, 16, ["Setuju dibayar", None, "Lunas dibayar", None, "Yang menerima"])
    _put(kuitansi, 21, [KEPALA[0], None, BENDAHARA[0], None, SITI])

    riil = wb.create_sheet("DPR")
    _put(riil, 1, ["DAFTAR PENGELUARAN RIIL"], True)
    _put(riil, 3, ["Yang bertanda tangan di bawah ini:"])
    _put(riil, 4, ["Nama", ":", SITI])
    _put(riil, 5, ["NIP", ":", SITI_NIP])
    _put(riil, 7, ["No", "Uraian", "Jumlah"], True)
    _put(riil, 8, [1, "Transport lokal (taksi) di Kota Semarang", 200000])
    _put(riil, 9, [None, "JUMLAH", 200000], True)
    wb.active = 1
    return wb


def no_description_column() -> Workbook:
    """A table with No, Jumlah and Keterangan but no description column: no header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biaya"
    _put(ws, 1, ["DAFTAR BIAYA"], True)
    _put(ws, 3, ["NO.", "Jumlah", "Keterangan"], True)
    _put(ws, 4, [1, 1110000, "Uang harian"])
    _put(ws, 5, [2, 1100000, "Penginapan"])
    return wb


LAYOUTS = {
    "rab_baris_kosong": declared_to_the_last_row,
    "rab_pagu": pagu_and_rekap_below,
    "rab_kolom_rp": rupiah_in_its_own_column,
    "rincian_teks": volume_in_the_text,
    "rincian_pelaksana": rows_per_traveller,
    "rincian_kolom_biaya": column_per_cost,
    "spj_perjalanan": spj_workbook,
    "rab_tanpa_uraian": no_description_column,
}


def styled_rows_to_the_bottom(data: bytes) -> bytes:
    """What LibreOffice writes for a sheet whose bottom rows were ever formatted: the
    dimension down to row 1,048,576 and dozens of empty styled rows there (LibreOffice drops
    them when it converts a file it did not see formatted, so they are put back)."""
    import io
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                style = re.search(rb'<c r="A5" s="(\d+)"', content)
                s = style.group(1) if style else b"0"
                cells = b"".join(b'<c r="%c%%d" s="%s"/>' % (col, s) for col in b"ABCDEFG")
                rows = b"".join(
                    b'<row r="%d" s="%s" customFormat="true" ht="12.8" hidden="false" '
                    b'customHeight="false" outlineLevel="0" collapsed="false">' % (number, s)
                    + cells.replace(b"%d", str(number).encode()) + b"</row>"
                    for number in range(LAST_ROW - 47, LAST_ROW + 1))
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:G%d"/>'
                                 % LAST_ROW, content)
                content = content.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(info, content)
    return out.getvalue()


AFTER_SAVE = {"rab_baris_kosong": styled_rows_to_the_bottom}
"""Changes made to a file after LibreOffice saved it."""
