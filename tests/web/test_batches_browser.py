"""Letters to a list of recipients in a real browser: from stage 7 to the batch page, a sheet
uploaded, the progress bar filled by the page's script, the ZIP link when it is done.

``DOCGEN_SCREENSHOTS=1`` also saves the batch page and a finished batch into
docs/screenshots/ui/ (``batch-page.png``, ``batch-done.png``).
"""

from __future__ import annotations

import pytest

from docgen.example import example_study
from docgen.store import StudyRecord
from tests.recipient_sheets import HEADER, villages, xlsx
from tests.web.browser_helpers import DOCS, chromium, new_page, script_errors, shoot, sign_in
from tests.web.pages import credential

pytestmark = pytest.mark.browser



def test_a_batch_from_stage_7_to_the_zip(app, demo_id, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_BATCH_PART_SIZE", "20")
    with app.extensions["docgen_store"].transaction() as session:
        session.get(StudyRecord, demo_id).data = example_study()
    sheet = tmp_path / "undangan-kepala-desa.xlsx"
    sheet.write_bytes(xlsx([HEADER, *villages(120),
                            [121, None, "Desa Tanpa Jabatan", None, None, None, None]]))
    cred = credential(app, "staff")
    with chromium(app) as (browser, base):
        console: list[str] = []
        page = new_page(browser, console, viewport={"width": 1200, "height": 900})
        sign_in(page, base, cred)
        page.goto(f"{base}/studies/{demo_id}/stages/reporting")
        page.click("text=Surat ke daftar penerima")
        page.wait_for_url(f"**/studies/{demo_id}/batch")
        page.set_input_files("#batch-recipients", str(sheet))
        shoot(page, DOCS / "screenshots" / "ui" / "batch-page.png")
        page.click("text=Buat surat")
        page.wait_for_url("**/batch/*")
        page.wait_for_selector("#batch-download", timeout=60_000)
        assert page.eval_on_selector("#batch-progress", "e => [e.value, e.max]") == [120, 120]
        assert page.inner_text("#batch-count") == "120 / 120"
        assert "Penerima!B124" in page.inner_text("#batch-problems")
        assert page.inner_text("#batch-state") == "selesai"
        shoot(page, DOCS / "screenshots" / "ui" / "batch-done.png")
        with page.expect_download() as download:
            page.click("#batch-download")
        target = tmp_path / "batch.zip"
        download.value.save_as(target)
        import zipfile

        with zipfile.ZipFile(target) as zf:
            assert len([n for n in zf.namelist() if n.endswith(".docx")]) == 120
        assert script_errors(console) == []
