"""The travel documents: SPD per traveller, the foreign-travel permit request, notulen."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from docgen import catalog, idformat
from docgen.catalog import KINDS, items
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf, soffice
from docgen.render import render, render_document
from docgen.study import Destination
from tests.helpers import docx_text, docx_xml, squash

TRAVEL_KINDS = ("spd", "permit_request", "notulen")


def _text(data: bytes) -> str:
    return squash(docx_text(data))


def _study_for(kind: str):
    return abroad_example_study() if KINDS[kind].abroad_only else example_study()


@pytest.fixture(scope="module")
def spds():
    study = example_study()
    return study, [render(study, "spd", item=i) for i in items(study, KINDS["spd"])]


@pytest.fixture(scope="module")
def permit():
    study = abroad_example_study()
    return study, render(study, "permit_request")


@pytest.fixture(scope="module")
def notes():
    study = example_study()
    return study, [render(study, "notulen", item=i) for i in items(study, KINDS["notulen"])]


# ---------------------------------------------------------------------------
# SPD


def test_each_spd_names_its_own_traveller_only(spds):
    study, docs = spds
    team = study.plan.members_ordered
    assert len(docs) == len(team) == 4
    for member, data in zip(team, docs, strict=True):
        text = _text(data)
        assert member.full_name in text
        assert f"NIP {member.nip_formatted}" in text
        assert member.pangkat_golongan in text
        assert member.jabatan in text
        for other in team:
            if other is not member:
                assert other.full_name not in text
                assert other.nip_formatted not in text


def test_spd_front_page_items(spds):
    study, docs = spds
    text = _text(docs[0])
    assert "PEMERINTAH KABUPATEN SLEMAN" in text
    assert "SURAT PERJALANAN DINAS (SPD)" in text
    assert "Lembar ke :" in text
    assert "Kode No : 000.1.2.3" in text
    assert "Nomor : 000.1.2.3/" in text
    assert "Pejabat Pembuat Komitmen Sri Rahayu Lestari, S.E., M.Ak." in text
    assert "a. Pembina (IV/a)" in text
    assert "c. Tingkat Biaya Perjalanan Dinas" in text
    assert f"Maksud Perjalanan Dinas {study.goals.title}" in text
    assert "Alat angkut yang dipergunakan Pesawat udara dan kendaraan darat" in text
    assert "a. Sleman" in text
    assert "b. Surabaya 7." in text  # 6b: the place, not the institution
    assert "a. 3 (tiga) hari" in text
    assert "b. 14 Desember 2026" in text and "c. 16 Desember 2026" in text
    assert "Pengikut : Nama Tanggal Lahir Keterangan" in text
    assert "b. 5.1.02.04.01.0001 (Belanja Perjalanan Dinas Biasa)" in text
    assert "10. Keterangan lain-lain Sesuai Surat Perintah Tugas" in text
    assert "Dikeluarkan di : Sleman" in text
    # signed by the PPK (Pasal 44: name with titles, pangkat, NIP)
    assert "SEKRETARIS BADAN PERENCANAAN PEMBANGUNAN DAERAH SELAKU PEJABAT PEMBUAT " \
           "KOMITMEN," in text
    assert "NIP 19780823 200312 2 006" in text
    # an SPD carries no tembusan (its copies are the "lembar ke" sheets)
    assert "Tembusan" not in text


def test_spd_back_page_boxes(spds):
    study, docs = spds
    data = docs[0]
    text = _text(data)
    front, back = text.split("I. Berangkat dari", 1)
    assert "Tembusan:" not in front
    xml = docx_xml(data)
    assert xml.index("<w:pageBreakBefore/>") < xml.index("Berangkat dari")
    for box in ("II. Tiba di : Surabaya", "III. Tiba di", "IV. Tiba di", "V. Tiba di",
                "VI. Tiba di : Sleman (tempat kedudukan)", "VII. Catatan lain-lain",
                "VIII. PERHATIAN"):
        assert box in back, box
    assert "Pada tanggal : 14 Desember 2026" in back
    assert "Berangkat dari : Surabaya Ke : Sleman Pada tanggal : 16 Desember 2026" in back
    assert ("Telah diperiksa dengan keterangan bahwa perjalanan tersebut atas perintahnya dan "
            "semata-mata untuk kepentingan jabatan dalam waktu yang sesingkat-singkatnya.") in back
    assert "serta bendahara pengeluaran bertanggung jawab" in back
    # the PPK signs box I and box VI
    assert back.count("Sri Rahayu Lestari, S.E., M.Ak.") == 2


def test_spd_with_two_destinations_and_a_non_civil_servant():
    study = example_study()
    study.destination.destinations.append(Destination(
        institution="Bappeda Kota Malang", addressee="Kepala Bappeda Kota Malang",
        city="Malang", province="Jawa Timur", country="Indonesia"))
    member = study.plan.team[-1]
    member.nip = None
    member.golongan = None
    member.cost_level = ""
    index = study.plan.members_ordered.index(member)
    text = _text(render(study, "spd", item=index))
    assert "b. Surabaya; Malang 7." in text
    assert "Berangkat dari : Surabaya Ke : Malang" in text
    assert "III. Tiba di : Malang" in text
    assert "Berangkat dari : Malang Ke : Sleman Pada tanggal : 16 Desember 2026" in text
    assert f"{member.full_name} 3." in text  # no NIP line under the name
    assert "a. - b." in text and "c. - 4." in text


def test_spd_abroad_names_the_country_and_leaves_out_host_nip():
    study = abroad_example_study()
    text = _text(render(study, "spd", item=1))
    assert "Kode No : 000.1.3.3" in text
    assert "b. Seoul, Korea Selatan" in text
    assert "a. 5 (lima) hari" in text
    assert "5.1.02.04.02.0001" in text
    assert "II. Tiba di : Seoul Pada tanggal : 9 Maret 2027" in text
    back = text.split("I. Berangkat dari", 1)[1]
    assert " NIP " not in back.replace("NIP 1978", "")


# ---------------------------------------------------------------------------
# Permit request (luar negeri)


def test_permit_request_is_only_for_trips_abroad():
    problems = catalog.missing(example_study(), "permit_request")
    assert [(p.path, p.code) for p in problems] == [("goals.scope", "needs_abroad")]
    assert catalog.missing(abroad_example_study(), "permit_request") == []


def test_permit_request_letter(permit):
    study, data = permit
    text = _text(data)
    assert "Nomor : 000.1.3.3/" in text
    assert "Lampiran : 6 (enam) berkas" in text
    assert "Hal : Permohonan Izin Perjalanan Dinas Luar Negeri" in text
    assert "Yth. Bupati Sleman di Sleman" in text
    assert f"Dalam rangka {study.goals.title}," in text
    assert "Instansi tujuan : Seoul Metropolitan Government, Korea Selatan" in text
    assert "Waktu : 8 s.d. 12 Maret 2027, selama 5 (lima) hari" in text
    assert "Jumlah peserta : 4 (empat) orang" in text
    assert "Sumber dana : APBD Kabupaten Sleman Tahun Anggaran 2027" in text
    for aim in study.goals.aims:
        assert aim in text
    assert "Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2019" in text
    attachments = re.findall(r"\d\. (Surat konfirmasi KBRI Nomor B-00215/Seoul/II/2027 "
                             r"tanggal 5 Februari 2027|Kerangka Acuan Kerja \(KAK\)|Salinan Dokumen "
                             r"Pelaksanaan Anggaran \(DPA\)|Jadwal pelaksanaan kegiatan|Rincian "
                             r"biaya perjalanan dinas|Data peserta perjalanan dinas)[;.]", text)
    assert len(attachments) == 6
    # the head of office asks the regional head, who forwards it (Permendagri 59/2019)
    # (the white electronic-signature anchor "^" stands in the signing space)
    assert ("KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH KABUPATEN SLEMAN, ^ "
            "Ir. Hendra Wicaksono, M.T.") in text
    assert "Tembusan: Yth. Sekretaris Daerah Kabupaten Sleman." in text


def test_permit_request_lists_every_participant(permit):
    study, data = permit
    text = _text(data)
    attachment = text.split("DATA PESERTA PERJALANAN DINAS LUAR NEGERI", 1)[1]
    assert "LAMPIRAN SURAT KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH KABUPATEN SLEMAN" in text
    for i, member in enumerate(study.plan.members_ordered, 1):
        assert (f"{i} {member.full_name} NIP {member.nip_formatted} "
                f"({member.role_label} Tim) {member.pangkat_golongan} {member.jabatan} "
                f"{member.birth_place}, {idformat.tanggal(member.birth_date)} "
                f"{member.passport_number}") in attachment


# ---------------------------------------------------------------------------
# Notulen


def test_each_notulen_is_about_its_own_meeting(notes):
    study, docs = notes
    assert len(docs) == len(study.execution.notes) == 2
    for note, data in zip(study.execution.notes, docs, strict=True):
        text = _text(data)
        assert "NOTULEN KUNJUNGAN STUDI BANDING" in text
        assert study.goals.title.upper() in text
        assert f"Hari/Tanggal : {idformat.tanggal(note.date, with_day=True)}" in text
        assert f"Waktu : {note.time_range}" in text
        assert f"Tempat : {note.place}" in text
        assert f"Pimpinan Pertemuan : {note.chair_name}, {note.chair}" in text
        for member in study.plan.members_ordered:
            assert f"{member.full_name} ({member.role_label} Tim)" in text
        for line in note.host_participants + note.topics:
            assert line in text
        for i, line in enumerate(note.discussion, 1):
            assert f"{i}. {line}" in text
        for i, line in enumerate(note.agreements, 1):
            assert f"{i}. {line}" in text
        for other in study.execution.notes:
            if other is not note:
                assert other.discussion[0] not in text
        # the chair at the left, the note-taker (pangkat, NIP) at the right
        assert f"Pimpinan Pertemuan, {note.chair.upper()}," in text
        signatures = text.split("NOTULIS,", 1)[1]
        assert signatures.index(note.chair_name) < signatures.index(note.notetaker)
        member = next(m for m in study.plan.team if m.full_name == note.notetaker)
        assert signatures.rstrip().endswith(
            f"{note.notetaker} {member.pangkat_golongan} NIP {member.nip_formatted}")


def test_notulen_date_is_indonesian(notes):
    _, docs = notes
    text = _text(docs[0])
    assert "Senin, 14 Desember 2026" in text
    assert "13.00–16.00 WIB" in text


def test_notulen_with_empty_lists_prints_a_dash():
    study = example_study()
    note = study.execution.notes[0]
    note.host_participants, note.topics, note.agreements = [], [], []
    text = _text(render(study, "notulen", item=0))
    assert "Instansi tujuan" not in text
    assert "Pokok Bahasan : -" in text
    assert "Kesimpulan dan Tindak Lanjut -" in text


# ---------------------------------------------------------------------------
# All three


@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("kind", TRAVEL_KINDS)
def test_travel_documents_render_on_both_papers(kind, paper):
    study = _study_for(kind)
    study.office.paper = paper
    for item in items(study, KINDS[kind]):
        data = render_document(study, kind, item=item).data
        section = Document(io.BytesIO(data)).sections[0]
        size = (round(section.page_width.mm), round(section.page_height.mm))
        assert size == ((210, 297) if paper == "A4" else (215, 330))
        for part in ("word/document.xml", "word/header1.xml"):
            xml = docx_xml(data, part)
            assert "{{" not in xml and "{%" not in xml and "}}" not in xml and "%}" not in xml
        text = docx_text(data)
        assert "None" not in text and "Undefined" not in text
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)


@pytest.mark.parametrize("kind", TRAVEL_KINDS)
def test_every_table_cell_holds_a_paragraph(kind):
    """Word refuses a file with an empty cell; signers without NIP or pangkat (the Sekda,
    a note-taker) must not leave one behind."""
    xml = docx_xml(render(_study_for(kind), kind))
    cells = re.findall(r"<w:tc>.*?</w:tc>", xml, flags=re.S)
    assert cells
    assert all("<w:p>" in c or "<w:p " in c for c in cells)


# ---------------------------------------------------------------------------
# Through LibreOffice

no_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def _pages(data: bytes, name: str) -> list[str]:
    from pypdf import PdfReader

    pdf = docx_to_pdf(data, name=name)
    # without the draft mark of the header (KONSEP)
    return [" ".join(page.extract_text().replace("KONSEP", " ").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.pdf
@no_soffice
@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("study_maker", [example_study, abroad_example_study])
def test_spd_is_exactly_two_pages(paper, study_maker):
    study = study_maker()
    study.office.paper = paper
    pages = _pages(render(study, "spd", item=0), "spd")
    assert len(pages) == 2
    assert pages[0].startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "SURAT PERJALANAN DINAS (SPD)" in pages[0]
    assert "NIP 19780823 200312 2 006" in pages[0] and "Tembusan" not in pages[0]
    assert "Telah diperiksa" in pages[1] and "PERHATIAN" in pages[1]


@pytest.mark.pdf
@no_soffice
def test_permit_letter_is_signed_on_its_first_page(permit):
    study, data = permit
    pages = _pages(data, "permit")
    assert len(pages) == 2
    first = pages[0]
    assert first.startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "Ir. Hendra Wicaksono, M.T." in first
    assert "Tembusan:" in first
    assert "DATA PESERTA PERJALANAN DINAS LUAR NEGERI" in pages[1]
    assert "- 2 -" in pages[1]


@pytest.mark.pdf
@no_soffice
def test_notulen_fits_one_page(notes):
    _, docs = notes
    for data in docs:
        pages = _pages(data, "notulen")
        assert len(pages) == 1
        assert "NOTULIS," in pages[0]
