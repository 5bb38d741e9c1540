"""The path of a letter on the web (:mod:`docgen.review`): submitting a draft, the paraf,
returning it with a comment, the signer's approval (which issues it), the inboxes on the
start page, the statuses on the documents page and the dashboard, and the administrator's
page of the office's chains.

* ``POST /studies/<id>/documents/<kind>/<item>/submit`` staff submit the draft (again); with
  ``correction`` (the record page) a new version of the issued document.
* ``POST .../paraf`` the reviewer whose turn it is gives their paraf on the draft as it
  reads now; ``POST .../return`` they (or the signer) return it with a comment.
* ``POST .../approve`` the signer approves: the number is taken and the document issued
  with the classification code, access class and date of the form (as *Terbitkan* was).
* ``GET/POST /admin/pemeriksaan`` the chain per kind (or for every kind) and whether the
  review copy carries the paraf boxes.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import current_user
from sqlalchemy import select

from docgen import catalog, review
from docgen.archive import latest_signed_copy
from docgen.references import register_key
from docgen.render import RenderError, render_document
from docgen.store import ArchiveFile, ArchiveRecord, LetterNumber, Review, StudyRecord, User
from docgen.store.review_models import ReviewChain
from web import archive as web_archive
from web.access import READERS, current_study, has_role, role_required
from web.db import db, store
from web.doccache import content_key, render_cache
from web.documents import chosen_item, item_label, office_templates, study_register
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang
from web.kinds import find_kind, kind_title, office_kinds, study_kinds

bp = Blueprint("review", __name__)
log = logging.getLogger(__name__)

REVIEW_EVENT_LABELS = {
    "submitted": lazy_gettext("Submitted for review"),
    "initialled": lazy_gettext("Initialled (paraf)"),
    "returned": lazy_gettext("Returned with a comment"),
    "approved": lazy_gettext("Approved by the signer"),
}
web_archive.EVENT_LABELS.update(REVIEW_EVENT_LABELS)
STATUS_CLASSES = {"draft": "text-bg-light border", "submitted": "text-bg-warning",
                  "returned": "text-bg-danger", "issued": "text-bg-primary",
                  "signed": "text-bg-success"}


# ---------------------------------------------------------------------------
# The draft's hash, made once per content


def draft_hash(record: StudyRecord, kind: catalog.Kind | str, item: int) -> str:
    """The hash of the document (kind, item as in the addresses) as it reads now, made with
    the template the office uses for it."""
    kind = find_kind(kind) if isinstance(kind, str) else kind
    if kind is None:
        return ""
    memo = g.setdefault("review_hashes", {})
    key = (record.id, kind.id, item)
    if key in memo:
        return memo[key]
    template = office_templates(record.office_id, [kind]).get(kind.id)

    def render(study: Any, kind: catalog.Kind, *, item: int | None, issued: Any,
               register: Any, base_dir: Any) -> Any:
        cache_key = content_key(study, [kind], "review-hash", item, register_key(register),
                                base_dir=base_dir,
                                templates={kind.id: template} if template else None)
        return render_cache().get_or_make(
            cache_key, lambda: render_document(study, kind, item=item, issued=issued,
                                               register=register, base_dir=base_dir,
                                               template=template),
            lambda doc: len(doc.data))

    memo[key] = ""  # a draft that cannot be made now: no paraf counts for it
    try:
        study = record.study
        if kind in study_kinds(study) and not catalog.missing(study, kind):
            memo[key] = review.draft_sha256(study, kind, item,
                                            register=study_register(record),
                                            base_dir=store().files.root, render=render)
    except (RenderError, IndexError, ValueError, TypeError):
        log.warning("review: %s %s of study %s cannot be made", kind.id, item, record.id,
                    exc_info=True)
    return memo[key]


def review_hash(item: Review) -> str:
    return draft_hash(item.study, item.kind, item.item)


# ---------------------------------------------------------------------------
# What the pages show


class DocumentReview:
    """The review of one document for the documents page: its status, where it stands,
    and what the signed-in user may do with it."""

    def __init__(self, record: StudyRecord, kind: catalog.Kind, item: int):
        self.record, self.kind, self.item = record, kind, item
        self.review = review.review_of(db(), record.id, kind.id, item)
        self.status = statuses(record).get((kind.id, item), "draft")
        self.progress = None
        if self.review is not None and self.review.state in ("submitted", "returned"):
            self.progress = review.progress(self.review, draft_hash(record, kind, item)
                                            if self.review.state == "submitted" else "")
        steps = (self.progress.steps if self.progress else
                 review.steps_of(review.chain_for(db(), record.office_id, kind.id)))
        self.steps = steps
        user = current_user
        waiting = self.progress is not None and self.progress.current is not None
        self.my_turn = waiting and self.progress.current.matches(user)
        self.can_submit = (user.role in review.SUBMITTERS
                           and self.status in ("draft", "returned"))
        self.can_initial = self.my_turn and not self.progress.at_signer and \
            self.review.submitted_by_id != user.id
        self.can_return = self.my_turn
        direct = (self.status == "draft" and len(steps) == 1 and steps[0].matches(user))
        self.can_approve = (self.my_turn and self.progress.at_signer) or direct

    def chain_text(self, lang: str) -> str:
        return " → ".join(step.title(db(), lang) for step in self.steps)

    def step_title(self, step: review.Step, lang: str) -> str:
        return step.title(db(), lang)


class CorrectionReview(DocumentReview):
    """The review of a correction of the issued document `entry` (its latest version), for
    its record page: under way or not, and what the signed-in user may do (staff submit it,
    reviewers give their paraf or return it in turn, the signer approves it)."""

    def __init__(self, record: StudyRecord, kind: catalog.Kind, entry: ArchiveRecord):
        super().__init__(record, kind, entry.item or 0)
        self.entry = entry
        self.under_way = review.correcting(db(), self.review) is not None
        if not self.under_way:
            self.progress, self.my_turn = None, False
            self.steps = review.steps_of(review.chain_for(db(), record.office_id, kind.id))
        self.status = self.review.state if self.under_way else "issued"
        user = current_user
        self.can_submit = user.role in review.SUBMITTERS and (
            not self.under_way or self.review.state == "returned")
        self.can_initial = self.my_turn and not self.progress.at_signer and \
            self.review.submitted_by_id != user.id
        self.can_return = self.my_turn
        direct = not self.under_way and len(self.steps) == 1 and self.steps[0].matches(user)
        self.can_approve = (self.my_turn and self.progress.at_signer) or direct


def statuses(record: StudyRecord) -> dict[tuple[str, int], str]:
    memo = g.setdefault("review_statuses", {})
    if record.id not in memo:
        memo[record.id] = review.study_statuses(db(), record.id)
    return memo[record.id]


def document_review(record: StudyRecord, kind: catalog.Kind, item: int) -> DocumentReview:
    return DocumentReview(record, kind, item)


def my_inbox() -> review.Inbox | None:
    if not current_user.is_authenticated:
        return None
    if "review_inbox" not in g:
        g.review_inbox = review.inbox(db(), current_user, review_hash)
    return g.review_inbox


def office_status_counts() -> dict[int, Counter]:
    """Per study of the user's office, how many documents are in each status (drafts
    aside)."""
    office_id = current_user.office_id
    counts: dict[int, Counter] = {}
    for study_id, state in db().execute(select(Review.study_id, Review.state).where(
            Review.office_id == office_id, Review.state.in_(("submitted", "returned")))):
        counts.setdefault(study_id, Counter())[state] += 1
    corrected = select(ArchiveRecord.corrects_id).where(ArchiveRecord.corrects_id.is_not(None))
    signed = select(ArchiveFile.record_id).where(ArchiveFile.role == "signed_copy")
    rows = db().execute(
        select(ArchiveRecord.study_id, ArchiveRecord.id.in_(signed))
        .outerjoin(LetterNumber, ArchiveRecord.letter_number_id == LetterNumber.id)
        .where(ArchiveRecord.office_id == office_id, ArchiveRecord.id.not_in(corrected),
               (LetterNumber.id.is_(None)) | (LetterNumber.state != "void")))
    for study_id, has_copy in rows:
        counts.setdefault(study_id, Counter())["signed" if has_copy else "issued"] += 1
    return counts


def status_counts(study_id: int) -> Counter:
    memo = g.get("review_counts")
    if memo is None:
        memo = g.review_counts = office_status_counts()
    return memo.get(study_id, Counter())


def waiting_label(waiting: review.Waiting, lang: str) -> dict[str, str]:
    """Study title, document title and item label of an inbox entry."""
    item = waiting.review
    kind = find_kind(item.kind)
    study = item.study
    title = kind.title(lang) if kind else item.kind
    label = ""
    if kind is not None:
        try:
            label = item_label(study.study, kind, item.item if kind.fan_out != "none"
                               else None, lang)
        except (IndexError, ValueError):
            label = ""
    return {"study": study.title, "document": title, "item": label}


def record_waiting_label(entry: ArchiveRecord, lang: str) -> str:
    kind = find_kind(entry.kind)
    return kind.title(lang) if kind else entry.kind


@bp.app_context_processor
def _review_helpers() -> dict[str, object]:
    return {"document_review": document_review, "review_inbox": my_inbox,
            "review_status_label": review.status_label, "review_status_counts": status_counts,
            "REVIEW_STATUS_CLASSES": STATUS_CLASSES, "review_waiting_label": waiting_label,
            "review_record_label": record_waiting_label,
            "review_signed_copy": latest_signed_copy,
            "review_step_title": lambda step: step.title(db(), ui_lang())}


# ---------------------------------------------------------------------------
# The steps


def _document(study_id: int, kind_id: str, item: int) -> tuple[StudyRecord, catalog.Kind]:
    record = current_study(study_id)
    kind = find_kind(kind_id)
    if kind is None or kind not in study_kinds(record.study):
        abort(404)
    chosen_item(record.study, kind, item)
    return record, kind


def _back(study_id: int, kind: catalog.Kind) -> Any:
    return redirect(url_for("documents.index", study_id=study_id, _anchor=f"doc-{kind.id}"))


def refused_text(exc: review.ReviewRefused, study_id: int) -> str:
    from web.documents import missing_fields

    head = exc.message(ui_lang())
    fields = missing_fields(study_id, exc.problems, ui_lang())
    if not fields:
        return head
    return f"{head}: {'; '.join(f.label for f in fields)}"


def _review_or_404(record: StudyRecord, kind: catalog.Kind, item: int) -> Review:
    found = review.review_of(db(), record.id, kind.id, item)
    if found is None:
        flash(review.ReviewRefused("review_not_waiting", kind=(
            kind.title_id, kind.title_en)).message(ui_lang()), "warning")
        abort(_back(record.id, kind))
    return found


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/submit")
@role_required(*review.SUBMITTERS)
def submit(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record, kind = _document(study_id, kind_id, item)
    correction = bool(request.form.get("correction"))  # from the record page
    try:
        review.submit(db(), record, kind, item, current_user, draft_hash(record, kind, item),
                      correction=correction)
    except review.ReviewRefused as exc:
        flash(refused_text(exc, study_id), "danger")
        return _back_from(record, kind, item, correction)
    flash((_("The correction is submitted for review: it now waits for %(step)s.")
           if correction else _("Submitted for review: it now waits for %(step)s."))
          % {"step": _first_waiting(record, kind, item)}, "success")
    return _back_from(record, kind, item, correction)


def _back_from(record: StudyRecord, kind: catalog.Kind, item: int, correction: bool,
               anchor: str = "correction") -> Any:
    """Back to the documents page, or for a correction (a form of the record page) to the
    record page of its latest version."""
    latest = _latest(record, kind, item) if correction else None
    if latest is not None:
        return redirect(url_for("archive.record", record_id=latest.id, _anchor=anchor))
    return _back(record.id, kind)


def _latest(record: StudyRecord, kind: catalog.Kind, item: int) -> ArchiveRecord | None:
    from docgen.archive import latest_issued

    return latest_issued(db(), record.id, kind.id, item if kind.fan_out != "none" else None)


def _first_waiting(record: StudyRecord, kind: catalog.Kind, item: int) -> str:
    found = review.review_of(db(), record.id, kind.id, item)
    now = review.progress(found, draft_hash(record, kind, item))
    return now.current.title(db(), ui_lang()) if now.current else ""


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/paraf")
@role_required(*READERS)
def initial(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record, kind = _document(study_id, kind_id, item)
    found = _review_or_404(record, kind, item)
    correction = bool(request.form.get("correction"))  # from the record page
    try:
        review.initial(db(), found, current_user, draft_hash(record, kind, item))
    except review.ReviewRefused as exc:
        flash(refused_text(exc, study_id), "danger")
        return _back_from(record, kind, item, correction, "correction-review")
    flash(_("Your paraf is given. It now waits for %(step)s.",
            step=_first_waiting(record, kind, item)), "success")
    if correction:
        return _back_from(record, kind, item, correction, "correction-review")
    return redirect(url_for("studies.dashboard"))


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/return")
@role_required(*READERS)
def send_back(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record, kind = _document(study_id, kind_id, item)
    found = _review_or_404(record, kind, item)
    correction = bool(request.form.get("correction"))  # from the record page
    try:
        review.send_back(db(), found, current_user, request.form.get("comment"),
                         draft_hash(record, kind, item))
    except review.ReviewRefused as exc:
        if exc.code.startswith("review_comment"):
            return _comment_refused(record, kind, item, exc, correction)
        flash(refused_text(exc, study_id), "danger")
        return _back_from(record, kind, item, correction, "correction-review")
    flash(_("Returned to the drafter with your comment."), "success")
    if correction:
        return _back_from(record, kind, item, correction, "correction-review")
    return redirect(url_for("studies.dashboard"))


def _comment_refused(record: StudyRecord, kind: catalog.Kind, item: int,
                     exc: review.ReviewRefused, correction: bool) -> Any:
    """The page the return form was on (the documents page, or the record page for a
    correction) again, with the message beside the comment (422)."""
    latest = _latest(record, kind, item) if correction else None
    g.review_refused = {"form": "correction-return" if latest is not None
                        else f"return-{kind.id}-{item}",
                        "message": exc.message(ui_lang()),
                        "value": request.form.get("comment", "")}
    flash(_("Comment: %(message)s", message=exc.message(ui_lang())), "danger")
    if latest is not None:
        from web.archive_record import record as record_page

        return record_page(latest.id), UNPROCESSABLE
    from web.documents import index as documents_page

    return documents_page(record.id), UNPROCESSABLE


@bp.post("/studies/<int:study_id>/documents/<kind_id>/<int:item>/approve")
@role_required(*READERS)
def approve(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """The signer's approval: the issue form's choices, then the number (as *Terbitkan*)."""
    return web_archive.issue(study_id, kind_id, item)


def review_copy(record: StudyRecord, doc: Any) -> Any:
    """`doc` with the paraf boxes when the office prints them and the document is under
    review (submitted or returned); else `doc` as it is."""
    from dataclasses import replace

    from docgen.archive import _when

    kind = find_kind(doc.kind)
    if kind is None or not review.paraf_boxes(db(), record.office_id):
        return doc
    item = doc.item or 0
    found = review.review_of(db(), record.id, kind.id, item)
    if found is None or found.state not in ("submitted", "returned"):
        return doc
    steps = review.steps_of(found.chain)
    if len(steps) < 2:
        return doc
    rows = review.paraf_rows(db(), found, draft_hash(record, kind, item),
                             lambda at: _when(at).rsplit(":", 1)[0])
    return replace(doc, data=review.with_paraf_boxes(doc.data, rows))


def approve_now(study_record: StudyRecord, kind: catalog.Kind, item: int | None,
                options: dict[str, Any], correction: bool = False) -> ArchiveRecord:
    """Issue as the signer's approval (:func:`docgen.review.issue_directly`): called by
    the issue form and the record page's correction form, whose choices are `options`."""
    url_item = item or 0
    return review.issue_directly(db(), study_record, kind, url_item, current_user,
                                 draft_hash(study_record, kind, url_item),
                                 correction=correction, **options)


