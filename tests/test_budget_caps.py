"""The standard cost caps shipped as data: complete, sourced, versioned by fiscal year, and
replaceable by a region's own table."""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from importlib import resources

import pytest
from openpyxl import Workbook

from docgen.budget import import_caps, national_caps
from docgen.budget.caps import (
    COLUMNS,
    KINDS,
    LEVELS,
    CapTableInvalid,
    default_caps,
    read_caps_csv,
    write_caps_csv,
)
from docgen.budget.vocab import PROVINCES


def test_every_shipped_file_has_the_columns_and_every_row_a_source():
    folder = resources.files("docgen") / "data" / "caps"
    files = sorted(e.name for e in folder.iterdir() if e.name.endswith(".csv"))
    assert files == ["paket-meeting.csv", "penginapan-dalam-negeri.csv",
                     "uang-harian-dalam-negeri.csv", "uang-harian-luar-negeri.csv",
                     "uang-representasi.csv"]
    for name in files:
        rows = list(csv.DictReader(io.StringIO((folder / name).read_text("utf-8"))))
        assert tuple(rows[0]) == COLUMNS, name
        for row in rows:
            assert row["dasar_hukum"].strip() and row["rujukan"].strip(), (name, row)
            assert row["status"] in ("terverifikasi", "belum"), (name, row)
            assert row["jenis"] in KINDS and row["tingkat"] in LEVELS, (name, row)


def test_one_row_per_kind_region_level_and_year():
    keys = Counter((r.year, r.kind, r.region, r.level) for r in national_caps().rows)
    assert [key for key, count in keys.items() if count > 1] == []


def test_daily_allowance_and_lodging_cover_all_38_provinces():
    rows = national_caps().rows
    for kind in ("uang_harian_luar_kota", "uang_harian_dalam_kota", "uang_harian_diklat"):
        assert {r.region for r in rows if r.kind == kind} == set(PROVINCES), kind
    lodging_2026 = {(r.region, r.level) for r in rows if r.kind == "penginapan" and r.year == 2026}
    assert len(lodging_2026) == 38 * 4


@pytest.mark.parametrize(("kind", "region", "level", "year", "amount"), [
    # naskah-dinas.md §4, verified rows
    ("uang_harian_luar_kota", "DKI Jakarta", "*", 2026, 530000),
    ("uang_harian_dalam_kota", "DKI Jakarta", "*", 2026, 210000),
    ("uang_harian_diklat", "DKI Jakarta", "*", 2026, 160000),
    ("uang_harian_luar_kota", "Lampung", "*", 2026, 380000),
    ("uang_harian_dalam_kota", "Lampung", "*", 2026, 150000),
    ("uang_harian_luar_kota", "DI Yogyakarta", "*", 2026, 420000),
    ("uang_harian_luar_kota", "Bali", "*", 2026, 480000),
    ("uang_representasi_luar_kota", "Jawa Timur", "eselon_ii", 2026, 150000),
    ("uang_representasi_dalam_kota", "Jawa Timur", "eselon_ii", 2026, 75000),
    ("penginapan", "Lampung", "eselon_ii", 2021, 2067000),
    ("penginapan", "Lampung", "eselon_iv", 2021, 580000),
    ("penginapan", "DKI Jakarta", "eselon_i", 2024, 8720000),
    ("penginapan", "DKI Jakarta", "eselon_ii", 2025, 2060000),
    ("penginapan", "DKI Jakarta", "eselon_iii", 2024, 992000),
    ("penginapan", "DKI Jakarta", "eselon_iv", 2024, 730000),
    ("paket_meeting_fullday", "Lampung", "*", 2026, 373000),
    ("uang_harian_luar_negeri", "Inggris", "C", 2026, 583),
    ("uang_harian_luar_negeri", "Italia", "D", 2024, 427),
    ("uang_harian_luar_negeri", "Amerika Serikat", "A", 2024, 659),
    # PMK 32/2025 rows confirmed by the press
    ("penginapan", "DKI Jakarta", "eselon_i", 2026, 9331000),
    ("penginapan", "Jawa Timur", "eselon_i", 2026, 4449000),
])
def test_verified_rows(kind, region, level, year, amount):
    row = national_caps().lookup(kind, region, level, year)
    assert row is not None and row.amount == amount and row.verified


