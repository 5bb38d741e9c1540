"""The warm pool of LibreOffice workers: real conversions, side by side, through a killed
office, a timeout, a bad file and a worn-out worker; and PDF without LibreOffice at all."""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

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


def _settled(pool: PdfPool, wait: float = 60) -> list[int]:
    """The pool's office ids once every worker is up (none starting in the background)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with pool._changed:
            if pool._starting == 0 and len(pool._idle) == pool.size:
                return pool.office_pids()
        time.sleep(0.1)
    raise AssertionError("the pool did not settle")


def _convert_in_forked_child(letter: bytes, parent_fds: list[int]) -> None:
    """Run in a child made by fork: it must not hold the parent's bridge pipes, must not see
    the parent's pool as its own, and converts with a pool of its own."""
    for fd in parent_fds:
        assert os.readlink(f"/proc/self/fd/{fd}") == os.devnull, "parent's pipe inherited"
    assert pdfpool._pool is None
    assert "NOTA DINAS" in _text(docx_to_pdf(letter, name="in the child"))
    assert pdfpool._pool.pid == os.getpid()


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
    assert text.startswith("KONSEP PEMERINTAH KABUPATEN SLEMAN")  # a draft's mark, the kop
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
@pytest.mark.skipif(not hasattr(os, "fork") or not os.path.isdir("/proc/self/fd"),
                    reason="needs fork and /proc")
def test_a_forked_child_converts_with_its_own_pool_and_leaves_the_parents_alone(
        pdf_pool, letter):
    offices = _settled(pdf_pool)
    bridges = [w.bridge for w in pdf_pool._workers]
    fds = [stream.fileno() for b in bridges for stream in (b.stdin, b.stdout)]
    child = multiprocessing.get_context("fork").Process(target=_convert_in_forked_child,
                                                        args=(letter, fds))
    child.start()
    child.join(120)
    assert child.exitcode == 0, "the conversion in the child failed (see its traceback)"
    assert pdf_pool.office_pids() == offices, "the parent's offices were touched"
    assert [w.bridge for w in pdf_pool._workers] == bridges
    assert all(b.poll() is None for b in bridges)
    assert "NOTA DINAS" in _text(pdf_pool.convert(letter))
    assert pdf_pool.office_pids() == offices
    # the child stopped its own pool when it ended: no office, no folder left
    found = subprocess.run(["pgrep", "-f", f"docgen-{child.pid}-"], capture_output=True,
                           text=True)
    assert found.stdout == ""
    assert not list(Path(tempfile.gettempdir()).glob(f"docgen-pdfpool-{child.pid}-*"))


@pytest.mark.pdf
@with_libreoffice
def test_a_worker_whose_start_raises_oserror_once_is_started_again(monkeypatch, letter):
    monkeypatch.setattr(pdfpool, "START_BACKOFF", 0.05)
    real = pdfpool.Worker._popen_bridge
    failed = []

    def flaky(self, log_file):
        if not failed:
            failed.append(self.office.pid)  # the office of that attempt is running
            raise OSError(24, "Too many open files")
        return real(self, log_file)

    monkeypatch.setattr(pdfpool.Worker, "_popen_bridge", flaky)
    pool = PdfPool(1)
    try:
        assert "NOTA DINAS" in _text(pool.convert(letter))
        assert failed and _gone(failed[0]), "the office of the failed attempt was left"
        assert pool.office_pids() and failed[0] not in pool.office_pids()
    finally:
        pool.close()


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


@pytest.mark.pdf
@pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("timeout", [0.01, 0.5])
def test_a_cold_conversion_past_its_timeout_leaves_no_office(monkeypatch, tmp_path, letter,
                                                             timeout):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the cold profile goes here
    with pytest.raises(PdfTimeout, match="longer than"):
        pdf.cold_docx_to_pdf(letter, timeout=timeout)
    found = subprocess.run(["pgrep", "-fa", str(tmp_path)], capture_output=True, text=True)
    assert found.stdout == "", "an office outlived its timed-out cold conversion"
    assert list(tmp_path.iterdir()) == [], "its temporary folder was left"


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


def test_a_worker_that_never_starts_fails_promptly_with_the_reason(monkeypatch, caplog):
    monkeypatch.setattr(pdfpool, "START_BACKOFF", 0.05)
    monkeypatch.setattr(pdfpool, "QUEUE_SECONDS", 10)
    calls = []

    def broken(self):
        calls.append(self.index)
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(pdfpool.Worker, "_popen_office", broken)
    pool = PdfPool(1, python="/usr/bin/python3", office="/nonexistent/soffice.bin")
    started = time.monotonic()
    try:
        with caplog.at_level(logging.WARNING, logger="docgen.pdfpool"), \
                pytest.raises(PoolUnavailable, match="OSError.*Too many open files"):
            pool.convert(b"PK")
        assert time.monotonic() - started < 5
        assert len(calls) == pdfpool.START_ATTEMPTS
        assert pool._workers[0].failed
        assert "gave up after 3 attempts" in caplog.text
    finally:
        pool.close()


def test_a_pool_start_removes_folders_left_by_killed_processes(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(PdfPool, "_launch", lambda self, worker, restart=False: None)
    ended = subprocess.Popen(["true"])
    ended.wait()  # a process id that no longer runs
    stale = tmp_path / f"docgen-pdfpool-{ended.pid}-x1y2z3"
    (stale / "profile-0" / "user").mkdir(parents=True)
    (stale / "work-0").mkdir()
    (stale / "work-0" / "bridge.log").write_text("left by a SIGKILLed docgen")
    alive = tmp_path / f"docgen-pdfpool-{os.getppid()}-a1b2c3"  # its process still runs
    alive.mkdir()
    unknown = tmp_path / "docgen-pdfpool-k3j4h5g6"  # no process id in the name: kept
    unknown.mkdir()
    pool = PdfPool(1, python="/usr/bin/python3", office="/nonexistent/soffice.bin").start()
    try:
        assert not stale.exists()
        assert alive.is_dir() and unknown.is_dir()
        assert pool._root.parent == tmp_path
        assert pool._root.name.startswith(f"docgen-pdfpool-{os.getpid()}-")
    finally:
        pool.close()
    assert not pool._root.exists()
    assert alive.is_dir()
