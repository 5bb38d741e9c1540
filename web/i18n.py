"""Languages: Indonesian by default, English on request (kept in the session).

UI strings go through gettext (``_()`` in templates and code); the catalogs are in
``web/translations``. Messages from the core (problems, labels) come in both languages
already and are picked with :func:`ui_lang`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import Babel, get_locale

from web.access import public, safe_next

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT = "id"

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT


def ui_lang() -> str:
    """The language of this request: "id" or "en"."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else DEFAULT


@bp.post("/language")
@public
def set_language():  # noqa: ANN201
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")))


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"LANGUAGES": LANGUAGES, "ui_lang": ui_lang()}
