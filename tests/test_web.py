"""The web service: the demo study, its documents, downloads."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.helpers import docx_text
from web import create_app


@pytest.fixture
def client():
    return create_app({"TESTING": True}, demo=True).test_client()


def test_index_lists_documents(client):
    page = client.get("/").get_data(as_text=True)
    assert "Studi Banding Penerapan E-Budgeting" in page
    for title in ("Surat Permohonan Kunjungan", "Surat Perintah Tugas",
                  "Rincian Anggaran Biaya", "Laporan Hasil Studi Banding"):
        assert title in page


def test_download_one_docx(client):
    response = client.get("/documents/spt/0.docx")
    assert response.status_code == 200
    assert "surat-perintah-tugas.docx" in response.headers["Content-Disposition"]
    assert "SURAT PERINTAH TUGAS" in docx_text(response.data)


def test_download_all_as_zip(client):
    response = client.get("/documents.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        assert len(zf.namelist()) == 4


def test_unknown_kind_and_item_are_404(client):
    assert client.get("/documents/nope/0.docx").status_code == 404
    assert client.get("/documents/coordination_letter/5.docx").status_code == 404


def test_no_study_without_demo():
    client = create_app({"TESTING": True}).test_client()
    assert "Belum ada studi" in client.get("/").get_data(as_text=True)
    assert client.get("/documents.zip").status_code == 404
