"""The guard of tests/process_guard.py: a process a test leaves behind is found, even when
its parent has ended (the orphan a wrapper such as ``faketime`` leaves), named and killed."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests import process_guard

pytestmark = pytest.mark.skipif(not process_guard._enabled,
                                reason="the guard works on Linux only")


def _alive(pid: int) -> bool:
    stat = process_guard._stat(pid)
    return stat is not None and stat[0] != "Z"


def test_an_orphan_left_running_is_named_and_killed():
    # the shell starts a sleeper in the background and ends: the sleeper is an orphan
    marker = f"import time; time.sleep(300)  # left-{os.getpid()}"
    line = f'"{sys.executable}" -c "{marker}" >/dev/null 2>&1 & echo $!'
    shell = subprocess.run(["sh", "-c", line], capture_output=True, text=True, check=True,
                           timeout=30)
    orphan = int(shell.stdout)
    deadline = time.monotonic() + 10
    while orphan not in process_guard._children(os.getpid()):
        assert time.monotonic() < deadline, "the orphan did not come back to this process"
        time.sleep(0.05)
    process_guard.after_test("the test that left it")

    left = process_guard.leftovers()

    assert [line.split()[0] for line in left] == [str(orphan)]
    assert marker in left[0] and left[0].endswith("(from the test that left it)")
    assert not _alive(orphan)
    assert process_guard.leftovers() == [], "killed and reaped, nothing left"


def test_a_process_waited_for_is_no_leftover():
    subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=30)
    assert process_guard.leftovers() == []
