"""An office's own document kinds: a regional SPJ form, a surat pernyataan, a berita acara.

An office describes the kind (its title, the stage it belongs to, one per study or one per
traveller, host or invitee, numbered or not, the classification code its number carries, who
signs and who countersigns) and installs its Word template through the registry
(:mod:`docgen.office_templates`; the lint checks it against what that fan-out gives a
template). From then on the kind is one of the office's kinds like a shipped one: on the
documents page and in the ZIP, in ``docgen kinds``, in the API, issued and numbered in the
register with its classification code.

The shipped catalog (:data:`docgen.catalog.KINDS`) stays as it is: the functions that list
kinds take an office's own as ``custom`` (:func:`docgen.catalog.available`). An own kind's id
is ``kantor_<name>`` so that it can never be mistaken for a shipped kind, now or later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from docgen.catalog import KINDS, Kind
from docgen.messages import Problem
from docgen.store.kind_models import OfficeKind
from docgen.store.models import Office, User, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PREFIX = "kantor_"
MAX_KINDS = 50
"""The most kinds an office may add."""
CODE = re.compile(r"^\d{3}(\.\d{1,3}){0,4}$")
"""A classification code: ``000.1.2.3`` (as :data:`docgen.archive.CLASSIFICATION`)."""

FAN_OUTS: dict[str, tuple[str, str]] = {
    "none": ("Satu per studi banding", "One per study"),
    "traveller": ("Satu per pelaksana perjalanan dinas", "One per traveller"),
    "destination": ("Satu per instansi tujuan", "One per host"),
    "invitee": ("Satu per undangan diseminasi", "One per invitee"),
}
SIGNERS: dict[str, tuple[str, str]] = {
    "head": ("Kepala perangkat daerah", "Head of the office"),
    "ppk": ("Pejabat Pembuat Komitmen", "Commitment official (PPK)"),
    "leader": ("Ketua tim", "Team leader"),
    "traveller": ("Pelaksana perjalanan dinas (naskah satu per pelaksana)",
                  "The traveller (a document per traveller)"),
    "sekda": ("Sekretaris Daerah", "Regional secretary"),
    "region_head": ("Kepala daerah", "Regional head"),
}
"""Who may sign an office's own kind ("": nobody, a form without a signature)."""
COUNTERSIGNERS: dict[str, tuple[str, str]] = {
    **SIGNERS, "bendahara": ("Bendahara Pengeluaran", "Treasurer")}
"""Who may sign beside the signer ("Mengetahui", "Yang menerima" ...)."""

FAN_OUT_NEEDS = {"traveller": ("plan.team",), "destination": ("destination.destinations",),
                 "invitee": ("reporting.dissemination", "reporting.dissemination[].invitees")}
_OFFICE = ("office.pemda", "office.name", "office.city", "office.head.name",
           "office.head.jabatan")



@dataclass(frozen=True)
class KindSpec:
    """What an office says of a kind of its own (a form's fields, already trimmed)."""

    title_id: str
    title_en: str = ""
    stage: int = 7
    fan_out: str = "none"
    numbered: bool = True
    code: str = ""
    hal: str = ""
    signer: str = "head"
    on_behalf: bool = False
    countersigner: str = ""

    @classmethod
    def of(cls, row: OfficeKind) -> KindSpec:
        return cls(row.title_id, row.title_en, row.stage, row.fan_out, row.numbered, row.code,
                   row.hal, row.signer, row.on_behalf, row.countersigner)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def check_spec(spec: KindSpec, taken: Iterable[str] = ()) -> list[Problem]:
    """What is wrong with `spec`, each problem at its field (``title_id``, ``code`` ...);
    `taken` are the titles of the office's other kinds."""
    problems: list[Problem] = []
    for name, limit in (("title_id", 200), ("title_en", 200), ("hal", 300), ("code", 40)):
        if len(getattr(spec, name)) > limit:
            problems.append(Problem(name, "kind_too_long", params={"max_length": limit}))
    title = _fold(spec.title_id)
    if not title:
        problems.append(Problem("title_id", "kind_title_missing"))
    elif any(_fold(k.title_id) == title or _fold(k.title_en) == title
             for k in KINDS.values()):
        problems.append(Problem("title_id", "kind_title_shipped",
                                params={"title": spec.title_id}))
    elif title in {_fold(t) for t in taken}:
        problems.append(Problem("title_id", "kind_title_taken",
                                params={"title": spec.title_id}))
    if spec.stage not in range(1, 8):
        problems.append(Problem("stage", "kind_stage_invalid"))
    if spec.fan_out not in FAN_OUTS:
        problems.append(Problem("fan_out", "kind_fan_out_invalid",
                                params={"choices": ", ".join(FAN_OUTS)}))
    if not CODE.match(spec.code):
        problems.append(Problem("code", "kind_code_invalid", params={"value": spec.code[:40]}))
    for name, roles in (("signer", SIGNERS), ("countersigner", COUNTERSIGNERS)):
        role = getattr(spec, name)
        if role and role not in roles:
            problems.append(Problem(name, "kind_signer_invalid"))
        elif role == "traveller" and spec.fan_out != "traveller":
            problems.append(Problem(name, "kind_traveller_signs"))
    if spec.on_behalf and spec.signer not in ("head", "sekda", "ppk"):
        problems.append(Problem("on_behalf", "kind_on_behalf_needs_signer"))
    return problems


