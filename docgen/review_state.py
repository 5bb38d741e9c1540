"""Where a review stands: the paraf given on the draft as it reads now and the step it
waits for, the statuses of a study's documents, and what waits for a user (inboxes).
:mod:`docgen.review` offers these names too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen import archive
from docgen.review_chain import SUBMITTERS, Step, steps_of
from docgen.store.archive_models import ArchiveRecord
from docgen.store.models import User
from docgen.store.review_models import Review, ReviewEvent

STATUSES = ("draft", "submitted", "returned", "issued", "signed")
STATUS_LABELS = {
    "draft": ("draf", "draft"),
    "submitted": ("diajukan", "submitted"),
    "returned": ("dikembalikan", "returned"),
    "issued": ("disetujui/terbit", "approved and issued"),
    "signed": ("bertanda tangan", "signed"),
}


@dataclass(frozen=True)
class Paraf:
    step: Step
    event: ReviewEvent
    changed: bool
    """Given on content that has changed since ("berubah sejak diparaf")."""


@dataclass
class Progress:
    """A review as it stands for the draft as it reads now."""

    review: Review
    steps: list[Step]
    current: Step | None
    """The step it waits for (None when returned or approved)."""
    paraf: list[Paraf] = field(default_factory=list)
    """The paraf of the current round, in order of steps."""
    comment: str = ""
    """The comment of the latest return."""
    returned_by: str = ""

    @property
    def changed(self) -> bool:
        return any(p.changed for p in self.paraf)

    @property
    def at_signer(self) -> bool:
        return self.current is not None and self.current.last


def progress(review: Review, content_sha256: str) -> Progress:
    """Where `review` stands when the draft hashes to `content_sha256`: the first step
    without a paraf on this content is the one it waits for."""
    steps = steps_of(review.chain)
    events = [e for e in review.events if e.round == review.round]
    given: dict[int, ReviewEvent] = {}
    for event in events:
        if event.event == "initialled" and event.step is not None:
            given[event.step] = event
    paraf = [Paraf(steps[i], given[i], given[i].content_sha256 != content_sha256)
             for i in sorted(given) if i < len(steps)]
    current = None
    if review.state == "submitted":
        current = next((s for s in steps if s.index not in given
                        or given[s.index].content_sha256 != content_sha256), steps[-1])
    returns = [e for e in review.events if e.event == "returned"]
    last_return = returns[-1] if returns else None
    return Progress(review, steps, current, paraf,
                    last_return.comment if last_return else "",
                    last_return.actor_name if last_return else "")


def review_of(session: Session, study_id: int, kind_id: str, item: int) -> Review | None:
    return session.scalar(select(Review).where(Review.study_id == study_id,
                                               Review.kind == kind_id, Review.item == item))


# ---------------------------------------------------------------------------
# Statuses and inboxes


def study_statuses(session: Session, study_id: int) -> dict[tuple[str, int], str]:
    """Each document of the study that has left the draft state, by (kind, item as in the
    web addresses): submitted, returned, issued or signed (a document not listed is a
    draft)."""
    out: dict[tuple[str, int], str] = {}
    for review in session.scalars(select(Review).where(Review.study_id == study_id)):
        if review.state in ("submitted", "returned"):
            out[(review.kind, review.item)] = review.state
    records = session.scalars(select(ArchiveRecord).where(ArchiveRecord.study_id == study_id)
                              .order_by(ArchiveRecord.id))
    for record in records:  # the latest version wins
        signed = archive.latest_signed_copy(record) is not None
        out[(record.kind, record.item or 0)] = "signed" if signed else "issued"
    return out


def status_label(status: str, lang: str = "id") -> str:
    pair = STATUS_LABELS.get(status, (status, status))
    return pair[0] if lang == "id" else pair[1]


@dataclass
class Waiting:
    """A review in an inbox, as it stands now."""

    review: Review
    progress: Progress


@dataclass
class Inbox:
    """What waits for one user."""

    to_review: list[Waiting] = field(default_factory=list)
    """Drafts waiting for the user's paraf or (as signer) approval."""
    returned: list[Waiting] = field(default_factory=list)
    """Drafts returned to the office's drafters (staff), with the comment."""
    submitted: list[Waiting] = field(default_factory=list)
    """Drafts the user submitted that are still under review (staff)."""
    awaiting_copy: list[ArchiveRecord] = field(default_factory=list)
    """Issued documents whose signed copy is not filed yet (archivists)."""

    @property
    def count(self) -> int:
        return len(self.to_review) + len(self.returned) + len(self.awaiting_copy)


COPY_KEEPERS = ("archivist",)
"""Roles whose inbox lists the issued documents waiting for their signed copy."""


def inbox(session: Session, user: User, content_sha256: Callable[[Review], str]) -> Inbox:
    """What waits for `user`: drafts at their step, drafts returned (staff), their own
    submissions in review, and issued documents without a signed copy (archivists).
    `content_sha256` hashes a review's draft as it reads now."""
    box = Inbox()
    reviews = session.scalars(select(Review).where(
        Review.office_id == user.office_id, Review.state.in_(("submitted", "returned")))
        .order_by(Review.updated_at, Review.id))
    for review in reviews:
        if review.state == "returned":
            if user.role in SUBMITTERS:
                box.returned.append(Waiting(review, progress(review, "")))
            continue
        steps = steps_of(review.chain)
        if not any(step.matches(user) for step in steps) and \
                review.submitted_by_id != user.id:
            continue  # not the user's: no need to render it
        now = progress(review, content_sha256(review))
        if now.current is not None and now.current.matches(user):
            box.to_review.append(Waiting(review, now))
        elif review.submitted_by_id == user.id:
            box.submitted.append(Waiting(review, now))
    if user.role in COPY_KEEPERS:
        box.awaiting_copy = awaiting_signed_copy(session, user.office_id)
    return box


def awaiting_signed_copy(session: Session, office_id: int) -> list[ArchiveRecord]:
    """The office's issued documents (latest versions, number not voided) without a signed
    copy, oldest first."""
    from docgen.store.archive_models import LetterNumber

    corrected = select(ArchiveRecord.corrects_id).where(ArchiveRecord.corrects_id.is_not(None))
    query = (select(ArchiveRecord)
             .outerjoin(LetterNumber, ArchiveRecord.letter_number_id == LetterNumber.id)
             .where(ArchiveRecord.office_id == office_id,
                    ArchiveRecord.id.not_in(corrected),
                    (LetterNumber.id.is_(None)) | (LetterNumber.state != "void"))
             .order_by(ArchiveRecord.issued, ArchiveRecord.id))
    return [r for r in session.scalars(query) if archive.latest_signed_copy(r) is None]

