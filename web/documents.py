"""A study's documents: what each still needs, one DOCX, a merged fan-out, the whole set
as a ZIP. Every file served is recorded (who, when, which, and the SHA-256 of its bytes)."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from docgen import catalog
from docgen.render import Rendered, RenderError, render_document, render_merged, render_set
from docgen.store import DocumentDownload, StudyRecord
from docgen.study import STAGES, Study
from web.access import READERS, current_study, role_required
from web.db import db, store
from web.i18n import ui_lang

bp = Blueprint("documents", __name__, url_prefix="/studies/<int:study_id>")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_KIND = "zip"


def zip_name(study: Study) -> str:
    """The ZIP's name: the study's title as a slug (its id when it has no title)."""
    text = unicodedata.normalize("NFKD", study.goals.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return f"{slug or study.id}.zip"


def _files():  # noqa: ANN202
    """Where images named by a storage key (an uploaded logo or photo) are found."""
    return store().files.root


def _record(record: StudyRecord, kind: str, item: int | None, filename: str,
            data: bytes) -> None:
    db().add(DocumentDownload(study=record, kind=kind, item=item, filename=filename,
                              user=current_user, sha256=hashlib.sha256(data).hexdigest()))


def _send(record: StudyRecord, doc: Rendered) -> Any:
    _record(record, doc.kind, doc.item, doc.filename, doc.data)
    db().commit()
    return send_file(io.BytesIO(doc.data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=doc.filename)


def _ready_kind(study: Study, kind_id: str) -> catalog.Kind:
    kind = catalog.KINDS.get(kind_id)
    if kind is None or kind not in catalog.available(study) or catalog.missing(study, kind):
        abort(404)
    return kind


def _render_failed(study_id: int, error: RenderError) -> Any:
    flash(_("The document could not be made: %(detail)s", detail=str(error)), "danger")
    return redirect(url_for("documents.index", study_id=study_id))


@bp.get("/documents")
@role_required(*READERS)
def index(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    documents = [{"kind": kind, "missing": catalog.missing(study, kind),
                  "targets": catalog.items(study, kind)}
                 for kind in catalog.available(study)]
    return render_template("documents/index.html", record=record, study=study,
                           documents=documents, stages=STAGES, lang=ui_lang())


@bp.get("/documents/<kind_id>/<int:item>.docx")
@role_required(*READERS)
def document(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    kind = _ready_kind(study, kind_id)
    chosen = item if kind.fan_out != "none" else None
    if chosen not in catalog.items(study, kind) or (chosen is None and item != 0):
        abort(404)
    try:
        doc = render_document(study, kind, item=chosen, base_dir=_files())
    except RenderError as exc:
        return _render_failed(study_id, exc)
    return _send(record, doc)


@bp.get("/documents/<kind_id>/gabungan.docx")
@role_required(*READERS)
def merged(study_id: int, kind_id: str):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    kind = _ready_kind(study, kind_id)
    if kind.fan_out == "none":
        abort(404)
    try:
        doc = render_merged(study, kind, base_dir=_files())
    except RenderError as exc:
        return _render_failed(study_id, exc)
    return _send(record, doc)


@bp.get("/documents.zip")
@role_required(*READERS)
def all_documents(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    docs: list[Rendered] = []
    try:
        for kind in catalog.available(study):
            if not catalog.missing(study, kind):
                docs.extend(render_set(study, kind, base_dir=_files()))
    except RenderError as exc:
        return _render_failed(study_id, exc)
    if not docs:
        flash(_("No document can be made yet: fill in what each one still needs."), "warning")
        return redirect(url_for("documents.index", study_id=study_id))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for doc in docs:
            zf.writestr(doc.filename, doc.data)
            _record(record, doc.kind, doc.item, doc.filename, doc.data)
    data = buf.getvalue()
    name = zip_name(study)
    _record(record, ZIP_KIND, None, name, data)
    db().commit()
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=name)
