"""The OpenAPI 3.1 description of the JSON API, derived rather than written.

* The paths, methods and path parameters come from the app's URL map (every rule of the
  ``api`` blueprint), so a route cannot exist without being described.
* What each operation takes and answers is noted on its view with :func:`operation`.
* The schema of a study is :func:`docgen.study.json_schema` (pydantic's), its ``$defs``
  moved under ``components/schemas``; the answers are the pydantic models of
  :mod:`web.openapi_models`, which the views also use to build their JSON, so the
  description and the answers cannot drift apart.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import current_app, request
from pydantic.json_schema import models_json_schema

from docgen.store.models import ID_MAX
from docgen.study import json_schema as study_json_schema
from web import openapi_models
from web.openapi_models import SCHEMA_OF

F = TypeVar("F", bound=Callable[..., Any])

OPENAPI_VERSION = "3.1.0"
REF = "#/components/schemas/{model}"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_MIMES = (XLSX_MIME, "application/vnd.ms-excel",
                  "application/vnd.oasis.opendocument.spreadsheet")
"""The budget workbooks the API reads: .xlsx, .xls and .ods."""
MERGE_PATCH = "application/merge-patch+json"


# ---------------------------------------------------------------------------
# What each view says about itself


@dataclass(frozen=True)
class Body:
    content: dict[str, dict[str, Any]]
    description: str = ""
    required: bool = True


@dataclass(frozen=True)
class Operation:
    summary: str
    tags: tuple[str, ...]
    responses: dict[int, tuple[str, dict[str, Any] | None]]
    body: Body | None = None
    query: tuple[dict[str, Any], ...] = ()
    path_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    write: bool = False
    public: bool = False


def operation(summary: str, *, tags: tuple[str, ...], responses: dict[int, Any],
              body: Body | None = None, query: tuple[dict[str, Any], ...] = (),
              path_schemas: dict[str, dict[str, Any]] | None = None, write: bool = False,
              public: bool = False) -> Callable[[F], F]:
    """Note what a view takes and answers. `responses` maps a status to a description and
    its content (see :func:`json_of`); 401, 403 and 404 are added from `public`, `write` and
    the path."""

    def decorate(view: F) -> F:
        view.openapi = Operation(summary, tags, responses, body, query,  # type: ignore[attr-defined]
                                 path_schemas or {}, write, public)
        return view

    return decorate


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def json_of(name: str) -> dict[str, Any]:
    """JSON content described by the component `name`."""
    return {"application/json": {"schema": ref(name)}}


def file_of(mime: str) -> dict[str, Any]:
    return {mime: {"schema": {"type": "string", "contentMediaType": mime}}}


JSON_BODY_ERRORS = {400: ("The body is not a JSON object.", json_of("Error")),
                    415: ("The body is not JSON.", json_of("Error"))}
"""The answers of an operation that takes a JSON object, to a body of another kind."""


# ---------------------------------------------------------------------------
# The document


def _rewrite_refs(node: Any) -> Any:
    """Point pydantic's ``#/$defs/X`` (and the study placeholders) at components/schemas."""
    if isinstance(node, dict):
        if SCHEMA_OF in node:
            return ref(node[SCHEMA_OF])
        return {key: (REF.format(model=value.removeprefix("#/$defs/"))
                      if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                      else _rewrite_refs(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node


TIME_OF_DAY = {"type": "string",
               "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
                          r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$",
               "description": "A time of day, HH:MM or HH:MM:SS (answers give HH:MM:SS); the "
                              "zone is a member of its own (WIB, WITA, WIT)."}
"""A time of day as the study holds it. JSON Schema's ``format: time`` is RFC 3339's
full-time, which needs an offset ("09:30:00+07:00"); a study's times have none."""


def _times_of_day(node: Any) -> Any:
    """Every ``{"type": "string", "format": "time"}`` as :data:`TIME_OF_DAY`."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            return {**{k: v for k, v in node.items() if k != "format"}, **TIME_OF_DAY}
        return {key: _times_of_day(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_times_of_day(item) for item in node]
    return node


def schemas() -> dict[str, Any]:
    """``components/schemas``: the study (from docgen.study.json_schema) and the answers."""
    study = _times_of_day(study_json_schema())
    found = {name: _rewrite_refs(schema) for name, schema in study.pop("$defs", {}).items()}
    found["Study"] = _rewrite_refs(study)
    _, answers = models_json_schema(
        [(model, "serialization") for model in openapi_models.MODELS], ref_template=REF)
    for name, schema in answers.get("$defs", {}).items():
        if name in found:
            raise RuntimeError(f"schema name {name!r} is both a study model and an answer")
        found[name] = _rewrite_refs(schema)
    return dict(sorted(found.items()))


_PARAM = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
_CONVERTED = {"int": {"type": "integer", "minimum": 0, "maximum": ID_MAX},
              "float": {"type": "number"},
              "path": {"type": "string"}, "uuid": {"type": "string", "format": "uuid"}}


def openapi_path(rule: str, prefix: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """A Werkzeug rule as an OpenAPI path (``<int:study_id>`` → ``{study_id}``) and its path
    parameters with their schemas."""
    params: list[tuple[str, dict[str, Any]]] = []

    def replace(match: re.Match[str]) -> str:
        params.append((match["name"], dict(_CONVERTED.get(match["converter"] or "",
                                                          {"type": "string"}))))
        return "{" + match["name"] + "}"

    return _PARAM.sub(replace, rule.removeprefix(prefix)) or "/", params


def _description(view: Callable[..., Any]) -> str:
    return inspect.cleandoc(view.__doc__ or "")


def _operation(endpoint: str, view: Callable[..., Any], meta: Operation,
               params: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": endpoint.split(".", 1)[1], "summary": meta.summary,
                          "tags": list(meta.tags)}
    description = _description(view)
    if description:
        op["description"] = description
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": {**schema, **meta.path_schemas.get(name, {})}}
                  for name, schema in params]
    parameters += [dict(q, **{"in": "query"}) for q in meta.query]
    if parameters:
        op["parameters"] = parameters
    if meta.body is not None:
        body: dict[str, Any] = {"required": meta.body.required,
                                "content": meta.body.content}
        if meta.body.description:
            body["description"] = meta.body.description
        op["requestBody"] = body
    responses: dict[str, Any] = {}
    for status, (text, content) in sorted(meta.responses.items()):
        responses[str(status)] = {"description": text}
        if content:
            responses[str(status)]["content"] = content
    errors = {}
    if not meta.public:
        errors[401] = ("No token, or a token that is unknown, revoked, expired or of a "
                       "switched-off user.")
    if meta.write:
        errors[403] = "The token's user has a role that may only read (staff write)."
    names = {name for name, _ in params}
    if "record_id" in names:
        errors[404] = ("No such record in the token user's office (another office's is 404 "
                       "too).")
    elif "study_id" in names:
        errors[404] = "No such study in the token user's office (another office's is 404 too)."
    for status, text in errors.items():
        responses.setdefault(str(status), {"description": text, "content": json_of("Error")})
    responses.setdefault("default", {"description": "Any other error.",
                                     "content": json_of("Error")})
    op["responses"] = dict(sorted(responses.items()))
    if meta.public:
        op["security"] = []
    return op


def document(blueprint: str, prefix: str, *, title: str, version: str,
             description: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route of `blueprint` in the current app."""
    paths: dict[str, dict[str, Any]] = {}
    tags: list[str] = []
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if not rule.endpoint.startswith(blueprint + "."):
            continue
        view = current_app.view_functions[rule.endpoint]
        meta: Operation | None = getattr(view, "openapi", None)
        if meta is None:
            raise RuntimeError(f"the API route {rule.rule} ({rule.endpoint}) is not described")
        path, params = openapi_path(rule.rule, prefix)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule.endpoint, view, meta,
                                                                   params)
        tags += [tag for tag in meta.tags if tag not in tags]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": version, "description": description},
        "servers": [{"url": request.script_root + prefix}],
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "A token made with `docgen admin create-token --email ...` "
                               "(`--expires-in-days N` to limit it); it acts as that "
                               "user, with the user's office and role."}},
        },
        "security": [{"bearerAuth": []}],
    }
