"""A study's budget page: the RAB it holds, the workbook to fill, and a workbook uploaded,
checked and (only when asked, and only without errors) attached.

* ``GET  /studies/<id>/budget`` shows the study's budget lines by component with subtotals,
  the total and its terbilang; links to the empty template (``anggaran.xlsx``) and to the
  study's RAB as a workbook; for staff, the upload form with the options of the cost-cap
  check (destination province and fiscal year, by default the study's).
* ``POST /studies/<id>/budget/check`` (staff) reads the uploaded workbook (.xlsx, .xls or
  .ods) through the safety gate of :mod:`docgen.budget`, checks it (the standard costs are the
  national ones with the office's own tables from /admin/caps layered on them) and shows its lines, totals, errors and warnings,
  each naming its sheet and cell. A usable workbook is kept (:func:`docgen.store.save_upload`,
  purpose ``budget``) and its storage key carried to the attach form; so is a workbook with
  more than one visible sheet, whose sheets are listed with what each looks like (SPD form,
  kuitansi, …) for another one to be read. A rincian per traveller is also shown per person
  and component, each amount with its cell. Nothing else changes.
* ``POST /studies/<id>/budget/sheet`` (staff) reads that kept workbook again from the sheet
  chosen.
* ``POST /studies/<id>/budget/attach`` (staff) finds that key among the office's uploads,
  reads and checks the file again with the options (and sheet) posted, and only when it has
  no errors makes its lines the study's ``plan.budget``.

Every refusal (no file, not a workbook, a damaged .xls, a password, a zip bomb, no header row,
errors in the sheet) comes back with its message and leaves the study as it was.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from docgen import idformat
from docgen.budget import (
    BudgetContext,
    BudgetUnreadable,
    ParsedBudget,
    ParsedLine,
    attach_budget,
    read_budget,
)
from docgen.budget.caps import CapSet, default_caps
from docgen.budget.checks import destination
from docgen.budget.prefill import prefilled_template
from docgen.budget.safety import MAX_FILE_BYTES
from docgen.budget.sheets import KIND_CODES
from docgen.budget.vocab import PROVINCES, province_name
from docgen.budget.workbook import export_workbook
from docgen.messages import Problem, text
from docgen.store import Office, StudyRecord, UploadedFile, UploadRejected, save_upload
from docgen.store.files import XLSX, clean_name, is_storage_key
from docgen.study import COMPONENTS, BudgetLine, Study
from web.access import EDITORS, READERS, current_office, current_study, has_role, role_required
from web.admin import office_caps
from web.db import db, store
from web.documents import zip_name
from web.forms import UNPROCESSABLE, FormErrors
from web.i18n import ui_lang
from web.ids import whole_number

bp = Blueprint("budget", __name__, url_prefix="/studies/<int:study_id>/budget")

PURPOSE = "budget"
FILE = "file"
PROVINCE = "province"
YEAR = "year"
KEY = "key"
SHEET = "sheet"
SHEET_NAME_MAX = 100
"""Longest sheet name accepted from a form (Excel allows 31 characters, LibreOffice more)."""
BAD_REQUEST = 400
YEARS = (2000, 2100)
TEMPLATE_NAME = "anggaran.xlsx"


# ---------------------------------------------------------------------------
# What the page shows: lines by component, subtotals, total, terbilang


@bp.app_template_filter("rupiah")
def money(value: Decimal | None) -> str:
    """``Rp24.422.000`` (with cents only when there are any); ``?`` when unknown."""
    if value is None:
        return "?"
    return idformat.rupiah(value, decimals=value != value.to_integral_value())


@bp.app_template_filter("quantity")
def number(value: Decimal | None) -> str:
    """``12``, ``2,5``; ``?`` when unknown."""
    return "?" if value is None else idformat.angka(value, None)


@dataclass(frozen=True)
class Row:
    description: str
    volume: Decimal | None
    unit: str
    unit_price: Decimal | None
    amount: Decimal | None
    note: str = ""
    ref: str = ""
    """Where the line was read: ``RAB!F11`` (its amount cell)."""
    problem: bool = False
    """An error names one of this line's cells."""


@dataclass
class Group:
    code: str
    letter: str
    rows: list[Row] = field(default_factory=list)

    def label(self, lang: str = "id") -> str:
        return COMPONENTS[self.code][0 if lang == "id" else 1]

    @property
    def subtotal(self) -> Decimal:
        return sum((row.amount for row in self.rows if row.amount is not None), Decimal(0))


@dataclass
class BudgetTable:
    groups: list[Group]

    @property
    def total(self) -> Decimal:
        return sum((group.subtotal for group in self.groups), Decimal(0))

    @property
    def line_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def terbilang(self) -> str:
        return idformat.kapital(idformat.terbilang_rupiah(self.total))


