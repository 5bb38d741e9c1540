"""The web front end (Flask). Imports docgen; docgen never imports web.

:func:`create_app` is the application factory. It opens the store (the database and files
in ``DOCGEN_HOME``, or ``DATABASE_URL``), brings the schema up to date, and registers one
blueprint per concern:

========== ===================================================================
auth       sign-in and sign-out (``/login``, ``/logout``), changing one's own password
           (``/akun/kata-sandi``)
i18n       the language switch (``/language``)
studies    the dashboard of the office's studies, a new study, a study's overview (and
           bringing the study's copy of the office profile up to date)
stages     one page per stage of a study, its fields drawn from the model
drafts     a stage page saved as it is typed (a draft per user, offered back)
budget     a study's budget: the RAB it holds, a workbook uploaded, checked and attached
photos     the photos of a study (thumbnails of the images uploaded on a stage page)
evidence   a study's evidence files (a dissemination event's signed attendance list and
           materials) uploaded on a stage page
documents  a study's documents by stage: one DOCX, a merged fan-out, PDF, page previews,
           the whole set as a ZIP
batches    letters to a list of recipients (stage 7): a sheet uploaded, one letter per row
           made by a background job, its progress, cancel, the ZIP
archive    issuing documents, the register (Buku Agenda Surat Keluar) and its exports, a
           record with its versions, files and events, filing the signed copy, and the
           public verification page ``/v/<id>`` a document's QR code points at
admin      the office profile and its users (admins only)
followup   the office's follow-up dashboard (``/tindak-lanjut``), an item's progress updates
           and the office's follow-up settings (the head's account, e-mail reminders)
public     the public summaries of published studies (``/publik``) and the publish switch
templates  (``templates_admin``) the office's Word templates per kind: download, upload
           and check, page images, use, history, going back (``/admin/templates``)
kinds      (``kinds_admin``) the office's own kinds of document (``/admin/kinds``)
vocabulary the template vocabulary (``/templates/vocabulary``): every variable, its
           title, an example value and the tag to copy
api        the JSON API under ``/api/v1`` (a token, not the session; see :mod:`web.api`)
========== ===================================================================

Every page needs a signed-in user except those marked :func:`web.access.public`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from docgen.home import docgen_home, private_secret
from docgen.store import Store
from web import (
    access,
    admin,
    api,
    archive,
    auth,
    batches,
    budget,
    budget_lines,
    db,
    documents,
    documents_convert,
    drafts,
    errors,
    evidence,
    followup,
    forms,
    i18n,
    ids,
    kinds_admin,
    photos,
    public,
    realisation,
    reuse,
    review,
    security,
    stages,
    studies,
    templates_admin,
    vocabulary,
)

SESSION_HOURS = 8


def _defaults() -> dict[str, Any]:
    lifetime = timedelta(hours=SESSION_HOURS)
    return {
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "PERMANENT_SESSION_LIFETIME": lifetime,
        "SESSION_COOKIE_NAME": "docgen_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("DOCGEN_SECURE_COOKIES") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": int(lifetime.total_seconds()),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": os.environ.get("DOCGEN_RATELIMIT_PREFIX", ""),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_RATE_LIMIT": "10 per minute",
        "LOGIN_ACCOUNT_LIMIT": "10 per 15 minutes",
        "PASSWORD_CHANGE_LIMIT": "10 per 15 minutes",
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("DOCGEN_TIMEZONE", "Asia/Jakarta"),
        "DOCGEN_HOME": None,
        "DATABASE_URL": None,
        "AUTO_UPGRADE": True,
        "BEHIND_PROXY": os.environ.get("DOCGEN_BEHIND_PROXY") == "1",
        "DOCGEN_PUBLIC_URL": os.environ.get("DOCGEN_PUBLIC_URL") or None,
        "ARCHIVE_PDF": os.environ.get("DOCGEN_ARCHIVE_PDF", "1") != "0",
    }


from web.cleaninput import CleanRequest  # noqa: E402


def create_app(config: dict[str, Any] | None = None, *, demo: bool = False) -> Flask:
    """Build the application. `config` overrides the defaults (``DOCGEN_HOME``,
    ``DATABASE_URL``, ``SECRET_KEY``, ...); `demo` seeds the demo office, users and study
    (their credentials end up in ``app.config["DEMO_CREDENTIALS"]``)."""
    app = Flask(__name__)
    app.request_class = CleanRequest  # parameters without NUL and other control characters
    ids.init_app(app)  # before any route: ids beyond the database's range are 404
    app.config.update(_defaults())
    if config:
        app.config.update(config)

    home = Path(app.config["DOCGEN_HOME"]) if app.config["DOCGEN_HOME"] else docgen_home()
    home.mkdir(parents=True, exist_ok=True)
    app.config["DOCGEN_HOME"] = home
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = private_secret(home / "secret_key")

    store = Store(app.config["DATABASE_URL"], home)
    if app.config["AUTO_UPGRADE"]:
        store.upgrade()
    app.extensions["docgen_store"] = store
    if demo or app.config.get("DEMO"):
        from docgen.store.demo import seed_demo, seed_demo_archive

        with store.transaction() as session:
            app.config["DEMO_CREDENTIALS"] = seed_demo(session, home)
        with store.session() as session:  # the register is not empty in the demo
            seed_demo_archive(session, home, app.config["DOCGEN_PUBLIC_URL"])

    db.init_app(app)
    i18n.init_app(app)
    access.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    forms.init_app(app)
    for blueprint in (auth.bp, i18n.bp, studies.bp, stages.bp, budget.bp, photos.bp,
                      documents.bp, archive.bp, admin.bp, public.bp, followup.bp,
                      evidence.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(realisation.bp)
    app.register_blueprint(budget_lines.bp)
    app.register_blueprint(vocabulary.bp)
    app.register_blueprint(templates_admin.bp)
    app.register_blueprint(kinds_admin.bp)
    reuse.init_app(app)
    app.register_blueprint(review.bp)
    batches.init_app(app)
    documents_convert.init_app(app)
    drafts.init_app(app)
    api.init_app(app)
    security.apply_rate_limits(app)
    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    return app
