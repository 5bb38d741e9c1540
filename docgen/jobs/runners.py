"""Who runs a job's parts: this process's threads, or ``docgen worker`` processes over Redis.

RQ rather than Celery: RQ needs Redis alone (Celery a broker and a result backend, its own
configuration and beat process), its jobs are plain function calls by name, and its
workers are small. The database stays the truth about each part (:mod:`docgen.jobs.core`);
RQ only carries "make part N of job J" to a worker. A worker killed mid-part is noticed by
its lease running out (``DOCGEN_JOB_LEASE``, 30 s), not by RQ's own clean-up of abandoned
jobs, which waits a minute or more after the job's heartbeat; when RQ's clean-up does run
later, its retry finds the part taken or done and does nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

log = logging.getLogger(__name__)

REDIS_SETTING = "DOCGEN_REDIS_URL"
QUEUE_SETTING = "DOCGEN_QUEUE"
DEFAULT_QUEUE = "docgen"
PART_TIMEOUT = 3600
"""The longest a part may run in a worker (a PDF/A part of 50 letters takes minutes)."""
CONVERT_TIMEOUT = 600
"""The longest one conversion (:mod:`docgen.jobs.convert`) may run in a worker."""
CONVERT_SUFFIX = "-convert"
"""Conversions go on a queue of their own (``docgen-convert``), which workers take from
first: a page waiting for its PDF never waits behind a batch of hundreds of letters."""


class Runner(Protocol):
    name: str

    def submit(self, job_id: int, number: int) -> None:
        """Have part `number` of job `job_id` made."""

    def submit_finish(self, job_id: int) -> None:
        """Have the ZIP of job `job_id` assembled (its assembler died)."""

    def submit_conversion(self, conversion_id: int) -> None:
        """Have conversion `conversion_id` made (:func:`docgen.jobs.convert.run`)."""


def redis_url() -> str | None:
    return os.environ.get(REDIS_SETTING, "").strip() or None


def queue_name() -> str:
    return os.environ.get(QUEUE_SETTING, "").strip() or DEFAULT_QUEUE


class ThreadRunner:
    """Parts made by a small pool of this process's threads (the embedded default), and
    conversions by a second small pool (``DOCGEN_CONVERT_THREADS``, 2), so a page's PDF
    never waits behind a batch."""

    name = "thread"

    def __init__(self, store: Any, threads: int | None = None):
        self.store = store
        threads = threads or int(os.environ.get("DOCGEN_JOB_THREADS", "2") or 2)
        self.executor = ThreadPoolExecutor(max_workers=max(1, threads),
                                           thread_name_prefix="docgen-job")
        converters = int(os.environ.get("DOCGEN_CONVERT_THREADS", "2") or 2)
        self.converters = ThreadPoolExecutor(max_workers=max(1, converters),
                                             thread_name_prefix="docgen-convert")

    def submit(self, job_id: int, number: int) -> None:
        from docgen.jobs.core import run_part

        self.executor.submit(_logged, run_part, self.store, job_id, number)

    def submit_finish(self, job_id: int) -> None:
        from docgen.jobs.core import finish

        self.executor.submit(_logged, finish, self.store, job_id)

    def submit_conversion(self, conversion_id: int) -> None:
        from docgen.jobs.convert import run

        self.converters.submit(_logged, run, self.store, conversion_id)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.converters.shutdown(wait=True, cancel_futures=True)


def _logged(function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - a thread's failure goes to the log
        log.exception("background job step failed")
        return None


class RQRunner:
    """Parts sent to ``docgen worker`` processes over Redis (RQ)."""

    name = "rq"

    def __init__(self, url: str, queue: str | None = None):
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(url)
        self.queue = Queue(queue or queue_name(), connection=self.connection)
        self.convert_queue = Queue(self.queue.name + CONVERT_SUFFIX,
                                   connection=self.connection)

    def submit(self, job_id: int, number: int) -> None:
        from rq import Retry

        self.queue.enqueue("docgen.jobs.worker.part_task", job_id, number,
                           job_timeout=PART_TIMEOUT, retry=Retry(max=2),
                           result_ttl=600, failure_ttl=86400,
                           description=f"docgen job {job_id} part {number}")

    def submit_finish(self, job_id: int) -> None:
        self.queue.enqueue("docgen.jobs.worker.finish_task", job_id,
                           job_timeout=PART_TIMEOUT, result_ttl=600)

    def submit_conversion(self, conversion_id: int) -> None:
        self.convert_queue.enqueue("docgen.jobs.worker.conversion_task", conversion_id,
                                   job_timeout=CONVERT_TIMEOUT, result_ttl=600,
                                   failure_ttl=86400,
                                   description=f"docgen conversion {conversion_id}")


_threads: dict[int, ThreadRunner] = {}
_rq: dict[tuple[str, str], RQRunner] = {}
_lock = threading.Lock()


def runner_for(store: Any) -> Runner:
    """RQ when ``DOCGEN_REDIS_URL`` is set (one connection per address and queue), else
    this process's threads (one pool per store)."""
    url = redis_url()
    if url:
        with _lock:
            runner = _rq.get((url, queue_name()))
            if runner is None:
                runner = _rq[(url, queue_name())] = RQRunner(url)
            return runner
    with _lock:
        runner = _threads.get(id(store))
        if runner is None:
            runner = _threads[id(store)] = ThreadRunner(store)
        return runner


def dispatch(runner: Runner, job: Any) -> None:
    """Hand every queued part of `job` to `runner`."""
    for part in job.parts:
        if part.state == "queued":
            runner.submit(job.id, part.number)
