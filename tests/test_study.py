"""Tests for docgen.study: loading, the JSON schema, type problems, cross-field rules,
drafts against the document catalog, computed properties and bilingual messages."""

from __future__ import annotations

import ast
import json
import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen import catalog, messages
from docgen import study as study_mod
from docgen.example import abroad_example_study, example_study
from docgen.messages import TEXTS, Problem
from docgen.study import (
    BudgetLine,
    OfficeProfile,
    Official,
    Person,
    Plan,
    StudyInvalid,
    TeamMember,
    check_study,
    dump_study,
    errors_only,
    json_schema,
    load_study,
    read_study,
    validate,
)

STAGES = ("goals", "plan", "destination", "coordination", "execution", "evaluation", "reporting")
SOURCES = {
    "study": Path(study_mod.__file__),
    "catalog": Path(catalog.__file__),
}


def invalid(data: dict | str | bytes) -> list[Problem]:
    """The problems raised by loading `data`; fails the test if it loads."""
    with pytest.raises(StudyInvalid) as info:
        load_study(data)
    return info.value.problems


def summary(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.code, p.severity) for p in problems]


def checked(data: dict) -> list[Problem]:
    return check_study(load_study(data))


def assert_bilingual(problem: Problem) -> None:
    msg_id, msg_en = problem.message("id"), problem.message("en")
    assert msg_id and msg_en
    assert msg_id != msg_en
    assert problem.code not in (msg_id, msg_en)
    assert "{" not in msg_id and "{" not in msg_en


# --------------------------------------------------------------------------- the example


def test_example_study_loads_without_errors(study):
    assert study.office.short_name == "Bappeda"
    assert len(study.plan.team) == 4
    assert check_study(study) == []


@pytest.mark.parametrize("kind", sorted(catalog.KINDS))
def test_example_study_is_complete_for_every_kind(study, kind):
    if catalog.KINDS[kind].abroad_only:
        study = abroad_example_study()
    if kind == "laporan_perjalanan":  # made only where the office asks travellers for one
        assert [p.path for p in catalog.missing(study, kind)] == ["office.traveller_reports"]
        study.office.traveller_reports = True
    assert catalog.missing(study, kind) == []


def test_validate_returns_study_and_problems(study_data):
    built, problems = validate(study_data)
    assert built == example_study()
    assert problems == []

    study_data["plan"]["end_date"] = "2026-12-01"
    built, problems = validate(study_data)
    assert built is not None
    assert summary(problems) == [("plan.end_date", "end_before_start", "error")]

    study_data["plan"]["team"][0]["nip"] = "123"
    built, problems = validate(study_data)
    assert built is None
    assert summary(problems) == [("plan.team[0].nip", "nip_length", "error")]


def test_errors_only_drops_warnings():
    err = Problem("a", "no_ketua")
    warn = Problem("b", "abroad_team_size", "warning", {"count": 6})
    assert errors_only([warn, err, warn]) == [err]


# --------------------------------------------------------------------------- JSON round trip


def test_dump_and_load_round_trip(study):
    text = dump_study(study)
    assert text.endswith("\n")
    again = load_study(text)
    assert again == study
    assert dump_study(again) == text


def test_round_trip_from_bytes(study):
    assert load_study(dump_study(study).encode("utf-8")) == study


def test_decimal_amounts_survive_round_trip(study_data):
    study_data["plan"]["budget"][0]["unit_price"] = "410000.50"
    study_data["plan"]["budget"][0]["amount"] = "4920006"
    study_data["plan"]["budget"][1]["volume"] = "2.5"
    study_data["plan"]["budget"][1]["amount"] = None
    original = load_study(study_data)
    again = load_study(dump_study(original))
    line0, line1 = again.plan.budget[0], again.plan.budget[1]
    assert isinstance(line0.unit_price, Decimal)
    assert line0.unit_price == Decimal("410000.50")
    assert line0.amount == Decimal("4920006")
    assert line1.volume == Decimal("2.5")
    assert line1.amount is None
    assert line1.total == Decimal("3085000.00")
    assert again.plan.budget_total == original.plan.budget_total
    assert again == original


def test_money_with_three_decimals_survives_round_trip(study_data):
    study_data["plan"]["budget"][0]["unit_price"] = Decimal("1234.567")
    study_data["plan"]["budget"][0]["amount"] = None
    original = load_study(study_data)
    assert load_study(dump_study(original)).plan.budget[0].unit_price == Decimal("1234.567")


def test_dump_keeps_non_ascii_text(study_data):
    study_data["goals"]["title"] = "Studi Banding ke Dinas Pariwisata — Bali"
    study_data["plan"]["team"][1]["name"] = "Ñoman Suárez"
    text = dump_study(load_study(study_data))
    assert "Studi Banding ke Dinas Pariwisata — Bali" in text
    assert "Ñoman Suárez" in text
    assert "Perjalanan Yogyakarta – Surabaya" in text
    assert "4 orang × 3 hari" in text
    assert "\\u" not in text
    data = json.loads(text)
    assert data["plan"]["team"][1]["name"] == "Ñoman Suárez"
    assert load_study(text).goals.title == "Studi Banding ke Dinas Pariwisata — Bali"


