"""What the SPJ papers print (``spj`` in a template): the rincian biaya, the daftar
pengeluaran riil, the kuitansi, the daftar nominatif and a traveller's laporan perjalanan.

Every figure is read from the study's realisation lines (:mod:`docgen.realisation`): a
traveller's rincian and kuitansi from :func:`docgen.realisation.traveller_totals`, the
nominatif's columns from the same totals per component, so the papers, the nominatif and
the final report (``budget`` on the report, :func:`docgen.context.realised_summary`)
agree to the rupiah.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from docgen import idformat
from docgen.realisation import (
    REALISATION_COMPONENTS,
    RealisationLine,
    TravellerSummary,
    traveller_totals,
)
from docgen.references import DOTS, References
from docgen.study import Study, TeamMember

SPJ_KINDS = ("rincian_biaya", "pengeluaran_riil", "kuitansi", "daftar_nominatif",
             "laporan_perjalanan")
"""The kinds that see ``spj``."""

TITLES = {
    "head": "Pengguna Anggaran",
    "ppk": "Pejabat Pembuat Komitmen",
    "bendahara": "Bendahara Pengeluaran",
    "traveller": "Pelaksana SPD",
}
"""How an SPJ paper names the role of each signer above the name."""


@dataclass(frozen=True)
class SpjLine:
    """One cost of the traveller as the rincian prints it."""

    perincian: str
    """``Uang Harian (3 hari × Rp410.000)``: what, and quantity × rate where known."""
    amount: Decimal
    """The rupiah amount of the line."""
    note: str
    """Keterangan: the evidence, ``Pengeluaran riil`` or ``Lumsum 30%``, and the line's note."""
    riil: bool
    """True for a cost without a receipt (listed on the daftar pengeluaran riil)."""


@dataclass(frozen=True)
class NominatifRow:
    """One traveller on the daftar nominatif."""

    name: str
    nip: str
    """``NIP 19700512 199603 1 004`` or empty."""
    tier: str
    """Golongan and eselon: ``IV/b / Eselon III``, or ``-``."""
    days: str
    """Days of uang harian (or of the trip)."""
    amounts: list[Decimal]
    """One amount per column of ``spj.nominatif.columns``."""
    total: Decimal


@dataclass(frozen=True)
class Nominatif:
    """The daftar nominatif: a row per traveller, a column per component spent."""

    columns: list[str]
    """The components spent on, in the order of the realisation's components."""
    rows: list[NominatifRow]
    """A traveller each, the ketua first."""
    totals: list[Decimal]
    """Per column, over all travellers."""
    grand_total: Decimal
    """The sum of every traveller's total."""
    col_tw: int
    """Width of one component column in twips (the columns share what the page leaves)."""


@dataclass(frozen=True)
class SpjFacts:
    """The SPJ figures and texts of one paper (``spj``)."""

    lines: list[SpjLine] = field(default_factory=list)
    """This traveller's costs, in the order entered."""
    total: Decimal = Decimal(0)
    """Ditetapkan sejumlah: the sum of the lines."""
    advance: Decimal = Decimal(0)
    """Yang telah dibayar semula: the advance (uang muka), 0 when none was paid."""
    balance_text: str = ""
    """Sisa kurang/lebih as the perhitungan SPD rampung prints it."""
    riil: list[SpjLine] = field(default_factory=list)
    """The costs without a receipt (daftar pengeluaran riil)."""
    riil_total: Decimal = Decimal(0)
    """The sum of those costs."""
    spd_number: str = DOTS
    """This traveller's SPD number once issued, else dotted blanks."""
    spd_date: str = DOTS
    """This traveller's SPD date once issued (``1 Desember 2026``), else dotted blanks."""
    payer: str = ""
    """Kuitansi "Sudah terima dari" (``office.kuitansi_from``)."""
    purpose: str = ""
    """Kuitansi "Untuk pembayaran"."""
    account: str = ""
    """Kode rekening and its name."""
    places: str = ""
    """The destinations' cities."""
    treasury: str = "Kas Daerah"
    """Where an excess is paid back."""
    signer_title: str = ""
    """The signer's role above the name: ``Pejabat Pembuat Komitmen``."""
    countersigner_title: str = ""
    """The countersigner's role: ``Bendahara Pengeluaran``."""
    report_basis: list[str] = field(default_factory=list)
    """Laporan perjalanan, "Dasar": the SPT and this traveller's SPD."""
    stamp_duty: bool = False
    """True when the kuitansi needs a Rp10.000 meterai: a receipt of more than Rp5.000.000
    (UU 10/2020, Pasal 3 ayat (2) huruf g)."""
    nominatif: Nominatif | None = None
    """The daftar nominatif (on that paper only)."""
    dots: str = DOTS
    """Dotted blanks for what is written by hand (the kuitansi's Nomor Bukti)."""


