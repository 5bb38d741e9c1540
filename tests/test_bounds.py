"""Numbers within what an official paper can hold, and text a DOCX can hold: in the study
model, on the command line and in the cells of a budget workbook."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from docgen import idformat
from docgen.budget import attach_budget, read_budget
from docgen.budget.lines import cell_text as _cell_text
from docgen.budget_cli import budget as budget_cli
from docgen.cli import main
from docgen.example import example_data
from docgen.render import render
from docgen.study import (
    MAX_BUDGET_LINES,
    MONEY_MAX,
    TOTAL_MAX,
    VOLUME_MAX,
    BudgetLine,
    Plan,
    Study,
    StudyInvalid,
    clean_text,
    dump_study,
    load_study,
)

HUGE = [10**30, "9" * 400, "1e309", "NaN", "Infinity", 10**18, float("inf"), float("nan")]
CONTROL = "a\x00b\x0bc\x0cd\x1fe\ud800f\r\ng\rh\ufffei\uffffj\tk"
CLEAN = "ab\nc\ndef\ng\nhij\tk"


def problems_of(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(StudyInvalid) as info:
        load_study(data)
    for problem in info.value.problems:
        for lang in ("id", "en"):
            assert "{" not in problem.message(lang)
    return [(p.path, p.code) for p in info.value.problems]


def one_line(**line: object) -> dict:
    return {"plan": {"budget": [{"description": "Uang harian", **line}]}}


# --- the model: bounds ----------------------------------------------------------------------


def test_the_constants_keep_every_total_writable_in_words():
    assert MAX_BUDGET_LINES * MONEY_MAX <= TOTAL_MAX == idformat.TERBILANG_MAX
    idformat.terbilang_rupiah(MAX_BUDGET_LINES * MONEY_MAX)
    idformat.terbilang_rupiah(MONEY_MAX)


@pytest.mark.parametrize("field", ["unit_price", "amount", "realized"])
@pytest.mark.parametrize("value", HUGE, ids=repr)
def test_huge_or_not_finite_money_is_refused_with_its_path(field, value):
    found = problems_of(one_line(**{field: value}))
    assert found[0][0] == f"plan.budget[0].{field}"
    assert found[0][1] in ("number_too_large", "finite_number")


@pytest.mark.parametrize("value", HUGE, ids=repr)
def test_huge_or_not_finite_volume_is_refused_with_its_path(value):
    found = problems_of(one_line(volume=value))
    assert found[0][0] == "plan.budget[0].volume"


def test_messages_name_the_limit_in_both_languages():
    with pytest.raises(StudyInvalid) as info:
        load_study(one_line(unit_price=10**30))
    problem = info.value.problems[0]
    assert problem.line("id") == "plan.budget[0].unit_price: tidak boleh lebih dari " \
                                 "999.999.999.999,99"
    assert problem.line("en") == "plan.budget[0].unit_price: must be at most 999.999.999.999,99"


def test_negative_and_zero_where_positive_is_needed():
    assert problems_of(one_line(unit_price=-5)) == [
        ("plan.budget[0].unit_price", "greater_than_equal")]
    assert problems_of(one_line(amount="-5")) == [("plan.budget[0].amount", "greater_than_equal")]
    assert problems_of(one_line(volume=-5)) == [("plan.budget[0].volume", "greater_than")]
    assert problems_of(one_line(volume=0)) == [("plan.budget[0].volume", "greater_than")]
    assert problems_of({"fiscal_year": -5}) == [("fiscal_year", "greater_than_equal")]
    assert problems_of({"fiscal_year": 10**30}) == [("fiscal_year", "less_than_equal")]
    assert problems_of({"fiscal_year": "1e309"})[0][0] == "fiscal_year"


def test_decimals_money_two_price_four_volume_four():
    assert problems_of(one_line(amount=Decimal("10.005"))) == [
        ("plan.budget[0].amount", "too_many_decimals")]
    assert problems_of(one_line(realized=Decimal("1.001"))) == [
        ("plan.budget[0].realized", "too_many_decimals")]
    assert problems_of(one_line(unit_price=Decimal("1.00001"))) == [
        ("plan.budget[0].unit_price", "too_many_decimals")]
    assert problems_of(one_line(volume="1.00001")) == [
        ("plan.budget[0].volume", "too_many_decimals")]
    line = load_study(one_line(volume="2.5", unit_price=Decimal("1234.5678"),
                               amount=Decimal("3086.42"))).plan.budget[0]
    assert (line.volume, line.unit_price, line.amount) == (
        Decimal("2.5"), Decimal("1234.5678"), Decimal("3086.42"))
    trailing = load_study(one_line(amount=Decimal("10.5000"))).plan.budget[0].amount
    assert trailing == Decimal("10.5")


def test_the_largest_values_are_kept_and_written_in_words():
    data = example_data()
    data["plan"]["budget"] = [{"description": "Paket", "volume": 1, "unit_price": str(MONEY_MAX),
                               "amount": str(MONEY_MAX), "realized": str(MONEY_MAX)}]
    study = load_study(data)
    assert study.plan.budget_total == MONEY_MAX
    assert load_study(dump_study(study)).plan.budget[0].amount == MONEY_MAX
    render(study, "rab")
    assert load_study(one_line(volume=VOLUME_MAX, unit_price=1)).plan.budget[0].volume == VOLUME_MAX


def test_volume_times_price_is_a_line_amount_too():
    found = problems_of(one_line(volume=1000, unit_price=10**10))
    assert found == [("plan.budget[0].unit_price", "line_too_large")]


def test_too_many_lines():
    lines = [{"unit_price": 1}] * (MAX_BUDGET_LINES + 1)
    assert problems_of({"plan": {"budget": lines}}) == [("plan.budget", "too_long")]


def test_a_plan_whose_total_would_not_fit_terbilang_is_refused():
    unchecked = BudgetLine.model_construct(volume=Decimal(1), unit_price=Decimal(0),
                                           amount=Decimal(10**15), realized=None)
    with pytest.raises(StudyInvalid) as info:
        load_study({"plan": Plan.model_construct(budget=[unchecked]).model_dump()})
    assert [p.path for p in info.value.problems][0].startswith("plan.budget")
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as error:
        Plan(budget=[unchecked, unchecked])
    assert error.value.errors()[0]["loc"] == ("budget",)
    assert error.value.errors()[0]["type"] == "total_too_large"
    study = Study()
    with pytest.raises(ValidationError):
        study.plan.budget = [unchecked]


# --- the model: text ------------------------------------------------------------------------


def test_clean_text_rules():
    assert clean_text(CONTROL) == CLEAN
    assert clean_text("Tanpa masalah — é ñ 😀") == "Tanpa masalah — é ñ 😀"
    assert clean_text("C1\x85 and DEL\x7f stay") == "C1\x85 and DEL\x7f stay"


def test_control_characters_are_cleaned_in_every_kind_of_text_field():
    data = example_data()
    data["goals"]["title"] = CONTROL
    data["goals"]["background"] = "Paragraf satu\x0bParagraf dua\x0cParagraf tiga\x07"
    data["goals"]["aims"] = ["Tujuan\x00 satu", "\ud800"]
    data["office"]["name"] = "BADAN\x1f PERENCANAAN"
    data["office"]["head"]["jabatan"] = "Kepala\x0bBadan"
    data["office"]["signing"] = {"spt\x00": {"tembusan": ["Inspektur\x01"]}}
    data["office"]["logo"] = None
    data["plan"]["budget"][0]["description"] = "Uang\x0charian\x00"
    data["execution"]["notes"] = [{"topics": ["Topik\x1f"], "place": "\ufffeRuang"}]
    study = load_study(data)
    assert study.goals.title == CLEAN
    assert study.goals.background_paragraphs == ["Paragraf satu", "Paragraf dua", "Paragraf tiga"]
    assert study.goals.aims == ["Tujuan satu", ""]
    assert study.office.name == "BADAN PERENCANAAN"
    assert study.office.head.jabatan == "Kepala\nBadan"
    assert study.office.signing["spt"].tembusan == ["Inspektur"]
    assert study.plan.budget[0].description == "Uang\nharian"
    assert study.execution.notes[0].topics == ["Topik"] and study.execution.notes[0].place == "Ruang"
    text = dump_study(study)
    json.loads(text)
    assert not any(ch in text for ch in "\x00\x0b\x0c\x1f\ufffe")
    for kind in ("kak", "rab", "spt"):
        render(study, kind)


def test_text_assigned_later_is_cleaned_too():
    study = Study()
    study.goals.title = "Judul\x00 baru\x0c"
    assert study.goals.title == "Judul baru"


def test_json_text_with_control_characters():
    raw = json.dumps({"goals": {"title": "a\u0000b\u000bc"}, "office": {"city": "\tSleman\r"}})
    study = load_study(raw)
    assert (study.goals.title, study.office.city) == ("ab\nc", "Sleman")
    with pytest.raises(StudyInvalid):  # JSON text with a lone surrogate is not UTF-8 text
        load_study(json.dumps({"goals": {"title": "\ud800"}}))
    assert load_study(json.loads(json.dumps({"goals": {"title": "x\ud800"}}))).goals.title == "x"


# --- the command line -----------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"DOCGEN_LANG": "en"})


@pytest.mark.parametrize("value", ["1e309", "9" * 400, "NaN", "Infinity", '"NaN"', "1e30",
                                   str(10**18), "-5"])
def test_cli_validate_refuses_with_the_path(tmp_path, value):
    data = example_data()
    raw = json.dumps(data).replace('"unit_price": 410000', '"unit_price": ' + value, 1)
    assert raw != json.dumps(data)
    path = tmp_path / "study.json"
    path.write_text(raw)
    result = run("validate", str(path))
    assert result.exit_code == 1, result.output
    assert "plan.budget[0].unit_price:" in result.output
    assert "Traceback" not in result.output
    result = run("render", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "plan.budget[0].unit_price" in result.output


# --- budget workbooks -----------------------------------------------------------------------


def workbook(*rows: list) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def refused(data: bytes) -> list[tuple[str, str]]:
    parsed = read_budget(data, name="rab.xlsx")
    assert not parsed.usable
    parsed.as_dict()
    for problem in parsed.errors:
        for lang in ("id", "en"):
            assert "{" not in problem.message(lang)
    return [(p.path, p.code) for p in parsed.errors]


@pytest.mark.parametrize(("row", "cell"), [
    (["Uang harian", 2, "OH", 410000, "9" * 31], "Sheet1!E2"),
    (["Uang harian", 2, "OH", "9" * 31, None], "Sheet1!D2"),
    (["Uang harian", 2, "OH", "Rp " + "9" * 400, None], "Sheet1!D2"),
    (["Uang harian", 2, "OH", 1e300, None], "Sheet1!D2"),
    (["Uang harian", 2, "OH", 10**18, None], "Sheet1!D2"),
    (["Uang harian", 2, "OH", 2 * 10**12, None], "Sheet1!D2"),
    (["Uang harian", 1e20, "OH", 5, None], "Sheet1!B2"),
    (["Uang harian", 2_000_000, "OH", 5, None], "Sheet1!B2"),
    (["Uang harian", "9" * 31 + " org x 2 hari", "OH", 5, None], "Sheet1!B2"),
    (["Uang harian", 2, "OH", 410000, 2 * 10**12], "Sheet1!E2"),
    (["Uang harian", 1000, "OH", 10**10, None], "Sheet1!E2"),
])
def test_a_huge_cell_is_an_error_for_that_cell(row, cell):
    found = refused(workbook(row, ["Penginapan", 2, "OH", 500000, 1000000]))
    assert found[0][0] == cell
    assert found[0][1] in ("budget_number_too_large", "budget_line_too_large")


def test_nan_and_infinity_cells():
    for value in ("NaN", "Infinity", "1e309", "-"):
        parsed = read_budget(workbook(["Uang harian", 2, "OH", value, None]), name="rab.xlsx")
        assert not parsed.usable
        assert all(p.path.startswith("Sheet1") for p in parsed.errors)


def test_the_message_names_the_cell_and_the_limit():
    parsed = read_budget(workbook(["Uang harian", 2, "OH", "9" * 31, None]), name="rab.xlsx")
    problem = parsed.errors[0]
    assert problem.path == "Sheet1!D2"
    assert "999.999.999.999.999" in problem.message("en") and "too large" in problem.message("en")
    assert "terlalu besar" in problem.message("id")


def test_too_many_decimals_in_a_volume_cell():
    assert refused(workbook(["Uang harian", 1.23456, "OH", 5, None]))[0] == (
        "Sheet1!B2", "budget_too_many_decimals")


def test_a_total_beyond_terbilang_is_refused():
    rows = [["Paket", 1, "paket", 999_999_999_999, 999_999_999_999]] * 1001
    found = refused(workbook(*rows))
    codes = {code for _path, code in found}
    assert {"budget_total_too_large", "budget_too_many_lines"} <= codes


def test_fractions_from_a_workbook_are_rounded_for_the_study():
    parsed = read_budget(workbook(["Uang harian", 2, "OH", 5.12345, 10.2469]), name="rab.xlsx")
    assert parsed.usable, parsed.errors
    line = attach_budget(Study(), parsed).plan.budget[0]
    assert (line.unit_price, line.amount) == (Decimal("5.1235"), Decimal("10.25"))


def test_text_from_a_workbook_is_cleaned():
    assert _cell_text("Uang\rharian\x0b\x00 ") == "Uang\nharian"
    parsed = read_budget(workbook(["Uang\rharian\tdalam kota", 2, "OH", 5, 10]), name="rab.xlsx")
    assert parsed.usable
    line = attach_budget(Study(), parsed).plan.budget[0]
    assert "\r" not in line.description


def test_budget_cli_exits_1_naming_the_cell(tmp_path):
    path = tmp_path / "rab.xlsx"
    path.write_bytes(workbook(["Uang harian", 2, "OH", "9" * 31, None]))
    result = CliRunner().invoke(budget_cli, ["check", str(path)], env={"DOCGEN_LANG": "en"})
    assert result.exit_code == 1, result.output
    assert "Sheet1!D2" in result.output and "Traceback" not in result.output
    study = tmp_path / "study.json"
    study.write_text(json.dumps(example_data()))
    result = CliRunner().invoke(budget_cli, ["attach", str(study), str(path)],
                                env={"DOCGEN_LANG": "en"})
    assert result.exit_code == 1 and "Sheet1!D2" in result.output


@pytest.mark.parametrize("value", ["10:00:00+01:00", "09:30Z", "23:59:59-05:00"])
def test_a_time_with_a_zone_offset_is_refused_naming_the_agenda_row(value):
    data = example_data()
    data["plan"]["agenda"][0]["end_time"] = value
    assert ("plan.agenda[0].end_time", "time_with_offset") in problems_of(data)


def test_a_plain_time_is_still_read():
    data = example_data()
    data["plan"]["agenda"][0]["start_time"] = "08:00"
    data["plan"]["agenda"][0]["end_time"] = "10:30:00"
    agenda = load_study(data).plan.agenda[0]
    assert agenda.start_time.isoformat() == "08:00:00" and agenda.end_time.tzinfo is None
