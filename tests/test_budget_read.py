"""Reading budgets saved by LibreOffice (tests/fixtures/budget, made by
scripts/make_budget_fixtures.py): layouts of real offices, read line by line."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from docgen import idformat
from docgen.budget import BudgetContext, parse_budget, read_budget
from docgen.messages import TEXTS

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
EXAMPLE_TOTAL = Decimal("24422000")
EXAMPLE_BY_COMPONENT = {
    "uang_harian": Decimal("4920000"), "penginapan": Decimal("7352000"),
    "tiket": Decimal("8400000"), "transport_lokal": Decimal("1200000"),
    "sewa_kendaraan": Decimal("2550000"),
}


def lines_of(parsed):
    return [(line.row, line.component, line.volume, line.unit, line.unit_price, line.amount)
            for line in parsed.lines]


@pytest.mark.parametrize("name", ["rab_kantor", "rab_teks", "rab_kolom", "rab_usd", "rab_salah",
                                  "rab_total_salah", "rab_template_isi"])
def test_fixtures_are_saved_by_libreoffice(name):
    with zipfile.ZipFile(FIXTURES / f"{name}.xlsx") as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "<Application>LibreOffice" in app


def test_office_layout_title_block_sections_formulas_and_total():
    parsed = read_budget(FIXTURES / "rab_kantor.xlsx")
    assert parsed.problems == []
    assert (parsed.sheet, parsed.header_row) == ("RAB", 8)  # not the "Petunjuk" sheet
    assert parsed.year == 2026 and parsed.province == "Jawa Timur"
    assert lines_of(parsed) == [
        (11, "uang_harian", 12, "OH", 410000, 4920000),
        (14, "penginapan", 2, "OH", 1234000, 2468000),
        (15, "penginapan", 6, "OH", 814000, 4884000),
        (18, "tiket", 4, "orang", 2100000, 8400000),
        (21, "transport_lokal", 8, "kali", 150000, 1200000),
        (24, "sewa_kendaraan", 3, "hari", 850000, 2550000),
    ]
    # the amounts are LibreOffice's cached formula results, not recomputed
    assert all(line.declared == line.amount for line in parsed.lines)
    assert parsed.total == EXAMPLE_TOTAL
    assert parsed.by_component == EXAMPLE_BY_COMPONENT
    kinds = [(t.kind, t.row, t.declared) for t in parsed.totals]
    assert kinds == [("subtotal", 12, 4920000), ("subtotal", 16, 7352000),
                     ("subtotal", 19, 8400000), ("subtotal", 22, 1200000),
                     ("subtotal", 25, 2550000), ("total", 26, 24422000)]
    assert parsed.lines[0].description == (
        "Uang harian luar kota Provinsi Jawa Timur (4 orang × 3 hari)")
    assert parsed.terbilang.startswith("Dua puluh empat juta")


def test_every_amount_typed_as_indonesian_text():
    parsed = read_budget(FIXTURES / "rab_teks.xlsx")
    assert parsed.problems == []
    assert parsed.sheet == "Anggaran"
    assert lines_of(parsed) == [
        (6, "uang_harian", 12, "OH", 410000, 4920000),
        (8, "penginapan", 2, "OH", 1234000, 2468000),
        (9, "penginapan", 6, "OH", 814000, 4884000),
        (11, "tiket", 4, "orang", 2100000, 8400000),
        (13, "transport_lokal", 8, "kali", 150000, 1200000),
        (15, "sewa_kendaraan", 3, "hari", 850000, 2550000),
    ]
    assert parsed.total == EXAMPLE_TOTAL
    assert [t.kind for t in parsed.totals] == ["total"]
    # "4 org x 3 hari" is a volume of 12 in OH, "1 org x 2 malam" of 2
    assert parsed.lines[0].unit == "OH"


def test_english_labels_split_volume_columns_and_hidden_sheet():
    parsed = read_budget(FIXTURES / "rab_kolom.xlsx")
    assert parsed.sheet == "Budget"
    assert parsed.columns["factor:orang"] == "D" and parsed.columns["factor:hari"] == "E"
    assert lines_of(parsed) == [
        (6, "uang_harian", 12, "OH", 410000, 4920000),
        (7, "penginapan", 2, "OH", 1234000, 2468000),
        (8, "penginapan", 6, "OH", 814000, 4884000),
        (9, "tiket", 4, "orang", 2100000, 8400000),
        (10, "transport_lokal", 8, "kali", 150000, 1200000),
        (11, "sewa_kendaraan", 3, "hari", 850000, 2550000),
    ]
    assert parsed.total == EXAMPLE_TOTAL
    assert [(p.path, p.code, p.severity) for p in parsed.problems] == [
        ("RAB lama", "budget_hidden_sheet_ignored", "warning")]
    assert "RAB lama" in parsed.problems[0].message("id")


def test_foreign_currency_with_the_rate_from_a_cell():
    parsed = read_budget(FIXTURES / "rab_usd.xlsx", BudgetContext(year=2026))
    assert parsed.problems == []
    assert parsed.rates == {"USD": Decimal("16250")}
    assert parsed.rate_cells == {"USD": "RAB!C3"}
    first = parsed.lines[0]
    assert (first.currency, first.foreign_price, first.rate) == ("USD", 583, 16250)
    assert first.unit_price == 583 * 16250 and first.amount == 10 * 583 * 16250
    budget_line = first.to_budget_line()
    assert budget_line.note == "USD 583 × Rp16.250"
    assert budget_line.total == Decimal("94737500")
    assert parsed.country == "Inggris"
    assert parsed.total == Decimal("222687500")


def test_rate_from_the_command_line_when_the_sheet_has_none():
    data = (FIXTURES / "rab_usd.xlsx").read_bytes()
    parsed = read_budget(data, BudgetContext(rates={"USD": Decimal("16000")}), name="usd.xlsx")
    assert parsed.rates["USD"] == Decimal("16000")  # the option wins over the sheet
    assert parsed.lines[0].unit_price == 583 * 16000


def test_docgen_template_filled_in_and_saved_by_libreoffice():
    parsed = read_budget(FIXTURES / "rab_template_isi.xlsx")
    assert parsed.problems == []
    assert (parsed.year, parsed.province) == (2026, "Jawa Timur")
    assert [line.component for line in parsed.lines] == [
        "uang_harian", "penginapan", "penginapan", "tiket"]
    assert parsed.total == Decimal("20672000")
    # the 96 empty template rows (formulas giving "") are blank, not lines
    assert len(parsed.lines) == 4
    assert [(t.kind, t.row, t.declared) for t in parsed.totals] == [("total", 109, 20672000)]


def test_bytes_and_path_give_the_same_budget():
    path = FIXTURES / "rab_kantor.xlsx"
    from_path = read_budget(path)
    from_bytes = read_budget(path.read_bytes(), name="rab_kantor.xlsx")
    assert lines_of(from_path) == lines_of(from_bytes)
    assert from_bytes.source == "rab_kantor.xlsx"


def test_parse_without_checks_keeps_the_structure_only():
    parsed = parse_budget(FIXTURES / "rab_total_salah.xlsx")
    assert [t.label for t in parsed.totals] == ["Sub Total A", "Sub Total B", "TOTAL"]
    assert parsed.problems == []


def test_as_dict_is_json_ready():
    import json

    result = read_budget(FIXTURES / "rab_kantor.xlsx").as_dict()
    again = json.loads(json.dumps(result))
    assert again["total"] == "24422000"
    assert again["terbilang"] == idformat.terbilang_rupiah(EXAMPLE_TOTAL)
    assert again["lines"][0]["cells"]["amount"] == "F11"
    assert again["usable"] is True and again["errors"] == []


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xlsx")
                                        if p.name != "rab_sandi.xlsx"))
def test_every_message_fills_its_placeholders_in_both_languages(name):
    parsed = read_budget(FIXTURES / name)
    for problem in parsed.problems:
        assert problem.code in TEXTS
        for lang in ("id", "en"):
            assert not re.search(r"\{\w+\}", problem.message(lang)), (problem, lang)


def test_every_budget_code_in_the_source_has_both_texts():
    source = "".join(p.read_text(encoding="utf-8") for p in
                     (Path(__file__).parent.parent / "docgen").glob("budget*/*.py"))
    source += (Path(__file__).parent.parent / "docgen" / "budget_cli.py").read_text("utf-8")
    codes = set(re.findall(r"(?<!argument\()\"((?:budget|caps)_[a-z_]+)\"", source))
    assert len(codes) > 40
    assert codes - set(TEXTS) == set()
