"""The PDF/A of an issued record made in the background (docgen.jobs.record_pdf): issuing
commits the record at once, the conversion that ends keeps its PDF/A once (however many
settle it), a killed worker's conversion is made again without a second file, a failure is
noted with its reason in both languages and tried again on request. On SQLite and
PostgreSQL."""

from __future__ import annotations

import io
import shutil
import threading
import time
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from docgen import archive
from docgen import preview as pv
from docgen.jobs import convert, record_pdf
from docgen.pdf import pdfa_identification
from docgen.store import ArchiveEvent, ArchiveFile, Conversion, RecordPdf
from tests.archive_fixtures import *  # noqa: F403 (store, storage, session, setup)
from tests.office_tools import use_tools

ISSUED = date(2026, 3, 2)
BASE = "https://docgen.contoh.go.id"


@pytest.fixture(autouse=True)
def tools(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_JOB_LEASE", "2")
    use_tools(monkeypatch, tmp_path / "bin")


def issue_later(session, store, setup, sent):
    """Issue the coordination letter with its PDF/A asked for in the background."""
    _office, user, record = setup

    def later(entry, docx):
        record_pdf.request(store, entry.id, docx, user_id=user.id,
                           actor=archive.actor_label(user), submit=sent.append)

    return archive.finalize(session, record, "coordination_letter", user=user, issued=ISSUED,
                            verify_base=BASE, storage=archive.default_storage(store.home),
                            base_dir=store.home, pdf=later)


def pdf_files(store, record_id):
    with store.session() as session:
        return list(session.scalars(select(ArchiveFile).where(
            ArchiveFile.record_id == record_id, ArchiveFile.role == "pdf")))


def stored_pdfs(store):
    return sorted(p.name for p in archive.archive_dir(store.home).rglob("*.pdf"))


def events(store, record_id):
    with store.session() as session:
        return [(e.event, e.outcome, e.actor_name) for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == record_id)
            .order_by(ArchiveEvent.id))]


