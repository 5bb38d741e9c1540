"""Numbers under load: many processes finalising at once never share or skip a number, on
SQLite and on PostgreSQL; a process killed while finalising loses and doubles nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docgen.archive import PAUSE_HOOK, LocalStorage, archive_dir, finalize, remove_orphans, verify
from docgen.example import example_study
from docgen.store import ArchiveRecord, LetterNumber, Office, Store, StudyRecord

WORKER = Path(__file__).resolve().parent / "archive_worker.py"
ROOT = Path(__file__).resolve().parent.parent


def _setup(url: str, home: Path) -> tuple[Store, int]:
    store = Store(url, home=home)
    store.upgrade()
    study = example_study()
    with store.transaction() as session:
        office = Office(name="Bappeda Kabupaten Sleman", profile=study.office)
        record = StudyRecord(office=office, data=study)
        session.add(record)
        session.flush()
        study_id = record.id
    return store, study_id


def _workers(url: str, home: Path, study_id: int, processes: int, count: int,
             env: dict[str, str] | None = None) -> list[subprocess.Popen]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return [subprocess.Popen([sys.executable, str(WORKER), url, str(home), str(study_id),
                              str(count)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=environment)
            for _ in range(processes)]


def _collect(procs: list[subprocess.Popen]) -> list[str]:
    numbers: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        numbers += out.split()
    return numbers


def _check_consecutive(store: Store, numbers: list[str], total: int) -> None:
    assert len(numbers) == total
    assert len(set(numbers)) == total
    seqs = sorted(int(n.split("/")[1]) for n in numbers)
    assert seqs == list(range(1, total + 1))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ArchiveRecord)) == total
        rows = session.execute(select(LetterNumber.seq)).scalars().all()
        assert sorted(rows) == list(range(1, total + 1))
        storage = LocalStorage(archive_dir(store.home))
        report = verify(session, storage, actor="test")
        assert report.ok and report.checked == total


PER_WORKER = 80
"""Documents each of the eight processes issues (640 in all: enough to interleave them)."""
TOTAL = 8 * PER_WORKER


def test_eight_processes_sqlite(tmp_path):
    home = tmp_path / "home"
    url = f"sqlite:///{home / 'docgen.sqlite3'}"
    store, study_id = _setup(url, home)
    started = time.perf_counter()
    numbers = _collect(_workers(url, home, study_id, 8, PER_WORKER))
    elapsed = time.perf_counter() - started
    print(f"sqlite: {TOTAL} documents by 8 processes in {elapsed:.1f} s")
    _check_consecutive(store, numbers, TOTAL)
    store.dispose()


@pytest.mark.postgres
def test_two_instances_postgres(postgres_url, tmp_path):
    from tests.conftest import _empty_postgres

    _empty_postgres(postgres_url)
    home_a, home_b = tmp_path / "a", tmp_path / "b"
    store, study_id = _setup(postgres_url, home_a)
    home_b.mkdir()
    started = time.perf_counter()
    procs = (_workers(postgres_url, home_a, study_id, 4, PER_WORKER)
             + _workers(postgres_url, home_b, study_id, 4, PER_WORKER))
    numbers = _collect(procs)
    elapsed = time.perf_counter() - started
    print(f"postgres: {TOTAL} documents by 2 instances x 4 processes in {elapsed:.1f} s")
    assert len(numbers) == TOTAL and len(set(numbers)) == TOTAL
    assert sorted(int(n.split("/")[1]) for n in numbers) == list(range(1, TOTAL + 1))
    with store.session() as session:
        seqs = session.execute(select(LetterNumber.seq)).scalars().all()
        assert sorted(seqs) == list(range(1, TOTAL + 1))
        keys = session.execute(select(ArchiveRecord.storage_key)).scalars().all()
    on_disk = {p.relative_to(h / "archive").as_posix() for h in (home_a, home_b)
               for p in (h / "archive").rglob("*.docx")}
    assert on_disk == set(keys)
    store.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)])
def test_killed_while_finalising(backend, request, tmp_path):
    home = tmp_path / "home"
    if backend == "sqlite":
        url = f"sqlite:///{home / 'docgen.sqlite3'}"
    else:
        from tests.conftest import _empty_postgres

        url = request.getfixturevalue("postgres_url")
        _empty_postgres(url)
    store, study_id = _setup(url, home)
    storage = LocalStorage(archive_dir(home))
    with store.session() as session:
        first = finalize(session, session.get(StudyRecord, study_id), "spt",
                         issued=date(2026, 11, 29), storage=storage, base_dir=home)
        assert first.number.split("/")[1] == "1"
    [proc] = _workers(url, home, study_id, 1, 1, env={PAUSE_HOOK: "60"})
    deadline = time.monotonic() + 30
    while len(list(storage.stored_keys())) < 2:
        assert time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "timeout"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with store.session() as session:
        report = verify(session, storage, actor="test")
        assert not report.ok
        assert len(report.orphans) == 1 and report.orphans[0] != first.storage_key
        assert report.mismatched == [] and report.missing == []
        # young: it could belong to a document being issued right now
        assert remove_orphans(report, storage, session) == 0 and report.orphans
        assert remove_orphans(report, storage, session, min_age=0) == 1
        assert verify(session, storage, actor="test").ok
        after = finalize(session, session.get(StudyRecord, study_id), "spt",
                         issued=date(2026, 11, 29), storage=storage, base_dir=home)
        assert after.number.split("/")[1] == "2"
        seqs = session.execute(select(LetterNumber.seq)).scalars().all()
        assert sorted(seqs) == [1, 2]
    store.dispose()
