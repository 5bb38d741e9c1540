"""PDF/A-2b through LibreOffice: the letters keep their layout (one-page body, kop on top),
declare PDF/A-2b, carry the sRGB output intent and embed every font."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from defusedxml import ElementTree

from docgen.pdf import docx_to_pdf, pdfa_identification, soffice
from docgen.render import render

KINDS = ("coordination_letter", "spt", "rab", "final_report")

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def converted():
    """The PDF bytes of four real letters, converted by the warm pool."""
    from docgen.example import example_study

    study = example_study()
    return {kind: docx_to_pdf(render(study, kind), name=kind) for kind in KINDS}


@pytest.fixture(scope="module")
def pdfs(converted):
    return {kind: _pages(pdf) for kind, pdf in converted.items()}


def test_coordination_letter_fits_one_page_with_its_attachment(pdfs):
    pages = pdfs["coordination_letter"]
    assert len(pages) == 2
    first = " ".join(pages[0].split())
    assert first.startswith("KONSEP PEMERINTAH KABUPATEN SLEMAN"), "a draft: the mark, the kop"
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
    assert report[0].split()[0:5] == ["KONSEP", "LAPORAN", "HASIL", "STUDI", "BANDING"]
    assert any("BAB V" in page for page in report)


# --- PDF/A-2b -----------------------------------------------------------------------------------

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def _xmp_pdfaid(pdf: bytes) -> dict[str, str]:
    """pdfaid:* of the document's XMP metadata stream, read through pypdf (not through
    docgen's own reader)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    root = ElementTree.fromstring(stream.get_data())
    found = {}
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.startswith(PDFAID):
                found[key.removeprefix(PDFAID)] = value
        if element.tag.startswith(PDFAID):
            found[element.tag.removeprefix(PDFAID)] = (element.text or "").strip()
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_letters_declare_pdfa_2b_in_their_xmp(converted, kind):
    pdf = converted[kind]
    assert _xmp_pdfaid(pdf) == {"part": "2", "conformance": "B"}
    assert pdfa_identification(pdf) == (2, "B")


@pytest.mark.parametrize("kind", KINDS)
def test_letters_have_the_structure_pdfa_asks_for(converted, kind):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(converted[kind]))
    assert not reader.is_encrypted
    assert len(reader.trailer["/ID"]) == 2
    root = reader.trailer["/Root"]
    intents = root["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3  # an RGB ICC profile (sRGB)
    assert b"acsp" in profile.get_data()[:64], "not an ICC profile"
    assert "/JavaScript" not in root.get("/Names", {})
    assert "/AA" not in root
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    opening = root.get("/OpenAction")  # a plain destination (the first page) is allowed
    assert opening is None or isinstance(opening, list) or opening["/S"] == "/GoTo"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is missing")
@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded_and_metric_compatible(converted, kind, tmp_path):
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(converted[kind])
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    for row in listing:
        columns = row.split()  # name, type (may hold a space), encoding, emb, sub, uni, id, gen
        assert columns[-5] == "yes", f"not embedded: {row}"
        assert re.fullmatch(r"[A-Z]{6}\+(LiberationSans|LiberationSerif|Carlito|OpenSymbol)"
                            r"(-\w+)?", columns[0]), row


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig's fc-match is missing")
@pytest.mark.parametrize(("word_font", "installed"), [
    ("Arial", "Liberation Sans"), ("Times New Roman", "Liberation Serif"),
    ("Calibri", "Carlito"),
])
def test_word_fonts_have_metric_compatible_substitutes(word_font, installed):
    found = subprocess.run(["fc-match", "-f", "%{family}", word_font], capture_output=True,
                           text=True, check=True).stdout
    assert installed in found.split(",")
