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
"""

from __future__ import annotations

import contextvars
import copy
import hashlib
import io
import logging
import os
import posixpath
import re
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape as xml_escape

import jinja2
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.simpletypes import ST_TwipsMeasure
from docx.shared import Length, Mm
from docxtpl import DocxTemplate, InlineImage
from docxtpl.subdoc import Subdoc
from jinja2 import nodes
from lxml import etree

log = logging.getLogger(__name__)

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DEFLATE_LEVEL = 1
"""zlib level for the parts deflated on each render: the fastest (a page's XML compresses
to about an eighth; level 6 makes it a fifth smaller again for three times the time)."""
MAX_MEMBER = 0x7FFFFFFF
"""Larger members or packages would need ZIP64 records: such a template is rendered by
docxtpl."""


class Unsupported(Exception):
    """Something the compiled path does not do exactly as docxtpl would; docxtpl renders."""


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


# ---------------------------------------------------------------------------
# Zip records


_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHI")
_END = struct.Struct("<IHHHHIIH")
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00, the same every time
_STORED, _DEFLATED = 0, 8


@dataclass(frozen=True)
class _Member:
    """One zip member, ready: its local header and data, and its central record but for
    the offset."""

    name: str
    local: bytes
    central_head: bytes
    central_name: bytes


def _member(name: str, data: bytes, *, method: int = _DEFLATED, level: int = DEFLATE_LEVEL,
            crc: int | None = None) -> _Member:
    raw = name.encode("utf-8")
    flags = 0x800 if not name.isascii() else 0
    if crc is None:
        crc = zlib.crc32(data)
    if method == _DEFLATED:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        body = packer.compress(data) + packer.flush()
    else:
        body = data
    if len(data) > MAX_MEMBER or len(body) > MAX_MEMBER:
        raise Unsupported(f"{name} is too large for a plain zip record")
    local = _LOCAL.pack(0x04034B50, 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(body),
                        len(data), len(raw), 0) + raw + body
    central = _CENTRAL.pack(0x02014B50, (3 << 8) | 20, 20, flags, method, _DOS_TIME, _DOS_DATE,
                            crc, len(body), len(data), len(raw), 0, 0, 0, 0, 0o600 << 16)
    return _Member(name, local, central, raw)


def _zip(members: list[_Member]) -> bytes:
    """The zip package of `members`, in order."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        out.append(m.local)
        central.append(m.central_head)
        central.append(struct.pack("<I", offset))
        central.append(m.central_name)
        offset += len(m.local)
    directory = b"".join(central)
    if offset + len(directory) > MAX_MEMBER or len(members) > 0xFFFF:
        raise Unsupported("the package is too large for plain zip records")
    out.append(directory)
    out.append(_END.pack(0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0))
    return b"".join(out)


# ---------------------------------------------------------------------------
# Compiling a template


