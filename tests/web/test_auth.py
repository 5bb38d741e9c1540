"""Signing in and out, sessions, the login rate limit."""

from __future__ import annotations

import time

import time_machine
from sqlalchemy import select

from docgen.store import User
from tests.web.pages import credential, csrf_token, sign_in


def test_pages_need_sign_in(client):
    for path in ("/", "/studies/new", "/studies/1", "/studies/1/documents", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next=")


def test_login_page_and_static_files_are_open(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert 'name="email"' in page.get_data(as_text=True)
    css = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data[:200]


def test_sign_in_with_the_right_password(app, client, login):
    login("staff")
    page = client.get("/").get_data(as_text=True)
    assert "Rina Staf (demo)" in page
    assert "Bappeda Kabupaten Sleman (demo)" in page


def test_wrong_password_or_unknown_email_says_the_same(app, client, post_form):
    staff = credential(app, "staff")
    wrong = post_form("/login", {"email": staff.email, "password": "salah-salah-salah"})
    unknown = post_form("/login", {"email": "siapa@contoh.go.id", "password": "x"})
    assert wrong.status_code == unknown.status_code == 422
    for response in (wrong, unknown):
        text = response.get_data(as_text=True)
        assert "Surel atau kata sandi salah." in text
        assert 'aria-invalid="true"' in text
    assert client.get("/").status_code == 302


def test_email_is_matched_without_case_or_spaces(app, client, post_form):
    staff = credential(app, "staff")
    response = post_form("/login", {"email": f"  {staff.email.upper()} ",
                                    "password": staff.password})
    assert response.status_code == 302


def test_switched_off_user_cannot_sign_in(app, client, post_form):
    staff = credential(app, "staff")
    with app.extensions["docgen_store"].transaction() as session:
        session.scalar(select(User).where(User.email == staff.email)).active = False
    response = post_form("/login", {"email": staff.email, "password": staff.password})
    assert response.status_code == 422


def test_login_attempts_are_rate_limited(make_app):
    app = make_app({"LOGIN_RATE_LIMIT": "3 per minute"})
    client = app.test_client()
    token = csrf_token(client)
    data = {"email": "staf@contoh.go.id", "password": "tebakan", "csrf_token": token}
    codes = [client.post("/login", data=data).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    page = client.post("/login", data=data)
    assert page.status_code == 429
    assert "Terlalu banyak percobaan masuk" in page.get_data(as_text=True)
    assert client.get("/login").status_code == 200, "viewing the form is not limited"


def test_default_rate_limit_is_ten_per_minute(client, csrf):
    token = csrf("/login")
    data = {"email": "staf@contoh.go.id", "password": "tebakan", "csrf_token": token}
    codes = [client.post("/login", data=data).status_code for _ in range(11)]
    assert codes[:10] == [422] * 10 and codes[10] == 429


def test_sign_out_needs_post_and_ends_the_session(client, login):
    login("signer")
    assert client.get("/logout").status_code == 405
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_session_cookie_flags(app, client, login):
    login("staff")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert cookie.expires is not None, "a permanent session has an expiry"


def test_session_expires(make_app):
    app = make_app({"PERMANENT_SESSION_LIFETIME": 1})
    client = sign_in(app, app.test_client())
    assert client.get("/").status_code == 200
    with time_machine.travel(time.time() + 2.1, tick=True):  # the lifetime of 1 s is over
        assert client.get("/").status_code == 302


def test_changed_password_signs_out_other_sessions(app, client, login):
    login("staff")
    assert client.get("/").status_code == 200
    staff = credential(app, "staff")
    with app.extensions["docgen_store"].transaction() as session:
        session.scalar(select(User).where(User.email == staff.email)).set_password(
            "kata-sandi-baru-sekali")
    assert client.get("/").status_code == 302


def test_next_goes_only_to_this_site(app, client, post_form, csrf):
    staff = credential(app, "staff")
    data = {"email": staff.email, "password": staff.password}
    response = post_form("/login?next=https://evil.example/x", data, form_page="/login")
    assert response.headers["Location"] == "/"
    client.post("/logout", data={"csrf_token": csrf("/")})
    response = post_form("/login?next=/admin/", data, form_page="/login")
    assert response.headers["Location"] == "/admin/"
