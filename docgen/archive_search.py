"""Finding register entries again: the filters of the archivist's register page, and one
office's part of the register.

:func:`search` narrows one office's :class:`~docgen.store.ArchiveRecord` rows by number, date
range, kind, classification code (the code or any code under it), study, access class and
free text over number, subject (hal), addressee and the study's title, and returns one page
of them with the total. Text matching is case-insensitive through ``lower(...) LIKE``, so it
behaves the same on SQLite and PostgreSQL; ``%`` and ``_`` typed by a user match themselves.

:func:`office_scope` narrows every query of register entries and letter numbers made in a
session to one office while it is open, so the register's exports (which read the whole
register) hold one office's rows only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, event, false, func, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from docgen.store.archive_models import ArchiveRecord, LetterNumber
from docgen.store.models import ID_MAX, StudyRecord

PER_PAGE = 50
ESCAPE = "\\"
Order = Literal["newest", "oldest"]


def _escaped(value: str) -> str:
    """`value` with the LIKE wildcards (and the escape character) escaped."""
    return value.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def _contains(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, lower-cased."""
    return f"%{_escaped(value.lower())}%"


def _like(column: Any, value: str) -> ColumnElement[bool]:
    return func.lower(column).like(_contains(value), escape=ESCAPE)


def filtered(office_id: int, *, number: str | None = None, date_from: date | None = None,
             date_to: date | None = None, kind: str | None = None,
             classification: str | None = None, study_id: int | None = None,
             text: str | None = None, access: str | None = None) -> Select[tuple[ArchiveRecord]]:
    """The query of the office's records that pass every filter given (unordered)."""
    query = select(ArchiveRecord).where(ArchiveRecord.office_id == office_id)
    if number and number.strip():
        query = query.where(_like(ArchiveRecord.number, number.strip()))
    if date_from is not None:
        query = query.where(ArchiveRecord.issued >= date_from)
    if date_to is not None:
        query = query.where(ArchiveRecord.issued <= date_to)
    if kind:
        query = query.where(ArchiveRecord.kind == kind)
    if classification and classification.strip():
        code = classification.strip().rstrip(".")
        query = query.where(or_(ArchiveRecord.classification == code,
                                ArchiveRecord.classification.like(_escaped(code) + ".%",
                                                                  escape=ESCAPE)))
    if study_id is not None:  # an id no column holds names no study
        query = query.where(ArchiveRecord.study_id == study_id if 0 <= study_id <= ID_MAX
                            else false())
    if text and text.strip():
        for word in text.split():
            titled = select(StudyRecord.id).where(StudyRecord.office_id == office_id,
                                                  _like(StudyRecord.title, word))
            query = query.where(or_(_like(ArchiveRecord.number, word),
                                    _like(ArchiveRecord.subject, word),
                                    _like(ArchiveRecord.addressee, word),
                                    ArchiveRecord.study_id.in_(titled)))
    if access:
        query = query.where(ArchiveRecord.access == access)
    return query


def search(session: Session, office_id: int, *, number: str | None = None,
           date_from: date | None = None, date_to: date | None = None,
           kind: str | None = None, classification: str | None = None,
           study_id: int | None = None, text: str | None = None, access: str | None = None,
           page: int = 1, per_page: int = PER_PAGE, order: Order = "newest"
           ) -> tuple[list[ArchiveRecord], int]:
    """One page of the office's records passing the filters, by issue date (newest first
    unless `order` is ``"oldest"``), and how many pass in all; a page past the last is
    empty.

    `classification` matches the code itself and every code under it (``000.1`` finds
    ``000.1.2.3``); `text` matches records holding each of its words in the number, the
    subject, the addressee or the title of their study."""
    query = filtered(office_id, number=number, date_from=date_from, date_to=date_to,
                     kind=kind, classification=classification, study_id=study_id,
                     text=text, access=access)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if order == "oldest":
        query = query.order_by(ArchiveRecord.issued, ArchiveRecord.id)
    else:
        query = query.order_by(ArchiveRecord.issued.desc(), ArchiveRecord.id.desc())
    page, per_page = max(1, page), max(1, per_page)
    offset = (page - 1) * per_page
    if offset >= total:  # past the last page (however far: never sent to the database)
        return [], total
    query = query.limit(per_page).offset(offset)
    return list(session.scalars(query)), total


def page_count(total: int, per_page: int = PER_PAGE) -> int:
    """How many pages `total` records fill (at least one)."""
    return max(1, -(-total // per_page))


@contextmanager
def office_scope(session: Session, office_id: int) -> Iterator[Session]:
    """While the block runs, every ORM query in `session` sees only office `office_id`'s
    register entries and letter numbers (SQLAlchemy's global criteria), whatever the code
    that makes the query, such as :func:`docgen.archive.register_xlsx`."""

    def narrow(state: ORMExecuteState) -> None:
        if state.is_select:
            state.statement = state.statement.options(
                with_loader_criteria(ArchiveRecord, ArchiveRecord.office_id == office_id,
                                     include_aliases=True),
                with_loader_criteria(LetterNumber, LetterNumber.office_id == office_id,
                                     include_aliases=True))

    event.listen(session, "do_orm_execute", narrow)
    try:
        yield session
    finally:
        event.remove(session, "do_orm_execute", narrow)
