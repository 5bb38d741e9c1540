"""Searching the register: each filter narrows to the right records, never across offices;
paging and order; the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from docgen import archive_search
from docgen.store import ArchiveRecord, Office, StudyRecord
from docgen.study import Goals, Study
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, session)

_serial = iter(range(1, 10_000))


def _record(session, office, study, **fields) -> ArchiveRecord:
    n = next(_serial)
    values = dict(office_id=office.id, study_id=study.id, study_ref=f"S{study.id}",
                  number=f"000.1.2.3/{n}/Bappeda/2026", issued=date(2026, 11, 1), kind="spt",
                  subject="Surat Perintah Tugas", addressee="", classification="000.1.2.3",
                  access="biasa", filename=f"f{n}.docx", storage_key=f"2026/{n:032x}.docx",
                  size=10, sha256="0" * 64, template="t.docx", template_sha256="0" * 64)
    values.update(fields)
    record = ArchiveRecord(**values)
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def register(session):
    """Two offices; ours has two studies and six records, the other one a look-alike."""
    ours = Office(name="Bappeda Sleman")
    other = Office(name="Dinas Lain")
    first = StudyRecord(office=ours, data=Study(goals=Goals(title="Studi Satu")))
    second = StudyRecord(office=ours, data=Study(goals=Goals(title="Studi Dua")))
    theirs = StudyRecord(office=other, data=Study(goals=Goals(title="Studi Lain")))
    session.add_all([ours, other, first, second, theirs])
    session.flush()
    r = {
        "spt": _record(session, ours, first, number="000.1.2.3/7/Bappeda/2026",
                       issued=date(2026, 10, 5)),
        "letter": _record(session, ours, first, kind="coordination_letter",
                          number="000.1.2.3/8/Bappeda/2026", issued=date(2026, 10, 20),
                          subject="Permohonan Kunjungan Studi Banding",
                          addressee="Kepala Bappeda, Pemerintah Kota Surabaya"),
        "rab": _record(session, ours, first, kind="rab", number="", issued=date(2026, 11, 2),
                       subject="Rincian Anggaran Biaya", classification="900.1.3.3"),
        "secret": _record(session, ours, second, number="000.1.3.3/9/Bappeda/2026",
                          issued=date(2026, 11, 15), classification="000.1.3.3",
                          access="rahasia", subject="Izin Perjalanan Luar Negeri"),
        "wild": _record(session, ours, second, number="000.9.3/10_A/Bappeda/2026",
                        issued=date(2026, 12, 1), classification="000.9.3",
                        subject="Undangan 100% hadir", kind="invitation"),
        "near": _record(session, ours, second, number="000.1.2.30/11/Bappeda/2026",
                        issued=date(2026, 12, 2), classification="000.1.2.30"),
        "theirs": _record(session, other, theirs, number="000.1.2.3/7/Dinas/2026",
                          issued=date(2026, 10, 5), subject="Surat Perintah Tugas Surabaya"),
    }
    session.commit()
    return ours, other, first, second, r


def _ids(session, office, **filters) -> set[int]:
    records, total = archive_search.search(session, office.id, **filters)
    assert total == len(records)
    return {record.id for record in records}


def _of(r, *names) -> set[int]:
    return {r[name].id for name in names}


def test_without_filters_every_record_of_the_office_and_none_other(session, register):
    ours, other, _first, _second, r = register
    assert _ids(session, ours) == _of(r, "spt", "letter", "rab", "secret", "wild", "near")
    assert _ids(session, other) == _of(r, "theirs")


@pytest.mark.parametrize(("filters", "expected"), [
    ({"number": "/7/"}, {"spt"}),
    ({"number": "BAPPEDA/2026"}, {"spt", "letter", "secret", "wild", "near"}),
    ({"number": "10_A"}, {"wild"}),
    ({"number": "0_9"}, set()),
    ({"date_from": date(2026, 11, 1)}, {"rab", "secret", "wild", "near"}),
    ({"date_to": date(2026, 10, 20)}, {"spt", "letter"}),
    ({"date_from": date(2026, 10, 6), "date_to": date(2026, 11, 15)},
     {"letter", "rab", "secret"}),
    ({"kind": "coordination_letter"}, {"letter"}),
    ({"classification": "000.1.2.3"}, {"spt", "letter"}),
    ({"classification": "000.1"}, {"spt", "letter", "secret", "near"}),
    ({"classification": "000.1."}, {"spt", "letter", "secret", "near"}),
    ({"classification": "900"}, {"rab"}),
    ({"text": "surabaya"}, {"letter"}),
    ({"text": "kunjungan KOTA"}, {"letter"}),
    ({"text": "kunjungan jakarta"}, set()),
    ({"text": "100%"}, {"wild"}),
    ({"text": "0%"}, {"wild"}),
    ({"text": "/9/"}, {"secret"}),
    ({"access": "rahasia"}, {"secret"}),
    # the study's title: each word in the record's fields or its study's title
    ({"text": "SATU"}, {"spt", "letter", "rab"}),
    ({"text": "dua undangan"}, {"wild"}),
    ({"text": "lain"}, set()),  # another office's study is never searched
    ({"access": "biasa", "kind": "spt"}, {"spt", "near"}),
])
def test_each_filter_narrows(session, register, filters, expected):
    ours, _other, _first, _second, r = register
    assert _ids(session, ours, **filters) == _of(r, *expected)


def test_study_filter_and_another_offices_study(session, register):
    ours, other, first, second, r = register
    assert _ids(session, ours, study_id=first.id) == _of(r, "spt", "letter", "rab")
    assert _ids(session, ours, study_id=second.id) == _of(r, "secret", "wild", "near")
    theirs_study = r["theirs"].study_id
    assert _ids(session, ours, study_id=theirs_study) == set()


def test_pages_and_order(session, register):
    ours, _other, _first, _second, r = register
    newest, total = archive_search.search(session, ours.id, per_page=4)
    assert total == 6
    assert [x.id for x in newest] == [r[n].id for n in ("near", "wild", "secret", "rab")]
    rest, total = archive_search.search(session, ours.id, per_page=4, page=2)
    assert total == 6 and [x.id for x in rest] == [r["letter"].id, r["spt"].id]
    oldest, _ = archive_search.search(session, ours.id, per_page=2, order="oldest")
    assert [x.id for x in oldest] == [r["spt"].id, r["letter"].id]
    beyond, total = archive_search.search(session, ours.id, page=9)
    assert beyond == [] and total == 6
    assert archive_search.page_count(0) == 1
    assert archive_search.page_count(50) == 1 and archive_search.page_count(51) == 2


def test_office_scope_narrows_the_register_to_one_office(session, register):
    from docgen import archive
    from docgen.store import LetterNumber

    ours, other, _first, _second, r = register
    for office, n in ((ours, 5), (other, 1)):
        session.add(LetterNumber(office_id=office.id, year=2026, code="", seq=100 + n,
                                 number=f"RES/{office.name}", classification="000.1.2.3",
                                 issued=date(2026, 11, 3), state="reserved"))
    session.commit()
    everything = archive.register_rows(session, date(2026, 1, 1), date(2026, 12, 31))
    assert any("Dinas" in str(row[1]) for row in everything), "unscoped: both offices"
    with archive_search.office_scope(session, ours.id):
        rows = archive.register_rows(session, date(2026, 1, 1), date(2026, 12, 31))
        numbers = {row[1] for row in rows}
        assert r["theirs"].number not in numbers and "RES/Dinas Lain" not in numbers
        assert {r["spt"].number, r["letter"].number, "RES/Bappeda Sleman"} <= numbers
        assert len(rows) == 7
    after = archive.register_rows(session, date(2026, 1, 1), date(2026, 12, 31))
    assert len(after) == len(everything) == 9, "the scope ends with the block"
