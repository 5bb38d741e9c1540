"""Studies in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`): the office's
studies listed, one created, read, replaced, a stage or the realisation changed with a JSON
merge patch (RFC 7386), and what is still wrong or missing, as the web's study pages do.

A study names only images and receipts its office uploaded (or data URIs that decode), and
keeps its office block whatever the body says; a study refused is 422 with every problem and
its path, and nothing is stored.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, jsonify, url_for
from flask_login import current_user
from sqlalchemy import select

from docgen import catalog
from docgen.archive import register_refs
from docgen.messages import Problem, text
from docgen.progress import STAGE_KEYS, StageProgress, stage_progress
from docgen.references import dating_problems
from docgen.render import (
    MAX_LOGO_BYTES,
    MAX_PHOTO_BYTES,
    ImageUnreadable,
    image_bytes,
    is_example_image,
)
from docgen.store import StudyRecord, UploadedFile
from docgen.study import Study, StudyInvalid, check_study, load_study
from web import openapi, photos
from web import openapi_models as answers
from web.access import current_office
from web.api import (
    ApiError,
    _iso,
    _json_body,
    _problems,
    _require_write,
    _study,
    _then_commit,
    api_view,
    bp,
)
from web.db import db
from web.kinds import study_kinds
from web.openapi import JSON_BODY_ERRORS, Body, json_of, operation, ref

log = logging.getLogger(__name__)

STAGE_SCHEMAS = {key: ref(Study.model_fields[key].annotation.__name__)  # type: ignore[union-attr]
                 for key in STAGE_KEYS}


# ---------------------------------------------------------------------------
# Reading studies


def _load(data: dict[str, Any]) -> Study:
    try:
        return load_study(data)
    except StudyInvalid as exc:
        raise ApiError(422, "api_invalid", problems=exc.problems,
                       count=len(exc.problems)) from None


def _image_refs(study: Study) -> dict[str, str]:
    """Path → stored-file reference of every image a study names (logo and photos)."""
    refs = {f"execution.photos[{i}].file": photo.file
            for i, photo in enumerate(study.execution.photos) if photo.file}
    if study.office.logo:
        refs["office.logo"] = study.office.logo
    return refs


def _check_images(study: Study, previous: Study | None = None) -> None:
    """Refuse a study that points at a stored file its office did not upload (the renderer
    would otherwise print another office's photo): a reference must be a data URI, a shipped
    example image, one the stored study already held, or an image of this office. A new
    data URI must hold a PNG or JPEG image that decodes whole."""
    before = set(_image_refs(previous).values()) if previous is not None else set()
    refs = {path: ref for path, ref in _image_refs(study).items()
            if ref not in before and not ref.startswith("data:") and not is_example_image(ref)}
    known = photos.office_images(refs.values())
    bad = [Problem(path, "image_not_office") for path, ref in refs.items() if ref not in known]
    for path, value in _image_refs(study).items():
        if value.startswith("data:") and value not in before:
            limit = MAX_LOGO_BYTES if path == "office.logo" else MAX_PHOTO_BYTES
            try:  # decoded whole, as an upload is (docgen.images.check_image)
                image_bytes(value, path, None, limit)
            except ImageUnreadable as exc:
                bad.append(Problem(path, exc.code, params=dict(exc.params)))
    if bad:
        raise ApiError(422, "api_invalid", problems=bad, count=len(bad))


def _receipt_refs(study: Study | None) -> dict[str, str]:
    if study is None:
        return {}
    return {f"realisation.travellers[{i}].lines[{j}].evidence[{k}].file": e.file
            for i, entry in enumerate(study.realisation.travellers)
            for j, line in enumerate(entry.lines) for k, e in enumerate(line.evidence)}


def _check_receipts(study: Study, previous: Study | None) -> None:
    """Refuse a receipt that is neither held by the stored study nor a PDF, JPEG or PNG
    this office uploaded as evidence."""
    before = set(_receipt_refs(previous).values())
    refs = {path: key for path, key in _receipt_refs(study).items() if key not in before}
    if not refs:
        return
    known = set(db().scalars(select(UploadedFile.storage_key).where(
        UploadedFile.office_id == current_user.office_id, UploadedFile.purpose == "evidence",
        UploadedFile.content_type.in_(("application/pdf", "image/jpeg", "image/png")),
        UploadedFile.storage_key.in_(set(refs.values())))))
    bad = [Problem(path, "evidence_unknown") for path, key in refs.items() if key not in known]
    if bad:
        raise ApiError(422, "api_invalid", problems=bad, count=len(bad))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: members given replace, ``null`` removes (back to the
    default), objects merge member by member, lists are replaced whole."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


# ---------------------------------------------------------------------------
# Building answers


def _stage_state(stage: StageProgress) -> dict[str, Any]:
    return {"key": stage.key, "number": stage.number, "title_id": stage.title_id,
            "title_en": stage.title_en, "state": stage.state}


def _summary(record: StudyRecord, study: Study) -> dict[str, Any]:
    return {"id": record.id, "title": study.goals.title, "fiscal_year": study.fiscal_year,
            "created_at": _iso(record.created_at), "updated_at": _iso(record.updated_at),
            "stages": [_stage_state(stage) for stage in stage_progress(study)],
            "url": url_for("api.get_study", study_id=record.id)}


def _listed(record: StudyRecord) -> dict[str, Any]:
    """A study's summary in a list; a stored study that cannot be read or checked (data
    from an older version) is listed with its ``problem`` instead of failing the list."""
    try:
        return _summary(record, record.study)
    except Exception:  # noqa: BLE001 - one bad study must not hide the others
        log.exception("study %s of office %s cannot be read", record.id, record.office_id)
    year = record.data.get("fiscal_year") if isinstance(record.data, dict) else None
    return {"id": record.id, "title": record.title or "",
            "fiscal_year": year if type(year) is int else 0,
            "created_at": _iso(record.created_at), "updated_at": _iso(record.updated_at),
            "stages": [], "url": url_for("api.get_study", study_id=record.id),
            "problem": text("study_unreadable", "en")}


def _detail(record: StudyRecord, study: Study) -> dict[str, Any]:
    body = {**_summary(record, study), "study": study.model_dump(mode="json"),
            "problems": _problems(check_study(study))}
    return answers.StudyDetail.model_validate(body).model_dump(mode="json")



# ---------------------------------------------------------------------------
# Studies


@bp.get("/studies")
@api_view
@operation("List the office's studies", tags=("studies",),
           responses={200: ("The studies of the token user's office, last changed first.",
                            json_of("StudyList"))})
def list_studies():  # noqa: ANN201
    """Every study of the token user's office with its progress per stage."""
    records = db().scalars(
        select(StudyRecord).where(StudyRecord.office_id == current_user.office_id)
        .order_by(StudyRecord.updated_at.desc(), StudyRecord.id.desc())).all()
    body = {"studies": [_listed(record) for record in records]}
    return jsonify(answers.StudyList.model_validate(body).model_dump(mode="json"))


