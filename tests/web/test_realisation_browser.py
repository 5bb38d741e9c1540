"""The realisation page in a real browser: a staff member opens it from the documents page,
changes one traveller's hotel rate above its cap, adds a line with a receipt (PDF), saves,
sees the cap warning beside the line and the receipt kept, and downloads that traveller's
rincian biaya from the page's link."""

from __future__ import annotations

import pytest

from tests.helpers import docx_text
from web.forms import field_id

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YOGA = 2
"""Yoga Pratama, golongan III/b: the eselon IV/golongan III lodging cap of Jawa Timur."""


def _id(name: str) -> str:
    return f"#t{YOGA}-{field_id(name)}"


def test_enter_costs_upload_a_receipt_see_the_cap_and_download_the_rincian(
        live, demo_id, tmp_path):
    page, base, messages = live
    page.goto(f"{base}/studies/{demo_id}/documents")
    page.locator("#realisation-link").click()
    page.wait_for_url(f"{base}/studies/{demo_id}/realisasi")
    card = page.locator(f"#traveller-{YOGA}")
    assert "Yoga Pratama" in card.locator("h2").inner_text()
    card.locator(_id("lines[1].unit_price")).fill("900.000")  # the hotel, 2 nights
    new = 4  # after the four lines Yoga has: the empty row
    card.locator(_id(f"lines[{new}].component")).select_option("transport")
    card.locator(_id(f"lines[{new}].description")).fill("Parkir bandara")
    card.locator(_id(f"lines[{new}].quantity")).fill("1")
    card.locator(_id(f"lines[{new}].unit_price")).fill("50.000")
    card.locator(_id(f"lines[{new}].upload_kind")).select_option("kuitansi")
    receipt = tmp_path / "kuitansi-parkir.pdf"
    receipt.write_bytes(PDF)
    card.locator(_id(f"lines[{new}].upload")).set_input_files(str(receipt))
    card.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{base}/studies/{demo_id}/realisasi#traveller-{YOGA}")

    card = page.locator(f"#traveller-{YOGA}")
    warning = card.locator(".cap-warning").first
    text = warning.inner_text()
    assert "Yoga Pratama" in text and "Rp900.000" in text and "Rp814.000" in text
    assert "PMK 32/2025" in text
    assert "kuitansi-parkir.pdf" in card.inner_text()
    assert "Rp5.326.500" in card.locator(".total-spent").inner_text()

    with page.expect_download() as info:
        card.locator(".rincian-link").click()
    data = tmp_path / "rincian.docx"
    info.value.save_as(data)
    text = docx_text(data.read_bytes())
    assert "Yoga Pratama" in text and "Parkir bandara" in text
    assert "900.000" in text
    assert not [m for m in messages if m.startswith("pageerror")], messages
