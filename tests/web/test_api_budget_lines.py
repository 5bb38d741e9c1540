"""Budget lines through the JSON API (PUT /api/v1/studies/<id>/budget/lines): the lines of the
web page /studies/<id>/budget/lines as JSON, read and checked as a workbook is (the office's
own standard costs too), saved only without an error; every problem names its line and field
in Indonesian and English, and nothing is stored on an error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from docgen import idformat
from docgen.budget.typed import rows_of
from docgen.store import ApiToken, StudyRecord, User
from tests.helpers import docx_text, squash
from tests.web.pages import credential, save_office_caps, stored

API = "/api/v1"

GOOD = [
    {"component": "uang_harian", "description": "Uang harian luar kota Provinsi Jawa Timur "
     "(4 orang × 3 hari)", "volume": "4 org x 3 hari", "unit": "OH", "unit_price": "410.000"},
    {"component": "tiket", "description": "Tiket pesawat Yogyakarta – Surabaya pergi pulang",
     "volume": 4, "unit": "orang", "unit_price": 2100000},
    {"component": "penginapan", "description": "Penginapan Golongan III (3 orang × 2 malam)",
     "volume": "6", "unit": "OM", "unit_price": "814.000", "account_code": "5.1.02.04.01.0001",
     "note": "Hotel di Surabaya"},
]
GOOD_TOTAL = Decimal(12 * 410000 + 4 * 2100000 + 6 * 814000)


def _token(app, role: str, email: str | None = None) -> str:
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(
            User.email == (email or credential(app, role).email)))
        row, token = ApiToken.issue(user, "anggaran")
        session.add(row)
    return token


@pytest.fixture
def put(client, app):
    """``put(study_id, lines, role="staff")``: PUT the lines (or a whole `body`)."""
    tokens: dict[str, str] = {}

    def call(study_id: int, lines=None, *, role: str = "staff", body=None, query: str = "",
             **kwargs):
        if role not in tokens:
            tokens[role] = _token(app, role)
        if body is None and "data" not in kwargs:
            body = {"lines": lines}
        if body is not None:
            kwargs["json"] = body
        return client.put(f"{API}/studies/{study_id}/budget/lines{query}",
                          headers={"Authorization": f"Bearer {tokens[role]}"}, **kwargs)

    return call


def _refused(response, code: str) -> dict:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"]["code"] == code
    return body


def _by_path(body: dict) -> dict[str, dict]:
    return {p["path"]: p for p in body["problems"]}


def test_lines_saved_as_the_study_budget_and_used_by_the_rab(make_app, db_url):
    app = make_app({"DATABASE_URL": db_url})
    client = app.test_client()
    with app.extensions["docgen_store"].transaction() as session:
        study_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    token = _token(app, "staff")
    response = client.put(f"{API}/studies/{study_id}/budget/lines", json={"lines": GOOD},
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["saved"] is True and body["problems"] == []
    assert Decimal(body["total"]) == GOOD_TOTAL
    assert body["total_rupiah"] == idformat.rupiah(GOOD_TOTAL)
    assert body["terbilang"] == idformat.terbilang_rupiah(GOOD_TOTAL)
    assert body["study"]["id"] == study_id
    study = stored(app, study_id)
    assert [line.component for line in study.plan.budget] == ["uang_harian", "tiket",
                                                               "penginapan"]
    assert study.plan.budget[0].volume == 12 and study.plan.budget[0].unit == "OH"
    assert study.plan.budget[1].volume == 4 and study.plan.budget[1].unit_price == 2100000
    assert study.plan.budget[2].account_code == "5.1.02.04.01.0001"
    assert study.plan.budget_total == GOOD_TOTAL
    assert [line["description"] for line in body["lines"]] == [
        line.description for line in study.plan.budget]
    rab = client.get(f"{API}/studies/{study_id}/documents/rab/0.docx",
                     headers={"Authorization": f"Bearer {token}"})
    assert rab.status_code == 200
    assert "Tiket pesawat Yogyakarta – Surabaya pergi pulang" in squash(docx_text(rab.data))


def test_errors_name_line_and_field_in_both_languages_and_nothing_isstored(app, put,
                                                                             demo_id):
    before = stored(app, demo_id).plan.budget
    response = put(demo_id, [
        GOOD[0],
        {"component": "penginapan", "description": "Hotel", "volume": "abc", "unit": "OM",
         "unit_price": "814.000"},
        {"component": "uang_harian", "description": "Uang harian luar kota Jawa Timur",
         "volume": 3, "unit": "OH", "unit_price": "999.000"},
        {"component": "tiket", "description": "Tiket pesawat", "volume": 4, "unit": "orang",
         "unit_price": ""}])
    body = _refused(response, "api_budget_lines_refused")
    found = _by_path(body)
    volume = found["lines[1].volume"]
    assert (volume["code"], volume["severity"]) == ("budget_not_a_number", "error")
    assert volume["message_id"] == 'Baris 2, Volume: Volume "abc" bukan angka'
    assert volume["message_en"] == 'Line 2, Quantity: Volume "abc" is not a number'
    price = found["lines[2].unit_price"]
    assert price["message_id"].startswith("Baris 3, Harga satuan (Rp): harga satuan Rp999.000 "
                                          "melebihi batas Rp410.000 per OH")
    assert price["message_en"].startswith("Line 3, Unit price (Rp): ")
    assert found["lines[3].unit_price"]["message_id"] == \
        "Baris 4, Harga satuan (Rp): Harga Satuan (Rp) kosong"
    error = body["error"]
    assert error["message_id"].startswith("Rincian anggaran tidak disimpan (3 galat; yang "
                                          'pertama: Baris 2, Volume: Volume "abc" bukan angka)')
    assert error["message_en"].startswith("The budget lines were not saved (3 error(s); the "
                                          "first: Line 2, Quantity: ")
    assert stored(app, demo_id).plan.budget == before


@pytest.mark.parametrize(("body", "path", "code", "message_id", "message_en"), [
    ({"lines": "satu"}, "lines", "list_type", "harus berupa daftar", "must be a list"),
    ({}, "lines", "missing", "wajib diisi", "is required"),
    ({"lines": [], "total": 5}, "total", "extra_forbidden", "kolom ini tidak dikenal",
     "is not a known field"),
    ({"lines": [GOOD[0], "baris"]}, "lines[1]", "dict_type", "Baris 2: harus berupa objek",
     "Line 2: must be an object"),
    ({"lines": [{**GOOD[0], "volume": True}]}, "lines[0].volume", "string_type",
     "Baris 1, Volume: harus berupa teks", "Line 1, Quantity: must be text"),
    ({"lines": [{**GOOD[0], "unit": 5}]}, "lines[0].unit", "string_type",
     "Baris 1, Satuan: harus berupa teks", "Line 1, Unit: must be text"),
    ({"lines": [{**GOOD[0], "harga": "5"}]}, "lines[0].harga", "extra_forbidden",
     "Baris 1: kolom ini tidak dikenal", "Line 1: is not a known field"),
    ({"lines": [{**GOOD[0], "note": "x" * 2001}]}, "lines[0].note", "string_too_long",
     "Baris 1, Keterangan: terlalu panjang (maksimal 2000 karakter)",
     "Line 1, Note: is too long (at most 2000 characters)"),
    ({"lines": [GOOD[0]] * 1001}, "lines", "budget_too_many_lines",
     "1001 baris anggaran; paling banyak 1000", "1001 budget lines; at most 1000"),
])
def test_a_body_of_the_wrong_shape_is_refused_with_its_path(app, put, demo_id, body, path,
                                                             code, message_id, message_en):
    before = stored(app, demo_id).plan.budget
    refused = _refused(put(demo_id, body=body), "api_invalid")
    problem = _by_path(refused)[path]
    assert (problem["code"], problem["message_id"], problem["message_en"]) == (
        code, message_id, message_en)
    assert refused["error"]["message_id"].startswith("Data tidak sah")
    assert refused["error"]["message_en"].startswith("The data is not valid")
    assert stored(app, demo_id).plan.budget == before


def test_a_number_that_is_not_finite_is_refused(app, put, demo_id):
    raw = '{"lines": [{"description": "Tiket", "volume": NaN, "unit_price": "1"}]}'
    refused = _refused(put(demo_id, data=raw, content_type="application/json"), "api_invalid")
    problem = _by_path(refused)["lines[0].volume"]
    assert problem["message_id"] == "Baris 1, Volume: harus berupa angka yang terhingga"
    assert problem["message_en"] == "Line 1, Quantity: must be a finite number"


def test_an_empty_list_is_refused(app, put, demo_id):
    before = stored(app, demo_id).plan.budget
    refused = _refused(put(demo_id, [{"component": "uang_harian", "description": " "}]),
                       "api_budget_lines_refused")
    (problem,) = refused["problems"]
    assert problem["path"] == "lines" and problem["code"] == "budget_typed_empty"
    assert problem["message_id"].startswith("belum ada baris anggaran")
    assert problem["message_en"].startswith("no budget lines yet")
    assert stored(app, demo_id).plan.budget == before


def test_dry_run_checks_without_saving_and_warnings_name_the_lines(app, put, demo_id):
    before = stored(app, demo_id).plan.budget
    lines = [GOOD[0], GOOD[1], {**GOOD[0], "volume": 12}]
    response = put(demo_id, lines, query="?dry_run=1")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["saved"] is False and body["study"] is None
    assert Decimal(body["total"]) == 2 * 12 * 410000 + 4 * 2100000
    (warning,) = [p for p in body["problems"] if p["path"] == "lines[2].description"]
    assert warning["severity"] == "warning"
    assert warning["message_id"].startswith("Baris 3, Uraian: ")
    assert "sama persis dengan baris 1" in warning["message_id"]
    assert warning["message_en"].startswith("Line 3, Description: ")
    assert stored(app, demo_id).plan.budget == before
    assert put(demo_id, lines).get_json()["saved"] is True  # a warning does not stop saving
    assert len(stored(app, demo_id).plan.budget) == 3


def test_numbers_as_json_and_the_traveller_and_amount_spent_kept(app, put, demo_id):
    response = put(demo_id, [{"component": "penginapan", "description": "Hotel", "volume": 1.5,
                              "unit": "OM", "unit_price": 800000, "traveller": "Sri Lestari",
                              "realized": 1186000.5}])
    assert response.status_code == 200, response.get_data(as_text=True)
    (line,) = stored(app, demo_id).plan.budget
    assert line.volume == Decimal("1.5") and line.unit_price == 800000
    assert line.traveller == "Sri Lestari" and line.realized == Decimal("1186000.5")
    assert Decimal(response.get_json()["total"]) == 1200000


def test_the_offices_own_caps_check_the_lines(app, put, demo_id):
    lines = rows_of(stored(app, demo_id).plan.budget)
    assert put(demo_id, lines, query="?dry_run=1").status_code == 200
    save_office_caps(app, demo_id)
    refused = _refused(put(demo_id, lines), "api_budget_lines_refused")
    (problem,) = [p for p in refused["problems"] if p["code"] == "budget_above_cap"]
    index = next(i for i, line in enumerate(lines) if line["component"] == "penginapan")
    assert problem["path"] == f"lines[{index}].unit_price"
    assert problem["message_id"].startswith(f"Baris {index + 1}, Harga satuan (Rp): ")
    assert "Perbup Sleman 50/2025; ssh-sleman.xlsx Hotel!D17" in problem["message_en"]


def test_readers_other_offices_and_bodies_not_json(app, put, client, demo_id, other_office):
    before = stored(app, demo_id).plan.budget
    forbidden = put(demo_id, GOOD, role="signer")
    assert forbidden.status_code == 403
    assert forbidden.get_json()["error"]["message_id"] == \
        "Peran signer tidak mengizinkan tindakan ini"
    assert forbidden.get_json()["error"]["message_en"].startswith("The role signer")
    _office, other_study, _email = other_office
    assert put(other_study, GOOD).status_code == 404
    not_json = put(demo_id, data="lines=1", content_type="text/plain")
    assert not_json.status_code == 415
    assert not_json.get_json()["error"]["code"] == "api_json_expected"
    assert put(demo_id, body=["baris"]).get_json()["error"]["code"] == "api_json_object"
    assert client.put(f"{API}/studies/{demo_id}/budget/lines",
                      json={"lines": GOOD}).status_code == 401
    assert stored(app, demo_id).plan.budget == before


def test_described_in_the_openapi_document(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    operation = spec["paths"]["/studies/{study_id}/budget/lines"]["put"]
    assert operation["operationId"] == "put_budget_lines"
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["lines"]
    assert set(schema["properties"]["lines"]["items"]["properties"]) == {
        "component", "description", "volume", "unit", "unit_price", "account_code", "note",
        "traveller", "realized"}
    assert {"200", "400", "401", "403", "404", "415", "422"} <= set(operation["responses"])
    assert "BudgetLinesResult" in spec["components"]["schemas"]
