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

No web here: the caller passes the user and the hash of the current draft. The chain lives
in :mod:`docgen.review_chain`, where a review stands and the inboxes in
:mod:`docgen.review_state`, the review copy's paraf boxes in :mod:`docgen.review_copy`; this
module offers their names too.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from docgen import archive, catalog, custom_kinds
from docgen.messages import Problem, text
from docgen.review_chain import (  # noqa: F401  (offered here as before)
    ANY_KIND,
    DEFAULT_CHAIN,
    LABEL_MAX,
    MAX_STEPS,
    ROLE_TITLES,
    SIGNER_ROLE,
    SUBMITTERS,
    ChainInvalid,
    Step,
    chain_for,
    chain_row,
    check_chain,
    paraf_boxes,
    reset_chain,
    set_chain,
    set_paraf_boxes,
    steps_of,
)
from docgen.review_copy import paraf_rows, with_paraf_boxes  # noqa: F401
from docgen.review_state import (  # noqa: F401
    COPY_KEEPERS,
    STATUS_LABELS,
    STATUSES,
    Inbox,
    Paraf,
    Progress,
    Waiting,
    awaiting_signed_copy,
    inbox,
    progress,
    review_of,
    status_label,
    study_statuses,
)
from docgen.store.archive_models import ArchiveEvent, ArchiveRecord, actor_label
from docgen.store.models import StudyRecord, User, utcnow
from docgen.store.review_models import Review, ReviewEvent

COMMENT_MAX = 2000
HASH_DATE = date(2000, 1, 1)
"""The date a draft is rendered with for its hash: the hash follows what the letter says,
not the day it is looked at (the date of issue is chosen when the signer approves)."""


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
           user: User, content_sha256: str, *, correction: bool = False) -> Review:
    """The drafter submits the draft for review (again, after it was returned): a new round
    with the office's chain as it is now. Commits.

    With `correction`, the draft is a new version of the document already issued: it goes
    through the same chain, and the signer's approval issues it as a correction of the
    latest version (:func:`approve`); ``review_nothing_to_correct`` when nothing is issued."""
    kind = _kind(session, study_record.office_id, kind)
    values = {"kind": (kind.title_id, kind.title_en)}
    if user.role not in SUBMITTERS:
        raise ReviewRefused("review_not_submitter")
    _check_ready(study_record, kind, item)
    numbering_lock(session)
    latest = archive.latest_issued(session, study_record.id, kind.id, _chosen(kind, item))
    if latest is not None and not correction:
        raise ReviewRefused("review_already_issued", **values)
    if latest is None and correction:
        raise ReviewRefused("review_nothing_to_correct", **values)
    review = review_of(session, study_record.id, kind.id, item)
    if review is not None and review.state == "submitted":
        raise ReviewRefused("review_already_submitted", **values)
    if review is None:
        review = Review(office_id=study_record.office_id, study_id=study_record.id,
                        kind=kind.id, item=item, round=0)
        session.add(review)
    _open_round(session, review, user, latest if correction else None)
    _log(session, review, "submitted", user, content=content_sha256,
         comment=correction_note(latest) if correction else "")
    try:
        session.commit()
    except IntegrityError:  # submitted by someone else a moment ago
        session.rollback()
        raise ReviewRefused("review_already_submitted", **values) from None
    return review


def _open_round(session: Session, review: Review, user: User,
                corrects: ArchiveRecord | None) -> None:
    """A new round of `review` under the office's chain as it is now. A correction's review
    keeps the record it corrects in ``record_id`` until the signer approves it (then the
    new version's)."""
    review.state = "submitted"
    review.round = (review.round or 0) + 1
    review.chain = chain_for(session, review.office_id, review.kind)
    review.submitted_by_id = user.id
    review.submitted_by_name = actor_label(user)[:200]
    review.submitted_at = utcnow()
    review.record_id = corrects.id if corrects is not None else None


