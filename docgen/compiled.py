"""The compiled render path: a Word template prepared once per version, filled in a millisecond.

docxtpl, on every render, opens the whole package with python-docx, re-cleans and re-compiles
the XML of every templated part, rebuilds the core properties' templates and re-zips every
part. All of that depends only on the template version, so :func:`compile_template` does it
once per version (keyed by the template's SHA-256, in a bounded cache):

- docxtpl's clean-up (``patch_xml``) of the body, every header and footer and the footnotes,
  each compiled in the sandboxed environment that renders (:data:`docgen.render.ENV`);
- the document part split into the shell around ``<w:body>`` and the templated body;
- the core properties' templates compiled, the properties docgen sets known;
- every other member of the package compressed once, kept as ready zip records.

A render (:meth:`CompiledTemplate.render`) then only runs the compiled templates, applies
docxtpl's post-processing where a template needs it (table grids after ``{%tc %}`` loops,
picture ids, line breaks and tabs in values), sets the paper size on every section and the
core properties as XML, deflates the parts that changed and writes the zip around the
pre-built records. Pictures (:class:`Picture`: the logo, photos, the QR code) add their media
parts and relationships per render.

What the path cannot do exactly as docxtpl would raises :class:`Unsupported` (at compile time
or during a render); :func:`docgen.render.render_document` then renders with docxtpl and logs
the reason at debug level. Many documents from one template (a batch) compile it once and
call :meth:`CompiledTemplate.render` for each: a :class:`Picture` keeps its decoded facts, so
the same logo costs nothing after the first document.

Preparing a version is :mod:`docgen.compiled_prepare`; the zip records are
:mod:`docgen.compiled_package`.
"""

from __future__ import annotations

import contextvars
import io
import logging
import os
import posixpath
import re
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape as xml_escape

import jinja2
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.oxml.simpletypes import ST_TwipsMeasure
from docx.shared import Length, Mm
from docxtpl import DocxTemplate, InlineImage
from docxtpl.subdoc import Subdoc
from lxml import etree

from docgen.compiled_package import (
    STORED,
    XML_DECLARATION,
    Member,
    Unsupported,
    member,
    write_zip,
)
from docgen.compiled_prepare import (
    _BAD_XML_CHAR,
    _CORE_NS,
    _CORE_TEXT,
    _DOCPR_ID,
    _PGSZ_WH,
    Prepared,
    _Part,
    _rels_name,
    prepare,
    render_part,
    resolve_listing,
)
from docgen.render_env import Watch, watching

__all__ = ["CACHE", "CompiledTemplate", "Picture", "Unsupported", "compile_template",
           "compiled_path", "prepared", "render", "resolve_listing"]

log = logging.getLogger(__name__)

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


# ---------------------------------------------------------------------------
# Pictures


_SHAPE_ID = "918273645"
_REL_ID = "rIdDOCGENPICTURE"
_DRAWING = ('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>'
            '<w:t xml:space="preserve">')


class Picture:
    """An image placed inline in a document (the logo, a photo, the QR code) at `width`
    and/or `height` (either alone keeps the image's proportions).

    The same object can be placed in any number of renders, compiled or docxtpl (it writes
    what docxtpl's ``InlineImage`` writes); what it learns of the image (format, size,
    SHA-1, CRC) is kept on the object, so a batch decodes its logo once."""

    __slots__ = ("data", "width", "height", "_facts")

    def __init__(self, data: bytes, width: Length | None = None,
                 height: Length | None = None):
        self.data = data
        self.width = width
        self.height = height
        self._facts: _PictureFacts | None = None

    def facts(self) -> _PictureFacts:
        if self._facts is None:
            key = (self.data, self.width, self.height)
            facts = _FACTS.get(key)
            if facts is None:
                image = DocxImage.from_blob(self.data)
                cx, cy = image.scaled_dimensions(self.width, self.height)
                inline = CT_Inline.new_pic_inline(int(_SHAPE_ID), _REL_ID, image.filename,
                                                  cx, cy)
                facts = _PictureFacts(  # written without docxtpl's indentation: the same XML
                    sha1=image.sha1, ext=image.ext, content_type=image.content_type,
                    inline=etree.tostring(inline, encoding="unicode"),
                    crc=zlib.crc32(self.data))
                with _FACTS_LOCK:
                    _FACTS[key] = facts
                    while len(_FACTS) > 32:
                        _FACTS.popitem(last=False)
            self._facts = facts
        return self._facts

    def __html__(self) -> str:
        target = _placing.get()
        if target is None:
            raise RuntimeError("a picture is placed only while a document renders")
        if isinstance(target, DocxTemplate):  # the docxtpl path: exactly its InlineImage
            return InlineImage(target, io.BytesIO(self.data), self.width, self.height)._insert_image()
        return target.place(self)

    __str__ = __html__


