"""Small helpers for the web tests: read a form's CSRF token, find a demo credential."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the form on `path`, read from the page as a browser would."""
    page = client.get(path)
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def credential(app, role: str):
    """The demo credential of `role`."""
    return next(c for c in app.config["DEMO_CREDENTIALS"] if c.role == role)


def sign_in(app, client, role: str = "staff"):
    cred = credential(app, role)
    response = client.post("/login", data={"email": cred.email, "password": cred.password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
