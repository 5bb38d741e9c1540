"""Standard-cost tables as offices keep them (wide: a row per province or route, a column per
tier), read into exactly one cap per province and tier, previewed before anything is saved."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from docgen.budget.caps import (
    CapSet,
    CapTableInvalid,
    import_caps,
    national_caps,
    preview,
    preview_text,
    read_caps_csv,
)
from docgen.budget.caps_wide import province_of, tier_of
from docgen.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "caps"
ALLOWANCE = FIXTURES / "uang_harian_perpres.xlsx"
ALLOWANCE_KINDS = ("uang_harian_luar_kota", "uang_harian_dalam_kota", "uang_harian_diklat")
LEVELS_5 = ("eselon_i", "eselon_ii", "eselon_iii", "eselon_iv", "golongan_i_ii")


def _caps(table) -> dict[tuple[str, str, str], Decimal]:  # noqa: ANN001
    keys = [(r.kind, r.region, r.level) for r in table.rows]
    assert len(keys) == len(set(keys)), "one cap per province (or route) and tier"
    return {(r.kind, r.region, r.level): r.amount for r in table.rows}


# --------------------------------------------------------------------------- the tables


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_the_perpres_allowance_table_in_each_format(suffix):
    table = import_caps(FIXTURES / f"uang_harian_perpres.{suffix}")
    caps = _caps(table)
    assert len(caps) == 34 * 3
    assert {k for k, _r, _l in caps} == set(ALLOWANCE_KINDS)
    assert {lv for _k, _r, lv in caps} == {"*"}
    regions = {r for _k, r, _l in caps}
    assert len(regions) == 34
    # spelled NTB, D.I. Yogyakarta, Kep. Bangka Belitung and DKI in the table
    assert {"Nusa Tenggara Barat", "DI Yogyakarta", "Kepulauan Bangka Belitung",
            "DKI Jakarta"} <= regions
    assert caps[("uang_harian_luar_kota", "DKI Jakarta", "*")] == 530_000
    assert caps[("uang_harian_dalam_kota", "DKI Jakarta", "*")] == 210_000
    assert caps[("uang_harian_diklat", "DKI Jakarta", "*")] == 160_000
    assert caps[("uang_harian_luar_kota", "Nusa Tenggara Barat", "*")] == 440_000
    assert caps[("uang_harian_dalam_kota", "DI Yogyakarta", "*")] == 170_000
    assert caps[("uang_harian_diklat", "Kepulauan Bangka Belitung", "*")] == 120_000
    row = next(r for r in table.rows if r.region == "Aceh"
               and r.kind == "uang_harian_luar_kota")
    assert (row.year, row.unit, row.currency, row.amount) == (2021, "OH", "IDR", 360_000)
    assert row.legal_basis == "LAMPIRAN I PERATURAN PRESIDEN NOMOR 33 TAHUN 2020"
    assert row.reference == f"uang_harian_perpres.{suffix} Uang Harian!D9"
    assert row.table == "Uang Harian" and row.verified


def test_the_same_table_in_three_formats_gives_the_same_caps():
    tables = [_caps(import_caps(FIXTURES / f"uang_harian_perpres.{s}"))
              for s in ("xlsx", "xls", "ods")]
    assert tables[0] == tables[1] == tables[2]


def test_the_lodging_table_with_five_tiers():
    table = import_caps(FIXTURES / "penginapan_sbm.xlsx")
    caps = _caps(table)
    assert len(caps) == 38 * 5
    assert {lv for _k, _r, lv in caps} == set(LEVELS_5)
    assert {k for k, _r, _l in caps} == {"penginapan"}
    assert caps[("penginapan", "DKI Jakarta", "eselon_i")] == 9_331_000
    assert caps[("penginapan", "DKI Jakarta", "eselon_iv")] == 730_000
    assert caps[("penginapan", "Nusa Tenggara Barat", "eselon_iii")] == 1_418_000
    assert caps[("penginapan", "Kepulauan Bangka Belitung", "eselon_ii")] == 2_838_000
    assert caps[("penginapan", "Nusa Tenggara Barat", "golongan_i_ii")] == 726_000
    assert ("penginapan", "Papua Barat Daya", "eselon_iv") in caps
    row = next(r for r in table.rows if r.region == "DKI Jakarta" and r.level == "eselon_ii")
    assert row.legal_basis == "Dasar: PMK 32/2025 Lampiran (SBM TA 2026)"
    assert row.year == 2026 and row.unit == "Orang/Malam"
    assert row.note.endswith("Pejabat Negara Lainnya / Eselon II")
    # a region's table binds where it is lower than the national one
    capset = CapSet([national_caps(), table])
    assert capset.lookup("penginapan", "Nusa Tenggara Barat", "eselon_iii", 2026).amount == (
        1_418_000)


def test_taxi_and_land_transport_tables_on_two_sheets():
    table = import_caps(FIXTURES / "taksi_transport.xlsx")
    caps = _caps(table)
    taxi = {r: a for (k, r, _l), a in caps.items() if k == "taksi"}
    land = {r: a for (k, r, _l), a in caps.items() if k == "transport_antar_kota"}
    assert len(taxi) == 34 and len(land) == 5 and len(caps) == 39
    assert taxi["Jawa Timur"] == 305_000 and taxi["DKI Jakarta"] == 365_000
    assert land["Surabaya - Malang"] == 220_000
    bases = {r.kind: r.legal_basis for r in table.rows}
    assert bases == {"taksi": "PMK 32/2025 Lampiran (SBM TA 2026)",
                     "transport_antar_kota": "Pergub Jawa Timur 88/2025 Lampiran III"}
    assert {r.unit for r in table.rows} == {"Orang/Kali"}


def test_a_ticket_route_table():
    table = import_caps(FIXTURES / "tiket_pesawat.xlsx")
    caps = _caps(table)
    assert len(caps) == 10 * 2
    assert caps[("tiket_ekonomi", "Jakarta - Surabaya", "*")] == 2_870_000
    assert caps[("tiket_bisnis", "Jakarta - Surabaya", "*")] == 6_418_000
    assert caps[("tiket_ekonomi", "Denpasar - Mataram", "*")] == 1_320_000
    assert {r.unit for r in table.rows} == {"orang/kali"}


def test_the_preview_per_province_and_tier():
    table = import_caps(FIXTURES / "penginapan_sbm.xlsx")
    (section,) = preview(table)
    assert (section.table, section.year, section.count) == ("Hotel", 2026, 190)
    assert len(section.regions) == 38 and len(section.columns) == 5
    assert section.amounts[("DKI Jakarta", "penginapan", "eselon_i")] == 9_331_000
    text = preview_text(table, "id")
    assert text.startswith("Hotel: 38 wilayah × 5 kolom = 190 batas; dasar hukum: "
                           "Dasar: PMK 32/2025")
    line = next(line for line in text.splitlines() if line.startswith("DKI Jakarta "))
    assert "9.331.000" in line and "730.000" in line
    english = preview_text(table, "en")
    assert "38 regions × 5 columns = 190 caps" in english and "golongan I/II" in english


# --------------------------------------------------------------------------- spellings, tiers


@pytest.mark.parametrize(("written", "province"), [
    ("NTB", "Nusa Tenggara Barat"), ("NTT", "Nusa Tenggara Timur"),
    ("DI Yogyakarta", "DI Yogyakarta"), ("D.I. Yogyakarta", "DI Yogyakarta"),
    ("Bangka Belitung", "Kepulauan Bangka Belitung"),
    ("Kep. Bangka Belitung", "Kepulauan Bangka Belitung"), ("Kep. Riau", "Kepulauan Riau"),
    ("DKI", "DKI Jakarta"), ("D.K.I. Jakarta", "DKI Jakarta"),
    ("Papua Barat Daya", "Papua Barat Daya"), ("PAPUA BARAT DAYA", "Papua Barat Daya"),
    ("12. Jawa Timur", "Jawa Timur"), ("Prov. Jawa Tengah", "Jawa Tengah"),
    ("Atlantis", None), ("Jumlah", None),
])
def test_province_spellings(written, province):
    assert province_of(written) == province


@pytest.mark.parametrize(("heading", "context", "tier"), [
    ("Luar Kota", "uang harian", ("uang_harian_luar_kota", "*")),
    ("Uang Harian / Dalam Kota > 8 Jam", "", ("uang_harian_dalam_kota", "*")),
    ("DALAM KOTA LEBIH DARI 8 (DELAPAN) JAM", "Uang Harian", ("uang_harian_dalam_kota", "*")),
    ("Diklat", "", ("uang_harian_diklat", "*")),
    ("Pejabat Negara / Eselon I", "hotel", ("penginapan", "eselon_i")),
    ("Pejabat Negara Lainnya / Eselon II", "penginapan", ("penginapan", "eselon_ii")),
    ("Eselon III / Gol IV", "penginapan", ("penginapan", "eselon_iii")),
    ("Eselon IV / Gol III/II/I", "penginapan", ("penginapan", "eselon_iv")),
    ("GOL I/II", "penginapan", ("penginapan", "golongan_i_ii")),
    ("Ekonomi", "tiket", ("tiket_ekonomi", "*")),
    ("BISNIS", "tiket", ("tiket_bisnis", "*")),
    ("Besaran (Rp)", "satuan biaya taksi", ("taksi", "*")),
    ("Uang Saku", "uang harian", None),
    ("Eselon II", "", None),
])
def test_tier_headings(heading, context, tier):
    assert tier_of(heading, context) == tier


# --------------------------------------------------------------------------- problems


def _workbook(rows: list[list[object]], title: str = "SSH") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEAD = [["SATUAN BIAYA UANG HARIAN PERJALANAN DINAS"], ["Perbup Sleman 50/2025"],
        ["Tahun Anggaran 2026"], [],
        ["No", "Provinsi", "Luar Kota", "Dalam Kota > 8 Jam", "Diklat"]]


def test_unknown_provinces_and_headings_are_reported_with_their_cells():
    rows = [*HEAD, [1, "Aceh", 360000, 140000, 110000], [2, "Atlantis", 1, 2, 3],
            [3, "Jambi", 370000, 150000, 110000], [4, "NTB", 440000, "dua ratus", 130000]]
    rows[4] = ["No", "Provinsi", "Luar Kota", "Uang Saku", "Diklat"]
    with pytest.raises(CapTableInvalid) as info:
        import_caps(_workbook(rows), "ssh.xlsx")
    found = {(p.path, p.code) for p in info.value.problems}
    assert found == {("SSH!D5", "caps_unknown_tier"), ("SSH!B7", "caps_unknown_region")}
    messages = [p.line("id") for p in info.value.problems]
    assert 'SSH!B7: "Atlantis" bukan nama provinsi' in " ".join(messages)
    assert 'SSH!D5: judul kolom "Uang Saku"' in " ".join(messages)


def test_a_bad_amount_and_a_province_twice():
    rows = [*HEAD, [1, "Aceh", 360000, 140000, 110000], [2, "NTB", 440000, "dua ratus", 130000],
            [3, "Nusa Tenggara Barat", 1, 2, 3]]
    with pytest.raises(CapTableInvalid) as info:
        import_caps(_workbook(rows), "ssh.xlsx")
    assert {(p.path, p.code) for p in info.value.problems} == {
        ("SSH!D7", "caps_bad_amount"), ("SSH!B8", "caps_duplicate_region")}


def test_year_and_basis_from_the_options_when_the_title_lacks_them():
    rows = [["No", "Provinsi", "Luar Kota", "Dalam Kota > 8 Jam", "Diklat"],
            [1, "Aceh", 360000, 140000, 110000], [2, "Bali", 480000, 190000, 140000],
            [3, "DKI", 530000, 210000, 160000]]
    data = _workbook(rows, "Uang Harian")
    with pytest.raises(CapTableInvalid) as info:
        import_caps(data, "ssh.xlsx")
    assert {p.code for p in info.value.problems} == {"caps_no_year", "caps_no_basis"}
    table = import_caps(data, "ssh.xlsx", default_year=2026, default_basis="Perbup X 1/2025")
    assert len(_caps(table)) == 9
    assert {(r.year, r.legal_basis) for r in table.rows} == {(2026, "Perbup X 1/2025")}


def test_a_sheet_without_any_table():
    with pytest.raises(CapTableInvalid) as info:
        import_caps(_workbook([["Catatan rapat"], ["tidak ada tabel di sini"]]), "x.xlsx")
    assert info.value.problems[0].code in ("caps_no_header", "caps_no_header_wide")


def test_a_wide_csv_table():
    text = "\n".join(";".join(str(v) for v in row) for row in [
        *HEAD, [1, "Aceh", 360000, 140000, 110000], [2, "DKI", 530000, 210000, 160000],
        [3, "D.I. Yogyakarta", 420000, 170000, 130000]])
    table = import_caps(text.encode(), "ssh.csv")
    assert len(_caps(table)) == 9
    assert _caps(table)[("uang_harian_luar_kota", "DI Yogyakarta", "*")] == 420_000


def test_the_long_form_still_reads():
    table = read_caps_csv("tahun,jenis,wilayah,tingkat,batas,dasar_hukum\n"
                          "2026,penginapan,NTB,golongan_i_ii,500000,Perbup X\n", "x.csv")
    assert [(r.region, r.level, r.amount) for r in table.rows] == [
        ("Nusa Tenggara Barat", "golongan_i_ii", 500_000)]


# --------------------------------------------------------------------------- the command


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_dry_run_prints_the_preview_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "caps.csv"
    result = runner.invoke(main, ["budget", "import-caps", str(FIXTURES / "penginapan_sbm.xlsx"),
                                  "--out", str(out), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert result.stdout.startswith("Hotel: 38 wilayah × 5 kolom = 190 batas")
    assert "uji coba: tidak ada yang disimpan (190 batas terbaca)" in result.stderr
    assert any(line.startswith("Papua Barat Daya") for line in result.stdout.splitlines())
    result = runner.invoke(main, ["budget", "import-caps", str(FIXTURES / "tiket_pesawat.xlsx"),
                                  "--dry-run"])
    assert result.exit_code == 0 and "Jakarta - Surabaya" in result.stdout


def test_without_dry_run_the_csv_is_written_and_used(runner, tmp_path):
    out = tmp_path / "uh.csv"
    result = runner.invoke(main, ["budget", "import-caps", str(ALLOWANCE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{out}: 102"
    again = import_caps(out)
    assert _caps(again) == _caps(import_caps(ALLOWANCE))
    listed = runner.invoke(main, ["budget", "caps", "--year", "2021", "--region",
                                  "Nusa Tenggara Barat", "--caps", str(out)])
    assert listed.exit_code == 0 and "Rp440.000/OH" in listed.stdout


def test_errors_write_nothing_and_exit_1(runner, tmp_path):
    bad = tmp_path / "ssh.xlsx"
    rows = [*HEAD, [1, "Aceh", 360000, 140000, 110000], [2, "Atlantis", 1, 2, 3],
            [3, "Bali", 480000, 190000, 140000], [4, "DKI", 530000, 210000, 160000]]
    bad.write_bytes(_workbook(rows))
    out = tmp_path / "caps.csv"
    for extra in ([], ["--dry-run"]):
        result = runner.invoke(main, ["budget", "import-caps", str(bad), "--out", str(out),
                                      *extra])
        assert result.exit_code == 1
        assert "SSH!B7" in result.stderr
        assert not out.exists()
    missing = runner.invoke(main, ["budget", "import-caps", str(bad)])
    assert missing.exit_code == 2 and "--dry-run" in missing.output
