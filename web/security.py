"""Security plumbing: CSRF on every form, response headers, the login rate limit."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

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
