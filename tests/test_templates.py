"""The shipped templates: built by the script, using only the documented vocabulary."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from docgen.catalog import KINDS
from docgen.render import TEMPLATE_DIR, template_names
from docgen.vocabulary import ROOTS, markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_templates  # noqa: E402


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_every_kind_has_a_template_built_by_the_script():
    assert sorted(build_templates.TEMPLATES) == sorted(k.template for k in KINDS.values())


@pytest.mark.parametrize("name", sorted(build_templates.TEMPLATES))
def test_committed_template_matches_the_build_script(name):
    built = _parts(build_templates.TEMPLATES[name]())
    committed = _parts((TEMPLATE_DIR / name).read_bytes())
    assert built == committed, (
        f"templates_docx/{name} differs from scripts/build_templates.py; "
        "run `python scripts/build_templates.py`")


@pytest.mark.parametrize("name", sorted(build_templates.TEMPLATES))
def test_templates_are_lean(name):
    data = (TEMPLATE_DIR / name).read_bytes()
    assert len(data) < 20_000
    assert len(_parts(data)["word/styles.xml"]) < 5_000


@pytest.mark.parametrize("name", sorted(build_templates.TEMPLATES))
def test_templates_use_only_documented_names(name):
    known = {root for root, _, _ in ROOTS}
    used = template_names(TEMPLATE_DIR / name)
    assert used, "a template with no variables cannot be right"
    assert used <= known, f"undocumented names in {name}: {sorted(used - known)}"


def test_template_vocabulary_page_is_current():
    page = (ROOT / "docs" / "template-variables.md").read_text(encoding="utf-8")
    assert page == markdown(), "run `docgen vocabulary > docs/template-variables.md`"


def test_vocabulary_documents_model_fields():
    page = markdown()
    for needle in ("## Study", "## Signature", "`jabatan_caps`", "`nip_formatted`",
                   "`budget_total`", "`terbilang_rupiah`", "## BudgetLine"):
        assert needle in page


def test_lint_reports_unknown_names(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ kantor.nama }} {{ study.goals.title }}")
    doc.add_paragraph("{%p for x in daftar %}")
    doc.add_paragraph("{{ x }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(tmp_path / "t.docx")
    assert template_names(tmp_path / "t.docx") == {"kantor", "study", "daftar"}
