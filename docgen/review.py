"""The path of a letter: a draft goes from the drafter through the office's reviewers, who
give their paraf in order or return it with a comment, to the signer, whose approval takes
the number and issues it (:func:`docgen.archive.finalize`). Then it is printed, signed,
stamped and its signed copy filed (:func:`docgen.archive.file_signed_copy`).

* The chain per office and kind (:func:`chain_for`, :func:`set_chain`): reviewers, then the
  signer last; each step a user of the office or anyone with a role. Without one the signer
  alone reviews (:data:`DEFAULT_CHAIN`), so a drafter's submission waits for the signer.
* A paraf counts for the content it was given on: each event keeps the SHA-256 of the
  rendered draft (:func:`draft_sha256`). When the study changes so that the draft reads
  differently, the review falls back to the first reviewer whose paraf was given on older
  content ("berubah sejak diparaf"), and the signer cannot approve until they give it again.
* A number is taken only when the signer approves. Until then the review keeps its own log
  (:class:`docgen.store.ReviewEvent`); on issue it is copied into the record's event log
  with the original moments.

No web here: the caller passes the user and the hash of the current draft.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from docgen import archive, catalog, custom_kinds
from docgen.messages import Problem, text
from docgen.store.archive_models import ArchiveEvent, ArchiveRecord, actor_label
from docgen.store.models import ROLES, StudyRecord, User, utcnow
from docgen.store.review_models import Review, ReviewChain, ReviewEvent, ReviewSettings

DEFAULT_CHAIN: tuple[dict[str, Any], ...] = ({"role": "signer", "label": ""},)
"""Without a chain of its own, a kind is reviewed by the signer alone."""
ANY_KIND = "*"
"""The kind of an office's chain that applies to every kind without its own."""
SUBMITTERS = ("staff",)
"""Roles that submit a draft for review (and submit it again after it was returned)."""
SIGNER_ROLE = "signer"
MAX_STEPS = 8
LABEL_MAX = 200
COMMENT_MAX = 2000
HASH_DATE = date(2000, 1, 1)
"""The date a draft is rendered with for its hash: the hash follows what the letter says,
not the day it is looked at (the date of issue is chosen when the signer approves)."""

STATUSES = ("draft", "submitted", "returned", "issued", "signed")
STATUS_LABELS = {
    "draft": ("draf", "draft"),
    "submitted": ("diajukan", "submitted"),
    "returned": ("dikembalikan", "returned"),
    "issued": ("disetujui/terbit", "approved and issued"),
    "signed": ("bertanda tangan", "signed"),
}
ROLE_TITLES = {
    "staff": ("Staf", "Staff"),
    "signer": ("Penandatangan", "Signing official"),
    "archivist": ("Arsiparis", "Archivist"),
    "admin": ("Administrator", "Administrator"),
}


class ReviewRefused(ValueError):
    """A step of the path that may not be taken now; `code` names its text in
    :data:`TEXTS`, `values` fill it, `problems` say what is missing (not ready)."""

    def __init__(self, code: str, problems: list[Problem] | None = None, **values: Any):
        self.code = code
        self.values = values
        self.problems = problems or []
        super().__init__(code)

    def message(self, lang: str = "id") -> str:
        values = {k: (v[0 if lang == "id" else 1] if isinstance(v, tuple) else v)
                  for k, v in self.values.items()}
        return text(self.code, lang, **values)


class ChainInvalid(ValueError):
    """A chain that cannot be used: each problem names its step (``steps[1].user``)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.line("en") for p in problems))


# ---------------------------------------------------------------------------
# The chain


@dataclass(frozen=True)
class Step:
    """One step of a chain: a user of the office, or anyone with a role."""

    index: int
    user_id: int | None
    role: str | None
    label: str
    last: bool

    def matches(self, user: User | None) -> bool:
        if user is None or not user.active:
            return False
        if self.user_id is not None:
            return user.id == self.user_id
        return user.role == self.role

    def title(self, session: Session, lang: str = "id") -> str:
        """Who gives this step, as an office says it: "Kepala Subbagian Umum (Rina)",
        "Penandatangan"."""
        who = ""
        if self.user_id is not None:
            person = session.get(User, self.user_id)
            who = person.name if person is not None else f"#{self.user_id}"
        else:
            pair = ROLE_TITLES.get(self.role or "", (self.role or "", self.role or ""))
            who = pair[0 if lang == "id" else 1]
        if self.label and who:
            return f"{self.label} ({who})"
        return self.label or who


def steps_of(chain: Iterable[dict[str, Any]]) -> list[Step]:
    rows = list(chain)
    return [Step(i, row.get("user_id"), row.get("role"), row.get("label", "") or "",
                 i == len(rows) - 1) for i, row in enumerate(rows)]


def chain_row(session: Session, office_id: int, kind_id: str) -> ReviewChain | None:
    """The office's own chain for `kind_id` (exactly that kind, or :data:`ANY_KIND`)."""
    return session.scalar(select(ReviewChain).where(ReviewChain.office_id == office_id,
                                                    ReviewChain.kind == kind_id))


