"""Photos of a study: uploads from a stage page, and their thumbnails.

A stage with an image field (:data:`docgen.forms.IMAGE_PATHS`, the ``file`` of each
``execution.photos[]`` row) posts a multipart form. Every image field is drawn as a hidden
input holding the current storage key and a file input of the same name; a file chosen there
is checked by its content (PNG or JPEG, :func:`docgen.store.check_upload`) and, once the
whole stage is accepted, kept with :func:`docgen.store.save_upload` and its key put into the
field. A value that is neither the one stored nor an image uploaded by this office is
refused, so a form cannot point a study at another office's file.

``GET /studies/<id>/photos/<key>`` serves the thumbnail of an image of the signed-in user's
office (or of one of the shipped example images, ``contoh:…``): a copy at most 320 pixels on
its longest side, made with Pillow once and kept under ``DOCGEN_HOME/thumbnails``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict

from docgen.forms import FieldSpec, flatten, form_values, is_image_field, walk
from docgen.images import THUMBNAIL_PX, ImageRefused, thumbnail
from docgen.render import MAX_PHOTO_BYTES, RenderError, image_bytes, is_example_image
from docgen.store import UploadedFile, UploadRejected, check_upload, sniff
from docgen.store.files import JPEG, PNG, is_storage_key, storage_key
from web.access import current_study
from web.db import db, store
from web.forms import FormErrors

bp = Blueprint("photos", __name__, url_prefix="/studies/<int:study_id>/photos")

PURPOSE = "photo"
IMAGE_TYPES = (PNG, JPEG)
EXAMPLE_PREFIX = "contoh:"
LIMIT_TEXT = f"{MAX_PHOTO_BYTES // 2**20} MB"
THUMBNAIL_FOLDER = "thumbnails"
THUMBNAIL_TYPES = {".jpg": JPEG, ".png": PNG}


def has_images(specs: Iterable[FieldSpec]) -> bool:
    """True when a page of these fields holds an image field (and posts multipart)."""
    return any(spec.kind == "image" for spec in walk(specs))


def office_images(keys: Iterable[str]) -> set[str]:
    """Those of `keys` that name a PNG or JPEG uploaded by the signed-in user's office."""
    wanted = {key for key in keys if is_storage_key(key)}
    if not wanted:
        return set()
    return set(db().scalars(
        select(UploadedFile.storage_key).where(
            UploadedFile.office_id == current_user.office_id,
            UploadedFile.storage_key.in_(wanted),
            UploadedFile.content_type.in_(IMAGE_TYPES))))


def thumbnail_url(study_id: int) -> Callable[[str], str | None]:
    """The address of a thumbnail for an image field's value (None when it cannot be shown:
    an image written into the study as a data URI)."""

    def url(ref: str) -> str | None:
        if is_storage_key(ref) or ref.startswith(EXAMPLE_PREFIX):
            return url_for("photos.photo", study_id=study_id, ref=ref)
        return None

    return url


@dataclass(frozen=True)
class Chosen:
    """A file chosen in an image field and accepted by its content, not yet kept."""

    name: str
    filename: str
    data: bytes

    @property
    def key(self) -> str:
        return storage_key(self.data)


def chosen_files(specs: Iterable[FieldSpec], files: MultiDict[str, FileStorage],
                 removed: str, errors: FormErrors, lang: str) -> list[Chosen]:
    """The files chosen in the image fields of a posted stage; one that is empty, too large
    or not PNG/JPEG gets its message beside its field. Files of a row being removed, and
    file inputs that are not image fields of this page, are ignored."""
    specs = tuple(specs)
    chosen = []
    for name, upload in files.items(multi=True):
        if not upload or not upload.filename or not is_image_field(specs, name):
            continue
        if removed and name.startswith((removed + ".", removed + "[")):
            continue
        data = upload.read(MAX_PHOTO_BYTES + 1)
        try:
            check_upload(PURPOSE, data, name)
        except UploadRejected as exc:
            errors.add(name, exc.problem.message(lang))
            continue
        chosen.append(Chosen(name, upload.filename, data))
    return chosen


def check_references(specs: Iterable[FieldSpec], flat: Mapping[str, str],
                     stored: set[str], errors: FormErrors) -> None:
    """Refuse an image field whose value is neither empty, nor one the study already holds,
    nor an image uploaded by this office."""
    specs = tuple(specs)
    posted = {name: value.strip() for name, value in flat.items()
              if is_image_field(specs, name) and value.strip()}
    unknown = {v for v in posted.values() if v not in stored}
    known = office_images(unknown)
    for name, value in posted.items():
        if value not in stored and value not in known:
            errors.add(name, _("This is not a photo uploaded by this office; choose the file "
                               "again."))


def stored_images(specs: Iterable[FieldSpec], stage: object, prefix: str) -> set[str]:
    """Every image reference the stored stage holds (the values the page started from)."""
    specs = tuple(specs)
    current = flatten(specs, form_values(specs, stage), prefix)
    return {value for name, value in current.items() if value and is_image_field(specs, name)}


@bp.get("/<path:ref>")
def photo(study_id: int, ref: str):  # noqa: ANN201
    """The thumbnail of an image of this office (by its storage key) or of a shipped example
    image: at most :data:`docgen.images.THUMBNAIL_PX` pixels on its longest side; 404 for
    an image that cannot be decoded."""
    current_study(study_id)
    if is_storage_key(ref):
        if ref not in office_images([ref]):
            abort(404)
        try:
            data = store().files.read(ref)
        except OSError:
            abort(404)
    elif is_example_image(ref):
        try:
            data = image_bytes(ref, "photo", None, MAX_PHOTO_BYTES)
        except RenderError:
            abort(404)
    else:
        abort(404)
    if sniff(data) not in IMAGE_TYPES:
        abort(404)
    try:
        small, content_type = cached_thumbnail(data)
    except ImageRefused:  # damaged in storage: nothing to show
        abort(404)
    response = Response(small, mimetype=content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def cached_thumbnail(data: bytes) -> tuple[bytes, str]:
    """The thumbnail of `data` (:func:`docgen.images.thumbnail`) and its content type, made
    once and kept under ``DOCGEN_HOME/thumbnails`` by the SHA-256 of the image's bytes."""
    digest = hashlib.sha256(data).hexdigest()
    folder = Path(current_app.config["DOCGEN_HOME"]) / THUMBNAIL_FOLDER / digest[:2]
    for suffix, content_type in THUMBNAIL_TYPES.items():
        try:
            return (folder / f"{digest}-{THUMBNAIL_PX}{suffix}").read_bytes(), content_type
        except OSError:
            continue
    small, content_type = thumbnail(data, THUMBNAIL_PX)
    if small is not data:
        suffix = next(s for s, t in THUMBNAIL_TYPES.items() if t == content_type)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".thumb-")
        except OSError:
            return small, content_type  # not kept: made again next time
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(small)
            os.replace(tmp, folder / f"{digest}-{THUMBNAIL_PX}{suffix}")
        except OSError:
            Path(tmp).unlink(missing_ok=True)
    return small, content_type