def _grouped(items: Iterable[tuple[str, Row]]) -> BudgetTable:
    by_code: dict[str, list[Row]] = {}
    for code, row in items:
        by_code.setdefault(code, []).append(row)
    groups = []
    for code in COMPONENTS:
        if code in by_code:
            letter = chr(ord("A") + len(groups) % 26)
            groups.append(Group(code, letter, by_code[code]))
    return BudgetTable(groups)


def study_table(lines: Iterable[BudgetLine]) -> BudgetTable:
    """The study's budget lines, grouped as the RAB groups them."""
    return _grouped((line.component, Row(line.description, line.volume, line.unit,
                                         line.unit_price, line.total, line.note))
                    for line in lines)


def _cells_with_errors(parsed: ParsedBudget) -> set[str]:
    return {p.path for p in parsed.errors}


def _line_has_error(line: ParsedLine, cells: set[str]) -> bool:
    return any(line.ref(role) in cells for role in line.cells) or line.ref("") in cells


def parsed_table(parsed: ParsedBudget) -> BudgetTable:
    """The lines read from a workbook, grouped by component, each with its cell."""
    cells = _cells_with_errors(parsed)
    return _grouped((line.component, Row(
        line.description, line.volume, line.unit, line.unit_price, line.amount,
        "; ".join(p for p in (line.note, line.foreign_note) if p),
        ref=line.source_ref, problem=_line_has_error(line, cells)))
        for line in parsed.lines)


@dataclass
class Traveller:
    """The lines read for one traveller of a person-based rincian, by component."""

    name: str
    rows: list[tuple[str, Row]] = field(default_factory=list)
    """(component code, the line)."""

    def label(self, code: str, lang: str = "id") -> str:
        return COMPONENTS[code][0 if lang == "id" else 1]

    @property
    def subtotal(self) -> Decimal:
        return sum((row.amount for _c, row in self.rows if row.amount is not None), Decimal(0))


def traveller_table(parsed: ParsedBudget) -> list[Traveller]:
    """The lines of a rincian per traveller (in the order of the sheet), each line with its
    component and the cell it came from; empty when no line names a traveller."""
    if not any(line.person or line.nip for line in parsed.lines):
        return []
    cells = _cells_with_errors(parsed)
    travellers: dict[str, Traveller] = {}
    for line in parsed.lines:
        name = line.traveller or "—"
        group = travellers.setdefault(name, Traveller(name))
        group.rows.append((line.component, Row(
            line.description, line.volume, line.unit, line.unit_price, line.amount,
            line.note, ref=line.source_ref, problem=_line_has_error(line, cells))))
    for group in travellers.values():
        order = list(COMPONENTS)
        group.rows.sort(key=lambda item: order.index(item[0]))
    return list(travellers.values())


@dataclass(frozen=True)
class SheetChoice:
    """A sheet of the uploaded workbook, as the sheet selector offers it."""

    name: str
    kind: str
    hidden: bool
    read: bool


def sheet_choices(parsed: ParsedBudget, lang: str) -> list[SheetChoice]:
    return [SheetChoice(info.name, text(KIND_CODES[info.kind], lang), info.hidden, info.read)
            for info in parsed.sheets]


def several_sheets(parsed: ParsedBudget) -> bool:
    """More than one visible sheet: the page offers to read another one."""
    return sum(1 for info in parsed.sheets if not info.hidden) > 1


@dataclass(frozen=True)
class Finding:
    """One problem of a workbook as the page lists it."""

    where: str
    """``RAB!F12``, a sheet's name, or the file's name."""
    message: str


def findings(problems: Iterable[Problem], lang: str) -> list[Finding]:
    return [Finding(problem.path, problem.message(lang)) for problem in problems]


# ---------------------------------------------------------------------------
# Options of the check


@dataclass(frozen=True)
class Options:
    """The destination province and fiscal year the cost caps are checked for, as shown in
    the form (text) and as the checks take them."""

    province: str
    year: str

    def context(self, study: Study, caps: CapSet | None = None) -> BudgetContext:
        """The checks' context; `caps` the office's cap tables (:func:`office_cap_set`)."""
        year = whole_number(self.year)
        context = BudgetContext.from_study(study, year=year, caps=caps)
        if self.province:
            return dataclasses.replace(context, province=self.province)
        return dataclasses.replace(context, province=None)

    def hidden(self) -> dict[str, str]:
        return {PROVINCE: self.province, YEAR: self.year}


def office_cap_set(office: Office) -> CapSet:
    """The national standard costs with the office's own tables (saved on /admin/caps)
    layered on them: the lower cap binds, and each of the office's caps names its file and
    cell."""
    return default_caps(office_caps(office))