def chain_for(session: Session, office_id: int, kind_id: str) -> list[dict[str, Any]]:
    """The chain in force for a kind: the office's own for it, else the office's chain for
    every kind, else the signer alone."""
    for key in (kind_id, ANY_KIND):
        row = chain_row(session, office_id, key)
        if row is not None and row.steps:
            return [dict(step) for step in row.steps]
    return [dict(step) for step in DEFAULT_CHAIN]


def check_chain(session: Session, office_id: int, steps: list[dict[str, Any]]
                ) -> list[dict[str, Any]]:
    """`steps` made clean (``user_id`` or ``role``, and ``label``) or :class:`ChainInvalid`
    naming each bad step."""
    problems: list[Problem] = []
    if not steps:
        raise ChainInvalid([Problem("steps", "chain_empty")])
    if len(steps) > MAX_STEPS:
        raise ChainInvalid([Problem("steps", "chain_too_long", params={"max": MAX_STEPS})])
    clean: list[dict[str, Any]] = []
    for i, step in enumerate(steps):
        path = f"steps[{i}]"
        user_id, role = step.get("user_id"), step.get("role") or None
        label = " ".join(str(step.get("label") or "").split())
        if len(label) > LABEL_MAX:
            problems.append(Problem(f"{path}.label", "chain_label_too_long",
                                    params={"max": LABEL_MAX}))
        if (user_id is None) == (role is None):
            problems.append(Problem(path, "chain_step_choice"))
            continue
        if user_id is not None:
            person = session.get(User, user_id) if isinstance(user_id, int) and \
                not isinstance(user_id, bool) and 0 < user_id < 2**31 else None
            if person is None or person.office_id != office_id or not person.active:
                problems.append(Problem(f"{path}.user_id", "chain_user_unknown",
                                        params={"user": user_id}))
                continue
            is_signer = person.role == SIGNER_ROLE
            clean.append({"user_id": person.id, "label": label})
        else:
            if role not in ROLES:
                problems.append(Problem(f"{path}.role", "chain_role_unknown",
                                        params={"role": role}))
                continue
            is_signer = role == SIGNER_ROLE
            clean.append({"role": role, "label": label})
        if i == len(steps) - 1 and not is_signer:
            problems.append(Problem(path, "chain_last_not_signer"))
    if problems:
        raise ChainInvalid(problems)
    return clean


def set_chain(session: Session, office_id: int, kind_id: str, steps: list[dict[str, Any]],
              user: User | None = None) -> ReviewChain:
    """Set the office's chain for `kind_id` (a catalog kind or :data:`ANY_KIND`), checked
    first (:class:`ChainInvalid`, nothing stored). Reviews already under way keep the chain
    they were submitted with. Commits."""
    if kind_id != ANY_KIND and custom_kinds.office_kind(session, office_id, kind_id) is None:
        raise ChainInvalid([Problem("kind", "chain_kind_unknown", params={"kind": kind_id})])
    clean = check_chain(session, office_id, steps)
    row = chain_row(session, office_id, kind_id)
    if row is None:
        row = ReviewChain(office_id=office_id, kind=kind_id)
        session.add(row)
    row.steps = clean
    row.updated_by_name = actor_label(user)
    row.updated_at = utcnow()
    session.commit()
    return row


def reset_chain(session: Session, office_id: int, kind_id: str) -> None:
    """Back to the default for `kind_id` (the office's chain for every kind, or the signer
    alone). Commits."""
    row = chain_row(session, office_id, kind_id)
    if row is not None:
        session.delete(row)
        session.commit()


def paraf_boxes(session: Session, office_id: int) -> bool:
    row = session.scalar(select(ReviewSettings).where(ReviewSettings.office_id == office_id))
    return bool(row and row.paraf_boxes)


