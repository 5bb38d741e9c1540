"""Realisation per traveller and component: the model, its bounds, the currency
conversion, the advance, the totals the SPJ papers print, and the examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.example import abroad_example_study, example_study
from docgen.realisation import (
    budget_by_component,
    realisation_by_component,
    traveller_totals,
)
from docgen.study import StudyInvalid, dump_study, load_study


def _line(**kw):
    return {"component": "uang_harian", "quantity": 3, "unit": "hari",
            "unit_price": 410000, **kw}


def _with(lines, **traveller):
    data = example_study().model_dump(mode="json")
    data["realisation"] = {"travellers": [{"traveller": 0, "lines": lines, **traveller}]}
    return data


def test_examples_carry_realisation_matching_the_budget():
    for study in (example_study(), abroad_example_study()):
        assert study.realisation.entered
        assert {t.traveller for t in study.realisation.travellers} == set(
            range(len(study.plan.team)))
        assert realisation_by_component(study) == budget_by_component(study)[1]
        assert study.realisation.total == study.plan.realized_total


def test_domestic_example_lump_sum_and_sisa_lebih():
    study = example_study()
    lump = [line for t in study.realisation.travellers for line in t.lines if line.lump_sum]
    assert len(lump) == 1 and lump[0].unit_price == Decimal("0.3") * 814000
    totals = {t.index: t for t in traveller_totals(study)}
    assert totals[1].sisa_lebih == Decimal("503500")
    assert totals[3].kurang_bayar == Decimal("480700")
    assert totals[0].balance == 0 and totals[2].balance is None


def test_abroad_example_in_dollars_converted_to_whole_rupiah():
    study = abroad_example_study()
    line = study.realisation.travellers[0].lines[0]
    assert (line.currency, line.unit_price, line.exchange_rate) == ("USD", 343, 16000)
    assert line.exchange_date is not None
    assert line.computed == Decimal("27440000") and line.foreign_total == 1715
    assert "USD 343" in line.rate_text and "Rp16.000" in line.rate_text
    assert traveller_totals(study)[0].sisa_lebih == Decimal("1840000")


def test_conversion_rounds_the_line_once_to_the_rupiah():
    study = load_study(_with([_line(currency="KRW", unit_price="33333", quantity=3,
                                    exchange_rate="11.4567", exchange_date="2026-12-01")]))
    line = study.realisation.travellers[0].lines[0]
    # 3 × 33.333 × 11,4567 = 1.145.658,3...: the whole line, rounded half up to the rupiah
    assert line.computed == Decimal("1145659")
    rupiah = load_study(_with([_line(unit_price=Decimal("410000.125"), quantity=3)]))
    assert rupiah.realisation.travellers[0].lines[0].computed == Decimal("1230000.38")


def test_json_round_trip():
    for study in (example_study(), abroad_example_study()):
        again = load_study(dump_study(study))
        assert again == study
        assert again.realisation.travellers[0].lines[0].total == (
            study.realisation.travellers[0].lines[0].total)


@pytest.mark.parametrize(("line", "path", "code"), [
    (_line(currency="USD", unit_price=343), "lines[0].exchange_rate", "rate_missing"),
    (_line(currency="USD", exchange_rate=16000), "lines[0].exchange_date", "rate_date_missing"),
    (_line(exchange_rate=16000), "lines[0].exchange_rate", "rate_for_rupiah"),
    (_line(currency="usd dollar"), "lines[0].currency", "string_pattern_mismatch"),
    (_line(unit_price="1000000000000"), "lines[0].unit_price", "number_too_large"),
    (_line(unit_price="1.23456"), "lines[0].unit_price", "too_many_decimals"),
    (_line(quantity=0), "lines[0].quantity", "greater_than"),
    (_line(quantity=1000, unit_price="999999999999"), "lines[0].exchange_rate",
     "line_too_large"),
    (_line(amount="-5"), "lines[0].amount", "greater_than_equal"),
    (_line(component="hotel"), "lines[0].component", "literal_error"),
    (_line(evidence=[{"file": "../../etc/passwd"}]), "lines[0].evidence[0].file",
     "storage_key"),
    (_line(extra=1), "lines[0].extra", "extra_forbidden"),
])
def test_bounds(line, path, code):
    with pytest.raises(StudyInvalid) as info:
        load_study(_with([line]))
    found = {(p.path, p.code) for p in info.value.problems}
    assert (f"realisation.travellers[0].{path}", code) in found, found


def test_advance_bounds_and_traveller_index():
    with pytest.raises(StudyInvalid) as info:
        load_study(_with([], advance="-1"))
    assert info.value.problems[0].path == "realisation.travellers[0].advance"
    data = _with([])
    data["realisation"]["travellers"][0]["traveller"] = -1
    with pytest.raises(StudyInvalid):
        load_study(data)


# --- checks ---------------------------------------------------------------------------------

from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from docgen.budget import BudgetContext, read_budget  # noqa: E402
from docgen.cli import main  # noqa: E402
from docgen.realisation_checks import check_realisation, lump_sum_rate  # noqa: E402
from docgen.realisation_sheet import realisation_from_sheet  # noqa: E402
from docgen.study import check_study  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "budget"


def _checked(lines, traveller=0, budget=False, **kw):
    """The realisation's problems when `traveller` spent `lines` (the budget's comparison
    left out unless `budget`)."""
    data = _with(lines, **kw)
    data["realisation"]["travellers"][0]["traveller"] = traveller
    return [p for p in check_realisation(load_study(data))
            if budget or p.path.startswith("realisation")]


def _codes(problems):
    return [(p.path.split(".", 2)[-1], p.code, p.severity) for p in problems]


def test_examples_have_no_realisation_problem():
    for study in (example_study(), abroad_example_study()):
        assert check_realisation(study) == []
        assert not [p for p in check_study(study) if p.code.startswith("realisation")]


def test_lump_sum_is_30_percent_of_the_tier_cap_with_its_basis():
    study = example_study()
    rate, cap = lump_sum_rate(study, 3)  # Dewi, golongan III/a: eselon IV tier, Jawa Timur
    assert (rate, cap.amount, cap.region, cap.level) == (244200, 814000, "Jawa Timur",
                                                         "eselon_iv")
    rate0, cap0 = lump_sum_rate(study, 0)  # Bambang, eselon III
    assert (rate0, cap0.amount) == (Decimal("370200"), 1234000)
    assert lump_sum_rate(abroad_example_study(), 0) is None  # abroad: in the uang harian
    lodging = {"component": "penginapan", "quantity": 1, "unit": "malam", "lump_sum": True}
    problems = _checked([{**lodging, "unit_price": 250000}], traveller=3)
    [problem] = problems
    assert (problem.code, problem.severity) == ("realisation_lump_sum_above", "error")
    line = problem.line("id")
    assert "Dewi Anggraini" in line and "Biaya Penginapan" in line and "Rp244.200" in line
    assert "PMK 113/PMK.05/2012 Pasal 8" in line and "PMK 32/2025" in line
    assert _checked([{**lodging, "unit_price": 244200}], traveller=3) == []
    assert _codes(_checked([{**lodging, "component": "transport", "unit_price": 1000,
                              "pengeluaran_riil": True, "riil_statement": "x"}])) == [
        ("lines[0].lump_sum", "realisation_lump_sum_not_lodging", "error")]


def test_caps_per_traveller_name_the_traveller_component_and_basis():
    harian = {"component": "uang_harian", "quantity": 3, "unit": "hari"}
    [problem] = _checked([{**harian, "unit_price": 450000}], traveller=1)
    assert (problem.code, problem.severity) == ("realisation_above_cap", "error")
    assert problem.path == "realisation.travellers[0].lines[0].unit_price"
    text = problem.line("en")
    assert "Rina Kartikasari" in text and "Uang Harian" in text
    assert "Rp410.000" in text and "Perpres 33/2020" in text and "Jawa Timur" in text
    hotel = {"component": "penginapan", "quantity": 2, "unit": "malam",
             "evidence": [{"file": "ab/" + "ab" * 32, "name": "hotel.pdf", "kind": "invoice"}]}
    # eselon III (Bambang) may stay at Rp1.234.000, golongan III (Yoga) at Rp814.000
    assert _checked([{**hotel, "unit_price": 1200000}], traveller=0) == []
    [over] = _checked([{**hotel, "unit_price": 1200000}], traveller=2)
    assert over.code == "realisation_above_cap_unverified" and over.severity == "warning"
    assert "Yoga Pratama" in over.line("id") and "eselon IV/golongan III" in over.line("id")


def test_abroad_cap_in_dollars_per_grade():
    study = abroad_example_study()
    study.destination.destinations[0].country = "Inggris"
    study.realisation.travellers[0].lines[0].unit_price = Decimal(800)
    problems = [p for p in check_realisation(study) if p.code.startswith("realisation_above")]
    assert [(p.code, p.params["price"], p.params["cap"]) for p in problems] == [
        ("realisation_above_cap", "USD 800", "USD 583")]  # golongan C (III/c–IV/b)
    assert "Bambang Setiawan" in problems[0].line("id")


def test_days_nights_evidence_representasi_and_the_budget():
    lines = [
        {"component": "uang_harian", "quantity": 4, "unit": "hari", "unit_price": 410000},
        {"component": "penginapan", "quantity": 3, "unit": "malam", "unit_price": 700000,
         "pengeluaran_riil": True},
        {"component": "transport", "quantity": 1, "unit_price": 100000},
        {"component": "representasi", "quantity": 3, "unit": "hari", "unit_price": 150000},
        {"component": "lain_lain", "quantity": 1, "unit_price": 1000, "amount": 5000},
        {"component": "lain_lain", "quantity": 1},
    ]
    codes = _codes(_checked(lines, traveller=1))
    assert ("lines[0].quantity", "realisation_more_days", "error") in codes
    assert ("lines[1].quantity", "realisation_more_nights", "error") in codes
    assert ("lines[1].riil_statement", "realisation_riil_statement", "error") in codes
    assert ("lines[2].evidence", "realisation_no_evidence", "warning") in codes
    assert ("lines[3].component", "realisation_representasi_not_eligible", "error") in codes
    assert ("lines[4].amount", "realisation_amount_mismatch", "error") in codes
    assert ("lines[5].unit_price", "realisation_no_rate", "error") in codes
    assert ("plan.budget", "realisation_budget_mismatch", "warning") in [
        (p.path, p.code, p.severity) for p in _checked(lines, traveller=1, budget=True)]


def test_unknown_or_repeated_traveller():
    data = example_study().model_dump(mode="json")
    data["realisation"] = {"travellers": [{"traveller": 7}, {"traveller": 1},
                                          {"traveller": 1}]}
    codes = [(p.path, p.code) for p in check_study(load_study(data))]
    assert ("realisation.travellers[0].traveller", "realisation_traveller_unknown") in codes
    assert ("realisation.travellers[2].traveller", "realisation_traveller_twice") in codes


# --- from a rincian per person --------------------------------------------------------------


def _sheet_study():
    study = example_study()
    study.realisation.travellers = study.realisation.travellers[3:]  # Dewi's lines stay
    team = study.plan.team
    team[0].name, team[0].nip, team[0].eselon = "Hendra Kusuma", "197203151998031007", "II"
    team[1].name, team[1].nip = "Siti Rahmawati", None  # matched by name
    team[2].name, team[2].nip = "Bambang Sutrisno", "199001102015031002"
    return study


def _read(name, study):
    data = (FIXTURES / name).read_bytes()
    return read_budget(data, BudgetContext.from_study(study), name=name)


def test_fill_from_a_rincian_per_person():
    study = _sheet_study()
    filled, problems = realisation_from_sheet(study, _read("rincian_kolom_biaya.xlsx", study))
    assert problems == []
    by = {t.traveller: t for t in filled.realisation.travellers}
    assert sorted(by) == [0, 1, 2, 3]
    assert by[0].total == Decimal("5410000")
    assert [line.component for line in by[0].lines] == [
        "uang_harian", "penginapan", "transport", "representasi"]
    assert by[0].lines[0].rate_text.startswith("3 hari × Rp370.000")
    assert by[0].lines[0].note == "dari Rekap Biaya!F5"
    assert by[3] == study.realisation.travellers[0]  # not in the sheet: kept
    assert study.realisation.travellers[0].traveller == 3  # the study given is unchanged


def test_fill_refuses_persons_not_in_the_team_with_their_cell():
    study = example_study()
    filled, problems = realisation_from_sheet(study, _read("rincian_pelaksana.xlsx", study))
    assert filled is None
    assert [(p.path, p.code) for p in problems] == [
        ("Rincian!F8", "realisation_sheet_person_unknown"),
        ("Rincian!F12", "realisation_sheet_person_unknown")]
    assert "Agus Wibowo" in problems[0].line("id")


def test_cli_attach_realisation(tmp_path):
    study = _sheet_study()
    path = tmp_path / "s.json"
    path.write_text(dump_study(study), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["budget", "attach", "--realisation", str(path),
                                  str(FIXTURES / "rincian_kolom_biaya.xlsx")])
    assert result.exit_code == 0, result.output
    filled = load_study(result.stdout)
    assert len(filled.realisation.travellers) == 4
    refused = runner.invoke(main, ["budget", "attach", "--realisation", str(path),
                                   str(FIXTURES / "rincian_pelaksana.xlsx")])
    assert refused.exit_code == 1
    assert "Rincian!F8" in refused.output and "Agus Wibowo" in refused.output
    out = tmp_path / "ex.json"
    out.write_text(dump_study(study), encoding="utf-8")
    data = load_study(out.read_text())
    data.realisation.travellers[0].lines[0].unit_price = Decimal(999000)
    out.write_text(dump_study(data), encoding="utf-8")
    validate = runner.invoke(main, ["validate", str(out)])
    assert "realisation_above_cap" in validate.output or "melebihi batas" in validate.output
