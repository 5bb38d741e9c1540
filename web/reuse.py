"""What a study takes over instead of having it typed again, on the web.

* "Salin dari studi sebelumnya": on the new-study page (office block, team, legal bases,
  funding) and on the stage pages it concerns (``POST /studies/<id>/copy`` with the stage:
  stage 1 the legal bases, stage 2 the team and the funding). Only a study of the same
  office can be the source; what was copied is listed after saving
  (:mod:`docgen.study_copy`).
* The chosen candidates of stage 3 and the aims of stage 1 carried into the destinations and
  the results per aim (:mod:`docgen.carry`), for :mod:`web.stages`.
* Fields that concern a trip abroad only, hidden on the pages of a domestic study
  (:mod:`docgen.scope_fields`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from docgen.carry import Carried, chosen_destinations, with_aim_rows
from docgen.forms import FieldSpec, stage_fields
from docgen.scope_fields import study_specs
from docgen.store import StudyRecord
from docgen.study import Study
from docgen.study_copy import PARTS, STAGE_PARTS, CopyNote, copy_from
from web.access import EDITORS, current_study, role_required
from web.db import db
from web.i18n import ui_lang
from web.ids import whole_number

bp = Blueprint("reuse", __name__)

SOURCE = "copy_from"
"""The form field naming the study to copy from."""
SOURCES_MAX = 200


def copy_sources(exclude: int | None = None) -> list[tuple[int, str]]:
    """The office's studies to copy from, latest first: (id, "title (TA 2026)")."""
    records = db().execute(
        select(StudyRecord.id, StudyRecord.title, StudyRecord.data["fiscal_year"])
        .where(StudyRecord.office_id == current_user.office_id)
        .order_by(StudyRecord.updated_at.desc(), StudyRecord.id.desc())
        .limit(SOURCES_MAX)).all()
    return [(record_id, _("%(title)s (FY %(year)s)", title=title or _("(no title)"),
                          year=year))
            for record_id, title, year in records if record_id != exclude]


def source_record(value: str) -> StudyRecord | None:
    """The office's study named in the form; None for none chosen. 404 for a study that is
    not the office's (or not a number)."""
    value = (value or "").strip()
    if not value:
        return None
    study_id = whole_number(value, low=1, high=2**31 - 1)
    if study_id is None:
        abort(404)
    return current_study(study_id)


def flash_copied(source: StudyRecord, notes: list[CopyNote]) -> None:
    """One message listing what was copied from `source`."""
    lang = ui_lang()
    items = Markup("").join(Markup("<li>{}</li>").format(note.message(lang))
                            for note in notes)
    flash(Markup("{}<ul class=\"mb-0 copied-list\">{}</ul>").format(
        _("Copied from “%(title)s”:", title=source.title or _("(no title)")), items),
        "success")


def copy_into(source: StudyRecord, study: Study,
              parts: tuple[str, ...] = PARTS) -> tuple[Study, list[CopyNote]]:
    return copy_from(source.study, study, parts)


@bp.post("/studies/<int:study_id>/copy")
@role_required(*EDITORS)
def copy(study_id: int):  # noqa: ANN201
    """Copy the parts of one stage from an earlier study of the office into this one."""
    record = current_study(study_id)
    stage = request.form.get("stage", "")
    if stage not in STAGE_PARTS:
        abort(400)
    source = source_record(request.form.get(SOURCE, ""))
    if source is None or source.id == record.id:
        flash(_("Choose the earlier study to copy from."), "warning")
        return redirect(url_for("stages.stage", study_id=record.id, stage_key=stage))
    updated, notes = copy_into(source, record.study, STAGE_PARTS[stage])
    record.save(updated, current_user)
    db().commit()
    flash_copied(source, notes)
    return redirect(url_for("stages.stage", study_id=record.id, stage_key=stage))


def stage_specs(key: str, study: Study) -> tuple[FieldSpec, ...]:
    """The fields of a stage page as the study's scope asks them (abroad-only ones hidden
    for a trip within Indonesia)."""
    return study_specs(stage_fields(key), study)


def prefill(key: str, study: Study, values: dict[str, Any]) -> dict[str, Any]:
    """A stage's values as its page first shows them: stage 6 with a result row per aim of
    stage 1 while it has none (said above the form, not saved until the page is)."""
    if key != "evaluation":
        return values
    values, added = with_aim_rows(study, values)
    if added:
        g.reuse_hint = _("%(count)d rows of the results per aim are filled in from the aims "
                         "of stage 1: write each result, then save.", count=added)
    return values


def carry_on_save(key: str, values: dict[str, Any],
                  stored: dict[str, Any] | None) -> tuple[dict[str, Any], Carried | None]:
    """A stage's posted values with what they carry: on stage 3, the destinations following
    the candidates ticked "Dipilih"."""
    if key != "destination":
        return values, None
    return chosen_destinations(values, stored)


def flash_carried(carried: Carried | None) -> None:
    if carried is None:
        return
    if carried.added:
        flash(_("Chosen destination filled in from the candidates: %(names)s. Complete its "
                "addressee, address and visit date.", names=", ".join(carried.added)), "info")
    if carried.removed:
        flash(_("No longer chosen, taken out of the destinations: %(names)s.",
                names=", ".join(carried.removed)), "info")
    if carried.kept:
        flash(_("No longer chosen but kept among the destinations, as more was typed into "
                "it: %(names)s. Remove it there if the visit is off.",
                names=", ".join(carried.kept)), "warning")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["copy_sources"] = copy_sources
    app.jinja_env.globals["copy_stage_parts"] = STAGE_PARTS

