"""Letters to a list of recipients in a real browser: from stage 7 to the batch page, a sheet
uploaded, the progress bar filled by the page's script, the ZIP link when it is done.

``DOCGEN_SCREENSHOTS=1`` also saves the batch page and a finished batch into
docs/screenshots/ui/ (``batch-page.png``, ``batch-done.png``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from docgen.example import example_study
from docgen.store import StudyRecord
from tests.recipient_sheets import HEADER, villages, xlsx
from tests.web.pages import credential, live_server

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "ui"


def test_a_batch_from_stage_7_to_the_zip(app, demo_id, tmp_path, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    monkeypatch.setenv("DOCGEN_BATCH_PART_SIZE", "20")
    with app.extensions["docgen_store"].transaction() as session:
        session.get(StudyRecord, demo_id).data = example_study()
    sheet = tmp_path / "undangan-kepala-desa.xlsx"
    sheet.write_bytes(xlsx([HEADER, *villages(120),
                            [121, None, "Desa Tanpa Jabatan", None, None, None, None]]))
    cred = credential(app, "staff")
    with live_server(app) as base, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(base + "/login")
            page.get_by_label("Surel").fill(cred.email)
            page.get_by_label("Kata sandi").fill(cred.password)
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(base + "/")
            page.goto(f"{base}/studies/{demo_id}/stages/reporting")
            page.click("text=Surat ke daftar penerima")
            page.wait_for_url(f"**/studies/{demo_id}/batch")
            page.set_input_files("#batch-recipients", str(sheet))
            if os.environ.get("DOCGEN_SCREENSHOTS") == "1":
                page.screenshot(path=str(SCREENSHOTS / "batch-page.png"), full_page=True)
            page.click("text=Buat surat")
            page.wait_for_url("**/batch/*")
            page.wait_for_selector("#batch-download", timeout=60_000)
            assert page.eval_on_selector("#batch-progress", "e => [e.value, e.max]") == [120, 120]
            assert page.inner_text("#batch-count") == "120 / 120"
            assert "Penerima!B124" in page.inner_text("#batch-problems")
            assert page.inner_text("#batch-state") == "selesai"
            if os.environ.get("DOCGEN_SCREENSHOTS") == "1":
                page.screenshot(path=str(SCREENSHOTS / "batch-done.png"), full_page=True)
            with page.expect_download() as download:
                page.click("#batch-download")
            target = tmp_path / "batch.zip"
            download.value.save_as(target)
            import zipfile

            with zipfile.ZipFile(target) as zf:
                assert len([n for n in zf.namelist() if n.endswith(".docx")]) == 120
            assert errors == []
        finally:
            browser.close()
