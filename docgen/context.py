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

from docgen import idformat, officetime
from docgen.catalog import Kind, invitation_pairs
from docgen.followup_report import progress_facts
from docgen.invitee import as_invitee
from docgen.numbering import format_number
from docgen.realisation import (
    BUDGET_TO_REALISATION,
    REALISATION_COMPONENTS,
    budget_by_component,
    realisation_by_component,
)
from docgen.references import Register, date_floor, references
from docgen.report import report_facts
from docgen.spj import SPJ_KINDS, spj_facts
from docgen.study import (
    COMPONENTS,
    BudgetLine,
    DisseminationEvent,
    Official,
    Person,
    SigningRule,
    Study,
    TeamMember,
    VisitNote,
)
from docgen.wording import activity, visit_days

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
    verify_url: str = ""
    """Where anyone can check the issued document (``…/v/<public id>``); empty for a draft."""
    anchor: str = ""
    """The office's electronic-signature anchor text, printed white in the signing space."""
    attachments: list[str] = field(default_factory=list)
    """What the letter attaches, one entry each (permit request); "Lampiran" counts them."""


@dataclass(frozen=True)
class BudgetGroup:
    """Budget lines of one component, with their subtotal."""

    letter: str
    label: str
    lines: list[BudgetLine]
    subtotal: Decimal
    realized: Decimal
    """Sum of the realised amounts entered (zero where none)."""

    @property
    def remaining(self) -> Decimal:
        return self.subtotal - self.realized

    @property
    def percent(self) -> Decimal:
        """Realisation as a percentage of the plan, two decimals."""
        return _percent(self.realized, self.subtotal)


@dataclass(frozen=True)
class PhotoCell:
    """One photo of the documentation grid."""

    image: Any
    """The picture; write ``{{ p.image }}`` alone in its run."""
    caption: str
    date: date | None


@dataclass(frozen=True)
class BudgetSummary:
    """The budget grouped by component, in the order of the component list."""

    groups: list[BudgetGroup]
    total: Decimal
    realized: Decimal
    has_realization: bool
    """True once any line has its realised amount entered."""

    @property
    def remaining(self) -> Decimal:
        return self.total - self.realized

    @property
    def percent(self) -> Decimal:
        return _percent(self.realized, self.total)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (part * 100 / whole).quantize(Decimal("0.01"))


def signature(person: Person, *, role: str = "official", jabatan: str | None = None,
              on_behalf: str = "", nip_label: str = "NIP") -> Signature:
    """The signature block of `person` by Permendagri 1/2023 Pasal 44.

    Officials of a perangkat daerah print name with titles, pangkat/golongan and NIP; the
    regional head and the regional secretary print no NIP or pangkat, and when acting (Plt.,
    Plh., Pj.) no academic titles either. `jabatan` overrides the printed position;
    `nip_label` is the office's "NIP" or "NIP." (``office.nip_label``).
    """
    acting = isinstance(person, Official) and person.acting != "definitif"
    if jabatan is None:
        jabatan = person.jabatan_signed if isinstance(person, Official) else person.jabatan
    top = role in ("region_head", "sekda")
    prefix = next((p for p in ("Plt. ", "Plh. ", "Pj. ") if jabatan.startswith(p)), "")
    return Signature(
        on_behalf=f"a.n. {on_behalf.upper()}" if on_behalf else "",
        jabatan=jabatan,
        jabatan_caps=prefix + jabatan[len(prefix):].upper(),
        name=person.name if (top and acting) else person.full_name,
        pangkat="" if top else person.pangkat_golongan,
        nip=f"{nip_label} {person.nip_formatted}" if (person.nip and not top) else "",
    )


def budget_summary(lines: list[BudgetLine]) -> BudgetSummary:
    by_component: dict[str, list[BudgetLine]] = {}
    for line in lines:
        by_component.setdefault(line.component, []).append(line)
    groups = []
    for code in COMPONENTS:
        members = by_component.get(code)
        if members:
            groups.append(BudgetGroup(
                letter=LETTERS[len(groups) % 26],
                label=COMPONENTS[code][0],
                lines=members,
                subtotal=sum((m.total for m in members), Decimal(0)),
                realized=sum((m.realized or Decimal(0) for m in members), Decimal(0)),
            ))
    return BudgetSummary(
        groups=groups,
        total=sum((g.subtotal for g in groups), Decimal(0)),
        realized=sum((g.realized for g in groups), Decimal(0)),
        has_realization=any(line.realized is not None for line in lines),
    )


