"""Batch jobs in the database: parts claimed under a lease, a dead worker's part made again
without a second output, the ZIP assembled once, cancelled and interrupted jobs."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import update

from docgen import batch
from docgen.catalog import get_kind
from docgen.jobs import core
from docgen.jobs.runners import ThreadRunner, dispatch
from docgen.recipients import read_recipients
from docgen.store import Job, JobPart, Store
from tests.recipient_sheets import HEADER, villages, xlsx


@pytest.fixture
def store(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_RENDER_PATH", "compiled")
    monkeypatch.setenv("DOCGEN_JOB_LEASE", "2")
    store = Store(db_url, tmp_path / "home")
    store.upgrade()
    yield store
    store.dispose()


def new_job(store, study, count=batch.PART_SIZE + 5, rows=None):
    sheet = read_recipients(xlsx(rows or [HEADER, *villages(count)]), "penerima.xlsx")
    with store.transaction() as session:
        job = core.create_batch(session, store.files, study=study,
                                kind=get_kind("invitation"), sheet=sheet, runner="thread")
        return job.id


def get(store, job_id):
    with store.session() as session:
        job = session.get(Job, job_id)
        job.parts  # noqa: B018 - loaded while the session is open
        return job


def zip_names(store, job):
    with zipfile.ZipFile(io.BytesIO(store.files.read(job.result_key))) as zf:
        return zf.namelist()


def test_a_job_made_part_by_part_gives_one_zip(store, study):
    job_id = new_job(store, study)
    job = get(store, job_id)
    assert [(p.start, p.stop) for p in job.parts] == [(0, 50), (50, 55)]
    assert core.run_part(store, job_id, 1) == "done"
    assert get(store, job_id).state == "running"
    assert core.status(get(store, job_id)).made == 5
    assert core.run_part(store, job_id, 0) == "done"
    job = get(store, job_id)
    assert job.state == "done" and core.status(job).percent == 100
    names = zip_names(store, job)
    assert len(names) == 56 and names[-1] == "ringkasan-batch.csv"
    assert names[0] == "undangan-diseminasi-001-kepala-desa-sukamaju-1.docx"
    assert len(set(names)) == len(names)
    assert core.run_part(store, job_id, 0) == "skipped"  # a late second delivery


def test_a_dead_workers_part_is_made_again_once(store, study):
    job_id = new_job(store, study)
    dead = core.claim(store, job_id, 0, "dead-worker")
    assert dead is not None and core.claim(store, job_id, 0, "other") is None
    with store.transaction() as session:  # its lease runs out: no more heartbeats
        session.execute(update(JobPart).where(JobPart.id == dead.id)
                        .values(lease_until=core.now() - timedelta(seconds=1)))
    queued = []
    assert core.reap(store, lambda j, n: queued.append((j, n))) == [(job_id, 0)]
    assert queued == [(job_id, 0)]
    assert core.run_part(store, job_id, 0) == "done"
    assert core.run_part(store, job_id, 1) == "done"
    with store.transaction() as session:  # the dead worker cannot record a result now
        late = session.execute(update(JobPart).where(JobPart.id == dead.id,
                                                     JobPart.lease_owner == "dead-worker",
                                                     JobPart.state == "running")
                               .values(state="done", result_key="x"))
        assert late.rowcount == 0
    job = get(store, job_id)
    assert job.state == "done" and job.parts[0].attempts == 2
    docs = [n for n in zip_names(store, job) if n.endswith(".docx")]
    assert len(docs) == len(set(docs)) == 55


def test_a_part_made_twice_is_the_same_output(store, study):
    job_id = new_job(store, study, count=3)
    assert core.run_part(store, job_id, 0) == "done"
    first = get(store, job_id).parts[0].result_key
    with store.transaction() as session:
        session.execute(update(JobPart).where(JobPart.job_id == job_id)
                        .values(state="queued"))
        session.execute(update(Job).where(Job.id == job_id).values(state="running"))
    assert core.run_part(store, job_id, 0) == "done"
    assert get(store, job_id).parts[0].result_key == first


def test_a_cancelled_job_makes_nothing_more(store, study):
    job_id = new_job(store, study)
    with store.transaction() as session:
        assert core.cancel(session, session.get(Job, job_id))
    assert core.run_part(store, job_id, 0) == "skipped"
    job = get(store, job_id)
    assert job.state == "cancelled" and {p.state for p in job.parts} == {"cancelled"}
    assert job.result_key is None
    with store.transaction() as session:
        assert not core.cancel(session, session.get(Job, job_id))


def test_a_job_stopped_by_a_restart_is_interrupted_and_can_go_on(store, study):
    job_id = new_job(store, study)
    assert core.run_part(store, job_id, 1) == "done"
    part = core.claim(store, job_id, 0, "stopped-instance")
    with store.transaction() as session:
        session.execute(update(JobPart).where(JobPart.id == part.id)
                        .values(lease_until=core.now() - timedelta(seconds=1)))
    assert core.reap(store, interrupt=True) == []
    job = get(store, job_id)
    assert job.state == "interrupted" and core.status(job).as_dict()["done"]
    with store.transaction() as session:
        numbers = core.restart(session, session.get(Job, job_id))
    assert numbers == [0]
    runner = ThreadRunner(store, threads=2)
    try:
        dispatch(runner, get(store, job_id))
        deadline = time.monotonic() + 60
        while get(store, job_id).state != "done" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        runner.shutdown()
    job = get(store, job_id)
    assert job.state == "done" and len(zip_names(store, job)) == 56


def test_rows_refused_by_the_sheet_stay_with_the_job(store, study):
    rows = [HEADER, *villages(2), [3, None, "Desa", None, None, None, None]]
    job_id = new_job(store, study, rows=rows)
    assert core.run_part(store, job_id, 0) == "done"
    job = get(store, job_id)
    state = core.status(job)
    assert (state.total, state.made, state.refused) == (2, 2, 1)
    assert [p.path for p in state.problems] == ["Penerima!B6"]
    assert state.as_dict("en")["problems"][0]["message"].startswith("row 6:")
    with zipfile.ZipFile(io.BytesIO(store.files.read(job.result_key))) as zf:
        report = zf.read("ringkasan-batch.csv").decode("utf-8-sig")
    assert "Penerima!B6" in report and "ditolak" in report


def test_a_part_whose_message_was_lost_is_sent_again(store, study):
    job_id = new_job(store, study)
    with store.transaction() as session:  # Redis restarted empty: nobody ever took part 1
        session.execute(update(JobPart).where(JobPart.job_id == job_id, JobPart.number == 1)
                        .values(updated_at=core.now() - timedelta(hours=1)))
    sent = []
    assert core.reap(store, lambda j, n: sent.append((j, n))) == [(job_id, 1)]
    assert sent == [(job_id, 1)]
    assert core.reap(store, lambda j, n: sent.append((j, n))) == []  # not again at once
    assert core.run_part(store, job_id, 1) == "done"
