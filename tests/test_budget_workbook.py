"""The workbooks docgen writes (the template and a study's RAB), and the checked budget
flowing into the RAB and the final report: the same total and terbilang everywhere."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from docgen import idformat
from docgen.budget import BudgetContext, BudgetNotUsable, attach_budget, read_budget
from docgen.budget.workbook import HEADERS, export_workbook, template_workbook
from docgen.render import render
from docgen.study import COMPONENTS
from tests.helpers import docx_text, squash

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
no_libreoffice = shutil.which("soffice") is None


def through_libreoffice(data: bytes, tmp_path: Path) -> bytes:
    """The workbook opened and saved by LibreOffice (formulas without results computed)."""
    source = tmp_path / "in" / "rab.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(tmp_path / "out"), str(source)], check=True, capture_output=True,
                   timeout=240)
    return (tmp_path / "out" / "rab.xlsx").read_bytes()


def without_results(data: bytes) -> bytes:
    """The same workbook saved by openpyxl, which keeps the formulas and drops their results."""
    wb = load_workbook(io.BytesIO(data))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the template


def test_template_layout_validation_formulas_and_print_setup():
    wb = load_workbook(io.BytesIO(template_workbook(2026, rows=20)))
    ws = wb["RAB"]
    assert [ws.cell(row=8, column=c).value for c in range(1, 10)] == list(HEADERS)
    assert ws["A1"].value == "RINCIAN ANGGARAN BIAYA (RAB)"
    assert ws["C4"].value == 2026
    assert ws["G9"].value == '=IF(OR(D9="",F9=""),"",D9*F9)'
    assert ws["A29"].value == "JUMLAH" and ws["G29"].value == "=SUM(G9:G28)"
    assert ws.freeze_panes == "A9"
    assert ws["F9"].number_format == '"Rp"#,##0' and ws["G29"].number_format == '"Rp"#,##0'
    rules = {str(rule.sqref): rule for rule in ws.data_validations.dataValidation}
    assert set(rules) == {"B9:B28", "D9:D28", "F9:F28"}
    for label, _en in COMPONENTS.values():
        assert label in rules["B9:B28"].formula1
    assert (rules["D9:D28"].type, rules["F9:F28"].type) == ("decimal", "decimal")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$8:$8"
    assert "Petunjuk" in wb.sheetnames


def test_a_blank_template_is_read_but_has_no_lines():
    parsed = read_budget(template_workbook(2026))
    assert (parsed.sheet, parsed.header_row, parsed.year) == ("RAB", 8, 2026)
    assert [p.code for p in parsed.problems] == ["budget_no_lines"]


# --------------------------------------------------------------------------- the study's RAB


def test_export_has_live_formulas_saved_results_sections_and_terbilang(study):
    data = export_workbook(study)
    formulas = load_workbook(io.BytesIO(data))["RAB"]
    values = load_workbook(io.BytesIO(data), data_only=True)["RAB"]
    cells = {(c.row, c.column): c.value for row in formulas.iter_rows() for c in row}
    lines = [r for (r, col), v in cells.items() if col == 7 and isinstance(v, str)
             and re.fullmatch(r"=D\d+\*F\d+", v)]
    assert len(lines) == len(study.plan.budget)
    total_row = next(r for (r, col), v in cells.items() if col == 1 and v == "JUMLAH")
    assert re.fullmatch(r"=G\d+(\+G\d+)+", cells[(total_row, 7)])
    assert values.cell(row=total_row, column=7).value == 24422000
    assert [values.cell(row=r, column=7).value for r in lines] == [
        line.total for line in study.plan.budget]
    words = idformat.kapital(idformat.terbilang_rupiah(Decimal(24422000)))
    assert values.cell(row=total_row + 2, column=3).value == words
    assert formulas.freeze_panes is not None


def test_export_reads_back_to_the_same_budget(study):
    parsed = read_budget(export_workbook(study), BudgetContext.from_study(study))
    assert parsed.problems == []
    assert [(line.component, line.description, line.volume, line.unit_price, line.amount)
            for line in parsed.lines] == [
        (line.component, line.description, line.volume, line.unit_price, line.total)
        for line in study.plan.budget]
    groups = len({line.component for line in study.plan.budget})
    assert [t.kind for t in parsed.totals] == ["subtotal"] * groups + ["total"]
    assert parsed.total == study.plan.budget_total


@pytest.mark.pdf
@pytest.mark.skipif(no_libreoffice, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_computes_the_exported_formulas_to_the_docx_total(study, tmp_path):
    recomputed = through_libreoffice(without_results(export_workbook(study)), tmp_path)
    parsed = read_budget(recomputed, BudgetContext.from_study(study))
    assert parsed.problems == []
    docx = Document(io.BytesIO(render(study, "rab")))
    total_cell = docx.tables[1].rows[-1].cells[-1].text
    assert total_cell == idformat.angka(parsed.total)
    text = squash(docx_text(render(study, "rab")))
    assert f"Terbilang: {idformat.kapital(idformat.terbilang_rupiah(parsed.total))}" in text


# --------------------------------------------------------------------------- into the documents


@pytest.mark.parametrize(("fixture", "total"), [
    ("rab_usd.xlsx", Decimal("222687500")),
    ("rab_template_isi.xlsx", Decimal("20672000")),
    ("rab_teks.xlsx", Decimal("24422000")),
])
def test_rab_docx_shows_the_workbook_total_and_terbilang(study, fixture, total):
    parsed = read_budget(FIXTURES / fixture, BudgetContext.from_study(study))
    assert parsed.usable and parsed.total == total
    updated = attach_budget(study, parsed)
    assert study.plan.budget_total == Decimal("24422000")  # the original is untouched
    assert updated.plan.budget_total == total
    data = render(updated, "rab")
    table = Document(io.BytesIO(data)).tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[-1][0] == "JUMLAH" and rows[-1][-1] == idformat.angka(total)
    amounts = [r[-1] for r in rows if r[0].isdigit()]
    assert sorted(amounts) == sorted(idformat.angka(line.amount) for line in parsed.lines)
    words = idformat.kapital(idformat.terbilang_rupiah(total))
    assert f"Terbilang: {words}" in squash(docx_text(data))
    report = squash(docx_text(render(updated, "final_report")))
    assert f"{idformat.rupiah(total)} ({idformat.terbilang_rupiah(total)})" in report


def test_attach_refuses_a_budget_with_errors(study):
    parsed = read_budget(FIXTURES / "rab_salah.xlsx")
    with pytest.raises(BudgetNotUsable):
        attach_budget(study, parsed)


def test_attached_lines_keep_the_foreign_currency_detail(study):
    parsed = read_budget(FIXTURES / "rab_usd.xlsx")
    lines = attach_budget(study, parsed).plan.budget
    assert [line.note for line in lines][:2] == ["USD 583 × Rp16.250", "USD 774 × Rp16.250"]
    assert lines[0].component == "uang_harian" and lines[0].unit_price == Decimal("9473750")
