"""What one stage already says, carried into another so that nobody types it twice.

* The aims of stage 1 become the rows of stage 6's results per aim while it has none: one
  row per aim, its result to fill in (:func:`with_aim_rows`, on showing the page; nothing is
  saved until the page is).
* A candidate newly ticked "Dipilih" in stage 3 fills a chosen destination (institution, its
  region and country) unless one with that institution is there already; a candidate
  unticked takes away the destination it filled, as long as nothing more was typed into it
  (:func:`chosen_destinations`, on saving the stage). A candidate that was already chosen
  is left alone, and so is one ticked when the office has typed as many destinations as
  there are chosen candidates: it has named the host more exactly (the Dinas PTSP of the
  Pemerintah Kota Surabaya ticked).

Both work on a stage's form values (:func:`docgen.forms.form_values` / ``parse_form``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from docgen.budget.vocab import province_name
from docgen.forms import blank_values, stage_fields, walk
from docgen.study import Study

FILLED_FROM_CANDIDATE = ("institution", "city", "province", "country")
"""What a destination takes from its candidate; a destination with anything else typed is
the office's own and stays when the candidate is unticked."""


def _key(text: Any) -> str:
    return " ".join(str(text or "").casefold().split())


def _row_blank(path: str) -> dict[str, Any]:
    spec = next(s for s in walk(stage_fields(path.split(".", 1)[0])) if s.path == path)
    return blank_values(spec.children)


def with_aim_rows(study: Study, values: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """Stage 6's values with a result row for each aim of stage 1 when it has no rows yet;
    and how many rows were added."""
    out = dict(values)
    rows = [dict(row) for row in out.get("aim_results") or []]
    if rows:
        return out, 0
    have = {_key(row.get("aim")) for row in rows}
    added = 0
    for aim in study.goals.aims:
        if aim.strip() and _key(aim) not in have:
            rows.append({**_row_blank("evaluation.aim_results"), "aim": aim.strip()})
            have.add(_key(aim))
            added += 1
    out["aim_results"] = rows
    return out, added


@dataclass
class Carried:
    """What saving stage 3 did to the chosen destinations."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Destinations of an unticked candidate kept because more was typed into them."""


def _place(candidate: Mapping[str, Any]) -> dict[str, str]:
    region = str(candidate.get("region") or "").strip()
    country = str(candidate.get("country") or "").strip() or "Indonesia"
    domestic = _key(country) == "indonesia"
    province = province_name(region) if region and domestic else None
    if province:
        return {"province": province, "city": "", "country": country}
    return {"province": "", "city": region, "country": country}


def _only_filled(destination: Mapping[str, Any]) -> bool:
    blank = _row_blank("destination.destinations")
    return all(destination.get(name) in (None, "", blank.get(name))
               for name in blank if name not in FILLED_FROM_CANDIDATE)


def chosen_destinations(values: Mapping[str, Any],
                        stored: Mapping[str, Any] | None) -> tuple[dict[str, Any], Carried]:
    """Stage 3's posted values with the destinations following the ticked candidates;
    `stored` is the stage as saved before (to tell which candidates were unticked)."""
    out = dict(values)
    candidates = [c for c in out.get("candidates") or [] if _key(c.get("institution"))]
    destinations = [dict(d) for d in out.get("destinations") or []]
    carried = Carried()
    before = {_key(c.get("institution")) for c in (stored or {}).get("candidates") or []
              if c.get("chosen") and _key(c.get("institution"))}
    chosen = {_key(c.get("institution")) for c in candidates if c.get("chosen")}
    for name in before - chosen:
        for destination in list(destinations):
            if _key(destination.get("institution")) != name:
                continue
            if _only_filled(destination):
                destinations.remove(destination)
                carried.removed.append(str(destination.get("institution")))
            else:
                carried.kept.append(str(destination.get("institution")))
    present = {_key(d.get("institution")) for d in destinations}
    for candidate in candidates:
        name = _key(candidate.get("institution"))
        if not candidate.get("chosen") or name in before or name in present:
            continue
        if len([d for d in destinations if _key(d.get("institution"))]) >= len(chosen):
            break  # each chosen candidate has a host already, named by the office
        institution = str(candidate.get("institution")).strip()
        destinations.append({**_row_blank("destination.destinations"),
                             "institution": institution, **_place(candidate)})
        present.add(name)
        carried.added.append(institution)
    out["destinations"] = destinations
    return out, carried
