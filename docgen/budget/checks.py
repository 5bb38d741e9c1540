"""The checks a budget passes after it is read: arithmetic of every line, subtotals and the
total, the terbilang, duplicated lines, who may receive uang representasi, and standard cost
caps. Errors block the budget; warnings are shown and kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from docgen import idformat
from docgen.budget import vocab
from docgen.budget.caps import KINDS, LEVELS, CapRow, CapSet, default_caps
from docgen.budget.model import (
    TOLERANCE,
    BudgetContext,
    DeclaredTotal,
    ParsedBudget,
    ParsedLine,
    money,
)
from docgen.budget.values import norm, shown
from docgen.messages import Problem
from docgen.personnel import eselon_level
from docgen.study import MAX_BUDGET_LINES, TOTAL_MAX, TeamMember

ELIGIBLE_FOR_REPRESENTASI = ("pejabat_negara", "eselon_i", "eselon_ii")
CAPPED_COMPONENTS = frozenset({"uang_harian", "penginapan", "uang_representasi",
                               "paket_meeting"})
_SKIP = {"unreadable", "merged"}


def check_budget(budget: ParsedBudget, context: BudgetContext | None = None) -> None:
    """Run every check; the problems are added to ``budget.problems``."""
    context = context or BudgetContext()
    if budget.sheet and not budget.lines and not budget.errors:
        budget.problems.append(Problem(budget.sheet, "budget_no_lines", "error",
                                       {"row": budget.header_row}))
    for line in budget.lines:
        if not line.flags & _SKIP:
            budget.problems += line_problems(line)
    budget.problems += size_problems(budget)
    budget.problems += total_problems(budget)
    budget.problems += terbilang_problems(budget)
    budget.problems += duplicate_problems(budget.lines)
    team = list(context.team)
    for line in budget.lines:
        if line.component == "uang_representasi":
            budget.problems += representasi_problems(line, team)
    budget.problems += cap_problems(budget, context)


def _rp(value: Decimal | None) -> str:
    return "-" if value is None else idformat.rupiah(value, decimals=value != value.to_integral())


def line_problems(line: ParsedLine) -> list[Problem]:
    """Positive volume and price, a non-negative Jumlah equal to volume × price (± Rp1)."""
    problems = []
    price_role = "unit_price"
    checks = (("volume", line.volume),
              (price_role, line.foreign_price if line.currency != "IDR" else line.unit_price))
    for role, value in checks:
        if value is not None and value <= 0:
            problems.append(Problem(line.ref(role), "budget_not_positive", "error", {
                "value": shown(value), **line.field(role)}))
    if line.declared is not None and line.declared < 0 and not problems:
        problems.append(Problem(line.ref("amount"), "budget_not_positive", "error", {
            "value": shown(line.declared), **line.field("amount")}))
    computed = line.computed
    if line.declared is not None and computed is not None and (
            abs(line.declared - computed) > TOLERANCE):
        price = line.foreign_note or _rp(line.unit_price)
        problems.append(Problem(line.ref("amount"), "budget_line_mismatch", "error", {
            "amount": _rp(line.declared), "volume": shown(line.volume), "price": price,
            "expected": _rp(computed)}))
    return problems


def _running_sums(lines: list[ParsedLine]) -> tuple[list[Decimal], list[int]]:
    """Running sums of the line amounts, and running counts of lines without one, so that
    any run of lines is summed in one step."""
    sums, missing = [Decimal(0)], [0]
    for line in lines:
        amount = line.amount
        usable = amount is not None and not line.flags & _SKIP
        sums.append(sums[-1] + amount if usable else sums[-1])
        missing.append(missing[-1] + (0 if usable else 1))
    return sums, missing


def total_problems(budget: ParsedBudget) -> list[Problem]:
    """Each subtotal and the total equal the sum of the lines they cover (± Rp1); a total
    over a line that could not be read is not judged."""
    problems = []
    sums, missing = _running_sums(budget.lines)
    for total in budget.totals:
        if total.by_column:
            problems += column_total_problems(budget, total)
        if total.declared is None or "unreadable" in total.flags:
            continue
        if missing[total.last] - missing[total.first]:
            continue
        computed = sums[total.last] - sums[total.first]
        if abs(total.declared - computed) <= TOLERANCE:
            continue
        covered = budget.lines[total.first:total.last]
        rows = f"{covered[0].row}–{covered[-1].row}" if covered else "-"
        code = "budget_total_mismatch" if total.kind == "total" else "budget_subtotal_mismatch"
        problems.append(Problem(total.ref, code, "error", {
            "label": total.label, "declared": _rp(total.declared), "computed": _rp(computed),
            "count": len(covered), "rows": rows}))
    return problems


def column_total_problems(budget: ParsedBudget, total: DeclaredTotal) -> list[Problem]:
    """Each cost cell of a total row in a table with a column per cost equals the sum of
    that column's lines it covers (± Rp1); a column with a line that could not be read is not
    judged."""
    problems = []
    covered = budget.lines[total.first:total.last]
    for letter, declared in total.by_column.items():
        lines = [line for line in covered if line.cells.get("amount") == letter]
        if any(line.amount is None or line.flags & _SKIP for line in lines):
            continue
        computed = sum((line.amount for line in lines if line.amount is not None), Decimal(0))
        if abs(declared - computed) <= TOLERANCE:
            continue
        title = lines[0].titles.get("amount", letter) if lines else letter
        rows = f"{lines[0].row}–{lines[-1].row}" if lines else "-"
        problems.append(Problem(f"{total.sheet}!{letter}{total.row}",
                                "budget_column_total_mismatch", "error", {
                                    "column": title, "label": total.label,
                                    "declared": _rp(declared), "computed": _rp(computed),
                                    "count": len(lines), "rows": rows}))
    return problems


def _words(text: str) -> list[str]:
    return [w for w in norm(text).split() if w not in ("rupiah", "rp", "terbilang")]


def size_problems(budget: ParsedBudget) -> list[Problem]:
    """No more lines, and no larger a total, than a study's plan may hold."""
    problems = []
    if len(budget.lines) > MAX_BUDGET_LINES:
        problems.append(Problem(budget.sheet, "budget_too_many_lines", "error", {
            "count": len(budget.lines), "limit": MAX_BUDGET_LINES}))
    if budget.total > TOTAL_MAX:
        problems.append(Problem(budget.sheet, "budget_total_too_large", "error", {
            "total": idformat.angka(budget.total, None),
            "limit": idformat.angka(TOTAL_MAX)}))
    return problems


