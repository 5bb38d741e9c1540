"""Bad input and security: CSRF, size limit, escaping, office scope, headers, error pages."""

from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import InternalServerError

from tests.web.pages import credential
from web.access import public

TRACEBACK_SIGNS = ("Traceback", 'File "', "werkzeug", "sqlalchemy", ".py", "Exception")


def _no_traceback(text: str) -> None:
    for sign in TRACEBACK_SIGNS:
        assert sign not in text, sign


def test_post_without_csrf_token_is_refused_kindly(app, client):
    staff = credential(app, "staff")
    response = client.post("/login", data={"email": staff.email, "password": staff.password})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Formulir sudah kedaluwarsa" in text
    _no_traceback(text)
    assert client.get("/").status_code == 302, "not signed in"


def test_post_with_a_forged_token_is_refused(client, login):
    login("staff")
    response = client.post("/studies/new", data={"goals.title": "x", "fiscal_year": "2026",
                                                 "csrf_token": "forged"})
    assert response.status_code == 400


def test_every_form_carries_a_csrf_token(client, login, demo_id):
    login("admin")
    for path in ("/", "/admin/", "/admin/users/new"):
        html = client.get(path).get_data(as_text=True)
        forms = re.findall(r"<form\b.*?</form>", html, flags=re.S)
        assert forms, path
        for form in forms:
            if re.search(r'method="post"', form, flags=re.I):
                assert 'name="csrf_token"' in form, (path, form[:120])


def test_request_size_is_limited(client):
    response = client.post("/login", data={"email": "a", "password": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "16 MB" in text
    _no_traceback(text)


def test_html_in_a_study_title_is_shown_as_text(client, login, post_form):
    login("staff")
    title = '<script>alert("x")</script><b onmouseover=alert(1)>Judul</b>'
    response = post_form("/studies/new", {"goals.title": title, "fiscal_year": "2026"})
    assert response.status_code == 302
    for path in (response.headers["Location"], "/"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html
        assert "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_html_in_a_form_value_is_escaped_when_shown_again(client, login, post_form):
    login("admin")
    response = post_form("/admin/users/new", {"name": '"><img src=x onerror=alert(1)>',
                                              "email": "bad", "role": "staff",
                                              "password": "", "password_again": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_another_offices_study_is_404(client, login, other_office):
    _, study_id, _ = other_office
    login("staff")
    for path in (f"/studies/{study_id}", f"/studies/{study_id}/documents",
                 f"/studies/{study_id}/documents.zip",
                 f"/studies/{study_id}/documents/spt/0.docx"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Rahasia kantor lain" not in response.get_data(as_text=True)
    assert "Rahasia kantor lain" not in client.get("/").get_data(as_text=True)


def test_another_offices_user_cannot_be_switched_off(app, client, login, other_office,
                                                    csrf):
    from sqlalchemy import select

    from docgen.store import User

    login("admin")
    with app.extensions["docgen_store"].transaction() as session:
        other = session.scalar(select(User).where(User.email == other_office[2]))
        other_id = other.id
    token = csrf("/admin/")
    assert client.post(f"/admin/users/{other_id}/active",
                       data={"csrf_token": token}).status_code == 404


def test_security_headers(client, login):
    for response in (client.get("/login"), login("staff").get("/")):
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script_or_style(client, login, demo_id):
    login("admin")
    for path in ("/login", "/", f"/studies/{demo_id}", f"/studies/{demo_id}/documents",
                 "/admin/", "/admin/users/new", "/nope"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "<style" not in html and " style=" not in html, path
        assert "//cdn" not in html and "https://" not in html, path


def test_unknown_page_is_friendly_404(client, login):
    for response in (client.get("/tidak-ada"), login("staff").get("/studies/99999")):
        assert response.status_code == 404
        text = response.get_data(as_text=True)
        assert "Halaman tidak ditemukan" in text
        _no_traceback(text)


@pytest.mark.parametrize("error", [RuntimeError("secret-detail in /srv/secret/path.py"),
                                   InternalServerError()])
def test_server_error_page_shows_no_stack_trace(make_app, error):
    app = make_app({"PROPAGATE_EXCEPTIONS": False})

    @app.get("/_boom")
    @public
    def boom():
        raise error

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in text
    assert "secret-detail" not in text and "/secret/path" not in text
    assert "RuntimeError" not in text
    _no_traceback(text)


def test_error_pages_are_friendly_for_each_code(make_app):
    from flask import abort

    app = make_app({"PROPAGATE_EXCEPTIONS": False})

    @app.get("/_abort/<int:code>")
    @public
    def aborter(code):
        abort(code)

    client = app.test_client()
    for code in (400, 403, 404, 405, 413, 429, 500):
        response = client.get(f"/_abort/{code}")
        assert response.status_code == code
        text = response.get_data(as_text=True)
        assert f"Kode galat {code}" in text
        _no_traceback(text)


def test_method_not_allowed_keeps_the_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "Tidak diizinkan" in response.get_data(as_text=True)


def test_behind_a_proxy_the_rate_limit_counts_each_client(make_app):
    from tests.web.pages import csrf_token

    app = make_app({"LOGIN_RATE_LIMIT": "2 per minute", "BEHIND_PROXY": True})
    client = app.test_client()
    token = csrf_token(client)
    data = {"email": "x@contoh.go.id", "password": "x", "csrf_token": token}

    def attempt(address):
        return client.post("/login", data=data,
                           headers={"X-Forwarded-For": address}).status_code

    assert [attempt("10.0.0.1") for _ in range(3)] == [422, 422, 429]
    assert attempt("10.0.0.2") == 422
