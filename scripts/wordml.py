"""A small writer of WordprocessingML, for building lean default templates.

Only what the official templates use: paragraphs, runs, tab stops, borders, tables, a header
with the page number, and the package parts Word needs. Measures are in twentieths of a
point (twips; 1 cm = 567) and font sizes in points.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

CM = 567
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


def tw(cm: float) -> int:
    return round(cm * CM)


def run(text: str, *, b: bool = False, i: bool = False, u: bool = False,
        size: float | None = None, caps: bool = False, color: str | None = None) -> str:
    props = ""
    if b:
        props += "<w:b/><w:bCs/>"
    if i:
        props += "<w:i/><w:iCs/>"
    if caps:
        props += "<w:caps/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    if u:
        props += '<w:u w:val="single"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = text.split("\t")
    body = '<w:tab/>'.join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in pieces)
    return f"<w:r>{rpr}{body}</w:r>"


def page_break() -> str:
    """Start a new page (a tiny empty paragraph that begins the next page, so a page that
    ends exactly full never leaves a blank page behind)."""
    return ('<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0"/>'
            '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def para(*runs: str, align: str | None = None, left: float = 0, hanging: float = 0,
         first: float = 0, right: float = 0, before: float = 0, after: float = 0,
         line: float | None = None, tabs: tuple[tuple[str, float], ...] = (),
         keep_next: bool = False, keep_lines: bool = False, rule: str | None = None,
         page_before: bool = False, size: float | None = None, bold: bool = False,
         style: str | None = None) -> str:
    """A paragraph. `before`/`after` in points; `line` a multiple (1.0, 1.15, 1.5); `style`
    a paragraph style of the package (``Heading1``)."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if keep_next:
        ppr += "<w:keepNext/>"
    if keep_lines:
        ppr += "<w:keepLines/>"
    if page_before:
        ppr += "<w:pageBreakBefore/>"
    if rule:
        ppr += f'<w:pBdr><w:bottom w:val="{rule}" w:sz="24" w:space="1" w:color="000000"/></w:pBdr>'
    if tabs:
        ppr += "<w:tabs>" + "".join(
            f'<w:tab w:val="{kind}" w:pos="{tw(pos)}"/>' for kind, pos in tabs) + "</w:tabs>"
    spacing = f'w:before="{round(before * 20)}" w:after="{round(after * 20)}"'
    if line is not None:
        spacing += f' w:line="{round(line * 240)}" w:lineRule="auto"'
    ppr += f"<w:spacing {spacing}/>"
    ind = []
    if left:
        ind.append(f'w:left="{tw(left)}"')
    if right:
        ind.append(f'w:right="{tw(right)}"')
    if hanging:
        ind.append(f'w:hanging="{tw(hanging)}"')
    elif first:
        ind.append(f'w:firstLine="{tw(first)}"')
    if ind:
        ppr += f"<w:ind {' '.join(ind)}/>"
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    rpr = ""
    if size or bold:
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + (
            f'<w:sz w:val="{round(size * 2)}"/>' if size else "") + "</w:rPr>"
    return f"<w:p><w:pPr>{ppr}{rpr}</w:pPr>{''.join(runs)}</w:p>"


def tag(text: str) -> str:
    """A paragraph that holds only a docxtpl paragraph tag such as ``{%p for x in y %}``."""
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def cell(content: str | list[str], width: float, *, span: int = 1, shade: str | None = None,
         valign: str = "top", borders: bool | None = None) -> str:
    paras = content if isinstance(content, list) else [content]
    tcpr = f'<w:tcW w:w="{tw(width)}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if borders is False:
        tcpr += ("<w:tcBorders>" + "".join(
            f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
            + "</w:tcBorders>")
    if shade:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    tcpr += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(paras) or '<w:p/>'}</w:tc>"


def row(*cells: str, header: bool = False, cant_split: bool = True,
        height: float | None = None, exact: bool = False) -> str:
    """A table row; `height` in cm, the least height (or the exact one with `exact`)."""
    trpr = ""
    if cant_split:
        trpr += "<w:cantSplit/>"
    if height:
        rule = "exact" if exact else "atLeast"
        trpr += f'<w:trHeight w:val="{tw(height)}" w:hRule="{rule}"/>'
    if header:
        trpr += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"


def tag_row(text: str, widths: list[float]) -> str:
    """A table row holding only a docxtpl row tag such as ``{%tr for x in y %}``."""
    return row(cell(tag(text), sum(widths), span=len(widths)), cant_split=False)


