"""The checks of what each traveller spent (``study.realisation``), beside the RAB's.

The same standard costs as the budget (:mod:`docgen.budget.checks`, :mod:`docgen.budget.caps`)
are looked up per traveller: their tier from the team (eselon, else golongan; abroad the
golongan A–D), the destination's province or country, and the fiscal year. Every problem
names the traveller, the component and, for a cap, the cap with its legal basis. Above a
verified cap is an error, above an unverified one a warning, as for the RAB.

Also checked: the line's arithmetic (a stated amount equal to quantity × rate × kurs within
Rp1), evidence or a pengeluaran riil statement for every cost paid at cost, the lodging lump
sum (only for penginapan, at most 30% of the cap: :func:`lump_sum_rate`), days and nights
within the trip, uang representasi only for eselon II and above, each traveller a member of
the team and listed once, and the budget's ``realized`` amounts per component against the
lines (the lines win: see :mod:`docgen.realisation`).
"""

from __future__ import annotations

from decimal import Decimal

from docgen import idformat
from docgen.budget import vocab
from docgen.budget.caps import KINDS, LEVELS, CapRow, CapSet, default_caps
from docgen.budget.checks import ELIGIBLE_FOR_REPRESENTASI, foreign_grade, member_level
from docgen.budget.model import BudgetContext
from docgen.messages import Problem
from docgen.realisation import (
    LUMP_SUM_BASIS,
    LUMP_SUM_SHARE,
    REALISATION_COMPONENTS,
    RUPIAH,
    TOLERANCE,
    RealisationLine,
    TravellerCosts,
    budget_by_component,
    realisation_by_component,
    to_rupiah,
)
from docgen.study import Study, TeamMember, label


