"""What a reader sees in a DOCX, gathered to compare two renders of the same document.

:func:`facts` reads a package with python-docx (as Word-like readers do) and returns its text
and structure part by part: paragraphs with their text, tabs and breaks; tables with their
grid, rows and cells (spans and vertical merges); pictures as the SHA-256 of the media they
show and their size; every header, footer and the footnotes; each section's page size and
orientation; the core properties. Two renders are equivalent when their facts are equal.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CORE = ("author", "category", "comments", "content_status", "created", "identifier",
        "keywords", "language", "last_modified_by", "last_printed", "modified", "revision",
        "subject", "title", "version")


def _story(element: Any, part: Any) -> list[tuple]:
    """The paragraphs, tables and pictures of one story (body, header, footer, notes)."""
    out: list[tuple] = []
    for node in element.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == W + "p":
            text = []
            for inner in node.iter():
                name = inner.tag if isinstance(inner.tag, str) else ""
                if name == W + "t":
                    text.append(inner.text or "")
                elif name == W + "tab" and inner.getparent().tag == W + "r":
                    text.append("\t")
                elif name in (W + "br", W + "cr"):
                    text.append(f"<br {inner.get(W + 'type', '')}>")
            out.append(("p", "".join(text)))
        elif tag == W + "tbl":
            grid = node.find(W + "tblGrid")
            cols = [c.get(W + "w") for c in grid.findall(W + "gridCol")] if grid is not None else []
            out.append(("tbl", tuple(cols)))
        elif tag == W + "tr":
            out.append(("tr",))
        elif tag == W + "tc":
            props = node.find(W + "tcPr")
            span = merge = None
            if props is not None:
                g, v = props.find(W + "gridSpan"), props.find(W + "vMerge")
                span = g.get(W + "val") if g is not None else None
                merge = (v.get(W + "val") or "continue") if v is not None else None
            out.append(("tc", span, merge))
        elif tag == A_BLIP:
            target = part.rels[node.get(R_EMBED)].target_part
            out.append(("img", hashlib.sha256(target.blob).hexdigest()))
        elif tag == WP + "extent":
            out.append(("extent", node.get("cx"), node.get("cy")))
        elif tag == W + "sectPr":
            size = node.find(W + "pgSz")
            out.append(("sect", None if size is None else tuple(sorted(size.attrib.items()))))
    return out


def facts(data: bytes) -> dict[str, Any]:
    """Everything a reader sees in `data` (see the module's doc)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
    doc = Document(io.BytesIO(data))
    main = doc.part
    found: dict[str, Any] = {"body": _story(doc.element.body, main)}
    for rel in main.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            part = rel.target_part
            found[f"{rel.reltype.rsplit('/', 1)[-1]} {rel.rId}"] = _story(part.element, part)
    for part in main.package.iter_parts():
        if part.content_type == FOOTNOTES:
            found["footnotes"] = _story(etree.fromstring(part.blob), part)
    found["sections"] = [(s.page_width, s.page_height, s.orientation, s.start_type)
                         for s in doc.sections]
    props = doc.core_properties
    found["core"] = {name: getattr(props, name) for name in CORE}
    found["media"] = sorted(hashlib.sha256(p.blob).hexdigest()
                            for p in main.package.iter_parts()
                            if p.content_type.startswith("image/"))
    return found
