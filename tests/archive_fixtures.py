"""Fixtures of the archive tests: a migrated store (SQLite, and PostgreSQL when it answers),
its archive folder, a session, and the example office with an archivist and the example
study. A test module takes them with ``from tests.archive_fixtures import ...``."""

from __future__ import annotations

import pytest

from docgen import archive
from docgen.example import example_study
from docgen.store import Office, Store, StudyRecord, User

__all__ = ["people", "session", "setup", "storage", "store"]


@pytest.fixture
def store(db_url, tmp_path):
    store = Store(db_url, home=tmp_path / "home")
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture
def storage(store):
    return archive.LocalStorage(archive.archive_dir(store.home))


@pytest.fixture
def session(store):
    with store.session() as session:
        yield session


@pytest.fixture
def setup(session):
    """The example office, its archivist (Dewi) and the example study: (office, user, record)."""
    study = example_study()
    office = Office(name="Bappeda Kabupaten Sleman", profile=study.office)
    user = User(office=office, email="arsip@contoh.go.id", name="Dewi Arsiparis",
                role="archivist", password_hash="x")
    record = StudyRecord(office=office, data=study)
    session.add_all([office, user, record])
    session.commit()
    return office, user, record


@pytest.fixture
def people(session, setup):
    """Staff (Rina), a reviewer (Kasubbag, a staff user), the signer (Hendra), and the
    archivist of the fixture: a dict by short name."""
    office, archivist, record = setup
    made = {
        "staff": User(office=office, email="rina@contoh.go.id", name="Rina", role="staff"),
        "kasubbag": User(office=office, email="kasubbag@contoh.go.id", name="Budi Kasubbag",
                         role="staff"),
        "signer": User(office=office, email="kepala@contoh.go.id", name="Hendra",
                       role="signer"),
    }
    for user in made.values():
        user.password_hash = "x"
    session.add_all(made.values())
    session.commit()
    made["archivist"] = archivist
    return made