def test_dump_is_indented_json(study):
    text = dump_study(study)
    assert text.startswith("{\n  ")
    data = json.loads(text)
    assert data["plan"]["start_date"] == "2026-12-14"
    assert data["plan"]["team"][0]["nip"] == "197502142000031002"


# --------------------------------------------------------------------------- JSON schema


def test_json_schema_lists_office_and_stages():
    schema = json_schema()
    assert isinstance(schema, dict)
    props = schema["properties"]
    for name in ("office", *STAGES):
        assert name in props, name
    assert props["plan"]["title"] == "Tahap 2: Rencana"
    assert props["plan"]["label_en"] == "Stage 2: plan"
    assert props["office"]["title"] == "Profil kantor"
    assert props["office"]["label_en"] == "Office profile"
    json.dumps(schema)


def test_json_schema_titles_are_indonesian_with_english_labels():
    defs = json_schema()["$defs"]
    team = defs["Plan"]["properties"]["team"]
    assert team["title"] == "Tim"
    assert team["label_en"] == "Team"
    assert team["type"] == "array"
    assert team["items"] == {"$ref": "#/$defs/TeamMember"}
    start = defs["Plan"]["properties"]["start_date"]
    assert (start["title"], start["label_en"]) == ("Tanggal berangkat", "Departure date")
    nip = defs["TeamMember"]["properties"]["nip"]
    assert nip["title"] == "NIP"
    assert nip["description"] == "18 digit; kosongkan untuk non-ASN"
    scope = defs["Goals"]["properties"]["scope"]
    assert scope["enum"] == ["dalam_negeri", "luar_negeri"]


def test_every_schema_property_has_title_and_english_label():
    schema = json_schema()
    models = {"Study": schema, **schema["$defs"]}
    count = 0
    for model_name, model in models.items():
        for name, prop in model["properties"].items():
            assert prop.get("title"), f"{model_name}.{name}"
            assert prop.get("label_en"), f"{model_name}.{name}"
            count += 1
    assert count > 100


# --------------------------------------------------------------------------- type problems


def test_bad_nip_is_reported_at_its_path(study_data):
    study_data["plan"]["team"][2]["nip"] = "19900704 2015"
    (problem,) = invalid(study_data)
    assert problem.path == "plan.team[2].nip"
    assert problem.code == "nip_length"
    assert problem.severity == "error"
    assert_bilingual(problem)
    assert problem.message("id") == "NIP harus 18 digit"
    assert problem.message("en") == "a NIP must have 18 digits"


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19900704 2015O3 1 003", "nip_digits"),
        ("19901304 201503 1 003", "nip_birth_date"),
        ("19900704 201513 1 003", "nip_tmt"),
        ("19900704 201503 3 003", "nip_sex"),
        ("19900704 201503 1 000", "nip_sequence"),
    ],
)
def test_specific_nip_codes(study_data, nip, code):
    study_data["plan"]["team"][2]["nip"] = nip
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("plan.team[2].nip", code)
    assert_bilingual(problem)


def test_wrong_date_string(study_data):
    study_data["plan"]["start_date"] = "14-12-2026"
    (problem,) = invalid(study_data)
    assert problem.path == "plan.start_date"
    assert problem.code in {"date_parsing", "date_from_datetime_parsing"}
    assert_bilingual(problem)
    assert "TTTT-BB-HH" in problem.message("id")
    assert "YYYY-MM-DD" in problem.message("en")


def test_unknown_field(study_data):
    study_data["plan"]["team"][1]["hobby"] = "catur"
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("plan.team[1].hobby", "extra_forbidden")
    assert_bilingual(problem)


def test_unknown_top_level_field():
    (problem,) = invalid({"stage8": {}})
    assert (problem.path, problem.code) == ("stage8", "extra_forbidden")


def test_bad_golongan(study_data):
    study_data["office"]["head"]["golongan"] = "V/z"
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("office.head.golongan", "golongan")
    assert_bilingual(problem)
    assert '"V/z"' in problem.message("id")
    assert '"V/z"' in problem.message("en")


def test_negative_unit_price(study_data):
    study_data["plan"]["budget"][3]["unit_price"] = -2100000
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("plan.budget[3].unit_price", "greater_than_equal")
    assert_bilingual(problem)
    assert problem.message("id") == "tidak boleh kurang dari 0"
    assert problem.message("en") == "must be at least 0"


def test_volume_must_be_a_number(study_data):
    study_data["plan"]["budget"][0]["volume"] = "dua belas"
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("plan.budget[0].volume", "decimal_parsing")
    assert_bilingual(problem)


