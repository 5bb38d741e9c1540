"""`docgen serve` behind a reverse proxy (DOCGEN_BEHIND_PROXY=1): the client address comes
from the proxy's X-Forwarded-For, so the sign-in limit counts each office machine on its own
instead of everyone behind the proxy together."""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.helpers import on_test_clock
from tests.web.test_serve import TOKEN, _docgen, _free_port, stop

ATTEMPTS = 10
"""The sign-in limit per address and minute (LOGIN_RATE_LIMIT)."""


def _post_login(url: str, address: str, email: str = "x@contoh.go.id") -> int:
    """A wrong password for `email` posted from `address` (through the proxy): the
    status."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.addheaders = [("X-Forwarded-For", address)]
    with opener.open(url + "login", timeout=30) as response:
        token = TOKEN.search(response.read().decode("utf-8")).group(1)
    body = urllib.parse.urlencode({"email": email, "password": "salah-sekali",
                                   "csrf_token": token}).encode()
    try:
        with opener.open(url + "login", data=body, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def proxied_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DOCGEN_HOME=str(tmp_path / "home"), DOCGEN_BEHIND_PROXY="1",
               DOCGEN_PDF_PRESTART="0")  # no PDF here: no LibreOffice to start
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(on_test_clock([*_docgen(), "serve", "--port", str(port)], env),
                            env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "login", timeout=2).read()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "no answer"
                time.sleep(0.2)
        yield url
    finally:
        stop(proc)


def test_the_sign_in_limit_counts_each_forwarded_address(proxied_server):
    statuses = [_post_login(proxied_server, "10.1.0.7") for _ in range(ATTEMPTS + 1)]
    assert statuses[:ATTEMPTS] == [422] * ATTEMPTS, statuses
    assert statuses[-1] == 429, statuses
    # Another account: x@ has had its 10 failures, so it is locked from every address.
    assert _post_login(proxied_server, "10.1.0.8", "y@contoh.go.id") != 429, \
        "another machine is not limited"
    assert _post_login(proxied_server, "10.1.0.9") == 429, "x@ is locked everywhere"
