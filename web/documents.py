"""A study's documents, grouped by the seven stages: what each still needs (every missing
field a link to its place on the stage page), one DOCX per traveller, host or invitee, a merged
fan-out, a PDF, page images to look at before downloading, and the whole set as a ZIP.
Every file served is recorded (who, when, which, and the SHA-256 of its bytes)."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BuildError

from docgen import bundle, catalog, idformat
from docgen.archive import register_refs
from docgen.archive import today as office_today
from docgen.context import build_context
from docgen.fields import field_label
from docgen.jobs.convert import cache_for
from docgen.messages import Problem
from docgen.office_templates import active_sources
from docgen.preview import PreviewCache, missing_where_made
from docgen.references import Register, dating_problems, register_key
from docgen.render import (
    Rendered,
    RenderError,
    TemplateSource,
    image_problems,
    render_document,
    render_merged,
)
from docgen.store import ArchiveRecord, DocumentDownload, StudyRecord
from docgen.study import STAGES, Study
from web.access import ISSUERS, READERS, current_study, has_role, role_required
from web.db import db, store
from web.doccache import content_key, render_cache
from web.documents_convert import conversion, not_ready_image, waiting_page
from web.forms import field_id
from web.i18n import ui_lang
from web.kinds import find_kind, study_kinds

bp = Blueprint("documents", __name__, url_prefix="/studies/<int:study_id>")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
ZIP_KIND = "zip"
STAGE_KEYS = tuple(key for key, _id, _en in STAGES)

ITEM_NOUNS = {
    "destination": ("Tujuan", "Host"),
    "traveller": ("Pelaku perjalanan", "Traveller"),
    "note": ("Notulen", "Visit note"),
    "invitee": ("Undangan", "Invitation"),
}
"""What one document of a fan-out is about, for a label when the data names nothing."""


def zip_name(study: Study, pdf: bool = False) -> str:
    """The ZIP's name: the study's title as a slug, cut at a word boundary (its id when it
    has no title); ``-dengan-pdf`` when it holds the PDFs too."""
    name = bundle.slug(study.goals.title, 60) or study.id
    return f"{name}{'-dengan-pdf' if pdf else ''}.zip"


# ---------------------------------------------------------------------------
# What the page (and the API) show about each kind


def item_label(study: Study, kind: catalog.Kind, item: int | None, lang: str = "id") -> str:
    """Whom or what one document of a fan-out is for: the traveller's name with titles, the
    host institution, the invitee, the visit note's date and place; "" for a single one."""
    if kind.fan_out == "none" or item is None:
        return ""
    text = ""
    if kind.fan_out == "destination":
        host = study.destination.destinations[item]
        text = host.institution or host.city
    elif kind.fan_out == "traveller":
        text = study.plan.members_ordered[item].full_name
    elif kind.fan_out == "note":
        note = study.execution.notes[item]
        text = " · ".join(p for p in (idformat.tanggal(note.date) if note.date else "",
                                      note.place) if p)
    elif kind.fan_out == "invitee":
        if study.office.invitation_mode == "distribution_list":
            event = study.reporting.dissemination[item]
            text = event.title or (idformat.tanggal(event.date) if event.date else "")
        else:
            text = catalog.invitation_pairs(study)[item][1]
    if text:
        return text
    noun_id, noun_en = ITEM_NOUNS[kind.fan_out]
    return f"{noun_id if lang == 'id' else noun_en} {item + 1}"


def stage_key_of(path: str) -> str | None:
    """The stage a study path belongs to (``plan.team[0].nip`` → ``plan``), or None."""
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    return head if head in STAGE_KEYS else None


def stage_field_url(study_id: int, path: str) -> str:
    """Where a field is filled in: the stage page, at the field (``#f-plan-team-0-nip``)."""
    key = stage_key_of(path)
    try:
        return url_for("stages.stage", study_id=study_id, stage_key=key, _anchor=field_id(path))
    except BuildError:  # the stage pages are not registered in this app
        return f"{request.script_root}/studies/{study_id}/stages/{key}#{field_id(path)}"


