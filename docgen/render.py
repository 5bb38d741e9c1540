"""Rendering: one study and one document kind in, DOCX bytes out.

This module alone owns the Jinja environment (sandboxed, autoescaping, strict about undefined
names), the filters, and the caches of compiled templates. A document is made by the compiled
render path (:mod:`docgen.compiled`: each template version prepared once, only the templated
parts rendered per document) and, for what that path hands back, by docxtpl, whose cache
below keeps it from re-cleaning and re-compiling the same template XML on every render.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from docx.enum.section import WD_ORIENT
from docx.image.image import Image as DocxImage
from docx.shared import Mm
from docxtpl import DocxTemplate

from docgen import compiled, idformat, render_env, render_limits, template_tags
from docgen.catalog import Kind, get_kind
from docgen.compiled import Picture, compiled_path, docxtpl_pictures
from docgen.context import PhotoCell, build_context
from docgen.images import ImageRefused, check_image
from docgen.messages import Problem, text
from docgen.qr import qr_png
from docgen.references import Register
from docgen.study import Study
from docgen.template_clean import as_document, clean_tags

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates_docx"
DEFAULT_LOGO = Path(__file__).resolve().parent / "data" / "logo-contoh.png"
PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}
MAX_LOGO_BYTES = 1024 * 1024
QR_MM = 15
"""Width of the verification QR code on an issued document, in millimetres: it fits the
signing-space row of the templates (1.6 cm high), so issuing adds no height to a page."""


class RenderError(Exception):
    """A document could not be made. Names the template, the expression and the place."""

    def __init__(self, template: str, detail: str, paragraph: str = "", line: int | None = None):
        self.template = template
        self.detail = detail
        self.paragraph = paragraph
        self.line = line
        where = f' near "{paragraph}"' if paragraph else ""
        super().__init__(f"{template}: {detail}{where}")


def _make_env() -> render_env.LimitedSandbox:
    env = render_env.LimitedSandbox(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        cache_size=0,
    )
    env.filters.update(idformat.FILTERS)
    return env


ENV = _make_env()


# ---------------------------------------------------------------------------
# Template sources, compiled once


@dataclass(frozen=True)
class TemplateSource:
    """A template's bytes and their SHA-256 (the template version).

    `path` is the shipped file it was read from (None for an office's own version, kept in
    the database and file storage: :mod:`docgen.office_templates`); `version` is that
    version's number within its office and kind (None: the shipped default)."""

    path: Path | None
    data: bytes
    sha256: str
    version: int | None = None

    @property
    def label(self) -> str:
        """``default`` for the shipped file, else ``v<number>`` of the office's version."""
        return "default" if self.version is None else f"v{self.version}"


_sources: dict[Path, tuple[float, int, TemplateSource]] = {}


def template_source(path: Path) -> TemplateSource:
    """Read a template once; read again only when the file changes."""
    stat = path.stat()
    cached = _sources.get(path)
    if cached and cached[0] == stat.st_mtime and cached[1] == stat.st_size:
        return cached[2]
    data = path.read_bytes()
    source = TemplateSource(path, data, hashlib.sha256(data).hexdigest())
    _sources[path] = (stat.st_mtime, stat.st_size, source)
    return source


class _LRU(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def remember(self, key: Any, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)
        return value


_patched: _LRU = _LRU(256)
_compiled: _LRU = _LRU(256)
_TAG_TEXT = re.compile(r"<[^>]+>")


class _Template(DocxTemplate):
    """docxtpl with cached XML clean-up and compilation, and errors that say where."""

    def patch_xml(self, src_xml: str) -> str:
        hit = _patched.get(src_xml)
        if hit is None:
            hit = _patched.remember(src_xml, clean_tags(super().patch_xml(src_xml)))
        return hit

    def render_xml_part(self, src_xml, part, context, jinja_env=None):  # noqa: ANN001
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        template = _compiled.get(src_xml)
        if template is None:
            try:
                template = _compiled.remember(src_xml, ENV.from_string(src_xml))
            except jinja2.TemplateError as exc:  # syntax, or refused by the render policy
                raise _located(exc, src_xml, getattr(exc, "lineno", None)) from None
        self.current_rendering_part = part
        try:
            dst_xml = template.render(context)
        except jinja2.TemplateError as exc:
            raise _located(exc, src_xml, _template_line(exc)) from None
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        dst_xml = (dst_xml.replace("{_{", "{{").replace("}_}", "}}")
                   .replace("{_%", "{%").replace("%_}", "%}"))
        return self.resolve_listing(dst_xml)


class _Located(Exception):
    def __init__(self, detail: str, paragraph: str, line: int | None):
        self.detail, self.paragraph, self.line = detail, paragraph, line


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _located(exc: jinja2.TemplateError, src_xml: str, line: int | None) -> _Located:
    paragraph = ""
    if line:
        lines = src_xml.splitlines()
        if 0 < line <= len(lines):
            paragraph = _TAG_TEXT.sub("", lines[line - 1]).strip()[:160]
    detail = exc.message or type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError):
        detail = f"undefined: {detail}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        detail = f"syntax error: {detail}"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        detail = f"not allowed: {detail}"
    return _Located(detail, paragraph, line)


