"""What each traveller spent, entered after the trip: the realisation behind the SPJ papers.

``study.realisation.travellers`` holds one :class:`TravellerCosts` per member of
``plan.team`` (``traveller`` is the member's index, from 0), with the advance paid before
the trip (uang muka / panjar) and one :class:`RealisationLine` per cost: uang harian
(days × rate), penginapan (nights × rate at the hotel, or the lump sum when no hotel
receipt exists), transport (tickets, taxi, local transport, vehicle hire), uang
representasi (eselon II and above) and lain-lain (visa, insurance …). Each line carries its
evidence (uploaded receipts, boarding passes, invoices) or is marked ``pengeluaran_riil``
with its statement, for the Daftar Pengeluaran Riil.

**Money.** A line is ``quantity × unit_price`` in its ``currency``; a foreign line also has
the ``exchange_rate`` (rupiah per unit) and ``exchange_date`` it was converted at. The
rupiah amount of a line is computed once, on the line's whole amount:

* a rupiah line: quantity × unit price, rounded half up to the sen (as a budget line);
* a foreign line: quantity × unit price × kurs, rounded half up to the **whole rupiah**
  (what the treasurer pays), never a converted unit price times the quantity.

A stated ``amount`` is kept as typed and must agree with that computation within Rp1.

**Lodging without a hotel receipt** (``lump_sum``): PMK 113/PMK.05/2012 Pasal 8 ayat (4)
and (5), with Perdirjen Perbendaharaan PER-22/PB/2013 Pasal 13 ayat (2), give 30% of the
lodging rate of the destination for the traveller's tier, paid as a lump sum;
:func:`docgen.realisation_checks.lump_sum_rate` computes it from the cap in force (rounded
half up to the whole rupiah) and the checks refuse a higher rate.

**One source of numbers.** When any line is entered, the realisation lines are the figures
the papers and the final report print: :func:`realisation_by_component` and
:func:`traveller_totals`. ``plan.budget[*].realized`` stays a summary per budget line; the
checks compare it with the lines per component (``realisation_budget_mismatch``), and the
lines win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from docgen import idformat
from docgen.study_fields import (
    MONEY_MAX,
    MONEY_PLACES,
    PRICE_PLACES,
    TOTAL_MAX,
    F,
    Model,
    OptDate,
    Text,
    Volume,
    _limit_text,
    _money,
    _money_json,
    bounded,
)
from docgen.study_labels import label

if TYPE_CHECKING:
    from docgen.study import Study
    from docgen.study_people import TeamMember

REALISATION_COMPONENTS = {
    "uang_harian": ("Uang Harian", "Daily allowance"),
    "penginapan": ("Biaya Penginapan", "Lodging"),
    "transport": ("Biaya Transport", "Transport"),
    "representasi": ("Uang Representasi", "Representation allowance"),
    "lain_lain": ("Lain-lain", "Other"),
}
RealisationComponent = Literal["uang_harian", "penginapan", "transport", "representasi",
                               "lain_lain"]
BUDGET_TO_REALISATION: dict[str, str] = {
    "uang_harian": "uang_harian",
    "penginapan": "penginapan",
    "tiket": "transport",
    "transport_lokal": "transport",
    "sewa_kendaraan": "transport",
    "uang_representasi": "representasi",
    "paket_meeting": "lain_lain",
    "paspor_visa": "lain_lain",
    "asuransi": "lain_lain",
    "lain_lain": "lain_lain",
}
"""The realisation component each budget (RAB) component is spent under."""
EVIDENCE_KINDS = {
    "kuitansi": ("Kuitansi/nota", "Receipt"),
    "tiket": ("Tiket", "Ticket"),
    "boarding_pass": ("Boarding pass", "Boarding pass"),
    "invoice": ("Tagihan hotel (invoice)", "Hotel invoice"),
    "lainnya": ("Bukti lain", "Other evidence"),
}
NEEDS_EVIDENCE = frozenset({"penginapan", "transport", "lain_lain"})
"""Components paid at cost (biaya riil): each line needs a receipt or a pengeluaran riil
statement. Uang harian and uang representasi are lump sums."""
LUMP_SUM_SHARE = Decimal("0.30")
LUMP_SUM_BASIS = ("PMK 113/PMK.05/2012 Pasal 8 ayat (4) dan (5); Perdirjen Perbendaharaan "
                  "PER-22/PB/2013 Pasal 13 ayat (2)")
"""The 30% lodging lump sum when no hotel receipt exists."""
MAX_LINES_PER_TRAVELLER = 200
MAX_TRAVELLERS = 100
MAX_EVIDENCE = 10
RATE_MAX = Decimal(1_000_000)
"""The largest exchange rate (rupiah per unit of a currency)."""
RATE_PLACES = 4
_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}")
CENT = Decimal("0.01")
RUPIAH = Decimal(1)
TOLERANCE = Decimal(1)

OptPrice = Annotated[Decimal | None, BeforeValidator(_money), bounded(MONEY_MAX, PRICE_PLACES),
                     PlainSerializer(_money_json, when_used="json")]
OptRate = Annotated[Decimal | None, BeforeValidator(_money), bounded(RATE_MAX, RATE_PLACES),
                    PlainSerializer(_money_json, when_used="json")]
OptAmount = Annotated[Decimal | None, BeforeValidator(_money), bounded(MONEY_MAX, MONEY_PLACES),
                      PlainSerializer(_money_json, when_used="json")]


def _currency(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "IDR"
    text = str(value).strip().upper()
    return "IDR" if text in ("RP", "RP.", "RUPIAH") else text


def to_rupiah(value: Decimal, places: Decimal = CENT) -> Decimal:
    """`value` rounded half up (to the sen, or to the whole rupiah with ``RUPIAH``)."""
    return value.quantize(places, ROUND_HALF_UP)


class Receipt(Model):
    """A stored upload backing a line: a receipt, ticket, boarding pass or hotel invoice
    (PDF, JPEG or PNG, checked by content when uploaded)."""

    file: Text = F("Berkas", "File", "", description="Kunci penyimpanan berkas unggahan")
    name: Text = F("Nama berkas", "File name", "")
    kind: Literal["kuitansi", "tiket", "boarding_pass", "invoice", "lainnya"] = F(
        "Jenis bukti", "Kind of evidence", "kuitansi")

    @field_validator("file")
    @classmethod
    def _key(cls, value: str) -> str:
        if value and not _KEY.fullmatch(value):
            raise PydanticCustomError("storage_key", "not a storage key of an uploaded file")
        return value

    @property
    def kind_label(self) -> str:
        return label(EVIDENCE_KINDS, self.kind)


class RealisationLine(Model):
    """One cost of one traveller, as spent."""

    component: RealisationComponent = F("Komponen", "Component", "lain_lain")
    description: Text = F("Uraian", "Description", "",
                          description="Contoh: Tiket pesawat Yogyakarta – Surabaya PP")
    quantity: Volume = F("Banyaknya", "Quantity", Decimal(1), gt=0,
                         description="Hari, malam, kali atau lembar")
    unit: Text = F("Satuan", "Unit", "", description="Contoh: hari, malam, kali")
    currency: Annotated[str, BeforeValidator(_currency)] = F(
        "Mata uang", "Currency", "IDR", pattern=r"^[A-Z]{3}$",
        description="IDR, atau USD, KRW … untuk biaya di luar negeri")
    unit_price: OptPrice = F("Tarif", "Rate", None, ge=0,
                             description="Per hari, per malam atau per kali, dalam mata uang "
                                         "di atas")
    exchange_rate: OptRate = F("Kurs (Rp)", "Exchange rate (Rp)", None, gt=0,
                               validate_default=True,
                               description="Rupiah per satu satuan mata uang asing")
    exchange_date: OptDate = F("Tanggal kurs", "Date of the rate", None, validate_default=True)
    amount: OptAmount = F("Jumlah (Rp)", "Amount (Rp)", None, ge=0,
                          description="Kosong: banyaknya × tarif × kurs")
    lump_sum: bool = F("Tanpa bukti hotel (30% tarif, lumsum)", "No hotel receipt (30% lump sum)",
                       False, description="Hanya untuk penginapan: 30% tarif hotel tingkatnya")
    pengeluaran_riil: bool = F("Pengeluaran riil (tanpa bukti)", "Actual cost without receipt",
                               False)
    riil_statement: Text = F("Keterangan pengeluaran riil", "Statement of the actual cost", "",
                             description="Contoh: Taksi dari rumah ke bandara, tanpa kuitansi")
    evidence: list[Receipt] = F("Bukti", "Evidence", default_factory=list,
                                max_length=MAX_EVIDENCE,
                                description="Kuitansi, tiket, boarding pass, tagihan hotel")
    note: Text = F("Keterangan", "Note", "")

    @field_validator("exchange_rate")
    @classmethod
    def _rate_for_foreign(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        currency = info.data.get("currency")
        if currency == "IDR" and value is not None and value != 1:
            raise PydanticCustomError("rate_for_rupiah",
                                      "a rupiah line has no exchange rate")
        if currency not in (None, "IDR") and value is None:
            raise PydanticCustomError("rate_missing",
                                      "a line in {currency} needs the exchange rate",
                                      {"currency": currency})
        quantity, price = info.data.get("quantity"), info.data.get("unit_price")
        if isinstance(quantity, Decimal) and isinstance(price, Decimal):
            total = quantity * price * (value or 1)
            if total > MONEY_MAX:
                raise PydanticCustomError(
                    "line_too_large", "quantity × rate = {total} is more than {limit}",
                    {"total": _limit_text(total), "limit": _limit_text(MONEY_MAX)})
        return value

    @field_validator("exchange_date")
    @classmethod
    def _date_for_foreign(cls, value: date | None, info: ValidationInfo) -> date | None:
        currency = info.data.get("currency")
        if currency not in (None, "IDR") and value is None:
            raise PydanticCustomError("rate_date_missing",
                                      "the date of the {currency} rate is needed",
                                      {"currency": currency})
        return value

    @property
    def foreign(self) -> bool:
        """True for a line in a currency other than the rupiah."""
        return self.currency != "IDR"

    @property
    def computed(self) -> Decimal | None:
        """Quantity × rate (× kurs) in rupiah, rounded once (sen; whole rupiah if converted).

        ``None`` without a rate."""
        if self.unit_price is None:
            return None
        if self.foreign:
            if self.exchange_rate is None:
                return None
            return to_rupiah(self.quantity * self.unit_price * self.exchange_rate, RUPIAH)
        return to_rupiah(self.quantity * self.unit_price)

    @property
    def total(self) -> Decimal:
        """The line's rupiah amount: as stated, else computed (0 when neither is known)."""
        if self.amount is not None:
            return self.amount
        return self.computed or Decimal(0)

    @property
    def foreign_total(self) -> Decimal | None:
        """Quantity × rate in the line's currency (``None`` for a rupiah line)."""
        if not self.foreign or self.unit_price is None:
            return None
        return self.quantity * self.unit_price

    @property
    def component_label(self) -> str:
        """"Uang Harian", "Biaya Penginapan", "Biaya Transport" …"""
        return label(REALISATION_COMPONENTS, self.component)

    @property
    def needs_evidence(self) -> bool:
        """Paid at cost and not the lodging lump sum: a receipt or a riil statement."""
        return self.component in NEEDS_EVIDENCE and not (
            self.component == "penginapan" and self.lump_sum)

    @property
    def rate_text(self) -> str:
        """``3 hari × Rp410.000`` or ``5 hari × USD 343 × Rp16.000 (kurs 5 Maret 2027)``."""
        if self.unit_price is None:
            return ""
        qty = idformat.angka(self.quantity.normalize() if self.quantity ==
                             self.quantity.to_integral() else self.quantity, None)
        head = f"{qty} {self.unit}".strip()
        if not self.foreign:
            return f"{head} × {_rp(self.unit_price)}"
        rate = _rp(self.exchange_rate) if self.exchange_rate is not None else "-"
        when = f" (kurs {idformat.tanggal(self.exchange_date)})" if self.exchange_date else ""
        return (f"{head} × {self.currency} {idformat.angka(self.unit_price, None)} × "
                f"{rate}{when}")


