"""Several processes on one machine as a stand-in for a deployment (docs/deploy.md): two
``docgen serve`` instances and two ``docgen worker`` processes sharing PostgreSQL, Redis and
the storage folder. A batch sent to one web instance is made by both workers; one worker
is killed (SIGKILL) while it renders; the batch still ends with exactly one letter per
recipient, watched and downloaded through the other web instance. And the sign-in limit
kept in Redis holds across both web instances.

Each test uses its own RQ queue, limiter key prefix and database, so parallel test workers
never meet."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from tests.helpers import docx_text, on_test_clock
from tests.recipient_sheets import HEADER, villages, xlsx
from tests.web.test_serve import CREDENTIAL, TOKEN, _docgen, _free_port

REDIS = os.environ.get("DOCGEN_TEST_REDIS", "redis://127.0.0.1:6379/0")
pytestmark = [pytest.mark.redis, pytest.mark.postgres]
RECIPIENTS = 240


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS}: {exc}")
    yield client
    client.close()


@pytest.fixture
def cluster(tmp_path, postgres_url, redis_client):
    """The environment every process of the deployment shares."""
    from tests.conftest import _empty_postgres

    _empty_postgres(postgres_url)
    queue = f"docgen-test-{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(DOCGEN_HOME=str(tmp_path / "shared"), DATABASE_URL=postgres_url,
               DOCGEN_REDIS_URL=REDIS, DOCGEN_QUEUE=queue, DOCGEN_JOB_LEASE="2",
               DOCGEN_BATCH_PART_SIZE="30", DOCGEN_RENDER_PATH="compiled",
               DOCGEN_PDF_PRESTART="0",  # no PDF here: the servers start no LibreOffice
               PYTHONUNBUFFERED="1")
    processes: list[subprocess.Popen] = []
    yield env, processes
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    for proc in processes:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    for key in redis_client.scan_iter(f"rq:*{queue}*"):
        redis_client.delete(key)
    prefix = env.get("DOCGEN_RATELIMIT_PREFIX")
    if prefix:
        for key in redis_client.scan_iter(f"LIMITS:*{prefix}*"):
            redis_client.delete(key)


def start(env: dict, processes: list, *args: str, log: Path) -> subprocess.Popen:
    command = on_test_clock([*_docgen(), *args], env)
    proc = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    processes.append(proc)
    return proc


def wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(log.read_text())
        try:
            requests.get(url + "login", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError("nothing answers:\n" + log.read_text())


def sign_in(url: str, email: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(url + "login", timeout=30).text
    response = session.post(url + "login", data={
        "email": email, "password": password, "csrf_token": TOKEN.search(page).group(1)},
        timeout=30)
    return session, response


def test_two_instances_and_two_workers_survive_a_killed_worker(cluster, tmp_path):
    from docgen.example import example_study
    from docgen.store import JobPart, Store, StudyRecord

    env, processes = cluster
    logs = tmp_path / "logs"
    logs.mkdir()
    store = Store(env["DATABASE_URL"], Path(env["DOCGEN_HOME"]))
    store.upgrade()  # as `docgen db upgrade` before the processes start
    workers = [start(env, processes, "worker", "--name", f"w{i}-{secrets.token_hex(3)}",
                     log=logs / f"worker{i}.log") for i in (1, 2)]
    web = []
    for name, demo in (("web1", True), ("web2", False)):
        port = _free_port()
        args = ["serve", "--port", str(port), "--threads", "4"] + (["--demo"] if demo else [])
        proc = start(env, processes, *args, log=logs / f"{name}.log")
        web.append((f"http://127.0.0.1:{port}/", proc, logs / f"{name}.log"))
        if demo:
            wait_for(*web[-1])  # the first seeds the demo office before the second starts
    creds = dict(CREDENTIAL.findall(web[0][2].read_text()))
    with store.transaction() as session:  # the demo study, filled through stage 7
        record = session.query(StudyRecord).order_by(StudyRecord.id).first()
        record.data = example_study()
        study_id = record.id

    staff, _ = sign_in(web[0][0], "staf@contoh.go.id", creds["staf@contoh.go.id"])
    form = staff.get(f"{web[0][0]}studies/{study_id}/batch", timeout=30).text
    response = staff.post(f"{web[0][0]}studies/{study_id}/batch", data={
        "csrf_token": TOKEN.search(form).group(1), "kind": "invitation", "event": "0",
        "format": "docx"}, files={"recipients": ("penerima.xlsx", xlsx(
            [HEADER, *villages(RECIPIENTS)]))}, allow_redirects=False, timeout=60)
    assert response.status_code == 302, response.text[:2000]
    job_path = re.search(r"/studies/\d+/batch/\d+$", response.headers["Location"]).group(0)

    victim, killed = workers[0], None
    mine = f"%:{victim.pid}:%"

    def in_flight() -> JobPart | None:
        with store.session() as session:
            return session.query(JobPart).filter(
                JobPart.state == "running", JobPart.lease_owner.like(mine)).first()

    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline:  # kill it while it renders a part,
        with store.session() as session:  # after it has made one
            made = session.query(JobPart).filter(JobPart.made_by.like(mine)).count()
        if made and in_flight() is not None:
            victim.send_signal(signal.SIGSTOP)  # frozen: what it holds can no longer change
            held = in_flight()
            if held is not None:
                victim.send_signal(signal.SIGKILL)
                killed = held.number
            else:
                victim.send_signal(signal.SIGCONT)
        time.sleep(0.01)
    assert killed is not None, "the first worker never rendered a part"
    victim.wait(timeout=10)

    wait_for(*web[1])
    other, _ = sign_in(web[1][0], "staf@contoh.go.id", creds["staf@contoh.go.id"])
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        state = other.get(web[1][0] + job_path.lstrip("/") + "/status.json", timeout=30).json()
        if state["done"]:
            break
        time.sleep(0.25)
    assert state["state"] == "done", (state, (logs / "worker2.log").read_text()[-3000:])
    assert (state["made"], state["total"]) == (RECIPIENTS, RECIPIENTS)

    zipped = other.get(web[1][0].rstrip("/") + state["download"], timeout=60)
    assert zipped.status_code == 200
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as zf:
        names = zf.namelist()
        letters = [n for n in names if n.endswith(".docx")]
        assert len(letters) == len(set(letters)) == RECIPIENTS
        expected = {f"undangan-diseminasi-{i:03d}-kepala-desa-sukamaju-{i}.docx"
                    for i in range(1, RECIPIENTS + 1)}
        assert set(letters) == expected
        text = docx_text(zf.read(f"undangan-diseminasi-{RECIPIENTS:03d}-kepala-desa-"
                                 f"sukamaju-{RECIPIENTS}.docx"))
    assert f"Yth. Kepala Desa Sukamaju {RECIPIENTS}\n" in text
    with store.session() as session:
        parts = session.query(JobPart).order_by(JobPart.number).all()
        redone = next(p for p in parts if p.number == killed)
        makers = {p.made_by.split(":")[1] for p in parts}
    assert redone.attempts == 2 and f":{victim.pid}:" not in redone.made_by
    assert str(workers[1].pid) in makers and str(victim.pid) in makers, makers
    store.dispose()


def test_the_sign_in_limit_is_shared_by_two_instances(cluster, tmp_path):
    from docgen.store import Store

    env, processes = cluster
    env.update(RATELIMIT_STORAGE_URI=REDIS, DOCGEN_RATELIMIT_PREFIX=secrets.token_hex(6),
               DOCGEN_HOME=str(tmp_path / "limit-home"))
    env.pop("DATABASE_URL")
    store = Store(None, tmp_path / "limit-home")
    store.upgrade()
    store.dispose()
    servers = []
    for name, demo in (("a", True), ("b", False)):
        port, log = _free_port(), tmp_path / f"{name}.log"
        proc = start(env, processes, "serve", "--port", str(port),
                     *(["--demo"] if demo else []), log=log)
        servers.append((f"http://127.0.0.1:{port}/", proc, log))
    for server in servers:
        wait_for(*server)
    urls = [url for url, _, _ in servers]
    creds = dict(CREDENTIAL.findall((tmp_path / "a.log").read_text()))
    email = "staf@contoh.go.id"
    for attempt in range(10):  # five wrong passwords on each instance: each alone is under
        _, response = sign_in(urls[attempt % 2], email, f"salah-{attempt}")  # the limit of 10
        assert response.status_code != 429 and "/login" in response.url, attempt
    _, response = sign_in(urls[0], email, creds[email])  # the right one, now refused
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.text


def test_docgen_batch_queue_waits_for_a_worker(cluster, tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main
    from docgen.example import example_data
    from docgen.store import Store

    env, processes = cluster
    env.pop("DATABASE_URL")
    env["DOCGEN_HOME"] = str(tmp_path / "queue-home")
    Store(None, tmp_path / "queue-home").upgrade()
    start(env, processes, "worker", log=tmp_path / "worker.log")
    study = tmp_path / "studi.json"
    study.write_text(json.dumps(example_data()), encoding="utf-8")
    sheet = tmp_path / "penerima.xlsx"
    sheet.write_bytes(xlsx([HEADER, *villages(45), [46, None, "Desa", None, None, None, None]]))
    out = tmp_path / "undangan.zip"
    keys = ("DOCGEN_HOME", "DOCGEN_REDIS_URL", "DOCGEN_QUEUE", "DOCGEN_BATCH_PART_SIZE")
    result = CliRunner().invoke(main, ["batch", str(study), "--recipients", str(sheet),
                                       "--out", str(out), "--queue"],
                                env={"DOCGEN_LANG": "id", **{k: env[k] for k in keys}})
    assert result.exit_code == 1, result.output  # one row refused, the rest made
    assert "masuk antrean (2 bagian)" in result.output
    assert "45 naskah dibuat, 1 baris ditolak" in result.output
    assert "Penerima!B49: baris 49: jabatan penerima kosong" in result.output
    with zipfile.ZipFile(out) as zf:
        letters = [n for n in zf.namelist() if n.endswith(".docx")]
        assert len(letters) == 45
        assert "Yth. Kepala Desa Sukamaju 45" in docx_text(zf.read(letters[-1]))