def slug(text: str) -> str:
    """``Surat Pernyataan Tanggung Jawab`` → ``surat-pernyataan-tanggung-jawab``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > 40:
        out = out[:40].rsplit("-", 1)[0]
    return out or "naskah"


def to_kind(row: OfficeKind) -> Kind:
    """The catalog entry of an office's own kind."""
    name = slug(row.title_id)
    return Kind(
        id=row.kind, title_id=row.title_id, title_en=row.title_en or row.title_id,
        stage=row.stage, template=f"{name.replace('-', '_')}.docx", filename=name,
        code_domestic=row.code, code_abroad=row.code, signer=row.signer or None,  # type: ignore[arg-type]
        countersigner=row.countersigner or None,  # type: ignore[arg-type]
        on_behalf=row.on_behalf, fan_out=row.fan_out,  # type: ignore[arg-type]
        hal=row.hal or row.title_id, numbered=row.numbered,
        needs=_OFFICE + ("goals.title",) + FAN_OUT_NEEDS.get(row.fan_out, ()),
        custom=True)


def _office_id(office: Office | int) -> int:
    return office if isinstance(office, int) else office.id


def rows(session: Session, office: Office | int, *,
         include_inactive: bool = True) -> list[OfficeKind]:
    """The office's own kinds, in the order they were added."""
    query = select(OfficeKind).where(OfficeKind.office_id == _office_id(office))
    if not include_inactive:
        query = query.where(OfficeKind.active.is_(True))
    return list(session.scalars(query.order_by(OfficeKind.id)))


def office_kinds(session: Session, office: Office | int, *,
                 include_inactive: bool = False) -> list[Kind]:
    """The office's own kinds as catalog entries (those switched off only when asked: an
    issued document of one is still read by its kind)."""
    return [to_kind(row) for row in rows(session, office, include_inactive=include_inactive)]


def find(session: Session, office: Office | int, kind_id: str) -> OfficeKind | None:
    """The office's own kind `kind_id`, or None."""
    return session.scalar(select(OfficeKind).where(
        OfficeKind.office_id == _office_id(office), OfficeKind.kind == kind_id))


class KindRefused(ValueError):
    """A kind the office cannot add or change as asked: `problems` say where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.message('en')}" for p in problems))


def taken_titles(session: Session, office_id: int, but: int | None = None) -> list[str]:
    return [t for row in rows(session, office_id) if row.id != but
            for t in (row.title_id, row.title_en) if t]


def new_kind(session: Session, office: Office | int, spec: KindSpec,
             user: User | None = None) -> OfficeKind:
    """Add a kind to the office (flushed, not committed: the caller commits once its
    template is installed, so a kind never exists without one). :class:`KindRefused` with
    the problems of `spec`."""
    office_id = _office_id(office)
    existing = rows(session, office_id)
    problems = check_spec(spec, taken_titles(session, office_id))
    if len(existing) >= MAX_KINDS:
        problems.append(Problem("title_id", "kind_too_many", params={"count": MAX_KINDS}))
    if problems:
        raise KindRefused(problems)
    base = PREFIX + slug(spec.title_id).replace("-", "_")[:50 - len(PREFIX) - 3]
    ids = {row.kind for row in existing}
    kind_id, n = base, 2
    while kind_id in ids or kind_id in KINDS:
        kind_id, n = f"{base}_{n}", n + 1
    row = OfficeKind(office_id=office_id, kind=kind_id, created_by_id=user.id if user else None,
                     **_columns(spec))
    session.add(row)
    session.flush()
    return row


def update_kind(session: Session, row: OfficeKind, spec: KindSpec) -> OfficeKind:
    """Change what the office says of its kind (its id stays: issued documents name it).
    Flushed, not committed; :class:`KindRefused` with the problems of `spec`."""
    problems = check_spec(spec, taken_titles(session, row.office_id, but=row.id))
    if problems:
        raise KindRefused(problems)
    for name, value in _columns(spec).items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    session.flush()
    return row


def _columns(spec: KindSpec) -> dict[str, object]:
    return {"title_id": spec.title_id.strip(), "title_en": spec.title_en.strip(),
            "stage": spec.stage, "fan_out": spec.fan_out, "numbered": spec.numbered,
            "code": spec.code.strip(), "hal": spec.hal.strip(), "signer": spec.signer,
            "on_behalf": spec.on_behalf, "countersigner": spec.countersigner}


def titled(session: Session) -> dict[tuple[int, str], str]:
    """The title of every office's own kind, by (office id, kind id): what the register
    writes for a document of one."""
    return {(office_id, kind): title for office_id, kind, title in session.execute(
        select(OfficeKind.office_id, OfficeKind.kind, OfficeKind.title_id))}


def kind_title(own: dict[tuple[int, str], str], office_id: int, kind_id: str) -> str:
    """A kind's Indonesian title: shipped, else the office's own (`own`, :func:`titled`),
    else its id."""
    shipped = KINDS.get(kind_id)
    if shipped is not None:
        return shipped.title_id
    return own.get((office_id, kind_id), kind_id)


def office_kind(session: Session, office: Office | int, kind_id: str) -> Kind | None:
    """The kind `kind_id` of the office: shipped, else its own (switched off too: a review
    or a record of one is still read by its kind); None when it has no such kind."""
    shipped = KINDS.get(kind_id)
    if shipped is not None:
        return shipped
    row = find(session, office, kind_id)
    return to_kind(row) if row is not None else None
