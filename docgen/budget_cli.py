"""``docgen budget``: the RAB workbook to fill, checking a workbook, attaching it to a study,
exporting a study's RAB, and the standard cost caps.

Exit codes: 0 usable, 1 errors (each printed as ``Sheet!Cell: message``), 2 the file cannot
be read at all (or the command was used wrongly).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from docgen import idformat
from docgen import study as study_mod
from docgen.budget import (
    BudgetContext,
    BudgetUnreadable,
    CapTable,
    ParsedBudget,
    attach_budget,
    default_caps,
    import_caps,
    read_budget,
)
from docgen.budget.caps import KINDS, LEVELS, CapTableInvalid, preview_text, write_caps_csv
from docgen.budget.sheets import KIND_CODES
from docgen.budget.workbook import TEMPLATE_ROWS, export_workbook, template_workbook
from docgen.messages import Problem, text
from docgen.study import COMPONENTS


def _lang(ctx: click.Context) -> str:
    return ctx.find_root().params.get("lang") or "id"


def _say(ctx: click.Context, code: str, **params: object) -> str:
    return text(code, _lang(ctx), **params)  # type: ignore[arg-type]


def _print_problems(ctx: click.Context, problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.line(_lang(ctx)), err=True)  # type: ignore[arg-type]


def _write_binary(ctx: click.Context, data: bytes, out: Path | None) -> None:
    """Write ``data`` to ``out``, or to standard output unless that is a terminal."""
    if out is not None:
        out.write_bytes(data)
        click.echo(str(out), err=True)
        return
    stream = sys.stdout.buffer
    if stream.isatty():
        click.echo(_say(ctx, "budget_binary_to_terminal"), err=True)
        ctx.exit(2)
    stream.write(data)
    stream.flush()


def _rates(ctx: click.Context, values: tuple[str, ...]) -> dict[str, Decimal]:
    """``USD=16250`` (or a bare ``16250`` for any foreign currency) as a rate table."""
    rates: dict[str, Decimal] = {}
    for value in values:
        currency, _sep, number = value.rpartition("=")
        try:
            rate = Decimal(number.replace(".", "").replace(",", "."))
        except InvalidOperation:
            click.echo(_say(ctx, "budget_bad_rate", value=value), err=True)
            ctx.exit(2)
        rates[currency.strip().upper() or "*"] = rate
    return rates


def _load_study(ctx: click.Context, path: Path) -> study_mod.Study:
    try:
        return study_mod.read_study(path)
    except study_mod.StudyInvalid as exc:
        _print_problems(ctx, exc.problems)
        ctx.exit(1)
    except OSError as exc:
        click.echo(f"{path}: {exc.strerror}", err=True)
        ctx.exit(2)


def _caps(ctx: click.Context, paths: tuple[Path, ...]) -> list[CapTable]:
    tables = []
    for path in paths:
        try:
            tables.append(import_caps(path))
        except CapTableInvalid as exc:
            _print_problems(ctx, exc.problems)
            ctx.exit(1)
        except BudgetUnreadable as exc:
            _print_problems(ctx, [exc.problem])
            ctx.exit(2)
    return tables


def _context(ctx: click.Context, study: study_mod.Study | None,
             **options: object) -> BudgetContext:
    """The checks' context from the command's options, and from a study when given."""
    caps = default_caps(_caps(ctx, options.pop("caps")))  # type: ignore[arg-type]
    rates = _rates(ctx, options.pop("rate"))  # type: ignore[arg-type]
    values = {key: value for key, value in options.items() if value is not None}
    if study is not None:
        return BudgetContext.from_study(study, caps=caps, rates=rates, **values)
    return BudgetContext(caps=caps, rates=rates, **values)  # type: ignore[arg-type]


def _read(ctx: click.Context, path: Path, context: BudgetContext,
          as_json: bool = False, sheet: str | None = None) -> ParsedBudget:
    try:
        return read_budget(path, context, sheet=sheet)
    except BudgetUnreadable as exc:
        if as_json:
            click.echo(json.dumps({"source": path.name, "readable": False, "usable": False,
                                   "errors": [exc.problem.as_dict()], "warnings": []},
                                  ensure_ascii=False, indent=2))
        else:
            _print_problems(ctx, [exc.problem])
        ctx.exit(2)


def _summary(ctx: click.Context, parsed: ParsedBudget, context: BudgetContext) -> None:
    """The lines, the total per component, the grand total and its terbilang; when no
    sheet could be read, only what each sheet looks like."""
    english = _lang(ctx) == "en"
    if not parsed.sheet or not parsed.lines:
        where = (f", {'sheet' if english else 'lembar'} \"{parsed.sheet}\", "
                 f"{'header row' if english else 'baris judul'} {parsed.header_row}"
                 if parsed.sheet else "")
        click.echo(f"{'File' if english else 'Berkas'}: {parsed.source}{where}")
        _sheets(ctx, parsed)
        errors = len(parsed.errors)
        click.echo(f"{errors} {'error(s)' if english else 'kesalahan'}: "
                   f"{'nothing was read' if english else 'tidak ada yang terbaca'}.")
        return
    year = context.year or parsed.year
    place = context.country or context.province or parsed.country or parsed.province or "-"
    click.echo(f"{'File' if english else 'Berkas'}: {parsed.source}, "
               f"{'sheet' if english else 'lembar'} \"{parsed.sheet}\", "
               f"{'header row' if english else 'baris judul'} {parsed.header_row}; "
               f"{'fiscal year' if english else 'tahun anggaran'} {year or '-'}; "
               f"{'destination' if english else 'tujuan'} {place}")
    heads = (("Row", "Component", "Description", "Volume", "Unit", "Unit price", "Amount")
             if english else
             ("Baris", "Komponen", "Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"))
    click.echo(f"{heads[0]:>5}  {heads[1]:<18} {heads[2]:<42} {heads[3]:>7} {heads[4]:<7} "
               f"{heads[5]:>14} {heads[6]:>15}")

    def number(value: Decimal | None, places: int | None = 0) -> str:
        return "?" if value is None else idformat.angka(value, places)

    for line in parsed.lines:
        label = COMPONENTS[line.component][1 if english else 0]
        description = f"{line.person} · {line.description}" if line.person else line.description
        click.echo(f"{line.row:>5}  {label[:18]:<18} {description[:42]:<42} "
                   f"{number(line.volume, None):>7} {line.unit[:7]:<7} "
                   f"{number(line.unit_price):>14} {number(line.amount):>15}")
    click.echo("")
    click.echo("Total per component:" if english else "Jumlah per komponen:")
    for code, value in parsed.by_component.items():
        click.echo(f"  {COMPONENTS[code][1 if english else 0]:<30} {idformat.angka(value):>15}")
    total = parsed.total
    click.echo(f"{'Total' if english else 'Jumlah total'}: {idformat.rupiah(total)}")
    click.echo(f"Terbilang: {idformat.kapital(idformat.terbilang_rupiah(total))}")
    _sheets(ctx, parsed)
    errors, warnings = len(parsed.errors), len(parsed.warnings)
    verdict = (("usable" if english else "dapat dipakai") if parsed.usable
               else ("not usable" if english else "belum dapat dipakai"))
    click.echo(f"{errors} {'error(s)' if english else 'kesalahan'}, {warnings} "
               f"{'warning(s)' if english else 'peringatan'}: {verdict}.")


def _sheets(ctx: click.Context, parsed: ParsedBudget) -> None:
    """What each other sheet looks like (``--sheet NAME`` reads another)."""
    others = [info for info in parsed.sheets if not info.read]
    if not others:
        return
    english = _lang(ctx) == "en"
    title = (("Other sheets" if english else "Lembar lain") if parsed.sheet
              else ("Sheets" if english else "Lembar"))
    shown = "; ".join(f"\"{info.name}\" {_say(ctx, KIND_CODES[info.kind])}"
                      + (f" ({'hidden' if english else 'tersembunyi'})" if info.hidden else "")
                      for info in others)
    click.echo(f"{title}: {shown} "
               f"(--sheet {'NAME' if english else 'NAMA'})")


@click.group("budget")
def budget() -> None:
    """Budget (RAB) workbooks (.xlsx, .xls, .ods): a template to fill, checks, attach to a
    study, export."""


@budget.command()
@click.option("--year", type=int, help="Fiscal year written in the title block.")
@click.option("--rows", type=click.IntRange(1, 1000), default=TEMPLATE_ROWS, show_default=True,
              help="Number of empty lines.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_context
def template(ctx: click.Context, year: int | None, rows: int, out: Path | None) -> None:
    """Write the RAB workbook to fill in: `docgen budget template > anggaran.xlsx`."""
    _write_binary(ctx, template_workbook(year, rows), out)


_CONTEXT_OPTIONS = [
    click.option("--province", help="Destination province (for the standard cost caps)."),
    click.option("--country", help="Destination country, for a trip abroad."),
    click.option("--year", type=int, help="Fiscal year of the caps (default: the sheet's, "
                                          "else this year)."),
    click.option("--rate", multiple=True, help="Exchange rate, e.g. USD=16250 (repeatable)."),
    click.option("--caps", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
                 help="A region's own cap table (CSV, .xlsx, .xls or .ods), layered on "
                      "the national one."),
    click.option("--sheet", help="Read this sheet (default: the one that looks most like a "
                                 "budget)."),
]


def _context_options(command):  # noqa: ANN001, ANN202
    for option in reversed(_CONTEXT_OPTIONS):
        command = option(command)
    return command


@budget.command()
@click.argument("budget_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--study", "study_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A study: its team, destination and fiscal year inform the checks.")
@_context_options
@click.pass_context
def check(ctx: click.Context, budget_file: Path, as_json: bool, study_file: Path | None,
          **options: object) -> None:
    """Read and check a budget workbook (.xlsx, .xls or .ods, told by its bytes); exit 0
    usable, 1 errors, 2 unreadable."""
    study = _load_study(ctx, study_file) if study_file is not None else None
    sheet = options.pop("sheet")
    context = _context(ctx, study, **options)
    parsed = _read(ctx, budget_file, context, as_json, sheet)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(parsed.as_dict(), ensure_ascii=False, indent=2))
    else:
        _summary(ctx, parsed, context)
        _print_problems(ctx, parsed.problems)
    if not parsed.usable:
        ctx.exit(1)


@budget.command()
@click.argument("study_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("budget_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the study here instead of standard output.")
@click.option("--realisation", is_flag=True,
              help="A rincian per traveller of what was spent: its lines become each team "
                   "member's realisation (matched by NIP or name), not the budget.")
@click.option("--rate-date", type=click.DateTime(["%Y-%m-%d"]),
              help="With --realisation: the date of the exchange rates of foreign costs.")
@_context_options
@click.pass_context
def attach(ctx: click.Context, study_file: Path, budget_file: Path, out: Path | None,
           realisation: bool = False, rate_date: datetime | None = None,
           **options: object) -> None:
    """Check a budget workbook (.xlsx, .xls or .ods) against a study and print the study
    with it as its budget."""
    study = _load_study(ctx, study_file)
    sheet = options.pop("sheet")
    context = _context(ctx, study, **options)
    parsed = _read(ctx, budget_file, context, sheet=sheet)  # type: ignore[arg-type]
    if realisation:
        from docgen.realisation_sheet import realisation_from_sheet

        filled, problems = realisation_from_sheet(
            study, parsed, rate_date=rate_date.date() if rate_date else None)
        _print_problems(ctx, problems or parsed.warnings)
        if filled is None:
            ctx.exit(1)
        _write_study(study_mod.dump_study(filled), out)
        return
    _print_problems(ctx, parsed.problems)
    if not parsed.usable:
        ctx.exit(1)
    _write_study(study_mod.dump_study(attach_budget(study, parsed)), out)


def _write_study(updated: str, out: Path | None) -> None:
    if out is not None:
        out.write_text(updated, encoding="utf-8")
        click.echo(str(out), err=True)
    else:
        click.echo(updated, nl=False)


@budget.command()
@click.argument("study_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.pass_context
def export(ctx: click.Context, study_file: Path, out: Path | None) -> None:
    """Write a study's RAB workbook: `docgen budget export STUDY.json > rab.xlsx`."""
    study = _load_study(ctx, study_file)
    if not study.plan.budget:
        click.echo(Problem("plan.budget", "budget_study_no_lines").line(_lang(ctx)), err=True)
        ctx.exit(1)
    _write_binary(ctx, export_workbook(study), out)


