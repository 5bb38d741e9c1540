"""The compiled render path on everything a template can hold, against docxtpl.

A template built here as Word builds one (python-docx's default document: Word's full styles,
theme, numbering, settings) holds every feature docgen's path supports: values with line
breaks, tabs and new paragraphs, row and column loops, static and looped merged cells
(``vm``, ``hm``, ``colspan``, ``cellbg``), RichText and Listing, pictures in the body and in
a header, a footer, footnotes, a text box, two sections (one landscape) and templated core
properties. Each render is compared with docxtpl's (:mod:`tests.docx_facts`), and what the
path hands back to docxtpl is checked to be handed back, with a debug log saying why.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.shared import Mm
from docxtpl import InlineImage, Listing, RichText
from markupsafe import Markup

from docgen import compiled
from docgen.compiled import CACHE, Picture, Unsupported, compile_template
from docgen.render import ENV, RenderError, TemplateSource, _render_docxtpl, render_document
from tests.docx_facts import facts

DATA = Path(__file__).resolve().parent.parent / "docgen" / "data"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LOGO = (DATA / "logo-contoh.png").read_bytes()
PHOTO = (DATA / "contoh-foto-1.png").read_bytes()
PAGE = (215, 330)
CORE = {"title": "Judul", "subject": "Hal", "author": "Bappeda", "identifier": "000.1/2/3",
        "keywords": "000.1; studi banding", "language": "id-ID", "category": "Surat",
        "created": datetime(2026, 12, 1, 8), "modified": datetime(2026, 12, 1, 8),
        "last_modified_by": "Bappeda", "revision": 1}

FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    '</w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Dasar: {{ basis }}</w:t></w:r>'
    '</w:p></w:footnote></w:footnotes>')
TEXT_BOX = (
    f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
    '<v:shape style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>{{ boxed }}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>'
    '</w:pict></w:r>')


def _table(doc, rows: list[list[str]]):  # noqa: ANN001, ANN202
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def word_template(*, footnotes: bool = True) -> bytes:
    """A template as Word saves one, holding every supported feature."""
    doc = Document()
    props = doc.core_properties
    props.title, props.comments = "{{ title }}", "Dibuat untuk {{ name }}"
    doc.add_paragraph("Yth. {{ name }}")
    doc.add_paragraph("Alamat: {{ address }}")
    doc.add_paragraph("{{ photo }}")
    doc.add_paragraph("{%p if show %}")
    doc.add_paragraph("Tampil bila diminta: {{ name|upper }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{r rich }}")
    doc.add_paragraph("{{ listing }}")
    box = doc.add_paragraph()
    box._p.append(parse_xml(TEXT_BOX))
    _table(doc, [["No", "Uraian", "Jumlah"],
                 ["{%tr for r in rows %}", "", ""],
                 ["{{ loop.index }}", "{{ r.name }}", "{{ r.amount }}"],
                 ["{%tr endfor %}", "", ""]])
    _table(doc, [["Nama", "{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"],
                 ["Nilai", "{%tc for c in cols %}", "{{ c|length }}", "{%tc endfor %}"]])
    merged = _table(doc, [["Kelompok", "Baris", "Warna"],
                          ["{%tr for r in rows %}", "", ""],
                          ["{% vm %}{{ group }}", "{{ r.name }}",
                           "{% cellbg r.color %}{{ r.color }}"],
                          ["{%tr endfor %}", "", ""],
                          ["{% colspan span %}Jumlah {{ total }}", "", ""],
                          ["Tetap", "gabung", ""]])
    merged.cell(5, 1).merge(merged.cell(5, 2))
    _table(doc, [["{%tc for c in cols %}", "{% hm %}Kepala {{ c }}", "{%tc endfor %}"],
                 ["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"]])
    if footnotes:
        note = doc.add_paragraph("Catatan kaki")
        note._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val='
                                 '"superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
    section = doc.sections[0]
    section.header.paragraphs[0].text = "{{ logo }} KOP {{ office }}"
    section.footer.paragraphs[0].text = "Halaman kaki: {{ name }}"
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = section.page_height, section.page_width
    doc.add_paragraph("Lampiran untuk {{ name }}")
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    return _with_footnotes(data) if footnotes else data


def _with_footnotes(data: bytes) -> bytes:
    """python-docx cannot add footnotes: the part, its relationship and content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"</Types>", (
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>"))
            elif info.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(b"</Relationships>", (
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>"))
            dst.writestr(info, blob, zipfile.ZIP_DEFLATED)
        dst.writestr("word/footnotes.xml", FOOTNOTES.encode(), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _context(**extra: object) -> dict:
    context = {
        "title": "Surat & Lampiran <1>", "name": "Dinas Kominfo", "office": "Bappeda",
        "address": "Jl. Magelang Km 6\nSleman\tDIY", "show": True, "basis": "Perbup 12/2026",
        "rich": RichText("tebal", bold=True), "listing": Listing("baris satu\nbaris dua"),
        "boxed": "di dalam kotak\nbaris kedua",
        "rows": [{"name": f"Baris {i}", "amount": i * 1000, "color": "FFEE00"}
                 for i in range(3)],
        "cols": ["A", "BB", "CCC"], "group": "Tim", "span": 3, "total": 3000,
        "logo": Picture(LOGO, height=Mm(22)), "photo": Picture(PHOTO, width=Mm(50)),
    }
    context.update(extra)
    return context


def _source(data: bytes) -> TemplateSource:
    return TemplateSource(None, data, hashlib.sha256(data).hexdigest(), version=1)


@pytest.fixture(scope="module")
def template() -> TemplateSource:
    return _source(word_template())


def _both(source: TemplateSource, context: dict) -> tuple[bytes, bytes]:
    fast = compiled.render(source, context, PAGE, CORE)
    assert fast is not None, "the compiled path handed this template back"
    return fast, _render_docxtpl(source, context, PAGE, CORE)


def _same(fast: bytes, slow: bytes) -> dict:
    expected, got = facts(slow), facts(fast)
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key
    return got


def test_a_word_template_with_every_feature_renders_as_docxtpl_renders_it(template):
    got = _same(*_both(template, _context()))
    body = [text for kind, *text in got["body"] if kind == "p"]
    assert ["Yth. Dinas Kominfo"] in body
    assert ["Alamat: Jl. Magelang Km 6<br >Sleman\tDIY"] in body
    assert ["Tampil bila diminta: DINAS KOMINFO"] in body
    assert ["di dalam kotak<br >baris kedua"] in body and ["baris satu<br >baris dua"] in body
    assert ["tebal"] in body
    cells = [item for item in got["body"] if item[0] == "tc"]
    assert ("tc", None, "restart") in cells and ("tc", None, "continue") in cells
    assert ("tc", "3", None) in cells and ("tc", "2", None) in cells
    header = next(v for k, v in got.items() if k.startswith("header"))
    assert ("img", hashlib.sha256(LOGO).hexdigest()) in header
    assert ("p", " KOP Bappeda") in header
    assert ("p", "Dasar: Perbup 12/2026") in got["footnotes"]
    footer = next(v for k, v in got.items() if k.startswith("footer"))
    assert ("p", "Halaman kaki: Dinas Kominfo") in footer
    portrait, landscape = got["sections"]
    assert (round(portrait[0].mm), round(portrait[1].mm)) == PAGE
    assert (round(landscape[0].mm), round(landscape[1].mm)) == PAGE[::-1]
    assert got["core"]["title"] == "Judul"  # docgen's properties are set last
    assert got["core"]["comments"] == "Dibuat untuk Dinas Kominfo"
    assert {hashlib.sha256(p).hexdigest() for p in (LOGO, PHOTO)} <= set(got["media"])


def test_the_other_branch_empty_loops_and_values_that_need_escaping(template):
    context = _context(show=False, rows=[], cols=[], name='A & B <"C">',
                       address="satu\abaris baru\fhalaman baru")
    got = _same(*_both(template, context))
    body = [text for kind, *text in got["body"] if kind == "p"]
    assert ['Yth. A & B <"C">'] in body and not any("Tampil" in t[0] for t in body if t)


def test_the_package_is_a_sound_zip_and_opens_in_python_docx(template):
    fast, _ = _both(template, _context())
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert names[0] == "[Content_Types].xml" and len(names) == len(set(names))
        assert "word/media/image1.png" in names or any(n.startswith("word/media/") for n in names)
    doc = Document(io.BytesIO(fast))
    assert doc.paragraphs[0].text == "Yth. Dinas Kominfo"
    assert len(doc.inline_shapes) == 1  # the photo; the logo is in the header


def test_a_batch_renders_many_documents_from_one_compiled_template(template):
    prepared = compiled.prepared(template)
    logo = Picture(LOGO, height=Mm(22))
    outputs = [prepared.render(_context(name=f"Kepala Desa {i}", logo=logo), page_mm=PAGE,
                               core=CORE) for i in range(20)]
    texts = {Document(io.BytesIO(data)).paragraphs[0].text for data in outputs}
    assert texts == {f"Yth. Kepala Desa {i}" for i in range(20)}
    assert compiled.prepared(template) is prepared  # compiled once


def test_renders_in_threads_do_not_mix(template):
    results: dict[int, str] = {}

    def work(i: int) -> None:
        data = compiled.render(template, _context(name=f"Desa {i}"), PAGE, CORE)
        results[i] = Document(io.BytesIO(data)).paragraphs[0].text

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {i: f"Yth. Desa {i}" for i in range(6)}


# ---------------------------------------------------------------------------
# What goes back to docxtpl, and errors


def _fallback(caplog, source: TemplateSource, context: dict, reason: str) -> None:
    with caplog.at_level(logging.DEBUG, logger="docgen.compiled"):
        assert compiled.render(source, context, PAGE, CORE) is None
    assert reason in caplog.text and "docxtpl renders it" in caplog.text


def test_a_package_without_core_properties_goes_to_docxtpl(caplog):
    data = _strip_core(word_template(footnotes=False))
    _fallback(caplog, _source(data), _context(), "no core properties part")


def _strip_core(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "docProps/core.xml":
                continue
            if info.filename == "_rels/.rels":
                blob = re.sub(rb"<Relationship [^>]*core-properties[^>]*/>", b"", blob)
            dst.writestr(info, blob)
    return out.getvalue()


def test_a_value_with_a_control_character_goes_to_docxtpl(caplog, template):
    _fallback(caplog, template, _context(name="bad\x01name"), "character XML cannot carry")


def test_docxtpl_objects_bound_to_a_template_go_to_docxtpl(caplog, template):
    from docxtpl import DocxTemplate

    other = DocxTemplate(io.BytesIO(template.data))
    image = InlineImage(other, io.BytesIO(LOGO), height=Mm(10))
    _fallback(caplog, template, _context(photo=image), "InlineImage")


def test_a_block_across_paragraphs_is_checked_on_each_render(caplog):
    doc = Document()
    doc.add_paragraph("Awal {% if show %}tampil")
    doc.add_paragraph("lanjut{% endif %} akhir")
    out = io.BytesIO()
    doc.save(out)
    source = _source(out.getvalue())
    prepared = compile_template(out.getvalue(), source.sha256, ENV)
    assert not prepared.parts[0].checked  # the if's body closes and opens paragraphs
    for show in (True, False):
        _same(*_both(source, {"show": show}))


def test_template_errors_are_the_errors_docxtpl_reports(monkeypatch, study):
    doc = Document()
    doc.add_paragraph("Nomor {{ doc.number }}")
    doc.add_paragraph("Perihal {{ doc.tidak_ada }}")
    out = io.BytesIO()
    doc.save(out)
    source = _source(out.getvalue())
    errors = []
    for path in ("compiled", "docxtpl"):
        monkeypatch.setenv(compiled.PATH_SETTING, path)
        with pytest.raises(RenderError) as caught:
            render_document(study, "spt", template=source)
        errors.append((caught.value.detail, caught.value.paragraph, caught.value.line))
    assert errors[0] == errors[1]
    assert "tidak_ada" in errors[0][0] and errors[0][1] == "Perihal {{ doc.tidak_ada }}"


def test_a_syntax_error_is_reported_as_docxtpl_s_path_reports_it(monkeypatch, study):
    doc = Document()
    doc.add_paragraph("Nomor {{ doc.number ")
    doc.add_paragraph("{% if %}")
    out = io.BytesIO()
    doc.save(out)
    source = _source(out.getvalue())
    with pytest.raises(Unsupported, match="expected token"):  # docxtpl's path reports it
        compile_template(source.data, source.sha256, ENV)
    errors = []
    for path in ("compiled", "docxtpl"):
        monkeypatch.setenv(compiled.PATH_SETTING, path)
        with pytest.raises(RenderError) as caught:
            render_document(study, "spt", template=source)
        errors.append((caught.value.detail, caught.value.paragraph))
    assert errors[0] == errors[1] and "syntax error" in errors[0][0]


def test_the_cache_is_bounded_and_keeps_what_cannot_compile(monkeypatch):
    monkeypatch.setattr(CACHE, "size", 2)
    CACHE.clear()
    broken = [TemplateSource(None, b"not a zip %d" % i, f"{i:064x}") for i in range(4)]
    for source in broken:
        with pytest.raises(Unsupported):
            CACHE.get(source, ENV)
    assert len(CACHE) == 2
    with pytest.raises(Unsupported):  # remembered: not compiled again
        CACHE.get(broken[3], ENV)
    good = _source(word_template(footnotes=False))
    liar = TemplateSource(None, b"not a zip 3", good.sha256)  # a wrong SHA-256 stated
    assert CACHE.get(good, ENV) is not None
    with pytest.raises(Unsupported):
        CACHE.get(liar, ENV)
    CACHE.clear()


def test_comments_and_tags_holding_paragraph_markup_render_as_docxtpl_renders_them():
    doc = Document()
    doc.add_paragraph("Awal {# catatan penyusun #}akhir")
    doc.add_paragraph('Teks {{ "<w:p> dan <w:p x" }} utuh')
    out = io.BytesIO()
    doc.save(out)
    got = _same(*_both(_source(out.getvalue()), {}))
    # docxtpl's newline before each "<w:p" lands inside the text too: a line break there
    assert [item for item in got["body"] if item[0] == "p"] == \
        [("p", "Awal akhir"), ("p", "Teks <br ><w:p> dan <br ><w:p x utuh")]


def _template_of(*paragraphs: str, header: str | None = None) -> TemplateSource:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    doc.save(out)
    return _source(out.getvalue())


@pytest.mark.parametrize("paragraphs, header, context", [
    # a value printed in a header, after a clean body
    (["Yth. {{ name }}"], "Kop {{ office }}", {"name": "Desa", "office": "ba\x02d"}),
    # a value printed inside a macro, the macro's output printed in turn
    (["{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(name) }}"], None, {"name": "a\x1fb"}),
    # text a filter block makes of the template's own text: no value is printed at all
    (["{% filter replace('x', bad) %}x{% endfilter %}"], None, {"bad": "\x0b"}),
    # the same from a call block
    (["{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{{ bad }}{% endcall %}"],
     None, {"bad": "\ufffe"}),
], ids=["header", "macro", "filter-block", "call-block"])
def test_a_character_xml_cannot_carry_is_found_wherever_it_is_written(
        caplog, paragraphs, header, context):
    source = _template_of(*paragraphs, header=header)
    with caplog.at_level(logging.DEBUG, logger="docgen.compiled"):
        assert compiled.render(source, context, PAGE, CORE) is None
    assert "docxtpl renders it" in caplog.text  # as a character XML cannot carry, or as
    # a render that is not well-formed (a part with macros is parsed after each render)


def test_tabs_bells_and_form_feeds_in_values_are_docxtpls_markup_not_a_fallback():
    source = _template_of("Alamat: {{ address }}")
    for address in ("Jl. Magelang\tKm 6", "baris\aparagraf baru", "halaman\fbaru", "a\nb"):
        _same(*_both(source, {"address": address}))


@pytest.mark.parametrize("value", [
    "plain", "A & B <c> \"d\" 'e'", "", 0, 7, -12, 10**40, True, None, 2.5,
    Decimal("1500000.00"), ["a", "<b>"], {"k": "v"}, Markup("<w:br/>"), RichText("x"),
])
def test_a_printed_value_is_written_as_jinja_writes_it(value):
    from markupsafe import escape

    from docgen.render_env import _finalize, print_value
    assert str(print_value(value)) == str(escape(_finalize(value)))
