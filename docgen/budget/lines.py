"""The rows under a budget header: each one blank, a section ("A. Uang Harian", which sets
the component of the lines under it), a traveller's row, a budget line, a subtotal or total
(recognised, checked later, never counted as a line), the terbilang, or a text row (notes,
signatures).

Cells are read with :mod:`docgen.budget.rows`; where the table ends is
:mod:`docgen.budget.ending`, the last step of a sheet :mod:`docgen.budget.settling`; a table
with a column per cost is :mod:`docgen.budget.costcolumns`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.budget import vocab
from docgen.budget.ending import TableEnd
from docgen.budget.header import Header
from docgen.budget.inline import InlineCost, parse_inline
from docgen.budget.model import DeclaredTotal, ParsedBudget, ParsedLine, field_params, money
from docgen.budget.people import Person, nip_in, only_nip, person_in
from docgen.budget.rows import (
    PendingLine,
    cell_text,
    column_numbers,
    component_of,
    figure,
    first_text,
    rate_in,
)
from docgen.budget.safety import READ_COLUMNS
from docgen.budget.settling import NUMERIC_ROLES, Settling
from docgen.budget.values import (
    CURRENCY_WORDS,
    NUMBER_MAX,
    NotANumber,
    Volume,
    is_blank,
    norm,
    parse_volume,
    shown,
    to_amount,
    unit_of,
)
from docgen.messages import Problem
from docgen.study import MONEY_MAX, VOLUME_MAX, VOLUME_PLACES

TEXT_ROLES = ("no", "component", "description")
_MONEY_IN_TEXT = re.compile(r"\b(?:rp|idr)\.?\s*\d", re.I)
TERBILANG_ROWS = 4
"""The terbilang is looked for this many rows under the grand total."""


class SheetReader(TableEnd, Settling):
    """Reads the rows under a header into lines and totals."""

    def __init__(self, budget: ParsedBudget, header: Header, rates: Mapping[str, Decimal]):
        self.budget = budget
        self.header = header
        self.rates = dict(rates)
        self.letters = header.letters()
        self.sheet = budget.sheet
        self.section_component: str | None = None
        self.section_label = ""
        self.section_start = 0
        self.boundary = 0
        self.pending: list[PendingLine] = []
        self.generic_totals: list[DeclaredTotal] = []
        roles = header.roles
        self.text_indices = [roles[r] for r in TEXT_ROLES if r in roles]
        numeric = [roles[r] for r in NUMERIC_ROLES if r in roles] + [
            i for i, _f in header.factors] + [i for i, _c in header.costs]
        self.first_numeric = min(numeric) if numeric else READ_COLUMNS
        self.width = header.width
        self.text_roles = [(r, roles[r]) for r in ("account", "note", "person", "level")
                           if r in roles]
        self.filled_roles = [(r, roles[r]) for r in ("volume", "unit_price", "unit_price_foreign")
                             if r in roles] + [(f"factor:{k}", i) for i, k in header.factors]
        self.person_columns = {roles[r] for r in ("no", "person", "nip", "position", "duration",
                                                  "level", "note", "account") if r in roles}
        self.traveller_columns = {roles[r] for r in ("no", "person", "nip", "position",
                                                     "duration", "level") if r in roles}
        self.traveller: Person | None = None
        self.traveller_total: DeclaredTotal | None = None
        self.traveller_from = 0
        self.traveller_level = ""
        self.held: list[tuple[int, Sequence[Any]]] | None = None
        self.held_total: DeclaredTotal | None = None
        self.ended = False
        self.end_row = 0
        self.bare_end = 0
        """The row of the bare JUMLAH the table was taken to end at."""
        self.continued = 0
        """The first row below it that looks like a budget line."""
        self.second_table = 0
        """The row below it where another table (a rekap, a kuitansi) begins."""

    # ------------------------------------------------------------------ helpers

    def problem(self, ref: str, code: str, severity: str = "error", **params: Any) -> None:
        self.budget.problems.append(Problem(ref, code, severity, params))  # type: ignore[arg-type]

    def ref(self, role: str, row: int) -> str:
        return f"{self.sheet}!{self.letters[role]}{row}"

    def value(self, row: Sequence[Any], role: str) -> Any:
        index = self.header.roles.get(role)
        return None if index is None else row[index]

    def text(self, row: Sequence[Any], role: str) -> str:
        index = self.header.roles.get(role)
        return "" if index is None else cell_text(row[index])

    # ------------------------------------------------------------------ rows

    def read_row(self, number: int, row: Sequence[Any]) -> None:
        """Classify one row and record what it holds; after the grand total, only note
        what is left unread."""
        if len(row) < self.width:
            row = (*row, *(None,) * (self.width - len(row)))
        if self.ended:
            label, index = first_text(row, self.text_indices, self.first_numeric)
            if (label[:9].lower() == "terbilang" and not self.budget.terbilang
                    and number - self.end_row < TERBILANG_ROWS):
                self.terbilang(number, row, label, index)
            else:
                self.unread(number, row)
        elif column_numbers(row):
            return
        elif self.held is not None:
            self.hold(number, row)
        else:
            self.classify(number, row)

    def classify(self, number: int, row: Sequence[Any]) -> None:
        label, label_index = first_text(row, self.text_indices, self.first_numeric)
        if label[:9].lower() == "terbilang":
            self.terbilang(number, row, label, label_index)
            return
        if self.traveller_row(number, row):
            return
        filled = {role for role, index in self.filled_roles if not is_blank(row[index])}
        if filled:
            if self.text(row, "description") or self.has_number(row, filled):
                self.line(number, row, lump_sum=False)
            else:
                self.loose_text(number, row)
            return
        amount_blank = is_blank(self.value(row, "amount"))
        kind = vocab.total_kind(label) if label else None
        if kind:
            self.total(kind, number, row, label)
        elif self.inline_cost(row, label) is not None:
            self.line(number, row, lump_sum=False)
        elif self.is_section(row, label):
            self.section(number, row, label, amount_blank)
        elif label and not amount_blank and self.has_number(row, {"amount"}):
            self.line(number, row, lump_sum=True)
        else:
            self.loose_text(number, row)

    # ------------------------------------------------------------------ travellers

    def traveller_row(self, number: int, row: Sequence[Any]) -> bool:
        """A traveller's row in a table of people (name and NIP, jabatan, days): it names
        the person of the lines that follow. True when the row holds nothing else."""
        index = self.header.roles.get("person")
        if index is None:
            return False
        written = cell_text(row[index])
        if not written or vocab.total_kind(written) or not any(ch.isalpha() for ch in written):
            return False
        if only_nip(written):
            if self.traveller is not None and not self.traveller.nip:
                self.traveller = self.traveller._replace(nip=nip_in(written))
                for item in self.pending[self.traveller_from:]:
                    item.line.nip = self.traveller.nip
        else:
            self.close_traveller()
            self.traveller = person_in(written)
            nip = nip_in(self.text(row, "nip"))
            if nip and not self.traveller.nip:
                self.traveller = self.traveller._replace(nip=nip)
            self.traveller_from = len(self.pending)
            self.traveller_level = self.text(row, "level")
        rest = [i for i, value in enumerate(row) if not is_blank(value) and i not in
                self.person_columns]
        amount = self.header.roles.get("amount")
        if rest == [amount] and not only_nip(written) and self.has_number(row, {"amount"}):
            # the traveller's own total, written on their row above their costs
            self.traveller_total = self.declared("subtotal", number, row,
                                                 self.traveller.label, len(self.pending))
            self.budget.totals.append(self.traveller_total)
            return True
        return not rest

    def close_traveller(self) -> None:
        """The traveller's total written on their row covers the lines read since."""
        if self.traveller_total is not None:
            self.traveller_total.last = len(self.pending)
            self.traveller_total = None

    def inline_cost(self, row: Sequence[Any], label: str) -> InlineCost | None:
        """Volume × price written in the description (``3 hr x Rp 420.000``)."""
        text = self.text(row, "description") or label
        return parse_inline(text) if text else None

    def has_number(self, row: Sequence[Any], filled: set[str]) -> bool:
        """Whether any filled volume or price cell holds a number (not a signature line
        that happens to sit in the price column)."""
        for role, index in (*self.filled_roles, ("amount", self.header.roles.get("amount"))):
            if role not in filled or index is None:
                continue
            value = row[index]
            try:
                if parse_volume(value) is not None:
                    return True
            except NotANumber:
                continue
        return False

    def is_section(self, row: Sequence[Any], label: str) -> bool:
        """A section opens with a letter or Roman numeral ("A", "II."), is a kind of spending
        ("Belanja Perjalanan Dinas Biasa", with or without its account code) or a bare
        component name alone on its row; a component next to a description is a line."""
        if vocab.is_section_mark(self.value(row, "no")):
            return True
        texts = [t for t in (self.text(row, "component"), self.text(row, "description")) if t]
        if vocab.is_section_label(texts[0] if texts else label):
            return True
        if vocab.is_group_label(texts[0] if texts else label) and not self.has_number(
                row, {role for role, _i in self.filled_roles}):
            return True
        if len(texts) > 1:
            return False
        return component_of(texts[0] if texts else label) is not None

    def section(self, number: int, row: Sequence[Any], label: str, amount_blank: bool) -> None:
        self.close_section()
        texts = [self.text(row, r) for r in ("component", "description") if self.text(row, r)]
        name = " ".join(texts) or label
        self.section_label = name
        self.section_component = vocab.component_exact(name) or vocab.component_guess(name)
        self.section_start = self.boundary = len(self.pending)
        if not amount_blank:
            self.budget.totals.append(self.declared("section", number, row, name, None))

    def close_section(self) -> None:
        """Give a section's own-row amount the lines that ended up under it."""
        for total in reversed(self.budget.totals):
            if total.kind == "section" and total.last == -1:
                total.last = len(self.pending)
            break

    def declared(self, kind: str, number: int, row: Sequence[Any], label: str,
                 first: int | None) -> DeclaredTotal:
        ref = self.ref("amount", number) if "amount" in self.letters else f"{self.sheet}!{number}"
        declared: Decimal | None = None
        flags: set[str] = set()
        column = self.letters.get("amount", "")
        try:
            if "amount" in self.header.roles:
                amount = to_amount(self.value(row, "amount"))
            else:
                amount, column, ref = self.money_in(row, number)
            declared = amount.value if amount else None
        except NotANumber as exc:
            flags.add("unreadable")
            self.not_a_number(ref, "amount", exc)
        if declared is None and not flags:
            flags.add("empty")
        start = self.section_start if first is None else first
        total = DeclaredTotal(kind=kind, sheet=self.sheet, row=number, column=column, label=label,
                              declared=declared, first=start, last=-1, flags=flags)
        return total

    def total(self, kind: str, number: int, row: Sequence[Any], label: str) -> None:
        self.close_section()
        self.close_traveller()
        total = self.declared(kind, number, row, label, self.boundary)
        total.last = len(self.pending)
        self.budget.totals.append(total)
        if kind == "total":
            self.generic_totals.append(total)
            if vocab.is_grand_total(label):
                self.end(number + 1, bare=False)
            else:
                self.held, self.held_total = [], total
        self.boundary = len(self.pending)

    def terbilang(self, number: int, row: Sequence[Any], label: str, index: int) -> None:
        text = label.split(":", 1)[1].strip() if ":" in label else ""
        ref = f"{self.sheet}!{get_column_letter(index + 1)}{number}"
        if not text:
            for column, value in enumerate(row[index + 1:], start=index + 1):
                if isinstance(value, str) and value.strip():
                    text, ref = value.strip(), f"{self.sheet}!{get_column_letter(column + 1)}{number}"
                    break
        if text:
            self.budget.terbilang, self.budget.terbilang_ref = text, ref

    def money_in(self, row: Sequence[Any], number: int) -> tuple[Any, str, str]:
        """The amount of a total row in a sheet without an amount column: the last cell
        that reads as money (``Rp 2.760.000``), its column and cell."""
        for index in range(len(row) - 1, -1, -1):
            value = row[index]
            if is_blank(value) or index in self.traveller_columns:
                continue
            try:
                amount = to_amount(value)
            except NotANumber:
                continue
            if amount is not None and amount.value > 0:
                letter = get_column_letter(index + 1)
                return amount, letter, f"{self.sheet}!{letter}{number}"
        return None, "", f"{self.sheet}!{number}"

    def loose_text(self, number: int, row: Sequence[Any]) -> None:
        """A row of text only: notes and signatures are passed over; an exchange rate is
        kept; a text that names an amount no line could be read from is an error."""
        found = rate_in(row)
        if found and found[0] not in self.rates:
            self.rates[found[0]] = found[1]
            self.budget.rate_cells[found[0]] = (
                f"{self.sheet}!{get_column_letter(found[2] + 1)}{number}")
            return
        if found:
            return
        for index, value in enumerate(row):
            if isinstance(value, str) and _MONEY_IN_TEXT.search(value) and not (
                    vocab.total_kind(value) or value.strip().lower().startswith("terbilang")):
                self.problem(f"{self.sheet}!{get_column_letter(index + 1)}{number}",
                             "budget_amount_unclear", value=shown(value))
                return

    # ------------------------------------------------------------------ lines

    def not_a_number(self, ref: str, role: str, exc: NotANumber) -> None:
        if exc.kind == "too_large":
            self.problem(ref, "budget_number_too_large", value=shown(exc.value),
                         limit=figure(NUMBER_MAX), **field_params(role, self.header.titles))
            return
        code = "budget_error_value" if exc.kind == "error" else "budget_not_a_number"
        self.problem(ref, code, value=shown(exc.value), **field_params(role, self.header.titles))

    def cell_of(self, number: int, *roles: str) -> tuple[str, str]:
        """The first of `roles` the sheet has a column for, and its cell in row `number`."""
        for role in roles:
            if role in self.letters:
                return role, self.ref(role, number)
        return roles[0], f"{self.sheet}!{number}"

    def beyond(self, value: Decimal | None, limit: Decimal, cell: tuple[str, str],
               holes: list[str], places: int | None = None) -> bool:
        """Whether `value` is larger than a study's budget line may hold (or has more than
        `places` decimals): said at its cell, which then counts as unreadable."""
        if value is None:
            return False
        role, ref = cell
        if abs(value) > limit:
            self.problem(ref, "budget_number_too_large", value=shown(value), limit=figure(limit),
                         **field_params(role, self.header.titles))
        elif places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
            self.problem(ref, "budget_too_many_decimals", value=shown(value), places=places,
                         **field_params(role, self.header.titles))
        else:
            return False
        holes.append(f"!{role}")
        return True

    def number(self, row: Sequence[Any], role: str, number: int,
               holes: list[str]) -> tuple[Decimal | None, str | None]:
        """A numeric cell: its value and the currency written in it."""
        index = self.header.roles.get(role)
        value = None if index is None else row[index]
        if type(value) is int:
            return Decimal(value), None
        try:
            amount = to_amount(value)
        except NotANumber as exc:
            self.not_a_number(self.ref(role, number), role, exc)
            holes.append(f"!{role}")
            return None, None
        if amount is None:
            if role in self.header.roles:
                holes.append(role)
            return None, None
        return amount.value, amount.currency

    def volume(self, row: Sequence[Any], number: int,
               holes: list[str]) -> tuple[Decimal | None, str]:
        """The volume from its column, from orang/hari columns, or from both (which must agree)."""
        product: Volume | None = None
        if self.header.factors:
            factors: list[tuple[Decimal, str]] = []
            for index, kind in self.header.factors:
                value = row[index] if index < len(row) else None
                try:
                    parsed = parse_volume(value)
                except NotANumber as exc:
                    self.not_a_number(self.ref(f"factor:{kind}", number), f"factor:{kind}", exc)
                    holes.append("!volume")
                    return None, ""
                if parsed is not None:
                    factors.append((parsed.value, kind))
            if factors:
                total = Decimal(1)
                for value, _kind in factors:
                    total *= value
                product = Volume(total, unit_of([k for _v, k in factors]), tuple(factors))
        stated: Volume | None = None
        index = self.header.roles.get("volume")
        if index is not None and type(row[index]) is int and product is None:
            return Decimal(row[index]), ""
        if index is not None:
            try:
                stated = parse_volume(row[index])
            except NotANumber as exc:
                self.not_a_number(self.ref("volume", number), "volume", exc)
                holes.append("!volume")
                return None, ""
        if stated is not None and product is not None and stated.value != product.value:
            self.problem(self.ref("volume", number), "budget_volume_factors", volume=shown(
                stated.value), product=shown(product.value))
        chosen = stated or product
        if chosen is None:
            holes.append("volume")
            return None, ""
        return chosen.value, chosen.unit

    def currency_of(self, row: Sequence[Any], number: int, written: str | None) -> str:
        cell = self.text(row, "currency") if "currency" in self.header.roles else ""
        if cell:
            code = CURRENCY_WORDS.get(norm(cell)) or (cell.upper() if re.fullmatch(
                r"[A-Za-z]{3}", cell) else None)
            if code is None:
                self.problem(self.ref("currency", number), "budget_unknown_currency",
                             value=shown(cell))
                return "IDR"
            return code
        return written or self.header.currency.get("unit_price", "IDR")

    def rate_for(self, row: Sequence[Any], number: int, currency: str,
                 holes: list[str]) -> tuple[Decimal | None, str]:
        if "rate" in self.header.roles and not is_blank(self.value(row, "rate")):
            value, _c = self.number(row, "rate", number, holes)
            return value, self.ref("rate", number)
        for key in (currency, "*"):
            if key in self.rates:
                return self.rates[key], self.budget.rate_cells.get(key, "")
        return None, ""

    def line(self, number: int, row: Sequence[Any], *, lump_sum: bool) -> None:
        holes: list[str] = []
        description = self.text(row, "description")
        written = self.text(row, "component")
        component = component_of(written) if written else None
        if written and component is None:
            self.problem(self.ref("component", number), "budget_unknown_component",
                         value=shown(written), known=", ".join(
                             label for label, _en in vocab.COMPONENTS.values()))
        component = component or self.section_component or vocab.component_guess(description)
        if component is None:
            component = "lain_lain"
            if not written:
                self.problem(self.ref("description", number), "budget_component_guessed",
                             "warning", value=shown(description))
        declared, declared_currency = self.number(row, "amount", number, holes)
        if lump_sum:
            volume, unit = Decimal(1), self.text(row, "unit") or "paket"
            price, written_currency = declared, declared_currency
            holes = [h for h in holes if h not in ("volume", "unit_price")]
            self.problem(self.ref("amount", number), "budget_lump_sum", "warning",
                         amount=shown(declared))
        else:
            volume, unit = self.volume(row, number, holes)
            price, written_currency = self.number(row, "unit_price", number, holes)
            unit = self.text(row, "unit") or unit
        inline = None
        if volume is None and price is None and not any(h.startswith("!") for h in holes):
            label, _index = first_text(row, self.text_indices, self.first_numeric)
            inline = self.inline_cost(row, label)
        if inline is not None:
            holes = [h for h in holes if h not in ("volume", "unit_price", "amount")]
            volume, price = inline.volume.value, inline.price
            unit = self.text(row, "unit") or inline.volume.unit
            if declared is None and inline.stated is not None:
                declared = inline.stated
            if declared is None:
                self.problem(self.cell_of(number, "amount", "description")[1],
                             "budget_amount_from_text", "warning", text=shown(inline.text),
                             computed=figure(money(volume * price)))
        if written_currency is None and declared_currency != "IDR":
            written_currency = declared_currency
        currency = self.currency_of(row, number, written_currency)
        foreign_price: Decimal | None = None
        rate: Decimal | None = None
        rate_source = ""
        if "unit_price_foreign" in self.header.roles:
            foreign_price, written_foreign = self.number(row, "unit_price_foreign", number, [])
            if foreign_price is not None:
                currency = self.header.currency.get("unit_price_foreign", written_foreign or "USD")
        if currency != "IDR" and foreign_price is None and price is not None:
            foreign_price, price = price, None
        if currency != "IDR":
            rate, rate_source = self.rate_for(row, number, currency, holes)
            if rate is None:
                self.problem(self.ref("unit_price", number), "budget_no_rate",
                             currency=currency, value=shown(foreign_price))
                holes.append("!rate")
            elif price is None and foreign_price is not None:
                price = foreign_price * rate
            if declared is not None and rate is not None and volume is not None and (
                    foreign_price is not None
                    and abs(declared - volume * foreign_price) <= Decimal("0.01")):
                declared = money(declared * rate)
        amount_cell = self.cell_of(number, "amount")
        if self.beyond(declared, MONEY_MAX, amount_cell, holes):
            declared = None
            if lump_sum:
                price = None
        volume_cell = self.cell_of(number, "volume", *(f"factor:{k}" for _i, k in
                                                       self.header.factors))
        if not lump_sum and self.beyond(volume, VOLUME_MAX, volume_cell, holes, VOLUME_PLACES):
            volume = None
        price_cell = self.cell_of(number, *(("unit_price_foreign", "unit_price")
                                            if foreign_price is not None else ("unit_price",)))
        if not lump_sum and self.beyond(price, MONEY_MAX, price_cell, holes):
            price = None
        if (volume is not None and price is not None and declared is None
                and not lump_sum and volume * price > MONEY_MAX):
            self.problem(amount_cell[1], "budget_line_too_large", total=figure(volume * price),
                         limit=figure(MONEY_MAX))
            holes.append("!amount")
            price = None
        texts = {role: cell_text(row[index]) for role, index in self.text_roles}
        written_person = texts.get("person", "")
        person = (person_in(written_person) if written_person and not only_nip(written_person)
                  else self.traveller)
        if person is not None and not person.nip and nip_in(self.text(row, "nip")):
            person = person._replace(nip=nip_in(self.text(row, "nip")))
        if person is not None and not texts.get("level") and self.traveller_level:
            texts["level"] = self.traveller_level
        parsed = ParsedLine(
            sheet=self.sheet, row=number, cells=self.letters, titles=self.header.titles,
            component=component, description=description, volume=volume, unit=unit,
            unit_price=price, declared=declared, account_code=texts.get("account", ""),
            note=texts.get("note", ""), currency=currency, foreign_price=foreign_price,
            rate=rate, rate_source=rate_source, section=self.section_label,
            person=person.name if person else "", nip=person.nip if person else "",
            level=texts.get("level", ""))
        if any(h.startswith("!") for h in holes):
            parsed.flags.add("unreadable")
        if not description:
            parsed.description = vocab.COMPONENTS[component][0]
            holes.append("description")
        zero = declared == 0 and (parsed.computed or 0) > 0
        self.pending.append(PendingLine(parsed, holes, zero))