def test_volume_must_be_positive(study_data):
    study_data["plan"]["budget"][0]["volume"] = 0
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("plan.budget[0].volume", "greater_than")
    assert problem.message("en") == "must be greater than 0"


def test_unknown_enum_value(study_data):
    study_data["goals"]["scope"] = "antarbintang"
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("goals.scope", "literal_error")
    assert_bilingual(problem)
    for lang in ("id", "en"):
        assert "dalam_negeri" in problem.message(lang)
        assert "luar_negeri" in problem.message(lang)


def test_missing_required_list_item_field(study_data):
    study_data["coordination"]["checklist"].append({"status": "done"})
    (problem,) = invalid(study_data)
    assert (problem.path, problem.code) == ("coordination.checklist[3].item", "missing")
    assert_bilingual(problem)


def test_several_errors_are_all_reported(study_data):
    study_data["plan"]["team"][2]["nip"] = "123"
    study_data["plan"]["start_date"] = "kemarin"
    study_data["goals"]["scope"] = "antarbintang"
    study_data["office"]["bendahara"]["golongan"] = "X"
    study_data["plan"]["budget"][1]["volume"] = "dua"
    study_data["reporting"]["colour"] = "merah"
    problems = invalid(study_data)
    by_path = {p.path: p.code for p in problems}
    assert by_path == {
        "plan.team[2].nip": "nip_length",
        "plan.start_date": "date_from_datetime_parsing",
        "goals.scope": "literal_error",
        "office.bendahara.golongan": "golongan",
        "plan.budget[1].volume": "decimal_parsing",
        "reporting.colour": "extra_forbidden",
    }
    assert all(p.severity == "error" for p in problems)


def test_study_invalid_message_names_every_path(study_data):
    study_data["plan"]["team"][2]["nip"] = "123"
    study_data["goals"]["scope"] = "antarbintang"
    with pytest.raises(StudyInvalid) as info:
        load_study(study_data)
    text = str(info.value)
    assert "plan.team[2].nip: a NIP must have 18 digits" in text
    assert "goals.scope: must be one of:" in text
    assert isinstance(info.value, ValueError)


def test_json_text_errors_carry_paths():
    text = json.dumps({"plan": {"team": [{"name": "A"}, {"nip": "1"}]}, "goals": {"x": 1}})
    assert sorted(summary(invalid(text))) == [
        ("goals.x", "extra_forbidden", "error"),
        ("plan.team[1].nip", "nip_length", "error"),
    ]


def test_non_object_top_level():
    (problem,) = invalid("[]")
    assert (problem.path, problem.code) == ("(root)", "model_type")
    assert_bilingual(problem)


def test_invalid_json_text_message_has_detail():
    (problem,) = invalid('{"goals": ')
    assert problem.code == "json_invalid"
    assert "{detail}" not in problem.message("en")
    assert "{detail}" not in problem.message("id")


@pytest.mark.parametrize(
    ("where", "value", "code"),
    [
        (("fiscal_year",), 2026.5, "int_from_float"),
        (("plan", "budget", 0, "unit_price"), "NaN", "finite_number"),
        (("plan", "start_date"), "2026-12-14T10:00", "date_from_datetime_inexact"),
    ],
)
def test_every_type_problem_has_a_text(study_data, where, value, code):
    target = study_data
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    (problem,) = invalid(study_data)
    assert problem.code == code
    assert_bilingual(problem)


# --------------------------------------------------------------------------- money input


@pytest.mark.parametrize(
    "value", [1250000, "1250000", "1.250.000", "Rp1.250.000,00", "Rp 1.250.000", " Rp 1.250.000 "]
)
def test_money_input_forms(value):
    line = BudgetLine(unit_price=value)
    assert isinstance(line.unit_price, Decimal)
    assert line.unit_price == Decimal("1250000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Rp1.250.000,50", Decimal("1250000.50")),
        ("1250000.5", Decimal("1250000.5")),
        ("1,5", Decimal("1.5")),
        ("12.500", Decimal("12500")),
    ],
)
def test_money_input_with_fractions(value, expected):
    assert BudgetLine(unit_price=value).unit_price == expected


def test_amount_accepts_money_forms_and_blank():
    assert BudgetLine(amount="Rp 4.920.000").amount == Decimal("4920000")
    assert BudgetLine(amount="").amount is None
    assert BudgetLine(amount=None).amount is None


# --------------------------------------------------------------------------- cross-field rules


def test_end_date_before_start(study_data):
    study_data["plan"]["end_date"] = "2026-12-13"
    problems = checked(study_data)
    assert summary(problems) == [("plan.end_date", "end_before_start", "error")]
    assert "14 Desember 2026" in problems[0].message("id")
    assert "14 Desember 2026" in problems[0].message("en")


def test_requested_end_before_start(study_data):
    study_data["coordination"]["requested_end"] = "2026-12-10"
    assert summary(checked(study_data)) == [
        ("coordination.requested_end", "end_before_start", "error")
    ]