def test_the_two_public_lodging_tables_that_disagree_stay_apart_by_year():
    caps = national_caps()
    older = caps.lookup("penginapan", "DKI Jakarta", "eselon_ii", 2022)
    newer = caps.lookup("penginapan", "DKI Jakarta", "eselon_ii", 2026)
    assert (older.amount, older.verified) == (1490000, False)
    assert (newer.amount, newer.verified) == (2084000, False)
    assert "PMK 32/2025" in newer.legal_basis
    assert caps.lookup("penginapan", "DKI Jakarta", "eselon_ii", 2020) is None


def test_unverified_rows_say_where_they_came_from():
    row = national_caps().lookup("uang_harian_luar_kota", "Gorontalo", "*", 2026)
    assert (row.amount, row.verified) == (370000, False)
    assert "e-SPPD" in row.reference


def test_abroad_grade_d_for_the_usa_is_not_invented():
    assert national_caps().lookup("uang_harian_luar_negeri", "Amerika Serikat", "D", 2026) is None


def test_region_aliases_find_the_province():
    caps = national_caps()
    assert caps.lookup("uang_harian_luar_kota", "jawa timur", "*", 2026).amount == 410000


CSV = """tahun;jenis;wilayah;tingkat;batas;dasar hukum
2026;uang harian luar kota;Jatim;;375.000;Perbup Sleman 50/2025
2026;hotel;Jawa Timur;Eselon III;1.100.000;Perbup Sleman 50/2025
"""


def test_import_a_regional_table_from_csv():
    table = import_caps(CSV.encode(), "sleman.csv")
    assert [(r.kind, r.region, r.level, r.amount) for r in table.rows] == [
        ("uang_harian_luar_kota", "Jawa Timur", "*", Decimal(375000)),
        ("penginapan", "Jawa Timur", "eselon_iii", Decimal(1100000)),
    ]
    layered = default_caps([table])
    assert layered.lookup("uang_harian_luar_kota", "Jawa Timur", "*", 2026).amount == 375000
    assert layered.lookup("uang_harian_luar_kota", "Bali", "*", 2026).amount == 480000
    again = read_caps_csv(write_caps_csv(table), "again.csv")
    assert [r.as_csv() for r in again.rows] == [r.as_csv() for r in table.rows]


def test_import_from_xlsx_with_defaults_for_missing_columns():
    wb = Workbook()
    ws = wb.active
    ws.title = "SSH"
    ws.append(["STANDAR SATUAN HARGA KABUPATEN SLEMAN 2026"])
    ws.append(["Jenis", "Provinsi", "Tingkat", "Satuan", "Harga Satuan"])
    ws.append(["Uang harian luar kota", "Bali", "", "OH", 450000])
    out = io.BytesIO()
    wb.save(out)
    table = import_caps(out.getvalue(), "ssh.xlsx", default_year=2026,
                        default_basis="Perbup Sleman 50/2025")
    assert [(r.year, r.region, r.amount, r.legal_basis) for r in table.rows] == [
        (2026, "Bali", 450000, "Perbup Sleman 50/2025")]


def test_import_names_each_bad_cell():
    bad = ("tahun,jenis,wilayah,tingkat,batas,dasar_hukum\n"
           "20x6,uang harian,Bali,,450000,Perbup\n"
           "2026,oleh-oleh,Bali,,450000,Perbup\n"
           "2026,penginapan,Bali,eselon IX,-5,\n")
    with pytest.raises(CapTableInvalid) as info:
        import_caps(bad.encode(), "ssh.csv")
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("ssh.csv!A2", "caps_bad_year"),
        ("ssh.csv!B3", "caps_bad_kind"),
        ("ssh.csv!D4", "caps_bad_level"),
        ("ssh.csv!E4", "caps_bad_amount"),
        ("ssh.csv!F4", "caps_no_basis"),
    ]
    assert '"oleh-oleh"' in info.value.problems[1].message("id")


def test_import_without_a_header():
    with pytest.raises(CapTableInvalid) as info:
        import_caps(b"a,b,c\n1,2,3\n", "x.csv")
    assert info.value.problems[0].code == "caps_no_header"
