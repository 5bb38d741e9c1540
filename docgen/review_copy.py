"""The review copy: the draft with a small table of paraf at its end (when the office
prints them). :mod:`docgen.review` offers these names too."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from docgen.review_state import progress
from docgen.store.review_models import Review


def with_paraf_boxes(docx: bytes, rows: list[tuple[str, str]]) -> bytes:
    """The draft `docx` with a small table of paraf at its end: one row per reviewer
    (their title, the paraf given in the system if any, an empty box to initial by hand).
    Only ever for a review copy: an issued document is rendered afresh without it."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document(io.BytesIO(docx))
    heading = document.add_paragraph()
    run = heading.add_run("Paraf pemeriksa (salinan untuk diperiksa, tidak dicetak pada "
                          "naskah yang diterbitkan)")
    run.font.size = Pt(8)
    run.italic = True
    heading.paragraph_format.space_before = Pt(12)
    table = document.add_table(rows=1, cols=4)
    _grid(table)
    for cell, title in zip(table.rows[0].cells, ("No.", "Jabatan", "Paraf di sistem",
                                                 "Paraf"), strict=True):
        cell.text = title
    for number, (title, given) in enumerate(rows, 1):
        row = table.add_row()
        row.height = Cm(0.9)  # room to initial by hand
        cells = row.cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = \
            str(number), title, given, ""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for piece in paragraph.runs:
                    piece.font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _grid(table: Any) -> None:
    """Thin borders round every cell (the templates have no "Table Grid" style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def paraf_rows(session: Session, review: Review, content_sha256: str,
               moment: Callable[[Any], str]) -> list[tuple[str, str]]:
    """The rows of the paraf boxes of `review`: each reviewer before the signer, with the
    paraf given on the draft as it reads now (name and `moment`)."""
    now = progress(review, content_sha256)
    given = {p.step.index: p for p in now.paraf if not p.changed}
    rows = []
    for step in now.steps[:-1]:
        paraf = given.get(step.index)
        text_given = (f"{paraf.event.actor_name.split(' <')[0]}, {moment(paraf.event.at)}"
                      if paraf is not None else "")
        rows.append((step.title(session, "id"), text_given))
    return rows
