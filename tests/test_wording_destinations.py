"""The destination is written once where a letter joins the activity to its hosts, and each
host's letter names that host's own days; checked on the rendered DOCX text of both
examples, with the destination typed into the study's title as offices often do."""

from __future__ import annotations

import re

import pytest

from docgen.catalog import available, items
from docgen.example import abroad_example_data, example_data
from docgen.render import render
from docgen.study import load_study
from docgen.wording import activity, host_names, initials, visit_days
from tests.helpers import docx_text, squash

SURABAYA = "Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya"
BAPPEDA = "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan Kota Surabaya"
DOMESTIC_TITLE = "Studi Banding Penerapan E-Budgeting ke Kota Surabaya"
ABROAD_TITLE = "Studi Banding Tata Kelola Data Pembangunan Terpadu ke Seoul, Korea Selatan"
JOINED = ("spt", "coordination_letter", "nota_dinas", "final_report", "report_letter",
          "jadwal", "invitation")
"""The papers that join the activity and the hosts in one sentence or heading."""


def _text(data: bytes) -> str:
    return squash(docx_text(data))


def _domestic(title: str = DOMESTIC_TITLE, second_host: bool = False):
    data = example_data()
    data["goals"]["title"] = title
    if second_host:
        data["destination"]["destinations"].append({
            "institution": BAPPEDA,
            "addressee": "Kepala Bappedalitbang Kota Surabaya",
            "address": "Jalan Pacar Nomor 8", "city": "Surabaya", "province": "Jawa Timur",
            "country": "Indonesia", "visit_date": None})
    return load_study(data)


def _abroad(title: str = ABROAD_TITLE):
    data = abroad_example_data()
    data["goals"]["title"] = title
    return load_study(data)


def _papers(study) -> dict[str, list[str]]:
    return {kind.id: [_text(render(study, kind, item=i)) for i in items(study, kind)]
            for kind in available(study) if kind.id in JOINED}


@pytest.fixture(scope="module")
def domestic_papers():
    return _papers(_domestic())


@pytest.fixture(scope="module")
def abroad_papers():
    return _papers(_abroad())


DOUBLED = re.compile(r"\bke (?:Kota Surabaya|Seoul, Korea Selatan|KOTA SURABAYA|SEOUL, KOREA "
                     r"SELATAN)\b[^.]{0,5}\b(?:ke|KE)\b")


def test_a_title_naming_the_destination_does_not_double_it_domestic(domestic_papers):
    assert set(domestic_papers) == set(JOINED)
    for kind, texts in domestic_papers.items():
        for text in texts:
            assert not DOUBLED.search(text), (kind, DOUBLED.search(text))
            assert "Penerapan E-Budgeting ke Kota Surabaya" not in text, kind
    spt = domestic_papers["spt"][0]
    assert (f"Untuk : 1. Melaksanakan Studi Banding Penerapan E-Budgeting ke {SURABAYA} pada "
            "tanggal 14 s.d. 16 Desember 2026 selama 3 (tiga) hari.") in spt
    letter = domestic_papers["coordination_letter"][0]
    assert (f"bermaksud melaksanakan Studi Banding Penerapan E-Budgeting ke {SURABAYA} yang "
            "telah menerapkan praktik terbaik") in letter
    report = domestic_papers["final_report"][0]
    assert f"STUDI BANDING PENERAPAN E-BUDGETING KE {SURABAYA.upper()}" in report
    assert (f"laporan hasil Studi Banding Penerapan E-Budgeting ke {SURABAYA} pada tanggal"
            in report)
    assert (f"Laporan Hasil Studi Banding Penerapan E-Budgeting ke {SURABAYA} yang "
            "dilaksanakan") in domestic_papers["report_letter"][0]
    assert (f"pelaksanaan Studi Banding Penerapan E-Budgeting ke {SURABAYA} pada hari"
            in domestic_papers["nota_dinas"][0])
    assert f"PENERAPAN E-BUDGETING KE {SURABAYA.upper()}" in domestic_papers["jadwal"][0]
    for invitation in domestic_papers["invitation"]:
        assert (f"hasil Studi Banding Penerapan E-Budgeting yang telah dilaksanakan oleh "
                f"Badan Perencanaan Pembangunan Daerah Kabupaten Sleman ke {SURABAYA}"
                in invitation)


def test_a_title_naming_the_destination_does_not_double_it_abroad(abroad_papers):
    host = "Seoul Metropolitan Government"
    for kind, texts in abroad_papers.items():
        for text in texts:
            assert not DOUBLED.search(text), (kind, DOUBLED.search(text))
    assert (f"1. Melaksanakan Studi Banding Tata Kelola Data Pembangunan Terpadu ke {host} "
            "pada tanggal 8 s.d. 12 Maret 2027") in abroad_papers["spt"][0]
    letter = abroad_papers["coordination_letter"][0]
    assert (f"bermaksud melaksanakan Studi Banding Tata Kelola Data Pembangunan Terpadu ke "
            f"{host} yang telah") in letter
    # the host's city is part of its name: written once
    assert f"memfasilitasi kunjungan tim kami ke {host}, Korea Selatan, yang" in letter


