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

This module holds the blueprint, its errors, the tokens and what every view uses to read a
request; the routes are in modules of their own, all on this blueprint:
:mod:`web.api_studies` (studies, stages, problems), :mod:`web.api_documents` (the documents),
:mod:`web.api_budget` (the budget), :mod:`web.api_archive` (issuing, the register),
:mod:`web.api_archive_files` (a record's files, the signed copy, a wrong upload marked),
:mod:`web.api_review` (the path of a letter) and :mod:`web.api_followup` (the follow-up
plan).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, InternalServerError

from docgen.messages import Problem, text
from docgen.store import ApiToken, StudyRecord
from docgen.store.models import utcnow
from web import openapi
from web import openapi_models as answers
from web.access import EDITORS, current_study
from web.db import db
from web.openapi import operation

F = TypeVar("F", bound=Callable[..., Any])

PREFIX = "/api/v1"
VERSION = "1.0.0"
bp = Blueprint("api", __name__, url_prefix=PREFIX)

LAST_USED_EVERY = timedelta(minutes=1)
"""A token's "last used" time is written at most this often."""
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
    response = jsonify(answers.Error.model_validate(body).model_dump(mode="json",
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


# ---------------------------------------------------------------------------
# Building answers


def _iso(moment: datetime | None) -> str | None:
    moment = _aware(moment)
    return moment.isoformat() if moment else None


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


# ---------------------------------------------------------------------------
# This description


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


# ---------------------------------------------------------------------------


def init_app(app: Flask) -> None:
    """Register the API: its blueprint, no CSRF for it (no cookie is used), JSON errors for
    every address under /api/v1 (also those no route matches), and the administrators'
    page of tokens (:mod:`web.tokens`)."""
    from web import (  # noqa: F401  (the api_* modules add their routes to bp)
        api_archive,
        api_archive_files,
        api_budget,
        api_documents,
        api_followup,
        api_record_pdf,
        api_review,
        api_studies,
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
