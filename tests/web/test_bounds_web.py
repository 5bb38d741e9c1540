"""Numbers and text a user sends never break a page or get stored: the JSON API and the web
forms answer 422 with the field's path, store nothing, and the dashboard and the study list
keep answering even when a stored study cannot be read."""

from __future__ import annotations

import io
import logging
from urllib.parse import urlencode

import pytest
from openpyxl import Workbook
from sqlalchemy import select, update

from docgen.example import example_data
from docgen.store import ApiToken, Office, StudyRecord, User
from docgen.study import clean_text
from tests.web.pages import credential, csrf_token
from tests.web.test_stages import post_page, read_form, replace, stage_url

API = "/api/v1"
HUGE = [10**30, "9" * 400, "1e309", "NaN", "Infinity", 10**18]
CONTROL = "a\x00b\x0bc\x0cd\x1fe\ud800f"
CLEAN = "ab\nc\ndef"


@pytest.fixture
def api(app, client):
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        row, token = ApiToken.issue(user, "bounds")
        session.add(row)

    def call(method: str, path: str, **kwargs):
        return client.open(API + path, method=method,
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call


def count(app) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return len(session.scalars(select(StudyRecord.id)).all())


def stored_data(app, study_id: int) -> dict:
    with app.extensions["docgen_store"].transaction() as session:
        return session.get(StudyRecord, study_id).data


def refused(response, *paths: str) -> dict:
    assert response.status_code == 422, response.get_data(as_text=True)[:2000]
    body = response.get_json()
    assert body["error"]["code"] in ("api_invalid", "api_budget_not_usable")
    found = [p["path"] for p in body["problems"] if p["severity"] == "error"]
    for path in paths:
        assert path in found, (path, found)
    return body


def lists_still_answer(app, client, api, login=None) -> None:
    assert api("GET", "/studies").status_code == 200
    if login is not None:
        login("staff")
        assert client.get("/").status_code == 200


# --- the JSON API ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", HUGE, ids=lambda v: repr(v)[:12])
def test_api_create_refuses_huge_numbers_and_stores_nothing(app, client, api, login, value):
    data = example_data()
    data["plan"]["budget"][0]["unit_price"] = value
    data["plan"]["budget"][1]["amount"] = value
    data["plan"]["budget"][2]["volume"] = value
    before = count(app)
    body = refused(api("POST", "/studies", json=data), "plan.budget[0].unit_price",
                   "plan.budget[1].amount", "plan.budget[2].volume")
    assert all(p["message_id"] and p["message_en"] for p in body["problems"])
    assert count(app) == before
    lists_still_answer(app, client, api, login)


def test_the_oversized_amount_that_used_to_be_stored(app, client, api, login):
    """An amount of 400 digits answered 500 after storing the study; the dashboard and the
    study list then answered 500 for every user of the office."""
    before = count(app)
    response = api("POST", "/studies", json={"goals": {"title": "x"}, "plan": {"budget": [
        {"description": "a", "unit_price": 5, "amount": "9" * 400}]}})
    refused(response, "plan.budget[0].amount")
    assert count(app) == before
    lists_still_answer(app, client, api, login)


def test_negative_where_positive_is_needed(app, api):
    before = count(app)
    body = refused(api("POST", "/studies", json={"plan": {"budget": [
        {"unit_price": -5, "volume": -5}]}}), "plan.budget[0].unit_price",
        "plan.budget[0].volume")
    messages = {p["path"]: p["message_en"] for p in body["problems"]}
    assert messages["plan.budget[0].unit_price"] == "must be at least 0"
    assert count(app) == before


def test_api_patch_and_put_refuse_and_change_nothing(app, client, api, login, example_id):
    before = stored_data(app, example_id)
    budget = [dict(line) for line in before["plan"]["budget"]]
    budget[1]["realized"] = "1e309"
    refused(api("PATCH", f"/studies/{example_id}/stages/plan", json={"budget": budget}),
            "plan.budget[1].realized")
    data = dict(before)
    data["fiscal_year"] = 10**30
    refused(api("PUT", f"/studies/{example_id}", json=data), "fiscal_year")
    assert stored_data(app, example_id) == before
    lists_still_answer(app, client, api, login)


def test_api_text_with_control_characters_is_stored_clean(app, client, api, login):
    created = api("POST", "/studies", json={"goals": {"title": CONTROL, "aims": [CONTROL]},
                                             "plan": {"budget": [{"description": CONTROL,
                                                                  "unit_price": 5}]}})
    assert created.status_code == 201, created.get_data(as_text=True)
    study_id = created.get_json()["id"]
    data = stored_data(app, study_id)
    assert data["goals"]["title"] == CLEAN and data["goals"]["aims"] == [CLEAN]
    assert data["plan"]["budget"][0]["description"] == CLEAN
    patched = api("PATCH", f"/studies/{study_id}/stages/reporting",
                  json={"summary": "Ringkasan\x0cbaru\x07", "conclusions": ["\x1fSatu"]})
    assert patched.status_code == 200
    assert stored_data(app, study_id)["reporting"]["summary"] == "Ringkasan\nbaru"
    assert api("GET", f"/studies/{study_id}/documents/rab.docx").status_code in (200, 409)
    lists_still_answer(app, client, api, login)


def test_a_failure_while_answering_stores_nothing(app, api, monkeypatch, example_id):
    import web.api_studies

    def broken(*_args, **_kwargs):
        raise RuntimeError("the answer could not be built")

    monkeypatch.setattr(web.api_studies, "_detail", broken)
    monkeypatch.setattr(web.api_studies, "stage_progress", broken)
    before, data = count(app), stored_data(app, example_id)
    with pytest.raises(RuntimeError):
        api("POST", "/studies", json={"goals": {"title": "Tidak tersimpan"}})
    with pytest.raises(RuntimeError):
        api("PATCH", f"/studies/{example_id}/stages/goals", json={"title": "Tidak tersimpan"})
    with pytest.raises(RuntimeError):
        api("PUT", f"/studies/{example_id}", json={"goals": {"title": "Tidak tersimpan"}})
    assert count(app) == before and stored_data(app, example_id) == data


# --- budget workbooks -----------------------------------------------------------------------


def workbook(*rows: list) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


BAD_BOOK = [["Uang harian", 2, "OH", 410000, "9" * 31], ["Penginapan", 2, "OH", 1e300, None],
            ["Tiket", 1e20, "PP", 5, None]]


def test_api_budget_upload_names_each_bad_cell(app, client, api, login, example_id):
    before = stored_data(app, example_id)
    response = api("POST", f"/studies/{example_id}/budget",
                   data={"file": (io.BytesIO(workbook(*BAD_BOOK)), "rab.xlsx")},
                   content_type="multipart/form-data")
    body = refused(response, "Sheet1!E2", "Sheet1!D3", "Sheet1!B4")
    assert "too large" in body["problems"][0]["message_en"] or any(
        "too large" in p["message_en"] for p in body["problems"])
    assert stored_data(app, example_id) == before
    lists_still_answer(app, client, api, login)


def test_web_budget_page_names_each_bad_cell(app, client, login, example_id):
    login("staff")
    page = f"/studies/{example_id}/budget"
    before = stored_data(app, example_id)
    response = client.post(page + "/check", data={
        "file": (io.BytesIO(workbook(*BAD_BOOK)), "rab.xlsx"),
        "csrf_token": csrf_token(client, page)}, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for cell in ("Sheet1!E2", "Sheet1!D3", "Sheet1!B4"):
        assert cell in html
    assert "terlalu besar" in html
    assert stored_data(app, example_id) == before
    assert client.get("/").status_code == 200


# --- web forms ------------------------------------------------------------------------------


def test_web_new_study_and_stage_form_clean_control_characters(app, client, login, post_form):
    login("staff")
    before = count(app)
    response = post_form("/studies/new", {"goals.title": "\x00\x1f", "fiscal_year": "2026"})
    assert response.status_code == 422 and count(app) == before, "only control characters"
    # a browser cannot send a lone surrogate: a hand-made body with its bytes is not read
    # as one (whatever the form parser makes of them, it is text a DOCX can hold)
    title = ("Judul\x0b" + CONTROL).encode("utf-8", "surrogatepass")
    body = urlencode({"goals.title": title, "fiscal_year": "2026",
                      "csrf_token": csrf_token(client, "/studies/new")})
    response = client.post("/studies/new", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    study_id = int(response.headers["Location"].rsplit("/", 1)[1])
    title = stored_data(app, study_id)["goals"]["title"]
    assert title.startswith("Judul\nab\nc\nde") and title.endswith("f")
    assert title == clean_text(title) and title.encode("utf-8")
    path = stage_url(study_id, "goals")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    fields = replace(fields, "goals.title", "Judul\x0cbaru\x00")
    fields = replace(fields, "goals.background", "Satu\x0bDua\r\nTiga\x1f")
    assert post_page(client, path, fields).status_code == 302
    goals = stored_data(app, study_id)["goals"]
    assert (goals["title"], goals["background"]) == ("Judul\nbaru", "Satu\nDua\nTiga")
    assert client.get(path).status_code == 200
    assert client.get("/").status_code == 200


def test_web_office_profile_text_is_stored_clean(app, client, login):
    login("admin")
    fields = read_form(client.get("/admin/").get_data(as_text=True),
                       'enctype="multipart/form-data"').fields
    fields = replace(fields, "office.name", "BADAN\x00 PERENCANAAN\x0bDAERAH")
    fields = replace(fields, "office.address", "Jalan\x1f Parasamya\x0c")
    response = post_page(client, "/admin/", fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.extensions["docgen_store"].transaction() as session:
        profile = session.scalars(select(Office).order_by(Office.id)).first().profile
    assert profile["name"] == "BADAN PERENCANAAN\nDAERAH"
    assert profile["address"] == "Jalan Parasamya"


# --- a stored study that cannot be read ------------------------------------------------------


def test_legacy_bad_data_does_not_break_the_dashboard_or_the_list(app, client, api, login,
                                                                   example_id, caplog):
    data = example_data()
    data["plan"]["budget"][0]["amount"] = "9" * 400
    with app.extensions["docgen_store"].transaction() as session:
        session.execute(update(StudyRecord).where(StudyRecord.id == example_id)
                        .values(data=data, title="Data lama rusak"))
    caplog.set_level(logging.ERROR)
    login("staff")
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Data lama rusak" in html and 'data-problem="unreadable"' in html
    assert "tidak dapat dibaca" in html
    listed = api("GET", "/studies")
    assert listed.status_code == 200
    broken = next(s for s in listed.get_json()["studies"] if s["id"] == example_id)
    assert broken["problem"] and broken["title"] == "Data lama rusak" and broken["stages"] == []
    others = [s for s in listed.get_json()["studies"] if s["id"] != example_id]
    assert others and all(s["problem"] is None and s["stages"] for s in others)
    assert f"study {example_id}" in caplog.text
