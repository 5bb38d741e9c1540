"""Demo data: the example office, one user per role and the Kepala Subbagian Umum who gives
the paraf, one study filled up to stage 4.

Seeding is idempotent: the office, users and study are made once and found again by name,
e-mail and study id. The demo passwords are random, made on the first seeding and kept in
``demo-passwords.json`` (mode 0600) in the home folder so they stay the same from one start
to the next; they are printed at every start.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.example import example_data
from docgen.store.models import Office, StudyRecord, User
from docgen.study import Study, load_study

DEMO_OFFICE = "Bappeda Kabupaten Sleman (demo)"
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("staff", "staf@contoh.go.id", "Rina Staf (demo)"),
    ("signer", "penandatangan@contoh.go.id", "Hendra Penandatangan (demo)"),
    ("archivist", "arsiparis@contoh.go.id", "Dewi Arsiparis (demo)"),
    ("admin", "admin@contoh.go.id", "Bayu Admin (demo)"),
    ("staff", "kasubbag.umum@contoh.go.id", "Sri Kasubbag Umum (demo)"),
)
DEMO_REVIEWER = "kasubbag.umum@contoh.go.id"
"""The Kepala Subbagian Umum, who gives the paraf on the demo's letters
(:mod:`docgen.store.demo_review`)."""
PASSWORD_FILE = "demo-passwords.json"
LATER_STAGES = ("execution", "evaluation", "reporting")


@dataclass(frozen=True)
class Credential:
    role: str
    email: str
    password: str


def demo_study() -> Study:
    """The example study with stages 5 to 7 still empty."""
    data = example_data()
    for key in LATER_STAGES:
        data.pop(key, None)
    return load_study(data)


def _read_passwords(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _write_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(passwords, fh, indent=2)
    os.replace(tmp, path)


def _new_password() -> str:
    return "demo-" + secrets.token_urlsafe(9)


def seed_demo(session: Session, home: Path) -> list[Credential]:
    """Make (or find) the demo office, users and study; return the users' credentials.
    The caller commits."""
    office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
    study = demo_study()
    if office is None:
        office = Office(name=DEMO_OFFICE, profile=study.office)
        session.add(office)
        session.flush()

    path = home / PASSWORD_FILE
    passwords = _read_passwords(path)
    changed = False
    credentials = []
    users: dict[str, User] = {}
    for role, email, name in DEMO_USERS:
        user = session.scalar(select(User).where(User.email == email))
        password = passwords.get(email)
        if user is None:
            password = password or _new_password()
            user = User(office=office, email=email, name=name, role=role)
            user.set_password(password)
            session.add(user)
        elif password is None or not user.check_password(password):
            password = _new_password()
            user.set_password(password)
        user.active = True
        if passwords.get(email) != password:
            passwords[email] = password
            changed = True
        users.setdefault(role, user)
        credentials.append(Credential(role, email, password))
    if changed:
        _write_passwords(path, passwords)

    known = {record.data.get("id") for record in office.studies}
    if study.id not in known:
        record = StudyRecord(office=office, data=study, created_by=users["staff"],
                             updated_by=users["staff"])
        session.add(record)
    session.flush()
    return credentials


DEMO_ISSUED = ("nota_dinas", "spt", "coordination_letter")
"""Documents of the demo study already issued, so the register has something to show."""


def seed_demo_archive(session: Session, home: Path, verify_base: str | None = None) -> int:
    """Issue the demo study's first documents once (numbered, in the register, with their
    QR code) through the path of a letter: submitted, initialled and approved
    (:mod:`docgen.store.demo_review`); returns how many were issued now. Commits."""
    from docgen.archive import LocalStorage, archive_dir
    from docgen.home import files_dir
    from docgen.store.archive_models import ArchiveRecord
    from docgen.store.demo_review import issue_reviewed

    office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
    if office is None:
        return 0
    if session.scalar(select(ArchiveRecord.id).where(ArchiveRecord.office_id == office.id)
                      .limit(1)) is not None:
        return 0
    record = next((r for r in office.studies if r.data.get("id") == demo_study().id), None)
    if record is None:
        return 0
    users = {"staff": _user(session, office, DEMO_USERS[0][1]), "reviewer": _user(session, office, DEMO_REVIEWER),
             "signer": _user(session, office, DEMO_USERS[1][1])}
    # a paper whose date the study sets (the request letter, sent before the host's reply)
    # is issued on that date; the others on the office's today
    issued = {"coordination_letter": record.study.coordination.request_date}
    issue_reviewed(session, record, DEMO_ISSUED, users, base_dir=files_dir(home),
                   issued=issued, storage=LocalStorage(archive_dir(home)),
                   verify_base=verify_base)
    return len(DEMO_ISSUED)


def _user(session: Session, office: Office, email: str) -> User:
    user = session.scalar(select(User).where(User.office_id == office.id, User.email == email))
    assert user is not None, email
    return user
