"""Conversions as background jobs (docgen.jobs.convert): one per content however many ask,
claimed under a lease, a dead worker's conversion made again with one result folder, a
timeout tried again then failed with its reason in both languages, a PDF made into pages
without LibreOffice. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update

from docgen import preview as pv
from docgen.catalog import get_kind
from docgen.jobs import convert
from docgen.preview import PNG_MAGIC
from docgen.render import render_document
from docgen.store import Conversion, Store
from tests.office_tools import use_tools


@pytest.fixture
def store(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_JOB_LEASE", "2")
    use_tools(monkeypatch, tmp_path / "bin")
    store = Store(db_url, tmp_path / "home")
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture
def docx(study):
    return render_document(study, get_kind("spt")).data


@pytest.fixture
def conversions(monkeypatch):
    """The DOCX → PDF conversions made in this process."""
    made = []
    real = pv.docx_to_pdf

    def counted(data, **kwargs):
        made.append(pv.docx_key(data))
        return real(data, **kwargs)

    monkeypatch.setattr(pv, "docx_to_pdf", counted)
    return made


def rows(store):
    with store.session() as session:
        found = session.scalars(select(Conversion).order_by(Conversion.id)).all()
        for row in found:
            session.expunge(row)
        return found


def folders(store):
    root = convert.cache_for(store).root
    return sorted(p.relative_to(root).as_posix() for p in root.glob("??/*"))


def test_asked_twice_one_conversion_then_served_from_the_cache(store, docx, conversions):
    sent = []
    first = convert.ask(store, docx, submit=sent.append)
    second = convert.ask(store, docx, submit=sent.append)
    assert (first.state, second.state) == ("queued", "queued")
    assert first.key == second.key == pv.docx_key(docx)
    assert len(rows(store)) == 1 and sent == [rows(store)[0].id]
    assert first.as_dict("id")["message"] == "sedang dalam antrean"
    assert convert.run(store, sent[0]) == "done"
    assert convert.run(store, sent[0]) == "skipped"  # a late second delivery
    done = convert.ask(store, docx, submit=sent.append)
    assert done.done and sent == [rows(store)[0].id] and conversions == [done.key]
    pdf = done.preview.pdf.read_bytes()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 1 and done.preview.pages == pages == rows(store)[0].pages
    assert done.preview.page(1).read_bytes().startswith(PNG_MAGIC)
    assert done.as_dict("en")["message"] == f"done: {pages} pages"
    assert folders(store) == [f"{done.key[:2]}/{done.key}"]
    assert not convert.cache_for(store).input_path(done.key, "docx").exists()


def test_two_users_at_the_same_moment_make_one_conversion(store, docx):
    sent, outcomes = [], []
    barrier = threading.Barrier(4)

    def asking():
        barrier.wait()
        outcomes.append(convert.ask(store, docx, submit=sent.append))

    threads = [threading.Thread(target=asking) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 4 and {o.state for o in outcomes} == {"queued"}
    assert len(rows(store)) == 1 and len(sent) == 1


def test_a_dead_workers_conversion_is_made_again_with_one_result(store, docx, conversions):
    sent = []
    key = convert.ask(store, docx, submit=sent.append).key
    with store.transaction() as session:  # taken by a worker that was then killed
        session.execute(update(Conversion).values(
            state="running", lease_owner="dead", attempts=1,
            lease_until=convert.now() - timedelta(seconds=1)))
    again = convert.look(store, key, submit=sent.append)
    assert again.state == "queued" and sent == [rows(store)[0].id] * 2
    assert convert.look(store, key, submit=sent.append).state == "queued"  # sent once
    assert len(sent) == 2
    assert convert.run(store, sent[0]) == "done"
    with store.transaction() as session:  # the dead worker cannot record anything now
        late = session.execute(update(Conversion).where(
            Conversion.lease_owner == "dead", Conversion.state == "running")
            .values(state="failed"))
        assert late.rowcount == 0
    row = rows(store)[0]
    assert row.state == "done" and row.attempts == 2 and conversions == [key]
    assert folders(store) == [f"{key[:2]}/{key}"]


def test_a_conversion_whose_worker_died_three_times_fails(store, docx):
    key = convert.ask(store, docx).key
    with store.transaction() as session:
        session.execute(update(Conversion).values(
            state="running", lease_owner="dead", attempts=convert.MAX_ATTEMPTS,
            lease_until=convert.now() - timedelta(seconds=1)))
    lost = convert.look(store, key)
    assert lost.failed and lost.message("id") == "pekerja yang membuatnya berhenti 3 kali; " \
        "coba lagi nanti"


def test_a_timeout_is_tried_again_then_fails_in_both_languages(store, docx, monkeypatch):
    tries = []

    def slow(data, source="docx", **kwargs):
        tries.append(source)
        raise pv.PreviewTimeout("LibreOffice took longer than 60 s")

    monkeypatch.setattr(pv, "convert", slow)
    sent = []
    key = convert.ask(store, docx, submit=sent.append).key
    assert convert.run(store, sent[0]) == "failed"
    assert len(tries) == convert.MAX_ATTEMPTS
    failed = convert.look(store, key)
    assert failed.failed and failed.error_code == "conversion_timeout"
    assert "melewati batas waktu 3 kali" in failed.message("id")
    assert "took too long 3 times" in failed.message("en")
    assert failed.as_dict()["done"] and not failed.as_dict()["ready"]


def test_without_libreoffice_on_the_worker_the_reason_is_named(store, docx, monkeypatch):
    monkeypatch.setattr(pv, "soffice", lambda: None)
    sent = []
    key = convert.ask(store, docx, submit=sent.append).key
    assert convert.run(store, sent[0]) == "failed"
    failed = convert.look(store, key)
    assert failed.missing == "libreoffice"
    assert failed.message("id").startswith("LibreOffice tidak tersedia")
    assert failed.message("en").startswith("LibreOffice is not available")
    assert convert.ask(store, docx).failed  # asked again at once: still the same reason
    with store.transaction() as session:  # a minute later it is tried again
        session.execute(update(Conversion).values(
            updated_at=convert.now() - timedelta(seconds=convert.RETRY_FAILED_SECONDS + 1)))
    monkeypatch.undo()
    use_tools(monkeypatch, store.home.parent / "bin")
    monkeypatch.setenv("DOCGEN_JOB_LEASE", "2")
    again = convert.ask(store, docx, submit=sent.append)
    assert again.state == "queued" and len(sent) == 2
    assert convert.run(store, sent[1]) == "done" and convert.look(store, key).done


def test_a_pdf_becomes_pages_without_libreoffice(store, docx, monkeypatch):
    sent = []
    key = convert.ask(store, docx, submit=sent.append).key
    convert.run(store, sent[0])
    pdf = convert.cache_for(store).get(key).pdf.read_bytes()
    monkeypatch.setattr(pv, "soffice", lambda: None)
    outcome = convert.ask(store, pdf, "pdf", submit=sent.append)
    assert outcome.state == "queued" and outcome.key == pv.content_key(pdf, "pdf")
    assert convert.run(store, sent[-1]) == "done"
    made = convert.look(store, outcome.key)
    assert made.done and made.preview.pdf.read_bytes() == pdf
    assert made.preview.pages == len(PdfReader(io.BytesIO(pdf)).pages)


def test_a_result_pruned_from_the_cache_is_made_again(store, docx, conversions):
    import shutil

    sent = []
    key = convert.ask(store, docx, submit=sent.append).key
    convert.run(store, sent[0])
    shutil.rmtree(convert.cache_for(store).folder(key))
    assert convert.look(store, key).state == "done" and len(sent) == 1  # no input: kept
    again = convert.ask(store, docx, submit=sent.append)
    assert again.state == "queued" and len(sent) == 2
    assert convert.run(store, sent[1]) == "done" and convert.ask(store, docx).done
    assert conversions == [key, key]


def test_a_lost_message_is_sent_again_by_the_reaper(store, docx):
    sent = []
    convert.ask(store, docx, submit=sent.append)
    assert convert.reap(store, sent.append) == []
    with store.transaction() as session:  # nobody ever took it (Redis restarted empty)
        session.execute(update(Conversion).values(
            updated_at=convert.now() - timedelta(minutes=10)))
    again = convert.reap(store, sent.append)
    assert again == [rows(store)[0].id] and len(sent) == 2
    assert convert.reap(store, sent.append) == []
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Conversion)) == 1
