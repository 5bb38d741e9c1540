"""Hostile input, as a careless user or an attacker sends it: through the JSON API, the web
forms, uploads and the CLI. Every case asserts its status (never 5xx), that the message
names the field, sheet or cell at fault, and that nothing was stored or that what was stored
still lists and renders: after each case the office's dashboard, the study's page, its
documents page and every document of the study answer below 500."""

from __future__ import annotations

import copy
import io
import json
import re
import struct
import urllib.parse
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from docgen.example import example_data
from docgen.store import StudyRecord, UploadedFile
from tests.web.archive_api import _token
from tests.web.pages import credential, csrf_token, fresh_demo_study, sign_in

API = "/api/v1"
HUGE_IDS = ["99999999999999999999", str(2**63), str(2**31)]


# ---------------------------------------------------------------------------
# The guard: what must still work after any case


def _store(app):
    return app.extensions["docgen_store"]


def stored_counts(app) -> tuple[int, int]:
    """(studies, uploaded files) of every office."""
    with _store(app).session() as session:
        return (session.scalar(select(func.count()).select_from(StudyRecord)),
                session.scalar(select(func.count()).select_from(UploadedFile)))


def study_data(app, study_id: int) -> dict:
    with _store(app).session() as session:
        return copy.deepcopy(session.get(StudyRecord, study_id).data)


DOCX_LINK = re.compile(r'href="(/studies/\d+/documents/[a-z_]+/\d+\.docx)"')


