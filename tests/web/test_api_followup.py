"""The follow-up plan in the JSON API: the office's items with their state, and progress
updates with evidence (JSON with data URIs or stored files, or a multipart form)."""

from __future__ import annotations

import base64
import io

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from docgen.example import abroad_example_data, example_data
from docgen.store import ApiToken, StudyRecord, UploadedFile, User
from tests.web.pages import credential

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _issue(app, email: str) -> str:
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == email))
        row, token = ApiToken.issue(user, "test")
        session.add(row)
    return token


@pytest.fixture
def api(app, client):
    token = _issue(app, credential(app, "staff").email)

    def call(method: str, path: str, *, token_: str | None = None, **kwargs):
        headers = {"Authorization": f"Bearer {token_ or token}"}
        return client.open(API + path, method=method, headers=headers, **kwargs)

    return call


@pytest.fixture
def studies(api):
    """Both examples stored through the API: their ids (domestic, abroad)."""
    ids = []
    for data in (example_data(), abroad_example_data()):
        response = api("POST", "/studies", json=data)
        assert response.status_code == 201, response.get_data(as_text=True)
        ids.append(response.get_json()["id"])
    return ids


def _uploads(app) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalar(select(func.count()).select_from(UploadedFile))


def _item(app, study_id: int, index: int):
    with app.extensions["docgen_store"].transaction() as session:
        return session.get(StudyRecord, study_id).study.evaluation.follow_up[index]


def test_list_the_offices_items_with_their_state(api, studies):
    # the web tests' today is 29 November 2026: nothing of the examples is late yet
    body = api("GET", "/followup").get_json()
    assert body["today"] == "2026-11-29"
    assert {item["id"] for item in body["items"]} >= {"a1f0c001", "b2e0d002"}
    road_map = next(i for i in body["items"] if i["id"] == "a1f0c001")
    assert (road_map["status"], road_map["achieved"], road_map["target"]) == (
        "berjalan", "75", "100")
    assert road_map["study"] == studies[0] and len(road_map["updates"]) == 2
    done = next(i for i in body["items"] if i["id"] == "a1f0c003")
    assert done["done_on_time"] and done["done_on"] == "2027-02-24"
    only = api("GET", f"/followup?study={studies[1]}&status=selesai").get_json()["items"]
    assert [i["id"] for i in only] == ["b2e0d001"]
    mine = api("GET", "/followup?owner=staf@contoh.go.id").get_json()["items"]
    assert {i["id"] for i in mine} == {"a1f0c001", "b2e0d001"}
    assert api("GET", "/followup?overdue=1").get_json()["items"] == []


def test_a_bad_filter_is_400_with_its_name(api, studies):
    response = api("GET", "/followup?status=ditunda&overdue=yes&study=x")
    assert response.status_code == 400
    assert {p["path"] for p in response.get_json()["problems"]} == {"status", "overdue",
                                                                    "study"}


def test_post_an_update_with_a_data_uri(app, api, studies):
    uri = "data:application/pdf;base64," + base64.b64encode(PDF).decode()
    response = api("POST", f"/studies/{studies[0]}/followup/a1f0c001/updates", json={
        "date": "2027-04-05", "value": 80, "status": "berjalan", "note": "Bab 3 selesai",
        "evidence": [uri]})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["status"], body["achieved"], len(body["updates"])) == ("berjalan", "80", 3)
    item = _item(app, studies[0], 0)
    latest = item.history()[-1]
    assert latest.recorded_by == credential(app, "staff").email
    assert latest.evidence[0].name == "bukti.pdf" and _uploads(app) == 1


def test_post_an_update_as_a_multipart_form_or_naming_a_stored_file(app, api, studies):
    response = api("POST", f"/studies/{studies[1]}/followup/b2e0d002/updates", data={
        "date": "2027-09-20", "value": "100", "status": "selesai",
        "evidence": (io.BytesIO(PDF), "kamus-data.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 201, response.get_data(as_text=True)
    key = response.get_json()["updates"][-1]["evidence"][0]["file"]
    again = api("POST", f"/studies/{studies[1]}/followup/b2e0d003/updates", json={
        "date": "2027-09-21", "value": "1", "status": "selesai", "evidence": [key]})
    assert again.status_code == 201, again.get_data(as_text=True)
    assert _item(app, studies[1], 2).updates[-1].evidence[0].name == "kamus-data.pdf"


@pytest.mark.parametrize(("body", "paths"), [
    ({"date": "2026-02-30", "value": "x", "status": "batal"}, {"date", "value", "reason"}),
    ({"value": "1", "status": "berjalan", "colour": "red"}, {"date", "colour"}),
    ({"date": "2026-11-01", "evidence": ["ab/" + "0" * 64]}, {"evidence[0]"}),
    ({"date": "2026-11-01", "evidence": ["data:text/html;base64,PGh0bWw+"]}, {"evidence[0]"}),
    ({"date": "2026-11-01", "evidence": ["data:application/pdf;base64,***"]}, {"evidence[0]"}),
])
def test_bad_input_is_422_with_the_fields_and_nothing_is_stored(app, api, studies, body,
                                                                 paths):
    before = _item(app, studies[0], 0)
    response = api("POST", f"/studies/{studies[0]}/followup/a1f0c001/updates", json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert {p["path"] for p in response.get_json()["problems"]} == paths
    assert _item(app, studies[0], 0) == before and _uploads(app) == 0


def test_evidence_that_is_not_pdf_jpeg_png_or_xlsx_is_refused(app, api, studies):
    response = api("POST", f"/studies/{studies[0]}/followup/a1f0c001/updates", data={
        "date": "2026-11-20", "value": "90", "status": "berjalan",
        "evidence": (io.BytesIO(b"PK\x03\x04 not a workbook"), "rekap.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    problem = response.get_json()["problems"][0]
    assert problem["path"] == "evidence[0]" and "PDF, JPEG, PNG, XLSX" in problem["message_en"]
    assert _uploads(app) == 0


def test_another_offices_study_or_an_unknown_item_is_404(app, api, studies, other_office):
    _office, other_study, _email = other_office
    for path in (f"/studies/{other_study}/followup/a1f0c001/updates",
                 f"/studies/{studies[0]}/followup/b2e0d001/updates",
                 f"/studies/{studies[0]}/followup/nope/updates"):
        response = api("POST", path, json={"date": "2026-11-01", "status": "berjalan"})
        assert response.status_code == 404, path
    other = _issue(app, "staf@dinas-lain.go.id")
    listed = api("GET", "/followup", token_=other).get_json()["items"]
    assert listed == []


def test_readers_may_list_but_not_update(app, api, studies):
    signer = _issue(app, credential(app, "signer").email)
    assert api("GET", "/followup", token_=signer).status_code == 200
    response = api("POST", f"/studies/{studies[0]}/followup/a1f0c001/updates",
                   token_=signer, json={"date": "2026-11-01", "status": "berjalan"})
    assert response.status_code == 403


def test_the_openapi_description_has_the_followup_routes(api):
    spec = api("GET", "/openapi.json").get_json()
    validate(spec)
    assert "/followup" in spec["paths"]
    assert "/studies/{study_id}/followup/{item_id}/updates" in spec["paths"]
    assert "FollowUpList" in spec["components"]["schemas"]
