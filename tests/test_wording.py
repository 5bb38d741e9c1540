"""Wording as offices and regulations have it, checked on the rendered DOCX text of both
examples: the SPD's items and box VIII per the office's form, notulen, permit request,
invitation, KAK and the letter to an embassy."""

from __future__ import annotations

import re

import pytest

from docgen.catalog import KINDS, available, items, missing
from docgen.example import (
    abroad_example_data,
    abroad_example_study,
    example_data,
    example_study,
)
from docgen.render import render
from docgen.study import SPD_WORDING, StudyInvalid, check_study, load_study
from tests.helpers import docx_text, docx_xml, squash

EXAMPLES = {"domestic": example_study, "abroad": abroad_example_study}


def _text(data: bytes) -> str:
    return squash(docx_text(data))


def _all(study) -> dict[str, list[str]]:
    return {kind.id: [_text(render(study, kind, item=i)) for i in items(study, kind)]
            for kind in available(study)}


@pytest.fixture(scope="module", params=list(EXAMPLES))
def example(request):
    study = EXAMPLES[request.param]()
    return request.param, study, _all(study)


@pytest.fixture(scope="module")
def abroad():
    study = abroad_example_study()
    return study, _all(study)


# ---------------------------------------------------------------------------
# The examples themselves


@pytest.mark.parametrize("make", [example_data, abroad_example_data])
def test_examples_validate_clean(make):
    assert check_study(load_study(make())) == []


def test_a_report_date_without_realisation_is_a_warning():
    study = abroad_example_study()
    for line in study.plan.budget:
        line.realized = None
    assert [(p.path, p.code, p.severity) for p in check_study(study)] == [
        ("plan.budget", "report_without_realization", "warning")]
    study.reporting.report_date = None
    assert check_study(study) == []


def test_abroad_example_is_its_own_study(abroad):
    study, texts = abroad
    for kind, docs in texts.items():
        for text in docs:
            for foreign in ("Surabaya", "e-budgeting", "E-Budgeting", "e-planning", "BPKPD",
                            "Bappedalitbang"):
                assert foreign not in text, (kind, foreign)
    assert study.plan.has_realization
    report = texts["final_report"][0]
    assert "Realisasi biaya sebesar" in report
    assert "Urban Data Policy Division" in report and "Seoul" in report
    # the plan's dates hold the notes, photos and log; the follow-up comes after the trip
    start, end = study.plan.start_date, study.plan.end_date
    for dated in (*study.execution.notes, *study.execution.photos, *study.execution.log):
        assert start <= dated.date <= end
    assert all(t.due_date > end for t in study.evaluation.follow_up)
    assert study.reporting.report_date > end


# ---------------------------------------------------------------------------
# SPD (item 7: word for word from the office's form)

PMK = SPD_WORDING["pmk_113_2012"]


def test_spd_items_word_for_word(example):
    _, study, texts = example
    for text in texts["spd"]:
        assert "SURAT PERJALANAN DINAS (SPD)" in text
        assert "1. Pejabat Pembuat Komitmen" in text
        assert "2. Nama/NIP Pegawai yang melaksanakan perjalanan dinas" in text
        assert "c. Tanggal harus kembali/tiba di tempat baru *)" in text
        assert "*) Coret yang tidak perlu" in text
        # item 8: numbered rows left empty to fill in
        assert "8. Pengikut : Nama Tanggal Lahir Keterangan 1. 2. 3. 9." in text
        assert "b. Akun" in text
        assert f"VIII. PERHATIAN {PMK['box_viii']}" in text
        assert "Tembusan" not in text
        # 6b: the place, not the institution
        city = study.destination.destinations[0].city
        six_b = text.split("b. Tempat tujuan", 1)[1].split("7.", 1)[0]
        assert six_b.startswith(f" b. {city}")
        assert study.destination.destinations[0].institution not in six_b


