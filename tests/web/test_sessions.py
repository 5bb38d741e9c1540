"""Sessions end when the user ends them: a session cookie copied before signing out, a new
password or a switched-off account is refused afterwards; API tokens that expire and show
their last use; failed sign-ins limited per account whatever address they come from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from docgen.cli import main
from docgen.store import ApiToken, User, UserSession
from docgen.store.models import aware, utcnow
from tests.web.pages import credential, csrf_token, sign_in

API = "/api/v1"


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


def _user(session, app, role: str) -> User:
    return session.scalar(select(User).where(User.email == credential(app, role).email))


def _logout(client) -> None:
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert _signed_out(response)


def test_a_copied_cookie_works_until_sign_out_and_never_after(app, client, login):
    login("staff")
    copied = _cookie(app, client)
    assert _with_cookie(app, copied).get("/").status_code == 200, "the copy is a session"
    _logout(client)
    replay = _with_cookie(app, copied)
    assert _signed_out(replay.get("/"))
    assert _signed_out(replay.get("/admin/"))
    page = replay.get("/", follow_redirects=True)
    assert page.request.path == "/login" and 'name="password"' in page.get_data(as_text=True)
    assert replay.get(f"{API}/studies").status_code == 401, "the API never takes a cookie"


def test_signing_out_ends_only_that_device(app):
    phone = sign_in(app, app.test_client(), "staff")
    desk = sign_in(app, app.test_client(), "staff")
    _logout(phone)
    assert _signed_out(phone.get("/"))
    assert desk.get("/").status_code == 200, "the other device stays signed in"
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_a_new_password_ends_every_session_of_the_user(app):
    staff = sign_in(app, app.test_client(), "staff")
    signer = sign_in(app, app.test_client(), "signer")
    copied = _cookie(app, staff)
    with app.extensions["docgen_store"].transaction() as session:
        _user(session, app, "staff").set_password("kata-sandi-baru-sekali")
    assert _signed_out(_with_cookie(app, copied).get("/"))
    assert _signed_out(staff.get("/"))
    assert signer.get("/").status_code == 200, "other users are not touched"
    with app.extensions["docgen_store"].transaction() as session:
        user = _user(session, app, "staff")
        email = user.email
    response = app.test_client()
    response.post("/login", data={"email": email, "password": "kata-sandi-baru-sekali",
                                  "csrf_token": csrf_token(response)})
    assert response.get("/").status_code == 200, "the new password signs in"


def test_switching_a_user_off_ends_their_sessions_for_good(app):
    staff = sign_in(app, app.test_client(), "staff")
    copied = _cookie(app, staff)
    admin = sign_in(app, app.test_client(), "admin")
    with app.extensions["docgen_store"].transaction() as session:
        staff_id = _user(session, app, "staff").id
    token = csrf_token(admin, "/admin/")
    assert admin.post(f"/admin/users/{staff_id}/active",
                      data={"csrf_token": token}).status_code == 302
    assert _signed_out(_with_cookie(app, copied).get("/"))
    assert _signed_out(staff.get("/"))
    admin.post(f"/admin/users/{staff_id}/active", data={"csrf_token": token})
    with app.extensions["docgen_store"].transaction() as session:
        assert session.get(User, staff_id).active, "switched on again"
    assert _signed_out(_with_cookie(app, copied).get("/")), "old sessions stay ended"
    assert admin.get("/admin/").status_code == 200


def test_an_old_style_session_without_a_token_is_refused(app, client):
    with client.session_transaction() as session:
        session["_user_id"] = "1:"
        session["_fresh"] = True
    assert _signed_out(client.get("/"))


def test_a_session_unused_for_its_lifetime_is_refused_by_the_server(app, client, login):
    login("staff")
    with app.extensions["docgen_store"].transaction() as session:
        row = session.scalar(select(UserSession))
        row.last_seen_at = utcnow() - app.permanent_session_lifetime - timedelta(minutes=5)
    assert _signed_out(client.get("/"))


def test_use_is_noted_at_most_once_a_minute(app, client, login):
    login("staff")
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        first = session.scalar(select(UserSession)).last_seen_at
    client.get("/")
    with store.transaction() as session:
        row = session.scalar(select(UserSession))
        assert row.last_seen_at == first
        row.last_seen_at = utcnow() - timedelta(minutes=2)
        earlier = row.last_seen_at
    client.get("/")
    with store.transaction() as session:
        assert aware(session.scalar(select(UserSession)).last_seen_at) > earlier


# --- API tokens ---------------------------------------------------------------------------


def _token(app, role: str = "staff", expires_at=None, name: str = "SIPD") -> str:
    with app.extensions["docgen_store"].transaction() as session:
        row, token = ApiToken.issue(_user(session, app, role), name, expires_at=expires_at)
        session.add(row)
    return token


def _api(client, token: str):
    return client.get(f"{API}/studies", headers={"Authorization": f"Bearer {token}"})


def test_an_expired_token_answers_401_saying_so(app, client):
    expired = _token(app, expires_at=utcnow() - timedelta(seconds=1), name="lama")
    response = _api(client, expired)
    assert response.status_code == 401
    error = response.get_json()["error"]
    assert error["code"] == "api_token_expired"
    assert "kedaluwarsa" in error["message_id"] and "expired" in error["message_en"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    later = _token(app, expires_at=utcnow() + timedelta(days=1), name="baru")
    assert _api(client, later).status_code == 200


def test_a_switched_off_users_tokens_are_refused(app, client):
    token = _token(app)
    assert _api(client, token).status_code == 200
    with app.extensions["docgen_store"].transaction() as session:
        _user(session, app, "staff").active = False
    response = _api(client, token)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "api_token_invalid"


def test_token_use_is_noted_at_most_once_a_minute_and_listed(app, client, login):
    token = _token(app)
    store = app.extensions["docgen_store"]
    _api(client, token)
    with store.transaction() as session:
        first = session.scalar(select(ApiToken)).last_used_at
    assert first is not None
    _api(client, token)
    with store.transaction() as session:
        row = session.scalar(select(ApiToken))
        assert row.last_used_at == first, "not written again within a minute"
        row.last_used_at = utcnow() - timedelta(minutes=2)
        earlier = row.last_used_at
    _api(client, token)
    with store.transaction() as session:
        assert aware(session.scalar(select(ApiToken)).last_used_at) > earlier
    _token(app, expires_at=utcnow() - timedelta(days=1), name="usang")
    login("admin")
    page = client.get("/admin/tokens/").get_data(as_text=True)
    assert "belum pernah" not in page.split("usang")[0], "SIPD's last use is shown"
    assert "Berlaku sampai" in page and "tanpa batas waktu" in page
    assert "Kedaluwarsa" in page, "the expired token says so"


def test_the_command_line_makes_a_token_that_expires(app, client):
    result = CliRunner().invoke(
        main, ["admin", "create-token", "--email", credential(app, "staff").email,
               "--name", "SRIKANDI", "--expires-in-days", "30"],
        env={"DOCGEN_HOME": str(app.config["DOCGEN_HOME"]), "DOCGEN_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert "works until" in result.stderr
    token = result.stdout.strip()
    with app.extensions["docgen_store"].transaction() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.name == "SRIKANDI"))
        left = aware(row.expires_at) - utcnow()
        assert timedelta(days=29) < left <= timedelta(days=30)
    assert _api(client, token).status_code == 200


# --- Failed sign-ins per account ----------------------------------------------------------


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_failed_sign_ins_are_limited_per_account_from_any_address(make_app, behind_proxy):
    app = make_app({"LOGIN_RATE_LIMIT": "100 per minute", "BEHIND_PROXY": behind_proxy,
                    "LOGIN_ACCOUNT_LIMIT": "3 per 15 minutes"})
    client = app.test_client()
    staff, signer = credential(app, "staff"), credential(app, "signer")
    token = csrf_token(client)
    addresses = iter(f"10.0.{n}.{n}" for n in range(1, 50))

    def attempt(email: str, password: str):
        return client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token},
                           headers={"X-Forwarded-For": next(addresses)})

    codes = [attempt(staff.email, "tebakan-salah").status_code for _ in range(3)]
    assert codes == [422, 422, 422]
    locked = attempt(staff.email, staff.password)
    assert locked.status_code == 429, "even the right password, from a new address"
    assert "Terlalu banyak percobaan masuk yang gagal untuk akun ini" in locked.get_data(
        as_text=True)
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert attempt(staff.email.upper(), staff.password).status_code == 429
    assert client.get("/").status_code == 302
    assert attempt(signer.email, signer.password).status_code == 302, "other accounts work"


def test_unknown_accounts_are_limited_the_same_way(make_app):
    app = make_app({"LOGIN_RATE_LIMIT": "100 per minute",
                    "LOGIN_ACCOUNT_LIMIT": "2 per 15 minutes"})
    client = app.test_client()
    token = csrf_token(client)
    data = {"email": "siapa@contoh.go.id", "password": "x", "csrf_token": token}
    assert [client.post("/login", data=data).status_code for _ in range(3)] == [422, 422, 429]


def test_successful_sign_ins_do_not_count(make_app):
    app = make_app({"LOGIN_RATE_LIMIT": "100 per minute",
                    "LOGIN_ACCOUNT_LIMIT": "2 per 15 minutes"})
    client = app.test_client()
    for _ in range(4):
        sign_in(app, client, "staff")
        _logout(client)
    sign_in(app, client, "staff")


def test_in_english_the_lock_says_so(make_app):
    app = make_app({"LOGIN_RATE_LIMIT": "100 per minute",
                    "LOGIN_ACCOUNT_LIMIT": "1 per 15 minutes"})
    client = app.test_client()
    token = csrf_token(client)
    client.post("/language", data={"lang": "en", "csrf_token": token})
    data = {"email": "siapa@contoh.go.id", "password": "x", "csrf_token": token}
    client.post("/login", data=data)
    page = client.post("/login", data=data)
    assert page.status_code == 429
    assert "Too many failed sign-ins to this account. Wait 15 minutes" in page.get_data(
        as_text=True)