def _rp(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return idformat.rupiah(value, decimals=value != value.to_integral())


def _cap_text(cap: CapRow, amount: Decimal | None = None) -> str:
    value = cap.amount if amount is None else amount
    if cap.currency == "IDR":
        return _rp(value)
    return f"{cap.currency} {idformat.angka(value, None)}"


def where(study: Study) -> tuple[str | None, str | None]:
    """The trip's province (at home) and country (abroad), canonical names."""
    context = BudgetContext.from_study(study)
    province = context.province and (vocab.province_name(context.province) or context.province)
    country = context.country and (vocab.country_name(context.country) or context.country)
    return province, country


def _member(study: Study, index: int) -> TeamMember | None:
    team = study.plan.team
    return team[index] if 0 <= index < len(team) else None


def _who(member: TeamMember | None, index: int) -> str:
    return member.full_name if member and member.full_name else f"pelaksana nomor {index + 1}"


def lodging_cap(study: Study, index: int, caps: CapSet | None = None) -> CapRow | None:
    """The lodging cap in force for team member `index` on this trip (``None`` when the
    province, the member's tier or a cap is unknown, or abroad)."""
    member = _member(study, index)
    province, country = where(study)
    level = member_level(member) if member else None
    if member is None or not province or country or level is None:
        return None
    return (caps or default_caps()).lookup("penginapan", province, level, study.fiscal_year)


def lump_sum_rate(study: Study, index: int,
                  caps: CapSet | None = None) -> tuple[Decimal, CapRow] | None:
    """The lodging lump sum per night for team member `index` when no hotel receipt exists:
    30% of the lodging cap of their tier at the destination (PMK 113/PMK.05/2012 Pasal 8
    ayat (4)–(5); PER-22/PB/2013 Pasal 13 ayat (2)), rounded half up to the whole rupiah;
    with the cap it comes from. ``None`` when no cap can be found."""
    cap = lodging_cap(study, index, caps)
    if cap is None or cap.currency != "IDR":
        return None
    return to_rupiah(cap.amount * LUMP_SUM_SHARE, RUPIAH), cap


def check_realisation(study: Study, caps: CapSet | None = None) -> list[Problem]:
    """Every problem of ``study.realisation`` (errors and warnings)."""
    caps = caps or default_caps()
    problems: list[Problem] = []
    seen: set[int] = set()
    for i, entry in enumerate(study.realisation.travellers):
        base = f"realisation.travellers[{i}]"
        member = _member(study, entry.traveller)
        if member is None:
            problems.append(Problem(f"{base}.traveller", "realisation_traveller_unknown",
                                    params={"number": entry.traveller + 1,
                                            "count": len(study.plan.team)}))
        elif entry.traveller in seen:
            problems.append(Problem(f"{base}.traveller", "realisation_traveller_twice",
                                    params={"who": _who(member, entry.traveller)}))
        seen.add(entry.traveller)
        problems += _traveller_problems(study, entry, base, member, caps)
    problems += budget_problems(study)
    return problems


def _traveller_problems(study: Study, entry: TravellerCosts, base: str,
                        member: TeamMember | None, caps: CapSet) -> list[Problem]:
    problems: list[Problem] = []
    who = _who(member, entry.traveller)
    days = max(study.plan.duration_days, 0)
    for j, line in enumerate(entry.lines):
        path = f"{base}.lines[{j}]"
        what = {"who": who, "component": line.component_label}
        problems += _line_problems(line, path, what)
        if days and line.component in ("uang_harian", "representasi") and per_unit(line) and (
                line.quantity > days):
            problems.append(Problem(f"{path}.quantity", "realisation_more_days", params={
                **what, "count": _qty(line.quantity), "days": days}))
        if days and line.component == "penginapan" and per_unit(line) and (
                line.quantity > max(days - 1, 0)):
            problems.append(Problem(f"{path}.quantity", "realisation_more_nights", params={
                **what, "count": _qty(line.quantity), "nights": max(days - 1, 0)}))
        if member is not None:
            problems += _cap_problems(study, entry.traveller, member, line, path, what, caps)
    nights = sum((line.quantity for line in entry.lines
                  if line.component == "penginapan" and per_unit(line)), Decimal(0))
    if days and nights > max(days - 1, 0) and not any(
            p.code == "realisation_more_nights" for p in problems):
        problems.append(Problem(f"{base}.lines", "realisation_more_nights", params={
            "who": who, "component": label(REALISATION_COMPONENTS, "penginapan"),
            "count": _qty(nights), "nights": max(days - 1, 0)}))
    return problems


LUMP_UNITS = frozenset({"paket", "ls", "lumpsum", "lump sum", "lumsum"})


def per_unit(line: RealisationLine) -> bool:
    """False for a lump amount (unit ``paket``, ``LS``: a cell of a sheet's cost column
    without its days or nights), whose rate is not a rate per day or night."""
    return line.unit.strip().lower() not in LUMP_UNITS


def _qty(value: Decimal) -> str:
    return idformat.angka(value.normalize() if value == value.to_integral() else value, None)


def _line_problems(line: RealisationLine, path: str, what: dict[str, str]) -> list[Problem]:
    problems = []
    if line.unit_price is None and line.amount is None:
        problems.append(Problem(f"{path}.unit_price", "realisation_no_rate", params=what))
    computed = line.computed
    if line.amount is not None and computed is not None and (
            abs(line.amount - computed) > TOLERANCE):
        problems.append(Problem(f"{path}.amount", "realisation_amount_mismatch", params={
            **what, "amount": _rp(line.amount), "expected": _rp(computed),
            "rate": line.rate_text}))
    if line.lump_sum and line.component != "penginapan":
        problems.append(Problem(f"{path}.lump_sum", "realisation_lump_sum_not_lodging",
                                params=what))
    if line.pengeluaran_riil and not line.riil_statement:
        problems.append(Problem(f"{path}.riil_statement", "realisation_riil_statement",
                                params=what))
    if line.needs_evidence and not line.evidence and not line.pengeluaran_riil:
        problems.append(Problem(f"{path}.evidence", "realisation_no_evidence", "warning",
                                params=what))
    return problems


def _compared(line: RealisationLine, cap: CapRow) -> Decimal | None:
    """The line's rate in the cap's currency (``None`` when it cannot be told)."""
    if line.unit_price is None:
        return None
    if line.currency == cap.currency:
        return line.unit_price
    if cap.currency == "IDR" and line.exchange_rate is not None:
        return line.unit_price * line.exchange_rate
    return None


def _cap_params(cap: CapRow, kind: str) -> dict[str, object]:
    return {"cap": _cap_text(cap), "unit": cap.unit, "kind": KINDS[kind][0],
            "region": cap.region,
            "level": "" if cap.level == "*" else f", {LEVELS[cap.level][0]}",
            "year": cap.year, "basis": cap.legal_basis}


def _cap_problems(study: Study, index: int, member: TeamMember, line: RealisationLine,
                  path: str, what: dict[str, str], caps: CapSet) -> list[Problem]:
    province, country = where(study)
    year = study.fiscal_year
    component = line.component
    if component == "representasi":
        level = member_level(member)
        if level not in ELIGIBLE_FOR_REPRESENTASI:
            return [Problem(f"{path}.component", "realisation_representasi_not_eligible",
                            params={**what, "level": LEVELS.get(level or "", ("-", "-"))[0]})]
        kind, region = "uang_representasi_luar_kota", "*"
    elif component == "uang_harian" and per_unit(line):
        if country:
            kind, region, level = "uang_harian_luar_negeri", country, foreign_grade(member)
        else:
            kind, region, level = "uang_harian_luar_kota", province, "*"
    elif component == "penginapan" and not country and (line.lump_sum or per_unit(line)):
        kind, region, level = "penginapan", province, member_level(member)
    else:
        return []
    if region is None:
        return []
    if level is None:
        code = ("realisation_lump_sum_no_cap" if line.lump_sum
                else "realisation_cap_no_level")
        return [Problem(f"{path}.unit_price", code, "warning",
                        params={**what, "kind": KINDS[kind][0]})]
    cap = caps.lookup(kind, region, level, year)
    if cap is None:
        if line.lump_sum:
            return [Problem(f"{path}.unit_price", "realisation_lump_sum_no_cap", "warning",
                            params={**what, "kind": KINDS[kind][0]})]
        return []
    price = _compared(line, cap)
    if price is None:
        return []
    if line.lump_sum:
        lump = to_rupiah(cap.amount * LUMP_SUM_SHARE, RUPIAH)
        if price <= lump:
            return []
        return [Problem(f"{path}.unit_price", "realisation_lump_sum_above", "error", params={
            **what, **_cap_params(cap, kind), "price": _rp(price), "lump": _rp(lump),
            "lump_basis": LUMP_SUM_BASIS})]
    if price <= cap.amount:
        return []
    code, severity = (("realisation_above_cap", "error") if cap.verified
                      else ("realisation_above_cap_unverified", "warning"))
    shown = _rp(price) if cap.currency == "IDR" else f"{cap.currency} {idformat.angka(price, None)}"
    return [Problem(f"{path}.unit_price", code, severity, params={
        **what, **_cap_params(cap, kind), "price": shown})]


def budget_problems(study: Study) -> list[Problem]:
    """When both are entered, the budget's ``realized`` per component equals the lines'."""
    if not (study.realisation.entered and study.plan.has_realization):
        return []
    spent = realisation_by_component(study)
    _planned, realized = budget_by_component(study)
    problems = []
    for code, value in spent.items():
        if abs(value - realized[code]) > TOLERANCE:
            problems.append(Problem("plan.budget", "realisation_budget_mismatch", "warning",
                                    params={"component": label(REALISATION_COMPONENTS, code),
                                            "lines": _rp(value), "realized": _rp(realized[code])}))
    return problems
