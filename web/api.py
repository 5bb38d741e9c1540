"""The JSON API (``/api/v1``) for other government systems: the same studies, stages,
problems and documents as the web pages, with a token instead of a session.

* Every request carries ``Authorization: Bearer <token>`` (made with
  ``docgen admin create-token``); the token acts as its user, with that user's office and
  role: every role reads, staff write. The session cookie is never used here, and so the
  API needs no CSRF token.
* A study of another office answers 404, exactly like one that does not exist.
* Every error is JSON: ``{"error": {"status", "code", "message_id", "message_en"}}``, and
  ``"problems"`` (each with its path) when data is refused, a document is not ready or a
  budget has errors.
* ``/api/v1/openapi.json`` describes it all (see :mod:`web.openapi`).
* The archive (issuing, the register, its files, the signed copy) is in
  :mod:`web.api_archive`, on the same blueprint.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, InternalServerError

from docgen import catalog
from docgen.archive import register_refs
from docgen.messages import Problem, text
from docgen.progress import STAGE_KEYS, StageProgress, stage_progress
from docgen.references import dating_problems
from docgen.render import (
    MAX_LOGO_BYTES,
    MAX_PHOTO_BYTES,
    ImageUnreadable,
    Rendered,
    RenderError,
    image_bytes,
    is_example_image,
    render_document,
    render_merged,
)
from docgen.store import ApiToken, StudyRecord, UploadedFile, UploadRejected, save_upload
from docgen.store.models import utcnow
from docgen.study import STAGES, Study, StudyInvalid, check_study, load_study
from web import openapi, photos
from web.access import EDITORS, current_office, current_study
from web.db import db, store
from web.documents import DOCX_MIME, item_label, record_download, render_options
from web.kinds import find_kind, study_kinds
from web.openapi import Body, file_of, json_of, operation, ref

F = TypeVar("F", bound=Callable[..., Any])

PREFIX = "/api/v1"
VERSION = "1.0.0"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
log = logging.getLogger(__name__)

LAST_USED_EVERY = timedelta(minutes=1)
"""A token's "last used" time is written at most this often."""
STAGE_SCHEMAS = {key: ref(Study.model_fields[key].annotation.__name__)  # type: ignore[union-attr]
                 for key in STAGE_KEYS}
FAN_OUT_NOUNS = {"destination": ("tujuan", "host"), "traveller": ("pelaku perjalanan",
                                                                   "traveller"),
                 "note": ("notulen", "visit note"), "invitee": ("undangan", "invitee")}
STATUS_CODES = {400: "api_bad_request", 401: "api_token_missing", 403: "api_forbidden",
                404: "api_not_found", 405: "api_method_not_allowed", 413: "api_too_large",
                415: "api_json_expected", 500: "api_server_error"}


# ---------------------------------------------------------------------------
# Errors


class ApiError(Exception):
    """An error answer: status, message code (docgen.messages) and maybe problems."""

    def __init__(self, status: int, code: str, problems: list[Problem] | None = None,
                 headers: dict[str, str] | None = None,
                 params_en: dict[str, object] | None = None,
                 extra: dict[str, Any] | None = None, **params: object):
        super().__init__(code)
        self.status, self.code, self.problems = status, code, problems
        self.headers, self.params, self.params_en = headers or {}, params, params_en
        self.extra = extra


def error_response(status: int, code: str, problems: list[Problem] | None = None,
                   headers: dict[str, str] | None = None,
                   params_en: dict[str, object] | None = None,
                   extra: dict[str, Any] | None = None, **params: object) -> Response:
    """The JSON of an error; `params_en` fills the English message where it differs;
    `extra` adds members the Error schema knows (``record``)."""
    body: dict[str, Any] = {"error": {
        "status": status, "code": code,
        "message_id": _sentence(text(code, "id", **params)),
        "message_en": _sentence(text(code, "en", **(params_en or params)))}}
    if problems is not None:
        body["problems"] = [problem.as_dict() for problem in problems]
    body.update(extra or {})
    response = jsonify(openapi.Error.model_validate(body).model_dump(mode="json",
                                                                     exclude_none=True))
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _api_error(error: ApiError) -> Response:
    return error_response(error.status, error.code, error.problems, error.headers,
                          error.params_en, error.extra, **error.params)


