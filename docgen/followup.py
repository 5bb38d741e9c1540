"""The follow-up plan across an office's studies: what is due, what is late, what is done.

Shared by the API (:mod:`web.api_followup`), the CLI (``docgen followup``) and the web
pages. Nothing here reads the clock: pass the day to judge by (the office's today is
:func:`docgen.archive.today`).

* :func:`office_items` — every follow-up item of an office's studies as a
  :class:`FollowUpRow` (the study record, the item, its index, its :class:`FollowUpState`
  and whether it is overdue on `today`), filtered by a :class:`Filters` (study id, owner's
  e-mail or name, current status, overdue only). Rows come by due date (none last), then
  study and place in the plan::

      rows = office_items(session, office, today=archive.today(office),
                          filters=Filters(overdue=True))
      for row in rows:
          row.study_title, row.item.action, row.state.status_label, row.overdue

* :func:`share_done_on_time` — per study and per year (of the due date, else the study's
  fiscal year): of the items whose outcome is known on `today` (done, or open past their
  due date; cancelled ones left out), how many were done by their due date
  (:class:`Share`, with ``percent``).
* :func:`find_item` — the study record and index of an item by its id (within one office).
* :func:`add_update` — a copy of a study with a progress update appended to one item (pure:
  nothing stored); :func:`record_update` does the same on a stored study, checking and
  keeping its evidence files (PDF, JPEG, PNG or XLSX, by content) only once the whole
  update is valid. On bad input both raise :class:`UpdateRefused`, each problem with the
  path of the update's own field (``value``, ``reason``, ``evidence[0]``); the caller
  commits::

      study = add_update(record.study, item.id, date=day, value="75", status="berjalan",
                         note="...", evidence=[{"file": key, "name": "bukti.pdf"}],
                         recorded_by=user.email)
      record.save(study, user)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from docgen.followup_model import FollowUpItem, FollowUpState
from docgen.messages import Problem
from docgen.study import Study, StudyInvalid, load_study

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from docgen.store.files import FileStore
    from docgen.store.models import Office, StudyRecord, User

EVIDENCE_PURPOSE = "evidence"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filters:
    """Which items to list; every member may be left out."""

    study_id: int | None = None
    owner: str | None = None
    """The owner's account e-mail (exact, any case) or a part of their name."""
    status: str | None = None
    """The current status: rencana, berjalan, selesai or batal."""
    overdue: bool = False


@dataclass(frozen=True)
class FollowUpRow:
    """One item of one study, with its state on the day asked about."""

    record: StudyRecord
    study: Study
    index: int
    item: FollowUpItem
    state: FollowUpState
    overdue: bool

    @property
    def study_id(self) -> int:
        return self.record.id

    @property
    def study_title(self) -> str:
        return self.study.goals.title

    @property
    def status_label(self) -> str:
        return self.state.status_label

    @property
    def fiscal_year(self) -> int:
        return self.study.fiscal_year

    @property
    def year(self) -> int:
        """The year the item counts in: its due date's, else the study's fiscal year."""
        return self.item.due_date.year if self.item.due_date else self.study.fiscal_year

    @property
    def path(self) -> str:
        return f"evaluation.follow_up[{self.index}]"


@dataclass
class Share:
    """Items done by their due date among those whose outcome is known."""

    done_on_time: int = 0
    known: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.known:
            return None
        return (Decimal(100) * self.done_on_time / self.known).quantize(Decimal("0.1"))


@dataclass
class Shares:
    by_study: dict[int, Share] = field(default_factory=dict)
    by_year: dict[int, Share] = field(default_factory=dict)


def _matches(row: FollowUpRow, filters: Filters) -> bool:
    if filters.status and row.state.status != filters.status:
        return False
    if filters.overdue and not row.overdue:
        return False
    if filters.owner:
        wanted = filters.owner.strip().lower()
        owner = row.item.owner
        if owner.email != wanted and wanted not in owner.name.lower():
            return False
    return True


def study_rows(record: StudyRecord, study: Study, today: date) -> list[FollowUpRow]:
    """The items of one study as rows, judged on `today`."""
    rows = []
    for index, item in enumerate(study.evaluation.follow_up):
        state = item.state
        rows.append(FollowUpRow(record, study, index, item, state, state.overdue(today)))
    return rows


def office_items(session: Session, office: Office, today: date,
                 filters: Filters | None = None) -> list[FollowUpRow]:
    """Every follow-up item of the office's studies, judged on `today`, as filtered."""
    from docgen.store.models import StudyRecord

    filters = filters or Filters()
    query = select(StudyRecord).where(StudyRecord.office_id == office.id)
    if filters.study_id is not None:
        query = query.where(StudyRecord.id == filters.study_id)
    rows = []
    for record in session.scalars(query.order_by(StudyRecord.id)):
        try:
            study = record.study
        except Exception:  # noqa: BLE001 - one unreadable study must not hide the others
            log.exception("study %s of office %s cannot be read", record.id, record.office_id)
            continue
        rows += [row for row in study_rows(record, study, today) if _matches(row, filters)]
    rows.sort(key=lambda r: (r.item.due_date is None, r.item.due_date or date.min,
                             r.record.id, r.index))
    return rows


def _counts(share: Share, state: FollowUpState, overdue: bool) -> None:
    if state.status == "selesai" or (overdue and state.status != "batal"):
        share.known += 1
        share.done_on_time += state.done_on_time


