"""Friendly error pages: a plain explanation and a way back, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, make_response, render_template
from flask_babel import lazy_gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

PAGES = {
    400: (lazy_gettext("The request could not be understood"),
          lazy_gettext("Something in the request was not right. Go back, reload the page "
                       "and try again.")),
    403: (lazy_gettext("Not allowed"),
          lazy_gettext("Your role does not allow this page. Ask your office's administrator "
                       "if you need it.")),
    404: (lazy_gettext("Page not found"),
          lazy_gettext("There is nothing here, or it belongs to another office.")),
    405: (lazy_gettext("Not allowed"),
          lazy_gettext("This page cannot be used this way.")),
    413: (lazy_gettext("The file is too large"),
          lazy_gettext("What was sent is larger than 16 MB. Send a smaller file.")),
    429: (lazy_gettext("Too many attempts"),
          lazy_gettext("Too many sign-in attempts from this computer. Wait a minute, then "
                       "try again.")),
    500: (lazy_gettext("Something went wrong"),
          lazy_gettext("The server could not finish this request. Nothing was lost; try "
                       "again in a moment. If it happens again, tell your administrator.")),
}
CSRF_TEXT = lazy_gettext("The form had expired or did not come from this site. Reload the "
                         "page and send it again.")
FALLBACK = ("<!doctype html><meta charset='utf-8'><title>docgen</title>"
            "<p>Terjadi kesalahan. / Something went wrong.</p>")


def _page(code: int, text: str | None = None) -> tuple[str, int]:
    title, default_text = PAGES.get(code, PAGES[500])
    try:
        return render_template("error.html", code=code, title=title,
                               text=text or default_text), code
    except Exception:  # the page itself failed: say so without details
        return FALLBACK, code


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    response = make_response(_page(code if code in PAGES else 400 if code < 500 else 500))
    for name, value in error.get_headers():  # Allow on 405, Retry-After on 429
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _csrf_error(_error: CSRFError) -> tuple[str, int]:
    return _page(400, str(CSRF_TEXT))


def _server_error(_error: Exception) -> tuple[str, int]:
    return _page(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
