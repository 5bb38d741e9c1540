"""The template check (docgen.template_check): shipped templates pass, hostile ones are
refused with their reason, tags are linted against the vocabulary with the paragraph they
are in, split tags are joined, and links out of the file are removed."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from docgen import render_limits
from docgen.catalog import KINDS
from docgen.messages import TEXTS
from docgen.render import RenderError, clear_caches, render_document
from docgen.template_check import check_template, report_text
from docgen.template_clean import clean_xml
from tests.helpers import docx_text
from tests.template_hostile import CORPUS, GOOD_BODY, RENDER_BOMBS, package, paragraph, rel

TEMPLATES = Path(__file__).resolve().parent.parent / "templates_docx"


def _docx(*paragraphs: str, header: str | None = None, title: str | None = None) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    if title is not None:
        doc.core_properties.title = title
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _codes(problems) -> list[str]:
    return [p.code for p in problems]


def _one(report, code: str):
    found = [p for p in report.problems if p.code == code]
    assert found, report.text("en")
    return found[0]


# ---------------------------------------------------------------------------
# Shipped templates


def test_every_shipped_template_checks_clean():
    for kind in KINDS.values():
        data = (TEMPLATES / kind.template).read_bytes()
        report = check_template(data, kind=kind.id, filename=kind.template)
        assert report.ok and not report.warnings, report.text("en")
        assert report.cleaned is None and not report.unreadable


# ---------------------------------------------------------------------------
# Hostile templates


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 20
    assert len({case.code for case in CORPUS}) >= 15


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_hostile_template_is_refused_with_its_reason(case):
    report = check_template(case.build(), kind=None, filename=case.filename)
    assert case.code in _codes(report.errors), report.text("en")
    assert not report.ok and report.cleaned is None
    assert report.unreadable is case.unreadable
    assert report.exit_code() == (2 if case.unreadable else 1)
    problem = _one(report, case.code)
    indonesian, english = problem.message("id"), problem.message("en")
    assert indonesian and english and indonesian != english
    assert "{" not in indonesian.replace("{{", "").replace("{%", "") or "{{" in indonesian


@pytest.mark.parametrize("bomb", [b for b in RENDER_BOMBS if b.code != "render_steps_limit"],
                         ids=lambda b: b.name)
def test_template_that_runs_away_is_refused_at_check(bomb):
    data = package(GOOD_BODY + bomb.paragraphs)
    report = check_template(data, kind="rab", filename="rab.docx")
    assert bomb.code in _codes(report.errors), report.text("en")


def test_nested_loops_are_refused_at_check_within_the_trial_budget(monkeypatch):
    monkeypatch.setattr(render_limits, "MAX_STEPS", 20_000)
    report = check_template(package(GOOD_BODY + RENDER_BOMBS[0].paragraphs), kind="rab")
    problem = _one(report, "render_steps_limit")
    assert "{% for i in range(100000) %}" in problem.paragraph
    assert "20,000" in problem.message("en")


def test_every_code_has_both_languages():
    codes = {case.code for case in CORPUS} | {bomb.code for bomb in RENDER_BOMBS}
    codes |= {"template_link_removed", "template_attached_removed", "template_dotx",
              "template_split_tag", "template_split_tag_break", "template_tag_unclosed",
              "template_tag_across_paragraphs", "template_tag_drops_text",
              "template_tag_not_filled", "template_no_number", "template_no_signature",
              "template_no_tags", "template_unknown_name", "template_unknown_attr",
              "template_unknown_filter", "template_unknown_test", "template_syntax",
              "template_runtime", "render_time_limit", "template_strict"}
    for code in codes:
        assert code in TEXTS and all(TEXTS[code]), code


# ---------------------------------------------------------------------------
# Tags against the vocabulary


def test_unknown_names_are_reported_with_a_suggestion_and_the_paragraph():
    report = check_template(_docx("Nomor: {{ doc.nomor }}", "Hal: {{ study.goals.titel }}",
                                  "{{ sigenr.name }}", "{{ study.plan.budget|rupia }}",
                                  "{{ doc.date is tanggal }}"), kind=None)
    by_detail = {p.detail: p for p in report.errors}
    assert by_detail["doc.nomor"].suggestion == "doc.number"
    assert by_detail["doc.nomor"].paragraph == "Nomor: {{ doc.nomor }}"
    assert by_detail["doc.nomor"].part == "word/document.xml"
    assert by_detail["study.goals.titel"].suggestion == "study.goals.title"
    assert "mungkin maksudnya study.goals.title?" in by_detail["study.goals.titel"].message("id")
    assert "did you mean study.goals.title?" in by_detail["study.goals.titel"].message("en")
    assert by_detail["sigenr"].suggestion == "signer"
    assert by_detail["rupia"].suggestion == "rupiah"
    assert by_detail["tanggal"].code == "template_unknown_test"


def test_names_bound_by_the_template_are_known_in_their_scope():
    report = check_template(_docx(
        "{% for m in team %}{{ m.name }} {{ m.nip_formatted }} {{ loop.index }}{% endfor %}",
        "{% set s = signer %}{{ s.name }} {{ s.jabatn }}",
        "{% macro row(person, sep=', ') %}{{ person.name }}{{ sep }}{{ caller() }}"
        "{% endmacro %}{% call row(traveller) %}x{% endcall %}",
        "{% for g in budget.groups %}{% for line in g.lines %}{{ line.description }}"
        "{% endfor %}{% endfor %}",
        "{% with t = study.goals.title %}{{ t|upper }}{% endwith %}",
        "{% for m in team %}{% endfor %}{{ m }}"), kind=None)
    assert sorted(p.detail for p in report.errors) == ["m", "s.jabatn"], report.text("en")
    assert _one(report, "template_unknown_attr").suggestion == "s.jabatan"
    # the name of a loop does not leak out of it
    assert _one(report, "template_unknown_name").paragraph.endswith("{% endfor %}{{ m }}")


def test_problems_name_headers_and_core_properties():
    report = check_template(_docx("{{ study.goals.title }}", header="{{ office.nama }}",
                                  title="{{ study.goals.titel }}"), kind=None)
    parts = {p.part for p in report.errors}
    assert "word/header1.xml" in parts, report.text("en")
    assert "docProps/core.xml (title)" in parts


def test_footnotes_are_checked():
    footnotes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes '
                 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>{{ study.goals.judul }}</w:t></w:r>'
                 '</w:p></w:footnote></w:footnotes>')
    data = package(rels=rel("rId7", "footnotes", "footnotes.xml"),
                   parts={"word/footnotes.xml": footnotes},
                   types='<Override PartName="/word/footnotes.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
    problem = _one(check_template(data, kind=None), "template_unknown_attr")
    assert problem.part == "word/footnotes.xml"
    assert problem.suggestion == "study.goals.title"


def test_loop_outside_a_loop_is_unknown():
    report = check_template(_docx("{{ loop.index }}", "{% for m in team %}{{ loop.index }}"
                                                      "{% endfor %}"), kind=None)
    assert [p.detail for p in report.errors] == ["loop"]


def test_error_met_only_when_filled_is_found_by_the_example_render():
    # a traveller exists only on papers made one per traveller: the SPT has none
    report = check_template(package(GOOD_BODY + ("Pelaksana: {{ traveller.name }}",)),
                            kind="spt")
    problem = _one(report, "template_runtime")
    assert problem.paragraph == "Pelaksana: {{ traveller.name }}"
    assert "templat gagal diisi dengan data contoh" in problem.message("id")
    assert check_template(package(GOOD_BODY + ("Pelaksana: {{ traveller.name }}",)),
                          kind="spd").ok


def test_syntax_error_names_the_paragraph():
    report = check_template(_docx("Tanggal {{ doc.date|tanggal }}",
                                  "{% if doc.number %}ada{% endfi %}"), kind=None)
    problem = _one(report, "template_syntax")
    assert problem.paragraph.startswith("{% if doc.number %}ada")
    assert "endfi" in problem.message("id")


def test_unclosed_tag_and_tag_across_paragraphs():
    report = check_template(_docx("Nomor {{ doc.number }", "ok"), kind=None)
    assert _codes(report.errors) == ["template_tag_unclosed"]
    report = check_template(_docx("Nomor {{ doc.", "number }} ok"), kind=None)
    assert "template_tag_across_paragraphs" in _codes(report.errors)


def test_tags_in_parts_never_filled_are_warned():
    doc = Document()
    doc.add_paragraph("{{ study.goals.title }}")
    doc.core_properties.keywords = "{{ doc.number }}"
    out = io.BytesIO()
    doc.save(out)
    report = check_template(out.getvalue(), kind=None)
    assert _one(report, "template_tag_not_filled").part == "docProps/core.xml (keywords)"


# ---------------------------------------------------------------------------
# Split tags


def _split_docx(bold_middle: bool) -> bytes:
    doc = Document()
    p = doc.add_paragraph("Judul: ")
    for piece in ("{{ study.", "goals", ".title }}"):
        run = p.add_run(piece)
        if bold_middle and piece == "goals":
            run.bold = True
        run.font.size = Pt(12)
    doc.add_paragraph("{{ \u201cA\u201d ~ doc.number }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_split_tags_are_joined_in_the_stored_copy(study, tmp_path):
    report = check_template(_split_docx(bold_middle=False), kind=None)
    assert report.ok and not report.warnings, report.text("en")
    assert report.repaired == ["{{ study.goals.title }}", "{{ \"A\" ~ doc.number }}"]
    body = zipfile.ZipFile(io.BytesIO(report.cleaned)).read("word/document.xml").decode()
    assert ">{{ study.goals.title }}<" in body
    assert "{{ &#8220;" not in body and "\u201c" not in body
    (tmp_path / "rab.docx").write_bytes(report.cleaned)
    clear_caches()
    text = docx_text(render_document(study, "rab", template_dir=tmp_path).data)
    assert text.startswith(f"Judul: {study.goals.title}")


def test_split_tag_with_mixed_formatting_is_a_warning():
    report = check_template(_split_docx(bold_middle=True), kind=None)
    assert report.ok
    problem = _one(report, "template_split_tag")
    assert problem.severity == "warning"
    assert problem.paragraph == "Judul: {{ study.goals.title }}"


def test_structure_tag_beside_other_text_is_a_warning():
    report = check_template(_docx("Catatan: {%p if doc.number %}", "x", "{%p endif %}"),
                            kind=None)
    problem = _one(report, "template_tag_drops_text")
    assert "Catatan:" in problem.message("id") and "paragraf" in problem.message("id")


# ---------------------------------------------------------------------------
# What the kind needs


def test_numbered_kind_without_number_and_letter_without_signature():
    report = check_template(_docx("Hal: {{ doc.hal }}", "{{ signer.name }}"),
                            kind="coordination_letter")
    assert report.ok
    assert sorted(_codes(report.warnings)) == ["template_no_number", "template_no_signature"]
    assert "{{ doc.number }}" in _one(report, "template_no_number").message("id")


def test_countersigned_kind_needs_both_blocks():
    report = check_template(_docx("{{ signer.name }} {{ signer.nip }}"), kind="rab")
    problem = _one(report, "template_no_signature")
    assert problem.params["role"] == "countersigner"


def test_check_without_kind_skips_the_kind_checks():
    report = check_template(_docx("{{ study.goals.title }}"), kind=None)
    assert report.ok and not report.warnings


# ---------------------------------------------------------------------------
# Links out of the file, .dotx


def test_external_hyperlink_is_unwrapped_and_its_text_kept(study, tmp_path):
    body = "".join(paragraph(p) for p in GOOD_BODY) + (
        '<w:p><w:hyperlink r:id="rId5"><w:r><w:t>situs kantor</w:t></w:r></w:hyperlink></w:p>')
    data = package(body=body, rels=rel("rId5", "hyperlink", "http://kantor.example.go.id",
                                       external=True))
    report = check_template(data, kind=None)
    assert report.ok and _codes(report.warnings) == ["template_link_removed"]
    cleaned = zipfile.ZipFile(io.BytesIO(report.cleaned))
    assert b"External" not in cleaned.read("word/_rels/document.xml.rels")
    document = cleaned.read("word/document.xml").decode()
    assert "hyperlink" not in document and "situs kantor" in document


def test_attached_template_reference_is_dropped():
    settings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r='
                '"http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<w:attachedTemplate r:id="rId1"/></w:settings>')
    data = package(rels=rel("rId8", "settings", "settings.xml"), parts={
        "word/settings.xml": settings,
        "word/_rels/settings.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            + rel("rId1", "attachedTemplate", "file:///C:/Users/x/Normal.dotm", external=True)
            + "</Relationships>")})
    report = check_template(data, kind=None)
    assert report.ok and _codes(report.warnings) == ["template_attached_removed"]
    cleaned = zipfile.ZipFile(io.BytesIO(report.cleaned))
    assert b"attachedTemplate" not in cleaned.read("word/settings.xml")
    assert b"Normal.dotm" not in cleaned.read("word/_rels/settings.xml.rels")


def test_dotx_is_stored_as_a_document_that_renders(study, tmp_path):
    data = package(main_type="application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.template.main+xml")
    report = check_template(data, kind=None, filename="spt.dotx")
    assert report.ok and _codes(report.warnings) == ["template_dotx"]
    (tmp_path / "rab.docx").write_bytes(report.cleaned)
    clear_caches()
    assert study.goals.title in docx_text(render_document(study, "rab",
                                                          template_dir=tmp_path).data)


# ---------------------------------------------------------------------------
# The report


def test_report_text_in_both_languages():
    report = check_template(_docx("Nomor: {{ doc.nomor }}", "{{ signer.name }}"),
                            kind="spt", filename="spt.docx")
    indonesian, english = report_text(report, "id"), report.text("en")
    assert indonesian.splitlines()[0] == "spt.docx: 1 kesalahan, 2 peringatan"
    assert english.splitlines()[0] == "spt.docx: 1 error(s), 2 warning(s)"
    assert ('word/document.xml, paragraf "Nomor: {{ doc.nomor }}": doc tidak memiliki nomor '
            "(mungkin maksudnya doc.number?)") in indonesian
    assert "peringatan: Surat Perintah Tugas diberi nomor" in indonesian
    data = report.as_dict()
    assert data["ok"] is False and data["errors"][0]["suggestion"] == "doc.number"
    assert data["errors"][0]["message_en"].startswith("doc has no nomor")
    assert report.exit_code() == 1


def test_openers_that_never_close_are_refused_in_linear_time(study, tmp_path):
    # docxtpl's clean-up takes about 10 s over 36,000 characters of this, and hours over
    # a megabyte: the check and the renderer refuse it before it is read
    data = package(GOOD_BODY + ("{{p aaaa " * 100_000,))
    start = time.perf_counter()
    report = check_template(data, kind="rab")
    assert time.perf_counter() - start < 2
    problem = _one(report, "template_tag_unclosed")
    assert problem.part == "word/document.xml" and problem.paragraph.startswith("{{p aaaa")
    (tmp_path / "rab.docx").write_bytes(data)
    clear_caches()
    start = time.perf_counter()
    with pytest.raises(RenderError, match="not closed"):
        render_document(study, "rab", template_dir=tmp_path)
    assert time.perf_counter() - start < 2
    assert clean_xml("<w:t>" + "{{p aaaa " * 100_000 + "</w:t>").startswith("<w:t>{{p")
