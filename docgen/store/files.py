"""Uploaded files: accepted by what their bytes are (never by their name), kept under a name
made from their SHA-256, so no user input ever becomes a path.

A study or office profile refers to an uploaded image by its storage key
(``office.logo = "ab/ab12..."``); rendering with ``base_dir=store.files.root`` finds it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.images import ImageRefused, check_image
from docgen.messages import Problem
from docgen.render import MAX_LOGO_BYTES, MAX_PHOTO_BYTES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from docgen.store.models import Office, StudyRecord, UploadedFile, User

PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PDF = "application/pdf"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")

ACCEPTED: dict[str, tuple[str, ...]] = {
    "logo": (PNG, JPEG),
    "photo": (PNG, JPEG),
    "budget": (XLSX, XLS, ODS),
    "caps": (XLSX, XLS, ODS),
    "evidence": (PDF, JPEG, PNG, XLSX),
}
LIMITS: dict[str, int] = {
    "logo": MAX_LOGO_BYTES,
    "photo": MAX_PHOTO_BYTES,
    "budget": 10 * 1024 * 1024,
    "caps": 10 * 1024 * 1024,
    "evidence": 10 * 1024 * 1024,
}
_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}")


def sniff(data: bytes) -> str | None:
    """The content type the bytes show: PNG, JPEG, XLSX, XLS (an OLE2 file with a Workbook
    stream), ODS, DOCX or PDF (``%PDF-`` with an ``%%EOF`` near its end); None for anything
    else."""
    if data.startswith(b"%PDF-"):
        return PDF if b"%%EOF" in data[-1024:] else None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(_OLE):
        has = data.__contains__
        if (has("Workbook".encode("utf-16-le")) or has("Book".encode("utf-16-le"))) and not (
                has("EncryptedPackage".encode("utf-16-le"))):
            return XLS
        return None
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and "content.xml" in names:
                    return ODS if zf.read("mimetype").strip() == ODS.encode() else None
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError,
                NotImplementedError, zlib.error):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "xl/workbook.xml" in names:
            return XLSX
        if "word/document.xml" in names:
            return DOCX
    return None


class UploadRejected(ValueError):
    """The upload is refused; carries the problem to show beside the field."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message("en"))


def check_upload(purpose: str, data: bytes, field: str = "file") -> str:
    """The content type of an acceptable upload for `purpose`; :class:`UploadRejected`
    when it is empty, too large or not of an accepted type. An image is decoded whole
    (:func:`docgen.images.check_image`) before it is accepted."""
    if not data:
        raise UploadRejected(Problem(field, "upload_empty"))
    limit = LIMITS[purpose]
    if len(data) > limit:
        raise UploadRejected(Problem(field, "upload_too_large",
                                     params={"limit": f"{limit / 2**20:g} MB"}))
    content_type = sniff(data)
    if content_type not in ACCEPTED[purpose]:
        names = {PNG: "PNG", JPEG: "JPEG", XLSX: "XLSX", XLS: "XLS", ODS: "ODS", PDF: "PDF"}
        raise UploadRejected(Problem(field, "upload_type", params={
            "expected": ", ".join(names[t] for t in ACCEPTED[purpose])}))
    if content_type in (PNG, JPEG):
        try:
            content_type = check_image(data).mime
        except ImageRefused as exc:
            raise UploadRejected(exc.problem(field)) from None
    return content_type


def clean_name(name: str) -> str:
    """A file name fit to show and to offer for download: its last part, printable, short."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:255] or "berkas"


def storage_key(data: bytes) -> str:
    """The key `data` is kept under (``ab/ab12...``, from its SHA-256)."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest}"


def is_storage_key(text: str) -> bool:
    """True when `text` has the form of a storage key (it names no other path)."""
    return bool(_KEY.fullmatch(text or ""))


class FileStore:
    """Files kept under ``root/ab/abcdef...`` (the SHA-256 of the content)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key

    def put(self, data: bytes) -> tuple[str, str]:
        """Keep `data`; returns (storage key, sha256). The same bytes are kept once."""
        key = storage_key(data)
        digest = key.rsplit("/", 1)[1]
        target = self.path(key)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return key, digest

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()


def save_upload(session: Session, files: FileStore, *, office: Office, purpose: str,
                original_name: str, data: bytes, study: StudyRecord | None = None,
                user: User | None = None, field: str = "file") -> UploadedFile:
    """Check an upload, keep its bytes and record it (the caller commits)."""
    from docgen.store.models import UploadedFile

    content_type = check_upload(purpose, data, field)
    key, digest = files.put(data)
    record = UploadedFile(office=office, study=study, purpose=purpose,
                          original_name=clean_name(original_name), content_type=content_type,
                          size=len(data), sha256=digest, storage_key=key, uploaded_by=user)
    session.add(record)
    return record