# ---------------------------------------------------------------------------
# The administrator's page: chains and paraf boxes


ROLE_CHOICES = ("signer", "staff", "archivist", "admin")


def _office_users() -> list[User]:
    return list(db().scalars(select(User).where(User.office_id == current_user.office_id,
                                                User.active.is_(True)).order_by(User.name)))


def read_chain_form(prefix: str, count: int) -> list[dict[str, Any]]:
    """The steps posted as ``<prefix>-<i>-who`` (``user:<id>`` or ``role:<role>``, empty
    to leave the step out) and ``<prefix>-<i>-label``."""
    steps = []
    for i in range(count):
        who = request.form.get(f"{prefix}-{i}-who", "").strip()
        label = request.form.get(f"{prefix}-{i}-label", "")
        if not who:
            continue
        kind, _sep, value = who.partition(":")
        if kind == "user" and value.isdigit():
            steps.append({"user_id": int(value), "label": label})
        elif kind == "role":
            steps.append({"role": value, "label": label})
        else:
            steps.append({"label": label})
    return steps


CHAIN_ROWS = review.MAX_STEPS


@bp.route("/admin/pemeriksaan", methods=["GET", "POST"])
@role_required("admin")
def chains():  # noqa: ANN201
    office_id = current_user.office_id
    errors = FormErrors()
    status = 200
    if request.method == "POST":
        kind_id = request.form.get("kind", "")
        if request.form.get("set_paraf_boxes"):
            review.set_paraf_boxes(db(), office_id, request.form.get("paraf_boxes") == "1")
            flash(_("Saved."), "success")
            return redirect(url_for("review.chains"))
        if kind_id != review.ANY_KIND and find_kind(kind_id) is None:
            abort(404)
        if request.form.get("reset"):
            review.reset_chain(db(), office_id, kind_id)
            flash(_("Back to the default chain."), "success")
            return redirect(url_for("review.chains"))
        steps = read_chain_form("step", CHAIN_ROWS)
        try:
            review.set_chain(db(), office_id, kind_id, steps, current_user)
        except review.ChainInvalid as exc:
            db().rollback()
            for problem in exc.problems:
                errors.add(f"{kind_id}.{problem.path}", problem.message(ui_lang()),
                           label=_("Chain of %(kind)s", kind=_kind_title(kind_id)))
            flash(" ".join(f"{label}: {message}" for _id, label, message
                           in errors.summary(ui_lang())), "danger")
            status = UNPROCESSABLE
        else:
            flash(_("The chain of %(kind)s is saved.", kind=_kind_title(kind_id)), "success")
            return redirect(url_for("review.chains"))
    rows = {row.kind: row for row in db().scalars(
        select(ReviewChain).where(ReviewChain.office_id == office_id))}
    kinds = [(review.ANY_KIND, _kind_title(review.ANY_KIND))] + [
        (k.id, k.title(ui_lang())) for k in office_kinds().values()]
    return render_template(
        "review/chains.html", kinds=kinds, rows=rows, users=_office_users(),
        roles=ROLE_CHOICES, chain_rows=CHAIN_ROWS, errors=errors,
        chain_for=lambda kind_id: review.chain_for(db(), office_id, kind_id),
        steps_of=review.steps_of, step_title=lambda s: s.title(db(), ui_lang()),
        paraf_boxes=review.paraf_boxes(db(), office_id), lang=ui_lang()), status


def _kind_title(kind_id: str) -> str:
    if kind_id == review.ANY_KIND:
        return _("every kind without its own chain")
    return kind_title(kind_id, ui_lang())


def has_admin() -> bool:
    return has_role("admin")
