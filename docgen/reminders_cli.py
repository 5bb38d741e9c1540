"""``docgen followup remind``: the e-mail reminders of follow-up items, run from cron.

A crontab line, once a day::

    15 7 * * *  DOCGEN_HOME=/srv/docgen docgen followup remind

Each office with reminders on (Follow-up settings page, administrators) gets its due
reminders through its own SMTP server; each is sent once per item and window
(:mod:`docgen.reminders`). ``--dry-run`` lists them and sends nothing.
"""

from __future__ import annotations

from datetime import date

import click


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="List the reminders that are due; send nothing.")
@click.option("--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if today were this date (YYYY-MM-DD); default: each office's today.")
@click.pass_context
def remind(ctx: click.Context, dry_run: bool, today: object) -> None:
    """Send the follow-up reminders that are due (one per item and window)."""
    import smtplib

    from docgen.reminders import send_all
    from docgen.store import Store

    lang = (ctx.find_root().params.get("lang") or "id") if ctx else "id"
    day: date | None = today.date() if today is not None else None  # type: ignore[attr-defined]
    store = Store()
    store.upgrade()
    try:
        with store.session() as session:
            try:
                reminders = send_all(session, today=day, dry_run=dry_run)
            except (OSError, smtplib.SMTPException) as exc:
                raise click.ClickException(
                    f"server SMTP menolak atau tidak dapat dihubungi: {exc}" if lang == "id"
                     else f"the SMTP server refused or could not be reached: {exc}") from None
    finally:
        store.dispose()
    verb = ("akan dikirim" if dry_run else "terkirim") if lang == "id" else (
        "would be sent" if dry_run else "sent")
    for r in reminders:
        click.echo(f"{r.window}\t{r.due_date.isoformat()}\t{r.recipient}\t{r.action}")
    click.echo(f"{len(reminders)} pengingat {verb}" if lang == "id"
               else f"{len(reminders)} reminders {verb}")