@dataclass(frozen=True)
class _PictureFacts:
    sha1: str
    ext: str
    content_type: str
    inline: str
    crc: int


_FACTS: OrderedDict[tuple[bytes, Any, Any], _PictureFacts] = OrderedDict()
"""The facts of the pictures placed lately (an office's logo is the same in every document)."""
_FACTS_LOCK = threading.Lock()
_placing: contextvars.ContextVar[Any] = contextvars.ContextVar("docgen_placing", default=None)


class docxtpl_pictures:  # noqa: N801 - used as a context manager, like open()
    """While docxtpl renders `tpl`, :class:`Picture` objects are placed by it."""

    def __init__(self, tpl: DocxTemplate):
        self.tpl = tpl

    def __enter__(self) -> None:
        self._token = _placing.set(self.tpl)

    def __exit__(self, *exc: object) -> None:
        _placing.reset(self._token)



_BOUND = (InlineImage, Subdoc)
"""docxtpl's objects that write into the template they were made for: docxtpl renders
them (docgen places :class:`Picture` instead)."""


class CompiledTemplate:
    """One template version, prepared for fast renders (see the module's doc)."""

    def __init__(self, sha256: str, prepared: Prepared):
        self.sha256 = sha256
        self.parts = prepared.parts
        self.core = prepared.core
        self.static = prepared.static
        self.first = prepared.first
        self.content_types = prepared.content_types
        self.defaults = prepared.defaults
        self.media = prepared.media  # sha1 -> partname of the template's own images
        self.image_numbers = prepared.image_numbers
        self.names = prepared.names
        self._types: dict[frozenset[tuple[str, str]], Member] = {}
        self._lock = threading.Lock()

    # -- rendering

    def render(self, context: dict[str, Any], *, page_mm: tuple[int, int] | None = None,
               core: dict[str, Any] | None = None) -> bytes:
        """The DOCX bytes for `context`: every section on paper `page_mm` (width, height in
        millimetres, portrait; a landscape section turned), the core properties `core`
        (python-docx's names) set after docxtpl's rendered ones. Template errors raise as
        docxtpl's path raises them (:class:`docgen.render.RenderError` through
        render_document); :class:`Unsupported` means: render this one with docxtpl."""
        for value in context.values():
            if isinstance(value, _BOUND) or (isinstance(value, list) and value
                                             and isinstance(value[0], _BOUND)):
                raise Unsupported(f"docxtpl's {type(value).__name__} is bound to its template")
        state = _RenderState(self)
        token = _placing.set(state)
        watch = Watch()
        watched = watching.set(watch)
        try:
            written: list[Member] = []
            for part in self.parts:
                if part.constant is not None:
                    written.append(part.constant)
                    continue
                state.current = part
                if part.page_in_template:
                    xml = render_part(part, context, docgen_page=_page_twips(page_mm))
                else:
                    xml = render_part(part, context)
                if part.role == "body":
                    xml = self._finish_body(xml, state, page_mm)
                if not part.checked:
                    _well_formed(part, xml)
                data = part.head + _encode(xml, part.name, part.values_only
                                           and not watch.unusual) + part.tail
                written.append(member(part.name, data))
            written.append(self._core_member(context, core or {}))
        finally:
            watching.reset(watched)
            _placing.reset(token)
        written += state.members()
        return write_zip([self._content_types(state.extensions()), *self.static, *written])

    def _finish_body(self, xml: str, state: _RenderState, page_mm: tuple[int, int] | None) -> str:
        part = self.parts[0]
        if part.table_fix:
            tree = DocxTemplate.fix_tables(None, xml)
            number = 1000
            for elt in tree.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                 "wordprocessingDrawing}docPr"):
                number += 1
                elt.attrib["id"] = str(number)
            state.shape_ids = number
            xml = etree.tostring(tree, encoding="unicode")
        elif part.own_pictures and "docPr" in xml:  # else placed pictures count from 1001
            counter = iter(range(1001, 1 << 31))

            def renumber(m: re.Match[str]) -> str:
                state.shape_ids = next(counter)
                return f"{m.group(1)}{state.shape_ids}{m.group(2)}"

            xml = _DOCPR_ID.sub(renumber, xml)
        if page_mm is not None and not part.page_in_template:
            xml = _set_page_size(xml, *page_mm)
        return xml

    def _core_member(self, context: dict[str, Any], values: dict[str, Any]) -> Member:
        text: dict[str, str] = {}
        for prop, template in self.core.templates.items():  # docxtpl's render_properties
            text[prop] = template if isinstance(template, str) else template.render(context)
        text.update(values)
        out = []
        for prop, value in text.items():
            element, _ = _CORE_TEXT[prop]
            if isinstance(value, datetime):
                stamp = value.strftime("%Y-%m-%dT%H:%M:%SZ")
                out.append(f'<{element} xsi:type="dcterms:W3CDTF">{stamp}</{element}>')
                continue
            value = str(value)
            if len(value) > 255:
                raise Unsupported(f"core property {prop} is longer than 255 characters")
            if _BAD_XML_CHAR.search(value):
                raise Unsupported(f"core property {prop} holds a character XML cannot carry")
            out.append(f"<{element}>{xml_escape(value)}</{element}>")
        xml = ('<cp:coreProperties xmlns:cp="{cp}" xmlns:dc="{dc}" xmlns:dcterms="{dcterms}" '
               'xmlns:xsi="{xsi}">'.format(**_CORE_NS) + self.core.kept + "".join(out)
               + "</cp:coreProperties>")
        return member(self.core.member, XML_DECLARATION + xml.encode("utf-8"))

    def _content_types(self, extensions: frozenset[tuple[str, str]]) -> Member:
        ready = self._types.get(extensions)
        if ready is None:
            added = "".join(f'<Default Extension="{xml_escape(ext)}" '
                            f'ContentType="{xml_escape(ct)}"/>'
                            for ext, ct in sorted(extensions) if ext not in self.defaults)
            xml = self.content_types.replace("</Types>", added + "</Types>", 1)
            ready = member(self.first, xml.encode("utf-8"), level=9)
            with self._lock:
                self._types[extensions] = ready
        return ready



