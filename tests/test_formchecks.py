"""The NIP against the person's birth date and sex, the agenda inside the trip, every problem
of a form in one pass, and the grades a form offers (docgen.formchecks, docgen.personnel)."""

from __future__ import annotations

import pytest

from docgen.example import example_study
from docgen.formchecks import all_problems, in_form, person_problems
from docgen.messages import Problem
from docgen.personnel import normalize_eselon
from docgen.study import Person, StudyInvalid, TeamMember, check_study, load_study

NIP = "19860926 201505 2 001"
"""Born 26 September 1986, a woman (digit 15 is 2)."""


def _study_with(**member):
    data = example_study().model_dump(mode="json")
    data["plan"]["team"][1].update(member)
    return load_study(data)


def test_a_nip_that_agrees_with_the_person_is_quiet():
    study = _study_with(nip=NIP, birth_date="1986-09-26", sex="P")
    assert person_problems(study) == []


def test_a_birth_date_other_than_the_nips_is_a_warning_naming_both_fields():
    study = _study_with(nip=NIP, birth_date="1986-06-29", sex="")
    [problem] = [p for p in check_study(study) if p.code == "nip_birth_mismatch"]
    assert (problem.path, problem.severity) == ("plan.team[1].nip", "warning")
    assert problem.message("id") == (
        "NIP ini berawal dengan tanggal lahir 26 September 1986, tetapi Tanggal lahir diisi "
        "29 Juni 1986; periksa NIP atau Tanggal lahir")
    assert "Date of birth says 29 Juni 1986" in problem.message("en")


def test_a_sex_other_than_the_nips_is_a_warning_naming_both_fields():
    study = _study_with(nip=NIP, birth_date="1986-09-26", sex="L")
    [problem] = person_problems(study)
    assert (problem.path, problem.code, problem.severity) == (
        "plan.team[1].nip", "nip_sex_mismatch", "warning")
    assert problem.message("id") == ("angka ke-15 NIP ini (2) berarti perempuan, tetapi Jenis "
                                     "kelamin diisi laki-laki; periksa NIP atau Jenis kelamin")
    assert problem.message("en") == ("digit 15 of this NIP (2) means female, but Sex says male; "
                                     "check the NIP or Sex")


def test_officials_of_the_office_are_checked_too():
    data = example_study().model_dump(mode="json")
    data["office"]["head"]["birth_date"] = "1970-01-01"
    problems = person_problems(load_study(data))
    assert [p.path for p in problems] == ["office.head.nip"]


def test_without_a_birth_date_or_sex_there_is_nothing_to_compare():
    study = _study_with(nip=NIP, birth_date=None, sex="")
    assert person_problems(study) == []


def test_an_agenda_date_outside_the_trip_names_its_row():
    data = example_study().model_dump(mode="json")
    data["plan"]["agenda"][1]["date"] = "2026-12-20"
    [problem] = [p for p in check_study(load_study(data)) if p.code == "agenda_outside_trip"]
    assert (problem.path, problem.severity) == ("plan.agenda[1].date", "error")
    assert problem.message("id") == ("agenda baris 2: tanggal 20 Desember 2026 di luar masa "
                                     "perjalanan (14 s.d. 16 Desember 2026)")
    assert problem.message("en").startswith("agenda row 2: the date 20 Desember 2026")


def test_every_problem_is_found_in_one_pass():
    """A refused NIP does not hide the agenda date outside the trip, nor the warning of
    another member: all three come at once."""
    data = example_study().model_dump(mode="json")
    data["plan"]["team"][0]["nip"] = "1234"
    data["plan"]["agenda"][1]["date"] = "2026-12-20"
    data["plan"]["team"][1].update(nip=NIP, birth_date="1986-06-29")
    with pytest.raises(StudyInvalid):
        load_study(data)
    study, refused, cross = all_problems(data)
    assert study is None
    assert [(p.path, p.code) for p in refused] == [("plan.team[0].nip", "nip_length")]
    assert {(p.path, p.code, p.severity) for p in cross} == {
        ("plan.agenda[1].date", "agenda_outside_trip", "error"),
        ("plan.team[1].nip", "nip_birth_mismatch", "warning")}
    assert data["plan"]["team"][0]["nip"] == "1234", "the data given is left as it was"


def test_a_check_about_a_refused_value_is_left_out():
    data = example_study().model_dump(mode="json")
    data["plan"]["team"][1].update(nip="19860926 201505 2 000", birth_date="1986-06-29")
    _study, refused, cross = all_problems(data)
    assert [p.code for p in refused] == ["nip_sequence"]
    assert not [p for p in cross if p.path.startswith("plan.team[1].nip")]


def test_a_valid_study_has_no_problems_in_one_pass():
    study, refused, cross = all_problems(example_study().model_dump(mode="json"))
    assert study is not None and refused == [] and cross == []


def test_a_form_explains_dates_and_times_as_typed():
    problem = in_form(Problem("plan.start_date", "date_from_datetime_parsing"))
    assert problem.message("id").startswith("bukan tanggal yang sah: tulis dd/mm/yyyy")
    assert "e.g. 17/08/2027" in problem.message("en")
    assert in_form(Problem("x", "time_parsing")).message("en") == (
        "is not a valid time: write HH:MM on the 24-hour clock, e.g. 14:30")
    other = Problem("plan.team[0].nip", "nip_length")
    assert in_form(other) is other


@pytest.mark.parametrize(("typed", "expected"), [
    ("II.a", "II.a"), ("IIa", "II.a"), ("II/A", "II.a"), ("2a", "II.a"), ("Eselon III.b", "III.b"),
    ("IV", "IV"), ("non-eselon", ""), ("JF", ""), (None, ""), ("", ""),
])
def test_eselon_is_read_as_offices_write_it(typed, expected):
    assert normalize_eselon(typed) == expected
    assert Person(eselon=typed).eselon == expected


@pytest.mark.parametrize("typed", ["V.a", "II.c", "Kepala"])
def test_an_eselon_outside_the_list_is_refused(typed):
    with pytest.raises(ValueError):
        Person(eselon=typed)


def test_sex_is_read_as_offices_write_it():
    assert TeamMember(sex="laki-laki").sex == "L" and TeamMember(sex="Perempuan").sex == "P"
    with pytest.raises(ValueError):
        TeamMember(sex="X")


def test_sub_levels_of_eselon_keep_their_cost_level():
    from docgen.budget.checks import foreign_grade_of, grade_level

    assert grade_level("II.a", "") == grade_level("II", "") == "eselon_ii"
    assert grade_level("IV.b", "III/a") == "eselon_iv"
    assert foreign_grade_of("I.b", "") == "A" and foreign_grade_of("II.b", "III/a") == "B"