def realised_summary(study: Study) -> BudgetSummary:
    """The budget against what was spent, per realisation component, once the travellers'
    realisation lines are entered: the final report's realisation table then shows the
    same figures as the rincian, kuitansi and daftar nominatif (:mod:`docgen.spj`)."""
    planned, _realized = budget_by_component(study)
    spent = realisation_by_component(study)
    groups = []
    for code, (label_id, _en) in REALISATION_COMPONENTS.items():
        if not (planned[code] or spent[code]):
            continue
        lines = [line for line in study.plan.budget
                 if BUDGET_TO_REALISATION[line.component] == code]
        groups.append(BudgetGroup(letter=LETTERS[len(groups) % 26], label=label_id,
                                  lines=lines, subtotal=planned[code], realized=spent[code]))
    return BudgetSummary(
        groups=groups,
        total=sum((g.subtotal for g in groups), Decimal(0)),
        realized=sum((g.realized for g in groups), Decimal(0)),
        has_realization=True,
    )


def signer_for(study: Study, role: str | None, *, on_behalf: bool = False,
               note: VisitNote | None = None,
               traveller: TeamMember | None = None) -> Signature | None:
    """The signature block of whoever holds `role` in this study (``traveller``: the
    traveller a paper of one traveller is about)."""
    office = study.office
    behalf = office.region_head if on_behalf else ""
    label = office.nip_label
    if role is None:
        return None
    if role == "traveller":
        return signature(traveller, nip_label=label) if traveller is not None else None
    if role in ("leader", "proposer"):
        leader: TeamMember | None = study.plan.leader
        if leader is None:
            return None
        return signature(leader, jabatan="Ketua Tim" if role == "leader" else None,
                         nip_label=label)
    if role == "notetaker":
        if note is None or not note.notetaker:
            return None
        return signature(notetaker(study, note), jabatan="Notulis", nip_label=label)
    if role == "chair":
        if note is None or not (note.chair or note.chair_name):
            return None
        chair = Person(name=note.chair_name or "(" + "." * 40 + ")", nip=note.chair_nip)
        return signature(chair, jabatan=note.chair or "Pimpinan Pertemuan", nip_label=label)
    if role == "region_head":
        head = office.kepala_daerah
        return signature(head, role=role, jabatan=head.acting_prefix + office.region_head,
                         nip_label=label)
    if role == "sekda":
        sekda = office.sekda
        return signature(sekda, role=role, on_behalf=behalf, nip_label=label,
                         jabatan=sekda.acting_prefix + (sekda.jabatan or "Sekretaris Daerah"))
    return signature(getattr(office, role), on_behalf=behalf, nip_label=label)


def notetaker(study: Study, note: VisitNote) -> Person:
    """The note-taker as a person: the NIP and golongan typed on the note, else those of the
    team member of that name (old notes name the note-taker only)."""
    typed = note.notetaker.strip()
    member = next((m for m in study.plan.team
                   if typed and typed.casefold() in (m.full_name.casefold(), m.name.casefold())),
                  None)
    if member is not None and not (note.notetaker_nip or note.notetaker_golongan):
        return Person(name=typed, nip=member.nip, golongan=member.golongan)
    return Person(name=typed, nip=note.notetaker_nip, golongan=note.notetaker_golongan)


def _tembusan(study: Study, rule: SigningRule | None) -> list[str]:
    """The copies list; an entry naming an office value that is empty is left out."""
    office = study.office
    values = {"region_head": office.region_head,
              "province": idformat.nama_daerah(office.province),
              "office": office.name_title, "region": office.region}
    out = []
    for entry in (rule.tembusan or []) if rule else []:
        used = [key for key in values if "{" + key + "}" in entry]
        if any(not values[key] for key in used):
            continue
        for key in used:
            entry = entry.replace("{" + key + "}", values[key])
        out.append(entry)
    return out