def test_spd_regional_form():
    study = example_study()
    study.office.spd_form = "permendagri"
    text = _text(render(study, "spd", item=0))
    wording = SPD_WORDING["permendagri"]
    assert "SURAT PERINTAH PERJALANAN DINAS (SPPD)" in text
    assert "2. Nama/NIP Pegawai yang diperintahkan" in text
    assert "b. Mata Anggaran" in text
    assert f"VIII. PERHATIAN {wording['box_viii']}" in text
    assert PMK["box_viii"] not in text


@pytest.mark.parametrize("choice, label", [
    ("ppk", "Pejabat Pembuat Komitmen"),
    ("pa_kpa", "Pengguna Anggaran/Kuasa Pengguna Anggaran"),
    ("pejabat_berwenang", "Pejabat yang berwenang memberi perintah"),
])
def test_spd_item_1_label_is_the_office_choice(choice, label):
    study = example_study()
    study.office.spd_issuer = choice
    text = _text(render(study, "spd", item=0))
    assert f"1. {label} Sri Rahayu Lestari, S.E., M.Ak. 2." in text


def test_spd_item_1_names_whoever_signs():
    from docgen.study import SigningRule

    study = example_study()
    study.office.spd_issuer = "pa_kpa"
    study.office.signing = {"spd": SigningRule(signer="head")}
    text = _text(render(study, "spd", item=0))
    assert "1. Pengguna Anggaran/Kuasa Pengguna Anggaran Ir. Hendra Wicaksono, M.T. 2." in text


def test_nip_dot_is_the_office_choice():
    study = example_study()
    plain = _text(render(study, "spd", item=0))
    assert "NIP 19780823 200312 2 006" in plain and "NIP." not in plain
    study.office.nip_dot = True
    for kind, item in (("spd", 0), ("spt", None), ("notulen", 0), ("coordination_letter", 0)):
        text = _text(render(study, kind, item=item))
        assert "NIP." in text, kind
        assert not re.search(r"NIP \d", text), kind


# ---------------------------------------------------------------------------
# Notulen (item 5)


def test_notulen_has_kop_acara_count_place_and_both_signatures(example):
    name, study, texts = example
    for note, text in zip(study.execution.notes, texts["notulen"], strict=True):
        assert text.startswith("PEMERINTAH KABUPATEN SLEMAN BADAN PERENCANAAN PEMBANGUNAN")
        assert f"Acara : {note.activity}" in text
        count = note.participant_count or len(study.plan.team) + len(note.host_participants)
        listed = "antara lain" if note.participant_count else "yaitu"
        assert re.search(rf"Peserta : {count} \(\w+\) orang \(daftar hadir terlampir\), "
                         rf"{listed}: a\. Tim ", text)
        signed = f"{note.city}, {note.date.day} "
        member = next(m for m in study.plan.team if m.full_name == note.notetaker)
        assert (f"{note.notetaker} {member.pangkat_golongan} NIP {member.nip_formatted}"
                in text), name
        assert f"Pimpinan Pertemuan : {note.chair_name}, {note.chair}" in text
        if study.goals.abroad:
            # a host's chair abroad is named in the text; the team leader countersigns
            leader = study.plan.leader
            assert "Pimpinan Pertemuan," not in text
            assert f"Mengetahui, KETUA TIM, {signed}" in text
            assert (f"{leader.full_name} {leader.pangkat_golongan} NIP {leader.nip_formatted}"
                    in text.split("NOTULIS,", 1)[1])
            assert note.chair.upper() not in text
            continue
        assert f"Pimpinan Pertemuan, {note.chair.upper()}," in text
        assert f"{signed}" in text.split("Pimpinan Pertemuan,", 1)[1]
        assert note.chair_name in text.split("NOTULIS,", 1)[1]
        if note.chair_nip:
            assert f"{note.chair_name} NIP " in text