_NOT_XML = bytes(c for c in range(32) if c not in (9, 10, 13))


def _encode(xml: str, name: str, plain: bool = False) -> bytes:
    """`xml` in UTF-8, refused (docxtpl renders then) when a value brought a character XML
    cannot carry: a control character, a lone surrogate, U+FFFE or U+FFFF. `plain`: no
    such character can be there (the part's text has none and no printed value had one:
    :class:`docgen.render_env.Watch`), so the whole text is not searched."""
    try:
        data = xml.encode("utf-8")
    except UnicodeEncodeError:
        raise Unsupported(f"{name}: a value holds a lone surrogate") from None
    if plain:
        return data
    if (len(data.translate(None, _NOT_XML)) != len(data) or "\ufffe" in xml
            or "\uffff" in xml):
        raise Unsupported(f"{name}: a value holds a character XML cannot carry")
    return data



def _page_twips(page_mm: tuple[int, int] | None) -> tuple[str, str] | None:
    if page_mm is None:
        return None
    return (ST_TwipsMeasure.convert_to_xml(Mm(page_mm[0])),
            ST_TwipsMeasure.convert_to_xml(Mm(page_mm[1])))



def _set_page_size(xml: str, width_mm: int, height_mm: int) -> str:
    """Every ``w:pgSz`` given the paper's width and height (turned where the section is
    landscape), as python-docx's section.page_width and page_height set them."""
    portrait = (ST_TwipsMeasure.convert_to_xml(Mm(width_mm)),
                ST_TwipsMeasure.convert_to_xml(Mm(height_mm)))
    out, done = [], 0
    at = xml.find("<w:pgSz", done)
    while at >= 0:
        end = xml.find(">", at) + 1
        tag = xml[at:end]
        w, h = portrait[::-1] if 'w:orient="landscape"' in tag else portrait
        out.append(xml[done:at])
        out.append(f'<w:pgSz w:w="{w}" w:h="{h}"{_PGSZ_WH.sub("", tag)[len("<w:pgSz"):]}')
        done = end
        at = xml.find("<w:pgSz", done)
    out.append(xml[done:])
    return "".join(out)