def terbilang_problems(budget: ParsedBudget) -> list[Problem]:
    """The amount in words written in the sheet, if any, reads the total."""
    if not budget.terbilang or not budget.lines or budget.total > TOTAL_MAX or any(
            line.flags & _SKIP for line in budget.lines):
        return []
    expected = idformat.terbilang_rupiah(money(budget.total))
    if _words(budget.terbilang) == _words(expected):
        return []
    return [Problem(budget.terbilang_ref, "budget_terbilang_mismatch", "warning", {
        "seen": shown(budget.terbilang), "expected": idformat.kapital(expected),
        "total": _rp(budget.total)})]


def duplicate_problems(lines: Iterable[ParsedLine]) -> list[Problem]:
    """The same component, description, volume and price twice: probably entered twice."""
    seen: dict[tuple[str, ...], list[ParsedLine]] = {}
    problems = []
    for line in lines:
        key = (line.component, line.description.casefold(), line.person.casefold(),
               line.note.casefold())
        alike = seen.setdefault(key, [])
        first = next((other for other in alike if other.volume == line.volume
                      and other.unit_price == line.unit_price), None)
        if first is None:
            alike.append(line)
            continue
        problems.append(Problem(line.ref("description"), "budget_duplicate_line", "warning", {
            "row": first.row, "value": shown(line.description)}))
    return problems


# --------------------------------------------------------------------------- who travels


def grade_level(eselon: str, golongan: str) -> str | None:
    """The cost level of an eselon or, without one, a golongan (``III/d``): golongan IV goes
    with eselon III, golongan III with eselon IV, golongan I and II to their own level
    ``golongan_i_ii`` (looked up as eselon IV in a table without it: :meth:`CapTable.lookup`)."""
    if eselon:
        return {"I": "eselon_i", "II": "eselon_ii", "III": "eselon_iii",
                "IV": "eselon_iv"}.get(eselon_level(eselon))
    if golongan:
        room = golongan.split("/", 1)[0]
        return {"IV": "eselon_iii", "III": "eselon_iv"}.get(room, "golongan_i_ii")
    return None


