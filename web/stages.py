"""One page per stage of a study, its fields drawn from the model (:mod:`docgen.forms`).

GET shows the stage as stored, with the cross-field problems of :func:`check_study` that
concern it beside their fields. POST (staff only) saves a draft whenever the model accepts
the values; otherwise the page comes back with status 422, the values as typed and a
message beside each field, and nothing is stored. A "Remove" button posts the form with
``_remove`` naming a row, so rows can be removed without JavaScript; every list also ends
with one empty row to fill in. A stage with photos posts a multipart form: a file chosen
for a photo is checked by its content and kept only when the whole stage is saved (see
:mod:`web.photos`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from docgen.followup_model import keep_updates
from docgen.formchecks import all_problems, in_form
from docgen.forms import (
    STAGE_KEYS,
    form_values,
    leaf_names,
    parse_form,
    stage_fields,
    without_row,
)
from docgen.messages import Problem
from docgen.progress import stage_progress
from docgen.store import StudyRecord, save_upload
from docgen.study import Study, check_study
from web import drafts, evidence, photos, reuse
from web.access import EDITORS, current_office, current_study, has_role
from web.db import db, store
from web.forms import UNPROCESSABLE, FormErrors, banner, field_id, posted
from web.i18n import ui_lang
from web.kinds import study_kinds

bp = Blueprint("stages", __name__, url_prefix="/studies/<int:study_id>/stages")

MISSING_CODES = ("needed_for", "needs_abroad")
BUDGET_ANCHOR = "plan.budget"
"""The plan page shows where the budget lives (a box with this field's id, linking to the
budget page), so links to ``#f-plan-budget`` land somewhere."""


def in_stage(path: str, key: str) -> bool:
    return path == key or path.startswith((f"{key}.", f"{key}["))


def stage_problems(study: Study, key: str) -> list[Problem]:
    """The problems :func:`check_study` reports in stage `key`."""
    return [p for p in check_study(study) if in_stage(p.path, key)]


def sort_problems(problems: list[Problem], errors: FormErrors, warnings: FormErrors,
                  lang: str) -> None:
    for problem in problems:
        target = errors if problem.severity == "error" else warnings
        target.add(problem.path, in_form(problem).message(lang))


_LAST_PART = re.compile(r"(.+)(?:\.[^.\[\]]+|\[\d+\])$")


def anchor_of(path: str, anchors: set[str] | None = None) -> str:
    """The id a message about `path` links to: the field's own, or the budget box for a
    budget line (the lines are edited on the budget page); with `anchors` (the ids on the
    page), the nearest group drawn on the page that holds the path (a row, a list)."""
    if in_stage(path, BUDGET_ANCHOR):
        return field_id(BUDGET_ANCHOR)
    if anchors is not None:
        here = path
        while field_id(here) not in anchors and (match := _LAST_PART.fullmatch(here)):
            here = match.group(1)
        if field_id(here) in anchors:
            return field_id(here)
    return field_id(path)


def neighbour(key: str, step: int) -> str | None:
    index = STAGE_KEYS.index(key) + step
    return STAGE_KEYS[index] if 0 <= index < len(STAGE_KEYS) else None


def _render(record: StudyRecord, study: Study, key: str, values: dict[str, Any],
            errors: FormErrors, warnings: FormErrors, status: int = 200,
            unsaved_files: int = 0, draft: drafts.Notice | None = None) -> Any:
    lang = ui_lang()
    progress = stage_progress(study)
    current = next(p for p in progress if p.key == key)
    missing = [p for p in current.problems if p.code in MISSING_CODES]
    specs = reuse.stage_specs(key, study)
    order = [field_id(name) for name in leaf_names(specs, values, key, groups=True)]
    if key == "plan":
        order.append(field_id(BUDGET_ANCHOR))
    anchors = set(order)
    entries = banner(errors, warnings, lang, order, lambda path: anchor_of(path, anchors))
    return render_template(
        "stages/stage.html", record=record, study=study, key=key, current=current,
        anchors=anchors, available=[kind.id for kind in study_kinds(study)],
        progress=progress, specs=specs, values=values, errors=errors,
        warnings=warnings, missing=missing, entries=entries, lang=lang,
        editable=has_role(*EDITORS), previous=neighbour(key, -1), following=neighbour(key, 1),
        failed=status != 200,
        multipart=photos.has_images(specs) or evidence.has_files(specs),
        image_url=photos.thumbnail_url(record.id), image_limit=photos.LIMIT_TEXT,
        file_url=evidence.file_url(record.id), file_limit=evidence.LIMIT_TEXT,
        unsaved_files=unsaved_files, draft=draft, loaded=drafts.loaded_mark(record)), status