class _RenderState:
    """What one render adds: media parts and their relationships."""

    def __init__(self, template: CompiledTemplate):
        self.template = template
        self.current: _Part | None = None
        self.media: dict[str, tuple[str, Picture]] = {}  # sha1 -> (partname, picture)
        self.rels: dict[str, dict[str, str]] = {}  # part name -> {target partname: rId}
        self.shape_ids = 1000
        self.placed = 0
        self.numbers = set(template.image_numbers)

    def place(self, picture: Picture) -> str:
        part = self.current
        if part is None or part.role == "footnotes":
            raise Unsupported("a picture outside the body, headers and footers")
        facts = picture.facts()
        target = self.template.media.get(facts.sha1)
        if target is None:
            known = self.media.get(facts.sha1)
            if known is None:
                number = 1
                while (number in self.numbers
                       or f"word/media/image{number}.{facts.ext}" in self.template.names):
                    number += 1
                self.numbers.add(number)
                known = self.media[facts.sha1] = (f"/word/media/image{number}.{facts.ext}",
                                                  picture)
            target = known[0]
        added = self.rels.setdefault(part.name, {})
        rid = added.get(target)
        if rid is None:
            rid = next(r for r, t in part.rels.items() if t == target) if target in \
                part.rels.values() else None
        if rid is None:
            used = set(part.rels) | set(added.values())
            n = 1
            while f"rId{n}" in used:
                n += 1
            rid = f"rId{n}"
            added[target] = rid
        self.placed += 1
        self.shape_ids += 1
        inline = facts.inline.replace(_SHAPE_ID, str(self.shape_ids)).replace(_REL_ID, rid)
        return _DRAWING % inline

    def extensions(self) -> frozenset[tuple[str, str]]:
        return frozenset((p.facts().ext, p.facts().content_type) for _, p in self.media.values())

    def members(self) -> list[Member]:
        out = []
        for partname, picture in self.media.values():
            out.append(member(partname[1:], picture.data, method=STORED,
                               crc=picture.facts().crc))
        for part in self.template.parts:
            fresh = {t: r for t, r in self.rels.get(part.name, {}).items()
                     if r not in part.rels}
            if not fresh:
                if part.rels_member is not None:
                    out.append(part.rels_member)
                continue
            base = posixpath.dirname(part.partname)
            rows = "".join(
                f'<Relationship Id="{rid}" Type="{RT.IMAGE}" '
                f'Target="{xml_escape(posixpath.relpath(target, base))}"/>'
                for target, rid in fresh.items())
            if part.rels_xml is None:
                xml = (XML_DECLARATION.decode() + f'<Relationships xmlns="{RELS_NS}">' + rows
                       + "</Relationships>")
            else:
                xml = part.rels_xml.replace("</Relationships>", rows + "</Relationships>", 1)
            out.append(member(_rels_name(part.partname), xml.encode("utf-8")))
        return out



