"""``docgen templates new-kind``: an office adds a document kind of its own
(:mod:`docgen.custom_kinds`) on the instance in DOCGEN_HOME, with its template (the file
given, else the starter template made for it, :mod:`docgen.kind_starter`)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.messages import text
from docgen.templates_cli import _lang, _office, _refused, _store, _user


@click.command("new-kind")
@click.option("--title", "title_id", required=True, help="Its Indonesian title.")
@click.option("--title-en", default="", help="Its English title.")
@click.option("--stage", type=click.IntRange(1, 7), default=7, show_default=True,
              help="The stage whose documents it belongs to.")
@click.option("--per", "fan_out", type=click.Choice(["study", "traveller", "destination",
                                                     "invitee"]),
              default="study", show_default=True, help="One per study, or one per ...")
@click.option("--code", required=True, help="The classification code of its number.")
@click.option("--numbered/--not-numbered", default=True, show_default=True,
              help="Takes a letter number when issued.")
@click.option("--hal", default="", help="Its subject (hal); default its title.")
@click.option("--signer", default="head", show_default=True,
              help="head, ppk, leader, traveller, sekda, region_head, or none.")
@click.option("--on-behalf", is_flag=True, help="Signed on behalf (a.n.) of the region head.")
@click.option("--countersigner", default="none", show_default=True,
              help="As --signer, or bendahara.")
@click.option("--template", "template_file", default=None,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Its Word template; default the starter template made for it.")
@click.option("--office", "office_ref", default=None, help="Office id or name.")
@click.option("--note", default="", help="Kept in the template's history.")
@click.option("--user", "email", default=None, help="E-mail of the user who adds it.")
@click.pass_context
def new_kind(ctx: click.Context, title_id: str, title_en: str, stage: int, fan_out: str,
             code: str, numbered: bool, hal: str, signer: str, on_behalf: bool,
             countersigner: str, template_file: Path | None, office_ref: str | None,
             note: str, email: str | None) -> None:
    """Add a document kind of the office's own, with its template (checked first)."""
    from docgen import custom_kinds as ck
    from docgen import office_templates as ot
    from docgen.archive_cli import _actor
    from docgen.kind_starter import starter_template

    lang = _lang(ctx)
    spec = ck.KindSpec(title_id.strip(), title_en.strip(), stage,
                       "none" if fan_out == "study" else fan_out, numbered, code.strip(),
                       hal.strip(), "" if signer == "none" else signer, on_behalf,
                       "" if countersigner == "none" else countersigner)
    store = _store()
    try:
        with store.session() as session:
            office = _office(ctx, session, office_ref)
            user = _user(ctx, session, email)
            try:
                row = ck.new_kind(session, office, spec, user)
            except ck.KindRefused as exc:
                for problem in exc.problems:
                    click.echo(problem.line(lang), err=True)
                ctx.exit(1)
            kind = ck.to_kind(row)
            if template_file is not None:
                data, name = template_file.read_bytes()[:ot.MAX_TEMPLATE_BYTES + 1], \
                    template_file.name
            else:
                data, name = starter_template(kind), f"{kind.filename}.docx"
            try:
                made = ot.install(session, store.files, data, name, kind.id, office, user,
                                  note, actor=_actor())
            except ot.TemplateRefused as exc:
                session.rollback()
                _refused(ctx, exc)
            click.echo(text("kind_added", lang, kind=kind.id, title=kind.title_id,
                            version=made.version.label))
    finally:
        store.dispose()
