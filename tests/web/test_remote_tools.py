"""A web instance without LibreOffice and pdftoppm, with ``DOCGEN_REDIS_URL`` set
(docs/deploy.md): conversions are made by ``docgen worker`` processes that have the tools, so
the web queues them instead of refusing: issuing queues the record's PDF/A, a document's PDF
answers "sedang dibuat", the batch page offers PDF/A. Without Redis the same machine still
says what it lacks. No worker runs here: what is looked at is what was queued."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import select

from docgen import pdf, preview
from docgen.example import example_study
from docgen.store import Conversion, RecordPdf, StudyRecord
from tests.test_scale import REDIS, redis_client  # noqa: F401
from tests.web.archive_api import *  # noqa: F403 (study_id)
from tests.web.pages import sign_in

ISSUE = {"classification": "000.1.2.3", "access": "biasa", "issued": "2026-11-29"}


@pytest.fixture
def no_tools_here(app, monkeypatch, tmp_path):
    """This machine has neither LibreOffice nor pdftoppm; the PDF/A is asked for at issue."""
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert pdf.soffice() is None and preview.pdftoppm() is None
    app.config["ARCHIVE_PDF"] = True


@pytest.fixture
def workers_queue(no_tools_here, monkeypatch, redis_client):  # noqa: F811
    """The conversions queue (RQ) of this test's own queue name on the test Redis."""
    from rq import Queue

    name = f"docgen-test-{secrets.token_hex(4)}"
    monkeypatch.setenv("DOCGEN_REDIS_URL", REDIS)
    monkeypatch.setenv("DOCGEN_QUEUE", name)
    yield Queue(name + "-convert", connection=redis_client)
    for key in redis_client.scan_iter(f"rq:*{name}*"):
        redis_client.delete(key)


def _issue(client, login, post_form, study_id):
    login("signer")
    response = post_form(f"/studies/{study_id}/documents/spt/0/issue", ISSUE,
                         form_page=f"/studies/{study_id}/documents")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _rows(app, model):
    with app.extensions["docgen_store"].session() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def _batch_formats(app, record_id) -> list[str]:
    """The file formats staff may choose on the batch page of study `record_id` (given the
    example study's data, which has events to send letters for)."""
    with app.extensions["docgen_store"].transaction() as session:
        session.get(StudyRecord, record_id).data = example_study()
    staff = app.test_client()
    sign_in(app, staff, "staff")
    page = staff.get(f"/studies/{record_id}/batch").get_data(as_text=True)
    form = re.search(r'<select[^>]*id="batch-format".*?</select>', page, flags=re.S).group(0)
    return re.findall(r'<option value="([^"]+)"', form)


def _queued(queue) -> list[tuple[str, tuple]]:
    return [(job.func_name, job.args) for job in queue.get_jobs()]


@pytest.mark.redis
def test_with_workers_over_redis_the_web_queues_what_it_cannot_make(
        app, client, login, post_form, study_id, demo_id, workers_queue):
    assert preview.missing_where_made() is None and preview.can_make_pdf()
    record_id = _issue(client, login, post_form, study_id)
    [asked] = _rows(app, RecordPdf)
    assert (asked.record_id, asked.state) == (record_id, "pending")
    [made] = _rows(app, Conversion)
    assert (made.key, made.state) == (asked.key, "queued")
    assert _queued(workers_queue) == [("docgen.jobs.worker.conversion_task", (made.id,))]
    page = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    assert "PDF/A sedang dibuat" in page and "LibreOffice tidak tersedia" not in page

    index = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    assert f"/studies/{study_id}/documents/spt/0.pdf" in index
    waiting = client.get(f"/studies/{study_id}/documents/spt/0.pdf")
    text = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and "sedang dibuat" in text.lower()
    assert "LibreOffice" not in text
    shown = client.get(f"/studies/{study_id}/documents/spt/0/preview")
    assert shown.status_code == 202 and "memerlukan LibreOffice" not in shown.get_data(True)
    assert len(_queued(workers_queue)) == 2  # the review copy differs from the record's DOCX
    assert _batch_formats(app, demo_id) == ["docx", "pdf", "both"]


def test_without_redis_a_machine_without_the_tools_says_so(
        app, client, login, post_form, study_id, demo_id, no_tools_here, monkeypatch):
    monkeypatch.delenv("DOCGEN_REDIS_URL", raising=False)
    assert preview.missing_where_made() == "libreoffice" and not preview.can_make_pdf()
    record_id = _issue(client, login, post_form, study_id)
    assert _rows(app, RecordPdf) == [] and _rows(app, Conversion) == []
    assert "PDF/A sedang dibuat" not in client.get(f"/arsip/{record_id}").get_data(True)

    index = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    assert "memerlukan LibreOffice" in index and "/spt/0.pdf" not in index
    download = client.get(f"/studies/{study_id}/documents/spt/0.pdf")
    assert download.status_code == 302
    shown = client.get(f"/studies/{study_id}/documents/spt/0/preview").get_data(True)
    assert "Pratinjau memerlukan LibreOffice" in shown
    assert _batch_formats(app, demo_id) == ["docx"]
    assert _rows(app, Conversion) == []
