"""Drafts saved as a stage page is typed (web/drafts.py, docgen/drafts.py): kept per user,
never in the study until the page is saved, offered back with "pulihkan / buang"; CSRF,
roles, offices and sizes checked."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from sqlalchemy import func, select

from docgen.drafts import MAX_FIELDS, MAX_VALUE
from docgen.store import FormDraft, Office, User
from tests.web.pages import csrf_token, stored
from tests.web.test_stages import post_page, read_form, replace, stage_url

SAVED = datetime(2026, 11, 29, 7, 32, tzinfo=UTC)
"""14:32 WIB (the demo office keeps WIB)."""


def _draft_url(study_id: int, key: str = "plan") -> str:
    return stage_url(study_id, key) + "/draft"


def _send(client, study_id: int, fields: dict, key: str = "plan", token: str | None = None):
    path = stage_url(study_id, key)
    data = {**fields, "csrf_token": token or csrf_token(client, path)}
    return client.post(_draft_url(study_id, key), data=data)


def _count(app) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalar(select(func.count()).select_from(FormDraft))


def test_a_draft_is_kept_apart_and_offered_back(app, client, login, example_id, monkeypatch):
    login("staff")
    before = stored(app, example_id)
    monkeypatch.setattr("docgen.drafts.utcnow", lambda: SAVED)
    response = _send(client, example_id, {"plan.departure_place": "Magelang",
                                          "plan.start_date": "17/08/2027",
                                          "plan.team[0].nip": "1975 0214",
                                          "goals.title": "not this form",
                                          "_loaded": "", "_next": "1"})
    assert response.status_code == 200
    assert response.json == {"kept": True, "saved_at": "29/11/2026 14:32",
                             "message": "Draf tersimpan otomatis pukul 14:32."}
    assert stored(app, example_id) == before, "the study does not change"
    with app.extensions["docgen_store"].transaction() as session:
        [draft] = session.scalars(select(FormDraft)).all()
        assert draft.form == "plan" and draft.fields == {
            "plan.departure_place": "Magelang", "plan.start_date": "17/08/2027",
            "plan.team[0].nip": "1975 0214"}, "only the fields of its own form"

    html = unescape(client.get(stage_url(example_id, "plan")).get_data(as_text=True))
    notice = re.search(r'<div [^>]*id="draft-notice".*?</div>', html, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", notice).split())
    assert text == "Draf tersimpan otomatis 29/11/2026 14:32 — pulihkan / buang"
    assert not re.search(r'name="plan.departure_place"[^>]*value="Magelang"', html), \
        "the stored values until the draft is restored"

    restored = unescape(client.get(stage_url(example_id, "plan") + "?draft=1").get_data(
        as_text=True))
    assert re.search(r'name="plan.departure_place"[^>]*value="Magelang"', restored)
    assert re.search(r'name="plan.start_date"[^>]*value="17/08/2027"', restored)
    assert re.search(r'name="plan.team\[0\].nip"[^>]*value="1975 0214"', restored)
    assert "dipulihkan di sini; isinya belum masuk ke studi" in restored
    assert stored(app, example_id) == before


def test_saving_the_page_deletes_the_draft(app, client, login, example_id):
    login("staff")
    _send(client, example_id, {"plan.departure_place": "Magelang"})
    assert _count(app) == 1
    path = stage_url(example_id, "plan")
    fields = read_form(client.get(path + "?draft=1").get_data(as_text=True)).fields
    assert ("plan.departure_place", "Magelang") in fields
    assert post_page(client, path, fields).status_code == 302
    assert stored(app, example_id).plan.departure_place == "Magelang"
    assert _count(app) == 0
    assert 'id="draft-notice"' not in client.get(path).get_data(as_text=True)


def test_a_draft_is_thrown_away(app, client, login, example_id):
    login("staff")
    _send(client, example_id, {"plan.departure_place": "Magelang"})
    path = stage_url(example_id, "plan")
    response = client.post(_draft_url(example_id) + "/discard",
                           data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    assert _count(app) == 0
    html = client.get(path).get_data(as_text=True)
    assert "Draf yang tersimpan otomatis sudah dibuang." in html
    assert client.post(_draft_url(example_id) + "/discard").status_code == 400, "CSRF"


def test_a_draft_is_the_users_own(app, client, login, example_id):
    login("staff")
    _send(client, example_id, {"plan.departure_place": "Magelang"})
    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        other = User(office=office, email="staf2@example.go.id", name="Staf Dua", role="staff")
        other.set_password("rahasia-staf-dua")
        session.add(other)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    client.post("/login", data={"email": "staf2@example.go.id", "password": "rahasia-staf-dua",
                                "csrf_token": csrf_token(client)})
    html = client.get(stage_url(example_id, "plan") + "?draft=1").get_data(as_text=True)
    assert 'id="draft-notice"' not in html and "Magelang" not in html


def test_who_may_keep_a_draft(app, client, login, example_id, other_office):
    login("staff")
    token = csrf_token(client, stage_url(example_id, "plan"))
    assert client.post(_draft_url(example_id), data={"plan.place": "x"}).status_code == 400
    assert _send(client, example_id, {}, key="nope", token=token).status_code == 404
    _office_id, their_study, _email = other_office
    assert _send(client, their_study, {}, token=token).status_code == 404
    client.post("/logout", data={"csrf_token": token})
    login("signer")
    assert _send(client, example_id, {"plan.departure_place": "x"}).status_code == 403
    assert _count(app) == 0


@pytest.mark.parametrize(("fields", "code"), [
    ({f"plan.agenda[{i}].activity": "x" for i in range(MAX_FIELDS + 1)}, "draft_too_many_fields"),
    ({"plan.departure_place": "x" * (MAX_VALUE + 1)}, "draft_value_too_long"),
])
def test_a_draft_beyond_the_limits_is_refused(app, client, login, example_id, fields, code):
    login("staff")
    response = _send(client, example_id, fields)
    assert response.status_code == 413 and response.json["error"] == code
    assert response.json["message"].startswith("Draf tidak tersimpan: ")
    assert _count(app) == 0


def test_a_request_beyond_the_limit_is_refused_before_it_is_read(app, client, login,
                                                                example_id):
    login("staff")
    response = _send(client, example_id, {"plan.notes": "x" * (600 * 1024)})
    assert response.status_code == 413
    assert _count(app) == 0


def test_a_draft_sent_before_the_page_was_saved_is_not_kept(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    page = client.get(path).get_data(as_text=True)
    loaded = re.search(r'name="_loaded" value="([^"]*)"', page).group(1)
    assert loaded
    fields = read_form(page).fields
    assert post_page(client, path, replace(fields, "plan.departure_place", "Bantul")
                     ).status_code == 302
    response = _send(client, example_id, {"plan.departure_place": "Bant", "_loaded": loaded})
    assert response.status_code == 409 and _count(app) == 0
    new_loaded = re.search(r'name="_loaded" value="([^"]*)"',
                           client.get(path).get_data(as_text=True)).group(1)
    response = _send(client, example_id, {"plan.departure_place": "Bantu", "_loaded": new_loaded})
    assert response.status_code == 200 and _count(app) == 1
