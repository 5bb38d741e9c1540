"""The last look at a DOCX before LibreOffice opens it: nothing in it may reach outside.

Templates are checked when they are installed (:mod:`docgen.template_package`), and a
filled document adds only escaped text and its own pictures, so a document that reaches
this point should hold nothing that makes LibreOffice fetch a file or an address. This
guard makes sure of it anyway, cheaply (a few milliseconds against a conversion's hundreds),
for every document converted to PDF, whatever template made it: an external relationship
other than a hyperlink or Word's note of the template it was made from (a linked picture, frame, object, sub-document or template), a field
that includes or links another file (INCLUDEPICTURE, INCLUDETEXT, INCLUDE, IMPORT, LINK,
DDE, DDEAUTO, DATABASE), an ``altChunk``, an OLE object or ActiveX control, or a VML picture
that names an address. :func:`outside_references` lists what it finds; the PDF converter
refuses such a document (:func:`docgen.pdf.docx_to_pdf`). LibreOffice's warm workers also
load every document with links never updated and macros never run.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_PART = 64 * 1024 * 1024
_EXTERNAL = re.compile(rb"<Relationship\b[^>]*>")
_TYPE = re.compile(rb'Type="[^"]*/([A-Za-z]+)"')
_TARGET = re.compile(rb'Target="([^"]*)"')
_INSTR = re.compile(rb"<w:instrText\b[^>]*>([^<]*)</w:instrText>|w:instr=\"([^\"]*)\"")
_FETCHING = re.compile(rb"\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|IMPORT|LINK|DDEAUTO|DDE|"
                       rb"DATABASE)\b", re.IGNORECASE)
_ELEMENTS = re.compile(rb"<(w:altChunk|w:object|o:OLEObject|w:control|w:subDoc)\b")
_VML_LINK = re.compile(rb"<v:imagedata\b[^>]*\b(?:o:href|src)=\"(?:[a-z]+://|\\\\)[^\"]*\"")


def outside_references(data: bytes) -> list[str]:
    """What in the DOCX `data` would make LibreOffice reach outside the file (empty when
    nothing would). A file that is not a readable zip gives nothing here: the converter
    reports it as it always did."""
    found: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                name = info.filename
                if info.file_size > MAX_PART or not name.endswith((".xml", ".rels")):
                    continue
                blob = zf.read(info)
                if name.endswith(".rels"):
                    found += _relationships(name, blob)
                elif name.startswith("word/"):
                    found += _markup(name, blob)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error):
        return []
    return found


def _relationships(name: str, blob: bytes) -> list[str]:
    out = []
    for rel in _EXTERNAL.findall(blob):
        if b'TargetMode="External"' not in rel:
            continue
        kind = _TYPE.search(rel)
        if kind and kind.group(1) in (b"hyperlink", b"attachedTemplate"):
            continue  # a link followed only when clicked; Word's note of its template
        target = _TARGET.search(rel)
        out.append(f"{name}: {(kind.group(1) if kind else b'?').decode()} -> "
                   f"{(target.group(1) if target else b'').decode(errors='replace')[:100]}")
    return out


def _markup(name: str, blob: bytes) -> list[str]:
    out = []
    pieces = [a or b for a, b in _INSTR.findall(blob)]
    # joined as written (a word Word cut in two) and apart (one field after another)
    word = _FETCHING.search(b"".join(pieces)) or _FETCHING.search(b" ".join(pieces))
    if word:
        out.append(f"{name}: field {word.group(1).decode().upper()}")
    element = _ELEMENTS.search(blob)
    if element:
        out.append(f"{name}: {element.group(1).decode()}")
    if _VML_LINK.search(blob):
        out.append(f"{name}: linked VML picture")
    return out
