"""The archive in the JSON API: issuing (once, then corrections), refusals with their paths,
the register searched, a record whole, its files hash-checked and scoped to the office and
the access class, and the signed copy filed or refused (nothing stored)."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from sqlalchemy import func, select

from docgen import archive, qr
from docgen.pdf import soffice
from docgen.store import ArchiveEvent, ArchiveFile, ArchiveRecord
from docgen.store.demo import DEMO_OFFICE
from tests.helpers import docx_text
from tests.web.archive_api import *  # noqa: F403 (the fixtures: api, tokens, study_id, ...)
from tests.web.archive_api import _error, _file_signed, _issue, _store, _token, scan_of
from tests.web.pages import draft_study

API = "/api/v1"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _count(app, study_id: int) -> int:
    with _store(app).session() as session:
        return session.scalar(select(func.count()).select_from(ArchiveRecord)
                              .where(ArchiveRecord.study_id == study_id))


def _files(app, record_id: int) -> list[tuple[str, str]]:
    with _store(app).session() as session:
        return [(f.role, f.filename) for f in session.scalars(
            select(ArchiveFile).where(ArchiveFile.record_id == record_id))]


def _events(app, record_id: int) -> list[tuple[str, str, str]]:
    with _store(app).session() as session:
        return [(e.event, e.outcome, e.actor_name) for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == record_id)
            .order_by(ArchiveEvent.id))]


# --- issuing --------------------------------------------------------------------------------


def test_issue_then_fetch_the_docx_with_its_number(app, api, study_id):
    response = api("POST", f"/studies/{study_id}/documents/spt/issue", role="signer",
                   json={"classification": "000.1.2.3", "access": "biasa",
                         "issued": "2026-11-29"})
    assert response.status_code == 201, response.get_data(as_text=True)
    record = response.get_json()
    assert response.headers["Location"] == f"{API}/records/{record['id']}"
    assert re.fullmatch(r"000\.1\.2\.3/\d+/Bappeda/2026", record["number"])
    assert (record["issued"], record["kind"], record["item"], record["version"]) == (
        "2026-11-29", "spt", None, 1)
    assert record["study"] == {"id": study_id, "ref": "sb-uji-api-arsip"}
    assert record["created_by"].startswith("Hendra Penandatangan (demo)")
    assert record["retention"]["disposition"] and record["retention"]["source"]
    assert record["public_url"].startswith(qr.public_base() + "/v/")
    assert record["files_open"] is True and record["files"] == []
    assert record["signed_copy"] is None and record["corrected_by"] is None
    assert [e["event"] for e in record["events"]] == ["approved", "created"]

    docx = api("GET", record["file"]["url"])
    assert docx.status_code == 200 and docx.mimetype == DOCX_MIME
    assert hashlib.sha256(docx.data).hexdigest() == record["file"]["sha256"]
    assert record["number"] in docx_text(docx.data)
    read = api("GET", record["url"]).get_json()
    assert read["events"][-1]["event"] == "downloaded"
    assert read["events"][-1]["actor"].startswith("Rina Staf (demo)")


def test_a_document_is_issued_once_then_corrected(app, api, study_id):
    first = _issue(api, study_id, "spd/1", issued="2026-11-29")
    assert first["item"] == 1
    again = _error(api("POST", f"/studies/{study_id}/documents/spd/1/issue"), 409,
                   "api_already_issued")
    assert again["record"]["id"] == first["id"]
    assert first["number"] in again["error"]["message_en"]
    assert f'"corrects": {first["id"]}' in again["error"]["message_en"]
    assert _count(app, study_id) == 1, "no second number was taken"

    second = _issue(api, study_id, "spd/1", corrects=first["id"], issued="2026-12-01")
    assert (second["version"], second["corrects"], second["kind"], second["item"]) == (
        2, first["id"], "spd", 1)
    assert second["number"] != first["number"]
    assert api("GET", first["url"]).get_json()["corrected_by"] == second["id"]

    stale = _error(api("POST", f"/studies/{study_id}/documents/spd/1/issue",
                       json={"corrects": first["id"]}), 409, "api_already_corrected")
    assert stale["record"]["id"] == second["id"]
    latest = _error(api("POST", f"/studies/{study_id}/documents/spd/1/issue"), 409,
                    "api_already_issued")
    assert latest["record"]["id"] == second["id"], "names the latest version"
    other = _error(api("POST", f"/studies/{study_id}/documents/spd/2/issue",
                       json={"corrects": second["id"]}), 422, "api_invalid")
    assert [(p["path"], p["code"]) for p in other["problems"]] == [
        ("corrects", "api_corrects_other")]
    assert _count(app, study_id) == 2


def test_bad_choices_are_422_with_their_paths(app, api, study_id):
    body = _error(api("POST", f"/studies/{study_id}/documents/spt/issue",
                      json={"classification": "abc", "access": "umum",
                            "issued": "29-11-2026", "corrects": "x", "nomor": 1}),
                  422, "api_invalid")
    assert [(p["path"], p["code"]) for p in body["problems"]] == [
        ("nomor", "extra_forbidden"), ("classification", "classification_invalid"),
        ("access", "access_unknown"), ("issued", "date_parsing"), ("corrects", "int_type")]
    unknown = _error(api("POST", f"/studies/{study_id}/documents/spt/issue",
                         json={"corrects": 99999}), 422, "api_invalid")
    assert unknown["problems"][0]["path"] == "corrects"
    _error(api("POST", f"/studies/{study_id}/documents/spt/issue", data="access=biasa"),
           415, "api_json_expected")
    choose = _error(api("POST", f"/studies/{study_id}/documents/spd/issue"), 400,
                    "api_choose_issue_item")
    assert "spd/0/issue" in choose["error"]["message_en"]
    _error(api("POST", f"/studies/{study_id}/documents/spd/9/issue"), 404, "api_not_found")
    _error(api("POST", f"/studies/{study_id}/documents/spt/1/issue"), 404, "api_not_found")
    _error(api("POST", f"/studies/{study_id}/documents/nope/issue"), 404, "api_not_found")
    assert _count(app, study_id) == 0


def test_an_incomplete_study_is_422_naming_the_fields(app, api):
    draft_id = draft_study(app, DEMO_OFFICE)
    body = _error(api("POST", f"/studies/{draft_id}/documents/coordination_letter/0/issue"),
                  422, "finalize_incomplete")
    assert "Surat Permohonan Kunjungan belum dapat diterbitkan" in body["error"]["message_id"]
    paths = {p["path"] for p in body["problems"]}
    assert {"plan.start_date", "destination.destinations[0].addressee"} <= paths
    assert _count(app, draft_id) == 0


# --- offices and access classes -----------------------------------------------------------


def test_another_offices_records_and_studies_are_404(app, api, study_id, other_office):
    _office_id, other_study, email = other_office
    foreign = _token(app, email)
    record = _issue(api, study_id)
    with _store(app).session() as session:
        file_id = session.scalar(select(func.max(ArchiveFile.id))) or 1
    for method, path, kwargs in (
            ("GET", f"/records/{record['id']}", {}),
            ("GET", f"/records/{record['id']}/docx", {}),
            ("GET", f"/records/{record['id']}/files/{file_id}", {}),
            ("POST", f"/records/{record['id']}/signed-copy",
             {"data": {"file": (io.BytesIO(b"%PDF-1.4"), "x.pdf")}}),
            ("POST", f"/studies/{study_id}/documents/spt/issue", {}),
            ("GET", "/records/99999", {})):
        body = _error(api(method, path, token=foreign, **kwargs), 404, "api_not_found")
        assert record["number"] not in str(body)
    listed = api("GET", "/records", token=foreign).get_json()
    assert listed == {"records": [], "total": 0, "page": 1, "per_page": 50}
    _error(api("POST", f"/studies/{other_study}/documents/spt/issue"), 404, "api_not_found")
    foreign_study = _error(api("POST", f"/studies/{other_study}/documents/spt/issue",
                               token=foreign, json={"corrects": record["id"]}), 422,
                           "api_invalid")
    assert [(p["path"], p["code"]) for p in foreign_study["problems"]] == [
        ("corrects", "record_unknown")], "another office's record cannot be corrected"
    assert sorted(e[0] for e in _events(app, record["id"])) == ["approved", "created"], \
        "nothing was logged"


def test_restricted_files_open_for_some_roles_and_the_issuer(app, api, study_id):
    secret = _issue(api, study_id, access="rahasia")
    scan = scan_of(secret["public_url"])
    filed = _file_signed(api, secret["id"], scan, role="archivist")
    assert filed.status_code == 201, filed.get_data(as_text=True)
    file_id = filed.get_json()["id"]

    seen = api("GET", secret["url"], role="staff")
    assert seen.status_code == 200, "every role of the office sees the entry"
    entry = seen.get_json()
    assert entry["files_open"] is False and entry["file"]["url"] is None
    assert entry["files"][0]["url"] is None and entry["signed_copy"]["url"] is None
    assert entry["file"]["sha256"] == secret["file"]["sha256"]
    for path in (f"/records/{secret['id']}/docx", f"/records/{secret['id']}/files/{file_id}"):
        body = _error(api("GET", path, role="staff"), 403, "api_files_restricted")
        assert "rahasia" in body["error"]["message_en"]
    _error(_file_signed(api, secret["id"], scan, role="staff"), 403, "api_files_restricted")
    _error(api("POST", f"/studies/{study_id}/documents/spt/issue", role="staff",
               json={"corrects": secret["id"]}), 403, "api_files_restricted")
    for role in ("signer", "archivist", "admin"):
        assert api("GET", f"/records/{secret['id']}/docx", role=role).status_code == 200, role
        assert api("GET", secret["url"], role=role).get_json()["files_open"] is True

    first = _issue(api, study_id, "coordination_letter/0")
    body = _error(api("POST", f"/studies/{study_id}/documents/coordination_letter/0/issue",
                      role="staff", json={"corrects": first["id"], "access": "terbatas"}),
                  403, "review_required")
    assert "submitted and initialled" in body["error"]["message_en"], \
        "a correction is the signer's approval too: staff submit it, they do not issue it"
    own = _issue(api, study_id, "coordination_letter/0", access="terbatas",
                 corrects=first["id"])
    assert own["files_open"] is True and own["access"] == "terbatas"
    assert own["corrects"] == first["id"]
    assert api("GET", own["file"]["url"], role="signer").status_code == 200, "its issuer"
    events = [e[0] for e in _events(app, own["id"])]
    assert "approved" in events and "created" in events, "issued as the signer's approval"


# --- the register -------------------------------------------------------------------------


def test_the_register_is_searched_and_paged(app, api, study_id):
    spt = _issue(api, study_id, issued="2026-11-02")
    letter = _issue(api, study_id, "coordination_letter/0", issued="2026-11-20",
                    access="terbatas")
    rab = _issue(api, study_id, "rab", issued="2026-12-01")
    assert rab["number"] == "", "the RAB has no number"

    def ids(query: str = "") -> list[int]:
        response = api("GET", f"/records?study={study_id}&{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return [r["id"] for r in response.get_json()["records"]]

    assert ids() == [rab["id"], letter["id"], spt["id"]], "newest first"
    assert ids("order=oldest") == [spt["id"], letter["id"], rab["id"]]
    assert ids("kind=spt") == [spt["id"]]
    assert ids("from=2026-11-10&to=2026-11-30") == [letter["id"]]
    assert ids("access=terbatas") == [letter["id"]]
    assert ids(f"number={spt['number']}") == [spt["id"]]
    assert ids("classification=900") == [rab["id"]]
    words = " ".join(letter["addressee"].split()[:2])
    assert letter["id"] in ids(f"q={words}")
    page = api("GET", f"/records?study={study_id}&per_page=2&page=2").get_json()
    assert (page["total"], page["page"], page["per_page"]) == (3, 2, 2)
    assert [r["id"] for r in page["records"]] == [spt["id"]]
    summary = page["records"][0]
    assert summary["url"] == spt["url"] and summary["number"] == spt["number"]
    assert "events" not in summary
    everything = api("GET", "/records?per_page=200").get_json()
    assert everything["total"] >= 3, "the demo's own entries too"

    bad = _error(api("GET", "/records?from=2026-13-01&to=kemarin&per_page=500"), 422,
                 "api_query_invalid")
    assert [(p["path"], p["code"]) for p in bad["problems"]] == [
        ("from", "date_parsing"), ("to", "date_parsing"), ("per_page", "less_than_equal")]
    assert "from, to, per_page" in bad["error"]["message_en"]
    assert [p["path"] for p in _error(api("GET", "/records?kind=x&access=umum&page=0"), 422,
                                      "api_query_invalid")["problems"]] == [
        "kind", "access", "page"]


# --- files ----------------------------------------------------------------------------------


def test_the_signed_copy_is_refused_or_filed(app, api, study_id):
    record = _issue(api, study_id)
    other = _issue(api, study_id, "coordination_letter/0")

    refused = _error(_file_signed(api, record["id"], scan_of(other["public_url"])), 422,
                     "signed_qr_other")
    assert "menunjuk naskah lain" in refused["error"]["message_id"]
    assert "points at another document" in refused["error"]["message_en"]
    assert _files(app, record["id"]) == [], "nothing stored"
    assert ("signed_copy_refused", "refused") in [e[:2] for e in _events(app, record["id"])]
    _error(_file_signed(api, record["id"], b"GIF89a...", "x.gif"), 422, "signed_type")
    _error(api("POST", f"/records/{record['id']}/signed-copy", data={},
               content_type="multipart/form-data"), 400, "api_signed_file")
    assert _files(app, record["id"]) == []

    scan = scan_of(record["public_url"])
    filed = _file_signed(api, record["id"], scan, role="signer")
    assert filed.status_code == 201, filed.get_data(as_text=True)
    kept = filed.get_json()
    assert (kept["role"], kept["filename"], kept["mime"], kept["note"]) == (
        "signed_copy", "scan-ttd.png", "image/png", "dari portal TTE")
    assert kept["sha256"] == hashlib.sha256(scan).hexdigest()
    assert kept["created_by"].startswith("Hendra Penandatangan (demo)")
    assert filed.headers["Location"] == kept["url"]
    entry = api("GET", record["url"]).get_json()
    assert entry["files"] == [kept] and entry["signed_copy"] == kept
    assert "signed_copy_filed" in [e["event"] for e in entry["events"]]
    download = api("GET", kept["url"])
    assert download.status_code == 200 and download.data == scan
    assert download.mimetype == "image/png"
    _error(api("GET", f"/records/{other['id']}/files/{kept['id']}"), 404, "api_not_found")


def test_a_damaged_or_missing_file_is_409_never_its_bytes(app, api, study_id):
    record = _issue(api, study_id)
    kept = _file_signed(api, record["id"], scan_of(record["public_url"])).get_json()
    storage = archive.default_storage(app.config["DOCGEN_HOME"])
    with _store(app).session() as session:
        docx_key = session.get(ArchiveRecord, record["id"]).storage_key
        scan_key = session.get(ArchiveFile, kept["id"]).storage_key
    path = storage.path(docx_key)
    path.write_bytes(path.read_bytes() + b"x")
    damaged = api("GET", record["file"]["url"])
    body = _error(damaged, 409, "api_file_damaged")
    assert not damaged.data.startswith(b"PK")
    assert body["record"] == {"id": record["id"], "number": record["number"],
                              "url": record["url"]}
    assert f"record {record['id']}" in body["error"]["message_en"]
    assert record["number"] in body["error"]["message_id"]
    scan = storage.path(scan_key)
    scan.write_bytes(b"\x89PNG tampered")
    _error(api("GET", kept["url"]), 409, "api_file_damaged")
    assert "downloaded" not in [e[0] for e in _events(app, record["id"])]
    path.unlink()
    _error(api("GET", record["file"]["url"]), 409, "api_file_missing")


# --- the description ------------------------------------------------------------------------


def test_the_archive_is_described(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    paths = spec["paths"]
    for path, method in (("/studies/{study_id}/documents/{kind_id}/issue", "post"),
                         ("/studies/{study_id}/documents/{kind_id}/{item}/issue", "post"),
                         ("/records", "get"), ("/records/{record_id}", "get"),
                         ("/records/{record_id}/docx", "get"),
                         ("/records/{record_id}/files/{file_id}", "get"),
                         ("/records/{record_id}/signed-copy", "post")):
        assert method in paths[path], path
        assert "404" in paths[path][method]["responses"] or path == "/records"
    issue = paths["/studies/{study_id}/documents/{kind_id}/issue"]["post"]
    assert issue["requestBody"]["required"] is False
    assert issue["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Record"}
    schemas = spec["components"]["schemas"]
    assert {"Record", "RecordList", "ArchiveFile", "Event", "IssueRequest"} <= set(schemas)
    assert schemas["IssueRequest"]["properties"]["access"]["enum"] == [
        "biasa", "terbatas", "rahasia"]
    query = {p["name"] for p in paths["/records"]["get"]["parameters"]}
    assert {"number", "from", "to", "kind", "classification", "study", "q", "access", "page",
            "per_page"} <= query


needs_pdf = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.mark.pdf
@needs_pdf
def test_issued_with_its_pdfa_when_libreoffice_is_there(app, api, study_id):
    app.config["ARCHIVE_PDF"] = True
    issued = api("POST", f"/studies/{study_id}/documents/spt/issue?wait=120", role="signer")
    assert issued.status_code == 201, issued.get_data(as_text=True)
    record = issued.get_json()  # ?wait=N: answered once the PDF/A made in the background is kept
    assert record["pdf"]["state"] == "made" and record["pdf"]["message_id"] == \
        "PDF/A tersimpan bersama arsip ini"
    assert [f["role"] for f in record["files"]] == ["pdf"]
    assert record["pdf"]["file"] == record["files"][0]["id"]
    pdf = api("GET", record["files"][0]["url"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
