"""Templates changed the way Word changes them, made with python-docx (tests have no Word):
a paragraph typed in, every tag's run split in the middle with Word's revision ids and
proofing marks between the halves, and AutoCorrect's curly quotes in the tags."""

from __future__ import annotations

import copy
import io
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

TAG = re.compile(r"\{[{%].*?[}%]\}")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def curly(tag: str) -> str:
    """`tag` with its quotes as Word's AutoCorrect types them (‘…’, “…”)."""
    out, opening = [], {"'": True, '"': True}
    for ch in tag:
        if ch in "'\"":
            pair = ("\u2018", "\u2019") if ch == "'" else ("\u201c", "\u201d")
            out.append(pair[0] if opening[ch] else pair[1])
            opening[ch] = not opening[ch]
        else:
            out.append(ch)
    return "".join(out)


def _proof(kind: str) -> etree._Element:
    mark = etree.Element(qn("w:proofErr"))
    mark.set(qn("w:type"), kind)
    return mark


def split_tag(t: etree._Element) -> bool:
    """Split the run of text `t` in the middle of its first tag, as Word does after an
    edit: two runs with their own rsids, a spelling mark around the second; quotes curly."""
    text = t.text or ""
    found = TAG.search(text)
    run = t.getparent()
    if not found or run is None or run.tag != qn("w:r"):
        return False
    text = text.replace(found.group(0), curly(found.group(0)), 1)
    cut = found.start() + len(found.group(0)) // 2
    twin = etree.Element(qn("w:r"))
    props = run.find(qn("w:rPr"))
    if props is not None:
        twin.append(copy.deepcopy(props))
    rest = etree.SubElement(twin, qn("w:t"))
    rest.text = text[cut:]
    rest.set(XML_SPACE, "preserve")
    moving = False
    for child in list(run):
        if moving:
            twin.append(child)
        moving = moving or child is t
    t.text = text[:cut]
    t.set(XML_SPACE, "preserve")
    for half, rsid in ((run, "00A1B2C3"), (twin, "00D4E5F6")):
        half.set(qn("w:rsidR"), rsid)
        half.set(qn("w:rsidRPr"), rsid)
    start, end = _proof("spellStart"), _proof("spellEnd")
    run.addnext(start)
    start.addnext(twin)
    twin.addnext(end)
    return True


def word_edit(data: bytes, paragraph: str = "PARAGRAF TAMBAHAN DARI KANTOR") -> tuple[bytes, int]:
    """The template with `paragraph` typed in at the top and every tag of the body, headers
    and footers split as Word splits them; (bytes, number of tags split)."""
    doc = Document(io.BytesIO(data))
    parts = [doc.part] + [rel.target_part for rel in doc.part.rels.values()
                          if rel.reltype.endswith(("/header", "/footer"))]
    splits = 0
    for part in parts:
        for t in list(part.element.iter(qn("w:t"))):
            splits += split_tag(t)
    doc.paragraphs[0].insert_paragraph_before(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), splits


def as_dotx(data: bytes) -> bytes:
    """The package saved as a Word template (``.dotx``): its main part's content type."""
    from docgen.template_clean import CONTENT_TYPES, DOCUMENT_MAIN, TEMPLATE_MAIN, _rewrite

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        types = zf.read(CONTENT_TYPES)
    return _rewrite(data, {CONTENT_TYPES: types.replace(DOCUMENT_MAIN, TEMPLATE_MAIN)})