def _params_for(status: int) -> dict[str, object]:
    if status == 403:
        return {"role": getattr(current_user, "role", "?")}
    if status == 405:
        return {"method": request.method}
    if status == 413:
        return {"limit": f"{(current_app.config['MAX_CONTENT_LENGTH'] or 0) / 2**20:g} MB"}
    return {}


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    code = STATUS_CODES.get(status, "api_server_error" if status >= 500 else "api_bad_request")
    response = error_response(status, code, **_params_for(status))
    for name, value in error.get_headers():  # Allow on 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def _json_for_api(page_handler: Callable[[Any], Any] | None,
                  json_handler: Callable[[Any], Response]) -> Callable[[Any], Any]:
    def handler(error: Any) -> Any:
        if is_api_request() or page_handler is None:
            return json_handler(error)
        return page_handler(error)

    return handler


# ---------------------------------------------------------------------------
# Tokens


def api_view(view: F) -> F:
    """The session's sign-in does not apply to the API: each request shows its token."""
    view.public = True  # type: ignore[attr-defined]
    return view


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


@bp.before_request
def _authenticate() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    meta = getattr(view, "openapi", None)
    g._login_user = current_app.login_manager.anonymous_user()
    if meta is not None and meta.public:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "api_token_missing",
                       headers={"WWW-Authenticate": 'Bearer realm="docgen"'})
    row = db().scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token)))
    if row is None or not row.active or not row.user.active:
        raise ApiError(401, "api_token_invalid", headers={
            "WWW-Authenticate": 'Bearer realm="docgen", error="invalid_token"'})
    now = utcnow()
    if row.expired(now):
        raise ApiError(401, "api_token_expired", headers={
            "WWW-Authenticate": 'Bearer realm="docgen", error="invalid_token", '
                                'error_description="The token expired"'},
            expired=_aware(row.expires_at).strftime("%Y-%m-%d %H:%M"))
    last = _aware(row.last_used_at)
    if last is None or now - last > LAST_USED_EVERY:
        row.last_used_at = now
        db().commit()
    g._login_user = row.user


def _require_write() -> None:
    if current_user.role not in EDITORS:
        raise ApiError(403, "api_forbidden", role=current_user.role)


def _study(study_id: int) -> StudyRecord:
    return current_study(study_id)


# ---------------------------------------------------------------------------
# Reading requests


MAX_JSON_DEPTH = 32
"""A request body nested deeper than this is refused (a whole study is 5 levels deep)."""