def test_notulen_reads_an_old_note_taker_given_by_name_only():
    data = example_data()
    note = data["execution"]["notes"][0]
    for key in ("chair_name", "chair_nip", "city", "activity"):
        note.pop(key)
    note["notetaker"] = "Sri Lestari, S.E."  # not in the team: no NIP known
    study = load_study(data)
    text = _text(render(study, "notulen", item=0))
    assert text.rstrip().endswith("Sri Lestari, S.E.")
    assert f"Acara : {study.goals.title}" in text
    assert "Sleman, 14 Desember 2026" in text  # the office's city when the note has none
    note["notetaker_nip"] = "19880512 201101 2 004"
    note["notetaker_golongan"] = "III/b"
    text = _text(render(load_study(data), "notulen", item=0))
    assert text.rstrip().endswith(
        "Sri Lestari, S.E. Penata Muda Tingkat I (III/b) NIP 19880512 201101 2 004")


# ---------------------------------------------------------------------------
# Permit request and the letter to the embassy (item 4)


def test_permit_request_lists_passports_places_of_birth_and_what_is_attached(abroad):
    study, texts = abroad
    text = texts["permit_request"][0]
    table = text.split("DATA PESERTA PERJALANAN DINAS LUAR NEGERI", 1)[1]
    assert "Tempat, Tanggal Lahir Nomor Paspor" in table
    for member in study.plan.members_ordered:
        assert member.passport_number in table
        assert f"{member.birth_place}, " in table
    letter = text.split("DATA PESERTA", 1)[0]
    listed = re.findall(r"\d\. ([^;.]+(?:\.\d+)?[^;]*?)[;.] (?=\d\. |Demikian)", letter)
    assert "Lampiran : 6 (enam) berkas" in letter
    assert "Surat konfirmasi KBRI Nomor B-00215/Seoul/II/2027 tanggal 5 Februari 2027" \
        in letter
    assert "undangan atau balasan" not in letter
    assert len([x for x in listed if x]) >= 6


def test_permit_request_attaches_only_what_exists():
    study = abroad_example_study()
    study.coordination.reply_number = ""
    study.plan.funding.dpa_number = ""
    text = _text(render(study, "permit_request"))
    assert "Lampiran : 4 (empat) berkas" in text
    assert "KBRI Nomor" not in text and "Salinan Dokumen Pelaksanaan Anggaran" not in text
    study.coordination.reply_kind = "undangan"
    study.coordination.reply_number = "123/SMG/2027"
    text = _text(render(study, "permit_request"))
    assert "Lampiran : 5 (lima) berkas" in text
    assert "1. Surat undangan instansi tujuan Nomor 123/SMG/2027" in text


def test_passport_number_is_checked_lightly():
    member = {"name": "A", "passport_number": "b 123 4567"}
    data = example_data()
    data["plan"]["team"][0].update(member)
    assert load_study(data).plan.team[0].passport_number == "B1234567"
    data["plan"]["team"][0]["passport_number"] = "paspor"
    with pytest.raises(StudyInvalid) as err:
        load_study(data)
    assert err.value.problems[0].path == "plan.team[0].passport_number"


def test_permit_request_needs_passports_and_places_of_birth():
    study = abroad_example_study()
    study.plan.team[1].passport_number = None
    study.plan.team[2].birth_place = ""
    assert [(p.path, p.code) for p in missing(study, "permit_request")] == [
        ("plan.team[2].birth_place", "needed_for"),
        ("plan.team[1].passport_number", "needed_for")]


def test_letter_to_the_embassy_asks_it_to_facilitate(abroad):
    study, texts = abroad
    text = texts["coordination_letter"][0]
    host = study.destination.destinations[0]
    assert "Hal : Permohonan Fasilitasi Kunjungan Studi Banding" in text
    assert f"Yth. {host.addressee} {host.letter_address} di Seoul" in text
    assert ("kami mohon bantuan Bapak/Ibu untuk memfasilitasi kunjungan tim kami ke "
            "Seoul Metropolitan Government, Korea Selatan,") in text  # the city once
    assert "menerima kunjungan" not in text
    assert ("Tembusan: 1. Yth. Menteri Dalam Negeri c.q. Kepala Pusat Fasilitasi Kerja Sama; "
            "2. Yth. Gubernur Daerah Istimewa Yogyakarta; 3. Yth. Bupati Sleman (sebagai "
            "laporan).") in text