def member_level(member: TeamMember) -> str | None:
    """The cost level of a traveller from the study: eselon first, else golongan."""
    return grade_level(member.eselon, member.golongan or "")


def foreign_grade_of(eselon: str, golongan: str) -> str | None:
    """Golongan A-D abroad of an eselon and golongan.

    Grouping as quoted from PMK 55/PMK.05/2014: A eselon I; B eselon II and golongan IV/c
    and above; C golongan III/c to IV/b; D everyone else.
    """
    if eselon_level(eselon) == "I":
        return "A"
    if eselon_level(eselon) == "II" or golongan in ("IV/c", "IV/d", "IV/e"):
        return "B"
    if golongan in ("III/c", "III/d", "IV/a", "IV/b"):
        return "C"
    return "D" if golongan or eselon else None


def foreign_grade(member: TeamMember) -> str | None:
    """Golongan A-D of a traveller abroad (:func:`foreign_grade_of`)."""
    return foreign_grade_of(member.eselon, member.golongan or "")


def line_level(line: ParsedLine) -> str | None:
    """The cost level of the traveller of a line from its Eselon/Gol column (``IV/c``,
    ``Pembina / IV a``, ``4c``), the way a study's traveller gets one."""
    eselon, golongan = vocab.grade_in(line.level)
    return grade_level(eselon, golongan)


def line_foreign_grade(line: ParsedLine) -> str | None:
    """Golongan A-D abroad of the traveller of a line, from its Eselon/Gol column."""
    eselon, golongan = vocab.grade_in(line.level)
    return foreign_grade_of(eselon, golongan)


def members_named(line: ParsedLine, team: Iterable[TeamMember]) -> list[TeamMember]:
    """The travellers whose name appears in the line's person, description or note."""
    return [m for m in team if m.name and norm(m.name) in line.who_text]


def representasi_problems(line: ParsedLine, team: list[TeamMember]) -> list[Problem]:
    """Uang representasi only for eselon II and above (and pejabat negara)."""
    ref = line.ref("description")
    named = members_named(line, team)
    if named:
        return [Problem(ref, "budget_representasi_not_eligible", "error", {
            "who": m.full_name, "level": LEVELS.get(member_level(m) or "", ("-", "-"))[0]})
            for m in named if member_level(m) not in ELIGIBLE_FOR_REPRESENTASI]
    level = vocab.find_level(line.who_text) or line_level(line)
    if level is not None:
        if level in ELIGIBLE_FOR_REPRESENTASI:
            return []
        return [Problem(ref, "budget_representasi_not_eligible", "error", {
            "who": shown(line.description), "level": LEVELS[level][0]})]
    if team:
        if any(member_level(m) in ELIGIBLE_FOR_REPRESENTASI for m in team):
            return []
        return [Problem(ref, "budget_representasi_nobody", "error", {"count": len(team)})]
    return [Problem(ref, "budget_representasi_unknown", "warning",
                    {"value": shown(line.description)})]


# --------------------------------------------------------------------------- caps


def _uang_harian_kind(text: str) -> str:
    if "dalam kota" in text:
        return "uang_harian_dalam_kota"
    if "diklat" in text or "pelatihan" in text:
        return "uang_harian_diklat"
    return "uang_harian_luar_kota"


def _meeting_kind(text: str) -> str | None:
    for word, kind in (("half", "paket_meeting_halfday"), ("fullboard", "paket_meeting_fullboard"),
                       ("full board", "paket_meeting_fullboard"),
                       ("residen", "paket_meeting_residence"),
                       ("full", "paket_meeting_fullday")):
        if word in text:
            return kind
    return None


def destination(budget: ParsedBudget, context: BudgetContext) -> tuple[str | None, str | None]:
    """The trip's province and country: given in the context (aliases such as "Jatim"
    resolved), else found in the sheet."""
    province = context.province and (vocab.province_name(context.province) or context.province)
    country = context.country and (vocab.country_name(context.country) or context.country)
    if not country and province:
        return province, None
    return province or budget.province, country or budget.country


