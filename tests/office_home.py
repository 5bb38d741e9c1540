"""A data folder (DOCGEN_HOME) holding the example office, a study file, and the command line
run on that folder: shared by the tests of `docgen templates` and of an office's own kinds.
Import the fixtures by name (``from tests.office_home import home, run, study_file``)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.example import example_data, example_study
from docgen.store import Office, Store

__all__ = ["home", "run", "study_file"]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    home = tmp_path / "home"
    store = Store(home=home)
    store.upgrade()
    with store.transaction() as session:
        session.add(Office(name=example_study().office.name, profile=example_study().office))
    store.dispose()
    return home


@pytest.fixture
def study_file(tmp_path):
    path = tmp_path / "studi.json"
    path.write_text(json.dumps(example_data(), ensure_ascii=False), encoding="utf-8")
    return path


def run(home, *args: str, lang: str = "id"):
    return CliRunner().invoke(main, ["--lang", lang, *args], env={"DOCGEN_HOME": str(home)})