# ---------------------------------------------------------------------------
# Images: the logo and the photos

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_PHOTO_BYTES = 5 * 1024 * 1024
_EXAMPLE_IMAGE = re.compile(r"contoh:([a-z0-9-]{1,40}\.png)")
EXAMPLE_PREFIX = "contoh:"
EXAMPLE_IMAGES = frozenset(path.name for path in DATA_DIR.glob("*.png"))
"""The shipped example images (``contoh-foto-1.png`` ..., ``logo-contoh.png``): the only
names ``contoh:NAME`` may give, exactly as written."""


def is_example_image(ref: str) -> bool:
    """True when `ref` is ``contoh:NAME`` with NAME exactly one of :data:`EXAMPLE_IMAGES`
    (no path, no other spelling)."""
    return ref.startswith(EXAMPLE_PREFIX) and ref[len(EXAMPLE_PREFIX):] in EXAMPLE_IMAGES


def _plain_relative(ref: str) -> bool:
    """True when `ref` is a relative path written plainly: no ``..`` or ``.`` part, no empty
    part, no backslash, no colon, nothing absolute."""
    if not ref or ref.startswith("/") or any(ch in ref for ch in "\\:\0"):
        return False
    return all(part not in ("", ".", "..") for part in ref.split("/"))


class ImageUnreadable(RenderError):
    """An image the study names that cannot be read (missing, damaged, too large, not PNG
    or JPEG): a document is made without it, and :meth:`problem` says so."""

    def __init__(self, field: str, code: str, **params: object):
        self.field = field
        self.code = code
        self.params = params
        super().__init__("image", f"{field}: {text(code, 'en', **params)}")

    def problem(self) -> Problem:
        """The warning shown beside the documents (and printed by the CLI)."""
        reason = {"reason_id": text(self.code, "id", **self.params),
                  "reason_en": text(self.code, "en", **self.params)}
        photo = _PHOTO_FIELD.fullmatch(self.field)
        if photo:
            return Problem(self.field, "photo_skipped", "warning",
                           {"number": int(photo.group(1)) + 1, **reason})
        return Problem(self.field, "logo_skipped", "warning", reason)


_PHOTO_FIELD = re.compile(r"execution\.photos\[(\d+)\]\.file")


def _too_large(field: str, limit: int) -> ImageUnreadable:
    return ImageUnreadable(field, "upload_too_large", limit=f"{limit // 2**20} MB")