def set_paraf_boxes(session: Session, office_id: int, on: bool) -> None:
    """Whether the office's review copies carry the paraf boxes. Commits."""
    row = session.scalar(select(ReviewSettings).where(ReviewSettings.office_id == office_id))
    if row is None:
        row = ReviewSettings(office_id=office_id)
        session.add(row)
    row.paraf_boxes = bool(on)
    session.commit()


# ---------------------------------------------------------------------------
# The content a paraf is given on


def docx_sha256(data: bytes) -> str:
    """The SHA-256 of what a DOCX holds: every part but its document properties (which may
    carry the moment it was made)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in sorted(zf.namelist()):
            if name.startswith("docProps/"):
                continue
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(zf.read(name)).digest())
    return digest.hexdigest()


def draft_sha256(study: Any, kind: catalog.Kind | str, item: int | None, *,
                 register: Any = None, base_dir: Path | None = None,
                 render: Callable[..., Any] | None = None) -> str:
    """The hash of the draft as it reads now (rendered on :data:`HASH_DATE`). `render` is
    :func:`docgen.render.render_document` unless the caller has its own (a cache)."""
    if render is None:
        from docgen.render import render_document as render
    kind = catalog.get_kind(kind) if isinstance(kind, str) else kind
    chosen = item if kind.fan_out != "none" else None
    made = render(study, kind, item=chosen, issued=HASH_DATE, register=register,
                  base_dir=base_dir)
    return docx_sha256(made.data)


# ---------------------------------------------------------------------------
# Where a review stands


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


def _chosen(kind: catalog.Kind, item: int) -> int | None:
    return item if kind.fan_out != "none" else None


def _log(session: Session, review: Review, event: str, user: User | None, *,
         step: Step | None = None, comment: str = "", content: str = "",
         lang: str = "id") -> ReviewEvent:
    row = ReviewEvent(review=review, round=review.round, event=event,
                      step=step.index if step is not None else None,
                      step_label=(step.title(session, lang) if step is not None else "")[:200],
                      comment=comment, content_sha256=content,
                      actor_id=user.id if user is not None else None,
                      actor_name=actor_label(user)[:200])
    session.add(row)
    review.updated_at = utcnow()
    return row


def _kind(session: Session, office_id: int, kind: catalog.Kind | str) -> catalog.Kind:
    """`kind`, or the office's kind of that id (shipped or its own); :class:`KeyError`."""
    if not isinstance(kind, str):
        return kind
    found = custom_kinds.office_kind(session, office_id, kind)
    if found is None:
        raise KeyError(f"unknown document kind {kind!r}")
    return found


def _check_ready(study_record: StudyRecord, kind: catalog.Kind, item: int) -> None:
    """The document can be made now (the caller has found `kind` among the study's kinds,
    the office's own included)."""
    study = study_record.study
    values = {"kind": (kind.title_id, kind.title_en)}
    problems = catalog.missing(study, kind)
    chosen = _chosen(kind, item)
    if problems or chosen not in catalog.items(study, kind) or (chosen is None and item != 0):
        raise ReviewRefused("review_not_ready", problems=problems, **values)


def submit(session: Session, study_record: StudyRecord, kind: catalog.Kind | str, item: int,
           user: User, content_sha256: str) -> Review:
    """The drafter submits the draft for review (again, after it was returned): a new round
    with the office's chain as it is now. Commits."""
    kind = _kind(session, study_record.office_id, kind)
    values = {"kind": (kind.title_id, kind.title_en)}
    if user.role not in SUBMITTERS:
        raise ReviewRefused("review_not_submitter")
    _check_ready(study_record, kind, item)
    numbering_lock(session)
    if archive.latest_issued(session, study_record.id, kind.id, _chosen(kind, item)):
        raise ReviewRefused("review_already_issued", **values)
    review = review_of(session, study_record.id, kind.id, item)
    if review is not None and review.state == "submitted":
        raise ReviewRefused("review_already_submitted", **values)
    if review is None:
        review = Review(office_id=study_record.office_id, study_id=study_record.id,
                        kind=kind.id, item=item, round=0)
        session.add(review)
    review.state = "submitted"
    review.round = (review.round or 0) + 1
    review.chain = chain_for(session, study_record.office_id, kind.id)
    review.submitted_by_id = user.id
    review.submitted_by_name = actor_label(user)[:200]
    review.submitted_at = utcnow()
    _log(session, review, "submitted", user, content=content_sha256)
    try:
        session.commit()
    except IntegrityError:  # submitted by someone else a moment ago
        session.rollback()
        raise ReviewRefused("review_already_submitted", **values) from None
    return review


