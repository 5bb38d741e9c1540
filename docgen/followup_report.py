"""What the Laporan Perkembangan Tindak Lanjut reports: each RTL item as it stood at the end
of a period, with the updates and evidence of that period.

The period runs by default from the day after the trip ends (the plan's end date) to the
date of the report (a draft: the office's today); a caller may set either end
(:func:`docgen.render.render_document` ``period=(from, to)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from docgen import idformat
from docgen.followup_model import FollowUpItem, FollowUpState, FollowUpUpdate
from docgen.study import Study


@dataclass(frozen=True)
class ProgressLine:
    """One item of the RTL at the end of the period."""

    item: FollowUpItem
    state: FollowUpState
    updates: list[FollowUpUpdate]
    """The updates dated within the period, oldest first."""
    overdue: bool
    """Still open after its due date at the end of the period."""

    @property
    def status_text(self) -> str:
        """``Selesai (tepat waktu)``, ``Berjalan (melewati target waktu)``, ``Batal: ...``."""
        text = self.state.status_label
        if self.state.status == "selesai" and self.item.due_date:
            text += " (tepat waktu)" if self.state.done_on_time else " (terlambat)"
        elif self.overdue:
            text += " (melewati target waktu)"
        elif self.state.status == "batal" and self.state.latest and self.state.latest.reason:
            text += f": {self.state.latest.reason}"
        return text

    @property
    def evidence(self) -> list[str]:
        """The names of the evidence files of the period's updates."""
        return [e.name or "berkas" for u in self.updates for e in u.evidence]

    @property
    def evidence_text(self) -> str:
        return "; ".join(self.evidence) or "-"

    @property
    def note(self) -> str:
        """The latest note of the period."""
        return next((u.note for u in reversed(self.updates) if u.note), "")


@dataclass(frozen=True)
class ProgressFacts:
    """The period and the lines of the progress report, with counts for its summary."""

    period_from: date
    period_to: date
    lines: list[ProgressLine]

    @property
    def period_text(self) -> str:
        """``17 Desember 2026 s.d. 1 Mei 2027``."""
        return idformat.rentang_tanggal(self.period_from, self.period_to)

    def _count(self, status: str) -> int:
        return sum(line.state.status == status for line in self.lines)

    @property
    def done(self) -> int:
        return self._count("selesai")

    @property
    def done_on_time(self) -> int:
        return sum(line.state.status == "selesai" and line.state.done_on_time
                   for line in self.lines)

    @property
    def under_way(self) -> int:
        return self._count("berjalan")

    @property
    def planned(self) -> int:
        return self._count("rencana")

    @property
    def cancelled(self) -> int:
        return self._count("batal")

    @property
    def overdue(self) -> int:
        return sum(line.overdue for line in self.lines)


def progress_facts(study: Study, day: date, period_from: date | None = None,
                   period_to: date | None = None) -> ProgressFacts:
    """The RTL of `study` as it stood at the end of the period (by default the day after
    the trip to `day`, the report's date)."""
    end = period_to or day
    start = period_from
    if start is None:
        trip_end = study.plan.end_date
        start = trip_end + timedelta(days=1) if trip_end and trip_end < end else end
    start = min(start, end)
    items = sorted(study.evaluation.follow_up,
                   key=lambda t: (t.due_date is None, t.due_date or date.min))
    lines = []
    for item in items:
        state = item.state_at(end)
        updates = [u for u in item.history() if start <= u.date <= end]
        lines.append(ProgressLine(item, state, updates, state.overdue(end)))
    return ProgressFacts(start, end, lines)