@pytest.mark.parametrize("day", ["2026-12-20", "2026-12-13"])
def test_agenda_date_outside_trip(study_data, day):
    study_data["plan"]["agenda"][3]["date"] = day
    problems = checked(study_data)
    assert summary(problems) == [("plan.agenda[3].date", "agenda_outside_trip", "error")]
    message = problems[0].message("id")
    assert "14 s.d. 16 Desember 2026" in message


def test_agenda_on_first_and_last_day_is_inside(study_data):
    study_data["plan"]["agenda"][0]["date"] = "2026-12-14"
    study_data["plan"]["agenda"][4]["date"] = "2026-12-16"
    assert checked(study_data) == []


def test_agenda_end_time_before_start_time(study_data):
    study_data["plan"]["agenda"][1]["start_time"] = "13:00"
    study_data["plan"]["agenda"][1]["end_time"] = "12:00"
    assert summary(checked(study_data)) == [("plan.agenda[1].end_time", "agenda_time_order", "error")]


def test_team_without_ketua(study_data):
    study_data["plan"]["team"][0]["role"] = "anggota"
    assert summary(checked(study_data)) == [("plan.team", "no_ketua", "error")]


def test_empty_team_is_not_a_ketua_problem(study_data):
    study_data["plan"]["team"] = []
    study_data["realisation"] = {}  # its travellers were members of the team
    assert checked(study_data) == []


def test_team_with_two_ketua(study_data):
    study_data["plan"]["team"][3]["role"] = "ketua"
    problems = checked(study_data)
    assert summary(problems) == [("plan.team", "many_ketua", "error")]
    assert "2" in problems[0].message("id")
    assert "2 leaders" in problems[0].message("en")


def test_duplicate_nip_in_team(study_data):
    study_data["plan"]["team"][3]["nip"] = "198609262015052001"
    study_data["plan"]["team"][3]["birth_date"] = "1986-09-26"
    problems = checked(study_data)
    assert summary(problems) == [("plan.team[3].nip", "duplicate_nip", "error")]
    assert "19860926 201505 2 001" in problems[0].message("en")


def test_team_members_without_nip_are_not_duplicates(study_data):
    for member in study_data["plan"]["team"][1:]:
        member["nip"] = ""
    built = load_study(study_data)
    assert [m.nip for m in built.plan.team[1:]] == [None, None, None]
    assert check_study(built) == []


def test_budget_amount_mismatch(study_data):
    study_data["plan"]["budget"][0]["amount"] = 4920002
    problems = checked(study_data)
    assert summary(problems) == [("plan.budget[0].amount", "budget_amount_mismatch", "error")]
    assert "Rp4.920.002,00" in problems[0].message("en")
    assert "Rp4.920.000,00" in problems[0].message("en")


@pytest.mark.parametrize("amount", [4920001, 4919999, "4920000.99", "4919999.01"])
def test_budget_amount_within_one_rupiah_is_accepted(study_data, amount):
    study_data["plan"]["budget"][0]["amount"] = amount
    assert checked(study_data) == []


def test_budget_amount_just_over_one_rupiah_is_rejected(study_data):
    study_data["plan"]["budget"][0]["amount"] = "4920001.01"
    assert [p.code for p in checked(study_data)] == ["budget_amount_mismatch"]


def test_topic_other_needs_text(study_data):
    study_data["goals"]["topic"] = "other"
    assert summary(checked(study_data)) == [
        ("goals.topic_other", "other_topic_needs_text", "error")
    ]
    study_data["goals"]["topic_other"] = "Tata kelola arsip"
    built = load_study(study_data)
    assert check_study(built) == []
    assert built.goals.topic_label == "Tata kelola arsip"


def _abroad(data: dict, items: tuple[str, ...]) -> dict:
    data["goals"]["scope"] = "luar_negeri"
    data["coordination"]["checklist"] = [{"item": item, "status": "pending"} for item in items]
    for note in data["execution"]["notes"]:  # meetings abroad are written in local time
        note["zone"] = "setempat"
    return data


def test_abroad_without_required_items(study_data):
    problems = checked(_abroad(study_data, ("tickets", "lodging")))
    assert summary(problems) == [("coordination.checklist", "abroad_needs_item", "error")] * 3
    assert [p.params["item"] for p in problems] == [
        "Paspor dinas", "Visa", "Izin perjalanan dinas luar negeri",
    ]
    assert "Paspor dinas" in problems[0].message("id")


def test_abroad_reports_only_the_missing_item(study_data):
    problems = checked(_abroad(study_data, ("passport", "travel_permit")))
    assert summary(problems) == [("coordination.checklist", "abroad_needs_item", "error")]
    assert problems[0].params["item"] == "Visa"


def test_abroad_with_all_items(study_data):
    assert checked(_abroad(study_data, ("passport", "visa", "travel_permit"))) == []


