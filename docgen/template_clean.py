"""Templates as Word and LibreOffice save them, made fit for docxtpl.

An office edits its template in Word or LibreOffice, and they save more than the template
needs: a Word template (``.dotx``) names its main part a *template*, which python-docx will
not open; Word marks spelling and grammar (``w:proofErr``) and revision ids (``w:rsid*``)
between the runs of a tag it split; its AutoCorrect turns the quotes typed inside a tag into
typographic ones. docxtpl joins most split tags itself; :func:`clean_template` (on
install) and :func:`clean_tags` (on every render) do what it leaves undone: other quotes
than Word's English ones (``„…“``, ``«…»``, primes) and XML escapes (``&amp;``) inside a tag,
touching only what lies inside ``{{ }}``, ``{% %}`` and ``{# #}``, so the text and the look
of the document stay as the office made them.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from docgen.template_tags import tag_spans

CONTENT_TYPES = "[Content_Types].xml"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)
_PROOF = re.compile(r"<w:proofErr\b[^>]*/>")
QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
          "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u00ab": '"', "\u00bb": '"'}
"""Typographic quotes (and primes) AutoCorrect puts where a tag's author typed ``"`` or
``'``."""
_QUOTE = re.compile("|".join(QUOTES))
_ZIP_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError,
               NotImplementedError, zlib.error)
MAX_UNPACKED = 100 * 1024 * 1024
"""A package that unpacks to more than this is left as it is (the lint refuses it:
:mod:`docgen.template_check`)."""


def _too_big(zf: zipfile.ZipFile) -> bool:
    return sum(info.file_size for info in zf.infolist()) > MAX_UNPACKED


def _rewrite(data: bytes, change: dict[str, bytes]) -> bytes:
    """The same package with the parts in `change` replaced (order and compression kept)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def is_word_template(data: bytes) -> bool:
    """True when the package's main part is a Word template's (a ``.dotx``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return not _too_big(zf) and TEMPLATE_MAIN in zf.read(CONTENT_TYPES)
    except _ZIP_ERRORS:
        return False


def as_document(data: bytes) -> bytes:
    """A Word template (``.dotx``) with its main part made a document's, so it opens and
    renders like a ``.docx``; any other bytes unchanged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if _too_big(zf):
                return data
            types = zf.read(CONTENT_TYPES)
    except _ZIP_ERRORS:
        return data
    if TEMPLATE_MAIN not in types:
        return data
    return _rewrite(data, {CONTENT_TYPES: types.replace(TEMPLATE_MAIN, DOCUMENT_MAIN)})


def _clean_tag(match: re.Match[str] | str) -> str:
    tag = _PROOF.sub("", match if isinstance(match, str) else match.group(0))
    return _QUOTE.sub(lambda m: QUOTES[m.group(0)], tag)


def clean_xml(xml: str) -> str:
    """One part's XML with the proofing marks and typographic quotes inside its tags made
    plain (``{{ x|tanggal(“panjang”) }}`` → ``{{ x|tanggal("panjang") }}``). Tags are found
    in one pass (:func:`docgen.template_tags.tag_spans`): a text full of openers that never
    close costs no more than any other."""
    out, done = [], 0
    for start, end in tag_spans(xml):
        out.append(xml[done:start])
        out.append(_clean_tag(xml[start:end]))
        done = end
    out.append(xml[done:])
    return "".join(out)


ENTITIES = {"&amp;": "&", "&quot;": '"', "&apos;": "'", "&#39;": "'", "&#34;": '"'}
"""XML escapes of what a tag's author typed: ``{{ 'Sarana & Prasarana' }}`` is stored as
``&amp;``, which would otherwise print as it is written."""
_IN_TAG = re.compile("|".join(re.escape(key) for key in (*QUOTES, *ENTITIES)))


def clean_tags(xml: str) -> str:
    """Patched template XML (docxtpl's clean-up done, split tags joined) with the quotes of
    :data:`QUOTES` and the escapes of :data:`ENTITIES` inside its tags read as typed, so the
    tag means what its author wrote; the rest of the XML untouched. Applied by
    :mod:`docgen.render` to every part it renders, on both render paths."""
    table = {**QUOTES, **ENTITIES}
    out, done = [], 0
    for start, end in tag_spans(xml):
        out.append(xml[done:start])
        out.append(_IN_TAG.sub(lambda m: table[m.group(0)], xml[start:end]))
        done = end
    out.append(xml[done:])
    return "".join(out)


def clean_template(data: bytes) -> bytes:
    """The template with :func:`as_document` and :func:`clean_xml` applied to its body,
    headers, footers and notes; the same bytes when nothing needed changing."""
    data = as_document(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if _too_big(zf):
                return data
            parts = {name: zf.read(name) for name in zf.namelist() if _PARTS.fullmatch(name)}
    except _ZIP_ERRORS:
        return data
    change = {}
    for name, raw in parts.items():
        try:
            xml = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        cleaned = clean_xml(xml)
        if cleaned != xml:
            change[name] = cleaned.encode("utf-8")
    return _rewrite(data, change) if change else data
