"""Fields and choices that concern a trip abroad only (luar negeri): the traveller's passport,
the foreign-travel permit, the embassy's confirmation, the passport/visa/permit items of the
checklist. A domestic study's pages leave them out; values already stored are kept (carried
through the form unseen), so changing the scope back loses nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from docgen.forms import FieldSpec
from docgen.study import Study

ABROAD_ONLY: frozenset[str] = frozenset({
    "plan.team[].passport_number",
    "coordination.permit_number",
    "coordination.permit_date",
})
"""Fields (generic paths) asked for a trip abroad only."""

ABROAD_ONLY_CHOICES: dict[str, frozenset[str]] = {
    "coordination.reply_kind": frozenset({"konfirmasi_kbri"}),
    "coordination.checklist[].item": frozenset({"passport", "visa", "travel_permit"}),
}
"""Choices of a select offered for a trip abroad only."""


def for_scope(specs: Iterable[FieldSpec], abroad: bool,
              in_use: dict[str, set[str]] | None = None) -> tuple[FieldSpec, ...]:
    """`specs` as a study within Indonesia (``abroad`` false) asks them: abroad-only fields
    kept as hidden inputs, abroad-only choices left out unless `in_use` (generic path →
    values the study holds) names them. Abroad: unchanged."""
    specs = tuple(specs)
    if abroad:
        return specs
    return tuple(_domestic(spec, in_use or {}) for spec in specs)


def _domestic(spec: FieldSpec, in_use: dict[str, set[str]]) -> FieldSpec:
    if spec.path in ABROAD_ONLY:
        return dataclasses.replace(spec, kind="hidden", children=())
    if spec.path in ABROAD_ONLY_CHOICES:
        left = ABROAD_ONLY_CHOICES[spec.path] - in_use.get(spec.path, set())
        return dataclasses.replace(spec, choices=tuple(c for c in spec.choices
                                                       if c.value not in left))
    if spec.children:
        return dataclasses.replace(spec, children=tuple(_domestic(c, in_use)
                                                        for c in spec.children))
    return spec


def study_specs(specs: Iterable[FieldSpec], study: Study) -> tuple[FieldSpec, ...]:
    """`specs` as `study`'s scope asks them (a choice the study already holds is kept)."""
    in_use = {"coordination.reply_kind": {study.coordination.reply_kind},
              "coordination.checklist[].item": {item.item for item in
                                                study.coordination.checklist}}
    return for_scope(specs, study.goals.abroad, in_use)
