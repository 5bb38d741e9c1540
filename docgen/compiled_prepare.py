"""Preparing a template version for the compiled render path (:mod:`docgen.compiled`).

Everything here runs once per version: docxtpl's clean-up of every templated part, the
analyses that say what a render must still do (table grids after column loops, picture ids,
text boxes, parts whose renders must be parsed), the paper size written into the template,
the core properties' templates, and the unchanged members made ready zip records.
:func:`render_part` (a part's Jinja render and docxtpl's post-processing) is shared with
the renders.
"""

from __future__ import annotations

import copy
import hashlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree

from docgen.compiled_package import XML_DECLARATION, Member, Unsupported, member
from docgen.render_env import _UNUSUAL

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

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
    rels_member: Member | None = None  # the same, ready to write when no picture is added
    table_fix: bool = False
    own_pictures: bool = False  # the template's own drawings (docxtpl renumbers their ids)
    page_in_template: bool = False  # the paper size is written by the template itself
    nested: bool = True  # paragraphs inside paragraphs (text boxes)
    checked: bool = True  # every render of it is well-formed XML; False: parse to see
    values_only: bool = False  # only its text and {{ }} values write (render_env.print_value)
    constant: Member | None = None


@dataclass
class _Core:
    member: str
    kept: str  # the elements of the template's core.xml that no render changes
    templates: dict[str, jinja2.Template | str]  # rendered properties (docxtpl's six)




@dataclass
class Prepared:
    """What a template version holds once prepared."""

    parts: list[_Part]
    core: _Core
    static: list[Member]  # every member no render changes, ready
    first: str  # [Content_Types].xml
    content_types: str
    defaults: set[str]  # extensions with a default content type
    media: dict[str, str]  # SHA-1 -> part name of the template's own pictures
    image_numbers: set[int]
    names: set[str]  # every member name


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



def render_part(part: _Part, context: dict[str, Any], **extra: Any) -> str:
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


def _values_only(source: str, env: jinja2.Environment) -> bool:
    """True when a part's renders hold nothing but its own text (free of characters XML
    cannot carry) and values printed by ``{{ }}``, each of which
    :func:`docgen.render_env.print_value` looks at: no ``{% filter %}`` or ``{% call %}``
    block writes text of its own."""
    if _UNUSUAL.search(source):
        return False
    try:
        tree = env.parse(source)
    except jinja2.TemplateError:
        return False
    return not any(True for _ in tree.find_all((nodes.FilterBlock, nodes.CallBlock)))


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



def prepare(data: bytes, env: jinja2.Environment) -> Prepared:
    """The template `data` prepared (see :mod:`docgen.compiled`); :class:`Unsupported`
    when docxtpl must render it."""
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
        part.values_only = _values_only(part.source, env)
        part.checked = part.checked and _always_well_formed(part.source, env)
        if part.name not in members:
            raise Unsupported(f"{part.partname} is not a member of the package")
        rels_name = _rels_name(part.partname)
        if rels_name in members:
            part.rels_xml = members[rels_name].decode("utf-8")
            part.rels_member = member(rels_name, members[rels_name], level=9)
    by_partname = {p.partname: p for p in package.iter_parts()}
    for part in parts:
        real = by_partname[part.partname]
        for rid, rel in real.rels.items():
            part.rels[rid] = "" if rel.is_external else str(rel.target_part.partname)
        if part.role != "body" and not _has_tags(part.source):
            # no tag: the render is the same every time, made once
            xml = render_part(part, {})
            part.constant = member(part.name, part.head + xml.encode("utf-8") + part.tail,
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
    static = [member(name, blob, level=9) for name, blob in members.items()
              if name not in rendered and name != first and not name.endswith("/")]
    return Prepared(parts, core, static, first, types_xml, defaults, media, numbers,
                    set(members))


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
