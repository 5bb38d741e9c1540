"""Form fields read from the model, and posted forms read back (docgen.forms)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel

from docgen import forms
from docgen.example import abroad_example_study, example_study
from docgen.followup_model import keep_updates
from docgen.forms import (
    STAGE_KEYS,
    FieldSpec,
    blank_values,
    flatten,
    form_values,
    is_blank,
    leaf_names,
    model_fields,
    office_fields,
    parse_fields,
    parse_form,
    split_path,
    stage_fields,
    stage_model,
    walk,
    without_row,
)
from docgen.study import (
    ZONES,
    BudgetLine,
    Goals,
    OfficeProfile,
    Plan,
    Study,
    Text,
    load_study,
)
from docgen.study import F as Field


def _spec(specs, path: str) -> FieldSpec:
    return next(s for s in walk(specs) if s.path == path)


def _model_of(annotation) -> type[BaseModel] | None:
    from docgen.fields import _submodel

    return _submodel(annotation)


def _covered(model: type[BaseModel], specs: tuple[FieldSpec, ...], skip=()) -> None:
    """Every field of `model` has a spec (but the skipped ones and mappings), recursively."""
    names = {s.name for s in specs}
    for name, info in model.model_fields.items():
        if name in skip:
            assert name not in names
            continue
        if getattr(info.annotation, "__origin__", None) is dict:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("form") is False:  # kept by its own pages (follow-up updates)
            assert name not in names
            continue
        assert name in names, f"{model.__name__}.{name} has no form field"
        spec = next(s for s in specs if s.name == name)
        inner = _model_of(info.annotation)
        if inner is not None:
            _covered(inner, spec.children)
    assert names <= set(model.model_fields)


# --- the field tree -------------------------------------------------------------------------


@pytest.mark.parametrize("key", STAGE_KEYS)
def test_every_field_of_a_stage_has_a_form_field(key):
    _covered(stage_model(key), stage_fields(key), forms.STAGE_SKIP.get(key, ()))


def test_every_office_field_has_a_form_field_but_the_upload_and_the_rules():
    _covered(OfficeProfile, office_fields(), forms.OFFICE_SKIP)
    assert {"logo", "signing"} == set(forms.OFFICE_SKIP)


def test_the_budget_is_left_to_its_own_page():
    assert "budget" not in {s.name for s in stage_fields("plan")}


def test_a_field_added_to_the_model_shows_up_by_itself():
    class Goals2(Goals):
        partner: Text = Field("Mitra kerja sama", "Partner", "", description="Contoh: UGM")

    spec = _spec(model_fields(Goals2, "goals"), "goals.partner")
    assert (spec.kind, spec.label_id, spec.label_en) == ("text", "Mitra kerja sama", "Partner")
    assert (spec.help("id"), spec.help("en")) == ("Contoh: UGM", "Example: UGM")


@pytest.mark.parametrize("path, kind", [
    ("goals.title", "text"), ("goals.background", "textarea"), ("goals.aims", "list-of-text"),
    ("goals.topic", "select"), ("plan.start_date", "date"), ("plan.agenda", "list-of-objects"),
    ("plan.agenda[].start_time", "time"), ("plan.funding", "object"),
    ("plan.funding.dpa_date", "date"), ("plan.team[].nip", "text"),
    ("destination.candidates[].chosen", "checkbox"), ("execution.findings[].description", "textarea"),
    ("execution.notes[].topics", "list-of-text"), ("reporting.summary", "textarea"),
    ("reporting.dissemination[].invitees", "list-of-text"),
])
def test_kinds_follow_the_model_types(path, kind):
    key = path.split(".")[0]
    assert _spec(stage_fields(key), path).kind == kind


def test_money_and_numbers():
    specs = model_fields(BudgetLine, "plan.budget[]")
    assert _spec(specs, "plan.budget[].unit_price").kind == "money"
    assert _spec(specs, "plan.budget[].amount").kind == "money"
    assert _spec(specs, "plan.budget[].volume").kind == "number"
    year = _spec(model_fields(Study), "fiscal_year")
    assert (year.kind, year.integer) == ("number", True)


def test_labels_and_help_come_from_the_model():
    spec = _spec(stage_fields("plan"), "plan.team[].title_front")
    assert spec.label("id") == "Gelar depan"
    assert spec.label("en") == "Title before the name"
    assert spec.help("id") == "Contoh: Dr., Ir., drh."
    assert spec.help("en") == "Example: Dr., Ir., drh."
    nip = _spec(stage_fields("plan"), "plan.team[].nip")
    assert nip.help("en") == nip.help("id") and nip.help_lang("en") == "id"


def test_choices_carry_the_labels_of_the_enumeration_tables():
    zone = _spec(stage_fields("plan"), "plan.agenda[].zone")
    assert [(c.value, c.label("id"), c.label("en")) for c in zone.choices] == [
        (key, *ZONES[key]) for key in ("WIB", "WITA", "WIT", "setempat")]
    assert zone.default == "WIB" and not zone.optional_choice
    topic = _spec(stage_fields("goals"), "goals.topic")
    assert topic.choice_label("public_service", "id") == "Pelayanan Publik"
    assert topic.choice_label("public_service", "en") == "Public service"
    item = _spec(stage_fields("coordination"), "coordination.checklist[].item")
    assert item.optional_choice and item.default == ""
    assert item.choice_label("travel_permit") == "Izin perjalanan dinas luar negeri"
    eselon = _spec(office_fields(), "office.head.eselon")
    assert eselon.choices[0].value == ""
    assert eselon.choices[0].label("id") == "Non-eselon / JF"


def test_fields_a_document_needs_are_flagged():
    assert _spec(stage_fields("goals"), "goals.title").required
    assert not _spec(stage_fields("plan"), "plan.departure_place").required
    birth = _spec(stage_fields("plan"), "plan.team[].birth_date")
    assert birth.needed_for == ("permit_request",)
    assert birth.needed_for_titles("en") == ["Foreign-travel permit request"]
    assert set(_spec(office_fields(), "office.ppk.name").needed_for) >= {"rab", "spd"}
    assert _spec(office_fields(), "office.region_head").required


# --- values for a form, and back -------------------------------------------------------------


def _round_trip(study: Study, key: str) -> Study:
    specs = stage_fields(key)
    flat = flatten(specs, form_values(specs, getattr(study, key)), key)
    data = study.model_dump(mode="json")
    values = parse_form(key, flat)
    if key == "evaluation":  # as the stage page does: updates are kept by the item's id
        values = keep_updates(data[key], values)
    data[key] = {**data[key], **values}
    return load_study(data)


@pytest.mark.parametrize("key", STAGE_KEYS)
@pytest.mark.parametrize("make", [example_study, abroad_example_study])
def test_parse_form_reads_back_what_form_values_shows(key, make):
    study = make()
    assert getattr(_round_trip(study, key), key) == getattr(study, key)


def test_form_values_are_what_inputs_show():
    values = form_values(stage_fields("plan"), example_study().plan)
    assert values["start_date"] == "14/12/2026", "dd/mm/yyyy whatever the browser's language"
    assert values["agenda"][0]["start_time"] == "07:00"
    assert values["team"][0]["role"] == "ketua"
    assert values["team"][1]["title_front"] == ""
    assert values["funding"]["dpa_date"] == "02/01/2026"
    line = form_values(model_fields(BudgetLine, "x"), BudgetLine(unit_price="1250000.5"))
    assert line["unit_price"] == "1.250.000,5" and line["volume"] == "1"


def test_rows_are_renumbered_in_order_and_empty_rows_dropped():
    flat = {
        "plan.team[5].name": "Keenam",
        "plan.team[0].name": "Pertama", "plan.team[0].role": "ketua",
        "plan.team[2].name": "Ketiga",
        "plan.team[7].name": "", "plan.team[7].role": "anggota", "plan.team[7].eselon": "",
        "goals.aims[3]": "tiga", "goals.aims[1]": "  ", "goals.aims[0]": "nol",
    }
    plan = parse_form("plan", flat)
    assert [m["name"] for m in plan["team"]] == ["Pertama", "Ketiga", "Keenam"]
    assert plan["team"][0]["role"] == "ketua"
    assert parse_form("goals", flat)["aims"] == ["nol", "tiga"]


def test_a_row_with_only_defaults_is_empty():
    specs = _spec(stage_fields("destination"), "destination.candidates").children
    assert is_blank(specs, blank_values(specs))
    assert blank_values(specs)["country"] == "Indonesia"
    assert not is_blank(specs, {**blank_values(specs), "chosen": True})
    assert not is_blank(specs, {**blank_values(specs), "country": "Malaysia"})


def test_checkboxes_missing_from_a_form_are_unchecked():
    flat = {"destination.candidates[0].institution": "A",
            "destination.candidates[0].chosen": "on",
            "destination.candidates[1].institution": "B"}
    rows = parse_form("destination", flat)["candidates"]
    assert [r["chosen"] for r in rows] == [True, False]


def test_nested_lists_are_read():
    flat = {"execution.notes[0].place": "Ruang rapat",
            "execution.notes[0].topics[1]": "kedua", "execution.notes[0].topics[0]": "pertama",
            "execution.notes[0].topics[2]": "",
            "execution.notes[3].topics[0]": ""}
    notes = parse_form("execution", flat)["notes"]
    assert len(notes) == 1 and notes[0]["topics"] == ["pertama", "kedua"]


def test_money_is_read_as_the_model_reads_it():
    specs = model_fields(Plan, "plan")
    flat = {"plan.budget[0].description": "Tiket", "plan.budget[0].unit_price": "Rp1.250.000,00",
            "plan.budget[0].volume": "2", "plan.budget[0].component": "tiket",
            "plan.budget[1].description": "Hotel", "plan.budget[1].unit_price": "1.250.000",
            "plan.budget[1].volume": "1", "plan.budget[1].component": "penginapan"}
    plan = Plan.model_validate(parse_fields(specs, flat, "plan"))
    assert [line.unit_price for line in plan.budget] == [Decimal("1250000")] * 2
    assert plan.budget[0].computed == Decimal("2500000")


def test_dates_and_times_typed_the_indonesian_way():
    flat = {"plan.start_date": "14/12/2026", "plan.end_date": "2026-12-16",
            "plan.agenda[0].date": "15-12-2026", "plan.agenda[0].start_time": "09.00",
            "plan.agenda[0].end_time": "13:30"}
    plan = Plan.model_validate(parse_form("plan", flat))
    assert plan.start_date.isoformat() == "2026-12-14"
    assert plan.agenda[0].date.isoformat() == "2026-12-15"
    assert plan.agenda[0].start_time.isoformat() == "09:00:00"
    # a day the calendar does not have stays as typed, for the model to refuse
    assert parse_form("plan", {"plan.start_date": "31/02/2026"})["start_date"] == "31/02/2026"


def test_what_is_not_a_path_is_ignored():
    flat = {"plan.team[x].name": "a", "plan..name": "b", "plan.team[0]": "c",
            "[0].name": "d", "plan.team[0].name.more": "e", "plan.departure_place": ["Sleman"],
            "plan.transport[0]": "f", "plan.team[1].name": "Budi", "csrf_token": "t"}
    plan = parse_form("plan", flat)
    assert [m["name"] for m in plan["team"]] == ["Budi"]
    assert plan["departure_place"] == "Sleman"
    assert plan["transport"] == ""
    Plan.model_validate(plan)


def test_a_form_claiming_too_many_rows_is_cut():
    flat = {f"goals.aims[{i}]": f"aim {i}" for i in range(forms.MAX_ROWS + 50)}
    assert len(parse_form("goals", flat)["aims"]) == forms.MAX_ROWS


@pytest.mark.parametrize("text, parts", [
    ("plan.team[0].nip", ["plan", "team", 0, "nip"]),
    ("goals.aims[12]", ["goals", "aims", 12]),
    ("office.head.name", ["office", "head", "name"]),
    ("plan.team[0]nip", None), ("plan.", None), (".plan", None), ("plan[0][1]", ["plan", 0, 1]),
    ("plan.team[-1]", None), ("", None), ("a b", None),
])
def test_split_path(text, parts):
    assert split_path(text) == parts


def test_without_row_leaves_the_other_rows():
    flat = {"plan.team[1].name": "x", "plan.team[1].nip": "y", "plan.team[10].name": "z",
            "plan.team[0].name": "w", "goals.aims[1]": "a"}
    assert without_row(flat, "plan.team[1]") == {"plan.team[10].name": "z",
                                                  "plan.team[0].name": "w", "goals.aims[1]": "a"}
    assert without_row(flat, "goals.aims[1]") == {k: v for k, v in flat.items()
                                                  if k != "goals.aims[1]"}


def test_leaf_names_name_every_input_of_a_page():
    study = example_study()
    names = leaf_names(stage_fields("execution"), form_values(stage_fields("execution"),
                                                              study.execution), "execution")
    assert "execution.notes[1].discussion[1]" in names
    assert "execution.photos[3].caption" in names
    groups = leaf_names(stage_fields("plan"), form_values(stage_fields("plan"), study.plan),
                        "plan", groups=True)
    assert {"plan.team", "plan.team[3]", "plan.funding", "plan.funding.source"} <= set(groups)


def test_a_photo_file_is_an_image_field():
    from docgen.forms import generic_path, is_image_field

    specs = stage_fields("execution")
    assert _spec(specs, "execution.photos[].file").kind == "image"
    assert _spec(specs, "execution.photos[].caption").kind == "text"
    assert generic_path("execution.photos[12].file") == "execution.photos[].file"
    assert generic_path("not a path") is None
    assert is_image_field(specs, "execution.photos[3].file")
    assert not is_image_field(specs, "execution.photos[3].caption")
    assert not is_image_field(specs, "execution.photos.file")
    assert not is_image_field(stage_fields("plan"), "execution.photos[0].file")
    flat = {"execution.photos[0].file": " ab/cd ", "execution.photos[0].caption": "Tim"}
    assert parse_form("execution", flat)["photos"] == [
        {"file": "ab/cd", "caption": "Tim", "date": ""}]
