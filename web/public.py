"""Public summaries of published studies, for other SKPDs to learn from before they travel.

* ``GET /publik`` (public) the published studies of every office, newest first; ``?kantor=<id>``
  keeps one office's.
* ``GET /publik/<id>`` (public) one published study's summary (:mod:`docgen.public`); a study
  not published, or no study at all, answers 404 alike.
* ``POST /studies/<id>/publish`` (staff) publishes the study (``publish=1``) or withdraws it
  (``publish=0``).

The page is drawn from :func:`docgen.public.public_summary` only, never from the study, so
nothing beyond what that function copies out (no NIP, birth date, budget line, traveller's
amount, phone, e-mail, register entry) can reach it.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from docgen.public import public_summary
from docgen.store import Office, StudyRecord
from docgen.store.models import utcnow
from web.access import EDITORS, current_study, public, role_required
from web.db import db
from web.i18n import ui_lang
from web.ids import whole_number

bp = Blueprint("public", __name__)


@bp.get("/publik")
@public
def index():  # noqa: ANN201
    query = (select(StudyRecord).where(StudyRecord.published_at.is_not(None))
             .order_by(StudyRecord.published_at.desc(), StudyRecord.id.desc()))
    office = None
    wanted = request.args.get("kantor", "")
    if wanted:
        office_id = whole_number(wanted, low=1, high=2**31 - 1)
        office = db().get(Office, office_id) if office_id else None
        if office is None:
            abort(404)
        query = query.where(StudyRecord.office_id == office.id)
    rows = []
    for record in db().scalars(query).all():
        try:
            study = record.study
        except Exception:  # noqa: BLE001 - an unreadable study is left out of the list
            continue
        rows.append((record, study))
    return render_template("public/index.html", rows=rows, office=office)


@bp.get("/publik/<int:study_id>")
@public
def study(study_id: int):  # noqa: ANN201
    record = db().get(StudyRecord, study_id)
    if record is None or record.published_at is None:
        abort(404)
    summary = public_summary(record.id, record.office.name, record.study, ui_lang())
    return render_template("public/study.html", summary=summary, record=record)


@bp.post("/studies/<int:study_id>/publish")
@role_required(*EDITORS)
def publish(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    choice = request.form.get("publish", "")
    if choice not in ("0", "1"):
        abort(400)
    if choice == "1":
        if record.published_at is None:
            record.published_at = utcnow()
        flash(_("The public summary of this study is published: anyone can read it at the "
                "address shown."), "success")
    else:
        record.published_at = None
        flash(_("The public summary is withdrawn; its address now answers 404."), "success")
    db().commit()
    return redirect(url_for("studies.overview", study_id=record.id, _anchor="publication"))

