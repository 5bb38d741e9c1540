"""`docgen render --format pdf|both`: PDF/A-2b beside (or instead of) the DOCX files."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from docgen import pdf
from docgen.catalog import available, items
from docgen.cli import main
from docgen.example import example_study
from docgen.pdf import pdfa_identification

with_libreoffice = pytest.mark.skipif(pdf.soffice() is None,
                                      reason="LibreOffice (soffice) is not installed")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env={"DOCGEN_LANG": "id", **(env or {})})


@pytest.fixture
def study_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(run("example").output, encoding="utf-8")
    return path


def _pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.pdf
@with_libreoffice
def test_format_pdf_writes_only_pdfa_files(study_file, tmp_path):
    out = tmp_path / "out"
    result = run("render", str(study_file), "--out", str(out), "--kind", "nota_dinas",
                 "--kind", "rab", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "nota-dinas-permohonan-persetujuan.pdf", "rincian-anggaran-biaya.pdf"]
    nota = (out / "nota-dinas-permohonan-persetujuan.pdf").read_bytes()
    assert pdfa_identification(nota) == (2, "B")
    pages = _pages(nota)
    assert len(pages) == 1
    # a draft: the header's mark first, then the kop
    assert pages[0].startswith("KONSEP")
    assert pages[0].removeprefix("KONSEP").lstrip().startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "NOTA DINAS" in pages[0]
    rab = _pages((out / "rincian-anggaran-biaya.pdf").read_bytes())
    assert "JUMLAH 24.422.000" in rab[0]
    assert str(out / "rincian-anggaran-biaya.pdf") in result.output


@pytest.mark.pdf
@with_libreoffice
def test_format_both_puts_each_pdf_beside_its_docx(study_file, tmp_path):
    out = tmp_path / "out"
    result = run("render", str(study_file), "--out", str(out), "--format", "both")
    assert result.exit_code == 0, result.output
    docx = sorted(p.stem for p in out.glob("*.docx"))
    pdfs = sorted(p.stem for p in out.glob("*.pdf"))
    made = sum(len(items(example_study(), kind)) for kind in available(example_study()))
    assert len(docx) == made and docx == pdfs
    for path in out.glob("*.pdf"):
        data = path.read_bytes()
        assert pdfa_identification(data) == (2, "B"), path.name
    spd = _pages((out / "spd-rina-kartikasari.pdf").read_bytes())  # named for whom
    assert "SURAT PERJALANAN DINAS" in spd[0].upper()


@pytest.mark.pdf
@with_libreoffice
def test_format_both_with_merged_fan_out(study_file, tmp_path):
    out = tmp_path / "out"
    result = run("render", str(study_file), "--out", str(out), "--kind", "spd", "--merged",
                 "--format", "both")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf"]
    merged = next(out.glob("*.pdf")).read_bytes()
    assert len(_pages(merged)) >= 4, "the four SPDs, each on its own pages"


def test_without_libreoffice_pdf_is_refused_plainly_and_nothing_is_written(
        study_file, tmp_path):
    out = tmp_path / "out"
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run("render", str(study_file), "--out", str(out), "--kind", "rab",
                 "--format", "pdf", env={"PATH": str(empty)})
    assert result.exit_code == 1
    assert "PDF tidak dapat dibuat: LibreOffice (soffice) belum terpasang" in result.output
    assert not out.exists() or not list(out.iterdir())
    result = run("--lang", "en", "render", str(study_file), "--out", str(out), "--kind", "rab",
                 "--format", "pdf", env={"PATH": str(empty)})
    assert "PDF cannot be made: LibreOffice (soffice) is not installed" in result.output


def test_without_libreoffice_both_still_writes_the_docx(study_file, tmp_path):
    out = tmp_path / "out"
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run("render", str(study_file), "--out", str(out), "--kind", "rab",
                 "--format", "both", env={"PATH": str(empty)})
    assert result.exit_code == 1
    assert "LibreOffice" in result.output
    assert [p.name for p in out.iterdir()] == ["rincian-anggaran-biaya.docx"]
