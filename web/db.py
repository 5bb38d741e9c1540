"""The request's database session: opened on first use, closed (rolled back if not
committed) when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from docgen.store import Store


def store() -> Store:
    return current_app.extensions["docgen_store"]


def db() -> Session:
    """The session of this request."""
    if "db_session" not in g:
        g.db_session = store().session()
    return g.db_session


def _close(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close)
