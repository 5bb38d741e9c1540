"""E-mail reminders of follow-up items against a local SMTP sink (aiosmtpd): one per item per
window, none when reminders are off, nothing sent on a dry run."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from email import message_from_bytes

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from docgen.store import FollowUpSettings, Office, ReminderSent, Store, StudyRecord
from docgen.study import FollowUpItem, Goals, Study

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402

DUE = date(2027, 3, 31)


class Sink:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    store.upgrade()
    yield store
    store.dispose()


def _office(store, port: int, *, on: bool = True) -> int:
    with store.transaction() as session:
        office = Office(name="Bappeda Contoh", profile={"name": "BAPPEDA"})
        study = Study(goals=Goals(title="Studi e-budgeting"))
        study.evaluation.follow_up = [
            FollowUpItem(action="Menyusun SOP", owner={"name": "Rina", "email": "rina@contoh.go.id"},
                         due_date=DUE),
            FollowUpItem(action="Tanpa pemilik pos-el", owner={"name": "Budi"}, due_date=DUE),
            FollowUpItem(action="Sudah selesai", owner={"name": "Sari",
                                                        "email": "sari@contoh.go.id"},
                         due_date=DUE, status="selesai"),
        ]
        session.add_all([office, StudyRecord(office=office, data=study)])
        session.add(FollowUpSettings(office=office, reminders=on, days_before=7,
                                     smtp_host="127.0.0.1", smtp_port=port,
                                     smtp_security="none", sender="tu@contoh.go.id"))
        session.flush()
        return office.id


def _send(store, office_id: int, today: date, dry_run: bool = False):
    from docgen.reminders import send_reminders

    with store.session() as session:
        office = session.get(Office, office_id)
        return send_reminders(session, office, today=today, dry_run=dry_run)


def test_one_reminder_per_item_per_window(store, sink):
    handler, port = sink
    office_id = _office(store, port)
    assert _send(store, office_id, DUE - timedelta(days=8)) == []  # not in a window yet
    sent = _send(store, office_id, DUE - timedelta(days=7))
    assert [(r.item_id and r.action, r.window) for r in sent] == [("Menyusun SOP", "before")]
    assert len(handler.messages) == 1
    rcpt, message = handler.messages[0]
    assert rcpt == ["rina@contoh.go.id"]
    assert "31 Maret 2027" in message["Subject"] and message["From"] == "tu@contoh.go.id"
    assert "Menyusun SOP" in message.get_payload()
    assert _send(store, office_id, DUE - timedelta(days=3)) == []  # not repeated
    assert _send(store, office_id, DUE) == []
    late = _send(store, office_id, DUE + timedelta(days=1))
    assert [r.window for r in late] == ["overdue"]
    assert _send(store, office_id, DUE + timedelta(days=20)) == []
    assert len(handler.messages) == 2
    with store.session() as session:
        log = session.scalars(select(ReminderSent)).all()
        assert [(r.window, r.recipient) for r in log] == [
            ("before", "rina@contoh.go.id"), ("overdue", "rina@contoh.go.id")]


def test_nothing_is_sent_when_reminders_are_off(store, sink):
    handler, port = sink
    office_id = _office(store, port, on=False)
    assert _send(store, office_id, DUE + timedelta(days=1)) == []
    assert handler.messages == []


def test_a_dry_run_lists_and_sends_nothing(store, sink):
    handler, port = sink
    office_id = _office(store, port)
    planned = _send(store, office_id, DUE + timedelta(days=1), dry_run=True)
    assert [r.window for r in planned] == ["overdue"]
    assert handler.messages == []
    with store.session() as session:
        assert session.scalars(select(ReminderSent)).all() == []
    assert len(_send(store, office_id, DUE + timedelta(days=1))) == 1  # still due for real


def test_the_command_sends_once_and_dry_run_sends_nothing(store, sink, tmp_path):
    from docgen.cli import main

    handler, port = sink
    _office(store, port)
    env = {"DOCGEN_HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    day = (DUE + timedelta(days=2)).isoformat()
    result = CliRunner().invoke(main, ["followup", "remind", "--dry-run", "--today", day],
                                env=env)
    assert result.exit_code == 0, result.output
    assert "rina@contoh.go.id" in result.output and handler.messages == []
    result = CliRunner().invoke(main, ["followup", "remind", "--today", day], env=env)
    assert result.exit_code == 0, result.output
    assert len(handler.messages) == 1
    result = CliRunner().invoke(main, ["followup", "remind", "--today", day], env=env)
    assert result.exit_code == 0 and len(handler.messages) == 1
