"""The addressee of one invitation: what the letter prints after "Yth.", and, when it came
from a recipient sheet (:mod:`docgen.recipients`), the address and the city under it.

A study's own invitees are lines of text ("Kepala Dinas Kesehatan Kabupaten Sleman"); the
template context (:func:`docgen.context.build_context`) gives every template an
:class:`Invitee`, which prints as that line, so ``Yth. {{ invitee }}`` reads as before and
``{{ invitee.city }}`` is simply empty for a typed invitee.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Invitee:
    """One invitation's addressee (it prints as :attr:`jabatan`)."""

    jabatan: str
    """The line after "Yth.": the addressee's jabatan with the institution, "Kepala Desa
    Sukamaju" (tata naskah dinas addresses the office, not the person)."""
    address: str = ""
    """The street address printed under it, empty when none was given."""
    city: str = ""
    """The city written after "di" (empty: the letter says "di Tempat")."""
    name: str = ""
    """The official's name, when the recipient sheet gives one (not printed by the shipped
    template; the register shows it beside the jabatan)."""
    email: str = ""
    """Where the letter may be e-mailed, when the recipient sheet gives it."""
    institution: str = ""
    """The addressee's institution, "Pemerintah Desa Sukamaju", when the recipient sheet
    gives or implies one (already part of :attr:`jabatan` where the letter names it)."""

    def __str__(self) -> str:
        return self.jabatan


def as_invitee(value: Invitee | str | None) -> Invitee | None:
    """An :class:`Invitee` for a context: a study's typed invitee becomes one with only
    its text; None stays None (one letter with a distribution list)."""
    if value is None or isinstance(value, Invitee):
        return value
    return Invitee(jabatan=str(value))


_SHORT_WORDS = {"kab": "kabupaten", "kec": "kecamatan", "kel": "kelurahan", "prov": "provinsi",
                "ds": "desa"}


def _words(text: str) -> list[str]:
    """The words of a name for comparison: lower case, without punctuation, "Kab." as
    "kabupaten"."""
    words = re.findall(r"\w+", text.lower())
    return [_SHORT_WORDS.get(w, w) for w in words]


def _contains(outer: list[str], inner: list[str]) -> bool:
    size = len(inner)
    return any(outer[i:i + size] == inner for i in range(len(outer) - size + 1))


def addressee_line(jabatan: str, institution: str) -> str:
    """The line after "Yth." from a jabatan and an institution, the institution's words
    that the jabatan already ends with written once: "Kepala Desa" + "Desa Sukamaju" ->
    "Kepala Desa Sukamaju"; "Kepala Dinas Kesehatan" + "Dinas Kesehatan Kabupaten Sleman"
    -> "Kepala Dinas Kesehatan Kabupaten Sleman"; an institution the jabatan already names
    (compared without case or punctuation, "Kab." as "Kabupaten") is not repeated. The
    institution is written as typed ("Kepala Dinas" + "Dinas Pendidikan, Pemuda dan
    Olahraga" keeps its comma)."""
    jabatan, institution = " ".join(jabatan.split()), " ".join(institution.split())
    if not institution:
        return jabatan
    if not jabatan:
        return institution
    head, tail = _words(jabatan), _words(institution)
    if not tail or _contains(head, tail):
        return jabatan
    for overlap in range(min(len(head), len(tail)), 0, -1):
        if head[-overlap:] == tail[:overlap]:
            kept = jabatan.split()
            while kept and len(_words(" ".join(kept))) > len(head) - overlap:
                kept.pop()  # the jabatan's last words, which the institution starts with
            return f"{' '.join(kept)} {institution}".strip()
    return f"{jabatan} {institution}"


def file_stem(text: str, limit: int = 48) -> str:
    """A file-name part from an addressee, cut at a word, never inside one:
    "Kepala Desa Sukamaju" -> "kepala-desa-sukamaju"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "penerima")
