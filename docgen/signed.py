"""Checking a signed copy before it is filed against its register entry.

A signed copy comes back from the electronic-signature system (BSrE TTE) as a PDF, or from
the signing official's desk as a scan. It is that document when:

* it is a PDF (or a JPEG/PNG scan) of a sensible size;
* the text of a PDF carries the record's letter number (spaces and line breaks ignored,
  since a PDF's text layer splits a long number across lines);
* a PDF holds no active content PDF/A forbids (JavaScript, actions run on opening or by
  themselves, launch actions, embedded files, XFA forms: :func:`active_content`);
* every verification QR code found on it points at this record; a code pointing at another
  record refuses the file, whatever its text says (codes of other systems, such as the
  signature provider's, are ignored);
* a file with no text layer (a scan) or a record without a number is recognised by its QR
  code alone.

Anything else is refused with :class:`docgen.archive.SignedCopyRefused`, whose code names a
bilingual message in :data:`docgen.messages.TEXTS`.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docgen import images
from docgen.qr import public_id_of

if TYPE_CHECKING:
    from docgen.store.archive_models import ArchiveRecord

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 60
"""Pages whose text and images are read; a letter with its attachments is far shorter."""
MAX_IMAGES = 40
MAX_PIXELS = images.MAX_PIXELS
"""Largest image decoded in search of a QR code (the limit of every image decoded)."""
PIXEL_BUDGET = 80_000_000
"""Pixels decoded in all for one file: a few scanned pages at 300 dpi (8.7 megapixels
each), so that a file reusing one large image on every page cannot keep the server busy."""
MAX_FORM_DEPTH = 4
MAX_OBJECTS = 200_000
"""PDF objects looked at in search of active content; a letter has a few hundred."""

FORBIDDEN_ACTIONS = frozenset({
    "/JavaScript", "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
    "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/GoToE", "/RichMediaExecute"})
"""Actions PDF/A does not allow (ISO 19005-2, 6.6.1), and going to an embedded file."""
FORBIDDEN_ANNOTATIONS = frozenset({
    "/FileAttachment", "/Sound", "/Movie", "/Screen", "/3D", "/RichMedia"})

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass
class Found:
    """What was read off an accepted signed copy."""

    mime: str
    number_in_text: bool = False
    qr_urls: list[str] = field(default_factory=list)
    pages: int = 0

    @property
    def summary(self) -> str:
        parts = [self.mime]
        if self.pages:
            parts.append(f"{self.pages} halaman")
        if self.number_in_text:
            parts.append("nomor cocok")
        if self.qr_urls:
            parts.append("QR cocok")
        # What was matched is the document; its electronic signature is checked by the
        # signature provider's own verifier, not here.
        parts.append("tanda tangan elektronik tidak diperiksa")
        return ", ".join(parts)


def _refuse(code: str, **values: Any) -> Exception:
    from docgen.archive import SignedCopyRefused

    return SignedCopyRefused(code, **values)


def squeeze(text: str) -> str:
    """Text without any white space (incl. no-break spaces), for matching numbers."""
    return re.sub(r"\s+", "", text.replace("\u00a0", " ")).lower()


def pdf_text_and_images(data: bytes) -> tuple[str, list[Any], int]:
    """The text of a PDF's first pages and the images on them (as PIL images).

    Images are decoded only while the document stays within :data:`PIXEL_BUDGET` (counted
    on the sizes the images declare, before a stream is inflated, through form XObjects
    too); a page over the budget is read for its text only."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = list(reader.pages)[:MAX_PAGES]
        texts: list[str] = []
        images: list[Any] = []
        spent = 0
        for page in pages:
            texts.append(page.extract_text() or "")
            pixels = declared_pixels(page)
            if len(images) >= MAX_IMAGES or pixels is None or spent + pixels > PIXEL_BUDGET:
                continue
            spent += pixels
            try:
                for image in page.images:
                    images.append(image.image)
                    if len(images) >= MAX_IMAGES:
                        break
            except Exception as exc:  # noqa: BLE001 - a broken image must not stop the check
                log.info("image on a signed copy not read: %s", exc)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise _refuse("signed_unreadable", detail=str(exc)[:200] or type(exc).__name__) \
            from None
    return "\n".join(texts), images, len(pages)


def declared_pixels(page: Any) -> int | None:
    """The pixels of every image a page draws, directly or through form XObjects, by their
    declared sizes; None when one image alone is over :data:`MAX_PIXELS` or the page cannot
    be walked."""
    total = 0
    stack = [(page.get("/Resources"), 0)]
    try:
        while stack:
            resources, depth = stack.pop()
            resources = resources.get_object() if resources is not None else None
            if not resources or depth > MAX_FORM_DEPTH:
                continue
            xobjects = resources.get("/XObject")
            for ref in (xobjects.get_object().values() if xobjects else ()):
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image":
                    size = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))
                    if size > MAX_PIXELS:
                        return None
                    total += size
                elif obj.get("/Subtype") == "/Form":
                    stack.append((obj.get("/Resources"), depth + 1))
    except (AttributeError, TypeError, ValueError, KeyError, RecursionError):
        return None
    return total


