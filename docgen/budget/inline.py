"""Volume and unit price written inside a description, the way offices type them when the
sheet has no volume or price column: ``Uang harian 3 hr x Rp 420.000``, ``Biaya hotel 5 x
500000``, ``Penginapan 2 malam @ Rp 750.000``, ``4 org x 3 hr x Rp 410.000``, ``Rp 420.000 x
3 hari``, with an optional ``= Rp 1.260.000`` after it.

Only a product is read: factors joined by ``x``, ``×``, ``*`` or ``@``, exactly one of them
the price (the one written with ``Rp``; else the last, after ``@`` or with at least four
digits and no unit). A number of 16 or more digits (a NIP), a duration alone ("6 hari") or a
letter (a hotel class) is never a price.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from docgen.budget.values import Volume, _grouped, unit_of

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d+)?"
_CUR = r"(?:rp\.?|idr)\s*"
_UNIT = r"(?!x\b)[a-z]{1,12}\b\.?"
_TERM = rf"(?:{_CUR})?(?:{_NUM})(?:\s*,\s*-|,-)?(?:\s*{_UNIT})?"
_SEP = r"\s*(?:[x×*]|@)\s*"
_EXPRESSION = re.compile(rf"(?<![\w.,])(?:{_TERM})(?:{_SEP}(?:{_TERM}))+", re.I)
_SPLIT = re.compile(rf"{_SEP}(?=(?:{_CUR})?\d)", re.I)
_PARTS = re.compile(rf"^(?P<cur>{_CUR})?(?P<num>{_NUM})(?:\s*,\s*-|,-)?\s*(?P<unit>{_UNIT})?$",
                    re.I)
_STATED = re.compile(rf"^\s*\)?\s*=\s*(?:{_CUR})?(?P<num>{_NUM})", re.I)
_LONG_NUMBER = re.compile(r"\d{16,}")
_NOT_A_FACTOR = re.compile(
    r"\b(?:bintang|kelas|no|nomor|tahun|ta|lantai|tipe|type|gol|golongan|eselon|"
    r"kode|rekening|pasal|ayat)\.?\s*$", re.I)
"""A number right after these words is a name (hotel bintang 5, kelas 2), not a factor."""
PRICE_FLOOR = Decimal(1000)
"""A bare last number (no ``Rp``, no ``@``) is a price only from this value up."""


class InlineCost(NamedTuple):
    """Volume, unit and price read from a text, and the total written after ``=``, if any."""

    volume: Volume
    price: Decimal
    stated: Decimal | None
    text: str
    """The expression as written (``3 hr x Rp 420.000``)."""


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(_grouped(text))
    except InvalidOperation:
        return None


def parse_inline(text: str) -> InlineCost | None:
    """The one volume × price expression in ``text``; ``None`` when there is none, or more
    than one (which would be a guess)."""
    if not text or not any(ch.isdigit() for ch in text) or _LONG_NUMBER.search(
            text.replace(" ", "")):
        return None
    found = list(_EXPRESSION.finditer(text))
    if len(found) != 1 or _NOT_A_FACTOR.search(text[:found[0].start()]):
        return None
    match = found[0]
    cost = _price_term(match.group(0))
    if cost is None:
        return None
    factors, price = cost
    volume = Decimal(1)
    for number, _unit in factors:
        volume *= number
    stated = None
    tail = _STATED.match(text[match.end():])
    if tail:
        stated = _number(tail.group("num"))
    return InlineCost(Volume(volume, unit_of([u for _n, u in factors]), tuple(factors)), price,
                      stated, match.group(0).strip())


def _price_term(expression: str) -> tuple[list[tuple[Decimal, str]], Decimal] | None:
    """The factors and the price of one expression; ``None`` when no term is the price."""
    raw_terms = _SPLIT.split(expression.strip())
    separators = [s.strip() for s in re.findall(_SEP, expression.strip(), re.I)]
    terms = []
    for raw in raw_terms:
        match = _PARTS.match(raw.strip())
        if match is None:
            return None
        value = _number(match.group("num"))
        if value is None:
            return None
        terms.append((bool(match.group("cur")), value, (match.group("unit") or "").rstrip(".")))
    if len(terms) < 2:
        return None
    marked = [i for i, (cur, _v, _u) in enumerate(terms) if cur]
    if len(marked) > 1:
        return None
    if marked:
        at = marked[0]
        if at not in (0, len(terms) - 1) or terms[at][2]:
            return None
    else:
        at = len(terms) - 1
        _cur, value, unit = terms[at]
        after_at = len(separators) >= at and separators[at - 1] == "@"
        if unit or not (after_at or value >= PRICE_FLOOR):
            return None
    price = terms[at][1]
    factors = [(value, unit) for i, (_c, value, unit) in enumerate(terms) if i != at]
    if price <= 0 or any(value <= 0 for value, _u in factors):
        return None
    return factors, price
