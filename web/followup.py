"""The office's follow-up dashboard: every RTL item of every study, and progress updates.

* ``GET /tindak-lanjut`` every item of the office's studies, filtered by study, owner,
  status and overdue; the share done on time per study and per fiscal year; overdue items
  highlighted.
* ``GET|POST /tindak-lanjut/<study id>/<item id>`` one item with its history; its owner (the
  user whose e-mail is the owner's) or staff post a progress update: value, status, reason
  (for batal), note and an evidence file (PDF, JPEG, PNG or XLSX, checked by its content
  like every upload). A refused update answers 422 with the messages beside the fields.
* ``GET /tindak-lanjut/<study id>/<item id>/bukti/<storage key>`` an evidence file of the
  item, for users of the office.
* ``GET|POST /tindak-lanjut/pengaturan`` (admin) the office head's account and the e-mail
  reminders (:mod:`docgen.reminders`): SMTP host, port, STARTTLS/SSL, user, password (kept
  on the server, never shown back), sender, days before the due date; off by default.

The start page (``/``) lists the overdue items the signed-in user owns (matched by the
e-mail of their account) and, for the office head (the account whose e-mail is set as the
head's here), every overdue item of the office: :func:`overdue_for`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen import archive, followup
from docgen.followup_model import FOLLOW_UP_STATUS, FollowUpItem, show_value
from docgen.formdates import read_date
from docgen.store import FollowUpSettings, StudyRecord, UploadedFile
from docgen.store.files import LIMITS, is_storage_key
from docgen.store.followup_models import SECURITY
from docgen.store.models import utcnow
from docgen.study import Study, label
from web.access import EDITORS, current_office, current_study, has_role, role_required
from web.db import db, store
from web.forms import UNPROCESSABLE, FormErrors, bad_date
from web.i18n import ui_lang
from web.ids import whole_number

bp = Blueprint("followup", __name__, url_prefix="/tindak-lanjut")

EVIDENCE_LIMIT = LIMITS["evidence"]
_ITEM_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def today() -> date:
    """The office's today (:func:`docgen.archive.today`, in its zone)."""
    return archive.today(current_office())


def settings() -> FollowUpSettings | None:
    return db().scalar(select(FollowUpSettings).where(
        FollowUpSettings.office_id == current_user.office_id))


def is_head() -> bool:
    row = settings()
    return bool(row and row.head_email and row.head_email == current_user.email.lower())


def is_owner(item: FollowUpItem) -> bool:
    email = (item.owner.email or "").lower()
    return bool(email) and email == current_user.email.lower()


def may_update(item: FollowUpItem) -> bool:
    return has_role(*EDITORS) or is_owner(item)


def overdue_for() -> tuple[list[followup.OfficeItem], bool]:
    """The overdue items the start page shows the signed-in user: their own, or, for the
    office head, every one of the office; and whether the user is the head."""
    head = is_head()
    rows = followup.office_items(db(), current_office(), today(),
                                 followup.Filters(overdue=True))
    if not head:
        email = current_user.email.lower()
        rows = [row for row in rows if (row.item.owner.email or "").lower() == email]
    return rows, head


def share_text(share: followup.Share | None) -> str:
    """``2 of 3 (66.7 %)`` in the UI language; "—" when no item's outcome is known yet."""
    if share is None or not share.known:
        return "—"
    percent = format_decimal(share.percent, format="#,##0.#")
    return _("%(done)d of %(known)d (%(percent)s %%)", done=share.done_on_time,
             known=share.known, percent=percent)


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {"share_text": share_text, "show_value": show_value}


@bp.get("")
def dashboard():  # noqa: ANN201
    args = request.args
    study_id = whole_number(args.get("study", ""), low=1, high=2**31 - 1) \
        if args.get("study") else None
    status = args.get("status", "")
    if status not in FOLLOW_UP_STATUS:
        status = ""
    owner = args.get("owner", "").strip()[:200]
    overdue = args.get("overdue") == "1"
    day = today()
    everything = followup.office_items(db(), current_office(), day, followup.Filters())
    rows = followup.office_items(db(), current_office(), day, followup.Filters(
        study_id=study_id, owner=owner or None, status=status or None, overdue=overdue))
    studies = list(dict.fromkeys((row.study_id, row.study_title) for row in everything))
    owners = sorted({row.item.owner.name for row in everything if row.item.owner.name})
    lang = ui_lang()
    shares = followup.share_done_on_time(everything)
    per_study = [(sid, title, shares.by_study.get(sid)) for sid, title in studies]
    per_year = sorted(shares.by_year.items(), reverse=True)
    statuses = [(key, label(FOLLOW_UP_STATUS, key, lang)) for key in FOLLOW_UP_STATUS]
    return render_template(
        "followup/dashboard.html", rows=rows, studies=studies, owners=owners,
        statuses=statuses, per_study=per_study, per_year=per_year, today=day, lang=lang,
        chosen={"study": study_id, "owner": owner, "status": status, "overdue": overdue},
        total=len(everything))


def _find(record: StudyRecord, item_id: str) -> tuple[Study, int, FollowUpItem]:
    if not _ITEM_ID.fullmatch(item_id):
        abort(404)
    study = record.study
    for index, item in enumerate(study.evaluation.follow_up):
        if item.id == item_id:
            return study, index, item
    abort(404)


def _date(text: str) -> date | None:
    try:
        return read_date(text)
    except ValueError:
        return None


