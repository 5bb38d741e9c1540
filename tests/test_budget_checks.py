"""The checks: each mistake is named by sheet and cell, with the value seen, in both languages."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from docgen.budget import BudgetContext, read_budget
from docgen.budget.caps import CapRow, CapTable, default_caps
from docgen.budget.workbook import with_cached_values
from docgen.study import TeamMember

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
HEADER = ["No", "Komponen", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah",
          "Keterangan"]


def book(rows: list[list[object]], header: list[str] = HEADER, sheet: str = "RAB",
         above: list[list[object]] | None = None) -> bytes:
    """A workbook written by openpyxl (so formulas have no cached results)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in above or []:
        ws.append(row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def found(parsed) -> list[tuple[str, str, str]]:
    return [(p.path, p.code, p.severity) for p in parsed.problems]


def test_each_mistake_in_the_faulty_fixture_at_its_cell():
    parsed = read_budget(FIXTURES / "rab_salah.xlsx", BudgetContext(year=2026))
    assert found(parsed) == [
        ("Catatan", "budget_hidden_sheet_ignored", "warning"),
        ("RAB!F6", "budget_above_cap", "error"),
        ("RAB!F7", "budget_not_a_number", "error"),
        ("RAB!D8", "budget_not_positive", "error"),
        ("RAB!F9", "budget_not_positive", "error"),
        ("RAB!G10", "budget_line_mismatch", "error"),
        ("RAB!B11", "budget_unknown_component", "error"),
        ("RAB!C13", "budget_duplicate_line", "warning"),
        ("RAB!C14", "budget_representasi_not_eligible", "error"),
        ("RAB!G15", "budget_error_value", "error"),
        ("RAB!G16", "budget_error_value", "error"),
        ("RAB!G17", "budget_error_value", "error"),
        ("RAB!G18:G19", "budget_merged_data", "error"),
    ]
    assert not parsed.usable
    messages = {p.path: (p.message("id"), p.message("en")) for p in parsed.problems}
    assert messages["RAB!F7"] == ('Harga Satuan "delapan ratus ribu" bukan angka',
                                  'Harga Satuan "delapan ratus ribu" is not a number')
    assert messages["RAB!D8"][0] == "Volume -2 harus lebih dari nol"
    assert messages["RAB!G10"][0] == ("jumlah Rp2.600.000 tidak sama dengan volume 3 × harga "
                                      "Rp850.000 = Rp2.550.000")
    assert '"Oleh-oleh"' in messages["RAB!B11"][0]
    assert messages["RAB!G15"][1] == 'Jumlah shows the error "#DIV/0!"; fix the formula'
    assert '"#REF!"' in messages["RAB!G16"][0] and '"#VALUE!"' in messages["RAB!G17"][0]
    assert "Rp450.000" in messages["RAB!F6"][0] and "Rp410.000" in messages["RAB!F6"][0]
    assert "Perpres 33/2020" in messages["RAB!F6"][0]
    assert "eselon IV" in messages["RAB!C14"][0]
    assert "baris 12" in messages["RAB!C13"][0]


def test_wrong_subtotal_total_and_terbilang():
    parsed = read_budget(FIXTURES / "rab_total_salah.xlsx")
    assert found(parsed) == [
        ("RAB!F10", "budget_subtotal_mismatch", "error"),
        ("RAB!F11", "budget_total_mismatch", "error"),
        ("RAB!B12", "budget_terbilang_mismatch", "warning"),
    ]
    subtotal, total, words = (p.message("id") for p in parsed.problems)
    assert subtotal == ('subtotal "Sub Total B" Rp7.532.000 tidak sama dengan jumlah 2 baris di '
                        "atasnya (baris 8–9) = Rp7.352.000")
    assert "Rp12.352.000" in total and "Rp12.272.000" in total
    assert "Dua belas juta dua ratus tujuh puluh dua ribu rupiah" in words
    # the lines are counted once: subtotals are not lines
    assert parsed.total == Decimal("12272000")


def test_amount_within_one_rupiah_is_accepted_and_beyond_is_not():
    rows = [[1, "Uang Harian", "Uang harian Jawa Timur", 3, "OH", 333333.33, 999999.00],
            [2, "Uang Harian", "Uang harian Bali", 3, "OH", 333333.33, 1000001.50]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!G3", "budget_line_mismatch", "error")]


def test_formulas_without_cached_values_are_computed_and_said():
    rows = [[1, "Uang Harian", "Uang harian Jawa Timur", 12, "OH", 410000, "=D2*F2"],
            [2, "Tiket Pesawat/Transportasi", "Tiket", 4, "orang", 2100000, "=D3*F3"],
            [None, None, "JUMLAH", None, None, None, "=SUM(G2:G3)"]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert parsed.usable
    assert [line.amount for line in parsed.lines] == [4920000, 8400000]
    assert found(parsed) == [
        ("RAB!G2", "budget_formula_no_value", "warning"),
        ("RAB!G3", "budget_formula_no_value", "warning"),
        ("RAB!G4", "budget_total_formula_no_value", "warning"),
    ]
    assert parsed.problems[0].message("id") == (
        "rumus =D2*F2 belum punya hasil tersimpan (berkas dibuat oleh program, bukan Excel/"
        "LibreOffice); dihitung volume × harga = 4.920.000")


def test_a_placeholder_zero_result_is_not_taken_for_the_amount():
    rows = [[1, "Uang Harian", "Uang harian Jawa Timur", 12, "OH", 410000, "=D2*F2"]]
    data = with_cached_values(book(rows), "xl/worksheets/sheet1.xml", {"G2": Decimal(0)})
    parsed = read_budget(data, BudgetContext(year=2026))
    assert parsed.lines[0].amount == 4920000
    assert found(parsed) == [("RAB!G2", "budget_formula_no_value", "warning")]


def test_volume_formula_without_a_result_blocks_the_line():
    rows = [[1, "Uang Harian", "Uang harian Jawa Timur", "=4*3", "OH", 410000, 4920000]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!D2", "budget_formula_no_value_input", "error")]
    assert "=4*3" in parsed.problems[0].message("en")


def test_section_rows_give_the_component_and_unknown_text_becomes_lain_lain():
    header = ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"]
    rows = [["A", "Uang Harian", None, None, None, None],
            [1, "Pegawai golongan III", 9, "OH", 380000, 3420000],
            ["B", "Biaya Penginapan", None, None, None, None],
            [1, "Pegawai golongan III", 6, "OH", 600000, 3600000],
            ["C", "Cinderamata", None, None, None, None],
            [1, "Plakat kayu", 2, "buah", 250000, 500000]]
    parsed = read_budget(book(rows, header), BudgetContext(year=2026, province="Lampung"))
    assert [line.component for line in parsed.lines] == ["uang_harian", "penginapan",
                                                         "lain_lain"]
    assert found(parsed) == [("RAB!B7", "budget_component_guessed", "warning")]


def test_lump_sum_line_and_a_missing_description():
    header = ["No", "Komponen", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"]
    rows = [[1, "Asuransi Perjalanan", "Asuransi perjalanan rombongan", None, None, None,
             1500000],
            [2, "Paspor dan Visa", None, 2, "orang", 350000, 700000]]
    parsed = read_budget(book(rows, header), BudgetContext(year=2026))
    assert parsed.usable
    assert [(line.volume, line.unit, line.unit_price, line.description)
            for line in parsed.lines] == [(1, "paket", 1500000, "Asuransi perjalanan rombongan"),
                                          (2, "orang", 350000, "Paspor dan Visa")]
    assert found(parsed) == [("RAB!G2", "budget_lump_sum", "warning"),
                             ("RAB!C3", "budget_no_description", "warning")]


def test_volume_columns_must_agree_with_the_volume():
    header = ["Uraian", "Orang", "Hari", "Volume", "Satuan", "Harga Satuan", "Jumlah"]
    rows = [["Uang harian Bali", 4, 3, 12, "OH", 480000, 5760000],
            ["Uang harian Bali", 4, 3, 10, "OH", 480000, 4800000]]
    parsed = read_budget(book(rows, header), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!D3", "budget_volume_factors", "error")]
    assert parsed.problems[0].message("id") == (
        "volume 10 tidak sama dengan hasil kali kolom orang/hari (12)")


def test_foreign_price_without_a_rate_is_an_error():
    header = ["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah (Rp)"]
    rows = [["Uang harian Italia golongan D", 5, "OH", "USD 427", None]]
    parsed = read_budget(book(rows, header), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!D2", "budget_no_rate", "error")]
    assert "USD" in parsed.problems[0].message("en")


def test_unknown_currency_is_an_error():
    header = ["Uraian", "Volume", "Satuan", "Mata Uang", "Harga Satuan", "Jumlah"]
    rows = [["Uang harian", 5, "OH", "Kepeng", 427, None]]
    parsed = read_budget(book(rows, header), BudgetContext(year=2026, rates={"*": Decimal(1)}))
    assert ("RAB!D2", "budget_unknown_currency", "error") in found(parsed)


# --------------------------------------------------------------------------- representasi


def member(name: str, eselon: str = "", golongan: str | None = None) -> TeamMember:
    return TeamMember(name=name, eselon=eselon, golongan=golongan)


REPRESENTASI = [[1, "Uang Representasi", "Uang representasi Bambang Setiawan", 3, "OH", 150000,
                 450000]]


def test_representasi_for_a_named_traveller_below_eselon_ii():
    team = [member("Bambang Setiawan", "III", "IV/a"), member("Rina Kartikasari", "", "III/c")]
    parsed = read_budget(book(REPRESENTASI), BudgetContext(year=2026, team=team))
    assert found(parsed) == [("RAB!C2", "budget_representasi_not_eligible", "error")]
    assert "Bambang Setiawan" in parsed.problems[0].message("id")


def test_representasi_for_an_eselon_ii_traveller_is_fine():
    team = [member("Bambang Setiawan", "II", "IV/c")]
    parsed = read_budget(book(REPRESENTASI), BudgetContext(year=2026, team=team))
    assert parsed.problems == []


def test_representasi_when_nobody_in_the_team_is_eligible():
    rows = [[1, "Uang Representasi", "Uang representasi ketua tim", 3, "OH", 150000, 450000]]
    team = [member("Rina Kartikasari", "", "III/c"), member("Yoga Pratama", "IV", "III/d")]
    parsed = read_budget(book(rows), BudgetContext(year=2026, team=team))
    assert found(parsed) == [("RAB!C2", "budget_representasi_nobody", "error")]
    assert "2" in parsed.problems[0].message("id")


def test_representasi_for_nobody_known_is_a_warning():
    rows = [[1, "Uang Representasi", "Uang representasi", 3, "OH", 150000, 450000]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!C2", "budget_representasi_unknown", "warning")]


def test_representasi_above_its_cap():
    rows = [[1, "Uang Representasi", "Uang representasi Kepala Dinas (Eselon II) luar kota", 3,
             "OH", 200000, 600000]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!F2", "budget_above_cap", "error")]
    assert "Rp150.000" in parsed.problems[0].message("id")


# --------------------------------------------------------------------------- caps


def test_lodging_above_an_unverified_cap_is_a_warning_naming_its_source():
    rows = [[1, "Biaya Penginapan", "Hotel eselon III Provinsi Riau", 2, "OH", 1700000,
             3400000]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert found(parsed) == [("RAB!F2", "budget_above_cap_unverified", "warning")]
    message = parsed.problems[0].message("id")
    assert "Rp1.650.000" in message and "PMK 32/2025" in message
    assert "belum diverifikasi" in message
    assert parsed.usable


def test_the_cap_in_force_depends_on_the_fiscal_year():
    rows = [[1, "Biaya Penginapan", "Hotel eselon I DKI Jakarta", 1, "OH", 9000000, 9000000]]
    in_2025 = read_budget(book(rows), BudgetContext(year=2025))
    in_2026 = read_budget(book(rows), BudgetContext(year=2026))
    assert found(in_2025) == [("RAB!F2", "budget_above_cap", "error")]
    assert "Rp8.720.000" in in_2025.problems[0].message("id")
    assert "PMK 49/2023" in in_2025.problems[0].message("id")
    assert in_2026.problems == []  # PMK 32/2025: Rp9.331.000


def test_lodging_level_from_the_team_member_named():
    rows = [[1, "Biaya Penginapan", "Hotel untuk Rina Kartikasari di Jawa Timur", 2, "OH",
             900000, 1800000]]
    team = [member("Rina Kartikasari", "", "III/c")]
    parsed = read_budget(book(rows), BudgetContext(year=2026, team=team))
    assert found(parsed) == [("RAB!F2", "budget_above_cap_unverified", "warning")]
    assert "Rp814.000" in parsed.problems[0].message("id")


def test_lodging_without_a_level_is_not_checked_and_says_so():
    rows = [[1, "Biaya Penginapan", "Hotel di Surabaya", 2, "OH", 900000, 1800000]]
    parsed = read_budget(book(rows), BudgetContext(year=2026, province="Jawa Timur"))
    assert found(parsed) == [("RAB!C2", "budget_cap_no_level", "warning")]


def test_unknown_province_is_said_once():
    rows = [[1, "Uang Harian", "Uang harian", 12, "OH", 410000, 4920000],
            [2, "Uang Harian", "Uang harian diklat", 6, "OH", 110000, 660000]]
    parsed = read_budget(book(rows), BudgetContext(year=2026))
    assert found(parsed) == [("RAB", "budget_cap_no_region", "warning")]
    assert "2, 3" in parsed.problems[0].message("id")
    with_province = read_budget(book(rows), BudgetContext(year=2026, province="Jatim"))
    assert with_province.problems == []
    rows[0][5] = 420000
    above = read_budget(book(rows), BudgetContext(year=2026, province="Jatim"))
    assert found(above) == [("RAB!F2", "budget_above_cap", "error"),
                            ("RAB!G2", "budget_line_mismatch", "error")]
    assert "Jawa Timur" in above.problems[0].message("id")


def test_per_diem_abroad_checked_in_dollars():
    header = ["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah (Rp)"]
    rows = [["Uang harian Italia golongan C", 5, "OH", "USD 500", None]]
    parsed = read_budget(book(header=header, rows=rows),
                         BudgetContext(year=2026, rates={"USD": Decimal(16250)}))
    assert found(parsed) == [("RAB!D2", "budget_above_cap", "error"),
                             ("RAB!E2", "budget_amount_empty", "warning")]
    assert "USD 500" in parsed.problems[0].message("en")
    assert "USD 446" in parsed.problems[0].message("en")
    assert parsed.lines[0].amount == 5 * 500 * 16250


def test_a_regional_table_binds_when_lower():
    rows = [[1, "Uang Harian", "Uang harian luar kota Jawa Timur", 12, "OH", 400000, 4800000]]
    local = CapTable([CapRow(2026, "uang_harian_luar_kota", "Jawa Timur", "*", "OH", "IDR",
                             Decimal(375000), "Perbup Sleman 50/2025", "", True)], name="sleman")
    national = read_budget(book(rows), BudgetContext(year=2026))
    regional = read_budget(book(rows), BudgetContext(year=2026, caps=default_caps([local])))
    assert national.problems == []
    assert found(regional) == [("RAB!F2", "budget_above_cap", "error")]
    assert "Perbup Sleman 50/2025" in regional.problems[0].message("id")


def test_a_regional_cap_names_its_table_and_cell():
    rows = [[1, "Uang Harian", "Uang harian luar kota Jawa Timur", 12, "OH", 400000, 4800000]]
    local = CapTable([CapRow(2026, "uang_harian_luar_kota", "Jawa Timur", "*", "OH", "IDR",
                             Decimal(375000), "Perbup Sleman 50/2025", "ssh.xlsx UH!C17", True)],
                     name="ssh.xlsx.csv")
    parsed = read_budget(book(rows), BudgetContext(year=2026, caps=default_caps([local])))
    assert "(Perbup Sleman 50/2025; ssh.xlsx UH!C17, berlaku sejak TA 2026" in \
        parsed.problems[0].message("id")
    unnamed = CapTable([CapRow(2026, "uang_harian_luar_kota", "Jawa Timur", "*", "OH", "IDR",
                               Decimal(375000), "Perbup Sleman 50/2025", "", True)],
                       name="ssh.xlsx.csv")
    parsed = read_budget(book(rows), BudgetContext(year=2026, caps=default_caps([unnamed])))
    assert "(Perbup Sleman 50/2025; ssh.xlsx.csv, in force" in parsed.problems[0].message("en")


# --------------------------------------------------------------------------- golongan I/II


def test_golongan_i_and_ii_have_their_own_level():
    from docgen.budget.checks import member_level

    assert [member_level(member("X", "", gol)) for gol in ("I/d", "II/a", "III/a", "IV/e")] \
        == ["golongan_i_ii", "golongan_i_ii", "eselon_iv", "eselon_iii"]
    assert member_level(member("X", "IV", "II/d")) == "eselon_iv"  # eselon first


GOL_II_LODGING = [[1, "Biaya Penginapan", "Hotel untuk Dedi Kurniawan di Jawa Timur", 2, "OH",
                   700000, 1400000]]


def test_the_golongan_i_ii_cap_applies_to_a_golongan_ii_traveller():
    team = [member("Dedi Kurniawan", "", "II/c")]
    table = CapTable([CapRow(2026, "penginapan", "Jawa Timur", "golongan_i_ii", "OH", "IDR",
                             Decimal(600000), "Perbup Sleman 50/2025", "ssh.xlsx Hotel!F17",
                             True)], name="ssh")
    parsed = read_budget(book(GOL_II_LODGING),
                         BudgetContext(year=2026, team=team, caps=default_caps([table])))
    assert found(parsed) == [("RAB!F2", "budget_above_cap", "error")]
    message = parsed.problems[0].message("id")
    assert "Rp600.000" in message and "golongan I/II" in message and "Hotel!F17" in message


def test_without_a_golongan_i_ii_row_the_eselon_iv_cap_applies():
    team = [member("Dedi Kurniawan", "", "II/c")]
    within = read_budget(book(GOL_II_LODGING), BudgetContext(year=2026, team=team))
    assert within.problems == []  # the national eselon IV/golongan III, II, I cap: Rp814.000
    above = [[1, "Biaya Penginapan", "Hotel untuk Dedi Kurniawan di Jawa Timur", 2, "OH",
              900000, 1800000]]
    parsed = read_budget(book(above), BudgetContext(year=2026, team=team))
    assert found(parsed) == [("RAB!F2", "budget_above_cap_unverified", "warning")]
    assert "Rp814.000" in parsed.problems[0].message("id")
    assert "eselon IV/golongan III, II, I" in parsed.problems[0].message("id")
    # a table with a golongan I/II row that is higher: the lower national cap still binds
    table = CapTable([CapRow(2026, "penginapan", "Jawa Timur", "golongan_i_ii", "OH", "IDR",
                             Decimal(950000), "Perbup Sleman 50/2025", "", True)], name="ssh")
    layered = read_budget(book(above), BudgetContext(year=2026, team=team,
                                                     caps=default_caps([table])))
    assert "Rp814.000" in layered.problems[0].message("id")


def test_golongan_ii_written_in_the_line_uses_its_level():
    rows = [[1, "Biaya Penginapan", "Hotel golongan II Jawa Timur", 2, "OH", 700000, 1400000]]
    table = CapTable([CapRow(2026, "penginapan", "Jawa Timur", "golongan_i_ii", "OH", "IDR",
                             Decimal(600000), "Perbup Sleman 50/2025", "", True)], name="ssh")
    parsed = read_budget(book(rows), BudgetContext(year=2026, caps=default_caps([table])))
    assert found(parsed) == [("RAB!F2", "budget_above_cap", "error")]


def test_example_budget_is_within_every_cap(study):
    context = BudgetContext.from_study(study)
    assert (context.year, context.province, context.country) == (2026, "Jawa Timur", None)
    header = ["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"]
    rows = [[line.description, float(line.volume), line.unit, float(line.unit_price),
             float(line.total)] for line in study.plan.budget]
    parsed = read_budget(book(rows, header), context)
    assert parsed.problems == []