def _nesting(value: Any) -> int:
    """How deep `value` nests objects and lists (0 for a scalar), counted without
    recursion."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return depth
            deepest = max(deepest, depth)
            todo.extend((child, depth) for child in
                        (item.values() if isinstance(item, dict) else item))
    return deepest


def _json_body() -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(415, "api_json_expected")
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw or b"null")
    except ValueError as exc:
        raise ApiError(400, "api_bad_request", problems=[
            Problem("(body)", "json_invalid", params={"detail": str(exc)})]) from None
    except RecursionError:
        data = None
        too_deep = True
    else:
        too_deep = _nesting(data) > MAX_JSON_DEPTH
    if too_deep:
        raise ApiError(400, "api_bad_request", problems=[
            Problem("(body)", "json_too_deep", params={"limit": MAX_JSON_DEPTH})])
    if not isinstance(data, dict):
        raise ApiError(400, "api_json_object")
    return data


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


def _iso(moment: datetime | None) -> str | None:
    moment = _aware(moment)
    return moment.isoformat() if moment else None


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


def _then_commit(build: Callable[[], Response]) -> Response:
    """Build the answer from what is about to be stored, then commit: when building it
    fails, nothing is stored (a study the service cannot show is never kept)."""
    try:
        db().flush()
        response = build()
    except BaseException:
        db().rollback()
        raise
    db().commit()
    return response


def _problems(problems: list[Problem]) -> list[dict[str, Any]]:
    return [problem.as_dict() for problem in problems]


def _detail(record: StudyRecord, study: Study) -> dict[str, Any]:
    body = {**_summary(record, study), "study": study.model_dump(mode="json"),
            "problems": _problems(check_study(study))}
    return openapi.StudyDetail.model_validate(body).model_dump(mode="json")


def _docx_url(record: StudyRecord, kind: catalog.Kind, item: int | None) -> str:
    if item is None:
        return url_for("api.document", study_id=record.id, kind_id=kind.id)
    return url_for("api.document_item", study_id=record.id, kind_id=kind.id, item=item)


# ---------------------------------------------------------------------------
# Studies

STUDY_ID = "Stored study id (as in the web addresses /studies/<id>)."


@bp.get("/openapi.json")
@api_view
@operation("This description (OpenAPI 3.1)", tags=("meta",), public=True,
           responses={200: ("The OpenAPI document.", {"application/json": {"schema": {
               "type": "object"}}})})
def openapi_json():  # noqa: ANN201
    """Needs no token: it holds no data, only the shape of the API."""
    return jsonify(openapi.document(
        "api", PREFIX, title="docgen API", version=VERSION,
        description="Studi banding data and their official documents, for other "
                    "government systems. Every error is JSON with `message_id` (Indonesian) "
                    "and `message_en` (English)."))


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
    return jsonify(openapi.StudyList.model_validate(body).model_dump(mode="json"))


@bp.post("/studies")
@api_view
@operation("Create a study", tags=("studies",), write=True,
           body=Body(json_of("Study"), "A whole study. Its `office` is always the office "
                                       "profile of the token user's office, copied in (an "
                                       "`office` in the body is ignored)."),
           responses={201: ("Created; `Location` names it. `problems` lists what check_study "
                            "finds (the study is kept as a draft all the same).",
                            json_of("StudyDetail")),
                      400: ("The body is not a JSON object.", json_of("Error")),
                      415: ("The body is not JSON.", json_of("Error")),
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
                      400: ("The body is not a JSON object.", json_of("Error")),
                      415: ("The body is not JSON.", json_of("Error")),
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
                      400: ("The body is not a JSON object.", json_of("Error")),
                      415: ("The body is not JSON.", json_of("Error")),
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
        return jsonify(openapi.StageDetail.model_validate(body).model_dump(mode="json"))

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
                      400: ("The body is not a JSON object.", json_of("Error")),
                      415: ("The body is not JSON.", json_of("Error")),
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
    return jsonify(openapi.ProblemReport.model_validate(body).model_dump(mode="json"))


# ---------------------------------------------------------------------------
# Documents

KIND_ID = {"anyOf": [{"enum": list(catalog.KINDS)}, {"pattern": "^kantor_[a-z0-9_]{1,43}$"}]}


@bp.get("/studies/<int:study_id>/documents")
@api_view
@operation("List the documents", tags=("documents",),
           responses={200: ("Every kind that applies to the study: ready or what it still "
                            "needs, one item per traveller, host or invitee, and where to "
                            "download each.", json_of("DocumentList"))})
def documents(study_id: int):  # noqa: ANN201
    """The documents page of the web as data."""
    record = _study(study_id)
    study = record.study
    kinds = []
    for kind in study_kinds(study):
        missing = catalog.missing(study, kind)
        targets = catalog.items(study, kind)
        fan_out = kind.fan_out != "none"
        kinds.append({
            "id": kind.id, "title_id": kind.title_id, "title_en": kind.title_en,
            "stage": kind.stage, "stage_key": STAGES[kind.stage - 1][0],
            "classification": kind.classification(study), "fan_out": kind.fan_out,
            "ready": not missing and bool(targets), "missing": _problems(missing),
            "items": [{"item": item, "label": item_label(study, kind, item),
                       "docx_url": _docx_url(record, kind, item)} for item in targets],
            "merged_url": (url_for("api.document", study_id=record.id, kind_id=kind.id,
                                   merged=1) if fan_out else None),
        })
    body = {"kinds": kinds}
    return jsonify(openapi.DocumentList.model_validate(body).model_dump(mode="json"))


def _ready(study: Study, kind_id: str) -> catalog.Kind:
    kind = find_kind(kind_id)
    if kind is None or kind not in study_kinds(study):
        raise ApiError(404, "api_not_found")
    missing = catalog.missing(study, kind)
    if missing:
        raise ApiError(409, "api_not_ready", problems=missing, document=kind.title_id,
                       count=len(missing),
                       params_en={"document": kind.title_en, "count": len(missing)})
    return kind


def _send(record: StudyRecord, make: Callable[[], Rendered]) -> Response:
    try:
        doc = make()
    except RenderError as exc:
        raise ApiError(422, "api_render_failed", detail=str(exc)) from None
    record_download(record, doc.kind, doc.item, doc.filename, doc.data)
    db().commit()
    return send_file(io.BytesIO(doc.data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=doc.filename)


DOCX_RESPONSES = {
    200: ("The DOCX (recorded as a download).", file_of(DOCX_MIME)),
    409: ("The document cannot be made yet: `problems` names each missing field.",
          json_of("Error")),
    422: ("The document could not be made from this data.", json_of("Error")),
}


@bp.get("/studies/<int:study_id>/documents/<kind_id>.docx")
@api_view
@operation("Download a document", tags=("documents",), path_schemas={"kind_id": KIND_ID},
           query=({"name": "merged", "required": False,
                   "description": "For a kind made once per traveller, host or invitee: 1 "
                                  "gives them all in one DOCX.",
                   "schema": {"type": "integer", "enum": [0, 1]}},),
           responses={**DOCX_RESPONSES,
                      400: ("A kind made per item needs its number or ?merged=1.",
                            json_of("Error"))})
def document(study_id: int, kind_id: str):  # noqa: ANN201
    """A kind made once, or (with ``?merged=1``) a fanned-out kind as one file."""
    record = _study(study_id)
    study = record.study
    kind = _ready(study, kind_id)
    if kind.fan_out == "none":
        return _send(record, lambda: render_document(study, kind,
                                                     **render_options(record, kind)))
    if request.args.get("merged") != "1":
        noun_id, noun_en = FAN_OUT_NOUNS[kind.fan_out]
        raise ApiError(400, "api_choose_item", document=kind.title_id, kind=kind.id,
                       item=noun_id,
                       params_en={"document": kind.title_en, "kind": kind.id, "item": noun_en})
    return _send(record, lambda: render_merged(study, kind, **render_options(record, kind)))


@bp.get("/studies/<int:study_id>/documents/<kind_id>/<int:item>.docx")
@api_view
@operation("Download one document of a fan-out", tags=("documents",),
           path_schemas={"kind_id": KIND_ID},
           responses=DOCX_RESPONSES)
def document_item(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    """One traveller's, host's or invitee's document (``item`` as listed; 0 for a kind made
    once)."""
    record = _study(study_id)
    study = record.study
    kind = _ready(study, kind_id)
    chosen = item if kind.fan_out != "none" else None
    if chosen not in catalog.items(study, kind) or (chosen is None and item != 0):
        raise ApiError(404, "api_not_found")
    return _send(record, lambda: render_document(study, kind, item=chosen,
                                                 **render_options(record, kind)))


# ---------------------------------------------------------------------------
# Budget


@bp.post("/studies/<int:study_id>/budget")
@api_view
@operation("Upload the budget workbook", tags=("budget",), write=True,
           body=Body({"multipart/form-data": {
               "schema": {"type": "object", "required": ["file"],
                          "properties": {"file": {"type": "string", "format": "binary"}}},
               "encoding": {"file": {"contentType": ", ".join(openapi.WORKBOOK_MIMES)}}}},
               "The RAB in the field `file`: an .xlsx, .xls (Excel 97–2003) or .ods "
               "(LibreOffice) workbook, told by its bytes, not by its name or content type."),
           query=({"name": "dry_run", "required": False,
                   "description": "1: read and check only; the study is not changed.",
                   "schema": {"type": "integer", "enum": [0, 1]}},),
           responses={200: ("Read and checked; unless dry_run, its lines are now the study's "
                            "budget (plan.budget). `problems` holds the warnings.",
                            json_of("BudgetResult")),
                      400: ("No file in the field `file`.", json_of("Error")),
                      422: ("The file is not a usable budget: every problem with its sheet "
                            "and cell; the study is unchanged.", json_of("Error"))})
def upload_budget(study_id: int):  # noqa: ANN201
    """Read a budget workbook in any reasonable layout, check it cell by cell (arithmetic,
    totals, terbilang, standard cost caps, the office's own tables layered on the national
    ones) and make its lines the study's budget."""
    from docgen import budget
    from web.admin import office_caps

    record = _study(study_id)
    _require_write()
    upload = request.files.get("file")
    data = upload.read() if upload is not None else b""
    if not data:
        raise ApiError(400, "api_budget_file")
    study = record.study
    name = (upload.filename or "anggaran.xlsx") if upload is not None else "anggaran.xlsx"
    try:
        caps = budget.default_caps(office_caps(current_office()))
        parsed = budget.read_budget(data, budget.BudgetContext.from_study(study, caps=caps),
                                    name=name)
    except budget.BudgetUnreadable as exc:
        raise ApiError(422, "api_invalid", problems=[exc.problem], count=1) from None
    if not parsed.usable:
        return _budget_refused(parsed)
    attached = request.args.get("dry_run") != "1"
    if attached:
        try:
            save_upload(db(), store().files, office=current_office(), purpose="budget",
                        original_name=name, data=data, study=record, user=current_user)
        except UploadRejected as exc:
            raise ApiError(422, "api_invalid", problems=[exc.problem], count=1) from None
        study = budget.attach_budget(study, parsed)
        record.save(study, current_user)
        db().commit()
    body = {"attached": attached, "budget": parsed.as_dict(),
            "problems": _problems(parsed.warnings),
            "study": _summary(record, study) if attached else None}
    return jsonify(openapi.BudgetResult.model_validate(body).model_dump(mode="json"))


def _budget_refused(parsed: Any) -> Response:
    response = error_response(422, "api_budget_not_usable", parsed.problems,
                              count=len(parsed.errors))
    body = response.get_json()
    body["budget"] = parsed.as_dict()
    response.set_data(json.dumps(body, ensure_ascii=False))
    return response


# ---------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Register the API: its blueprint, no CSRF for it (no cookie is used), JSON errors for
    every address under /api/v1 (also those no route matches), and the administrators'
    page of tokens (:mod:`web.tokens`)."""
    from web import (  # noqa: F401  (api_archive, api_followup, api_review add routes to bp)
        api_archive,
        api_followup,
        api_review,
        tokens,
    )

    app.register_blueprint(bp)
    app.register_blueprint(tokens.bp)
    app.extensions["csrf"].exempt(bp)
    app.register_error_handler(ApiError, _api_error)
    pages = app.error_handler_spec[None]
    app.register_error_handler(HTTPException, _json_for_api(
        pages.get(None, {}).get(HTTPException), _http_error))
    app.register_error_handler(InternalServerError, _json_for_api(
        pages.get(500, {}).get(InternalServerError),
        lambda _error: error_response(500, "api_server_error")))
