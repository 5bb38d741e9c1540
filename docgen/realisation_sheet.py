"""The realisation filled from an uploaded rincian per traveller.

The budget reader (:mod:`docgen.budget`) reads a rincian biaya per person (a row per
traveller followed by cost rows, or one column per cost) into lines that keep the
traveller's name and NIP. Each line becomes a :class:`~docgen.realisation.RealisationLine`
of the team member with that NIP or, failing that, that name (titles, case and punctuation
aside). A person of the sheet who is not in the team, or a line of nobody, is refused with
the cell of its first amount; then nothing is changed.

A traveller found in the sheet gets the sheet's lines in place of theirs (the advance and
the evidence of lines that remain are not known to the sheet: the advance is kept, the
evidence is to be uploaded); travellers not in the sheet keep what they had. Used by
``docgen budget attach --realisation`` and the realisation page of the web (its upload).
"""

from __future__ import annotations

from datetime import date

from docgen.budget.model import ParsedBudget, ParsedLine, _places
from docgen.budget.values import norm
from docgen.messages import Problem
from docgen.realisation import BUDGET_TO_REALISATION, RealisationLine, TravellerCosts
from docgen.study import MONEY_PLACES, PRICE_PLACES, Study, TeamMember

RECHECKED = frozenset({"budget_above_cap", "budget_representasi_not_eligible",
                       "budget_representasi_nobody"})
"""Errors of the RAB's checks that do not stop a realisation: the caps and who may receive
uang representasi are checked again per traveller (:mod:`docgen.realisation_checks`)."""


def match_member(line: ParsedLine, team: list[TeamMember]) -> int | None:
    """The index of the team member a sheet line is for: by NIP, else by name."""
    if line.nip:
        for i, member in enumerate(team):
            if member.nip == line.nip:
                return i
    person = norm(line.person)
    if not person:
        return None
    for i, member in enumerate(team):
        if member.name and (norm(member.full_name) == person or norm(member.name) == person
                            or f" {norm(member.name)} " in f" {person} "):
            return i
    return None


def _line(line: ParsedLine, rate_date: date | None) -> RealisationLine:
    component = BUDGET_TO_REALISATION[line.component]
    foreign = line.currency != "IDR" and line.foreign_price is not None
    note = f"dari {line.source_ref}"
    if foreign:
        return RealisationLine(
            component=component, description=line.description, quantity=line.volume or 1,
            unit=line.unit, currency=line.currency,
            unit_price=_places(line.foreign_price, PRICE_PLACES), exchange_rate=line.rate,
            exchange_date=rate_date, note=note)
    lump = "lump" in line.flags or line.volume is None
    price = line.amount if lump else line.unit_price
    return RealisationLine(
        component=component, description=line.description,
        quantity=1 if lump else line.volume, unit="paket" if lump else line.unit,
        unit_price=_places(price, PRICE_PLACES),
        amount=_places(line.amount, MONEY_PLACES), note=note)


def realisation_from_sheet(study: Study, parsed: ParsedBudget, *,
                           rate_date: date | None = None) -> tuple[Study | None, list[Problem]]:
    """A new study whose travellers named in `parsed` have its lines as their realisation,
    or ``None`` and the problems (each naming its cell) when the sheet cannot be used."""
    problems: list[Problem] = [p for p in parsed.errors if p.code not in RECHECKED]
    if not parsed.lines and not problems:
        problems.append(Problem(parsed.sheet or parsed.source, "budget_no_lines",
                                params={"row": parsed.header_row}))
    team = list(study.plan.team)
    found: dict[int, list[RealisationLine]] = {}
    refused: set[str] = set()
    for line in parsed.lines:
        if not (line.person or line.nip):
            problems.append(Problem(line.source_ref, "realisation_sheet_no_person",
                                    params={"value": line.description}))
            continue
        index = match_member(line, team)
        if index is None:
            key = line.nip or norm(line.person)
            if key not in refused:
                refused.add(key)
                problems.append(Problem(line.source_ref, "realisation_sheet_person_unknown",
                                        params={"who": line.traveller,
                                                "count": len(team)}))
            continue
        if line.currency != "IDR" and rate_date is None:
            problems.append(Problem(line.source_ref, "realisation_sheet_rate_date",
                                    params={"currency": line.currency}))
            continue
        try:
            found.setdefault(index, []).append(_line(line, rate_date))
        except ValueError as exc:  # a value the model refuses (bounds)
            problems.append(Problem(line.source_ref, "realisation_sheet_line",
                                    params={"detail": str(exc).splitlines()[0]}))
    if problems:
        return None, problems
    updated = study.model_copy(deep=True)
    entries = list(updated.realisation.travellers)
    for index, lines in found.items():
        entry = next((e for e in entries if e.traveller == index), None)
        if entry is None:
            entries.append(TravellerCosts(traveller=index, lines=lines))
        else:
            entry.lines = lines
    updated.realisation.travellers = sorted(entries, key=lambda e: e.traveller)
    return updated, []