def office_field_url(path: str) -> str | None:
    """Office fields are the administrator's: a link for them, none for other roles."""
    if not has_role("admin"):
        return None
    return url_for("admin.office", _anchor=field_id(path))


@dataclass(frozen=True)
class MissingField:
    path: str
    label: str
    stage: int | None
    url: str | None
    message: str | None
    """Shown only when it says more than "needed for this document"."""


@dataclass(frozen=True)
class DocItem:
    item: int
    """As in the URLs: the fan-out index, 0 for a kind made once."""
    label: str


@dataclass
class DocEntry:
    kind: catalog.Kind
    missing: list[MissingField]
    items: list[DocItem]

    @property
    def ready(self) -> bool:
        return not self.missing and bool(self.items)

    @property
    def merged(self) -> bool:
        return self.kind.fan_out != "none" and len(self.items) > 1


@dataclass
class StageGroup:
    number: int
    key: str
    title_id: str
    title_en: str
    entries: list[DocEntry] = field(default_factory=list)

    def title(self, lang: str = "id") -> str:
        return self.title_id if lang == "id" else self.title_en


def missing_fields(study_id: int, problems: list[Problem], lang: str) -> list[MissingField]:
    out = []
    for problem in problems:
        key = stage_key_of(problem.path)
        if key is not None:
            url: str | None = stage_field_url(study_id, problem.path)
            stage: int | None = STAGE_KEYS.index(key) + 1
        else:
            url = office_field_url(problem.path) if problem.path.startswith("office.") else None
            stage = None
        message = None if problem.code == "needed_for" else problem.message(lang)
        out.append(MissingField(problem.path, field_label(problem.path, lang, start=1), stage,
                                url, message))
    return out


def document_groups(study_id: int, study: Study, lang: str) -> list[StageGroup]:
    """The seven stages, each with the kinds it makes, ready or with what is missing."""
    groups = [StageGroup(number, key, title_id, title_en)
              for number, (key, title_id, title_en) in enumerate(STAGES, start=1)]
    for kind in study_kinds(study):
        items = [DocItem(item or 0, item_label(study, kind, item, lang))
                 for item in catalog.items(study, kind)]
        missing = missing_fields(study_id, catalog.missing(study, kind), lang)
        groups[kind.stage - 1].entries.append(DocEntry(kind, missing, items))
    return groups


# ---------------------------------------------------------------------------
# Serving documents


def _files():  # noqa: ANN202
    """Where images named by a storage key (an uploaded logo or photo) are found."""
    return store().files.root


def preview_cache() -> PreviewCache:
    """Page images on disk in the shared DOCGEN_HOME (``previews/``): what one instance or
    worker converted, every instance serves."""
    return cache_for(store())


def record_download(record: StudyRecord, kind: str, item: int | None, filename: str,
                    data: bytes) -> None:
    """Note one file served (the caller commits)."""
    db().add(DocumentDownload(study=record, kind=kind, item=item, filename=filename,
                              user=current_user, sha256=hashlib.sha256(data).hexdigest()))