def share_done_on_time(rows: Iterable[FollowUpRow] | Iterable[FollowUpItem],
                       today: date | None = None) -> Shares | Share:
    """Of the items done or overdue (cancelled ones left out), how many were done by their
    due date. Given rows (:func:`office_items`): a :class:`Shares`, per study and per year
    (:attr:`FollowUpRow.year`). Given items and `today`: one :class:`Share` for them."""
    if today is not None:
        share = Share()
        for item in rows:
            _counts(share, item.state, item.state.overdue(today))
        return share
    shares = Shares()
    for row in rows:
        for table, key in ((shares.by_study, row.study_id), (shares.by_year, row.year)):
            _counts(table.setdefault(key, Share()), row.state, row.overdue)
    return shares


class ItemNotFound(LookupError):
    """No item with this id in the office's studies."""


def find_item(session: Session, office: Office, item_id: str,
              study_id: int | None = None) -> tuple[StudyRecord, int]:
    """The study record holding the item `item_id` and the item's index."""
    from docgen.store.models import StudyRecord

    query = select(StudyRecord).where(StudyRecord.office_id == office.id)
    if study_id is not None:
        query = query.where(StudyRecord.id == study_id)
    wanted = (item_id or "").strip().lower()
    for record in session.scalars(query.order_by(StudyRecord.id)):
        for index, item in enumerate(record.study.evaluation.follow_up):
            if wanted and item.id.lower() == wanted:
                return record, index
    raise ItemNotFound(item_id)


class UpdateRefused(ValueError):
    """The update is not stored: every problem, each with the path of the update's field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.line("en") for p in problems))


@dataclass(frozen=True)
class EvidenceFile:
    """A new evidence file: its name and bytes (checked and kept by :func:`add_update`)."""

    name: str
    data: bytes


def _update_path(path: str, prefix: str) -> str:
    return path[len(prefix):].lstrip(".") if path.startswith(prefix) else path


def add_update(study: Study, item_id: str, *, date: date | str | None = None,
               value: Any = None, status: str = "berjalan", reason: str = "", note: str = "",
               evidence: Sequence[dict[str, str]] = (), recorded_by: str = "",
               recorded_at: datetime | None = None) -> Study:
    """A copy of `study` with an update appended to the item `item_id` (nothing is stored).
    `evidence` holds ``{"file": storage key, "name": file name}`` of files already kept;
    `recorded_at` defaults to now. :class:`UpdateRefused` names each problem by the
    update's own field (``value``, ``reason``, ``evidence[0].file``)."""
    data = study.model_dump(mode="json")
    items = data["evaluation"]["follow_up"]
    index = next((i for i, item in enumerate(items) if item["id"] == item_id), None)
    if index is None:
        raise ItemNotFound(item_id)
    updates = items[index]["updates"]
    prefix = f"evaluation.follow_up[{index}].updates[{len(updates)}]"
    when = recorded_at or datetime.now(UTC)
    updates.append({"date": date.isoformat() if hasattr(date, "isoformat") else date,
                    "value": value, "status": status, "reason": reason, "note": note,
                    "evidence": list(evidence), "recorded_by": recorded_by,
                    "recorded_at": when.isoformat()})
    try:
        return load_study(data)
    except StudyInvalid as exc:
        raise UpdateRefused([Problem(_update_path(p.path, prefix) or "(body)", p.code,
                                     p.severity, p.params) for p in exc.problems]) from None


UPDATE_FIELDS = ("date", "value", "status", "reason", "note")


def record_update(session: Session, files: FileStore, record: StudyRecord, item_id: str,
                  fields: dict[str, Any], *, office: Office, user: User | None = None,
                  actor: str = "", now: datetime, new_files: Sequence[EvidenceFile] = (),
                  stored: Sequence[str] = ()) -> Study:
    """Append an update to the item `item_id` of the stored study `record` and keep it:
    `fields` are its ``date``, ``value``, ``status``, ``reason`` and ``note`` (any other
    member is refused); evidence is `new_files` (checked by content, then kept as uploads
    of purpose "evidence") and `stored` (storage keys of the office's own evidence
    uploads). Who and when are `actor` (else the user's e-mail) and `now`. On bad input
    :class:`UpdateRefused` and nothing is kept; the caller commits."""
    from docgen.store.files import UploadRejected, check_upload, clean_name, save_upload
    from docgen.store.files import storage_key as key_of
    from docgen.store.models import UploadedFile

    problems = [Problem(name, "extra_forbidden") for name in fields if name not in UPDATE_FIELDS]
    evidence: list[dict[str, str]] = []
    known = {row.storage_key: row for row in session.scalars(
        select(UploadedFile).where(UploadedFile.office_id == office.id,
                                   UploadedFile.purpose == EVIDENCE_PURPOSE,
                                   UploadedFile.storage_key.in_(list(stored))))} if stored else {}
    for i, key in enumerate(stored):
        row = known.get(key)
        if row is None:
            problems.append(Problem(f"evidence[{i}]", "evidence_unknown"))
        else:
            evidence.append({"file": key, "name": row.original_name})
    for i, new in enumerate(new_files, start=len(stored)):
        try:
            check_upload(EVIDENCE_PURPOSE, new.data, f"evidence[{i}]")
        except UploadRejected as exc:
            problems.append(exc.problem)
            continue
        evidence.append({"file": key_of(new.data), "name": clean_name(new.name)})
    study = None
    try:
        study = add_update(record.study, item_id,
                           **{k: v for k, v in fields.items() if k in UPDATE_FIELDS},
                           evidence=evidence,
                           recorded_by=actor or (user.email if user is not None else ""),
                           recorded_at=now)
    except UpdateRefused as exc:
        problems += exc.problems
    if problems or study is None:
        raise UpdateRefused(problems)
    for new in new_files:
        save_upload(session, files, office=office, purpose=EVIDENCE_PURPOSE,
                    original_name=new.name, data=new.data, study=record, user=user,
                    field="evidence")
    record.save(study, user)
    return study


OfficeItem = FollowUpRow
"""Another name of :class:`FollowUpRow`."""