def image_bytes(ref: str, field: str, base_dir: Path | None, limit: int) -> bytes:
    """An image named in a study: a data URI, ``contoh:NAME.png`` (the shipped examples) or
    a PNG/JPEG file inside the study's folder, decoded whole before it is used
    (:func:`docgen.images.check_image`). A name that points outside the folder is a
    :class:`RenderError`; an image that cannot be read is an :class:`ImageUnreadable`;
    both name `field`."""
    if ref.startswith("data:"):
        try:
            _, payload = ref.split(",", 1)
            data = base64.b64decode(payload, validate=True)
        except (ValueError, binascii.Error):
            raise ImageUnreadable(field, "image_data_uri") from None
    elif ref[:len(EXAMPLE_PREFIX)].lower() == EXAMPLE_PREFIX:
        if not is_example_image(ref):  # a path or another spelling: never a file
            raise RenderError("image", f"{field}: there is no example image {ref!r}")
        data = (DATA_DIR / ref[len(EXAMPLE_PREFIX):]).read_bytes()
    else:
        if base_dir is None:
            raise RenderError("image", f"{field}: a file name needs the study's folder")
        base = base_dir.resolve()
        path = (base / ref).resolve()
        if not _plain_relative(ref) or base not in path.parents:
            raise RenderError("image", f"{field}: {ref!r} is not a file inside the study's "
                                       "folder")
        try:
            if path.stat().st_size > limit:
                raise _too_large(field, limit)
            data = path.read_bytes()
        except OSError:
            raise ImageUnreadable(field, "image_missing") from None
    if len(data) > limit:
        raise _too_large(field, limit)
    try:
        check_image(data)
    except ImageRefused as exc:
        raise ImageUnreadable(field, exc.code, **exc.params) from None
    try:
        DocxImage.from_blob(data)
    except Exception:  # noqa: BLE001 - whatever Word's image reader cannot place is left out
        raise ImageUnreadable(field, "image_unreadable") from None
    return data


def logo_bytes(logo: str | None, base_dir: Path | None = None) -> bytes:
    """The office logo, or the shipped neutral emblem when the office has none."""
    if not logo:
        return DEFAULT_LOGO.read_bytes()
    return image_bytes(logo, "office.logo", base_dir, MAX_LOGO_BYTES)


def _image_refs(study: Study) -> list[tuple[str, str, int]]:
    """(field, reference, byte limit) of every image a study names."""
    refs = [("office.logo", study.office.logo, MAX_LOGO_BYTES)] if study.office.logo else []
    refs += [(f"execution.photos[{i}].file", photo.file, MAX_PHOTO_BYTES)
             for i, photo in enumerate(study.execution.photos) if photo.file]
    return refs


def image_problems(study: Study, base_dir: Path | None = None) -> list[Problem]:
    """A warning for every image of `study` that cannot be read, and that documents are
    therefore made without (``Foto 2 tidak dapat dibaca ...``)."""
    problems = []
    for field, ref, limit in _image_refs(study):
        try:
            image_bytes(ref, field, base_dir, limit)
        except ImageUnreadable as exc:
            problems.append(exc.problem())
        except RenderError:
            continue  # a name outside the folder: the document itself is refused
    return problems


def _logo(study: Study, base_dir: Path | None, skipped: list[Problem]) -> Picture | str:
    try:
        data = logo_bytes(study.office.logo, base_dir)
    except ImageUnreadable as exc:
        skipped.append(exc.problem())
        return ""
    return Picture(data, height=Mm(22))


def _photos(study: Study, base_dir: Path | None, skipped: list[Problem]) -> list[PhotoCell]:
    cells = []
    for i, photo in enumerate(study.execution.photos):
        if not photo.file:
            continue
        try:
            data = image_bytes(photo.file, f"execution.photos[{i}].file", base_dir,
                               MAX_PHOTO_BYTES)
        except ImageUnreadable as exc:
            skipped.append(exc.problem())
            continue
        cells.append(PhotoCell(image=Picture(data, width=Mm(72)),
                               caption=photo.caption, date=photo.date))
    return cells


# ---------------------------------------------------------------------------
# Rendering


@dataclass(frozen=True)
class Rendered:
    """One made document."""

    kind: str
    item: int | None
    filename: str
    data: bytes
    template: str
    template_sha256: str
    skipped: tuple[Problem, ...] = ()
    """Images that could not be read and were left out (warnings)."""


def render(
    study: Study,
    kind: Kind | str,
    *,
    item: int | None = None,
    number: str | None = None,
    issued: date | None = None,
    template_dir: Path | None = None,
    base_dir: Path | None = None,
    register: Register | None = None,
) -> bytes:
    """Render one document of `study` to DOCX bytes."""
    return render_document(study, kind, item=item, number=number, issued=issued,
                           template_dir=template_dir, base_dir=base_dir,
                           register=register).data


def render_document(study: Study, kind: Kind | str, **options: Any) -> Rendered:
    """Render one document and say which template version made it (the options of
    :func:`prepare_document`)."""
    return prepare_document(study, kind, **options).render()


