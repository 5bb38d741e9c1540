"""The path of a letter in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`), as
on the web (:mod:`web.review`, :mod:`docgen.review`):

* ``POST /studies/<id>/documents/<kind>[/<item>]/submit`` staff submit the draft (again);
* ``POST .../paraf`` the reviewer whose turn it is gives their paraf;
* ``POST .../return`` they (or the signer) return it with a comment (422 without one);
* ``POST .../approve`` the signer approves: the number is taken and the document issued
  (the body of an issue request, without ``corrects``); 201 with the new record;
* ``GET /inbox`` what waits for the token's user.

Who may do what is checked by the core: only staff submit (403), only the reviewer whose
turn it is gives a paraf or returns it (403), only the signer approves (403); a step that
does not fit the document's state is 409.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from docgen import archive, catalog, review
from docgen.messages import Problem
from docgen.render import RenderError
from docgen.store import Review
from web import openapi_models as answers
from web.api import ApiError, _iso, _json_body, api_view, bp
from web.api_archive import (
    ISSUE_BODY,
    _already_issued,
    _created,
    _detail,
    _issue_choices,
    _refused,
)
from web.api_documents import KIND_ID, document_of
from web.archive import make_pdf, public_base, storage
from web.db import db, store
from web.kinds import find_kind
from web.openapi import Body, json_of, operation
from web.review import draft_hash, review_hash

STATUS_OF = {
    "review_not_submitter": 403, "review_not_your_turn": 403, "review_own_draft": 403,
    "review_not_signer": 403, "review_required": 403,
    "review_not_ready": 422, "review_comment_required": 422, "review_comment_too_long": 422,
    "review_already_submitted": 409, "review_already_issued": 409,
    "review_not_waiting": 409, "review_returned_first": 409, "review_approve_instead": 409,
}


# ---------------------------------------------------------------------------
# The answers (described in the OpenAPI document)


class ReviewStep(BaseModel):
    step: int = Field(description="0 for the first reviewer; the last step is the signer.")
    title: str = Field(description="Who gives it, as the office says it: its title in the "
                                   "office and the user's name, or the role.")
    user_id: int | None
    role: str | None
    signer: bool


class ReviewParaf(BaseModel):
    step: int
    actor: str
    at: str | None
    changed: bool = Field(description="The draft has changed since this paraf was given "
                                      "(berubah sejak diparaf): it must be given again.")


class ReviewLogEntry(BaseModel):
    event: str = Field(description="submitted, initialled, returned or approved.")
    round: int
    step: int | None
    actor: str
    at: str | None
    comment: str
    content_sha256: str = Field(description="The hash of the draft the step was taken on.")


class ReviewState(BaseModel):
    """Where a document stands on its path: status, chain, paraf given, the comment of a
    return, its log and (once issued) its record."""

    study: int
    kind: str
    item: int
    status: str = Field(description="draft, submitted, returned, issued or signed.")
    round: int = Field(description="Raised at each submission.")
    chain: list[ReviewStep]
    waiting_for: ReviewStep | None = Field(description="The step it waits for (null unless "
                                                       "submitted).")
    paraf: list[ReviewParaf]
    comment: str = Field(description="The comment of the latest return.")
    returned_by: str
    log: list[ReviewLogEntry]
    record: answers.RecordRef | None
    correcting: answers.RecordRef | None = Field(
        default=None, description="While a correction is submitted or returned: the record "
        "it corrects (`status` stays that of the issued document; `waiting_for` and `paraf` "
        "are the correction's).")


class InboxDocument(BaseModel):
    study: int
    study_title: str
    kind: str
    item: int
    document: str = Field(description="The kind's Indonesian title.")
    submitted_by: str
    waiting_for: ReviewStep | None
    changed: bool
    comment: str
    url: str = Field(description="The document's review state in the API.")


class InboxRecord(BaseModel):
    id: int
    number: str
    issued: str
    kind: str
    subject: str
    url: str


class Inbox(BaseModel):
    """What waits for the calling user."""

    to_review: list[InboxDocument] = Field(description="Drafts at the user's step: their "
                                                       "paraf or, as signer, approval.")
    returned: list[InboxDocument] = Field(description="Drafts returned to the drafters "
                                                      "(staff), with the comment.")
    submitted: list[InboxDocument] = Field(description="The user's own submissions under "
                                                       "review.")
    awaiting_signed_copy: list[InboxRecord] = Field(
        description="Issued documents whose signed copy is not filed yet (archivists).")
    count: int = Field(description="to_review + returned + awaiting_signed_copy.")


class ReturnRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1, max_length=review.COMMENT_MAX,
                         description="What needs to be corrected (required).")


class SubmitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    correction: bool = Field(
        default=False, description="Submit a new version of the document already issued: "
        "the signer's approval issues it as a correction of the latest version.")


answers.add_models(ReviewState, Inbox, ReturnRequest, SubmitRequest)


# ---------------------------------------------------------------------------
# Helpers


def refused(exc: review.ReviewRefused) -> ApiError:
    """A step refused by the core as an API error (status by its code)."""
    ids = {k: v[0] if isinstance(v, tuple) else v for k, v in exc.values.items()}
    ens = {k: v[1] if isinstance(v, tuple) else v for k, v in exc.values.items()}
    problems = list(exc.problems)
    if exc.code.startswith("review_comment"):
        problems = [Problem("comment", exc.code, params=ids)]
    return ApiError(STATUS_OF.get(exc.code, 409), exc.code, problems=problems or None,
                    params_en=ens, **ids)


def _step(step: review.Step | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"step": step.index, "title": step.title(db(), "id"), "user_id": step.user_id,
            "role": step.role, "signer": step.last}


def _state(record, kind: catalog.Kind, item: int) -> dict[str, Any]:  # noqa: ANN001
    found = review.review_of(db(), record.id, kind.id, item)
    status = review.study_statuses(db(), record.id).get((kind.id, item), "draft")
    chain = (found.chain if found is not None
             else review.chain_for(db(), record.office_id, kind.id))
    now = review.progress(found, draft_hash(record, kind, item)) if found else None
    latest = archive.latest_issued(db(), record.id, kind.id,
                                   item if kind.fan_out != "none" else None)
    body = {
        "study": record.id, "kind": kind.id, "item": item, "status": status,
        "round": found.round if found else 0,
        "chain": [_step(s) for s in review.steps_of(chain)],
        "waiting_for": _step(now.current) if now else None,
        "paraf": [{"step": p.step.index, "actor": p.event.actor_name, "at": _iso(p.event.at),
                   "changed": p.changed} for p in (now.paraf if now else [])],
        "comment": now.comment if now else "", "returned_by": now.returned_by if now else "",
        "log": [{"event": e.event, "round": e.round, "step": e.step, "actor": e.actor_name,
                 "at": _iso(e.at), "comment": e.comment, "content_sha256": e.content_sha256}
                for e in (found.events if found else [])],
        "record": _ref(latest),
        "correcting": _ref(review.correcting(db(), found)),
    }
    return ReviewState.model_validate(body).model_dump(mode="json")


def _ref(entry: Any) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {"id": entry.id, "number": entry.number or "",
            "url": url_for("api.get_record", record_id=entry.id)}


def _answer(record, kind: catalog.Kind, item: int) -> Response:  # noqa: ANN001
    return jsonify(_state(record, kind, item))


STATE_RESPONSES = {
    200: ("The document's review state after the step.", json_of("ReviewState")),
    400: ("A kind made per item was named without its item.", json_of("Error")),
    403: ("Not the caller's step: only staff submit (`review_not_submitter`); only the "
          "reviewer whose turn it is gives a paraf or returns it (`review_not_your_turn`, "
          "`review_own_draft`).", json_of("Error")),
    409: ("The step does not fit the document's state: already submitted or issued, not "
          "waiting for review, or waiting for the signer's approval instead of a paraf.",
          json_of("Error")),
    422: ("The document still misses data (`review_not_ready`, each field in `problems`).",
          json_of("Error")),
}


# ---------------------------------------------------------------------------
# Submit

SUBMIT_RESPONSES = {
    **STATE_RESPONSES,
    400: ("The body is not a JSON object, or a kind made per item was named without its "
          "item.", json_of("Error")),
    409: ("The step does not fit the document's state: already submitted, issued (submit a "
          "correction), or a correction of a document not issued.", json_of("Error")),
    415: ("The body is not JSON.", json_of("Error")),
    422: ("The document still misses data (`review_not_ready`, each field in `problems`), "
          "or a bad member of the body (`api_invalid`).", json_of("Error")),
}


SUBMIT_BODY = Body(json_of("SubmitRequest"), "Optional: `correction` for a new version of "
                   "a document already issued.", required=False)


def _submit(study_id: int, kind_id: str, item: int | None) -> Response:
    record, kind, item = document_of(study_id, kind_id, item)
    data = _json_body() if request.get_data(cache=True) else {}
    problems = [Problem(key, "extra_forbidden") for key in data if key != "correction"]
    correction = data.get("correction", False)
    if not isinstance(correction, bool):
        problems.append(Problem("correction", "bool_type"))
    if problems:
        raise ApiError(422, "api_invalid", problems=problems, count=len(problems))
    try:
        review.submit(db(), record, kind, item, current_user, draft_hash(record, kind, item),
                      correction=correction)
    except review.ReviewRefused as exc:
        raise refused(exc) from None
    return _answer(record, kind, item)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/submit")
@api_view
@operation("Submit a draft for review", tags=("review",), path_schemas={"kind_id": KIND_ID},
           body=SUBMIT_BODY, responses=SUBMIT_RESPONSES)
def submit(study_id: int, kind_id: str):  # noqa: ANN201
    """Staff submit the draft of a kind made once to the office's chain of reviewers for
    that kind (the signer alone by default); again after it was returned. No number is
    taken. With ``{"correction": true}``, the draft is a new version of the document already
    issued, on the same path: the signer's approval (or ``issue`` with ``corrects``) issues
    it as a correction of the latest version."""
    return _submit(study_id, kind_id, None)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/submit")
@api_view
@operation("Submit one document of a fan-out for review", tags=("review",),
           path_schemas={"kind_id": KIND_ID}, body=SUBMIT_BODY, responses=SUBMIT_RESPONSES)
def submit_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """The same for one traveller's, host's or invitee's document."""
    return _submit(study_id, kind_id, item)


