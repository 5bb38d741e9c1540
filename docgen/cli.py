"""The ``docgen`` command.

Exit codes: 0 done, 1 invalid input (each problem printed as ``path: message``), 2 usage.
Messages are in Indonesian by default; ``--lang en`` (or ``DOCGEN_LANG=en``) switches to
English.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from docgen import catalog
from docgen import study as study_mod
from docgen.archive_cli import (
    archive,
    chosen_kinds,
    finalize,
    stored_kinds,
    stored_register,
)
from docgen.batch_cli import batch
from docgen.budget_cli import budget
from docgen.bundle import Names
from docgen.example import abroad_example_data, example_data
from docgen.followup_cli import followup
from docgen.jobs.worker import worker
from docgen.kinds_cli import new_kind
from docgen.messages import Problem, text
from docgen.references import dating_problems
from docgen.reminders_cli import remind
from docgen.render import Rendered, RenderError, render_document, render_merged, render_set
from docgen.templates_cli import stored_templates, templates

FAN_OUT_LABELS = {
    "none": ("", ""),
    "destination": (" (satu per tujuan)", " (one per destination)"),
    "traveller": (" (satu per pelaku perjalanan)", " (one per traveller)"),
    "note": (" (satu per notulen)", " (one per visit note)"),
    "invitee": (" (satu per undangan)", " (one per invitee)"),
}


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
    if study is not None:
        problems = problems + dating_problems(study, stored_register(study))
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
              required=True, help="Folder for the files.")
@click.option("--kind", "kinds", multiple=True,
              help="Document kind (repeatable; docgen kinds lists them, the office's own "
                   "too); default: every kind that applies.")
@click.option("--merged", is_flag=True,
              help="One file per kind: fanned-out documents merged, each on new pages.")
@click.option("--format", "file_format", type=click.Choice(["docx", "pdf", "both"]),
              default="docx", show_default=True,
              help="DOCX, PDF/A-2b (needs LibreOffice), or both side by side.")
@click.option("--period-from", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First day the follow-up progress report covers (default: the day after "
                   "the trip).")
@click.option("--period-to", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last day it covers (default: its date).")
@click.option("--office", "office_ref", default=None,
              help="Office id or name in DOCGEN_HOME whose templates and register are used; "
                   "default the office named as in the study.")
@click.pass_context
def render(ctx: click.Context, study_file: Path, out_dir: Path, kinds: tuple[str, ...],
           merged: bool, file_format: str, period_from: Any = None,
           period_to: Any = None, office_ref: str | None = None) -> None:
    """Write the documents: one per kind, per traveller, per host, per invitee. With
    DOCGEN_HOME holding the study's office, its own templates and issued papers are used."""
    from docgen import pdf

    lang = _lang(ctx)
    study = _load(ctx, study_file)
    register = stored_register(study, office_ref)
    _print_problems(dating_problems(study, register), lang)
    failed = False
    if file_format != "docx" and not pdf.available():
        click.echo(text("pdf_unavailable", lang), err=True)
        if file_format == "pdf":
            ctx.exit(1)
        file_format, failed = "docx", True
    own = stored_kinds(study, office_ref)
    chosen = chosen_kinds(ctx, kinds, own) if kinds else catalog.available(study, own)
    ready = []
    for kind in chosen:
        problems = catalog.missing(study, kind)
        _print_problems(problems, lang)
        if not problems:
            ready.append(kind)
    try:
        own = stored_templates(study, ready, office_ref)
    except RenderError as exc:
        click.echo(str(exc), err=True)
        ctx.exit(1)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = failed or len(ready) < len(chosen)
    docs = []
    period = tuple(d.date() if d else None for d in (period_from, period_to))
    for kind in ready:
        options = {"base_dir": study_file.parent, "register": register,
                   "template": own.get(kind.id)}
        try:
            if kind.id == "laporan_tindak_lanjut":
                docs.append(render_document(study, kind, period=period, **options))
            elif merged and kind.fan_out != "none":
                docs.append(render_merged(study, kind, **options))
            else:
                docs.extend(render_set(study, kind, **options))
        except RenderError as exc:
            click.echo(f"{kind.id}: {exc}", err=True)
            failed = True
    # an image that cannot be read is left out of the documents: said once, not a failure
    skipped = {(p.path, p.code): p for doc in docs for p in doc.skipped}
    _print_problems(list(skipped.values()), lang)
    names = Names()  # two travellers of the same name: the second file is ``-2``
    docs = [replace(doc, filename=names.unique(doc.filename)) for doc in docs]
    pdfs = _convert_all(docs, lang) if file_format != "docx" else {}
    for doc in docs:
        targets = []
        if file_format != "pdf":
            targets.append((out_dir / doc.filename, doc.data))
        if file_format != "docx":
            made = pdfs.get(doc.filename)
            if made is None:
                failed = True
            else:
                targets.append((out_dir / (Path(doc.filename).stem + ".pdf"), made))
        for target, data in targets:
            target.write_bytes(data)
            click.echo(str(target))
    if failed:
        ctx.exit(1)


