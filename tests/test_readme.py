"""The README opens with the two set-up commands, and CI runs the same test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_readme_starts_with_run_and_test_commands():
    run, test = _blocks()[:2]
    assert "\n" not in run and "\n" not in test
    assert run.startswith("python3.11 -m venv .venv") and run.endswith("docgen serve --demo")
    assert test.startswith("python3.11 -m venv .venv") and "pytest -q" in test


def test_ci_runs_the_readme_test_command():
    test = _blocks()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci
    assert "DOCGEN_STRICT_SKIPS=1" in ci