# ---------------------------------------------------------------------------
# Paraf


def _review(record, kind: catalog.Kind, item: int) -> Review:  # noqa: ANN001
    found = review.review_of(db(), record.id, kind.id, item)
    if found is None:
        raise refused(review.ReviewRefused("review_not_waiting",
                                           kind=(kind.title_id, kind.title_en)))
    return found


def _paraf(study_id: int, kind_id: str, item: int | None) -> Response:
    record, kind, item = document_of(study_id, kind_id, item)
    found = _review(record, kind, item)
    try:
        review.initial(db(), found, current_user, draft_hash(record, kind, item))
    except review.ReviewRefused as exc:
        raise refused(exc) from None
    return _answer(record, kind, item)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/paraf")
@api_view
@operation("Give the paraf", tags=("review",), path_schemas={"kind_id": KIND_ID},
           responses=STATE_RESPONSES)
def paraf(study_id: int, kind_id: str):  # noqa: ANN201
    """The reviewer whose turn it is initials the draft as it reads now. A paraf counts for
    that content only: when the draft changes, it falls back to that reviewer."""
    return _paraf(study_id, kind_id, None)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/paraf")
@api_view
@operation("Give the paraf on one document of a fan-out", tags=("review",),
           path_schemas={"kind_id": KIND_ID}, responses=STATE_RESPONSES)
