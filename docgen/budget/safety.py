"""The gate every uploaded workbook passes before openpyxl reads it.

What comes in may be anything: an old binary .xls, a password-protected workbook, a Word
file, a CSV renamed to .xlsx, a truncated download, or a file built to exhaust the server (a
zip bomb, an XML entity bomb, a sheet of a million rows). Each is recognised from its bytes
and refused with its own message; only a zip with the parts of an xlsx, within the size
limits and with plain XML prologs, reaches openpyxl (which parses through defusedxml).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl import DEFUSEDXML, load_workbook
from openpyxl.workbook.workbook import Workbook

from docgen.messages import Problem

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest file accepted (compressed)."""
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
"""Largest total of the zip's parts once expanded."""
MAX_RATIO = 100
"""Largest expansion of one part larger than :data:`RATIO_FLOOR` bytes."""
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 2000
MAX_ROWS = 50_000
"""Rows of the budget sheet read at most."""
MAX_COLUMNS = 256
"""Columns a sheet may declare; only the first :data:`READ_COLUMNS` are read."""
READ_COLUMNS = 64
PROLOG_BYTES = 4096

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_PLAIN_PROLOG = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>)?\s*(?:<!--.*?-->\s*)*<[A-Za-z_]", re.S)

if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
    raise ImportError("docgen.budget needs defusedxml so that openpyxl parses XML safely")


class BudgetUnreadable(ValueError):
    """The file cannot be read as a workbook at all; :attr:`problem` says why."""

    def __init__(self, path: str, code: str, **params: object):
        self.problem = Problem(path, code, "error", dict(params))
        super().__init__(self.problem.line("en"))


def load_source(source: bytes | bytearray | memoryview | str | Path,
                name: str | None = None) -> tuple[bytes, str]:
    """The bytes of an upload or a file, and the name to use in messages."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = name or "upload.xlsx"
    else:
        path = Path(source)
        label = name or path.name
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise BudgetUnreadable(label, "budget_file_too_large", size=_mb(size),
                                       limit=_mb(MAX_FILE_BYTES))
            data = path.read_bytes()
        except OSError as exc:
            raise BudgetUnreadable(label, "budget_file_missing",
                                   detail=exc.strerror or str(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise BudgetUnreadable(label, "budget_file_too_large", size=_mb(len(data)),
                               limit=_mb(MAX_FILE_BYTES))
    return data, label


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


# --------------------------------------------------------------------------- what is it?


def _ole_kind(data: bytes) -> str:
    """An OLE2 compound file: encrypted OOXML, a binary workbook, or something else."""
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "budget_encrypted"
    if has("Workbook") or has("Book"):
        return "budget_xls_binary"
    if has("WordDocument"):
        return "budget_not_xlsx_doc"
    return "budget_not_xlsx_ole"


def _text_kind(head: bytes) -> str | None:
    """Text that is not a workbook: an HTML table saved as .xls, XML, CSV or other text."""
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head[:-4].decode("utf-8")
        except UnicodeDecodeError:
            text = head.decode("latin-1")
            if sum(ch.isprintable() or ch in "\r\n\t" for ch in text) < 0.95 * len(text):
                return None
    start = text.lstrip("\ufeff \r\n\t").lower()
    if start.startswith(("<!doctype html", "<html", "<table")) or "<html" in start[:512]:
        return "budget_not_xlsx_html"
    if start.startswith("<?xml") or start.startswith("<"):
        return "budget_not_xlsx_xml"
    if any(sep in text for sep in (",", ";", "\t")) and "\n" in text:
        return "budget_not_xlsx_csv"
    return "budget_not_xlsx_text"


def sniff(data: bytes, name: str) -> None:
    """Refuse anything that is not a zip, naming what it looks like."""
    if not data:
        raise BudgetUnreadable(name, "budget_file_empty")
    if data.startswith(OLE_MAGIC):
        raise BudgetUnreadable(name, _ole_kind(data))
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return
    if data.startswith(b"%PDF"):
        raise BudgetUnreadable(name, "budget_not_xlsx_pdf")
    kind = _text_kind(data[:4096])
    if kind:
        raise BudgetUnreadable(name, kind)
    raise BudgetUnreadable(name, "budget_not_xlsx_unknown", start=data[:8].hex(" "))


# --------------------------------------------------------------------------- the zip


def check_zip(data: bytes, name: str) -> list[str]:
    """Open the zip, check it is an xlsx within the limits, and return its part names."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise BudgetUnreadable(name, "budget_zip_corrupt", detail=str(exc) or "zip") from None
    with archive:
        names = [info.filename for info in infos]
        _check_kind(set(names), name)
        if len(infos) > MAX_PARTS:
            raise BudgetUnreadable(name, "budget_zip_too_many_parts", count=len(infos),
                                   limit=MAX_PARTS)
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise BudgetUnreadable(name, "budget_zip_too_big", size=_mb(total),
                                   limit=_mb(MAX_UNCOMPRESSED_BYTES))
        for info in infos:
            if info.flag_bits & 0x1:
                raise BudgetUnreadable(name, "budget_encrypted")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise BudgetUnreadable(name, "budget_zip_ratio", part=info.filename,
                                       ratio=int(ratio), limit=MAX_RATIO)
            if info.filename.endswith((".xml", ".rels", ".vml")):
                _check_prolog(archive, info, name)
    return names


