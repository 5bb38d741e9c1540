"""The budget lines a study already implies: who travels, for how many days, where to.

Uang harian for every traveller and day, lodging for every night, a return ticket and the
trips to and from the airport per traveller (abroad also visa and travel insurance), each with
its volume worked out (``4 orang × 3 hari`` = 12 OH) and the account code of the study's
funding. Prices are left for the office to fill in from its standard costs. Used to pre-fill
the budget workbook template and the table of budget lines typed in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.budget.caps import LEVELS
from docgen.budget.checks import member_level
from docgen.budget.model import BudgetContext
from docgen.budget.vocab import country_name, province_name
from docgen.study import COMPONENTS, Study


@dataclass(frozen=True)
class Suggested:
    """One line to fill in: everything but the price."""

    component: str
    description: str
    volume: int
    unit: str
    account_code: str = ""

    def row(self) -> dict[str, str]:
        """The line as the typed-budget form holds it."""
        return {"component": self.component, "description": self.description,
                "volume": str(self.volume), "unit": self.unit, "unit_price": "",
                "account_code": self.account_code, "note": ""}

    def cells(self) -> tuple[str, str, int, str]:
        """Komponen, Uraian, Volume, Satuan as the workbook writes them."""
        return (COMPONENTS[self.component][0], self.description, self.volume, self.unit)


def place(study: Study) -> tuple[str, str]:
    """(province, country) of the first destination, as the cap tables name them; the
    country empty for a domestic trip."""
    context = BudgetContext.from_study(study)
    if context.country:
        return "", country_name(context.country) or context.country
    if context.province:
        return province_name(context.province) or context.province, ""
    return "", ""


def suggested_lines(study: Study) -> list[Suggested]:
    """The lines of a trip of the study's team for its days; empty when the team or the
    dates are not known yet."""
    people = len(study.plan.team)
    days = study.plan.duration_days
    if not people or days <= 0:
        return []
    province, country = place(study)
    account = study.plan.funding.account_code
    first = study.destination.destinations[0] if study.destination.destinations else None
    city = first.city if first else ""
    origin = study.plan.departure_place
    route = f" {origin} – {city}" if origin and city else ""
    nights = days - 1
    who = f"({people} orang × {days} hari)"
    if country or study.goals.abroad:
        where = f" {country}" if country else ""
        lines = [Suggested("uang_harian", f"Uang harian luar negeri{where} {who}",
                           people * days, "OH", account)]
    else:
        where = f" Provinsi {province}" if province else ""
        lines = [Suggested("uang_harian", f"Uang harian luar kota{where} {who}",
                           people * days, "OH", account)]
    if nights > 0:
        lines += _lodging(study, nights, account)
    lines.append(Suggested("tiket", f"Tiket pesawat{route} pergi pulang", people, "orang",
                           account))
    lines.append(Suggested("transport_lokal", f"Transport dari/ke bandara di tempat asal "
                           f"({people} orang × 2 kali)", people * 2, "kali", account))
    if country or study.goals.abroad:
        lines.append(Suggested("paspor_visa", f"Visa kunjungan dinas{(' ' + country) if country else ''}",
                               people, "orang", account))
        lines.append(Suggested("asuransi", "Asuransi perjalanan luar negeri", people, "orang",
                               account))
    return lines


def _lodging(study: Study, nights: int, account: str) -> list[Suggested]:
    """Lodging per cost level of the team (the level named, so that its cap is checked)."""
    counts: dict[str, int] = {}
    for member in study.plan.team:
        level = member_level(member) or ""
        counts[level] = counts.get(level, 0) + 1
    order = list(LEVELS)
    out = []
    for level in sorted(counts, key=lambda lv: order.index(lv) if lv in order else len(order)):
        count = counts[level]
        label = f" {LEVELS[level][0][:1].upper()}{LEVELS[level][0][1:]}" if level else ""
        out.append(Suggested("penginapan", f"Penginapan{label} ({count} orang × {nights} malam)",
                             count * nights, "OM", account))
    return out


def prefilled_template(study: Study) -> bytes:
    """The RAB workbook template with the study's title as the activity, its destination
    (province, or country abroad) and the suggested lines, prices left empty."""
    from docgen.budget.workbook import template_workbook

    province, country = place(study)
    return template_workbook(
        study.fiscal_year, activity=study.goals.title, province=province or country,
        lines=[(*line.cells(), line.account_code) for line in suggested_lines(study)])