def paraf_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """The same for one traveller's, host's or invitee's document."""
    return _paraf(study_id, kind_id, item)


# ---------------------------------------------------------------------------
# Return


RETURN_BODY = Body(json_of("ReturnRequest"), "The comment: what needs to be corrected.")
RETURN_RESPONSES = {**STATE_RESPONSES,
                    415: ("The body is not JSON.", json_of("Error")),
                    422: ("No comment, or one too long (`problems` names `comment`), or a "
                          "member the request does not know.", json_of("Error"))}


def _return(study_id: int, kind_id: str, item: int | None) -> Response:
    record, kind, item = document_of(study_id, kind_id, item)
    data = _json_body()
    unknown = [Problem(key, "extra_forbidden") for key in data if key != "comment"]
    if unknown:
        raise ApiError(422, "api_invalid", problems=unknown, count=len(unknown))
    comment = data.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise ApiError(422, "api_invalid", problems=[Problem("comment", "string_type")],
                       count=1)
    found = _review(record, kind, item)
    try:
        review.send_back(db(), found, current_user, comment, draft_hash(record, kind, item))
    except review.ReviewRefused as exc:
        raise refused(exc) from None
    return _answer(record, kind, item)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/return")
@api_view
@operation("Return a draft with a comment", tags=("review",),
           path_schemas={"kind_id": KIND_ID}, body=RETURN_BODY, responses=RETURN_RESPONSES)
