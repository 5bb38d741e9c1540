"""The demo's issued letters go through the path of a letter as an office's letters do: the
demo staff user submits each one, the Kepala Subbagian Umum gives the paraf and the signer
approves it, which takes the number and issues it (:mod:`docgen.review`). Each register
entry's log then holds submitted, paraf, approved and issued, as a real issue records it.

The submission and the paraf are dated on the working day before the letter's date (09.00
and 13.30 office time, a few minutes apart per letter): a demo made in one go would
otherwise show the whole path within a second. The approval and the issue are at the moment of
seeding, as they are when a signer approves.

The chain the demo letters went through (:data:`DEMO_CHAIN`) is kept in their reviews; the
demo office itself keeps the default (the signer alone), so a new letter can be issued at
once when the demo is tried out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from docgen import archive, review
from docgen.officetime import zone_name
from docgen.store.models import StudyRecord, User
from docgen.store.review_models import Review

DEMO_REVIEWER_LABEL = "Kepala Subbagian Umum"
DEMO_SIGNER_LABEL = "Kepala Badan"
SUBMITTED_AT = time(9, 0)
INITIALLED_AT = time(13, 30)
APART = timedelta(minutes=7)
"""Between one demo letter and the next on the same step."""


def demo_chain(reviewer: User) -> list[dict[str, Any]]:
    """The demo's chain: the Kepala Subbagian Umum (a user), then the signer."""
    return [{"user_id": reviewer.id, "label": DEMO_REVIEWER_LABEL},
            {"role": review.SIGNER_ROLE, "label": DEMO_SIGNER_LABEL}]


def working_day_before(day: date, office: Any) -> datetime:
    """Midnight (office time, aware) of the working day (Monday to Friday) before `day`."""
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(zone_name(office)))


def issue_reviewed(session: Session, study_record: StudyRecord, kinds: tuple[str, ...],
                   users: dict[str, User], *, base_dir: Path,
                   issued: dict[str, date] | None = None,
                   **finalize_options: Any) -> list[Any]:
    """Issue `kinds` of the study (item 0 each) through the path: submitted by
    ``users["staff"]``, initialled by ``users["reviewer"]`` and approved by
    ``users["signer"]`` under :func:`demo_chain` (the office's own chain for the kind is
    left as it is when it has one). `issued` gives a kind its date of issue;
    `finalize_options` go to :func:`docgen.archive.finalize` (storage, verify_base).
    Returns the register entries. Commits."""
    office_id = study_record.office_id
    records = []
    for n, kind_id in enumerate(kinds):
        register = archive.register_refs(session, study_record)
        content = review.draft_sha256(study_record.study, kind_id, 0, register=register,
                                      base_dir=base_dir)
        own = review.chain_row(session, office_id, kind_id) is not None
        if not own:
            review.set_chain(session, office_id, kind_id, demo_chain(users["reviewer"]))
        try:
            found = review.submit(session, study_record, kind_id, 0, users["staff"], content)
        finally:
            if not own:
                review.reset_chain(session, office_id, kind_id)
        steps = review.steps_of(found.chain)
        for step in steps[:-1]:
            person = next(u for u in users.values()
                          if step.matches(u) and u is not users["staff"])
            review.initial(session, found, person, content)
        when = (issued or {}).get(kind_id)
        day = working_day_before(when or archive.today(study_record.office),
                                 study_record.office)
        _date_path(session, found, day, n)
        record = review.approve(session, found, users["signer"], content, issued=when, base_dir=base_dir,
                                **finalize_options)
        records.append(record)
    return records


def _date_path(session: Session, found: Review, day: datetime, n: int) -> None:
    """The submission at 09.00 and each paraf from 13.30 of `day`, the `n`-th letter a few
    minutes after the one before. Commits."""
    submitted = day + timedelta(hours=SUBMITTED_AT.hour, minutes=SUBMITTED_AT.minute) + \
        n * APART
    initialled = day + timedelta(hours=INITIALLED_AT.hour, minutes=INITIALLED_AT.minute) + \
        n * APART
    submitted, initialled = submitted.astimezone(UTC), initialled.astimezone(UTC)
    paraf = 0
    for event in found.events:
        if event.event == "submitted":
            event.at = submitted
        elif event.event == "initialled":
            event.at = initialled + paraf * APART
            paraf += 1
    found.submitted_at = submitted
    session.commit()
