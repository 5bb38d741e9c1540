"""The office's standard-cost page (admins): upload a wide table, see what was read per
province and tier, and only then save it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from docgen.store import UploadedFile
from tests.web.pages import csrf_token

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "caps"
KEY = re.compile(r'name="key" value="([0-9a-f]{2}/[0-9a-f]{64})"')


def caps_uploads(app) -> list[UploadedFile]:
    with app.extensions["docgen_store"].transaction() as session:
        rows = list(session.scalars(select(UploadedFile).where(UploadedFile.purpose == "caps")))
        session.expunge_all()
    return rows


def preview(client, name: str, content: bytes | None = None, **fields: str):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return client.post("/admin/caps/preview", content_type="multipart/form-data", data={
        "caps_file": (io.BytesIO(data), name), "csrf_token": csrf_token(client, "/admin/caps"),
        **fields})


@pytest.mark.parametrize("role", ["staff", "signer", "archivist"])
def test_only_admins(client, login, role):
    login(role)
    assert client.get("/admin/caps").status_code == 403


def test_preview_then_save(app, client, login):
    login("admin")
    page = client.get("/admin/caps").get_data(as_text=True)
    assert "Standar biaya kantor" in page and "Belum ada tabel kantor" in page
    assert 'href="/admin/caps"' in client.get("/admin/").get_data(as_text=True)
    response = preview(client, "penginapan_sbm.xlsx")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Terbaca dari penginapan_sbm.xlsx: 190 batas biaya (belum disimpan)" in page
    assert "Hotel: 38 wilayah × 5 kolom = 190 batas" in page
    assert page.count('<th scope="row">') == 38
    assert "golongan I/II" in page and "Rp9.331.000" in page
    assert caps_uploads(app) == []  # nothing saved by the preview
    key = KEY.search(page).group(1)
    saved = client.post("/admin/caps/save", data={
        "key": key, "name": "penginapan_sbm.xlsx", "year": "", "basis": "", "reference": "",
        "csrf_token": csrf_token(client, "/admin/caps")})
    assert saved.status_code == 302
    (record,) = caps_uploads(app)
    assert record.original_name == "penginapan_sbm.xlsx.csv"
    page = client.get("/admin/caps").get_data(as_text=True)
    assert "190 batas biaya dari penginapan_sbm.xlsx disimpan" in page
    assert "penginapan_sbm.xlsx.csv" in page
    text = app.extensions["docgen_store"].files.read(record.storage_key).decode("utf-8")
    assert text.startswith("tahun,jenis,wilayah,tingkat") and text.count("\n") == 191
    assert "2026,penginapan,DKI Jakarta,eselon_i,Orang/Malam,IDR,9331000," in text
    with app.test_request_context():
        from docgen.budget import default_caps
        from docgen.store import Office
        from web.admin import office_caps
        from web.db import db

        (table,) = office_caps(db().get(Office, record.office_id))
        capset = default_caps([table])
        assert capset.lookup("penginapan", "Nusa Tenggara Barat", "golongan_i_ii", 2026).amount \
            == 726_000


def test_a_key_not_previewed_in_this_session_is_refused(app, client, login):
    login("admin")
    response = client.post("/admin/caps/save", data={
        "key": "ab/" + "0" * 64, "name": "x.xlsx",
        "csrf_token": csrf_token(client, "/admin/caps")})
    assert response.status_code == 400
    assert caps_uploads(app) == []


def test_errors_are_shown_with_their_cells_and_nothing_is_saved(app, client, login):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "SSH"
    for row in [["SATUAN BIAYA UANG HARIAN"], ["Perbup Sleman 50/2025"], ["TA 2026"], [],
                ["No", "Provinsi", "Luar Kota", "Uang Saku", "Diklat"],
                [1, "Aceh", 360000, 140000, 110000], [2, "Atlantis", 1, 2, 3],
                [3, "Bali", 480000, 190000, 140000], [4, "DKI", 530000, 210000, 160000]]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    login("admin")
    response = preview(client, "ssh.xlsx", out.getvalue())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "tidak ada yang disimpan" in page
    assert "SSH!B7: &#34;Atlantis&#34; bukan nama provinsi" in page
    assert "SSH!D5: judul kolom &#34;Uang Saku&#34;" in page
    assert KEY.search(page) is None
    assert caps_uploads(app) == []
    refused = preview(client, "rab.pdf", b"%PDF-1.7 not a table")
    assert refused.status_code == 422 and caps_uploads(app) == []


def test_the_page_in_english(client, login, csrf):
    login("admin")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    page = preview(client, "tiket_pesawat.xlsx").get_data(as_text=True)
    assert "Read from tiket_pesawat.xlsx: 20 caps (not saved yet)" in page
    assert "air ticket, economy class" in page and "Jakarta - Surabaya" in page
