"""Cells of a budget row as the reader sees them: text, the first label of a row, an
exchange rate written beside its label, the row of column numbers under a header, and a line
while its sheet is still being read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from docgen import idformat
from docgen.budget import vocab
from docgen.budget.model import ParsedLine
from docgen.budget.safety import READ_COLUMNS
from docgen.budget.values import CURRENCY_WORDS, NotANumber, is_blank, norm, to_amount
from docgen.study import clean_text

_RATE_LABEL = re.compile(r"^(kurs|nilai tukar|exchange rate)\b")
_LAST_NUMBER = re.compile(r"([0-9][0-9.,]*[0-9]|[0-9])(?!.*[0-9])")


# --------------------------------------------------------------------------- rows


def figure(value: Decimal) -> str:
    """A number in a message, the Indonesian way (with its decimals, at most two)."""
    return idformat.angka(value, None)


def cell_text(value: Any) -> str:
    """A cell as text: ``""`` when empty, whole numbers without ``.0``, only characters a
    DOCX can hold (:func:`docgen.study.clean_text`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=512)
def component_of(written: str) -> str | None:
    return vocab.component_exact(written)


def first_text(row: Sequence[Any], indices: Sequence[int], limit: int) -> tuple[str, int]:
    """The first text in the label columns, else in any column left of ``limit``."""
    for index in indices:
        if index < len(row) and isinstance(row[index], str) and row[index].strip():
            return row[index].strip(), index
    for index in range(min(limit, len(row))):
        value = row[index]
        if isinstance(value, str) and value.strip():
            return value.strip(), index
    return "", -1


def rate_in(row: Sequence[Any]) -> tuple[str, Decimal, int] | None:
    """``Kurs USD 1 = Rp16.250`` (in one cell, or label then number): currency, rate, column."""
    for index, value in enumerate(row):
        if not isinstance(value, str) or not _RATE_LABEL.match(norm(value)):
            continue
        words = norm(value).split()
        currency = next((CURRENCY_WORDS[w] for w in words if w in CURRENCY_WORDS
                         and CURRENCY_WORDS[w] != "IDR"), "*")
        tail = value.split("=", 1)[1] if "=" in value else value
        match = _LAST_NUMBER.search(tail)
        candidates: list[tuple[Any, int]] = []
        if match and ("=" in value or ":" in value):
            candidates.append((match.group(1), index))
        candidates += [(v, i) for i, v in enumerate(row[index + 1:], start=index + 1)
                       if not is_blank(v)][:2]
        for candidate, column in candidates:
            try:
                amount = to_amount(candidate)
            except NotANumber:
                continue
            if amount is not None and amount.value > 1:
                return currency, amount.value, column
    return None


_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?(?:\s*=.*)?$")


def column_numbers(row: Sequence[Any]) -> bool:
    """The row of column numbers an office repeats under its header ("1 2 3 …" or "(1) (2)
    (3) … (6) = (3) x (5)"): at least three, each a small whole number, rising."""
    numbers = []
    for value in row:
        if is_blank(value):
            continue
        if type(value) in (int, float) and value == int(value):
            numbers.append(int(value))
            continue
        match = _COLUMN_NUMBER.match(str(value).strip()) if isinstance(value, str) else None
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return (len(numbers) >= 3 and numbers[0] <= 2 and max(numbers) <= READ_COLUMNS
            and all(b > a for a, b in zip(numbers, numbers[1:], strict=False)))


@dataclass
class PendingLine:
    """A line while its sheet is still being read."""

    line: ParsedLine
    holes: list[str]
    zero_amount: bool = False