@bp.post("/studies")
@api_view
@operation("Create a study", tags=("studies",), write=True,
           body=Body(json_of("Study"), "A whole study. Its `office` is always the office "
                                       "profile of the token user's office, copied in (an "
                                       "`office` in the body is ignored)."),
           responses={201: ("Created; `Location` names it. `problems` lists what check_study "
                            "finds (the study is kept as a draft all the same).",
                            json_of("StudyDetail")),
                      **JSON_BODY_ERRORS,
                      422: ("The data is not a study: every problem with its path.",
                            json_of("Error"))})
def create_study():  # noqa: ANN201
    """The same as "New study" in the web, with the whole study at once."""
    _require_write()
    data = _json_body()
    office = current_office()
    profile = office.office_profile.model_dump(mode="json")
    study = _load({**data, "office": profile})  # the user's office, never the body's
    _check_images(study, load_study({"office": profile}))
    record = StudyRecord(office=office, data=study, created_by=current_user,
                         updated_by=current_user)
    db().add(record)

    def created() -> Response:
        response = jsonify(_detail(record, study))
        response.status_code = 201
        response.headers["Location"] = url_for("api.get_study", study_id=record.id)
        return response

    return _then_commit(created)


@bp.get("/studies/<int:study_id>")
@api_view
@operation("Read a study", tags=("studies",),
           responses={200: ("The study, whole.", json_of("StudyDetail"))})
def get_study(study_id: int):  # noqa: ANN201
    """The stored study as JSON (``study``), with its progress and check_study's problems."""
    record = _study(study_id)
    return jsonify(_detail(record, record.study))


@bp.put("/studies/<int:study_id>")
@api_view
@operation("Replace a study", tags=("studies",), write=True,
           body=Body(json_of("Study"), "The whole study. It keeps its office block (an "
                                       "`office` in the body is ignored; the web's office "
                                       "profile page brings it up to date)."),
           responses={200: ("Saved.", json_of("StudyDetail")),
                      **JSON_BODY_ERRORS,
                      422: ("The data is not a study: every problem with its path; nothing "
                            "was changed.", json_of("Error"))})
