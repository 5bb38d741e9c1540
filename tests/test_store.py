"""The store: migrations, models, uploads and demo data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import os
import stat
import zipfile

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pydantic import ValidationError
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from docgen.example import example_study
from docgen.home import docgen_home, private_secret
from docgen.progress import stage_status
from docgen.render import DEFAULT_LOGO
from docgen.store import (
    Base,
    DocumentDownload,
    Office,
    Store,
    StudyRecord,
    UploadedFile,
    UploadRejected,
    User,
    current_revision,
    database_url,
    head_revision,
    normalize_url,
    save_upload,
    sniff,
)
from docgen.store.demo import DEMO_USERS, PASSWORD_FILE, seed_demo
from docgen.study import StudyInvalid

TABLES = {"offices", "users", "api_tokens", "studies", "uploaded_files", "document_downloads",
          "number_sequences", "letter_numbers", "archive_records", "archive_events",
          "archive_files", "user_sessions", "followup_settings", "followup_reminders",
          "template_versions", "template_choices", "template_events",
          "review_chains", "review_settings", "reviews", "review_events", "office_kinds",
          "signed_copy_withdrawals", "jobs", "job_parts",
          "form_drafts", "conversions", "record_pdfs"}
PNG = DEFAULT_LOGO.read_bytes()  # a real image: uploads are decoded before they are kept
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.fixture
def store(db_url, tmp_path):
    store = Store(db_url, home=tmp_path / "home")
    store.upgrade()
    yield store
    store.dispose()


def _office(session) -> Office:
    office = Office(name="Bappeda Sleman", profile=example_study().office)
    session.add(office)
    session.flush()
    return office


def _user(session, office, email="a@contoh.go.id", role="staff") -> User:
    user = User(office=office, email=email, name="A", role=role)
    user.set_password("rahasia-sekali")
    session.add(user)
    session.flush()
    return user


# --- migrations -----------------------------------------------------------------------


def test_migrations_create_every_table(store):
    tables = set(inspect(store.engine).get_table_names())
    assert TABLES | {"alembic_version"} == tables
    assert current_revision(store.engine) == head_revision() == "0014"


def test_migrated_schema_matches_the_models(store):
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_twice_changes_nothing(store):
    with store.transaction() as session:
        _office(session)
    store.upgrade()
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Office)) == 1


def test_sqlite_file_uses_wal(tmp_path):
    store = Store(home=tmp_path)
    store.upgrade()
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "docgen.sqlite3").is_file()
    store.dispose()


def test_database_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url(tmp_path) == f"sqlite:///{tmp_path / 'docgen.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/docgen")
    assert database_url(tmp_path) == "postgresql+psycopg://u:p@db.example/docgen"
    assert normalize_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalize_url("postgresql+psycopg://x/y") == "postgresql+psycopg://x/y"


def test_home_folder_from_environment_or_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_HOME", str(tmp_path / "h"))
    assert docgen_home() == (tmp_path / "h").resolve()
    assert (tmp_path / "h").is_dir()
    monkeypatch.delenv("DOCGEN_HOME")
    home = docgen_home(create=False)
    assert home.name == "docgen" and home.is_absolute()


def test_secret_is_made_once_and_private(tmp_path):
    path = tmp_path / "secret_key"
    first = private_secret(path)
    assert len(first) == 64
    assert private_secret(path) == first
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


# --- models -----------------------------------------------------------------------------


def test_office_profile_is_validated(store):
    with store.transaction() as session:
        office = _office(session)
        assert office.office_profile.short_name == "Bappeda"
        with pytest.raises(ValidationError):
            office.profile = {"paper": "A5"}


def test_study_roundtrip_keeps_every_value(store):
    study = example_study()
    with store.transaction() as session:
        office = _office(session)
        user = _user(session, office)
        record = StudyRecord(office=office, data=study, created_by=user, updated_by=user)
        session.add(record)
    with store.transaction() as session:
        loaded = session.scalars(select(StudyRecord)).one()
        assert loaded.study == study
        assert loaded.title == study.goals.title
        assert loaded.created_by.email == "a@contoh.go.id"


def test_invalid_study_data_is_refused():
    with pytest.raises(StudyInvalid):
        StudyRecord(data={"plan": {"team": [{"nip": "123"}]}})


def test_save_records_who_and_when(store):
    with store.transaction() as session:
        office = _office(session)
        user = _user(session, office)
        record = StudyRecord(office=office, data={})
        session.add(record)
        session.flush()
        before = record.updated_at
        study = record.study
        study.goals.title = "Judul baru"
        record.save(study, user)
    with store.transaction() as session:
        loaded = session.scalars(select(StudyRecord)).one()
        assert loaded.title == "Judul baru"
        assert loaded.updated_by.id == user.id
        assert loaded.updated_at.replace(tzinfo=None) >= before.replace(tzinfo=None)


def test_email_is_unique_and_normalised(store):
    with store.transaction() as session:
        office = _office(session)
        user = _user(session, office, email="  Staf@Contoh.GO.id ")
        assert user.email == "staf@contoh.go.id"
    with pytest.raises(IntegrityError), store.transaction() as session:
        office = session.scalars(select(Office)).one()
        _user(session, office, email="staf@contoh.go.id")


def test_password_is_hashed_with_scrypt(store):
    with store.transaction() as session:
        user = _user(session, _office(session))
        assert user.password_hash.startswith("scrypt:")
        assert user.password_hash.startswith("scrypt:32768:8:1$"), "werkzeug's default cost"
        assert "rahasia-sekali" not in user.password_hash
        assert user.check_password("rahasia-sekali")
        assert not user.check_password("rahasia-sekali ")


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown role"):
        User(email="x@y.id", name="X", role="boss")


def test_deleting_an_office_deletes_its_studies(store):
    with store.transaction() as session:
        office = _office(session)
        session.add(StudyRecord(office=office, data={}))
    with store.transaction() as session:
        session.delete(session.scalars(select(Office)).one())
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(StudyRecord)) == 0


def test_download_record(store):
    with store.transaction() as session:
        office = _office(session)
        user = _user(session, office)
        record = StudyRecord(office=office, data={})
        session.add(DocumentDownload(study=record, kind="spt", item=None, filename="spt.docx",
                                     user=user, sha256="0" * 64))
    with store.transaction() as session:
        row = session.scalars(select(DocumentDownload)).one()
        assert (row.kind, row.user.email, row.study.office.name) == (
            "spt", "a@contoh.go.id", "Bappeda Sleman")


# --- uploads ------------------------------------------------------------------------------


def test_sniff_reads_content_not_names():
    assert sniff(PNG) == "image/png"
    assert sniff(JPEG) == "image/jpeg"
    assert sniff(xlsx_bytes()).endswith("spreadsheetml.sheet")
    assert sniff(b"<html><script>alert(1)</script>") is None
    assert sniff(b"PK\x03\x04 not really a zip") is None


def test_upload_is_stored_under_its_sha256(store):
    with store.transaction() as session:
        office = _office(session)
        record = save_upload(session, store.files, office=office, purpose="logo",
                             original_name="../../etc/passwd.png", data=PNG)
        again = save_upload(session, store.files, office=office, purpose="logo",
                            original_name="copy.png", data=PNG)
    assert record.storage_key == f"{record.sha256[:2]}/{record.sha256}"
    assert record.original_name == "passwd.png"
    assert record.content_type == "image/png" and record.size == len(PNG)
    assert store.files.read(record.storage_key) == PNG
    assert again.storage_key == record.storage_key
    stored = [p for p in (store.home / "files").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [record.sha256]
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(UploadedFile)) == 2


@pytest.mark.parametrize(("purpose", "data", "code"), [
    ("logo", xlsx_bytes(), "upload_type"),
    ("budget", PNG, "upload_type"),
    ("logo", b"GIF89a" + b"\x00" * 10, "upload_type"),
    ("logo", b"", "upload_empty"),
    ("logo", PNG + b"\x00" * (1024 * 1024), "upload_too_large"),
])
def test_upload_refused(store, purpose, data, code):
    with store.transaction() as session:
        office = _office(session)
        with pytest.raises(UploadRejected) as caught:
            save_upload(session, store.files, office=office, purpose=purpose,
                        original_name="file.png", data=data, field="office.logo")
    assert caught.value.problem.code == code
    assert caught.value.problem.path == "office.logo"
    assert not (store.home / "files").exists() or not any((store.home / "files").rglob("*"))


def test_storage_keys_are_never_paths(store):
    for key in ("../secret_key", "ab/../../x", "AB/" + "A" * 64):
        with pytest.raises(ValueError):
            store.files.path(key)


# --- demo data ------------------------------------------------------------------------------


@pytest.fixture
def cheap_hashes(monkeypatch):
    import docgen.store.models as store_models

    monkeypatch.setattr(store_models, "PASSWORD_METHOD", "scrypt:1024:8:1")


def test_demo_seeding_is_idempotent(store, cheap_hashes):
    with store.transaction() as session:
        first = seed_demo(session, store.home)
    with store.transaction() as session:
        second = seed_demo(session, store.home)
    assert first == second
    assert [c.role for c in first] == ["staff", "signer", "archivist", "admin", "staff"]
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Office)) == 1
        assert session.scalar(select(func.count()).select_from(User)) == len(DEMO_USERS)
        record = session.scalars(select(StudyRecord)).one()
        for credential in first:
            user = session.scalar(select(User).where(User.email == credential.email))
            assert user.check_password(credential.password)
            assert user.role == credential.role
        assert [state for _, state in stage_status(record.study)] == [
            "complete"] * 4 + ["empty"] * 3
    assert stat.S_IMODE(os.stat(store.home / PASSWORD_FILE).st_mode) == 0o600


def test_demo_seeding_makes_new_passwords_when_the_file_is_lost(store, cheap_hashes):
    with store.transaction() as session:
        first = seed_demo(session, store.home)
    (store.home / PASSWORD_FILE).unlink()
    with store.transaction() as session:
        second = seed_demo(session, store.home)
        for credential in second:
            user = session.scalar(select(User).where(User.email == credential.email))
            assert user.check_password(credential.password)
    assert {c.password for c in first}.isdisjoint({c.password for c in second})


def test_demo_archive_issues_the_first_documents_once(store, cheap_hashes):
    from docgen.store import ArchiveRecord
    from docgen.store.demo import DEMO_ISSUED, seed_demo_archive

    with store.transaction() as session:
        seed_demo(session, store.home)
    with store.session() as session:
        assert seed_demo_archive(session, store.home, "https://arsip.contoh.go.id") == 3
        assert seed_demo_archive(session, store.home, "https://arsip.contoh.go.id") == 0
        records = session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)).all()
    assert [r.kind for r in records] == list(DEMO_ISSUED)
    assert [r.number.split("/")[1] for r in records] == ["1", "2", "3"]
    # issued by the signer's approval, after the staff's submission and the paraf
    assert all("penandatangan@contoh.go.id" in r.created_by_name for r in records)


# --- API tokens -------------------------------------------------------------------------------


def test_api_tokens_are_kept_hashed_unique_and_go_with_their_user(store):
    from docgen.store import ApiToken

    with store.transaction() as session:
        user = _user(session, _office(session))
        row, token = ApiToken.issue(user, "  SIPD  ")
        session.add(row)
        session.flush()
        assert (row.name, row.hint, row.active) == ("SIPD", token[:10], True)
        assert row.token_hash == ApiToken.digest(token) != token
        user_id = user.id
    with pytest.raises(IntegrityError), store.transaction() as session:
        twin = ApiToken(user=session.get(User, user_id), token_hash=ApiToken.digest(token),
                        hint="x")
        session.add(twin)
    with store.transaction() as session:
        found = session.scalar(select(ApiToken).where(
            ApiToken.token_hash == ApiToken.digest(token)))
        found.revoke()
        first_revoked = found.revoked_at
        found.revoke()
        assert found.revoked_at == first_revoked and not found.active
        session.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
