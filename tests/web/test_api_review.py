"""The path of a letter in the JSON API: submit, paraf, return (422 without a comment),
approve (201 with the record, only the signer), the inbox of each role, and the routes in the
OpenAPI description."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from docgen import review
from docgen.store import ApiToken, LetterNumber, Office, User
from docgen.store.demo import DEMO_OFFICE
from tests.web.archive_api import (
    _error,
    _store,
    no_pdf_at_issue,  # noqa: F401 (autouse: no PDF/A at issue)
)
from tests.web.pages import credential, fresh_demo_study

API = "/api/v1"


def _token(session, user: User) -> str:
    row, token = ApiToken.issue(user, "TTE")
    session.add(row)
    return token


@pytest.fixture
def tokens(app):
    """A token per demo role and one for a Kepala Subbagian (a staff user) who reviews the
    office's SPT before the signer."""
    with _store(app).transaction() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        found = {role: _token(session, session.scalar(select(User).where(
            User.email == credential(app, role).email)))
            for role in ("staff", "signer", "archivist", "admin")}
        kasubbag = User(office=office, email="kasubbag@contoh.go.id", name="Budi Kasubbag",
                        role="staff", password_hash="x")
        session.add(kasubbag)
        session.flush()
        found["kasubbag"] = _token(session, kasubbag)
        office_id, kasubbag_id = office.id, kasubbag.id
    with _store(app).session() as session:
        review.set_chain(session, office_id, "spt", [
            {"user_id": kasubbag_id, "label": "Kepala Subbagian Umum"},
            {"role": "signer", "label": "Kepala Badan"}])
    return found


@pytest.fixture
def api(client, tokens):
    def call(method: str, path: str, *, role: str = "staff", **kwargs):
        return client.open(API + path, method=method,
                           headers={"Authorization": f"Bearer {tokens[role]}"}, **kwargs)

    return call


@pytest.fixture
def study_id(app) -> int:
    return fresh_demo_study(app, "sb-uji-api-periksa")


def _numbers(app) -> int:
    with _store(app).session() as session:
        return session.scalar(select(func.count()).select_from(LetterNumber))


def _inbox(api, role: str) -> dict:
    response = api("GET", "/inbox", role=role)
    assert response.status_code == 200
    return response.get_json()


def test_the_path_through_the_api(app, api, study_id):
    doc = f"/studies/{study_id}/documents/spt"
    before = _numbers(app)
    _error(api("POST", f"{doc}/submit", role="signer"), 403, "review_not_submitter")
    state = api("POST", f"{doc}/submit").get_json()
    assert state["status"] == "submitted" and state["round"] == 1
    assert state["waiting_for"]["title"] == "Kepala Subbagian Umum (Budi Kasubbag)"
    assert [s["signer"] for s in state["chain"]] == [False, True]
    _error(api("POST", f"{doc}/submit"), 409, "review_already_submitted")
    assert [d["kind"] for d in _inbox(api, "kasubbag")["to_review"]] == ["spt"]
    assert _inbox(api, "signer")["to_review"] == []
    assert [d["kind"] for d in _inbox(api, "staff")["submitted"]] == ["spt"]
    body = _error(api("POST", f"{doc}/approve", role="signer"), 403, "review_not_your_turn")
    assert "Kepala Subbagian Umum" in body["error"]["message_id"]
    _error(api("POST", f"{doc}/paraf", role="signer"), 403, "review_not_your_turn")
    state = api("POST", f"{doc}/paraf", role="kasubbag").get_json()
    assert state["paraf"][0]["actor"].startswith("Budi Kasubbag")
    assert state["waiting_for"]["signer"] is True
    _error(api("POST", f"{doc}/paraf", role="signer"), 409, "review_approve_instead")
    inbox = _inbox(api, "signer")
    assert inbox["count"] == 1 and inbox["to_review"][0]["waiting_for"]["signer"]
    # return: a comment is required
    for body in ({}, {"comment": "   "}):
        response = api("POST", f"{doc}/return", role="signer", json=body)
        error = _error(response, 422, "review_comment_required")
        assert error["problems"][0]["path"] == "comment"
    _error(api("POST", f"{doc}/return", role="signer", json={"comment": "x", "why": 1}),
           422, "api_invalid")
    _error(api("POST", f"{doc}/return", role="signer", json={"comment": 5}), 422,
           "api_invalid")
    assert api("POST", f"{doc}/return", role="signer", data="x").status_code == 415
    state = api("POST", f"{doc}/return", role="signer",
                json={"comment": "Dasar hukum belum lengkap."}).get_json()
    assert (state["status"], state["comment"]) == ("returned", "Dasar hukum belum lengkap.")
    returned = _inbox(api, "staff")["returned"]
    assert [d["comment"] for d in returned] == ["Dasar hukum belum lengkap."]
    _error(api("POST", f"{doc}/approve", role="signer"), 409, "review_returned_first")
    assert api("POST", f"{doc}/submit").get_json()["round"] == 2
    api("POST", f"{doc}/paraf", role="kasubbag")
    _error(api("POST", f"{doc}/approve", role="signer", json={"corrects": 1}), 422,
           "api_invalid")
    assert _numbers(app) == before
    response = api("POST", f"{doc}/approve", role="signer",
                   json={"issued": "2026-11-29", "access": "biasa"})
    assert response.status_code == 201, response.get_data(as_text=True)
    record = response.get_json()
    assert record["number"] and response.headers["Location"].endswith(f"/records/{record['id']}")
    events = [e["event"] for e in record["events"]]
    assert events[:6] == ["submitted", "initialled", "returned", "submitted", "initialled",
                          "approved"]
    assert _numbers(app) == before + 1
    _error(api("POST", f"{doc}/approve", role="signer"), 409, "api_already_issued")
    state = api("GET", f"/studies/{study_id}/documents/spt/0/review").get_json()
    assert state["status"] == "issued" and state["record"]["id"] == record["id"]
    assert [e["event"] for e in state["log"]][-1] == "approved"
    copies = _inbox(api, "archivist")["awaiting_signed_copy"]
    assert record["id"] in [r["id"] for r in copies]