def assert_still_serves(client, study_ids: list[int], *, with_documents: bool = True) -> None:
    """The dashboard, and for each study its page, its documents page and every document
    linked there, answer below 500; each DOCX is a ZIP."""
    for path in ("/", "/?page=1"):
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
    for study_id in study_ids:
        for path in (f"/studies/{study_id}", f"/studies/{study_id}/documents"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
        links = sorted(set(DOCX_LINK.findall(page)))
        assert links or not with_documents, "the documents page links its documents"
        for link in links:
            response = client.get(link)
            assert response.status_code < 500, (link, response.status_code)
            if response.status_code == 200:
                assert response.data[:2] == b"PK", link


@pytest.fixture
def office(app):
    """(client signed in as staff, bearer headers of staff, a fresh demo study id)."""
    client = app.test_client()
    sign_in(app, client, "staff")
    headers = {"Authorization": f"Bearer {_token(app, credential(app, 'staff').email)}"}
    study_id = fresh_demo_study(app, "sb-uji-serangan")
    return client, headers, study_id


def message_of(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------------------
# The JSON API: whole studies with hostile values


def _set(data: dict, path: str, value: Any) -> dict:
    """`data` with the member at `path` ("plan.budget.0.unit_price") set to `value`."""
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


@dataclass
class BodyCase:
    path: str
    value: Any
    named: str
    """What the message must name (the field path as the API writes it)."""
    raw: str | None = None
    """A JSON literal written as it is (NaN, 1e309), which json.dumps would not write."""


BODY_CASES = {
    "amount-1e30": BodyCase("plan.budget.0.unit_price", 10**30, "plan.budget[0].unit_price"),
    "amount-400-digits": BodyCase("plan.budget.0.unit_price", "9" * 400,
                                  "plan.budget[0].unit_price"),
    "amount-text-1e309": BodyCase("plan.budget.0.unit_price", "1e309",
                                  "plan.budget[0].unit_price"),
    "amount-literal-1e309": BodyCase("plan.budget.0.unit_price", None,
                                     "plan.budget[0].unit_price", raw="1e309"),
    "amount-text-NaN": BodyCase("plan.budget.0.unit_price", "NaN", "plan.budget[0].unit_price"),
    "amount-literal-NaN": BodyCase("plan.budget.0.unit_price", None,
                                   "plan.budget[0].unit_price", raw="NaN"),
    "amount-literal-Infinity": BodyCase("plan.budget.0.amount", None, "plan.budget[0].amount",
                                        raw="Infinity"),
    "amount-1e18": BodyCase("plan.budget.0.amount", 10**18, "plan.budget[0].amount"),
    "amount-negative": BodyCase("plan.budget.0.amount", -5, "plan.budget[0].amount"),
    "realized-1e30": BodyCase("plan.budget.0.realized", "1" + "0" * 30,
                              "plan.budget[0].realized"),
    "realized-negative": BodyCase("plan.budget.0.realized", "-1", "plan.budget[0].realized"),
    "price-many-decimals": BodyCase("plan.budget.0.unit_price", "100.123456",
                                    "plan.budget[0].unit_price"),
    "volume-1e30": BodyCase("plan.budget.0.volume", 10**30, "plan.budget[0].volume"),
    "volume-zero": BodyCase("plan.budget.0.volume", 0, "plan.budget[0].volume"),
    "volume-negative": BodyCase("plan.budget.0.volume", -3, "plan.budget[0].volume"),
    "volume-NaN": BodyCase("plan.budget.0.volume", "NaN", "plan.budget[0].volume"),
    "fiscal-year-1e20": BodyCase("fiscal_year", 10**20, "fiscal_year"),
    "fiscal-year-negative": BodyCase("fiscal_year", -1, "fiscal_year"),
    "title-bool": BodyCase("goals.title", {"x": 1}, "goals.title"),
    "photo-contoh-parent": BodyCase("execution.photos", [{"file": "contoh:../logo-contoh.png",
                                                          "caption": "x"}],
                                    "execution.photos[0].file"),
    "photo-contoh-absolute": BodyCase("execution.photos", [{"file": "contoh:/etc/passwd",
                                                            "caption": "x"}],
                                      "execution.photos[0].file"),
    "photo-contoh-encoded": BodyCase("execution.photos",
                                     [{"file": "contoh:..%2F..%2Fetc%2Fpasswd", "caption": "x"}],
                                     "execution.photos[0].file"),
    "photo-contoh-backslash": BodyCase("execution.photos",
                                       [{"file": "contoh:..\\contoh-foto-1.png",
                                         "caption": "x"}],
                                       "execution.photos[0].file"),
    "photo-server-path": BodyCase("execution.photos", [{"file": "/etc/passwd", "caption": "x"}],
                                  "execution.photos[0].file"),
    "photo-file-url": BodyCase("execution.photos",
                               [{"file": "file:///etc/passwd", "caption": "x"}],
                               "execution.photos[0].file"),
}


def _body(case: BodyCase) -> str:
    data = example_data()
    if case.raw is None:
        return json.dumps(_set(data, case.path, case.value))
    marker = "__RAW_LITERAL__"
    return json.dumps(_set(data, case.path, marker)).replace(f'"{marker}"', case.raw)


@pytest.mark.parametrize("name", sorted(BODY_CASES))
def test_api_create_refuses_and_stores_nothing(app, office, name):
    client, headers, study_id = office
    case = BODY_CASES[name]
    before = stored_counts(app)
    response = client.post(f"{API}/studies", data=_body(case), headers=headers,
                           content_type="application/json")
    assert response.status_code == 422, (response.status_code, message_of(response))
    paths = [problem["path"] for problem in response.get_json()["problems"]]
    assert case.named in paths, paths
    assert "Traceback" not in message_of(response)
    assert stored_counts(app) == before
    assert_still_serves(client, [study_id])


@pytest.mark.parametrize("name", ["amount-1e30", "amount-literal-NaN", "volume-zero",
                                  "photo-contoh-parent"])
def test_api_replace_refuses_and_changes_nothing(app, office, name):
    client, headers, study_id = office
    case = BODY_CASES[name]
    before = study_data(app, study_id)
    response = client.put(f"{API}/studies/{study_id}", data=_body(case), headers=headers,
                          content_type="application/json")
    assert response.status_code == 422, message_of(response)
    assert case.named in [p["path"] for p in response.get_json()["problems"]]
    assert study_data(app, study_id) == before
    assert_still_serves(client, [study_id])


PATCHES = {  # stage, patch (JSON text), the path the message must name
    "plan-price-1e309": ("plan", '{"budget": [{"description": "Tiket", "unit_price": 1e309}]}',
                         "plan.budget[0].unit_price"),
    "plan-volume-400-digits": ("plan", '{"budget": [{"description": "Tiket", "volume": %s}]}'
                               % ("9" * 400), "plan.budget[0].volume"),
    "plan-amount-NaN": ("plan", '{"budget": [{"description": "Tiket", "amount": NaN}]}',
                        "plan.budget[0].amount"),
    "plan-line-too-large": ("plan", '{"budget": [{"description": "Tiket", "volume": 999999, '
                                    '"unit_price": 999999999999}]}', "plan.budget[0]"),
    "plan-too-many-lines": ("plan", '{{"budget": [{}]}}'.format(", ".join(
        ['{"description": "Tiket", "amount": 999999999999}'] * 1001)), "plan.budget"),
    "goals-title-object": ("goals", '{"title": ["a"]}', "goals.title"),
}


@pytest.mark.parametrize("name", sorted(PATCHES))
def test_api_stage_patch_refuses_and_changes_nothing(app, office, name):
    client, headers, study_id = office
    stage, body, named = PATCHES[name]
    before = study_data(app, study_id)
    response = client.patch(f"{API}/studies/{study_id}/stages/{stage}", data=body,
                            headers=headers, content_type="application/json")
    assert response.status_code == 422, message_of(response)
    paths = [problem["path"] for problem in response.get_json()["problems"]]
    assert any(path == named or path.startswith(named) for path in paths), paths
    assert study_data(app, study_id) == before
    assert_still_serves(client, [study_id])


CONTROL_TEXTS = {  # what is sent → what is kept
    "vertical-tab": ("Studi\x0bbanding", "Studi\nbanding"),
    "form-feed": ("Studi\x0cbanding", "Studi\nbanding"),
    "nul": ("Studi\x00 banding", "Studi banding"),
    "escape": ("Studi \x1bbanding", "Studi banding"),
    "lone-surrogate": ("Studi \ud800banding", "Studi banding"),
    "noncharacter": ("Studi \uffffbanding", "Studi banding"),
}


@pytest.mark.parametrize("name", sorted(CONTROL_TEXTS))
def test_api_text_a_docx_cannot_hold_is_normalised(app, office, name):
    client, headers, _study_id = office
    sent, kept = CONTROL_TEXTS[name]
    data = example_data()
    data["goals"]["title"] = sent
    data["goals"]["background"] = f"Latar {sent}"
    body = json.dumps(data, ensure_ascii=True)  # "\ud800" travels as its escape
    response = client.post(f"{API}/studies", data=body, headers=headers,
                           content_type="application/json")
    if response.status_code == 422:
        assert "goals.title" in [p["path"] for p in response.get_json()["problems"]]
        return
    assert response.status_code == 201, message_of(response)
    created = response.get_json()
    assert created["study"]["goals"]["title"] == kept
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert_still_serves(client, [record_id])


RAW_REQUESTS = {  # method, path (with {study}), body, content type → expected statuses
    "json-10000-deep": ("post", "/studies", "[" * 10000 + "]" * 10000, "application/json",
                        {400}),
    "json-10000-deep-object": ("patch", "/studies/{study}/stages/goals",
                               '{"a":' * 10000 + "1" + "}" * 10000, "application/json", {400}),
    "json-array": ("post", "/studies", "[1, 2]", "application/json", {400}),
    "json-broken": ("post", "/studies", '{"goals": ', "application/json", {400}),
    "not-json": ("post", "/studies", "title=x", "application/x-www-form-urlencoded", {415}),
    "unknown-stage": ("patch", "/studies/{study}/stages/..%2F..%2Fadmin", "{}",
                      "application/json", {404}),
    **{f"huge-study-id-{n}": ("get", f"/studies/{big}", None, None, {404})
       for n, big in enumerate(HUGE_IDS)},
    "huge-id-put": ("put", f"/studies/{HUGE_IDS[0]}", "{}", "application/json", {404}),
    "huge-id-document": ("get", f"/studies/{HUGE_IDS[1]}/documents/spt.docx", None, None, {404}),
    "huge-item": ("get", f"/studies/{{study}}/documents/spd/{HUGE_IDS[0]}.docx", None, None,
                  {404}),
    "huge-record": ("get", f"/records/{HUGE_IDS[1]}", None, None, {404}),
    "huge-issue-item": ("post", f"/studies/{{study}}/documents/spd/{HUGE_IDS[2]}/issue", "{}",
                        "application/json", {404}),
}


@pytest.mark.parametrize("name", sorted(RAW_REQUESTS))
def test_api_requests_that_cannot_be_served_are_4xx(app, office, name):
    client, headers, study_id = office
    method, path, body, content_type, statuses = RAW_REQUESTS[name]
    before = (stored_counts(app), study_data(app, study_id))
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type=content_type)
    response = getattr(client, method)(API + path.format(study=study_id), **kwargs)
    assert response.status_code in statuses, (response.status_code, message_of(response))
    assert response.is_json and response.get_json()["error"]["message_en"]
    assert (stored_counts(app), study_data(app, study_id)) == before
    assert_still_serves(client, [study_id])


WEB_PATHS = [f"/studies/{HUGE_IDS[0]}", f"/studies/{HUGE_IDS[1]}/documents",
             f"/studies/{HUGE_IDS[2]}/stages/goals", f"/arsip/{HUGE_IDS[0]}",
             f"/arsip/{HUGE_IDS[1]}/docx", f"/studies/{{study}}/documents/spt/{HUGE_IDS[0]}.docx",
             "/arsip?page=" + "9" * 30, "/arsip?page=-1", "/arsip?page=abc"]


@pytest.mark.parametrize("path", WEB_PATHS)
def test_web_pages_that_cannot_exist_are_4xx(app, office, path):
    _client, _headers, study_id = office
    client = sign_in(app, app.test_client(), "archivist")
    response = client.get(path.format(study=study_id))
    assert response.status_code in ({200} if "page=" in path else {404}), response.status_code
    assert "Traceback" not in message_of(response)
    assert_still_serves(client, [study_id])


# ---------------------------------------------------------------------------
# The web forms


def _form_fields(client, path: str) -> dict[str, str]:
    """The named inputs of the stage form on `path` with their values, as a browser posts
    them (hidden and text inputs; the selected option of each select)."""
    page = client.get(path).get_data(as_text=True)
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or re.search(r'type="(file|submit|checkbox)"', tag):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page,
                                 re.S):
        fields[name] = body
    return {k: v for k, v in fields.items() if "ROW0ROW" not in k}


