"""The realisation page: each traveller's lines, evidence uploads, cap warnings beside the
lines, the advance and totals; CSRF; 422 beside the fields with nothing stored."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from docgen.store import StudyRecord, UploadedFile
from tests.web.pages import csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _data(app, study_id):
    with app.extensions["docgen_store"].transaction() as session:
        return session.get(StudyRecord, study_id).study


def _page(client, demo_id):
    return client.get(f"/studies/{demo_id}/realisasi")


def test_page_shows_each_traveller_lines_totals_and_links(login, client, demo_id):
    login("staff")
    response = _page(client, demo_id)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="card mb-4 realisation-traveller"') == 4
    assert "Rina Kartikasari" in html and "Rp503.500" in html  # sisa lebih
    assert "Rp244.200" in html and "PMK 113/PMK.05/2012" in html  # the 30% lump sum
    assert "documents/rincian_biaya/" in html


def _form(client, demo_id, **fields):
    token = csrf_token(client, f"/studies/{demo_id}/realisasi")
    return {"csrf_token": token, "advance": "1.500.000", "advance_date": "2026-12-10",
            "lines[0].component": "uang_harian", "lines[0].description": "Uang harian",
            "lines[0].quantity": "3", "lines[0].unit": "hari", "lines[0].currency": "IDR",
            "lines[0].unit_price": "450.000", **fields}


def test_save_a_traveller_with_a_receipt_and_see_the_cap_warning(app, login, client, demo_id):
    login("staff")
    form = _form(client, demo_id, **{
        "lines[1].component": "transport", "lines[1].description": "Taksi",
        "lines[1].quantity": "1", "lines[1].currency": "IDR", "lines[1].unit_price": "120000",
        "lines[1].upload_kind": "kuitansi",
        "lines[1].upload": (io.BytesIO(PDF), "kuitansi taksi.pdf")})
    response = client.post(f"/studies/{demo_id}/realisasi/1", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    study = _data(app, demo_id)
    entry = study.realisation.of(1)
    assert entry.advance == 1500000 and len(entry.lines) == 2
    [receipt] = entry.lines[1].evidence
    assert receipt.name == "kuitansi taksi.pdf" and receipt.kind == "kuitansi"
    with app.extensions["docgen_store"].transaction() as session:
        stored = session.scalar(select(UploadedFile).where(
            UploadedFile.storage_key == receipt.file))
        assert stored.content_type == "application/pdf" and stored.purpose == "evidence"
    html = _page(client, demo_id).get_data(as_text=True)
    link = f"/studies/{demo_id}/berkas/{receipt.file}"
    assert link in html
    download = client.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert client.get(f"/studies/{demo_id}/berkas/{'ab/' + 'cd' * 32}").status_code == 404
    assert re.search(r"feedback[^>]*>[^<]*Rina Kartikasari[^<]*Rp450\.000 melebihi batas "
                     r"Rp410\.000[^<]*Perpres 33/2020", html)


def test_422_beside_the_fields_and_nothing_stored(app, login, client, demo_id):
    login("staff")
    before = _data(app, demo_id).realisation
    form = _form(client, demo_id, **{
        "advance": "-3", "lines[0].currency": "USD",
        "lines[1].component": "transport", "lines[1].description": "Tiket",
        "lines[1].unit_price": "100", "lines[1].upload": (io.BytesIO(b"not a pdf"), "x.pdf")})
    response = client.post(f"/studies/{demo_id}/realisasi/1", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="t1-f-advance"' in html or 'id="t1-advance"' in html
    assert "is-invalid" in html
    for name in ("advance", "lines[0].exchange_rate", "lines[1].upload"):
        assert f'name="{name}"' in html
    assert html.count("invalid-feedback d-block") >= 3
    assert _data(app, demo_id).realisation == before
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(UploadedFile).where(UploadedFile.purpose == "evidence")) is None


def test_csrf_and_roles(app, login, client, demo_id):
    login("staff")
    before = _data(app, demo_id).realisation
    assert client.post(f"/studies/{demo_id}/realisasi/1", data={"advance": "1"}).status_code == 400
    assert client.post(f"/studies/{demo_id}/realisasi/9", data=_form(client, demo_id)
                       ).status_code == 404
    assert _data(app, demo_id).realisation == before


def test_a_reader_sees_the_page_but_cannot_save(app, client, demo_id):
    from tests.web.pages import sign_in

    roles = {c.role for c in app.config["DEMO_CREDENTIALS"]}
    reader = next(r for r in ("signer", "archivist", "admin") if r in roles)
    sign_in(app, client, reader)
    html = _page(client, demo_id).get_data(as_text=True)
    assert "Rina Kartikasari" in html and "disabled" in html
    token = csrf_token(client, f"/studies/{demo_id}/realisasi")
    assert client.post(f"/studies/{demo_id}/realisasi/1",
                       data={"csrf_token": token, "advance": "1"}).status_code == 403


def test_fill_from_a_rincian_per_traveller(app, login, client, demo_id):
    from pathlib import Path

    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "budget"
    login("staff")
    before = _data(app, demo_id).realisation
    token = csrf_token(client, f"/studies/{demo_id}/realisasi")
    workbook = (fixtures / "rincian_pelaksana.xlsx").read_bytes()
    refused = client.post(f"/studies/{demo_id}/realisasi/rincian", data={
        "csrf_token": token, "file": (io.BytesIO(workbook), "rincian.xlsx")},
        content_type="multipart/form-data")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Rincian!F8" in html and "Agus Wibowo" in html and 'id="f-file-error"' in html
    assert _data(app, demo_id).realisation == before
    not_a_sheet = client.post(f"/studies/{demo_id}/realisasi/rincian", data={
        "csrf_token": token, "file": (io.BytesIO(PDF), "rincian.xlsx")},
        content_type="multipart/form-data")
    assert not_a_sheet.status_code == 422 and 'id="f-file-error"' in not_a_sheet.get_data(
        as_text=True)
    # the team named as in the sheet: filled, the others kept
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, demo_id)
        study = record.study
        study.plan.team[1].name, study.plan.team[1].nip = "Agus Wibowo", "197008121995031004"
        study.plan.team[2].name, study.plan.team[2].nip = "Siti Rahmawati", None
        record.data = study
    filled = client.post(f"/studies/{demo_id}/realisasi/rincian", data={
        "csrf_token": token, "file": (io.BytesIO(workbook), "rincian.xlsx")},
        content_type="multipart/form-data")
    assert filled.status_code == 302, filled.get_data(as_text=True)
    after = _data(app, demo_id).realisation
    assert after.of(1).total == 4460000 and after.of(1).advance == before.of(1).advance
    assert after.of(0) == before.of(0)


def _set_scope(app, study_id, scope):
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        record.save(study.model_copy(update={"goals": study.goals.model_copy(
            update={"scope": scope})}), None)


def test_the_kurs_is_shown_on_a_trip_abroad_only(app, login, client, demo_id):
    login("staff")
    html = _page(client, demo_id).get_data(as_text=True)
    assert _data(app, demo_id).goals.scope == "dalam_negeri"
    assert "Rp503.500" in html  # the lines and totals are there
    assert "exchange_rate" not in html and "exchange_date" not in html
    assert "Kurs (Rp)" not in html and "Tanggal kurs" not in html
    _set_scope(app, demo_id, "luar_negeri")
    html = _page(client, demo_id).get_data(as_text=True)
    cards = html.count('class="card mb-4 realisation-traveller"')
    assert html.count("Kurs (Rp) dan tanggalnya") == cards == 4
    assert 'name="lines[0].exchange_rate"' in html


def test_a_domestic_line_in_another_currency_shows_its_kurs(app, login, client, demo_id):
    login("staff")
    form = _form(client, demo_id, **{"lines[0].currency": "USD"})
    response = client.post(f"/studies/{demo_id}/realisasi/1", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 422  # a line in USD needs its rate: the field is there
    html = response.get_data(as_text=True)
    card = html[html.index('id="traveller-1"'):html.index('id="traveller-2"')]
    assert 'name="lines[0].exchange_rate"' in card and "is-invalid" in card
    assert "Kurs (Rp) dan tanggalnya" in card
    other = html[html.index('id="traveller-2"'):]
    assert "exchange_rate" not in other
