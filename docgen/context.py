"""The document context: what a template sees when it fills one document of one study.

The study itself is passed as it is (its models and their properties); this module adds only
what belongs to one document: its number and date, the signature blocks, the addressee of a
fanned-out letter, the budget grouped by component, and the tembusan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from docgen import idformat
from docgen.catalog import Kind
from docgen.numbering import format_number
from docgen.study import COMPONENTS, BudgetLine, Destination, Official, Person, Study, TeamMember

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Signature:
    """A signature block (Permendagri 1/2023 Pasal 44): each line ready to print."""

    on_behalf: str
    """``a.n. BUPATI SLEMAN`` when signing on behalf of a higher official, else empty."""
    jabatan: str
    """The jabatan line, with ``Plt.``/``Plh.`` where acting, without the final comma."""
    jabatan_caps: str
    """The same in capitals, keeping ``Plt.``/``Plh.`` as written: ``Plt. KEPALA DINAS``."""
    name: str
    """Full name with academic titles."""
    pangkat: str
    """``Pembina Utama Muda (IV/c)`` or empty."""
    nip: str
    """``NIP 19700512 199603 1 004`` or empty for a non-civil-servant."""


@dataclass(frozen=True)
class DocumentInfo:
    """The identity of the document being made."""

    kind: str
    title: str
    number: str
    date: date
    place_date: str
    """``Sleman, 29 November 2026``."""
    place: str
    classification: str
    sifat: str
    lampiran: str
    hal: str
    tembusan: list[str] = field(default_factory=list)
    final: bool = False


@dataclass(frozen=True)
class BudgetGroup:
    """Budget lines of one component, with their subtotal."""

    letter: str
    label: str
    lines: list[BudgetLine]
    subtotal: Decimal


@dataclass(frozen=True)
class BudgetSummary:
    """The budget grouped by component, in the order of the component list."""

    groups: list[BudgetGroup]
    total: Decimal


def signature(person: Person, *, jabatan: str | None = None, on_behalf: str = "") -> Signature:
    """The signature block of `person`; `jabatan` overrides the printed position."""
    if jabatan is None:
        jabatan = person.jabatan_signed if isinstance(person, Official) else person.jabatan
    prefix = next((p for p in ("Plt. ", "Plh. ") if jabatan.startswith(p)), "")
    return Signature(
        on_behalf=f"a.n. {on_behalf.upper()}" if on_behalf else "",
        jabatan=jabatan,
        jabatan_caps=prefix + jabatan[len(prefix):].upper(),
        name=person.full_name,
        pangkat=person.pangkat_golongan,
        nip=f"NIP {person.nip_formatted}" if person.nip else "",
    )


def budget_summary(lines: list[BudgetLine]) -> BudgetSummary:
    groups = []
    for code in COMPONENTS:
        members = [line for line in lines if line.component == code]
        if members:
            groups.append(BudgetGroup(
                letter=LETTERS[len(groups) % 26],
                label=COMPONENTS[code][0],
                lines=members,
                subtotal=sum((m.total for m in members), Decimal(0)),
            ))
    return BudgetSummary(groups=groups, total=sum((g.subtotal for g in groups), Decimal(0)))


def _signer(study: Study, role: str | None) -> Signature | None:
    if role is None:
        return None
    if role == "leader":
        leader: TeamMember | None = study.plan.leader
        if leader is None:
            return None
        return signature(leader, jabatan="Ketua Tim")
    return signature(getattr(study.office, role))


def _tembusan(study: Study, kind: Kind) -> list[str]:
    office = study.office
    if kind.id in ("coordination_letter", "spt") and office.region_head:
        return [f"{office.region_head} (sebagai laporan)"]
    return []


def build_context(
    study: Study,
    kind: Kind,
    *,
    item: int | None = None,
    number: str | None = None,
    issued: date | None = None,
) -> dict[str, Any]:
    """Everything a template of `kind` may use, for document `item` of a fan-out."""
    office = study.office
    when = issued or _default_date(study, kind)
    classification = kind.classification(study)
    final = number is not None
    if number is None:
        number = format_number(office.numbering_pattern, kode=classification, urut=None,
                               unit=office.unit_code, when=when)
    recipient: Destination | None = None
    if kind.fan_out == "destination" and item is not None:
        recipient = study.destination.destinations[item]
    elif study.destination.destinations:
        recipient = study.destination.destinations[0]
    lampiran = "1 (satu) berkas" if kind.id == "coordination_letter" else "-"
    doc = DocumentInfo(
        kind=kind.id,
        title=kind.title_id,
        number=number,
        date=when,
        place_date=f"{office.city}, {idformat.tanggal(when)}" if office.city
        else idformat.tanggal(when),
        place=office.city,
        classification=classification,
        sifat="Biasa",
        lampiran=lampiran,
        hal=kind.hal,
        tembusan=_tembusan(study, kind),
        final=final,
    )
    return {
        "study": study,
        "doc": doc,
        "signer": _signer(study, kind.signer),
        "countersigner": _signer(study, kind.countersigner),
        "recipient": recipient,
        "team": study.plan.members_ordered,
        "budget": budget_summary(study.plan.budget),
        "destinations": ", ".join(d.institution for d in study.destination.destinations),
    }


def _default_date(study: Study, kind: Kind) -> date:
    if kind.id == "final_report" and study.reporting.report_date:
        return study.reporting.report_date
    return date.today()
