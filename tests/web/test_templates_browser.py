"""The office's own SPT template, in a real browser against a live server (LibreOffice makes
the page images).

An administrator issues an SPT with the shipped template, then downloads the default SPT,
changes a word (python-docx stands in for Word), uploads a file with mistakes first (refused,
the report naming the paragraph), then the edited one, sees its pages, puts it in use: a new
SPT carries the word, the SPT issued before still names the default, and going back to the
default brings the old word back. The vocabulary page narrows its list as one types and
copies a tag with its button.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from docgen.pdf import soffice
from tests.helpers import docx_text
from tests.web.browser_helpers import chromium, new_page, sign_in
from tests.web.pages import credential, fresh_demo_study

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

OLD, NEW = "MEMERINTAHKAN", "MENUGASKAN"


@pytest.fixture
def admin_page(app, monkeypatch):
    """A live server of `app`, a Chromium page signed in as the demo administrator and a
    second one signed in as the demo signer (who issues: the signer's approval)."""
    if soffice() is None:
        pytest.skip("LibreOffice is needed")
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")
    errors: list[str] = []
    with chromium(app) as (browser, base):
        page = new_page(browser, errors, timeout=60_000, accept_downloads=True)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        sign_in(page, base, credential(app, "admin"))
        signer = new_page(browser, timeout=60_000)
        sign_in(signer, base, credential(app, "signer"))
        yield page, base, signer
        assert not [m for m in errors if m.startswith("pageerror")], errors


def download(page, action) -> bytes:  # noqa: ANN001
    with page.expect_download() as info:
        action()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def reworded(data: bytes, old: str, new: str) -> bytes:
    doc = Document(io.BytesIO(data))
    runs = [r for p in doc.paragraphs for r in p.runs if old in r.text]
    assert runs, old
    for run in runs:
        run.text = run.text.replace(old, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def issue_spt(page, base: str, study_id: int) -> str:  # noqa: ANN001
    """Issue the study's SPT from its documents page (the signer's approval); the record
    page's address."""
    page.goto(f"{base}/studies/{study_id}/documents")
    form = page.locator("#doc-spt details.issue-form").first
    form.locator("summary").click()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert re.search(r"/arsip/\d+$", page.url), page.url
    return page.url


def template_cell(page, record_url: str) -> str:  # noqa: ANN001
    page.goto(record_url)
    return " ".join(page.locator("#record-template").text_content().split())


def spt_draft(page, base: str, study_id: int) -> str:  # noqa: ANN001
    page.goto(f"{base}/studies/{study_id}/documents")
    link = page.locator("#doc-spt a", has_text="DOCX").first
    return docx_text(download(page, link.click))


def test_download_edit_check_look_use_and_go_back(app, admin_page, tmp_path):
    page, base, signer = admin_page
    before = fresh_demo_study(app, "sb-templat-sebelum")
    after = fresh_demo_study(app, "sb-templat-sesudah")
    old_record = issue_spt(signer, base, before)
    assert "Versi bawaan" in template_cell(page, old_record)

    # the SPT's page: download the shipped default
    page.goto(base + "/admin/templates/")
    with page.expect_navigation():
        page.get_by_role("link", name="Surat Perintah Tugas", exact=True).click()
    default = download(page, page.get_by_role("link", name="Unduh templat bawaan").click)
    assert OLD in docx_text(default)

    # a file with a mistake is refused with the paragraph it is in; nothing is kept
    wrong = tmp_path / "spt-keliru.docx"
    wrong.write_bytes(reworded(default, OLD, "{{ study.plan.start_date|tangal }}"))
    page.set_input_files("#f-template", str(wrong))
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah dan periksa").click()
    report = page.locator("#template-report")
    assert "filter tangal tidak dikenal (mungkin maksudnya tanggal?)" in report.inner_text()
    assert "{{ study.plan.start_date|tangal }}" in report.inner_text()
    assert "tidak ada yang disimpan" in page.locator("#upload-refused").inner_text()
    assert page.locator("#template-versions tbody tr").count() == 1  # the "no version" row

    # the edited file: kept as version 1, its pages shown before it is used
    edited = tmp_path / "spt-kantor.docx"
    edited.write_bytes(reworded(default, OLD, NEW))
    page.set_input_files("#f-template", str(edited))
    page.fill("#f-note", "Diktum sesuai Perbup tata naskah")
    with page.expect_navigation():
        page.get_by_role("button", name="Unggah dan periksa").click()
    assert page.url.endswith("/admin/templates/spt/versions/1")
    # the pages are made in the background: the page says so, then shows them by itself
    page.wait_for_selector("#template-pages img", timeout=120_000)
    assert page.url.split("?")[0].endswith("/admin/templates/spt/versions/1")
    images = page.locator("#template-pages img")
    assert images.count() >= 1
    images.first.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#template-pages img').complete && "
                           "document.querySelector('#template-pages img').naturalWidth > 400")
    assert NEW not in spt_draft(page, base, after), "not in use before it is put in use"

    # put in use: a new SPT carries the word; the one issued before names the default
    page.goto(base + "/admin/templates/spt/versions/1")
    with page.expect_navigation():
        page.get_by_role("button", name="Pakai versi ini").click()
    assert "versi 1" in page.locator("#template-in-use").inner_text()
    text = spt_draft(page, base, after)
    assert NEW in text and OLD not in text
    new_record = issue_spt(signer, base, after)
    assert "Versi kantor v1 (spt-kantor.docx)" in template_cell(page, new_record)
    assert "Versi bawaan" in template_cell(page, old_record)

    # back to the default
    page.goto(base + "/admin/templates/spt")
    with page.expect_navigation():
        page.get_by_role("button", name="Kembali ke templat bawaan").click()
    assert "templat bawaan" in page.locator("#template-in-use").inner_text()
    history = page.locator("#template-history").inner_text()
    assert "kembali ke templat bawaan" in history and "memakai v1" in history
    page.goto(f"{base}/studies/{before}/documents")
    assert OLD in docx_text(download(page, page.locator(
        "#doc-spt a", has_text="DOCX").first.click))


def test_the_vocabulary_narrows_and_copies(admin_page):
    page, base, _signer = admin_page
    page.goto(base + "/admin/templates/")
    with page.expect_navigation():
        page.get_by_role("link", name="Kosakata templat").click()
    count = page.locator("#vocab-count")
    total = int(count.inner_text().split()[0])
    page.fill("#vocab-q", "nip formatted")
    shown = int(count.inner_text().split()[0])
    assert 0 < shown < 20 < total
    assert page.locator("#v-study").is_hidden()
    assert page.locator("#v-teammember").is_visible()
    page.fill("#vocab-q", "")
    assert int(count.inner_text().split()[0]) == total
    page.locator("#v-documentinfo button[data-copy='{{ doc.number }}']").click()
    assert page.evaluate("navigator.clipboard.readText()") == "{{ doc.number }}"
