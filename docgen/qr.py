"""The verification QR code printed on an issued document.

The code holds the public address of the document's register entry,
``<base URL>/v/<public id>``; the public id is random, so the addresses of other documents
cannot be guessed from one. Error correction level M survives a crease or a stamp over a
corner; the blank space around it on the page completes the quiet zone.
"""

from __future__ import annotations

import io
import os
import re
from urllib.parse import urlsplit

import segno

DEFAULT_BASE = "http://localhost:5000"
PUBLIC_ID = re.compile(r"^[0-9a-f]{32}$")


def public_base(base: str | None = None) -> str:
    """The base URL of the verification pages: `base`, else ``DOCGEN_PUBLIC_URL``, else the
    local default. Only http(s) addresses are accepted."""
    value = (base or os.environ.get("DOCGEN_PUBLIC_URL") or DEFAULT_BASE).strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the public base URL must start with http:// or https://: {value!r}")
    return value.rstrip("/")


def verify_url(public_id: str, base: str | None = None) -> str:
    """``https://arsip.example.go.id/v/<public id>``."""
    return f"{public_base(base)}/v/{public_id}"


def public_id_of(url: str) -> str | None:
    """The public id a verification address points at, or None when it is not one."""
    path = urlsplit(url.strip()).path.rstrip("/")
    head, _, tail = path.rpartition("/")
    if head.endswith("/v") or head == "/v":
        return tail if PUBLIC_ID.match(tail) else None
    return None


def qr_png(url: str, *, scale: int = 8) -> bytes:
    """A PNG of the QR code for `url` (black on white, quiet zone included)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
