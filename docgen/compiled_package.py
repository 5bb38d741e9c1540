"""The package side of the compiled render path (:mod:`docgen.compiled`): zip records
written directly, and what the path hands back to docxtpl.

A DOCX is a zip. zipfile cannot write data compressed beforehand, and re-deflating a
template's unchanged members (Word's 350 KB styles part among them) on every document is
most of what a docxtpl render costs. :func:`member` makes one ready record (local header,
data, central-directory entry; CRC and sizes included) that :func:`write_zip` writes as it
is, behind the members of each document. Plain zip records only: a package that would need
ZIP64 is :class:`Unsupported`.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
DEFLATE_LEVEL = 1
"""zlib level for the parts deflated on each render: the fastest (a page's XML compresses
to about an eighth; level 6 makes it a fifth smaller again for three times the time)."""
MAX_MEMBER = 0x7FFFFFFF
"""Larger members or packages would need ZIP64 records: such a template is rendered by
docxtpl."""


class Unsupported(Exception):
    """Something the compiled path does not do exactly as docxtpl would; docxtpl renders."""


_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHI")
_END = struct.Struct("<IHHHHIIH")
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00, the same every time
STORED, DEFLATED = 0, 8


@dataclass(frozen=True)
class Member:
    """One zip member, ready: its local header and data, and its central record but for
    the offset."""

    name: str
    local: bytes
    central_head: bytes
    central_name: bytes


def member(name: str, data: bytes, *, method: int = DEFLATED, level: int = DEFLATE_LEVEL,
            crc: int | None = None) -> Member:
    raw = name.encode("utf-8")
    flags = 0x800 if not name.isascii() else 0
    if crc is None:
        crc = zlib.crc32(data)
    if method == DEFLATED:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        body = packer.compress(data) + packer.flush()
    else:
        body = data
    if len(data) > MAX_MEMBER or len(body) > MAX_MEMBER:
        raise Unsupported(f"{name} is too large for a plain zip record")
    local = _LOCAL.pack(0x04034B50, 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(body),
                        len(data), len(raw), 0) + raw + body
    central = _CENTRAL.pack(0x02014B50, (3 << 8) | 20, 20, flags, method, _DOS_TIME, _DOS_DATE,
                            crc, len(body), len(data), len(raw), 0, 0, 0, 0, 0o600 << 16)
    return Member(name, local, central, raw)


def write_zip(members: list[Member]) -> bytes:
    """The zip package of `members`, in order."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        out.append(m.local)
        central.append(m.central_head)
        central.append(struct.pack("<I", offset))
        central.append(m.central_name)
        offset += len(m.local)
    directory = b"".join(central)
    if offset + len(directory) > MAX_MEMBER or len(members) > 0xFFFF:
        raise Unsupported("the package is too large for plain zip records")
    out.append(directory)
    out.append(_END.pack(0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0))
    return b"".join(out)
