"""``docgen templates``: each office's own Word templates on the instance in DOCGEN_HOME (or
DATABASE_URL), the same registry the web service uses (:mod:`docgen.office_templates`).

* ``docgen templates list [--office O] [--kind KIND]``: every kind with the template in use
  (``bawaan``/``default`` or ``v<n>``); with ``--kind``, its versions and history.
* ``docgen templates export KIND FILE [--office O] [--default]``: the template in use (or the
  shipped one) written to FILE, to edit in Word.
* ``docgen templates check FILE --kind KIND``: the lint, each problem with the paragraph it
  is in; exit 0 clean, 1 problems, 2 unreadable.
* ``docgen templates install FILE --kind KIND [--office O] [--note TEXT] [--user EMAIL]``:
  checked, then kept as the office's next version and used from now on; refused with the
  lint's problems (exit 1, nothing stored).
* ``docgen templates revert --kind KIND [--office O] [--to VERSION]``: back to an earlier
  version, or to the shipped default.

``--office`` takes an office id or its exact name; with one office in the database it may
be left out. ``docgen render`` and ``docgen finalize`` use the office's templates by
themselves (:func:`stored_templates`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from docgen import catalog
from docgen.messages import Lang, text


def _lang(ctx: click.Context) -> Lang:
    return (ctx.find_root().params.get("lang") or "id") if ctx else "id"


def _store():  # noqa: ANN202
    from docgen.store import Store

    store = Store()
    store.upgrade()
    return store


def _office(ctx: click.Context, session, ref: str | None):  # noqa: ANN001, ANN202
    """The office `ref` names (id or exact name), or the only one; exit 1 otherwise."""
    from sqlalchemy import select

    from docgen.store import Office

    lang = _lang(ctx)
    if ref:
        office = (session.get(Office, int(ref)) if ref.strip().isdigit() else
                  session.scalar(select(Office).where(Office.name == ref.strip())
                                 .order_by(Office.id)))
        if office is None:
            click.echo(text("template_office_unknown", lang, office=ref), err=True)
            ctx.exit(1)
        return office
    offices = list(session.scalars(select(Office).order_by(Office.id).limit(21)))
    if len(offices) == 1:
        return offices[0]
    if not offices:
        click.echo(text("template_office_none", lang), err=True)
    else:
        names = ", ".join(f"{o.id} {o.name}" for o in offices[:20])
        click.echo(text("template_office_ambiguous", lang, count=len(offices), offices=names),
                   err=True)
    ctx.exit(1)


def _refused(ctx: click.Context, exc: Any) -> None:
    lang = _lang(ctx)
    _print_report(exc.report, lang)
    click.echo(exc.message(lang), err=True)
    ctx.exit(1)


def _line(problem: Any, lang: Lang) -> str:
    return problem.line(lang) if hasattr(problem, "line") else str(problem)


def _print_report(report: Any, lang: Lang) -> None:
    if report is None:
        return
    for problem in [*report.errors, *report.warnings]:
        click.echo(_line(problem, lang), err=True)


def _label(source_or_row: Any, lang: Lang) -> str:
    if source_or_row is None or getattr(source_or_row, "version", 0) is None:
        return text("template_default_label", lang)
    return source_or_row.label


def _when(moment: Any, office: Any) -> str:
    """A stored moment in the office's time zone: ``2026-12-07 09:15 WIB``."""
    from zoneinfo import ZoneInfo

    from docgen.officetime import zone_label, zone_name
    from docgen.store.models import aware

    local = aware(moment).astimezone(ZoneInfo(zone_name(office)))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(office)}"


def _kind(ctx: click.Context, session, office, kind_id: str):  # noqa: ANN001, ANN202
    from docgen import office_templates as ot

    try:
        return ot.kind_of(session, office, kind_id)
    except ot.TemplateRefused as exc:
        _refused(ctx, exc)


@click.group()
def templates() -> None:
    """Each office's own Word templates: list, export, check, install, revert."""


