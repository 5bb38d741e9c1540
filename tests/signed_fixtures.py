"""What comes back as a "signed copy" of an issued PDF/A, made from the real PDF/A: the same
pages saved again, printed to an image PDF, a page exported as PNG or JPEG (all unsigned),
and the signed ones: a signature drawn on the page, a scan of the signed paper, a PDF with
a digital signature field."""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIGNATURE = ("q 0.1 0.1 0.5 RG 1.5 w 1 J 1 j 330 250 m 345 280 l 360 245 l 375 285 l "
             "392 248 l 410 282 l 430 255 l 455 270 S 335 238 m 450 240 l S Q")
"""A handwritten signature about 4.4 cm wide in blue ink, as PDF drawing operators."""
PARAF = "q 0 0 0 RG 1 w 400 200 m 408 215 l 416 200 l 426 212 l S Q"
"""A small paraf (initials), about 1 cm: not a signature."""


def pages(pdf: bytes, dpi: int, page: int | None = None) -> list[Image.Image]:
    """The pages of `pdf` (or only page `page`, 0-based) rendered by poppler at `dpi`."""
    return [Image.open(io.BytesIO(png)).convert("RGB") for png in _pngs(pdf, dpi, page)]


@functools.lru_cache(maxsize=8)
def _pngs(pdf: bytes, dpi: int, page: int | None) -> tuple[bytes, ...]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        only = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), *only, str(src), f"{tmp}/p"],
                       check=True)
        found = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return tuple(p.read_bytes() for p in found)


def saved_again(pdf: bytes) -> bytes:
    """The same pages written out again by another program (other bytes, same drawing)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    writer.add_metadata({"/Producer": "another program"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_pdf(pdf: bytes, dpi: int = 150) -> bytes:
    """Every page printed to an image, the images bound into a PDF (as "print to PDF" or a
    perfectly clean scan of the unsigned paper would)."""
    images = pages(pdf, dpi)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def page_image(pdf: bytes, dpi: int, fmt: str, page: int = 0, *,
               draw_signature: bool = False) -> bytes:
    """One page exported as an image (``PNG`` or ``JPEG``), optionally signed on it."""
    image = pages(pdf, dpi, page)[0]
    if draw_signature:
        _sign(image, dpi)
    out = io.BytesIO()
    image.save(out, fmt, quality=80) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def _sign(image: Image.Image, dpi: int) -> None:
    """Draw a signature in blue ink where the signer signs (about 4 cm wide)."""
    scale = dpi / 72
    draw = ImageDraw.Draw(image)
    points = [(330, 592), (345, 562), (360, 597), (375, 557), (392, 594), (410, 560),
              (430, 587), (455, 572)]
    draw.line([(x * scale, y * scale) for x, y in points], fill=(25, 25, 128),
              width=max(1, round(1.5 * scale)))


def scan(pdf: bytes, *, signed: bool = True, page: int = 0) -> bytes:
    """A scan of the printed page: signed in ink, turned a little on the glass, greyer paper,
    slightly soft, saved as JPEG at 150 dpi."""
    image = pages(pdf, 150, page)[0]
    if signed:
        _sign(image, 150)
    grey = image.convert("L").rotate(0.4, fillcolor=245, resample=Image.Resampling.BICUBIC)
    grey = grey.point(lambda v: min(255, int(v * 0.93) + 8)).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    grey.save(out, "JPEG", quality=85)
    return out.getvalue()


def drawn_on(pdf: bytes, operators: str = SIGNATURE, page: int = 0) -> bytes:
    """The PDF with `operators` drawn over page `page` (a signature added in a PDF editor)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    target = writer.pages[page]
    sheet = PdfWriter().add_blank_page(float(target.mediabox.width),
                                       float(target.mediabox.height))
    stream = DecodedStreamObject()
    stream.set_data(operators.encode("ascii"))
    sheet[NameObject("/Contents")] = stream
    target.merge_page(sheet)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def digitally_signed(pdf: bytes) -> bytes:
    """The PDF with an invisible signature field holding a signature value (as a signing
    tool writes one; the value here is not a real signature, nobody checks it here)."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    value = DictionaryObject({
        NameObject("/Type"): NameObject("/Sig"),
        NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
        NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
        NameObject("/ByteRange"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/Contents"): ByteStringObject(b"\x00" * 64),
    })
    field = DictionaryObject({
        NameObject("/FT"): NameObject("/Sig"),
        NameObject("/T"): TextStringObject("TTE"),
        NameObject("/V"): writer._add_object(value),
    })
    form = DictionaryObject({NameObject("/Fields"): ArrayObject([writer._add_object(field)]),
                             NameObject("/SigFlags"): NumberObject(3)})
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(form)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def qr_scan(url: str, mark: int = 0) -> bytes:
    """A 'scan' that needs no PDF/A: a white A5 page at 150 dpi with the verification QR code
    printed on it (`mark` draws a few dots, so that two scans differ)."""
    from docgen import qr

    page = Image.new("L", (874, 1240), 255)
    page.paste(Image.open(io.BytesIO(qr.qr_png(url, scale=4))), (500, 900))
    draw = ImageDraw.Draw(page)
    for i in range(mark):
        draw.ellipse((60 + 12 * i, 60, 66 + 12 * i, 66), fill=0)
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=90)
    return out.getvalue()
