"""DOCX to PDF/A-2b through LibreOffice (headless), kept warm.

:func:`docx_to_pdf` is the one way to make a PDF: it hands the document to the warm pool of
LibreOffice processes in :mod:`docgen.pdfpool`. Only when that pool cannot run here (no
Python with LibreOffice's ``uno`` module, or the office will not start) does it fall back to
one cold ``soffice --convert-to`` per document, and logs why. Either way the result is
PDF/A-2b (ISO 19005-2, level B) with every font embedded.

Without LibreOffice, :class:`PdfUnavailable` says so plainly and DOCX output is unaffected.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from defusedxml import ElementTree

from docgen.messages import text

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 120
"""The longest a cold conversion may take."""
PDFA_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""``--convert-to`` argument for PDF/A-2b (filter options as JSON: LibreOffice 7.4+)."""
UNAVAILABLE = text("pdf_unavailable", "en")
"""Why there is no PDF (Indonesian: ``text("pdf_unavailable", "id")``)."""


class PdfUnavailable(RuntimeError):
    """PDF cannot be made on this machine (LibreOffice is not installed)."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but produced no PDF."""


class PdfTimeout(PdfFailed):
    """LibreOffice took longer than the time allowed for one document."""


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    """Whether PDF can be made here."""
    return soffice() is not None


def docx_to_pdf(data: bytes, *, name: str = "document", timeout: float | None = None) -> bytes:
    """Convert DOCX bytes to PDF/A-2b bytes.

    Raises :class:`PdfUnavailable` without LibreOffice, :class:`PdfTimeout` past `timeout`
    seconds (default: the pool's, ``DOCGEN_PDF_TIMEOUT`` or 60) and :class:`PdfFailed` when
    LibreOffice makes nothing, or when the document would make LibreOffice reach outside
    it (:func:`docgen.docx_guard.outside_references`). `name` only labels the document in
    messages.
    """
    _refuse_outside(data, name)
    if soffice() is None:
        raise PdfUnavailable(UNAVAILABLE)
    from docgen import pdfpool

    try:
        pool = pdfpool.get_pool()
        return pool.convert(data, timeout=timeout)
    except pdfpool.PoolUnavailable as exc:
        log.warning("warm PDF pool unavailable (%s); converting %s with a cold LibreOffice",
                    exc, name)
    except PdfFailed as exc:
        raise type(exc)(f"{name}: {exc}") from None
    return cold_docx_to_pdf(data, name=name, timeout=timeout or TIMEOUT_SECONDS)


def cold_docx_to_pdf(data: bytes, *, name: str = "document", pdfa: bool = True,
                     timeout: float = TIMEOUT_SECONDS) -> bytes:
    """One cold ``soffice --convert-to`` with a fresh profile: the fallback, and the
    baseline of ``bench/pdf_bench.py``. `pdfa` False makes a plain PDF."""
    _refuse_outside(data, name)
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(UNAVAILABLE)
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        work = Path(tmp)
        src = work / "document.docx"
        src.write_bytes(data)
        profile = (work / "profile").as_uri()
        env = dict(os.environ, HOME=tmp)
        # Its own session: on a timeout the whole group goes (the ``soffice`` launcher and
        # the ``soffice.bin`` it starts), not the launcher alone with the office left
        # behind, writing into a profile that is being removed.
        proc = subprocess.Popen(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", PDFA_EXPORT if pdfa else "pdf", "--outdir", str(work), str(src)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True,
        )
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise PdfTimeout(f"{name}: LibreOffice took longer than {timeout:g} s") from None
        except BaseException:
            _kill_group(proc)
            raise
        out = work / "document.pdf"
        if not out.exists():
            raise PdfFailed(f"{name}: LibreOffice produced no PDF")
        return out.read_bytes()


def _refuse_outside(data: bytes, name: str) -> None:
    from docgen.docx_guard import outside_references

    found = outside_references(data)
    if found:
        log.warning("%s not converted: it refers outside itself (%s)", name, "; ".join(found))
        raise PdfFailed(f"{name}: the document refers to content outside itself "
                        f"({found[0]}); it is not converted")


def _kill_group(proc: subprocess.Popen, *, wait: float = 5.0) -> None:
    """Kill `proc`, started with ``start_new_session=True``, and every process of its group;
    reap it and wait (up to `wait` seconds) until no process of the group still runs."""
    if os.name != "posix":
        proc.kill()
        proc.wait()
        return
    with contextlib.suppress(OSError):  # not reaped yet, so its id is still the group's
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + wait
    while _group_running(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _group_running(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs: not counting zombies (killed, only
    waiting for their new parent to reap them) where ``/proc`` tells them apart."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.killpg(pgid, 0)
        except OSError:
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # state, ppid, pgrp, ...
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in "ZX":
            return True
    return False


_XMP = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.S)
_PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


def pdfa_identification(pdf: bytes) -> tuple[int, str] | None:
    """The PDF/A part and conformance a PDF declares in its XMP metadata, such as
    ``(2, "B")``; None when it declares none. (A declaration, not a validation.)"""
    for packet in _XMP.findall(pdf):
        try:
            root = ElementTree.fromstring(packet)
        except ElementTree.ParseError:
            continue
        part = conformance = None
        for element in root.iter():
            for key, value in element.attrib.items():  # the attribute form
                if key == f"{_PDFAID}part":
                    part = value
                elif key == f"{_PDFAID}conformance":
                    conformance = value
            if element.tag == f"{_PDFAID}part":  # the element form
                part = (element.text or "").strip()
            elif element.tag == f"{_PDFAID}conformance":
                conformance = (element.text or "").strip()
        if part and part.isdigit():
            return int(part), (conformance or "").upper()
    return None
