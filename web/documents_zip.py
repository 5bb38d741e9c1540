"""Every ready document of a study in one ZIP: ``GET /studies/<id>/documents.zip``.

Inside, a folder per stage named from the stage's title (``1-identifikasi-tujuan-dan-
kebutuhan/``, ``4-koordinasi-dan-persiapan/`` …) and each paper named after its kind and,
for one made per traveller, host, visit note or invitee, after whom or what it is for
(:mod:`docgen.bundle`). With ``?pdf=1`` (the checkbox on the documents page) each DOCX has
its PDF beside it, made by the same conversion as a single PDF download (LibreOffice, PDF/A,
kept in the preview cache): the conversions not made yet are queued together and a "sedang
dibuat" page counts them until all are ready, then the ZIP is sent. Every file in it, and
the ZIP, is recorded as a download.
"""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

from flask import flash, redirect, request, send_file, url_for
from flask_babel import gettext as _

from docgen import bundle, catalog, messages
from docgen.jobs import convert
from docgen.jobs.convert import Outcome
from docgen.preview import PreviewFailed, PreviewUnavailable, missing_where_made
from docgen.references import Register, register_key
from docgen.render import Rendered, RenderError, TemplateSource
from docgen.store import StudyRecord
from docgen.study import Study
from web.access import READERS, current_study, role_required
from web.db import db, store
from web.doccache import content_key, render_cache
from web.documents import (
    ZIP_KIND,
    _files,
    _render_failed,
    bp,
    cached_document,
    office_templates,
    preview_cache,
    record_download,
    study_register,
    zip_name,
)
from web.documents_convert import conversion, wait_seconds, waiting_page
from web.i18n import ui_lang
from web.kinds import study_kinds

PDF_ARG = "pdf"


def wants_pdf() -> bool:
    return request.args.get(PDF_ARG, "") in ("1", "on", "ya", "true")


@bp.get("/documents.zip")
@role_required(*READERS)
def all_documents(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    with_pdf = wants_pdf()
    back = url_for("documents.index", study_id=study_id)
    if with_pdf and missing_where_made() is not None:
        flash(messages.text("pdf_unavailable", ui_lang()), "warning")
        return redirect(back)
    register = study_register(record)
    try:
        if with_pdf:
            outcomes = pdf_conversions(study, register, record.office_id)
            failed = next((o for o in outcomes if o.failed), None)
            if failed is not None:
                flash(_("The PDFs could not be made: %(detail)s",
                        detail=failed.message(ui_lang())), "danger")
                return redirect(back)
            if any(o.pending for o in outcomes):
                return waiting_page(outcomes, title=zip_name(study, True), back=back,
                                    download=True)
        data, entries = documents_zip(study, register, record.office_id, pdf=with_pdf)
    except RenderError as exc:
        return _render_failed(study_id, exc)
    except (PreviewUnavailable, PreviewFailed) as exc:
        flash(_("The PDFs could not be made: %(detail)s", detail=str(exc)), "danger")
        return redirect(back)
    if not entries:
        flash(_("No document can be made yet: fill in what each one still needs."), "warning")
        return redirect(back)
    return send_zip(record, study, data, entries, pdf=with_pdf)


def pdf_conversions(study: Study, register: Register | None = None,
                    office_id: int | None = None) -> list[Outcome]:
    """The conversion of every document the ZIP holds, asked for at once (each queued
    when not made yet), waited for up to ``?wait=N`` seconds in all."""
    kinds = [kind for kind in study_kinds(study) if not catalog.missing(study, kind)]
    files = _files()
    templates = office_templates(office_id, kinds)
    docs = [cached_document(study, kind, item, files, register, templates.get(kind.id))
            for kind in kinds for item in catalog.items(study, kind)]
    outcomes = [conversion(doc.data, wait=0) for doc in docs]
    deadline = time.monotonic() + wait_seconds()
    for number, outcome in enumerate(outcomes):
        left = deadline - time.monotonic()
        if outcome.pending and left > 0:
            outcomes[number] = convert.wait(store(), outcome.key, left) or outcome
    return outcomes


Entry = tuple[str, Rendered, bytes]
"""A file in the ZIP: its path, the document it comes from, its bytes (the DOCX or its
PDF)."""


def documents_zip(study: Study, register: Register | None = None,
                  office_id: int | None = None, *, pdf: bool = False
                  ) -> tuple[bytes, list[Entry]]:
    """Every document that can be made now in one ZIP, with the PDFs when `pdf` (and the
    files in it), with the templates `office_id` uses, made once for the same data,
    templates, register and day (:mod:`web.doccache`)."""
    kinds = [kind for kind in study_kinds(study) if not catalog.missing(study, kind)]
    files = _files()
    templates = office_templates(office_id, kinds)
    key = content_key(study, kinds, "zip-pdf" if pdf else "zip", register_key(register),
                      base_dir=files, templates=templates)
    return render_cache().get_or_make(
        key, lambda: _make_zip(study, kinds, files, register, templates, pdf),
        lambda made: len(made[0]) + sum(len(entry[2]) for entry in made[1]))


def _make_zip(study: Study, kinds: list[catalog.Kind], files: Any,
              register: Register | None = None,
              templates: dict[str, TemplateSource] | None = None, pdf: bool = False
              ) -> tuple[bytes, list[Entry]]:
    templates = templates or {}
    names = bundle.Names()
    entries: list[Entry] = []
    for kind in kinds:
        for item in catalog.items(study, kind):
            doc = cached_document(study, kind, item, files, register, templates.get(kind.id))
            path = names.path(study, kind, item)
            entries.append((path, doc, doc.data))
            if pdf:  # converted beforehand (pdf_conversions); here only if pruned since
                made = preview_cache().make(doc.data)
                entries.append((path.removesuffix(".docx") + ".pdf", doc, made.pdf.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, _doc, data in entries:
            zf.writestr(path, data)
    return buf.getvalue(), entries


def send_zip(record: StudyRecord, study: Study, data: bytes, entries: list[Entry],
             pdf: bool = False) -> Any:
    """Record the ZIP and each file in it (by its path in the ZIP), and send it named after
    the study."""
    for path, doc, content in entries:
        record_download(record, doc.kind, doc.item, path, content)
    name = zip_name(study, pdf)
    record_download(record, ZIP_KIND, None, name, data)
    db().commit()
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                     download_name=name)

