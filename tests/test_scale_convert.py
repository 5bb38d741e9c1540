"""A document's PDF made by a ``docgen worker`` over Redis (docs/deploy.md): asked for on one
web instance, the worker killed (SIGKILL) while it converts, the conversion made again by a
second worker, and the PDF fetched through the other web instance; one result folder in the
shared preview cache. Real PostgreSQL, Redis and processes; LibreOffice and pdftoppm or
their stand-ins (tests/office_tools.py)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import time
from pathlib import Path

import pytest

from tests.office_tools import tools_env
from tests.process_guard import descendants
from tests.test_scale import REDIS, cluster, redis_client, sign_in, start, wait_for  # noqa: F401
from tests.web.test_serve import CREDENTIAL, _free_port

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def slow_converting_cluster(running, tmp_path: Path):  # noqa: ANN001, ANN201
    """The running cluster (the `cluster` fixture) with conversions that take 6 s (time to kill the worker making one):
    its environment and processes, the log folder, the store, the worker to be killed, and
    two web instances (url, process, log), the first with the demo."""
    from docgen.store import Store

    env, processes = running
    env.update(tools_env(env, tmp_path / "bin", seconds=6.0))
    logs = tmp_path / "logs"
    logs.mkdir()
    store = Store(env["DATABASE_URL"], Path(env["DOCGEN_HOME"]))
    store.upgrade()
    victim = start(env, processes, "worker", "--name", f"v-{secrets.token_hex(3)}",
                   log=logs / "victim.log")
    web = []
    for name, demo in (("web1", True), ("web2", False)):
        port = _free_port()
        args = ["serve", "--port", str(port), "--threads", "4"] + (["--demo"] if demo else [])
        proc = start(env, processes, *args, log=logs / f"{name}.log")
        web.append((f"http://127.0.0.1:{port}/", proc, logs / f"{name}.log"))
        wait_for(*web[-1])
    return env, processes, logs, store, victim, web


def kill_while_converting(store, victim, logs: Path) -> list[int]:  # noqa: ANN001
    """Kill (SIGKILL) the worker `victim` while it holds a conversion, frozen first so that
    what it holds cannot change; the processes it had started (its LibreOffice), left
    orphaned."""
    from docgen.store import Conversion

    mine = f"%:{victim.pid}:%"
    orphans: list[int] = []
    deadline, killed = time.monotonic() + 90, False
    while not killed and time.monotonic() < deadline:
        with store.session() as session:
            held = session.query(Conversion).filter(Conversion.state == "running",
                                                    Conversion.lease_owner.like(mine)).count()
        if held:
            victim.send_signal(signal.SIGSTOP)
            orphans = list(descendants(victim.pid))
            victim.send_signal(signal.SIGKILL)
            killed = True
        time.sleep(0.02)
    assert killed, (logs / "victim.log").read_text()[-3000:]
    victim.wait(timeout=10)
    return orphans


def test_a_pdf_made_by_a_worker_survives_a_killed_worker(cluster, tmp_path):  # noqa: F811
    from docgen.example import example_study
    from docgen.store import Conversion, StudyRecord

    env, processes, logs, store, victim, web = slow_converting_cluster(cluster, tmp_path)
    creds = dict(CREDENTIAL.findall(web[0][2].read_text()))
    with store.transaction() as session:
        record = session.query(StudyRecord).order_by(StudyRecord.id).first()
        record.data = example_study()
        study_id = record.id
    path = f"studies/{study_id}/documents/spt/0.pdf"

    staff, _ = sign_in(web[0][0], "staf@contoh.go.id", creds["staf@contoh.go.id"])
    waiting = staff.get(web[0][0] + path, timeout=60)
    assert waiting.status_code == 202, waiting.text[:1000]
    status = re.search(r'data-status-urls="/([^"]+)"', waiting.text).group(1)

    orphans = kill_while_converting(store, victim, logs)  # killed while it converts
    try:
        start(env, processes, "worker", "--name", f"w-{secrets.token_hex(3)}",
              log=logs / "worker2.log")
        other, _ = sign_in(web[1][0], "staf@contoh.go.id", creds["staf@contoh.go.id"])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = other.get(web[1][0] + status, timeout=30).json()
            if state["done"]:
                break
            time.sleep(0.25)
        assert state["ready"], (state, (logs / "worker2.log").read_text()[-3000:])
        pdf = other.get(web[1][0] + path, timeout=60)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        assert "surat-perintah-tugas.pdf" in pdf.headers["Content-Disposition"]
        again = staff.get(web[0][0] + path, timeout=60)  # the first instance: the same file
        assert again.status_code == 200 and again.content == pdf.content
    finally:
        for pid in orphans:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    with store.session() as session:
        row = session.query(Conversion).one()
    assert row.state == "done" and row.attempts == 2
    assert f":{victim.pid}:" not in row.made_by
    root = Path(env["DOCGEN_HOME"]) / "previews"
    made = sorted(p.relative_to(root).as_posix() for p in root.glob("??/*"))
    assert made == [f"{row.key[:2]}/{row.key}"]  # one result, no half-written folder
    assert (root / made[0] / "document.pdf").read_bytes() == pdf.content
    assert not any((root / "incoming").iterdir())
    store.dispose()