@dataclass(frozen=True)
class PreparedDocument:
    """One document ready to render: its template and its context, built once.

    :meth:`render` may be called many times, each with a few names of the context replaced
    (a batch renders one invitation per recipient from one prepared document, changing only
    ``invitee``)."""

    kind: Kind
    item: int | None
    filename: str
    source: TemplateSource
    context: dict[str, Any]
    page: tuple[int, int]
    core: dict[str, Any]
    skipped: tuple[Problem, ...]

    def render(self, **names: Any) -> Rendered:
        """The DOCX, with `names` replacing those of the prepared context."""
        kind, source = self.kind, self.source
        context = {**self.context, **names}
        try:
            with render_limits.budget():  # one budget for every part of the document
                data = (compiled.render(source, context, self.page, self.core)
                        if compiled_path() else None)
                if data is None:
                    data = _render_docxtpl(source, context, self.page, self.core)
        except _Located as exc:
            raise RenderError(kind.template, exc.detail, exc.paragraph, exc.line) from None
        except jinja2.TemplateError as exc:  # core properties and footnotes
            raise RenderError(kind.template, exc.message or type(exc).__name__) from None
        except RecursionError:
            raise RenderError(kind.template, "template tags nested too deeply") from None
        return Rendered(kind=kind.id, item=self.item, filename=self.filename, data=data,
                        template=kind.template, template_sha256=source.sha256,
                        skipped=self.skipped)


def prepare_document(
    study: Study,
    kind: Kind | str,
    *,
    item: int | None = None,
    number: str | None = None,
    issued: date | None = None,
    template_dir: Path | None = None,
    base_dir: Path | None = None,
    classification: str | None = None,
    verify_url: str = "",
    register: Register | None = None,
    period: tuple[date | None, date | None] = (None, None),
    template: TemplateSource | None = None,
) -> PreparedDocument:
    """The template and context of one document, to render once (:func:`render_document`)
    or many times.

    `template` is the template to fill (an office's own version,
    :func:`docgen.office_templates.active_source`); None: the shipped file of `kind` in
    `template_dir` (default ``templates_docx/``).

    An issued document is rendered with its `number`, its `classification` (when an
    archivist chose one) and its `verify_url`, printed as a QR code by the signature.
    `register` holds the study's issued papers, which the document cites by number and
    date (:func:`docgen.archive.register_refs`). `period` bounds a follow-up progress
    report (from, to; each None for its default: the day after the trip, the date)."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if kind.fan_out != "none" and item is None:
        item = 0
    source = template or shipped_source(kind, template_dir)
    context = build_context(study, kind, item=item, number=number, issued=issued,
                            classification=classification, verify_url=verify_url,
                            register=register, period=period)
    try:  # before docxtpl's clean-up, whose patterns a never-closed tag makes crawl
        template_tags.require_balanced(source.data, source.sha256)
    except jinja2.TemplateError as exc:
        syntax = "syntax error: " if getattr(exc, "code", "") == "template_tag_unclosed" else ""
        raise RenderError(kind.template, f"{syntax}{exc.message}",
                          getattr(exc, "paragraph", "")) from None
    skipped: list[Problem] = []
    context["logo"] = _logo(study, base_dir, skipped)
    context["qr"] = Picture(qr_png(verify_url), width=Mm(QR_MM)) if verify_url else ""
    if study.execution.photos and {"photos", "photo_rows"} & _names(source):
        photos = _photos(study, base_dir, skipped)
        context["photos"] = photos
        context["photo_rows"] = [photos[i:i + 2] for i in range(0, len(photos), 2)]
    page, core = PAPER_MM[study.office.paper], core_properties(study, kind, context)
    return PreparedDocument(kind=kind, item=item, filename=filename(study, kind, item),
                            source=source, context=context, page=page, core=core,
                            skipped=tuple(skipped))


def _render_docxtpl(source: TemplateSource, context: dict[str, Any], page: tuple[int, int],
                    core: dict[str, Any]) -> bytes:
    """docxtpl's path: the whole package opened, filled and saved by docxtpl and python-docx."""
    tpl = _Template(io.BytesIO(as_document(source.data)))
    tpl.init_docx()
    with docxtpl_pictures(tpl):
        tpl.render(context, jinja_env=ENV)
    _finish(tpl, page, core)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def shipped_source(kind: Kind, template_dir: Path | None = None) -> TemplateSource:
    """The shipped template of `kind` (in `template_dir`, default ``templates_docx/``)."""
    try:
        return template_source((template_dir or TEMPLATE_DIR) / kind.template)
    except OSError as exc:
        raise RenderError(kind.template,
                          f"template file cannot be read: {exc.strerror}") from None


