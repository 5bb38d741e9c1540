"""Requests that cannot be served answer 4xx, never 500: JSON nested too deeply, ids beyond
what the database holds (on every route, SQLite and PostgreSQL), page numbers of any size;
and references that cannot leave the office (the shipped example images by exact name only,
another office's stored file by no spelling, the office block from the user's office, no
server path in an error)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from docgen.render import EXAMPLE_IMAGES, RenderError, image_bytes
from docgen.store import ApiToken, Office, StudyRecord, User, save_upload
from docgen.store.models import ID_MAX
from tests.web.pages import credential, csrf_token, fresh_demo_study, sign_in

API = "/api/v1"
HUGE_IDS = (99999999999999999999, 2**63, 2**31, ID_MAX + 1, 10**30)
ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
STRING_ARGUMENTS = {"kind_id": "spt", "stage_key": "plan", "ref": "contoh:contoh-foto-1.png",
                    "public_id": "x"}


def _store(app):
    return app.extensions["docgen_store"]


def _token(app, role: str = "staff") -> str:
    with _store(app).transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, role).email))
        row, token = ApiToken.issue(user, "uji")
        session.add(row)
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _id_rules(app) -> list:
    """Every rule of the app with a whole-number argument."""
    rules = [rule for rule in app.url_map.iter_rules()
             if any(conv == "int" for conv, _name in ARGUMENT.findall(rule.rule))]
    assert len(rules) > 20, "the routes with ids are all found"
    return rules


def _url(rule, number: int) -> str:
    def value(match: re.Match) -> str:
        converter, name = match.groups()
        return str(number) if converter == "int" else STRING_ARGUMENTS.get(name, "x")

    return ARGUMENT.sub(value, rule.rule)


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


# --- 1. JSON nested too deeply, enormous fields ----------------------------------------------


def _deep(levels: int, inner: str = "1") -> str:
    return '{"a":' * levels + inner + "}" * levels


@pytest.mark.parametrize("body", [_deep(10_000), "[" * 10_000 + "]" * 10_000,
                                  '{"goals": ' + _deep(40) + "}"])
def test_json_nested_too_deeply_is_400_on_every_json_endpoint(app, client, body):
    token = _token(app)
    study_id = fresh_demo_study(app, "sb-uji-dalam")
    for method, path in (("POST", "/studies"), ("PUT", f"/studies/{study_id}"),
                         ("PATCH", f"/studies/{study_id}/stages/plan"),
                         ("POST", f"/studies/{study_id}/documents/spt/issue"),
                         ("POST", f"/studies/{study_id}/documents/spd/0/issue")):
        response = client.open(API + path, method=method, data=body,
                               content_type="application/json", headers=_bearer(token))
        assert response.status_code == 400, (method, path, response.get_data(as_text=True))
        payload = response.get_json()
        assert payload["error"]["code"] == "api_bad_request"
        assert [p["code"] for p in payload["problems"]] == ["json_too_deep"]
        assert "32" in payload["problems"][0]["message_en"]
        assert "32" in payload["problems"][0]["message_id"]


def test_json_of_ordinary_depth_is_still_read(app, client):
    response = client.post(f"{API}/studies", json={"goals": {"title": "Dangkal"}},
                           headers=_bearer(_token(app)))
    assert response.status_code == 201, response.get_data(as_text=True)


def test_enormous_bodies_fields_and_query_strings_are_not_500(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024
    token = _token(app)
    big = client.post(f"{API}/studies", data=b" " * (17 * 1024 * 1024),
                      content_type="application/json", headers=_bearer(token))
    assert big.status_code == 413 and big.get_json()["error"]["code"] == "api_too_large"
    sign_in(app, client, "staff")
    form = client.post("/studies/new", data={
        "goals.title": "x" * 3_000_000, "fiscal_year": "2026",
        "csrf_token": csrf_token(client, "/studies/new")})
    assert 400 <= form.status_code < 500
    for year in ("²", "9" * 5000, "-1", "2026.0"):
        answer = client.post("/studies/new", data={
            "goals.title": "Tahun aneh", "fiscal_year": year,
            "csrf_token": csrf_token(client, "/studies/new")})
        assert answer.status_code == 422, year
    assert client.get("/arsip?q=" + "x" * 2_000_000).status_code == 200
    listed = client.get(f"{API}/records?q=" + "x" * 2_000_000, headers=_bearer(token))
    assert listed.status_code == 200


# --- 2. ids beyond the database's range, on every route -------------------------------------


def test_ids_beyond_the_database_are_404_on_every_route(make_app, db_url):
    app = make_app({"DATABASE_URL": db_url})
    token = _token(app)
    web = sign_in(app, app.test_client(), "admin")
    form_token = csrf_token(web, "/admin/")
    api = app.test_client()
    checked = 0
    for rule in _id_rules(app):
        is_api = rule.rule.startswith(API)
        for number in (*HUGE_IDS, ID_MAX):
            path = _url(rule, number)
            for method in _methods(rule):
                if is_api:
                    kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
                    response = api.open(path, method=method, headers=_bearer(token), **kwargs)
                else:
                    kwargs = ({"data": {"csrf_token": form_token}}
                              if method in ("POST", "PUT", "PATCH") else {})
                    response = web.open(path, method=method, **kwargs)
                checked += 1
                assert response.status_code < 500, (method, path, response.status_code)
                if number != ID_MAX:
                    assert response.status_code == 404, (method, path, response.status_code)
                    if is_api:
                        assert response.get_json()["error"]["code"] == "api_not_found"
    assert checked > 100


def test_ids_in_query_strings_and_json_bodies_are_range_checked(make_app, db_url):
    app = make_app({"DATABASE_URL": db_url})
    client = app.test_client()
    token = _token(app, "archivist")
    study_id = fresh_demo_study(app, "sb-uji-id-besar")
    for number in HUGE_IDS:
        listed = client.get(f"{API}/records?study={number}", headers=_bearer(token))
        assert listed.status_code == 422, listed.get_data(as_text=True)
        assert [p["path"] for p in listed.get_json()["problems"]] == ["study"]
        issued = client.post(f"{API}/studies/{study_id}/documents/spt/issue",
                             json={"corrects": number}, headers=_bearer(token))
        assert issued.status_code == 422, issued.get_data(as_text=True)
        assert [p["path"] for p in issued.get_json()["problems"]] == ["corrects"]
    sign_in(app, client, "admin")
    for number in HUGE_IDS:
        page = client.get(f"/arsip?study={number}")
        assert page.status_code == 200
        assert client.get(f"/arsip/bag.zip?study={number}").status_code == 404
        assert client.get(f"/arsip/buku-agenda.xlsx?study={number}&date_from=2026-01-01"
                          f"&date_to=2026-12-31").status_code == 200


# --- 3. page numbers of any size -------------------------------------------------------------


@pytest.mark.parametrize("page", ["1" + "0" * 30, str(2**63), str(2**31), "-1", "abc", "²",
                                  "0", "9" * 5000, "1e3", " 2 "])
def test_any_page_number_is_an_empty_page_or_4xx(app, client, page):
    token = _token(app, "archivist")
    api = client.get(f"{API}/records", query_string={"page": page}, headers=_bearer(token))
    assert api.status_code in (200, 422), api.get_data(as_text=True)
    if api.status_code == 422:
        assert [p["path"] for p in api.get_json()["problems"]] == ["page"]
    per_page = client.get(f"{API}/records", query_string={"per_page": page},
                          headers=_bearer(token))
    assert per_page.status_code in (200, 422)
    sign_in(app, client, "archivist")
    web = client.get("/arsip", query_string={"page": page})
    assert web.status_code == 200


def test_a_page_past_the_last_is_empty(app, client):
    token = _token(app, "archivist")
    first = client.get(f"{API}/records", headers=_bearer(token)).get_json()
    assert first["records"], "the demo register is not empty"
    far = client.get(f"{API}/records?page={ID_MAX}&per_page=200", headers=_bearer(token))
    assert far.status_code == 200
    assert far.get_json()["records"] == [] and far.get_json()["total"] == first["total"]
    sign_in(app, client, "archivist")
    html = client.get("/arsip?page=" + "1" + "0" * 30).get_data(as_text=True)
    assert first["records"][0]["number"] not in html


def test_search_copes_with_any_page_and_study(app):
    from docgen import archive_search

    with _store(app).session() as session:
        office_id = session.scalar(select(Office.id).order_by(Office.id))
        assert archive_search.search(session, office_id, page=10**30)[0] == []
        assert archive_search.search(session, office_id, study_id=2**63) == ([], 0)


# --- 4. references that cannot leave the office ----------------------------------------------


BAD_EXAMPLES = (
    "contoh:../x.png", "contoh:/etc/passwd", "contoh:foo/../../contoh-foto-1.png",
    "contoh:../data/contoh-foto-1.png", "contoh:./contoh-foto-1.png",
    "CONTOH:contoh-foto-1.png", "Contoh:../../etc/passwd", "contoh:CONTOH-FOTO-1.PNG",
    "contoh:contoh-foto-1.png/", "contoh:..\\contoh-foto-1.png", "contoh:%2e%2e/x.png",
    "contoh:%2E%2E%2Fcontoh-foto-1.png", "contoh:contoh-foto-1.png\x00.png",
    "contoh: contoh-foto-1.png", "contoh:retention.csv", "contoh:caps",
)


def test_example_images_are_named_exactly(app, client, tmp_path):
    shipped = {"contoh-foto-1.png", "contoh-foto-2.png", "contoh-foto-3.png",
               "contoh-foto-4.png", "logo-contoh.png"}
    assert shipped == EXAMPLE_IMAGES
    files = _store(app).files.root
    for name in sorted(EXAMPLE_IMAGES):
        assert image_bytes(f"contoh:{name}", "photo", files, 5 * 2**20).startswith(b"\x89PNG")
    for ref in BAD_EXAMPLES:
        with pytest.raises(RenderError):
            image_bytes(ref, "photo", files, 5 * 2**20)
        with pytest.raises(RenderError):
            image_bytes(ref, "photo", tmp_path, 5 * 2**20)
    token = _token(app)
    study_id = fresh_demo_study(app, "sb-uji-contoh")
    for ref in BAD_EXAMPLES:
        patch = client.patch(f"{API}/studies/{study_id}/stages/execution",
                             json={"photos": [{"file": ref, "caption": "x"}]},
                             headers=_bearer(token))
        assert patch.status_code == 422, (ref, patch.get_data(as_text=True))
        assert [(p["path"], p["code"]) for p in patch.get_json()["problems"]] == [
            ("execution.photos[0].file", "image_not_office")]
    ok = client.patch(f"{API}/studies/{study_id}/stages/execution",
                      json={"photos": [{"file": "contoh:contoh-foto-2.png", "caption": "x"}]},
                      headers=_bearer(token))
    assert ok.status_code == 200, ok.get_data(as_text=True)
    sign_in(app, client, "staff")
    assert client.get(f"/studies/{study_id}/photos/contoh:contoh-foto-2.png").status_code == 200
    for ref in BAD_EXAMPLES:
        if "\x00" in ref:
            continue
        response = client.get(f"/studies/{study_id}/photos/{quote(ref, safe='/:')}")
        assert response.status_code == 404, ref


@pytest.fixture
def foreign_key(app, other_office):
    """The storage key of a photo uploaded by another office."""
    from docgen.render import DEFAULT_LOGO

    with _store(app).transaction() as session:
        office = session.get(Office, other_office[0])
        data = DEFAULT_LOGO.read_bytes() + b"kantor-lain"
        row = save_upload(session, _store(app).files, office=office, purpose="photo",
                          original_name="rahasia.png", data=data)
        session.flush()
        return row.storage_key


def _spellings(key: str, root) -> list[str]:
    head, digest = key.split("/")
    return [key, key.upper(), f"./{key}", f"{head}//{digest}", f"{head}/./{digest}",
            f"x/../{key}", f"{head}/../{key}", f"/{key}", str(root / key),
            f"{head}\\{digest}", f"%2e%2e/{key}", f"{head}%2F{digest}", f"{key}%00",
            f"contoh:../{key}", f"contoh:../../files/{key}", f"file://{root / key}",
            f"{key} ", f" {key}", f"{head}/{digest[:-1]}"]


def test_another_offices_file_is_reached_by_no_spelling(app, client, foreign_key, tmp_path):
    token = _token(app)
    study_id = fresh_demo_study(app, "sb-uji-kantor-lain")
    root = _store(app).files.root
    for ref in _spellings(foreign_key, root):
        patch = client.patch(f"{API}/studies/{study_id}/stages/execution",
                             json={"photos": [{"file": ref, "caption": "x"}]},
                             headers=_bearer(token))
        assert patch.status_code == 422, (ref, patch.get_data(as_text=True))
        if ref != foreign_key:  # only the plain key is a file; every other spelling is refused
            with pytest.raises(RenderError):
                image_bytes(ref, "photo", root, 5 * 2**20)
    with _store(app).session() as session:
        photos = session.get(StudyRecord, study_id).study.execution.photos
        assert all(p.file not in _spellings(foreign_key, root) for p in photos)
    sign_in(app, client, "staff")
    head, digest = foreign_key.split("/")
    for url in (foreign_key, f"{head}%2F{digest}", f"x/%2e%2e/{foreign_key}",
                f"%2e%2e/{foreign_key}", f"./{foreign_key}", quote(str(root / foreign_key))):
        response = client.get(f"/studies/{study_id}/photos/{url}", follow_redirects=True)
        assert response.status_code == 404, url  # (a doubled slash is merged first: 308)


def test_the_office_block_comes_from_the_users_office(app, client, demo_id):
    token = _token(app)
    with _store(app).session() as session:
        profile = session.get(StudyRecord, demo_id).study.office.model_dump(mode="json")
    forged = {**profile, "name": "KANTOR PALSU", "logo": "contoh:logo-contoh.png",
              "head": {**(profile.get("head") or {}), "name": "Orang Lain"}}
    created = client.post(f"{API}/studies", headers=_bearer(token),
                          json={"goals": {"title": "Kantor dari badan"}, "office": forged})
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.get_json()["study"]["office"] == profile
    new_id = created.get_json()["id"]
    read = client.get(f"{API}/studies/{new_id}", headers=_bearer(token)).get_json()["study"]
    replaced = client.put(f"{API}/studies/{new_id}", headers=_bearer(token),
                          json={**read, "office": forged})
    assert replaced.status_code == 200, replaced.get_data(as_text=True)
    with _store(app).session() as session:
        stored = session.get(StudyRecord, new_id).study.office.model_dump(mode="json")
    assert stored == profile
    assert client.patch(f"{API}/studies/{new_id}/stages/office", headers=_bearer(token),
                        json={"name": "KANTOR PALSU"}).status_code == 404


def _home_paths(app) -> list[str]:
    home = app.config["DOCGEN_HOME"]
    return [str(home), str(home.resolve()), str(_store(app).files.root)]


def test_errors_never_show_a_server_path(app, client):
    token = _token(app)
    study_id = fresh_demo_study(app, "sb-uji-jalur")
    with _store(app).transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        study.office.logo = "../../../../etc/passwd"
        record.data = study
    response = client.get(f"{API}/studies/{study_id}/documents/spt.docx",
                          headers=_bearer(token))
    assert response.status_code == 422, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "api_render_failed"
    assert not any(path in text for path in _home_paths(app)), text

    with _store(app).transaction() as session:  # a stored file of the office, then lost
        record = session.get(StudyRecord, study_id)
        office = session.get(Office, record.office_id)
        from docgen.render import DEFAULT_LOGO

        row = save_upload(session, _store(app).files, office=office, purpose="logo",
                          original_name="logo.png", data=DEFAULT_LOGO.read_bytes() + b"x")
        session.flush()
        study = record.study
        study.office.logo = row.storage_key
        record.data = study
        key = row.storage_key
    _store(app).files.path(key).unlink()
    for path in (f"{API}/studies/{study_id}/documents/spt.docx",
                 f"{API}/studies/{study_id}/problems", f"{API}/studies/{study_id}/documents"):
        answer = client.get(path, headers=_bearer(token))
        assert answer.status_code < 500, (path, answer.status_code)
        if answer.mimetype == "application/json":
            body = answer.get_data(as_text=True)
            assert not any(p in body for p in _home_paths(app)), body
    sign_in(app, client, "staff")
    for path in (f"/studies/{study_id}/documents", f"/studies/{study_id}",
                 f"/studies/{study_id}/documents/spt/0.docx"):
        page = client.get(path, follow_redirects=True)
        assert page.status_code < 500, (path, page.status_code)
        if page.mimetype == "text/html":
            assert not any(p in page.get_data(as_text=True) for p in _home_paths(app))


def test_a_study_of_another_office_cannot_be_reached_through_a_huge_id(app, client,
                                                                      other_office):
    token = _token(app)
    _office_id, other_id, _email = other_office
    for number in (other_id + 2**32, other_id + 2**64):  # no wrap-around to the real row
        assert client.get(f"{API}/studies/{number}", headers=_bearer(token)).status_code == 404
