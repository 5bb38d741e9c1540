"""The final report and the letter that sends it: kata pengantar, a table of contents that
LibreOffice fills, chapter II from what happened (the activity log and the notulen), the
annexes, tables whose words fit their columns, and budget tables that keep their total with
their rows."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from functools import cache

import pytest
from lxml import etree

from docgen import catalog, idformat
from docgen.context import realised_summary
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf, soffice
from docgen.render import render_document
from docgen.report import report_facts, sentence
from docgen.study import LogEntry
from tests.helpers import docx_text, docx_xml, squash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLES = {"dalam_negeri": example_study, "luar_negeri": abroad_example_study}


def needs_pdf(test):
    """A test that converts to PDF (marker ``pdf``; skipped without LibreOffice)."""
    skip = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
    return pytest.mark.pdf(skip(test))


def _report(study) -> bytes:
    return render_document(study, "final_report").data


# --- chapter II from what happened ---------------------------------------------------------


def test_days_come_from_the_log_and_the_notulen_in_date_order(study):
    study.execution.log.append(LogEntry(activity="rapat evaluasi harian", place="Hotel"))
    facts = report_facts(study)
    dates = [d.date for d in facts.days]
    assert dates == sorted(d for d in dates if d) + [None]
    first = facts.days[0]
    assert first.label == "Senin, 14 Desember 2026"
    assert first.activities == ["Paparan sistem e-budgeting di Kantor BPKPD Kota Surabaya. "
                                "Diterima Sekretaris BPKPD beserta tim pengelola sistem."]
    assert [m.number for m in first.meetings] == [1]
    assert first.meetings[0].opening == (
        "Pertemuan pukul 13.00–16.00 WIB di Ruang Rapat BPKPD Kota Surabaya, dipimpin oleh "
        "Sekretaris BPKPD Kota Surabaya, dengan notulis Rina Kartikasari, S.E.")
    assert facts.days[-1].label == "Tanggal tidak dicatat"
    assert facts.days[-1].activities == ["Rapat evaluasi harian di Hotel."]
    assert [m.number for m in facts.meetings] == [1, 2]


def test_sentence():
    assert sentence("  diterima  tim ") == "Diterima tim."
    assert sentence("Selesai.") == "Selesai."
    assert sentence("") == ""


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_chapter_two_tells_what_happened_not_the_plan(example):
    study = EXAMPLES[example]()
    text = squash(docx_text(_report(study)))
    chapter = text[text.rindex("BAB II PELAKSANAAN"):text.rindex("BAB III HASIL")]
    assert "Jalannya Kegiatan" in chapter and "Agenda Kegiatan" not in chapter
    for entry in study.execution.log:
        assert entry.activity in chapter
        if entry.notes:
            assert entry.notes in chapter
    for note in study.execution.notes:
        assert idformat.tanggal(note.date, with_day=True) in chapter
        for line in note.discussion + note.agreements + note.topics:
            assert line in chapter
    assert "Hari/Tanggal Waktu Kegiatan Tempat" not in chapter, "the planned agenda table"
    told = " ".join(f"{e.activity} {e.place}" for e in study.execution.log)
    untold = [a.activity for a in study.plan.agenda if a.activity.split()[0] not in told]
    assert untold, "the example plans something the log does not tell"
    for activity in untold:
        assert activity not in chapter


def test_the_report_needs_the_notulen(study):
    study.execution.notes = []
    assert "execution.notes" in [p.path for p in catalog.missing(study, "final_report")]


# --- front matter and annexes ---------------------------------------------------------------


def test_kata_pengantar_contents_field_and_heading_styles(study):
    data = _report(study)
    text = squash(docx_text(data))
    assert text.index("KATA PENGANTAR") < text.index("DAFTAR ISI") < text.index("PENDAHULUAN")
    assert "Puji syukur" in text and "Bupati Sleman" in text
    xml = docx_xml(data)
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-3" \\h </w:instrText>', xml)
    assert 'w:fldCharType="begin" w:dirty="true"' in xml
    assert xml.count('<w:pStyle w:val="Heading1"/>') == 8  # pengantar, isi, BAB I–V, lampiran
    assert xml.count('<w:pStyle w:val="Heading2"/>') >= 15
    styles = docx_xml(data, "word/styles.xml")
    for style in ("Heading1", "Heading2", "TOC1", "TOC2"):
        assert f'w:styleId="{style}"' in styles
    assert '<w:outlineLvl w:val="0"/>' in styles and '<w:outlineLvl w:val="1"/>' in styles
    assert '<w:updateFields w:val="true"/>' in docx_xml(data, "word/settings.xml")


def test_annexes_cite_the_assignment_list_the_notulen_and_show_the_photos(study):
    data = _report(study)
    text = squash(docx_text(data))
    annex = text[text.rindex("LAMPIRAN"):]
    assert "Dasar Penugasan" in annex and "Surat Perintah Tugas" in annex
    assert "Surat Perjalanan Dinas" in annex
    assert "Daftar Notulen Kunjungan" in annex
    for note in study.execution.notes:
        assert f"{note.place}" in annex and note.notetaker in annex
    assert "Dokumentasi Kegiatan" in annex
    for photo in study.execution.photos:
        assert photo.caption in annex


# --- the cover letter -----------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_report_letter(example):
    study = EXAMPLES[example]()
    kind = catalog.get_kind("report_letter")
    assert (kind.stage, kind.numbered, kind.signer, kind.hal) == (
        7, True, "head", "Laporan Hasil Studi Banding")
    assert kind.classification(study) == catalog.get_kind("final_report").classification(study)
    assert not catalog.missing(study, kind)
    number = f"{kind.classification(study)}/77/Bappeda/{study.fiscal_year}"
    data = render_document(study, kind, number=number).data
    text = squash(docx_text(data))
    assert f"Nomor : {number}" in text
    assert "Lampiran : 1 (satu) berkas" in text
    assert "Hal : Laporan Hasil Studi Banding" in text
    assert f"Yth. {study.reporting.addressee} di {study.office.city}" in text
    assert idformat.tanggal(study.reporting.report_date) in text, "dated as the report"
    for conclusion in study.reporting.conclusions:
        assert conclusion.rstrip(".;") in text
    assert study.office.head.full_name in text
    assert "Surat Perintah Tugas" in text


def test_report_letter_needs_the_addressee(study):
    study.reporting.addressee = ""
    assert "reporting.addressee" in [p.path for p in catalog.missing(study, "report_letter")]


# --- words fit their columns ----------------------------------------------------------------


@cache
def _font(bold: bool, italic: bool):
    from PIL import ImageFont

    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic",
             (True, True): "BoldItalic"}[(bold, italic)]
    path = subprocess.run(["fc-match", f"Arial:style={style}", "-f", "%{file}"],
                          capture_output=True, text=True, check=True).stdout
    return ImageFont.truetype(path, 1000)


def _on(rpr, tag: str) -> bool:
    el = rpr.find(W + tag)
    return el is not None and el.get(W + "val") not in ("0", "false")


def words_wider_than_their_cells(docx: bytes) -> list[tuple[str, int, int]]:
    """(word, its width, the cell's text width) in twips, for every word of a table cell
    that would have to break between letters: measured with the fonts LibreOffice uses for
    Arial. A word may break after a hyphen, an en dash or a slash; one character is
    ignored (a colon column)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    found = []
    for tbl in root.iter(W + "tbl"):
        grid = [int(g.get(W + "w")) for g in tbl.find(W + "tblGrid")]
        margins = tbl.find(f"{W}tblPr/{W}tblCellMar")
        margin = 2 * 85 if margins is not None else 2 * 108
        for tr in tbl.findall(W + "tr"):
            column = 0
            for tc in tr.findall(W + "tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                span = int(span.get(W + "val")) if span is not None else 1
                width = sum(grid[column:column + span]) - margin
                column += span
                for p in tc.findall(W + "p"):
                    ind = p.find(f"{W}pPr/{W}ind")
                    room = width - (int(ind.get(W + "left", 0)) if ind is not None else 0)
                    for r in p.iter(W + "r"):
                        rpr = r.find(W + "rPr")
                        size, bold, italic = 12.0, False, False
                        if rpr is not None:
                            sz = rpr.find(W + "sz")
                            size = int(sz.get(W + "val")) / 2 if sz is not None else size
                            bold, italic = _on(rpr, "b"), _on(rpr, "i")
                        text = "".join(t.text or "" for t in r.iter(W + "t"))
                        for word in text.split():
                            for piece in re.findall(r"[^-–/]+[-–/]?|[-–/]", word):
                                if len(piece) < 2:
                                    continue
                                need = _font(bold, italic).getlength(piece) / 1000 * size * 20
                                if need > room:
                                    found.append((piece, round(need), room))
    return found


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is missing")
@pytest.mark.parametrize("example", sorted(EXAMPLES))
@pytest.mark.parametrize("kind", ["final_report", "report_letter", "coordination_letter",
                                  "rab"])
def test_no_word_breaks_between_letters_in_a_table(example, kind):
    study = EXAMPLES[example]()
    for item in catalog.items(study, catalog.get_kind(kind)):
        data = render_document(study, kind, item=item,
                               verify_url="https://arsip.slemankab.go.id/v/" + "a" * 32).data
        assert not words_wider_than_their_cells(data), kind


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is missing")
def test_the_width_check_sees_a_narrow_column():
    """The status column of the RTL table at its old 1.2 cm would break "Berjalan"."""
    study = example_study()
    study.evaluation.follow_up[0].status = "berjalan"
    data = render_document(study, "final_report").data
    assert not words_wider_than_their_cells(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    assert xml.count('<w:gridCol w:w="1247"/></w:tblGrid>') == 1
    xml = xml.replace('<w:gridCol w:w="1247"/></w:tblGrid>', '<w:gridCol w:w="680"/></w:tblGrid>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, value in parts.items():
            zf.writestr(name, xml.encode() if name == "word/document.xml" else value)
    assert words_wider_than_their_cells(out.getvalue())


# --- in the PDF -----------------------------------------------------------------------------


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@needs_pdf
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_contents_in_the_pdf_have_page_numbers(example):
    study = EXAMPLES[example]()
    pages = _pages(docx_to_pdf(_report(study), name="final_report"))
    contents = next(i for i, p in enumerate(pages) if "DAFTAR ISI" in p and "Halaman" in p)
    lines = {" ".join(line.split()).rstrip(". 0123456789"): line
             for line in pages[contents].splitlines()}
    expected = {"KATA PENGANTAR": "KATA PENGANTAR", "BAB I": "BAB I PENDAHULUAN",
                "BAB II": "BAB II PELAKSANAAN KEGIATAN", "BAB III": "BAB III HASIL STUDI BANDING",
                "BAB IV": "BAB IV EVALUASI DAN REKOMENDASI", "BAB V": "BAB V PENUTUP",
                "LAMPIRAN": "LAMPIRAN", "C. Jalannya Kegiatan": "C. Jalannya Kegiatan"}
    for start, entry in expected.items():
        line = next((v for k, v in lines.items() if k.endswith(entry)), None)
        assert line is not None, f"{entry} is not in the contents: {pages[contents]}"
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        heading = start if start.startswith(("BAB", "KATA", "LAMPIRAN")) else entry
        found = [i + 1 for i, p in enumerate(pages) if i != contents and heading in p]
        assert number in found, f"{entry}: page {number}, found on {found}"


def _filler(study, n: int):
    day = study.execution.log[0].date
    for i in range(n):
        study.execution.log.append(LogEntry(date=day, activity=f"Kegiatan tambahan {i + 1}",
                                            place="Kantor"))
    return study


def _total_page(study) -> tuple[int, list[str]]:
    pages = _pages(docx_to_pdf(render_document(study, "final_report",
                                               issued=date(2026, 12, 21)).data))
    return next(i for i, p in enumerate(pages) if "JUMLAH" in p), pages


@needs_pdf
@pytest.mark.parametrize("realised", [True, False])
def test_the_budget_table_moves_whole_never_leaving_its_total_alone(realised):
    """Pushed down line by line across a page end, the budget table of chapter II is never
    split: its rows stay with their total (and its heading with it)."""
    base = example_study()
    if not realised:  # the plan alone: no realisation entered, none in the budget
        for line in base.plan.budget:
            line.realized = None
        base.realisation.travellers = []
    start, _ = _total_page(base)
    step, n, before = 6, 0, start
    while before == start and n < 80:  # find where the table goes to the next page
        n += step
        before, _ = _total_page(_filler(base.model_copy(deep=True), n))
    assert before == start + 1, "the filler never moved the table"
    for m in range(max(0, n - step), n + 1):
        page, pages = _total_page(_filler(base.model_copy(deep=True), m))
        text = pages[page]
        rows = (len(realised_summary(base).groups) if base.realisation.entered
                else len({line.component for line in base.plan.budget}))
        head = text.index("Komponen")
        assert "Pembiayaan" in text[:head], f"{m}: the heading left its table"
        body = text[head:text.index("JUMLAH")]
        assert len(re.findall(r"^\d+ ", body, re.M)) == rows, f"{m}: rows left the total"

