"""Dates that make sense: a draft is dated in the office's time zone (WIB, WITA or WIT from its
province, DOCGEN_TIMEZONE overriding), never the server's UTC day; papers of later stages
default to dates after what they refer to."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from docgen import archive, catalog, officetime
from docgen.context import build_context
from docgen.example import example_study
from docgen.references import Cited
from docgen.render import render
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text, squash


@pytest.fixture(autouse=True)
def _no_zone_override(monkeypatch):
    monkeypatch.delenv("DOCGEN_TIMEZONE", raising=False)


def _study(province: str):
    study = example_study()
    study.office.province = province
    return study


def _draft_date(study, kind="spt", item=None) -> date:
    return build_context(study, catalog.KINDS[kind], item=item)["doc"].date


def test_the_38_provinces_have_their_zone():
    zones = officetime.PROVINCE_ZONES
    assert len(zones) == 38
    labels = [officetime.ZONE_LABELS[z] for z in zones.values()]
    assert (labels.count("WIB"), labels.count("WITA"), labels.count("WIT")) == (18, 12, 8)
    for name, zone in [("DI Yogyakarta", "Asia/Jakarta"), ("Daerah Istimewa Yogyakarta",
                       "Asia/Jakarta"), ("Provinsi Bali", "Asia/Makassar"),
                       ("NTT", "Asia/Makassar"), ("Kalimantan Barat", "Asia/Pontianak"),
                       ("PAPUA PEGUNUNGAN", "Asia/Jayapura"), ("Maluku Utara", "Asia/Jayapura"),
                       ("Kep. Bangka Belitung", "Asia/Jakarta"),
                       ("DKI Jakarta", "Asia/Jakarta"), ("Gorontalo", "Asia/Makassar")]:
        assert officetime.province_zone(name) == zone, name
    assert officetime.province_zone("Atlantis") is None


def test_wib_draft_at_20_utc_is_dated_the_next_day():
    study = _study("DI Yogyakarta")
    with time_machine.travel(datetime(2026, 12, 6, 20, 0, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 7)
        assert archive.today(study.office) == date(2026, 12, 7)
        text = squash(docx_text(render(study, "spt")))
    assert "pada tanggal : 7 Desember 2026" in text


def test_wita_draft_at_1630_utc_is_dated_the_next_day():
    study = _study("Bali")
    with time_machine.travel(datetime(2026, 12, 6, 16, 30, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 7)
        assert officetime.zone_label(study.office) == "WITA"
    with time_machine.travel(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 6)  # 23.30 WITA


def test_wit_draft_at_1530_utc_is_dated_the_next_day():
    study = _study("Papua")
    with time_machine.travel(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 7)
        assert officetime.zone_label(study.office) == "WIT"
    wib = _study("Jawa Timur")
    with time_machine.travel(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)):
        assert _draft_date(wib) == date(2026, 12, 6)  # 22.30 WIB


def test_docgen_timezone_overrides_the_province(monkeypatch):
    study = _study("Papua")
    monkeypatch.setenv("DOCGEN_TIMEZONE", "Asia/Jakarta")
    with time_machine.travel(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 6)
    monkeypatch.setenv("DOCGEN_TIMEZONE", "Not/AZone")  # unknown: the province counts
    with time_machine.travel(datetime(2026, 12, 6, 15, 30, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 7)


def test_an_office_without_province_counts_in_wib():
    study = _study("")
    with time_machine.travel(datetime(2026, 12, 6, 17, 30, tzinfo=UTC)):
        assert _draft_date(study) == date(2026, 12, 7)
        assert archive.today() == date(2026, 12, 7)


def test_a_stored_office_gives_its_zone():
    from docgen.store import Office

    office = Office(name="Dinas di Makassar", profile={"province": "Sulawesi Selatan"})
    with time_machine.travel(datetime(2026, 12, 6, 16, 30, tzinfo=UTC)):
        assert archive.today(office) == date(2026, 12, 7)


def test_later_papers_follow_the_trip():
    study = example_study()  # the trip is 14–16 December 2026
    study.reporting.report_date = None
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC)):
        assert _draft_date(study, "rtl") == date(2026, 12, 17)
        assert _draft_date(study, "final_report") == date(2026, 12, 17)
        assert _draft_date(study, "invitation", 0) == date(2026, 12, 17)
        assert _draft_date(study, "spt") == date(2026, 12, 3)  # not before the reply letter
        assert _draft_date(study, "spd", 0) == date(2026, 12, 3)  # nor before its SPT
        # the request letter keeps the date the study gives it (sent before the reply)
        assert _draft_date(study, "coordination_letter", 0) == date(2026, 11, 23)
    with time_machine.travel(datetime(2026, 12, 20, 3, 0, tzinfo=UTC)):
        assert _draft_date(study, "rtl") == date(2026, 12, 20)


def test_spt_follows_the_dpa_and_spd_follows_the_spt():
    study = example_study()
    study.coordination.reply_number = ""
    study.plan.funding.dpa_date = date(2026, 12, 10)
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC)):
        assert _draft_date(study, "spt") == date(2026, 12, 10)
        register = {("spt", None): Cited("spt", "", "X/2", date(2026, 12, 11))}
        context = build_context(study, catalog.KINDS["spd"], item=0, register=register)
        assert context["doc"].date == date(2026, 12, 11)
        # an issued date is kept as given
        assert build_context(study, catalog.KINDS["spt"],
                             issued=date(2026, 12, 2))["doc"].date == date(2026, 12, 2)


def test_finalize_without_a_date_takes_the_offices_today(session, setup, storage, store):
    _office, _user, record = setup
    with time_machine.travel(datetime(2026, 12, 6, 20, 0, tzinfo=UTC)):
        entry = archive.finalize(session, record, "spt", storage=storage,
                                 base_dir=store.home)
    assert entry.issued == date(2026, 12, 7)


def test_times_are_written_in_the_right_zone():
    from docgen.example import abroad_example_study
    from docgen.study import check_study

    abroad = abroad_example_study()
    abroad.execution.notes[0].zone = "WIB"
    found = [(p.path, p.code, p.message("id")) for p in check_study(abroad)
             if p.code.startswith("zone")]
    assert found == [("execution.notes[0].zone", "zone_abroad_local",
                      "pertemuan di luar negeri ditulis dalam WIB; gunakan waktu setempat")]
    home = _study("Sulawesi Selatan")
    found = [(p.path, p.message("id")) for p in check_study(home) if p.code.startswith("zone")]
    assert found == [("reporting.dissemination[0].zone", "acara diseminasi ditulis dalam WIB, "
                      "sedangkan kantor di Sulawesi Selatan memakai WITA")]
    home.reporting.dissemination[0].zone = "WITA"
    assert not [p for p in check_study(home) if p.code.startswith("zone")]
    visit = example_study()  # Sleman to Surabaya (Jawa Timur, WIB)
    visit.destination.destinations[0].province = "Sulawesi Selatan"
    found = [(p.path, p.message("id")) for p in check_study(visit) if p.code.startswith("zone")]
    assert found[0] == ("execution.notes[0].zone", "pertemuan di instansi tujuan ditulis dalam "
                        "WIB, sedangkan Sulawesi Selatan memakai WITA")
    assert len(found) == len(visit.execution.notes)
