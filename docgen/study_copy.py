"""Copying from an earlier study of the same office what does not change from one visit to
the next: the office block, the team (names, NIP, pangkat/golongan, jabatan, roles), the legal
bases, the funding (source, programme, kegiatan, account; the DPA number and date only within
the same fiscal year).

Never copied: the numbers and dates of papers (they belong to that study's register), the
trip's dates, places and hosts, the budget lines and what was spent, the minutes, evaluation,
report and archive. :func:`copy_from` says what it copied, so the page can show it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from docgen.messages import Lang, text
from docgen.study import Funding, Study

PARTS = ("office", "team", "legal_bases", "funding")
"""What can be copied, in the order it is listed."""
STAGE_PARTS: dict[str, tuple[str, ...]] = {"goals": ("legal_bases",),
                                           "plan": ("team", "funding")}
"""The parts a stage page offers to copy."""
_FUNDING_ALWAYS = ("source", "program", "kegiatan", "sub_kegiatan", "account_code",
                   "account_name")
_FUNDING_SAME_YEAR = ("dpa_number", "dpa_date")


@dataclass(frozen=True)
class CopyNote:
    """One thing copied (or deliberately left), as the page lists it."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "id") -> str:
        return text(self.code, lang, **self.params)


def copy_from(earlier: Study, into: Study,
              parts: Iterable[str] = PARTS) -> tuple[Study, list[CopyNote]]:
    """A new study: `into` with `parts` taken from `earlier`; and what was copied. Parts
    that `earlier` does not have (no team, no legal bases) are left as they are."""
    wanted = [part for part in PARTS if part in set(parts)]
    updated = into.model_copy(deep=True)
    notes: list[CopyNote] = []
    if "office" in wanted:
        updated.office = earlier.office.model_copy(deep=True)
        notes.append(CopyNote("copy_office", {"name": earlier.office.name or "-"}))
    if "team" in wanted and earlier.plan.team:
        abroad = updated.goals.abroad
        updated.plan.team = [
            member.model_copy(update={} if abroad else {"passport_number": None}, deep=True)
            for member in earlier.plan.team]
        notes.append(CopyNote("copy_team", {"count": len(earlier.plan.team)}))
    if "legal_bases" in wanted and earlier.goals.legal_bases:
        updated.goals.legal_bases = list(earlier.goals.legal_bases)
        notes.append(CopyNote("copy_legal_bases", {"count": len(earlier.goals.legal_bases)}))
    if "funding" in wanted:
        notes += _copy_funding(earlier, updated)
    notes.append(CopyNote("copy_never"))
    return updated, notes


def _copy_funding(earlier: Study, updated: Study) -> list[CopyNote]:
    old = earlier.plan.funding
    if old == Funding():
        return []
    values = {name: getattr(old, name) for name in _FUNDING_ALWAYS}
    notes = [CopyNote("copy_funding")]
    if earlier.fiscal_year == updated.fiscal_year:
        values.update({name: getattr(old, name) for name in _FUNDING_SAME_YEAR})
        if old.dpa_number or old.dpa_date:
            notes.append(CopyNote("copy_dpa"))
    elif old.dpa_number or old.dpa_date:
        values.update({name: getattr(updated.plan.funding, name) for name in _FUNDING_SAME_YEAR})
        notes.append(CopyNote("copy_dpa_other_year", {"year": earlier.fiscal_year,
                                                      "this_year": updated.fiscal_year}))
    if earlier.fiscal_year != updated.fiscal_year:
        # "APBD Kabupaten Sleman Tahun Anggaran 2026" names the year: the new study's
        values["source"] = re.sub(rf"\b{earlier.fiscal_year}\b", str(updated.fiscal_year),
                                  values["source"])
    updated.plan.funding = Funding(**values)
    return notes

