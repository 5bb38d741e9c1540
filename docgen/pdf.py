"""DOCX to PDF through LibreOffice (headless).

One conversion per call for now; the converter is found on PATH as ``soffice`` or
``libreoffice``. Without LibreOffice, :class:`PdfUnavailable` says so plainly and DOCX output
is unaffected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class PdfUnavailable(RuntimeError):
    """PDF cannot be made on this machine (LibreOffice is not installed)."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but produced no PDF."""


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, name: str = "document") -> bytes:
    """Convert DOCX bytes to PDF bytes."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(
            "PDF needs LibreOffice (soffice) on the PATH; install libreoffice-writer-nogui. "
            "DOCX output works without it."
        )
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        work = Path(tmp)
        src = work / f"{name}.docx"
        src.write_bytes(data)
        profile = (work / "profile").as_uri()
        env = dict(os.environ, HOME=tmp)
        try:
            subprocess.run(
                [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(work), str(src)],
                check=False, capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
            )
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"LibreOffice took longer than {TIMEOUT_SECONDS} s") from None
        out = work / f"{name}.pdf"
        if not out.exists():
            raise PdfFailed("LibreOffice produced no PDF")
        return out.read_bytes()
