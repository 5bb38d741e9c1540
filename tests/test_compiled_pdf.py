"""LibreOffice reads the compiled path's packages as it reads docxtpl's: the same pages."""

from __future__ import annotations

import io

import pytest

from docgen.compiled import PATH_SETTING
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf, soffice
from docgen.qr import verify_url
from docgen.render import render_document

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]

CASES = [("domestic", "coordination_letter"), ("domestic", "rab"),
         ("domestic", "final_report"), ("abroad", "daftar_nominatif"), ("abroad", "spd")]


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(("example", "kind"), CASES)
def test_libreoffice_converts_the_compiled_output_to_the_same_pages(monkeypatch, example, kind):
    study = (example_study if example == "domestic" else abroad_example_study)()
    study.office.paper = "F4"
    options = {"issued": study.plan.end_date, "number": "000.1.2.3/7/Bappeda/2026",
               "verify_url": verify_url("AbCdEf123456", "https://docgen.example")}
    monkeypatch.setenv(PATH_SETTING, "compiled")
    fast = docx_to_pdf(render_document(study, kind, **options).data, name=f"{kind}-compiled")
    monkeypatch.setenv(PATH_SETTING, "docxtpl")
    slow = docx_to_pdf(render_document(study, kind, **options).data, name=f"{kind}-docxtpl")
    fast_pages, slow_pages = _pages(fast), _pages(slow)
    assert len(fast_pages) == len(slow_pages) >= 1
    assert [" ".join(p.split()) for p in fast_pages] == [" ".join(p.split()) for p in slow_pages]
