"""The follow-up plan in a real browser: the owner of RTL items signs in, sees their overdue
item highlighted on the start page and the dashboard, posts a progress update with an
evidence file, and the dashboard shows the new share done on time."""

from __future__ import annotations

import re

import pytest

from tests.web.browser_helpers import chromium, new_page, script_errors, sign_in
from tests.web.followup_data import OPEN, OVERDUE, add_items
from tests.web.pages import credential

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_owner_posts_an_update_and_the_share_moves(app, demo_id):
    add_items(app, demo_id)
    owner = credential(app, "signer")
    messages: list[str] = []
    with chromium(app) as (browser, base):
        page = new_page(browser, messages)
        sign_in(page, base, owner)

        # The start page: the owner's overdue item, and only that one
        overdue = page.locator("#overdue-items")
        assert overdue.is_visible()
        assert "Butir tindak lanjut Anda yang terlambat (1)" in overdue.inner_text()
        assert overdue.locator(f'[data-item="{OVERDUE}"]').count() == 1
        assert overdue.locator(f'[data-item="{OPEN}"]').count() == 0

        # The dashboard from the menu: the overdue row highlighted
        page.get_by_role("link", name="Tindak lanjut", exact=True).click()
        page.wait_for_url(base + "/tindak-lanjut")
        late_row = page.locator(f'#items tr[data-item="{OVERDUE}"]')
        open_row = page.locator(f'#items tr[data-item="{OPEN}"]')
        assert "Terlambat" in late_row.inner_text()
        colour = "el => getComputedStyle(el.querySelector('td')).backgroundColor"
        assert late_row.evaluate(colour) != open_row.evaluate(colour)
        share = page.locator(f'#share-per-study tr[data-study="{demo_id}"] .share')
        assert share.inner_text().strip() == "1 dari 2 (50 %)"

        # The owner reports the open item done, with the signed minutes as evidence
        open_row.get_by_role("link").first.click()
        page.wait_for_url(re.compile(rf".*/tindak-lanjut/{demo_id}/{OPEN}$"))
        page.locator("#f-date").fill("2026-11-29")
        page.get_by_label("Capaian").fill("10")
        page.locator("#f-status").select_option("selesai")
        page.get_by_label("Catatan").fill("Sepuluh OPD memakai aplikasi")
        page.get_by_label("Berkas bukti dukung").set_input_files(
            files=[{"name": "berita-acara.pdf", "mimeType": "application/pdf",
                    "buffer": PDF}])
        page.get_by_role("button", name="Simpan laporan").click()
        page.wait_for_selector(".alert-success")
        assert "Laporan perkembangan disimpan." in page.locator(".alert-success").inner_text()
        assert page.locator("#achieved").inner_text().strip() == "10 OPD"
        assert page.locator("#status").inner_text().strip() == "Selesai"
        assert page.get_by_role("link", name="berita-acara.pdf").is_visible()

        # Back on the dashboard: two of three done on time
        page.get_by_role("link", name="Tindak lanjut", exact=True).first.click()
        page.wait_for_url(base + "/tindak-lanjut")
        assert share.inner_text().strip() == "2 dari 3 (66,7 %)"
        assert page.locator(f'#items tr[data-item="{OVERDUE}"].overdue').count() == 1
    assert script_errors(messages) == []
