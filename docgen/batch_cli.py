"""``docgen batch``: one invitation per row of a recipient sheet, zipped (:mod:`docgen.batch`).

Exit codes: 0 every row made; 1 the batch could not be made, or some rows were refused or
failed (the others are in the ZIP, and the summary says which); 2 usage.

The progress bar is tqdm's (a single pure-Python package without dependencies, about a
sixth of rich with its pygments and markdown-it), drawn on standard error only when it is a
terminal; in a pipe or a log nothing but the summary is written.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from docgen.messages import Problem, text

FORMATS = ("docx", "pdf", "both")


def _lang(ctx: click.Context) -> str:
    return (ctx.find_root().params.get("lang") or "id") if ctx else "id"


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} kB"


class Bar:
    """A progress bar on a terminal (tqdm), nothing elsewhere."""

    def __init__(self, total: int, label: str, stream: Any = None):
        self.stream = stream or sys.stderr
        self._bar = None
        if total and getattr(self.stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, unit=" naskah", file=self.stream,
                             leave=False, dynamic_ncols=True)

    def __call__(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def print_summary(lang: str, made: int, refused: list[Problem], warnings: list[Problem],
                  echo: Callable[..., Any] = click.echo) -> None:
    """The problems, each named by its cell, then the counts."""
    for problem in [*refused, *warnings]:
        echo(problem.line(lang), err=True)
    echo(text("batch_summary", lang, made=made, refused=len(refused),
              warnings=len(warnings)), err=True)


@click.command("batch")
@click.argument("study_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind_id", default="invitation", show_default=True,
              help="A kind made one per invitee (the invitation, or the office's own).")
@click.option("--recipients", "recipients_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The recipient sheet: .xlsx, .ods, .xls or .csv, with a Jabatan column "
                   "(Instansi, Alamat, Kota, Nama, Surel optional).")
@click.option("--out", "out_file", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The ZIP to write.")
@click.option("--format", "file_format", type=click.Choice(FORMATS),
              default="docx", show_default=True,
              help="DOCX, PDF/A-2b (needs LibreOffice), or both side by side.")
@click.option("--event", type=click.IntRange(1), default=1, show_default=True,
              help="Which dissemination event of stage 7 the letters invite to.")
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="Processes rendering side by side (default: one per core).")
@click.option("--queue", is_flag=True,
              help="Send the batch to the docgen worker processes over Redis "
                   "(DOCGEN_REDIS_URL) and wait for it, instead of rendering here.")
@click.option("--office", "office_ref", default=None,
              help="Office id or name in DOCGEN_HOME whose templates are used; default the "
                   "office named as in the study.")
@click.pass_context
def batch(ctx: click.Context, study_file: Path, kind_id: str, recipients_file: Path,
          out_file: Path, file_format: str, event: int, processes: int | None, queue: bool,
          office_ref: str | None) -> None:
    """One document per row of a recipient sheet, in one ZIP (drafts: a batch takes no
    numbers from the register)."""
    from docgen import batch as batch_mod
    from docgen.archive_cli import chosen_kinds, stored_kinds, stored_register
    from docgen.cli import _load
    from docgen.recipient_layout import office_region
    from docgen.recipients import RecipientsUnreadable, read_recipients
    from docgen.templates_cli import stored_templates

    lang = _lang(ctx)
    study = _load(ctx, study_file)
    kind = chosen_kinds(ctx, [kind_id], stored_kinds(study, office_ref))[0]
    try:
        sheet = read_recipients(recipients_file, home=office_region(study.office))
    except RecipientsUnreadable as exc:
        click.echo(exc.problem.line(lang), err=True)
        ctx.exit(1)
    if queue:
        from docgen.jobs.cli_queue import run_queued

        run_queued(ctx, study, kind, sheet, out_file, file_format, event - 1, office_ref,
                   study_file.parent)
        return
    if file_format != "docx":
        from docgen import pdf

        if not pdf.available():
            click.echo(text("pdf_unavailable", lang), err=True)
            ctx.exit(1)
    started = time.perf_counter()
    try:
        own = stored_templates(study, [kind], office_ref)
        prepared = batch_mod.prepare(study, kind, sheet.recipients, event=event - 1,
                                     template=own.get(kind.id), base_dir=study_file.parent,
                                     register=stored_register(study, office_ref))
    except batch_mod.BatchRefused as exc:
        for problem in exc.problems:
            click.echo(problem.line(lang), err=True)
        ctx.exit(1)
    bar = Bar(len(sheet.recipients), kind.title(lang))
    try:
        made = batch_mod.render_all(prepared, sheet.recipients, file_format,
                                    processes=processes, progress=bar)
    finally:
        bar.close()
    out_file.parent.mkdir(parents=True, exist_ok=True)
    batch_mod.zip_batch(out_file, sheet.recipients, made, sheet.refused, sheet.warnings)
    failed = [m.problem for m in made if m.problem is not None]
    print_summary(lang, sum(1 for m in made if m.problem is None), sheet.refused + failed,
                  sheet.warnings)
    click.echo(text("batch_written", lang, path=out_file,
                    size=_size(out_file.stat().st_size)) +
               f" [{time.perf_counter() - started:.1f} s]", err=True)
    if sheet.refused or failed:
        ctx.exit(1)
