"""A budget as read from a workbook: its lines, its declared totals, and what was found wrong.

Every line remembers the sheet and the cells it came from, so that each message can name
``RAB!F12``. A budget without errors becomes the study's ``plan.budget``
(:func:`attach_budget`); warnings are kept with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cached_property
from typing import Any

from docgen import idformat
from docgen.budget import vocab
from docgen.budget.caps import CapSet
from docgen.budget.values import norm
from docgen.messages import Problem
from docgen.study import COMPONENTS, PRICE_PLACES, BudgetLine, Study, TeamMember

CENT = Decimal("0.01")
TOLERANCE = Decimal(1)
"""Largest difference (in rupiah) accepted between a stated and a computed amount."""

DEFAULT_TITLES: dict[str, str] = {
    "no": "No", "component": "Komponen", "description": "Uraian", "volume": "Volume",
    "unit": "Satuan", "unit_price": "Harga Satuan", "unit_price_foreign": "Harga Satuan",
    "amount": "Jumlah", "account": "Kode Rekening", "note": "Keterangan",
    "currency": "Mata Uang", "rate": "Kurs", "total": "Jumlah",
}


def field_params(role: str, titles: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``field`` parameter of a message about column ``role``: the column's label as
    written in the sheet (``Harga Satuan (Rp)``), so the user finds it at once."""
    title = (titles or {}).get(role) or DEFAULT_TITLES.get(role) or role.split(":")[-1]
    return {"field": title}


_WIDE = Context(prec=100)


def money(value: Decimal) -> Decimal:
    """`value` rounded half up to the sen (wide enough never to fail on a large product;
    the size of what is kept is bounded by the reader)."""
    return value.quantize(CENT, ROUND_HALF_UP, context=_WIDE)


def _places(value: Decimal | None, places: int) -> Decimal | None:
    """`value` rounded half up to `places` decimals when it has more (a price at the kurs,
    a Jumlah computed to a fraction of a sen); otherwise as written."""
    if value is None:
        return None
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, context=_WIDE)
    return value if rounded == value else rounded


