"""A Word template to start an office's own kind from (:mod:`docgen.custom_kinds`): the kop,
the kind's title and number, an opening that fits its fan-out (the traveller's particulars on
a paper made per traveller, the host on a letter made per host ...), a paragraph to rewrite,
the place and date, and the signature blocks of the signer (and countersigner) chosen.

The office downloads it, writes its own text in Word and uploads it; every tag in it is one of
the vocabulary (``docs/template-variables.md``), so it passes the check as it is.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from docgen.catalog import Kind

BODY = ("[Tulis isi naskah di sini. Tag dari halaman Kosakata templat dapat disalin ke mana "
        "saja di dalam naskah.]")


def _para(container, text: str = "", *, bold: bool = False, size: float | None = None,  # noqa: ANN001
          align: WD_ALIGN_PARAGRAPH | None = None, underline: bool = False,
          after: float = 0):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.underline = underline
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _rule(paragraph) -> None:  # noqa: ANN001
    """The kop's double rule under `paragraph`."""
    props = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "thickThinSmallGap"), ("sz", "18"), ("space", "1"),
                       ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    props.append(borders)


def _no_borders(table) -> None:  # noqa: ANN001
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    props.append(borders)


def _widths(table, widths: list[float]) -> None:  # noqa: ANN001
    """Column widths in cm, on the grid and on every cell (Word reads one, LibreOffice the
    other)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _fields(document, rows: list[tuple[str, str]]) -> None:  # noqa: ANN001
    table = document.add_table(rows=len(rows), cols=3)
    _no_borders(table)
    _widths(table, [4.5, 0.5, 11.0])
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(":")
        row.cells[2].paragraphs[0].add_run(value)


def _signature(cell, var: str, caption: str) -> None:  # noqa: ANN001
    first = cell.paragraphs[0]
    first.add_run(caption)
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (f"{{%p if {var}.on_behalf %}}", f"{{{{ {var}.on_behalf }}}},", "{%p endif %}",
                 f"{{{{ {var}.jabatan_caps }}}},", "", "", "", f"{{{{ {var}.name }}}}",
                 f"{{%p if {var}.pangkat %}}", f"{{{{ {var}.pangkat }}}}", "{%p endif %}",
                 f"{{%p if {var}.nip %}}", f"{{{{ {var}.nip }}}}", "{%p endif %}"):
        paragraph = _para(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER,
                          bold=text == f"{{{{ {var}.name }}}}")
        if text == f"{{{{ {var}.name }}}}":
            paragraph.runs[0].underline = True


def starter_template(kind: Kind) -> bytes:
    """A DOCX template for `kind`, ready to edit in Word."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    style.paragraph_format.space_after = Pt(0)

    kop = document.add_table(rows=1, cols=2)
    _no_borders(kop)
    kop.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(kop, [2.6, 13.4])
    logo, text = kop.rows[0].cells
    logo.paragraphs[0].add_run("{{ logo }}")
    center = WD_ALIGN_PARAGRAPH.CENTER
    text.paragraphs[0].add_run("{{ study.office.pemda|upper }}")
    text.paragraphs[0].alignment = center
    _para(text, "{{ study.office.name|upper }}", bold=True, size=15, align=center)
    _para(text, "{{ study.office.address_line }}", size=9, align=center)
    _rule(_para(document, after=12))

    _para(document, kind.title_id.upper(), bold=True, underline=True, align=center)
    if kind.numbered:
        _para(document, "Nomor: {{ doc.number }}", align=center)
    _para(document, after=12)

    if kind.fan_out == "traveller":
        _para(document, "Yang bertanda tangan di bawah ini:", after=6)
        _fields(document, [("Nama", "{{ traveller.full_name }}"),
                           ("NIP", "{{ traveller.nip_formatted }}"),
                           ("Pangkat/Golongan", "{{ traveller.pangkat_golongan }}"),
                           ("Jabatan", "{{ traveller.jabatan }}")])
        _para(document, after=6)
    elif kind.fan_out == "destination":
        _para(document, "Kepada Yth.")
        _para(document, "{{ recipient.addressee }}")
        _para(document, "di {{ recipient.city }}", after=12)
    elif kind.fan_out == "invitee":
        _para(document, "{%p if invitee %}")
        _para(document, "Kepada Yth. {{ invitee }}", after=12)
        _para(document, "{%p endif %}")
    opening = _para(document, "Dalam rangka {{ activity }} ke {{ destinations }} pada "
                              "{{ study.plan.start_date|rentang_tanggal(study.plan.end_date) }}"
                              ", ", after=6)
    opening.add_run(BODY)
    opening.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(document, "Demikian untuk dipergunakan sebagaimana mestinya.", after=18)

    if kind.signer or kind.countersigner:
        table = document.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, [8.0, 8.0])
        left, right = table.rows[0].cells
        if kind.countersigner:
            _signature(left, "countersigner", "Mengetahui,")
        if kind.signer:
            _signature(right, "signer", "{{ doc.place_date }}")
        _para(document, "{%p if qr %}")
        _para(document, "{{ qr }}")
        _para(document, "{%p endif %}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
