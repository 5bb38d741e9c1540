"""The gate every uploaded workbook passes before it is read.

What comes in may be anything: a password-protected workbook, a Word file, a CSV renamed to
.xlsx, a truncated download, or a file built to exhaust the server (a zip bomb, an XML entity
bomb, a sheet of a million rows). Each is recognised from its bytes and refused with its own
message. Three formats are read: .xlsx and .ods (zips within the size limits whose XML parts
have plain prologs, no DOCTYPE or entity) and the old binary .xls (an OLE2 compound file
with a Workbook stream, not encrypted). calamine reads the values
(:mod:`docgen.budget.formats`); each sheet's extent is measured before calamine loads it.
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
from typing import Any

from openpyxl import DEFUSEDXML

from docgen.budget.formats import ODS, XLS, XLSX, CalamineWorkbook, SheetTooLarge, open_calamine
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
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
FORMATS = (XLSX, XLS, ODS)
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
    """An OLE2 compound file: ``xls`` for an Excel 97-2003 workbook, else the code of its
    refusal (encrypted OOXML, macros without a workbook, a Word file, something else)."""
    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "budget_encrypted"
    if has("Workbook") or has("Book"):
        return XLS
    if has("WordDocument"):
        return "budget_not_xlsx_doc"
    if has("_VBA_PROJECT") or has("VBA"):
        return "budget_macros_only"
    if _ole_truncated(data):
        return "budget_ole_truncated"
    return "budget_not_xlsx_ole"


def _ole_truncated(data: bytes) -> bool:
    """Whether the OLE2 header points past the end of the bytes (a cut download): its
    directory starts at a sector that is not there."""
    if len(data) < 512:
        return True
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if not 7 <= shift <= 16:
        return True
    size = 1 << shift
    directory = int.from_bytes(data[0x30:0x34], "little")
    return directory < 0xFFFFFFFA and (directory + 2) * size > len(data)


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


def sniff(data: bytes, name: str) -> str:
    """``zip`` (an .xlsx or .ods, told by :func:`check_zip`) or ``xls``; anything else is
    refused, naming what it looks like."""
    if not data:
        raise BudgetUnreadable(name, "budget_file_empty")
    if data.startswith(OLE_MAGIC):
        kind = _ole_kind(data)
        if kind != XLS:
            raise BudgetUnreadable(name, kind)
        return XLS
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"%PDF"):
        raise BudgetUnreadable(name, "budget_not_xlsx_pdf")
    kind = _text_kind(data[:4096])
    if kind:
        raise BudgetUnreadable(name, kind)
    raise BudgetUnreadable(name, "budget_not_xlsx_unknown", start=data[:8].hex(" "))


# --------------------------------------------------------------------------- the zip


def check_zip(data: bytes, name: str) -> list[str]:
    """Open the zip, check it is an .xlsx or .ods within the limits, and return its part
    names (:func:`zip_format` tells which of the two)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise BudgetUnreadable(name, "budget_zip_corrupt", detail=str(exc) or "zip") from None
    with archive:
        names = [info.filename for info in infos]
        kind = zip_format(set(names), name)
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
            if info.filename.endswith((".xml", ".rels", ".vml", ".rdf")):
                _check_prolog(archive, info, name)
        if kind == ODS:
            _check_ods(archive, name)
    return names


def _check_ods(archive: zipfile.ZipFile, name: str) -> None:
    """An .ods: its mimetype names a spreadsheet, and it is not encrypted (ODF encrypts
    parts inside a plain zip and says so in the manifest)."""
    try:
        mimetype = archive.read("mimetype").strip()
        manifest = (archive.read("META-INF/manifest.xml")
                    if "META-INF/manifest.xml" in archive.namelist() else b"")
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
            EOFError) as exc:
        raise BudgetUnreadable(name, "budget_zip_corrupt", detail=str(exc)) from None
    if mimetype != ODS_MIMETYPE:
        raise BudgetUnreadable(name, "budget_not_xlsx_zip")
    if b"encryption-data" in manifest:
        raise BudgetUnreadable(name, "budget_encrypted")