def return_draft(study_id: int, kind_id: str):  # noqa: ANN201
    """The reviewer whose turn it is (or the signer) sends the draft back to its drafter
    with a comment, which the drafter's inbox shows."""
    return _return(study_id, kind_id, None)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/return")
@api_view
@operation("Return one document of a fan-out with a comment", tags=("review",),
           path_schemas={"kind_id": KIND_ID}, body=RETURN_BODY, responses=RETURN_RESPONSES)
def return_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """The same for one traveller's, host's or invitee's document."""
    return _return(study_id, kind_id, item)


# ---------------------------------------------------------------------------
# Approve


APPROVE_RESPONSES = {
    201: ("Approved and issued: the new record (`Location` names it), with the review's "
          "log in its events.", json_of("Record")),
    400: ("The body is not a JSON object, or a kind made per item was named without its "
          "item.", json_of("Error")),
    403: ("Not the signer, or not yet the signer's turn (`review_not_your_turn`); the kind "
          "needs paraf first (`review_required`).", json_of("Error")),
    409: ("Already issued (`api_already_issued`), or returned to its drafter.",
          json_of("Error")),
    415: ("The body is not JSON.", json_of("Error")),
    422: ("A bad member of the body, or the document could not be issued (missing data, "
          "errors in the study).", json_of("Error")),
}


def approve_document(record, kind: catalog.Kind, item: int, choices: Any, *,  # noqa: ANN001, ANN201
                     correction: bool = False):
    """Issue as the signer's approval (with `correction`, a new version of the latest issued
    one, through the same path); ApiError when refused."""
    try:
        return review.issue_directly(
            db(), record, kind, item, current_user, draft_hash(record, kind, item),
            correction=correction, issued=choices.issued, storage=storage(), access=choices.access,
            classification=choices.classification, verify_base=public_base(),
            base_dir=store().files.root, pdf=make_pdf())
    except review.ReviewRefused as exc:
        if exc.code == "review_already_issued" and not correction:
            latest = archive.latest_issued(db(), record.id, kind.id,
                                           item if kind.fan_out != "none" else None)
            if latest is not None:
                raise _already_issued(latest, kind) from None
        raise refused(exc) from None
    except archive.FinalizeRefused as exc:
        if exc.existing is not None:
            raise _already_issued(exc.existing, kind) from None
        raise _refused(exc, kind, item if kind.fan_out != "none" else None, choices) from None
    except RenderError as exc:
        raise ApiError(422, "api_render_failed", detail=str(exc)) from None