def test_domestic_needs_no_passport(study_data):
    assert study_data["goals"]["scope"] == "dalam_negeri"
    assert checked(study_data) == []


def _team_of(data: dict, size: int) -> dict:
    extra = [{"name": f"Anggota {i}", "role": "anggota"} for i in range(size - 4)]
    data["plan"]["team"] = data["plan"]["team"][:size] + extra
    return data


def test_more_than_five_abroad_is_a_warning(study_data):
    data = _team_of(_abroad(study_data, ("passport", "visa", "travel_permit")), 6)
    problems = checked(data)
    assert summary(problems) == [("plan.team", "abroad_team_size", "warning")]
    assert errors_only(problems) == []
    assert "6" in problems[0].message("en")


def test_five_abroad_is_fine(study_data):
    data = _team_of(_abroad(study_data, ("passport", "visa", "travel_permit")), 5)
    assert len(load_study(data).plan.team) == 5
    assert checked(data) == []


def test_six_at_home_is_fine(study_data):
    data = _team_of(study_data, 6)
    assert checked(data) == []


def test_reply_number_without_date(study_data):
    study_data["coordination"]["reply_date"] = ""
    assert summary(checked(study_data)) == [
        ("coordination.reply_date", "reply_date_missing", "error")
    ]


def test_reply_date_without_number_is_fine(study_data):
    study_data["coordination"]["reply_number"] = ""
    assert checked(study_data) == []


def test_follow_up_due_before_trip_end_is_a_warning(study_data):
    study_data["evaluation"]["follow_up"][1]["due_date"] = "2026-12-15"
    problems = checked(study_data)
    assert summary(problems) == [("evaluation.follow_up[1].due_date", "due_before_trip", "warning")]
    assert "15 Desember 2026" in problems[0].message("id")
    assert "16 Desember 2026" in problems[0].message("id")


def test_follow_up_due_on_trip_end_is_fine(study_data):
    study_data["evaluation"]["follow_up"][1]["due_date"] = "2026-12-16"
    assert checked(study_data) == []


@pytest.mark.parametrize("role", ["head", "ppk", "bendahara"])
@pytest.mark.parametrize("acting", ["plt", "plh"])
def test_acting_official_with_plt_in_jabatan(study_data, role, acting):
    official = study_data["office"][role]
    official["acting"] = acting
    official["jabatan"] = "Plt. " + official["jabatan"]
    assert summary(checked(study_data)) == [
        (f"office.{role}.jabatan", "acting_needs_definitive_title", "error")
    ]


def test_acting_official_with_definitive_jabatan_is_fine(study_data):
    study_data["office"]["head"]["acting"] = "plt"
    built = load_study(study_data)
    assert check_study(built) == []
    assert built.office.head.jabatan_signed.startswith("Plt. Kepala Badan")


def test_rules_are_reported_together(study_data):
    study_data["plan"]["team"][0]["role"] = "anggota"
    study_data["goals"]["topic"] = "other"
    study_data["evaluation"]["follow_up"][0]["due_date"] = "2026-12-01"
    problems = checked(study_data)
    assert sorted(summary(problems)) == [
        ("evaluation.follow_up[0].due_date", "due_before_trip", "warning"),
        ("goals.topic_other", "other_topic_needs_text", "error"),
        ("plan.team", "no_ketua", "error"),
    ]
    assert len(errors_only(problems)) == 2


# --------------------------------------------------------------------------- drafts


def test_empty_study_is_a_valid_draft():
    draft = load_study({})
    assert check_study(draft) == []
    assert draft.goals.scope == "dalam_negeri"
    assert draft.plan.team == []
    assert re.fullmatch(r"[0-9a-f]{12}", draft.id)
    assert load_study({}).id != draft.id


@pytest.mark.parametrize("kind_id", sorted(k.id for k in catalog.KINDS.values()
                                            if not k.abroad_only))
def test_empty_study_misses_what_each_kind_needs(kind_id):
    kind = catalog.KINDS[kind_id]
    # a traveller's own report is made only where the office asks for one
    asked = {"office": {"traveller_reports": True}} if kind_id == "laporan_perjalanan" else {}
    problems = catalog.missing(load_study(asked), kind_id)
    assert [p.path for p in problems] == [n for n in kind.needs if "[]" not in n]
    assert {p.code for p in problems} == {"needed_for"}
    assert {p.severity for p in problems} == {"error"}
    assert "goals.title" in [p.path for p in problems]
    for problem in problems:
        assert kind.title_id in problem.message("id")
        assert kind.title_id in problem.message("en")


def test_empty_study_misses_destinations_for_letters():
    draft = load_study({})
    for kind_id in ("coordination_letter", "spt", "final_report"):
        paths = [p.path for p in catalog.missing(draft, kind_id)]
        assert "destination.destinations" in paths
        assert "office.head.name" in paths


