"""LibreOffice and poppler for tests of the conversion jobs: the real ones when installed,
else two small stand-ins put first on the PATH, so the jobs' machinery (claims, leases,
retries, one result per content) is tested on any machine, through the same code path
(:func:`docgen.pdf.cold_docx_to_pdf`, :func:`docgen.preview.pdf_to_png`) and in other
processes (``docgen worker``).

The stand-in ``soffice`` writes a real two-page PDF (pypdf) after ``FAKE_SOFFICE_SECONDS``
and notes each conversion as a line in ``FAKE_SOFFICE_LOG``; the stand-in ``pdftoppm``
writes one real PNG per page. Tests that need LibreOffice's own output keep the ``pdf``
marker and its skip."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SOFFICE = '''#!{python}
import os, sys, time
from pathlib import Path
from pypdf import PdfWriter
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
src = Path(args[-1])
log = os.environ.get("FAKE_SOFFICE_LOG")
if log:
    with open(log, "a") as f:
        f.write(f"{{os.getpid()}} {{src.name}}\\n")
time.sleep(float(os.environ.get("FAKE_SOFFICE_SECONDS", "0")))
writer = PdfWriter()
for _ in range(2):
    writer.add_blank_page(595, 842)
writer.add_metadata({{"/Title": src.stem}})
with open(out / (src.stem + ".pdf"), "wb") as f:
    writer.write(f)
'''

PDFTOPPM = '''#!{python}
import struct, sys, zlib
from pypdf import PdfReader
args = sys.argv[1:]
src, prefix = args[-2], args[-1]
def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
png = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"\\x00\\xff\\xff\\xff")) + chunk(b"IEND", b""))
for number in range(1, len(PdfReader(src).pages) + 1):
    with open(f"{{prefix}}-{{number}}.png", "wb") as f:
        f.write(png)
'''


def real_tools() -> bool:
    """Whether LibreOffice and pdftoppm are installed here."""
    return bool((shutil.which("soffice") or shutil.which("libreoffice"))
                and shutil.which("pdftoppm"))


def stand_ins(folder: Path) -> Path:
    """The stand-in ``soffice`` and ``pdftoppm`` written in `folder` (returned)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, script in (("soffice", SOFFICE), ("pdftoppm", PDFTOPPM)):
        path = folder / name
        path.write_text(script.format(python=sys.executable), encoding="utf-8")
        path.chmod(0o755)
    return folder


def tools_env(env: dict[str, str], folder: Path, *, seconds: float = 0.0,
              log: Path | None = None) -> dict[str, str]:
    """`env` with the stand-ins first on its PATH when the real tools are missing."""
    if real_tools():
        return env
    env = dict(env)
    env["PATH"] = f"{stand_ins(folder)}{os.pathsep}{env.get('PATH', '')}"
    env["FAKE_SOFFICE_SECONDS"] = str(seconds)
    if log is not None:
        env["FAKE_SOFFICE_LOG"] = str(log)
    return env


def use_tools(monkeypatch, folder: Path, *, seconds: float = 0.0,  # noqa: ANN001
              log: Path | None = None) -> bool:
    """In this process: the stand-ins on the PATH when the real tools are missing. True
    when the stand-ins are used."""
    if real_tools():
        return False
    for key, value in tools_env(dict(os.environ), folder, seconds=seconds, log=log).items():
        if os.environ.get(key) != value:
            monkeypatch.setenv(key, value)
    return True