def test_the_shipped_examples_read_as_before():
    """A title without a destination is kept whole, and the hosts follow it."""
    spt = _text(render(load_study(example_data()), "spt"))
    assert ("Melaksanakan Studi Banding Penerapan E-Budgeting dan Integrasi "
            f"Perencanaan-Penganggaran ke {SURABAYA} pada tanggal 14 s.d. 16 Desember 2026"
            in spt)
    spt = _text(render(load_study(abroad_example_data()), "spt"))
    assert ("Melaksanakan Studi Banding Tata Kelola Data Pembangunan Terpadu untuk Kota "
            "Cerdas ke Seoul Metropolitan Government pada tanggal 8 s.d. 12 Maret 2027" in spt)


def test_the_spd_names_the_destination_once():
    for study in (_domestic(), _abroad()):
        [spd] = [_text(render(study, "spd", item=0))]
        assert not DOUBLED.search(spd)
        city = study.destination.destinations[0].city
        assert re.search(rf"Tempat tujuan \S* ?{city}\b", spd), spd[:2000]


@pytest.mark.parametrize(("title", "expected"), [
    (DOMESTIC_TITLE, "Studi Banding Penerapan E-Budgeting"),
    ("Studi Banding ke Pemerintah Kota Surabaya", "Studi Banding"),
    ("Studi Banding Pengelolaan Sampah di Kota Surabaya", "Studi Banding Pengelolaan Sampah"),
    ("Studi Banding ke Kota Surabaya dan Kota Malang", "Studi Banding"),
    (f"Studi Banding ke {SURABAYA}", "Studi Banding"),
    ("Studi Banding ke Provinsi Jawa Timur", "Studi Banding"),
    ("Studi Banding ke Luar Daerah", "Studi Banding"),
    # not a destination of the study: kept as typed
    ("Studi Banding Layanan di Lingkungan Pemerintah Daerah",
     "Studi Banding Layanan di Lingkungan Pemerintah Daerah"),
    ("Studi Banding Transformasi Layanan ke Arah Digital",
     "Studi Banding Transformasi Layanan ke Arah Digital"),
    ("Studi Banding ke Kota Bandung", "Studi Banding ke Kota Bandung"),
    ("Studi Banding ke Kota Surabaya dan Kota Bandung",
     "Studi Banding ke Kota Surabaya dan Kota Bandung"),
])
def test_the_activity_leaves_out_a_closing_destination(title, expected):
    study = _domestic(title)
    malang = study.destination.destinations[0].model_copy(
        update={"institution": "Bappeda Kota Malang", "city": "Malang"})
    assert activity(title, [*study.destination.destinations, malang]) == expected


def test_each_hosts_letter_names_its_own_visit_days():
    study = _domestic(second_host=True)
    first = _text(render(study, "coordination_letter", item=0))
    second = _text(render(study, "coordination_letter", item=1))
    # the agenda has the team at "Kantor BPKPD" on the 14th and the 16th, at
    # "Bappedalitbang Kota Surabaya" (its addressee's unit) on the 15th
    assert "Hari/Tanggal : Senin s.d. Rabu, 14 s.d. 16 Desember 2026 Tempat : " + SURABAYA \
        in first
    assert "Hari/Tanggal : Selasa, 15 Desember 2026 Tempat : " + BAPPEDA in second
    assert "Senin" not in second.split("Hari/Tanggal", 1)[1].split("Tempat", 1)[0]


def test_the_embassy_letter_names_the_hosts_day_not_the_trips_first():
    study = _abroad()
    letter = _text(render(study, "coordination_letter", item=0))
    # the trip starts on Monday 8 March (the flight); the host receives the team on the 10th
    assert "Hari/Tanggal : Rabu, 10 Maret 2027 Tempat : Seoul Metropolitan Government" in letter
    assert "8 s.d. 12 Maret 2027 Tempat" not in letter


def test_a_host_the_agenda_does_not_name_falls_back_to_its_date_then_the_trip():
    study = _domestic(second_host=True)
    study.plan.agenda = [a for a in study.plan.agenda if "Bappedalitbang" not in a.place]
    study.plan.agenda = [a.model_copy(update={"pic": ""}) for a in study.plan.agenda]
    assert visit_days(study, 1).first == study.plan.start_date  # no date: the trip
    assert visit_days(study, 1).last == study.plan.end_date
    study.destination.destinations[1].visit_date = study.plan.end_date
    assert (visit_days(study, 1).first, visit_days(study, 1).last) == (study.plan.end_date,
                                                                      study.plan.end_date)
    text = _text(render(study, "coordination_letter", item=1))
    assert "Hari/Tanggal : Rabu, 16 Desember 2026 Tempat" in text


def test_the_names_an_agenda_calls_a_host_by():
    study = _domestic(second_host=True)
    first, second = study.destination.destinations
    assert initials(SURABAYA) == "bpkpd"
    assert host_names(first) == [SURABAYA.lower(), "bpkpd"]
    assert "bappedalitbang kota surabaya" in host_names(second)
    assert initials("Seoul Metropolitan Government") == "smg"
    assert initials("Dinas Kota Surabaya") == ""  # too short to tell anything apart