_PARA_START = re.compile(r"<w:p([ >])")
_BAD_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_CHARS = re.compile("[\t\a\n\f]")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")[^"]*(")')
_PGSZ_WH = re.compile(r'\sw:[wh]="[^"]*"')
_JINJA = ("{{", "{%", "{#")

_CORE_TEXT = {  # python-docx's name -> (element, rendered by docxtpl's render_properties)
    "title": ("dc:title", True), "subject": ("dc:subject", True),
    "author": ("dc:creator", True), "comments": ("dc:description", True),
    "identifier": ("dc:identifier", True), "language": ("dc:language", True),
    "keywords": ("cp:keywords", False), "category": ("cp:category", False),
    "last_modified_by": ("cp:lastModifiedBy", False), "revision": ("cp:revision", False),
    "created": ("dcterms:created", False), "modified": ("dcterms:modified", False),
}
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def _clark(prefixed: str) -> str:
    prefix, local = prefixed.split(":")
    return f"{{{_CORE_NS[prefix]}}}{local}"


@dataclass
class _Part:
    """One templated XML part."""

    name: str  # zip member name (``word/header1.xml``)
    partname: str  # package part name (``/word/header1.xml``)
    role: str  # body, story (a header or footer), footnotes
    source: str  # the cleaned template text, a line per paragraph (errors quote it)
    template: jinja2.Template | None  # None: the part holds no template tag
    markers: bool = False  # the render holds docxtpl's newline before each paragraph
    head: bytes = b""
    tail: bytes = b""
    rels: dict[str, str] = field(default_factory=dict)  # existing rId -> target partname
    rels_xml: str | None = None  # the part's relationships as stored, None: none
    rels_member: _Member | None = None  # the same, ready to write when no picture is added
    table_fix: bool = False
    own_pictures: bool = False  # the template's own drawings (docxtpl renumbers their ids)
    page_in_template: bool = False  # the paper size is written by the template itself
    nested: bool = True  # paragraphs inside paragraphs (text boxes)
    checked: bool = True  # every render of it is well-formed XML; False: parse to see
    constant: _Member | None = None


@dataclass
class _Core:
    member: str
    kept: str  # the elements of the template's core.xml that no render changes
    templates: dict[str, jinja2.Template | str]  # rendered properties (docxtpl's six)


_BOUND = (InlineImage, Subdoc)
"""docxtpl's objects that write into the template they were made for: docxtpl renders
them (docgen places :class:`Picture` instead)."""


class CompiledTemplate:
    """One template version, prepared for fast renders (see the module's doc)."""

    def __init__(self, sha256: str, parts: list[_Part], core: _Core, static: list[_Member],
                 first: str, content_types: str, defaults: set[str], media: dict[str, str],
                 image_numbers: set[int], names: set[str]):
        self.sha256 = sha256
        self.parts = parts
        self.core = core
        self.static = static
        self.first = first
        self.content_types = content_types
        self.defaults = defaults
        self.media = media  # sha1 -> partname of the template's own images
        self.image_numbers = image_numbers
        self.names = names
        self._types: dict[frozenset[tuple[str, str]], _Member] = {}
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
        try:
            written: list[_Member] = []
            for part in self.parts:
                if part.constant is not None:
                    written.append(part.constant)
                    continue
                state.current = part
                if part.page_in_template:
                    xml = _render_part(part, context, docgen_page=_page_twips(page_mm))
                else:
                    xml = _render_part(part, context)
                if part.role == "body":
                    xml = self._finish_body(xml, state, page_mm)
                if not part.checked:
                    _well_formed(part, xml)
                data = part.head + _encode(xml, part.name) + part.tail
                written.append(_member(part.name, data))
            written.append(self._core_member(context, core or {}))
        finally:
            _placing.reset(token)
        written += state.members()
        return _zip([self._content_types(state.extensions()), *self.static, *written])

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

    def _core_member(self, context: dict[str, Any], values: dict[str, Any]) -> _Member:
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
        return _member(self.core.member, XML_DECLARATION + xml.encode("utf-8"))

    def _content_types(self, extensions: frozenset[tuple[str, str]]) -> _Member:
        member = self._types.get(extensions)
        if member is None:
            added = "".join(f'<Default Extension="{xml_escape(ext)}" '
                            f'ContentType="{xml_escape(ct)}"/>'
                            for ext, ct in sorted(extensions) if ext not in self.defaults)
            xml = self.content_types.replace("</Types>", added + "</Types>", 1)
            member = _member(self.first, xml.encode("utf-8"), level=9)
            with self._lock:
                self._types[extensions] = member
        return member


_NOT_XML = bytes(c for c in range(32) if c not in (9, 10, 13))


def _encode(xml: str, name: str) -> bytes:
    """`xml` in UTF-8, refused (docxtpl renders then) when a value brought a character XML
    cannot carry: a control character, a lone surrogate, U+FFFE or U+FFFF."""
    try:
        data = xml.encode("utf-8")
    except UnicodeEncodeError:
        raise Unsupported(f"{name}: a value holds a lone surrogate") from None
    if (len(data.translate(None, _NOT_XML)) != len(data) or "\ufffe" in xml
            or "\uffff" in xml):
        raise Unsupported(f"{name}: a value holds a character XML cannot carry")
    return data


def _page_twips(page_mm: tuple[int, int] | None) -> tuple[str, str] | None:
    if page_mm is None:
        return None
    return (ST_TwipsMeasure.convert_to_xml(Mm(page_mm[0])),
            ST_TwipsMeasure.convert_to_xml(Mm(page_mm[1])))


_PAGE_TAG = re.compile(r"<w:pgSz\b[^>]*>")


def _page_in_template(source: str) -> str | None:
    """`source` with every section's page width and height written from ``docgen_page``
    (width, height in twips; turned where the section is landscape; the template's own
    values when None), or None when a page-size tag is itself templated."""
    tags = _PAGE_TAG.findall(source)
    if any("{" in tag or "%" in tag for tag in tags):
        return None

    def write(m: re.Match[str]) -> str:
        tag = m.group(0)
        own = "".join(_PGSZ_WH.findall(tag))
        w, h = (1, 0) if 'w:orient="landscape"' in tag else (0, 1)
        return (f'<w:pgSz{{% if docgen_page %}} w:w="{{{{ docgen_page[{w}] }}}}" '
                f'w:h="{{{{ docgen_page[{h}] }}}}"{{% else %}}{own}{{% endif %}}'
                f'{_PGSZ_WH.sub("", tag)[len("<w:pgSz"):]}')

    return _PAGE_TAG.sub(write, source)


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


def _render_part(part: _Part, context: dict[str, Any], **extra: Any) -> str:
    assert part.template is not None
    try:
        xml = part.template.render(context, **extra)
    except jinja2.TemplateError as exc:
        from docgen.render import _located, _template_line

        raise _located(exc, part.source, _template_line(exc)) from None
    if part.markers:
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "_" in xml and ("{_" in xml or "_}" in xml):  # one character is found fastest
        xml = (xml.replace("{_{", "{{").replace("}_}", "}}")
               .replace("{_%", "{%").replace("%_}", "%}"))
    return resolve_listing(xml, part.nested)


def resolve_listing(xml: str, nested: bool = True) -> str:
    """docxtpl's ``resolve_listing`` (tabs, ``\\a`` new paragraphs, line breaks and ``\\f``
    page breaks in values), run only on the paragraphs that hold such a character: the
    same output for a fraction of the time. Where paragraphs may nest (`nested`: text
    boxes), each paragraph is looked at as docxtpl's expression finds them."""
    if not ("\n" in xml or "\t" in xml or "\a" in xml or "\f" in xml):
        return xml
    whole = DocxTemplate.resolve_listing
    if nested:
        def paragraph(m: re.Match[str]) -> str:
            text = m.group(0)
            return whole(None, text) if _LISTING_CHARS.search(text) else text

        return _PARAGRAPH.sub(paragraph, xml)
    # paragraphs do not nest: the one around a character starts at the last "<w:p>" or
    # "<w:p " before it, and ends at the first "</w:p>" after that start
    out: list[str] = []
    done = 0
    at = _next_listing_char(xml, 0)
    while at >= 0:
        start = max(xml.rfind("<w:p>", done, at), xml.rfind("<w:p ", done, at))
        end = xml.find("</w:p>", start) if start >= 0 else -1
        if start < 0 or end < at:  # between paragraphs: docxtpl leaves it
            at = _next_listing_char(xml, at + 1)
            continue
        end += len("</w:p>")
        out.append(xml[done:start])
        out.append(whole(None, xml[start:end]))
        done = end
        at = _next_listing_char(xml, end)
    out.append(xml[done:])
    return "".join(out)


def _next_listing_char(xml: str, start: int) -> int:
    found = [at for at in (xml.find(c, start) for c in "\n\t\a\f") if at >= 0]
    return min(found) if found else -1


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

    def members(self) -> list[_Member]:
        out = []
        for partname, picture in self.media.values():
            out.append(_member(partname[1:], picture.data, method=_STORED,
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
            out.append(_member(_rels_name(part.partname), xml.encode("utf-8")))
        return out


def _well_formed(part: _Part, xml: str) -> None:
    parser = expat.ParserCreate()
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise Unsupported(f"{part.name}: the render is not well-formed XML ({exc})") from None


_TAG = re.compile(r"<(/?)([A-Za-z_][\w:.-]*)(?:\s[^>]*?)?(/?)>")
_BLOCK_BODIES = ("body", "else_")


def _always_well_formed(source: str, env: jinja2.Environment) -> bool:
    """True when every render of `source` is well-formed XML whatever the values: the
    template's text is well-formed, each block (``if``, ``else``, ``for``, ...) holds whole
    elements, values are escaped (no ``safe`` filter, no ``autoescape false``, no macro
    output). Otherwise each render is parsed before it is written."""
    ast = env.parse(source)
    for node in ast.find_all((nodes.EvalContextModifier, nodes.Macro, nodes.CallBlock,
                              nodes.Call)):
        if not isinstance(node, nodes.Call):
            return False
        if isinstance(node.node, nodes.Name) and node.node.name == "caller":
            return False
    for node in ast.find_all(nodes.Filter):
        if node.name in ("safe", "forceescape", "indent", "wordwrap", "xmlattr"):
            return False
    if not _balanced(_text_of(ast.body)):
        return False
    for node in ast.find_all(nodes.Node):
        for name in _BLOCK_BODIES:
            body = getattr(node, name, None)
            if isinstance(body, list) and body and not _balanced(_text_of(body)):
                return False
    return True


def _text_of(body: list[nodes.Node]) -> str:
    """The literal text a block writes itself (nested blocks, checked on their own, and
    values, escaped, write no tags)."""
    out = []
    for node in body:
        if isinstance(node, nodes.Output):
            out.extend(child.data for child in node.nodes if isinstance(child, nodes.TemplateData))
    return "".join(out)


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for m in _TAG.finditer(text):
        closing, name, empty = m.groups()
        if empty:
            continue
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


_RICH_TAG = re.compile(r"\{\{(?:r|p|tr|tc)\s")
_ANY_TAG = re.compile(r"<[^>]*>")


def _rich(raw_xml: str) -> bool:
    """True when a part places a value in place of a whole run, paragraph, row or cell
    (docxtpl's ``{{r x }}``, ``{{p x }}``: RichText and sub-documents), where a value can
    write any structure."""
    return bool(_RICH_TAG.search(_ANY_TAG.sub("", raw_xml)))


def _rels_name(partname: str) -> str:
    folder, name = posixpath.split(partname)
    return f"{folder[1:]}/_rels/{name}.rels" if folder != "/" else f"_rels/{name}.rels"


_TAG_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _marked(patched: str) -> tuple[str, str]:
    """The cleaned text of a part with a line per paragraph, as docxtpl compiles it (its
    errors name the line, hence the paragraph), and the text to render: the same lines,
    each break inside a Jinja comment, so the render holds no marker to remove. Where a
    tag holds ``<w:p`` or the text a comment of its own, both are docxtpl's."""
    located = _PARA_START.sub(r"\n<w:p\1", patched)
    if "{#" in patched or "#}" in patched or any(
            "<w:p" in m.group(0) for m in _TAG_SPAN.finditer(patched)):
        return located, located
    return located, _PARA_START.sub(r"{#\n#}<w:p\1", patched)


def _compile(source: str, env: jinja2.Environment, where: str) -> jinja2.Template:
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise Unsupported(f"{where}: {exc.message}") from None


def _has_tags(text: str) -> bool:
    return any(tag in text for tag in _JINJA)


def _needs_table_fix(source: str) -> bool:
    """True when docxtpl's ``fix_tables`` could change a table of the rendered body: a tag
    between a row's cells (``{%tc %}``, ``{% hm %}``), a templated ``gridSpan``, or a grid
    that does not match its rows already."""
    if "<w:tbl" not in source:
        return False
    try:
        tree = etree.fromstring(source.encode("utf-8"), etree.XMLParser(recover=True))
    except etree.XMLSyntaxError:
        return True
    if tree is None:
        return True
    w = f"{{{W_NS}}}"
    tables = list(tree.iter(w + "tbl"))
    if len(tables) != source.count("<w:tbl>") + source.count("<w:tbl "):
        return True
    for row in tree.iter(w + "tr"):
        if _has_tags(row.text or ""):
            return True
        for child in row:
            if _has_tags(child.tail or ""):
                return True
    for span in tree.iter(w + "gridSpan"):
        if "{" in (span.get(w + "val") or ""):
            return True
    before = etree.tostring(tree)
    after = etree.tostring(DocxTemplate.fix_tables(None, before.decode("utf-8")))
    return before != after


def _split_document(tpl: DocxTemplate) -> tuple[bytes, bytes]:
    from docx.opc.oxml import serialize_part_xml

    root = copy.deepcopy(tpl.docx.element)
    marker = etree.SubElement(root, qn("w:body"))
    root.replace(root.find(qn("w:body")), marker)
    whole = serialize_part_xml(root)
    empty = b"<w:body/>"
    if whole.count(empty) != 1:
        raise Unsupported("the document part's body cannot be located")
    head, tail = whole.split(empty)
    return head, tail


def compile_template(data: bytes, sha256: str, env: jinja2.Environment) -> CompiledTemplate:
    """Prepare the template `data` (version `sha256`) for :meth:`CompiledTemplate.render`;
    :class:`Unsupported` when it must be rendered by docxtpl."""
    try:
        return _build(data, sha256, env)
    except Unsupported:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the preparation trips on, docxtpl decides
        raise Unsupported(f"cannot be prepared: {type(exc).__name__}: {exc}") from None


def _build(data: bytes, sha256: str, env: jinja2.Environment) -> CompiledTemplate:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise Unsupported("the package repeats a member name")
        if any(i.flag_bits & 0x1 for i in infos):
            raise Unsupported("the package is encrypted")
        members = {i.filename: zf.read(i) for i in infos}
    from docgen.render import _Template  # docgen's docxtpl: the same clean-up as its path

    tpl = _Template(io.BytesIO(data))
    tpl.init_docx()
    document = tpl.docx
    package = document.part.package
    body_element = document.element.body
    if body_element is None or body_element.nsmap.get("w") != W_NS:
        raise Unsupported("the body does not use the usual w: prefix")
    try:
        core_part = package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        raise Unsupported("the package has no core properties part") from None

    # the paper size is set on every section as docgen's docxtpl path sets it
    sections = document.element.sectPr_lst
    for sect in sections:
        sect.get_or_add_pgSz()
    body_source = tpl.patch_xml(tpl.get_xml())
    if body_source.count("<w:pgSz") != len(sections):
        raise Unsupported("page sizes outside the sections python-docx sees")

    parts: list[_Part] = []
    main = document.part
    head, tail = _split_document(tpl)
    paged = _page_in_template(body_source)
    body, run = _marked(paged or body_source)
    parts.append(_Part(name=main.partname[1:], partname=main.partname, role="body",
                       source=body, template=_compile(run, env, main.partname),
                       markers=run is body,
                       head=head, tail=tail, table_fix=_needs_table_fix(body_source),
                       checked=not _rich(tpl.get_xml()), own_pictures="docPr" in body_source,
                       page_in_template=paged is not None))
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            raw = tpl.get_part_xml(part)
            xml, run = _marked(tpl.patch_xml(raw))
            if any(p.partname == part.partname for p in parts):
                raise Unsupported(f"{part.partname} is related twice")
            parts.append(_Part(name=part.partname[1:], partname=part.partname, role="story",
                               source=xml, template=_compile(run, env, part.partname),
                               markers=run is xml,
                               head=XML_DECLARATION, checked=not _rich(raw)))
    notes = [p for p in package.iter_parts() if p.content_type == FOOTNOTES]
    if notes and sections:
        for part in notes:
            blob = part.blob.decode("utf-8")
            xml, run = _marked(tpl.patch_xml(blob))
            parts.append(_Part(name=part.partname[1:], partname=part.partname,
                               role="footnotes", source=xml, markers=run is xml,
                               template=_compile(run, env, part.partname),
                               checked=not _rich(blob)))
    for part in parts:
        part.nested = "txbxContent" in part.source
        part.checked = part.checked and _always_well_formed(part.source, env)
        if part.name not in members:
            raise Unsupported(f"{part.partname} is not a member of the package")
        rels_name = _rels_name(part.partname)
        if rels_name in members:
            part.rels_xml = members[rels_name].decode("utf-8")
            part.rels_member = _member(rels_name, members[rels_name], level=9)
    by_partname = {p.partname: p for p in package.iter_parts()}
    for part in parts:
        real = by_partname[part.partname]
        for rid, rel in real.rels.items():
            part.rels[rid] = "" if rel.is_external else str(rel.target_part.partname)
        if part.role != "body" and not _has_tags(part.source):
            # no tag: the render is the same every time, made once
            xml = _render_part(part, {})
            part.constant = _member(part.name, part.head + xml.encode("utf-8") + part.tail,
                                    level=9)

    core = _compile_core(core_part, env)
    media: dict[str, str] = {}
    numbers: set[int] = set()
    for part in package.iter_parts():
        if type(part).__name__ == "ImagePart":
            media[hashlib.sha1(part.blob).hexdigest()] = str(part.partname)
            numbers.add(part.partname.idx or 0)
    rendered = {p.name for p in parts} | {_rels_name(p.partname) for p in parts} | {core.member}
    first = "[Content_Types].xml"
    if first not in members:
        raise Unsupported("the package has no [Content_Types].xml")
    types_xml = members[first].decode("utf-8")
    defaults = {m.lower() for m in re.findall(r'<Default\b[^>]*\bExtension="([^"]+)"',
                                              types_xml)}
    static = [_member(name, blob, level=9) for name, blob in members.items()
              if name not in rendered and name != first and not name.endswith("/")]
    return CompiledTemplate(sha256, parts, core, static, first, types_xml, defaults, media,
                            numbers, set(members))


def _compile_core(part: Any, env: jinja2.Environment) -> _Core:
    from docx.opc.parts.coreprops import CorePropertiesPart

    if not isinstance(part, CorePropertiesPart):
        raise Unsupported("the core properties part is not python-docx's")
    props = part.core_properties
    templates: dict[str, jinja2.Template | str] = {}
    for prop, (_, rendered) in _CORE_TEXT.items():
        if rendered:
            initial = getattr(props, prop)
            templates[prop] = (_compile(initial, env, f"core property {prop}")
                               if "{" in initial else initial)
    ours = {_clark(element) for element, _ in _CORE_TEXT.values()}
    kept = []
    for child in part.element:
        if not isinstance(child.tag, str) or child.tag in ours:
            continue
        kept.append(etree.tostring(child, encoding="unicode", with_tail=False))
    return _Core(member=str(part.partname)[1:], kept="".join(kept), templates=templates)


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
