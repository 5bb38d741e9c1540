"""A table of travellers with one column per cost: ``No | Nama/NIP | Jabatan | Lama |
Uang Harian | Penginapan | Transport | Representasi | Jumlah``.

Each filled cost cell is a line of its own, for the traveller of its row and the component
of its column, and remembers that cell (``Rincian!E9``). The row's Jumlah is checked as the
sum of its cost cells; the JUMLAH row at the bottom as the total. A cell may hold a number or
``3 hr x Rp 420.000``; a daily cost (uang harian, representasi) divided evenly by the days
of the Lama column is read as days × the daily rate, anything else as one lump sum. Each
cost cell of the JUMLAH row is checked against the sum of its column.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.budget import vocab
from docgen.budget.inline import parse_inline
from docgen.budget.lines import SheetReader
from docgen.budget.model import ParsedLine, money
from docgen.budget.people import nip_in, only_nip, person_in
from docgen.budget.rows import PendingLine, cell_text, first_text
from docgen.budget.values import NotANumber, is_blank, parse_volume, shown, to_amount
from docgen.study import MONEY_MAX

DAILY = frozenset({"uang_harian", "uang_representasi"})
SMALLEST_COST = Decimal(1000)
"""A cost cell below this is a count (days, nights, people), not rupiah."""


class CostColumnsReader(SheetReader):
    """Reads a table of travellers whose costs stand in columns."""

    def classify(self, number: int, row: Sequence[Any]) -> None:
        label, _index = first_text(row, self.text_indices, self.first_numeric)
        who = self.text(row, "person")
        if label[:9].lower() == "terbilang" or (not who and not self.costs_in(row)):
            super().classify(number, row)
            return
        kind = vocab.total_kind(who or label)
        if kind:
            self.cost_total(kind, number, row, who or label)
            return
        if who and any(ch.isalpha() for ch in who):
            if only_nip(who):
                self.traveller_row(number, row)
            else:
                self.traveller = person_in(who)
                nip = nip_in(self.text(row, "nip"))
                if nip and not self.traveller.nip:
                    self.traveller = self.traveller._replace(nip=nip)
                self.traveller_from = len(self.pending)
                self.traveller_level = self.text(row, "level") or self.text(row, "position")
        if not who and not label:
            # costs without a traveller or a label: a row of sums, or a traveller's second
            # row; either way not lines of their own
            self.problem(f"{self.sheet}!{number}:{number}", "budget_cost_row_without_person",
                         row=number)
            return
        first = len(self.pending)
        for index, code in self.costs_in(row):
            self.cost_line(number, row, index, code)
        if len(self.pending) > first and not is_blank(self.value(row, "amount")):
            total = self.declared("subtotal", number, row,
                                  self.traveller.label if self.traveller else who, first)
            total.last = len(self.pending)
            self.budget.totals.append(total)

    def costs_in(self, row: Sequence[Any]) -> list[tuple[int, str]]:
        return [(index, code) for index, code in self.header.costs if not is_blank(row[index])]

    def cost_total(self, kind: str, number: int, row: Sequence[Any], label: str) -> None:
        """The JUMLAH row: its Jumlah cell, else the sum of its cost cells; each cost cell
        filled in it is kept to be checked against its column."""
        self.total(kind, number, row, label)
        total = self.budget.totals[-1]
        if not self.header.costs:
            return
        values = []
        unreadable = False
        for index, _code in self.header.costs:
            try:
                amount = to_amount(row[index])
            except NotANumber:
                unreadable = True
                continue
            if amount is not None:
                values.append(amount.value)
                total.by_column[get_column_letter(index + 1)] = amount.value
        if "amount" in self.header.roles:
            return
        if unreadable:
            total.flags.add("unreadable")
            return
        if values:
            total.declared = sum(values, Decimal(0))
            total.flags.discard("empty")
            total.column = get_column_letter(self.header.costs[-1][0] + 1)

    def days(self, row: Sequence[Any]) -> Decimal | None:
        index = self.header.roles.get("duration")
        if index is None:
            index = next((i for i, kind in self.header.factors if kind == "hari"), None)
        if index is None:
            return None
        try:
            found = parse_volume(row[index])
        except NotANumber:
            return None
        return found.value if found and found.value > 0 else None

    def cost_line(self, number: int, row: Sequence[Any], index: int, code: str) -> None:
        letter = get_column_letter(index + 1)
        cells = {role: col for role, col in self.letters.items() if not role.startswith("cost:")}
        cells.pop("unit_price", None)
        cells["amount"] = cells["description"] = letter
        title = self.header.titles.get(f"cost:{index}") or vocab.COMPONENTS[code][0]
        titles = {**self.header.titles, "amount": title}
        ref = f"{self.sheet}!{letter}{number}"
        value = row[index]
        holes: list[str] = []
        declared: Decimal | None = None
        volume, unit, price = Decimal(1), "paket", None
        inline = parse_inline(value) if isinstance(value, str) else None
        flags: set[str] = set()
        if inline is not None:
            volume, unit, price = inline.volume.value, inline.volume.unit, inline.price
            declared = inline.stated
            if declared is None:
                self.problem(ref, "budget_amount_from_text", "warning", text=shown(inline.text),
                             computed=shown(money(volume * price)))
        else:
            try:
                amount = to_amount(value)
            except NotANumber as exc:
                self.not_a_number(ref, "amount", exc)
                amount = None
                flags.add("unreadable")
            if amount is not None and 0 < amount.value < SMALLEST_COST:
                self.problem(ref, "budget_cost_too_small", value=shown(amount.value),
                             field=title, least=shown(SMALLEST_COST))
                amount = None
                flags.add("unreadable")
            if amount is not None:
                declared = amount.value
                price = declared
                days = self.days(row)
                if code in DAILY and days is not None and declared % days == 0:
                    volume, unit, price = days, "hari", declared / days
                else:
                    flags.add("lump")
        if declared is not None and abs(declared) > MONEY_MAX:
            self.problem(ref, "budget_number_too_large", value=shown(declared),
                         limit=shown(MONEY_MAX), field=title)
            declared, price = None, None
            flags.add("unreadable")
        person = self.traveller
        texts = {role: cell_text(row[i]) for role, i in self.text_roles}
        level = texts.get("level") or self.text(row, "position") or self.traveller_level
        parsed = ParsedLine(
            sheet=self.sheet, row=number, cells=cells, titles=titles, component=code,
            description=title, volume=volume, unit=unit, unit_price=price, declared=declared,
            account_code=texts.get("account", ""), note=texts.get("note", ""),
            section=self.section_label, person=person.name if person else "",
            nip=person.nip if person else "", level=level)
        parsed.flags |= flags
        self.pending.append(PendingLine(parsed, holes))