FORM_CASES = {  # stage, field, value → the field the page must mark
    "date-year-99999": ("plan", "plan.start_date", "99999-01-01"),
    "date-30-february": ("plan", "plan.end_date", "2026-02-30"),
    "date-text": ("plan", "plan.start_date", "besok pagi"),
    "time-25-99": ("plan", "plan.agenda[0].start_time", "25:99"),
    "nip-400-digits": ("plan", "plan.team[0].nip", "1" * 400),
    "unknown-choice": ("plan", "plan.team[0].role", "raja"),
}


@pytest.mark.parametrize("name", sorted(FORM_CASES))
def test_a_stage_form_refuses_beside_the_field(app, office, name):
    client, _headers, study_id = office
    stage, name_attr, value = FORM_CASES[name]
    path = f"/studies/{study_id}/stages/{stage}"
    fields = _form_fields(client, path)
    assert name_attr in fields, sorted(fields)[:20]
    fields[name_attr] = value
    before = study_data(app, study_id)
    response = client.post(path, data=fields)
    assert response.status_code == 422, response.status_code
    page = message_of(response)
    field_id = name_attr.replace("[", "-").replace("]", "").replace(".", "-")
    invalid = re.search(rf'<(input|select)[^>]*name="{re.escape(name_attr)}"[^>]*>', page)
    assert invalid and "is-invalid" in invalid.group(0), field_id
    assert study_data(app, study_id) == before
    assert_still_serves(client, [study_id])