def _rp(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return idformat.rupiah(value, decimals=value != value.to_integral())


class TravellerCosts(Model):
    """What one traveller spent, and the advance paid to them before the trip."""

    traveller: int = F("Pelaksana (nomor urut dalam tim)", "Traveller (index in the team)", 0,
                       ge=0, le=MAX_TRAVELLERS - 1,
                       description="Nomor urut anggota tim, mulai dari 0")
    advance: OptAmount = F("Uang muka (panjar) yang diterima (Rp)", "Advance paid (Rp)", None,
                           ge=0)
    advance_date: OptDate = F("Tanggal uang muka", "Date of the advance", None)
    lines: list[RealisationLine] = F("Rincian biaya", "Cost lines", default_factory=list,
                                     max_length=MAX_LINES_PER_TRAVELLER)

    @field_validator("lines")
    @classmethod
    def _total_within_bounds(cls, lines: list[RealisationLine]) -> list[RealisationLine]:
        total = sum((line.total for line in lines), Decimal(0))
        if total > TOTAL_MAX:
            raise PydanticCustomError(
                "total_too_large", "the total {total} is more than {limit}",
                {"total": _limit_text(total), "limit": _limit_text(TOTAL_MAX)})
        return lines

    @property
    def total(self) -> Decimal:
        """What the traveller spent, in rupiah."""
        return sum((line.total for line in self.lines), Decimal(0))

    @property
    def balance(self) -> Decimal | None:
        """Advance minus spent: above 0 sisa lebih (paid back), below 0 kurang bayar.

        A sisa lebih is paid back to the kas; a kurang bayar is still owed to the traveller;
        ``None`` without an advance."""
        return None if self.advance is None else self.advance - self.total

    def by_component(self) -> dict[str, Decimal]:
        sums = {code: Decimal(0) for code in REALISATION_COMPONENTS}
        for line in self.lines:
            sums[line.component] += line.total
        return sums


class Realisation(Model):
    """The costs per traveller, entered after the trip (Perhitungan SPD Rampung)."""

    travellers: list[TravellerCosts] = F("Realisasi per pelaksana", "Spent per traveller",
                                         default_factory=list, max_length=MAX_TRAVELLERS)

    @property
    def entered(self) -> bool:
        """True once any line is entered."""
        return any(t.lines for t in self.travellers)

    @property
    def total(self) -> Decimal:
        """What all travellers spent, in rupiah."""
        return sum((t.total for t in self.travellers), Decimal(0))

    def of(self, index: int) -> TravellerCosts | None:
        """The costs of team member `index` (the first entry for them)."""
        return next((t for t in self.travellers if t.traveller == index), None)


# --------------------------------------------------------------------------- totals


@dataclass
class TravellerSummary:
    """One traveller's realisation as the papers print it."""

    index: int
    member: TeamMember | None
    costs: TravellerCosts
    by_component: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.costs.total

    @property
    def advance(self) -> Decimal | None:
        return self.costs.advance

    @property
    def balance(self) -> Decimal | None:
        return self.costs.balance

    @property
    def sisa_lebih(self) -> Decimal:
        """What the traveller pays back (advance above what was spent)."""
        balance = self.balance
        return balance if balance is not None and balance > 0 else Decimal(0)

    @property
    def kurang_bayar(self) -> Decimal:
        """What is still owed to the traveller (spent above the advance)."""
        balance = self.balance
        return -balance if balance is not None and balance < 0 else Decimal(0)

    @property
    def name(self) -> str:
        return self.member.full_name if self.member else f"#{self.index + 1}"


def traveller_totals(study: Study) -> list[TravellerSummary]:
    """Per traveller with costs entered, in the order of the team: lines, total per
    component, advance and balance."""
    team = study.plan.team
    entries = sorted(study.realisation.travellers, key=lambda t: t.traveller)
    return [TravellerSummary(t.traveller, team[t.traveller] if t.traveller < len(team) else None,
                             t, t.by_component()) for t in entries]


def realisation_by_component(study: Study) -> dict[str, Decimal]:
    """The rupiah spent per realisation component over all travellers (every component,
    0 when nothing was spent on it), in the order of :data:`REALISATION_COMPONENTS`."""
    sums = {code: Decimal(0) for code in REALISATION_COMPONENTS}
    for entry in study.realisation.travellers:
        for code, value in entry.by_component().items():
            sums[code] += value
    return sums


def budget_by_component(study: Study) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The plan's budget and its ``realized`` amounts summed per realisation component."""
    planned = {code: Decimal(0) for code in REALISATION_COMPONENTS}
    realized = {code: Decimal(0) for code in REALISATION_COMPONENTS}
    for line in study.plan.budget:
        code = BUDGET_TO_REALISATION[line.component]
        planned[code] += line.total
        if line.realized is not None:
            realized[code] += line.realized
    return planned, realized


def advance_total(study: Study) -> Decimal:
    return sum((t.advance or Decimal(0) for t in study.realisation.travellers), Decimal(0))


__all__ = [
    "BUDGET_TO_REALISATION", "EVIDENCE_KINDS", "LUMP_SUM_BASIS", "LUMP_SUM_SHARE",
    "REALISATION_COMPONENTS", "Realisation", "RealisationLine", "Receipt", "TravellerCosts",
    "TravellerSummary", "advance_total", "budget_by_component", "realisation_by_component",
    "to_rupiah", "traveller_totals",
]
