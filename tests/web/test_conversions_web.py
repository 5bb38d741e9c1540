"""A study document's PDF and page images made in the background (embedded: the web
instance's own threads): a "sedang dibuat" page (202) that polls, then the file; at once
when it was made before; ``?wait=N`` blocks instead; two people asking at once make one
conversion. LibreOffice and pdftoppm, or their stand-ins (tests/office_tools.py)."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from docgen import preview as pv
from docgen.preview import PNG_MAGIC
from docgen.store import Conversion, DocumentDownload
from tests.office_tools import use_tools
from tests.web.conftest import sign_in


@pytest.fixture
def made(monkeypatch, tmp_path):
    """The DOCX → PDF conversions made by this process."""
    use_tools(monkeypatch, tmp_path / "bin", seconds=1.0)
    keys = []
    real = pv.docx_to_pdf

    def counted(data, **kwargs):
        keys.append(pv.docx_key(data))
        return real(data, **kwargs)

    monkeypatch.setattr(pv, "docx_to_pdf", counted)
    return keys


def _count(app, model):
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _until_done(client, page):
    status = re.search(r'data-status-urls="([^"]+)"', page).group(1)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = client.get(status).json
        if state["done"]:
            return state
        time.sleep(0.1)
    raise AssertionError(state)


def test_a_pdf_is_made_in_the_background_then_downloaded(app, client, login, demo_id, made):
    login("staff")
    url = f"/studies/{demo_id}/documents/spt/0.pdf"
    waiting = client.get(url)
    page = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "2"
    assert "Sedang dibuat" in page and "Unduhan dimulai sendiri" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'data-again="{url}"' in page and "convert.js" in page
    assert _count(app, DocumentDownload) == 0  # nothing left yet
    state = _until_done(client, page)
    assert state["ready"] and state["pages"] >= 1 and state["state"] == "done"
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "surat-perintah-tugas.pdf" in pdf.headers["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) == state["pages"]
    again = client.get(url)  # made before: at once, the same bytes, nothing made again
    assert again.status_code == 200 and again.data == pdf.data
    assert len(made) == 1 and _count(app, Conversion) == 1
    assert _count(app, DocumentDownload) == 2


def test_wait_blocks_until_the_pdf_is_made(app, client, login, demo_id, made):
    login("staff")
    url = f"/studies/{demo_id}/documents/spt/0.pdf"
    for bad in ("abc", "-1", "121"):
        refused = client.get(f"{url}?wait={bad}")
        assert refused.status_code == 400
        assert "wait harus bilangan bulat 0 sampai 120" in refused.get_data(as_text=True)
    pdf = client.get(f"{url}?wait=120")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert len(made) == 1


def test_the_preview_and_its_page_images(app, client, login, demo_id, made):
    login("signer")
    base = f"/studies/{demo_id}/documents/spt/0"
    waiting = client.get(f"{base}/preview")
    assert waiting.status_code == 202
    early = client.get(f"{base}/preview/1.png")  # asked before it is made: not yet
    assert early.status_code == 202 and early.data == b""
    state = _until_done(client, waiting.get_data(as_text=True))
    page = client.get(f"{base}/preview")
    assert page.status_code == 200
    images = re.findall(r'<img [^>]*src="([^"]+)"', page.get_data(as_text=True))
    assert len(images) == state["pages"]
    image = client.get(images[0].replace("&amp;", "&"))
    assert image.status_code == 200 and image.data.startswith(PNG_MAGIC)
    assert client.get(f"{base}/preview/{state['pages'] + 1}.png").status_code == 404
    assert len(made) == 1


def test_two_people_asking_at_once_make_one_conversion(app, client, login, demo_id, made):
    login("staff")
    other = app.test_client()
    sign_in(app, other, "signer")
    url = f"/studies/{demo_id}/documents/spt/0.pdf"
    answers = []
    barrier = threading.Barrier(2)

    def ask(who):
        barrier.wait()
        answers.append(who.get(url))

    threads = [threading.Thread(target=ask, args=(c,)) for c in (client, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [202, 202]
    _until_done(client, answers[0].get_data(as_text=True))
    first, second = client.get(url), other.get(url)
    assert first.status_code == second.status_code == 200 and first.data == second.data
    assert len(made) == 1 and _count(app, Conversion) == 1


def test_the_status_of_an_unknown_conversion_is_404(client, login):
    login("staff")
    assert client.get(f"/konversi/{'0' * 64}.json").status_code == 404
    assert client.get("/konversi/..%2Fetc.json").status_code == 404
