"""PDF through LibreOffice: the letters keep their layout (one-page body, kop on top)."""

from __future__ import annotations

import io

import pytest

from docgen.pdf import docx_to_pdf, soffice
from docgen.render import render

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def pdfs():
    from docgen.example import example_study

    study = example_study()
    return {kind: _pages(docx_to_pdf(render(study, kind), name=kind))
            for kind in ("coordination_letter", "spt", "rab", "final_report")}


def test_coordination_letter_fits_one_page_with_its_attachment(pdfs):
    pages = pdfs["coordination_letter"]
    assert len(pages) == 2
    first = " ".join(pages[0].split())
    assert first.startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "Ir. Hendra Wicaksono, M.T." in first
    assert "NIP 19700512 199603 1 004" in first
    assert "Tembusan:" in first
    second = " ".join(pages[1].split())
    assert "SUSUNAN TIM STUDI BANDING" in second
    assert "RENCANA AGENDA KUNJUNGAN" in second


def test_rab_is_one_page_with_total_and_signatures(pdfs):
    pages = pdfs["rab"]
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert "JUMLAH 24.422.000" in text
    assert "Dua puluh empat juta empat ratus dua puluh dua ribu rupiah" in text
    assert "Sri Rahayu Lestari, S.E., M.Ak." in text


def test_spt_and_report_page_numbers(pdfs):
    assert len(pdfs["spt"]) == 2
    assert "- 2 -" in pdfs["spt"][1]
    report = pdfs["final_report"]
    assert report[0].split()[0:4] == ["LAPORAN", "HASIL", "STUDI", "BANDING"]
    assert any("BAB V" in page for page in report)