def _attachments(study: Study, kind: Kind) -> list[str]:
    """The papers attached to a foreign-travel permit request, those the study has
    (Permendagri 59/2019 as applied by Surat Mendagri 090/6671/SJ)."""
    if kind.id != "permit_request":
        return []
    coord, funding, plan = study.coordination, study.plan.funding, study.plan
    out = []
    if coord.reply_number:
        dated = f" tanggal {idformat.tanggal(coord.reply_date)}" if coord.reply_date else ""
        out.append(f"{coord.reply_label} Nomor {coord.reply_number}{dated}")
    out.append("Kerangka Acuan Kerja (KAK)")
    if funding.dpa_number:
        out.append("Salinan Dokumen Pelaksanaan Anggaran (DPA)")
    if plan.agenda:
        out.append("Jadwal pelaksanaan kegiatan")
    if plan.budget:
        out.append("Rincian biaya perjalanan dinas")
    out.append("Data peserta perjalanan dinas")
    return out


def _lampiran(study: Study, kind: Kind) -> str:
    if kind.id == "permit_request":
        return f"{idformat.bilangan(len(_attachments(study, kind)))} berkas"
    if kind.id in ("coordination_letter", "report_letter"):
        return "1 (satu) berkas"
    if kind.id == "invitation" and study.office.invitation_mode == "distribution_list":
        return "1 (satu) lembar"
    return "-"


def default_classification(study: Study, kind: Kind,
                           event: DisseminationEvent | None = None) -> str:
    """The catalog's classification code for a document (a seminar invitation has its own)."""
    if kind.id == "invitation" and event is not None and event.kind in ("seminar", "workshop"):
        return "000.9.10"
    return kind.classification(study)


def build_context(
    study: Study,
    kind: Kind,
    *,
    item: int | None = None,
    number: str | None = None,
    issued: date | None = None,
    classification: str | None = None,
    verify_url: str = "",
    register: Register | None = None,
    period: tuple[date | None, date | None] = (None, None),
) -> dict[str, Any]:
    """Everything a template of `kind` may use, for document `item` of a fan-out.

    `classification` replaces the catalog's code (an archivist's choice when issuing);
    `verify_url` is the public verification address printed as a QR code on an issued
    document; `register` holds the study's issued papers (:func:`docgen.archive.register_refs`),
    whose numbers and dates the document cites (``refs``); `period` the first and last day
    a follow-up progress report covers (each None for its default)."""
    office = study.office
    fan = _fan_out(study, kind, item)
    when = issued or _default_date(study, kind, fan, register)
    event: DisseminationEvent | None = fan["event"]
    if classification is None:
        classification = default_classification(study, kind, event)
    final = number is not None
    if number is None:
        number = format_number(office.numbering_pattern, kode=classification, urut=None,
                               unit=office.unit_code, when=when)
    rule = kind.rule(study)
    place = office.city
    if kind.id == "notulen" and fan["note"] is not None and fan["note"].city:
        place = fan["note"].city
    doc = DocumentInfo(
        kind=kind.id,
        title=kind.title_id,
        number=number,
        date=when,
        place_date=f"{place}, {idformat.tanggal(when)}" if place else idformat.tanggal(when),
        place=place,
        classification=classification,
        sifat="Biasa",
        lampiran=_lampiran(study, kind),
        hal=("Permohonan Fasilitasi Kunjungan Studi Banding"
             if kind.id == "coordination_letter" and study.goals.abroad else kind.hal),
        tembusan=_tembusan(study, rule),
        final=final,
        verify_url=verify_url,
        anchor=office.signature_anchor,
        attachments=_attachments(study, kind),
    )
    signer = (signer_for(study, rule.signer, on_behalf=rule.on_behalf) if rule
              else signer_for(study, kind.signer, note=fan["note"], traveller=fan["traveller"]))
    countersigner_role, countersigner_caption = kind.countersigner, "Mengetahui,"
    if countersigner_role == "chair":
        countersigner_role, countersigner_caption = _minutes_countersigner(study, fan["note"])
    countersigner = signer_for(study, countersigner_role, note=fan["note"],
                               traveller=fan["traveller"])
    refs = references(study, kind.id, item, register)
    spj = None
    if kind.id in SPJ_KINDS:
        spj = spj_facts(study, kind.id, fan["traveller"], refs,
                        rule.signer if rule else kind.signer, kind.countersigner,
                        signer.jabatan if signer else "",
                        countersigner.jabatan if countersigner else "")
    return {
        "study": study,
        "doc": doc,
        "signer": signer,
        "countersigner": countersigner,
        "countersigner_caption": countersigner_caption,
        "payee": (signature(fan["traveller"], nip_label=office.nip_label)
                  if fan["traveller"] is not None else None),
        "recipient": fan["recipient"],
        "traveller": fan["traveller"],
        "note": fan["note"],
        "event": event,
        "invitee": as_invitee(fan["invitee"]),
        "team": study.plan.members_ordered,
        "budget": (realised_summary(study)
                   if kind.id == "final_report" and study.realisation.entered
                   else budget_summary(study.plan.budget)),
        "destinations": ", ".join(d.institution for d in study.destination.destinations),
        "activity": activity(study.goals.title, study.destination.destinations),
        "visit": visit_days(study, item if kind.fan_out == "destination" and item else 0),
        "photos": [],
        "photo_rows": [],
        "refs": refs,
        "spj": spj,
        "arrivals": arrivals(study),
        "follow_up": sorted(study.evaluation.follow_up,
                            key=lambda t: (t.due_date is None, t.due_date or date.min)),
        "report": report_facts(study) if kind.id == "final_report" else None,
        "progress": (progress_facts(study, when, *period)
                     if kind.id == "laporan_tindak_lanjut" else None),
    }


