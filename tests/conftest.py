"""Shared fixtures, and the switch that turns skipped environment tests into failures.

Tests that need LibreOffice (``pdf``), a browser (``browser``), PostgreSQL (``postgres``) or
Redis (``redis``) skip on a machine without them. With ``DOCGEN_STRICT_SKIPS=1`` (set by
``.ci/run``) such a skip is reported as a failure, so CI proves what it claims.

``DOCGEN_TEST_NOW`` (an ISO date and time with its offset, e.g. ``2026-12-31T20:30:00+00:00``)
starts the whole run's clock at that moment (it keeps ticking): ``.ci/run`` runs the
date-sensitive tests again under other days this way, to prove that no test depends on the
day it runs.

A test file that leaves a process running (a server it started, an office) fails: see
tests/process_guard.py.
"""

from __future__ import annotations

import os

import pytest

from docgen.example import example_data, example_study
from tests import process_guard

STRICT_MARKERS = ("pdf", "browser", "postgres", "redis")


def pytest_configure(config):  # noqa: ANN001
    process_guard.enable()
    now = os.environ.get("DOCGEN_TEST_NOW")
    if now:
        from datetime import datetime

        import time_machine

        moment = datetime.fromisoformat(now)
        if moment.tzinfo is None:
            raise pytest.UsageError("DOCGEN_TEST_NOW needs an offset, e.g. +00:00")
        config._docgen_clock = time_machine.travel(moment, tick=True)
        config._docgen_clock.start()


def pytest_unconfigure(config):  # noqa: ANN001
    clock = getattr(config, "_docgen_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):  # noqa: ANN001
    now = os.environ.get("DOCGEN_TEST_NOW")
    return f"docgen: clock started at {now} (DOCGEN_TEST_NOW)" if now else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and os.environ.get("DOCGEN_STRICT_SKIPS") == "1"
            and any(item.get_closest_marker(m) for m in STRICT_MARKERS)):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under DOCGEN_STRICT_SKIPS=1: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):  # noqa: ANN001
    """A test file that leaves a process running fails (tests/process_guard.py)."""
    result = yield
    process_guard.after_test(item.nodeid)
    if nextitem is None or nextitem.path != item.path:
        left = process_guard.leftovers()
        if left:
            raise AssertionError("processes left running (now killed):\n" + "\n".join(left))
    return result


@pytest.fixture
def study():
    return example_study()


@pytest.fixture
def study_data():
    return example_data()


# ---------------------------------------------------------------------------
# Databases: SQLite always, PostgreSQL where reachable (a fresh database per test session)

POSTGRES_SERVER = os.environ.get("DOCGEN_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/")


@pytest.fixture(scope="session")
def postgres_url():
    """A new, empty PostgreSQL database for this test session, dropped at the end."""
    import secrets

    try:
        import psycopg
    except ImportError as exc:
        pytest.skip(f"psycopg is not installed: {exc}")
    try:
        admin = psycopg.connect(POSTGRES_SERVER + "postgres", autocommit=True,
                                connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_SERVER}: {exc}")
    name = f"docgen_test_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_SERVER + name
    finally:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _empty_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database: a SQLite file, then (marked ``postgres``) PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url
