"""Page images of a document: DOCX → PDF/A (LibreOffice, through the warm pool behind
:func:`docgen.pdf.docx_to_pdf`) → one PNG per page (poppler's ``pdftoppm``), kept on disk so
that a document is converted once, however often it is shown. The cached ``document.pdf`` is
the PDF/A-2b that the PDF download serves.

A :class:`PreviewCache` keeps each converted document in its own folder,
``root/ab/<key>/``, holding ``document.pdf``, ``page-1.png`` … and ``pages`` (the page count,
written last, so a folder without it is never used). The key is :func:`docx_key`: the SHA-256
of the DOCX's content. Folders are made under a temporary name and renamed into place, so two
processes converting the same document at once never see half a preview. The cache keeps the
most recently used :data:`MAX_ENTRIES` documents.

The cache lives in :data:`PREVIEW_FOLDER` of ``DOCGEN_HOME`` (:func:`home_cache`), the folder
every web instance and ``docgen worker`` shares, so a document converted by one is seen by
all. Conversions asked for by the web are background jobs (:mod:`docgen.jobs.convert`); their
input waits in ``incoming/`` of the cache until it is converted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import docgen.pdf
from docgen.jobs.runners import redis_url
from docgen.pdf import PdfFailed, PdfTimeout, PdfUnavailable, docx_to_pdf, soffice

DPI = 70
"""Resolution of the page images: an A4 page is about 580 × 820 pixels."""
MAX_ENTRIES = 200
TIMEOUT_SECONDS = 120
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PREVIEW_FOLDER = "previews"
"""The cache's folder in ``DOCGEN_HOME``."""
INCOMING = "incoming"
"""The cache's folder of inputs waiting to be converted."""
STALE_TMP_SECONDS = 3600
"""A half-written folder (its writer killed) older than this is removed when pruning."""
STALE_INPUT_SECONDS = 86400
"""An input never converted (its conversion failed) is removed after this when pruning."""
Source = Literal["docx", "pdf"]

Tool = Literal["libreoffice", "poppler"]


class PreviewUnavailable(RuntimeError):
    """A tool the preview needs is not installed; :attr:`tool` says which."""

    def __init__(self, tool: Tool):
        self.tool = tool
        needs = ("LibreOffice (soffice)" if tool == "libreoffice"
                 else "poppler-utils (pdftoppm)")
        super().__init__(f"a preview needs {needs} on the PATH; DOCX output works without it")


class PreviewFailed(RuntimeError):
    """The tools ran but made no pages."""


class PreviewTimeout(PreviewFailed):
    """A tool took longer than the time allowed for one document."""


def pdftoppm() -> str | None:
    """poppler's ``pdftoppm``, or None."""
    return shutil.which("pdftoppm")


def missing_tool() -> Tool | None:
    """The first tool a preview needs that is not installed, or None when both are."""
    if soffice() is None:
        return "libreoffice"
    if pdftoppm() is None:
        return "poppler"
    return None


def content_key(data: bytes, source: Source = "docx") -> str:
    """The cache's key of `data`: :func:`docx_key` for a DOCX, the SHA-256 of a PDF."""
    return docx_key(data) if source == "docx" else hashlib.sha256(data).hexdigest()


def missing_for(source: Source) -> Tool | None:
    """The tool missing to convert a `source` (a PDF needs poppler alone)."""
    if source == "pdf":
        return None if pdftoppm() is not None else "poppler"
    return missing_tool()


def missing_where_made(source: Source = "docx", *, pages: bool = True) -> Tool | None:
    """The tool missing where conversions asked for by this process are made, as the web
    asks before it offers or queues one. With ``DOCGEN_REDIS_URL`` they are made by
    ``docgen worker`` processes, which have the tools (a worker without one fails the
    conversion naming it, in Indonesian and English): None, whatever this machine has.
    Without it, what this machine lacks (:func:`missing_for`; with `pages` False,
    LibreOffice alone: a PDF/A without page images)."""
    if redis_url() is not None:
        return None
    if not pages:
        return None if docgen.pdf.available() else "libreoffice"
    return missing_for(source)