def put_study(study_id: int):  # noqa: ANN201
    """Replace the whole study (as read with GET, its ``study`` member)."""
    _require_write()
    record = _study(study_id)
    data = _json_body()
    study = _load({**data, "office": record.data.get("office", {})})  # never the body's
    _check_images(study, record.study)
    _check_receipts(study, record.study)
    record.save(study, current_user)
    return _then_commit(lambda: jsonify(_detail(record, study)))


@bp.patch("/studies/<int:study_id>/stages/<stage_key>")
@api_view
@operation("Change one stage", tags=("studies",), write=True,
           path_schemas={"stage_key": {"enum": list(STAGE_KEYS)}},
           body=Body({media: {"schema": {"anyOf": list(STAGE_SCHEMAS.values())}}
                      for media in ("application/json", openapi.MERGE_PATCH)},
                     "A JSON merge patch (RFC 7386) of the stage named by `stage_key`: "
                     "members given replace, `null` resets a member, lists are replaced "
                     "whole."),
           responses={200: ("Saved: the stage, its state and what it still misses.",
                            json_of("StageDetail")),
                      **JSON_BODY_ERRORS,
                      422: ("The stage would not be valid: every problem with its full "
                            "path; nothing was changed.", json_of("Error"))})
def patch_stage(study_id: int, stage_key: str):  # noqa: ANN201
    """What a stage page of the web does: change the fields of one stage of the wizard."""
    record = _study(study_id)
    if stage_key not in STAGE_KEYS:
        raise ApiError(404, "api_not_found")
    _require_write()
    patch = _json_body()
    data = dict(record.data)
    data[stage_key] = merge_patch(data.get(stage_key) or {}, patch)
    study = _load(data)
    _check_images(study, record.study)
    record.save(study, current_user)

    def saved() -> Response:
        stage = stage_progress(study)[STAGE_KEYS.index(stage_key)]
        body = {"stage": _stage_state(stage),
                "data": getattr(study, stage_key).model_dump(mode="json"),
                "problems": _problems(stage.problems)}
        return jsonify(answers.StageDetail.model_validate(body).model_dump(mode="json"))

    return _then_commit(saved)


@bp.patch("/studies/<int:study_id>/realisation")
@api_view
@operation("Change what was spent", tags=("studies",), write=True,
           body=Body({media: {"schema": ref("Realisation")}
                      for media in ("application/json", openapi.MERGE_PATCH)},
                     "A JSON merge patch (RFC 7386) of `study.realisation`: the advance and "
                     "cost lines per traveller (lists are replaced whole)."),
           responses={200: ("Saved: the study, with the caps and other checks of the "
                            "realisation among its problems.", json_of("StudyDetail")),
                      **JSON_BODY_ERRORS,
                      422: ("The realisation would not be valid: every problem with its "
                            "full path; nothing was changed.", json_of("Error"))})
def patch_realisation(study_id: int):  # noqa: ANN201
    """What the realisation page of the web does: each traveller's costs after the trip."""
    record = _study(study_id)
    _require_write()
    patch = _json_body()
    data = dict(record.data)
    data["realisation"] = merge_patch(data.get("realisation") or {}, patch)
    study = _load(data)
    _check_receipts(study, record.study)
    record.save(study, current_user)
    return _then_commit(lambda: jsonify(_detail(record, study)))


@bp.get("/studies/<int:study_id>/problems")
@api_view
@operation("What is wrong or missing", tags=("studies",),
           responses={200: ("check_study's problems and the papers dated before what they "
                            "cite, each stage's state, and per document kind the fields it "
                            "still needs.", json_of("ProblemReport"))})
def problems(study_id: int):  # noqa: ANN201
    """Everything the web shows as "still to do", in one answer."""
    record = _study(study_id)
    study = record.study
    found = check_study(study) + dating_problems(study, register_refs(db(), record))
    body = {
        "valid": not any(p.severity == "error" for p in found),
        "problems": _problems(found),
        "stages": [{**_stage_state(stage), "problems": _problems(stage.problems)}
                   for stage in stage_progress(study)],
        "missing": {k.id: _problems(catalog.missing(study, k)) for k in study_kinds(study)},
    }
    return jsonify(answers.ProblemReport.model_validate(body).model_dump(mode="json"))


