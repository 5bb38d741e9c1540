"""The date runs of CI (``DOCGEN_TEST_NOW``, see tests/conftest.py) really move the clock:
of this process and of the servers the tests start."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest

from docgen import archive
from tests.helpers import on_test_clock

NOW = os.environ.get("DOCGEN_TEST_NOW")
pytestmark = pytest.mark.skipif(not NOW, reason="only in the date runs (DOCGEN_TEST_NOW)")


def test_this_process_runs_on_the_chosen_moment():
    moment = datetime.fromisoformat(NOW)
    assert timedelta(0) <= datetime.now(UTC) - moment < timedelta(hours=3)
    assert date.today() in (moment.date(), moment.date() + timedelta(days=1))
    wib = (moment + timedelta(hours=7)).date()
    assert archive.today() in (wib, wib + timedelta(days=1)), "the office's day is WIB"


def test_a_subprocess_runs_on_the_same_clock():
    env = dict(os.environ)
    command = on_test_clock([sys.executable, "-c", "import time; print(time.time())"], env)
    seen = float(subprocess.run(command, env=env, capture_output=True, text=True,
                                check=True, timeout=60).stdout)
    mine = datetime.now(UTC).timestamp()
    assert abs(seen - mine) < 120