def numbering_lock(session: Session) -> None:
    """Steps of one review are taken one at a time (SQLite: the writer lock; PostgreSQL:
    the review's row is locked by :func:`_locked`)."""
    from docgen.numbering import write_lock

    write_lock(session)


def _locked(session: Session, review: Review) -> Review:
    numbering_lock(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Review.id).where(Review.id == review.id).with_for_update())
    session.refresh(review)
    return review


def _waiting_step(session: Session, review: Review, user: User,
                  content_sha256: str) -> Progress:
    """The review's progress when it waits for `user`; :class:`ReviewRefused` otherwise."""
    kind = custom_kinds.office_kind(session, review.office_id, review.kind)
    values = {"kind": (kind.title_id, kind.title_en) if kind else (review.kind, review.kind)}
    if review.state != "submitted":
        raise ReviewRefused("review_not_waiting", **values)
    now = progress(review, content_sha256)
    assert now.current is not None
    if not now.current.matches(user) or user.office_id != review.office_id:
        raise ReviewRefused("review_not_your_turn", step=(
            now.current.title(session, "id"), now.current.title(session, "en")), **values)
    return now


def initial(session: Session, review: Review, user: User, content_sha256: str) -> Review:
    """A reviewer gives their paraf on the draft as it reads now. The signer approves
    instead (:func:`approve`). Commits."""
    review = _locked(session, review)
    now = _waiting_step(session, review, user, content_sha256)
    kind = custom_kinds.office_kind(session, review.office_id, review.kind)
    if now.at_signer:
        raise ReviewRefused("review_approve_instead",
                            kind=(kind.title_id, kind.title_en) if kind else review.kind)
    if review.submitted_by_id == user.id:
        raise ReviewRefused("review_own_draft")
    _log(session, review, "initialled", user, step=now.current, content=content_sha256)
    session.commit()
    return review


def clean_comment(comment: str | None) -> str:
    from docgen.study import clean_text

    value = clean_text((comment or "").strip())
    if not value:
        raise ReviewRefused("review_comment_required")
    if len(value) > COMMENT_MAX:
        raise ReviewRefused("review_comment_too_long", max=COMMENT_MAX)
    return value


def send_back(session: Session, review: Review, user: User, comment: str | None,
              content_sha256: str) -> Review:
    """The reviewer (or the signer) whose turn it is returns the draft to its drafter with a
    comment (required). Commits."""
    value = clean_comment(comment)
    review = _locked(session, review)
    now = _waiting_step(session, review, user, content_sha256)
    review.state = "returned"
    _log(session, review, "returned", user, step=now.current, comment=value,
         content=content_sha256)
    session.commit()
    return review


def approve(session: Session, review: Review, user: User, content_sha256: str,
            kind: catalog.Kind | None = None, **finalize_options: Any) -> ArchiveRecord:
    """The signer approves: only now is the number taken and the document issued
    (:func:`docgen.archive.finalize` with `finalize_options`: issued, access,
    classification, storage, base_dir, verify_base, pdf). The review's log goes into the
    record's events. Commits; returns the new record."""
    review = _locked(session, review)
    now = _waiting_step(session, review, user, content_sha256)
    kind = kind or _kind(session, review.office_id, review.kind)
    if not now.at_signer:
        raise ReviewRefused("review_not_signer", kind=(kind.title_id, kind.title_en))
    session.commit()  # the lock is released while the document is made
    approved_at = utcnow()  # the approval comes before the issue in the record's log
    record = archive.finalize(session, review.study, kind, item=_chosen(kind, review.item),
                              user=user, once=True, **finalize_options)
    event = _log(session, review, "approved", user, step=now.current, content=content_sha256)
    event.at = approved_at
    review.state = "approved"
    review.record_id = record.id
    session.flush()
    file_log(session, review, record)
    session.commit()
    return record


