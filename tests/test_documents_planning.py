"""Planning and dissemination documents: nota dinas, KAK, jadwal, RTL, undangan, daftar hadir.

Each is rendered from the example studies with the shipped templates and read back.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from docgen import idformat
from docgen.catalog import KINDS, items
from docgen.context import build_context
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf, soffice
from docgen.render import render_document
from docgen.study import SigningRule
from tests.helpers import docx_text, docx_xml, squash

PLANNING = ["nota_dinas", "kak", "jadwal", "rtl", "invitation", "attendance"]
EXAMPLES = {"domestic": example_study, "abroad": abroad_example_study}
PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}
TANGGAL_HARI = idformat.FILTERS["tanggal_hari"]
ENGLISH = ("January", "February", "March", "May", "June", "July", "August", "October",
           "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Sunday")


def _render(study, kind: str, item: int | None = None) -> bytes:
    return render_document(study, kind, item=item).data


def _text(data: bytes) -> str:
    return squash(docx_text(data))


def _table(data: bytes, header: str):
    """The first table whose header row has a cell reading `header`."""
    for tbl in Document(io.BytesIO(data)).tables:
        if any(c.text.strip() == header for c in tbl.rows[0].cells):
            return tbl
    raise AssertionError(f"no table with a {header!r} column")


@pytest.fixture(params=list(EXAMPLES))
def any_study(request):
    return EXAMPLES[request.param]()


@pytest.fixture(scope="module")
def domestic():
    study = example_study()
    return study, {k: _render(study, k, items(study, KINDS[k])[0]) for k in PLANNING}


# ---------------------------------------------------------------------------
# Every kind, both examples, both paper sizes


@pytest.mark.parametrize("paper", list(PAPER_MM))
@pytest.mark.parametrize("which", list(EXAMPLES))
@pytest.mark.parametrize("kind", PLANNING)
def test_renders_without_leftover_tags(kind, which, paper):
    study = EXAMPLES[which]()
    study.office.paper = paper
    fanned = items(study, KINDS[kind])
    assert fanned
    for item in fanned:
        data = _render(study, kind, item)
        for part in ("word/document.xml", "word/header1.xml"):
            xml = docx_xml(data, part)
            assert not any(t in xml for t in ("{{", "}}", "{%", "%}")), (kind, part)
        text = docx_text(data)
        assert "None" not in text and "Undefined" not in text
        assert not any(m in text for m in ENGLISH), kind
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), kind
        section = Document(io.BytesIO(data)).sections[0]
        short, long_ = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert (short, long_) == PAPER_MM[paper], kind


# ---------------------------------------------------------------------------
# Nota dinas


def test_nota_dinas_heading_block_and_request(domestic):
    study, docs = domestic
    text = _text(docs["nota_dinas"])
    assert text.startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "NOTA DINAS" in text
    for label, value in (("Yth.", study.office.head.jabatan),
                         ("Dari", study.plan.leader.jabatan),
                         ("Sifat", "Biasa"), ("Lampiran", "-"),
                         ("Hal", "Permohonan Persetujuan Pelaksanaan Studi Banding")):
        assert f"{label} : {value}" in text
    assert "Tanggal : " in text and "Nomor : 000.1.2.3/" in text
    assert "Tembusan" not in text
    for basis in study.goals.legal_bases + study.goals.aims:
        assert basis in text
    assert study.goals.title in text
    assert "ke " + study.destination.destinations[0].institution in text
    assert "selama 3 (tiga) hari" in text
    assert "14 s.d. 16 Desember 2026" in text
    assert "sebanyak 4 (empat) orang" in text
    assert "mohon persetujuan" in text
    assert study.plan.leader.full_name in text
    assert "KEPALA BIDANG PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH," in text


def test_nota_dinas_total_cost_in_figures_and_words(domestic):
    study, docs = domestic
    text = _text(docs["nota_dinas"])
    total = study.plan.budget_total
    assert f"{idformat.rupiah(total)} ({idformat.terbilang_rupiah(total)})" in text
    assert "Rp24.422.000,00 (dua puluh empat juta empat ratus dua puluh dua ribu rupiah)" in text


def test_nota_dinas_abroad_asks_for_the_permit_too():
    study = abroad_example_study()
    text = _text(_render(study, "nota_dinas"))
    assert "Nomor : 000.1.3.3/" in text
    assert "izin perjalanan dinas luar negeri" in text
    total = study.plan.budget_total
    assert f"{idformat.rupiah(total)} ({idformat.terbilang_rupiah(total)})" in text


def test_nota_dinas_tembusan_row_when_the_office_sets_copies(study):
    study.office.signing = {"nota_dinas": SigningRule(
        signer="proposer", tembusan=["Sekretaris Bappeda", "Arsip"])}
    text = docx_text(_render(study, "nota_dinas"))
    assert "Tembusan" in text
    assert "1.\tSekretaris Bappeda" in text and "2.\tArsip" in text


# ---------------------------------------------------------------------------
# KAK


def test_kak_has_every_chapter(domestic):
    study, docs = domestic
    text = _text(docs["kak"])
    assert text.startswith("KERANGKA ACUAN KERJA")
    assert study.goals.title.upper() in text
    assert "TAHUN ANGGARAN 2026" in text
    chapters = ["A. Latar Belakang", "B. Dasar Hukum", "C. Maksud dan Tujuan",
                "D. Hasil yang Diharapkan", "E. Pemilihan Lokasi", "F. Waktu dan Tempat",
                "G. Peserta", "H. Jadwal Pelaksanaan", "I. Biaya", "J. Penutup"]
    positions = [text.find(c) for c in chapters]
    assert all(p >= 0 for p in positions), dict(zip(chapters, positions, strict=True))
    assert positions == sorted(positions)
    for paragraph in study.goals.background_paragraphs:
        assert paragraph in text
    for item in study.goals.legal_bases + study.goals.aims + study.goals.expected_results:
        assert item in text
    for member in study.plan.team:
        assert member.full_name in text
    for line in study.plan.agenda:
        assert line.activity in text


def test_kak_candidates_with_the_chosen_one_marked(any_study):
    data = _render(any_study, "kak")
    tbl = _table(data, "Calon Lokasi")
    rows = tbl.rows[1:]
    assert len(rows) == len(any_study.destination.candidates)
    for tr, candidate in zip(rows, any_study.destination.candidates, strict=True):
        cells = [c.text.strip() for c in tr.cells]
        assert cells[1].startswith(candidate.institution)
        assert cells[2] == candidate.best_practice
        assert cells[3] == candidate.reason
        assert cells[4] == ("Dipilih" if candidate.chosen else "Tidak")
    assert sum(tr.cells[4].text.strip() == "Dipilih" for tr in rows) == 1


def test_kak_costs_by_component_with_total_in_words(domestic):
    study, docs = domestic
    data = docs["kak"]
    tbl = _table(data, "Komponen Biaya")
    body = [[c.text.strip() for c in tr.cells] for tr in tbl.rows[1:]]
    assert [r[1] for r in body[:-1]] == ["Uang Harian", "Biaya Penginapan",
                                         "Tiket Pesawat/Transportasi", "Transportasi Lokal",
                                         "Sewa Kendaraan"]
    assert body[1][2] == "7.352.000"
    assert body[-1][-1] == "24.422.000"
    text = _text(data)
    assert "Rp24.422.000,00 (dua puluh empat juta empat ratus dua puluh dua ribu rupiah)" in text
    assert study.plan.funding.account_code in text
    assert study.plan.funding.source in text
    assert "Sleman, " in text and study.office.head.full_name in text


def test_kak_without_candidates_still_names_the_destination(study):
    study.destination.candidates = []
    text = _text(_render(study, "kak"))
    assert "Calon Lokasi" not in text and "pertimbangan tersebut" not in text
    assert ("Instansi tujuan studi banding adalah "
            + study.destination.destinations[0].institution) in text


# ---------------------------------------------------------------------------
# Jadwal


def test_jadwal_lists_every_agenda_line_grouped_by_day(any_study):
    data = _render(any_study, "jadwal")
    text = _text(data)
    assert text.startswith("JADWAL KEGIATAN")
    for line in any_study.plan.agenda:
        assert line.activity in text
        assert line.place in text
        assert idformat.tanggal(line.date) in text
    days = {line.date for line in any_study.plan.agenda}
    tbl = _table(data, "Hari/Tanggal")
    assert len(tbl.rows) == 1 + len(any_study.plan.agenda)
    column = squash(" ".join(tr._tr.tc_lst[0].xpath("string(.)") for tr in tbl.rows[1:]))
    for day in days:
        assert f"{idformat.hari(day)}, {idformat.tanggal(day)}" in text
        assert column.count(idformat.tanggal(day)) == 1, "each day is written once"
    xml = docx_xml(data)
    assert xml.count('w:vMerge w:val="restart"') == len(days)
    assert xml.count('w:vMerge w:val="continue"') == len(any_study.plan.agenda) - len(days)


def test_jadwal_domestic_dates_and_times(domestic):
    _, docs = domestic
    text = _text(docs["jadwal"])
    assert "Senin s.d. Rabu, 14 s.d. 16 Desember 2026" in text
    assert "Senin, 14 Desember 2026" in text and "Rabu, 16 Desember 2026" in text
    assert "07.00–09.30 WIB" in text
    assert "Penanggung Jawab" in text and "Ketua Tim" in text


def test_jadwal_abroad_local_time():
    text = _text(_render(abroad_example_study(), "jadwal"))
    assert "10.00–12.00 waktu setempat" in text
    assert "Senin, 8 Maret 2027" in text


# ---------------------------------------------------------------------------
# RTL


@pytest.mark.parametrize("paper", list(PAPER_MM))
def test_rtl_is_landscape_and_lists_every_follow_up(any_study, paper):
    any_study.office.paper = paper
    data = _render(any_study, "rtl")
    section = Document(io.BytesIO(data)).sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.mm) == PAPER_MM[paper][1]
    text = _text(data)
    assert text.startswith("MATRIKS RENCANA TINDAK LANJUT")
    assert "A. Rekomendasi Hasil Studi Banding" in text
    assert "B. Matriks Rencana Tindak Lanjut" in text
    for rec in any_study.evaluation.recommendations:
        assert rec in text
    tbl = _table(data, "Indikator Keberhasilan")
    rows = [[c.text.strip() for c in tr.cells] for tr in tbl.rows[1:]]
    assert len(rows) == len(any_study.evaluation.follow_up)
    day = build_context(any_study, KINDS["rtl"])["doc"].date
    by_due = sorted(any_study.evaluation.follow_up, key=lambda t: t.due_date)  # by target
    for i, (cells, item) in enumerate(zip(rows, by_due, strict=True)):
        # the status as it stood on the matrix's date
        assert cells == [str(i + 1), item.action, item.pic, idformat.tanggal(item.due_date),
                         item.indicator, item.state_at(day).status_label]
    assert "Ditetapkan di : Sleman" in docx_text(data).replace("\t", " ")
    assert any_study.office.head.full_name in text


def test_rtl_without_recommendations_letters_the_matrix_a(study):
    study.evaluation.recommendations = []
    text = _text(_render(study, "rtl"))
    assert "Rekomendasi Hasil" not in text
    assert "A. Matriks Rencana Tindak Lanjut" in text


# ---------------------------------------------------------------------------
# Undangan


def test_invitation_one_letter_per_invitee(any_study):
    event = any_study.reporting.dissemination[0]
    fanned = items(any_study, KINDS["invitation"])
    assert len(fanned) == len(event.invitees)
    for item, invitee in zip(fanned, event.invitees, strict=True):
        text = _text(_render(any_study, "invitation", item))
        assert f"Yth. {invitee} di Tempat" in text
        assert "daftar terlampir" not in text and "DAFTAR UNDANGAN" not in text
        assert "Hal : Undangan" in text and "Lampiran : -" in text
        assert "Nomor : 000.9.3/" in text
        assert f"Hari/Tanggal : {TANGGAL_HARI(event.date)}" in text
        assert "Waktu : 09.00 s.d. 12.00 WIB" in text
        assert f"Tempat : {event.place}" in text
        assert f"Acara : {event.title}" in text
        assert any_study.office.head.full_name in text


def test_invitation_distribution_list_is_one_letter_with_the_list(study):
    study.office.invitation_mode = "distribution_list"
    assert items(study, KINDS["invitation"]) == [0]
    data = _render(study, "invitation", 0)
    text = _text(data)
    assert "Yth. Bapak/Ibu (daftar terlampir) di Tempat" in text
    assert "Lampiran : 1 (satu) lembar" in text
    head, _, attachment = text.partition("DAFTAR UNDANGAN")
    assert attachment, "the attached list is missing"
    assert "LAMPIRAN SURAT KEPALA BADAN" in head
    for i, invitee in enumerate(study.reporting.dissemination[0].invitees, 1):
        assert f"{i}. Yth. {invitee}" in attachment
        assert invitee not in head
    assert "pageBreakBefore" in docx_xml(data)


def test_invitation_without_end_time_says_sampai_selesai(study):
    study.reporting.dissemination[0].end_time = None
    text = _text(_render(study, "invitation", 0))
    assert "Waktu : 09.00 WIB s.d. selesai" in text


def test_seminar_invitation_uses_the_seminar_code(study):
    study.reporting.dissemination[0].kind = "seminar"
    text = _text(_render(study, "invitation", 0))
    assert "Nomor : 000.9.10/" in text
    assert "menghadiri seminar yang akan diselenggarakan" in text


# ---------------------------------------------------------------------------
# Daftar hadir


def test_attendance_has_empty_rows_with_alternating_signature_numbers(any_study):
    data = _render(any_study, "attendance")
    event = any_study.reporting.dissemination[0]
    text = _text(data)
    assert text.startswith("DAFTAR HADIR")
    assert f"Acara : {event.title}" in text
    assert f"Hari, Tanggal : {TANGGAL_HARI(event.date)}" in text
    assert f"Tempat : {event.place}" in text
    tbl = _table(data, "Tanda Tangan")
    assert [c.text.strip() for c in tbl.rows[0].cells] == ["No", "Nama", "Jabatan/Instansi",
                                                           "Tanda Tangan"]
    rows = tbl.rows[1:]
    assert len(rows) >= max(17, len(event.invitees) + len(any_study.plan.team) + 10)
    for n, tr in enumerate(rows, 1):
        no, name, jabatan, sign = tr.cells
        assert no.text.strip() == str(n)
        assert name.text.strip() == "" and jabatan.text.strip() == ""
        assert sign.text.strip() == f"{n}."
        assert ("<w:tab/>" in sign._tc.xml) == (n % 2 == 0), f"row {n}"
    assert "Mengetahui," in text
    assert any_study.office.head.full_name in text
    assert "NIP 19700512 199603 1 004" in text


def test_attendance_grows_with_a_long_invitation_list(study):
    study.reporting.dissemination[0].invitees = [f"Undangan {i}" for i in range(40)]
    tbl = _table(_render(study, "attendance"), "Tanda Tangan")
    assert len(tbl.rows) - 1 == 40 + len(study.plan.team) + 10


def test_attendance_uses_an_office_signer_when_set(study):
    study.office.signing = {"attendance": SigningRule(signer="ppk")}
    text = _text(_render(study, "attendance"))
    assert "Mengetahui," in text
    assert study.office.ppk.full_name in text
    assert study.office.head.full_name not in text


# ---------------------------------------------------------------------------
# Through LibreOffice: the letters keep to one page


@pytest.fixture(scope="module")
def pdf_pages():
    from pypdf import PdfReader

    study = example_study()
    listed = example_study()
    listed.office.invitation_mode = "distribution_list"
    pdfs = {
        "nota_dinas": docx_to_pdf(_render(study, "nota_dinas"), name="nota_dinas"),
        "invitation": docx_to_pdf(_render(study, "invitation", 0), name="invitation"),
        "listed": docx_to_pdf(_render(listed, "invitation", 0), name="listed"),
        "rtl": docx_to_pdf(_render(study, "rtl"), name="rtl"),
        "attendance": docx_to_pdf(_render(study, "attendance"), name="attendance"),
    }
    return {k: PdfReader(io.BytesIO(v)).pages for k, v in pdfs.items()}


def _flat(page) -> str:
    """A page's text without the draft mark of the header (``KONSEP``)."""
    return " ".join(page.extract_text().replace("KONSEP", " ").split())


