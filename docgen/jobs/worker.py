"""``docgen worker``: a process that makes the parts of jobs, and the conversions of single
documents (their PDF/A and page images, :mod:`docgen.jobs.convert`), sent over Redis.

Run as many as the machines have cores for, on any machine that reaches the same database
(``DATABASE_URL``), the same Redis (``DOCGEN_REDIS_URL``) and the same ``DOCGEN_HOME``
folder (the file storage). Each worker runs jobs in its own process (RQ's SimpleWorker, no
fork per job), so the compiled templates and the warm LibreOffice pool serve every part it
takes; beside it a thread queues again the parts of workers that died
(:func:`docgen.jobs.core.reap`) and keeps the PDF/A of issued records whose conversion ended
while nobody attached it (:func:`docgen.jobs.record_pdf.reap`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import click

from docgen.jobs.runners import RQRunner, queue_name, redis_url

log = logging.getLogger(__name__)
_store: Any = None
_store_lock = threading.Lock()


def worker_store() -> Any:
    """This process's store (``DATABASE_URL`` or the SQLite file, and the files of
    ``DOCGEN_HOME``), opened once."""
    global _store
    with _store_lock:
        if _store is None:
            from docgen.store import Store

            _store = Store()
        return _store


def part_task(job_id: int, number: int) -> str:
    """RQ's entry point: make one part."""
    from docgen.jobs import core

    return core.run_part(worker_store(), job_id, number)


def conversion_task(conversion_id: int) -> str:
    """RQ's entry point: make one conversion (a PDF/A, page images)."""
    from docgen.jobs import convert

    return convert.run(worker_store(), conversion_id)


def finish_task(job_id: int) -> bool:
    """RQ's entry point: assemble a job's ZIP whose assembler died."""
    from docgen.jobs import core

    return core.finish(worker_store(), job_id)


class Reaper(threading.Thread):
    """Every half lease, the parts and conversions of dead workers queued again, and the
    issued records whose PDF/A waits looked at (:func:`docgen.jobs.record_pdf.reap`)."""

    def __init__(self, store: Any, runner: RQRunner):
        super().__init__(daemon=True, name="docgen-reaper")
        self.store, self.runner = store, runner
        self.stopped = threading.Event()

    def run(self) -> None:
        from docgen.jobs import convert, core, record_pdf

        while not self.stopped.wait(core.lease_seconds() / 2):
            try:
                core.reap(self.store, self.runner.submit,
                          finish_again=self.runner.submit_finish)
                convert.reap(self.store, self.runner.submit_conversion)
                record_pdf.reap(self.store, self.runner.submit_conversion)
            except Exception:  # noqa: BLE001 - tried again at the next round
                log.exception("reaping stale job parts failed")


def warn_missing_tools(lang: str) -> None:
    """Say at start-up which conversion tool this machine lacks: the web instances queue
    conversions for the workers without looking for the tools themselves
    (:func:`docgen.preview.missing_where_made`)."""
    from docgen.messages import text
    from docgen.preview import missing_tool

    tool = missing_tool()
    if tool is not None:
        name = "LibreOffice (soffice)" if tool == "libreoffice" else "poppler-utils (pdftoppm)"
        click.echo(text("worker_tool_missing", lang, tool=name), err=True)


@click.command("worker")
@click.option("--queue", "queue", default=None,
              help="The queue to take jobs from (default DOCGEN_QUEUE or 'docgen').")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", default=None, help="The worker's name in Redis (default: RQ's).")
@click.pass_context
def worker(ctx: click.Context, queue: str | None, burst: bool, name: str | None) -> None:
    """Make the parts of batch jobs and the conversions (PDF/A, page images) sent over
    Redis (DOCGEN_REDIS_URL) by the web instances and `docgen batch --queue`."""
    from rq import SimpleWorker

    from docgen.messages import text

    lang = (ctx.find_root().params.get("lang") or "id")
    url = redis_url()
    if not url:
        click.echo(text("batch_queue_needs_redis", lang), err=True)
        ctx.exit(2)
    logging.basicConfig(level=logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    store = worker_store()
    from docgen.store import current_revision, head_revision

    if current_revision(store.engine) != head_revision():
        click.echo(text("worker_db_behind", lang), err=True)
        ctx.exit(2)
    warn_missing_tools(lang)
    runner = RQRunner(url, queue or queue_name())
    reaper = Reaper(store, runner)
    reaper.start()
    try:
        SimpleWorker([runner.convert_queue, runner.queue], connection=runner.connection,
                     name=name).work(
            burst=burst, logging_level="WARNING")
    finally:
        reaper.stopped.set()
