"""Letter numbers: the office's pattern, filled in.

A pattern names its parts in braces: ``{kode}`` (classification code), ``{urut}`` (sequence
number), ``{unit}`` (the office's unit code), ``{tahun}`` (year) and ``{bulan}`` (month in
Roman numerals). Before a number is allocated, a draft shows an empty space where the
sequence number will go, as offices leave it for the records unit to fill in.
"""

from __future__ import annotations

import re
from datetime import date

from docgen import idformat

PARTS = ("kode", "urut", "unit", "tahun", "bulan")
DEFAULT_PATTERN = "{kode}/{urut}/{unit}/{tahun}"
DRAFT_GAP = "\u00a0" * 8
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


class PatternError(ValueError):
    """A numbering pattern uses a part that does not exist or lacks the sequence number."""


def check_pattern(pattern: str) -> None:
    names = _PLACEHOLDER.findall(pattern)
    unknown = [n for n in names if n not in PARTS]
    if unknown:
        raise PatternError(
            f"unknown part {{{unknown[0]}}} in number pattern {pattern!r}; "
            f"allowed: {', '.join('{' + p + '}' for p in PARTS)}"
        )
    if "urut" not in names:
        raise PatternError(f"number pattern {pattern!r} has no {{urut}} (sequence number)")


def format_number(pattern: str, *, kode: str, urut: int | None, unit: str, when: date) -> str:
    """Fill the pattern; ``urut=None`` leaves the gap of a draft."""
    check_pattern(pattern)
    values = {
        "kode": kode,
        "urut": DRAFT_GAP if urut is None else str(urut),
        "unit": unit,
        "tahun": str(when.year),
        "bulan": idformat.bulan_romawi(when.month),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)