@pytest.mark.pdf
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_nota_dinas_is_one_page_with_kop_and_signature(pdf_pages):
    pages = pdf_pages["nota_dinas"]
    assert len(pages) == 1
    text = _flat(pages[0])
    assert text.startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "NOTA DINAS" in text
    assert "NIP 19750214 200003 1 002" in text


@pytest.mark.pdf
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_invitation_is_one_page_and_its_list_follows_on_page_two(pdf_pages):
    pages = pdf_pages["invitation"]
    assert len(pages) == 1
    text = _flat(pages[0])
    assert text.startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "Yth. Kepala Badan Keuangan dan Aset Daerah Kabupaten Sleman" in text
    assert "NIP 19700512 199603 1 004" in text
    listed = pdf_pages["listed"]
    assert len(listed) == 2
    assert "NIP 19700512 199603 1 004" in _flat(listed[0])
    assert "DAFTAR UNDANGAN" in _flat(listed[1])


@pytest.mark.pdf
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_rtl_and_attendance_pages(pdf_pages):
    (rtl,) = pdf_pages["rtl"]
    assert float(rtl.mediabox.width) > float(rtl.mediabox.height)
    (attendance,) = pdf_pages["attendance"]
    text = _flat(attendance)
    assert "Mengetahui," in text and "NIP 19700512 199603 1 004" in text
