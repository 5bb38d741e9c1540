"""The header row of a budget sheet: which column holds what.

Found by its labels (Indonesian and English, compared without case, spacing or punctuation)
anywhere in the first rows of a sheet, with a second header row folded in (``Orang | Hari``
under a merged ``Volume``) and the row of column numbers under it skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from docgen.budget import vocab
from docgen.budget.inline import parse_inline
from docgen.budget.safety import READ_COLUMNS
from docgen.budget.values import CURRENCY_WORDS, is_blank, norm

HEADER_SEARCH_ROWS = 30
MAIN_ROLES = frozenset({"no", "component", "description", "volume", "unit", "unit_price",
                        "amount", "account", "note"})


@dataclass
class Header:
    """Where the table starts and which column holds what (0-based column indices)."""

    row: int
    data_row: int
    roles: dict[str, int]
    currency: dict[str, str] = field(default_factory=dict)
    factors: list[tuple[int, str]] = field(default_factory=list)
    costs: list[tuple[int, str]] = field(default_factory=list)
    """A column per cost in a table of travellers: (column, component)."""
    marks: list[int] = field(default_factory=list)
    """Columns holding only ``Rp`` beside the number of a price or amount."""
    score: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    """Role -> the header label as written (``factor:orang`` for a person-count column)."""

    @property
    def width(self) -> int:
        used = (list(self.roles.values()) + [i for i, _f in self.factors]
                + [i for i, _c in self.costs])
        return min(READ_COLUMNS, max(used) + 3)

    def letters(self) -> dict[str, str]:
        out = {role: get_column_letter(i + 1) for role, i in self.roles.items()}
        out.update({f"factor:{kind}": get_column_letter(i + 1) for i, kind in self.factors})
        out.update({f"cost:{i}": get_column_letter(i + 1) for i, _code in self.costs})
        return out


def _labels(row: Sequence[Any]) -> tuple[dict[str, int], dict[str, str], list[tuple[int, str]]]:
    roles: dict[str, int] = {}
    currency: dict[str, str] = {}
    factors: list[tuple[int, str]] = []
    money: list[int] = []
    for index, value in enumerate(row):
        if not isinstance(value, str):
            continue
        role, named = vocab.header_role(value)
        if role is None:
            continue
        if role == "money":
            money.append(index)
            continue
        if role.startswith("factor:"):
            factors.append((index, role.split(":", 1)[1]))
            continue
        if role == "unit_price" and named and named != "IDR":
            role = "unit_price_foreign" if "unit_price_foreign" not in roles else role
        if role in roles:
            if role == "unit_price" and currency.get(role, "IDR") != "IDR":
                roles["unit_price_foreign"], currency["unit_price_foreign"] = (
                    roles[role], currency[role])
                roles[role] = index
                currency.pop(role, None)
            continue
        roles[role] = index
        if named:
            currency[role] = named
    for index in money:
        if "amount" in roles and "unit_price" not in roles and roles["amount"] > index:
            roles["unit_price"] = index
        elif "amount" not in roles:
            roles["amount"] = index
    return roles, currency, factors


def _costs(row: Sequence[Any], taken: set[int]) -> list[tuple[int, str]]:
    """Columns named after a cost component (``Uang Harian``, ``Penginapan``, ``Transport``):
    a table with one column per cost."""
    out = []
    for index, value in enumerate(row):
        if index in taken or not isinstance(value, str) or not value.strip():
            continue
        code = vocab.component_exact(value)
        if code is not None:
            out.append((index, code))
    return out


def _cost_amounts(costs: list[tuple[int, str]], below: Sequence[Any],
                  taken: set[int]) -> list[tuple[int, str]]:
    """Cost columns with sub-columns under them in the next row (``Hr | Rp | Jumlah`` under a
    merged ``Uang Harian``): each cost is read from its sub-column labelled Jumlah; a cost
    with sub-columns but no Jumlah among them leaves the table unread (days and rates would
    otherwise be taken for amounts)."""
    starts = sorted({i for i, _c in costs} | taken)
    out = []
    for index, code in costs:
        after = [i for i in starts if i > index]
        end = after[0] if after else len(below)
        labels = {i: below[i] for i in range(index, min(end, len(below)))
                  if isinstance(below[i], str) and below[i].strip()}
        if not labels:
            out.append((index, code))
            continue
        amount = [i for i, text in labels.items() if vocab.header_role(text)[0] == "amount"]
        if len(amount) != 1:
            return []
        out.append((amount[0], code))
    return out


TEXT_ROLES = ("description", "component", "person")
MONEY_ROLES = ("amount", "unit_price", "unit_price_foreign")


def _is_valid(roles: Mapping[str, int], factors: list[tuple[int, str]],
              costs: Sequence[tuple[int, str]] = ()) -> int:
    """The header's score, or 0 when the row cannot be a budget header."""
    cost_columns = len(costs) >= 2
    has_text = any(role in roles for role in TEXT_ROLES)
    has_money = bool(set(MONEY_ROLES) & set(roles)) or cost_columns
    score = len(MAIN_ROLES & set(roles)) + (1 if factors else 0) + (
        1 if "unit_price_foreign" in roles and "unit_price" not in roles else 0) + (
        1 if "person" in roles else 0) + (min(len(costs), 3) if cost_columns else 0)
    return score if has_text and has_money and score >= 3 else 0


