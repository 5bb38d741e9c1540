"""A signed PDF with active content is refused on the record page and in the API, with the
message in Indonesian and English, logged as refused, and nothing of it is stored."""

from __future__ import annotations

import html
import io
import re

import pytest
from sqlalchemy import select

from docgen.store import ApiToken, ArchiveEvent, ArchiveFile, User
from tests.test_signed_active import ACTIVE, signed_pdf
from tests.web.pages import credential, fresh_demo_study

API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_pdf_at_issue(app):
    app.config["ARCHIVE_PDF"] = False


@pytest.fixture
def api(app, client):
    """``api("POST", path, ...)``: a request with a token of the demo staff user (or of
    the demo user with `role`)."""
    tokens = {}
    with app.extensions["docgen_store"].transaction() as session:
        for role in ("staff", "signer"):
            user = session.scalar(select(User).where(User.email == credential(app, role).email))
            row, tokens[role] = ApiToken.issue(user, "uji ttd")
            session.add(row)

    def call(method: str, path: str, role: str = "staff", **kwargs):
        return client.open(API + path, method=method,
                           headers={"Authorization": f"Bearer {tokens[role]}"}, **kwargs)

    return call


@pytest.fixture
def record(app, api) -> dict:
    """The SPT of a fresh copy of the demo study, issued through the API."""
    study_id = fresh_demo_study(app, "sb-uji-ttd-aktif")
    response = api("POST", f"/studies/{study_id}/documents/spt/issue", role="signer")
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def _files(app, record_id: int) -> list[str]:
    with app.extensions["docgen_store"].session() as session:
        return [f.filename for f in session.scalars(
            select(ArchiveFile).where(ArchiveFile.record_id == record_id))]


def _refusals(app, record_id: int) -> list[str]:
    with app.extensions["docgen_store"].session() as session:
        return [e.detail for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == record_id,
                                       ArchiveEvent.event == "signed_copy_refused",
                                       ArchiveEvent.outcome == "refused"))]


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_the_api_refuses_active_content_and_stores_nothing(app, api, record, case):
    change, named = ACTIVE[case]
    data = signed_pdf(change, number=record["number"])
    before = _files(app, record["id"])
    response = api("POST", f"/records/{record['id']}/signed-copy",
                   data={"file": (io.BytesIO(data), "ttd.pdf")},
                   content_type="multipart/form-data")
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "signed_active"
    assert "konten aktif" in error["message_id"] and named in error["message_id"]
    assert "active content" in error["message_en"] and named in error["message_en"]
    assert _files(app, record["id"]) == before
    assert len(_refusals(app, record["id"])) == 1


@pytest.mark.parametrize("case", ["javascript_in_names", "open_action_launch",
                                  "page_additional_actions", "file_attachment_annotation",
                                  "xfa_form"])
def test_the_record_page_refuses_active_content_and_stores_nothing(app, client, login, record,
                                                                   case):
    change, named = ACTIVE[case]
    data = signed_pdf(change, number=record["number"])
    login("staff")
    page = f"/arsip/{record['id']}"
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get(page).get_data(as_text=True)).group(1)
    before = _files(app, record["id"])
    response = client.post(f"{page}/signed-copy", data={
        "csrf_token": token, "note": "", "file": (io.BytesIO(data), "ttd.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200
    shown = html.unescape(response.get_data(as_text=True))
    assert "alert-danger" in shown and "konten aktif" in shown and named in shown
    assert _files(app, record["id"]) == before
    assert len(_refusals(app, record["id"])) == 1

    plain = client.post(f"{page}/signed-copy", data={
        "csrf_token": token, "note": "", "file": (io.BytesIO(signed_pdf(
            number=record["number"])), "ttd.pdf")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "alert-success" in plain.get_data(as_text=True)
    assert _files(app, record["id"]) == [*before, "ttd.pdf"]
