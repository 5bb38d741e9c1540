"""The web front end (Flask). Imports docgen; docgen never imports web.

``create_app`` is the application factory. For now the service shows one study (the demo study
with ``--demo``, or a study file named by ``DOCGEN_STUDY``), what each document still needs,
and lets the user download each DOCX or the whole set as a ZIP.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

from flask import Flask, abort, render_template, send_file

from docgen import catalog
from docgen.example import example_study
from docgen.render import render_document
from docgen.study import STAGES, Study, read_study

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def create_app(config: dict[str, Any] | None = None, *, demo: bool = False) -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024 * 1024)
    if config:
        app.config.update(config)
    study_file = app.config.get("STUDY_FILE") or os.environ.get("DOCGEN_STUDY")
    if study_file:
        app.config["STUDY"] = read_study(Path(study_file))
    elif demo or app.config.get("DEMO"):
        app.config["STUDY"] = example_study()

    def current() -> Study:
        study = app.config.get("STUDY")
        if study is None:
            abort(404)
        return study

    @app.get("/")
    def index() -> str:
        study = app.config.get("STUDY")
        documents = []
        if study is not None:
            for kind in catalog.KINDS.values():
                documents.append({
                    "kind": kind,
                    "missing": catalog.missing(study, kind),
                    "targets": catalog.items(study, kind),
                })
        return render_template("index.html", study=study, documents=documents, stages=STAGES)

    @app.get("/documents/<kind_id>/<int:item>.docx")
    def document(kind_id: str, item: int) -> Any:
        study = current()
        kind = catalog.KINDS.get(kind_id)
        if kind is None or catalog.missing(study, kind):
            abort(404)
        allowed = catalog.items(study, kind)
        chosen = item if kind.fan_out != "none" else None
        if chosen not in allowed:
            abort(404)
        doc = render_document(study, kind, item=chosen)
        return send_file(io.BytesIO(doc.data), mimetype=DOCX_MIME, as_attachment=True,
                         download_name=doc.filename)

    @app.get("/documents.zip")
    def all_documents() -> Any:
        study = current()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for kind in catalog.KINDS.values():
                if catalog.missing(study, kind):
                    continue
                for item in catalog.items(study, kind):
                    doc = render_document(study, kind, item=item)
                    zf.writestr(doc.filename, doc.data)
        buf.seek(0)
        return send_file(buf, mimetype="application/zip", as_attachment=True,
                         download_name=f"{study.id}.zip")

    return app
