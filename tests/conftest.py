"""Shared fixtures, and the switch that turns skipped environment tests into failures.

Tests that need LibreOffice (``pdf``), a browser (``browser``), PostgreSQL (``postgres``) or
Redis (``redis``) skip on a machine without them. With ``DOCGEN_STRICT_SKIPS=1`` (set by
``.ci/run``) such a skip is reported as a failure, so CI proves what it claims.
"""

from __future__ import annotations

import os

import pytest

from docgen.example import example_data, example_study

STRICT_MARKERS = ("pdf", "browser", "postgres", "redis")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and os.environ.get("DOCGEN_STRICT_SKIPS") == "1"
            and any(item.get_closest_marker(m) for m in STRICT_MARKERS)):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under DOCGEN_STRICT_SKIPS=1: {reason}"


@pytest.fixture
def study():
    return example_study()


@pytest.fixture
def study_data():
    return example_data()
