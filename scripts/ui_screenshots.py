"""Screenshots of the web pages of the demo study, for the README and for review.

    python scripts/ui_screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Starts the app on a temporary DOCGEN_HOME with the demo data, signs in as the demo staff
user in Chromium (locale id-ID) and saves the whole page of:

* ``ui-login.png``, ``ui-dashboard.png``, ``ui-documents.png`` (desktop, 1280 px wide);
* ``ui-stage-<key>.png`` and ``ui-stage-<key>-phone.png`` for each of the seven stages
  (1280 px and 390 px wide);
* ``ui-archive-record.png`` and ``ui-archive-register.png``: two documents issued from the
  documents page, the record page of the second and the register (desktop);
* ``ui-followup.png`` and ``ui-public.png``: the full example study added to the office and
  published, then the follow-up dashboard and the study's public page, signed out (desktop).
  ``--only followup`` takes just these two.

Dates and times are text inputs read as ``14/12/2026`` and ``13:00`` whatever the browser's
language (docgen/formdates.py); Chromium is still started with the Blink feature that
follows the ``lang`` attribute for the other form controls, since a Chromium without its
translations (Debian's ``chromium`` without ``chromium-l10n``) ignores ``--lang``. Needs
Playwright (``pip install -e '.[test]'``) and Chromium.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from docgen.forms import STAGE_KEYS  # noqa: E402
from docgen.store import StudyRecord  # noqa: E402
from web import create_app  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--enable-blink-features=LangAttributeAwareFormControlUI"]
LOCALE = "id-ID"
TIMEZONE = "Asia/Jakarta"
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1,
         "is_mobile": True, "has_touch": True}


@contextmanager
def live_app(home: Path, role: str = "staff") -> Iterator[tuple[str, object, int]]:
    """The app with the demo data on `home`, served on a free port: (base URL, the
    credential of the demo user with `role`, demo study id)."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            pass

    app = create_app({"DOCGEN_HOME": home}, demo=True)
    user = next(c for c in app.config["DEMO_CREDENTIALS"] if c.role == role)
    with app.extensions["docgen_store"].transaction() as session:
        study_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", user, study_id
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["docgen_store"].dispose()


def chromium_option(parser: argparse.ArgumentParser) -> None:
    """``--chromium PATH``, the installed Chromium by default."""
    parser.add_argument("--chromium", default=shutil.which("chromium")
                        or shutil.which("chromium-browser"))


@contextmanager
def chromium(parser: argparse.ArgumentParser, path: str | None) -> Iterator[object]:
    """A headless Chromium (the one at `path`) started with :data:`CHROMIUM_ARGS`; the
    `parser`'s usage error where there is none."""
    if not path:
        parser.error("Chromium is not installed (give its path with --chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base: str, staff) -> None:  # noqa: ANN001
    page.goto(base + "/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", staff.password)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/")


def shoot(page, url: str, path: Path) -> None:  # noqa: ANN001
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(path), full_page=True)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def issue_and_shoot(page, base: str, study_id: int, out: Path) -> None:  # noqa: ANN001
    """Issue the coordination letter and the SPT from the documents page, then save the
    record page of the SPT and the register."""
    for kind in ("coordination_letter", "spt"):
        page.goto(f"{base}/studies/{study_id}/documents")
        form = page.locator(f"#doc-{kind} details.issue-form").first
        form.locator("summary").click()
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/arsip/\d+$"))
    shoot(page, page.url, out / "ui-archive-record.png")
    shoot(page, base + "/arsip", out / "ui-archive-register.png")


def followup_and_shoot(browser, page, base: str, staff, home: Path,  # noqa: ANN001
                       out: Path) -> None:
    """Add the full example study (with its follow-up plan) to the demo office and publish
    it; save the follow-up dashboard and the study's public page as seen signed out."""
    from docgen.example import example_data
    from docgen.store import Office, Store
    from docgen.store.models import utcnow
    from docgen.study import load_study

    store = Store(None, home)
    try:
        with store.transaction() as session:
            office = session.scalars(select(Office).order_by(Office.id)).first()
            record = StudyRecord(office=office, data=load_study(example_data()),
                                 published_at=utcnow())
            session.add(record)
            session.flush()
            example_id = record.id
    finally:
        store.dispose()
    if not page.url.startswith(base) or "/login" in page.url:
        sign_in(page, base, staff)
    shoot(page, base + "/tindak-lanjut", out / "ui-followup.png")
    context = browser.new_context(locale=LOCALE, timezone_id=TIMEZONE, **DESKTOP)
    shoot(context.new_page(), f"{base}/publik/{example_id}", out / "ui-public.png")
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    chromium_option(parser)
    parser.add_argument("--only", choices=["followup"], default=None,
                        help="Take only the follow-up dashboard and the public page.")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with chromium(parser, args.chromium) as browser, \
            tempfile.TemporaryDirectory(prefix="docgen-ui-") as tmp, \
            live_app(Path(tmp) / "home") as (base, staff, study_id):
        for name, options in (("", DESKTOP), ("-phone", PHONE)):
            context = browser.new_context(locale=LOCALE, timezone_id=TIMEZONE,
                                          **options)
            page = context.new_page()
            if args.only == "followup":
                if not name:
                    followup_and_shoot(browser, page, base, staff, Path(tmp) / "home",
                                       out)
                context.close()
                continue
            if not name:
                shoot(page, base + "/login", out / "ui-login.png")
            sign_in(page, base, staff)
            if not name:
                shoot(page, base + "/", out / "ui-dashboard.png")
            for key in STAGE_KEYS:
                shoot(page, f"{base}/studies/{study_id}/stages/{key}",
                      out / f"ui-stage-{key}{name}.png")
            if not name:
                shoot(page, f"{base}/studies/{study_id}/documents",
                      out / "ui-documents.png")
                issue_and_shoot(page, base, study_id, out)
                followup_and_shoot(browser, page, base, staff, Path(tmp) / "home", out)
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
