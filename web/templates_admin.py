"""The office's Word templates (admins only): per kind, the one in use and the shipped default
to download, a new version uploaded with a note and checked (each problem with its part and
the paragraph's text; a refused file stores nothing), the new version looked at as page
images made with the office's latest study (or the example study) before it is used, used,
and its history (who, when, note, SHA-256) with any earlier version or the default taken back.

The registry is :mod:`docgen.office_templates`; an office's own kinds are added on
:mod:`web.kinds_admin`, and the names a template may use are on :mod:`web.vocabulary`.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
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

from docgen import catalog
from docgen import office_templates as ot
from docgen.example import abroad_example_study, example_study
from docgen.messages import text
from docgen.preview import missing_where_made
from docgen.render import RenderError, TemplateSource, render_document
from docgen.store import StudyRecord
from docgen.store.files import clean_name
from docgen.study import Study
from web.access import role_required
from web.db import db, store
from web.documents import DOCX_MIME
from web.documents_convert import conversion, not_ready_image
from web.forms import UNPROCESSABLE
from web.i18n import ui_lang
from web.kinds import find_kind

bp = Blueprint("templates_admin", __name__, url_prefix="/admin/templates")
log = logging.getLogger(__name__)

FILE_FIELD = "template"
NOTE_MAX = 500
WORD_NAMES = (".docx", ".dotx")
"""What may be uploaded, by name; the check reads the content (a ``.docm`` or anything with
macros is refused whatever its name)."""


def _office_id() -> int:
    return current_user.office_id


def _kind(kind_id: str) -> catalog.Kind:
    """A kind of the signed-in admin's office (an own kind switched off too); 404 else."""
    kind = find_kind(kind_id, include_inactive=True)
    if kind is None:
        abort(404)
    return kind


def _version(kind: catalog.Kind, number: int) -> Any:
    try:
        return ot.version(db(), _office_id(), kind.id, number)
    except ot.TemplateRefused:
        abort(404)


def _send(data: bytes, name: str) -> Any:
    return send_file(io.BytesIO(data), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=name)


def _note() -> str:
    return " ".join(request.form.get("note", "").split())[:NOTE_MAX]


# ---------------------------------------------------------------------------
# The kinds


@bp.get("/")
@role_required("admin")
def index():  # noqa: ANN201
    lang = ui_lang()
    listed = ot.list_kinds(db(), _office_id())
    return render_template("tpl/index.html", listed=listed, lang=lang,
                           stages=sorted({entry.kind.stage for entry in listed}))


def _kind_page(kind: catalog.Kind, *, report: Any = None, refused: str = "",
               note: str = "", status: int = 200) -> Any:
    office = _office_id()
    active = ot.active_version(db(), office, kind.id)
    return render_template(
        "tpl/kind.html", kind=kind, lang=ui_lang(), active=active,
        default=ot.default_source(kind), versions=ot.versions(db(), office, kind.id),
        history=ot.history(db(), office, kind.id), report=report, refused=refused,
        note=note, note_max=NOTE_MAX, max_mb=ot.MAX_TEMPLATE_BYTES // 2**20,
        accept=",".join(WORD_NAMES)), status


@bp.get("/<kind_id>")
@role_required("admin")
def kind_page(kind_id: str):  # noqa: ANN201
    return _kind_page(_kind(kind_id))


@bp.get("/<kind_id>/active.docx")
@role_required("admin")
def download_active(kind_id: str):  # noqa: ANN201
    kind = _kind(kind_id)
    try:
        source = ot.active_source(db(), store().files, _office_id(), kind)
    except RenderError:
        abort(404)
    return _send(source.data, ot.export_name(kind, source))


@bp.get("/<kind_id>/default.docx")
@role_required("admin")
def download_default(kind_id: str):  # noqa: ANN201
    kind = _kind(kind_id)
    source = ot.default_source(kind)
    if source is None:
        abort(404)
    return _send(source.data, ot.export_name(kind, source))


@bp.get("/<kind_id>/versions/<int:number>.docx")
@role_required("admin")
def download_version(kind_id: str, number: int):  # noqa: ANN201
    kind = _kind(kind_id)
    row = _version(kind, number)
    try:
        source = ot.version_source(store().files, row)
    except RenderError:
        abort(404)
    return _send(source.data, ot.export_name(kind, source))


