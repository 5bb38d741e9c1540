"""The rencana tindak lanjut (RTL) as a plan tracked until it is done.

Each :class:`FollowUpItem` is one measurable action: who owns it (a person of the office,
with the e-mail of their user account where there is one), when it is due, its indicator
with unit, baseline, target and the value achieved so far, and which aim
(``goals.aims``) and lesson (``evaluation.lessons``) it comes from, numbered from 1. Its
progress is a list of dated :class:`FollowUpUpdate`; the latest update (by date, then by
the order recorded) sets the item's state. Nothing here reads the clock: every question
about lateness takes "today" as an argument (the office's today is
:func:`docgen.archive.today`).

The models are re-exported by :mod:`docgen.study` (``from docgen.study import FollowUpItem``
works); this module owns them. Older studies, with a free-text ``pic`` and no ``id``, load
as they are: ``pic`` becomes the owner's name and the item gets a new id.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from docgen import idformat
from docgen.study_fields import F, Model, OptDate, Text, _empty_to_none, bounded
from docgen.study_labels import label
from docgen.study_people import Person

FOLLOW_UP_STATUS = {
    "rencana": ("Rencana", "Planned"),
    "berjalan": ("Berjalan", "Under way"),
    "selesai": ("Selesai", "Done"),
    "batal": ("Batal", "Cancelled"),
}
Status = Literal["rencana", "berjalan", "selesai", "batal"]
OPEN_STATUSES = ("rencana", "berjalan")

VALUE_MAX = Decimal("999999999999.99")
"""The largest baseline, target or achieved value of an indicator (a count, a percentage,
rupiah ...): the same bound as one amount of money."""
VALUE_PLACES = 4
MAX_UPDATES = 500
MAX_EVIDENCE = 20
_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}")
"""A storage key (:func:`docgen.store.files.storage_key`): the form, never a path."""
EVIDENCE_TYPES = ("pdf", "jpeg", "png", "xlsx")
"""The kinds of evidence file an update may carry (checked by content on upload)."""


def _number(value: Any) -> Any:
    """Accept 12, "12", "12,5" and "1.250" (grouped) as a number; empty as None."""
    if isinstance(value, float):
        return repr(value)  # 0.1 as typed, not the binary fraction nearest it
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("%", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        return text
    return value


def _number_json(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


Value = Annotated[Decimal | None, BeforeValidator(_number), bounded(VALUE_MAX, VALUE_PLACES),
                  PlainSerializer(_number_json, when_used="json")]
OptNumber = Annotated[int | None, BeforeValidator(_empty_to_none)]
Day = date


def new_id() -> str:
    """A short identifier for a follow-up item, stable once given."""
    return uuid.uuid4().hex[:8]


def given_ids(items: Any) -> Any:
    """The items of a follow-up list as received, each without an id given one made from
    its place and content, so an older study shows the same ids every time it is read."""
    if not isinstance(items, list):
        return items
    out = []
    for index, item in enumerate(items):
        if isinstance(item, dict) and not item.get("id"):
            seed = json.dumps([index, item], sort_keys=True, default=str)
            item = {**item, "id": hashlib.sha256(seed.encode()).hexdigest()[:8]}
        out.append(item)
    return out


def keep_updates(old: Any, new: dict[str, Any]) -> dict[str, Any]:
    """The evaluation stage as a form posts it (`new`, whose items carry no updates), with
    each item's updates taken from the stored stage `old` by the item's id: a form never
    drops the progress history."""
    items = new.get("follow_up")
    stored = (old or {}).get("follow_up") if isinstance(old, dict) else None
    if not isinstance(items, list) or not isinstance(stored, list):
        return new
    by_id = {i.get("id"): i.get("updates") for i in stored if isinstance(i, dict) and i.get("id")}
    kept = [{**item, "updates": by_id[item["id"]]}
            if isinstance(item, dict) and item.get("id") in by_id and "updates" not in item
            else item for item in items]
    return {**new, "follow_up": kept}


def show_value(value: Decimal | None, unit: str = "") -> str:
    """A value as a paper writes it: ``12,5 %``, ``3 dokumen``; "-" for none."""
    if value is None:
        return "-"
    text = idformat.angka(value.normalize() if value == value.to_integral() else value, None)
    return f"{text} {unit}".strip()


class FollowUpOwner(Model):
    """The person of the office who owns a follow-up item."""

    name: Text = F("Nama", "Name", "", description="Nama dengan gelar")
    nip: str | None = F("NIP", "NIP", None, description="Kosongkan bila bukan ASN")
    email: Text = F("Pos-el akun pengguna", "User account e-mail", "",
                    description="Pos-el akun docgen pemilik, untuk pengingat",
                    help_en="The owner's docgen account e-mail, for reminders")

    _nip_field = field_validator("nip", mode="before")(Person._nip.__func__)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and ("@" not in value or " " in value or len(value) > 254):
            raise PydanticCustomError("email_invalid", "not a valid e-mail address")
        return value.lower()

    @property
    def nip_formatted(self) -> str:
        return idformat.format_nip(self.nip) if self.nip else ""

    def __str__(self) -> str:
        return self.name


class Evidence(Model):
    """A file backing an update: an upload of the office (purpose "evidence")."""

    file: Text = F("Berkas", "File", "", description="Kunci penyimpanan berkas unggahan")
    name: Text = F("Nama berkas", "File name", "")

    @field_validator("file")
    @classmethod
    def _key(cls, value: str) -> str:
        if value and not _KEY.fullmatch(value):
            raise PydanticCustomError("storage_key", "is not a stored file")
        return value


class FollowUpUpdate(Model):
    """One dated report of progress on a follow-up item; kept, never rewritten."""

    date: Day = F("Tanggal", "Date")
    value: Value = F("Capaian", "Value achieved", None,
                     description="Nilai indikator yang tercapai sampai tanggal ini")
    status: Status = F("Status", "Status", "berjalan")
    reason: Text = F("Alasan pembatalan", "Reason for cancelling", "", validate_default=True)
    note: Text = F("Catatan", "Note", "")
    evidence: list[Evidence] = F("Bukti dukung", "Evidence files", default_factory=list,
                             max_length=MAX_EVIDENCE,
                             description="Berkas PDF, JPEG, PNG atau XLSX yang diunggah")
    recorded_by: Text = F("Dicatat oleh", "Recorded by", "")
    recorded_at: datetime | None = F("Dicatat pada", "Recorded at", None)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("status") == "batal" and not value:
            raise PydanticCustomError("reason_required", "a cancelled item needs a reason")
        return value

    @property
    def status_label(self) -> str:
        return label(FOLLOW_UP_STATUS, self.status)


@dataclass(frozen=True)
class FollowUpState:
    """Where an item stands on a day: from its latest update up to that day."""

    status: str
    """rencana, berjalan, selesai or batal"""
    achieved: Decimal | None
    """the latest value reported"""
    latest: FollowUpUpdate | None
    """the latest update"""
    done_on: date | None
    """the date of the update that set it selesai"""
    due_date: date | None
    """the item's due date"""
    unit: str = ""
    """the indicator's unit"""

    @property
    def status_label(self) -> str:
        return label(FOLLOW_UP_STATUS, self.status)

    @property
    def achieved_text(self) -> str:
        return show_value(self.achieved, self.unit)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def done_on_time(self) -> bool:
        """Done (selesai) on or before the due date (an item without one is on time)."""
        return self.status == "selesai" and (
            self.due_date is None or (self.done_on is not None and self.done_on <= self.due_date))

    def overdue(self, today: date) -> bool:
        """Still open (planned or under way) after its due date."""
        return self.is_open and self.due_date is not None and today > self.due_date