def study_province(study: Study) -> str:
    """The study's destination province as the cap tables name it ("" abroad or unknown)."""
    context = BudgetContext.from_study(study)
    if not context.province:
        return ""
    return province_name(context.province) or ""


def default_options(study: Study) -> Options:
    return Options(study_province(study), str(study.fiscal_year))


def read_options(study: Study, form: Mapping[str, str], errors: FormErrors) -> Options:
    """The options posted with a check or an attach; a message beside each one refused."""
    province = form.get(PROVINCE, "").strip()
    year = form.get(YEAR, "").strip() or str(study.fiscal_year)
    if province and province not in PROVINCES:
        canonical = province_name(province)
        if canonical is None:
            errors.add(PROVINCE, _("Choose a province from the list."), label=_("Province"))
        else:
            province = canonical
    if whole_number(year, low=YEARS[0], high=YEARS[1]) is None:
        errors.add(YEAR, _("A year between 2000 and 2100."), label=_("Fiscal year"))
    return Options(province, year)


# ---------------------------------------------------------------------------
# The page


@dataclass
class Check:
    """A workbook read and checked on this request."""

    parsed: ParsedBudget
    context: BudgetContext
    lang: str
    key: str | None = None
    """The storage key of the kept upload, when it can be attached."""

    sheet: str = ""
    """The sheet asked for (empty: the one that looks most like a budget)."""

    @property
    def table(self) -> BudgetTable:
        return parsed_table(self.parsed)

    @property
    def travellers(self) -> list[Traveller]:
        return traveller_table(self.parsed)

    @property
    def sheets(self) -> list[SheetChoice]:
        return sheet_choices(self.parsed, self.lang) if several_sheets(self.parsed) else []

    @property
    def errors(self) -> list[Finding]:
        return findings(self.parsed.errors, self.lang)

    @property
    def warnings(self) -> list[Finding]:
        return findings(self.parsed.warnings, self.lang)

    @property
    def place(self) -> str:
        """The destination the cost caps were checked for."""
        province, country = destination(self.parsed, self.context)
        return country or province or ""

    @property
    def year(self) -> int:
        """The fiscal year of the cost caps."""
        return self.context.year or self.parsed.year or self.context.fiscal_year


def _page(record: StudyRecord, study: Study, options: Options, *, check: Check | None = None,
          errors: FormErrors | None = None, status: int = 200) -> Any:
    lang = ui_lang()
    context = options.context(study)
    return render_template(
        "budget/page.html", record=record, study=study, lang=lang,
        current=study_table(study.plan.budget), check=check, options=options,
        errors=errors or FormErrors(), failed=status != 200,
        provinces=[("", _("— as named in the workbook —"))] + [(p, p) for p in PROVINCES],
        abroad=context.country or "", editable=has_role(*EDITORS),
        has_realization=study.plan.has_realization, max_size=f"{MAX_FILE_BYTES // 2**20} MB"), status