def team_index(study: Study, member: TeamMember) -> int:
    """The index in ``plan.team`` of a member (the realisation's ``traveller``)."""
    return next(i for i, m in enumerate(study.plan.team) if m is member)


def summary_of(study: Study, member: TeamMember) -> TravellerSummary | None:
    index = team_index(study, member)
    return next((s for s in traveller_totals(study) if s.index == index), None)


def has_costs(study: Study, member: TeamMember) -> bool:
    """True when the member's costs are entered (a rincian biaya and a kuitansi)."""
    summary = summary_of(study, member)
    return summary is not None and bool(summary.costs.lines)


def has_riil(study: Study, member: TeamMember) -> bool:
    """True when the member has a cost without a receipt (a daftar pengeluaran riil)."""
    summary = summary_of(study, member)
    return summary is not None and any(line.pengeluaran_riil for line in summary.costs.lines)


def _line(line: RealisationLine) -> SpjLine:
    what = line.description or line.component_label
    rate = line.rate_text
    notes = []
    if line.pengeluaran_riil:
        notes.append("Pengeluaran riil")
    elif line.component == "penginapan" and line.lump_sum:
        notes.append("Lumsum 30%")
    elif line.evidence:
        notes.append(", ".join(dict.fromkeys(e.kind_label for e in line.evidence)))
    if line.note:
        notes.append(line.note)
    return SpjLine(perincian=f"{what} ({rate})" if rate else what, amount=line.total,
                   note="; ".join(notes), riil=line.pengeluaran_riil)


def _riil_line(line: RealisationLine) -> SpjLine:
    base = _line(line)
    text = line.riil_statement or base.perincian
    return SpjLine(perincian=text, amount=base.amount, note=base.note, riil=True)


def _balance_text(total: Decimal, advance: Decimal) -> str:
    diff = total - advance
    if diff > 0:
        return f"{idformat.rupiah(diff)} (kurang, dibayarkan kepada pelaksana)"
    if diff < 0:
        return f"{idformat.rupiah(-diff)} (lebih, disetor kembali ke Kas Daerah)"
    return "Nihil"


def _tier(member: TeamMember) -> str:
    parts = [member.golongan or "", f"Eselon {member.eselon}" if member.eselon else ""]
    return " / ".join(p for p in parts if p) or "-"


STAMP_DUTY_ABOVE = Decimal(5_000_000)
"""A receipt above this amount bears a meterai (UU 10/2020 Pasal 3 ayat (2) huruf g)."""

NOMINATIF_SPACE = 11.6
"""cm left for the component columns on a landscape A4 page (docgen's template)."""


