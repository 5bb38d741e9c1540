"""Finding template tags in text in one pass.

A regular expression such as ``\\{\\{.*?\\}\\}`` tries every opening ``{{`` and, when it is
never closed, reads to the end of the text from each one: a paragraph of 40,000 characters
of ``{{p x`` takes it (and docxtpl's own clean-up, :meth:`docxtpl.DocxTemplate.patch_xml`)
seconds, one of a megabyte hours. :func:`tag_spans` pairs openers and closers in a single
scan instead, and :func:`unbalanced` says where a text would send docxtpl's clean-up into
that trap, so that the check refuses such a template before anything else reads it.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\{[{%#]|[}%#]\}")
MAX_TAGS = 3000
"""Tags one template may hold, in all its parts (the largest shipped template has about
200). Jinja compiles a tag in about a millisecond; without a bound, a template of tens of
thousands of tags would keep a check or a first render busy for minutes."""
MAX_TAG_XML = 20_000
"""Longest a tag may be in a part's XML, run markup included (a tag Word split into forty
runs is about 12,000 characters)."""


def tag_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every tag in `text`: an opener (``{{``, ``{%``, ``{#``) paired with
    the first closer (``}}``, ``%}``, ``#}``) before the next opener. Linear in the text."""
    spans = []
    start = -1
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token[0] == "{":
            start = match.start()
        elif start >= 0:
            spans.append((start, match.end()))
            start = -1
    return spans


def unbalanced(text: str, limit: int = MAX_TAG_XML) -> int | None:
    """The position of the first opener in `text` that is not closed before the next
    opener, or not within `limit` characters; None when every tag closes."""
    start = -1
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token[0] == "{":
            if start >= 0:
                return start
            start = match.start()
        elif start >= 0:
            if match.end() - start > limit:
                return start
            start = -1
    return start if start >= 0 else None


def tags(text: str) -> list[str]:
    """The tags of `text`, as written."""
    return [text[a:b] for a, b in tag_spans(text)]


def opener_text(xml: str, at: int) -> tuple[str, str]:
    """The text of a tag opened at `at` in a part's XML, up to the end of its paragraph,
    and the whole paragraph's text (each at most a few hundred characters)."""
    begin = xml.rfind("<w:p", max(0, at - 4000), at)
    end = xml.find("</w:p>", at, at + 4000)
    stop = end if end > 0 else at + 400
    strip = re.compile(r"<[^>]*>")
    tag = " ".join(strip.sub("", xml[at:stop]).split())[:60]
    paragraph = " ".join(strip.sub("", xml[begin if begin >= 0 else at:stop]).split())
    return tag, paragraph[:160]


_TEMPLATED = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
_balanced: set[str] = set()


def require_balanced(data: bytes, sha256: str) -> None:
    """Refuse (:class:`docgen.render_limits.RenderLimitExceeded`, ``template_tag_unclosed``)
    a template whose body, headers, footers or footnotes hold a tag that is never closed,
    before docxtpl's clean-up reads it; remembered per template version. Every template is
    checked when it is installed; this covers a file placed beside the shipped ones by
    hand."""
    if sha256 in _balanced:
        return
    count = 0
    import io
    import zipfile

    from docgen.render_limits import RenderLimitExceeded

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not _TEMPLATED.fullmatch(info.filename) or info.file_size > 2**27:
                    continue
                xml = zf.read(info).decode("utf-8", "replace")
                at = unbalanced(xml)
                if at is not None:
                    tag, paragraph = opener_text(xml, at)
                    error = RenderLimitExceeded("template_tag_unclosed", tag=tag)
                    error.paragraph = paragraph  # type: ignore[attr-defined]
                    raise error
                count += len(_TOKEN.findall(xml)) // 2
                if count > MAX_TAGS:
                    raise RenderLimitExceeded("template_too_many_tags", limit=f"{MAX_TAGS:,}")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return  # not a package: python-docx says so in its own words
    if len(_balanced) > 4096:
        _balanced.clear()
    _balanced.add(sha256)
