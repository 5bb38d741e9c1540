"""The JSON API: tokens, the wizard's data as JSON, problems, documents, the budget upload,
errors in both languages, and an OpenAPI 3.1 description that matches the routes."""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openapi_spec_validator import validate
from sqlalchemy import select

from docgen import catalog
from docgen.bundle import slug
from docgen.cli import main
from docgen.example import example_data
from docgen.store import ApiToken, DocumentDownload, StudyRecord, User
from docgen.study import STAGES, json_schema
from tests.helpers import docx_text
from tests.web.pages import credential, csrf_token, save_office_caps, sign_in, stored
from web.openapi import openapi_path

API = "/api/v1"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "budget"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _issue(app, email: str, name: str = "test") -> str:
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == email))
        row, token = ApiToken.issue(user, name)
        session.add(row)
    return token


@pytest.fixture
def token(app):
    """A token of the demo staff user (staff write)."""
    return _issue(app, credential(app, "staff").email)


@pytest.fixture
def api(client, token):
    """``api("GET", "/studies", json=...)``: a request with the staff token."""

    def call(method: str, path: str, *, token_: str | None = token, **kwargs):
        headers = kwargs.pop("headers", {})
        if token_ is not None:
            headers["Authorization"] = f"Bearer {token_}"
        return client.open(API + path, method=method, headers=headers, **kwargs)

    return call


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    error = body["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert error["message_id"] and error["message_en"]
    assert error["message_id"] != error["message_en"]
    return body


def _downloads(app) -> list[tuple]:
    with app.extensions["docgen_store"].transaction() as session:
        return [(d.kind, d.item, d.filename, d.sha256, d.user.email)
                for d in session.scalars(select(DocumentDownload).order_by(DocumentDownload.id))]


# --- tokens ---------------------------------------------------------------------------------


def test_a_token_is_required(app, api, token):
    for response in (api("GET", "/studies", token_=None),
                     api("GET", "/studies", token_=None, headers={"Authorization": token}),
                     api("GET", "/studies", token_=None, headers={"Authorization": "Bearer "})):
        _error(response, 401, "api_token_missing")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    bad = api("GET", "/studies", token_="dg_" + "x" * 43)
    assert "Token API tidak dikenal" in _error(bad, 401, "api_token_invalid")["error"][
        "message_id"]
    assert 'error="invalid_token"' in bad.headers["WWW-Authenticate"]
    assert api("GET", "/studies").status_code == 200


def test_only_the_sha256_of_a_token_is_kept(app, token):
    with app.extensions["docgen_store"].transaction() as session:
        row = session.scalar(select(ApiToken))
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (row.token_hash, row.hint, row.name)
        assert token.startswith(row.hint) and len(row.hint) < 16


def test_revoked_tokens_and_switched_off_users_are_refused(app, api, token):
    assert api("GET", "/studies").status_code == 200
    with app.extensions["docgen_store"].transaction() as session:
        session.scalar(select(ApiToken)).revoke()
    _error(api("GET", "/studies"), 401, "api_token_invalid")
    fresh = _issue(app, credential(app, "staff").email)
    with app.extensions["docgen_store"].transaction() as session:
        session.scalar(select(User).where(User.email == credential(app, "staff").email)
                       ).active = False
    _error(api("GET", "/studies", token_=fresh), 401, "api_token_invalid")


def test_the_session_cookie_does_not_open_the_api(app, client, api):
    sign_in(app, client, "staff")
    assert client.get("/").status_code == 200
    _error(api("GET", "/studies", token_=None), 401, "api_token_missing")


def test_last_use_is_noted(app, api):
    api("GET", "/studies")
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(ApiToken)).last_used_at is not None


