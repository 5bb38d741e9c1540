"""Rendering: real DOCX out, opened and read back."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from docx import Document

from docgen import idformat
from docgen.catalog import available, get_kind, items
from docgen.example import example_study
from docgen.render import RenderError, clear_caches, render, render_document
from docgen.study import load_study
from tests.helpers import docx_text, docx_xml, squash

RUPIAH_WITH_WORDS = re.compile(r"(Rp[\d.]+,\d{2}) \(([^)]+)\)")


def _figure(text: str) -> Decimal:
    return Decimal(text.replace("Rp", "").replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def rendered():
    from docgen.example import example_study

    study = example_study()
    return {kind.id: render(study, kind) for kind in available(study)}


@pytest.mark.parametrize("kind", [k.id for k in available(example_study())])
def test_every_kind_renders_without_leftover_tags(rendered, kind):
    data = rendered[kind]
    for part in ("word/document.xml", "word/header1.xml"):
        xml = docx_xml(data, part)
        assert "{{" not in xml and "{%" not in xml and "}}" not in xml and "%}" not in xml
    text = docx_text(data)
    assert "None" not in text
    assert "Undefined" not in text


def test_coordination_letter_content(rendered, study):
    text = squash(docx_text(rendered["coordination_letter"]))
    assert "PEMERINTAH KABUPATEN SLEMAN" in text
    assert "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in text
    assert "Sleman, " in text
    assert "Nomor : 000.1.2.3/ /Bappeda/2026" in text
    assert "Hal : Permohonan Kunjungan Studi Banding" in text
    assert "Yth. Kepala Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya" in text
    assert "4 (empat) orang" in text
    assert "Senin s.d. Rabu, 14 s.d. 16 Desember 2026" in text
    assert "KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH KABUPATEN SLEMAN," in text
    assert "Ir. Hendra Wicaksono, M.T." in text
    assert "Pembina Utama Muda (IV/c)" in text
    assert "NIP 19700512 199603 1 004" in text
    assert "Yth. Bupati Sleman (sebagai laporan)." in text
    # the attachment lists every traveller and every agenda line
    for member in study.plan.team:
        assert member.full_name in text
    assert text.count("WIB") >= len(study.plan.agenda)


def test_spt_lists_bases_and_every_traveller(rendered, study):
    text = squash(docx_text(rendered["spt"]))
    assert "SURAT PERINTAH TUGAS" in text
    assert "MEMERINTAHKAN:" in text
    for basis in study.goals.legal_bases:
        assert squash(basis) in text
    for member in study.plan.team:
        assert member.full_name in text
        assert member.nip_formatted in text
    assert "Ketua Tim" in text and text.count("Anggota Tim") == 3
    assert "selama 3 (tiga) hari" in text
    assert "Ditetapkan di : Sleman" in text


def test_rab_groups_subtotals_total_and_terbilang(rendered, study):
    doc = Document(io.BytesIO(rendered["rab"]))
    table = doc.tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    line_amounts = [Decimal(r[5].replace(".", "")) for r in rows
                    if r[0].isdigit() and r[5].replace(".", "").isdigit()]
    assert len(line_amounts) == len(study.plan.budget)
    total_row = rows[-1]
    assert total_row[0] == "JUMLAH"
    total = Decimal(total_row[-1].replace(".", ""))
    assert total == sum(line_amounts) == study.plan.budget_total == Decimal("24422000")
    subtotals = [Decimal(r[-1].replace(".", "")) for r in rows if r[0].startswith("Subjumlah")]
    assert sum(subtotals) == total
    groups = [r[1] for r in rows if r[0] in "ABCDEFGHIJ" and r[0]]
    assert groups[:2] == ["Uang Harian", "Biaya Penginapan"]
    text = squash(docx_text(rendered["rab"]))
    words = idformat.kapital(idformat.terbilang_rupiah(total))
    assert f"Terbilang: {words}" in text
    assert "Pejabat Pembuat Komitmen".upper() in text.upper()
    assert "Mengetahui," in text


def test_every_rupiah_figure_matches_its_terbilang(rendered):
    found = 0
    for data in rendered.values():
        for figure, words in RUPIAH_WITH_WORDS.findall(squash(docx_text(data))):
            assert idformat.terbilang_rupiah(_figure(figure)) == words, figure
            found += 1
    assert found >= 1


def test_dates_are_indonesian_and_nips_grouped(rendered):
    months_en = ("January", "February", "March", "May", "June", "July", "August", "October",
                 "December", "Monday", "Sunday")
    for kind, data in rendered.items():
        text = docx_text(data)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), kind
        assert not any(m in text for m in months_en), kind
        assert not re.search(r"(?<!\d)\d{18}(?!\d)", text), kind
        assert re.search(r"NIP \d{8} \d{6} [12] \d{3}", text), kind


def test_final_report_chapters_rtl_and_budget(rendered, study):
    text = squash(docx_text(rendered["final_report"]))
    for chapter in ("BAB I", "PENDAHULUAN", "BAB II", "PELAKSANAAN KEGIATAN", "BAB III",
                    "HASIL STUDI BANDING", "BAB IV", "EVALUASI DAN REKOMENDASI", "BAB V",
                    "PENUTUP"):
        assert chapter in text
    for item in study.evaluation.follow_up:
        assert item.action in text
        assert idformat.tanggal(item.due_date) in text
    assert "Rp24.422.000,00 (dua puluh empat juta empat ratus dua puluh dua ribu rupiah)" in text
    assert "Ketua Tim," in text.replace("KETUA TIM,", "Ketua Tim,")
    assert "Mengetahui," in text


def test_special_characters_survive(study):
    study.office.name = 'DINAS KOMUNIKASI & INFORMATIKA <TIK> "SATU"'
    study.goals.title = "Studi Banding R&D <Smart City> 'Kota' & Desa"
    data = render(study, "coordination_letter")
    text = squash(docx_text(data))
    assert 'DINAS KOMUNIKASI & INFORMATIKA <TIK> "SATU"' in text
    assert "Studi Banding R&D <Smart City> 'Kota' & Desa" in text
    xml = docx_xml(data)
    assert "&amp;" in xml and "<TIK>" not in xml


def test_newlines_become_line_breaks(study):
    study.execution.findings[0].description = "Baris pertama.\nBaris kedua."
    data = render(study, "final_report")
    paragraph = next(p for p in Document(io.BytesIO(data)).paragraphs
                     if "Baris pertama." in p.text)
    assert paragraph.text == "Baris pertama.\nBaris kedua."
    assert "<w:br/>" in paragraph._p.xml


def test_background_paragraphs_become_paragraphs(study):
    study.goals.background = "Alinea satu.\n\nAlinea dua."
    doc = Document(io.BytesIO(render(study, "final_report")))
    texts = [p.text for p in doc.paragraphs]
    assert "Alinea satu." in texts and "Alinea dua." in texts


def test_logo_is_embedded(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered["coordination_letter"])) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert media, "the kop has no image"


def test_logo_data_uri_and_bad_logo(study):
    import base64

    from docgen.render import DEFAULT_LOGO

    study.office.logo = "data:image/png;base64," + base64.b64encode(
        DEFAULT_LOGO.read_bytes()).decode()
    render(study, "spt")
    with_logo = render_document(study, "spt")
    assert with_logo.skipped == ()
    study.office.logo = "data:image/png;base64," + base64.b64encode(b"GIF89a....").decode()
    without = render_document(study, "spt")  # made all the same, without the logo
    [problem] = without.skipped
    assert (problem.path, problem.code, problem.severity) == ("office.logo", "logo_skipped",
                                                              "warning")
    assert "PNG or JPEG" in problem.message("en") and "tanpa logo" in problem.message("id")
    with zipfile.ZipFile(io.BytesIO(without.data)) as zf:
        assert not [n for n in zf.namelist() if n.startswith("word/media/")]
    with zipfile.ZipFile(io.BytesIO(with_logo.data)) as zf:
        assert [n for n in zf.namelist() if n.startswith("word/media/")]


def test_logo_path_cannot_leave_the_study_folder(study, tmp_path):
    study.office.logo = "../../etc/passwd"
    with pytest.raises(RenderError, match="not a file inside"):
        render(study, "spt", base_dir=tmp_path)


def test_paper_size_f4_and_a4(study):
    a4 = Document(io.BytesIO(render(study, "spt"))).sections[0]
    assert round(a4.page_width.mm) == 210 and round(a4.page_height.mm) == 297
    study.office.paper = "F4"
    f4 = Document(io.BytesIO(render(study, "spt"))).sections[0]
    assert round(f4.page_width.mm) == 215 and round(f4.page_height.mm) == 330


def test_core_properties_are_set(study):
    doc = Document(io.BytesIO(render(study, "coordination_letter")))
    props = doc.core_properties
    assert props.title.startswith("Surat Permohonan Kunjungan: Studi Banding")
    assert props.subject == "Permohonan Kunjungan Studi Banding"
    assert "BADAN PERENCANAAN PEMBANGUNAN DAERAH" in props.author
    assert props.language == "id-ID"
    assert props.keywords.startswith("000.1.2.3")


def test_number_and_date_of_a_final_document(study):
    from datetime import date

    data = render(study, "spt", number="000.1.2.3/15/Bappeda/2026", issued=date(2026, 12, 1))
    text = squash(docx_text(data))
    assert "NOMOR 000.1.2.3/15/Bappeda/2026" in text
    assert "pada tanggal : 1 Desember 2026" in text


def test_fan_out_one_letter_per_destination(study_data):
    extra = dict(study_data["destination"]["destinations"][0])
    extra.update(institution="Badan Perencanaan Pembangunan Daerah Kota Malang",
                 addressee="Kepala Badan Perencanaan Pembangunan Daerah Kota Malang",
                 city="Malang")
    study_data["destination"]["destinations"].append(extra)
    study = load_study(study_data)
    kind = get_kind("coordination_letter")
    assert items(study, kind) == [0, 1]
    docs = [render_document(study, kind, item=i) for i in items(study, kind)]
    assert [d.filename for d in docs] == [  # named for the host, cut at a word boundary
        "surat-permohonan-kunjungan-badan-pengelolaan-keuangan-dan-pajak.docx",
        "surat-permohonan-kunjungan-badan-perencanaan-pembangunan-daerah.docx"]
    assert "Yth. Kepala Badan Pengelolaan Keuangan" in docx_text(docs[0].data)
    second = docx_text(docs[1].data)
    assert "Yth. Kepala Badan Perencanaan Pembangunan Daerah Kota Malang" in second
    assert "Surabaya" not in second.split("Yth.")[1].split("di")[0]


def test_acting_official_signature(study):
    study.office.head.acting = "plt"
    text = squash(docx_text(render(study, "coordination_letter")))
    assert "Plt. KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH KABUPATEN SLEMAN," in text


def test_non_civil_servant_has_no_nip_line(study):
    study.plan.team[3].nip = None
    study.plan.team[3].golongan = None
    text = docx_text(render(study, "spt"))
    assert "Dewi Anggraini, S.A.P." in text
    grouped = re.findall(r"\d{8} \d{6} [12] \d{3}", text)
    assert len(grouped) == 3 + 1  # three civil servants and the signer
    after = text.split("Dewi Anggraini, S.A.P.")[1].split("\n")
    assert [line for line in after if line][:3] == ["NIP", ":", "-"]


def test_template_version_is_recorded(study):
    doc = render_document(study, "rab")
    assert re.fullmatch(r"[0-9a-f]{64}", doc.template_sha256)
    assert doc.template == "rab.docx"


# ---------------------------------------------------------------------------
# Broken and hostile templates


def _template(tmp_path, *paragraphs: str, name: str = "rab.docx"):
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(tmp_path / name)
    clear_caches()
    return tmp_path


def test_undefined_variable_names_variable_and_paragraph(study, tmp_path):
    folder = _template(tmp_path, "Judul: {{ study.goals.title }}",
                       "Perihal: {{ study.goals.nama_yang_salah }}")
    with pytest.raises(RenderError) as err:
        render(study, "rab", template_dir=folder)
    message = str(err.value)
    assert "rab.docx" in message
    assert "nama_yang_salah" in message
    assert "Perihal:" in err.value.paragraph


def test_syntax_error_names_the_paragraph(study, tmp_path):
    folder = _template(tmp_path, "Baik", "Rusak: {{ study.goals.title ", "{% endfor %}")
    with pytest.raises(RenderError) as err:
        render(study, "rab", template_dir=folder)
    assert "syntax error" in str(err.value)
    assert err.value.paragraph


def test_sandbox_blocks_internals_and_mutation(study, tmp_path):
    folder = _template(tmp_path, "{{ study.__class__.__mro__ }}")
    with pytest.raises(RenderError):
        render(study, "rab", template_dir=folder)
    folder = _template(tmp_path, "{{ study.goals.aims.append('x') }}")
    with pytest.raises(RenderError, match="not allowed"):
        render(study, "rab", template_dir=folder)
    assert "x" not in study.goals.aims


def test_smart_quotes_inside_tags_work(study, tmp_path):
    folder = _template(tmp_path, "{{ study.goals.title|replace(\u201cStudi\u201d, \u2018Kajian\u2019) }}")
    text = docx_text(render(study, "rab", template_dir=folder))
    assert text.startswith("Kajian Banding")


def test_tags_split_across_runs_are_found(study, tmp_path):
    doc = Document()
    p = doc.add_paragraph()
    for piece in ("{{ study.", "goals", ".title }}"):
        p.add_run(piece).bold = piece == "goals"
    doc.save(tmp_path / "rab.docx")
    clear_caches()
    assert docx_text(render(study, "rab", template_dir=tmp_path)).startswith("Studi Banding")


def test_missing_template_file(study, tmp_path):
    clear_caches()
    with pytest.raises(RenderError, match="cannot be read"):
        render(study, "rab", template_dir=tmp_path)


def test_cache_follows_template_changes(study, tmp_path):
    _template(tmp_path, "Satu {{ study.fiscal_year }}")
    assert docx_text(render(study, "rab", template_dir=tmp_path)).startswith("Satu 2026")
    import os
    import time

    time.sleep(0.01)
    doc = Document()
    doc.add_paragraph("Dua {{ study.fiscal_year }}")
    doc.save(tmp_path / "rab.docx")
    os.utime(tmp_path / "rab.docx", (time.time() + 5, time.time() + 5))
    assert docx_text(render(study, "rab", template_dir=tmp_path)).startswith("Dua 2026")
