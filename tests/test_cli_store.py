"""`docgen db upgrade` and `docgen admin create-user` on the database in DOCGEN_HOME."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import docgen.store.models as store_models
from docgen.cli import main
from docgen.store import Office, Store, User, current_revision, head_revision


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setattr(store_models, "PASSWORD_METHOD", "scrypt:1024:8:1")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path / "home"


def run(home, *args: str, input: str | None = None, lang: str = "id"):
    return CliRunner().invoke(main, list(args), input=input,
                              env={"DOCGEN_HOME": str(home), "DOCGEN_LANG": lang})


def test_db_upgrade_creates_the_schema(home):
    result = run(home, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert f"revisi {head_revision()}" in result.output
    store = Store(home=home)
    assert current_revision(store.engine) == head_revision()
    store.dispose()


def test_create_the_first_admin_with_a_new_office(home):
    result = run(home, "admin", "create-user", "--email", "Admin@Bappeda.go.id",
                 "--name", "Admin Bappeda", "--office", "Bappeda Kota Contoh",
                 input="rahasia-admin-1\nrahasia-admin-1\n")
    assert result.exit_code == 0, result.output
    assert "kantor baru dibuat: Bappeda Kota Contoh" in result.output
    assert "rahasia-admin-1" not in result.output, "the password is not echoed"
    store = Store(home=home)
    with store.transaction() as session:
        user = session.scalar(select(User))
        assert (user.email, user.role, user.office.name) == (
            "admin@bappeda.go.id", "admin", "Bappeda Kota Contoh")
        assert user.check_password("rahasia-admin-1")
    store.dispose()


def test_second_user_joins_the_office_by_name_or_id(home):
    run(home, "admin", "create-user", "--email", "a@x.go.id", "--name", "A",
        "--office", "Dinas X", input="rahasia-admin-1\nrahasia-admin-1\n")
    by_id = run(home, "admin", "create-user", "--email", "b@x.go.id", "--name", "B",
                "--role", "staff", "--office", "1", input="rahasia-staf-11\nrahasia-staf-11\n")
    assert by_id.exit_code == 0, by_id.output
    store = Store(home=home)
    with store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Office)) == 1
        assert [u.role for u in session.scalars(select(User).order_by(User.id))] == [
            "admin", "staff"]
    store.dispose()


def test_short_password_is_asked_again(home):
    result = run(home, "admin", "create-user", "--email", "a@x.go.id", "--name", "A",
                 "--office", "Dinas X",
                 input="pendek\npendek\ncukup-panjang-1\ncukup-panjang-1\n", lang="en")
    assert result.exit_code == 0, result.output
    assert "at least 10 characters" in result.output


def test_taken_email_and_unknown_office_id_are_errors(home):
    run(home, "admin", "create-user", "--email", "a@x.go.id", "--name", "A",
        "--office", "Dinas X", input="rahasia-admin-1\nrahasia-admin-1\n")
    taken = run(home, "admin", "create-user", "--email", "A@x.go.id", "--name", "A2",
                "--office", "Dinas X", input="rahasia-admin-1\nrahasia-admin-1\n")
    assert taken.exit_code == 1 and "sudah dipakai" in taken.output
    unknown = run(home, "admin", "create-user", "--email", "c@x.go.id", "--name", "C",
                  "--office", "42", input="rahasia-admin-1\nrahasia-admin-1\n")
    assert unknown.exit_code == 1 and "kantor 42 tidak ada" in unknown.output


def test_role_choices_are_the_store_roles():
    from docgen.store import ROLES

    command = main.commands["admin"].commands["create-user"]
    role = next(p for p in command.params if p.name == "role")
    assert tuple(role.type.choices) == ROLES


def test_an_unknown_office_id_is_refused_before_the_password_is_asked(home):
    result = run(home, "admin", "create-user", "--email", "c@x.go.id", "--name", "C",
                 "--office", "7", input="")
    assert result.exit_code == 1 and "kantor 7 tidak ada" in result.output
    assert "Kata sandi" not in result.output
