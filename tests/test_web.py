"""The documents of a stored study: the list, one DOCX, a merged set, the ZIP; every file
served is recorded with its SHA-256."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from sqlalchemy import select

from docgen import bundle, catalog
from docgen.render import DEFAULT_LOGO
from docgen.store import DocumentDownload, Office, StudyRecord, save_upload
from tests.helpers import docx_text
from tests.web.pages import sign_in
from web import create_app


@pytest.fixture
def app(tmp_path, monkeypatch):
    import docgen.store.models as store_models

    monkeypatch.setattr(store_models, "PASSWORD_METHOD", "scrypt:1024:8:1")
    app = create_app({"TESTING": True, "DOCGEN_HOME": tmp_path}, demo=True)
    yield app
    app.extensions["docgen_store"].dispose()


@pytest.fixture
def client(app):
    return sign_in(app, app.test_client(), "signer")


@pytest.fixture
def record(app):
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalars(select(StudyRecord)).one()


def _downloads(app):
    with app.extensions["docgen_store"].transaction() as session:
        return [(d.kind, d.item, d.filename, d.sha256, d.user.email)
                for d in session.scalars(select(DocumentDownload).order_by(DocumentDownload.id))]


def test_documents_page_lists_every_kind(client, record):
    page = client.get(f"/studies/{record.id}/documents").get_data(as_text=True)
    assert "Studi Banding Penerapan E-Budgeting" in page
    for kind in catalog.available(record.study):
        assert kind.title_id in page
    assert f"/studies/{record.id}/documents/spt/0.docx" in page
    assert "Belum siap" in page, "the final report still needs stages 5-7"


def test_download_one_docx_is_recorded(app, client, record):
    response = client.get(f"/studies/{record.id}/documents/spt/0.docx")
    assert response.status_code == 200
    assert "surat-perintah-tugas.docx" in response.headers["Content-Disposition"]
    assert "SURAT PERINTAH TUGAS" in docx_text(response.data)
    assert _downloads(app) == [("spt", None, "surat-perintah-tugas.docx",
                                hashlib.sha256(response.data).hexdigest(),
                                "penandatangan@contoh.go.id")]


def test_download_merged_fan_out(app, client, record):
    response = client.get(f"/studies/{record.id}/documents/spd/gabungan.docx")
    assert response.status_code == 200
    assert "spd-gabungan.docx" in response.headers["Content-Disposition"]
    assert _downloads(app)[0][:3] == ("spd", None, "spd-gabungan.docx")


def test_download_all_as_zip_named_after_the_study(app, client, record):
    study = record.study
    response = client.get(f"/studies/{record.id}/documents.zip")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "studi-banding-penerapan-e-budgeting" in disposition and ".zip" in disposition
    names_in = bundle.Names()
    expected = {names_in.path(study, kind, item)
                for kind in catalog.available(study) if not catalog.missing(study, kind)
                for item in catalog.items(study, kind)}
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        names = set(zf.namelist())
        assert names == expected
        assert "4-koordinasi-dan-persiapan/surat-perintah-tugas.docx" in names
        inside = {name: hashlib.sha256(zf.read(name)).hexdigest() for name in names}
    rows = _downloads(app)
    assert rows[-1][0] == "zip" and rows[-1][3] == hashlib.sha256(response.data).hexdigest()
    assert {row[2]: row[3] for row in rows[:-1]} == inside


def test_unknown_kind_item_or_unready_kind_is_404(client, record):
    base = f"/studies/{record.id}/documents"
    assert client.get(f"{base}/nope/0.docx").status_code == 404
    assert client.get(f"{base}/coordination_letter/5.docx").status_code == 404
    assert client.get(f"{base}/spt/1.docx").status_code == 404
    assert client.get(f"{base}/final_report/0.docx").status_code == 404, "not ready yet"
    assert client.get(f"{base}/spt/gabungan.docx").status_code == 404, "spt does not fan out"


def test_a_study_with_nothing_ready_gives_no_empty_zip(app, client, record):
    from docgen.study import Study

    with app.extensions["docgen_store"].transaction() as session:
        session.get(StudyRecord, record.id).data = Study()
    response = client.get(f"/studies/{record.id}/documents.zip")
    assert response.status_code == 302
    assert _downloads(app) == []


def test_an_uploaded_logo_is_found_by_its_storage_key(app, client, record):
    png = (DEFAULT_LOGO.parent / "contoh-foto-1.png").read_bytes()
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = session.scalars(select(Office)).one()
        upload = save_upload(session, store.files, office=office, purpose="logo",
                             original_name="lambang.png", data=png)
        stored = session.get(StudyRecord, record.id)
        study = stored.study
        study.office.logo = upload.storage_key
        stored.save(study, None)
    response = client.get(f"/studies/{record.id}/documents/spt/0.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        media = [zf.read(n) for n in zf.namelist() if n.startswith("word/media/")]
    assert png in media
    assert DEFAULT_LOGO.read_bytes() not in media
