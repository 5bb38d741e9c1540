"""Tags Word split across runs, joined in the stored template.

Word cuts the text of a paragraph into runs wherever the editing history, the spelling
checker or a change of formatting says so, and a tag typed in Word is often cut too:
``{{ doc.`` ``number`` `` }}``. docxtpl joins such pieces when it renders; the check does
the same on the stored copy (:func:`repair_split_tags`), so that the office's next download
shows whole tags, and it reports where the join is not obvious:

* the pieces carry different formatting (the value takes the first piece's formatting):
  a warning;
* a tab, a line break, a picture or a field sits inside the tag (docxtpl drops it):
  a warning;
* a tag opened in one paragraph and closed in another: an error (docxtpl would join the
  two paragraphs' XML into one broken piece);
* ``{%p``, ``{%tr`` or ``{%tc`` beside other text in the same paragraph, row or cell:
  that text disappears when the document is filled (a warning).

Curly quotes Word typed inside a tag (“ ” ‘ ’) are made straight, as docxtpl does.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.template_package import Package, W, content_type, parse, serialize
from docgen.template_problems import TemplateProblem, clip
from docgen.template_tags import MAX_TAGS, opener_text, tag_spans, unbalanced

TEMPLATED_TYPES = ("wordprocessingml.document.main+xml", "wordprocessingml.header+xml",
                   "wordprocessingml.footer+xml", "wordprocessingml.footnotes+xml")
_OPEN = re.compile(r"\{[{%#]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_T = f"{{{W}}}t"
_P = f"{{{W}}}p"
_R = f"{{{W}}}r"
_RPR = f"{{{W}}}rPr"
_BREAKS = {f"{{{W}}}{name}" for name in ("tab", "br", "cr", "drawing", "fldChar",
                                         "instrText", "sym", "object", "pict")}
_IGNORED_RPR = {f"{{{W}}}{name}" for name in ("lang", "noProof", "rtl", "webHidden")}
_STRUCTURE = re.compile(r"\{%\s*(p|tr|tc)\s")


def unclosed_tags(pkg: Package) -> list[TemplateProblem]:
    """An error for each templated part whose XML holds a tag that is never closed (or
    closes only far away): docxtpl's clean-up would take hours over such a part, so
    nothing else reads it (:func:`docgen.template_tags.unbalanced`)."""
    out = []
    count = 0
    for name in list(pkg.parts):
        if not content_type(pkg, name).endswith(TEMPLATED_TYPES):
            continue
        xml = pkg.parts[name].decode("utf-8", "replace")
        count += len(tag_spans(xml))
        if count > MAX_TAGS:
            out.append(TemplateProblem("template_too_many_tags", name,
                                       params={"limit": f"{MAX_TAGS:,}"}))
            break
        at = unbalanced(xml)
        if at is None:
            continue
        tag, around = opener_text(xml, at)
        out.append(TemplateProblem("template_tag_unclosed", name, clip(around), detail=tag,
                                   params={"tag": tag}))
    return out


def repair_split_tags(pkg: Package) -> tuple[list[str], list[TemplateProblem]]:
    """Join split tags in every templated part of `pkg` (changing its parts); the tags
    joined, and the problems met on the way."""
    joined: list[str] = []
    problems: list[TemplateProblem] = []
    for name in list(pkg.parts):
        ctype = content_type(pkg, name)
        if not ctype.endswith(TEMPLATED_TYPES):
            continue
        root = parse(pkg.parts[name])
        changed = False
        paragraphs = list(root.iter(_P))
        for i, paragraph in enumerate(paragraphs):
            following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            done, found = _paragraph(paragraph, name, following)
            joined += done
            problems += found
            changed = changed or bool(done)
        problems += _structure_warnings(root, name)
        if changed:
            pkg.parts[name] = serialize(root)
            pkg.changed = True
    return joined, problems


def _own_texts(paragraph: etree._Element) -> list[etree._Element]:
    """The ``w:t`` of this paragraph's runs, not of paragraphs nested in it (text boxes)."""
    out = []
    for el in paragraph.iter(_T):
        ancestor = el.getparent()
        while ancestor is not None and ancestor.tag != _P:
            ancestor = ancestor.getparent()
        if ancestor is paragraph and el.getparent() is not None and \
                el.getparent().tag == _R:
            out.append(el)
    return out


