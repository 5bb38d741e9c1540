"""The service on each database: SQLite always, PostgreSQL where reachable (``db_url``)."""

from __future__ import annotations

from sqlalchemy import func, select

from docgen.store import DocumentDownload, StudyRecord
from tests.web.pages import csrf_token, sign_in


def test_the_service_runs_on_each_database(make_app, db_url):
    app = make_app({"DATABASE_URL": db_url})
    assert app.extensions["docgen_store"].engine.dialect.name == (
        "postgresql" if db_url.startswith("postgresql") else "sqlite")
    client = sign_in(app, app.test_client(), "staff")
    response = client.post("/studies/new", data={
        "goals.title": "<i>Studi</i> di basis data", "fiscal_year": "2026",
        "csrf_token": csrf_token(client, "/studies/new")})
    assert response.status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert "&lt;i&gt;Studi&lt;/i&gt; di basis data" in html
    assert "Studi Banding Penerapan E-Budgeting" in html
    with app.extensions["docgen_store"].transaction() as session:
        demo_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    assert client.get(f"/studies/{demo_id}/documents/spt/0.docx").status_code == 200
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(func.count()).select_from(DocumentDownload)) == 1


def test_demo_seeding_is_idempotent_across_starts(make_app, db_url):
    first = make_app({"DATABASE_URL": db_url})
    second = make_app({"DATABASE_URL": db_url})
    assert first.config["DEMO_CREDENTIALS"] == second.config["DEMO_CREDENTIALS"]
    with second.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(func.count()).select_from(StudyRecord)) == 1
    sign_in(second, second.test_client(), "admin")


def test_another_offices_study_is_404_on_each_database(make_app, db_url):
    from docgen.store import Office
    from docgen.study import Goals, Study

    app = make_app({"DATABASE_URL": db_url})
    with app.extensions["docgen_store"].transaction() as session:
        record = StudyRecord(office=Office(name="Lain", profile={}),
                             data=Study(goals=Goals(title="Milik kantor lain")))
        session.add(record)
        session.flush()
        other_id = record.id
    client = sign_in(app, app.test_client(), "signer")
    assert client.get(f"/studies/{other_id}").status_code == 404
    assert client.get(f"/studies/{other_id}/documents.zip").status_code == 404


def test_a_nul_in_a_filter_or_a_sign_in_is_no_server_error_on_each_database(make_app, db_url):
    """PostgreSQL refuses NUL in text: the request's parameters arrive without it."""
    app = make_app({"DATABASE_URL": db_url})
    client = app.test_client()
    response = client.post("/login", data={"email": "staf@contoh.go.id\x00",
                                           "password": "salah\x00",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code in (200, 422), response.status_code
    client = sign_in(app, app.test_client(), "archivist")
    for path in ("/arsip?classification=000%00.1", "/arsip?q=a%00b", "/tindak-lanjut?owner=%00"):
        assert client.get(path).status_code == 200, path
