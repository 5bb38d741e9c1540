"""Letters to a list of recipients on the web (stage 7): upload, progress, cancel, interrupted
and started again, the ZIP; refusals with their cells; CSRF, roles and offices."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from docgen.catalog import get_kind
from docgen.example import example_study
from docgen.jobs import core
from docgen.recipients import read_recipients
from docgen.store import Job, JobPart, StudyRecord
from tests.helpers import docx_text
from tests.recipient_sheets import HEADER, villages, xlsx
from tests.web.pages import csrf_token


@pytest.fixture
def study_id(app, demo_id):
    """The demo study, filled through stage 7 (the example study's data)."""
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, demo_id)
        record.data = example_study()
    return demo_id


def upload(client, study_id, data, name="penerima.xlsx", **form):
    token = csrf_token(client, f"/studies/{study_id}/batch")
    return client.post(f"/studies/{study_id}/batch", data={
        "csrf_token": token, "kind": "invitation", "event": "0", "format": "docx",
        "recipients": (io.BytesIO(data), name), **form}, content_type="multipart/form-data")


def wait_done(client, url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(url).get_json()
        if state["done"]:
            return state
        time.sleep(0.1)
    raise AssertionError(f"the batch did not end: {state}")


def jobs(app):
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(func.count(Job.id)))


def test_stage_7_links_to_the_batch_page(login, study_id):
    client = login("staff")
    page = client.get(f"/studies/{study_id}/stages/reporting").get_data(as_text=True)
    assert f'href="/studies/{study_id}/batch"' in page and "Surat ke daftar penerima" in page


def test_a_sheet_uploaded_becomes_a_zip_with_a_letter_per_row(login, study_id):
    client = login("staff")
    rows = [HEADER, *villages(3), [4, None, "Desa Tanpa Jabatan", None, None, None, None]]
    response = upload(client, study_id, xlsx(rows))
    assert response.status_code == 302
    job_url = response.headers["Location"]
    state = wait_done(client, job_url + "/status.json")
    assert (state["state"], state["made"], state["total"], state["refused"]) == (
        "done", 3, 3, 1)
    assert state["problems"] == [{"path": "Penerima!B7", "severity": "error",
                                  "message": "baris 7: jabatan penerima kosong; surat dinas "
                                             "ditujukan kepada jabatan"}]
    page = client.get(job_url).get_data(as_text=True)
    assert "Unduh ZIP" in page and "Penerima!B7" in page and "http-equiv" not in page
    download = client.get(state["download"])
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as zf:
        names = zf.namelist()
        letter = zf.read(names[0])
    assert len(names) == 4 and names[-1] == "ringkasan-batch.csv"
    assert "Yth. Kepala Desa Sukamaju 1\nJl. Kaliurang Km 1\ndi\nSleman" in docx_text(letter)
    listing = client.get(f"/studies/{study_id}/batch").get_data(as_text=True)
    assert "penerima.xlsx" in listing and "3 / 3" in listing


def test_the_page_in_english(login, study_id, client):
    login("staff")
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client, "/")})
    response = upload(client, study_id, b"%PDF-1.7\n%%EOF", "daftar.pdf")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Letters to a list of recipients" in page and "this is a PDF file" in page


def test_a_file_that_is_no_list_is_refused_and_nothing_started(app, login, study_id):
    client = login("staff")
    for data, name, expected in [
            (b"%PDF-1.7\n%%EOF", "p.pdf", "ini berkas PDF, bukan buku kerja .xlsx"),
            (xlsx([["Nama", "Instansi"], ["Budi", "Desa"]]), "p.xlsx", "tidak ada kolom Jabatan"),
            (b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 10), "besar.xlsx", "melebihi batas")]:
        response = upload(client, study_id, data, name)
        assert response.status_code == 422, name
        assert expected in response.get_data(as_text=True)
    assert jobs(app) == 0


def test_without_csrf_or_as_a_reader_nothing_starts(app, login, study_id, client):
    login("staff")
    response = client.post(f"/studies/{study_id}/batch", data={
        "recipients": (io.BytesIO(xlsx([HEADER, *villages(1)])), "p.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    from tests.web.pages import sign_in

    signer = sign_in(app, app.test_client(), "signer")
    assert upload(signer, study_id, xlsx([HEADER, *villages(1)])).status_code == 403
    assert jobs(app) == 0


def queued_job(app, study_id, count=3):
    store = app.extensions["docgen_store"]
    sheet = read_recipients(xlsx([HEADER, *villages(count)]), "antre.xlsx")
    with store.transaction() as session:
        record = session.get(StudyRecord, study_id)
        job = core.create_batch(session, store.files, study=record.study,
                                kind=get_kind("invitation"), sheet=sheet, runner="thread",
                                office_id=record.office_id, study_id=record.id)
        return job.id


def test_a_waiting_batch_refreshes_without_javascript_and_can_be_cancelled(app, login,
                                                                           study_id):
    client = login("staff")
    job_id = queued_job(app, study_id)
    url = f"/studies/{study_id}/batch/{job_id}"
    page = client.get(url).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'id="batch-cancel"' in page and 'max="3" value="0"' in page
    assert client.get(url + "/zip").status_code == 404
    response = client.post(url + "/cancel", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    state = client.get(url + "/status.json").get_json()
    assert state["state"] == "cancelled" and state["done"]
    page = client.get(url).get_data(as_text=True)
    assert "http-equiv" not in page and "dibatalkan" in page


def test_another_offices_batch_is_not_there(app, login, study_id, other_office):
    job_id = queued_job(app, study_id)
    client = app.test_client()
    from tests.web.conftest import OTHER_PASSWORD

    client.post("/login", data={"email": other_office[2], "password": OTHER_PASSWORD,
                                "csrf_token": csrf_token(client)})
    for path in ("", "/status.json", "/zip"):
        assert client.get(f"/studies/{study_id}/batch/{job_id}{path}").status_code == 404
    own = f"/studies/{other_office[1]}/batch/{job_id}"
    assert client.get(own).status_code == 404


def test_a_batch_stopped_by_a_restart_shows_interrupted_and_goes_on(make_app, app, login,
                                                                   study_id):
    job_id = queued_job(app, study_id, count=2)
    store = app.extensions["docgen_store"]
    part = core.claim(store, job_id, 0, "stopped-instance")
    with store.transaction() as session:
        session.execute(update(JobPart).where(JobPart.id == part.id)
                        .values(lease_until=core.now() - timedelta(seconds=5)))
    restarted = make_app(demo=False)  # a new start of the service on the same data
    restarted.config["DEMO_CREDENTIALS"] = app.config["DEMO_CREDENTIALS"]
    client = restarted.test_client()
    from tests.web.pages import sign_in

    sign_in(restarted, client, "staff")
    url = f"/studies/{study_id}/batch/{job_id}"
    page = client.get(url).get_data(as_text=True)
    assert "terhenti" in page and "Mulai lagi" in page
    client.post(url + "/restart", data={"csrf_token": csrf_token(client, url)})
    state = wait_done(client, url + "/status.json")
    assert (state["state"], state["made"]) == ("done", 2)
