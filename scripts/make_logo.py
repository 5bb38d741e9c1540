"""Draw the neutral example emblem shipped as docgen/data/logo-contoh.png.

An office replaces it with its own lambang daerah in the office profile. Pure Python (zlib
PNG writer) so building it needs nothing beyond the standard library.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

W, H = 240, 288
GOLD = (201, 162, 39)
GREEN = (22, 101, 52)
WHITE = (255, 255, 255)
CLEAR = (255, 255, 255, 0)


def inside_shield(x: float, y: float, inset: float) -> bool:
    """A heater shield: straight top, sides curving to a point at the bottom."""
    left, right, top, bottom = inset, W - inset, inset, H - inset
    if not (left <= x <= right and top <= y <= bottom):
        return False
    mid = (left + right) / 2
    shoulder = top + (bottom - top) * 0.45
    if y <= shoulder:
        return True
    t = (y - shoulder) / (bottom - shoulder)
    half = (right - left) / 2 * math.cos(t * math.pi / 2)
    return abs(x - mid) <= half


def inside_star(x: float, y: float, cx: float, cy: float, r: float) -> bool:
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rad = r if k % 2 == 0 else r * 0.4
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    hit = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def pixel(x: int, y: int) -> tuple[int, int, int, int]:
    px, py = x + 0.5, y + 0.5
    if not inside_shield(px, py, 4):
        return CLEAR
    if not inside_shield(px, py, 16):
        return (*GOLD, 255)
    if inside_star(px, py, W / 2, H * 0.36, 62):
        return (*WHITE, 255)
    if abs(py - H * 0.66) < 5 and inside_shield(px, py, 30):
        return (*GOLD, 255)
    return (*GREEN, 255)


def png(width: int, height: int) -> bytes:
    return png_from(pixel, width, height)


def png_from(pixel_at, width: int, height: int) -> bytes:  # noqa: ANN001
    """An RGBA PNG whose pixel (x, y) is ``pixel_at(x, y)``."""
    raw = b"".join(
        b"\x00" + b"".join(bytes(pixel_at(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else (
        Path(__file__).resolve().parent.parent / "docgen" / "data" / "logo-contoh.png")
    out.write_bytes(png(W, H))
    print(out, out.stat().st_size)
