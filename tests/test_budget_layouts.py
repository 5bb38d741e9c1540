"""Budgets laid out as regional offices lay them out (tests/fixtures/budget, made by
scripts/make_budget_fixtures.py with scripts/budget_layouts.py and saved by LibreOffice):
each read to its exact lines and total, or refused; never a wrong total.

The expected figures are worked out by hand from the layouts, not taken from the reader.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from docgen.budget import read_budget
from docgen.budget.inline import parse_inline
from docgen.budget.people import nip_in, only_nip, person_in
from docgen.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
AGUS = ("Drs. Agus Wibowo, M.M.", "197008121995031004")
SITI = ("Siti Rahmawati, S.E.", "198802142011012006")


def amounts(parsed):
    return [(line.row, line.component, line.amount) for line in parsed.lines]


def codes(parsed, severity=None):
    return [p.code for p in parsed.problems if severity is None or p.severity == severity]


def workbook_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["rab_baris_kosong", "rab_pagu", "rab_kolom_rp", "rincian_teks",
                                  "rincian_pelaksana", "rincian_kolom_biaya", "spj_perjalanan",
                                  "rab_tanpa_uraian"])
def test_layouts_are_saved_by_libreoffice(name):
    with zipfile.ZipFile(FIXTURES / f"{name}.xlsx") as archive:
        assert "<Application>LibreOffice" in archive.read("docProps/app.xml").decode()


# --- 1. a sheet declared to row 1,048,576 ---------------------------------------------------------


def test_a_sheet_declared_to_the_last_row_is_read_by_its_values():
    with zipfile.ZipFile(FIXTURES / "rab_baris_kosong.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:G1048576"/>' in xml and b'<row r="1048576"' in xml
    parsed = read_budget(FIXTURES / "rab_baris_kosong.xlsx")
    assert parsed.usable, parsed.problems
    # 9 x 370.000 + 6 x 650.000 + 3 x 480.000 + 2 x 900.000
    assert amounts(parsed) == [(6, "uang_harian", 3330000), (7, "penginapan", 3900000),
                               (8, "tiket", 1440000), (9, "sewa_kendaraan", 1800000)]
    assert parsed.total == Decimal("10470000")
    assert parsed.terbilang.startswith("Sepuluh juta")
    assert codes(parsed, "error") == []


def test_a_million_rows_of_values_are_still_refused():
    rows = [["Uraian", "Volume", "Harga Satuan", "Jumlah"]]
    rows += [["Uang harian", 1, 1000, 1000]] * 50_010
    from docgen.budget import BudgetUnreadable
    with pytest.raises(BudgetUnreadable) as caught:
        read_budget(workbook_bytes(("RAB", rows)))
    assert caught.value.problem.code == "budget_too_many_rows"


# --- 2. the total, and what lives below it ----------------------------------------------------


def test_reading_ends_at_the_grand_total_pagu_rekap_and_signatures_below_are_not_lines():
    parsed = read_budget(FIXTURES / "rab_pagu.xlsx")
    assert parsed.usable, parsed.problems
    # A: 3 x 480.000 + 9 x 480.000; B: 2 x 1.000.000 + 6 x 700.000; C: 4 x 2.300.000 + 4 x 200.000
    assert amounts(parsed) == [(9, "uang_harian", 1440000), (10, "uang_harian", 4320000),
                               (13, "penginapan", 2000000), (14, "penginapan", 4200000),
                               (17, "tiket", 9200000), (18, "tiket", 800000)]
    assert parsed.total == Decimal("21960000")
    # the "(1) (2) (3) …" row is not a line; A, B and C are checked as subtotals
    assert [(t.kind, t.row, t.declared) for t in parsed.totals] == [
        ("subtotal", 11, 5760000), ("subtotal", 15, 6200000), ("subtotal", 19, 10000000),
        ("total", 20, 21960000)]
    assert parsed.terbilang.startswith("Dua puluh satu juta")
    # the pagu (25.000.000), the negative SISA and the rekap are named, not read
    assert parsed.unread_rows and min(parsed.unread_rows) > 20
    note = next(p for p in parsed.problems if p.code == "budget_rows_after_total")
    assert note.severity == "warning" and "23" in note.message("id")


def test_a_bare_jumlah_followed_by_more_lines_closes_only_a_part():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [None, "Jumlah", None, None, None, 1480000],
            [2, "Penginapan golongan III", 2, "OH", 500000, 1000000],
            [None, "Jumlah", None, None, None, 1000000],
            [None, "JUMLAH", None, None, None, 2480000]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert parsed.usable and parsed.total == Decimal("2480000") and len(parsed.lines) == 2
    assert [t.kind for t in parsed.totals] == ["subtotal", "subtotal", "total"]


def test_lump_sums_after_a_total_count_only_when_a_second_total_adds_them():
    top = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
           [1, "Uang harian", 4, "OH", 370000, 1480000],
           [None, "Jumlah", None, None, None, 1480000]]
    more = read_budget(workbook_bytes(("RAB", top + [
        [2, "Cendera mata untuk tuan rumah", None, None, None, 500000],
        [None, "JUMLAH", None, None, None, 1980000]])))
    assert more.usable and more.total == Decimal("1980000") and len(more.lines) == 2
    rekap = read_budget(workbook_bytes(("RAB", top + [
        [None, "Rekap uang harian", None, None, None, 1480000],
        [None, "JUMLAH", None, None, None, 1480000]])))
    assert rekap.total == Decimal("1480000") and len(rekap.lines) == 1
    assert "budget_rows_after_total" in codes(rekap)


# --- 3. headers as offices write them ----------------------------------------------------------


def test_no_header_names_what_the_closest_row_has_and_lacks():
    parsed = read_budget(FIXTURES / "rab_tanpa_uraian.xlsx")
    assert not parsed.usable and parsed.lines == [] and parsed.sheet == ""
    (problem,) = parsed.errors
    assert problem.code == "budget_no_header_near" and problem.path == "Biaya!3:3"
    assert "ditemukan: NO., Jumlah, Keterangan; tidak ada: uraian" in problem.message("id")
    assert "found: NO., Jumlah, Keterangan; missing: uraian" in problem.message("en")


def test_the_command_line_prints_no_total_when_nothing_was_read():
    runner = CliRunner()
    result = runner.invoke(main, ["budget", "check", str(FIXTURES / "rab_tanpa_uraian.xlsx")])
    assert result.exit_code == 1
    out = result.output
    assert "tidak ada: uraian" in out
    assert "Jumlah total" not in out and "nol rupiah" not in out.lower() and "Rp0" not in out


# --- 4. amounts as offices type them ----------------------------------------------------------


def test_rp_in_its_own_column_and_numbers_typed_as_text():
    parsed = read_budget(FIXTURES / "rab_kolom_rp.xlsx")
    assert parsed.usable, parsed.problems
    assert parsed.columns["unit_price"] == "F" and parsed.columns["amount"] == "H"
    # 12 x 430.000, 6 x 650.000, 4 x 550.000, 1 x 1.250.000
    assert amounts(parsed) == [(5, "uang_harian", 5160000), (6, "penginapan", 3900000),
                               (7, "tiket", 2200000), (8, "paket_meeting", 1250000)]
    assert parsed.total == Decimal("12510000")
    assert parsed.lines[1].ref("amount") == "Anggaran!H6"


def test_a_split_rp_column_filled_both_ways_is_not_guessed():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", None, "Jumlah"],
            [1, "Uang harian", 4, "OH", 370000, None, 1480000],
            [2, "Penginapan", 2, "OH", "Rp", 500000, 1000000]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert not parsed.usable
    assert "budget_not_a_number" in codes(parsed, "error")


# --- 5. volume and price in the text ----------------------------------------------------------


@pytest.mark.parametrize("text, volume, unit, price", [
    ("Uang harian 3 hr x Rp 420.000", 3, "hr", 420000),
    ("Biaya hotel 5 x 500000", 5, "", 500000),
    ("Penginapan 2 malam @ Rp 750.000", 2, "malam", 750000),
    ("4 org x 3 hr x Rp 410.000", 12, "OH", 410000),
    ("Uang harian (3 hr x Rp 420.000)", 3, "hr", 420000),
    ("Rp 420.000 x 3 hari", 3, "hari", 420000),
])
def test_volume_and_price_read_from_a_description(text, volume, unit, price):
    found = parse_inline(text)
    assert found is not None
    assert (found.volume.value, found.volume.unit, found.price) == (volume, unit, price)


@pytest.mark.parametrize("text", [
    "NIP. 19700812 199503 1 004", "6 hari", "Hotel kelas B", "3 x 24 jam",
    "Transport 2 x Rp 150.000 dan 3 x Rp 100.000", "Penginapan 2 x 3",
    "Uang harian 19700812199503100 x Rp 1.000",
])
def test_no_price_is_invented(text):
    assert parse_inline(text) is None


def test_a_form_without_any_amount_column_computes_each_line_with_a_notice():
    parsed = read_budget(FIXTURES / "rincian_teks.xlsx")
    assert parsed.usable, parsed.problems
    # 3 x 370.000 + 2 x 550.000 + 2 x 475.000 + 4 x 1 x 150.000
    assert amounts(parsed) == [(5, "uang_harian", 1110000), (6, "penginapan", 1100000),
                               (7, "penginapan", 950000), (8, "tiket", 600000)]
    assert parsed.total == Decimal("3760000")
    notices = [p for p in parsed.problems if p.code == "budget_amount_from_text"]
    assert [p.path for p in notices] == [f"Rincian Biaya!B{row}" for row in (5, 6, 7, 8)]
    # the declared JUMLAH "Rp 3.760.000,-" is read from its own cell and checked
    assert [(t.kind, t.declared) for t in parsed.totals] == [("total", 3760000)]
    # neither the "3 hari" of the Lama column nor the hotel's class is an amount
    assert all(line.volume in (2, 3, 4) for line in parsed.lines)


def test_text_that_disagrees_with_its_amount_cell_is_an_error():
    rows = [["No", "Perincian Biaya", "Jumlah"],
            [1, "Uang harian 3 hr x Rp 370.000", 1200000],
            [None, "JUMLAH", 1200000]]
    parsed = read_budget(workbook_bytes(("Rincian", rows)))
    assert not parsed.usable
    assert "budget_line_mismatch" in codes(parsed, "error")


def test_an_amount_in_words_that_cannot_be_read_is_refused_not_dropped():
    rows = [["No", "Perincian Biaya", "Jumlah"],
            [1, "Uang harian 3 hr x Rp 370.000", 1110000],
            [2, "Transport 2 x Rp 150.000 dan 3 x Rp 100.000", None],
            [None, "JUMLAH", 1110000]]
    parsed = read_budget(workbook_bytes(("Rincian", rows)))
    assert not parsed.usable
    (problem,) = [p for p in parsed.errors if p.code == "budget_amount_unclear"]
    assert problem.path == "Rincian!B3"


# --- 6. a rincian per traveller ---------------------------------------------------------------


def test_a_row_per_traveller_followed_by_cost_rows():
    parsed = read_budget(FIXTURES / "rincian_pelaksana.xlsx")
    assert parsed.usable, parsed.problems
    # the first traveller's No, name, jabatan and days are merged down over A7:D11
    assert "budget_merged_data" not in codes(parsed)
    who = [(line.row, line.person, line.nip, line.component, line.amount)
           for line in parsed.lines]
    # Agus: 3 x 370.000, 2 x 750.000, 1.850.000; Siti: 3 x 370.000, 2 x 550.000, 1.850.000
    assert who == [
        (8, *AGUS, "uang_harian", 1110000), (9, *AGUS, "penginapan", 1500000),
        (10, *AGUS, "tiket", 1850000),
        (12, *SITI, "uang_harian", 1110000), (13, *SITI, "penginapan", 1100000),
        (14, *SITI, "tiket", 1850000)]
    assert parsed.total == Decimal("8520000")
    assert [(t.kind, t.row, t.declared) for t in parsed.totals] == [
        ("subtotal", 11, 4460000), ("subtotal", 15, 4060000), ("total", 16, 8520000)]
    # the traveller stays on the study's line
    assert parsed.budget_lines()[3].note == f"{SITI[0]} (NIP {SITI[1]})"
    assert parsed.budget_lines()[3].traveller == f"{SITI[0]} (NIP {SITI[1]})"
    assert parsed.lines[0].as_dict()["person"] == AGUS[0]


def test_a_column_per_cost():
    parsed = read_budget(FIXTURES / "rincian_kolom_biaya.xlsx")
    assert parsed.usable, parsed.problems
    hendra = ("Dr. Hendra Kusuma, M.Si.", "197203151998031007")
    bambang = ("Bambang Sutrisno, S.Kom.", "199001102015031002")
    got = [(line.source_ref, line.person, line.nip, line.component, line.amount)
           for line in parsed.lines]
    assert got == [
        ("Rekap Biaya!F5", *hendra, "uang_harian", 1110000),
        ("Rekap Biaya!G5", *hendra, "penginapan", 2000000),
        ("Rekap Biaya!H5", *hendra, "tiket", 1850000),
        ("Rekap Biaya!I5", *hendra, "uang_representasi", 450000),
        ("Rekap Biaya!F6", *SITI, "uang_harian", 1110000),
        ("Rekap Biaya!G6", *SITI, "penginapan", 1100000),
        ("Rekap Biaya!H6", *SITI, "tiket", 1850000),
        ("Rekap Biaya!F7", *bambang, "uang_harian", 1110000),
        ("Rekap Biaya!G7", *bambang, "penginapan", 1100000),
        ("Rekap Biaya!H7", *bambang, "tiket", 1850000)]
    # 5.410.000 + 4.060.000 + 4.060.000
    assert parsed.total == Decimal("13530000")
    # a daily cost over the Lama column is days x rate; the NIP column is never an amount
    assert (parsed.lines[0].volume, parsed.lines[0].unit_price) == (3, 370000)
    assert [t.declared for t in parsed.totals] == [5410000, 4060000, 4060000, 13530000]


def test_a_wrong_row_total_in_a_column_per_cost_table_is_an_error():
    rows = [["No", "Nama", "Uang Harian", "Penginapan", "Jumlah"],
            [1, "Budi Santoso", 1110000, 1100000, 2300000],
            [None, "JUMLAH", 1110000, 1100000, 2300000]]
    parsed = read_budget(workbook_bytes(("Rekap", rows)))
    assert not parsed.usable
    assert "budget_subtotal_mismatch" in codes(parsed, "error")


def test_people_cells():
    assert person_in("Budi Santoso, S.Kom / NIP. 19800101 200501 1 001") == (
        "Budi Santoso, S.Kom", "198001012005011001")
    assert only_nip("NIP. 19800101 200501 1 001") and not only_nip("Budi Santoso")
    assert nip_in("6 hari") == ""


# --- 7. several sheets ------------------------------------------------------------------------


def test_the_budget_sheet_of_an_spj_workbook_and_what_the_others_are():
    parsed = read_budget(FIXTURES / "spj_perjalanan.xlsx")
    assert parsed.usable, parsed.problems
    assert parsed.sheet == "Rincian"
    assert [(s.name, s.kind, s.read) for s in parsed.sheets] == [
        ("SPD", "spd", False), ("Rincian", "budget", True), ("Kuitansi", "kuitansi", False),
        ("DPR", "riil", False)]
    # 3 x 370.000 + 2 x 550.000 + 480.000 + 2 x 100.000; the kuitansi repeats them: not read
    assert amounts(parsed) == [(5, "uang_harian", 1110000), (6, "penginapan", 1100000),
                               (7, "tiket", 480000), (8, "transport_lokal", 200000)]
    assert parsed.total == Decimal("2890000")
    chosen = read_budget(FIXTURES / "spj_perjalanan.xlsx", sheet="DPR")
    assert chosen.sheet == "DPR" and chosen.total == Decimal("200000")
    missing = read_budget(FIXTURES / "spj_perjalanan.xlsx", sheet="Lampiran")
    assert codes(missing) == ["budget_sheet_missing"] and not missing.usable


def test_two_sheets_that_look_alike_are_refused_not_guessed():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [1, "Uang harian", 4, "OH", 370000, 1480000]]
    data = workbook_bytes(("RAB 1", rows), ("RAB 2", rows))
    parsed = read_budget(data)
    assert codes(parsed) == ["budget_sheet_ambiguous"] and parsed.lines == []
    assert read_budget(data, sheet="RAB 2").total == Decimal("1480000")


def test_sheet_option_and_classification_on_the_command_line():
    runner = CliRunner()
    path = str(FIXTURES / "spj_perjalanan.xlsx")
    result = runner.invoke(main, ["budget", "check", path])
    assert result.exit_code == 0, result.output
    assert re.search(r'Lembar lain: "SPD" formulir SPD; "Kuitansi" kuitansi; "DPR" daftar '
                     r"pengeluaran riil", result.output)
    assert "Jumlah total: Rp2.890.000,00" in result.output
    other = runner.invoke(main, ["budget", "check", path, "--sheet", "DPR"])
    assert other.exit_code == 0 and "Jumlah total: Rp200.000,00" in other.output


def test_a_line_of_numbers_without_description_is_not_taken_for_column_numbers():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [2, None, 2, None, 500000, 1000000],
            [None, "JUMLAH", None, None, None, 2480000]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert [line.row for line in parsed.lines] == [3, 4]
    assert parsed.total == Decimal("2480000")
    assert "budget_total_mismatch" not in codes(parsed)


def test_a_line_below_a_bare_jumlah_taken_for_the_end_is_refused():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [None, "Jumlah", None, None, None, 1480000],
            [None, "Catatan: harga sesuai SSH 2026"],
            [2, "Penginapan golongan III", 2, "OH", 500000, 1000000],
            [None, "JUMLAH", None, None, None, 2480000]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert not parsed.usable
    (problem,) = [p for p in parsed.errors if p.code == "budget_lines_after_total"]
    assert problem.path == "RAB!5:5" and "baris 5" in problem.message("id")


def test_costs_under_a_merged_rincian_biaya_in_a_second_header_row():
    rows = [["REKAP BIAYA"], [],
            ["No", "Nama / NIP / Gol", "Rincian Biaya", None, None, "Jumlah"],
            [None, None, "Uang Harian", "Penginapan", "Transport", None],
            [1, "Budi Santoso / 198001012005011001", 1110000, 1100000, 480000, 2690000],
            [2, "Sari Dewi", 1110000, None, 480000, 1590000],
            [None, "JUMLAH", 2220000, 1100000, 960000, 4280000]]
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    for row in rows:
        ws.append(row)
    ws.merge_cells("C3:E3")
    out = io.BytesIO()
    wb.save(out)
    parsed = read_budget(out.getvalue())
    assert parsed.usable, parsed.problems
    assert [(line.source_ref, line.person, line.component, line.amount)
            for line in parsed.lines] == [
        ("Rekap!C5", "Budi Santoso", "uang_harian", 1110000),
        ("Rekap!D5", "Budi Santoso", "penginapan", 1100000),
        ("Rekap!E5", "Budi Santoso", "tiket", 480000),
        ("Rekap!C6", "Sari Dewi", "uang_harian", 1110000),
        ("Rekap!E6", "Sari Dewi", "tiket", 480000)]
    assert parsed.lines[0].nip == "198001012005011001"
    # 2.690.000 + 1.590.000
    assert parsed.total == Decimal("4280000")


def test_an_spj_rincian_with_amounts_typed_as_text():
    rows = [["RINCIAN BIAYA PERJALANAN DINAS"], ["Lampiran SPD Nomor: 094/1/2026"], [],
            ["No", "Uraian / Rincian Biaya", "Jumlah Biaya Yang Dibayar (Rp)", "Keterangan"],
            [1, "Uang Harian: 3 hari x Rp 370.000", "Rp 1.110.000", None],
            [2, "Biaya Transport: tiket kereta PP", "Rp 480.000,-", None],
            [None, "JUMLAH", "Rp 1.590.000", None],
            [None, "Terbilang: Satu juta lima ratus sembilan puluh ribu rupiah"],
            [None, "Telah dibayar sejumlah Rp 1.590.000"],
            [None, "Ditetapkan sejumlah", "Rp 1.590.000"]]
    parsed = read_budget(workbook_bytes(("Rincian", rows)))
    assert parsed.usable, parsed.problems
    assert amounts(parsed) == [(5, "uang_harian", 1110000), (6, "tiket", 480000)]
    assert (parsed.lines[0].volume, parsed.lines[0].unit_price) == (3, 370000)
    assert parsed.total == Decimal("1590000") and parsed.unread_rows == [10]


def test_cost_columns_with_sub_columns_are_read_from_their_jumlah():
    rows = [["No", "Nama", "Uang Harian", None, None, "Penginapan", None, None, "Transport",
             "Jumlah"],
            [None, None, "Hr", "Rp", "Jumlah", "Mlm", "Rp", "Jumlah", None, None],
            [1, "Budi Santoso", 3, 370000, 1110000, 2, 550000, 1100000, 480000, 2690000],
            [None, "JUMLAH", None, None, 1110000, None, None, 1100000, 480000, 2690000]]
    parsed = read_budget(workbook_bytes(("Nominatif", rows)))
    assert parsed.usable, parsed.problems
    assert [(line.source_ref, line.amount) for line in parsed.lines] == [
        ("Nominatif!E3", 1110000), ("Nominatif!H3", 1100000), ("Nominatif!I3", 480000)]
    assert parsed.total == Decimal("2690000")


def test_days_in_a_cost_column_are_never_rupiah():
    without_jumlah = [["No", "Nama", "Uang Harian", None, "Penginapan", None, "Transport"],
                      [None, None, "Hr", "Rp", "Mlm", "Rp", None],
                      [1, "Budi Santoso", 3, 370000, 2, 550000, 480000]]
    refused = read_budget(workbook_bytes(("Nominatif", without_jumlah)))
    assert not refused.usable and refused.lines == []
    small = [["No", "Nama", "Uang Harian", "Penginapan", "Jumlah"],
             [1, "Budi Santoso", 3, 1100000, 1100003]]
    parsed = read_budget(workbook_bytes(("Rekap", small)))
    assert not parsed.usable
    (problem,) = [p for p in parsed.errors if p.code == "budget_cost_too_small"]
    assert problem.path == "Rekap!C2"


def test_a_traveller_total_written_on_the_traveller_row_is_checked_not_counted():
    rows = [["No", "Nama / NIP", "Perincian Biaya", "Jumlah (Rp)"],
            [1, "Budi Santoso", None, 2690000],
            [None, None, "Uang harian 3 hr x Rp 370.000", 1110000],
            [None, None, "Penginapan 2 malam x Rp 550.000", 1100000],
            [None, None, "Tiket kereta PP", 480000],
            [2, "Sari Dewi", None, 1590000],
            [None, None, "Uang harian 3 hr x Rp 370.000", 1110000],
            [None, None, "Tiket kereta PP", 480000],
            [None, "JUMLAH", None, 4280000]]
    parsed = read_budget(workbook_bytes(("Rincian", rows)))
    assert parsed.usable, parsed.problems
    # 1.110.000 + 1.100.000 + 480.000 + 1.110.000 + 480.000
    assert parsed.total == Decimal("4280000") and len(parsed.lines) == 5
    assert [(t.kind, t.row, t.first, t.last) for t in parsed.totals] == [
        ("subtotal", 2, 0, 3), ("subtotal", 6, 3, 5), ("total", 9, 0, 5)]
    wrong = [list(r) for r in rows]
    wrong[1][3] = 2700000
    assert "budget_subtotal_mismatch" in codes(read_budget(workbook_bytes(("Rincian", wrong))))


def test_a_second_table_below_a_bare_jumlah_repeating_the_lines_is_not_read():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [2, "Penginapan golongan III", 2, "OH", 500000, 1000000],
            [None, "JUMLAH", None, None, None, 2480000],
            [],
            [None, "KUITANSI"],
            ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [2, "Penginapan golongan III", 2, "OH", 500000, 1000000]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert parsed.usable, parsed.problems
    assert parsed.total == Decimal("2480000") and len(parsed.lines) == 2
    assert "budget_lines_after_total" not in codes(parsed)


@pytest.mark.parametrize("label", ["Jumlah Total Biaya Perjalanan Dinas", "TOTAL KESELURUHAN (Rp)",
                                   "Jumlah (A + B)"])
def test_total_labels_offices_write_are_totals_not_lines(label):
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            ["A", "Uang Harian"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [None, "Jumlah A", None, None, None, 1480000],
            ["B", "Penginapan"],
            [1, "Penginapan golongan III", 2, "OH", 500000, 1000000],
            [None, "Jumlah B", None, None, None, 1000000],
            [None, label, None, None, None, 2480000],
            [None, "Mengetahui,"]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert parsed.usable, parsed.problems
    assert len(parsed.lines) == 2 and parsed.total == Decimal("2480000")
    assert parsed.totals[-1].kind == "total" and parsed.totals[-1].first == 0


@pytest.mark.parametrize("name, sheet, count, total", [
    ("rincian_pelaksana.xls", "Rincian", 6, Decimal("8520000")),
    ("rab_kolom_rp.xls", "Anggaran", 4, Decimal("12510000")),
    ("spj_perjalanan.ods", "Rincian", 4, Decimal("2890000")),
])
def test_the_same_layouts_saved_as_xls_and_ods(name, sheet, count, total):
    parsed = read_budget(FIXTURES / name)
    assert parsed.usable, parsed.problems
    assert (parsed.sheet, len(parsed.lines), parsed.total) == (sheet, count, total)
    xlsx = read_budget(FIXTURES / (name.rsplit(".", 1)[0] + ".xlsx"))
    assert [(line.row, line.component, line.amount, line.person, line.nip)
            for line in parsed.lines] == [
        (line.row, line.component, line.amount, line.person, line.nip) for line in xlsx.lines]


@pytest.mark.parametrize("text", ["Hotel bintang 5 x 2 malam x Rp 500.000",
                                  "Kamar kelas 2 x 3 malam x Rp 300.000"])
def test_a_number_naming_a_class_is_not_a_factor(text):
    assert parse_inline(text) is None
    rows = [["No", "Perincian Biaya", "Jumlah"], [1, text, None], [None, "JUMLAH", 1000000]]
    assert "budget_amount_unclear" in codes(read_budget(workbook_bytes(("Rincian", rows))))


def test_a_row_of_costs_without_a_traveller_is_not_counted_again():
    rows = [["No", "Nama", "Uang Harian", "Penginapan"],
            [1, "Budi Santoso", 1110000, 1100000],
            [2, "Sari Dewi", 1110000, 1100000],
            [None, None, 2220000, 2200000]]
    parsed = read_budget(workbook_bytes(("Rekap", rows)))
    assert not parsed.usable
    assert [p.path for p in parsed.errors if p.code == "budget_cost_row_without_person"] == [
        "Rekap!4:4"]


def test_lines_grouped_under_kinds_of_spending_with_a_jumlah_each():
    rows = [["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [None, "5.1.02.04.01.0001 Belanja Perjalanan Dinas Biasa"],
            [1, "Uang harian", 4, "OH", 370000, 1480000],
            [2, "Penginapan golongan III", 2, "OH", 500000, 1000000],
            [None, "Jumlah", None, None, None, 2480000],
            [None, "Belanja Sewa Kendaraan"],
            [1, "Sewa mobil", 2, "hari", 900000, 1800000],
            [None, "Jumlah", None, None, None, 1800000],
            [None, "JUMLAH TOTAL", None, None, None, 4280000]]
    parsed = read_budget(workbook_bytes(("RAB", rows)))
    assert parsed.usable, parsed.problems
    # 4 x 370.000 + 2 x 500.000 + 2 x 900.000
    assert parsed.total == Decimal("4280000") and len(parsed.lines) == 3
    assert parsed.lines[2].component == "sewa_kendaraan"


def test_the_command_line_prints_no_total_when_a_header_has_no_lines(tmp_path):
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(workbook_bytes(("RAB", [
        ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
        [None, "Catatan: belum diisi"]])))
    result = CliRunner().invoke(main, ["budget", "check", str(path)])
    assert result.exit_code == 1
    assert "tidak ada baris anggaran" in result.output
    assert "Jumlah total" not in result.output and "Nol rupiah" not in result.output


# --- the Gol column of a rincian per traveller ----------------------------------------------------


def test_grades_as_offices_write_them():
    from docgen.budget.vocab import grade_in

    assert grade_in("IV/c") == ("", "IV/c")
    assert grade_in("Pembina, IV a") == ("", "IV/a")
    assert grade_in("4c") == ("", "IV/c")
    assert grade_in("IV/d (Eselon II)") == ("II", "IV/d")
    assert grade_in("Es. III") == ("III", "")
    assert grade_in("III") == ("", "III")
    assert grade_in("Kepala Bidang") == ("", "")


def test_the_gol_column_gives_each_traveller_a_cost_level():
    from docgen.budget import BudgetContext

    rows = [["No", "Nama", "Gol", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
            [1, "Budi Santoso", "IV/c", "Biaya penginapan", 2, "malam", 1300000, 2600000],
            [2, "Rina Kartikasari", "III/b", "Biaya penginapan", 2, "malam", 900000, 1800000],
            [3, "Rina Kartikasari", "III/b", "Uang representasi", 3, "hari", 150000, 450000],
            [4, "Hendra Kusuma", "IV/d (Eselon II)", "Uang representasi", 3, "hari", 150000,
             450000],
            [None, "JUMLAH", None, None, None, None, None, 5300000]]
    parsed = read_budget(workbook_bytes(("Rincian", rows)),
                         BudgetContext(year=2026, province="Jawa Timur"))
    got = [(p.path, p.code) for p in parsed.problems]
    # IV/c lodges as eselon III (Rp1.234.000), III/b as eselon IV (Rp814.000); III/b gets
    # no uang representasi, eselon II does (within its Rp150.000)
    assert got == [("Rincian!G2", "budget_above_cap_unverified"),
                   ("Rincian!G3", "budget_above_cap_unverified"),
                   ("Rincian!D4", "budget_representasi_not_eligible")]
    messages = [p.message("id") for p in parsed.problems]
    assert "Rp1.234.000" in messages[0] and "eselon III/golongan IV" in messages[0]
    assert "Rp814.000" in messages[1]
    assert "Rina Kartikasari" in messages[2] or "representasi" in messages[2]
    assert parsed.total == Decimal("5300000")


# --- the JUMLAH row of a table with a column per cost ---------------------------------------------


def test_each_column_total_is_checked_against_its_column():
    rows = [["No", "Nama", "Lama", "Uang Harian", "Penginapan", "Jumlah"],
            [1, "Budi Santoso", "3 hari", 1110000, 1100000, 2210000],
            [2, "Rina Kartikasari", "3 hari", 1110000, 1100000, 2210000],
            [None, "JUMLAH", None, 2320000, 2100000, 4420000]]
    parsed = read_budget(workbook_bytes(("Rekap", rows)))
    # the grand total is right, but each column total is not: both cells are named
    errors = [(p.path, p.code) for p in parsed.errors]
    assert errors == [("Rekap!D4", "budget_column_total_mismatch"),
                      ("Rekap!E4", "budget_column_total_mismatch")]
    message = parsed.errors[0].message("id")
    assert '"Uang Harian"' in message and "Rp2.320.000" in message and "Rp2.220.000" in message
    assert "baris 2–3" in message
    assert "Rp2.200.000" in parsed.errors[1].message("en")
    assert parsed.total == Decimal("4420000") and not parsed.usable


def test_right_column_totals_and_a_table_without_a_jumlah_column():
    rows = [["No", "Nama", "Lama", "Uang Harian", "Penginapan"],
            [1, "Budi Santoso", "3 hari", 1110000, 1100000],
            [2, "Rina Kartikasari", "3 hari", 1110000, None],
            [None, "JUMLAH", None, 2220000, 1100000]]
    parsed = read_budget(workbook_bytes(("Rekap", rows)))
    assert parsed.errors == [] and parsed.total == Decimal("3320000")
    rows[3][4] = 1000000
    wrong = read_budget(workbook_bytes(("Rekap", rows)))
    assert [(p.path, p.code) for p in wrong.errors] == [
        ("Rekap!E4", "budget_column_total_mismatch"), ("Rekap!E4", "budget_total_mismatch")]


def test_the_json_of_a_header_without_lines_has_no_total(tmp_path):
    import json

    path = tmp_path / "kosong.xlsx"
    path.write_bytes(workbook_bytes(("RAB", [
        ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
        [None, "Catatan: belum diisi"]])))
    result = CliRunner().invoke(main, ["budget", "check", "--json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["lines"] == [] and data["by_component"] == {}
    assert data["total"] is None and data["total_rupiah"] is None and data["terbilang"] is None
    assert data["errors"][0]["code"] == "budget_no_lines"
    usable = CliRunner().invoke(main, ["budget", "check", "--json",
                                       str(FIXTURES / "rab_kantor.ods")])
    assert json.loads(usable.stdout)["total"] == "24422000"
