"""E-mail reminders of follow-up items, through the office's own SMTP server.

``docgen followup remind`` (run from cron, once a day is enough) calls :func:`send_reminders`
for every office whose :class:`~docgen.store.FollowUpSettings` has reminders switched on (off
by default). An open item (planned or under way) with a due date and an owner's e-mail gets
at most one reminder per window:

* ``before``: from ``days_before`` days before its due date up to the due date;
* ``overdue``: once the due date has passed and the item is still open.

Each reminder sent is noted in :class:`~docgen.store.ReminderSent` (study, item, window, due
date), so running the command again sends nothing new; moving the due date opens the
windows again. With ``dry_run`` the reminders that would go are listed, and nothing is
sent or noted.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen import idformat
from docgen.officetime import office_today
from docgen.store.followup_models import FollowUpSettings, ReminderSent
from docgen.store.models import Office, StudyRecord

TIMEOUT = 30


@dataclass(frozen=True)
class Reminder:
    """One reminder to send: which item, which window, to whom."""

    office_id: int
    study_id: int
    study_title: str
    item_id: str
    action: str
    owner: str
    recipient: str
    due_date: date
    window: str

    def message(self, sender: str) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = self.recipient
        due = idformat.tanggal(self.due_date)
        if self.window == "before":
            msg["Subject"] = f"Pengingat tindak lanjut: jatuh tempo {due}"
            opening = f"rencana aksi berikut jatuh tempo pada {due}."
        else:
            msg["Subject"] = f"Tindak lanjut terlambat: jatuh tempo {due}"
            opening = f"rencana aksi berikut telah melewati target waktu {due} dan belum selesai."
        msg.set_content(
            f"Yth. {self.owner or self.recipient},\n\n"
            f"{opening}\n\n"
            f"Studi banding: {self.study_title}\n"
            f"Rencana aksi: {self.action}\n\n"
            "Mohon laporkan perkembangannya di halaman Tindak Lanjut docgen.\n")
        return msg


def settings_of(session: Session, office: Office) -> FollowUpSettings | None:
    return session.scalar(select(FollowUpSettings).where(
        FollowUpSettings.office_id == office.id))


def due_reminders(session: Session, office: Office, today: date,
                  days_before: int) -> list[Reminder]:
    """The reminders of `office` due on `today` and not sent yet."""
    sent = {(r.study_id, r.item_id, r.window, r.due_date) for r in session.scalars(
        select(ReminderSent).where(ReminderSent.office_id == office.id))}
    out = []
    records = session.scalars(select(StudyRecord).where(StudyRecord.office_id == office.id)
                              .order_by(StudyRecord.id)).all()
    for record in records:
        try:
            study = record.study
        except Exception:  # noqa: BLE001, S112 - one unreadable study must not stop the others
            continue
        for item in study.evaluation.follow_up:
            due, email = item.due_date, item.owner.email
            if due is None or not email or not item.state.is_open:
                continue
            if item.overdue(today):
                window = "overdue"
            elif due - timedelta(days=days_before) <= today <= due:
                window = "before"
            else:
                continue
            if (record.id, item.id, window, due.isoformat()) in sent:
                continue
            out.append(Reminder(office.id, record.id, study.goals.title, item.id, item.action,
                                item.owner.name, email, due, window))
    return out


def _connect(settings: FollowUpSettings) -> smtplib.SMTP:
    if settings.smtp_security == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                timeout=TIMEOUT,
                                                context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT)
        if settings.smtp_security == "starttls":
            server.starttls(context=ssl.create_default_context())
    if settings.smtp_user:
        server.login(settings.smtp_user, settings.smtp_password)
    return server


def send_reminders(session: Session, office: Office, *, today: date | None = None,
                   dry_run: bool = False,
                   connect: Callable[[FollowUpSettings], smtplib.SMTP] = _connect,
                   ) -> list[Reminder]:
    """Send `office`'s due reminders (none when its reminders are off); returns them. Each
    one sent is noted and committed at once, so a failure part way keeps what went."""
    settings = settings_of(session, office)
    if settings is None or not settings.can_send:
        return []
    today = today or office_today(office)
    reminders = due_reminders(session, office, today, settings.days_before)
    if dry_run or not reminders:
        return reminders
    with connect(settings) as server:
        for reminder in reminders:
            server.send_message(reminder.message(settings.sender))
            session.add(ReminderSent(office_id=office.id, study_id=reminder.study_id,
                                     item_id=reminder.item_id, window=reminder.window,
                                     due_date=reminder.due_date.isoformat(),
                                     recipient=reminder.recipient))
            session.commit()
    return reminders


def send_all(session: Session, *, today: date | None = None,
             dry_run: bool = False) -> list[Reminder]:
    """:func:`send_reminders` for every office with reminders on."""
    out: list[Reminder] = []
    offices = session.scalars(select(Office).join(
        FollowUpSettings, FollowUpSettings.office_id == Office.id).where(
        FollowUpSettings.reminders.is_(True)).order_by(Office.id)).all()
    for office in offices:
        out += send_reminders(session, office, today=today, dry_run=dry_run)
    return out
