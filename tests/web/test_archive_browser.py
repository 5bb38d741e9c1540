"""The archive pages in a real browser against a live server of the demo app.

The demo signer issues the Nota Dinas from the documents page ("Setujui dan terbitkan":
issuing is the signer's approval), downloads the DOCX from its record page and finds the
download in the event log; file a signed copy (a scan with another document's QR code first,
which is refused; then a scan of the wrong sheet, filed and marked as a wrong upload with its
reason; then the right one); open the
public verification page signed out, for that record and for an SPT issued as *rahasia*;
search the register and switch it to English.

``DOCGEN_SCREENSHOTS=1`` also saves phone-width screenshots of the record page and the
public page into ``docs/ui/`` (``archive-record-phone.png``, ``verify-phone.png``), and the
record page on a desktop, its technical details closed and open, into docs/screenshots/ui/
(``archive-record.png``, ``archive-record-technical.png``).
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from docgen import messages, qr
from docgen.store import ArchiveRecord
from tests.web import browser_helpers
from tests.web.browser_helpers import DOCS, chromium, sign_in, submit
from tests.web.browser_helpers import shoot as shoot_into
from tests.web.pages import credential, fresh_demo_study

pytestmark = pytest.mark.browser

ARGS = (*browser_helpers.ARGS,
        # date inputs drawn as the page's language writes them (29/11/2026), as in a
        # browser running in Indonesian (Debian's chromium has no translations of its own)
        "--enable-blink-features=LangAttributeAwareFormControlUI")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1,
         "is_mobile": True, "has_touch": True}
NUMBER = re.compile(r"\d{3}(\.\d{1,3}){0,4}/\d+/Bappeda/\d{4}")
SIGNER_NAME = "Hendra Penandatangan (demo)"
OFFICE = "Badan Perencanaan Pembangunan Daerah Kabupaten Sleman"


@pytest.fixture
def app(make_app, monkeypatch):
    """The demo app, issuing without the PDF/A (LibreOffice takes seconds per document and
    is not what these pages are about)."""
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")
    return make_app()


@pytest.fixture
def study_id(app) -> int:
    """A fresh copy of the demo study in the demo office: the demo itself has already
    issued its Nota Dinas and SPT, so their approval forms are gone there."""
    return fresh_demo_study(app, "sb-uji-arsip-browser")


@pytest.fixture
def browser_at(app):
    """A live server of `app` and a Chromium: (browser, base URL)."""
    with chromium(app, args=ARGS) as (browser, base):
        yield browser, base


def new_page(browser, console: list[str], **options):
    """A page in a fresh context (no cookies), locale id-ID, its console collected."""
    return browser_helpers.new_page(browser, console, accept_downloads=True, **options)


def flash(page) -> str:
    return page.locator(".flash-messages").inner_text()


def in_view(page, locator) -> bool:
    """Whether `locator` is on the screen as the page is scrolled now."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height


def fits_the_width(page) -> bool:
    """Nothing wider than the screen: no sideways scrolling of the page or of a table."""
    return page.evaluate("""() => [document.documentElement,
        ...document.querySelectorAll('.table-responsive')].every(
        e => e.scrollWidth <= e.clientWidth + 1)""")