@bp.route("/<stage_key>", methods=["GET", "POST"])
def stage(study_id: int, stage_key: str):  # noqa: ANN201
    if stage_key not in STAGE_KEYS:
        abort(404)
    record = current_study(study_id)
    study = record.study
    lang = ui_lang()
    errors, warnings = FormErrors(), FormErrors()
    if request.method == "GET":
        draft = drafts.notice(record, stage_key)
        if draft is not None and draft.restored:  # the draft's values, to be saved
            values = parse_form(stage_key, draft.fields)
        else:
            sort_problems(stage_problems(study, stage_key), errors, warnings, lang)
            values = form_values(stage_fields(stage_key), getattr(study, stage_key))
            values = reuse.prefill(stage_key, study, values)
        return _render(record, study, stage_key, values, errors, warnings, draft=draft)

    if not has_role(*EDITORS):
        abort(403)
    flat = posted(request.form)
    removed = request.form.get("_remove", "")
    if removed:
        flat = without_row(flat, removed)
    specs = stage_fields(stage_key)
    chosen = photos.chosen_files(specs, request.files, removed, errors, lang)
    chosen_evidence = evidence.chosen_files(specs, request.files, removed, errors, lang)
    uploaded = {file.name: file.key for file in [*chosen, *chosen_evidence]}
    photos.check_references(specs, {k: v for k, v in flat.items() if k not in uploaded},
                            photos.stored_images(specs, getattr(study, stage_key), stage_key),
                            errors)
    evidence.check_references(specs, {k: v for k, v in flat.items() if k not in uploaded},
                              evidence.stored_files(specs, getattr(study, stage_key),
                                                    stage_key), errors)
    values = parse_form(stage_key, {**flat, **uploaded})
    data = dict(record.data)
    if stage_key == "evaluation":
        values = keep_updates(data.get(stage_key), values)
    values, carried = reuse.carry_on_save(stage_key, values, data.get(stage_key))
    data[stage_key] = {**(data.get(stage_key) or {}), **values}
    saved, refused, cross = all_problems(data)  # every problem of the page in one pass
    errors.add_problems(refused, lang)
    sort_problems([p for p in cross if in_stage(p.path, stage_key)], errors, warnings, lang)
    if errors or saved is None:
        chosen = [*chosen, *chosen_evidence]
        if chosen:
            values = parse_form(stage_key, flat)
            for file in chosen:
                warnings.add(file.name, _("The file was not saved because of the other "
                                          "errors; choose it again."))
        return _render(record, study, stage_key, values, errors, warnings, UNPROCESSABLE,
                       unsaved_files=len(chosen))

    for file in chosen:
        save_upload(db(), store().files, office=current_office(), purpose=photos.PURPOSE,
                    original_name=file.filename, data=file.data, study=record,
                    user=current_user, field=file.name)
    for file in chosen_evidence:
        save_upload(db(), store().files, office=current_office(), purpose=evidence.PURPOSE,
                    original_name=file.filename, data=file.data, study=record,
                    user=current_user, field=file.name)
    record.save(saved, current_user)
    drafts.forget(record, stage_key)
    problems = stage_problems(saved, stage_key)  # before the commit: a failure stores nothing
    db().commit()
    if removed:
        flash(_("The row is removed and the draft is saved."), "success")
    else:
        flash(_("The draft is saved."), "success")
    reuse.flash_carried(carried)
    target = stage_key
    going_on = bool(request.form.get("_next")) and neighbour(stage_key, 1) is not None
    if going_on and not any(p.severity == "error" for p in problems):
        target = neighbour(stage_key, 1) or stage_key
        if problems:
            flash(ngettext("Stage %(number)d is saved with %(num)d warning: see it there.",
                           "Stage %(number)d is saved with %(num)d warnings: see them there.",
                           len(problems), number=STAGE_KEYS.index(stage_key) + 1), "warning")
    elif problems:
        flash(_("Some values in this stage still need a look: see the messages beside "
                "the fields."), "warning")
    anchor = ""
    if removed:
        anchor = field_id(removed.rsplit("[", 1)[0])
    return redirect(url_for("stages.stage", study_id=record.id, stage_key=target,
                            _anchor=anchor or None))