@budget.command("import-caps")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The normalised CSV to write (use it with --caps); needed unless --dry-run.")
@click.option("--year", type=int, help="Fiscal year for rows without one.")
@click.option("--basis", default="", help="Legal basis for rows without one, e.g. "
                                          "\"Perbup Sleman 50/2025\".")
@click.option("--reference", default="", help="Where the figures were read.")
@click.option("--unverified", is_flag=True,
              help="Mark rows without a status as not verified (warnings, not errors).")
@click.option("--dry-run", is_flag=True,
              help="Print what was read per province (or route) and tier; write nothing.")
@click.pass_context
def import_caps_command(ctx: click.Context, source: Path, out: Path | None, year: int | None,
                        basis: str, reference: str, unverified: bool, dry_run: bool) -> None:
    """Check a region's cap table and write it in docgen's CSV form.

    The table may be a list of caps (CSV, .xlsx, .xls or .ods) or the wide table offices
    keep, on any sheet: one row per province (or route), one column per tier."""
    if out is None and not dry_run:
        raise click.UsageError("--out FILE, or --dry-run")
    try:
        table = import_caps(source, default_year=year, default_basis=basis,
                            default_reference=reference, default_verified=not unverified)
    except CapTableInvalid as exc:
        _print_problems(ctx, exc.problems)
        ctx.exit(1)
    except BudgetUnreadable as exc:
        _print_problems(ctx, [exc.problem])
        ctx.exit(2)
    if dry_run:
        click.echo(preview_text(table, _lang(ctx)))
        click.echo(_say(ctx, "caps_dry_run", count=len(table.rows)), err=True)
        return
    assert out is not None  # noqa: S101 - checked above
    out.write_text(write_caps_csv(table), encoding="utf-8")
    click.echo(f"{out}: {len(table.rows)}")


