"""Travellers named in a budget sheet: ``Budi Santoso, S.Kom / NIP. 19800101 200501 1 001``
in one cell, or the name in one row and ``NIP. …`` under it.

A NIP (Nomor Induk Pegawai) is 18 digits, often typed in groups (8 6 1 3); it identifies a
person and is never read as an amount.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NIP = re.compile(r"(?:\bnip\b\.?\s*:?\s*)?((?:\d[\s.]?){17}\d)(?!\d)", re.I)
_NIP_LABEL = re.compile(r"^\s*nip\b\.?\s*:?\s*", re.I)
_SEPARATORS = " \t,;/|-–:"


class Person(NamedTuple):
    name: str
    nip: str = ""

    @property
    def label(self) -> str:
        """``Budi Santoso (NIP 198001012005011001)``."""
        return f"{self.name} (NIP {self.nip})" if self.nip and self.name else (
            self.name or (f"NIP {self.nip}" if self.nip else ""))


def nip_in(text: str) -> str:
    """The 18 digits of a NIP written in ``text`` (groups joined), or ``""``."""
    match = _NIP.search(text)
    return re.sub(r"\D", "", match.group(1)) if match else ""


def only_nip(text: str) -> bool:
    """A cell that holds a NIP and nothing else (the line under a traveller's name)."""
    match = _NIP.search(text)
    if match is None:
        return False
    rest = (text[:match.start()] + text[match.end():]).strip(_SEPARATORS)
    return not rest or bool(_NIP_LABEL.fullmatch(rest + " "))


def person_in(text: str) -> Person:
    """The name and NIP written in one cell; lines after the first are read as the NIP or,
    failing that, left out of the name (a jabatan written under it)."""
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    if not lines:
        return Person("")
    nip = ""
    name = lines[0]
    for line in lines:
        found = nip_in(line)
        if found:
            nip = nip or found
    match = _NIP.search(name)
    if match:
        name = name[:match.start()]
    name = name.strip(_SEPARATORS + "(")
    return Person(" ".join(name.split()), nip)