def test_create_token_on_the_command_line_prints_it_once(app, api, tmp_path):
    home = app.config["DOCGEN_HOME"]
    result = CliRunner().invoke(main, ["admin", "create-token", "--email",
                                       "Arsiparis@Contoh.go.id", "--name", "SIPD"],
                                env={"DOCGEN_HOME": str(home), "DOCGEN_LANG": "en"})
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert re.fullmatch(r"dg_[A-Za-z0-9_-]{40,}", token)
    assert "not shown again" in result.stderr and token not in result.stderr
    listed = api("GET", "/studies", token_=token)
    assert listed.status_code == 200 and len(listed.get_json()["studies"]) == 1
    with app.extensions["docgen_store"].transaction() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.name == "SIPD"))
        assert row.user.email == "arsiparis@contoh.go.id"
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    unknown = CliRunner().invoke(main, ["admin", "create-token", "--email", "x@y.go.id"],
                                 env={"DOCGEN_HOME": str(home), "DOCGEN_LANG": "id"})
    assert unknown.exit_code == 1 and "tidak ada pengguna x@y.go.id" in unknown.output


# --- studies, stages, problems ------------------------------------------------------------------


def test_create_get_patch_problems_documents_download(app, api):
    data = example_data()
    created = api("POST", "/studies", json=data)
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    study_id = body["id"]
    assert created.headers["Location"] == f"{API}/studies/{study_id}"
    assert body["title"] == data["goals"]["title"]
    assert [s["key"] for s in body["stages"]] == [key for key, _, _ in STAGES]

    read = api("GET", f"/studies/{study_id}").get_json()
    assert read["study"]["goals"]["title"] == data["goals"]["title"]
    assert read["study"]["plan"]["team"][0]["nip"] == data["plan"]["team"][0]["nip"].replace(
        " ", ""), "stored as the model normalises it"
    listed = api("GET", "/studies").get_json()["studies"]
    assert listed[0]["id"] == study_id and listed[0]["url"] == f"{API}/studies/{study_id}"

    patched = api("PATCH", f"/studies/{study_id}/stages/goals",
                  json={"title": "Studi Banding Lewat API", "topic_other": None})
    assert patched.status_code == 200, patched.get_data(as_text=True)
    stage = patched.get_json()
    assert stage["stage"]["key"] == "goals" and stage["stage"]["number"] == 1
    assert stage["data"]["title"] == "Studi Banding Lewat API"
    assert stage["data"]["background"] == data["goals"]["background"], "the rest is kept"
    assert api("GET", f"/studies/{study_id}").get_json()["title"] == "Studi Banding Lewat API"

    problems = api("GET", f"/studies/{study_id}/problems").get_json()
    assert problems["valid"] is True
    assert [s["key"] for s in problems["stages"]] == [key for key, _, _ in STAGES]
    assert set(problems["missing"]) == {k.id for k in catalog.available(
        stored(app, study_id))}
    assert problems["missing"]["spt"] == []

    kinds = {k["id"]: k for k in api("GET", f"/studies/{study_id}/documents").get_json()["kinds"]}
    assert kinds["spt"]["ready"] and kinds["spt"]["stage_key"] == "coordination"
    spd = kinds["spd"]
    names = [m.full_name for m in stored(app, study_id).plan.members_ordered]
    assert [i["label"] for i in spd["items"]] == names
    assert spd["merged_url"] == f"{API}/studies/{study_id}/documents/spd.docx?merged=1"

    docx = api("GET", kinds["spt"]["items"][0]["docx_url"].removeprefix(API))
    assert docx.status_code == 200 and docx.mimetype == DOCX_MIME
    assert "surat-perintah-tugas.docx" in docx.headers["Content-Disposition"]
    text = docx_text(docx.data)
    assert "Studi Banding Lewat API" in text and "SURAT PERINTAH TUGAS" in text
    second = api("GET", spd["items"][1]["docx_url"].removeprefix(API))
    assert names[1] in docx_text(second.data)
    merged = api("GET", spd["merged_url"].removeprefix(API))
    assert merged.status_code == 200 and "spd-gabungan.docx" in merged.headers[
        "Content-Disposition"]
    assert _downloads(app) == [
        ("spt", None, "surat-perintah-tugas.docx", hashlib.sha256(docx.data).hexdigest(),
         "staf@contoh.go.id"),
        ("spd", 1, f"spd-{slug(stored(app, study_id).plan.members_ordered[1].name)}.docx",
         hashlib.sha256(second.data).hexdigest(), "staf@contoh.go.id"),
        ("spd", None, "spd-gabungan.docx", hashlib.sha256(merged.data).hexdigest(),
         "staf@contoh.go.id"),
    ]


