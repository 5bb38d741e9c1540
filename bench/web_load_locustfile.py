"""The simulated office users of ``bench/web_load.py`` (a Locust file; run it through that
script, which starts the server and makes the users).

Each simulated user signs in with its own account and its own cookie jar, from its own
address (``X-Forwarded-For``: the server runs as behind a proxy, so the sign-in rate limit
counts per user as it would for 20 office machines). When every user is signed in, the
figures of the sign-in burst are written to ``DOCGEN_LOAD_SIGN_IN`` and the statistics start
afresh, so the page figures are those of all users working at once. Then each user loops:
the dashboard, the study's overview, one stage page (the next one each round), the
documents page and, every ``DOCGEN_LOAD_ZIP_EVERY``-th round (each user at its own offset),
the ZIP of every ready document. Between two page views the user waits
``DOCGEN_LOAD_THINK`` seconds (``"1-2"``: uniformly between 1 and 2; ``"0"``: not at all, a
stress run).

Environment: ``DOCGEN_LOAD_USERS`` (a JSON file: ``{"study_id": 1, "users": [[email,
password], ...]}``), ``DOCGEN_LOAD_THINK``, ``DOCGEN_LOAD_ZIP_EVERY``,
``DOCGEN_LOAD_SIGN_IN`` (where to write the sign-in figures, JSON).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from gevent.event import Event
from locust import HttpUser, SequentialTaskSet, task
from locust.exception import StopUser

STAGE_KEYS = ("goals", "plan", "destination", "coordination", "execution", "evaluation",
              "reporting")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

with open(os.environ["DOCGEN_LOAD_USERS"], encoding="utf-8") as fh:
    SETUP = json.load(fh)
STUDY = SETUP["study_id"]
ACCOUNTS = itertools.cycle(enumerate(SETUP["users"]))
ZIP_EVERY = max(1, int(os.environ.get("DOCGEN_LOAD_ZIP_EVERY", "5")))
_think = os.environ.get("DOCGEN_LOAD_THINK", "1-2").split("-")
THINK = (float(_think[0]), float(_think[-1]))
SIGN_IN_FILE = os.environ.get("DOCGEN_LOAD_SIGN_IN")
SIGN_IN_NAMES = (("GET", "sign in (form)"), ("POST", "sign in"))
PERCENTILES = (0.5, 0.95, 0.99)
signed_in = {"count": 0}
everyone_in = Event()


def start_measuring(environment) -> None:  # noqa: ANN001
    """Keep the figures of the sign-in burst, then start the statistics afresh."""
    stats = environment.runner.stats
    if SIGN_IN_FILE:
        figures = {}
        for method, name in SIGN_IN_NAMES:
            entry = stats.get(name, method)
            figures[name] = {
                "count": entry.num_requests, "failures": entry.num_failures,
                "max": entry.max_response_time,
                **{f"p{round(p * 100)}": entry.get_response_time_percentile(p)
                   for p in PERCENTILES}}
        with open(SIGN_IN_FILE, "w", encoding="utf-8") as fh:
            json.dump(figures, fh)
    stats.reset_all()
    everyone_in.set()


def think(_user: object = None) -> float:
    return random.uniform(*THINK) if THINK[1] > 0 else 0.0


class OfficeDay(SequentialTaskSet):
    """One round through the pages of the study, in the order a person clicks them."""

    def on_start(self) -> None:
        self.round = 0
        self.offset = random.randrange(ZIP_EVERY)
        self.wait()  # everyone is signed in now: each starts after a look at the dashboard

    def page(self, path: str, name: str, marker: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif marker not in response.text:
                response.failure(f"{marker!r} not on the page (signed out?)")

    @task
    def dashboard(self) -> None:
        self.round += 1
        self.page("/", "dashboard", "Studi banding")

    @task
    def overview(self) -> None:
        self.page(f"/studies/{STUDY}", "study overview", "stage-badge")

    @task
    def stage(self) -> None:
        key = STAGE_KEYS[self.round % len(STAGE_KEYS)]
        self.page(f"/studies/{STUDY}/stages/{key}", "stage page", "data-stage-form")

    @task
    def documents(self) -> None:
        self.page(f"/studies/{STUDY}/documents", "documents page", "doc-docx")

    @task
    def all_documents(self) -> None:
        if (self.round + self.offset) % ZIP_EVERY:
            return
        with self.client.get(f"/studies/{STUDY}/documents.zip", name="documents ZIP",
                             catch_response=True) as response:
            if response.status_code != 200 or response.content[:2] != b"PK":
                response.failure(f"status {response.status_code}, not a ZIP")


class OfficeUser(HttpUser):
    tasks = [OfficeDay]
    wait_time = think

    def on_start(self) -> None:
        number, (email, password) = next(ACCOUNTS)
        self.client.headers["X-Forwarded-For"] = f"10.20.{number // 250}.{number % 250 + 1}"
        login = self.client.get("/login", name="sign in (form)")
        match = TOKEN.search(login.text)
        if not match:
            raise StopUser()
        with self.client.post("/login", name="sign in", allow_redirects=False,
                              data={"email": email, "password": password,
                                    "csrf_token": match.group(1)},
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused: {response.status_code}")
                raise StopUser()
        signed_in["count"] += 1
        if signed_in["count"] >= self.environment.runner.target_user_count:
            start_measuring(self.environment)
        everyone_in.wait(timeout=120)