@dataclass
class ParsedLine:
    """One budget line as read, amounts in rupiah.

    ``declared`` is the Jumlah cell as read (converted to rupiah when it was in the line's
    foreign currency); ``None`` when the cell was empty or a formula without a saved result.
    A value that could not be read is ``None`` and has its problem in the budget.
    """

    sheet: str
    row: int
    cells: Mapping[str, str]
    """Column letter of each role read: ``{"amount": "F", ...}``."""
    titles: Mapping[str, str]
    """Header label of each role, as written in the sheet."""
    component: str
    description: str
    volume: Decimal | None
    unit: str
    unit_price: Decimal | None
    declared: Decimal | None
    account_code: str = ""
    note: str = ""
    currency: str = "IDR"
    foreign_price: Decimal | None = None
    rate: Decimal | None = None
    rate_source: str = ""
    section: str = ""
    person: str = ""
    """The traveller the line is for (a name column, or the traveller's row above it)."""
    nip: str = ""
    level: str = ""
    flags: set[str] = field(default_factory=set)
    """``formula_no_value``, ``merged``, ``unreadable`` … set by the reader."""

    @cached_property
    def place_text(self) -> str:
        """Description and note, normalised, where a province or country is named."""
        return norm(f"{self.description} {self.note}")

    @cached_property
    def named_province(self) -> str | None:
        """The province named in the description or note, if any."""
        return vocab.find_province(self.place_text)

    @cached_property
    def named_country(self) -> str | None:
        return vocab.find_country(self.place_text)

    @cached_property
    def who_text(self) -> str:
        """Person, level, description and note, normalised, where a traveller is named."""
        if not (self.person or self.level):
            return self.place_text
        return norm(" ".join((self.person, self.level, self.description, self.note)))

    @property
    def traveller(self) -> str:
        """``Budi Santoso (NIP 198001012005011001)``, or ``""`` for a line of nobody."""
        if self.nip and self.person:
            return f"{self.person} (NIP {self.nip})"
        return self.person or (f"NIP {self.nip}" if self.nip else "")

    def field(self, role: str) -> dict[str, str]:
        return field_params(role, self.titles)

    def ref(self, role: str) -> str:
        """``RAB!F12`` for the cell of ``role`` in this line (the row when there is none)."""
        column = self.cells.get(role)
        return f"{self.sheet}!{column}{self.row}" if column else f"{self.sheet}!{self.row}:{self.row}"

    @property
    def source_ref(self) -> str:
        """The cell the line's amount was read from: its Jumlah cell, else the description
        that holds ``3 hr x Rp 420.000``."""
        return self.ref("amount" if "amount" in self.cells else "description")

    @property
    def computed(self) -> Decimal | None:
        """Volume × unit price in rupiah, to the cent; ``None`` when either is unknown."""
        if self.volume is None or self.unit_price is None:
            return None
        return money(self.volume * self.unit_price)

    @property
    def amount(self) -> Decimal | None:
        """The line's amount: the Jumlah as read, or volume × price when there is none."""
        return self.declared if self.declared is not None else self.computed

    @property
    def usable(self) -> bool:
        return "unreadable" not in self.flags and self.amount is not None

    @property
    def foreign_note(self) -> str:
        """``USD 583 × Rp16.250`` for a line priced in a foreign currency."""
        if self.foreign_price is None or self.rate is None:
            return ""
        return (f"{self.currency} {idformat.angka(self.foreign_price, None)} × "
                f"{idformat.rupiah(self.rate, decimals=False)}")

    def to_budget_line(self) -> BudgetLine:
        """The study's budget line (amount as stated in the workbook, to the sen; the unit
        price to at most :data:`docgen.study.PRICE_PLACES` decimals)."""
        note = "; ".join(p for p in (self.traveller, self.note, self.foreign_note) if p)
        return BudgetLine(component=self.component, description=self.description,
                          volume=self.volume, unit=self.unit,
                          unit_price=_places(self.unit_price, PRICE_PLACES),
                          amount=_places(self.amount, 2), account_code=self.account_code,
                          note=note, traveller=self.traveller)

    def as_dict(self) -> dict[str, Any]:
        def num(value: Decimal | None) -> str | None:
            return None if value is None else format(value, "f")

        return {
            "sheet": self.sheet, "row": self.row, "component": self.component,
            "component_label": COMPONENTS[self.component][0], "description": self.description,
            "volume": num(self.volume), "unit": self.unit, "unit_price": num(self.unit_price),
            "amount": num(self.amount), "declared": num(self.declared),
            "account_code": self.account_code, "note": self.note, "currency": self.currency,
            "foreign_price": num(self.foreign_price), "rate": num(self.rate),
            "person": self.person, "nip": self.nip,
            "cells": {role: f"{col}{self.row}" for role, col in self.cells.items()},
        }


@dataclass
class SheetInfo:
    """A sheet of the workbook as the reader saw it."""

    name: str
    kind: str
    """``budget``, ``spd``, ``kuitansi``, ``honor``, ``caps``, ``riil``, ``nominatif``,
    ``pernyataan``, ``empty`` or ``other``."""
    score: int = 0
    """How much it looks like a budget (its header's score, 0 for none)."""
    hidden: bool = False
    read: bool = False


@dataclass
class DeclaredTotal:
    """A subtotal or total row of the sheet and the lines it covers."""

    kind: str
    """``subtotal``, ``section`` (an amount on a section's own row) or ``total``."""
    sheet: str
    row: int
    column: str
    label: str
    declared: Decimal | None
    first: int
    """Index of the first line covered (into :attr:`ParsedBudget.lines`)."""
    last: int
    """Index one past the last line covered."""
    flags: set[str] = field(default_factory=set)
    by_column: dict[str, Decimal] = field(default_factory=dict)
    """In a table with a column per cost: the amount the total row gives each cost column
    (its letter), checked against the column's lines."""

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}"


