"""The PDF/A of a register entry in the JSON API (``/api/v1``, the blueprint of
:mod:`web.api`), made in the background (:mod:`web.archive_pdf`):

* ``GET /records/<id>/pdf`` where it stands: ``pending`` while it is made, ``made`` (in the
  record's ``files``), ``failed`` with the reason in Indonesian and English, or ``none``;
* ``POST /records/<id>/pdf`` asks for it again after a failure (or for a record issued
  without one): 202 while it is made, 200 once it is; ``?wait=N`` waits up to N seconds
  (at most :data:`docgen.jobs.convert.WAIT_LIMIT`). Issuing takes ``?wait=N`` too.
"""

from __future__ import annotations

from flask import jsonify, url_for

from docgen.jobs import convert
from docgen.preview import can_make_pdf
from web import openapi_models as answers
from web.access import ISSUERS, READERS
from web.api import ApiError, api_view, bp
from web.api_archive import _record, _require, _require_files
from web.archive_pdf import api_json, ask, wait_arg
from web.openapi import json_of, operation

WAIT = {"name": "wait", "required": False,
        "description": f"Seconds to wait for the PDF/A (0 to {convert.WAIT_LIMIT}).",
        "schema": {"type": "integer", "minimum": 0, "maximum": convert.WAIT_LIMIT}}
answers.add_models(answers.RecordPdfState)


@bp.get("/records/<int:record_id>/pdf")
@api_view
@operation("Where the PDF/A of a register entry stands", tags=("archive",),
           responses={200: ("pending, made, failed (with the reason) or none.",
                            json_of("RecordPdfState"))})
def record_pdf_state(record_id: int):  # noqa: ANN201
    """The PDF/A is made in the background after the record is issued; once made it is in
    the record's `files` (role pdf)."""
    _require(READERS)
    return jsonify(api_json(_record(record_id)))


@bp.post("/records/<int:record_id>/pdf")
@api_view
@operation("Make the PDF/A of a register entry again", tags=("archive",), query=(WAIT,),
           write=True,
           responses={200: ("Made (or failed again, with the reason) within ?wait=N.",
                            json_of("RecordPdfState")),
                      202: ("Being made (`Location` says where it stands).",
                            json_of("RecordPdfState")),
                      400: ("?wait is not a whole number from 0 to the limit.",
                            json_of("Error")),
                      403: ("A terbatas or rahasia record the caller may not open.",
                            json_of("Error")),
                      409: ("LibreOffice is not installed on this server (`pdf_unavailable`).",
                            json_of("Error"))})
def make_record_pdf(record_id: int):  # noqa: ANN201
    """What *Coba buat PDF/A lagi* does on the record page: after a failure, or for a record
    issued without a PDF/A. Nothing is made twice: a PDF/A kept or being made is answered."""
    entry = _record(record_id)
    _require(ISSUERS)
    _require_files(entry)
    seconds = wait_arg()
    if seconds is None:
        raise ApiError(400, "conversion_wait_invalid", limit=convert.WAIT_LIMIT)
    if not can_make_pdf():
        raise ApiError(409, "pdf_unavailable")
    found = ask(entry, wait=seconds)
    response = jsonify(api_json(entry))
    if found.pending:
        response.status_code = 202
        response.headers["Location"] = url_for("api.record_pdf_state", record_id=entry.id)
        response.headers["Retry-After"] = "2"
    return response