def _well_formed(part: _Part, xml: str) -> None:
    parser = expat.ParserCreate()
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise Unsupported(f"{part.name}: the render is not well-formed XML ({exc})") from None



def compile_template(data: bytes, sha256: str, env: jinja2.Environment) -> CompiledTemplate:
    """Prepare the template `data` (version `sha256`) for :meth:`CompiledTemplate.render`;
    :class:`Unsupported` when it must be rendered by docxtpl."""
    try:
        return CompiledTemplate(sha256, prepare(data, env))
    except Unsupported:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the preparation trips on, docxtpl decides
        raise Unsupported(f"cannot be prepared: {type(exc).__name__}: {exc}") from None



# ---------------------------------------------------------------------------
# The cache of compiled versions


class _Cache:
    """Compiled templates by version, the least recently used forgotten beyond `size`;
    a version that cannot be compiled is remembered with its reason. A version is its
    SHA-256 together with the bytes' length and Python's hash of them (remembered on the
    bytes object), so a source whose stated SHA-256 is wrong never gets another's template."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[tuple[str, int, int], CompiledTemplate | Unsupported] = \
            OrderedDict()
        self._lock = threading.Lock()

    def get(self, source: Any, env: jinja2.Environment) -> CompiledTemplate:
        """The compiled `source` (a :class:`docgen.render.TemplateSource`), compiled the
        first time it is asked for."""
        key = (source.sha256, len(source.data), hash(source.data))
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is None:
            from docgen.template_clean import as_document

            try:
                hit = compile_template(as_document(source.data), source.sha256, env)
            except Unsupported as exc:
                hit = exc
            with self._lock:
                self._items[key] = hit
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        if isinstance(hit, Unsupported):
            raise hit
        return hit

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


CACHE = _Cache(64)


def prepared(source: Any) -> CompiledTemplate:
    """The compiled template of `source` (a :class:`docgen.render.TemplateSource`), for
    rendering many documents (:meth:`CompiledTemplate.render`); :class:`Unsupported` when
    docxtpl must render it."""
    from docgen.render import ENV

    return CACHE.get(source, ENV)


PATH_SETTING = "DOCGEN_RENDER_PATH"
"""``docxtpl`` renders every document with docxtpl; anything else (the default) uses the
compiled path wherever it can."""


def compiled_path() -> bool:
    """True unless :data:`PATH_SETTING` asks for docxtpl."""
    return os.environ.get(PATH_SETTING, "compiled") != "docxtpl"


def render(source: Any, context: dict[str, Any], page_mm: tuple[int, int] | None,
           core: dict[str, Any] | None) -> bytes | None:
    """`source` (a :class:`docgen.render.TemplateSource`) filled with `context` by the
    compiled path, or None when it cannot (said in a debug log): docxtpl renders then."""
    from docgen.render import ENV, _Located

    name = source.path.name if source.path else source.label
    try:
        template = CACHE.get(source, ENV)
        return template.render(context, page_mm=page_mm, core=core)
    except Unsupported as exc:
        log.debug("compiled render path not used for %s (%s): %s; docxtpl renders it",
                  name, source.sha256[:12], exc)
        return None
    except (jinja2.TemplateError, _Located, RecursionError, MemoryError):
        raise  # the template's own error: docxtpl's path would raise it too
    except Exception:  # noqa: BLE001 - a fault of this path must not cost the document
        log.warning("compiled render path failed on %s (%s); docxtpl renders it", name,
                    source.sha256[:12], exc_info=True)
        return None