def test_missing_is_accepted_with_a_kind_object():
    kind = catalog.KINDS["rab"]
    assert catalog.missing(load_study({}), kind) == catalog.missing(load_study({}), "rab")


def test_missing_names_concrete_fan_out_paths(study_data):
    first = study_data["destination"]["destinations"][0]
    second = dict(first, institution="Bappedalitbang Kota Surabaya", city="")
    first["addressee"] = ""
    study_data["destination"]["destinations"].append(second)
    problems = catalog.missing(load_study(study_data), "coordination_letter")
    assert [(p.path, p.code) for p in problems] == [
        ("destination.destinations[0].addressee", "needed_for"),
        ("destination.destinations[1].city", "needed_for"),
    ]
    assert catalog.missing(load_study(study_data), "spt") == []


def test_missing_reports_no_ketua_for_a_report_signed_by_the_leader(study_data):
    study_data["plan"]["team"][0]["role"] = "anggota"
    problems = catalog.missing(load_study(study_data), "final_report")
    assert summary(problems) == [("plan.team", "no_ketua", "error")]
    assert catalog.missing(load_study(study_data), "spt") == []


def test_abroad_only_kind_on_a_domestic_study(study):
    kind = catalog.Kind(
        id="izin_luar_negeri", title_id="Permohonan Izin", title_en="Permit request", stage=4,
        template="x.docx", filename="x", code_domestic="1", code_abroad="2", signer="head",
        abroad_only=True, needs=("goals.title",),
    )
    assert summary(catalog.missing(study, kind)) == [("goals.scope", "needs_abroad", "error")]
    abroad = study.model_copy(update={"goals": study.goals.model_copy(update={"scope": "luar_negeri"})})
    assert catalog.missing(abroad, kind) == []
    assert kind.classification(abroad) == "2"
    assert kind.classification(study) == "1"


def test_get_kind_unknown():
    with pytest.raises(KeyError, match="known kinds"):
        catalog.get_kind("memo")


# --------------------------------------------------------------------------- computed properties


def test_full_name_with_titles():
    person = Person(name="Bambang Setiawan", title_front="Dr.", title_back="S.E., M.Si.")
    assert person.full_name == "Dr. Bambang Setiawan, S.E., M.Si."


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"name": "Agus Priyanto"}, "Agus Priyanto"),
        ({"name": "Agus Priyanto", "title_back": "A.Md."}, "Agus Priyanto, A.Md."),
        ({"name": "Hendra Wicaksono", "title_front": "Ir."}, "Ir. Hendra Wicaksono"),
        ({"name": "  Rina  ", "title_back": " S.E. "}, "Rina, S.E."),
    ],
)
def test_full_name_variants(kwargs, expected):
    assert Person(**kwargs).full_name == expected


def test_nip_is_stored_as_digits_and_formatted_in_groups():
    person = Person(nip="19750214-200003-1-002")
    assert person.nip == "197502142000031002"
    assert person.nip_formatted == "19750214 200003 1 002"
    assert person.is_asn
    blank = Person(nip="  ")
    assert blank.nip is None
    assert blank.nip_formatted == ""
    assert not blank.is_asn


def test_pangkat_golongan():
    person = Person(golongan="iv/a")
    assert person.golongan == "IV/a"
    assert person.pangkat == "Pembina"
    assert person.pangkat_golongan == "Pembina (IV/a)"
    assert Person(golongan="3d").pangkat_golongan == "Penata Tingkat I (III/d)"
    assert Person().pangkat_golongan == ""


@pytest.mark.parametrize(
    ("acting", "expected"),
    [
        ("definitif", "Kepala Dinas Komunikasi dan Informatika"),
        ("plt", "Plt. Kepala Dinas Komunikasi dan Informatika"),
        ("plh", "Plh. Kepala Dinas Komunikasi dan Informatika"),
    ],
)
def test_jabatan_signed(acting, expected):
    official = Official(jabatan="Kepala Dinas Komunikasi dan Informatika", acting=acting)
    assert official.jabatan_signed == expected


def test_duration_days(study):
    assert study.plan.duration_days == 3
    assert Plan().duration_days == 0
    assert Plan(start_date="2026-12-14").duration_days == 0
    assert Plan(start_date="2026-12-14", end_date="2026-12-14").duration_days == 1
    assert Plan(start_date="2026-12-30", end_date="2027-01-02").duration_days == 4


def test_leader_and_members_ordered(study_data):
    team = study_data["plan"]["team"]
    team[0]["role"] = "anggota"
    team[2]["role"] = "ketua"
    plan = load_study(study_data).plan
    assert plan.leader is not None
    assert plan.leader.name == "Yoga Pratama"
    assert [m.name for m in plan.members_ordered] == [
        "Yoga Pratama", "Bambang Setiawan", "Rina Kartikasari", "Dewi Anggraini",
    ]
    assert [m.name for m in plan.team][0] == "Bambang Setiawan"
    assert Plan().leader is None
    assert Plan(team=[TeamMember(name="A")]).leader is None


