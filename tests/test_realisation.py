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
