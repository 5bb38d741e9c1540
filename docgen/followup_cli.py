"""``docgen followup``: the follow-up plan of the studies in DOCGEN_HOME.

* ``docgen followup list [--study ID] [--overdue] [--office ID|NAME] [--today DATE]`` prints
  one line per item: its id, study, due date, status, achieved / target, ``TERLAMBAT`` /
  ``OVERDUE`` when still open after its due date on the office's today, and the action.
* ``docgen followup update ITEM --value V --status S [--note TEXT] [--reason TEXT]
  [--date DATE] [--evidence FILE]... [--user EMAIL]`` appends a progress update to the item
  with that id (:func:`docgen.followup.record_update`), recorded as the user's e-mail or else
  ``$USER``; each evidence file (PDF, JPEG, PNG or XLSX, told by its content) is kept like
  an upload. Bad input prints each problem with its field (``value: ...``), exits 1 and
  stores nothing.
"""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from pathlib import Path

import click

from docgen.followup_model import FOLLOW_UP_STATUS
from docgen.messages import Problem, text


def _lang(ctx: click.Context) -> str:
    return (ctx.find_root().params.get("lang") or "id") if ctx else "id"


def _store():  # noqa: ANN202
    from docgen.store import Store

    store = Store()
    store.upgrade()
    return store


def _offices(session, ref: str | None) -> list:  # noqa: ANN001
    from sqlalchemy import select

    from docgen.store import Office

    if not ref:
        return list(session.scalars(select(Office).order_by(Office.id)))
    office = (session.get(Office, int(ref)) if ref.isdigit() else
              session.scalar(select(Office).where(Office.name == ref.strip())))
    return [office] if office is not None else []


@click.group()
def followup() -> None:
    """The follow-up plan (RTL) of the studies in DOCGEN_HOME: list items, report progress."""


@followup.command("list")
@click.option("--study", "study_id", type=click.IntRange(1), default=None,
              help="Only this study (its id).")
@click.option("--overdue", is_flag=True, help="Only items still open after their due date.")
@click.option("--office", "office_ref", default=None, help="Only this office (id or name).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge lateness as of this date (YYYY-MM-DD); default: the office's today.")
@click.pass_context
def list_items(ctx: click.Context, study_id: int | None, overdue: bool, office_ref: str | None,
               today: datetime | None) -> None:
    """List the follow-up items with their current state."""
    from docgen import archive
    from docgen.followup import Filters, office_items

    lang = _lang(ctx)
    late = "TERLAMBAT" if lang == "id" else "OVERDUE"
    store = _store()
    try:
        with store.session() as session:
            offices = _offices(session, office_ref)
            if office_ref and not offices:
                click.echo(text("office_unknown", lang, office=office_ref), err=True)
                ctx.exit(1)
            count = 0
            for office in offices:
                day = today.date() if today else archive.today(office.office_profile)
                for row in office_items(session, office, day,
                                        Filters(study_id=study_id, overdue=overdue)):
                    item, state = row.item, row.state
                    count += 1
                    click.echo("\t".join([
                        item.id, str(row.study_id),
                        item.due_date.isoformat() if item.due_date else "-",
                        state.status, f"{state.achieved_text} / {item.target_text}",
                        late if row.overdue else "-", item.action]))
    finally:
        store.dispose()
    click.echo(text("followup_listed", lang, count=count), err=True)


def _print(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(problem.line(lang), err=True)


@followup.command("update")
@click.argument("item_id", metavar="ITEM")
@click.option("--value", default=None, help="The indicator's value achieved so far.")
@click.option("--status", required=True, type=click.Choice(list(FOLLOW_UP_STATUS)),
              help="The item's status after this update.")
@click.option("--note", default="", help="What happened.")
@click.option("--reason", default="", help="Why the item is cancelled (needed for batal).")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day of the progress (YYYY-MM-DD); default: the office's today.")
@click.option("--evidence", "evidence", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An evidence file: PDF, JPEG, PNG or XLSX (may be given again).")
@click.option("--user", "email", default=None,
              help="Record the update as this user (e-mail; the item must be of their "
                   "office); default: $USER.")
@click.pass_context
def update(ctx: click.Context, item_id: str, value: str | None, status: str, note: str,
           reason: str, day: datetime | None, evidence: tuple[Path, ...],
           email: str | None) -> None:
    """Report progress on one follow-up item (ITEM: its id, from `docgen followup list`)."""
    from sqlalchemy import select

    from docgen import archive
    from docgen.followup import (
        EvidenceFile,
        ItemNotFound,
        UpdateRefused,
        find_item,
        record_update,
    )
    from docgen.store import Office, User, normalize_email

    lang = _lang(ctx)
    store = _store()
    try:
        with store.session() as session:
            user = None
            if email:
                user = session.scalar(select(User).where(User.email == normalize_email(email)))
                if user is None or not user.active:
                    click.echo(text("user_unknown" if user is None else "user_inactive", lang,
                                    email=email), err=True)
                    ctx.exit(1)
            offices = [user.office] if user is not None else list(
                session.scalars(select(Office).order_by(Office.id)))
            found = None
            for office in offices:
                try:
                    found = office, *find_item(session, office, item_id)
                    break
                except ItemNotFound:
                    continue
            if found is None:
                click.echo(f"ITEM: {text('followup_item_unknown', lang, item=item_id)}",
                           err=True)
                ctx.exit(1)
            office, record, index = found
            fields = {"date": (day.date() if day else archive.today(office.office_profile)
                               ).isoformat(),
                      "value": value, "status": status, "reason": reason, "note": note}
            files = [EvidenceFile(path.name, path.read_bytes()) for path in evidence]
            actor = user.email if user is not None else (
                os.environ.get("USER") or getpass.getuser())
            try:
                study = record_update(session, store.files, record,
                                      record.study.evaluation.follow_up[index].id, fields,
                                      office=office, user=user, actor=actor,
                                      now=datetime.now(UTC), new_files=files)
            except UpdateRefused as exc:
                session.rollback()
                _print(exc.problems, lang)
                ctx.exit(1)
            session.commit()
            item = study.evaluation.follow_up[index]
            state = item.state
            click.echo("\t".join([item.id, str(record.id), state.status,
                                  f"{state.achieved_text} / {item.target_text}",
                                  item.action]))
    finally:
        store.dispose()

