"""The office's template pages (admins): download the default and the one in use, upload a
new version (checked; a refused file stores nothing), look at it, put it in use, go back;
the documents are then made with it, and a record names the version that made it.

The page images need LibreOffice; here a preview says it is missing (the browser walk,
tests/web/test_templates_browser.py, shows real pages)."""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile

import pytest
from docx import Document
from sqlalchemy import func, select

from docgen.render import TEMPLATE_DIR
from docgen.store import (
    Office,
    OfficeKind,
    TemplateChoice,
    TemplateEvent,
    TemplateVersion,
    User,
)
from tests.helpers import docx_text
from tests.web.conftest import OTHER_PASSWORD
from tests.web.pages import csrf_token

SPT = TEMPLATE_DIR / "surat_perintah_tugas.docx"
PAGE = "/admin/templates/spt"
WORD = "MENUGASKAN"


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch):
    """Page images are the browser walk's: here the preview says LibreOffice is missing."""
    monkeypatch.setattr("docgen.preview.missing_tool", lambda: "libreoffice")


def spt_with(old: str = "MEMERINTAHKAN", new: str = WORD, data: bytes | None = None) -> bytes:
    """The SPT with one word changed, as an office does in Word (python-docx stands in)."""
    doc = Document(io.BytesIO(data) if data else str(SPT))
    runs = [r for p in doc.paragraphs for r in p.runs if old in r.text]
    assert runs, old
    for run in runs:
        run.text = run.text.replace(old, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def with_paragraph(text: str) -> bytes:
    doc = Document(str(SPT))
    doc.paragraphs[3].insert_paragraph_before(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "spt-kantor.docx", note: str = "uji",
           path: str = PAGE):
    return client.post(f"{path}/upload", content_type="multipart/form-data", data={
        "template": (io.BytesIO(data), name), "note": note,
        "csrf_token": csrf_token(client, path)})


def post(client, path: str, data: dict | None = None, form_page: str = PAGE):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, form_page)})


def count(app, model) -> int:
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(func.count()).select_from(model))


