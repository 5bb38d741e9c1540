"""The office's template in use on the web: downloads, ZIP, the API, issuing; the doc cache
follows a change of version; a record links the template version that made it."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from docx import Document
from sqlalchemy import select

from docgen import office_templates as ot
from docgen.render import TEMPLATE_DIR, TemplateSource
from docgen.store import ApiToken, ArchiveRecord, StudyRecord, TemplateVersion, User
from tests.helpers import docx_text
from tests.web.pages import credential, fresh_demo_study

SPT = TEMPLATE_DIR / "surat_perintah_tugas.docx"
API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_pdf_at_issue(monkeypatch):
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")


def _edited(marker: str) -> bytes:
    doc = Document(str(SPT))
    doc.paragraphs[2].insert_paragraph_before(marker)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _store(app):
    return app.extensions["docgen_store"]


def _office_id(app, study_id: int) -> int:
    with _store(app).session() as session:
        return session.get(StudyRecord, study_id).office_id


def _install(app, study_id: int, marker: str) -> TemplateVersion:
    store = _store(app)
    with store.session() as session:
        return ot.install(session, store.files, _edited(marker), "spt-kantor.docx", "spt",
                          _office_id(app, study_id), note="kop baru").version


def _revert(app, study_id: int) -> None:
    with _store(app).session() as session:
        ot.revert(session, _office_id(app, study_id), "spt")


def _token(app, role: str = "staff") -> dict:
    with _store(app).transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, role).email))
        row, token = ApiToken.issue(user, "uji")
        session.add(row)
    return {"Authorization": f"Bearer {token}"}


def _issue(client, post_form, study_id: int) -> int:
    action = f"/studies/{study_id}/documents/spt/0/issue"
    response = post_form(action, {"classification": "000.1.2.3", "access": "biasa",
                                  "issued": "2026-11-29"},
                         form_page=f"/studies/{study_id}/documents")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_downloads_zip_and_api_use_the_template_in_use(app, client, login):
    study_id = fresh_demo_study(app, "sb-templat-1")
    login("staff")
    url = f"/studies/{study_id}/documents/spt/0.docx"
    assert "MARKA KANTOR" not in docx_text(client.get(url).data)  # cached with the default
    _install(app, study_id, "MARKA KANTOR")
    assert "MARKA KANTOR" in docx_text(client.get(url).data)
    with zipfile.ZipFile(io.BytesIO(client.get(f"/studies/{study_id}/documents.zip").data)) as zf:
        assert "MARKA KANTOR" in docx_text(zf.read("4-koordinasi-dan-persiapan/surat-perintah-tugas.docx"))
        assert "MARKA KANTOR" not in docx_text(zf.read("1-identifikasi-tujuan-dan-kebutuhan/kerangka-acuan-kerja.docx"))
    headers = _token(app)
    response = client.get(f"{API}/studies/{study_id}/documents/spt.docx", headers=headers)
    assert response.status_code == 200
    assert "MARKA KANTOR" in docx_text(response.data)
    _revert(app, study_id)
    assert "MARKA KANTOR" not in docx_text(client.get(url).data)
    with zipfile.ZipFile(io.BytesIO(client.get(f"/studies/{study_id}/documents.zip").data)) as zf:
        assert "MARKA KANTOR" not in docx_text(zf.read("4-koordinasi-dan-persiapan/surat-perintah-tugas.docx"))


def test_a_merged_fan_out_uses_the_office_template(app, client, login):
    study_id = fresh_demo_study(app, "sb-templat-2")
    store = _store(app)
    doc = Document(str(TEMPLATE_DIR / "spd.docx"))
    doc.add_paragraph("SPD VERSI KANTOR")
    out = io.BytesIO()
    doc.save(out)
    with store.session() as session:
        ot.install(session, store.files, out.getvalue(), "spd.docx", "spd",
                   _office_id(app, study_id))
    login("staff")
    merged = client.get(f"/studies/{study_id}/documents/spd/gabungan.docx")
    assert merged.status_code == 200
    assert docx_text(merged.data).count("SPD VERSI KANTOR") >= 2
    one = client.get(f"{API}/studies/{study_id}/documents/spd/1.docx", headers=_token(app))
    assert "SPD VERSI KANTOR" in docx_text(one.data)


def _record(app, record_id: int) -> ArchiveRecord:
    with _store(app).session() as session:
        return session.get(ArchiveRecord, record_id)


def _template_cell(page: str) -> str:
    return re.search(r'<dd class="col-sm-8" id="record-template">(.*?)</dd>', page,
                     flags=re.S).group(1)


def test_a_record_links_the_template_version_that_made_it(app, client, login, post_form):
    first = fresh_demo_study(app, "sb-templat-3")
    second = fresh_demo_study(app, "sb-templat-4")
    version = _install(app, first, "MARKA VERSI SATU")
    login("signer")  # issuing is the signer's approval
    old_id = _issue(client, post_form, first)
    old = _record(app, old_id)
    assert old.template_sha256 == version.sha256

    _revert(app, first)
    new_id = _issue(client, post_form, second)
    new = _record(app, new_id)
    assert new.template_sha256 == hashlib.sha256(SPT.read_bytes()).hexdigest()

    cell = _template_cell(client.get(f"/arsip/{old_id}").get_data(as_text=True))
    assert f'<a href="/arsip/{old_id}/templat">Versi kantor v1 (spt-kantor.docx)</a>' == cell
    download = client.get(f"/arsip/{old_id}/templat")
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == version.sha256
    assert "surat_perintah_tugas-v1.docx" in download.headers["Content-Disposition"]
    assert "MARKA VERSI SATU" in docx_text(download.data)

    cell = _template_cell(client.get(f"/arsip/{new_id}").get_data(as_text=True))
    assert (f'<a href="/arsip/{new_id}/templat">Versi bawaan (surat_perintah_tugas.docx)</a>'
            == cell)
    assert client.get(f"/arsip/{new_id}/templat").data == SPT.read_bytes()
    post_form("/language", {"lang": "en", "next": "/"}, form_page="/")
    cell = _template_cell(client.get(f"/arsip/{old_id}").get_data(as_text=True))
    assert "Office version v1 (spt-kantor.docx)" in cell

    headers = _token(app)
    body = client.get(f"{API}/records/{old_id}", headers=headers).get_json()
    assert body["template"] == {"name": "surat_perintah_tugas.docx",
                                "sha256": version.sha256, "version": "v1",
                                "url": f"{API}/records/{old_id}/template"}
    api_download = client.get(body["template"]["url"], headers=headers)
    assert hashlib.sha256(api_download.data).hexdigest() == version.sha256
    body = client.get(f"{API}/records/{new_id}", headers=headers).get_json()
    assert body["template"]["version"] == "default"


def test_a_default_of_an_earlier_release_is_named_without_a_link(app, client, login, post_form,
                                                                 monkeypatch):
    study_id = fresh_demo_study(app, "sb-templat-5")
    login("signer")  # issuing is the signer's approval
    record_id = _issue(client, post_form, study_id)
    newer = TemplateSource(SPT, b"rilis baru", "0" * 64)  # the shipped file has changed since
    monkeypatch.setattr(ot, "default_source", lambda kind: newer)
    cell = _template_cell(client.get(f"/arsip/{record_id}").get_data(as_text=True))
    assert cell.strip() == ("Versi bawaan rilis sebelumnya (surat_perintah_tugas.docx; "
                            "berkasnya tidak disimpan)")
    assert client.get(f"/arsip/{record_id}/templat").status_code == 404
    headers = _token(app)
    body = client.get(f"{API}/records/{record_id}", headers=headers).get_json()
    assert (body["template"]["version"], body["template"]["url"]) == (None, None)
    response = client.get(f"{API}/records/{record_id}/template", headers=headers)
    assert response.status_code == 404


def test_another_offices_record_template_is_404(app, client, login, post_form, other_office):
    study_id = fresh_demo_study(app, "sb-templat-6")
    login("signer")  # issuing is the signer's approval
    record_id = _issue(client, post_form, study_id)
    from tests.web.conftest import OTHER_PASSWORD
    from tests.web.pages import csrf_token

    other = app.test_client()
    response = other.post("/login", data={"email": other_office[2], "password": OTHER_PASSWORD,
                                          "csrf_token": csrf_token(other)})
    assert response.status_code == 302
    assert other.get(f"/arsip/{record_id}/templat").status_code == 404
    assert client.get(f"/arsip/{record_id}/templat").status_code == 200