def _check_kind(names: set[str], name: str) -> None:
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise BudgetUnreadable(name, "budget_not_xlsx_xlsb")
        return
    if "word/document.xml" in names:
        raise BudgetUnreadable(name, "budget_not_xlsx_docx")
    if "ppt/presentation.xml" in names:
        raise BudgetUnreadable(name, "budget_not_xlsx_pptx")
    if "content.xml" in names and "mimetype" in names:
        raise BudgetUnreadable(name, "budget_not_xlsx_ods")
    raise BudgetUnreadable(name, "budget_not_xlsx_zip")


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse a part whose XML declares a DOCTYPE or entities (an entity bomb), or whose
    root element does not start within the first few kilobytes."""
    try:
        with archive.open(info) as handle:
            head = handle.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            EOFError) as exc:
        raise BudgetUnreadable(name, "budget_zip_corrupt",
                               detail=f"{info.filename}: {exc}") from None
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper() or (
            head and not _PLAIN_PROLOG.match(head)):
        raise BudgetUnreadable(name, "budget_xml_entities", part=info.filename)


# --------------------------------------------------------------------------- openpyxl


@dataclass
class Book:
    """A workbook opened read-only, with the bytes it came from."""

    workbook: Workbook
    data: bytes
    name: str


@contextmanager
def open_workbook(data: bytes, name: str) -> Iterator[Book]:
    """Check the bytes, then open them with openpyxl (read-only, cached values)."""
    sniff(data, name)
    check_zip(data, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                     keep_links=False)
        except Exception as exc:  # noqa: BLE001 - any failure is "cannot be read"
            raise unreadable_from(exc, name) from None
    try:
        yield Book(workbook, data, name)
    finally:
        workbook.close()


def unreadable_from(exc: BaseException, name: str) -> BudgetUnreadable:
    """The message for an exception raised while openpyxl reads the file."""
    if isinstance(exc, BudgetUnreadable):
        return exc
    cause: BaseException | None = exc
    while cause is not None:
        if (type(cause).__module__ or "").startswith("defusedxml"):
            return BudgetUnreadable(name, "budget_xml_entities", part="XML")
        cause = cause.__cause__ or cause.__context__
    kind = type(exc).__name__
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return BudgetUnreadable(name, "budget_zip_corrupt", detail=str(exc) or kind)
    detail = f"{kind}: {exc}" if str(exc) else kind
    return BudgetUnreadable(name, "budget_workbook_unreadable", detail=detail[:200])
