"""Images users give: the office logo, the photos of a study, a scanned signed copy.

An image is accepted only when Pillow decodes it whole: its header names PNG or JPEG, the
file passes :meth:`PIL.Image.Image.verify`, its declared size is within :data:`MAX_PIXELS`
(checked before any pixel is decoded, so a few kilobytes declaring a gigapixel cannot take
the server's memory), and it loads completely (a truncated JPEG, a PNG signature followed
by junk, a GIF or an SVG named ``.png`` are refused). :func:`check_image` is the one check
used for uploads (:func:`docgen.store.check_upload`), for images written into a study
through the API, and when a document is rendered; :func:`thumbnail` makes the small copy the
web shows.

A refusal is :class:`ImageRefused`, whose code names a bilingual message in
:data:`docgen.messages.TEXTS`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from docgen.messages import Problem, text

MAX_PIXELS = 40_000_000
"""Largest image decoded anywhere (an A4 page scanned at 600 dpi is 35 megapixels)."""
THUMBNAIL_PX = 320
"""Longest side of a thumbnail."""
THUMBNAIL_QUALITY = 82

PNG = "image/png"
JPEG = "image/jpeg"
FORMATS = {"PNG": PNG, "JPEG": JPEG}
"""The formats Pillow may read; a JPEG holding several pictures (phones and 3D cameras
write them) is reported as MPO and is a JPEG all the same."""
_MIME = {**FORMATS, "MPO": JPEG}

_CACHE_SIZE = 256
_checked: OrderedDict[tuple[str, int], ImageInfo | ImageRefused] = OrderedDict()
_lock = threading.Lock()


class ImageRefused(ValueError):
    """An image that cannot be used; `code` names its message, `params` fill it."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(text(code, "en", **params))

    def message(self, lang: str = "id") -> str:
        return text(self.code, lang, **self.params)  # type: ignore[arg-type]

    def problem(self, path: str) -> Problem:
        return Problem(path, self.code, params=dict(self.params))


@dataclass(frozen=True)
class ImageInfo:
    """What an accepted image is."""

    mime: str
    width: int
    height: int


def _too_many(pixels: int | None, limit: int) -> ImageRefused:
    return ImageRefused("image_too_many_pixels",
                        pixels=f"{pixels / 1e6:.1f}" if pixels else f"> {limit / 1e6:g}",
                        limit=f"{limit / 1e6:g}")


def _open(data: bytes, max_pixels: int) -> Any:
    """The image in `data`, verified and loaded; :class:`ImageRefused` otherwise.

    The declared size is checked against `max_pixels` (below Pillow's own bomb limit)
    before any pixel is decoded; Pillow's warning is not turned into an error, since
    warning filters are shared by the server's threads."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ImageRefused("image_unreadable")
    try:
        with Image.open(io.BytesIO(data), formats=tuple(FORMATS)) as probe:
            width, height = probe.size
            if width <= 0 or height <= 0:
                raise ImageRefused("image_unreadable")
            if width * height > max_pixels:
                raise _too_many(width * height, max_pixels)
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=tuple(FORMATS))
        if image.size != (width, height):
            raise ImageRefused("image_unreadable")
        image.load()
        if image.format not in _MIME:
            raise ImageRefused("image_type")
    except UnidentifiedImageError:
        # a PNG or JPEG signature on bytes that are not one is a damaged image
        damaged = data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))
        raise ImageRefused("image_unreadable" if damaged else "image_type") from None
    except ImageRefused:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow's own limit, met while reading the header: its message has the size
        declared = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_many(int(declared.group(1)) if declared else None,
                        max_pixels) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError,
            MemoryError, RecursionError, ZeroDivisionError):
        # Pillow reports broken files through any of these, depending on the plugin.
        raise ImageRefused("image_unreadable") from None
    return image


def open_image(data: bytes, max_pixels: int = MAX_PIXELS) -> Any:
    """The PNG or JPEG image in `data` as a loaded PIL image; :class:`ImageRefused` when it
    is not one, is damaged, or has more than `max_pixels` pixels."""
    return _open(data, max_pixels)


def check_image(data: bytes) -> ImageInfo:
    """What the PNG or JPEG image in `data` is, after decoding it whole; raises
    :class:`ImageRefused`. Answers are remembered by the SHA-256 of the bytes."""
    key = (hashlib.sha256(data).hexdigest(), MAX_PIXELS)
    with _lock:
        known = _checked.get(key)
        if known is not None:
            _checked.move_to_end(key)
    if known is None:
        try:
            image = _open(data, MAX_PIXELS)
            known = ImageInfo(_MIME[image.format], image.width, image.height)
            image.close()
        except ImageRefused as exc:
            known = exc
        with _lock:
            _checked[key] = known
            while len(_checked) > _CACHE_SIZE:
                _checked.popitem(last=False)
    if isinstance(known, ImageRefused):
        raise ImageRefused(known.code, **known.params)
    return known


def thumbnail(data: bytes, bound: int = THUMBNAIL_PX) -> tuple[bytes, str]:
    """A copy of the image in `data` whose longest side is at most `bound` pixels, and its
    content type: the bytes themselves when the image is already that small, else a JPEG
    (a PNG when the image has transparency). Raises :class:`ImageRefused`."""
    from PIL import Image, ImageOps

    image = _open(data, MAX_PIXELS)
    mime = _MIME[image.format]
    if max(image.size) <= bound:
        return data, mime
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, SyntaxError):
        image = ImageOps.exif_transpose(image)  # a broken orientation tag: as stored
    out = io.BytesIO()
    try:
        image.thumbnail((bound, bound), Image.Resampling.LANCZOS)
        transparent = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info)
        if transparent:
            image.save(out, format="PNG", optimize=True)
            return out.getvalue(), PNG
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    except (OSError, ValueError, TypeError, KeyError):  # a mode Pillow cannot scale or save
        raise ImageRefused("image_unreadable") from None
    return out.getvalue(), JPEG