def _approve(study_id: int, kind_id: str, item: int | None) -> Response:
    record, kind, item = document_of(study_id, kind_id, item)
    choices = _issue_choices()
    if choices.corrects is not None:
        raise ApiError(422, "api_invalid", problems=[Problem("corrects", "extra_forbidden")],
                       count=1)
    entry = approve_document(record, kind, item, choices)
    return _created(_detail(entry), url_for("api.get_record", record_id=entry.id))


@bp.post("/studies/<int:study_id>/documents/<kind_id>/approve")
@api_view
@operation("Approve and issue (the signer)", tags=("review",),
           path_schemas={"kind_id": KIND_ID}, body=ISSUE_BODY, responses=APPROVE_RESPONSES)
def approve(study_id: int, kind_id: str):  # noqa: ANN201
    """The signer approves the draft when every reviewer's paraf is on the draft as it reads
    now: only then is the number taken and the document issued. Where the signer alone
    reviews a kind, a draft not submitted is approved at once."""
    return _approve(study_id, kind_id, None)


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/approve")
@api_view
@operation("Approve and issue one document of a fan-out (the signer)", tags=("review",),
           path_schemas={"kind_id": KIND_ID}, body=ISSUE_BODY, responses=APPROVE_RESPONSES)
def approve_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """The same for one traveller's, host's or invitee's document."""
    return _approve(study_id, kind_id, item)


# ---------------------------------------------------------------------------
# The inbox


def _inbox_document(waiting: review.Waiting) -> dict[str, Any]:
    item = waiting.review
    kind = find_kind(item.kind)
    return {"study": item.study_id, "study_title": item.study.title, "kind": item.kind,
            "item": item.item, "document": kind.title_id if kind else item.kind,
            "submitted_by": item.submitted_by_name,
            "waiting_for": _step(waiting.progress.current),
            "changed": waiting.progress.changed, "comment": waiting.progress.comment,
            "url": url_for("api.review_state_item", study_id=item.study_id, kind_id=item.kind,
                           item=item.item)}


@bp.get("/inbox")
@api_view
@operation("What waits for me", tags=("review",),
           responses={200: ("The calling user's inbox.", json_of("Inbox"))})
def inbox():  # noqa: ANN201
    """Drafts waiting for the caller's paraf or approval, drafts returned to the drafters
    (staff) with their comments, the caller's own submissions under review, and issued
    documents waiting for their signed copy (archivists)."""
    box = review.inbox(db(), current_user, review_hash)
    body = {"to_review": [_inbox_document(w) for w in box.to_review],
            "returned": [_inbox_document(w) for w in box.returned],
            "submitted": [_inbox_document(w) for w in box.submitted],
            "awaiting_signed_copy": [
                {"id": r.id, "number": r.number or "", "issued": r.issued.isoformat(),
                 "kind": r.kind, "subject": r.subject,
                 "url": url_for("api.get_record", record_id=r.id)}
                for r in box.awaiting_copy],
            "count": box.count}
    return jsonify(Inbox.model_validate(body).model_dump(mode="json"))


@bp.get("/studies/<int:study_id>/documents/<kind_id>/<int:item>/review")
@api_view
@operation("Where a document stands on its path", tags=("review",),
           path_schemas={"kind_id": KIND_ID},
           responses={200: ("The document's review state.", json_of("ReviewState"))})
def review_state_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """Its status (draft, submitted, returned, issued, signed), the chain, the paraf given
    (and whether the draft changed since), the comment of a return, and the log."""
    record, kind, item = document_of(study_id, kind_id, item)
    return _answer(record, kind, item)
