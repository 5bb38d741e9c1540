"""An issued record's PDF/A made by a ``docgen worker`` over Redis (docs/deploy.md): issued
through the API of one web instance (the record committed at once, its PDF/A pending), the
worker killed (SIGKILL) while it converts, the conversion made again by a second worker that
keeps the PDF/A with the record without anyone opening its page, and the record read through
the other web instance: one PDF/A, one file in the shared storage, one ``pdf_made`` event.
Real PostgreSQL, Redis and processes; LibreOffice and pdftoppm or their stand-ins
(tests/office_tools.py)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import signal
import time
from pathlib import Path

import pytest

from tests.test_scale import REDIS, cluster, redis_client, start, wait_for  # noqa: F401
from tests.test_scale_convert import kill_while_converting, slow_converting_cluster

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def _fresh_study_and_token(store) -> tuple[int, str]:
    """A copy of the demo study, nothing of it issued, and an API token of the signer."""
    from sqlalchemy import select

    from docgen.store import ApiToken, Office, StudyRecord, User
    from docgen.store.demo import DEMO_OFFICE, demo_study

    with store.transaction() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        study = demo_study()
        study.id = "sb-uji-pdfa-pekerja"
        signer = session.scalar(select(User).where(User.office_id == office.id,
                                                   User.role == "signer"))
        record = StudyRecord(office=office, data=study)
        session.add(record)
        row, token = ApiToken.issue(signer, "uji")
        session.add(row)
        session.flush()
        return record.id, token


def test_an_issued_records_pdfa_survives_a_killed_worker(cluster, tmp_path):  # noqa: F811
    import requests
    from sqlalchemy import select

    from docgen.store import ArchiveEvent, ArchiveFile, Conversion, RecordPdf

    env, processes, logs, store, victim, web = slow_converting_cluster(cluster, tmp_path)
    study_id, token = _fresh_study_and_token(store)
    headers = {"Authorization": f"Bearer {token}"}

    issued = requests.post(f"{web[0][0]}api/v1/studies/{study_id}/documents/spt/issue",
                           headers=headers, timeout=60)
    assert issued.status_code == 201, issued.text[:2000]
    record = issued.json()  # committed at once: its number, its DOCX; the PDF/A to come
    assert record["number"] and record["pdf"]["state"] == "pending", record["pdf"]
    assert record["files"] == []

    orphans = kill_while_converting(store, victim, logs)  # killed while it converts
    try:
        start(env, processes, "worker", "--name", f"w-{secrets.token_hex(3)}",
              log=logs / "worker2.log")
        deadline, kept = time.monotonic() + 120, []
        while not kept and time.monotonic() < deadline:  # nobody looks: the worker keeps it
            with store.session() as session:
                kept = list(session.scalars(select(ArchiveFile).where(
                    ArchiveFile.record_id == record["id"], ArchiveFile.role == "pdf")))
            time.sleep(0.25)
        assert kept, (logs / "worker2.log").read_text()[-3000:]
        seen = requests.get(f"{web[1][0]}api/v1/records/{record['id']}", headers=headers,
                            timeout=60).json()  # through the other instance
        assert seen["pdf"]["state"] == "made" and seen["pdf"]["file"] == kept[0].id
        assert [f["role"] for f in seen["files"]] == ["pdf"]
        pdf = requests.get(web[1][0] + seen["files"][0]["url"].lstrip("/"), headers=headers,
                           timeout=60)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        assert hashlib.sha256(pdf.content).hexdigest() == kept[0].sha256
    finally:
        for pid in orphans:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    time.sleep(2)  # a late reaper round changes nothing
    with store.session() as session:
        conversion = session.scalar(select(Conversion).where(
            Conversion.key == session.scalar(select(RecordPdf.key))))
        assert conversion.state == "done" and conversion.attempts == 2
        assert f":{victim.pid}:" not in conversion.made_by
        assert session.scalar(select(RecordPdf.state)) == "made"
        assert len(list(session.scalars(select(ArchiveFile).where(
            ArchiveFile.record_id == record["id"])))) == 1
        made = [e.outcome for e in session.scalars(select(ArchiveEvent).where(
            ArchiveEvent.record_id == record["id"], ArchiveEvent.event == "pdf_made"))]
    assert made == ["ok"]
    stored = sorted((Path(env["DOCGEN_HOME"]) / "archive").rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == pdf.content
    store.dispose()