def render_set(study: Study, kind: Kind | str, **options: Any) -> list[Rendered]:
    """Every document of `kind` for `study`: one per traveller, host or invitee."""
    from docgen.catalog import items

    kind = get_kind(kind) if isinstance(kind, str) else kind
    return [render_document(study, kind, item=item, **options) for item in items(study, kind)]


def render_merged(study: Study, kind: Kind | str, **options: Any) -> Rendered:
    """A fanned-out kind as one DOCX, each document on new pages with its own numbering."""
    from docgen.merge import merge

    kind = get_kind(kind) if isinstance(kind, str) else kind
    documents = render_set(study, kind, **options)
    if not documents:
        raise RenderError(kind.template, "there is nothing to render for this study")
    first = documents[0]
    skipped = tuple({(p.path, p.code): p for d in documents for p in d.skipped}.values())
    return Rendered(kind=first.kind, item=None, filename=f"{kind.filename}-gabungan.docx",
                    data=merge([d.data for d in documents]), template=first.template,
                    template_sha256=first.template_sha256, skipped=skipped)


def core_properties(study: Study, kind: Kind, context: dict[str, Any]) -> dict[str, Any]:
    """The core properties every document gets (python-docx's names), set after the
    template's own."""
    office = study.office
    stamp = datetime.combine(context["doc"].date, time(8, 0))
    return {
        "title": f"{kind.title_id}: {study.goals.title}"[:255],
        "subject": kind.hal or kind.title_id,
        "author": " ".join(p for p in (office.name, office.pemda.title()) if p)[:255],
        "identifier": context["doc"].number.replace("\u00a0", " "),
        "keywords": f"{context['doc'].classification}; studi banding; {kind.id}",
        "language": "id-ID",
        "category": kind.title_id,
        "created": stamp,
        "modified": stamp,
        "last_modified_by": office.short_name or office.name,
        "revision": 1,
    }


def _finish(tpl: DocxTemplate, page: tuple[int, int], core: dict[str, Any]) -> None:
    """Paper size and core properties, set on the Word objects rather than through Jinja."""
    width, height = page
    for section in tpl.docx.sections:
        if section.orientation == WD_ORIENT.LANDSCAPE:
            section.page_width, section.page_height = Mm(height), Mm(width)
        else:
            section.page_width, section.page_height = Mm(width), Mm(height)
    props = tpl.docx.core_properties
    for name, value in core.items():
        setattr(props, name, value)


def filename(study: Study, kind: Kind, item: int | None) -> str:
    """The download name, the same as in a ZIP of the study's papers: the kind and whom a
    paper of a fan-out is for (``spd-bambang-setiawan.docx``), see
    :func:`docgen.bundle.paper_name`."""
    from docgen.bundle import paper_name

    return paper_name(study, kind, item)


_names_cache: dict[str, set[str]] = {}


def _names(source: TemplateSource) -> set[str]:
    names = _names_cache.get(source.sha256)
    if names is None:
        name = source.path.name if source.path else source.label
        names = _names_cache[source.sha256] = template_names(source.data, name)
    return names


def template_names(template: Path | bytes, name: str = "") -> set[str]:
    """The top-level names a template (a file, or its bytes) uses, parsed with the
    environment that renders it."""
    if isinstance(template, Path):
        name = name or template.name
        template = template_source(template).data
    tpl = _Template(io.BytesIO(as_document(template)))
    tpl.init_docx()
    sources = [tpl.get_xml()]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        sources += [tpl.get_part_xml(part) for _, part in tpl.get_headers_footers(uri)]
    names: set[str] = set()
    for xml in sources:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
        try:
            ast = ENV.parse(source)
        except jinja2.TemplateError as exc:  # syntax, or refused by the render policy
            where = _located(exc, source, getattr(exc, "lineno", None))
            raise RenderError(name, where.detail, where.paragraph, where.line) from None
        names |= jinja2.meta.find_undeclared_variables(ast)
    return names


def clear_caches() -> None:
    """Forget compiled templates (used by tests and after a template upload)."""
    _patched.clear()
    _compiled.clear()
    _sources.clear()
    compiled.CACHE.clear()

