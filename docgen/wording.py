"""Wording that joins the study's activity to where it goes, and the days of each visit.

Letters say "melaksanakan <kegiatan> ke <instansi tujuan>". Offices often title a study
with its destination already in it ("Studi Banding Pengelolaan Arsip ke Kota Surabaya");
joined as it is, the letter would say "… ke Kota Surabaya ke Badan … Kota Surabaya".
:func:`activity` is the title without such a closing phrase, when the phrase names the
study's own destinations (their city, province, country or institution) or a place in
general ("luar negeri", "luar daerah"); any other title is kept as typed, so a topic such
as "… di Lingkungan Pemerintah Daerah" is never cut.

:func:`visit_days` gives the days the team spends at one host, read from the agenda (the
days whose place, activity or person in charge names the host: by its name, its initials
such as BPKPD, or the unit its addressee heads), else the host's own visit date, else the trip; a letter to each
host names that host's own days, not the trip's first day.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.study import Destination, Study

PLACE_WORDS = re.compile(
    r"^(?:pemerintah\s+(?:kota|kabupaten|provinsi|daerah)|pemkot|pemkab|pemprov|kota|"
    r"kabupaten|kab\.|provinsi|prov\.|negara|negeri|daerah\s+istimewa|diy|dki)\s+")
"""Words that stand before a place's own name ("Kota Surabaya", "Pemerintah Provinsi …")."""
GENERAL_PLACES = frozenset({
    "luar negeri", "luar daerah", "luar provinsi", "luar kota", "luar wilayah",
    "mancanegara", "dalam negeri", "daerah lain", "instansi tujuan"})
"""Destinations named in general in a title; the letter names the hosts instead."""
JOINERS = re.compile(r"\s*,\s*(?:dan\s+|serta\s+)?|\s+(?:dan|serta)\s+")
LINKS = re.compile(r"\s(?:ke|di)\s", re.IGNORECASE)
SMALL_WORDS = frozenset({"dan", "serta", "di", "ke", "dari", "untuk", "pada", "the", "of",
                         "and"})
PLACE_TITLES = frozenset({"kota", "kabupaten", "provinsi", "kab.", "prov."})


def _plain(text: str) -> str:
    if type(text) is str:  # remembered: a letter asks about the same names many times
        return _plain_text(text)
    return _plain_uncached(text)


def _plain_uncached(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


_plain_text = functools.lru_cache(maxsize=4096)(_plain_uncached)


@functools.lru_cache(maxsize=1024)
def _whole_words(needle: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")


def _words_in(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` as whole words."""
    return bool(needle) and _whole_words(needle).search(haystack) is not None


def _names(destinations: Iterable[Destination]) -> tuple[set[str], list[str]]:
    """The destinations' place names (city, province, country) and institutions, plain."""
    places: set[str] = set()
    institutions: list[str] = []
    for d in destinations:
        for name in (d.city, d.province, d.country):
            plain = _plain(name)
            if plain:
                places.add(PLACE_WORDS.sub("", plain))
        if d.institution.strip():
            institutions.append(_plain(d.institution))
    return places, institutions


def _names_destination(phrase: str, places: set[str], institutions: list[str]) -> bool:
    """Whether `phrase` (plain) is one of the destinations or a place in general."""
    phrase = phrase.strip(" .,;:")
    if not phrase:
        return False
    if phrase in GENERAL_PLACES:
        return True
    bare = phrase
    while (shorter := PLACE_WORDS.sub("", bare)) != bare:
        bare = shorter
    if bare in places:
        return True
    return any(_words_in(phrase, name) for name in institutions)


def _names_destinations(phrase: str, places: set[str], institutions: list[str]) -> bool:
    """The phrase names destinations: as a whole, or each of its parts joined by commas,
    "dan" or "serta" ("Kota Surabaya dan Kota Malang")."""
    if _names_destination(phrase, places, institutions):
        return True
    parts = [p for p in JOINERS.split(phrase) if p.strip()]
    return len(parts) > 1 and all(_names_destination(p, places, institutions) for p in parts)


def activity(title: str, destinations: Sequence[Destination]) -> str:
    """The study's title without a closing "ke …" or "di …" that names its destinations
    (see the module's description); the title as typed otherwise."""
    if not destinations:
        return title
    places, institutions = _names(destinations)
    for link in LINKS.finditer(title):
        head, tail = title[:link.start()].rstrip(" ,"), title[link.end():]
        if head and _names_destinations(_plain(tail), places, institutions):
            return head
    return title


def initials(institution: str) -> str:
    """The initials an office abbreviates an institution by, from the words before its
    region: "Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya" → "bpkpd"."""
    words = _plain(institution).split()
    head: list[str] = []
    for word in words:
        if word in PLACE_TITLES:
            break
        head.append(word)
    letters = [w[0] for w in head if w not in SMALL_WORDS and w[0].isalpha()]
    return "".join(letters) if len(letters) >= 3 else ""


POSITIONS = re.compile(
    r"^(?:plt\.?\s+|plh\.?\s+)?(?:kepala|direktur|ketua|sekretaris|pimpinan|"
    r"wali\s?kota|bupati|gubernur)\s+")
"""The position an addressee starts with ("Kepala Bappedalitbang Kota Surabaya")."""


def host_names(host: Destination) -> list[str]:
    """The names an agenda may call a host by (plain): its institution, its initials, and
    the unit its addressee heads ("Kepala Bappedalitbang Kota Surabaya" →
    "bappedalitbang kota surabaya")."""
    names = [_plain(host.institution), initials(host.institution)]
    unit = POSITIONS.sub("", _plain(host.addressee))
    if unit != _plain(host.addressee) and PLACE_WORDS.sub("", unit) not in (
            _plain(host.city), ""):
        names.append(unit)
    return [n for n in dict.fromkeys(names) if n]


def _is_journey(activity_text: str) -> bool:
    return _plain(activity_text).startswith("perjalanan")


@dataclass(frozen=True)
class VisitDays:
    """The first and last day of a visit (the same day for a one-day visit)."""

    first: date | None
    """Hari pertama kunjungan ke instansi ini."""
    last: date | None
    """Hari terakhir kunjungan (sama dengan `first` bila sehari)."""


def visit_days(study: Study, index: int) -> VisitDays:
    """The days the team spends at destination `index`: the agenda's days (journeys left
    out) whose place, activity or person in charge names the host, by name or initials;
    else the host's visit date; else the trip's first and last day."""
    destinations = study.destination.destinations
    plan = study.plan
    trip = VisitDays(plan.start_date, plan.end_date or plan.start_date)
    if not 0 <= index < len(destinations):
        return trip
    host = destinations[index]
    names = host_names(host)
    days = sorted({
        a.date for a in plan.agenda
        if a.date is not None and not _is_journey(a.activity) and any(
            _words_in(n, _plain(f"{a.place} | {a.activity} | {a.pic}")) for n in names)})
    if days:
        return VisitDays(days[0], days[-1])
    if host.visit_date is not None:
        return VisitDays(host.visit_date, host.visit_date)
    return trip