def test_budget_total(study):
    assert study.plan.budget_total == Decimal("24422000")
    assert study.plan.budget_total == sum(line.total for line in study.plan.budget)
    assert Plan().budget_total == Decimal(0)


def test_budget_line_total_uses_amount_when_given():
    line = BudgetLine(volume=3, unit_price=100, amount=350)
    assert line.total == Decimal("350")
    assert line.computed == Decimal("300.00")


def test_budget_line_total_rounds_half_up_to_cents():
    line = BudgetLine(volume=3, unit_price=Decimal("0.335"))
    assert line.amount is None
    assert line.total == Decimal("1.01")
    assert line.total.as_tuple().exponent == -2
    assert BudgetLine(volume="2.5", unit_price=Decimal("0.333")).total == Decimal("0.83")
    assert BudgetLine(volume=12, unit_price=410000).total == Decimal("4920000.00")


def test_office_address_line_and_titles(study):
    office = study.office
    assert office.address_line == (
        "Jalan Parasamya Nomor 1, Beran, Tridadi, Telepon (0274) 868800, "
        "Faksimile (0274) 868945, SLEMAN 55511"
    )
    assert office.pemda_title == "Pemerintah Kabupaten Sleman"
    assert office.name_title == "Badan Perencanaan Pembangunan Daerah"
    assert office.contact_line == "Pos-el: bappeda@slemankab.go.id, Laman: bappeda.slemankab.go.id"


def test_office_name_title_keeps_conjunctions_lower_case():
    office = OfficeProfile(name="DINAS KOMUNIKASI DAN INFORMATIKA", pemda="PEMERINTAH KOTA YOGYAKARTA")
    assert office.name_title == "Dinas Komunikasi dan Informatika"
    assert office.pemda_title == "Pemerintah Kota Yogyakarta"


def test_office_address_line_partial():
    assert OfficeProfile(address="Jalan Kenari 56").address_line == "Jalan Kenari 56"
    assert OfficeProfile(address="Jalan Kenari 56", phone="(0274) 1").address_line == (
        "Jalan Kenari 56, Telepon (0274) 1"
    )
    assert OfficeProfile(address="Jalan Kenari 56", postal_code="55165").address_line == (
        "Jalan Kenari 56"
    )
    assert OfficeProfile().address_line == ""


def test_office_address_line_with_only_city_and_postal_code():
    assert OfficeProfile(city="Sleman", postal_code="55511").address_line == "SLEMAN 55511"


def test_strings_are_stripped_and_blank_dates_are_none():
    item = load_study({"plan": {"agenda": [{"date": " ", "start_time": "", "activity": "  Rapat "}]}})
    agenda = item.plan.agenda[0]
    assert agenda.date is None
    assert agenda.start_time is None
    assert agenda.activity == "Rapat"
    assert agenda.time_range == ""


def test_agenda_time_range(study):
    first = study.plan.agenda[0]
    assert first.start_time == time(7, 0)
    assert first.date == date(2026, 12, 14)
    assert first.time_range == "07.00\u201309.30 WIB"


def test_assignment_is_validated(study):
    with pytest.raises(ValueError):
        study.plan.team[0].nip = "123"
    study.plan.team[0].golongan = "4b"
    assert study.plan.team[0].golongan == "IV/b"


# --------------------------------------------------------------------------- reading files


def test_read_study_from_file(tmp_path, study):
    path = tmp_path / "study.json"
    path.write_text(dump_study(study), encoding="utf-8")
    assert read_study(path) == study
    assert read_study(str(path)) == study


def test_read_study_invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"goals": {"title": "Studi"', encoding="utf-8")
    with pytest.raises(StudyInvalid) as info:
        read_study(path)
    (problem,) = info.value.problems
    assert problem.path == "(file)"
    assert problem.code == "json_invalid"
    assert problem.severity == "error"
    assert "{detail}" not in problem.message("en")
    assert problem.message("en").startswith("the file is not valid JSON: ")
    assert problem.message("id").startswith("berkas bukan JSON yang sah: ")


def test_read_study_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"goals": {"title": "Caf\u00e9"}}'.encode("latin-1"))
    with pytest.raises(StudyInvalid) as info:
        read_study(path)
    assert summary(info.value.problems) == [("(file)", "json_invalid", "error")]


def test_read_study_valid_json_with_bad_values(tmp_path, study_data):
    study_data["plan"]["team"][2]["nip"] = "123"
    path = tmp_path / "study.json"
    path.write_text(json.dumps(study_data), encoding="utf-8")
    with pytest.raises(StudyInvalid) as info:
        read_study(path)
    assert summary(info.value.problems) == [("plan.team[2].nip", "nip_length", "error")]


def test_read_study_with_utf8_bom(tmp_path, study):
    path = tmp_path / "notepad.json"
    path.write_bytes(dump_study(study).encode("utf-8-sig"))
    assert read_study(path) == study