@bp.get("")
@role_required(*READERS)
def page(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    return _page(record, study, default_options(study))


@bp.get("/" + TEMPLATE_NAME)
@role_required(*READERS)
def template(study_id: int):  # noqa: ANN201
    """The RAB workbook to fill in: the study's fiscal year, title and destination, and
    the lines its team and days imply (:mod:`docgen.budget.prefill`), prices empty."""
    study = current_study(study_id).study
    return send_file(io.BytesIO(prefilled_template(study)), mimetype=XLSX,
                     as_attachment=True, download_name=TEMPLATE_NAME)


@bp.get("/rab.xlsx")
@role_required(*READERS)
def export(study_id: int):  # noqa: ANN201
    """The study's budget as a RAB workbook (live formulas, totals, terbilang)."""
    record = current_study(study_id)
    study = record.study
    if not study.plan.budget:
        flash(_("The study has no budget lines yet: upload a workbook first."), "warning")
        return redirect(url_for("budget.page", study_id=record.id))
    name = "rab-" + zip_name(study).removesuffix(".zip") + ".xlsx"
    return send_file(io.BytesIO(export_workbook(study)), mimetype=XLSX, as_attachment=True,
                     download_name=name)


@bp.get("/check")
@bp.get("/attach")
def back_to_page(study_id: int):  # noqa: ANN201
    """The address of a check or attach opened again (after switching the language)."""
    return redirect(url_for("budget.page", study_id=study_id))


@bp.post("/check")
@role_required(*EDITORS)
def check(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    errors = FormErrors()
    options = read_options(study, request.form, errors)
    upload = request.files.get(FILE)
    if upload is None or not upload.filename:
        errors.add(FILE, _("Choose the budget workbook (.xlsx, .xls or .ods) to upload."),
                   label=_("Budget workbook"))
        return _page(record, study, options, errors=errors, status=BAD_REQUEST)
    if errors:
        return _page(record, study, options, errors=errors, status=UNPROCESSABLE)
    data = upload.read()
    name = clean_name(upload.filename)
    return _check_upload(record, study, options, data, name, None, sheet_asked(errors))


def sheet_asked(errors: FormErrors) -> str | None:
    """The sheet chosen in the form (``None``: the one that looks most like a budget)."""
    sheet = request.form.get(SHEET, "").strip()
    if len(sheet) > SHEET_NAME_MAX:
        errors.add(SHEET, _("Choose a sheet from the list."), label=_("Sheet"))
        return None
    return sheet or None


def _check_upload(record: StudyRecord, study: Study, options: Options, data: bytes, name: str,
                  key: str | None, sheet: str | None) -> Any:
    """Read and check a workbook; keep it when it can be attached, or when it has other
    sheets to read (the page then offers them)."""
    lang = ui_lang()
    errors = FormErrors()
    context = options.context(study, office_cap_set(current_office()))
    try:
        parsed = read_budget(data, context, name=name, sheet=sheet)
    except BudgetUnreadable as exc:
        errors.add(FILE, exc.problem.message(lang), label=_("Budget workbook"))
        return _page(record, study, options, errors=errors, status=UNPROCESSABLE)
    result = Check(parsed, context, lang, key=key, sheet=sheet or "")
    if result.key is None and (parsed.usable or several_sheets(parsed)):
        try:
            kept = save_upload(db(), store().files, office=current_office(), purpose=PURPOSE,
                               original_name=name, data=data, study=record, user=current_user,
                               field=FILE)
        except UploadRejected as exc:
            db().rollback()
            errors.add(FILE, exc.problem.message(lang), label=_("Budget workbook"))
            return _page(record, study, options, errors=errors, status=UNPROCESSABLE)
        db().commit()
        result.key = kept.storage_key
    return _page(record, study, options, check=result,
                 status=200 if parsed.usable else UNPROCESSABLE)


@bp.post("/sheet")
@role_required(*EDITORS)
def sheet(study_id: int):  # noqa: ANN201
    """The workbook kept by a check, read again from the sheet chosen on the page."""
    record = current_study(study_id)
    study = record.study
    kept = office_budget(request.form.get(KEY, ""))
    errors = FormErrors()
    options = read_options(study, request.form, errors)
    chosen = sheet_asked(errors)
    if errors:
        return _page(record, study, options, errors=errors, status=UNPROCESSABLE)
    try:
        data = store().files.read(kept.storage_key)
    except OSError:
        abort(404)
    return _check_upload(record, study, options, data, kept.original_name, kept.storage_key,
                         chosen)


def office_budget(key: str) -> UploadedFile:
    """The budget workbook `key` among the office's uploads: 400 for something that is not
    a storage key, 404 for a key this office never uploaded as a budget."""
    if not is_storage_key(key):
        abort(BAD_REQUEST)
    found = db().scalars(
        select(UploadedFile).where(UploadedFile.office_id == current_user.office_id,
                                   UploadedFile.storage_key == key,
                                   UploadedFile.purpose == PURPOSE)
        .order_by(UploadedFile.id.desc()).limit(1)).first()
    if found is None:
        abort(404)
    return found


@bp.post("/attach")
@role_required(*EDITORS)
def attach(study_id: int):  # noqa: ANN201
    record = current_study(study_id)
    study = record.study
    lang = ui_lang()
    kept = office_budget(request.form.get(KEY, ""))
    errors = FormErrors()
    options = read_options(study, request.form, errors)
    chosen = sheet_asked(errors)
    if errors:
        return _page(record, study, options, errors=errors, status=UNPROCESSABLE)
    try:
        data = store().files.read(kept.storage_key)
    except OSError:
        abort(404)
    context = options.context(study, office_cap_set(current_office()))
    try:
        parsed = read_budget(data, context, name=kept.original_name, sheet=chosen)
    except BudgetUnreadable as exc:
        errors.add(FILE, exc.problem.message(lang), label=_("Budget workbook"))
        return _page(record, study, options, errors=errors, status=UNPROCESSABLE)
    if not parsed.usable:
        return _page(record, study, options,
                     check=Check(parsed, context, lang, sheet=chosen or ""),
                     status=UNPROCESSABLE)
    record.save(attach_budget(study, parsed), current_user)
    db().commit()
    flash(_("The budget of %(name)s is attached to the study: %(count)d lines, total "
            "%(total)s. The RAB, the nota dinas and the report use it now.",
            name=kept.original_name, count=len(parsed.lines), total=money(parsed.total)),
          "success")
    return redirect(url_for("budget.page", study_id=record.id))