@dataclass
class Candidate:
    """The row of a sheet that looks most like a header, for the message that says none was
    found: the labels it has and the ones it lacks."""

    row: int
    found: list[str]
    missing: list[str]


def best_candidate(rows: Sequence[Sequence[Any]]) -> Candidate | None:
    """The row with the most known labels (two at least), with what a header still needs."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows):
        roles, _currency, factors = _labels(row)
        taken = set(roles.values()) | {i for i, _f in factors}
        count = len(roles) + len(factors) + len(_costs(row, taken))
        if count >= 2 and (best is None or count > best[0]):
            best = (count, index)
    if best is None:
        return None
    row = rows[best[1]]
    roles, _currency, factors = _labels(row)
    taken = set(roles.values()) | {i for i, _f in factors}
    costs = _costs(row, taken)
    found_at = sorted(taken | {i for i, _c in costs})
    found = [" ".join(str(row[i]).split()) for i in found_at]
    missing = []
    if not any(role in roles for role in TEXT_ROLES):
        missing.append("uraian")
    if not set(MONEY_ROLES) & set(roles) and len(costs) < 2:
        missing.append("jumlah / harga satuan")
    if not missing:
        missing = [label for role, label in (("volume", "volume"), ("unit_price", "harga satuan"),
                                              ("amount", "jumlah"), ("no", "no"))
                   if role not in roles][:2]
    return Candidate(best[1] + 1, found, missing)


def is_numbering_row(row: Sequence[Any]) -> bool:
    """The row of column numbers under many Indonesian headers: 1, 2, 3 … or (1), (2) …"""
    values = [v for v in row if not is_blank(v)]
    if len(values) < 3:
        return False
    for value in values:
        text = str(value).strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            continue
        if re.fullmatch(r"\(?\d{1,2}\)?|\d{1,2}\s*=.*|\(\d{1,2}\)\s*=.*", text):
            continue
        return False
    return True


def find_header(rows: Sequence[Sequence[Any]]) -> Header | None:
    """The best header row among ``rows`` (the first rows of a sheet), or ``None``."""
    best: Header | None = None
    for index, row in enumerate(rows):
        roles, currency, factors = _labels(row)
        taken = set(roles.values()) | {i for i, _f in factors}
        costs = _costs(row, taken)
        below = rows[index + 1] if index + 1 < len(rows) else ()
        folded = len(costs) < 2 and not any(
            isinstance(v, int | float) and not isinstance(v, bool) for v in below)
        if folded:  # the costs under a merged "Rincian Biaya" in the second header row
            group = {roles[r] for r in ("description", "component") if r in roles}
            costs = _costs(below, taken - group)
            if len(costs) >= 2:
                roles = {r: i for r, i in roles.items()
                         if i not in {c for c, _code in costs}}
        elif len(costs) >= 2:
            costs = _cost_amounts(costs, below, taken)
        if len(costs) < 2 or ("description" in roles and "person" not in roles):
            costs, folded = [], False
        score = _is_valid(roles, factors, costs)
        if score and (best is None or score > best.score):
            best = Header(row=index + 1, data_row=index + (3 if folded else 2), roles=roles,
                          currency=currency, factors=factors, costs=costs, score=score)
    if best is None:
        best = _inline_header(rows)
    if best is None:
        return None
    folded = best.data_row == best.row + 2
    _merge_subheader(best, rows)
    if folded:
        best.data_row = best.row + 2
    if "description" not in best.roles and "component" in best.roles:
        best.roles["description"] = best.roles.pop("component")
    if "unit_price" not in best.roles and "unit_price_foreign" in best.roles:
        best.roles["unit_price"] = best.roles.pop("unit_price_foreign")
        best.currency["unit_price"] = best.currency.pop("unit_price_foreign", "USD")
    if best.data_row - 1 < len(rows) and is_numbering_row(rows[best.data_row - 1]):
        best.data_row += 1
    best.titles = _titles(best, rows)
    return best


INLINE_ROWS = 2
"""Lines with ``3 hr x Rp 420.000`` under a header without money columns that make it one."""


def _inline_header(rows: Sequence[Sequence[Any]]) -> Header | None:
    """A form with no amount column at all (``No | Perincian Biaya | Keterangan``) whose
    lines carry volume × price in their text."""
    for index, row in enumerate(rows):
        roles, currency, factors = _labels(row)
        column = roles.get("description")
        if column is None or set(MONEY_ROLES) & set(roles) or len(roles) < 2:
            continue
        found = sum(1 for below in rows[index + 1:] if column < len(below)
                    and isinstance(below[column], str) and parse_inline(below[column]))
        if found >= INLINE_ROWS:
            return Header(row=index + 1, data_row=index + 2, roles=roles, currency=currency,
                          factors=factors, score=len(MAIN_ROLES & set(roles)))
    return None


def _titles(header: Header, rows: Sequence[Sequence[Any]]) -> dict[str, str]:
    """The label of each column as written (the lower header row wins for sub-columns)."""
    def title(index: int) -> str:
        for number in range(header.data_row - 1, header.row - 1, -1):
            row = rows[number - 1] if number - 1 < len(rows) else ()
            value = row[index] if index < len(row) else None
            if isinstance(value, str) and value.strip() and not is_numbering_row(row):
                return " ".join(value.split())
        return ""

    titles = {role: title(index) for role, index in header.roles.items()}
    titles.update({f"factor:{kind}": title(index) for index, kind in header.factors})
    titles.update({f"cost:{index}": title(index) for index, _code in header.costs})
    return {role: text for role, text in titles.items() if text}


def _merge_subheader(header: Header, rows: Sequence[Sequence[Any]]) -> None:
    """Fold a second header row (``Orang | Hari`` under a merged ``Volume``) into ``header``."""
    if header.row >= len(rows):
        return
    top, below = rows[header.row - 1], rows[header.row]
    if any(isinstance(v, int | float) and not isinstance(v, bool) for v in below):
        return
    roles, currency, factors = _labels(below)
    currencies = {i: CURRENCY_WORDS[norm(v)] for i, v in enumerate(below)
                  if isinstance(v, str) and norm(v) in CURRENCY_WORDS}
    if not (roles or factors or currencies):
        return
    taken = set(header.roles.values()) | {i for i, _f in header.factors}
    for index, kind in factors:
        if header.roles.get("volume") == index:
            del header.roles["volume"]
        elif index in taken:
            continue
        header.factors.append((index, kind))
    for role, index in roles.items():
        if role not in header.roles and (index >= len(top) or is_blank(top[index])):
            header.roles[role] = index
            if role in currency:
                header.currency[role] = currency[role]
    for index, code in currencies.items():
        for role, at in list(header.roles.items()):
            if at == index and role in ("unit_price", "amount"):
                header.currency[role] = code
    header.data_row = header.row + 2


def _currency_mark(value: Any) -> bool:
    return isinstance(value, str) and norm(value) in CURRENCY_WORDS


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip().rstrip("-").rstrip(",").replace(".", "").replace(",", "")
    return text.isdigit()


def settle_split_money(header: Header, sample: Sequence[Sequence[Any]]) -> None:
    """``Rp`` alone in the column under a money label, the number in the next column (a
    header cell merged over both): the number's column is the one read."""
    used = set(header.roles.values()) | {i for i, _f in header.factors}
    for role in ("unit_price", "amount", "unit_price_foreign"):
        index = header.roles.get(role)
        if index is None or index + 1 in used or index + 1 >= READ_COLUMNS:
            continue
        split = sum(1 for row in sample if index + 1 < len(row) and _currency_mark(row[index])
                    and _numeric(row[index + 1]))
        whole = sum(1 for row in sample if index < len(row) and _numeric(row[index]))
        if split and not whole:
            used.discard(index)
            header.roles[role] = index + 1
            used.add(index + 1)
            header.marks.append(index)
