"""Letter numbers: the office's pattern, filled in.

A pattern names its parts in braces: ``{kode}`` (classification code), ``{urut}`` (sequence
number), ``{unit}`` (the office's unit code), ``{tahun}`` (year) and ``{bulan}`` (month in
Roman numerals). Before a number is allocated, a draft shows an empty space where the
sequence number will go, as offices leave it for the records unit to fill in.

Numbers are allocated only when a document is finalised (:mod:`docgen.archive`), from one
sequence per office and year or per office, year and classification code (the office's
``numbering_scope``), inside the transaction that records the document; a number can also be
reserved for a letter typed elsewhere, and voided with a reason. Every number given out is a
:class:`~docgen.store.archive_models.LetterNumber` row, so the register shows no gap.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from datetime import date

from docgen import idformat

PARTS = ("kode", "urut", "unit", "tahun", "bulan")
DEFAULT_PATTERN = "{kode}/{urut}/{unit}/{tahun}"
DRAFT_GAP = "\u00a0" * 8
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


class PatternError(ValueError):
    """A numbering pattern uses a part that does not exist or lacks the sequence number."""


def check_pattern(pattern: str) -> None:
    names = _PLACEHOLDER.findall(pattern)
    unknown = [n for n in names if n not in PARTS]
    if unknown:
        raise PatternError(
            f"unknown part {{{unknown[0]}}} in number pattern {pattern!r}; "
            f"allowed: {', '.join('{' + p + '}' for p in PARTS)}"
        )
    if "urut" not in names:
        raise PatternError(f"number pattern {pattern!r} has no {{urut}} (sequence number)")


def format_number(pattern: str, *, kode: str, urut: int | None, unit: str, when: date) -> str:
    """Fill the pattern; ``urut=None`` leaves the gap of a draft."""
    check_pattern(pattern)
    values = {
        "kode": kode,
        "urut": DRAFT_GAP if urut is None else str(urut),
        "unit": unit,
        "tahun": str(when.year),
        "bulan": idformat.bulan_romawi(when.month),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)


# ---------------------------------------------------------------------------
# Allocation: one sequence per office and year, or per office, year and classification code

SCOPES = ("year", "code")
LOCK_WAIT_SECONDS = 300
"""How long a finaliser waits its turn for SQLite's write lock (each try also waits for the
connection's busy timeout); SQLite's waiting is not fair, so under heavy load one process
may need several tries."""


def sequence_code(scope: str, classification: str) -> str:
    """The code a sequence is kept under: empty for one sequence per year."""
    if scope not in SCOPES:
        raise ValueError(f"unknown numbering scope {scope!r}; scopes: {', '.join(SCOPES)}")
    return classification if scope == "code" else ""


def write_lock(session) -> None:  # noqa: ANN001
    """Make the session's transaction a writer now.

    SQLite: ``BEGIN IMMEDIATE`` (tried again until :data:`LOCK_WAIT_SECONDS` have passed)
    unless the transaction has already written; PostgreSQL needs nothing here, since the
    ``UPDATE`` of the sequence row takes a row lock held until commit.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw.in_transaction:
        return
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def next_sequence(session, office_id: int, year: int, code: str) -> int:  # noqa: ANN001
    """The next sequence number, taken inside the caller's transaction.

    The row is made if missing, then ``last = last + 1 ... RETURNING last``: the lock it
    takes is held until the caller commits, so concurrent callers wait, and a rollback gives
    the number back (no gap, no duplicate).
    """
    from sqlalchemy import insert, update
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from docgen.store.archive_models import NumberSequence

    write_lock(session)
    dialect = session.connection().dialect.name
    values = {"office_id": office_id, "year": year, "code": code, "last": 0}
    if dialect == "postgresql":
        stmt = pg_insert(NumberSequence).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite_insert(NumberSequence).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover
        stmt = insert(NumberSequence).values(**values)
    session.execute(stmt)
    table = NumberSequence.__table__
    return session.execute(
        update(table)
        .where(table.c.office_id == office_id, table.c.year == year, table.c.code == code)
        .values(last=table.c.last + 1)
        .returning(table.c.last)
    ).scalar_one()


def allocate(session, office, *, classification: str, when: date, state: str = "issued",  # noqa: ANN001
             user=None, actor: str = "", subject: str = "", addressee: str = "",  # noqa: ANN001
             note: str = ""):
    """Give out the office's next number for `classification` on `when` and record it
    (a :class:`~docgen.store.archive_models.LetterNumber`, flushed; the caller commits)."""
    from docgen.store.archive_models import LetterNumber, actor_label

    profile = office.office_profile
    scope = office.numbering_scope or "year"
    code = sequence_code(scope, classification)
    seq = next_sequence(session, office.id, when.year, code)
    number = format_number(profile.numbering_pattern, kode=classification, urut=seq,
                           unit=profile.unit_code, when=when)
    row = LetterNumber(office_id=office.id, year=when.year, code=code, seq=seq, number=number,
                       classification=classification, issued=when, state=state,
                       subject=subject[:500], addressee=addressee[:500], note=note,
                       created_by_id=user.id if user is not None else None,
                       created_by_name=actor_label(user, actor))
    session.add(row)
    session.flush()
    return row


def reserve(session, office, *, classification: str, when: date, user=None,  # noqa: ANN001
            actor: str = "", subject: str = "", addressee: str = "", note: str = ""):
    """Reserve the next number for a letter typed elsewhere; recorded with an event.
    Commits."""
    from docgen.store.archive_models import ArchiveEvent, actor_label

    row = allocate(session, office, classification=classification, when=when,
                   state="reserved", user=user, actor=actor, subject=subject,
                   addressee=addressee, note=note)
    session.add(ArchiveEvent(letter_number_id=row.id, event="reserved",
                             detail=f"{row.number}: {note or subject}".strip(),
                             actor_id=user.id if user is not None else None,
                             actor_name=actor_label(user, actor)))
    session.commit()
    return row


class VoidRefused(ValueError):
    """A number that cannot be voided (already void, or no reason given)."""


def void(session, letter_number, *, reason: str, user=None, actor: str = ""):  # noqa: ANN001
    """Void a number with a reason: it stays in the register, marked void. Commits."""
    from docgen.store.archive_models import ArchiveEvent, actor_label, utcnow

    reason = (reason or "").strip()
    if not reason:
        raise VoidRefused("a reason is required to void a number")
    if letter_number.state == "void":
        raise VoidRefused(f"{letter_number.number} is already void")
    who = actor_label(user, actor)
    letter_number.state = "void"
    letter_number.void_reason = reason
    letter_number.voided_by_name = who
    letter_number.voided_at = utcnow()
    session.add(ArchiveEvent(letter_number_id=letter_number.id, event="voided", detail=reason,
                             actor_id=user.id if user is not None else None, actor_name=who))
    session.commit()
    return letter_number
