"""The civil-service grades a form offers as lists: eselon (I.a … IV.b), golongan (I/a … IV/e
with their pangkat) and sex, read and normalised the way an office writes them.

Eselon follows PP 100/2000 as amended by PP 13/2002 (eselon I.a to IV.b for a regional
government; eselon V is not used in a dinas). The bare levels ``I`` … ``IV`` of older
studies stay valid and are shown when a person holds one, but a form no longer offers them.
Golongan ruang and pangkat names come from :data:`docgen.idformat.GOLONGAN` (PP 99/2000).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

from docgen.idformat import GOLONGAN

ESELON: dict[str, tuple[str, str]] = {
    "": ("Non-eselon / JF", "No eselon / functional"),
    "I.a": ("Eselon I.a", "Eselon I.a"), "I.b": ("Eselon I.b", "Eselon I.b"),
    "II.a": ("Eselon II.a", "Eselon II.a"), "II.b": ("Eselon II.b", "Eselon II.b"),
    "III.a": ("Eselon III.a", "Eselon III.a"), "III.b": ("Eselon III.b", "Eselon III.b"),
    "IV.a": ("Eselon IV.a", "Eselon IV.a"), "IV.b": ("Eselon IV.b", "Eselon IV.b"),
    "I": ("Eselon I", "Eselon I"), "II": ("Eselon II", "Eselon II"),
    "III": ("Eselon III", "Eselon III"), "IV": ("Eselon IV", "Eselon IV"),
}
"""Eselon and its labels (the form's select list)."""
ESELON_NOT_OFFERED = frozenset({"I", "II", "III", "IV"})
"""Levels without a or b: kept where a study holds one, never offered for a new choice."""

EselonCode = Literal["", "I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b",
                     "I", "II", "III", "IV"]

_ESELON_RE = re.compile(r"(?:eselon|esl?\.?)?\s*(IV|III|II|I|[1-4])\s*(?:[./\- ]?\s*([AB]))?",
                        re.IGNORECASE)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_NONE = frozenset({"", "-", "non", "non-eselon", "non eselon", "noneselon", "jf", "fungsional",
                   "pelaksana", "tidak ada"})


def normalize_eselon(value: Any) -> Any:
    """``II.a`` from ``IIa``, ``II/a``, ``II a``, ``2a``, ``Eselon II.A``; ``""`` from
    ``non-eselon``, ``JF`` or ``-``; other text as given (refused by the field's list)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    if text.casefold() in _NONE:
        return ""
    match = _ESELON_RE.fullmatch(text)
    if not match:
        return text
    level = _ROMAN.get(match.group(1), match.group(1).upper())
    return f"{level}.{match.group(2).lower()}" if match.group(2) else level


Eselon = Annotated[EselonCode, BeforeValidator(normalize_eselon)]


def eselon_level(eselon: str) -> str:
    """The level without a or b: ``II.a`` → ``II`` (the cost tables know I … IV)."""
    return eselon.split(".", 1)[0]


GOLONGAN_CHOICES: dict[str, tuple[str, str]] = {
    code: (f"{code} – {name}", f"{code} – {name}") for code, name in GOLONGAN.items()}
"""Golongan ruang with the pangkat, as the select list shows them (``III/d – Penata
Tingkat I``)."""
GOLONGAN_NAMES = frozenset({"golongan", "notetaker_golongan"})
"""Fields that hold a golongan: drawn as a select list of :data:`GOLONGAN_CHOICES`."""

SEXES: dict[str, tuple[str, str]] = {
    "": ("Belum diisi", "Not given"),
    "L": ("Laki-laki", "Male"),
    "P": ("Perempuan", "Female"),
}
"""Sex as the NIP writes it (digit 15: 1 laki-laki, 2 perempuan)."""
NIP_SEX = {"1": "L", "2": "P"}


_SEX_WORDS = {"l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "p": "P",
              "perempuan": "P", "wanita": "P"}


def normalize_sex(value: Any) -> Any:
    """``L`` or ``P`` from ``l``, ``laki-laki``, ``perempuan`` ...; None as ``""``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split()).casefold()
    return _SEX_WORDS.get(text, value.strip())


Sex = Annotated[Literal["", "L", "P"], BeforeValidator(normalize_sex)]
