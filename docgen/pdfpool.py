"""A pool of warm LibreOffice processes that turn DOCX into PDF/A-2b.

A cold ``soffice --convert-to pdf`` spends well over a second starting the office for each
document. Here a few LibreOffice processes are started once and kept:

* each :class:`Worker` is one headless ``soffice.bin`` with its own profile
  (``-env:UserInstallation``) listening on its own named pipe, plus a small bridge process,
  :mod:`docgen.pdfworker`, run under a Python that has LibreOffice's ``uno`` module
  (Debian's ``/usr/bin/python3`` with ``python3-uno``). The bridge reads one JSON request a
  line and answers one JSON line; the files travel through the worker's own temporary folder.
* callers queue for an idle worker (:meth:`PdfPool.convert` blocks until one is free), so
  at most one document is in each office at a time;
* a job that takes longer than its timeout kills its worker; a worker whose office died
  (crashed, or was killed) is replaced and the job tried once more on another; a worker is
  also replaced after :attr:`PdfPool.max_jobs` documents or when its office's resident
  memory passes :attr:`PdfPool.max_rss_mb`. Replacements start in the background.

:func:`get_pool` gives the process-wide pool, started on first use and stopped at exit.
Settings come from the environment: ``DOCGEN_PDF_WORKERS`` (2), ``DOCGEN_PDF_TIMEOUT``
(seconds per document, 60), ``DOCGEN_PDF_MAX_JOBS`` (500), ``DOCGEN_PDF_MAX_RSS_MB`` (1024)
and ``DOCGEN_UNO_PYTHON`` (the Python to run the bridge with, found when unset).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import itertools
import json
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

from docgen.pdf import PdfFailed, PdfTimeout, PdfUnavailable, soffice

log = logging.getLogger(__name__)

BRIDGE_SCRIPT = Path(__file__).with_name("pdfworker.py")
DEFAULT_WORKERS = 2
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_JOBS = 500
DEFAULT_MAX_RSS_MB = 1024
START_SECONDS = 60.0
"""How long a worker may take to start (the first start also creates its profile)."""
QUEUE_SECONDS = 300.0
"""How long a caller waits for a free worker before giving up."""
RESTART_EXIT_CODE = 81
"""soffice.bin exits with this after creating a new profile, asking to be started again."""
START_ATTEMPTS = 3
START_BACKOFF = 0.5
"""Seconds before a worker's second start attempt; doubled before each further one."""
ROOT_PREFIX = "docgen-pdfpool-"
"""A pool's temporary folder is ``<tempdir>/docgen-pdfpool-<pid>-<random>``."""
PIPE_DIR = Path("/tmp")
"""Where LibreOffice makes the socket of a named pipe (``OSL_PIPE_<uid>_<name>``)."""


class PoolUnavailable(PdfUnavailable):
    """The warm pool cannot run here (no Python with ``uno``, or LibreOffice will not start)."""


class _WorkerLost(Exception):
    """The worker's office or bridge ended while it had a job."""


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@functools.cache
def uno_python() -> str | None:
    """A Python that can ``import uno``: ``DOCGEN_UNO_PYTHON``, LibreOffice's own (Windows,
    macOS), or the system's ``python3`` (Debian's python3-uno); None when there is none."""
    candidates = [os.environ.get("DOCGEN_UNO_PYTHON", "")]
    exe = soffice()
    if exe:
        program = Path(os.path.realpath(exe)).parent
        candidates += [str(program / "python"), str(program / "python.exe")]
    candidates += ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in dict.fromkeys(c for c in candidates if c):
        if not os.access(candidate, os.X_OK):
            continue
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True,
                                   timeout=30, check=False)
            if probe.returncode == 0:
                return candidate
    return None


def office_binary() -> str | None:
    """The office program itself: ``soffice.bin`` beside the ``soffice`` launcher where
    there is one (Linux), so that the pool's process is the office and not a launcher."""
    exe = soffice()
    if exe is None:
        return None
    real = Path(os.path.realpath(exe))
    direct = real.with_name("soffice.bin")
    return str(direct) if direct.is_file() else str(real)


