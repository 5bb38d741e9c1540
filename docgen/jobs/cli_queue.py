"""``docgen batch --queue``: the batch sent to the ``docgen worker`` processes over Redis,
watched until its ZIP is ready (Ctrl+C cancels it)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from docgen.messages import text

POLL_SECONDS = 0.25


def run_queued(ctx: click.Context, study: Any, kind: Any, sheet: Any, out_file: Path,
               file_format: str, event: int, office_ref: str | None, base_dir: Path) -> None:
    from docgen.archive_cli import existing_store, find_office, find_study
    from docgen.batch import BatchRefused
    from docgen.batch_cli import Bar, _size, print_summary
    from docgen.jobs import core
    from docgen.jobs.runners import RQRunner, dispatch, redis_url
    from docgen.store import Job
    from docgen.templates_cli import stored_templates

    lang = (ctx.find_root().params.get("lang") or "id")
    url, store = redis_url(), existing_store()
    if not url or store is None:
        click.echo(text("batch_queue_needs_redis", lang), err=True)
        ctx.exit(1)
    runner = RQRunner(url)
    own = stored_templates(study, [kind], office_ref)
    try:
        with store.transaction() as session:
            office = find_office(session, study, office_ref)
            record = find_study(session, study, office_ref)
            job = core.create_batch(
                session, store.files, study=study, kind=kind, sheet=sheet, runner="rq",
                event=event, file_format=file_format, template=own.get(kind.id),
                office_id=office.id if office else None,
                study_id=record.id if record else None, base_dir=base_dir.resolve())
            job_id = job.id
        with store.session() as session:
            job = session.get(Job, job_id)
            dispatch(runner, job)
            click.echo(text("batch_queued", lang, job=job_id, parts=len(job.parts)), err=True)
    except BatchRefused as exc:
        for problem in exc.problems:
            click.echo(problem.line(lang), err=True)
        ctx.exit(1)
    bar = Bar(len(sheet.recipients), kind.title(lang))
    shown = 0
    try:
        while True:
            with store.session() as session:
                job = session.get(Job, job_id)
                state = core.status(job)
            bar(state.made - shown)
            shown = state.made
            if state.state in core.FINISHED or state.state == "interrupted":
                break
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        with store.transaction() as session:
            core.cancel(session, session.get(Job, job_id))
        bar.close()
        click.echo(text("batch_cancelled", lang), err=True)
        ctx.exit(1)
    finally:
        bar.close()
    if state.state != "done":
        with store.session() as session:
            detail = session.get(Job, job_id).error or state.state
        click.echo(text("batch_failed", lang, detail=detail), err=True)
        ctx.exit(1)
    with store.session() as session:
        key = session.get(Job, job_id).result_key
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(store.files.read(key))
    refused = [p for p in state.problems if p.severity == "error"]
    print_summary(lang, state.made, refused, [p for p in state.problems if p.severity != "error"])
    click.echo(text("batch_written", lang, path=out_file, size=_size(state.result_size)),
               err=True)
    store.dispose()
    if refused:
        ctx.exit(1)