def _convert_all(docs: list[Rendered], lang: str) -> dict[str, bytes]:
    """PDF/A of each rendered document by file name, converted side by side in the warm
    pool; a document that fails is reported and left out."""
    from concurrent.futures import ThreadPoolExecutor

    from docgen import pdf
    from docgen.pdfpool import DEFAULT_WORKERS, PoolUnavailable, get_pool

    try:
        workers = get_pool().size
    except PoolUnavailable:
        workers = DEFAULT_WORKERS

    def convert(doc: Rendered) -> tuple[str, bytes | None]:
        try:
            return doc.filename, pdf.docx_to_pdf(doc.data, name=doc.filename)
        except (pdf.PdfFailed, pdf.PdfUnavailable) as exc:
            click.echo(text("pdf_failed", lang, name=doc.filename, detail=exc), err=True)
            return doc.filename, None

    with ThreadPoolExecutor(max_workers=workers) as executor:
        return {name: data for name, data in executor.map(convert, docs) if data is not None}


@main.command()
@click.argument("study_file", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--office", "office_ref", default=None,
              help="Office id or name in DOCGEN_HOME whose own kinds are listed too; default "
                   "the office named as in the study.")
@click.pass_context
def kinds(ctx: click.Context, study_file: Path | None, office_ref: str | None = None) -> None:
    """List the document kinds (the office's own after the shipped ones, when DOCGEN_HOME
    holds the office); with a study, what each still needs."""
    lang = _lang(ctx)
    study = _load(ctx, study_file) if study_file else None
    for kind in catalog.kinds_for(stored_kinds(study, office_ref)).values():
        fan = FAN_OUT_LABELS[kind.fan_out][0 if lang == "id" else 1]
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
@click.option("--demo", is_flag=True,
              help="Add demo data: one office, one user per role, one study up to stage 4.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Requests served at the same time.")
@click.pass_context
def serve(ctx: click.Context, demo: bool, host: str, port: int, threads: int) -> None:
    """Run the web service on the database and files in DOCGEN_HOME.

    It runs under waitress: a production WSGI server in pure Python that works the same
    on Windows and Linux office machines, with no debugger and no reloader.
    """
    import gc
    import os

    from waitress import serve as waitress_serve

    from web import create_app

    lang = _lang(ctx)
    # The verification QR code never takes its address from a request's Host header:
    # without DOCGEN_PUBLIC_URL it points at the address this service runs on.
    public_url = None if os.environ.get("DOCGEN_PUBLIC_URL") else _served_url(host, port)
    app = create_app({"DOCGEN_PUBLIC_URL": public_url} if public_url else None, demo=demo)
    click.echo(text("serve_home", lang, home=app.config["DOCGEN_HOME"],
                    database=_safe_url(app.extensions["docgen_store"].url)))
    if public_url:
        click.echo(text("public_url_default", lang, url=public_url))
    for credential in app.config.get("DEMO_CREDENTIALS", []):
        click.echo(text("demo_user", lang, role=credential.role, email=credential.email,
                        password=credential.password))
    click.echo(text("serve_started", lang, url=f"http://{host}:{port}/"))
    _exit_on_sigterm()
    _warm_pdf()
    # What start-up made (modules, the model, the app) lives as long as the process: kept
    # out of the collector's full passes, which then no longer stall requests for ~0.1 s.
    gc.collect()
    gc.freeze()
    # Behind a proxy the app reads X-Forwarded-* itself (ProxyFix, one hop); waitress would
    # otherwise drop those headers before the app sees them.
    waitress_serve(app, host=host, port=port, threads=threads, ident="docgen",
                   clear_untrusted_proxy_headers=not app.config["BEHIND_PROXY"])


def _served_url(host: str, port: int) -> str:
    """``http://<host>:<port>``: the address `docgen serve` listens on, with this machine's
    name for a wildcard host (0.0.0.0, ::)."""
    import socket

    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - naming the wildcard, not binding it
        host = socket.getfqdn()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _exit_on_sigterm() -> None:
    """A service manager's stop (SIGTERM: systemd, docker stop, a supervisor) ends the
    service as Ctrl-C does: the interpreter exits normally, so the LibreOffice workers it
    started are stopped (:func:`docgen.pdfpool.shutdown_pool`, an ``atexit`` hook) instead
    of being left running without their parent."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _warm_pdf() -> None:
    """Start the PDF workers in the background, so the first PDF, preview or issued PDF/A
    does not wait for LibreOffice to start (``DOCGEN_PDF_PRESTART=0`` leaves it to the first
    use). Without LibreOffice nothing happens: the pages say why there is no PDF."""
    import logging
    import os

    from docgen import pdf

    if os.environ.get("DOCGEN_PDF_PRESTART", "1") == "0" or not pdf.available():
        return
    from docgen.pdfpool import get_pool

    try:
        get_pool()
    except pdf.PdfUnavailable as exc:
        logging.getLogger(__name__).warning("PDF workers not started: %s", exc)


def _safe_url(url: str) -> str:
    """A database URL fit to print: the password masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _store():  # noqa: ANN202
    from docgen.store import Store

    return Store()


