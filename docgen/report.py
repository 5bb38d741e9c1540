"""What the final report tells of the visit itself: the days as they went, from the activity
log and the notulen of each meeting (``report`` in a template), not from the planned agenda.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from docgen import idformat
from docgen.study import LogEntry, Study, VisitNote


def sentence(text: str) -> str:
    """`text` as a sentence: stripped, first letter capital, ending with a full stop."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


@dataclass(frozen=True)
class Meeting:
    """One meeting of a visit day, from its notulen."""

    number: int
    """Its place in the study's list of notulen, from 1 (the annex lists them so)."""
    note: VisitNote
    """The notulen itself: time, place, chair, topics, discussion, agreements."""
    opening: str
    """``Pertemuan pukul 13.00–16.00 WIB di Ruang Rapat ..., dipimpin oleh ...``."""


@dataclass(frozen=True)
class Day:
    """What happened on one day of the visit."""

    date: date | None
    """The day; empty for entries typed without a date (listed last)."""
    activities: list[str] = field(default_factory=list)
    """One sentence or two per entry of the activity log."""
    meetings: list[Meeting] = field(default_factory=list)
    """The meetings of that day, from their notulen."""

    @property
    def label(self) -> str:
        """``Senin, 14 Desember 2026`` (``Tanggal tidak dicatat`` without a date)."""
        return idformat.tanggal(self.date, with_day=True) if self.date else \
            "Tanggal tidak dicatat"


def _activity(entry: LogEntry) -> str:
    what = " ".join(entry.activity.split())
    if entry.place:
        what = f"{what} di {entry.place}" if what else entry.place
    return " ".join(p for p in (sentence(what), sentence(entry.notes)) if p)


def _opening(note: VisitNote) -> str:
    parts = ["Pertemuan"]
    if note.time_range:
        parts.append(f"pukul {note.time_range}")
    if note.place:
        parts.append(f"di {note.place}")
    text = " ".join(parts)
    if note.chair:
        text += f", dipimpin oleh {note.chair}"
    if note.notetaker:
        text += f", dengan notulis {note.notetaker}"
    return sentence(text)


@dataclass(frozen=True)
class ReportFacts:
    """The visit as it went, for the final report (``report`` in a template)."""

    days: list[Day]
    """The days in date order."""
    meetings: list[Meeting]
    """Every notulen of the study in its order (the annex's list)."""


def report_facts(study: Study) -> ReportFacts:
    """The visit day by day: the log's entries and the notulen of each date, in date order
    (entries without a date last)."""
    days: dict[date | None, Day] = {}

    def day(when: date | None) -> Day:
        if when not in days:
            days[when] = Day(when)
        return days[when]

    for entry in study.execution.log:
        text = _activity(entry)
        if text:
            day(entry.date).activities.append(text)
    meetings = [Meeting(i, note, _opening(note)) for i, note in
                enumerate(study.execution.notes, 1)]
    for meeting in meetings:
        day(meeting.note.date).meetings.append(meeting)
    ordered = sorted(days.values(), key=lambda d: (d.date is None, d.date or date.min))
    return ReportFacts(days=ordered, meetings=meetings)
