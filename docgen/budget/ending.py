"""Where a budget table ends: at its grand total. A bare ``JUMLAH`` is judged by what
follows it (more lines: it closed a part; a title, a pagu, a rekap, signatures: the table);
rows below the end are only looked at for the note that says they were not read, and for a
budget line that would make the end doubtful.

A mixin of :class:`docgen.budget.lines.SheetReader`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from docgen.budget import vocab
from docgen.budget.people import only_nip
from docgen.budget.rows import cell_text, first_text
from docgen.budget.values import NotANumber, is_blank, norm, to_amount

HOLD_ROWS = 50
"""Rows with an amount read after a bare total before a second total says what they are."""


_SECOND_TABLE = re.compile(
    r"\b(?:rekap|rekapitulasi|kuitansi|kwitansi|pagu|realisasi|anggaran belanja|perhitungan|"
    r"sisa|daftar|lampiran)\b")


def _opens_a_table(row: Sequence[Any]) -> bool:
    """A header row (two known labels or more) or a title of another table (REKAPITULASI,
    KUITANSI, PAGU, PERHITUNGAN SPD RAMPUNG …): what follows it is not this table."""
    texts = [v for v in row if isinstance(v, str) and v.strip()]
    if sum(1 for text in texts if vocab.header_role(text)[0]) >= 2:
        return True
    return any(_SECOND_TABLE.search(norm(text)) for text in texts)


class TableEnd:
    """The end of the table (uses the reader's classify, is_section, has_number …)."""

    def hold(self, number: int, row: Sequence[Any]) -> None:
        """After a bare ``JUMLAH`` or ``TOTAL``: what follows says whether it closed a part
        of the table (more lines, a section, the next traveller: read on) or the table
        itself (a title, a pagu, a rekap, a signature block: the end)."""
        assert self.held is not None
        held, total = self.held, self.held_total
        label, _index = first_text(row, self.text_indices, self.first_numeric)
        if label[:9].lower() == "terbilang":
            self.held = self.held_total = None
            self.classify(number, row)
            self.end(number, bare=False)
            return
        kind = vocab.total_kind(label) if label else None
        if kind:
            declared = self.amount_in(row)
            between = sum((self.amount_in(r) or Decimal(0) for _n, r in held), Decimal(0))
            if held and (total is None or total.declared is None or declared is None
                         or abs(declared - total.declared - between) > 1):
                self.end(held[0][0])
                self.unread(number, row)
                return
            if total is not None:
                total.kind = "subtotal"
                self.generic_totals.remove(total)
            self.replay(number, row)
            return
        if self.goes_on(row, label):
            self.replay(number, row)
            return
        if label and self.has_number(row, {"amount"}) and len(held) < HOLD_ROWS:
            held.append((number, row))
            return
        self.end(held[0][0] if held else number)
        for at, kept in held:
            self.unread(at, kept)
        self.unread(number, row)

    def goes_on(self, row: Sequence[Any], label: str) -> bool:
        """A row that continues a table: a line with its volume or price, a volume × price
        in its text, the next traveller, or a new section."""
        filled = {role for role, index in self.filled_roles if not is_blank(row[index])}
        person = self.header.roles.get("person")
        return bool((filled and self.has_number(row, filled))
                    or self.inline_cost(row, label) is not None
                    or (person is not None and cell_text(row[person])
                        and not only_nip(cell_text(row[person]))
                        and not vocab.total_kind(cell_text(row[person])))
                    or (self.is_section(row, label) and is_blank(self.value(row, "amount"))))

    def replay(self, number: int, row: Sequence[Any]) -> None:
        held = self.held or []
        self.held = self.held_total = None
        for at, kept in held:
            self.classify(at, kept)
        self.read_row(number, row)

    def end(self, number: int, bare: bool = True) -> None:
        """The table ends above row ``number``; ``bare`` when only what followed a bare
        ``JUMLAH`` said so (a budget line further down then makes the end doubtful)."""
        if bare and self.held_total is not None:
            self.bare_end = self.held_total.row
        self.ended = True
        self.held = self.held_total = None
        self.end_row = number

    def unread(self, number: int, row: Sequence[Any]) -> None:
        """A row below the grand total: remembered when it holds an amount; the first one
        that looks like a budget line below a bare total is an error (the table may go on:
        its total would be wrong)."""
        if self.amount_in(row) is not None or any(
                type(v) in (int, float) and v for v in row):
            self.budget.unread_rows.append(number)
        if self.bare_end and not self.continued and not self.second_table:
            if _opens_a_table(row):
                self.second_table = number
                return
            label, _index = first_text(row, self.text_indices, self.first_numeric)
            if self.goes_on(row, label) and not self.is_section(row, label):
                self.continued = number

    def amount_in(self, row: Sequence[Any]) -> Decimal | None:
        index = self.header.roles.get("amount")
        if index is None:
            return None
        try:
            amount = to_amount(row[index])
        except NotANumber:
            return None
        return amount.value if amount else None

