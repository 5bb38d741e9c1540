"""The warm pool of LibreOffice workers: real conversions, side by side, through a killed
office, a timeout, a bad file and a worn-out worker; and PDF without LibreOffice at all."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import threading

import pytest

from docgen import pdf, pdfpool, preview
from docgen.pdf import PdfFailed, PdfTimeout, PdfUnavailable, docx_to_pdf, pdfa_identification
from docgen.pdfpool import PdfPool, PoolUnavailable, get_pool
from docgen.render import render

with_libreoffice = pytest.mark.skipif(
    pdf.soffice() is None or pdfpool.uno_python() is None,
    reason="LibreOffice (soffice) or python3-uno is not installed")


def _text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="session")
def pdf_pool():
    """The process-wide pool (the one docx_to_pdf uses), started once for the session and
    stopped at exit."""
    return get_pool().start(wait=True)


@pytest.fixture(scope="module")
def letter():
    from docgen.example import example_study

    return render(example_study(), "nota_dinas")


# --- with LibreOffice ---------------------------------------------------------------------------


@pytest.mark.pdf
@with_libreoffice
def test_a_converted_letter_reads_as_the_letter(pdf_pool, letter):
    before = pdf_pool.conversions
    made = docx_to_pdf(letter, name="nota_dinas")
    text = _text(made)
    assert text.startswith("PEMERINTAH KABUPATEN SLEMAN")
    assert "NOTA DINAS" in text
    assert "Permohonan Persetujuan Pelaksanaan Studi Banding" in text
    assert pdfa_identification(made) == (2, "B")
    assert pdf_pool.conversions == before + 1, "docx_to_pdf goes through the warm pool"


@pytest.mark.pdf
@with_libreoffice
def test_eight_threads_at_once_each_get_their_own_letter(pdf_pool):
    from docgen.example import example_study

    letters = []
    for number in range(8):
        study = example_study()
        study.goals.title = f"Studi Banding Serentak Nomor {number}"
        letters.append(render(study, "nota_dinas"))
    results: dict[int, str | BaseException] = {}

    def convert(number: int) -> None:
        try:
            results[number] = _text(docx_to_pdf(letters[number], name=f"letter-{number}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            results[number] = exc

    threads = [threading.Thread(target=convert, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(results) == list(range(8))
    for number, text in results.items():
        assert isinstance(text, str), text
        assert f"Studi Banding Serentak Nomor {number}" in text
        assert sum(f"Serentak Nomor {n}" in text for n in range(8)) == 1, "documents mixed up"


@pytest.mark.pdf
@with_libreoffice
def test_the_pool_survives_an_office_killed_with_sigkill(pdf_pool, letter):
    victim = pdf_pool.office_pids()[0]
    restarts = pdf_pool.restarts
    os.kill(victim, signal.SIGKILL)
    for _ in range(pdf_pool.size + 1):  # every worker gets a job, the killed one too
        assert "NOTA DINAS" in _text(pdf_pool.convert(letter))
    assert pdf_pool.restarts > restarts
    assert victim not in pdf_pool.office_pids()


@pytest.mark.pdf
@with_libreoffice
def test_a_job_past_its_timeout_fails_and_its_worker_is_replaced(pdf_pool, letter):
    restarts = pdf_pool.restarts
    with pytest.raises(PdfTimeout, match="longer than"):
        docx_to_pdf(letter, name="nota_dinas", timeout=0.001)
    assert pdf_pool.restarts == restarts + 1
    assert "NOTA DINAS" in _text(docx_to_pdf(letter))


@pytest.mark.pdf
@with_libreoffice
def test_a_file_that_is_not_a_docx_fails_plainly_and_the_worker_goes_on(pdf_pool, letter):
    restarts = pdf_pool.restarts
    for bad in (b"not a docx at all", b"PK\x03\x04 a broken zip"):
        with pytest.raises(PdfFailed, match="not a readable DOCX"):
            pdf_pool.convert(bad)
    assert pdf_pool.restarts == restarts
    assert "NOTA DINAS" in _text(pdf_pool.convert(letter))


@pytest.mark.pdf
@with_libreoffice
def test_a_worn_out_worker_is_renewed_and_closing_leaves_no_process(letter):
    pool = PdfPool(1, max_jobs=2).start(wait=True)
    try:
        first = pool.office_pids()
        for _ in range(3):
            assert pdfa_identification(pool.convert(letter)) == (2, "B")
        assert pool.restarts == 1, "renewed after its second job"
        assert pool.office_pids() and pool.office_pids() != first
        pids = [*first, *(p.pid for w in pool._workers for p in (w.office, w.bridge))]
        root = pool._root
    finally:
        pool.close()
    assert all(_gone(pid) for pid in pids)
    assert not root.exists()
    found = subprocess.run(["pgrep", "-f", str(root)], capture_output=True, text=True)
    assert found.stdout == ""
    with pytest.raises(PoolUnavailable):
        pool.convert(letter)


@pytest.mark.pdf
@with_libreoffice
@pytest.mark.skipif(preview.pdftoppm() is None, reason="poppler's pdftoppm is not installed")
def test_page_previews_come_from_the_warm_pool(pdf_pool, letter, tmp_path):
    before = pdf_pool.conversions
    made = preview.PreviewCache(tmp_path).make(letter)
    assert made.pages == 1
    assert made.page(1).read_bytes().startswith(preview.PNG_MAGIC)
    assert pdfa_identification(made.pdf.read_bytes()) == (2, "B")
    assert pdf_pool.conversions == before + 1


@pytest.mark.pdf
@with_libreoffice
def test_without_the_pool_a_cold_libreoffice_still_makes_pdfa(monkeypatch, caplog, letter):
    def no_pool():
        raise PoolUnavailable("no Python with LibreOffice's uno module was found")

    monkeypatch.setattr(pdfpool, "get_pool", no_pool)
    with caplog.at_level(logging.WARNING, logger="docgen.pdf"):
        made = docx_to_pdf(letter, name="nota_dinas")
    assert pdfa_identification(made) == (2, "B")
    assert "NOTA DINAS" in _text(made)
    assert "cold LibreOffice" in caplog.text and "uno module" in caplog.text


# --- without LibreOffice ------------------------------------------------------------------------


def test_without_libreoffice_pdf_says_plainly_why(monkeypatch, tmp_path, letter):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.soffice() is None
    with pytest.raises(PdfUnavailable) as exc:
        docx_to_pdf(letter)
    assert "LibreOffice" in str(exc.value) and "DOCX" in str(exc.value)
    with pytest.raises(PoolUnavailable, match="LibreOffice"):
        PdfPool(1, python="/usr/bin/python3").start()


def test_without_a_python_with_uno_the_pool_says_so(monkeypatch):
    monkeypatch.setattr(pdfpool, "uno_python", lambda: None)
    monkeypatch.setattr(pdfpool, "office_binary", lambda: "/opt/libreoffice/soffice.bin")
    with pytest.raises(PoolUnavailable, match="python3-uno"):
        PdfPool(1).start()