def issue_directly(session: Session, study_record: StudyRecord, kind: catalog.Kind | str,
                   item: int, user: User, content_sha256: str,
                   **finalize_options: Any) -> ArchiveRecord:
    """What *Terbitkan* is now: the signer's approval. A review waiting for the signer is
    approved; without a review, a kind the signer alone reviews is approved at once (logged
    as such); anything else must be submitted and initialled first
    (``review_required``)."""
    kind = _kind(session, study_record.office_id, kind)
    values = {"kind": (kind.title_id, kind.title_en)}
    review = review_of(session, study_record.id, kind.id, item)
    if review is not None and review.state == "submitted":
        return approve(session, review, user, content_sha256, kind, **finalize_options)
    if review is not None and review.state == "returned":
        raise ReviewRefused("review_returned_first", **values)
    if archive.latest_issued(session, study_record.id, kind.id, _chosen(kind, item)):
        raise ReviewRefused("review_already_issued", **values)
    study = study_record.study
    problems = catalog.missing(study, kind)
    if problems:  # as finalize says it, before a review is opened
        raise archive.FinalizeRefused("finalize_incomplete", f"{kind.id} is not complete",
                                      problems)
    problems = archive.study_errors(study)
    if problems:
        raise archive.FinalizeRefused("finalize_invalid", "the study has errors", problems)
    steps = steps_of(chain_for(session, study_record.office_id, kind.id))
    if len(steps) > 1 or not steps[0].matches(user):
        names = " → ".join(s.title(session, "id") for s in steps)
        names_en = " → ".join(s.title(session, "en") for s in steps)
        raise ReviewRefused("review_required", steps=(names, names_en), **values)
    _check_ready(study_record, kind, item)
    opened = review is None
    if review is None:
        review = Review(office_id=study_record.office_id, study_id=study_record.id,
                        kind=kind.id, item=item, round=1, state="submitted",
                        chain=chain_for(session, study_record.office_id, kind.id),
                        submitted_by_id=user.id, submitted_by_name=actor_label(user)[:200])
        session.add(review)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            raise ReviewRefused("review_already_submitted", **values) from None
    try:
        return approve(session, review, user, content_sha256, kind, **finalize_options)
    except Exception:
        if opened and review.state == "submitted":  # nothing issued: no review opened
            session.rollback()
            session.delete(review)
            session.commit()
        raise


def file_log(session: Session, review: Review, record: ArchiveRecord) -> None:
    """Copy the review's log into the record's events, each at its own moment (the caller
    commits)."""
    for event in review.events:
        if event.id is None:
            session.flush()
        parts = [event.step_label]
        if event.round > 1:
            parts.append(f"putaran {event.round}")
        if event.comment:
            parts.append(f"catatan: {event.comment}")
        if event.content_sha256:
            parts.append(f"isi sha256:{event.content_sha256}")
        session.add(ArchiveEvent(record_id=record.id, event=event.event,
                                 detail="; ".join(p for p in parts if p),
                                 actor_id=event.actor_id, actor_name=event.actor_name,
                                 at=event.at))


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


# ---------------------------------------------------------------------------
# The review copy


def with_paraf_boxes(docx: bytes, rows: list[tuple[str, str]]) -> bytes:
    """The draft `docx` with a small table of paraf at its end: one row per reviewer
    (their title, the paraf given in the system if any, an empty box to initial by hand).
    Only ever for a review copy: an issued document is rendered afresh without it."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document(io.BytesIO(docx))
    heading = document.add_paragraph()
    run = heading.add_run("Paraf pemeriksa (salinan untuk diperiksa, tidak dicetak pada "
                          "naskah yang diterbitkan)")
    run.font.size = Pt(8)
    run.italic = True
    heading.paragraph_format.space_before = Pt(12)
    table = document.add_table(rows=1, cols=4)
    _grid(table)
    for cell, title in zip(table.rows[0].cells, ("No.", "Jabatan", "Paraf di sistem",
                                                 "Paraf"), strict=True):
        cell.text = title
    for number, (title, given) in enumerate(rows, 1):
        row = table.add_row()
        row.height = Cm(0.9)  # room to initial by hand
        cells = row.cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = \
            str(number), title, given, ""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for piece in paragraph.runs:
                    piece.font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _grid(table: Any) -> None:
    """Thin borders round every cell (the templates have no "Table Grid" style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def paraf_rows(session: Session, review: Review, content_sha256: str,
               moment: Callable[[Any], str]) -> list[tuple[str, str]]:
    """The rows of the paraf boxes of `review`: each reviewer before the signer, with the
    paraf given on the draft as it reads now (name and `moment`)."""
    now = progress(review, content_sha256)
    given = {p.step.index: p for p in now.paraf if not p.changed}
    rows = []
    for step in now.steps[:-1]:
        paraf = given.get(step.index)
        text_given = (f"{paraf.event.actor_name.split(' <')[0]}, {moment(paraf.event.at)}"
                      if paraf is not None else "")
        rows.append((step.title(session, "id"), text_given))
    return rows