@pytest.mark.parametrize("name", sorted(CONTROL_TEXTS))
def test_a_stage_form_normalises_text_a_docx_cannot_hold(app, office, name):
    client, _headers, study_id = office
    sent, kept = CONTROL_TEXTS[name]
    path = f"/studies/{study_id}/stages/goals"
    fields = _form_fields(client, path)
    fields["goals.title"] = sent
    # as a browser sends it: UTF-8, a lone surrogate as the three bytes it would have
    body = urllib.parse.urlencode(fields, encoding="utf-8", errors="surrogatepass")
    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    if response.status_code == 422:
        assert re.search(r'<[^>]*name="goals.title"[^>]*is-invalid|is-invalid[^>]*name="goals.title"',
                         message_of(response))
        return
    assert response.status_code == 302, response.status_code
    title = study_data(app, study_id)["goals"]["title"]
    if name == "lone-surrogate":  # the bytes of a lone surrogate are not UTF-8: replaced
        assert not re.search("[\ud800-\udfff]", title) and title.startswith("Studi ")
    else:
        assert title == kept
    assert_still_serves(client, [study_id])


@pytest.mark.parametrize(("sent", "kept"), [("Studi\x0bbanding", "Studi\nbanding"),
                                            ("Studi\x00banding", "Studibanding")],
                         ids=["vertical-tab", "nul"])
