"""No document reaches LibreOffice holding something that makes it fetch from outside."""

from __future__ import annotations

import pytest

from docgen import pdf
from docgen.catalog import available
from docgen.docx_guard import outside_references
from docgen.render import render_document
from tests.template_hostile import CORPUS, GOOD_BODY, package, paragraph, rel

FETCHING = {"ole_object", "altchunk", "external_image_http", "external_image_file",
            "external_frame_unc", "vml_href", "includepicture", "includetext_simple",
            "ddeauto", "link_field"}


@pytest.mark.parametrize("case", [c for c in CORPUS if c.name in FETCHING],
                         ids=lambda c: c.name)
def test_document_that_would_fetch_is_never_converted(case, monkeypatch):
    def no_office(*args, **kwargs):  # pragma: no cover - reached only if the guard fails
        raise AssertionError("LibreOffice was asked to open it")

    monkeypatch.setattr(pdf, "soffice", no_office)
    with pytest.raises(pdf.PdfFailed, match="outside itself"):
        pdf.docx_to_pdf(case.build(), name=case.name)
    with pytest.raises(pdf.PdfFailed, match="outside itself"):
        pdf.cold_docx_to_pdf(case.build(), name=case.name)


def test_hyperlinks_and_documents_made_by_every_kind_pass(study):
    body = "".join(paragraph(p) for p in GOOD_BODY) + (
        '<w:p><w:hyperlink r:id="rId5"><w:r><w:t>situs</w:t></w:r></w:hyperlink></w:p>')
    assert outside_references(package(body=body, rels=rel(
        "rId5", "hyperlink", "https://kantor.example.go.id", external=True))) == []
    for kind in available(study):
        document = render_document(study, kind, item=0 if kind.fan_out != "none" else None)
        assert outside_references(document.data) == [], kind.id


def test_field_word_cut_across_runs_is_still_seen():
    assert outside_references(CORPUS[[c.name for c in CORPUS].index("includepicture")]
                              .build())[0].endswith("field INCLUDEPICTURE")
