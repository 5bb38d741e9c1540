"""The files of a register entry in the JSON API (``/api/v1``, the blueprint of
:mod:`web.api`), as on its record page (:mod:`web.archive_record`, :mod:`web.archive_signed`):

* ``GET /records/<id>/docx``, ``.../template`` and ``.../files/<file>`` download them,
  hash-checked first (a damaged or missing file is 409, never its bytes) and logged as
  ``downloaded`` with the token's user;
* ``POST /records/<id>/signed-copy`` files the signed copy
  (:func:`docgen.archive.file_signed_copy`); a refused one is 422 and nothing is stored;
* ``POST /records/<id>/files/<file>/withdraw`` marks a signed copy as a wrong upload
  (*salah unggah*) with the reason (:func:`docgen.archive.withdraw_signed_copy`): it stays
  in the record's ``files``, ``withdrawn`` saying who marked it, when and why, and the
  record waits for a signed copy again.

Who: the roles that file a signed copy (:data:`web.archive.FILERS`), and only where they may
open the record's files (:func:`web.archive.may_open_files`; 403 otherwise).
"""

from __future__ import annotations

import io
from typing import Any

from flask import jsonify, request, send_file
from flask_login import current_user

from docgen import archive
from docgen.archive_signed import REASON_MAX
from docgen.messages import Problem
from docgen.office_templates import export_name
from docgen.store import ArchiveRecord
from docgen.store.files import clean_name
from web import openapi_models as answers
from web.access import READERS
from web.api import ApiError, _json_body, api_view, bp
from web.api_archive import (
    SIGNED_COPY_FIELD,
    _created,
    _file_json,
    _numbers,
    _record,
    _ref,
    _require,
    _require_files,
)
from web.archive import FILERS, storage
from web.archive_template import template_of, template_source
from web.db import db
from web.documents import DOCX_MIME
from web.kinds import office_kinds
from web.openapi import JSON_BODY_ERRORS, Body, file_of, json_of, operation

# ---------------------------------------------------------------------------
# Files


def _unusable(entry: ArchiveRecord, filename: str, missing: bool) -> ApiError:
    """The 409 for a stored file that is damaged or gone (nothing is served)."""
    ref = _ref(entry)
    number_id, number_en = _numbers(entry)
    db().rollback()
    code = "api_file_missing" if missing else "api_file_damaged"
    return ApiError(409, code, record=ref["id"], number=number_id, file=filename,
                    extra={"record": ref},
                    params_en={"record": ref["id"], "number": number_en, "file": filename})


FILE_RESPONSES = {
    403: ("A terbatas or rahasia record the caller may not open.", json_of("Error")),
    409: ("The stored file no longer matches its SHA-256, or is missing: it is not served; "
          "`record` names the record.", json_of("Error")),
}


@bp.get("/records/<int:record_id>/docx")
@api_view
@operation("Download the issued DOCX", tags=("archive",),
           responses={200: ("The DOCX as issued (checked against its SHA-256 first; logged "
                            "as downloaded).", file_of(DOCX_MIME)), **FILE_RESPONSES})
def record_docx(record_id: int):  # noqa: ANN201
    """The final DOCX of the record, with its number and verification QR code."""
    _require(READERS)
    entry = _record(record_id)
    _require_files(entry)
    return _send_checked(entry, entry.filename, DOCX_MIME,
                         lambda: archive.read_file(db(), entry, storage(), current_user))


def _send_checked(entry: ArchiveRecord, name: str, mime: str, read: Any) -> Any:
    """Send what `read()` returns (a hash-checked read that logs the download); a damaged or
    missing file answers 409 naming the record, never its bytes."""
    try:
        data = read()
    except archive.FixityError:
        raise _unusable(entry, name, missing=False) from None
    except FileNotFoundError:
        raise _unusable(entry, name, missing=True) from None
    return send_file(io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=name)


@bp.get("/records/<int:record_id>/template")
@api_view
@operation("Download the template version it was made with", tags=("archive",),
           responses={200: ("The Word template (the office's version with the record's "
                            "template SHA-256, or the shipped one).", file_of(DOCX_MIME)),
                      404: ("No such record in the office, or the template is a shipped "
                            "default of an earlier release, whose file is not kept.",
                            json_of("Error"))})
