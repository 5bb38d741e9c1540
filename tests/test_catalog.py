"""The whole set: every kind for both examples, fan-outs, signing rules, merged files."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from docgen import catalog
from docgen.catalog import KINDS, available, items, missing
from docgen.example import abroad_example_study, example_study
from docgen.render import render_document, render_merged, render_set
from docgen.study import SigningRule
from tests.helpers import docx_text, docx_xml, squash

EXAMPLES = {"dalam_negeri": example_study, "luar_negeri": abroad_example_study}


def _cases():
    for name, make in EXAMPLES.items():
        for kind in available(make()):
            for paper in ("A4", "F4"):
                yield pytest.param(name, kind.id, paper, id=f"{name}-{kind.id}-{paper}")


@pytest.mark.parametrize(("example", "kind_id", "paper"), list(_cases()))
def test_every_kind_renders_for_both_examples_and_papers(example, kind_id, paper):
    study = EXAMPLES[example]()
    study.office.paper = paper
    kind = KINDS[kind_id]
    assert missing(study, kind) == []
    docs = render_set(study, kind)
    assert len(docs) == len(items(study, kind)) >= 1
    for doc in docs:
        xml = docx_xml(doc.data)
        assert "{{" not in xml and "{%" not in xml
        section = Document(io.BytesIO(doc.data)).sections[0]
        short, long_ = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert (short, long_) == ((210, 297) if paper == "A4" else (215, 330))
        if kind.landscape:
            assert section.page_width > section.page_height
        text = squash(docx_text(doc.data))
        assert "None" not in text
        assert study.goals.title in text or study.goals.title.upper() in text


def test_permit_request_only_abroad():
    domestic, abroad = example_study(), abroad_example_study()
    assert "permit_request" not in [k.id for k in available(domestic)]
    assert "permit_request" in [k.id for k in available(abroad)]
    problems = missing(domestic, "permit_request")
    assert [p.code for p in problems] == ["needs_abroad"]


def test_fan_out_counts():
    study = example_study()
    assert len(items(study, KINDS["spd"])) == len(study.plan.team) == 4
    assert len(items(study, KINDS["notulen"])) == len(study.execution.notes) == 2
    invitees = study.reporting.dissemination[0].invitees
    assert len(items(study, KINDS["invitation"])) == len(invitees) == 3
    study.office.invitation_mode = "distribution_list"
    assert items(study, KINDS["invitation"]) == [0]


def test_each_traveller_gets_an_spd_with_his_own_name():
    study = example_study()
    docs = render_set(study, "spd")
    for doc, member in zip(docs, study.plan.members_ordered, strict=True):
        text = docx_text(doc.data)
        assert member.full_name in text
        others = [m for m in study.plan.team if m is not member]
        assert not any(o.full_name in text for o in others)
    assert [d.filename for d in docs] == ["spd-bambang-setiawan.docx", "spd-rina-kartikasari.docx",
                                          "spd-yoga-pratama.docx", "spd-dewi-anggraini.docx"]


def test_sekda_signs_on_behalf_of_the_regional_head_without_nip():
    study = abroad_example_study()
    study.office.signing = {"permit_request": SigningRule(signer="sekda", on_behalf=True)}
    text = squash(docx_text(render_document(study, "permit_request").data))
    assert "a.n. BUPATI SLEMAN, SEKRETARIS DAERAH," in text
    assert "Drs. Hari Sulistyo Nugroho, M.Si." in text
    # Pasal 44 ayat (3): the regional secretary prints no NIP or pangkat
    assert "NIP 19680415 199003 1 007" not in text
    assert "Pembina Utama Madya" not in text


def test_office_can_change_who_signs_and_the_tembusan():
    study = example_study()
    study.office.signing = {"spt": SigningRule(signer="region_head",
                                               tembusan=["Inspektur Kabupaten Sleman"])}
    text = squash(docx_text(render_document(study, "spt").data))
    assert "BUPATI SLEMAN," in text
    assert "H. Ahmad Suryanto, S.H., M.M." in text
    assert "Yth. Inspektur Kabupaten Sleman." in text
    assert "Yth. Bupati Sleman (sebagai laporan)" not in text


def test_acting_regional_head_signs_without_titles():
    study = example_study()
    study.office.signing = {"spt": SigningRule(signer="region_head")}
    study.office.kepala_daerah.acting = "plt"
    text = squash(docx_text(render_document(study, "spt").data))
    assert "Plt. BUPATI SLEMAN," in text
    assert "Ahmad Suryanto" in text and "H. Ahmad Suryanto" not in text


def test_signer_data_missing_is_reported():
    study = example_study()
    study.office.sekda.name = ""
    study.office.signing = {"spt": SigningRule(signer="sekda", on_behalf=True)}
    assert [p.path for p in missing(study, "spt")] == ["office.sekda.name"]


def test_merged_fan_out_restarts_page_numbers():
    study = example_study()
    doc = render_merged(study, "spd")
    assert doc.filename == "spd-gabungan.docx"
    word = Document(io.BytesIO(doc.data))
    assert len(word.sections) == len(study.plan.team)
    for section in word.sections:
        numbering = section._sectPr.find(qn("w:pgNumType"))
        assert numbering is not None and numbering.get(qn("w:start")) == "1"
    text = docx_text(doc.data)
    for member in study.plan.team:
        assert member.full_name in text


@pytest.mark.pdf
@pytest.mark.skipif(__import__("docgen.pdf").pdf.soffice() is None,
                    reason="LibreOffice (soffice) is not installed")
def test_merged_pdf_numbers_each_document_from_one():
    from pypdf import PdfReader

    from docgen.pdf import docx_to_pdf

    study = example_study()
    pdf = docx_to_pdf(render_merged(study, "spd").data)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    single = len(PdfReader(io.BytesIO(docx_to_pdf(render_document(study, "spd",
                                                                    item=0).data))).pages)
    assert len(pages) == single * len(study.plan.team)
    starts = [i for i, text in enumerate(pages) if "SURAT PERJALANAN DINAS" in text]
    assert starts == [i * single for i in range(len(study.plan.team))]


def test_final_report_photo_grid_and_realisation():
    study = example_study()
    data = render_document(study, "final_report").data
    images = re.findall(r"<pic:pic\b", docx_xml(data))
    assert len(images) == len(study.execution.photos) + 1  # photos and the cover emblem
    text = squash(docx_text(data))
    for photo in study.execution.photos:
        assert photo.caption in text
    assert "24.422.000 22.900.200 1.521.800 93,77" in text
    assert ("Realisasi biaya sebesar Rp22.900.200,00 (dua puluh dua juta sembilan ratus ribu "
            "dua ratus rupiah)") in text


def test_final_report_without_realisation_shows_the_plan():
    study = example_study()
    for line in study.plan.budget:
        line.realized = None
    study.realisation.travellers = []  # the travellers' lines win over `realized`
    text = squash(docx_text(render_document(study, "final_report").data))
    assert "Realisasi" not in text
    assert "JUMLAH 24.422.000" in text


def test_catalog_entries_are_consistent():
    for kind in KINDS.values():
        assert kind.template.endswith(".docx")
        assert re.fullmatch(r"\d{3}(\.\d+)+", kind.code_domestic)
        assert 1 <= kind.stage <= 7
        for need in kind.needs:
            root = need.split(".")[0]
            assert root in {"office", "goals", "plan", "destination", "coordination",
                            "execution", "evaluation", "reporting", "realisation"}
    assert catalog.get_kind("spd").fan_out == "traveller"