def test_issuing_commits_at_once_and_the_runner_keeps_the_pdfa(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    pending = record_pdf.state(store, entry.id)
    assert pending.pending and pending.conversion == "queued" and len(sent) == 1
    assert pending.message("id") == "PDF/A sedang dibuat"
    assert pending.message("en") == "the PDF/A is being made"
    assert pdf_files(store, entry.id) == [] and stored_pdfs(store) == []
    assert convert.run(store, sent[0]) == "done"  # the runner attaches: nobody looked
    assert convert.run(store, sent[0]) == "skipped"  # a late second delivery
    made = record_pdf.state(store, entry.id)
    [kept] = pdf_files(store, entry.id)
    assert made.made and made.file_id == kept.id and len(stored_pdfs(store)) == 1
    data = archive.default_storage(store.home).get(kept.storage_key)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert kept.filename == entry.filename.replace(".docx", ".pdf")
    if pdfa_identification(data) is not None:  # the stand-in soffice writes a plain PDF
        assert pdfa_identification(data) == (2, "B")
    user = setup[1]
    assert events(store, entry.id)[-1] == ("pdf_made", "ok", archive.actor_label(user))
    assert record_pdf.request(store, entry.id, submit=sent.append).made and len(sent) == 1


def test_settled_twice_one_file(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    key = session.scalar(select(RecordPdf.key).where(RecordPdf.record_id == entry.id))
    assert convert._run_once(store, sent[0], "w1") == "done"  # its worker died after this
    assert record_pdf.settle(store, key) == [entry.id]
    assert record_pdf.settle(store, key) == []
    assert record_pdf._attach(store, entry.id, key, b"%PDF-1.7 late") is False
    assert len(pdf_files(store, entry.id)) == 1 and len(stored_pdfs(store)) == 1
    assert [e for e in events(store, entry.id) if e[0] == "pdf_made"] == \
        [("pdf_made", "ok", archive.actor_label(setup[1]))]


def test_a_killed_workers_conversion_is_made_again_and_kept_once(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    with store.transaction() as s:  # taken by a worker that was then killed
        s.execute(update(Conversion).values(
            state="running", lease_owner="dead", attempts=1,
            lease_until=convert.now() - timedelta(seconds=1)))
    assert record_pdf.state(store, entry.id).conversion == "running"
    assert convert.reap(store, sent.append) == [sent[0]] and len(sent) == 2
    assert convert.run(store, sent[1]) == "done"
    assert record_pdf.state(store, entry.id).made
    assert len(pdf_files(store, entry.id)) == 1 and len(stored_pdfs(store)) == 1


def test_a_conversion_ended_but_not_attached_is_kept_by_the_reaper(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    assert convert._run_once(store, sent[0], "w1") == "done"  # killed before attaching
    with store.transaction() as s:  # asked for a moment ago: left to its runner
        s.execute(update(RecordPdf).values(updated_at=convert.now()))
    assert record_pdf.reap(store, sent.append) == []
    with store.transaction() as s:
        s.execute(update(RecordPdf).values(
            updated_at=convert.now() - timedelta(seconds=5)))
    assert record_pdf.reap(store, sent.append) == [entry.id]
    assert record_pdf.state(store, entry.id).made and len(stored_pdfs(store)) == 1


def test_a_result_pruned_before_attaching_is_converted_again(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    assert convert._run_once(store, sent[0], "w1") == "done"
    key = session.scalar(select(RecordPdf.key).where(RecordPdf.record_id == entry.id))
    shutil.rmtree(convert.cache_for(store).folder(key))
    assert record_pdf.look(store, entry.id, submit=sent.append).pending and len(sent) == 2
    assert convert.run(store, sent[1]) == "done"
    assert record_pdf.state(store, entry.id).made and len(stored_pdfs(store)) == 1


def test_a_failure_is_named_in_both_languages_and_tried_again(session, store, setup,
                                                              monkeypatch):
    monkeypatch.setattr(pv, "soffice", lambda: None)
    sent = []
    entry = issue_later(session, store, setup, sent)
    assert convert.run(store, sent[0]) == "failed"
    failed = record_pdf.state(store, entry.id)
    assert failed.failed and failed.error_code == "conversion_tool_libreoffice"
    assert failed.message("id").startswith("PDF/A gagal dibuat: LibreOffice tidak tersedia")
    assert failed.message("en").startswith(
        "the PDF/A could not be made: LibreOffice is not available")
    assert failed.as_dict("en")["reason"].startswith("LibreOffice is not available")
    assert events(store, entry.id)[-1][:2] == ("pdf_made", "failed")
    assert pdf_files(store, entry.id) == []
    monkeypatch.undo()
    use_tools(monkeypatch, store.home.parent / "bin")
    monkeypatch.setenv("DOCGEN_JOB_LEASE", "2")
    again = record_pdf.request(store, entry.id, submit=sent.append)  # its DOCX from storage
    assert again.pending and again.attempts == 2 and len(sent) == 2
    assert record_pdf.request(store, entry.id, submit=sent.append).pending  # asked twice
    assert len(sent) == 2
    assert convert.run(store, sent[1]) == "done"
    assert record_pdf.state(store, entry.id).made and len(stored_pdfs(store)) == 1
    assert [e[:2] for e in events(store, entry.id) if e[0] == "pdf_made"] == \
        [("pdf_made", "failed"), ("pdf_made", "ok")]


def test_a_record_whose_content_was_converted_before_is_kept_at_once(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    convert._run_once(store, sent[0], "w1")
    with store.transaction() as s:  # as if it failed once, the conversion still cached
        s.execute(update(RecordPdf).values(state="failed", error_code="conversion_failed"))
    assert record_pdf.request(store, entry.id, submit=sent.append).made and len(sent) == 1


def test_a_damaged_docx_fails_with_its_reason(session, store, setup):
    sent = []
    entry = issue_later(session, store, setup, sent)
    convert._run_once(store, sent[0], "w1")
    key = session.scalar(select(RecordPdf.key).where(RecordPdf.record_id == entry.id))
    shutil.rmtree(convert.cache_for(store).folder(key))
    damaged = archive.default_storage(store.home).path(entry.storage_key)
    damaged.chmod(0o644)
    damaged.write_bytes(b"not it")
    failed = record_pdf.look(store, entry.id, submit=sent.append)
    assert failed.failed and failed.error_code == "record_pdf_docx_unreadable"
    assert "rusak atau hilang" in failed.message("id")
    assert "damaged or missing" in failed.message("en")


def test_two_attaching_at_the_same_moment_keep_one_file(session, store, setup, monkeypatch):
    sent = []
    entry = issue_later(session, store, setup, sent)
    convert._run_once(store, sent[0], "w1")
    key = session.scalar(select(RecordPdf.key).where(RecordPdf.record_id == entry.id))
    data = convert.cache_for(store).get(key).pdf.read_bytes()
    real_put = archive.LocalStorage.put

    def slow_put(self, name, content):
        time.sleep(0.3)  # the window between looking for a PDF/A and committing it
        return real_put(self, name, content)

    monkeypatch.setattr(archive.LocalStorage, "put", slow_put)
    start = threading.Barrier(2)
    errors = []

    def attach():
        try:
            start.wait()
            record_pdf._attach(store, entry.id, key, data)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=attach) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(pdf_files(store, entry.id)) == 1 and len(stored_pdfs(store)) == 1
    assert [e for e in events(store, entry.id) if e[0] == "pdf_made"] == \
        [("pdf_made", "ok", archive.actor_label(setup[1]))]
