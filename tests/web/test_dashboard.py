"""The dashboard, a new study, a study's overview."""

from __future__ import annotations

import re

from sqlalchemy import select

from docgen.store import StudyRecord


def test_dashboard_lists_the_demo_study_with_its_progress(client, login, demo_id):
    login("signer")
    html = client.get("/").get_data(as_text=True)
    assert "Studi Banding Penerapan E-Budgeting" in html
    assert f'href="/studies/{demo_id}"' in html
    states = re.findall(r'class="stage-badge stage-(\w+)"', html)
    assert states == ["complete"] * 4 + ["empty"] * 3
    assert html.count(">lengkap<") == 4


def test_staff_creates_a_draft_with_the_office_profile(app, client, login, post_form):
    login("staff")
    response = post_form("/studies/new", {"goals.title": "Studi Banding Pelayanan Publik",
                                          "fiscal_year": "2027"})
    assert response.status_code == 302
    study_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        assert record.title == "Studi Banding Pelayanan Publik"
        assert record.created_by.email == "staf@contoh.go.id"
        assert study.fiscal_year == 2027
        assert study.office == record.office.office_profile
        assert study.office.pemda == "PEMERINTAH KABUPATEN SLEMAN"
    page = client.get(f"/studies/{study_id}").get_data(as_text=True)
    assert "Draf tersimpan." in page
    assert "Studi Banding Pelayanan Publik" in page
    assert "Latar belakang" in page, "the overview says what stage 1 still needs"
    assert "Draf" in page


def test_new_study_form_errors_keep_what_was_typed(app, client, login, post_form):
    login("staff")
    response = post_form("/studies/new", {"goals.title": "   ", "fiscal_year": "20x6"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-goals-title-error"' in html and 'id="f-fiscal-year-error"' in html
    assert 'value="20x6"' in html
    assert 'href="#f-goals-title"' in html
    with app.extensions["docgen_store"].transaction() as session:
        assert len(session.scalars(select(StudyRecord)).all()) == 1


def test_overview_shows_each_stage(client, login, demo_id):
    login("archivist")
    html = client.get(f"/studies/{demo_id}").get_data(as_text=True)
    for title in ("Identifikasi Tujuan dan Kebutuhan", "Pelaporan dan Diseminasi"):
        assert title in html
    assert html.count(">Lengkap<") == 4 and html.count(">Kosong<") == 3
    assert "Ringkasan" not in html
    assert "Simpulan" in html, "stage 7 lists what the final report still needs"
