"""Connecting to the database and keeping its schema current.

``DATABASE_URL`` selects the database (PostgreSQL through psycopg 3:
``postgresql://user@host/name``); without it, the SQLite file ``docgen.sqlite3`` in the home
folder, in WAL mode. The schema is Alembic's: :func:`upgrade` applies every migration
shipped in ``docgen/store/migrations``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from docgen.home import docgen_home, files_dir
from docgen.store.files import FileStore

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_NAME = "docgen.sqlite3"


def database_url(home: Path | None = None) -> str:
    """``DATABASE_URL`` if set, else the SQLite file in the home folder."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured:
        return normalize_url(configured)
    home = home or docgen_home()
    return f"sqlite:///{home / SQLITE_NAME}"


def normalize_url(url: str) -> str:
    """PostgreSQL URLs without a driver use psycopg 3 (``postgres://`` is accepted too)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, wal: bool) -> None:
    cursor = dbapi_connection.cursor()
    if wal:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        wal = bool(database) and database != ":memory:"
        event.listen(engine, "connect",
                     lambda conn, rec: _sqlite_pragmas(conn, rec, wal=wal))
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic's configuration, made in code: no alembic.ini to find or edit."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url:
        config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to `revision` (every one by default)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class Store:
    """One database and one folder of files: what the web service and the CLI share."""

    def __init__(self, url: str | None = None, home: Path | None = None):
        self.home = Path(home) if home else docgen_home()
        self.url = normalize_url(url) if url else database_url(self.home)
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.files = FileStore(files_dir(self.home))

    def upgrade(self) -> None:
        upgrade(self.engine)

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on an error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