def test_a_new_study_title_with_control_characters(app, office, sent, kept):
    client, _headers, _study_id = office
    response = client.post("/studies/new", data={
        "goals.title": sent, "fiscal_year": "2026", "csrf_token": csrf_token(client, "/studies/new")})
    if response.status_code == 422:
        assert "goals.title" in message_of(response)
        return
    assert response.status_code == 302
    record_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    title = study_data(app, record_id)["goals"]["title"]
    assert title == kept
    assert_still_serves(client, [record_id], with_documents=False)


@pytest.mark.parametrize("year", ["1e309", "9" * 40, "NaN", "-1"])
def test_a_new_study_with_an_impossible_year(app, office, year):
    client, _headers, study_id = office
    before = stored_counts(app)
    response = client.post("/studies/new", data={
        "goals.title": "Studi", "fiscal_year": year,
        "csrf_token": csrf_token(client, "/studies/new")})
    assert response.status_code == 422
    assert re.search(r'name="fiscal_year"[^>]*is-invalid|is-invalid[^>]*name="fiscal_year"',
                     message_of(response))
    assert stored_counts(app) == before
    assert_still_serves(client, [study_id])


# ---------------------------------------------------------------------------
# Uploads: budget workbooks and images


def _workbook(rows: list[list[object]], title: str = "RAB") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["No", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"]
WORKBOOKS = {  # rows → the cell the message must name
    "text-amount-31-digits": ([HEADER, [1, "Tiket pesawat", 2, "orang", "9" * 31, None]],
                              "E2"),
    "numeric-amount-1e300": ([HEADER, [1, "Tiket pesawat", 2, "orang", 1e300, None]], "E2"),
    "text-NaN-price": ([HEADER, [1, "Uang harian", 3, "OH", "NaN", None]], "E2"),
    "volume-1e30": ([HEADER, [1, "Uang harian", 10**30, "OH", 530000, None]], "C2"),
    "text-1e309-total": ([HEADER, [1, "Penginapan", 2, "malam", 750000, "1e309"]], "F2"),
}


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_a_budget_workbook_with_impossible_numbers(app, office, name):
    client, _headers, study_id = office
    rows, cell = WORKBOOKS[name]
    before = (stored_counts(app)[0], study_data(app, study_id))
    token = csrf_token(client, f"/studies/{study_id}/budget")
    response = client.post(f"/studies/{study_id}/budget/check", data={
        "file": (io.BytesIO(_workbook(rows)), "rab.xlsx"), "csrf_token": token},
        content_type="multipart/form-data")
    assert response.status_code in (200, 422), response.status_code
    assert cell in message_of(response), cell
    assert (stored_counts(app)[0], study_data(app, study_id)) == before
    assert_still_serves(client, [study_id])


def _png(width: int, height: int, body: bytes | None = None) -> bytes:
    """A PNG header declaring `width` × `height`, then `body` (default: a valid 1-row IDAT
    is not attempted; junk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                           0, 0, 0))
    return head + (body if body is not None else chunk(b"IDAT", zlib.compress(b"\x00" * 64)))


IMAGES = {
    "png-signature-then-junk": b"\x89PNG\r\n\x1a\n" + b"junk" * 64,
    "png-bomb": _png(60000, 60000),
    "truncated-jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 40,
    "svg-named-png": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "html-named-png": b"<html><body onload=alert(1)></body></html>",
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_a_photo_that_is_not_an_image_is_refused(app, office, name):
    client, _headers, study_id = office
    path = f"/studies/{study_id}/stages/execution"
    fields = _form_fields(client, path)
    row = next(k.split(".file")[0] for k in fields if k.endswith(".file")
               and k.startswith("execution.photos[")) if any(
        k.endswith(".file") for k in fields) else "execution.photos[0]"
    data = {**fields, f"{row}.file": (io.BytesIO(IMAGES[name]), "foto.png")}
    before = (stored_counts(app), study_data(app, study_id))
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 422, response.status_code
    assert f'name="{row}.file"' in message_of(response)
    assert (stored_counts(app), study_data(app, study_id)) == before
    assert_still_serves(client, [study_id])


# ---------------------------------------------------------------------------
# The CLI


@dataclass
class CliCase:
    change: Callable[[dict], Any]
    named: str
    args: list[str] = field(default_factory=lambda: ["validate"])


CLI_CASES = {
    "validate-amount-1e30": CliCase(lambda d: _set(d, "plan.budget.0.unit_price", 10**30),
                                    "plan.budget[0].unit_price"),
    "validate-volume-NaN": CliCase(lambda d: _set(d, "plan.budget.0.volume", "NaN"),
                                   "plan.budget[0].volume"),
    "render-amount-400-digits": CliCase(lambda d: _set(d, "plan.budget.0.amount", "9" * 400),
                                        "plan.budget[0].amount", ["render", "--kind", "rab"]),
    "render-year-1e20": CliCase(lambda d: _set(d, "fiscal_year", 10**20), "fiscal_year",
                                ["render", "--kind", "spt"]),
}


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_the_cli_refuses_with_the_field_path(tmp_path, name):
    from click.testing import CliRunner

    from docgen.cli import main

    case = CLI_CASES[name]
    data = example_data()
    case.change(data)
    path = tmp_path / "studi.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    args = [case.args[0], str(path), *case.args[1:]]
    if case.args[0] == "render":
        args += ["--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args, env={"DOCGEN_LANG": "id"})
    assert result.exit_code == 1, result.output
    assert case.named in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_cli_names_the_cell_of_a_workbook(tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    path = tmp_path / "rab.xlsx"
    path.write_bytes(_workbook([HEADER, [1, "Tiket pesawat", 2, "orang", "9" * 31, None]]))
    result = CliRunner().invoke(main, ["budget", "check", str(path)], env={"DOCGEN_LANG": "id"})
    assert result.exit_code == 1, result.output
    assert "E2" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------------------
# Sessions, the office block, the CLI's second issue


def _copied_cookie_refused(app, cookie: str) -> bool:
    fresh = app.test_client()
    fresh.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = fresh.get("/")
    return response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("event", ["logout", "password-change", "deactivation"])
def test_an_old_session_cookie_is_refused(app, office, event):
    client, _headers, study_id = office
    victim = sign_in(app, app.test_client(), "signer")
    cookie = victim.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert not _copied_cookie_refused(app, cookie), "the copy works before the event"
    if event == "logout":
        victim.post("/logout", data={"csrf_token": csrf_token(victim, "/")})
    elif event == "password-change":
        response = victim.post("/akun/kata-sandi", data={
            "current_password": credential(app, "signer").password,
            "new_password": "kata-sandi-baru-123", "new_password_again": "kata-sandi-baru-123",
            "csrf_token": csrf_token(victim, "/akun/kata-sandi")})
        assert response.status_code == 302, message_of(response)
    else:
        admin = sign_in(app, app.test_client(), "admin")
        from docgen.store import User

        with _store(app).session() as session:
            user_id = session.scalar(select(User.id).where(
                User.email == credential(app, "signer").email))
        response = admin.post(f"/admin/users/{user_id}/active", data={
            "csrf_token": csrf_token(admin, "/admin/")})
        assert response.status_code in (302, 303), response.status_code
    assert _copied_cookie_refused(app, cookie)
    assert_still_serves(client, [study_id])


def test_the_office_block_never_comes_from_the_body(app, office):
    client, headers, _study_id = office
    data = example_data()
    data["office"]["name"] = "KANTOR PALSU"
    data["office"]["head"]["name"] = "Penipu"
    data["office"]["logo"] = "/etc/passwd"
    response = client.post(f"{API}/studies", json=data, headers=headers)
    assert response.status_code == 201, message_of(response)
    office_block = response.get_json()["study"]["office"]
    assert office_block["name"] != "KANTOR PALSU" and office_block["head"]["name"] != "Penipu"
    assert office_block["logo"] != "/etc/passwd"
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert_still_serves(client, [record_id])


# ---------------------------------------------------------------------------
# NUL and other control characters in query strings and plain forms (PostgreSQL refuses NUL
# in text: a filter or a login e-mail with one must not reach it)


NUL_QUERIES = ["/arsip?classification=000%00.1", "/arsip?q=%00%00", "/arsip?study=1%00",
               "/tindak-lanjut?owner=a%00b", "/publik?kantor=%00"]


@pytest.mark.parametrize("path", NUL_QUERIES)
def test_a_nul_in_a_query_string_is_not_a_server_error(app, office, path):
    _client, headers, study_id = office
    client = sign_in(app, app.test_client(), "archivist")
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    api = client.get(f"{API}/records?classification=000%00.1&page=1", headers=headers)
    assert api.status_code in (200, 422), api.status_code
    assert_still_serves(client, [study_id])


def test_a_nul_in_the_login_form_is_a_failed_sign_in(app):
    client = app.test_client()
    response = client.post("/login", data={"email": "staf@contoh.go.id\x00",
                                           "password": "salah\x00",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code in (200, 422), response.status_code
