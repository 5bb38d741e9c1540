"""The compiled render path makes what docxtpl makes, for every document docgen makes.

For every kind of both examples (the domestic and the abroad study), every item of a
fanned-out kind, on A4 and on F4 paper, as a draft and issued (with its number and the QR
code): the compiled output and docxtpl's output have the same text, tables (cells, spans,
merges, grids), headers, footers, footnotes, section page sizes, core properties and pictures
(the same media bytes at the same size). No LibreOffice here: see test_compiled_pdf.py.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta
from functools import cache

import pytest

from docgen.catalog import KINDS, available, get_kind, items
from docgen.compiled import PATH_SETTING
from docgen.example import abroad_example_study, example_study
from docgen.qr import qr_png, verify_url
from docgen.render import TEMPLATE_DIR, render_document, template_names
from docgen.study import Study
from tests.docx_facts import facts

EXAMPLES = {"domestic": example_study, "abroad": abroad_example_study}


@cache
def _study(example: str, paper: str = "A4") -> Study:
    """The example, on `paper`, with the travellers' own reports asked for (so that every
    kind is made)."""
    study = EXAMPLES[example]()
    study.office.paper = paper
    study.office.traveller_reports = True
    return study


def _cases() -> list[tuple[str, str, int | None]]:
    cases = []
    for example in EXAMPLES:
        study = _study(example)
        for kind in available(study):
            for item in items(study, kind) if kind.fan_out != "none" else [None]:
                cases.append((example, kind.id, item))
    return cases


CASES = _cases()


def _compiled(data: bytes) -> bool:
    """The compiled path writes every member with the same fixed time (1980-01-01)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zf.infolist())


def test_the_cases_cover_every_kind_and_item():
    kinds = {kind for _, kind, _ in CASES}
    assert kinds == set(KINDS) and len(CASES) >= 60
    assert {"spd", "kuitansi", "invitation", "coordination_letter"} <= kinds


@pytest.mark.parametrize("issued", [False, True], ids=["draft", "issued"])
@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize(("example", "kind", "item"), CASES,
                         ids=[f"{e}-{k}-{i}" for e, k, i in CASES])
def test_compiled_output_equals_docxtpl_output(monkeypatch, example, kind, item, paper, issued):
    study = _study(example, paper)
    options = {"item": item, "issued": study.plan.end_date + timedelta(days=3)}
    if issued:
        options |= {"number": f"000.1.2.3/{41 + (item or 0)}/Bappeda/{study.plan.end_date.year}",
                    "verify_url": verify_url("AbCdEf123456", "https://docgen.example")}
    monkeypatch.setenv(PATH_SETTING, "compiled")
    fast = render_document(study, kind, **options)
    monkeypatch.setenv(PATH_SETTING, "docxtpl")
    slow = render_document(study, kind, **options)
    assert _compiled(fast.data) and not _compiled(slow.data)
    assert fast.skipped == slow.skipped and fast.filename == slow.filename
    expected, got = facts(slow.data), facts(fast.data)
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key
    width = {"A4": 210, "F4": 215}[paper]
    assert {round(w.mm) if o == 0 else round(h.mm)
            for w, h, o, _ in got["sections"]} == {width}
    if issued:
        assert got["core"]["identifier"] == options["number"]
        if "qr" in template_names(TEMPLATE_DIR / get_kind(kind).template):
            qr = hashlib.sha256(qr_png(options["verify_url"])).hexdigest()
            assert qr in got["media"]