def test_a_new_study_without_office_gets_the_office_profile(app, api, demo_id):
    created = api("POST", "/studies", json={"goals": {"title": "Draf dari sistem lain"}})
    assert created.status_code == 201
    office = created.get_json()["study"]["office"]
    assert office == stored(app, demo_id).office.model_dump(mode="json")
    assert office["name"] == "BADAN PERENCANAAN PEMBANGUNAN DAERAH"


def test_a_bad_nip_is_422_with_the_exact_paths(app, api, demo_id):
    data = example_data()
    data["plan"]["team"][1]["nip"] = "19850312"
    data["plan"]["team"][2]["nip"] = "1985031220100120AB"
    before = _count(app)
    response = api("POST", "/studies", json=data)
    body = _error(response, 422, "api_invalid")
    assert [(p["path"], p["code"]) for p in body["problems"]] == [
        ("plan.team[1].nip", "nip_length"), ("plan.team[2].nip", "nip_digits")]
    first = body["problems"][0]
    assert first == {"path": "plan.team[1].nip", "code": "nip_length", "severity": "error",
                     "message_id": "NIP harus 18 digit",
                     "message_en": "a NIP must have 18 digits"}
    assert "2 masalah" in body["error"]["message_id"]
    assert _count(app) == before, "nothing was stored"

    team = stored(app, demo_id).model_dump(mode="json")["plan"]["team"]
    team[0]["nip"] = "123"
    patch = api("PATCH", f"/studies/{demo_id}/stages/plan", json={"team": team})
    assert [p["path"] for p in _error(patch, 422, "api_invalid")["problems"]] == [
        "plan.team[0].nip"]
    assert stored(app, demo_id).plan.team[0].nip != "123"


def _count(app) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return len(session.scalars(select(StudyRecord.id)).all())


def test_put_replaces_the_whole_study_and_keeps_the_office(app, api, demo_id):
    read = api("GET", f"/studies/{demo_id}").get_json()
    study = copy.deepcopy(read["study"])
    office = study.pop("office")
    study["goals"]["title"] = "Judul Baru Lewat PUT"
    study["plan"]["team"] = study["plan"]["team"][:2]
    saved = api("PUT", f"/studies/{demo_id}", json=study)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    saved_study = stored(app, demo_id)
    assert saved_study.goals.title == "Judul Baru Lewat PUT" and len(saved_study.plan.team) == 2
    assert saved_study.office.model_dump(mode="json") == office


