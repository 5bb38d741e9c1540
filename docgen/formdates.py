"""Dates and times as an Indonesian office types them in a form: ``17/08/2027`` and ``14:30``
(24-hour), whatever language the browser speaks.

A browser's own date and time inputs follow the browser's language (an English browser
shows ``08/17/2027`` and ``02:30 PM``), so the forms use text inputs and this module reads
them. Read as a date: ``17/08/2027`` (day first; ``/``, ``.`` or ``-`` between, one or two
digits for day and month, four for the year), ``17082027`` (eight digits, day first, as a
phone's number pad types it) and ISO ``2027-08-17`` (the API, old pages). Read as a time:
``14:30``, ``14.30``, ``1430``, ``9:05`` and ``14:30:15``; never a.m./p.m. No Flask here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from pydantic_core import PydanticCustomError

DATE_HINT = "dd/mm/yyyy"
"""The placeholder of a date field."""
TIME_HINT = "HH:MM"
"""The placeholder of a time field."""

DATE_PATTERN = r"\s*(\d{1,2}(/|\.|-)\d{1,2}(/|\.|-)\d{4}|\d{8}|\d{4}-\d{2}-\d{2})\s*"
"""The HTML ``pattern`` of a date field: what :func:`read_date` may read (written without
character classes, so a browser compiling it with the ``v`` flag accepts it too)."""
TIME_PATTERN = r"\s*\d{1,2}(:|\.)?\d{2}((:|\.)\d{2})?\s*"
"""The HTML ``pattern`` of a time field."""

_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_DIGITS8 = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_HM = re.compile(r"(\d{1,2})[:.]?(\d{2})(?:[:.](\d{2}))?")


def read_date(text: Any) -> date | None:
    """The date in `text`; None when it is empty; ValueError when it holds no date."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    value = str(text or "").strip()
    if not value:
        return None
    if match := _DMY.fullmatch(value):
        day, _sep, month, year = match.groups()
    elif match := _DIGITS8.fullmatch(value):
        day, month, year = match.groups()
    elif match := _ISO.fullmatch(value):
        year, month, day = match.groups()
    else:
        raise ValueError(f"not a date written dd/mm/yyyy: {value!r}")
    return date(int(year), int(month), int(day))  # ValueError for 31/02/2027


def read_time(text: Any) -> time | None:
    """The time in `text`; None when it is empty; ValueError when it holds no time of a
    24-hour day."""
    if isinstance(text, time):
        return text
    value = str(text or "").strip()
    if not value:
        return None
    match = _HM.fullmatch(value)
    if not match:
        raise ValueError(f"not a time written HH:MM: {value!r}")
    hour, minute, second = match.groups()
    return time(int(hour), int(minute), int(second or 0))  # ValueError for 24:00, 9:75


def date_text(value: Any) -> str:
    """A date as a form shows it (``17/08/2027``); a date in ISO text too; other text (a
    value as typed that is not a date) unchanged; None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if _ISO.fullmatch(text.strip()):
        try:
            return read_date(text).strftime("%d/%m/%Y")  # type: ignore[union-attr]
        except ValueError:
            return text
    return text


def time_text(value: Any) -> str:
    """A time as a form shows it (``14:30``, seconds only when there are some); other text
    unchanged; None as empty."""
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value)


def model_date(text: Any) -> Any:
    """A typed date as the model reads it: ISO when readable; empty as None; otherwise the
    text as typed, for the model to refuse with its message."""
    if not isinstance(text, str):
        return text
    try:
        found = read_date(text)
    except ValueError:
        return text.strip()
    return found.isoformat() if found else ""


def model_time(text: Any) -> Any:
    """A typed time as the model reads it (``14:30``, ``14:30:15``); the text as typed when
    it is not a time."""
    if not isinstance(text, str):
        return text
    try:
        found = read_time(text)
    except ValueError:
        return text.strip()
    return time_text(found) if found else ""


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.strip().isdigit())


def date_value(value: Any) -> Any:
    """The study's date fields read ``""`` as None and refuse a bare number (which the
    model would otherwise read as seconds since 1970: ``"0"`` as 1 January 1970)."""
    if isinstance(value, str) and not value.strip():
        return None
    if _number(value):
        raise PydanticCustomError("date_parsing", "a date is written YYYY-MM-DD, not as a "
                                  "number: {value}", {"value": str(value)})
    return value


def time_value(value: Any) -> Any:
    """The study's time fields read ``""`` as None and refuse a bare number (seconds)."""
    if isinstance(value, str) and not value.strip():
        return None
    if _number(value):
        raise PydanticCustomError("time_parsing", "a time is written HH:MM, not as a number: "
                                  "{value}", {"value": str(value)})
    return value