def record_template(record_id: int):  # noqa: ANN201
    """The template that made the record, as it was."""
    _require(READERS)
    entry = _record(record_id)
    found = template_of(entry)
    source = template_source(entry, found)
    if source is None:
        raise ApiError(404, "api_not_found")
    return send_file(io.BytesIO(source.data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=export_name(office_kinds(include_inactive=True)[entry.kind],
                                               source))


@bp.get("/records/<int:record_id>/files/<int:file_id>")
@api_view
@operation("Download a further file", tags=("archive",),
           responses={200: ("The PDF/A or signed copy (checked against its SHA-256 first; "
                            "logged as downloaded).",
                            {mime: {"schema": {"type": "string", "contentMediaType": mime}}
                             for mime in ("application/pdf", "image/jpeg", "image/png")}),
                      **FILE_RESPONSES})
def record_file(record_id: int, file_id: int):  # noqa: ANN201
    """A file kept with the record (listed in its `files`)."""
    _require(READERS)
    entry = _record(record_id)
    kept = next((f for f in entry.files if f.id == file_id), None)
    if kept is None:
        raise ApiError(404, "api_not_found")
    _require_files(entry)
    return _send_checked(entry, kept.filename, kept.mime,
                         lambda: archive.read_archive_file(db(), kept, storage(), current_user))


@bp.post("/records/<int:record_id>/signed-copy")
@api_view
@operation("File the signed copy", tags=("archive",),
           body=Body({"multipart/form-data": {"schema": {
               "type": "object", "required": [SIGNED_COPY_FIELD],
               "properties": {SIGNED_COPY_FIELD: {"type": "string",
                                                  "contentMediaType": "application/pdf"},
                              "note": {"type": "string", "maxLength": 1000}}}}},
               "The signed PDF from the e-signature application, or a scan (PDF, JPEG or "
               "PNG, at most 20 MB) in the field `file`; `note` is kept with it."),
           responses={201: ("Filed as a further file of the record (`Location` names it).",
                            json_of("ArchiveFile")),
                      400: ("No file in the field `file`.", json_of("Error")),
                      403: ("A terbatas or rahasia record the caller may not open.",
                            json_of("Error")),
                      422: ("Refused, nothing stored (the refusal is logged): the code says "
                            "why (`signed_qr_other`, `signed_number_missing`, "
                            "`signed_no_identity`, `signed_type`, ...).", json_of("Error"))})
def file_signed_copy(record_id: int):  # noqa: ANN201
    """Accepted only when it is this document: a PDF's text carries its number and every
    verification QR code on it points at this record; a scan shows this record's QR code."""
    entry = _record(record_id)
    _require(FILERS)
    _require_files(entry)
    upload = request.files.get(SIGNED_COPY_FIELD)
    if upload is None:
        raise ApiError(400, "api_signed_file")
    note = request.form.get("note", "").strip()[:1000]
    try:
        kept = archive.file_signed_copy(db(), entry, upload.read(),
                                        clean_name(upload.filename or ""), current_user,
                                        storage=storage(), note=note)
    except archive.SignedCopyRefused as exc:  # logged by the core; nothing stored
        raise ApiError(422, exc.code, **exc.values) from None
    body = answers.ArchiveFile.model_validate(_file_json(kept, True)).model_dump(mode="json")
    return _created(body, body["url"])


# ---------------------------------------------------------------------------
# A wrong upload (salah unggah)

WITHDRAW_STATUS = {"withdraw_reason_missing": 422, "withdraw_already": 409,
                   "withdraw_not_signed_copy": 409}


def _withdraw_reason() -> str:
    """The reason in the JSON body (``{"reason": "..."}``); 422 naming the member when the
    body has another shape."""
    data = _json_body()
    problems = [Problem(key, "extra_forbidden") for key in data if key != "reason"]
    reason = data.get("reason")
    if reason is None:
        problems.append(Problem("reason", "missing"))
    elif not isinstance(reason, str):
        problems.append(Problem("reason", "string_type"))
    elif len(reason) > REASON_MAX:
        problems.append(Problem("reason", "string_too_long", params={"max_length": REASON_MAX}))
    if problems:
        raise ApiError(422, "api_invalid", problems=problems, count=len(problems))
    return str(reason)


@bp.post("/records/<int:record_id>/files/<int:file_id>/withdraw")
@api_view
@operation("Mark a signed copy as a wrong upload", tags=("archive",),
           body=Body(json_of("WithdrawRequest"), "Why the file was a wrong upload (salah "
                                                 "unggah); kept with the mark."),
           responses={200: ("Marked: the file, with `withdrawn` (who, when, why). It stays "
                            "in the record's `files` and can still be downloaded; the record "
                            "waits for a signed copy again.", json_of("ArchiveFile")),
                      **JSON_BODY_ERRORS,
                      403: ("A terbatas or rahasia record the caller may not open.",
                            json_of("Error")),
                      404: ("No such record in the token user's office (another office's is "
                            "404 too), or no such file in the record.", json_of("Error")),
                      409: ("Nothing changed: the file is marked already (`withdraw_already`) "
                            "or is not a signed copy (`withdraw_not_signed_copy`).",
                            json_of("Error")),
                      422: ("Nothing changed: no reason (`withdraw_reason_missing`), or a "
                            "body of another shape (`api_invalid`); `problems` names the "
                            "member.", json_of("Error"))})
def withdraw_signed_copy(record_id: int, file_id: int):  # noqa: ANN201
    """What *Salah unggah?* does on the record page: a signed copy filed by mistake (another
    letter's scan, an unsigned draft) is marked with the reason, logged
    (``signed_copy_withdrawn``) and passed over as the record's signed copy. It is never
    deleted: the register keeps every file it was given."""
    entry = _record(record_id)
    _require(FILERS)
    kept = next((f for f in entry.files if f.id == file_id), None)
    if kept is None:
        raise ApiError(404, "api_not_found")
    _require_files(entry)
    reason = _withdraw_reason()
    try:
        archive.withdraw_signed_copy(db(), entry, kept, reason, current_user)
    except archive.SignedCopyRefused as exc:
        db().rollback()
        problems = ([Problem("reason", exc.code)] if exc.code == "withdraw_reason_missing"
                    else None)
        raise ApiError(WITHDRAW_STATUS.get(exc.code, 409), exc.code, problems=problems,
                       **exc.values) from None
    body = answers.ArchiveFile.model_validate(_file_json(kept, True)).model_dump(mode="json")
    return jsonify(body)