def can_make_pdf() -> bool:
    """Whether a PDF/A asked for by this process can be made (:func:`missing_where_made`)."""
    return missing_where_made(pages=False) is None


def convert(data: bytes, source: Source = "docx", *, dpi: int = DPI,
            name: str = "document") -> tuple[bytes, list[bytes]]:
    """The PDF/A of a DOCX (a PDF as it is) and its pages as PNG bytes.

    Raises :class:`PreviewUnavailable` when a tool is missing, :class:`PreviewTimeout` when
    one takes too long and :class:`PreviewFailed` when they make nothing."""
    tool = missing_for(source)
    if tool is not None:
        raise PreviewUnavailable(tool)
    pdf = data
    if source == "docx":
        try:
            pdf = docx_to_pdf(data, name=name)
        except PdfUnavailable:
            raise PreviewUnavailable("libreoffice") from None
        except PdfTimeout as exc:
            raise PreviewTimeout(str(exc)) from None
        except PdfFailed as exc:
            raise PreviewFailed(str(exc)) from None
    return pdf, pdf_to_png(pdf, dpi=dpi)


def docx_key(data: bytes) -> str:
    """The SHA-256 of a DOCX's content: the name and bytes of every part, in order.

    The timestamps inside the zip are left out: rendering stamps the current time into
    them, so the same document made twice differs only there. Bytes that are not a zip are
    hashed as they are.
    """
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                name = info.filename.encode("utf-8")
                content = zf.read(info)
                digest.update(len(name).to_bytes(4, "big") + name)
                digest.update(len(content).to_bytes(8, "big") + content)
    except (zipfile.BadZipFile, ValueError, OSError):
        return hashlib.sha256(data).hexdigest()
    return digest.hexdigest()


_PAGE = re.compile(r"-(\d+)\.png$")