def cap_key(line: ParsedLine, where: tuple[str | None, str | None],
            team: list[TeamMember]) -> tuple[str, str | None, str | None] | None:
    """Which cap applies to ``line`` on a trip to ``where`` (province, country):
    (kind, region, level); ``None`` when no cap does. Region or level is ``None`` when it
    cannot be told from the line, the team or the trip."""
    if line.component not in CAPPED_COMPONENTS:
        return None
    text = line.who_text
    named = members_named(line, team) if team else []
    named_province = line.named_province
    province = named_province or where[0]
    if line.component == "uang_harian":
        country = None if named_province and line.currency == "IDR" else line.named_country
        if line.currency != "IDR" or country or (where[1] and not province):
            grade = vocab.find_foreign_grade(text) or line_foreign_grade(line) or next(
                (g for m in named if (g := foreign_grade(m))), None)
            return "uang_harian_luar_negeri", country or where[1], grade
        return _uang_harian_kind(text), province, "*"
    if line.component == "penginapan":
        level = vocab.find_level(text) or line_level(line) or next(
            (lv for m in named if (lv := member_level(m))), None)
        return "penginapan", province, level
    if line.component == "uang_representasi":
        level = vocab.find_level(text) or line_level(line) or next(
            (lv for m in named if (lv := member_level(m))), None)
        if level not in ELIGIBLE_FOR_REPRESENTASI:
            return None
        kind = "uang_representasi_dalam_kota" if "dalam kota" in text else (
            "uang_representasi_luar_kota")
        return kind, "*", level
    if line.component == "paket_meeting":
        kind = _meeting_kind(text)
        return (kind, province, "*") if kind else None
    return None


def _compared_price(line: ParsedLine, cap: CapRow,
                    rates: dict[str, Decimal]) -> Decimal | None:
    """The line's unit price in the cap's currency (``None`` when it cannot be told)."""
    if cap.currency == "IDR":
        return line.unit_price
    if line.currency == cap.currency and line.foreign_price is not None:
        return line.foreign_price
    rate = line.rate or rates.get(cap.currency) or rates.get("*")
    if rate and line.unit_price is not None:
        return line.unit_price / rate
    return None


def _price_text(line: ParsedLine, cap: CapRow, price: Decimal) -> str:
    if cap.currency == "IDR":
        return _rp(price)
    if line.currency == cap.currency:
        return f"{cap.currency} {idformat.angka(price, None)}"
    return f"{_rp(line.unit_price)} (≈ {cap.currency} {idformat.angka(price, 2)})"


def _cap_text(cap: CapRow) -> str:
    if cap.currency == "IDR":
        return idformat.rupiah(cap.amount, decimals=False)
    return f"{cap.currency} {idformat.angka(cap.amount, None)}"


def cap_problems(budget: ParsedBudget, context: BudgetContext) -> list[Problem]:
    """Lines whose unit price is above the standard cost in force for their kind, place,
    level and fiscal year. Above a verified cap is an error; above an unverified one a
    warning. Lines whose place or level cannot be told are listed once."""
    caps: CapSet = context.caps or default_caps()
    year = context.year or budget.year or context.fiscal_year
    team = list(context.team)
    rates = {**budget.rates, **context.rates}
    where = destination(budget, context)
    problems: list[Problem] = []
    no_region: list[str] = []
    for line in budget.lines:
        if line.flags & _SKIP or line.unit_price is None or "lump" in line.flags:
            continue
        key = cap_key(line, where, team)
        if key is None:
            continue
        kind, region, level = key
        if region is None:
            no_region.append(str(line.row))
            continue
        if level is None:
            problems.append(Problem(line.ref("description"), "budget_cap_no_level", "warning",
                                    {"kind": KINDS[kind][0]}))
            continue
        cap = caps.lookup(kind, region, level, year)
        if cap is None:
            continue
        compared = _compared_price(line, cap, rates)
        if compared is None or compared <= cap.amount:
            continue
        code, severity = (("budget_above_cap", "error") if cap.verified
                          else ("budget_above_cap_unverified", "warning"))
        problems.append(Problem(line.ref("unit_price"), code, severity, {
            "price": _price_text(line, cap, compared), "cap": _cap_text(cap), "unit": cap.unit,
            "kind": KINDS[kind][0], "region": cap.region,
            "level": "" if cap.level == "*" else f", {LEVELS[cap.level][0]}",
            "year": cap.year, "basis": cap.basis}))
    if no_region:
        problems.append(Problem(budget.sheet or budget.source, "budget_cap_no_region", "warning",
                                {"rows": ", ".join(no_region[:12]) + (" …" if len(no_region) > 12
                                                                      else "")}))
    return problems
