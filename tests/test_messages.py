"""The message texts: written by topic in docgen/messages_<topic>.py, merged into one TEXTS.

A code written twice would be lost silently (a dict literal keeps the last value, and so does
``TEXTS.update``), so the texts are read from the source: every code once, across every
module, and every module's table merged whole.
"""

from __future__ import annotations

import ast
import importlib
from collections import Counter
from pathlib import Path

import pytest

import docgen
from docgen.messages import TEXTS, Problem, path_of, text

DOCGEN = Path(docgen.__file__).parent
MODULES = sorted(p.stem for p in DOCGEN.glob("messages_*.py"))


def _tables(module: str) -> dict[str, dict[str, tuple[str, str]]]:
    """The message tables of a messages_<topic> module: its dicts of code -> two strings."""
    mod = importlib.import_module(f"docgen.{module}")
    return {name: value for name, value in vars(mod).items()
            if isinstance(value, dict) and value
            and all(isinstance(k, str) and isinstance(v, tuple) and len(v) == 2
                    and all(isinstance(s, str) for s in v) for k, v in value.items())}


def _codes_in_source(path: Path) -> list[str]:
    """Every string key of every dict literal in `path`, as often as it is written."""
    codes = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            codes += [k.value for k in node.keys
                      if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return codes


def test_there_are_topic_modules():
    assert {"messages_values", "messages_study", "messages_service", "messages_budget",
            "messages_archive"} <= set(MODULES)


def test_no_code_is_written_twice():
    written = Counter()
    for path in [DOCGEN / "messages.py", *(DOCGEN / f"{m}.py" for m in MODULES)]:
        written.update(_codes_in_source(path))
    twice = sorted(code for code, count in written.items() if count > 1)
    assert twice == []
    assert set(TEXTS) <= set(written)


@pytest.mark.parametrize("module", MODULES)
def test_each_topic_module_is_merged_whole(module):
    tables = _tables(module)
    assert tables, f"{module} has no table of texts"
    for name, table in tables.items():
        assert {code: TEXTS.get(code) for code in table} == table, f"{module}.{name}"


def test_texts_are_exactly_the_topic_tables():
    count = sum(len(table) for m in MODULES for table in _tables(m).values())
    assert len(TEXTS) == count
    assert len(TEXTS) > 400


def test_text_fills_the_parameters_in_either_language():
    assert text("json_invalid", "id", detail="baris 3") == "berkas bukan JSON yang sah: baris 3"
    assert text("json_invalid", "en", detail="line 3") == "the file is not valid JSON: line 3"
    assert text("no_such_code", "en") == "no_such_code"


def test_problem_reads_its_text_from_the_merged_tables():
    problem = Problem(path_of(("plan", "team", 2, "nip")), "nip_length")
    assert problem.path == "plan.team[2].nip"
    assert problem.line("en") == "plan.team[2].nip: a NIP must have 18 digits"
    assert problem.as_dict()["message_id"] == "NIP harus 18 digit"
