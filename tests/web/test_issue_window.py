"""What the issuer of a document may not choose: where its verification QR code points (the
configured public address, never the request's Host or X-Forwarded-Host) and a date of
issue outside the window of their role (web and API; nothing issued, no number taken)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from docgen import archive, qr
from docgen.formdates import date_text
from docgen.signed import qr_texts
from docgen.store import ArchiveRecord, LetterNumber
from tests.web.archive_api import _token
from tests.web.pages import credential, fresh_demo_study
from web.archive import ISSUE_DAYS_AHEAD, ISSUE_DAYS_BACK, issue_date_window

API = "/api/v1"
BASE = "https://arsip.contoh.go.id"
EVIL = "evil.example"


@pytest.fixture(autouse=True)
def _no_pdf_at_issue(monkeypatch):
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")


def _store(app):
    return app.extensions["docgen_store"]


def _counts(app, study_id: int) -> tuple[int, int]:
    """(register entries of the study, letter numbers of every office)."""
    with _store(app).session() as session:
        return (session.scalar(select(func.count()).select_from(ArchiveRecord)
                               .where(ArchiveRecord.study_id == study_id)),
                session.scalar(select(func.count()).select_from(LetterNumber)))


def _api(app, client, role: str, path: str, **kwargs):
    headers = {"Authorization": f"Bearer {_token(app, credential(app, role).email)}",
               **kwargs.pop("headers", {})}
    return client.post(API + path, headers=headers, **kwargs)


def _docx_qr(app, record_id: int) -> list[str]:
    """The QR codes' texts of the DOCX stored for the record."""
    with _store(app).session() as session:
        entry = session.get(ArchiveRecord, record_id)
        data = archive.default_storage(app.config["DOCGEN_HOME"]).get(entry.storage_key)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        images = [Image.open(io.BytesIO(docx.read(name))) for name in docx.namelist()
                  if name.startswith("word/media/")]
    return qr_texts(images)


# ---------------------------------------------------------------------------
# The verification QR code's address


@pytest.mark.parametrize("configured", [None, BASE])
def test_a_forged_host_does_not_reach_the_qr_code(make_app, monkeypatch, configured):
    monkeypatch.delenv("DOCGEN_PUBLIC_URL", raising=False)
    app = make_app({"DOCGEN_PUBLIC_URL": configured, "BEHIND_PROXY": True})
    client = app.test_client()
    study_id = fresh_demo_study(app, "sb-uji-host")
    response = _api(app, client, "signer", f"/studies/{study_id}/documents/spt/issue",
                    headers={"Host": EVIL, "X-Forwarded-Host": EVIL,
                             "X-Forwarded-Proto": "https"})
    assert response.status_code == 201, response.get_data(as_text=True)
    record = response.get_json()
    base = configured or qr.DEFAULT_BASE
    assert record["public_url"].startswith(f"{base}/v/"), record["public_url"]
    texts = _docx_qr(app, record["id"])
    assert texts and all(text.startswith(f"{base}/v/") for text in texts), texts
    assert not any(EVIL in text for text in texts)


def test_the_environment_gives_the_base_when_the_app_has_none(make_app, monkeypatch):
    monkeypatch.setenv("DOCGEN_PUBLIC_URL", BASE + "/")
    app = make_app({"DOCGEN_PUBLIC_URL": None})
    study_id = fresh_demo_study(app, "sb-uji-host-env")
    response = _api(app, app.test_client(), "signer",
                    f"/studies/{study_id}/documents/spt/issue", headers={"Host": EVIL})
    assert response.get_json()["public_url"].startswith(f"{BASE}/v/")


def test_the_record_page_links_the_configured_base(make_app, login_as, monkeypatch):
    monkeypatch.delenv("DOCGEN_PUBLIC_URL", raising=False)
    app = make_app({"DOCGEN_PUBLIC_URL": BASE})
    client, post = login_as(app, "signer", host=EVIL)
    study_id = fresh_demo_study(app, "sb-uji-host-web")
    response = post(f"/studies/{study_id}/documents/spt/0/issue",
                    {"classification": "000.1.2.3", "access": "biasa",
                     "issued": archive.today().isoformat()},
                    form_page=f"/studies/{study_id}/documents")
    assert response.status_code == 302, response.get_data(as_text=True)
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/arsip/{record_id}").get_data(as_text=True)
    assert f"{BASE}/v/" in page and f"//{EVIL}/v/" not in page
    assert all(text.startswith(f"{BASE}/v/") for text in _docx_qr(app, record_id))


@pytest.fixture
def login_as():
    """Sign a new client of `app` in as `role`, every request sent with `host` as its Host
    header: (client, post_form)."""
    from tests.web.pages import csrf_token, sign_in

    def make(app, role: str, host: str):
        client = app.test_client()
        client.environ_base["HTTP_HOST"] = host
        sign_in(app, client, role)

        def post(path: str, data: dict, form_page: str, **kwargs):
            token = csrf_token(client, form_page)
            return client.post(path, data={**data, "csrf_token": token}, **kwargs)

        return client, post

    return make


def test_serve_sets_the_address_it_runs_on(monkeypatch):
    from docgen.cli import _served_url

    assert _served_url("127.0.0.1", 8080) == "http://127.0.0.1:8080"
    assert _served_url("::1", 5000) == "http://[::1]:5000"
    monkeypatch.setattr("socket.getfqdn", lambda *a: "arsip.kantor.lan")
    assert _served_url("0.0.0.0", 5000) == "http://arsip.kantor.lan:5000"  # noqa: S104
    assert _served_url("::", 5000) == "http://arsip.kantor.lan:5000"