def _kill(proc: subprocess.Popen | None, *, grace: float = 0.0) -> None:
    """End `proc` and whatever it started (its process group on POSIX), then reap it.

    With `grace`, it is first asked to quit (SIGTERM) and given that many seconds."""
    if proc is None:
        return

    def send(sig: signal.Signals) -> None:
        if proc.returncode is not None:  # reaped already: its id may belong to another now
            return
        with contextlib.suppress(OSError):
            if os.name == "posix":
                os.killpg(proc.pid, sig)  # the group: a launcher's children too
            else:
                proc.terminate() if sig == signal.SIGTERM else proc.kill()

    if grace > 0 and proc.poll() is None:
        send(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)
    send(signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but another user's
        return True
    return True


def remove_stale_folders(directory: str | os.PathLike | None = None) -> list[Path]:
    """Remove what pools of docgen processes that are gone (killed with SIGKILL, so no
    ``atexit``) left behind: their temporary folders in `directory` (the temporary
    directory) and their offices' pipe sockets. Returns the folders removed.

    A folder is removed only when its name holds the id of its process, that process no
    longer runs, and it belongs to this user."""
    base = Path(directory or tempfile.gettempdir())
    pattern = re.compile(re.escape(ROOT_PREFIX) + r"(\d+)-")
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed = []
    with contextlib.suppress(OSError):
        for entry in base.iterdir():
            found = pattern.match(entry.name)
            if not found or int(found[1]) == os.getpid() or _pid_alive(int(found[1])):
                continue
            try:
                info = entry.lstat()
            except OSError:
                continue
            if not entry.is_dir() or entry.is_symlink() or (uid is not None
                                                             and info.st_uid != uid):
                continue
            shutil.rmtree(entry, ignore_errors=True)
            if not entry.exists():
                removed.append(entry)
    if uid is not None:
        sockets = re.compile(rf"OSL_PIPE_{uid}_docgen-(\d+)-\d+")
        with contextlib.suppress(OSError):
            for entry in PIPE_DIR.iterdir():
                found = sockets.fullmatch(entry.name)
                if found and int(found[1]) != os.getpid() and not _pid_alive(int(found[1])):
                    with contextlib.suppress(OSError):
                        entry.unlink()
    if removed:
        log.info("removed %d PDF pool folder(s) left by ended processes", len(removed))
    return removed


class Worker:
    """One warm LibreOffice and its bridge; used by one job at a time."""

    _serial = itertools.count(1)

    def __init__(self, index: int, root: Path, office: str, python: str):
        self.index = index
        self.profile = root / f"profile-{index}"
        self.work = root / f"work-{index}"
        self.office_exe = office
        self.python = python
        self.office: subprocess.Popen | None = None
        self.bridge: subprocess.Popen | None = None
        self.replies: queue.Queue[dict | None] = queue.Queue()
        self.jobs = 0
        self.pipe = ""
        self.retired = False
        self.failed = False
        """True once it could not be started in :data:`START_ATTEMPTS` attempts."""
        self._spawn = threading.Lock()

    # --- life ----------------------------------------------------------------------------

    def start(self, timeout: float = START_SECONDS) -> None:
        """Start the office and the bridge; return once the bridge has connected."""
        self.work.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # left by an office that was killed
            (self.profile / ".lock").unlink()
        self.pipe = f"docgen-{os.getpid()}-{next(self._serial)}"
        self.replies = queue.Queue()
        self.jobs = 0
        self._start_office()
        with self._spawn:
            if self.retired:
                raise PdfFailed("the worker was stopped for good")
            with (self.work / "bridge.log").open("ab") as log_file:
                self.bridge = self._popen_bridge(log_file)
        threading.Thread(target=self._read_replies, args=(self.bridge, self.replies),
                         name=f"pdf-worker-{self.index}-replies", daemon=True).start()
        deadline = time.monotonic() + timeout
        restarts = 0
        while True:
            try:
                message = self.replies.get(timeout=0.1)
            except queue.Empty:
                message = {}
            if message is None:
                raise PdfFailed(f"the LibreOffice bridge ended at start: {self._bridge_log()}")
            if message.get("ready"):
                return
            code = self.office.poll()
            if code == RESTART_EXIT_CODE and restarts < 3:  # first start of a new profile
                restarts += 1
                self._start_office()
            elif code is not None:
                raise PdfFailed(f"LibreOffice ended at start (exit code {code})")
            if time.monotonic() > deadline:
                raise PdfFailed(f"LibreOffice did not start within {timeout:.0f} s")

    def _start_office(self) -> None:
        with self._spawn:
            if self.retired:  # the pool closed while this worker was starting
                raise PdfFailed("the worker was stopped for good")
            self.office = self._popen_office()

    def _popen_office(self) -> subprocess.Popen:
        return subprocess.Popen(
            [self.office_exe, "--headless", "--invisible", "--nologo", "--norestore",
             "--nodefault", "--nolockcheck", "--nofirststartwizard",
             f"-env:UserInstallation={self.profile.as_uri()}",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    def _popen_bridge(self, log_file) -> subprocess.Popen:  # noqa: ANN001
        return subprocess.Popen(
            [self.python, str(BRIDGE_SCRIPT), self.pipe],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
            start_new_session=True, text=True, encoding="utf-8", bufsize=1)

    @staticmethod
    def _read_replies(bridge: subprocess.Popen, replies: queue.Queue) -> None:
        for line in bridge.stdout:
            with contextlib.suppress(ValueError):
                replies.put(json.loads(line))
        replies.put(None)

    def stop(self, *, grace: float = 3.0, final: bool = False) -> None:
        """End the bridge and the office (the office gets `grace` seconds to quit); with
        `final`, the worker never starts a process again."""
        with self._spawn:
            self.retired = self.retired or final
        if self.bridge is not None and self.bridge.stdin is not None:
            with contextlib.suppress(OSError):
                self.bridge.stdin.close()
        _kill(self.office, grace=grace)
        _kill(self.bridge, grace=1.0)  # its reader thread then sees the end of its output
        if self.pipe and self.office is not None and self.office.returncode is not None \
                and hasattr(os, "getuid"):  # a killed office leaves its pipe's socket
            with contextlib.suppress(OSError):
                (PIPE_DIR / f"OSL_PIPE_{os.getuid()}_{self.pipe}").unlink()

    def _drop_pipes_after_fork(self) -> None:
        """In a forked child: point the inherited ends of the bridge's pipes at /dev/null,
        so that the child holds no pipe of the parent's bridge (the bridge must see its
        input end when the parent ends) and never writes into it."""
        bridge = self.bridge
        if bridge is None:
            return
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            for stream in (bridge.stdin, bridge.stdout):
                if stream is None or stream.closed:
                    continue
                with contextlib.suppress(OSError, ValueError):
                    os.dup2(devnull, stream.fileno(), inheritable=False)
        finally:
            os.close(devnull)

    def alive(self) -> bool:
        return (self.office is not None and self.office.poll() is None
                and self.bridge is not None and self.bridge.poll() is None)

    def rss_mb(self) -> float | None:
        """The office's resident memory in MiB (Linux), or None where it cannot be read."""
        if self.office is None:
            return None
        try:
            status = Path(f"/proc/{self.office.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    def _bridge_log(self) -> str:
        try:
            text = (self.work / "bridge.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "no log"
        return text.strip().splitlines()[-1][:300] if text.strip() else "no log"

    # --- one job -------------------------------------------------------------------------

    def convert(self, docx: bytes, job: int, timeout: float) -> bytes:
        """Convert one document; :class:`PdfTimeout` past `timeout` seconds,
        :class:`_WorkerLost` when the office or bridge ended, :class:`PdfFailed` otherwise."""
        src = self.work / f"{job}.docx"
        dst = self.work / f"{job}.pdf"
        src.write_bytes(docx)
        try:
            try:
                self.bridge.stdin.write(json.dumps({"id": job, "src": str(src),
                                                    "dst": str(dst)}) + "\n")
                self.bridge.stdin.flush()
            except (OSError, ValueError) as exc:
                raise _WorkerLost(f"the LibreOffice bridge is gone: {exc}") from None
            deadline = time.monotonic() + timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PdfTimeout(f"LibreOffice took longer than {timeout:g} s")
                try:
                    reply = self.replies.get(timeout=min(left, 0.5))
                except queue.Empty:
                    if self.office.poll() is not None:
                        raise _WorkerLost("LibreOffice ended during the conversion") from None
                    continue
                if reply is None:
                    raise _WorkerLost("the LibreOffice bridge ended during the conversion")
                if reply.get("id") != job:
                    continue
                self.jobs += 1
                if reply.get("ok"):
                    break
                if reply.get("lost"):
                    raise _WorkerLost(reply.get("error") or "LibreOffice went away")
                raise PdfFailed(f"LibreOffice could not convert the document: "
                                f"{reply.get('error')}")
            try:
                return dst.read_bytes()
            except OSError:
                raise PdfFailed("LibreOffice produced no PDF") from None
        finally:
            for path in (src, dst):
                with contextlib.suppress(OSError):
                    path.unlink()


class PdfPool:
    """`size` warm LibreOffice workers behind one queue. Thread-safe.

    Every worker is always in exactly one state: idle (in the queue), busy (a caller has
    it) or starting (a background thread brings it up); the counts change under one lock.
    """

    def __init__(self, size: int | None = None, *, timeout: float | None = None,
                 max_jobs: int | None = None, max_rss_mb: float | None = None,
                 python: str | None = None, office: str | None = None):
        self.size = int(size or _env_number("DOCGEN_PDF_WORKERS", DEFAULT_WORKERS))
        self.timeout = timeout or _env_number("DOCGEN_PDF_TIMEOUT", DEFAULT_TIMEOUT)
        self.max_jobs = int(max_jobs or _env_number("DOCGEN_PDF_MAX_JOBS", DEFAULT_MAX_JOBS))
        self.max_rss_mb = max_rss_mb or _env_number("DOCGEN_PDF_MAX_RSS_MB",
                                                    DEFAULT_MAX_RSS_MB)
        self._python = python
        self._office = office
        self.pid = os.getpid()
        self.restarts = 0
        self.conversions = 0
        self.last_error = ""
        self._changed = threading.Condition(threading.RLock())
        self._idle: list[Worker] = []
        self._busy = 0
        self._starting = 0
        self._workers: list[Worker] = []
        self._jobs = itertools.count(1)
        self._root: Path | None = None
        self._closed = False
        self._started = False
        _pools.add(self)

    # --- life ----------------------------------------------------------------------------

    def start(self, *, wait: bool = False) -> PdfPool:
        """Start the workers in the background; with `wait`, return once one is ready.

        Raises :class:`PoolUnavailable` at once when LibreOffice or a Python with ``uno``
        is missing, and (with `wait`) when no worker starts.
        """
        with self._changed:
            if self._closed:
                raise PoolUnavailable(self._closed_reason())
            if not self._started:
                office = self._office or office_binary()
                if office is None:
                    raise PoolUnavailable("LibreOffice (soffice) is not on the PATH")
                python = self._python or uno_python()
                if python is None:
                    raise PoolUnavailable("no Python with LibreOffice's uno module was found "
                                          "(install python3-uno, or set DOCGEN_UNO_PYTHON)")
                try:
                    remove_stale_folders()
                except Exception:  # noqa: BLE001 - tidying up must never stop the pool
                    log.warning("could not remove stale PDF pool folders", exc_info=True)
                self._root = Path(tempfile.mkdtemp(prefix=f"{ROOT_PREFIX}{os.getpid()}-"))
                self._workers = [Worker(i, self._root, office, python)
                                 for i in range(self.size)]
                self._started = True
                for worker in self._workers:
                    self._launch(worker)
        if wait:
            self._release(self._acquire(START_SECONDS * START_ATTEMPTS), recycle=False)
        return self

    def _launch(self, worker: Worker, *, restart: bool = False) -> None:
        """Start (or restart) `worker` in a background thread; it then joins the idle ones."""
        with self._changed:
            self._starting += 1
            if restart:
                self.restarts += 1
        threading.Thread(target=self._bring_up, args=(worker, restart),
                         name=f"pdf-worker-{worker.index}-start", daemon=True).start()

    def _bring_up(self, worker: Worker, restart: bool) -> None:
        """Start `worker`, up to :data:`START_ATTEMPTS` times with a growing pause between;
        any failure (an office that will not start, an OSError from starting a process)
        stops whatever that attempt started. A worker that never starts is marked failed;
        once no worker is starting or working, callers get :class:`PoolUnavailable`."""
        ready = False
        try:
            for attempt in range(1, START_ATTEMPTS + 1):
                if attempt > 1 and not self._pause(START_BACKOFF * 2 ** (attempt - 2)):
                    return
                if self._closed:
                    return
                try:
                    if restart or attempt > 1:
                        worker.stop(grace=0)
                    worker.start()
                except Exception as exc:  # noqa: BLE001 - any failure: stop it, try again
                    with contextlib.suppress(Exception):
                        worker.stop(grace=0)
                    if self._closed:
                        return
                    self.last_error = (str(exc) if isinstance(exc, PdfFailed)
                                       else f"{type(exc).__name__}: {exc}")
                    log.warning("PDF worker %d did not start (attempt %d of %d): %s",
                                worker.index, attempt, START_ATTEMPTS, self.last_error,
                                exc_info=not isinstance(exc, PdfFailed))
                    continue
                ready = True
                return
            worker.failed = True
            log.error("PDF worker %d gave up after %d attempts: %s", worker.index,
                      START_ATTEMPTS, self.last_error)
        finally:
            if not ready:
                with contextlib.suppress(Exception):
                    worker.stop(grace=0)
            with self._changed:
                self._starting -= 1
                if ready and not self._closed:
                    worker.failed = False
                    self._idle.append(worker)
                elif ready:
                    worker.stop(grace=0)
                self._changed.notify_all()

    def _pause(self, seconds: float) -> bool:
        """Wait `seconds`; False at once when the pool is closed meanwhile."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    return True
                self._changed.wait(left)
        return False

    def close(self) -> None:
        """Stop every worker and remove the pool's temporary folder. Idempotent."""
        with self._changed:
            if self._closed:
                return
            self._closed = True
            self._changed.notify_all()
        if self.pid != os.getpid():  # a forked copy: the workers are the parent's
            return
        threads = [threading.Thread(target=w.stop, kwargs={"final": True})
                   for w in self._workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(15)
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)

    @property
    def closed(self) -> bool:
        return self._closed

    def _closed_reason(self) -> str:
        if self.pid != os.getpid():
            return "the PDF pool belongs to the process it was made in (this one is a fork)"
        return "the PDF pool has been shut down"

    def _forsake_after_fork(self) -> None:
        """In a forked child: let go of the parent's workers without stopping them. Locks
        another thread of the parent held at the fork are left behind with new ones."""
        self._changed = threading.Condition(threading.RLock())
        self._closed = True
        self._idle = []
        for worker in self._workers:
            worker._spawn = threading.Lock()
            worker._drop_pipes_after_fork()

    def office_pids(self) -> list[int]:
        """The process ids of the running offices (for tests and monitoring)."""
        return [w.office.pid for w in self._workers if w.office and w.office.poll() is None]

    def office_memory_mb(self) -> list[float]:
        """The resident memory of each running office in MiB (Linux; for monitoring)."""
        return [rss for w in self._workers if (rss := w.rss_mb()) is not None]

    # --- jobs ----------------------------------------------------------------------------

    def _acquire(self, wait: float) -> Worker:
        """The next idle worker, waiting up to `wait` seconds for one."""
        deadline = time.monotonic() + wait
        with self._changed:
            while True:
                if self._closed:
                    raise PoolUnavailable(self._closed_reason())
                if self._idle:
                    self._busy += 1
                    return self._idle.pop(0)
                if self._starting == 0 and self._busy == 0:
                    raise PoolUnavailable(f"no LibreOffice worker could be started: "
                                          f"{self.last_error or 'unknown reason'}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PdfFailed(f"every LibreOffice worker stayed busy for {wait:g} s")
                self._changed.wait(min(left, 1.0))

    def _release(self, worker: Worker, *, recycle: bool) -> None:
        """Give a worker back: to the idle ones, or (`recycle`) to be started anew."""
        with self._changed:
            self._busy -= 1
            if recycle:
                self._launch(worker, restart=True)
            else:
                self._idle.append(worker)
            self._changed.notify_all()

    def convert(self, docx: bytes, *, timeout: float | None = None) -> bytes:
        """PDF/A-2b bytes of a DOCX, made by the next free worker.

        Raises :class:`PdfTimeout` when the job takes longer than `timeout` seconds (the
        worker is replaced), :class:`PdfFailed` when LibreOffice cannot convert it, and
        :class:`PoolUnavailable` when no worker can be started.
        """
        self.start()
        timeout = timeout or self.timeout
        for attempt in (1, 2):
            worker = self._acquire(QUEUE_SECONDS)
            recycle = True
            try:
                if not worker.alive():
                    raise _WorkerLost("LibreOffice had ended while idle")
                pdf = worker.convert(docx, next(self._jobs), timeout)
                recycle = False
            except _WorkerLost as exc:
                log.warning("PDF worker %d lost (%s); starting a new one", worker.index, exc)
                if attempt == 2:
                    raise PdfFailed(f"LibreOffice failed twice: {exc}") from None
                continue
            except PdfTimeout:
                log.warning("PDF worker %d timed out after %g s; starting a new one",
                            worker.index, timeout)
                raise
            except PdfFailed:
                recycle = not worker.alive()
                raise
            finally:
                if not recycle:
                    rss = worker.rss_mb()
                    if worker.jobs >= self.max_jobs or (rss or 0) > self.max_rss_mb:
                        log.info("PDF worker %d renewed after %d jobs (%.0f MiB)",
                                 worker.index, worker.jobs, rss or 0)
                        recycle = True
                self._release(worker, recycle=recycle)
            with self._changed:
                self.conversions += 1
            return pdf
        raise AssertionError("unreachable")


_pool: PdfPool | None = None
_pool_lock = threading.Lock()
_pools: weakref.WeakSet[PdfPool] = weakref.WeakSet()


def get_pool() -> PdfPool:
    """The process-wide pool, started on first use (again after a fork) and closed at exit.

    Raises :class:`PoolUnavailable` when it cannot run on this machine.
    """
    global _pool
    with _pool_lock:
        if _pool is None or _pool.closed or _pool.pid != os.getpid():
            _pool = PdfPool()
            _close_in_multiprocessing_child()
        pool = _pool
    return pool.start()


def _close_in_multiprocessing_child() -> None:
    """A multiprocessing child ends with ``os._exit`` (no ``atexit``), after running its
    own finalizers: have them stop this process's pool too."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.parent_process() is not None:
        from multiprocessing import util

        util.Finalize(None, shutdown_pool, exitpriority=10)


def shutdown_pool() -> None:
    """Stop the process-wide pool, if it runs; the next :func:`get_pool` starts a new one."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None and pool.pid == os.getpid():
        pool.close()


def _after_fork_in_child() -> None:
    """A forked child keeps copies of the parent's pools: forget them (the child's first
    PDF starts its own pool), without stopping the parent's offices, and drop the inherited
    ends of the parent's bridge pipes."""
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()
    for pool in list(_pools):
        with contextlib.suppress(Exception):
            pool._forsake_after_fork()


atexit.register(shutdown_pool)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
