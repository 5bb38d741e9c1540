"""Documents in the JSON API (``/api/v1``, the blueprint of :mod:`web.api`): what the
documents page of the web shows, as data, and each document downloaded as a DOCX (one made
per traveller, host or invitee alone or all in one file), logged as a download.

:func:`document_of` finds the document a path names (study, kind and item) for every route
about one document: these, issuing (:mod:`web.api_archive`) and review
(:mod:`web.api_review`).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Response, jsonify, request, send_file, url_for

from docgen import catalog
from docgen.render import Rendered, RenderError, render_document, render_merged
from docgen.store import StudyRecord
from docgen.study import STAGES, Study
from web import openapi_models as answers
from web.api import ApiError, _problems, _study, api_view, bp
from web.db import db
from web.documents import DOCX_MIME, item_label, record_download, render_options
from web.kinds import find_kind, study_kinds
from web.openapi import file_of, json_of, operation

FAN_OUT_NOUNS = {"destination": ("tujuan", "host"), "traveller": ("pelaku perjalanan",
                                                                   "traveller"),
                 "note": ("notulen", "visit note"), "invitee": ("undangan", "invitee")}
KIND_ID = {"anyOf": [{"enum": list(catalog.KINDS)}, {"pattern": "^kantor_[a-z0-9_]{1,43}$"}]}


def _docx_url(record: StudyRecord, kind: catalog.Kind, item: int | None) -> str:
    if item is None:
        return url_for("api.document", study_id=record.id, kind_id=kind.id)
    return url_for("api.document_item", study_id=record.id, kind_id=kind.id, item=item)



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
    return jsonify(answers.DocumentList.model_validate(body).model_dump(mode="json"))


# ---------------------------------------------------------------------------
# The document a path names


def kind_of(study: Study, kind_id: str) -> catalog.Kind:
    """The kind `kind_id` when it applies to `study` (the office's own kinds too); 404
    otherwise."""
    kind = find_kind(kind_id)
    if kind is None or kind not in study_kinds(study):
        raise ApiError(404, "api_not_found")
    return kind


def chosen_item(study: Study, kind: catalog.Kind, item: int) -> int | None:
    """The fan-out index `item` names (None for a kind made once, whose only item is 0);
    404 for an item the study does not have."""
    chosen = item if kind.fan_out != "none" else None
    if chosen not in catalog.items(study, kind) or (chosen is None and item != 0):
        raise ApiError(404, "api_not_found")
    return chosen


def choose_item(kind: catalog.Kind, code: str) -> ApiError:
    """The 400 `code` for a kind made per traveller, host or invitee named without its
    item."""
    noun_id, noun_en = FAN_OUT_NOUNS[kind.fan_out]
    return ApiError(400, code, document=kind.title_id, kind=kind.id, item=noun_id,
                    params_en={"document": kind.title_en, "kind": kind.id, "item": noun_en})


def document_of(study_id: int, kind_id: str,
                item: int | None) -> tuple[StudyRecord, catalog.Kind, int]:
    """The study, kind and item (0 for a kind made once) of a route about one document to
    issue or review: 404 for a study, kind or item that is not there, 400
    (``api_choose_issue_item``) for a kind made per item named without one."""
    record = _study(study_id)
    study = record.study
    kind = kind_of(study, kind_id)
    if item is None:
        if kind.fan_out != "none":
            raise choose_item(kind, "api_choose_issue_item")
        item = 0
    chosen_item(study, kind, item)
    return record, kind, item


# ---------------------------------------------------------------------------
# Downloads


def _ready(study: Study, kind_id: str) -> catalog.Kind:
    kind = kind_of(study, kind_id)
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
        raise choose_item(kind, "api_choose_item")
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
    chosen = chosen_item(study, kind, item)
    return _send(record, lambda: render_document(study, kind, item=chosen,
                                                 **render_options(record, kind)))


