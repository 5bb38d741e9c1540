"""The realisation through the API: PUT of the whole study and PATCH of
``/studies/<id>/realisation``, with 422 naming each bad field and nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docgen.store import ApiToken, StudyRecord, User
from tests.web.pages import credential

API = "/api/v1"


@pytest.fixture
def api(app, client):
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        row, token = ApiToken.issue(user, "realisation")
        session.add(row)

    def call(method: str, path: str, **kwargs):
        return client.open(API + path, method=method,
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call


def _stored(app, study_id):
    with app.extensions["docgen_store"].transaction() as session:
        return session.get(StudyRecord, study_id).data.get("realisation")


def _paths(response):
    assert response.status_code == 422, response.get_data(as_text=True)
    return [(p["path"], p["code"]) for p in response.get_json()["problems"]]


HARIAN = {"component": "uang_harian", "quantity": 3, "unit": "hari", "unit_price": 410000}


def test_patch_realisation_saves_and_reports_caps(app, api, demo_id):
    body = {"travellers": [{"traveller": 1, "advance": 2000000,
                            "lines": [{**HARIAN, "unit_price": 450000}]}]}
    response = api("PATCH", f"/studies/{demo_id}/realisation", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    saved = response.get_json()
    assert saved["study"]["realisation"]["travellers"][0]["advance"] == "2000000"
    [cap] = [p for p in saved["problems"] if p["code"] == "realisation_above_cap"]
    assert cap["path"] == "realisation.travellers[0].lines[0].unit_price"
    assert "Rina Kartikasari" in cap["message_id"] and "Perpres 33/2020" in cap["message_id"]
    problems = api("GET", f"/studies/{demo_id}/problems").get_json()["problems"]
    assert "realisation_above_cap" in {p["code"] for p in problems}


def test_patch_realisation_422_names_each_field_and_stores_nothing(app, api, demo_id):
    before = _stored(app, demo_id)
    body = {"travellers": [{"traveller": 0, "advance": "-5", "lines": [
        {**HARIAN, "currency": "USD"},
        {**HARIAN, "unit_price": "1,234567"},
        {**HARIAN, "evidence": [{"file": "../etc/passwd"}]}]}]}
    paths = _paths(api("PATCH", f"/studies/{demo_id}/realisation", json=body))
    base = "realisation.travellers[0]"
    assert (f"{base}.advance", "greater_than_equal") in paths
    assert (f"{base}.lines[0].exchange_rate", "rate_missing") in paths
    assert (f"{base}.lines[0].exchange_date", "rate_date_missing") in paths
    assert (f"{base}.lines[1].unit_price", "too_many_decimals") in paths
    assert (f"{base}.lines[2].evidence[0].file", "storage_key") in paths
    assert _stored(app, demo_id) == before


def test_put_with_realisation(app, api, demo_id):
    study = api("GET", f"/studies/{demo_id}").get_json()["study"]
    study["realisation"] = {"travellers": [{"traveller": 0, "lines": [
        {**HARIAN, "currency": "USD", "unit_price": 343, "exchange_rate": "16000",
         "exchange_date": "2026-12-10"}]}]}
    response = api("PUT", f"/studies/{demo_id}", json=study)
    assert response.status_code == 200, response.get_data(as_text=True)
    line = _stored(app, demo_id)["travellers"][0]["lines"][0]
    assert (line["currency"], line["exchange_rate"], line["exchange_date"]) == (
        "USD", "16000", "2026-12-10")
    study["realisation"]["travellers"][0]["traveller"] = 100
    assert _paths(api("PUT", f"/studies/{demo_id}", json=study)) == [
        ("realisation.travellers[0].traveller", "less_than_equal")]


def test_a_receipt_must_be_an_evidence_upload_of_the_office(app, api, demo_id):
    key = "ab/" + "ab" * 32  # the form of a stored file, but nobody uploaded it
    body = {"travellers": [{"traveller": 2, "lines": [
        {"component": "transport", "quantity": 1, "unit_price": 50000,
         "evidence": [{"file": key, "name": "x.pdf"}]}]}]}
    before = _stored(app, demo_id)
    assert _paths(api("PATCH", f"/studies/{demo_id}/realisation", json=body)) == [
        ("realisation.travellers[0].lines[0].evidence[0].file", "evidence_unknown")]
    assert _stored(app, demo_id) == before
    # the receipts the study already holds stay (the example's keys were never uploaded)
    study = api("GET", f"/studies/{demo_id}").get_json()["study"]
    assert api("PUT", f"/studies/{demo_id}", json=study).status_code == 200