def _fan_out(study: Study, kind: Kind, item: int | None) -> dict[str, Any]:
    """The object one fanned-out document is about (and sensible defaults for the rest)."""
    destinations = study.destination.destinations
    events = study.reporting.dissemination
    fan: dict[str, Any] = {
        "recipient": destinations[0] if destinations else None,
        "traveller": None, "note": None, "invitee": None,
        "event": events[0] if events else None,
    }
    if item is None:
        return fan
    if kind.fan_out == "destination":
        fan["recipient"] = destinations[item]
    elif kind.fan_out == "traveller":
        fan["traveller"] = study.plan.members_ordered[item]
    elif kind.fan_out == "note":
        fan["note"] = study.execution.notes[item]
    elif kind.fan_out == "invitee":
        if study.office.invitation_mode == "distribution_list":
            fan["event"] = events[item]
        else:
            fan["event"], fan["invitee"] = invitation_pairs(study)[item]
    return fan


def _minutes_countersigner(study: Study, note: VisitNote | None) -> tuple[str, str]:
    """Who signs the minutes beside the note-taker: the meeting's chair when an official
    chaired it at home (with a NIP); abroad, or when the host chaired it without a NIP,
    the team leader ("Mengetahui," Ketua Tim), the chair named in the text only."""
    chair_signs = note is not None and bool(note.chair_nip) and not study.goals.abroad
    if chair_signs or (note is not None and not (note.chair or note.chair_name)):
        return "chair", "Pimpinan Pertemuan,"
    return "leader", "Mengetahui,"


def arrivals(study: Study) -> list[date | None]:
    """The day the team arrives at each destination (SPD back, boxes II to V): the first
    day of the agenda spent there (not a journey, its place or activity naming the city),
    for the first destination the first agenda day after the journey; never after its
    visit date. An overnight flight arrives the next day, as the agenda has it."""
    agenda = sorted((a for a in study.plan.agenda if a.date is not None),
                    key=lambda a: a.date)
    stays = [a for a in agenda if not a.activity.lower().startswith("perjalanan")]
    out: list[date | None] = []
    for i, dest in enumerate(study.destination.destinations):
        names = [n.lower() for n in (dest.city, dest.institution) if n]
        found = next((a.date for a in stays if any(
            n in f"{a.place} {a.activity}".lower() for n in names)), None)
        if found is None and i == 0 and stays:
            found = stays[0].date
        when = dest.visit_date or (study.plan.start_date if i == 0 else None)
        if found is not None and (when is None or found <= when):
            when = found
        out.append(when)
    return out


def _default_date(study: Study, kind: Kind, fan: dict[str, Any],
                  register: Register | None = None) -> date:
    """A draft's date: its own where the study sets one (report, visit note), else the
    office's today (in its time zone), but never before what it cites or, for a paper made
    after the trip, before the trip ends (:func:`docgen.references.date_floor`)."""
    if kind.id in ("final_report", "report_letter") and study.reporting.report_date:
        return study.reporting.report_date
    if kind.id == "notulen" and fan["note"] is not None and fan["note"].date:
        return fan["note"].date
    if kind.id == "coordination_letter" and study.coordination.request_date:
        return study.coordination.request_date
    today = officetime.office_today(study.office)
    floor = date_floor(study, kind.id, register)
    return max(today, floor) if floor else today