@dataclass
class ParsedBudget:
    """A budget read from a workbook and checked."""

    source: str
    sheet: str = ""
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    lines: list[ParsedLine] = field(default_factory=list)
    totals: list[DeclaredTotal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    year: int | None = None
    province: str | None = None
    country: str | None = None
    rates: dict[str, Decimal] = field(default_factory=dict)
    rate_cells: dict[str, str] = field(default_factory=dict)
    terbilang: str = ""
    terbilang_ref: str = ""
    unread_rows: list[int] = field(default_factory=list)
    """Rows below the grand total that hold amounts (a pagu, a rekap, a kuitansi), not read."""
    sheets: list[SheetInfo] = field(default_factory=list)
    """Every sheet of the workbook, what it looks like, and which one was read."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def usable(self) -> bool:
        """No errors, and at least one line."""
        return not self.errors and bool(self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.amount is not None), Decimal(0))

    @property
    def by_component(self) -> dict[str, Decimal]:
        """Total per component, in the order of the component list."""
        sums = {code: Decimal(0) for code in COMPONENTS}
        for line in self.lines:
            if line.amount is not None:
                sums[line.component] += line.amount
        return {code: value for code, value in sums.items()
                if any(line.component == code for line in self.lines)}

    def budget_lines(self) -> list[BudgetLine]:
        """The study's budget lines; refuses a budget with errors."""
        if not self.usable:
            raise BudgetNotUsable(self)
        return [line.to_budget_line() for line in self.lines]

    def as_dict(self) -> dict[str, Any]:
        total = self.total
        return {
            "source": self.source, "sheet": self.sheet, "header_row": self.header_row,
            "columns": self.columns, "year": self.year, "province": self.province,
            "country": self.country,
            "rates": {k: format(v, "f") for k, v in self.rates.items()},
            "sheets": [{"name": i.name, "kind": i.kind, "score": i.score, "hidden": i.hidden,
                        "read": i.read} for i in self.sheets],
            "lines": [line.as_dict() for line in self.lines],
            "by_component": {code: format(v, "f") for code, v in self.by_component.items()},
            # no line read: no total at all, rather than a "0" that reads like one
            "total": format(total, "f") if self.lines else None,
            "total_rupiah": idformat.rupiah(total) if self.lines else None,
            "terbilang": (None if not self.lines else idformat.terbilang_rupiah(total)
                          if abs(total) <= idformat.TERBILANG_MAX else ""),
            "usable": self.usable,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }


class BudgetNotUsable(ValueError):
    """A budget with errors (or without lines) cannot become the study's budget."""

    def __init__(self, parsed: ParsedBudget):
        self.parsed = parsed
        count = len(parsed.errors)
        super().__init__(f"the budget has {count} error(s)" if count else "the budget has no lines")


@dataclass(frozen=True)
class BudgetContext:
    """What the checks need to know beyond the sheet: the year and place of the trip, who
    travels, exchange rates, and the cap tables. Everything is optional."""

    year: int | None = None
    province: str | None = None
    country: str | None = None
    rates: Mapping[str, Decimal] = field(default_factory=dict)
    team: Sequence[TeamMember] = ()
    caps: CapSet | None = None
    """The cap tables; ``None`` means the national table alone."""

    @classmethod
    def from_study(cls, study: Study, **overrides: Any) -> BudgetContext:
        """The context of a study: its fiscal year, first destination and team."""
        first = study.destination.destinations[0] if study.destination.destinations else None
        abroad = study.goals.abroad or (first is not None and first.country.strip().lower()
                                        not in ("", "indonesia"))
        values: dict[str, Any] = {
            "year": study.fiscal_year,
            "province": (first.province or None) if first and not abroad else None,
            "country": first.country if first and abroad else None,
            "team": list(study.plan.team),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def fiscal_year(self) -> int:
        return self.year or date.today().year


def attach_budget(study: Study, parsed: ParsedBudget) -> Study:
    """A new study whose ``plan.budget`` is the checked budget's lines.

    The study given is not changed. Raises :class:`BudgetNotUsable` when the budget has
    errors or no lines.
    """
    lines = parsed.budget_lines()
    updated = study.model_copy(deep=True)
    updated.plan.budget = lines
    return updated
