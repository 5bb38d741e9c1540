"""Fixtures of the web tests: an app on a temporary DOCGEN_HOME with the demo data, a client,
signing in by role (in a browser too), and posting a form with its CSRF token the way a browser does."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

import docgen.store.models as store_models
from docgen.store import Office, StudyRecord, User
from docgen.study import Goals, Study
from tests.web.pages import csrf_token, sign_in
from web import create_app

OTHER_PASSWORD = "kantor-lain-rahasia"


TODAY = date(2026, 11, 29)
"""The office's "today" in the web tests: issue dates in them are checked against a window
around today (web/archive.py), so the tests keep one calendar whatever day they run."""


@pytest.fixture(autouse=True)
def _office_today(monkeypatch):
    import docgen.archive
    import web.documents

    monkeypatch.setattr(docgen.archive, "today", lambda office=None: TODAY)
    monkeypatch.setattr(web.documents, "office_today", lambda office=None: TODAY)


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    """scrypt at a low cost: the tests sign in often, and the cost is not what they test."""
    monkeypatch.setattr(store_models, "PASSWORD_METHOD", "scrypt:1024:8:1")


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """Build apps on the test's own DOCGEN_HOME (and dispose of their engines)."""
    home = tmp_path / "home"
    monkeypatch.setenv("DOCGEN_HOME", str(home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    apps = []

    def make(config: dict | None = None, *, demo: bool = True):
        settings = {"TESTING": True, "DOCGEN_HOME": home}
        settings.update(config or {})
        app = create_app(settings, demo=demo)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["docgen_store"].dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf(client):
    """The CSRF token of the form on a page: ``csrf("/admin/")``."""
    return lambda path="/login": csrf_token(client, path)


@pytest.fixture
def post_form(client):
    """POST `data` to `path` with the token of the form on `form_page` (default: `path`)."""

    def post(path: str, data: dict, form_page: str | None = None, **kwargs):
        token = csrf_token(client, form_page or path)
        return client.post(path, data={**data, "csrf_token": token}, **kwargs)

    return post


@pytest.fixture
def login(app, client):
    """Sign the client in as the demo user with `role`; returns the client."""

    return lambda role="staff": sign_in(app, client, role)


@pytest.fixture
def live(app):
    """For browser tests: a live server of `app` and a Chromium page (an Indonesian browser
    in WIB) signed in as the demo staff: the page, the base URL and the console messages
    (tests/web/browser_helpers.py)."""
    from tests.web.browser_helpers import signed_in

    messages: list[str] = []
    with signed_in(app, "staff", messages, accept_downloads=True) as (page, base):
        yield page, base, messages


@pytest.fixture
def other_office(app):
    """A second office with its own staff user and study: (office id, study id, email)."""
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = Office(name="Dinas Lain", profile={"name": "DINAS LAIN"})
        user = User(office=office, email="staf@dinas-lain.go.id", name="Staf Lain",
                    role="staff")
        user.set_password(OTHER_PASSWORD)
        record = StudyRecord(office=office,
                             data=Study(goals=Goals(title="Rahasia kantor lain")),
                             created_by=user, updated_by=user)
        session.add_all([office, user, record])
        session.flush()
        ids = (office.id, record.id, user.email)
    return ids


@pytest.fixture
def example_id(app) -> int:
    """A study of the demo office holding the whole example (every stage filled, four
    example photos), made by the demo staff; its record id."""
    from docgen.example import example_study

    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        user = session.scalar(select(User).where(User.role == "staff"))
        record = StudyRecord(office=office, data=example_study(), created_by=user,
                             updated_by=user)
        session.add(record)
        session.flush()
        return record.id


@pytest.fixture
def demo_id(app) -> int:
    """The id of the demo study."""
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        return session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