def nominatif(study: Study) -> Nominatif:
    """Every traveller with costs, in team order (the ketua first), and every component
    spent on as a column."""
    summaries = {s.index: s for s in traveller_totals(study)}
    codes = [c for c in REALISATION_COMPONENTS
             if any(s.by_component.get(c) for s in summaries.values())]
    rows = []
    for member in study.plan.members_ordered:
        summary = summaries.get(team_index(study, member))
        if summary is None or not summary.costs.lines:
            continue
        days = sum((ln.quantity for ln in summary.costs.lines if ln.component == "uang_harian"),
                   Decimal(0))
        shown = days if days else Decimal(study.plan.duration_days)
        rows.append(NominatifRow(
            name=member.full_name,
            nip=f"{study.office.nip_label} {member.nip_formatted}" if member.nip else "",
            tier=_tier(member), days=idformat.angka(shown.normalize(), None),
            amounts=[summary.by_component[c] for c in codes], total=summary.total))
    totals = [sum((r.amounts[i] for r in rows), Decimal(0)) for i in range(len(codes))]
    width = round(NOMINATIF_SPACE * 567 / max(len(codes), 1))
    return Nominatif(columns=[REALISATION_COMPONENTS[c][0] for c in codes], rows=rows,
                     totals=totals, grand_total=sum((r.total for r in rows), Decimal(0)),
                     col_tw=width)


def _title(study: Study, role: str | None, fallback: str) -> str:
    if role is None:
        return fallback
    return TITLES.get(role, fallback)


def spj_facts(study: Study, kind_id: str, traveller: TeamMember | None, refs: References,
              signer_role: str | None, countersigner_role: str | None,
              signer_jabatan: str = "", countersigner_jabatan: str = "") -> SpjFacts:
    """The ``spj`` of one SPJ paper (of `traveller`, or of the whole study)."""
    office, plan = study.office, study.plan
    spd = refs.spd
    places = ", ".join(dict.fromkeys(d.city for d in study.destination.destinations if d.city))
    funding = plan.funding
    account = " ".join(p for p in (funding.account_code,
                                   f"({funding.account_name})" if funding.account_name else "")
                       if p)
    common = dict(
        spd_number=spd.number if spd and spd.number else DOTS,
        spd_date=idformat.tanggal(spd.date) if spd and spd.date else DOTS,
        account=account or DOTS, places=places,
        signer_title=_title(study, signer_role, signer_jabatan),
        countersigner_title=_title(study, countersigner_role, countersigner_jabatan),
    )
    if kind_id == "daftar_nominatif" or traveller is None:
        return SpjFacts(nominatif=nominatif(study), **common)
    summary = summary_of(study, traveller)
    lines = list(summary.costs.lines) if summary else []
    total = summary.total if summary else Decimal(0)
    advance = (summary.advance or Decimal(0)) if summary else Decimal(0)
    riil = [_riil_line(line) for line in lines if line.pengeluaran_riil]
    payer = ("Pengguna Anggaran" if office.kuitansi_from == "pa_kpa"
             else "Bendahara Pengeluaran")
    spt = refs.spt
    spt_text = (f"SPT Nomor {spt.number} tanggal {idformat.tanggal(spt.date)}"
                if spt and spt.number and spt.date else f"SPT Nomor {DOTS} tanggal {DOTS}")
    spd_text = f"SPD Nomor {common['spd_number']} tanggal {common['spd_date']}"
    when = (idformat.rentang_tanggal(plan.start_date, plan.end_date)
            if plan.start_date else DOTS)
    purpose = (f"Biaya perjalanan dinas a.n. {traveller.full_name} dalam rangka "
               f"{study.goals.title} ke {places or DOTS} selama "
               f"{idformat.durasi(plan.duration_days)}, tanggal {when}, berdasarkan "
               f"{spt_text} dan {spd_text}")
    spt_cite = spt.cite if spt else refs.travel[0] if refs.travel else ""
    spd_cite = f"Surat Perjalanan Dinas {spd_text[4:]}"
    return SpjFacts(
        lines=[_line(line) for line in lines], total=total, advance=advance,
        balance_text=_balance_text(total, advance), riil=riil,
        riil_total=sum((r.amount for r in riil), Decimal(0)),
        payer=f"{payer} {office.instansi}".strip(), purpose=purpose,
        stamp_duty=total > STAMP_DUTY_ABOVE,
        report_basis=[p for p in (spt_cite, spd_cite) if p], **common)