def zip_format(names: set[str], name: str) -> str:
    """``xlsx`` or ``ods`` from a zip's part names; any other zip is refused."""
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
            raise BudgetUnreadable(name, "budget_not_xlsx_xlsb")
        return XLSX
    if "word/document.xml" in names:
        raise BudgetUnreadable(name, "budget_not_xlsx_docx")
    if "ppt/presentation.xml" in names:
        raise BudgetUnreadable(name, "budget_not_xlsx_pptx")
    if "content.xml" in names and "mimetype" in names:
        return ODS
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


# --------------------------------------------------------------------------- reading


@dataclass
class Book:
    """A workbook opened for reading, with the bytes it came from and its format
    (``xlsx``, ``xls`` or ``ods``). ``workbook.worksheets`` lists its worksheets (chart,
    dialog and macro sheets left out), each read like an openpyxl read-only sheet."""

    workbook: CalamineWorkbook
    data: bytes
    name: str
    format: str = XLSX


def workbook_format(data: bytes, name: str) -> str:
    """Check the bytes (:func:`sniff`, :func:`check_zip`) and say which format they are."""
    if sniff(data, name) == XLS:
        return XLS
    names = check_zip(data, name)
    return zip_format(set(names), name)


@contextmanager
def open_workbook(data: bytes, name: str) -> Iterator[Book]:
    """Check the bytes, then open them with calamine (cached values of formulas)."""
    kind = workbook_format(data, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = open_calamine(data, kind, MAX_ROWS, MAX_COLUMNS,
                                 lambda exc: unreadable_from(exc, name, kind))
    if not workbook.worksheets:
        workbook.close()
        raise BudgetUnreadable(name, "budget_no_worksheet")
    try:
        yield Book(workbook, data, name, kind)
    finally:
        workbook.close()


def merged_ranges(book: Book, sheet: Any) -> list[tuple[int, int, int, int]]:
    """The merged ranges of ``sheet`` (a sheet of ``book`` or its title) as (min_col,
    min_row, max_col, max_row), 1-based: from calamine for .xlsx and .xls, from the sheet's
    XML for .ods."""
    if isinstance(sheet, str):
        sheet = book.workbook[sheet]
    try:
        return sheet.merged_ranges()
    except Exception as exc:  # noqa: BLE001 - any failure is "cannot be read"
        raise unreadable_from(exc, book.name, book.format) from None


def unreadable_from(exc: BaseException, name: str, kind: str = XLSX) -> BudgetUnreadable:
    """The message for an exception raised while the file is read."""
    if isinstance(exc, BudgetUnreadable):
        return exc
    if isinstance(exc, SheetTooLarge):
        if exc.rows > MAX_ROWS:
            return BudgetUnreadable(name, "budget_too_many_rows", sheet=exc.sheet,
                                    rows=exc.rows, limit=MAX_ROWS)
        if exc.columns > MAX_COLUMNS:
            return BudgetUnreadable(name, "budget_too_many_columns", sheet=exc.sheet,
                                    columns=exc.columns, limit=MAX_COLUMNS)
        return BudgetUnreadable(name, "budget_too_many_cells", sheet=exc.sheet,
                                rows=exc.rows, columns=exc.columns)
    if type(exc).__name__ == "PasswordError":
        return BudgetUnreadable(name, "budget_encrypted")
    if type(exc).__name__ == "XmlError" and "entity" in str(exc).lower():
        return BudgetUnreadable(name, "budget_xml_entities", part="XML")
    cause: BaseException | None = exc
    while cause is not None:
        if (type(cause).__module__ or "").startswith("defusedxml"):
            return BudgetUnreadable(name, "budget_xml_entities", part="XML")
        cause = cause.__cause__ or cause.__context__
    error = type(exc).__name__
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError) or error == "ZipError":
        return BudgetUnreadable(name, "budget_zip_corrupt", detail=str(exc)[:200] or error)
    if kind == XLS:
        return BudgetUnreadable(name, "budget_xls_corrupt", detail=str(exc)[:200] or error)
    detail = f"{error}: {exc}" if str(exc) else error
    return BudgetUnreadable(name, "budget_workbook_unreadable", detail=detail[:200])
