"""No test leaves a process running: a server, worker or office a test starts ends with it.

On Linux each test process becomes a *child subreaper* (``prctl(PR_SET_CHILD_SUBREAPER)``),
so whatever a test starts stays a descendant of the test process even when its parent
ends first (the orphan of a wrapper that was stopped comes back to us instead of going to
init, where no check would see it). After each test the processes that appeared during it
are noted; once a test file is done (its module fixtures torn down too), any of them still
running fails the last test's teardown, naming the test it appeared in and its command
line, and is killed so that it cannot disturb what runs next.

Exempt: the process-wide warm PDF pool (:func:`docgen.pdfpool.get_pool`), which lives until
the test process exits by design. Ended processes are not counted; those that came to
the test process as orphans are reaped once a file is done. Elsewhere than Linux the guard does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
PROC = Path("/proc")

_enabled = False
_seen: dict[int, str] = {}
"""A process id that appeared during a test: the test's id."""


def enable() -> None:
    """Make this process the subreaper of all it starts (Linux); else leave the guard off."""
    global _enabled
    if not sys.platform.startswith("linux") or not (PROC / "self" / "task").is_dir():
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        return
    _enabled = True


def _stat(pid: int) -> tuple[str, int] | None:
    """The state letter and parent id of `pid`, or None once it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def _command(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode("utf-8", "replace").strip() or "?"


def _all_children(pid: int) -> set[int]:
    """The children of `pid`, whichever of its threads started them, zombies too."""
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in (PROC / str(pid) / "task").iterdir():
            with contextlib.suppress(OSError):
                found.update(int(c) for c in (task / "children").read_text().split())
    return found


def _children(pid: int) -> set[int]:
    """Running (not zombie) children of `pid`."""
    return {c for c in _all_children(pid) if (stat := _stat(c)) is not None and stat[0] != "Z"}


def _reap_orphans() -> None:
    """Reap the ended processes that came to this process as orphans (their own parent
    ended first), which nobody else waits for; a child that a `subprocess.Popen` or a
    `multiprocessing` process of this process still holds is left to its owner, which
    reads its exit code."""
    import gc
    import multiprocessing
    import subprocess

    zombies = {c for c in _all_children(os.getpid()) if (_stat(c) or ("",))[0] == "Z"}
    if not zombies:
        return
    owned = {p.pid for p in multiprocessing.active_children()}
    owned.update(o.pid for o in gc.get_objects()
                 if isinstance(o, subprocess.Popen) and o.returncode is None)
    for pid in zombies - owned:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def _descendants(pids: set[int]) -> set[int]:
    found, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(_children(pid))
    return found


def descendants(pid: int) -> dict[int, str]:
    """Every running process under `pid` (its children, theirs…), not `pid` itself, with
    its command line."""
    return {each: _command(each) for each in sorted(_descendants({pid}) - {pid})}


def _pdf_pool_processes() -> set[int]:
    """The process-wide PDF pool's offices and bridges, and what they started."""
    pdfpool = sys.modules.get("docgen.pdfpool")
    pool = getattr(pdfpool, "_pool", None)
    if pool is None or pool.closed or pool.pid != os.getpid():
        return set()
    mine = {proc.pid for worker in list(pool._workers)
            for proc in (worker.office, worker.bridge)
            if proc is not None and proc.poll() is None}
    return _descendants(mine)


def after_test(nodeid: str) -> None:
    """Note the processes that appeared during the test `nodeid`."""
    if _enabled:
        for pid in _children(os.getpid()):
            _seen.setdefault(pid, nodeid)


def leftovers() -> list[str]:
    """The processes still running that tests started (outside the PDF pool), each as
    "pid command (from test)", after killing them and what they started."""
    if not _enabled:
        return []
    _reap_orphans()
    running = _children(os.getpid())
    for pid in list(_seen):
        if pid not in running:
            del _seen[pid]
    left = sorted(running - _pdf_pool_processes())
    found = [f"{pid} {_command(pid)} (from {_seen.pop(pid, 'this file')})" for pid in left]
    for pid in left:
        _kill_tree(pid)
    return found


def _kill_tree(pid: int) -> None:
    for each in _descendants({pid}):
        with contextlib.suppress(OSError):
            os.kill(each, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)
