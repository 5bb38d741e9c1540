"""A signed copy marked as a wrong upload (salah unggah) through the JSON API: the files of a
record show a marked copy as withdrawn (who, when, why) and it stops being the record's
signed copy; POST /records/<id>/files/<file>/withdraw marks one with its reason, with the
web page's roles; every refusal is in Indonesian and English and changes nothing."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import pytest
from sqlalchemy import func, select

from docgen.store import ArchiveEvent, ArchiveFile, SignedCopyWithdrawal, User
from tests.web.archive_api import *  # noqa: F403 (the fixtures: api, tokens, study_id, ...)
from tests.web.archive_api import _error, _file_signed, _issue, _token, scan_of
from tests.web.pages import credential, fresh_demo_study

REASON = "pindaian surat lain, bukan SPT ini"


def _withdraw(api, record_id: int, file_id: int, role: str = "archivist", **kwargs):
    if "data" not in kwargs and "json" not in kwargs:
        kwargs["json"] = {"reason": REASON}
    return api("POST", f"/records/{record_id}/files/{file_id}/withdraw", role=role, **kwargs)


def _marks(app) -> int:
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(func.count()).select_from(SignedCopyWithdrawal))


def _withdrawn_events(app, record_id: int) -> list[str]:
    with app.extensions["docgen_store"].session() as session:
        return list(session.scalars(select(ArchiveEvent.detail).where(
            ArchiveEvent.record_id == record_id, ArchiveEvent.event == "signed_copy_withdrawn")))


@pytest.fixture
def filed(api, study_id):
    """An issued SPT with a scan filed as its signed copy: (record, file) as the API says."""
    record = _issue(api, study_id)
    response = _file_signed(api, record["id"], scan_of(record["public_url"]), "salah.png")
    assert response.status_code == 201, response.get_data(as_text=True)
    return record, response.get_json()


def _name(app, role: str) -> str:
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(User.name).where(User.email == credential(app, role).email))


def test_a_wrong_upload_is_marked_shown_as_withdrawn_and_kept(app, api, filed):
    record, kept = filed
    assert kept["withdrawn"] is None
    assert api("GET", record["url"]).get_json()["signed_copy"] == kept
    marked = _withdraw(api, record["id"], kept["id"])
    assert marked.status_code == 200, marked.get_data(as_text=True)
    body = marked.get_json()
    assert body["id"] == kept["id"] and body["filename"] == "salah.png"
    withdrawn = body["withdrawn"]
    assert withdrawn["reason"] == REASON
    assert withdrawn["by"].startswith(_name(app, "archivist"))
    assert datetime.fromisoformat(withdrawn["at"]).tzinfo is not None
    entry = api("GET", record["url"], role="staff").get_json()
    assert entry["files"] == [body], "kept in the files, shown as withdrawn"
    assert entry["signed_copy"] is None, "the record waits for a signed copy again"
    assert "signed_copy_withdrawn" in [e["event"] for e in entry["events"]]
    assert [f"salah.png sha256:{kept['sha256']}; salah unggah: {REASON}"] == \
        _withdrawn_events(app, record["id"])
    download = api("GET", body["url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == kept["sha256"]
    # the right copy filed afterwards stands; the marked one stays marked
    again = _file_signed(api, record["id"], scan_of(record["public_url"]) + b"\0", "ttd.png")
    assert again.status_code == 201, again.get_data(as_text=True)
    entry = api("GET", record["url"]).get_json()
    assert entry["signed_copy"]["filename"] == "ttd.png"
    assert [f["withdrawn"] is not None for f in entry["files"]] == [True, False]


def test_marked_on_postgresql_too(make_app, db_url):
    """The mark, its reason and the answer on each database (its time from the server)."""
    app = make_app({"DATABASE_URL": db_url, "ARCHIVE_PDF": False})
    client = app.test_client()
    headers = {role: {"Authorization": f"Bearer {_token(app, credential(app, role).email)}"}
               for role in ("signer", "archivist")}
    study = fresh_demo_study(app, "sb-uji-salah-unggah")
    issued = client.post(f"/api/v1/studies/{study}/documents/spt/issue",
                         headers=headers["signer"])
    assert issued.status_code == 201, issued.get_data(as_text=True)
    record = issued.get_json()
    scan = scan_of(record["public_url"])
    kept = client.post(f"/api/v1/records/{record['id']}/signed-copy", headers=headers["signer"],
                       data={"file": (io.BytesIO(scan), "salah.png")},
                       content_type="multipart/form-data").get_json()
    path = f"/api/v1/records/{record['id']}/files/{kept['id']}/withdraw"
    blank = client.post(path, headers=headers["archivist"], json={"reason": "  "})
    assert blank.status_code == 422
    marked = client.post(path, headers=headers["archivist"], json={"reason": REASON})
    assert marked.status_code == 200, marked.get_data(as_text=True)
    assert marked.get_json()["withdrawn"]["reason"] == REASON
    assert marked.get_json()["withdrawn"]["at"]
    twice = client.post(path, headers=headers["archivist"], json={"reason": "lagi"})
    assert twice.status_code == 409
    assert _marks(app) == 1


@pytest.mark.parametrize(("body", "path", "code", "message_id", "message_en"), [
    ({"reason": "   "}, "reason", "withdraw_reason_missing",
     "tuliskan alasan salah unggah; tidak ada yang diubah",
     "give the reason why it was a wrong upload; nothing was changed"),
    ({}, "reason", "missing", "wajib diisi", "is required"),
    ({"reason": 5}, "reason", "string_type", "harus berupa teks", "must be text"),
    ({"reason": "x" * 1001}, "reason", "string_too_long",
     "terlalu panjang (maksimal 1000 karakter)", "is too long (at most 1000 characters)"),
    ({"reason": REASON, "by": "x"}, "by", "extra_forbidden", "kolom ini tidak dikenal",
     "is not a known field"),
])
def test_a_reason_missing_or_of_another_shape_is_422_and_changes_nothing(
        app, api, filed, body, path, code, message_id, message_en):
    record, kept = filed
    refused = _withdraw(api, record["id"], kept["id"], json=body)
    error = _error(refused, 422, "withdraw_reason_missing" if code.startswith("withdraw")
                   else "api_invalid")
    (problem,) = error["problems"]
    assert (problem["path"], problem["code"], problem["message_id"], problem["message_en"]) == (
        path, code, message_id, message_en)
    assert _marks(app) == 0 and _withdrawn_events(app, record["id"]) == []
    assert api("GET", record["url"]).get_json()["signed_copy"] == kept


def test_marked_twice_or_not_a_signed_copy_is_409(app, api, filed):
    record, kept = filed
    assert _withdraw(api, record["id"], kept["id"]).status_code == 200
    twice = _error(_withdraw(api, record["id"], kept["id"], json={"reason": "lagi"}), 409,
                   "withdraw_already")
    assert twice["error"]["message_id"] == "Salah.png sudah ditandai salah unggah"
    assert twice["error"]["message_en"] == "Salah.png is already marked as a wrong upload"
    with app.extensions["docgen_store"].transaction() as session:  # a PDF/A kept with it
        pdf = ArchiveFile(record_id=record["id"], role="pdf", filename="spt.pdf",
                          mime="application/pdf", storage_key="uji/spt-pdfa", size=8,
                          sha256="0" * 64, created_by_name="sistem")
        session.add(pdf)
        session.flush()
        pdf_id = pdf.id
    not_copy = _error(_withdraw(api, record["id"], pdf_id), 409, "withdraw_not_signed_copy")
    assert not_copy["error"]["message_id"].startswith("Hanya salinan bertanda tangan")
    assert not_copy["error"]["message_en"].startswith("Only a signed copy")
    assert _marks(app) == 1 and len(_withdrawn_events(app, record["id"])) == 1


def test_not_found_restricted_or_not_json(app, api, tokens, filed, study_id):
    record, kept = filed
    _error(_withdraw(api, record["id"], 999_999), 404, "api_not_found")
    _error(_withdraw(api, 999_999, kept["id"]), 404, "api_not_found")
    other = _issue(api, study_id, "coordination_letter/0")
    _error(_withdraw(api, other["id"], kept["id"]), 404, "api_not_found")  # another record's
    with app.extensions["docgen_store"].transaction() as session:
        from docgen.store import Office

        office = Office(name="Dinas Lain", profile={"name": "DINAS LAIN"})
        user = User(office=office, email="arsip@dinas-lain.go.id", name="Arsiparis Lain",
                    role="archivist")
        user.set_password("kata-sandi-panjang-sekali")
        session.add_all([office, user])
    foreign = _token(app, "arsip@dinas-lain.go.id")
    _error(_withdraw(api, record["id"], kept["id"], token=foreign), 404, "api_not_found")
    # a rahasia record: staff may not open its files, nor mark them
    secret = _issue(api, study_id, "spd/0", access="rahasia")
    secret_copy = _file_signed(api, secret["id"], scan_of(secret["public_url"]),
                               role="archivist").get_json()
    restricted = _error(_withdraw(api, secret["id"], secret_copy["id"], role="staff"), 403,
                        "api_files_restricted")
    assert "rahasia" in restricted["error"]["message_id"]
    assert "rahasia" in restricted["error"]["message_en"]
    not_json = _withdraw(api, record["id"], kept["id"], data=REASON, content_type="text/plain")
    _error(not_json, 415, "api_json_expected")
    _error(_withdraw(api, record["id"], kept["id"], json=[REASON]), 400, "api_json_object")
    no_token = app.test_client().post(
        f"/api/v1/records/{record['id']}/files/{kept['id']}/withdraw", json={"reason": REASON})
    assert no_token.status_code == 401
    assert _marks(app) == 0


def test_described_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/records/{record_id}/files/{file_id}/withdraw"]["post"]
    assert operation["operationId"] == "withdraw_signed_copy"
    assert {"200", "400", "401", "403", "404", "409", "415", "422"} <= set(
        operation["responses"])
    schemas = spec["components"]["schemas"]
    assert schemas["WithdrawRequest"]["required"] == ["reason"]
    assert "withdrawn" in schemas["ArchiveFile"]["required"]
