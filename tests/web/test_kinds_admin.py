"""An office's own kinds on the web: added by an admin (with the starter template or a file
of the office's), then on the documents page, in the ZIP, in the API, issued and in the
register like a shipped kind; every refusal stores nothing."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from docx import Document
from sqlalchemy import func, select

from docgen.store import ApiToken, ArchiveRecord, OfficeKind, TemplateVersion, User
from tests.helpers import docx_text
from tests.web.pages import credential, csrf_token

NEW = "/admin/kinds/new"
KIND = "kantor_surat_pernyataan"
FORM = {"title_id": "Surat Pernyataan", "title_en": "Statement", "stage": "7",
        "fan_out": "traveller", "code": "800.1.11.3", "hal": "", "signer": "traveller",
        "countersigner": "head", "numbered": "y"}


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch):
    monkeypatch.setattr("docgen.preview.missing_tool", lambda: "libreoffice")
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")


def add(client, form: dict | None = None, template: tuple[bytes, str] | None = None):
    data = {**FORM, **(form or {}), "csrf_token": csrf_token(client, NEW)}
    if template is not None:
        data["template"] = (io.BytesIO(template[0]), template[1])
    return client.post(NEW, data=data, content_type="multipart/form-data")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def count(app, model) -> int:
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(func.count()).select_from(model))


def own_template(sentence: str) -> bytes:
    doc = Document()
    doc.add_paragraph("SURAT PERNYATAAN")
    doc.add_paragraph("Nomor: {{ doc.number }}")
    doc.add_paragraph(f"Saya, {{{{ traveller.full_name }}}}, {sentence}")
    doc.add_paragraph("{{ doc.place_date }}")
    doc.add_paragraph("{{ signer.name }}")
    doc.add_paragraph("{{ countersigner.name }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_only_admins_add_kinds(client, login):
    login("staff")
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data=FORM).status_code in (400, 403)


def test_a_statement_per_traveller_from_start_to_register(app, client, login, post_form,
                                                          demo_id):
    login("admin")
    response = add(client)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/templates/{KIND}"
    page = text(client.get(response.headers["Location"]))
    assert "Surat Pernyataan ditambahkan; naskahnya dibuat dengan templat v1." in page
    assert count(app, TemplateVersion) == 1
    # the documents page: stage 7, one per traveller
    docs = text(client.get(f"/studies/{demo_id}/documents"))
    entry = re.search(rf'id="doc-{KIND}".*?(?=id="doc-|</main>)', docs, re.S).group(0)
    entry = " ".join(re.sub(r"<[^>]+>", " ", entry).split())
    assert "Surat Pernyataan" in entry and "800.1.11.3" in entry
    with app.extensions["docgen_store"].session() as session:
        from docgen.store import StudyRecord

        team = session.get(StudyRecord, demo_id).study.plan.members_ordered
    for member in team:
        assert f"DOCX: {member.full_name}" in entry
    one = client.get(f"/studies/{demo_id}/documents/{KIND}/1.docx")
    assert one.status_code == 200 and team[1].full_name in docx_text(one.data)
    assert "SURAT PERNYATAAN" in docx_text(one.data)
    with zipfile.ZipFile(io.BytesIO(client.get(f"/studies/{demo_id}/documents.zip").data)) \
            as zf:
        names = zf.namelist()
    own = [n for n in names if n.startswith("7-") and "/surat-pernyataan" in n]
    assert len(own) == len(team), names
    # approved and issued by the signer from the documents page: numbered with its code,
    # in the register by title
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login("signer")
    response = post_form(f"/studies/{demo_id}/documents/{KIND}/2/issue",
                         {"access": "biasa", "issued": "2026-11-29"},
                         form_page=f"/studies/{demo_id}/documents")
    assert response.status_code == 302, text(response)[:500]
    with app.extensions["docgen_store"].session() as session:
        record = session.scalar(select(ArchiveRecord).where(ArchiveRecord.kind == KIND))
        number, record_id = record.number, record.id
    assert number.startswith("800.1.11.3/") and record.item == 2
    register = text(client.get("/arsip"))
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(number)}.*?</tr>", register,
                    re.S).group(0)
    assert "Surat Pernyataan" in row
    assert f'<option value="{KIND}"' in register, "the register's filter offers it"
    assert text(client.get(f"/arsip?kind={KIND}")).count(number) >= 1
    record_page = text(client.get(f"/arsip/{record_id}"))
    assert "Surat Pernyataan" in record_page
    assert f'<a href="/arsip/{record_id}/templat">Versi kantor v1 (surat-pernyataan.docx)</a>' \
        in record_page
    with app.extensions["docgen_store"].session() as session:
        version = session.scalar(select(TemplateVersion))
        stored = app.extensions["docgen_store"].files.read(version.storage_key)
    download = client.get(f"/arsip/{record_id}/templat")
    assert download.data == stored
    assert "surat_pernyataan-v1.docx" in download.headers["Content-Disposition"]


def test_the_api_lists_and_makes_it(app, client, login):
    login("admin")
    add(client)
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        row, token = ApiToken.issue(user, "uji")
        session.add(row)
        from docgen.store import StudyRecord

        study_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get(f"/api/v1/studies/{study_id}/documents", headers=headers).get_json()
    own = next(k for k in listed["kinds"] if k["id"] == KIND)
    assert own["title_id"] == "Surat Pernyataan" and own["fan_out"] == "traveller"
    assert own["classification"] == "800.1.11.3" and own["ready"]
    response = client.get(own["items"][0]["docx_url"], headers=headers)
    assert response.status_code == 200 and "SURAT PERNYATAAN" in docx_text(response.data)
    merged = client.get(own["merged_url"], headers=headers)
    assert merged.status_code == 200
    assert client.get(f"/api/v1/studies/{study_id}/documents/kantor_lain/0.docx",
                      headers=headers).status_code == 404
    # issued through the API by the signer (the signer's approval)
    with app.extensions["docgen_store"].transaction() as session:
        signer = session.scalar(select(User).where(
            User.email == credential(app, "signer").email))
        row, signer_token = ApiToken.issue(signer, "uji-ttd")
        session.add(row)
    issued = client.post(f"/api/v1/studies/{study_id}/documents/{KIND}/3/issue",
                         headers={"Authorization": f"Bearer {signer_token}"},
                         json={"access": "biasa", "issued": "2026-11-29"})
    assert issued.status_code == 201, issued.get_data(as_text=True)
    record = issued.get_json()
    assert record["kind"] == KIND and record["item"] == 3
    assert record["number"].startswith("800.1.11.3/")
    assert record["template"]["version"] == "v1"
    listed = client.get(f"/api/v1/records?kind={KIND}", headers=headers).get_json()
    assert [r["number"] for r in listed["records"]] == [record["number"]]


def test_a_file_of_the_offices_own(app, client, login, demo_id):
    login("admin")
    response = add(client, template=(own_template("menyatakan telah hadir."), "sp.docx"))
    assert response.status_code == 302
    made = client.get(f"/studies/{demo_id}/documents/{KIND}/0.docx")
    assert "menyatakan telah hadir." in docx_text(made.data)


@pytest.mark.parametrize("form,field,message", [
    ({"title_id": ""}, "title-id", "isi nama jenis naskah"),
    ({"title_id": "Surat Perintah Tugas"}, "title-id", "sudah ada sebagai jenis naskah bawaan"),
    ({"code": "12.a"}, "code", '"12.a" bukan kode klasifikasi arsip'),
    ({"stage": "9"}, "stage", "pilih tahap 1 sampai 7"),
    ({"stage": "x"}, "stage", "pilih tahap 1 sampai 7"),
    ({"fan_out": "semua"}, "fan-out", "pilih salah satu"),
    ({"fan_out": "none"}, "signer", "hanya dapat menandatangani naskah yang dibuat satu per "
                                    "pelaksana"),
    ({"signer": "presiden"}, "signer", "pilih penanda tangan dari daftar"),
    ({"on_behalf": "y", "signer": "leader", "fan_out": "none"}, "on-behalf", "atas nama"),
])
def test_a_wrong_kind_is_refused_beside_its_field(app, client, login, form, field, message):
    login("admin")
    response = add(client, form)
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert re.search(rf'id="f-{field}-error"[^>]*>[^<]*{re.escape(message)}', page), field
    assert count(app, OfficeKind) == 0 and count(app, TemplateVersion) == 0


@pytest.mark.parametrize("template,message", [
    ((b"%PDF-1.7", "sp.pdf"), "sp.pdf bukan dokumen Word"),
    ((b"PK\x03\x04xx", "sp.docx"), "sp.docx bukan dokumen Word (.docx atau .dotx)"),
    (("tag", "sp.docx"), "nama traveler tidak dikenal"),
])
def test_a_wrong_template_leaves_no_kind(app, client, login, template, message):
    login("admin")
    data, name = template
    if data == "tag":
        doc = Document()
        doc.add_paragraph("{{ traveler.full_name }}")
        out = io.BytesIO()
        doc.save(out)
        data = out.getvalue()
    response = add(client, template=(data, name))
    assert response.status_code == 422
    assert message in text(response)
    assert count(app, OfficeKind) == 0 and count(app, TemplateVersion) == 0


def test_settings_switch_off_and_another_office(app, client, login, demo_id):
    login("admin")
    add(client)
    response = client.post(f"/admin/kinds/{KIND}", data={
        **FORM, "title_id": "Surat Pernyataan Tanggung Jawab", "code": "800.1.11.4",
        "csrf_token": csrf_token(client, f"/admin/kinds/{KIND}")})
    assert response.status_code == 302
    docs = text(client.get(f"/studies/{demo_id}/documents"))
    assert "Surat Pernyataan Tanggung Jawab" in docs and "800.1.11.4" in docs
    bad = client.post(f"/admin/kinds/{KIND}", data={
        **FORM, "code": "", "csrf_token": csrf_token(client, f"/admin/kinds/{KIND}")})
    assert bad.status_code == 422
    starter = client.get(f"/admin/kinds/{KIND}/starter.docx")
    assert "SURAT PERNYATAAN TANGGUNG JAWAB" in docx_text(starter.data)
    client.post(f"/admin/kinds/{KIND}/active",
                data={"csrf_token": csrf_token(client, f"/admin/kinds/{KIND}")})
    assert f'id="doc-{KIND}"' not in text(client.get(f"/studies/{demo_id}/documents"))
    assert client.get(f"/studies/{demo_id}/documents/{KIND}/0.docx").status_code == 404
    assert "nonaktif" in text(client.get(f"/admin/kinds/{KIND}"))


def test_another_office_never_sees_it(app, client, login, other_office):
    login("admin")
    add(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    _office_id, study_id, email = other_office
    from tests.web.conftest import OTHER_PASSWORD

    client.post("/login", data={"email": email, "password": OTHER_PASSWORD,
                                "csrf_token": csrf_token(client)})
    docs = text(client.get(f"/studies/{study_id}/documents"))
    assert "Surat Pernyataan" not in docs
    assert client.get(f"/studies/{study_id}/documents/{KIND}/0.docx").status_code == 404


def test_the_form_in_english(client, login, csrf):
    login("admin")
    client.post("/language", data={"lang": "en", "next": NEW, "csrf_token": csrf(NEW)})
    page = text(client.get(NEW))
    assert "Add a kind of the office's own" in page and "One per traveller" in page
    refused = text(add(client, {"code": "x"}))
    assert '"x" is not a classification code (e.g. 000.1.2.3)' in refused