# ---------------------------------------------------------------------------
# The date of issue


def _days(n: int) -> str:
    return (archive.today() + timedelta(days=n)).isoformat()


def _last_year_first() -> date:
    return date(archive.today().year - 1, 1, 1)


def test_the_window_per_role():
    today = archive.today()
    assert issue_date_window("staff") == (today - timedelta(days=ISSUE_DAYS_BACK),
                                          today + timedelta(days=ISSUE_DAYS_AHEAD))
    assert issue_date_window("signer") == issue_date_window("staff")
    for role in ("archivist", "admin"):
        assert issue_date_window(role) == (_last_year_first(),
                                           today + timedelta(days=ISSUE_DAYS_AHEAD))


def _window_cases(role: str) -> tuple[list[str], list[str]]:
    """(refused dates, accepted dates) for `role`, from the office's today when the test runs
    (never when this file is loaded: the tests pin today and run on any day)."""
    if role in ("staff", "signer"):
        return ([_days(-ISSUE_DAYS_BACK - 1), _days(ISSUE_DAYS_AHEAD + 1), "1999-06-01"],
                [_days(-ISSUE_DAYS_BACK), _days(ISSUE_DAYS_AHEAD)])
    return ([(_last_year_first() - timedelta(days=1)).isoformat(), _days(ISSUE_DAYS_AHEAD + 1)],
            [_last_year_first().isoformat(), _days(ISSUE_DAYS_AHEAD)])


WINDOW_ROLES = ["signer"]
"""A first issue is the signer's approval (docgen.review); the wider window of archivists
and administrators applies to their corrections."""


@pytest.mark.parametrize("role", WINDOW_ROLES)
def test_a_date_outside_the_window_is_refused_beside_its_field(app, client, login, post_form,
                                                              role):
    refused, accepted = _window_cases(role)
    login(role)
    study_id = fresh_demo_study(app, f"sb-uji-tanggal-{role}")
    page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    first, last = issue_date_window(role)
    window = f'{first.strftime("%d/%m/%Y")} s.d. {last.strftime("%d/%m/%Y")}'
    assert f'id="issue-spd-1-date-window">{window}</div>' in page, "the window said below"
    before = _counts(app, study_id)
    for when in refused:
        response = post_form(f"/studies/{study_id}/documents/spd/1/issue",
                             {"classification": "000.1.2.3", "access": "biasa",
                              "issued": when}, form_page=f"/studies/{study_id}/documents")
        assert response.status_code == 422, when
        body = response.get_data(as_text=True)
        field = re.search(r'<input[^>]*id="issue-spd-1-date"[^>]*>\s*<div[^>]*>([^<]*)</div>',
                          body)
        assert field is not None and "is-invalid" in field.group(0), when
        assert f'value="{date_text(when)}"' in field.group(0), "shown dd/mm/yyyy"
        message = f"tanggal naskah harus antara {first.isoformat()} dan {last.isoformat()}"
        assert field.group(1) == message
        assert "alert-danger" in body
    assert _counts(app, study_id) == before, "nothing issued, no number taken"
    for item, when in enumerate(accepted, start=1):
        response = post_form(f"/studies/{study_id}/documents/spd/{item}/issue",
                             {"classification": "000.1.2.3", "access": "biasa",
                              "issued": when}, form_page=f"/studies/{study_id}/documents")
        assert response.status_code == 302, (when, response.get_data(as_text=True))
    assert _counts(app, study_id)[0] == len(accepted)


def test_a_correction_dated_outside_the_window_is_refused(app, client, login, post_form):
    login("signer")
    study_id = fresh_demo_study(app, "sb-uji-tanggal-koreksi")
    response = post_form(f"/studies/{study_id}/documents/spt/0/issue",
                         {"classification": "000.1.2.3", "access": "biasa"},
                         form_page=f"/studies/{study_id}/documents")
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    before = _counts(app, study_id)
    response = post_form(f"/arsip/{record_id}/correction",
                         {"classification": "000.1.2.3", "access": "biasa",
                          "issued": "1999-01-04"}, form_page=f"/arsip/{record_id}")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert re.search(r'id="c-date"[^>]*value="04/01/1999"', body), "the ISO date as typed"
    assert '<div class="invalid-feedback mb-2" id="c-date-error">tanggal naskah harus' in body
    assert _counts(app, study_id) == before


@pytest.mark.parametrize("role", WINDOW_ROLES)
def test_the_api_refuses_a_date_outside_the_window(app, client, role):
    refused, accepted = _window_cases(role)
    study_id = fresh_demo_study(app, f"sb-uji-api-tanggal-{role}")
    first, last = issue_date_window(role)
    before = _counts(app, study_id)
    for when in refused:
        response = _api(app, client, role, f"/studies/{study_id}/documents/spd/1/issue",
                        json={"issued": when})
        assert response.status_code == 422, when
        body = response.get_json()
        assert body["error"]["code"] == "api_invalid"
        [problem] = body["problems"]
        assert (problem["path"], problem["code"]) == ("issued", "issued_out_of_range")
        assert problem["message_en"] == (f"the date of issue must be between "
                                         f"{first.isoformat()} and {last.isoformat()}")
        assert problem["message_id"].startswith("tanggal naskah harus antara")
    assert _counts(app, study_id) == before, "nothing issued, no number taken"
    for item, when in enumerate(accepted, start=1):
        response = _api(app, client, role, f"/studies/{study_id}/documents/spd/{item}/issue",
                        json={"issued": when})
        assert response.status_code == 201, response.get_data(as_text=True)
        assert response.get_json()["issued"] == when
