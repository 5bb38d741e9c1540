"""Page images of a document: DOCX → PDF → PNG per page, cached on disk by the content key."""

from __future__ import annotations

import io
import struct
import time

import pytest
import time_machine

from docgen import preview
from docgen.pdf import soffice
from docgen.preview import PNG_MAGIC, PreviewCache, PreviewUnavailable, docx_key
from docgen.render import render

needs_tools = pytest.mark.skipif(soffice() is None or preview.pdftoppm() is None,
                                 reason="LibreOffice (soffice) or pdftoppm is not installed")


def _pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --- the key ----------------------------------------------------------------------------------


def test_the_key_ignores_the_zip_timestamps_of_a_render(study, monkeypatch):
    monkeypatch.setenv("DOCGEN_RENDER_PATH", "docxtpl")  # docxtpl stamps the time of day
    first = render(study, "spt")
    with time_machine.travel(time.time() + 2.1, tick=True):  # zip times are to 2 seconds
        second = render(study, "spt")
    assert first != second, "a render stamps the time into the zip"
    assert docx_key(first) == docx_key(second)
    monkeypatch.delenv("DOCGEN_RENDER_PATH")  # the compiled path: the same bytes each time
    assert render(study, "spt") == render(study, "spt")


def test_the_key_changes_with_the_content(study):
    before = docx_key(render(study, "spt"))
    study.goals.title = "Studi Banding Lain"
    assert docx_key(render(study, "spt")) != before
    assert docx_key(b"not a zip") == docx_key(b"not a zip") != docx_key(b"not a zip!")


def test_a_cache_key_never_becomes_a_path(tmp_path):
    cache = PreviewCache(tmp_path)
    for bad in ("../../etc", "ab", "G" * 64):
        with pytest.raises(ValueError):
            cache.folder(bad)


# --- without the tools --------------------------------------------------------------------------


def test_without_libreoffice_the_preview_says_what_it_needs(tmp_path, monkeypatch, study):
    monkeypatch.setattr(preview, "soffice", lambda: None)
    with pytest.raises(PreviewUnavailable) as exc:
        PreviewCache(tmp_path).make(render(study, "spt"))
    assert exc.value.tool == "libreoffice"
    assert "LibreOffice" in str(exc.value)
    assert not list(tmp_path.rglob("*.png"))


def test_without_pdftoppm_the_preview_says_what_it_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "pdftoppm", lambda: None)
    with pytest.raises(PreviewUnavailable) as exc:
        preview.pdf_to_png(b"%PDF-1.4")
    assert exc.value.tool == "poppler"


# --- with LibreOffice and poppler -------------------------------------------------------------


@pytest.mark.pdf
@needs_tools
@pytest.mark.parametrize("kind", ["spt", "coordination_letter", "final_report"])
def test_preview_makes_one_png_per_pdf_page(tmp_path, study, kind):
    made = PreviewCache(tmp_path).make(render(study, kind))
    pdf = made.pdf.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert made.pages == _pdf_pages(pdf) >= 1
    for number in range(1, made.pages + 1):
        png = made.page(number).read_bytes()
        assert png.startswith(PNG_MAGIC)
        width, height = _png_size(png)
        assert 450 <= width <= 800 and height > width, (width, height)
    with pytest.raises(IndexError):
        made.page(made.pages + 1)
    with pytest.raises(IndexError):
        made.page(0)


@pytest.mark.pdf
@needs_tools
def test_the_cache_converts_a_document_once(tmp_path, study, monkeypatch):
    cache = PreviewCache(tmp_path)
    first = cache.make(render(study, "rab"))
    assert first.folder == tmp_path / first.key[:2] / first.key
    assert (first.folder / "pages").read_text() == str(first.pages)
    calls = []
    monkeypatch.setattr(preview, "docx_to_pdf", lambda *a, **k: calls.append(a) or b"")
    with time_machine.travel(time.time() + 2.1, tick=True):  # zip times are to 2 seconds
        again = cache.make(render(study, "rab"))
    assert again == first and calls == [], "the same document is not converted again"


@pytest.mark.pdf
@needs_tools
def test_the_cache_keeps_the_most_recently_used(tmp_path, study):
    cache = PreviewCache(tmp_path, max_entries=2)
    made = []
    for kind in ("spt", "rab", "jadwal"):
        made.append(cache.make(render(study, kind)))
        time.sleep(0.05)
    assert cache.get(made[0].key) is None
    assert cache.get(made[1].key) == made[1] and cache.get(made[2].key) == made[2]
    assert len(cache.entries()) == 2


def test_pruning_ages_inputs_by_the_file_systems_clock_not_the_processs(tmp_path):
    """A waiting input is kept however far the process's clock is from the file system's
    (another machine sharing the folder, a test's clock); one the file system dates two days
    back is removed."""
    import os
    from datetime import UTC, datetime

    cache = PreviewCache(tmp_path / "previews")
    incoming = cache.root / preview.INCOMING
    incoming.mkdir(parents=True)
    fresh, stale = incoming / "a", incoming / "b"
    fresh.write_bytes(b"docx")
    stale.write_bytes(b"docx")
    two_days = stale.stat().st_mtime - 2 * 86400
    os.utime(stale, (two_days, two_days))
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=UTC), tick=False):
        cache.prune()
    assert fresh.exists(), "a fresh input is not pruned because the process's clock runs ahead"
    assert not stale.exists()
