"""Dates and times as a form reads them (docgen.formdates), and the model refusing a bare
number as a date or a time."""

from __future__ import annotations

from datetime import date, time

import pytest

from docgen.formdates import date_text, model_date, model_time, read_date, read_time, time_text
from docgen.study import AgendaItem, StudyInvalid, load_study


@pytest.mark.parametrize(("typed", "expected"), [
    ("17/08/2027", date(2027, 8, 17)),
    (" 7/8/2027 ", date(2027, 8, 7)),
    ("17.08.2027", date(2027, 8, 17)),
    ("17-08-2027", date(2027, 8, 17)),
    ("17082027", date(2027, 8, 17)),
    ("2027-08-17", date(2027, 8, 17)),
    ("29/02/2028", date(2028, 2, 29)),
    ("", None),
])
def test_a_date_is_read_day_first_or_as_iso(typed, expected):
    assert read_date(typed) == expected


@pytest.mark.parametrize("typed", ["08/17/2027", "31/02/2027", "29/02/2027", "17/08/27",
                                   "17/08-2027", "2027/08/17", "17 Agustus 2027", "0",
                                   "1786924800", "tomorrow"])
def test_what_is_not_a_date_written_day_first_is_refused(typed):
    with pytest.raises(ValueError):
        read_date(typed)


@pytest.mark.parametrize(("typed", "expected"), [
    ("14:30", time(14, 30)), ("14.30", time(14, 30)), ("1430", time(14, 30)),
    ("9:05", time(9, 5)), ("00:00", time(0, 0)), ("23:59:30", time(23, 59, 30)), ("", None),
])
def test_a_time_is_read_on_the_24_hour_clock(typed, expected):
    assert read_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "14:60", "2:30 PM", "14", "14:3", "noon"])
def test_what_is_not_a_24_hour_time_is_refused(typed):
    with pytest.raises(ValueError):
        read_time(typed)


def test_values_are_shown_as_an_office_writes_them():
    assert date_text(date(2027, 8, 17)) == "17/08/2027"
    assert date_text("2027-08-17") == "17/08/2027", "an ISO value posted back"
    assert date_text("17/08/27") == "17/08/27", "a value as typed stays as typed"
    assert date_text(None) == ""
    assert time_text(time(14, 30)) == "14:30" and time_text(time(9, 0, 15)) == "09:00:15"


def test_the_model_gets_iso_or_the_text_as_typed():
    assert model_date("17/08/2027") == "2027-08-17"
    assert model_date("  ") == ""
    assert model_date("31/02/2027") == "31/02/2027"
    assert model_time("14.30") == "14:30" and model_time("25:00") == "25:00"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("date", "0", "date_parsing"), ("date", 0, "date_parsing"),
    ("start_time", "3600", "time_parsing"), ("start_time", 3600, "time_parsing"),
])
def test_a_bare_number_is_not_a_date_or_a_time(field, value, code):
    """Without this the model reads "0" as 1 January 1970 (seconds since 1970)."""
    with pytest.raises(StudyInvalid) as caught:
        load_study({"plan": {"agenda": [{field: value}]}})
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == (f"plan.agenda[0].{field}", code)
    assert AgendaItem(date="2027-08-17", start_time="14:30").date == date(2027, 8, 17)
