"""What the tests of the archive in the JSON API share: a token per demo role, a request
with one (``api``), a fresh copy of the demo study, issuing, a scanned signed page and filing
it. A test module takes the fixtures with ``from tests.web.archive_api import *`` and the
helpers by name."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from docgen import qr
from docgen.store import Office, StudyRecord, User
from docgen.store.demo import DEMO_OFFICE, demo_study
from tests.web.pages import credential

__all__ = ["api", "no_pdf_at_issue", "study_id", "tokens"]

API = "/api/v1"


@pytest.fixture(autouse=True)
def no_pdf_at_issue(app):
    """Issue without the PDF/A (LibreOffice is slow); the one `pdf` test turns it on."""
    app.config["ARCHIVE_PDF"] = False


def _store(app):
    return app.extensions["docgen_store"]


def _token(app, email: str) -> str:
    with _store(app).transaction() as session:
        from docgen.store import ApiToken

        user = session.scalar(select(User).where(User.email == email))
        row, token = ApiToken.issue(user, "SRIKANDI")
        session.add(row)
    return token


@pytest.fixture
def tokens(app):
    """A token per demo role: ``tokens["staff"]``."""
    return {role: _token(app, credential(app, role).email)
            for role in ("staff", "signer", "archivist", "admin")}


@pytest.fixture
def api(client, tokens):
    """``api("POST", path, role="archivist", json=...)``: a request with that role's token
    (or with `token`)."""

    def call(method: str, path: str, *, role: str = "staff", token: str | None = None,
             **kwargs):
        headers = {"Authorization": f"Bearer {token or tokens[role]}"}
        return client.open(API + path.removeprefix(API), method=method, headers=headers,
                           **kwargs)

    return call


@pytest.fixture
def study_id(app) -> int:
    """A fresh copy of the demo study (stages 1 to 4) in the demo office: nothing of it is
    issued yet (the demo's own register entries belong to the demo study)."""
    with _store(app).transaction() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        study = demo_study()
        study.id = "sb-uji-api-arsip"
        record = StudyRecord(office=office, data=study)
        session.add(record)
        session.flush()
        return record.id


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    assert body["error"]["message_id"] and body["error"]["message_en"]
    assert body["error"]["message_id"] != body["error"]["message_en"]
    return body


def _issue(api, study_id: int, path: str = "spt", *, role: str = "signer", **body):
    """Issue as the signer's approval (a first issue; a correction as `role`)."""
    response = api("POST", f"/studies/{study_id}/documents/{path}/issue", role=role,
                   json=body or None)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def scan_of(url: str) -> bytes:
    """A "scanned page" (PNG) carrying the verification QR code of `url`."""
    code = Image.open(io.BytesIO(qr.qr_png(url, scale=6)))
    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    page.paste(code, (880, 1380))
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def _file_signed(api, record_id: int, data: bytes, name: str = "scan-ttd.png", *,
                 role: str = "staff", note: str = "dari portal TTE"):
    return api("POST", f"/records/{record_id}/signed-copy", role=role,
               data={"file": (io.BytesIO(data), name), "note": note},
               content_type="multipart/form-data")
