"""The last step of reading a sheet: totals settled, the sheet's XML looked at when a
line has a hole (a formula without a saved result), merged cells that cut through lines, and
each hole reported.

A mixin of :class:`docgen.budget.lines.SheetReader`.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter

from docgen.budget.rawscan import SheetScan, scan_sheet
from docgen.budget.rows import PendingLine
from docgen.budget.values import shown

NUMERIC_ROLES = ("volume", "unit_price", "unit_price_foreign", "amount", "rate")


class Settling:
    """Finishing a sheet (uses the reader's pending lines, totals and problems)."""

    def finish(self, data: bytes,
               merges: Sequence[tuple[int, int, int, int]] | None = None) -> None:
        """Settle totals, look at the XML when a line has holes, and report the holes and
        the merged cells (``merges``, else those the XML shows) that cut through lines."""
        if self.held:
            held = self.held
            self.end(held[0][0])
            for at, kept in held:
                self.unread(at, kept)
        self.held = None
        self.close_traveller()
        if self.continued:
            self.problem(f"{self.sheet}!{self.continued}:{self.continued}",
                         "budget_lines_after_total", row=self.continued, total=self.bare_end)
        rows = self.budget.unread_rows
        if rows:
            self.problem(f"{self.sheet}!{rows[0]}:{rows[-1]}", "budget_rows_after_total",
                         "warning", rows=f"{rows[0]}–{rows[-1]}" if len(rows) > 1 else rows[0],
                         count=len(rows))
        self.close_section()
        for total in self.budget.totals:
            if total.last == -1:
                total.last = len(self.pending)
        for total in self.generic_totals:
            if total.last < len(self.pending):
                total.kind = "subtotal"
            else:
                total.first = 0
        needs_scan = any(
            [h for h in item.holes if not h.startswith("!")] or item.zero_amount
            for item in self.pending) or any("empty" in t.flags for t in self.budget.totals)
        scan = scan_sheet(data, self.sheet) if needs_scan else SheetScan()
        merged_rows = self.merges(scan.merges if merges is None else merges)
        for item in self.pending:
            self.settle(item, scan, merged_rows)
            self.budget.lines.append(item.line)
        for total in self.budget.totals:
            if "empty" in total.flags and f"{total.column}{total.row}" in scan.no_value:
                total.flags.add("formula_no_value")
                self.problem(total.ref, "budget_total_formula_no_value", "warning",
                             formula=scan.no_value[f"{total.column}{total.row}"])

    def merges(self, merges: Sequence[tuple[int, int, int, int]]) -> set[int]:
        """Report merged ranges that cut through budget lines; the rows they touch. A
        traveller's No, name or days merged down over their cost rows cut nothing."""
        if not merges:
            return set()
        line_rows = {item.line.row for item in self.pending}
        numeric = {i + 1 for r, i in self.header.roles.items() if r in NUMERIC_ROLES}
        numeric |= {i + 1 for i, _k in self.header.factors}
        numeric |= {i + 1 for i, _c in self.header.costs}
        mapped = set(numeric) | {i + 1 for r, i in self.header.roles.items()
                                 if r in ("description", "component", "unit")}
        touched: set[int] = set()
        for min_col, min_row, max_col, max_row in merges:
            rows = set(range(min_row, max_row + 1)) & line_rows
            if not rows:
                continue
            columns = set(range(min_col, max_col + 1))
            if (max_row > min_row and columns & mapped) or (columns & numeric):
                span = (f"{get_column_letter(min_col)}{min_row}:"
                        f"{get_column_letter(max_col)}{max_row}")
                self.problem(f"{self.sheet}!{span}", "budget_merged_data", range=span)
                touched |= rows
        return touched

    def settle(self, item: PendingLine, scan: SheetScan, merged_rows: set[int]) -> None:
        line = item.line
        if line.row in merged_rows:
            line.flags.add("merged")
            return
        if "unreadable" in line.flags:
            item.holes = [h for h in item.holes if h != "amount"]
        amount_ref = f"{line.cells.get('amount', '')}{line.row}"
        if item.zero_amount and amount_ref in scan.zero_value:
            line.declared = None
            item.holes.append("amount")
        for hole in item.holes:
            if hole.startswith("!"):
                continue
            coordinate = f"{line.cells.get(hole, '')}{line.row}"
            formula = scan.no_value.get(coordinate) or (
                scan.zero_value.get(coordinate) if hole == "amount" else None)
            if hole == "amount":
                line.flags.add("formula_no_value" if formula else "amount_empty")
                self.problem(line.ref("amount"), "budget_formula_no_value" if formula else
                             "budget_amount_empty", "warning", formula=formula or "",
                             computed=shown(line.computed))
            elif hole == "description":
                self.problem(line.ref("description"), "budget_no_description", "warning",
                             component=line.description)
            elif formula:
                line.flags.add("unreadable")
                self.problem(line.ref(hole), "budget_formula_no_value_input", formula=formula,
                             **line.field(hole))
            else:
                line.flags.add("unreadable")
                self.problem(line.ref(hole), "budget_missing_value", **line.field(hole))


