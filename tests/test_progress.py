"""Progress per stage: empty, draft or complete, and what keeps a stage from complete."""

from __future__ import annotations

from datetime import date

from docgen.example import abroad_example_study, example_study
from docgen.fields import field_label
from docgen.progress import STAGE_KEYS, stage_progress, stage_status
from docgen.store.demo import demo_study
from docgen.study import STAGES, Goals, Study


def states(study: Study) -> list[str]:
    return [state for _, state in stage_status(study)]


def test_keys_follow_the_seven_stages():
    assert [key for key, _ in stage_status(Study())] == [key for key, _, _ in STAGES]
    assert STAGE_KEYS == ("goals", "plan", "destination", "coordination", "execution",
                          "evaluation", "reporting")


def test_a_new_study_is_empty_everywhere():
    assert states(Study()) == ["empty"] * 7


def test_the_full_examples_are_complete():
    assert states(example_study()) == ["complete"] * 7
    assert states(abroad_example_study()) == ["complete"] * 7


def test_the_demo_study_is_complete_up_to_stage_four():
    assert states(demo_study()) == ["complete"] * 4 + ["empty"] * 3


def test_a_title_alone_makes_stage_one_a_draft_that_names_what_is_missing():
    progress = stage_progress(Study(goals=Goals(title="Studi")))
    goals = progress[0]
    assert (goals.key, goals.number, goals.state) == ("goals", 1, "draft")
    paths = {p.path for p in goals.problems}
    assert {"goals.background", "goals.aims", "goals.legal_bases"} <= paths
    assert "goals.title" not in paths
    assert all(p.path.startswith("goals.") for p in goals.problems)
    assert [p.state for p in progress[1:]] == ["empty"] * 6


def test_an_error_keeps_a_filled_stage_a_draft():
    study = example_study()
    study.plan.end_date = date(2026, 1, 1)
    progress = {p.key: p for p in stage_progress(study)}
    assert progress["plan"].state == "draft"
    assert [p.code for p in progress["plan"].problems] == ["end_before_start"]
    assert progress["goals"].state == "complete"


def test_warnings_do_not_keep_a_stage_from_complete():
    study = example_study()
    study.evaluation.follow_up[0].due_date = date(2026, 1, 1)
    assert dict(stage_status(study))["evaluation"] == "complete"


def test_abroad_without_permits_keeps_coordination_a_draft():
    study = abroad_example_study()
    study.coordination.checklist = [c for c in study.coordination.checklist
                                    if c.item != "visa"]
    progress = {p.key: p for p in stage_progress(study)}
    assert progress["coordination"].state == "draft"
    assert progress["coordination"].problems[0].code == "abroad_needs_item"


def test_a_missing_row_field_is_reported_once_in_its_stage():
    study = example_study()
    study.destination.destinations[0].addressee = ""
    problems = {p.key: p.problems for p in stage_progress(study)}["destination"]
    assert [p.path for p in problems] == ["destination.destinations[0].addressee"]


def test_stage_titles_in_both_languages():
    progress = stage_progress(Study())
    assert progress[3].title("id") == "Koordinasi dan Persiapan"
    assert progress[3].title("en") == "Coordination and preparation"


def test_field_labels_come_from_the_model():
    assert field_label("plan.team[1].nip") == "Tim 2 › NIP"
    assert field_label("plan.team[1].nip", "en") == "Team 2 › NIP (civil-servant number)"
    assert field_label("goals.title", start=1) == "Judul studi banding"
    assert field_label("office.head.name", "en", depth=1) == "Name (without titles)"
    assert field_label("fiscal_year", depth=1) == "Tahun anggaran"
    assert field_label("no.such.path") == "no.such.path"
