"""The dashboard's search and filters, and its pages.

``/?q=perizinan&year=2026&stage=3&status=running&page=2``: a keyword (in the title, the
background, the aims, the hosts and candidates, the team's names), the fiscal year, the stage
a study has reached (the first one not complete) and its status (not started: nothing beyond
a stage 1 not yet complete; in progress; all stages complete; cannot be read); 20 studies a page. Every link to another page keeps the
filters, and a filter changed starts again at page 1. Values that make no sense (a year of
letters, page 0) are ignored rather than refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from docgen.progress import StageProgress
from docgen.store import StudyRecord
from docgen.study import Study
from web.ids import whole_number

PER_PAGE = 20
QUERY_MAX = 200
STATUSES = ("not_started", "running", "complete", "unreadable")

Row = tuple[StudyRecord, Study | None, list[StageProgress] | None]


@dataclass(frozen=True)
class Filters:
    q: str = ""
    year: int | None = None
    stage: int | None = None
    status: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.q or self.year or self.stage or self.status)

    def query(self, **changes: Any) -> str:
        """The query string of these filters (with `changes`), without empty values."""
        values = {"q": self.q, "year": self.year or "", "stage": self.stage or "",
                  "status": self.status, "page": self.page}
        values.update(changes)
        if values.get("page") == 1:
            values["page"] = ""
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def read_filters(args: Mapping[str, str]) -> Filters:
    q = " ".join(str(args.get("q", "")).split())[:QUERY_MAX]
    year = whole_number(args.get("year", ""), low=2000, high=2100)
    stage = whole_number(args.get("stage", ""), low=1, high=8)
    status = args.get("status", "")
    page = whole_number(args.get("page", ""), low=1, high=100_000) or 1
    return Filters(q, year, stage, status if status in STATUSES else "", page)


def current_stage(progress: Sequence[StageProgress]) -> int:
    """The number of the first stage not complete; 8 when all seven are."""
    return next((p.number for p in progress if p.state != "complete"), len(progress) + 1)


def status_of(progress: Sequence[StageProgress] | None) -> str:
    if progress is None:
        return "unreadable"
    if all(p.state == "complete" for p in progress):
        return "complete"
    if progress[0].state != "complete" and all(p.state == "empty" for p in progress[1:]):
        return "not_started"  # a title, perhaps a little of stage 1, nothing after it
    return "running"


def _words(study: Study | None, record: StudyRecord) -> str:
    if study is None:
        return record.title.casefold()
    parts = [study.goals.title, study.goals.background, *study.goals.aims,
             *(d.institution for d in study.destination.destinations),
             *(d.city for d in study.destination.destinations),
             *(c.institution for c in study.destination.candidates),
             *(m.name for m in study.plan.team)]
    return " ".join(parts).casefold()


def matches(filters: Filters, row: Row) -> bool:
    record, study, progress = row
    if filters.q and not all(word in _words(study, record)
                             for word in filters.q.casefold().split()):
        return False
    if filters.year and (study is None or study.fiscal_year != filters.year):
        return False
    if filters.stage and (progress is None or current_stage(progress) != filters.stage):
        return False
    return not (filters.status and status_of(progress) != filters.status)


@dataclass
class DashboardView:
    """The studies of one page, and what the filters and pager need."""

    filters: Filters
    rows: list[Row]
    total: int
    """Studies matching the filters (on every page)."""
    office_total: int
    years: list[int] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def first(self) -> int:
        return (self.filters.page - 1) * PER_PAGE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    def page_query(self, page: int) -> str:
        return self.filters.query(page=page)


def dashboard_view(rows: Iterable[Row], args: Mapping[str, str]) -> DashboardView:
    rows = list(rows)
    filters = read_filters(args)
    found = [row for row in rows if matches(filters, row)]
    start = (filters.page - 1) * PER_PAGE
    years = sorted({study.fiscal_year for _r, study, _p in rows if study is not None},
                   reverse=True)
    return DashboardView(filters, found[start:start + PER_PAGE], len(found), len(rows), years)