def correction_note(record: ArchiveRecord) -> str:
    """What a correction's submission says in the log: the version and number it corrects."""
    return f"koreksi atas versi {record.version} ({record.number or f'entri {record.id}'})"


def correcting(session: Session, review: Review | None) -> ArchiveRecord | None:
    """The record a review under way corrects (None for a first issue)."""
    if review is None or review.state not in ("submitted", "returned") or \
            review.record_id is None:
        return None
    return session.get(ArchiveRecord, review.record_id)


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
    classification, storage, base_dir, verify_base, pdf), as a correction of the record a
    correction's review was submitted for. The review's log since its previous approval goes
    into the record's events. Commits; returns the new record."""
    review = _locked(session, review)
    now = _waiting_step(session, review, user, content_sha256)
    kind = kind or _kind(session, review.office_id, review.kind)
    if not now.at_signer:
        raise ReviewRefused("review_not_signer", kind=(kind.title_id, kind.title_en))
    corrects = correcting(session, review)  # a correction: of the version it was submitted for
    session.commit()  # the lock is released while the document is made
    approved_at = utcnow()  # the approval comes before the issue in the record's log
    record = archive.finalize(session, review.study, kind, item=_chosen(kind, review.item),
                              user=user, once=True, corrects=corrects, **finalize_options)
    event = _log(session, review, "approved", user, step=now.current, content=content_sha256)
    event.at = approved_at
    review.state = "approved"
    review.record_id = record.id
    session.flush()
    file_log(session, review, record)
    session.commit()
    return record


def issue_directly(session: Session, study_record: StudyRecord, kind: catalog.Kind | str,
                   item: int, user: User, content_sha256: str, *, correction: bool = False,
                   **finalize_options: Any) -> ArchiveRecord:
    """What *Terbitkan* is now: the signer's approval. A review waiting for the signer is
    approved; without a review, a kind the signer alone reviews is approved at once (logged
    as such); anything else must be submitted and initialled first
    (``review_required``). With `correction`, the same for a new version of the document
    already issued: it is issued as a correction of the latest version."""
    kind = _kind(session, study_record.office_id, kind)
    values = {"kind": (kind.title_id, kind.title_en)}
    latest = archive.latest_issued(session, study_record.id, kind.id, _chosen(kind, item))
    if correction and latest is None:
        raise ReviewRefused("review_nothing_to_correct", **values)
    review = review_of(session, study_record.id, kind.id, item)
    if review is not None and review.state == "submitted":
        return approve(session, review, user, content_sha256, kind, **finalize_options)
    if review is not None and review.state == "returned":
        raise ReviewRefused("review_returned_first", **values)
    if latest is not None and not correction:
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
    before = None if review is None else (
        review.state, review.round, review.chain, review.submitted_by_id,
        review.submitted_by_name, review.submitted_at, review.record_id)
    if review is None:
        review = Review(office_id=study_record.office_id, study_id=study_record.id,
                        kind=kind.id, item=item, round=0)
        session.add(review)
    _open_round(session, review, user, latest if correction else None)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ReviewRefused("review_already_submitted", **values) from None
    try:
        return approve(session, review, user, content_sha256, kind, **finalize_options)
    except Exception:
        session.rollback()
        if review.state == "submitted":  # nothing issued: the review stays as it was
            if opened:
                session.delete(review)
            else:
                (review.state, review.round, review.chain, review.submitted_by_id,
                 review.submitted_by_name, review.submitted_at, review.record_id) = before
            session.commit()
        raise


def file_log(session: Session, review: Review, record: ArchiveRecord) -> None:
    """Copy the review's log since its previous approval (a correction's path, not the
    first issue's again) into the record's events, each at its own moment (the caller
    commits)."""
    events = list(review.events)
    earlier = [i for i, event in enumerate(events[:-1]) if event.event == "approved"]
    for event in events[earlier[-1] + 1 if earlier else 0:]:
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