@budget.command()
@click.option("--year", type=int, default=None, help="Fiscal year (default: this year).")
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Only this kind of cost.")
@click.option("--region", help="Only this province or country.")
@click.option("--caps", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A region's own cap table, layered on the national one.")
@click.pass_context
def caps(ctx: click.Context, year: int | None, kind: str | None, region: str | None,
         caps: tuple[Path, ...]) -> None:
    """List the standard cost caps in force, each with its legal basis and status."""
    fiscal = year or BudgetContext().fiscal_year
    capset = default_caps(_caps(ctx, caps))
    keys = sorted({(r.kind, r.region, r.level) for t in capset.tables for r in t.rows
                   if (kind is None or r.kind == kind)
                   and (region is None or r.region.lower() == region.strip().lower())})
    for key in keys:
        row = capset.lookup(*key, fiscal)
        if row is None or (row.region, row.level) != key[1:]:
            continue
        amount = (idformat.rupiah(row.amount, decimals=False) if row.currency == "IDR"
                  else f"{row.currency} {idformat.angka(row.amount, None)}")
        click.echo(f"{row.kind:<30} {row.region:<26} {LEVELS[row.level][0]:<34} "
                   f"{amount:>14}/{row.unit}  TA {row.year}  {row.basis}  [{row.status}]")