def test_domestic_letter_asks_the_host_to_receive_the_team():
    text = _text(render(example_study(), "coordination_letter", item=0))
    assert "Hal : Permohonan Kunjungan Studi Banding" in text
    assert "kami mohon kesediaan Bapak/Ibu untuk menerima kunjungan tim kami yang" in text
    assert "Tembusan: Yth. Bupati Sleman (sebagai laporan)." in text


def test_kak_gives_the_hosts_own_address(abroad):
    study, texts = abroad
    kak = texts["kak"][0]
    host = study.destination.destinations[0]
    assert f"{host.institution}, {host.address}, Seoul, Korea Selatan." in kak
    assert "Yeouidaebang-ro" not in kak  # the embassy's street


# ---------------------------------------------------------------------------
# Invitation, KAK, spelling, units, punctuation (item 7)


def test_invitation_labels_and_tembusan(example):
    _, study, texts = example
    event = study.reporting.dissemination[0]
    for text in texts["invitation"]:
        for label in ("Hari/Tanggal :", "Waktu :", "Tempat :", f"Acara : {event.title}"):
            assert label in text
        assert "Tembusan: Yth. Bupati Sleman (sebagai laporan)." in text


def test_kak_says_terms_of_reference_in_italics(example):
    _, study, texts = example
    assert "(TERMS OF REFERENCE)" in texts["kak"][0]
    assert "TERM OF REFERENCE" not in texts["kak"][0].replace("TERMS OF", "")
    xml = docx_xml(render(study, "kak"))
    run = xml[:xml.index("TERMS OF REFERENCE")].rsplit("<w:r>", 1)[1]
    assert "<w:i/>" in run


def test_kbbi_spelling_of_antar(example):
    _, _, texts = example
    for kind, docs in texts.items():
        for text in docs:
            assert not re.search(r"\bantar (perangkat|dinas|daerah|instansi|lembaga)", text,
                                 flags=re.I), kind


def test_lodging_is_counted_per_night(example):
    _, study, texts = example
    for line in study.plan.budget:
        if line.component == "penginapan":
            assert line.unit in ("OM", "malam")
            assert "malam" in line.description
    if any(line.component == "penginapan" for line in study.plan.budget):
        assert re.search(r"Penginapan .*? \d+ OM ", texts["rab"][0])


def test_lists_of_phrases_end_with_semicolons_and_a_full_stop(example):
    _, study, texts = example
    kak = texts["kak"][0]
    aims = study.goals.aims
    for i, aim in enumerate(aims, 1):
        end = "." if i == len(aims) else ";"
        assert f"{i}. {aim}{end}" in kak
        assert f"{i}. {aim}{end}" in texts["permit_request"][0] if "permit_request" in texts \
            else True
    letter = texts["coordination_letter"][0]
    assert f"a. {aims[0]};" in letter and f"c. {aims[-1]}." in letter
    for i, basis in enumerate(study.goals.legal_bases, 1):
        assert f"{i}. {basis}{'.' if i == len(study.goals.legal_bases) else ';'}" in kak


# ---------------------------------------------------------------------------
# Through LibreOffice: what the signer sees

def _pdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    from docgen.pdf import docx_to_pdf

    pdf = docx_to_pdf(data, name="wording")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _no_soffice() -> bool:
    from docgen.pdf import soffice

    return soffice() is None


