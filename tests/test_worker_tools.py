"""``docgen worker`` says at start-up which conversion tool its machine lacks (the web
instances queue conversions for the workers without looking for the tools themselves,
docs/deploy.md), in the language asked for, and still takes its jobs."""

from __future__ import annotations

import os
import secrets
import subprocess

import pytest

from docgen.store import Store
from tests.helpers import on_test_clock
from tests.office_tools import stand_ins
from tests.test_scale import REDIS, redis_client  # noqa: F401
from tests.web.test_serve import _docgen

pytestmark = pytest.mark.redis


@pytest.fixture
def start_worker(tmp_path, redis_client):  # noqa: F811
    """Run ``docgen worker --burst`` on an empty queue of its own with only the folder
    given on its PATH; its output."""
    home = tmp_path / "home"
    Store(home=home).upgrade()
    queue = f"docgen-test-{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DOCGEN_REDIS_URL=REDIS, DOCGEN_QUEUE=queue, DOCGEN_HOME=str(home))

    def start(lang: str, tools: str) -> str:
        run = dict(env, PATH=tools)
        done = subprocess.run(on_test_clock([*_docgen(), "--lang", lang, "worker", "--burst"],
                                            run), env=run, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stderr

    yield start
    for key in redis_client.scan_iter(f"rq:*{queue}*"):
        redis_client.delete(key)


def test_a_worker_without_libreoffice_warns_in_both_languages(start_worker, tmp_path):
    empty = tmp_path / "no-tools"
    empty.mkdir()
    assert ("peringatan: LibreOffice (soffice) tidak terpasang di mesin ini; PDF/A dan "
            "pratinjau yang diambil pekerja ini akan gagal") in start_worker("id", str(empty))
    assert ("warning: LibreOffice (soffice) is not installed on this machine; the PDF/A "
            "and previews this worker takes will fail") in start_worker("en", str(empty))


def test_a_worker_without_pdftoppm_names_poppler(start_worker, tmp_path):
    tools = stand_ins(tmp_path / "bin")
    (tools / "pdftoppm").unlink()
    output = start_worker("en", str(tools))
    assert "warning: poppler-utils (pdftoppm) is not installed" in output
    assert "LibreOffice" not in output


def test_a_worker_with_both_tools_says_nothing_of_them(start_worker, tmp_path):
    output = start_worker("en", str(stand_ins(tmp_path / "bin")))
    assert "not installed" not in output and "warning" not in output