def pdf_to_png(pdf: bytes, *, dpi: int = DPI) -> list[bytes]:
    """Every page of a PDF as PNG bytes, first page first."""
    exe = pdftoppm()
    if exe is None:
        raise PreviewUnavailable("poppler")
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as tmp:
        work = Path(tmp)
        src = work / "document.pdf"
        src.write_bytes(pdf)
        try:
            result = subprocess.run([exe, "-png", "-r", str(dpi), str(src), str(work / "page")],
                                    check=False, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise PreviewTimeout(f"pdftoppm took longer than {TIMEOUT_SECONDS} s") from None
        pages = sorted((int(m.group(1)), p) for p in work.glob("page-*.png")
                       if (m := _PAGE.search(p.name)))
        if not pages:
            detail = result.stderr.decode("utf-8", "replace").strip()[:200]
            raise PreviewFailed(f"pdftoppm made no pages{': ' + detail if detail else ''}")
        return [path.read_bytes() for _, path in pages]


@dataclass(frozen=True)
class Preview:
    """One converted document in the cache."""

    key: str
    folder: Path
    pages: int

    @property
    def pdf(self) -> Path:
        return self.folder / "document.pdf"

    def page(self, number: int) -> Path:
        """The image of page `number` (1-based); :class:`IndexError` past the last page."""
        if not 1 <= number <= self.pages:
            raise IndexError(f"page {number} of {self.pages}")
        return self.folder / f"page-{number}.png"


_LOCKS = [threading.Lock() for _ in range(64)]


class PreviewCache:
    """Converted documents on disk under `root`, found by :func:`docx_key`."""

    def __init__(self, root: Path, *, dpi: int = DPI, max_entries: int = MAX_ENTRIES):
        self.root = Path(root)
        self.dpi = dpi
        self.max_entries = max_entries

    def folder(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise ValueError(f"not a preview key: {key!r}")
        return self.root / key[:2] / key

    def get(self, key: str) -> Preview | None:
        """The cached preview of `key`, or None."""
        folder = self.folder(key)
        try:
            pages = int((folder / "pages").read_text(encoding="ascii"))
        except (OSError, ValueError):
            return None
        return Preview(key, folder, pages)

    def make(self, docx: bytes) -> Preview:
        """The preview of a DOCX: from the cache, or converted now (and kept).

        Raises :class:`PreviewUnavailable` when LibreOffice or pdftoppm is missing and
        :class:`PreviewFailed` when they make nothing.
        """
        key = docx_key(docx)
        found = self.get(key)
        if found is None:
            with _LOCKS[int(key[:4], 16) % len(_LOCKS)]:
                found = self.get(key) or self._convert(key, docx)
        self._touch(found.folder)
        return found

    def _convert(self, key: str, docx: bytes) -> Preview:
        pdf, pngs = convert(docx, "docx", dpi=self.dpi)
        return self.put(key, pdf, pngs)

    def put(self, key: str, pdf: bytes, pngs: list[bytes]) -> Preview:
        """Keep a converted document under `key`: written in a folder of its own and
        renamed into place, so it is there whole or not at all, and once (a second writer
        of the same key leaves the first one's folder)."""
        final = self.folder(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
        try:
            (tmp / "document.pdf").write_bytes(pdf)
            for number, png in enumerate(pngs, start=1):
                (tmp / f"page-{number}.png").write_bytes(png)
            (tmp / "pages").write_text(str(len(pngs)), encoding="ascii")
            try:
                os.rename(tmp, final)
            except OSError:  # another process finished first: keep its folder
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self.prune()
        return self.get(key) or Preview(key, final, len(pngs))

    def input_path(self, key: str, source: Source) -> Path:
        """Where the input of `key` waits to be converted."""
        self.folder(key)  # checks the key
        if source not in ("docx", "pdf"):
            raise ValueError(f"not a source: {source!r}")
        return self.root / INCOMING / f"{key}.{source}"

    def keep_input(self, key: str, source: Source, data: bytes) -> Path:
        """Keep `data` until it is converted (written whole, once)."""
        path = self.input_path(key, source)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-",
                                             delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, path)
        return path

    def drop_input(self, key: str, source: Source) -> None:
        with contextlib.suppress(OSError):
            self.input_path(key, source).unlink()

    def touch(self, preview: Preview) -> None:
        """Mark `preview` recently used (kept when the cache is pruned)."""
        self._touch(preview.folder)

    @staticmethod
    def _touch(folder: Path) -> None:
        with contextlib.suppress(OSError):
            os.utime(folder)

    def entries(self) -> list[Path]:
        """The cached folders, least recently used first."""
        if not self.root.is_dir():
            return []
        found = []
        for folder in self.root.glob("??/*"):
            if folder.name.startswith("."):
                continue
            try:
                found.append((folder.stat().st_mtime, folder))
            except OSError:  # removed meanwhile
                continue
        return [folder for _, folder in sorted(found)]

    def _file_clock(self) -> float:
        """Now as the file system stamps the files whose ages are compared (a file touched
        in the cache's root): the process's own clock may differ from it (another machine
        sharing the folder, a container, a test's clock)."""
        marker = self.root / ".now"
        try:
            marker.touch()
            return marker.stat().st_mtime
        except OSError:
            return time.time()

    def prune(self) -> None:
        """Forget the least recently used documents beyond :attr:`max_entries`, and the
        half-written folders of writers killed long ago."""
        if not self.root.is_dir():
            return
        now = self._file_clock()
        old = now - STALE_TMP_SECONDS
        for tmp in self.root.glob("??/.tmp-*"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < old:
                    shutil.rmtree(tmp, ignore_errors=True)
        waiting = now - STALE_INPUT_SECONDS
        for path in (self.root / INCOMING).glob("*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < (old if path.name.startswith(".tmp-") else waiting):
                    path.unlink()
        entries = self.entries()
        for folder in entries[:max(0, len(entries) - self.max_entries)]:
            shutil.rmtree(folder, ignore_errors=True)


@functools.lru_cache(maxsize=16)
def home_cache(home: Path) -> PreviewCache:
    """The preview cache in the folder `home` (``DOCGEN_HOME``) shares with every instance."""
    return PreviewCache(Path(home) / PREVIEW_FOLDER)
