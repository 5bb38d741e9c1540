"""The dashboard of the office's studies, a new study, and a study's overview.

A study keeps the copy of the office profile it was made with (so a signed letter is not
changed by a later edit of the profile). The overview says when that copy differs from the
office's current profile, and staff can bring it up to date after a confirmation
(``/studies/<id>/office-profile``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen.fields import field_label
from docgen.messages import text
from docgen.officetime import office_today
from docgen.progress import stage_progress
from docgen.store import StudyRecord
from docgen.study import SCOPES, Goals, OfficeProfile, Study, clean_text
from web import reuse
from web.access import EDITORS, current_office, current_study, has_role, role_required
from web.dashboard_filters import dashboard_view
from web.db import db
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang
from web.ids import whole_number

bp = Blueprint("studies", __name__)
log = logging.getLogger(__name__)

TITLE_MAX = 500
OPAQUE = frozenset({"office.logo", "office.signing"})
"""Profile fields compared as a whole and not printed (an image's key, a table of rules)."""


@bp.get("/")
def dashboard():  # noqa: ANN201
    records = db().scalars(
        select(StudyRecord).where(StudyRecord.office_id == current_user.office_id)
        .order_by(StudyRecord.updated_at.desc(), StudyRecord.id.desc())).all()
    rows = []
    for record in records:
        try:
            study = record.study
            rows.append((record, study, stage_progress(study)))
        except Exception:  # noqa: BLE001 - one bad study must not hide the others
            log.exception("study %s of office %s cannot be read", record.id, record.office_id)
            rows.append((record, None, None))
    from web.followup import overdue_for

    overdue, head = overdue_for()
    view = dashboard_view(rows, request.args)
    return render_template("studies/dashboard.html", rows=view.rows, view=view,
                           overdue=overdue, head=head,
                           unreadable=text("study_unreadable", ui_lang()))


@bp.route("/studies/new", methods=["GET", "POST"])
@role_required(*EDITORS)
def new():  # noqa: ANN201
    errors = FormErrors()
    this_year = office_today(current_office()).year
    values = {"goals.title": "", "fiscal_year": str(this_year),
              "goals.scope": "dalam_negeri", reuse.SOURCE: ""}
    if request.method == "POST":
        values = {key: request.form.get(key, default).strip() for key, default in
                  (("goals.title", ""), ("fiscal_year", ""), ("goals.scope", "dalam_negeri"),
                   (reuse.SOURCE, ""))}
        source = reuse.source_record(values[reuse.SOURCE])
        if values["goals.scope"] not in SCOPES:
            errors.add("goals.scope", _("Choose whether the trip is within Indonesia or "
                                        "abroad."))
        title = values["goals.title"] = clean_text(values["goals.title"]).strip()
        if not title:
            errors.add("goals.title", _("Give the study a title."))
        elif len(title) > TITLE_MAX:
            errors.add("goals.title", _("At most %(count)d characters.", count=TITLE_MAX))
        year = values["fiscal_year"]
        if whole_number(year, low=2000, high=2100) is None:
            errors.add("fiscal_year", _("A year between 2000 and 2100."))
        if not errors:
            office = current_office()
            study = Study(fiscal_year=int(year), office=office.office_profile,
                          goals=Goals(title=title, scope=values["goals.scope"]))
            notes = []
            if source is not None:
                study, notes = reuse.copy_into(source, study)
            record = StudyRecord(office=office, data=study, created_by=current_user,
                                 updated_by=current_user)
            db().add(record)
            db().commit()
            flash(_("The draft is saved."), "success")
            if source is not None:
                reuse.flash_copied(source, notes)
            return redirect(url_for("studies.overview", study_id=record.id))
    status = UNPROCESSABLE if errors else 200
    return render_template("studies/new.html", errors=errors, values=values,
                           scopes=[(key, labels[0 if ui_lang() == "id" else 1])
                                   for key, labels in SCOPES.items()],
                           sources=reuse.copy_sources()), status


@bp.get("/studies/<int:study_id>")
def overview(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    lang = ui_lang()
    return render_template("studies/overview.html", record=record, study=study,
                           progress=stage_progress(study), lang=lang,
                           changes=profile_changes(study.office,
                                                   current_office().office_profile, lang),
                           editable=has_role(*EDITORS))


# ---------------------------------------------------------------------------
# The study's copy of the office profile


@dataclass(frozen=True)
class ProfileChange:
    """One field of the office profile that differs between the study and the office."""

    path: str
    label: str
    in_study: str
    in_office: str


def _leaves(data: dict[str, Any], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}"
        if isinstance(value, dict) and path not in OPAQUE:
            out.update(_leaves(value, path))
        else:
            out[path] = value
    return out


def _shown(path: str, value: Any) -> str:
    if value in (None, "", {}, []):
        return "—"
    if path in OPAQUE:
        return _("(set, not shown here)")
    return str(value)


def profile_changes(in_study: OfficeProfile, in_office: OfficeProfile,
                    lang: str) -> list[ProfileChange]:
    """The fields of the office profile whose value in the study is not the office's."""
    old = _leaves(in_study.model_dump(mode="json"), "office")
    new = _leaves(in_office.model_dump(mode="json"), "office")
    return [ProfileChange(path, field_label(path, lang, start=1), _shown(path, old.get(path)),
                          _shown(path, new.get(path)))
            for path in dict.fromkeys([*new, *old]) if old.get(path) != new.get(path)]


@bp.route("/studies/<int:study_id>/office-profile", methods=["GET", "POST"])
@role_required(*EDITORS)
def refresh_profile(study_id: int):  # noqa: ANN201
    """GET: what copying the office's current profile into the study would change.
    POST: copy it."""
    record = current_study(study_id)
    study = record.study
    lang = ui_lang()
    profile = current_office().office_profile
    changes = profile_changes(study.office, profile, lang)
    if request.method == "GET":
        return render_template("studies/office_profile.html", record=record, study=study,
                               changes=changes, lang=lang)
    if not changes:
        flash(_("The study already uses the office's current profile."), "info")
    else:
        record.save(study.model_copy(update={"office": profile}), current_user)
        db().commit()
        flash(_("The office profile in this study is updated (%(count)d changes). Documents "
                "made from now on use it.", count=len(changes)), "success")
    return redirect(url_for("studies.overview", study_id=record.id))