# ---------------------------------------------------------------------------
# Upload: checked, kept as a version not yet in use


def read_upload() -> tuple[bytes, str, str]:
    """The uploaded template (at most one byte past the limit is read), its clean name,
    and what is wrong with it before the check ("" when nothing)."""
    upload = request.files.get(FILE_FIELD)
    if upload is None or not upload.filename:
        return b"", "", _("Choose the Word file (.docx) of the template.")
    name = clean_name(upload.filename)
    data = upload.stream.read(ot.MAX_TEMPLATE_BYTES + 1)
    if len(data) > ot.MAX_TEMPLATE_BYTES:
        return b"", name, _("%(name)s is larger than %(limit)d MB, the most a template may "
                            "be.", name=name, limit=ot.MAX_TEMPLATE_BYTES // 2**20)
    if not name.lower().endswith(WORD_NAMES):
        return b"", name, _("%(name)s is not a Word document: upload the template as .docx "
                            "(or a Word template, .dotx).", name=name)
    if not data:
        return b"", name, _("%(name)s is empty.", name=name)
    return data, name, ""


@bp.post("/<kind_id>/upload")
@role_required("admin")
def upload(kind_id: str):  # noqa: ANN201
    kind = _kind(kind_id)
    note = _note()
    data, name, wrong = read_upload()
    if wrong:
        return _kind_page(kind, refused=wrong, note=note, status=UNPROCESSABLE)
    try:
        made = ot.install(db(), store().files, data, name, kind.id, _office_id(),
                          current_user, note, activate=False)
    except ot.TemplateRefused as exc:
        db().rollback()
        return _kind_page(kind, report=exc.report, refused=exc.message(ui_lang()), note=note,
                          status=UNPROCESSABLE)
    row = made.version
    log.info("admin %s uploaded %s version %s for office %s", current_user.id, kind.id,
             row.number, row.office_id)
    if made.new:
        flash(_("The file is kept as version %(number)d, not in use yet: look at its pages, "
                "then put it in use.", number=row.number), "success")
    else:
        flash(_("This file is the same as version %(number)d, kept before.",
                number=row.number), "info")
    return redirect(url_for("templates_admin.version_page", kind_id=kind.id,
                            number=row.number))


# ---------------------------------------------------------------------------
# A version: its check, its pages, using it


@dataclass(frozen=True)
class PreviewStudy:
    """The study a preview is made with: the office's latest one the kind can be made
    from, else the example study."""

    study: Study
    title: str
    example: bool
    record_id: int | None = None


def preview_study(kind: catalog.Kind) -> PreviewStudy:
    """The office's most recently changed study from which `kind` can be made now, else
    the example study (abroad for a kind made only abroad)."""
    records = db().scalars(select(StudyRecord).where(StudyRecord.office_id == _office_id())
                           .order_by(StudyRecord.updated_at.desc(), StudyRecord.id.desc())
                           .limit(20))
    for record in records:
        try:
            study = record.study
        except Exception:  # noqa: BLE001, S112 - a stored study that cannot be read is passed
            continue
        if kind in catalog.available(study, [kind]) and not catalog.missing(study, kind) \
                and catalog.items(study, kind):
            return PreviewStudy(study, study.goals.title, False, record.id)
    study = abroad_example_study() if kind.abroad_only else example_study()
    return PreviewStudy(study, study.goals.title, True)


def render_preview(kind: catalog.Kind, source: TemplateSource) -> tuple[PreviewStudy, bytes]:
    """The first document of `kind` made with the template `source` (a draft)."""
    chosen = preview_study(kind)
    items = catalog.items(chosen.study, kind)
    doc = render_document(chosen.study, kind, item=items[0] if items else None,
                          base_dir=store().files.root, template=source)
    return chosen, doc.data


def _pages(kind: catalog.Kind, source: TemplateSource) -> dict[str, Any]:
    """What the version page shows of its pages: the images, or why there are none."""
    shown: dict[str, Any] = {"preview": None, "missing": missing_where_made(), "failed": "",
                             "study": None, "converting": None,
                             "convert_failed": ""}
    try:
        shown["study"], docx = render_preview(kind, source)
    except RenderError as exc:
        shown["failed"] = str(exc)
        return shown
    if shown["missing"] is None:
        outcome = conversion(docx)
        shown["preview"], shown["missing"] = outcome.preview, outcome.missing
        shown["converting"] = outcome if outcome.pending else None
        if outcome.failed and not outcome.missing:
            shown["convert_failed"] = outcome.message(ui_lang())
    return shown


def _source(kind: catalog.Kind, number: int | None) -> tuple[Any, TemplateSource]:
    if number is None:
        source = ot.default_source(kind)
        if source is None:
            abort(404)
        return None, source
    row = _version(kind, number)
    try:
        return row, ot.version_source(store().files, row)
    except RenderError:
        abort(404)


@bp.get("/<kind_id>/versions/<int:number>")
@role_required("admin")
def version_page(kind_id: str, number: int):  # noqa: ANN201
    return _version_page(kind_id, number)


@bp.get("/<kind_id>/default")
@role_required("admin")
def default_page(kind_id: str):  # noqa: ANN201
    return _version_page(kind_id, None)


def _version_page(kind_id: str, number: int | None) -> Any:
    kind = _kind(kind_id)
    row, source = _source(kind, number)
    report = ot.check(source.data, kind if kind.custom else kind.id,
                      row.original_name if row else kind.template)
    active = ot.active_version(db(), _office_id(), kind.id)
    in_use = (active is None and row is None) or (
        active is not None and row is not None and active.id == row.id)
    return render_template("tpl/version.html", kind=kind, row=row, source=source,
                           report=report, in_use=in_use, lang=ui_lang(), note_max=NOTE_MAX,
                           **_pages(kind, source))


@bp.get("/<kind_id>/versions/<int:number>/pages/<int:page>.png")
@role_required("admin")
def version_page_image(kind_id: str, number: int, page: int):  # noqa: ANN201
    return _page_image(kind_id, number, page)


@bp.get("/<kind_id>/default/pages/<int:page>.png")
@role_required("admin")
def default_page_image(kind_id: str, page: int):  # noqa: ANN201
    return _page_image(kind_id, None, page)


def _page_image(kind_id: str, number: int | None, page: int) -> Any:
    kind = _kind(kind_id)
    _row, source = _source(kind, number)
    try:
        _chosen, docx = render_preview(kind, source)
    except RenderError:
        abort(404)
    if missing_where_made() is not None:
        abort(404)
    outcome = conversion(docx)
    if outcome.pending:
        return not_ready_image()
    try:
        path = outcome.preview.page(page) if outcome.preview else None
    except IndexError:
        path = None
    if path is None:
        abort(404)
    response = make_response(send_file(path, mimetype="image/png", max_age=0))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<kind_id>/versions/<int:number>/activate")
@role_required("admin")
def activate(kind_id: str, number: int):  # noqa: ANN201
    kind = _kind(kind_id)
    row = _version(kind, number)
    ot.activate(db(), _office_id(), kind.id, row.number, current_user, _note())
    log.info("admin %s put %s %s in use for office %s", current_user.id, kind.id, row.label,
             row.office_id)
    flash(_("%(kind)s: version %(number)d is in use from now on; new documents are made "
            "with it.", number=row.number, kind=kind.title(ui_lang())), "success")
    return redirect(url_for("templates_admin.kind_page", kind_id=kind.id))


@bp.post("/<kind_id>/revert")
@role_required("admin")
def revert(kind_id: str):  # noqa: ANN201
    """Take an earlier version (``to``: its number) or the default (``to=default``) back
    into use."""
    kind = _kind(kind_id)
    to = request.form.get("to", "default")
    number = None
    if to != "default":
        if not to.isdigit() or not 0 < int(to) < 2**31:
            abort(400)
        number = _version(kind, int(to)).number
    try:
        row = ot.revert(db(), _office_id(), kind.id, number, current_user, _note())
    except ot.TemplateRefused as exc:
        flash(exc.message(ui_lang()), "danger")
        return redirect(url_for("templates_admin.kind_page", kind_id=kind.id))
    lang = ui_lang()
    if row is None:
        flash(text("template_reverted_default", lang, kind=kind.title(lang)), "success")
    else:
        flash(text("template_reverted_version", lang, kind=kind.title(lang),
                   version=row.label), "success")
    return redirect(url_for("templates_admin.kind_page", kind_id=kind.id))
