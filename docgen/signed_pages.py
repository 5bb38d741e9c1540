"""Is a signed copy really signed? Its pages compared with the issued PDF/A.

A signed copy is the issued paper after the official signed (and stamped) it: a scan, or the
PDF back from the electronic-signature system. An upload whose pages are the issued PDF/A's
with nothing added is the unsigned document filed by mistake (it once was: the system's own
PDF, byte for byte). :func:`compare` tells, in this order:

1. **Digital signature.** A PDF carrying a signature field with a value (``/FT /Sig`` and
   ``/V``, what BSrE's TTE and other signing tools write, visible or not) is signed; its
   pages are not compared. The signature itself is checked by the provider's verifier.
2. **Same drawing.** Same page count and, page by page, the same decoded content stream, the
   same kinds of annotations and the same text: the same pages (a copy saved again by another
   program). Needs no tool.
3. **Same picture.** Otherwise, when poppler's ``pdftoppm`` is here, every page of both is
   rasterised in grey at :data:`RENDER_DPI` and reduced with the same box filter to
   :data:`COMPARE_DPI` (an A4 page is 248 × 351 pixels), each blurred by one pixel so that a
   glyph drawn half a pixel aside weighs nothing; a pixel has *changed* when its grey differs
   by more than :data:`GREY_STEP` of 255, and a page has *something added* when at least
   :data:`ADDED_PIXELS` pixels changed. Measured on a two-page letter: the issued PDF saved
   again 0 changed pixels; printed to an image PDF at 150 dpi, 14 and 3; its page exported as
   PNG at 70 dpi 4, as JPEG at 150 dpi 0; a 4.4 cm handwritten signature drawn on it 321; a
   scan (turned 0.4°, blurred, greyer paper) over 1,000. A scan, a stamp or a signature passes;
   a pixel-exact copy, a re-save, an export as image or an image PDF does not. A small paraf
   alone (about 20 pixels) is not a signature and does not pass either.
   An image (JPEG or PNG) is one page: each page of the PDF/A is rendered at the image's size
   and both reduced the same way; the image equal to any page is that page unsigned.

Pages of different count or shape differ. Without poppler, what step 2 cannot tell is
accepted and said in the result (:attr:`Comparison.method` ``"not_compared"``).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)

RENDER_DPI = 120
COMPARE_DPI = 30
GREY_STEP = 32
ADDED_PIXELS = 40
MAX_PAGES = 60
"""Pages compared; a signed copy with more pages than this is taken as different."""
MAX_IMAGE_SIDE = 2400
"""An image is compared at most this many pixels wide or high (the PDF/A rendered to it)."""
ASPECT_TOLERANCE = 0.03
TIMEOUT_SECONDS = 60

Method = Literal["digital_signature", "content", "pixels", "not_compared", "pages"]


@dataclass
class Comparison:
    """What comparing a signed copy with the issued PDF/A found."""

    same: bool
    """The pages are the issued document's with nothing added."""
    method: Method
    """How it was told (``pages``: the page counts or shapes differ)."""
    changed: list[int] = field(default_factory=list)
    """Per page compared, how many pixels changed (``pixels`` only)."""
    page: int | None = None
    """For an image equal to a page of the PDF/A: that page (1-based)."""
    pages: int = 0
    """How many pages the PDF/A has."""
    image: bool = False
    """The signed copy is an image (one page)."""

    @property
    def summary(self) -> str:
        """A few words for the event log, in Indonesian like the rest of it."""
        if self.method == "digital_signature":
            return "bertanda tangan digital (tidak diperiksa di sini)"
        if self.method == "not_compared":
            return "halaman tidak dibandingkan (pdftoppm tidak ada)"
        if self.same:
            return "halaman sama dengan PDF/A terbit"
        if self.method == "pixels" and self.image:
            return "gambar berbeda dari setiap halaman PDF/A terbit (piksel berubah: " + \
                ", ".join(str(n) for n in self.changed) + ")"
        if self.method == "pixels":
            return "berbeda dari PDF/A terbit: " + ", ".join(
                f"hlm {i} {n} piksel" for i, n in enumerate(self.changed, 1))
        return "berbeda dari PDF/A terbit (" + ("isi halaman" if self.method == "content"
                                               else "jumlah atau ukuran halaman") + ")"


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def _reader(data: bytes) -> Any:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    return reader


def has_digital_signature(data: bytes) -> bool:
    """Whether a PDF holds a signature field with a value (a digital signature)."""
    try:
        reader = _reader(data)
        form = reader.trailer["/Root"].get("/AcroForm")
        fields = list(form.get_object().get("/Fields", [])) if form else []
        seen = 0
        while fields and seen < 1000:
            seen += 1
            node = fields.pop().get_object()
            if node.get("/FT") == "/Sig" and node.get("/V") is not None:
                value = node["/V"].get_object()
                if value.get("/Contents") is not None:
                    return True
            fields.extend(node.get("/Kids", []))
    except Exception as exc:  # noqa: BLE001 - an odd form is no signature, nothing more
        log.info("signature fields not read: %s", exc)
    return False


def _page_shapes(reader: Any) -> list[tuple[float, float]]:
    shapes = []
    for page in reader.pages[:MAX_PAGES]:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        if int(page.get("/Rotate", 0) or 0) % 180:
            width, height = height, width
        shapes.append((width, height))
    return shapes


