"""Evidence files of a study on its stage pages: the signed attendance list of a
dissemination event and the files of the materials shared there
(:data:`docgen.forms.FILE_PATHS`).

As with photos (:mod:`web.photos`), such a field posts a hidden input holding the current
storage key and a file input of the same name; a file chosen there is checked by its content
(PDF, JPEG, PNG or XLSX, :func:`docgen.store.check_upload`, purpose ``evidence``) and kept
once the whole stage is accepted. A value that is neither the one stored nor an evidence
file uploaded by this office is refused. ``GET /studies/<id>/berkas/<key>`` serves a file
the study refers to, to users of its office.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Blueprint, Response, abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict

from docgen.forms import FieldSpec, flatten, form_values, is_file_field, walk
from docgen.store import UploadedFile, UploadRejected, check_upload
from docgen.store.files import LIMITS, is_storage_key
from web.access import current_study
from web.db import db, store
from web.forms import FormErrors
from web.photos import Chosen

bp = Blueprint("evidence", __name__, url_prefix="/studies/<int:study_id>/berkas")

PURPOSE = "evidence"
LIMIT = LIMITS[PURPOSE]
LIMIT_TEXT = f"{LIMIT // 2**20} MB"


def has_files(specs: Iterable[FieldSpec]) -> bool:
    return any(spec.kind == "file" for spec in walk(specs))


def chosen_files(specs: Iterable[FieldSpec], files: MultiDict[str, FileStorage],
                 removed: str, errors: FormErrors, lang: str) -> list[Chosen]:
    """The files chosen in the evidence fields of a posted stage, checked by content."""
    specs = tuple(specs)
    chosen = []
    for name, upload in files.items(multi=True):
        if not upload or not upload.filename or not is_file_field(specs, name):
            continue
        if removed and name.startswith((removed + ".", removed + "[")):
            continue
        data = upload.read(LIMIT + 1)
        try:
            check_upload(PURPOSE, data, name)
        except UploadRejected as exc:
            errors.add(name, exc.problem.message(lang))
            continue
        chosen.append(Chosen(name, upload.filename, data))
    return chosen


def office_files(keys: Iterable[str]) -> set[str]:
    wanted = {key for key in keys if is_storage_key(key)}
    if not wanted:
        return set()
    return set(db().scalars(select(UploadedFile.storage_key).where(
        UploadedFile.office_id == current_user.office_id, UploadedFile.purpose == PURPOSE,
        UploadedFile.storage_key.in_(wanted))))


def check_references(specs: Iterable[FieldSpec], flat: Mapping[str, str],
                     stored: set[str], errors: FormErrors) -> None:
    specs = tuple(specs)
    posted = {name: value.strip() for name, value in flat.items()
              if is_file_field(specs, name) and value.strip()}
    known = office_files({v for v in posted.values() if v not in stored})
    for name, value in posted.items():
        if value not in stored and value not in known:
            errors.add(name, _("This is not a file uploaded by this office; choose the file "
                               "again."))


def stored_files(specs: Iterable[FieldSpec], stage: object, prefix: str) -> set[str]:
    specs = tuple(specs)
    current = flatten(specs, form_values(specs, stage), prefix)
    return {value for name, value in current.items() if value and is_file_field(specs, name)}


def study_files(study: object) -> set[str]:
    """Every evidence key the study refers to (dissemination files, update evidence and the
    travellers' receipts)."""
    keys = set()
    for event in study.reporting.dissemination:  # type: ignore[attr-defined]
        keys.add(event.attendance_file)
        keys.update(material.file for material in event.materials)
    for item in study.evaluation.follow_up:  # type: ignore[attr-defined]
        keys.update(e.file for update in item.updates for e in update.evidence)
    for entry in study.realisation.travellers:  # type: ignore[attr-defined]
        keys.update(e.file for line in entry.lines for e in line.evidence)
    return {key for key in keys if key}


@bp.get("/<path:key>")
def download(study_id: int, key: str):  # noqa: ANN201
    record = current_study(study_id)
    if not is_storage_key(key) or key not in study_files(record.study):
        abort(404)
    upload = db().scalar(select(UploadedFile).where(
        UploadedFile.office_id == current_user.office_id, UploadedFile.storage_key == key,
        UploadedFile.purpose == PURPOSE).limit(1))
    if upload is None:
        abort(404)
    try:
        data = store().files.read(key)
    except OSError:
        abort(404)
    response = Response(data, mimetype=upload.content_type)
    response.headers["Content-Disposition"] = "attachment"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def file_url(study_id: int):  # noqa: ANN201
    from flask import url_for

    return lambda key: url_for("evidence.download", study_id=study_id, key=key) \
        if is_storage_key(key) else None
