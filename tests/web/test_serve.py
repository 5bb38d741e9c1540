"""`DOCGEN_HOME=<empty folder> docgen serve --demo --port P` as a person would run it: the
printed credentials sign in, and a second start on the same folder changes nothing."""

from __future__ import annotations

import http.cookiejar
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import on_test_clock
from tests.process_guard import descendants

CREDENTIAL = re.compile(r"(\S+@\S+) / (\S+)")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _docgen() -> list[str]:
    script = Path(sys.executable).with_name("docgen")
    if script.exists():
        return [str(script)]
    found = shutil.which("docgen")
    if found:
        return [found]
    return [sys.executable, "-m", "docgen.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`docgen serve --demo` in a subprocess, its output read line by line."""

    def __init__(self, home: Path, port: int):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DOCGEN_HOME=str(home), PYTHONUNBUFFERED="1")
        self.url = f"http://127.0.0.1:{port}/"
        command = on_test_clock([*_docgen(), "serve", "--demo", "--port", str(port)], env)
        self.proc = subprocess.Popen(command,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)

    def start_up(self, timeout: float = 90) -> tuple[str, dict[str, str]]:
        """The output up to the "running at" line, and the printed credentials."""
        output, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            output.append(line)
            if self.url in line:
                text = "".join(output)
                creds = {email: password for email, password in CREDENTIAL.findall(text)}
                return text, creds
        raise AssertionError("docgen serve did not start:\n" + "".join(output))

    def wait_until_answering(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "login", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"nothing answers at {self.url}")

    def stop(self) -> None:
        stop(self.proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop a `docgen serve` as a person does, with Ctrl-C (SIGINT): it then also stops the
    LibreOffice workers it started. Killed if it has not ended within 15 s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _get(opener, url: str) -> tuple[str, str]:
    with opener.open(url, timeout=30) as response:
        return response.geturl(), response.read().decode("utf-8")


def _sign_in(server: Server, email: str, password: str) -> str:
    opener = _browser()
    final, page = _get(opener, server.url)
    assert final.startswith(server.url + "login"), final
    assert 'name="email"' in page and 'name="password"' in page
    token = TOKEN.search(page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password,
                                   "csrf_token": token}).encode()
    with opener.open(server.url + "login", data=body, timeout=30) as response:
        assert response.geturl() == server.url, "signed in and sent to the dashboard"
        return response.read().decode("utf-8")


@pytest.fixture
def empty_home(tmp_path):
    home = tmp_path / "empty"
    home.mkdir()
    return home


def test_serve_demo_from_an_empty_folder(empty_home):
    port = _free_port()
    server = Server(empty_home, port)
    try:
        output, creds = server.start_up()
        assert str(empty_home) in output
        assert set(creds) == {"staf@contoh.go.id", "penandatangan@contoh.go.id",
                              "arsiparis@contoh.go.id", "admin@contoh.go.id",
                              "kasubbag.umum@contoh.go.id"}
        server.wait_until_answering()
        for email, password in creds.items():
            dashboard = _sign_in(server, email, password)
            assert "Studi Banding Penerapan E-Budgeting" in dashboard, email
        assert (empty_home / "docgen.sqlite3").is_file()
        assert (empty_home / "secret_key").is_file()
    finally:
        server.stop()

    again = Server(empty_home, port)
    try:
        _, creds_again = again.start_up()
        assert creds_again == creds, "the demo passwords stay the same"
        again.wait_until_answering()
        dashboard = _sign_in(again, "staf@contoh.go.id", creds["staf@contoh.go.id"])
        assert dashboard.count("Studi Banding Penerapan E-Budgeting") == 1, "seeded once"
    finally:
        again.stop()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.pdf
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_service_managers_stop_ends_the_libreoffice_workers_too(empty_home, tmp_path,
                                                                   monkeypatch):
    """SIGTERM (systemd, docker stop) stops `docgen serve` as Ctrl-C does: the LibreOffice
    workers it started end with it, none is left running without its parent, and their
    profiles in the temporary folder are removed (a killed service leaves them behind)."""
    from docgen import pdf

    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))  # the server's, read by its tempfile
    server = Server(empty_home, _free_port())
    try:
        server.start_up()
        server.wait_until_answering()
        deadline, office = time.monotonic() + 90, {}
        while time.monotonic() < deadline and not office:
            office = {p: c for p, c in descendants(server.proc.pid).items() if "soffice" in c}
            time.sleep(0.5)
        assert office, "the warm pool started LibreOffice"
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(timeout=30)  # ended, as after Ctrl-C
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for p in office):
            time.sleep(0.2)
        assert not [c for p, c in office.items() if _alive(p)], "LibreOffice left running"
        assert [p.name for p in temporary.iterdir() if p.name.startswith("docgen-pdfpool")] \
            == [], "the LibreOffice profiles are removed"
    finally:
        if server.proc.poll() is None:
            server.stop()
