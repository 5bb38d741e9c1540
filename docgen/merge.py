"""One DOCX from many: a fanned-out kind (one SPD per traveller, one letter per invitee) as a
single file to print, each document in its own section starting on a new page with its own
page numbering (and, since the templates hide the number on a first page, no number on it).
"""

from __future__ import annotations

import io
from copy import deepcopy

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxcompose.composer import Composer


def _restart_numbering(sect_pr) -> None:  # noqa: ANN001
    """Make a section start on a new page with page number 1."""
    for old in sect_pr.findall(qn("w:pgNumType")) + sect_pr.findall(qn("w:type")):
        sect_pr.remove(old)
    kind = OxmlElement("w:type")
    kind.set(qn("w:val"), "nextPage")
    sect_pr.insert(0, kind)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    # pgNumType belongs after pgMar/cols in the schema order; before w:titlePg is fine.
    title_pg = sect_pr.find(qn("w:titlePg"))
    if title_pg is not None:
        title_pg.addprevious(numbering)
    else:
        sect_pr.append(numbering)


def merge(documents: list[bytes]) -> bytes:
    """Concatenate DOCX files rendered from the same template into one."""
    if not documents:
        raise ValueError("nothing to merge")
    master = Document(io.BytesIO(documents[0]))
    body = master.element.body
    body_sect = body.find(qn("w:sectPr"))
    _restart_numbering(body_sect)
    composer = Composer(master)
    for data in documents[1:]:
        # Close the section so far: a paragraph carrying a copy of the section properties.
        breaker = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(deepcopy(body_sect))
        breaker.append(ppr)
        body_sect.addprevious(breaker)
        composer.append(Document(io.BytesIO(data)))
    out = io.BytesIO()
    composer.save(out)
    return out.getvalue()