def scan(url: str, lines: int = 19) -> bytes:
    """A "scan" of a signed page: a white A4 page at 100 dpi with the QR code of `url`
    where the letter prints it, above the signer's name."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(page)
    for y in range(120, 120 + 24 * lines, 24):  # lines of "text"
        draw.line((90, y, 740, y), fill=(60, 60, 60), width=3)
    code = Image.open(io.BytesIO(qr.qr_png(url, scale=4))).convert("RGB")
    page.paste(code, (470, 720))
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def issue(page, base: str, study_id: int, kind: str, access: str) -> int:
    """Issue `kind` from the documents page with access class `access`, keeping the
    proposed classification code; returns the record id the page lands on."""
    page.goto(f"{base}/studies/{study_id}/documents")
    entry = page.locator(f"#doc-{kind}")
    details = entry.locator("details.issue-form").first
    details.locator("summary").click()
    code = details.get_by_label("Kode klasifikasi")
    assert code.is_visible()
    proposed = code.input_value()
    assert re.fullmatch(r"\d{3}(\.\d{1,3}){0,4}", proposed), proposed
    details.get_by_label("Klasifikasi keamanan").select_option(access)
    submit(page, details.get_by_role("button", name="Setujui dan terbitkan", exact=True))
    match = re.fullmatch(rf"{re.escape(base)}/arsip/(\d+)", page.url)
    assert match, page.url
    return int(match.group(1))


def public_link(page) -> str:
    """The public verification address shown on a record page (under its technical
    details, which may be closed)."""
    link = page.locator("#technical dd a[href*='/v/']")
    href = link.get_attribute("href")
    assert href == link.text_content().strip()
    return href


def shoot_ui(page, name: str) -> None:
    """A desktop screenshot for docs/screenshots/ui/ (``DOCGEN_SCREENSHOTS=1``)."""
    shoot_into(page, DOCS / "screenshots" / "ui" / name)


def shoot(page, name: str) -> None:
    shoot_into(page, DOCS / "ui" / name)


def test_issue_download_file_the_signed_copy_verify_and_search(app, browser_at, study_id,
                                                               tmp_path):
    browser, base = browser_at
    console: list[str] = []
    signer = credential(app, "signer")
    page = new_page(browser, console)
    sign_in(page, base, signer)

    # 1. Issue the Nota Dinas (biasa), download its DOCX, find the download in the log.
    record_id = issue(page, base, study_id, "nota_dinas", "biasa")
    number = page.locator("h1").inner_text().strip()
    assert NUMBER.fullmatch(number), number
    assert f"Diterbitkan dengan nomor {number}" in flash(page)
    fields = page.locator("#record-main dl.record-fields").inner_text()
    assert "Nota Dinas Permohonan Persetujuan" in fields and "Biasa" in fields
    docx_item = page.locator("li.list-group-item", has_text="Naskah yang diterbitkan (Word)")
    with page.expect_download() as info:
        docx_item.get_by_role("link", name=re.compile(r"^Unduh")).click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert number in docx_text(saved)
    page.reload()
    downloaded = page.locator("#events tr[data-event='downloaded']")
    assert downloaded.count() == 1
    assert "Diunduh" in downloaded.inner_text() and SIGNER_NAME in downloaded.inner_text()

    # 2. The signed copy: a scan of another document is refused, then the right one filed.
    with app.extensions["docgen_store"].session() as session:
        other = session.scalar(select(ArchiveRecord.public_id).where(
            ArchiveRecord.kind == "nota_dinas", ArchiveRecord.id != record_id))
        own = session.get(ArchiveRecord, record_id).public_id
    url = public_link(page)
    assert url == qr.verify_url(own, base)
    other_url = qr.verify_url(other, base)
    wrong = tmp_path / "pindaian-salah.png"
    wrong.write_bytes(scan(other_url))
    form = page.locator("form#signed-copy")
    form.get_by_label("Salinan bertanda tangan (PDF, atau hasil pindai JPEG atau PNG)") \
        .set_input_files(wrong)
    submit(page, form.get_by_role("button", name="Arsipkan salinan bertanda tangan"))
    refusal = messages.text("signed_qr_other", "id", url=other_url)
    assert refusal in flash(page)
    assert in_view(page, page.locator(".flash-messages")), "the refusal is not scrolled away"
    assert page.locator(".flash-messages .alert-danger").count() == 1
    assert not page.locator("li.list-group-item", has_text="Salinan bertanda tangan").count()
    refused = page.locator("#events tr[data-event='signed_copy_refused']")
    assert refused.count() == 1 and "ditolak" in refused.inner_text()

    # A scan of the wrong sheet is filed (it carries this record's QR code), then marked as
    # a wrong upload with the reason: kept, struck through; the record waits again.
    mistaken = tmp_path / "pindaian-lembar-2.png"
    mistaken.write_bytes(scan(url, lines=6))
    page.locator("form#signed-copy").get_by_label(re.compile("^Salinan bertanda tangan")) \
        .set_input_files(mistaken)
    submit(page, page.get_by_role("button", name="Arsipkan salinan bertanda tangan"))
    assert "bertanda tangan" in page.locator("#record-status").inner_text()
    wrong_item = page.locator("li.list-group-item", has_text="pindaian-lembar-2.png")
    wrong_item.locator("summary", has_text="Salah unggah?").click()
    wrong_item.get_by_label("Mengapa berkas ini salah?").fill("lembar 2, bukan yang ditandatangani")
    submit(page, wrong_item.get_by_role("button", name="Tandai salah unggah"))
    assert "pindaian-lembar-2.png ditandai salah unggah" in flash(page)
    wrong_item = page.locator("li.list-group-item", has_text="pindaian-lembar-2.png")
    assert wrong_item.get_attribute("data-withdrawn") == "yes"
    assert wrong_item.locator("s", has_text="pindaian-lembar-2.png").count() == 1
    assert "lembar 2, bukan yang ditandatangani" in wrong_item.inner_text()
    assert "menunggu salinan bertanda tangan" in page.locator("#record-status").inner_text()

    right = tmp_path / "pindaian-nota-dinas.png"
    right.write_bytes(scan(url))
    page.locator("form#signed-copy").get_by_label(re.compile("^Salinan bertanda tangan")) \
        .set_input_files(right)
    submit(page, page.get_by_role("button", name="Arsipkan salinan bertanda tangan"))
    assert "pindaian-nota-dinas.png" in flash(page)
    signed = page.locator("li.list-group-item[data-withdrawn='no']",
                          has_text="Salinan bertanda tangan")
    assert signed.count() == 1
    assert "pindaian-nota-dinas.png" in signed.inner_text()
    assert "SHA-256" not in page.locator("#record-main").inner_text()
    assert "SHA-256" not in page.locator("#record-files").inner_text()
    technical = page.locator("#technical")
    assert not technical.locator("dl").is_visible(), "collapsed"
    shoot_ui(page, "archive-record.png")
    technical.locator("summary").click()
    sha = hashlib.sha256(right.read_bytes()).hexdigest()
    assert f"SHA-256 {sha}" in technical.inner_text()
    assert re.search(r"pindaian-nota-dinas\.png · \d+,\d KB", technical.inner_text())
    shoot_ui(page, "archive-record-technical.png")
    page.set_viewport_size(PHONE["viewport"])
    assert fits_the_width(page), "the event log reads row by row on a phone"
    shoot(page, "archive-record-phone.png")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 3. The public page, signed out: a biasa record, then a rahasia one.
    public = new_page(browser, console, **PHONE)
    public.goto(url)
    text = public.locator("main").inner_text()
    assert number in text and OFFICE in text
    assert "Salinan bertanda tangan" in text
    assert public.locator("#signed-state").inner_text().startswith("diarsipkan pada ")
    assert not public.get_by_role("button", name="Keluar").count(), "not signed in"
    shoot(public, "verify-phone.png")

    secret_id = issue(page, base, study_id, "spt", "rahasia")
    secret_number = page.locator("h1").inner_text().strip()
    assert NUMBER.fullmatch(secret_number) and secret_number != number
    assert "Rahasia" in page.locator("#record-main dl.record-fields").inner_text()
    assert "hanya menampilkan nomor surat dan instansi penerbit" in \
        page.locator("#public-restricted").text_content()
    with app.extensions["docgen_store"].session() as session:
        secret = session.get(ArchiveRecord, secret_id)
        hidden = [secret.subject, secret.signer, secret.sha256]
    assert all(hidden), hidden
    public.goto(public_link(page))
    text = public.locator("main").inner_text()
    assert secret_number in text and OFFICE in text
    for value in hidden:
        assert value not in text, value
    assert "SHA-256" not in text and "Penanda tangan" not in text
    assert public.locator("#restricted").is_visible()
    public.context.close()

    # 4. The register: by number, by text; then in English.
    page.goto(base + "/arsip")
    page.get_by_label("Nomor surat memuat").fill(number)
    submit(page, page.get_by_role("button", name="Cari", exact=True))
    rows = page.locator("table.register-table tbody tr")
    assert rows.count() == 1 and number in rows.inner_text()
    assert "Rekaman ditemukan: 1" in page.get_by_role("status").last.inner_text()
    page.goto(base + "/arsip")
    page.get_by_label("Kata kunci (nomor, hal, tujuan, judul studi)").fill("persetujuan studi")
    submit(page, page.get_by_role("button", name="Cari", exact=True))
    found = page.locator("table.register-table tbody").inner_text()
    assert number in found and secret_number not in found
    assert "Rekaman ditemukan: 2" in page.locator("main").inner_text(), "the demo's and ours"
    page.set_viewport_size(PHONE["viewport"])
    assert fits_the_width(page), "the register reads row by row on a phone"
    page.set_viewport_size({"width": 1280, "height": 900})
    submit(page, page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Register of outgoing letters"
    head = page.locator("table.register-table thead").inner_text()
    assert "Letter number" in head and "Subject (hal)" in head
    assert page.get_by_label("Text (number, subject, addressee, study title)").input_value() \
        == "persetujuan studi"
    assert "Records found: 2" in page.locator("main").inner_text()
    assert not [m for m in console if "Content Security Policy" in m or "pageerror" in m], \
        console
