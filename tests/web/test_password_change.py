"""A user changes their own password (``/akun/kata-sandi``) and an admin sets a new one for
a user of their office: either ends every older sign-in of that account, while the browser
that changed its own password stays signed in with a new session."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from docgen.store import User, UserSession
from tests.web.pages import credential, csrf_token, sign_in

PAGE = "/akun/kata-sandi"
NEW = "kata-sandi-baru-sekali"


def _cookie(app, client) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def _with_cookie(app, value: str):
    """A new browser holding a copy of a session cookie."""
    fresh = app.test_client()
    fresh.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return fresh


def _signed_out(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def _signs_in(app, email: str, password: str) -> bool:
    browser = app.test_client()
    response = browser.post("/login", data={"email": email, "password": password,
                                            "csrf_token": csrf_token(browser)})
    return response.status_code == 302 and browser.get("/").status_code == 200


def _user_id(app, role: str) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalar(select(User.id).where(User.email == credential(app, role).email))


def _epoch(app, role: str) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalar(select(User.session_epoch).where(
            User.email == credential(app, role).email))


def _change(client, current: str, new: str, again: str | None = None, token: str | None = None):
    return client.post(PAGE, data={
        "current_password": current, "new_password": new,
        "new_password_again": new if again is None else again,
        "csrf_token": token or csrf_token(client, PAGE)})


def _field_error(html: str, name: str) -> str:
    """The message shown beside field `name` (empty when there is none)."""
    match = re.search(rf'<div id="f-{name}-error" class="invalid-feedback d-block">([^<]*)</div>',
                      html)
    return match.group(1) if match else ""


# --- changing one's own password ------------------------------------------------------------


def test_the_page_is_in_the_user_menu_and_needs_a_sign_in(app, client, login):
    assert _signed_out(client.get(PAGE))
    login("staff")
    assert f'href="{PAGE}"' in client.get("/").get_data(as_text=True)
    html = client.get(PAGE).get_data(as_text=True)
    assert "Ganti kata sandi" in html
    for name in ("current_password", "new_password", "new_password_again"):
        assert f'name="{name}"' in html
    assert 'autocomplete="current-password"' in html and 'autocomplete="new-password"' in html


def test_changing_it_refuses_an_old_copy_of_the_cookie_but_keeps_this_browser(app):
    staff = credential(app, "staff")
    browser = sign_in(app, app.test_client(), "staff")
    other_device = sign_in(app, app.test_client(), "staff")
    signer = sign_in(app, app.test_client(), "signer")
    copied = _cookie(app, browser)
    assert _with_cookie(app, copied).get("/").status_code == 200

    response = _change(browser, staff.password, NEW)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = browser.get("/")
    assert page.status_code == 200, "the browser that changed it stays signed in"
    assert "Kata sandi Anda sudah diganti" in page.get_data(as_text=True)
    assert _cookie(app, browser) != copied, "with a new session"

    replay = _with_cookie(app, copied)
    assert _signed_out(replay.get("/"))
    assert _signed_out(replay.get(PAGE))
    assert _signed_out(other_device.get("/")), "other devices are signed out"
    assert signer.get("/").status_code == 200, "other users are not touched"
    with app.extensions["docgen_store"].transaction() as session:
        rows = session.scalars(select(UserSession).join(User).where(
            User.email == staff.email)).all()
        assert len(rows) == 1, "only the new sign-in is kept"
    assert not _signs_in(app, staff.email, staff.password), "the old password is refused"
    assert _signs_in(app, staff.email, NEW)


@pytest.mark.parametrize(("current", "new", "again", "field", "message"), [
    ("salah-sekali-123", NEW, None, "current_password", "Kata sandi saat ini salah."),
    (None, "pendek", None, "new_password", "Paling sedikit 10 karakter."),
    (None, NEW, NEW + "x", "new_password_again", "Kedua kata sandi tidak sama."),
    (None, None, None, "new_password", "Kata sandi baru sama dengan kata sandi saat ini"),
])
def test_each_wrong_input_is_shown_beside_its_field_and_changes_nothing(
        app, client, login, current, new, again, field, message):
    staff = credential(app, "staff")
    login("staff")
    copied = _cookie(app, client)
    epoch = _epoch(app, "staff")
    current = staff.password if current is None else current
    new = staff.password if new is None else new
    response = _change(client, current, new, again)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in _field_error(html, field.replace("_", "-")), html
    assert 'id="error-summary"' in html
    assert f'name="{field}"' in html and 'aria-invalid="true"' in html
    others = {"current_password", "new_password", "new_password_again"} - {field}
    assert not any(_field_error(html, name.replace("_", "-")) for name in others)
    assert _epoch(app, "staff") == epoch
    assert client.get("/").status_code == 200
    assert _with_cookie(app, copied).get("/").status_code == 200, "no session ended"
    assert _signs_in(app, staff.email, staff.password), "the old password still works"


def test_all_wrong_inputs_at_once_are_all_shown(app, client, login):
    login("staff")
    response = _change(client, "salah-sekali-123", "pendek", "lain")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for name in ("current-password", "new-password", "new-password-again"):
        assert _field_error(html, name)
    assert NEW not in html and "salah-sekali-123" not in html, "passwords are not echoed"


def test_in_english(app, client, login):
    login("staff")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client, "/")})
    assert "Change password" in client.get("/").get_data(as_text=True)
    html = _change(client, "wrong-password-1", NEW).get_data(as_text=True)
    assert "The current password is wrong." in _field_error(html, "current-password")
    staff = credential(app, "staff")
    page = client.post(PAGE, data={
        "current_password": staff.password, "new_password": NEW, "new_password_again": NEW,
        "csrf_token": csrf_token(client, PAGE)}, follow_redirects=True)
    assert "Your password is changed." in page.get_data(as_text=True)


def test_without_the_csrf_token_it_is_refused(app, client, login):
    staff = credential(app, "staff")
    login("staff")
    epoch = _epoch(app, "staff")
    response = client.post(PAGE, data={"current_password": staff.password,
                                       "new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 400
    assert _epoch(app, "staff") == epoch
    assert _signs_in(app, staff.email, staff.password)


def test_attempts_are_limited_per_account(make_app):
    app = make_app({"PASSWORD_CHANGE_LIMIT": "3 per 15 minutes"})
    staff = credential(app, "staff")
    browser = sign_in(app, app.test_client(), "staff")
    token = csrf_token(browser, PAGE)
    codes = [_change(browser, f"tebakan-{n}-salah", NEW, token=token).status_code
             for n in range(3)]
    assert codes == [422, 422, 422]
    locked = _change(browser, staff.password, NEW, token=token)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan mengganti kata sandi" in locked.get_data(as_text=True)
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    other = sign_in(app, app.test_client(), "staff")
    assert _change(other, staff.password, NEW).status_code == 429, "from any browser"
    assert _signs_in(app, staff.email, staff.password), "nothing changed"
    signer = sign_in(app, app.test_client(), "signer")
    assert _change(signer, credential(app, "signer").password, NEW).status_code == 302


# --- an admin sets a new password -------------------------------------------------------------


def _reset(admin, user_id: int, password: str, again: str | None = None,
           token: str | None = None):
    path = f"/admin/users/{user_id}/password"
    data = {"password": password, "password_again": password if again is None else again}
    if token is not False:
        data["csrf_token"] = token or csrf_token(admin, path)
    return admin.post(path, data=data)


def test_an_admin_reset_ends_every_session_of_the_user(app, caplog):
    staff = credential(app, "staff")
    phone = sign_in(app, app.test_client(), "staff")
    desk = sign_in(app, app.test_client(), "staff")
    copied = _cookie(app, phone)
    admin = sign_in(app, app.test_client(), "admin")
    staff_id = _user_id(app, "staff")
    page = admin.get("/admin/").get_data(as_text=True)
    assert f'href="/admin/users/{staff_id}/password"' in page
    form = admin.get(f"/admin/users/{staff_id}/password").get_data(as_text=True)
    assert "dikeluarkan dari semua perangkat" in form

    with caplog.at_level("INFO", logger="web.admin"):
        response = _reset(admin, staff_id, NEW)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert any(f"new password for user {staff_id}" in r.getMessage() for r in caplog.records)
    assert "kata sandi baru" in admin.get("/admin/").get_data(as_text=True)
    assert _signed_out(phone.get("/")) and _signed_out(desk.get("/"))
    assert _signed_out(_with_cookie(app, copied).get("/"))
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(func.count()).select_from(UserSession).where(
            UserSession.user_id == staff_id)) == 0
    assert admin.get("/admin/").status_code == 200, "the admin stays signed in"
    assert not _signs_in(app, staff.email, staff.password)
    assert _signs_in(app, staff.email, NEW)


def test_an_admin_reset_checks_the_password(app):
    staff = credential(app, "staff")
    browser = sign_in(app, app.test_client(), "staff")
    admin = sign_in(app, app.test_client(), "admin")
    staff_id = _user_id(app, "staff")
    short = _reset(admin, staff_id, "pendek")
    assert short.status_code == 422
    assert "Paling sedikit 10 karakter." in _field_error(short.get_data(as_text=True), "password")
    differs = _reset(admin, staff_id, NEW, NEW + "x")
    assert differs.status_code == 422
    assert "Kedua kata sandi tidak sama." in _field_error(differs.get_data(as_text=True),
                                                          "password-again")
    assert browser.get("/").status_code == 200
    assert _signs_in(app, staff.email, staff.password)


def test_an_admin_reset_needs_the_csrf_token_and_the_admin_role(app):
    staff = credential(app, "staff")
    admin = sign_in(app, app.test_client(), "admin")
    staff_id = _user_id(app, "staff")
    assert _reset(admin, staff_id, NEW, token=False).status_code == 400
    signer = sign_in(app, app.test_client(), "signer")
    assert signer.get(f"/admin/users/{staff_id}/password").status_code == 403
    assert _reset(signer, staff_id, NEW, token=csrf_token(signer, "/")).status_code == 403
    assert _signs_in(app, staff.email, staff.password)


def test_another_offices_user_is_not_found(app, other_office):
    from tests.web.conftest import OTHER_PASSWORD

    _office_id, _study_id, email = other_office
    admin = sign_in(app, app.test_client(), "admin")
    with app.extensions["docgen_store"].transaction() as session:
        other_id = session.scalar(select(User.id).where(User.email == email))
    path = f"/admin/users/{other_id}/password"
    assert admin.get(path).status_code == 404
    assert _reset(admin, other_id, NEW, token=csrf_token(admin, "/admin/")).status_code == 404
    assert admin.get("/admin/users/999999/password").status_code == 404
    assert _signs_in(app, email, OTHER_PASSWORD)


def test_an_admin_changes_their_own_password_on_their_own_page(app):
    admin = sign_in(app, app.test_client(), "admin")
    own = admin.get(f"/admin/users/{_user_id(app, 'admin')}/password")
    assert own.status_code == 302 and own.headers["Location"] == PAGE
