"""An issued record's PDF/A made in the background (the web instance's own threads): the
record is committed and shown at once with "PDF/A sedang dibuat", the PDF/A kept once by the
runner without anyone opening the page; a failure shows its reason (Indonesian and English)
with a button to try again; the API says the same and waits with ?wait=N. LibreOffice and
pdftoppm, or their stand-ins (tests/office_tools.py)."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from docgen import preview as pv
from docgen.store import ArchiveEvent, ArchiveFile
from tests.office_tools import use_tools
from tests.web.archive_api import *  # noqa: F403 (api, tokens, study_id)
from tests.web.pages import pdf_made


@pytest.fixture(autouse=True)
def tools(app, no_pdf_at_issue, monkeypatch, tmp_path):
    use_tools(monkeypatch, tmp_path / "bin", seconds=1.0)
    app.config["ARCHIVE_PDF"] = True


def _store(app):
    return app.extensions["docgen_store"]


def _pdfs(app, record_id):
    with _store(app).session() as session:
        return list(session.scalars(select(ArchiveFile).where(
            ArchiveFile.record_id == record_id, ArchiveFile.role == "pdf")))


def _pdf_events(app, record_id):
    with _store(app).session() as session:
        return [(e.outcome, e.detail) for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == record_id,
                                       ArchiveEvent.event == "pdf_made")
            .order_by(ArchiveEvent.id))]


def _kept(app, record_id, seconds=120):
    """The PDF/A files of the record once the runner kept one (nobody asks meanwhile)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _pdfs(app, record_id)
        if found:
            return found
        time.sleep(0.2)
    return []


def _issue_on_the_web(client, login, post_form, study_id):
    login("signer")
    response = post_form(f"/studies/{study_id}/documents/spt/0/issue",
                         {"classification": "000.1.2.3", "access": "biasa",
                          "issued": "2026-11-29"}, form_page=f"/studies/{study_id}/documents")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_issued_at_once_then_the_pdfa_is_kept_without_anyone_looking(
        app, client, login, post_form, study_id):
    record_id = _issue_on_the_web(client, login, post_form, study_id)
    page = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    if "PDF/A sedang dibuat" in page:  # the stand-in soffice takes a second
        assert f'data-status-url="/arsip/{record_id}/pdf.json"' in page
        assert "record_pdf.js" in page and "Buat PDF/A" not in page
    [kept] = _kept(app, record_id)  # the runner's thread kept it: no page asked
    assert len(_pdfs(app, record_id)) == 1
    state = client.get(f"/arsip/{record_id}/pdf.json").get_json()
    assert state["state"] == "made" and state["file"] == kept.id
    page = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    assert "PDF/A sedang dibuat" not in page and kept.filename in page
    pdf = client.get(f"/arsip/{record_id}/files/{kept.id}")
    assert pdf.status_code == 200 and len(PdfReader(io.BytesIO(pdf.data)).pages) >= 1
    assert [o for o, _d in _pdf_events(app, record_id)] == ["ok"]


def test_a_failure_shows_why_and_is_tried_again(app, client, login, post_form, csrf,
                                                study_id, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(pv, "soffice", lambda: None)  # the converting side lacks LibreOffice
        record_id = _issue_on_the_web(client, login, post_form, study_id)
        state = pdf_made(client, record_id)
    assert state["state"] == "failed" and state["error"] == "conversion_tool_libreoffice"
    page = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    assert "PDF/A gagal dibuat: LibreOffice tidak tersedia" in page
    assert "Coba buat PDF/A lagi" in page and 'data-state="failed"' in page
    assert [o for o, _d in _pdf_events(app, record_id)] == ["failed"]
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    english = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    assert "the PDF/A could not be made: LibreOffice is not available" in english
    assert "Try making the PDF/A again" in english
    client.post("/language", data={"lang": "id", "next": "/", "csrf_token": csrf("/")})
    again = post_form(f"/arsip/{record_id}/pdf", {}, form_page=f"/arsip/{record_id}",
                      follow_redirects=True)
    assert again.status_code == 200
    assert pdf_made(client, record_id)["state"] == "made"
    assert len(_pdfs(app, record_id)) == 1
    assert [o for o, _d in _pdf_events(app, record_id)] == ["failed", "ok"]


def test_the_api_shows_it_pending_made_and_waits(app, api, study_id, monkeypatch):
    issued = api("POST", f"/studies/{study_id}/documents/spt/issue", role="signer")
    assert issued.status_code == 201
    record = issued.get_json()
    assert record["pdf"]["state"] in ("pending", "made")
    if record["pdf"]["state"] == "pending":
        assert record["pdf"]["message_id"] == "PDF/A sedang dibuat"
        assert record["pdf"]["message_en"] == "the PDF/A is being made"
    url = f"/records/{record['id']}/pdf"
    assert api("GET", url).status_code == 200
    bad = api("POST", url + "?wait=121", role="signer")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "conversion_wait_invalid"
    waited = api("POST", url + "?wait=120", role="signer")  # already asked: waited for
    assert waited.status_code == 200 and waited.get_json()["state"] == "made"
    whole = api("GET", f"/records/{record['id']}").get_json()
    assert [f["role"] for f in whole["files"]] == ["pdf"]
    assert whole["pdf"]["file"] == whole["files"][0]["id"]
    assert api("POST", url, role="staff").get_json()["state"] == "made"  # nothing made twice
    assert len(_pdfs(app, record["id"])) == 1


def test_the_api_names_a_failure_then_makes_it_again(app, api, study_id, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(pv, "soffice", lambda: None)
        issued = api("POST", f"/studies/{study_id}/documents/spt/issue?wait=120",
                     role="signer").get_json()
    failed = issued["pdf"]
    assert failed["state"] == "failed" and failed["error"] == "conversion_tool_libreoffice"
    assert failed["message_id"].startswith("PDF/A gagal dibuat: LibreOffice tidak tersedia")
    assert failed["message_en"].startswith(
        "the PDF/A could not be made: LibreOffice is not available")
    url = f"/records/{issued['id']}/pdf"
    assert api("GET", url).get_json()["state"] == "failed"
    asked = api("POST", url, role="signer")
    assert asked.status_code in (200, 202)
    if asked.status_code == 202:
        assert asked.headers["Location"].endswith(url)
    made = api("POST", url + "?wait=120", role="signer").get_json()
    assert made["state"] == "made" and made["attempts"] == 2
    assert len(_pdfs(app, issued["id"])) == 1


def test_without_redis_a_lost_pdfa_is_made_when_the_next_is_issued(app, api, study_id,
                                                                   monkeypatch):
    from docgen.jobs.runners import ThreadRunner
    from docgen.store import Conversion, RecordPdf

    with monkeypatch.context() as patched:  # its instance restarted: the queue in memory lost
        patched.setattr(ThreadRunner, "submit_conversion", lambda self, conversion_id: None)
        lost = api("POST", f"/studies/{study_id}/documents/spt/issue", role="signer").get_json()
    assert lost["pdf"]["state"] == "pending"
    with _store(app).transaction() as session:  # converted by a thread that is gone
        past = datetime.now(UTC) - timedelta(hours=1)
        session.execute(update(Conversion).values(
            state="running", lease_owner="gone", attempts=1, lease_until=past))
        session.execute(update(RecordPdf).values(updated_at=past))
    nxt = api("POST", f"/studies/{study_id}/documents/spd/1/issue?wait=120", role="signer")
    assert nxt.status_code == 201 and nxt.get_json()["pdf"]["state"] == "made"
    [kept] = _kept(app, lost["id"])  # nobody opened its page
    assert len(_pdfs(app, lost["id"])) == 1