@templates.command("list")
@click.option("--office", "office_ref", default=None, help="Office id or name.")
@click.option("--kind", "kind_id", default=None, help="Show this kind's versions and history.")
@click.pass_context
def list_cmd(ctx: click.Context, office_ref: str | None, kind_id: str | None) -> None:
    """Every kind with the template in use; with --kind, its versions and history."""
    from docgen import office_templates as ot

    lang = _lang(ctx)
    store = _store()
    try:
        with store.session() as session:
            office = _office(ctx, session, office_ref)
            click.echo(f"{office.name} (id {office.id})")
            if kind_id is None:
                for row in ot.list_kinds(session, office):
                    label = _label(row.active, lang)
                    count = (f"  ({row.versions} versi)" if lang == "id" else
                             f"  ({row.versions} version{'s' if row.versions != 1 else ''})")
                    click.echo(f"{row.kind.id:<24} {label:<8}{count if row.versions else ''}"
                               f"  {row.kind.title(lang)}")
                return
            kind = _kind(ctx, session, office, kind_id)
            active = ot.active_version(session, office, kind.id)
            for row in ot.versions(session, office, kind.id):
                mark = "*" if active is not None and active.id == row.id else " "
                click.echo(f"{mark} {row.label:<5} {_when(row.created_at, office)}  "
                           f"{row.sha256[:12]}  {row.original_name}  {row.created_by_name}"
                           f"{'  — ' + row.note if row.note else ''}")
            mark = "*" if active is None else " "
            click.echo(f"{mark} {text('template_default_label', lang)}")
            for event in ot.history(session, office, kind.id):
                action = text(f"template_action_{event.action}", lang)
                click.echo(f"    {_when(event.at, office)}  {action:<12} "
                           f"{_label(event.version, lang):<8} {event.actor_name}"
                           f"{'  — ' + event.note if event.note else ''}")
    finally:
        store.dispose()


