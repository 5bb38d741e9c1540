"""The dashboard of the office's studies, a new study, and a study's overview."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen.progress import stage_progress
from docgen.store import StudyRecord
from docgen.study import Goals, Study
from web.access import EDITORS, current_office, current_study, role_required
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang

bp = Blueprint("studies", __name__)

TITLE_MAX = 500


@bp.get("/")
def dashboard():  # noqa: ANN201
    records = db().scalars(
        select(StudyRecord).where(StudyRecord.office_id == current_user.office_id)
        .order_by(StudyRecord.updated_at.desc(), StudyRecord.id.desc())).all()
    rows = []
    for record in records:
        study = record.study
        rows.append((record, study, stage_progress(study)))
    return render_template("studies/dashboard.html", rows=rows)


@bp.route("/studies/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new():  # noqa: ANN201
    errors = FormErrors()
    this_year = date.today().year
    values = {"goals.title": "", "fiscal_year": str(this_year)}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in values}
        title = values["goals.title"]
        if not title:
            errors.add("goals.title", _("Give the study a title."))
        elif len(title) > TITLE_MAX:
            errors.add("goals.title", _("At most %(count)d characters.", count=TITLE_MAX))
        year = values["fiscal_year"]
        if not (year.isdigit() and 2000 <= int(year) <= 2100):
            errors.add("fiscal_year", _("A year between 2000 and 2100."))
        if not errors:
            office = current_office()
            study = Study(fiscal_year=int(year), office=office.office_profile,
                          goals=Goals(title=title))
            record = StudyRecord(office=office, data=study, created_by=current_user,
                                 updated_by=current_user)
            db().add(record)
            db().commit()
            flash(_("The draft is saved."), "success")
            return redirect(url_for("studies.overview", study_id=record.id))
    status = UNPROCESSABLE if errors else 200
    return render_template("studies/new.html", errors=errors, values=values), status


@bp.get("/studies/<int:study_id>")
def overview(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    return render_template("studies/overview.html", record=record, study=study,
                           progress=stage_progress(study), lang=ui_lang())