def test_issue_is_the_signers_approval(app, api, study_id):
    docs = f"/studies/{study_id}/documents"
    for role in ("staff", "archivist", "admin"):
        _error(api("POST", f"{docs}/nota_dinas/issue", role=role), 403, "review_required")
    response = api("POST", f"{docs}/nota_dinas/issue", role="signer")
    assert response.status_code == 201
    _error(api("POST", f"{docs}/spt/issue", role="signer"), 403, "review_required")


def test_items_and_unknown_documents(app, api, study_id, other_office):
    docs = f"/studies/{study_id}/documents"
    _error(api("POST", f"{docs}/spd/submit"), 400, "api_choose_issue_item")
    assert api("POST", f"{docs}/spd/0/submit").status_code == 200
    _error(api("POST", f"{docs}/spd/99/submit"), 404, "api_not_found")
    _error(api("POST", f"{docs}/nope/submit"), 404, "api_not_found")
    _error(api("POST", f"/studies/{other_office[1]}/documents/spt/submit"), 404,
           "api_not_found")
    _error(api("POST", f"{docs}/nota_dinas/paraf", role="signer"), 409, "review_not_waiting")
    response = api("POST", f"{docs}/spd/0/approve", role="signer")
    assert response.status_code == 201 and response.get_json()["item"] == 0


def test_the_routes_are_described(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    for path in ("submit", "paraf", "return", "approve"):
        assert "post" in spec["paths"][f"/studies/{{study_id}}/documents/{{kind_id}}/{path}"]
        assert "post" in spec["paths"][
            f"/studies/{{study_id}}/documents/{{kind_id}}/{{item}}/{path}"]
    assert "get" in spec["paths"]["/inbox"]
    schemas = spec["components"]["schemas"]
    assert {"ReviewState", "Inbox", "ReturnRequest"} <= set(schemas)
    ret = spec["paths"]["/studies/{study_id}/documents/{kind_id}/return"]["post"]
    assert "422" in ret["responses"] and ret["requestBody"]["required"] is True


def test_a_correction_takes_the_path_through_the_api(app, api, study_id):
    doc = f"/studies/{study_id}/documents/spt"
    _error(api("POST", f"{doc}/submit", json={"correction": True}), 409,
           "review_nothing_to_correct")
    api("POST", f"{doc}/submit")
    api("POST", f"{doc}/paraf", role="kasubbag")
    first = api("POST", f"{doc}/approve", role="signer").get_json()
    before = _numbers(app)
    _error(api("POST", f"{doc}/submit"), 409, "review_already_issued")
    _error(api("POST", f"{doc}/submit", json={"correction": "ya"}), 422, "api_invalid")
    _error(api("POST", f"{doc}/submit", json={"koreksi": True}), 422, "api_invalid")
    # the signer cannot issue the correction before the Kasubbag's paraf, through either route
    _error(api("POST", f"{doc}/issue", role="signer", json={"corrects": first["id"]}), 403,
           "review_required")
    state = api("POST", f"{doc}/submit", json={"correction": True}).get_json()
    assert state["status"] == "issued" and state["correcting"]["id"] == first["id"]
    assert state["waiting_for"]["title"] == "Kepala Subbagian Umum (Budi Kasubbag)"
    assert [d["kind"] for d in _inbox(api, "kasubbag")["to_review"]] == ["spt"]
    _error(api("POST", f"{doc}/issue", role="signer", json={"corrects": first["id"]}), 403,
           "review_not_your_turn")
    api("POST", f"{doc}/paraf", role="kasubbag")
    assert _numbers(app) == before, "no number while the correction is under review"
    response = api("POST", f"{doc}/issue", role="signer",
                   json={"corrects": first["id"], "issued": "2026-12-02"})
    assert response.status_code == 201, response.get_data(as_text=True)
    second = response.get_json()
    assert second["corrects"] == first["id"] and second["number"] != first["number"]
    events = [e["event"] for e in second["events"]]
    assert events[:3] == ["submitted", "initialled", "approved"], "its own path only"
    assert _numbers(app) == before + 1
    state = api("GET", f"{doc}/0/review").get_json()
    assert state["correcting"] is None and state["record"]["id"] == second["id"]