def _same_shape(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return (abs(a[0] / a[1] - b[0] / b[1]) <= ASPECT_TOLERANCE * (a[0] / a[1])
            and abs(a[0] - b[0]) <= 0.05 * a[0])


def _drawing(page: Any) -> tuple[bytes, tuple[str, ...], str]:
    """A page's decoded content stream, its annotations' kinds, and its text."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    annots = tuple(sorted(str(a.get_object().get("/Subtype"))
                          for a in (page.get("/Annots") or [])))
    return data, annots, page.extract_text() or ""


def same_drawing(reference: Any, upload: Any) -> bool:
    """Step 2: every page draws the same (content, annotations, text)."""
    try:
        return all(_drawing(a) == _drawing(b) for a, b in zip(reference.pages, upload.pages,
                                                             strict=True))
    except Exception as exc:  # noqa: BLE001 - what cannot be read is compared as pictures
        log.info("page contents not compared: %s", exc)
        return False


def _render(pdf: bytes, *, dpi: int | None = None, size: tuple[int, int] | None = None,
            last: int = MAX_PAGES) -> list[Any]:
    """The pages of `pdf` as grey PIL images: at `dpi`, or scaled to `size`."""
    from PIL import Image

    exe = pdftoppm()
    if exe is None:
        raise FileNotFoundError("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="docgen-signed-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        args = [exe, "-gray", "-l", str(last)]
        args += (["-scale-to-x", str(size[0]), "-scale-to-y", str(size[1])] if size
                 else ["-r", str(dpi or RENDER_DPI)])
        subprocess.run([*args, str(src), os.path.join(tmp, "p")], check=True,
                       capture_output=True, timeout=TIMEOUT_SECONDS)
        pages = sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        out = []
        for path in pages:
            with Image.open(path) as image:
                out.append(image.convert("L"))
        return out


def _small(image: Any, size: tuple[int, int]) -> Any:
    from PIL import Image, ImageFilter

    return image.resize(size, Image.Resampling.BOX).filter(ImageFilter.BoxBlur(1))


def changed_pixels(reference: Any, upload: Any, size: tuple[int, int]) -> int:
    """How many pixels differ by more than :data:`GREY_STEP` once both are reduced to
    `size` and blurred."""
    from PIL import ImageChops

    histogram = ImageChops.difference(_small(reference, size), _small(upload, size)).histogram()
    return sum(histogram[GREY_STEP + 1:])


def _compare_size(width: int, height: int, dpi: float) -> tuple[int, int]:
    scale = COMPARE_DPI / dpi
    return max(1, round(width * scale)), max(1, round(height * scale))


def compare(reference: bytes, upload: bytes, mime: str) -> Comparison:
    """Compare a signed copy (`upload`, of type `mime`) with the issued PDF/A `reference`."""
    if mime == "application/pdf":
        return _compare_pdf(reference, upload)
    return _compare_image(reference, upload)


def _compare_pdf(reference: bytes, upload: bytes) -> Comparison:
    if has_digital_signature(upload):
        return Comparison(False, "digital_signature")
    ref_reader, up_reader = _reader(reference), _reader(upload)
    count = len(ref_reader.pages)
    ref_shapes, up_shapes = _page_shapes(ref_reader), _page_shapes(up_reader)
    if (count != len(up_reader.pages) or count > MAX_PAGES
            or not all(_same_shape(a, b) for a, b in zip(ref_shapes, up_shapes, strict=True))):
        return Comparison(False, "pages", pages=count)
    if same_drawing(ref_reader, up_reader):
        return Comparison(True, "content", pages=count)
    if pdftoppm() is None:
        return Comparison(False, "not_compared", pages=count)
    ref_pages, up_pages = _render(reference), _render(upload)
    if len(ref_pages) != len(up_pages):
        return Comparison(False, "pages", pages=count)
    changed = [changed_pixels(a, b, _compare_size(a.width, a.height, RENDER_DPI))
               for a, b in zip(ref_pages, up_pages, strict=True)]
    return Comparison(all(n < ADDED_PIXELS for n in changed), "pixels", changed, pages=count)


def _compare_image(reference: bytes, upload: bytes) -> Comparison:
    from docgen import images

    if pdftoppm() is None:
        return Comparison(False, "not_compared", image=True)
    picture = images.open_image(upload, images.MAX_PIXELS).convert("L")
    scale = min(1.0, MAX_IMAGE_SIDE / max(picture.width, picture.height))
    width, height = round(picture.width * scale), round(picture.height * scale)
    shapes = _page_shapes(_reader(reference))
    aspect = width / height
    candidates = [i for i, (w, h) in enumerate(shapes)
                  if abs(w / h - aspect) <= ASPECT_TOLERANCE * (w / h)]
    if not candidates:
        return Comparison(False, "pages", pages=len(shapes), image=True)
    pages = _render(reference, size=(width, height), last=max(candidates) + 1)
    changed = []
    for index in candidates:
        page = pages[index]
        points = shapes[index][0]
        size = _compare_size(page.width, page.height, page.width / (points / 72))
        changed.append(count := changed_pixels(page, picture, size))
        if count < ADDED_PIXELS:
            return Comparison(True, "pixels", changed, page=index + 1, pages=len(shapes),
                              image=True)
    return Comparison(False, "pixels", changed, pages=len(shapes), image=True)
