"""The browser tests' Chromium: a live server of the app, a page in a fresh context (an
Indonesian browser in WIB unless told otherwise) whose console is collected, and a person
signing in through the log-in form.

Tests using these are marked ``browser``; without Playwright or Chromium they skip (CI turns
that skip into a failure, see tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.web.pages import credential, live_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run")
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOTS = os.environ.get("DOCGEN_SCREENSHOTS") == "1"
"""``DOCGEN_SCREENSHOTS=1``: the browser tests also save their pages as pictures in docs/."""
DOCS = Path(__file__).resolve().parents[2] / "docs"


@contextmanager
def chromium(app, *, args: tuple[str, ...] = ARGS) -> Iterator[tuple[object, str]]:
    """`app` served on a free port and a headless Chromium: (the browser, the base URL).
    Skips the test where Playwright or Chromium is missing."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    with live_server(app) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(args))
        try:
            yield browser, base
        finally:
            browser.close()


def new_page(browser, console: list[str] | None = None, *, locale: str = "id-ID",
             timezone_id: str = "Asia/Jakarta", timeout: float = 15_000, **options):
    """A page in a fresh context (no cookies) of `browser`; its console messages
    ("<type>: <text>") and uncaught errors ("pageerror: …") go into `console`. `options`
    go to the context (``accept_downloads``, a ``viewport`` other than 1280×900, …)."""
    context = browser.new_context(locale=locale, timezone_id=timezone_id,
                                  **{"viewport": VIEWPORT, **options})
    context.set_default_timeout(timeout)
    page = context.new_page()
    if console is not None:
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    return page


def sign_in(page, base: str, who) -> None:
    """Sign in through the log-in form as `who` (an object with ``email`` and ``password``,
    e.g. a demo credential) and land on the start page. The form's fields are found by
    their names, so it works whatever language the browser asks the pages in."""
    page.goto(base + "/login")
    page.fill("main form input[name=email]", who.email)
    page.fill("main form input[name=password]", who.password)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/")


@contextmanager
def signed_in(app, role: str = "staff", console: list[str] | None = None,
              **options) -> Iterator[tuple[object, str]]:
    """A live server of `app` and a page (see :func:`new_page`) signed in as the demo user
    of `role`: (the page, the base URL)."""
    with chromium(app) as (browser, base):
        page = new_page(browser, console, **options)
        sign_in(page, base, credential(app, role))
        yield page, base


def submit(page, button) -> None:
    """Click a button or link that loads another page, and wait for that page."""
    with page.expect_navigation():
        button.click()


def script_errors(console: list[str]) -> list[str]:
    """What in `console` (as :func:`new_page` collects it) shows a broken page: an uncaught
    error, an error on the console, a refusal by the Content-Security-Policy. A resource
    answered 422 (a check that found a mistake in what was typed) is no error."""
    return [m for m in console
            if (m.startswith(("pageerror:", "error:")) or "Content Security Policy" in m)
            and "status of 422" not in m]


def shoot(page, path: Path, *, full_page: bool = True) -> None:
    """Save the page as the picture `path` (under docs/) when ``DOCGEN_SCREENSHOTS=1``, once
    its fonts are loaded."""
    if SCREENSHOTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(path), full_page=full_page)