@main.group()
def db() -> None:
    """The database in DOCGEN_HOME (or DATABASE_URL)."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply every migration (the service does this itself at start-up)."""
    from docgen.store import current_revision

    store = _store()
    store.upgrade()
    click.echo(text("db_upgraded", _lang(ctx), database=_safe_url(store.url),
                    revision=current_revision(store.engine)))


@main.group()
def admin() -> None:
    """Offices and users."""


@admin.command("create-user")
@click.option("--email", required=True, help="Sign-in e-mail address.")
@click.option("--name", required=True, help="Name as shown in the service.")
@click.option("--role", type=click.Choice(["staff", "signer", "archivist", "admin"]),
              default="admin", show_default=True)
@click.option("--office", "office_ref", required=True,
              help="Office id or name; a name not known yet makes a new office.")
@click.pass_context
def create_user(ctx: click.Context, email: str, name: str, role: str, office_ref: str) -> None:
    """Create a user (the first administrator, for one); asks for the password."""
    from sqlalchemy import select

    from docgen.store import MIN_PASSWORD, Office, User, normalize_email

    lang = _lang(ctx)
    store = _store()
    store.upgrade()
    email = normalize_email(email)
    if "@" not in email:
        raise click.BadParameter(text("email_invalid", lang), param_hint="--email")
    with store.transaction() as session:
        taken = session.scalar(select(User).where(User.email == email)) is not None
        office = _find_office(session, office_ref)
    if taken:
        click.echo(text("email_taken", lang, email=email), err=True)
        ctx.exit(1)
    if office is None and office_ref.isdigit():
        click.echo(text("office_unknown", lang, office=office_ref), err=True)
        ctx.exit(1)
    while True:
        password = click.prompt(text("password_prompt", lang), hide_input=True,
                                confirmation_prompt=True)
        if len(password) >= MIN_PASSWORD:
            break
        click.echo(text("password_short", lang, count=MIN_PASSWORD), err=True)
    with store.transaction() as session:
        office = _find_office(session, office_ref)
        if office is None:
            office = Office(name=office_ref.strip(), profile={})
            session.add(office)
            click.echo(text("office_created", lang, office=office.name))
        user = User(office=office, email=email, name=name.strip(), role=role)
        user.set_password(password)
        session.add(user)
        office_name = office.name
    click.echo(text("user_created", lang, email=email, role=role, office=office_name))


@admin.command("create-token")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--name", default="", help="What the token is for (shown in the token list).")
@click.option("--expires-in-days", "days", type=click.IntRange(1, 3650), default=None,
              help="Refuse the token after this many days (default: it does not expire).")
@click.pass_context
def create_token(ctx: click.Context, email: str, name: str, days: int | None) -> None:
    """Make an API token for a user and print it once (only its SHA-256 is kept)."""
    from datetime import timedelta

    from sqlalchemy import select

    from docgen.store import ApiToken, User, normalize_email
    from docgen.store.models import utcnow

    lang = _lang(ctx)
    store = _store()
    store.upgrade()
    email = normalize_email(email)
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None or not user.active:
            click.echo(text("user_unknown" if user is None else "user_inactive", lang,
                            email=email), err=True)
            ctx.exit(1)
        expires = utcnow() + timedelta(days=days) if days else None
        row, token = ApiToken.issue(user, name, expires_at=expires)
        session.add(row)
        details = {"email": user.email, "role": user.role, "office": user.office.name}
    click.echo(text("token_created", lang, **details), err=True)
    if expires is not None:
        click.echo(text("token_expires", lang, expires=expires.strftime("%Y-%m-%d %H:%M")),
                   err=True)
    click.echo(token)


def _find_office(session, ref: str):  # noqa: ANN001, ANN202
    """An office by id (digits) or by exact name."""
    from sqlalchemy import select

    from docgen.store import Office

    if ref.isdigit():
        return session.get(Office, int(ref))
    return session.scalar(select(Office).where(Office.name == ref.strip()))


main.add_command(budget)
main.add_command(batch)
main.add_command(worker)
main.add_command(finalize)
main.add_command(archive)
main.add_command(followup)
main.add_command(templates)
templates.add_command(new_kind)
followup.add_command(remind)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
