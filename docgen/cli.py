"""The ``docgen`` command.

Exit codes: 0 done, 1 invalid input (each problem printed as ``path: message``), 2 usage.
Messages are in Indonesian by default; ``--lang en`` (or ``DOCGEN_LANG=en``) switches to
English.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from docgen import catalog
from docgen import study as study_mod
from docgen.example import abroad_example_data, example_data
from docgen.messages import Problem, text
from docgen.render import RenderError, render_document


def _lang(ctx: click.Context) -> str:
    return (ctx.find_root().params.get("lang") or "id") if ctx else "id"


def _print_problems(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(problem.line(lang), err=True)


def _load(ctx: click.Context, path: Path) -> study_mod.Study:
    """Read and check a study; on errors print them and exit 1. Warnings are printed too."""
    lang = _lang(ctx)
    try:
        study = study_mod.read_study(path)
    except study_mod.StudyInvalid as exc:
        _print_problems(exc.problems, lang)
        ctx.exit(1)
    problems = study_mod.check_study(study)
    _print_problems(problems, lang)
    if study_mod.errors_only(problems):
        ctx.exit(1)
    return study


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["id", "en"]), envvar="DOCGEN_LANG", default="id",
              show_default=True, help="Language of messages.")
@click.version_option(package_name="docgen")
def main(lang: str) -> None:
    """docgen: official documents for a studi banding, ready to sign."""


@main.command()
@click.option("--year", type=int, default=None, help="Fiscal year (2026; abroad 2027).")
@click.option("--abroad", is_flag=True, help="The luar negeri variant (to Seoul).")
def example(year: int | None, abroad: bool) -> None:
    """Print a complete example study as JSON."""
    data = abroad_example_data(year or 2027) if abroad else example_data(year or 2026)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.argument("study_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_context
def validate(ctx: click.Context, study_file: Path, as_json: bool) -> None:
    """Check a study file; print each problem as `path: message`."""
    lang = _lang(ctx)
    try:
        study: study_mod.Study | None = study_mod.read_study(study_file)
        problems = study_mod.check_study(study)
    except study_mod.StudyInvalid as exc:
        study, problems = None, exc.problems
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        _print_problems(problems, lang)
    if study is None or study_mod.errors_only(problems):
        ctx.exit(1)
    if not as_json:
        click.echo("Studi valid." if lang == "id" else "The study is valid.")


@main.command()
@click.argument("study_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder for the DOCX files.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(catalog.KINDS)),
              help="Document kind (repeatable); default: every kind.")
@click.pass_context
def render(ctx: click.Context, study_file: Path, out_dir: Path, kinds: tuple[str, ...]) -> None:
    """Write one DOCX per document kind (and per recipient for fanned-out letters)."""
    lang = _lang(ctx)
    study = _load(ctx, study_file)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    for kind_id in kinds or tuple(catalog.KINDS):
        kind = catalog.get_kind(kind_id)
        missing = catalog.missing(study, kind)
        if missing:
            failed = True
            _print_problems(missing, lang)
            continue
        for item in catalog.items(study, kind):
            try:
                doc = render_document(study, kind, item=item, base_dir=study_file.parent)
            except RenderError as exc:
                click.echo(f"{kind.id}: {exc}", err=True)
                failed = True
                continue
            target = out_dir / doc.filename
            target.write_bytes(doc.data)
            click.echo(str(target))
    if failed:
        ctx.exit(1)


@main.command()
@click.argument("study_file", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def kinds(ctx: click.Context, study_file: Path | None) -> None:
    """List the document kinds; with a study, what each still needs."""
    lang = _lang(ctx)
    study = _load(ctx, study_file) if study_file else None
    for kind in catalog.KINDS.values():
        fan = {"none": "", "destination": " (satu per tujuan)" if lang == "id"
               else " (one per destination)"}[kind.fan_out]
        head = (f"{kind.id:<22} tahap {kind.stage}  {kind.code_domestic:<10} "
                f"{kind.title(lang)}{fan}")
        if study is None:
            click.echo(head)
            continue
        problems = catalog.missing(study, kind)
        status = ("siap" if lang == "id" else "ready") if not problems else (
            "belum lengkap" if lang == "id" else "incomplete")
        click.echo(f"{head}: {status}")
        for problem in problems:
            click.echo(f"    {problem.path}: {problem.message(lang)}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of a study file."""
    click.echo(json.dumps(study_mod.json_schema(), ensure_ascii=False, indent=2))


@main.command()
def vocabulary() -> None:
    """Print the template vocabulary (docs/template-variables.md)."""
    from docgen.vocabulary import markdown

    click.echo(markdown(), nl=False)


@main.command()
@click.option("--demo", is_flag=True, help="Start with the example study loaded.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve(demo: bool, host: str, port: int) -> None:
    """Run the web service."""
    from web import create_app

    app = create_app(demo=demo)
    click.echo(text("serve_started", "id", url=f"http://{host}:{port}/"))
    app.run(host=host, port=port, debug=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
