"""The public summary of a study: what an office shows other SKPDs once it publishes a study.

:func:`public_summary` copies out of a study only what may be read signed out, field by
field, into plain values; a page showing it never sees the study itself. It holds the title,
the office, the topic, the hosts (institution, city, country), the dates, the realised cost
as one total, the aims, the findings, the follow-up plan's progress (each action, its
indicator, target, value achieved and status; not its owner), the team by name and jabatan, and each dissemination event with the number of people who came, the offices they
came from and the titles of the materials shared. Never in it: NIPs, golongan, birth dates,
budget lines or any traveller's amount, phone numbers, e-mail addresses, contacts, the
minutes, the attendees' names, and nothing from the register (letter numbers and subjects of
any access class).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from docgen.study import EVENT_KINDS, FOLLOW_UP_STATUS, Study, label


@dataclass(frozen=True)
class PublicFollowUp:
    action: str
    due_date: date | None
    status: str
    status_label: str
    indicator: str = ""
    target: str = "-"
    achieved: str = "-"


@dataclass(frozen=True)
class PublicEvent:
    kind: str
    title: str
    date: date | None
    place: str
    attendee_count: int
    offices: tuple[str, ...]
    materials: tuple[str, ...]


@dataclass(frozen=True)
class PublicSummary:
    """What the public page of a published study shows, and nothing else."""

    study_id: int
    title: str
    office: str
    fiscal_year: int
    topic: str
    abroad: bool
    hosts: tuple[tuple[str, str, str], ...]
    """(institution, city, country) of each chosen destination."""
    start_date: date | None
    end_date: date | None
    cost_realized: Decimal | None
    """The realised cost as one total; None until a realised amount is entered."""
    aims: tuple[str, ...]
    findings: tuple[tuple[str, str], ...]
    team: tuple[tuple[str, str], ...]
    """(name with titles, jabatan) of each member, the leader first."""
    follow_up: tuple[PublicFollowUp, ...]
    events: tuple[PublicEvent, ...] = field(default_factory=tuple)

    @property
    def follow_up_done(self) -> int:
        return sum(1 for item in self.follow_up if item.status == "selesai")


def public_summary(study_id: int, office_name: str, study: Study,
                   lang: str = "id") -> PublicSummary:
    """The public summary of `study` (stored under `study_id`, kept by `office_name`), its
    labels in `lang`."""
    plan = study.plan
    return PublicSummary(
        study_id=study_id,
        title=study.goals.title,
        office=office_name,
        fiscal_year=study.fiscal_year,
        topic=study.goals.topic_label,
        abroad=study.goals.abroad,
        hosts=tuple((d.institution, d.city, d.country)
                    for d in study.destination.destinations if d.institution),
        start_date=plan.start_date,
        end_date=plan.end_date,
        cost_realized=plan.realized_total if plan.has_realization else None,
        aims=tuple(a for a in study.goals.aims if a),
        findings=tuple((f.topic, f.description) for f in study.execution.findings
                       if f.topic or f.description),
        team=tuple((m.full_name, m.jabatan) for m in plan.members_ordered if m.name),
        follow_up=tuple(PublicFollowUp(item.action, item.due_date, item.current_status,
                                       label(FOLLOW_UP_STATUS, item.current_status, lang),
                                       item.indicator, item.target_text, item.achieved_text)
                        for item in study.evaluation.follow_up if item.action),
        events=tuple(PublicEvent(
            kind=label(EVENT_KINDS, e.kind, lang), title=e.title, date=e.date, place=e.place,
            attendee_count=len([a for a in e.attendees if a.name]),
            offices=tuple(dict.fromkeys(a.office for a in e.attendees if a.office)),
            materials=tuple(m.title for m in e.materials if m.title))
            for e in study.reporting.dissemination),
    )