@bp.route("/<int:study_id>/<item_id>", methods=["GET", "POST"])
def item(study_id: int, item_id: str):  # noqa: ANN201
    record = current_study(study_id)
    study, _index, found = _find(record, item_id)
    lang = ui_lang()
    day = today()
    errors = FormErrors()
    values = {"date": day.isoformat(), "value": "", "status": found.current_status
              if found.current_status in ("rencana", "berjalan") else "berjalan",
              "reason": "", "note": ""}
    allowed = may_update(found)
    if request.method == "POST":
        if not allowed:
            abort(403)
        values = {key: request.form.get(key, "").strip() for key in values}
        when = _date(values["date"])
        if when is None:
            errors.add("date", bad_date(), _("Date"))
        elif when > day:
            errors.add("date", _("An update cannot be dated after today."), _("Date"))
        if values["status"] not in FOLLOW_UP_STATUS:
            errors.add("status", _("Choose a status from the list."), _("Status"))
        if values["status"] == "batal" and not values["reason"]:
            errors.add("reason", _("Say why the action is cancelled."),
                       _("Reason for cancelling"))
        upload = request.files.get("evidence")
        new_files = []
        if upload is not None and upload.filename:
            new_files.append(followup.EvidenceFile(upload.filename,
                                                   upload.read(EVIDENCE_LIMIT + 1)))
        if not errors:
            fields = {"date": when, "value": values["value"] or None,
                      "status": values["status"], "reason": values["reason"],
                      "note": values["note"]}
            try:
                followup.record_update(db(), store().files, record, found.id, fields,
                                       office=current_office(), user=current_user,
                                       now=utcnow(), new_files=new_files)
            except followup.UpdateRefused as exc:
                db().rollback()
                for problem in exc.problems:
                    name = problem.path.split("[", 1)[0].rsplit(".", 1)[-1]
                    errors.add(name if name in values or name == "evidence" else "note",
                               problem.message(lang))
            else:
                db().commit()
                flash(_("The progress update is saved."), "success")
                return redirect(url_for("followup.item", study_id=record.id, item_id=found.id))
    status = UNPROCESSABLE if errors else 200
    statuses = [(key, label(FOLLOW_UP_STATUS, key, lang)) for key in FOLLOW_UP_STATUS]
    return render_template("followup/item.html", record=record, study=study, item=found,
                           state=found.state, overdue=found.overdue(day), errors=errors,
                           values=values, statuses=statuses, allowed=allowed, lang=lang,
                           history=list(reversed(found.history())),
                           limit=f"{EVIDENCE_LIMIT // 2**20} MB"), status


@bp.get("/<int:study_id>/<item_id>/bukti/<path:key>")
def evidence(study_id: int, item_id: str, key: str):  # noqa: ANN201
    record = current_study(study_id)
    _study, _index, found = _find(record, item_id)
    names = {e.file: e.name for update in found.updates for e in update.evidence}
    if not is_storage_key(key) or key not in names:
        abort(404)
    upload = db().scalar(select(UploadedFile).where(
        UploadedFile.office_id == current_user.office_id, UploadedFile.storage_key == key,
        UploadedFile.purpose == "evidence"))
    if upload is None:
        abort(404)
    try:
        data = store().files.read(key)
    except OSError:
        abort(404)
    response = Response(data, mimetype=upload.content_type)
    response.headers["Content-Disposition"] = "attachment"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------
# Office settings: the head's account and e-mail reminders


@bp.route("/pengaturan", methods=["GET", "POST"])
@role_required("admin")
def office_settings():  # noqa: ANN201
    row = settings()
    errors = FormErrors()
    if request.method == "POST":
        form = request.form
        if row is None:
            row = FollowUpSettings(office_id=current_user.office_id)
            db().add(row)
        head = form.get("head_email", "").strip()
        sender = form.get("sender", "").strip()
        for name, value in (("head_email", head), ("sender", sender)):
            if value and ("@" not in value or " " in value or len(value) > 254):
                errors.add(name, _("Not an e-mail address."))
        port = whole_number(form.get("smtp_port", ""), low=1, high=65535)
        if port is None:
            errors.add("smtp_port", _("A port between 1 and 65535."))
        days = whole_number(form.get("days_before", ""), low=0, high=365)
        if days is None:
            errors.add("days_before", _("A number of days between 0 and 365."))
        security = form.get("smtp_security", "")
        if security not in SECURITY:
            errors.add("smtp_security", _("Choose from the list."))
        on = form.get("reminders") == "1"
        host = form.get("smtp_host", "").strip()[:255]
        if on and (not host or not sender):
            errors.add("reminders", _("Reminders need the SMTP server and the sender."))
        if errors:
            db().rollback()
            return render_template("followup/settings.html", row=row, errors=errors,
                                   form=form), UNPROCESSABLE
        row.head_email, row.sender, row.smtp_host = head, sender, host
        row.smtp_port, row.days_before, row.smtp_security = port, days, security
        row.smtp_user = form.get("smtp_user", "").strip()[:254]
        if form.get("smtp_password"):
            row.smtp_password = form["smtp_password"][:500]
        if form.get("clear_password") == "1":
            row.smtp_password = ""
        row.reminders = on
        db().commit()
        flash(_("The follow-up settings are saved."), "success")
        return redirect(url_for("followup.office_settings"))
    return render_template("followup/settings.html", row=row or FollowUpSettings(
        head_email="", reminders=False, days_before=7, smtp_host="", smtp_port=587,
        smtp_security="starttls", smtp_user="", smtp_password="", sender=""),
        errors=errors, form=None)