@pytest.mark.pdf
@pytest.mark.skipif(_no_soffice(), reason="LibreOffice (soffice) is not installed")
def test_abroad_papers_are_signed_where_they_should_be():
    study = abroad_example_study()
    letter = _pdf_pages(render(study, "coordination_letter", item=0))
    assert "Ir. Hendra Wicaksono, M.T." in letter[0] and "Tembusan:" in letter[0]
    for item in items(study, KINDS["notulen"]):
        pages = _pdf_pages(render(study, "notulen", item=item))
        assert len(pages) == 1 and "NOTULIS," in pages[0]


# ---------------------------------------------------------------------------
# Papers an office signs without corrections


def test_spd_box_ii_gives_the_day_the_team_arrives(example):
    name, study, texts = example
    arrive = {"domestic": "Tiba di : Surabaya Pada tanggal : 14 Desember 2026",
              # the overnight flight of 8 March lands on the 9th, a day before the visit
              "abroad": "Tiba di : Seoul Pada tanggal : 9 Maret 2027"}[name]
    for text in texts["spd"]:
        assert arrive in text, name


def test_rtl_rows_follow_their_target_dates(example):
    name, study, texts = example
    dues = [t.due_date for t in study.evaluation.follow_up if t.due_date]
    assert dues != sorted(dues) or name == "abroad"  # the domestic example is out of order
    text = texts["rtl"][0]
    table = text[text.index("Matriks Rencana Tindak Lanjut No "):]
    months = "|".join(["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                       "Agustus", "September", "Oktober", "November", "Desember"])
    found = [m.group(0) for m in re.finditer(rf"\d{{1,2}} (?:{months}) \d{{4}}", table)]
    from docgen.idformat import tanggal

    assert found[:len(dues)] == [tanggal(d) for d in sorted(dues)], name


def _headers(data: bytes) -> str:
    return docx_xml(data, "word/header1.xml") + docx_xml(data, "word/header2.xml")


def test_every_draft_is_marked_konsep_and_no_issued_paper_is(example):
    name, study, _texts = example
    for kind in available(study):
        item = items(study, kind)[0]
        draft = render(study, kind, item=item)
        assert "KONSEP" in _headers(draft), f"{name} {kind.id}"
        assert "KONSEP" not in _text(draft), "in the header, not in the text"
        issued = render(study, kind, item=item, number="000.1.2.3/1/Bappeda/2026")
        assert "KONSEP" not in _headers(issued), f"{name} {kind.id}"


def test_nip_in_a_table_does_not_break():
    study = abroad_example_study()
    xml = docx_xml(render(study, "permit_request"))
    for member in study.plan.team:
        assert member.nip_formatted.replace(" ", "\u00a0") in xml
    kak = docx_xml(render(study, "kak"))
    assert study.plan.team[0].nip_formatted.replace(" ", "\u00a0") in kak


def test_abroad_report_letter_copies_the_minister_and_the_governor(abroad):
    _study, texts = abroad
    text = texts["report_letter"][0]
    assert ("Tembusan: 1. Yth. Menteri Dalam Negeri c.q. Kepala Pusat Fasilitasi Kerja Sama; "
            "2. Yth. Gubernur Daerah Istimewa Yogyakarta.") in text
    assert "melalui Gubernur Daerah Istimewa Yogyakarta" in texts["permit_request"][0]


def test_number_lists_are_left_aligned_and_keep_nomor_with_its_number():
    study = abroad_example_study()
    xml = docx_xml(render(study, "spt"))
    at = xml.index("Nomor\u00a0100.3.6/1187/SJ/2027")
    last = xml[xml.rindex("<w:p>", 0, at):at]
    assert '<w:jc w:val="left"/>' in last and '<w:jc w:val="both"/>' not in last


def test_domestic_notulen_is_still_signed_by_the_host_chair(example):
    name, study, texts = example
    if name != "domestic":
        return
    note = study.execution.notes[0]
    assert f"Pimpinan Pertemuan, {note.chair.upper()}," in texts["notulen"][0]