def qr_texts(images: list[Any]) -> list[str]:
    """Every QR code's text found in `images` (PIL images)."""
    try:
        import zxingcpp
    except ImportError:  # pragma: no cover - zxing-cpp is a dependency
        log.warning("zxing-cpp is not installed: QR codes on signed copies are not read")
        return []
    found: list[str] = []
    for image in images:
        if image is None or image.width * image.height > MAX_PIXELS:
            continue
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        for result in zxingcpp.read_barcodes(image):
            if result.format == zxingcpp.BarcodeFormat.QRCode and result.text:
                found.append(result.text)
    return found


def _open_image(data: bytes) -> Any:
    try:
        return images.open_image(data, MAX_PIXELS)
    except images.ImageRefused as exc:
        raise _refuse("signed_unreadable", detail=exc.message("en")) from None


def active_content(data: bytes) -> list[str]:
    """What a PDF holds that PDF/A forbids and a viewer may run or open by itself:
    JavaScript (in the names tree or in any action), actions run on opening, additional
    actions (``/AA``) of the catalog, pages, annotations or fields, launch and other
    forbidden actions, embedded files and file attachments, XFA forms. Every object
    reachable from the catalog is looked at once (indirect references are followed once,
    so cycles end), at most :data:`MAX_OBJECTS`; an opening action that only goes to a
    page is allowed (LibreOffice writes one)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        return _walk_active(reader.trailer.get("/Root"))
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError,
            AttributeError, IndexError) as exc:
        raise _refuse("signed_unreadable", detail=str(exc)[:200] or type(exc).__name__) \
            from None


def _walk_active(root: Any) -> list[str]:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [root]
    looked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            looked += 1
            _active_in(obj, found)
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            looked += 1
            stack.extend(obj)
        if looked > MAX_OBJECTS:
            raise _refuse("signed_unreadable", detail=f"more than {MAX_OBJECTS} objects")
    return list(found)


def _active_in(obj: Any, found: dict[str, None]) -> None:
    """Note the active content one dictionary is or carries."""
    from pypdf.generic import DictionaryObject

    keys = set(obj.keys())
    if "/JS" in keys or "/JavaScript" in keys or (obj.get("/S") == "/JavaScript"
                                                  and obj.get("/Type") != "/StructElem"):
        found["JavaScript"] = None
    if "/AA" in keys:
        found["/AA"] = None
    if "/OpenAction" in keys:
        action = obj["/OpenAction"]
        if isinstance(action, DictionaryObject) and action.get("/S") not in (None, "/GoTo"):
            found["/OpenAction"] = None
    action_type = obj.get("/S")
    structure = obj.get("/Type") == "/StructElem" or ("/P" in keys and "/K" in keys)
    if action_type in FORBIDDEN_ACTIONS and action_type != "/JavaScript" and not structure:
        found[str(action_type)] = None
    if "/EmbeddedFiles" in keys or "/EF" in keys or obj.get("/Type") == "/EmbeddedFile":
        found["/EmbeddedFiles"] = None
    if obj.get("/Subtype") in FORBIDDEN_ANNOTATIONS and obj.get("/Type") != "/XObject":
        found[str(obj["/Subtype"])] = None
    if "/XFA" in keys:
        found["XFA"] = None


def check_signed_copy(data: bytes, record: ArchiveRecord) -> Found:
    """Check that `data` is a signed copy of `record`; raise SignedCopyRefused if not."""
    if not data:
        raise _refuse("signed_empty")
    if len(data) > MAX_BYTES:
        raise _refuse("signed_too_large", limit=MAX_BYTES // (1024 * 1024))
    if data.startswith(PDF_MAGIC) or data[:1024].lstrip().startswith(PDF_MAGIC):
        active = active_content(data)
        if active:
            raise _refuse("signed_active", found=", ".join(active))
        text, pictures, pages = pdf_text_and_images(data)
        found = Found(mime="application/pdf", pages=pages)
    elif data.startswith(JPEG_MAGIC) or data.startswith(PNG_MAGIC):
        text, pictures = "", [_open_image(data)]
        found = Found(mime="image/jpeg" if data.startswith(JPEG_MAGIC) else "image/png",
                      pages=1)
    else:
        raise _refuse("signed_type")

    for url in qr_texts(pictures):
        public_id = public_id_of(url)
        if public_id is None:
            continue  # another system's code, such as the signature provider's
        if public_id != record.public_id:
            raise _refuse("signed_qr_other", url=url)
        found.qr_urls.append(url)

    if record.number and squeeze(text):
        found.number_in_text = squeeze(record.number) in squeeze(text)
        if not found.number_in_text:
            raise _refuse("signed_number_missing", number=record.number)
        return found
    if found.qr_urls:
        return found
    raise _refuse("signed_no_identity")