def send_document(record: StudyRecord, doc: Rendered) -> Any:
    """Record a DOCX and send it as a download."""
    record_download(record, doc.kind, doc.item, doc.filename, doc.data)
    db().commit()
    return send_file(io.BytesIO(doc.data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=doc.filename)


def ready_kind(study: Study, kind_id: str) -> catalog.Kind:
    """The kind if it applies to the study and can be made now; 404 otherwise."""
    kind = find_kind(kind_id)
    if kind is None or kind not in study_kinds(study) or catalog.missing(study, kind):
        abort(404)
    return kind


def chosen_item(study: Study, kind: catalog.Kind, item: int) -> int | None:
    """The fan-out index of URL item `item` (None for a kind made once); 404 if unknown."""
    chosen = item if kind.fan_out != "none" else None
    if chosen not in catalog.items(study, kind) or (chosen is None and item != 0):
        abort(404)
    return chosen


def study_register(record: StudyRecord) -> Register:
    """The study's issued papers, whose numbers and dates its documents cite."""
    return register_refs(db(), record)


def office_templates(office_id: int | None, kinds: list[catalog.Kind]
                     ) -> dict[str, TemplateSource]:
    """The templates the office uses for `kinds` now, by kind id (its own version or the
    shipped default); empty without an office."""
    if office_id is None:
        return {}
    return active_sources(db(), store().files, office_id, kinds)


def render_options(record: StudyRecord, kind: catalog.Kind) -> dict[str, Any]:
    """What rendering `kind` of a stored study takes besides the study: the folder of its
    images, its issued papers and the template its office uses."""
    return {"base_dir": _files(), "register": study_register(record),
            "template": office_templates(record.office_id, [kind])[kind.id]}


def render_item(study: Study, kind_id: str, item: int, register: Register | None = None,
                office_id: int | None = None) -> Rendered:
    """One ready document of the study (404 for a kind or item that is not there), made
    with the template `office_id` uses, once for the same data, template, register and
    day (:mod:`web.doccache`)."""
    kind = ready_kind(study, kind_id)
    template = office_templates(office_id, [kind]).get(kind.id)
    return cached_document(study, kind, chosen_item(study, kind, item), _files(), register,
                           template)


def cached_document(study: Study, kind: catalog.Kind, item: int | None, files: Any,
                    register: Register | None = None,
                    template: TemplateSource | None = None) -> Rendered:
    """One document of the study, made once for the same data, template, register and
    day."""
    key = content_key(study, [kind], "item", item, register_key(register), base_dir=files,
                      templates={kind.id: template} if template else None)
    return render_cache().get_or_make(
        key, lambda: render_document(study, kind, item=item, base_dir=files,
                                     register=register, template=template),
        lambda doc: len(doc.data))


def _render_failed(study_id: int, error: RenderError) -> Any:
    flash(_("The document could not be made: %(detail)s", detail=str(error)), "danger")
    return redirect(url_for("documents.index", study_id=study_id))


@bp.get("/documents")
@role_required(*READERS)
def index(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    lang = ui_lang()
    groups = document_groups(record.id, study, lang)
    entries = [entry for group in groups for entry in group.entries]
    can_issue = has_role(*ISSUERS)
    codes = {(entry.kind.id, it.item): default_classification(study, entry.kind, it.item)
             for entry in entries if entry.ready and can_issue for it in entry.items}
    # images that cannot be read: the documents are made without them, and say so here
    skipped = missing_fields(record.id, image_problems(study, _files()), lang)
    # papers dated before what they cite (the SPT before the DPA ...)
    dating = missing_fields(record.id, dating_problems(study, study_register(record)), lang)
    return render_template("documents/index.html", record=record, study=study, groups=groups,
                           ready_count=sum(entry.ready for entry in entries),
                           kind_count=len(entries), pdf_available=missing_where_made() is None,
                           lang=lang, issued=issued_records(record), codes=codes,
                           can_issue=can_issue, today=office_today(study.office),
                           skipped_images=skipped, dating=dating)


def default_classification(study: Study, kind: catalog.Kind, item: int) -> str:
    """The classification code the catalog gives document `item` (as in the URLs)."""
    chosen = item if kind.fan_out != "none" else None
    return build_context(study, kind, item=chosen)["doc"].classification


def issued_records(record: StudyRecord) -> dict[tuple[str, int], list[ArchiveRecord]]:
    """The study's register entries per (kind, item as in the URLs), oldest first."""
    found: dict[tuple[str, int], list[ArchiveRecord]] = {}
    for entry in db().scalars(select(ArchiveRecord).where(ArchiveRecord.study_id == record.id)
                              .order_by(ArchiveRecord.id)):
        found.setdefault((entry.kind, entry.item or 0), []).append(entry)
    return found


@bp.get("/documents/<kind_id>/<int:item>.docx")
@role_required(*READERS)
def document(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record = current_study(study_id)
    try:
        doc = render_item(record.study, kind_id, item, study_register(record),
                          record.office_id)
    except RenderError as exc:
        return _render_failed(study_id, exc)
    from web.review import review_copy

    return send_document(record, review_copy(record, doc))


@bp.get("/documents/<kind_id>/gabungan.docx")
@role_required(*READERS)
def merged(study_id: int, kind_id: str):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    kind = ready_kind(study, kind_id)
    if kind.fan_out == "none":
        abort(404)
    try:
        doc = render_merged(study, kind, **render_options(record, kind))
    except RenderError as exc:
        return _render_failed(study_id, exc)
    return send_document(record, doc)


@bp.get("/documents/<kind_id>/<int:item>.pdf")
@role_required(*READERS)
def pdf(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record = current_study(study_id)
    try:
        doc = render_item(record.study, kind_id, item, study_register(record),
                          record.office_id)
    except RenderError as exc:
        return _render_failed(study_id, exc)
    from web.review import review_copy

    doc = review_copy(record, doc)
    back = url_for("documents.preview", study_id=study_id, kind_id=kind_id, item=item)
    if missing_where_made() is not None:
        return redirect(back)
    outcome = conversion(doc.data)
    if outcome.failed:
        return redirect(back)
    filename = doc.filename.removesuffix(".docx") + ".pdf"
    if not outcome.done:
        return waiting_page([outcome], title=filename, back=back, download=True)
    data = outcome.preview.pdf.read_bytes()
    record_download(record, doc.kind, doc.item, filename, data)
    db().commit()
    return send_file(io.BytesIO(data), mimetype=PDF_MIME, as_attachment=True,
                     download_name=filename)


@bp.get("/documents/<kind_id>/<int:item>/preview")
@role_required(*READERS)
def preview(study_id: int, kind_id: str, item: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    lang = ui_lang()
    try:
        doc = render_item(study, kind_id, item, study_register(record), record.office_id)
    except RenderError as exc:
        return _render_failed(study_id, exc)
    kind = ready_kind(study, kind_id)
    made, missing, failed = None, missing_where_made(), ""
    if missing is None:
        outcome = conversion(doc.data)
        if outcome.pending:
            return waiting_page([outcome], title=f"{_('Preview')}: {kind.title(lang)}",
                                back=url_for("documents.index", study_id=study_id,
                                             _anchor=f"doc-{kind.id}"))
        made, missing = outcome.preview, outcome.missing
        failed = outcome.message(lang) if outcome.failed and not missing else ""
    return render_template("documents/preview.html", record=record, study=study, kind=kind,
                           item=item, label=item_label(study, kind, doc.item, lang),
                           preview=made, missing=missing, failed=failed,
                           version=made.key[:16] if made else "", lang=lang)


@bp.get("/documents/<kind_id>/<int:item>/preview/<int:page>.png")
@role_required(*READERS)
def preview_page(study_id: int, kind_id: str, item: int, page: int):  # noqa: ANN201
    record = current_study(study_id)
    try:
        doc = render_item(record.study, kind_id, item, study_register(record),
                          record.office_id)
    except RenderError:
        abort(404)
    if missing_where_made() is not None:
        abort(404)
    outcome = conversion(doc.data)
    if outcome.pending:
        return not_ready_image()
    made = outcome.preview
    try:
        path = made.page(page) if made is not None else None
    except IndexError:
        path = None
    if path is None:
        abort(404)
    response = make_response(send_file(path, mimetype="image/png", max_age=0))
    if request.args.get("v") == made.key[:16]:
        response.headers["Cache-Control"] = "private, max-age=86400, immutable"
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


# The ZIP of every ready document lives in web.documents_zip, on this blueprint.
from web import documents_zip  # noqa: E402, F401, I001
