"""Roles: staff edit, signers and archivists read and download, admins run the office."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docgen.store import User


@pytest.mark.parametrize("role", ["staff", "signer", "archivist"])
def test_only_admins_open_the_office_pages(client, login, role):
    login(role)
    for path in ("/admin/", "/admin/users/new"):
        response = client.get(path)
        assert response.status_code == 403
        assert "Tidak diizinkan" in response.get_data(as_text=True)
    assert 'href="/admin/"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["signer", "archivist", "admin"])
def test_only_staff_create_studies(client, login, role):
    login(role)
    assert client.get("/studies/new").status_code == 403
    assert 'href="/studies/new"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "signer", "archivist", "admin"])
def test_every_role_sees_the_office_studies(client, login, role, demo_id):
    login(role)
    assert client.get(f"/studies/{demo_id}").status_code == 200
    assert client.get(f"/studies/{demo_id}/documents").status_code == 200


def test_admin_sees_profile_and_users(client, login):
    login("admin")
    html = client.get("/admin/").get_data(as_text=True)
    assert "PEMERINTAH KABUPATEN SLEMAN" in html
    assert "Ir. Hendra Wicaksono, M.T." in html
    for email in ("staf@contoh.go.id", "penandatangan@contoh.go.id", "arsiparis@contoh.go.id",
                  "admin@contoh.go.id"):
        assert email in html
    assert "Pejabat penanda tangan" in html


def test_admin_adds_a_user_who_can_then_sign_in(app, client, login, post_form):
    login("admin")
    response = post_form("/admin/users/new", {
        "name": "Sari Arsip", "email": "Sari@Contoh.go.id", "role": "archivist",
        "password": "arsip-rahasia-1", "password_again": "arsip-rahasia-1"})
    assert response.status_code == 302
    assert "sari@contoh.go.id" in client.get("/admin/").get_data(as_text=True)
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == "sari@contoh.go.id"))
        assert (user.role, user.office.name) == ("archivist", "Bappeda Kabupaten Sleman (demo)")
        assert user.check_password("arsip-rahasia-1")


def test_add_user_form_shows_each_error_beside_its_field(client, login, post_form):
    login("admin")
    response = post_form("/admin/users/new", {
        "name": "", "email": "staf@contoh.go.id", "role": "boss",
        "password": "pendek", "password_again": "pendek"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-name-error"' in html and 'id="f-email-error"' in html
    assert 'id="f-role-error"' in html and 'id="f-password-error"' in html
    assert "Surel ini sudah punya akun." in html
    assert 'aria-describedby="f-email-error"' in html
    assert 'href="#f-email"' in html, "the summary links to the field"
    assert 'value="staf@contoh.go.id"' in html, "what was typed is kept"


def test_admin_switches_a_user_off_and_on(app, client, login, csrf):
    login("admin")
    with app.extensions["docgen_store"].transaction() as session:
        staff_id = session.scalar(select(User.id).where(User.email == "staf@contoh.go.id"))
        admin_id = session.scalar(select(User.id).where(User.email == "admin@contoh.go.id"))
    token = csrf("/admin/")
    assert client.post(f"/admin/users/{staff_id}/active",
                       data={"csrf_token": token}).status_code == 302
    with app.extensions["docgen_store"].transaction() as session:
        assert session.get(User, staff_id).active is False
    client.post(f"/admin/users/{admin_id}/active", data={"csrf_token": token})
    with app.extensions["docgen_store"].transaction() as session:
        assert session.get(User, admin_id).active is True, "an admin cannot lock out himself"
    client.post(f"/admin/users/{staff_id}/active", data={"csrf_token": token})
    with app.extensions["docgen_store"].transaction() as session:
        assert session.get(User, staff_id).active is True