def test_patch_resets_with_null_and_knows_the_stages(app, api, demo_id):
    assert stored(app, demo_id).plan.transport
    response = api("PATCH", f"/studies/{demo_id}/stages/plan", json={"transport": None},
                   headers={"Content-Type": "application/merge-patch+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stored(app, demo_id).plan.transport == ""
    spd = api("GET", f"/studies/{demo_id}/problems").get_json()["missing"]["spd"]
    assert {"path": "plan.transport", "code": "needed_for"}.items() <= spd[0].items()
    _error(api("PATCH", f"/studies/{demo_id}/stages/office", json={}), 404, "api_not_found")
    unknown = api("PATCH", f"/studies/{demo_id}/stages/goals", json={"judul": "x"})
    assert [(p["path"], p["code"]) for p in _error(unknown, 422, "api_invalid")["problems"]] == [
        ("goals.judul", "extra_forbidden")]


def test_documents_not_ready_or_unknown(app, api, demo_id):
    base = f"/studies/{demo_id}/documents"
    report = _error(api("GET", f"{base}/final_report.docx"), 409, "api_not_ready")
    paths = {p["path"] for p in report["problems"]}
    assert {"execution.findings", "reporting.conclusions"} <= paths
    assert "Laporan Hasil Studi Banding" in report["error"]["message_id"]
    assert "Final report" in report["error"]["message_en"]
    choose = _error(api("GET", f"{base}/spd.docx"), 400, "api_choose_item")
    assert "spd/0.docx" in choose["error"]["message_en"] and "merged=1" in choose["error"][
        "message_en"]
    _error(api("GET", f"{base}/spd/9.docx"), 404, "api_not_found")
    _error(api("GET", f"{base}/spt/1.docx"), 404, "api_not_found")
    _error(api("GET", f"{base}/permit_request.docx"), 404, "api_not_found")
    _error(api("GET", f"{base}/nope.docx"), 404, "api_not_found")
    assert api("GET", f"{base}/spt/0.docx").status_code == 200
    assert api("GET", f"{base}/spt.docx").status_code == 200
    assert _downloads(app)[0][:3] == ("spt", None, "surat-perintah-tugas.docx")


# --- roles, offices, errors -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["signer", "archivist", "admin"])
def test_readers_read_and_only_staff_write(app, api, role, demo_id):
    reader = _issue(app, credential(app, role).email)
    assert api("GET", "/studies", token_=reader).status_code == 200
    assert api("GET", f"/studies/{demo_id}/documents/spt.docx", token_=reader).status_code == 200
    for method, path, kwargs in (
            ("POST", "/studies", {"json": {"goals": {"title": "x"}}}),
            ("PUT", f"/studies/{demo_id}", {"json": {}}),
            ("PATCH", f"/studies/{demo_id}/stages/goals", {"json": {"title": "x"}}),
            ("POST", f"/studies/{demo_id}/budget", {"data": {}})):
        body = _error(api(method, path, token_=reader, **kwargs), 403, "api_forbidden")
        assert role in body["error"]["message_en"]
    assert stored(app, demo_id).goals.title != "x"


def test_another_offices_study_is_404(app, api, other_office):
    _office_id, other_id, _email = other_office
    for method, path, kwargs in (
            ("GET", f"/studies/{other_id}", {}),
            ("PUT", f"/studies/{other_id}", {"json": {}}),
            ("PATCH", f"/studies/{other_id}/stages/goals", {"json": {"title": "x"}}),
            ("GET", f"/studies/{other_id}/problems", {}),
            ("GET", f"/studies/{other_id}/documents", {}),
            ("GET", f"/studies/{other_id}/documents/jadwal.docx", {}),
            ("GET", f"/studies/{other_id}/documents/spd/0.docx", {}),
            ("POST", f"/studies/{other_id}/budget", {"data": {}}),
            ("GET", "/studies/99999", {})):
        body = _error(api(method, path, **kwargs), 404, "api_not_found")
        assert "Rahasia" not in str(body)
    assert all(s["id"] != other_id for s in api("GET", "/studies").get_json()["studies"])


def test_errors_are_json_in_both_languages(api, demo_id):
    _error(api("GET", "/tidak-ada"), 404, "api_not_found")
    _error(api("GET", "/tidak-ada", token_=None), 404, "api_not_found")
    wrong = _error(api("DELETE", f"/studies/{demo_id}"), 405, "api_method_not_allowed")
    assert "DELETE" in wrong["error"]["message_en"]
    _error(api("POST", "/studies", data="goals=x"), 415, "api_json_expected")
    broken = _error(api("POST", "/studies", data="{nope", content_type="application/json"),
                    400, "api_bad_request")
    assert broken["problems"][0]["code"] == "json_invalid"
    _error(api("POST", "/studies", json=[1, 2]), 400, "api_json_object")


def test_the_api_needs_no_csrf_token_but_the_web_still_does(app, client, api):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    assert api("POST", "/studies", json={"goals": {"title": "Tanpa CSRF"}}).status_code == 201
    sign_in(app, client, "staff")
    assert client.post("/studies/new", data={"goals.title": "x",
                                             "fiscal_year": "2026"}).status_code == 400


# --- the budget workbook ----------------------------------------------------------------------


def _upload(api, study_id: int, name: str, query: str = ""):
    with open(FIXTURES / name, "rb") as fh:
        return api("POST", f"/studies/{study_id}/budget{query}", data={"file": (fh, name)},
                   content_type="multipart/form-data")


def test_budget_upload_replaces_the_budget_lines(app, api, demo_id):
    assert len(stored(app, demo_id).plan.budget) == 6
    dry = _upload(api, demo_id, "rab_template_isi.xlsx", "?dry_run=1")
    assert dry.status_code == 200, dry.get_data(as_text=True)
    assert dry.get_json()["attached"] is False and len(stored(app, demo_id).plan.budget) == 6
    response = _upload(api, demo_id, "rab_template_isi.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["attached"] is True and body["budget"]["total"] == "20672000"
    assert len(body["budget"]["lines"]) == 4 and body["study"]["id"] == demo_id
    study = stored(app, demo_id)
    assert len(study.plan.budget) == 4 and study.plan.budget_total == 20672000


def test_a_budget_with_errors_or_an_old_file_is_refused(app, api, demo_id):
    wrong = _upload(api, demo_id, "rab_total_salah.xlsx")
    body = _error(wrong, 422, "api_budget_not_usable")
    assert body["budget"]["usable"] is False
    assert any(p["code"] == "budget_total_mismatch" and "!" in p["path"]
               for p in body["problems"])
    old = _error(_upload(api, demo_id, "rab_sandi.xlsx"), 422, "api_invalid")
    assert old["problems"][0]["code"] == "budget_encrypted"
    _error(api("POST", f"/studies/{demo_id}/budget", data={},
               content_type="multipart/form-data"), 400, "api_budget_file")
    assert len(stored(app, demo_id).plan.budget) == 6


@pytest.mark.parametrize("name", ["rab_lama.xls", "rab_kantor.ods"])
def test_an_xls_or_ods_budget_is_read_like_an_xlsx(app, api, demo_id, name):
    response = _upload(api, demo_id, name, "?dry_run=1")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()["budget"]
    assert body["total"] == "24422000" and len(body["lines"]) == 6
    assert body["terbilang"] == "dua puluh empat juta empat ratus dua puluh dua ribu rupiah"


def test_a_workbook_without_lines_has_no_total(app, api, demo_id):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    wb.active.append([None, "JUMLAH", None, None, None, None])
    out = io.BytesIO()
    wb.save(out)
    response = api("POST", f"/studies/{demo_id}/budget",
                   data={"file": (io.BytesIO(out.getvalue()), "kosong.xlsx")},
                   content_type="multipart/form-data")
    body = _error(response, 422, "api_budget_not_usable")
    assert body["budget"]["lines"] == []
    assert body["budget"]["total"] is None and body["budget"]["terbilang"] is None
    assert body["budget"]["total_rupiah"] is None


def test_the_offices_own_caps_check_an_uploaded_budget(app, api, demo_id):
    assert _upload(api, demo_id, "rab_kantor.xlsx", "?dry_run=1").status_code == 200
    save_office_caps(app, demo_id)
    body = _error(_upload(api, demo_id, "rab_kantor.xlsx"), 422, "api_budget_not_usable")
    (problem,) = [p for p in body["problems"] if p["code"] == "budget_above_cap"]
    assert problem["path"] == "RAB!E14"
    assert "Perbup Sleman 50/2025; ssh-sleman.xlsx Hotel!D17" in problem["message_en"]
    assert len(stored(app, demo_id).plan.budget) == 6


def test_the_budget_upload_is_described_for_every_workbook_format(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    body = spec["paths"]["/studies/{study_id}/budget"]["post"]["requestBody"]
    form = body["content"]["multipart/form-data"]
    assert form["encoding"]["file"]["contentType"].split(", ") == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel", "application/vnd.oasis.opendocument.spreadsheet"]
    assert ".xls" in body["description"] and ".ods" in body["description"]
    read = spec["components"]["schemas"]["BudgetRead"]["properties"]
    for name in ("total", "total_rupiah", "terbilang"):
        assert {"type": "null"} in read[name]["anyOf"]


# --- the description --------------------------------------------------------------------------


def test_openapi_validates_and_lists_every_route(app, client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200, "the description needs no token"
    spec = response.get_json()
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path, _params = openapi_path(rule.rule, API)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert described == routes
    assert ("/studies/{study_id}/stages/{stage_key}", "patch") in described
    assert ("/studies/{study_id}/documents/{kind_id}/{item}.docx", "get") in described
    assert len(routes) >= 10


def test_openapi_study_schema_is_the_models(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    model = json_schema()
    assert set(schemas["Study"]["properties"]) == set(model["properties"])
    assert set(model["$defs"]) <= set(schemas)
    assert "$defs" not in str(spec), "every reference points into components"
    post = spec["paths"]["/studies"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Study"}
    assert post["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    stage = spec["paths"]["/studies/{study_id}/stages/{stage_key}"]["patch"]
    keys = next(p for p in stage["parameters"] if p["name"] == "stage_key")["schema"]["enum"]
    assert keys == [key for key, _, _ in STAGES]
    assert spec["paths"]["/openapi.json"]["get"]["security"] == []
    assert spec["security"] == [{"bearerAuth": []}]


# --- the administrators' token page -----------------------------------------------------------


def test_admin_lists_and_revokes_the_office_tokens(app, client, api, token, other_office):
    other = _issue(app, other_office[2], "kantor lain")
    sign_in(app, client, "admin")
    assert 'href="/admin/tokens/"' in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/tokens/").get_data(as_text=True)
    assert token[:10] in page and "staf@contoh.go.id" in page
    assert other[:10] not in page, "another office's tokens are not shown"
    with app.extensions["docgen_store"].transaction() as session:
        rows = {r.user.email: r.id for r in session.scalars(select(ApiToken))}
    csrf = csrf_token(client, "/admin/tokens/")
    assert client.post(f"/admin/tokens/{rows[other_office[2]]}/revoke",
                       data={"csrf_token": csrf}).status_code == 404
    response = client.post(f"/admin/tokens/{rows['staf@contoh.go.id']}/revoke",
                           data={"csrf_token": csrf})
    assert response.status_code == 302
    _error(api("GET", "/studies"), 401, "api_token_invalid")
    assert api("GET", "/studies", token_=other).status_code == 200


@pytest.mark.parametrize("role", ["staff", "signer", "archivist"])
def test_only_admins_see_the_token_page(app, client, role):
    sign_in(app, client, role)
    assert client.get("/admin/tokens/").status_code == 403


# --- each database ----------------------------------------------------------------------------


def test_the_api_on_each_database(make_app, db_url):
    app = make_app({"DATABASE_URL": db_url})
    token = _issue(app, credential(app, "staff").email)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post(f"{API}/studies", json=example_data(), headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    study_id = created.get_json()["id"]
    patched = client.patch(f"{API}/studies/{study_id}/stages/reporting",
                           json={"addressee": "Bupati Sleman"}, headers=headers)
    assert patched.status_code == 200
    read = client.get(f"{API}/studies/{study_id}", headers=headers).get_json()
    assert read["study"]["reporting"]["addressee"] == "Bupati Sleman"
    assert client.get(f"{API}/studies/{study_id}/documents/spt.docx",
                      headers=headers).status_code == 200


def test_a_stored_file_of_another_office_cannot_be_named(app, api, demo_id):
    foreign = "ab/" + "ab" * 32
    photos = [{"file": foreign, "caption": "Foto kantor lain"}]
    patch = api("PATCH", f"/studies/{demo_id}/stages/execution", json={"photos": photos})
    body = _error(patch, 422, "api_invalid")
    assert [(p["path"], p["code"]) for p in body["problems"]] == [
        ("execution.photos[0].file", "image_not_office")]
    assert all(p.file != foreign for p in stored(app, demo_id).execution.photos)
    data = example_data()
    data["office"]["logo"] = foreign
    created = api("POST", "/studies", json=data)  # the body's office is not taken
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.get_json()["study"]["office"]["logo"] != foreign
    shipped = [{"file": "contoh:contoh-foto-1.png", "caption": "Contoh"}]
    ok = api("PATCH", f"/studies/{demo_id}/stages/execution", json={"photos": shipped})
    assert ok.status_code == 200, ok.get_data(as_text=True)
