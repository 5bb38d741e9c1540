"""Security plumbing: CSRF on every form, response headers, the login rate limits.

Sign-in attempts are limited twice, in the limiter's storage (memory, or
``RATELIMIT_STORAGE_URI`` to share it between processes):

* per address (``LOGIN_RATE_LIMIT``, 10 per minute): every POST to ``/login`` counts;
  behind a proxy (``BEHIND_PROXY``) the address is the one the proxy forwards;
``DOCGEN_RATELIMIT_PREFIX`` (``RATELIMIT_KEY_PREFIX``) puts every counter under a prefix of
its own, for installations that share one Redis.

* per account (``LOGIN_ACCOUNT_LIMIT``, 10 per 15 minutes): only failed attempts count,
  keyed by the e-mail typed (known or not, so the answer tells nothing about which
  accounts exist), whatever address they come from. Once the limit is reached the account
  cannot sign in, even with the right password, until the window ends; attempts while it
  is locked are not counted, so the lock never grows longer. A successful sign-in resets
  nothing: anyone may fail on purpose to lock an account for at most one window, but no
  one can clear someone else's count or lift a lock.

Changing one's own password (``/akun/kata-sandi``) is limited per account
(``PASSWORD_CHANGE_LIMIT``, 10 per 15 minutes): every POST counts, so someone holding a
signed-in browser cannot try many guesses of the current password.
"""

from __future__ import annotations

import hashlib
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits import RateLimitItem, parse

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

RATE_LIMITED = {"auth.login": "LOGIN_RATE_LIMIT"}
"""Endpoint → the config key of its limit (POST requests only)."""


def _headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    CSRFProtect(app)
    app.after_request(_headers)
    app.extensions["docgen_limiter"] = Limiter(
        get_remote_address, app=app, storage_uri=app.config["RATELIMIT_STORAGE_URI"])


def apply_rate_limits(app: Flask) -> None:
    """Wrap the rate-limited endpoints with this app's own limiter (so two apps, as in the
    tests, never share counters)."""
    limiter: Limiter = app.extensions["docgen_limiter"]
    for endpoint, key in RATE_LIMITED.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(app.config[key], methods=["POST"])(view)


ACCOUNT_SCOPE = "login-account"


def _account_limit() -> tuple[Limiter, RateLimitItem]:
    return (current_app.extensions["docgen_limiter"],
            parse(current_app.config["LOGIN_ACCOUNT_LIMIT"]))


def _account_key(email: str) -> str:
    """The counter's key: a digest, so the storage holds no e-mail addresses."""
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:32]


def account_retry_after(email: str) -> int | None:
    """Seconds until `email` may try to sign in again, or None when it may now."""
    limiter, item = _account_limit()
    return _retry_after(limiter, item, ACCOUNT_SCOPE, _account_key(email))


def _names(scope: str, key: str) -> tuple[str, ...]:
    """A counter's identifiers, under ``RATELIMIT_KEY_PREFIX`` when one is set (as the
    limiter's own per-address counters are), so installations sharing a Redis keep their
    counts apart."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return (prefix, scope, key) if prefix else (scope, key)


def _retry_after(limiter: Limiter, item: RateLimitItem, scope: str, key: str) -> int | None:
    if limiter.limiter.test(item, *_names(scope, key)):
        return None
    reset = limiter.limiter.get_window_stats(item, *_names(scope, key)).reset_time
    return max(1, int(reset - time.time()) + 1)


def count_failed_sign_in(email: str) -> None:
    limiter, item = _account_limit()
    limiter.limiter.hit(item, *_names(ACCOUNT_SCOPE, _account_key(email)))


def account_window_minutes() -> int:
    return max(1, round(_account_limit()[1].get_expiry() / 60))


PASSWORD_SCOPE = "password-change"


def password_change_retry_after(user_id: int) -> int | None:
    """Count an attempt of user `user_id` to change their password; when the account is
    over ``PASSWORD_CHANGE_LIMIT`` the seconds to wait instead (that attempt is not counted,
    so waiting is never made longer)."""
    limiter: Limiter = current_app.extensions["docgen_limiter"]
    item = parse(current_app.config["PASSWORD_CHANGE_LIMIT"])
    key = str(user_id)
    retry_after = _retry_after(limiter, item, PASSWORD_SCOPE, key)
    if retry_after is None:
        limiter.limiter.hit(item, *_names(PASSWORD_SCOPE, key))
    return retry_after