def stored_files(app) -> set[str]:
    root = app.extensions["docgen_store"].files.root
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def plain(response) -> str:
    """The page's text without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def spt_text(client, demo_id: int) -> str:
    response = client.get(f"/studies/{demo_id}/documents/spt/0.docx")
    assert response.status_code == 200
    return docx_text(response.data)


@pytest.mark.parametrize("role", ["staff", "signer", "archivist"])
def test_only_admins(client, login, role):
    login(role)
    for path in ("/admin/templates/", PAGE, f"{PAGE}/default.docx", f"{PAGE}/active.docx",
                 f"{PAGE}/default", "/admin/kinds/new"):
        assert client.get(path).status_code == 403, path
    assert upload(client, SPT.read_bytes(), path=PAGE).status_code in (400, 403)


def test_signed_out_goes_to_sign_in(client):
    response = client.get("/admin/templates/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_list_names_every_kind_and_its_template(client, login):
    from docgen.catalog import KINDS

    login("admin")
    page = text(client.get("/admin/templates/"))
    for kind in KINDS.values():
        assert f'href="/admin/templates/{kind.id}">{kind.title_id}</a>' in page
    assert page.count("templat bawaan") >= len(KINDS)
    assert 'href="/templates/vocabulary"' in page and 'href="/admin/kinds/new"' in page
    office = text(client.get("/admin/"))
    assert 'href="/admin/templates/"' in office


def test_download_the_default_and_the_one_in_use(client, login):
    login("admin")
    default = client.get(f"{PAGE}/default.docx")
    assert default.status_code == 200 and default.data == SPT.read_bytes()
    assert "surat_perintah_tugas.docx" in default.headers["Content-Disposition"]
    assert client.get(f"{PAGE}/active.docx").data == SPT.read_bytes()
    assert client.get("/admin/templates/nope/default.docx").status_code == 404


def test_upload_look_use_and_go_back(app, client, login, demo_id):
    login("admin")
    before = spt_text(client, demo_id)
    assert "MEMERINTAHKAN" in before and WORD not in before
    response = upload(client, spt_with(), note="Diktum sesuai Perbup")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{PAGE}/versions/1"
    assert count(app, TemplateChoice) == 0, "kept, not in use yet"
    assert WORD not in spt_text(client, demo_id)
    page = text(client.get(response.headers["Location"]))
    assert "Berkas disimpan sebagai versi 1, belum dipakai" in page
    assert "Pemeriksaan tidak menemukan yang perlu diperbaiki." in page
    assert "Diktum sesuai Perbup" in page and "spt-kantor.docx" in page
    assert "Pratinjau memerlukan LibreOffice, yang belum terpasang di server ini." in page
    assert "Dibuat sebagai konsep dengan studi terakhir kantor yang dapat membuatnya" in page
    with app.extensions["docgen_store"].session() as session:
        row = session.scalar(select(TemplateVersion))
        sha = row.sha256
    assert sha in page
    # put in use: the documents are made with it
    response = post(client, f"{PAGE}/versions/1/activate", {"note": "mulai Desember"},
                    form_page=f"{PAGE}/versions/1")
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert WORD in spt_text(client, demo_id)
    zipped = client.get(f"/studies/{demo_id}/documents.zip")
    with zipfile.ZipFile(io.BytesIO(zipped.data)) as zf:
        spt = next(n for n in zf.namelist() if n.endswith("/surat-perintah-tugas.docx"))
        assert WORD in docx_text(zf.read(spt))
    assert client.get(f"{PAGE}/active.docx").data == client.get(
        f"{PAGE}/versions/1.docx").data
    assert hashlib.sha256(client.get(f"{PAGE}/versions/1.docx").data).hexdigest() == sha
    assert "Yang dipakai sekarang: versi 1 (spt-kantor.docx)" in plain(client.get(PAGE))
    page = text(client.get(PAGE))
    history = re.search(r'id="template-history">(.*?)</ol>', page, re.S).group(1)
    assert "memakai v1" in history and "mulai Desember" in history
    assert "menyimpan v1" in history and sha[:12] in history and "Bayu Admin" in history
    # back to the default, and forward to v1 again
    assert post(client, f"{PAGE}/revert", {"to": "default"}).status_code == 302
    assert WORD not in spt_text(client, demo_id)
    assert post(client, f"{PAGE}/revert", {"to": "1"}).status_code == 302
    assert WORD in spt_text(client, demo_id)
    with app.extensions["docgen_store"].session() as session:
        actions = [e.action for e in session.scalars(select(TemplateEvent)
                                                    .order_by(TemplateEvent.id))]
    assert actions == ["installed", "activated", "reverted", "reverted"]
    assert count(app, TemplateVersion) == 1, "nothing deleted, nothing duplicated"


def test_the_same_file_twice_is_one_version(app, client, login):
    login("admin")
    data = spt_with()
    upload(client, data)
    response = upload(client, data)
    assert response.headers["Location"] == f"{PAGE}/versions/1"
    assert "sama dengan versi 1" in text(client.get(response.headers["Location"]))
    assert count(app, TemplateVersion) == 1


def _big() -> bytes:
    return b"PK\x03\x04" + b"\x00" * (10 * 2**20)


@pytest.mark.parametrize("name,data,message", [
    ("spt.pdf", b"%PDF-1.7\n%\xe2\xe3", "spt.pdf bukan dokumen Word"),
    ("kosong.docx", b"", "kosong.docx kosong."),
    ("besar.docx", None, "besar.docx lebih besar dari 10 MB"),
    ("rusak.docx", b"PK\x03\x04 bukan zip", "rusak.docx bukan dokumen Word (.docx atau .dotx)"),
    ("nama.docx", "{{ doc.nomer }}", "doc tidak memiliki nomer"),
    ("tag.docx", "Hal: {{ doc.hal ", "tidak ditutup"),
    ("makro.docx", "macro", "makro"),
])
def test_a_refused_upload_stores_nothing(app, client, login, name, data, message):
    login("admin")
    if data is None:
        data = _big()
    elif data == "macro":
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(SPT.read_bytes())) as src, \
                zipfile.ZipFile(buf, "w") as out:
            for item in src.infolist():
                out.writestr(item, src.read(item))
            out.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
        data = buf.getvalue()
    elif isinstance(data, str):
        data = with_paragraph(data)
    files = stored_files(app)
    response = upload(client, data, name=name)
    assert response.status_code == 422
    page = text(response)
    assert message in page, page[page.find("upload-refused"):][:600]
    assert count(app, TemplateVersion) == 0 and count(app, TemplateEvent) == 0
    assert stored_files(app) == files
    assert 'value="uji"' in page, "the note comes back"


def test_the_report_names_the_part_and_the_paragraph(client, login):
    login("admin")
    page = text(upload(client, with_paragraph("Berangkat {{ study.plan.start_date|tangal }}")))
    report = re.search(r'id="template-report".*?</section>', page, re.S).group(0)
    assert "filter tangal tidak dikenal (mungkin maksudnya tanggal?)" in report
    assert "word/document.xml" in report
    assert "Berangkat {{ study.plan.start_date|tangal }}" in report
    assert 'data-severity="danger"' in report


def test_warnings_do_not_stop_an_upload(app, client, login):
    """An SPT without its number is kept, with the warning on its page."""
    login("admin")
    response = upload(client, spt_with("{{ doc.number }}", "(nomor ditulis tangan)"))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert 'data-severity="warning"' in page and "doc.number" in page
    assert count(app, TemplateVersion) == 1


def test_no_file_or_no_token(app, client, login):
    login("admin")
    response = client.post(f"{PAGE}/upload", data={"csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 422
    assert "Pilih berkas Word (.docx) templatnya." in text(response)
    no_token = client.post(f"{PAGE}/upload", content_type="multipart/form-data",
                           data={"template": (io.BytesIO(spt_with()), "spt.docx")})
    assert no_token.status_code == 400
    assert post(client, f"{PAGE}/revert", {"to": "x1"}).status_code == 400
    assert post(client, f"{PAGE}/revert", {"to": "7"}).status_code == 404
    assert post(client, f"{PAGE}/versions/7/activate").status_code == 404
    assert count(app, TemplateVersion) == 0 and count(app, TemplateChoice) == 0


def test_another_office_is_not_seen(app, client, login):
    """Another office's versions and own kinds are 404 to this office's admin."""
    store = app.extensions["docgen_store"]
    from docgen import office_templates as ot

    with store.transaction() as session:
        office = Office(name="Dinas Lain", profile={"name": "DINAS LAIN"})
        admin = User(office=office, email="admin@dinas-lain.go.id", name="Admin Lain",
                     role="admin")
        admin.set_password(OTHER_PASSWORD)
        session.add_all([office, admin])
        session.flush()
        session.add(OfficeKind(office_id=office.id, kind="kantor_rahasia", title_id="Rahasia",
                               title_en="", stage=7, fan_out="none", numbered=False,
                               code="000", hal="", signer="head", on_behalf=False,
                               countersigner="", active=True))
        session.flush()
        ot.install(session, store.files, spt_with(), "lain.docx", "spt", office, admin)
    login("admin")
    assert client.get("/admin/templates/kantor_rahasia").status_code == 404
    assert client.get("/admin/kinds/kantor_rahasia").status_code == 404
    assert client.get(f"{PAGE}/versions/1").status_code == 404
    assert client.get(f"{PAGE}/versions/1.docx").status_code == 404
    assert "Rahasia" not in text(client.get("/admin/templates/"))
    assert client.get(f"{PAGE}/active.docx").data == SPT.read_bytes()


def test_in_english(client, login, csrf):
    login("admin")
    client.post("/language", data={"lang": "en", "next": PAGE, "csrf_token": csrf(PAGE)})
    page = text(client.get(PAGE))
    assert "Download the shipped default" in page and "Upload a new version" in page
    refused = text(upload(client, with_paragraph("{{ doc.nomer }}")))
    assert "doc has no nomer" in refused and "nothing was stored" in refused
