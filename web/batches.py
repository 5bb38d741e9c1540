"""Batches on the web: on the dissemination stage (stage 7), the invitees' sheet uploaded,
one letter made per row by a background job (:mod:`docgen.jobs`), its progress watched, the
job cancelled or, once done, its ZIP downloaded.

* ``GET  /studies/<id>/batch`` the form (staff) and the study's batches;
* ``POST /studies/<id>/batch`` (staff) reads the sheet (:func:`docgen.recipients.read_recipients`,
  at most :data:`LIMIT`), refuses it with its reason when it cannot be a list, else queues the
  job with the office's template in use and goes to the job's page;
* ``GET  /studies/<id>/batch/<job>`` the job: a progress bar (the page refreshes itself
  without JavaScript; with it, ``batch.js`` asks ``…/status.json``), the rows refused with
  their cells, cancel while it runs, start again once interrupted, the ZIP when done;
* ``POST …/cancel``, ``POST …/restart`` (staff), ``GET …/status.json``, ``GET …/zip``.

A job belongs to its study and office: another office's job is 404 like its study.
"""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen.batch import BatchRefused, batch_kinds
from docgen.jobs import core
from docgen.jobs.runners import dispatch, redis_url, runner_for
from docgen.messages import Problem
from docgen.preview import can_make_pdf
from docgen.recipient_layout import office_region
from docgen.recipients import RecipientsUnreadable, read_recipients
from docgen.store import Job
from docgen.store.models import StudyRecord
from web.access import EDITORS, current_study, has_role
from web.db import db, store
from web.documents import office_templates, study_register
from web.i18n import ui_lang
from web.kinds import own_kinds

bp = Blueprint("batches", __name__, url_prefix="/studies/<int:study_id>/batch")

LIMIT = 10 * 1024 * 1024
LIMIT_TEXT = "10 MB"
SHOWN_JOBS = 10
FORMATS = (("docx", "DOCX"), ("pdf", "PDF/A"), ("both", "DOCX + PDF/A"))


def _kinds() -> list[Any]:
    return batch_kinds(own_kinds())


def _job(record: StudyRecord, job_id: int) -> Job:
    job = db().get(Job, job_id)
    if job is None or job.study_id != record.id or job.office_id != record.office_id:
        abort(404)
    return job


def _page(record: StudyRecord, problems: list[Problem] | None = None,
          status: int = 200) -> Any:
    study = record.study
    jobs = db().scalars(select(Job).where(Job.study_id == record.id)
                        .order_by(Job.id.desc()).limit(SHOWN_JOBS)).all()
    return render_template(
        "batches/page.html", record=record, study=study, kinds=_kinds(),
        events=study.reporting.dissemination, jobs=[(j, core.status(j)) for j in jobs],
        problems=problems or [], lang=ui_lang(), editable=has_role(*EDITORS),
        formats=FORMATS if can_make_pdf() else FORMATS[:1], limit=LIMIT_TEXT), status


@bp.get("")
def page(study_id: int) -> Any:
    return _page(current_study(study_id))


@bp.post("")
def start(study_id: int) -> Any:
    record = current_study(study_id)
    if not has_role(*EDITORS):
        abort(403)
    kinds = {k.id: k for k in _kinds()}
    kind = kinds.get(request.form.get("kind", "invitation"))
    file_format = request.form.get("format", "docx")
    event = request.form.get("event", "0")
    if kind is None or file_format not in ("docx", "pdf", "both") or not event.isdigit():
        abort(400)
    upload = request.files.get("recipients")
    if upload is None or not upload.filename:
        return _page(record, [Problem("recipients", "upload_empty")], 422)
    data = upload.read(LIMIT + 1)
    try:
        sheet = read_recipients(data, upload.filename, home=office_region(record.study.office))
    except RecipientsUnreadable as exc:
        return _page(record, [exc.problem], 422)
    if not sheet.recipients:
        return _page(record, sheet.problems, 422)
    if file_format != "docx" and not can_make_pdf():
        return _page(record, [Problem("format", "pdf_unavailable")], 422)
    runner = runner_for(store())
    try:
        job = core.create_batch(
            db(), store().files, study=record.study, kind=kind, sheet=sheet,
            runner=runner.name, event=int(event), file_format=file_format,
            template=office_templates(record.office_id, [kind]).get(kind.id),
            office_id=record.office_id, study_id=record.id, user_id=current_user.id,
            register=study_register(record))
        db().commit()
    except BatchRefused as exc:
        db().rollback()
        return _page(record, exc.problems, 422)
    dispatch(runner, job)
    flash(_("The batch has started: %(count)d documents.", count=job.total), "success")
    return redirect(url_for("batches.job", study_id=record.id, job_id=job.id))


def _reap() -> None:
    """Parts of dead workers queued again (over Redis), or, for jobs run by this
    instance's threads, their jobs shown as interrupted."""
    runner = runner_for(store())
    if redis_url():
        core.reap(store(), runner.submit, finish_again=runner.submit_finish)
    else:
        core.reap(store(), interrupt=True)


@bp.get("/<int:job_id>")
def job(study_id: int, job_id: int) -> Any:
    record = current_study(study_id)
    _reap()
    found = _job(record, job_id)
    db().refresh(found)
    return render_template("batches/job.html", record=record, job=found,
                           state=core.status(found), lang=ui_lang(),
                           editable=has_role(*EDITORS))


@bp.get("/<int:job_id>/status.json")
def status(study_id: int, job_id: int) -> Any:
    record = current_study(study_id)
    _reap()
    found = _job(record, job_id)
    db().refresh(found)
    data = core.status(found).as_dict(ui_lang())
    if found.state == "done":
        data["download"] = url_for("batches.download", study_id=record.id, job_id=found.id)
    return jsonify(data)


@bp.post("/<int:job_id>/cancel")
def cancel(study_id: int, job_id: int) -> Any:
    record = current_study(study_id)
    if not has_role(*EDITORS):
        abort(403)
    found = _job(record, job_id)
    if core.cancel(db(), found):
        db().commit()
        flash(_("The batch was cancelled."), "warning")
    return redirect(url_for("batches.job", study_id=record.id, job_id=found.id))


@bp.post("/<int:job_id>/restart")
def restart(study_id: int, job_id: int) -> Any:
    record = current_study(study_id)
    if not has_role(*EDITORS):
        abort(403)
    found = _job(record, job_id)
    numbers = core.restart(db(), found)
    db().commit()
    runner = runner_for(store())
    for number in numbers:
        runner.submit(found.id, number)
    return redirect(url_for("batches.job", study_id=record.id, job_id=found.id))


@bp.get("/<int:job_id>/zip")
def download(study_id: int, job_id: int) -> Any:
    record = current_study(study_id)
    found = _job(record, job_id)
    if found.state != "done" or not found.result_key:
        abort(404)
    return send_file(io.BytesIO(store().files.read(found.result_key)),
                     mimetype="application/zip", as_attachment=True,
                     download_name=found.result_name or f"batch-{found.id}.zip")


def init_app(app: Flask) -> None:
    """The blueprint; a job this instance's threads were running when it last stopped is
    shown as interrupted."""
    app.register_blueprint(bp)
    if not redis_url():
        with app.app_context():
            core.reap(app.extensions["docgen_store"], interrupt=True)