class FollowUpItem(Model):
    """One line of the rencana tindak lanjut (RTL): a measurable action and its progress."""

    id: Text = F("Kode", "Item id", default_factory=new_id,
                 description="Kode tetap butir ini (dibuat otomatis)",
                 help_en="This item's stable code (made automatically)", widget="hidden")
    action: Text = F("Rencana aksi", "Action", "")
    owner: FollowUpOwner = F("Penanggung jawab", "Owner", default_factory=FollowUpOwner)
    due_date: OptDate = F("Target waktu", "Due date", None)
    indicator: Text = F("Indikator keberhasilan", "Measurable indicator", "")
    unit: Text = F("Satuan", "Unit", "", description="Contoh: dokumen, %, OPD")
    baseline: Value = F("Nilai awal", "Baseline", None)
    target: Value = F("Target", "Target", None)
    aim_no: OptNumber = F("Nomor tujuan asal", "From aim no.", None, ge=1, le=1000,
                          description="Nomor urut pada Maksud dan tujuan (tahap 1)",
                          help_en="Its number among the aims (stage 1)")
    lesson_no: OptNumber = F("Nomor pembelajaran asal", "From lesson no.", None, ge=1, le=1000,
                             description="Nomor urut pada Pembelajaran (tahap 6)",
                             help_en="Its number among the lessons (stage 6)")
    status: Status = F("Status awal", "Initial status", "rencana",
                       description="Status sebelum ada laporan perkembangan",
                       help_en="The status before any progress update")
    updates: list[FollowUpUpdate] = F("Laporan perkembangan", "Progress updates",
                                      default_factory=list, max_length=MAX_UPDATES,
                                      form=False)

    @model_validator(mode="before")
    @classmethod
    def _old_pic(cls, data: Any) -> Any:
        """Before owners: ``pic`` was the owner's name as text."""
        if isinstance(data, dict) and "pic" in data:
            data = dict(data)
            pic = data.pop("pic")
            if "owner" not in data and isinstance(pic, str):
                data["owner"] = {"name": pic}
        return data

    # -- derived state ---------------------------------------------------------------------

    @property
    def pic(self) -> str:
        """The owner's name (as the RTL matrix writes it)."""
        return self.owner.name

    def history(self) -> list[FollowUpUpdate]:
        """The updates by date, those of one day in the order recorded."""
        return sorted(self.updates, key=lambda u: u.date)

    def state_at(self, day: date | None = None) -> FollowUpState:
        """The state from the updates dated up to `day` (all of them when None)."""
        updates = [u for u in self.history() if day is None or u.date <= day]
        latest = updates[-1] if updates else None
        achieved = next((u.value for u in reversed(updates) if u.value is not None), None)
        status = latest.status if latest else self.status
        done_on = latest.date if latest and latest.status == "selesai" else None
        return FollowUpState(status, achieved, latest, done_on, self.due_date, self.unit)

    @property
    def state(self) -> FollowUpState:
        return self.state_at(None)

    @property
    def current_status(self) -> str:
        return self.state.status

    @property
    def status_label(self) -> str:
        return label(FOLLOW_UP_STATUS, self.current_status)

    @property
    def achieved(self) -> Decimal | None:
        return self.state.achieved

    @property
    def done_on_time(self) -> bool:
        return self.state.done_on_time

    def overdue(self, today: date) -> bool:
        return self.state.overdue(today)

    @property
    def target_text(self) -> str:
        return show_value(self.target, self.unit)

    @property
    def baseline_text(self) -> str:
        return show_value(self.baseline, self.unit)

    @property
    def achieved_text(self) -> str:
        return show_value(self.achieved, self.unit)