def _paragraph(paragraph: etree._Element, part: str, following: etree._Element | None
               ) -> tuple[list[str], list[TemplateProblem]]:
    texts = _own_texts(paragraph)
    if not texts:
        return [], []
    whole = "".join(t.text or "" for t in texts)
    if "{" not in whole:
        return [], []
    starts = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t.text or "")
    problems: list[TemplateProblem] = []
    quoted = clip(whole)
    spans = tag_spans(whole)
    opener = unbalanced(whole)
    if opener is not None:
        tag = clip(whole[opener:])[:60]
        code = "template_tag_unclosed"
        if following is not None and _closes_first(_text(following)):
            code = "template_tag_across_paragraphs"
        problems.append(TemplateProblem(code, part, quoted, detail=tag, params={"tag": tag}))
    joined: list[str] = []
    for span_start, span_end in reversed(spans):
        first = _index(starts, span_start)
        last = _index(starts, span_end - 1)
        tag = whole[span_start:span_end]
        straight = tag.translate(_QUOTES)
        if first == last and straight == tag:
            continue
        if first != last:
            runs = [texts[i].getparent() for i in range(first, last + 1)]
            if len({_format_key(run) for run in runs}) > 1:
                problems.append(TemplateProblem("template_split_tag", part, quoted,
                                                severity="warning", detail=tag[:80],
                                                params={"tag": clip(tag)}))
            if _breaks_between(texts[first], texts[last]):
                problems.append(TemplateProblem("template_split_tag_break", part, quoted,
                                                severity="warning", detail=tag[:80],
                                                params={"tag": clip(tag)}))
        head = texts[first]
        head_text = head.text or ""
        offset = span_start - starts[first]
        tail_offset = span_end - starts[last]
        if first == last:
            head.text = head_text[:offset] + straight + head_text[tail_offset:]
        else:
            head.text = head_text[:offset] + straight
            for i in range(first + 1, last):
                texts[i].text = ""
            tail = texts[last]
            tail.text = (tail.text or "")[tail_offset:]
            _preserve(tail)
        _preserve(head)
        joined.append(straight)
    joined.reverse()
    return joined, problems


def _without_tags(text: str) -> str:
    out, done = [], 0
    for start, end in tag_spans(text):
        out.append(text[done:start])
        done = end
    out.append(text[done:])
    return "".join(out)


def _closes_first(text: str) -> bool:
    """The text closes a tag (``}}``, ``%}``, ``#}``) before it opens one."""
    close = re.search(r"[}%#]\}", text)
    opening = _OPEN.search(text)
    return close is not None and (opening is None or close.start() < opening.start())


def _index(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _preserve(t: etree._Element) -> None:
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _format_key(run: etree._Element) -> bytes:
    """A run's formatting, without what Word records for its own bookkeeping."""
    rpr = run.find(_RPR)
    if rpr is None:
        return b""
    copy = etree.fromstring(etree.tostring(rpr))
    for child in list(copy):
        if child.tag in _IGNORED_RPR:
            copy.remove(child)
    for el in copy.iter():
        for key in list(el.attrib):
            if "rsid" in key:
                del el.attrib[key]
    return etree.tostring(copy, method="c14n") if len(copy) else b""


def _breaks_between(first: etree._Element, last: etree._Element) -> bool:
    """A tab, break, picture or field between two ``w:t`` in document order."""
    inside = False
    for el in first.getparent().getparent().iter():
        if el is first:
            inside = True
            continue
        if el is last:
            return False
        if inside and el.tag in _BREAKS:
            return True
    return False


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _structure_warnings(root: etree._Element, part: str) -> list[TemplateProblem]:
    """``{%p``/``{%tr``/``{%tc`` beside other text that docxtpl drops with its unit."""
    out = []
    units = {"p": (_P, "paragraf", "paragraph"), "tr": (f"{{{W}}}tr", "baris tabel", "table row"),
             "tc": (f"{{{W}}}tc", "sel tabel", "table cell")}
    for el in root.iter(_P):
        text = _text(el)
        for match in _STRUCTURE.finditer(text):
            tag_end = text.find("%}", match.start())
            if tag_end < 0:
                continue
            unit = match.group(1)
            container = el
            if unit != "p":
                container = next((a for a in el.iterancestors(units[unit][0])), None)
                if container is None:
                    continue
            whole = _text(container)
            other = _without_tags(whole).strip()
            if other:
                tag = text[match.start():tag_end + 2]
                out.append(TemplateProblem(
                    "template_tag_drops_text", part, clip(whole), severity="warning",
                    detail=tag[:80], params={"tag": clip(tag), "text": clip(other)[:80],
                                             "unit_id": units[unit][1],
                                             "unit_en": units[unit][2]}))
    return out