def table(rows: list[str], widths: list[float], *, borders: bool = True,
          align: str | None = None, indent: float = 0) -> str:
    border = "single" if borders else "nil"
    tblpr = (
        f'<w:tblW w:w="{tw(sum(widths))}" w:type="dxa"/>'
        + (f'<w:jc w:val="{align}"/>' if align else "")
        + (f'<w:tblInd w:w="{tw(indent)}" w:type="dxa"/>' if indent else "")
        + "<w:tblBorders>" + "".join(
            f'<w:{side} w:val="{border}" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
        + '<w:tblLayout w:type="fixed"/>'
        + '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        + "</w:tblCellMar>"
        + '<w:tblLook w:val="0000"/>'
    )
    grid = "".join(f'<w:gridCol w:w="{tw(w)}"/>' for w in widths)
    return f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def section(*, top: float, bottom: float, left: float, right: float,
            page_number_header: bool = True, landscape: bool = False) -> str:
    """The page set-up: A4 (the renderer sets the office's paper size), margins, a header
    with the page number from page 2, and the orientation."""
    header = ('<w:headerReference w:type="default" r:id="rIdHeader"/>'
              if page_number_header else "")
    size = ('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if landscape
            else '<w:pgSz w:w="11906" w:h="16838"/>')
    return (
        f"<w:sectPr>{header}"
        + size +
        f'<w:pgMar w:top="{tw(top)}" w:right="{tw(right)}" w:bottom="{tw(bottom)}" '
        f'w:left="{tw(left)}" w:header="{tw(0.6)}" w:footer="{tw(1.0)}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:titlePg/></w:sectPr>'
    )


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>
<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="id-ID" w:eastAsia="id-ID" w:bidi="ar-SA"/>
</w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
</w:styles>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NS}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="id-ID"/></w:settings>"""

DRAFT_MARK = "{{ '' if doc.final or doc.verify_url else 'KONSEP' }}"
"""The draft mark at the top right of every page of a draft; empty on an issued document,
whose header keeps the same one line (the same height, so the same pages)."""
_MARK_RUN = ('<w:r><w:rPr><w:b/><w:sz w:val="20"/></w:rPr>'
             f'<w:t xml:space="preserve">{DRAFT_MARK}</w:t></w:r>')


def _text_width(sect: str) -> int:
    """Twips between the margins of a section made by :func:`section`."""
    page = int(re.search(r'<w:pgSz w:w="(\d+)"', sect).group(1))
    left = int(re.search(r'w:left="(\d+)"', sect).group(1))
    right = int(re.search(r'w:right="(\d+)"', sect).group(1))
    return page - left - right


def headers(sect: str) -> tuple[str, str, str]:
    """The section with both header references, the default header (the page number in
    the middle when the section has it, the draft mark at the right) and the first page's
    header (the draft mark only), each one line."""
    width = _text_width(sect)
    numbered = 'r:id="rIdHeader"' in sect
    refs = '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
    if not numbered:
        refs += '<w:headerReference w:type="default" r:id="rIdHeader"/>'
    sect = sect.replace("<w:sectPr>", "<w:sectPr>" + refs, 1)
    tabs = (f'<w:tabs><w:tab w:val="center" w:pos="{width // 2}"/>'
            f'<w:tab w:val="right" w:pos="{width}"/></w:tabs>')
    mark_p = '<w:rPr><w:sz w:val="20"/></w:rPr>'
    page = ('<w:r><w:tab/><w:t xml:space="preserve">- </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            'xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar '
            'w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> -</w:t></w:r>'
            if numbered else '<w:r><w:tab/></w:r>')
    default = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}><w:p>'
               f'<w:pPr>{tabs}{mark_p}</w:pPr>{page}<w:r><w:tab/></w:r>{_MARK_RUN}</w:p></w:hdr>')
    first = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}><w:p>'
             f'<w:pPr><w:jc w:val="right"/>{mark_p}</w:pPr>{_MARK_RUN}</w:p></w:hdr>')
    return sect, default, first

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Default Extension="jpeg" ContentType="image/jpeg"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>
</Relationships>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>docgen</Application></Properties>"""


def core(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{escape(title)}</dc:title><dc:creator>docgen</dc:creator><dc:language>id-ID</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>
</cp:coreProperties>"""


def package(body: list[str], sect: str, title: str, *, styles: str = "",
            settings: str = "") -> bytes:
    """The .docx bytes: deterministic (fixed timestamps and order) so rebuilds compare equal.
    `styles` adds style definitions, `settings` elements of the document settings."""
    sect, header, first_header = headers(sect)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document {NS}><w:body>{"".join(body)}{sect}</w:body></w:document>')
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", core(title)),
        ("docProps/app.xml", APP),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES.replace("</w:styles>", styles + "</w:styles>")),
        ("word/settings.xml", SETTINGS.replace("<w:compat>", settings + "<w:compat>")),
        ("word/header1.xml", header),
        ("word/header2.xml", first_header),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return out.getvalue()