@templates.command("export")
@click.argument("kind_id", metavar="KIND")
@click.argument("out", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--office", "office_ref", default=None, help="Office id or name.")
@click.option("--default", "default", is_flag=True,
              help="The shipped template instead of the office's.")
@click.pass_context
def export_cmd(ctx: click.Context, kind_id: str, out: Path, office_ref: str | None,
               default: bool) -> None:
    """Write the template in use (or the shipped one) to FILE, to edit in Word."""
    from docgen import office_templates as ot
    from docgen.render import RenderError

    lang = _lang(ctx)
    store = _store()
    try:
        with store.session() as session:
            office = _office(ctx, session, office_ref)
            kind = _kind(ctx, session, office, kind_id)
            try:
                source = ot.export_source(session, store.files, office, kind.id,
                                          default=default)
            except RenderError as exc:
                click.echo(str(exc), err=True)
                ctx.exit(1)
    finally:
        store.dispose()
    out.write_bytes(source.data)
    click.echo(text("template_exported", lang, kind=kind.id, label=_label(source, lang),
                    path=out))


@templates.command("check")
@click.argument("template_file", metavar="FILE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind_id", required=True, help="The document kind it is for.")
@click.option("--office", "office_ref", default=None,
              help="Office id or name, for a kind of the office's own (kantor_...).")
@click.pass_context
def check_cmd(ctx: click.Context, template_file: Path, kind_id: str,
              office_ref: str | None = None) -> None:
    """Check a template: exit 0 clean, 1 problems, 2 unreadable."""
    from docgen import office_templates as ot

    lang = _lang(ctx)
    kind: Any = kind_id if kind_id in catalog.KINDS else _own_kind(ctx, kind_id, office_ref)
    if kind is None:
        click.echo(text("template_kind_unknown", lang, kind=kind_id), err=True)
        ctx.exit(1)
    name = template_file.name
    if template_file.stat().st_size > ot.MAX_TEMPLATE_BYTES:
        data = template_file.read_bytes()[:ot.MAX_TEMPLATE_BYTES + 1]
    else:
        data = template_file.read_bytes()
    report = ot.check(data, kind, name)
    _print_report(report, lang)
    if report.unreadable:
        click.echo(text("template_unreadable", lang, filename=name), err=True)
        ctx.exit(2)
    if report.errors or report.warnings:
        click.echo(text("template_check_problems", lang, filename=name,
                        errors=len(report.errors), warnings=len(report.warnings)))
        ctx.exit(1)
    click.echo(text("template_check_clean", lang, filename=name))


def _own_kind(ctx: click.Context, kind_id: str, office_ref: str | None) -> Any:
    """The office's own kind `kind_id` in the data folder (reads only), or None."""
    from docgen import custom_kinds
    from docgen.archive_cli import existing_store

    store = existing_store()
    if store is None:
        return None
    try:
        with store.session() as session:
            return custom_kinds.office_kind(session, _office(ctx, session, office_ref),
                                            kind_id)
    finally:
        store.dispose()


def _user(ctx: click.Context, session, email: str | None):  # noqa: ANN001, ANN202
    from docgen.archive_cli import _user as archive_user

    return archive_user(session, email, ctx)


@templates.command("install")
@click.argument("template_file", metavar="FILE",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind_id", required=True, help="The document kind it is for.")
@click.option("--office", "office_ref", default=None, help="Office id or name.")
@click.option("--note", default="", help="Why this version (kept in its history).")
@click.option("--user", "email", default=None, help="E-mail of the user who installs it.")
@click.pass_context
def install_cmd(ctx: click.Context, template_file: Path, kind_id: str, office_ref: str | None,
                note: str, email: str | None) -> None:
    """Check a template and use it from now on as the office's next version."""
    from docgen import office_templates as ot
    from docgen.archive_cli import _actor

    lang = _lang(ctx)
    if template_file.stat().st_size > ot.MAX_TEMPLATE_BYTES:
        data = template_file.read_bytes()[:ot.MAX_TEMPLATE_BYTES + 1]
    else:
        data = template_file.read_bytes()
    store = _store()
    try:
        with store.session() as session:
            office = _office(ctx, session, office_ref)
            user = _user(ctx, session, email)
            try:
                made = ot.install(session, store.files, data, template_file.name, kind_id,
                                  office, user, note, actor=_actor())
            except ot.TemplateRefused as exc:
                _refused(ctx, exc)
            for problem in made.warnings:
                click.echo(_line(problem, lang), err=True)
            row = made.version
            code = "template_installed" if made.new else "template_same_as"
            click.echo(text(code, lang, kind=row.kind, version=row.label,
                            sha256=row.sha256[:12]))
    finally:
        store.dispose()


@templates.command("revert")
@click.option("--kind", "kind_id", required=True, help="The document kind.")
@click.option("--office", "office_ref", default=None, help="Office id or name.")
@click.option("--to", "to", default=None,
              help="The version to use again (3 or v3); default: the shipped template.")
@click.option("--note", default="", help="Why (kept in the history).")
@click.option("--user", "email", default=None, help="E-mail of the user who reverts.")
@click.pass_context
def revert_cmd(ctx: click.Context, kind_id: str, office_ref: str | None, to: str | None,
               note: str, email: str | None) -> None:
    """Use an earlier version again, or the shipped template."""
    from docgen import office_templates as ot
    from docgen.archive_cli import _actor

    lang = _lang(ctx)
    number = None
    if to is not None:
        digits = to.strip().lower().removeprefix("v")
        if not digits.isdigit() or not 0 < int(digits) < 2**31:
            raise click.BadParameter(text("template_version_unknown", lang, kind=kind_id,
                                          version=to), param_hint="--to")
        number = int(digits)
    store = _store()
    try:
        with store.session() as session:
            office = _office(ctx, session, office_ref)
            user = _user(ctx, session, email)
            try:
                row = ot.revert(session, office, kind_id, number, user, note, actor=_actor())
            except ot.TemplateRefused as exc:
                _refused(ctx, exc)
            if row is None:
                click.echo(text("template_reverted_default", lang, kind=kind_id))
            else:
                click.echo(text("template_reverted_version", lang, kind=kind_id,
                                version=row.label))
    finally:
        store.dispose()


def stored_templates(study: Any, kinds: list[catalog.Kind],
                     office_ref: str | None = None) -> dict[str, Any]:
    """The templates the office uses for `kinds` (by kind id) when DOCGEN_HOME (or
    DATABASE_URL) holds the office that :func:`docgen.archive_cli.import_study` would take
    for `study`; empty otherwise (the shipped ones). Reads only."""
    from sqlalchemy.exc import SQLAlchemyError

    from docgen.archive_cli import existing_store, find_office
    from docgen.office_templates import active_sources

    store = existing_store()
    if store is None:
        return {}
    try:
        with store.session() as session:
            office = find_office(session, study, office_ref)
            if office is None:
                return {}
            return active_sources(session, store.files, office, kinds)
    except SQLAlchemyError:
        return {}
    finally:
        store.dispose()