# --------------------------------------------------------------------------- messages

_CODE_RE = re.compile(
    r"""\bProblem\(\s*(?:f?"[^"]*"|f?'[^']*'|[\w.]+(?:\([^()]*\))?)\s*,\s*["'](\w+)["']""",
    re.S,
)


def _codes_by_regex(source: str) -> set[str]:
    return set(_CODE_RE.findall(source))


def _codes_by_ast(source: str) -> set[str]:
    codes = set()
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "Problem" and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)):
            codes.add(node.args[1].value)
    return codes


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_every_problem_code_in_source_has_a_text(module):
    source = SOURCES[module].read_text(encoding="utf-8")
    codes = _codes_by_regex(source)
    assert codes == _codes_by_ast(source)
    assert codes, module
    assert codes - set(TEXTS) == set()


def test_source_scan_finds_the_known_codes():
    study_codes = _codes_by_regex(SOURCES["study"].read_text(encoding="utf-8"))
    catalog_codes = _codes_by_regex(SOURCES["catalog"].read_text(encoding="utf-8"))
    assert {"json_invalid", "end_before_start", "abroad_team_size", "due_before_trip",
            "acting_needs_definitive_title", "budget_amount_mismatch"} <= study_codes
    assert len(study_codes) == 22
    assert catalog_codes == {"needs_abroad", "needed_for", "no_ketua"}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_every_text_has_both_languages(code):
    text_id, text_en = TEXTS[code]
    assert isinstance(text_id, str) and text_id.strip()
    assert isinstance(text_en, str) and text_en.strip()


def test_text_placeholders_match_between_languages():
    """Both languages take the same parameters; a parameter given per language is named
    with its suffix (``reason_id`` in Indonesian, ``reason_en`` in English)."""
    names = re.compile(r"\{(\w+)\}")

    def params(text: str, lang: str) -> set[str]:
        return {name.removesuffix(f"_{lang}") for name in names.findall(text)}

    for code, (text_id, text_en) in TEXTS.items():
        assert params(text_id, "id") == params(text_en, "en"), code


def test_problem_line_error_and_warning():
    err = Problem("plan.team", "no_ketua")
    assert err.line("en") == "plan.team: the team has no leader (ketua)"
    assert err.line("id") == "plan.team: tim belum memiliki ketua"
    assert err.line() == err.line("id")
    warn = Problem("plan.team", "abroad_team_size", "warning", {"count": 7})
    assert warn.line("en").startswith("plan.team: warning: the team abroad has 7 people")
    assert warn.line("id").startswith("plan.team: peringatan: rombongan ke luar negeri 7 orang")


def test_problem_as_dict():
    problem = Problem("plan.team[1].nip", "duplicate_nip", params={"nip": "19860926 201505 2 001"})
    assert problem.as_dict() == {
        "path": "plan.team[1].nip",
        "code": "duplicate_nip",
        "severity": "error",
        "message_id": "NIP 19860926 201505 2 001 tercantum lebih dari sekali dalam tim",
        "message_en": "NIP 19860926 201505 2 001 appears more than once in the team",
    }


def test_unknown_code_and_missing_params():
    assert messages.text("no_such_code", "en") == "no_such_code"
    assert messages.text("many_ketua", "en") == (
        "the team has {count} leaders (ketua); there must be exactly one"
    )


def test_path_of():
    assert messages.path_of(("plan", "team", 2, "nip")) == "plan.team[2].nip"
    assert messages.path_of([0, "x"]) == "[0].x"
    assert messages.path_of(()) == "(root)"


# --------------------------------------------------------------------------- NIP property


_SEPARATORS = st.sampled_from(["", " ", ".", "-", " - ", "  ", ". "])


@st.composite
def nip_text(draw):
    birth = draw(st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)))
    tmt_year = draw(st.integers(min_value=birth.year + 18, max_value=2025))
    tmt_month = draw(st.integers(min_value=1, max_value=12))
    sex = draw(st.sampled_from([1, 2]))
    seq = draw(st.integers(min_value=1, max_value=999))
    digits = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{seq:03d}"
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=17), max_size=17)))
    chunks = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, 18], strict=True)]
    text = chunks[0]
    for chunk in chunks[1:]:
        text += draw(_SEPARATORS) + chunk
    pad = draw(st.sampled_from(["", " ", "\t"]))
    return digits, pad + text + pad


@settings(max_examples=200, deadline=None)
@given(nip_text())
def test_valid_nip_in_any_grouping_is_stored_as_digits(case):
    digits, text = case
    person = Person(nip=text)
    assert person.nip == digits
    assert len(person.nip) == 18 and person.nip.isdigit()
    assert person.nip_formatted == f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    member = load_study({"plan": {"team": [{"nip": text, "role": "ketua"}]}}).plan.team[0]
    assert member.nip == digits
