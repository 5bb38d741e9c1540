"""The Word file around a template: its zip, its XML, and what it may hold.

:func:`read_package` opens an uploaded template defensively and says what is wrong with
it as a file, before any Word or Jinja code reads it:

* the zip: at most :data:`MAX_TEMPLATE_BYTES` on disk, :data:`MAX_ENTRIES` parts,
  :data:`MAX_UNPACKED` unpacked in all and no part unpacking more than
  :data:`MAX_RATIO` times its packed size (zip bombs), plain part names (no ``..``,
  absolute paths, backslashes, duplicates), nothing encrypted;
* the XML of every part, read with defusedxml: no DOCTYPE or entities (XML bombs), at most
  :data:`MAX_XML_DEPTH` levels deep;
* what it holds: no macros (VBA, ``.docm``/``.dotm`` content types, toolbar
  customisations), ActiveX controls, OLE or embedded objects, ``altChunk``, sub-documents,
  and nothing that makes Word or LibreOffice fetch from outside the file: external
  relationships of pictures, objects and frames, and the field codes INCLUDEPICTURE,
  INCLUDETEXT, INCLUDE, IMPORT, LINK, DDE, DDEAUTO and DATABASE are refused; external
  *hyperlinks* are unwrapped (their text kept) and Word's reference to the template a
  document was made from (``attachedTemplate``) is dropped, each with a warning;
* pictures: PNG and JPEG decoded whole (:func:`docgen.images.check_image`), other formats
  sized from their header, each within :data:`docgen.images.MAX_PIXELS` and all together
  within :data:`MAX_TOTAL_PIXELS`; SVG refused (it can load other files).

A Word template (``.dotx``) is stored as a document (its main content type changed).
The result's ``parts`` are what the tag lint reads, and ``changed`` says the file to
store must be written again from them (:func:`write_package`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from lxml import etree

from docgen.template_problems import TemplateProblem

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
"""Largest template file accepted (10 MB)."""
MAX_ENTRIES = 1000
MAX_UNPACKED = 100 * 1024 * 1024
"""Bytes of all parts together, unpacked."""
MAX_RATIO = 100
"""Largest unpacked/packed ratio of a part bigger than 1 MB (Word's XML packs 5-20 times)."""
MAX_XML_UNPACKED = 30 * 1024 * 1024
"""Bytes of all XML parts together, unpacked (each is parsed, and a parsed tree takes
several times its text in memory); Word's largest parts, its styles, are under 1 MB."""
MAX_XML_DEPTH = 200
MAX_TOTAL_PIXELS = 120_000_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DOCUMENT_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_CTS = ("application/vnd.ms-word.document.macroEnabled.main+xml",
             "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
OFFICE_DOC_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "officeDocument")

FETCHING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDEAUTO",
                   "DDE", "DATABASE")
"""Field codes that make Word or LibreOffice read another file or address: refused."""
ALLOWED_FIELDS = frozenset(["PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE", "SAVEDATE", "PRINTDATE", "EDITTIME", "TOC", "TC", "REF", "PAGEREF", "NOTEREF", "STYLEREF", "SEQ", "HYPERLINK", "MERGEFIELD", "MERGEREC", "MERGESEQ", "FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN", "SYMBOL", "EQ", "IF", "QUOTE", "TITLE", "AUTHOR", "SUBJECT", "KEYWORDS", "COMMENTS", "NUMWORDS", "NUMCHARS", "DOCPROPERTY", "DOCVARIABLE", "XE", "INDEX", "TA", "TOA", "LISTNUM", "AUTONUM", "AUTONUMLGL", "AUTONUMOUT", "BARCODE", "DISPLAYBARCODE", "ADVANCE", "FILLIN", "ASK", "SET", "SKIPIF", "NEXT", "NEXTIF", "COMPARE", "GOTOBUTTON", "PRIVATE", "BIDIOUTLINE", "USERNAME", "USERINITIALS", "USERADDRESS", "LASTSAVEDBY", "TEMPLATE", "FILENAME", "FILESIZE", "INFO", "BIBLIOGRAPHY", "CITATION", "GREETINGLINE", "ADDRESSBLOCK", "RD", "SHAPE"])
"""Field codes a template may hold; any other (including a word cut in two, which a tag
could join to another field when the document is filled) is refused."""
_FIELD_WORD = re.compile(r"^\s*(=|[A-Za-z]+)")
_LINK_ATTR_NAMES = ("href", "src", "instr")
_TAG_START = re.compile(r"\{[{%#]")


@dataclass
class Package:
    """A template file opened defensively."""

    parts: dict[str, bytes] = field(default_factory=dict)
    """Part name (``word/document.xml``) to bytes, in the zip's order."""
    problems: list[TemplateProblem] = field(default_factory=list)
    unreadable: bool = False
    changed: bool = False
    main: str = "word/document.xml"
    _types: tuple[dict[str, str], dict[str, str]] | None = None

    def refuse(self, code: str, part: str = "", **params: object) -> None:
        self.problems.append(TemplateProblem(code, part, params=params,
                                             detail=str(params.get("detail", ""))))

    def warn(self, code: str, part: str = "", **params: object) -> None:
        self.problems.append(TemplateProblem(code, part, severity="warning", params=params,
                                             detail=str(params.get("detail", ""))))

    def unreadable_because(self, reason_id: str, reason_en: str) -> Package:
        self.unreadable = True
        self.refuse("template_file_unreadable", reason_id=reason_id, reason_en=reason_en)
        return self


def read_package(data: bytes, filename: str = "") -> Package:
    """Open `data` as a Word file and check it as a file (see the module's text)."""
    pkg = Package()
    if len(data) > MAX_TEMPLATE_BYTES:
        pkg.unreadable = True
        pkg.refuse("template_too_large", size=f"{len(data) / 2**20:.1f}",
                   limit=f"{MAX_TEMPLATE_BYTES // 2**20}")
        return pkg
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return pkg.unreadable_because(
            "berkas Word lama (.doc) atau dilindungi kata sandi; simpan sebagai \"Word "
            "Document (*.docx)\" tanpa kata sandi",
            "an old Word file (.doc) or one protected by a password; save it as \"Word "
            "Document (*.docx)\" without a password")
    if not _read_zip(pkg, data):
        return pkg
    if filename.lower().endswith((".docm", ".dotm")):
        pkg.refuse("template_macro", name=filename.rsplit("/", 1)[-1])
    if not _check_xml(pkg):
        return pkg
    if not _check_main(pkg):
        return pkg
    _check_parts(pkg)
    _check_relationships(pkg)
    _check_markup(pkg)
    _check_images(pkg)
    return pkg


def write_package(pkg: Package) -> bytes:
    """The package's parts as a new zip (every part deflated, in the same order)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in pkg.parts.items():
            zf.writestr(name, blob)
    return out.getvalue()


# ---------------------------------------------------------------------------
# The zip


def _bad_name(name: str) -> bool:
    if not name or len(name) > 255 or "\\" in name or "\0" in name or name.startswith("/"):
        return True
    if re.match(r"^[A-Za-z]:", name):
        return True
    return any(part in ("", ".", "..") for part in name.rstrip("/").split("/"))


def _read_zip(pkg: Package, data: bytes) -> bool:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        pkg.unreadable_because("bukan berkas .docx (bukan arsip zip)",
                               "not a .docx file (not a zip archive)")
        return False
    if len(infos) > MAX_ENTRIES:
        pkg.unreadable = True
        pkg.refuse("template_zip_entries", count=len(infos), limit=MAX_ENTRIES)
        return False
    seen: set[str] = set()
    total = xml_total = 0
    for info in infos:
        name = info.filename
        if _bad_name(name) or name.lower() in seen:
            pkg.unreadable = True
            pkg.refuse("template_zip_name", name=name[:120])
            return False
        seen.add(name.lower())
        if name.endswith("/"):
            continue
        if info.flag_bits & 0x1:
            pkg.unreadable_because("bagian berkas terenkripsi", "a part of the file is encrypted")
            return False
        total += info.file_size
        if _is_xml(name):
            xml_total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED or xml_total > MAX_XML_UNPACKED or (
                info.file_size > 2**20 and ratio > MAX_RATIO):
            pkg.unreadable = True
            pkg.refuse("template_zip_bomb", detail=f"{name}: {info.file_size:,} bytes")
            return False
    for info in infos:
        if info.filename.endswith("/"):
            continue
        try:
            with zf.open(info) as stream:
                blob = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError):
            pkg.unreadable_because(f"bagian {info.filename} rusak",
                                   f"the part {info.filename} is damaged")
            return False
        if len(blob) > info.file_size:  # the header understates what the part unpacks to
            pkg.unreadable = True
            pkg.refuse("template_zip_bomb", detail=f"{info.filename}: more than declared")
            return False
        pkg.parts[info.filename] = blob
    return True


# ---------------------------------------------------------------------------
# XML


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def _check_xml(pkg: Package) -> bool:
    """Every XML part parses with defusedxml, without DTD or entities, not too deep."""
    ok = True
    for name, blob in pkg.parts.items():
        if not _is_xml(name):
            continue
        depth = 0
        try:
            for event, _ in SafeET.iterparse(io.BytesIO(blob), events=("start", "end"),
                                              forbid_dtd=True):
                depth += 1 if event == "start" else -1
                if depth > MAX_XML_DEPTH:
                    pkg.refuse("template_xml_deep", name, limit=MAX_XML_DEPTH)
                    ok = False
                    break
        except DefusedXmlException:
            pkg.refuse("template_xml_doctype", name)
            ok = False
        except (SafeET.ParseError, ValueError, RecursionError) as exc:
            pkg.refuse("template_xml_invalid", name, detail=str(exc)[:200])
            ok = False
    if not ok:
        pkg.unreadable = True
    return ok


def parse(blob: bytes) -> etree._Element:
    """An XML part already checked by :func:`_check_xml`, as an lxml tree (entities off,
    network off)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=False)
    return etree.fromstring(blob, parser)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------
# Content types, the main part, and parts that must not be there


def _content_types(pkg: Package) -> tuple[dict[str, str], dict[str, str]]:
    root = parse(pkg.parts["[Content_Types].xml"])
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                for el in root.iter(f"{{{CT_NS}}}Default")}
    overrides = {el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
                 for el in root.iter(f"{{{CT_NS}}}Override")}
    return defaults, overrides


def content_type(pkg: Package, name: str) -> str:
    if pkg._types is None:
        pkg._types = _content_types(pkg)
    defaults, overrides = pkg._types
    if name in overrides:
        return overrides[name]
    return defaults.get(name.rsplit(".", 1)[-1].lower(), "")


def _check_main(pkg: Package) -> bool:
    if "[Content_Types].xml" not in pkg.parts or "_rels/.rels" not in pkg.parts:
        pkg.unreadable_because("bagian [Content_Types].xml atau _rels/.rels tidak ada",
                               "the [Content_Types].xml or _rels/.rels part is missing")
        return False
    rels = parse(pkg.parts["_rels/.rels"])
    main = None
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("Type") == STRICT_REL:
            pkg.refuse("template_strict")
            return False
        if rel.get("Type") == OFFICE_DOC_REL:
            main = rel.get("Target", "").lstrip("/")
    if not main or main not in pkg.parts:
        pkg.unreadable_because("bukan dokumen Word (tidak ada isi dokumen utama)",
                               "not a Word document (there is no main document part)")
        return False
    pkg.main = main
    kind = content_type(pkg, main)
    if kind in MACRO_CTS:
        pkg.refuse("template_macro", main, name=kind.rsplit(".", 2)[-2])
        return True
    if kind == TEMPLATE_CT:
        _set_override(pkg, main, DOCUMENT_CT)
        pkg.warn("template_dotx", main)
    elif kind != DOCUMENT_CT:
        pkg.unreadable_because("bukan dokumen Word (mungkin lembar kerja atau presentasi)",
                               "not a Word document (a spreadsheet or presentation?)")
        return False
    return True


def _set_override(pkg: Package, name: str, ctype: str) -> None:
    root = parse(pkg.parts["[Content_Types].xml"])
    for el in root.iter(f"{{{CT_NS}}}Override"):
        if el.get("PartName", "").lstrip("/") == name:
            el.set("ContentType", ctype)
    pkg.parts["[Content_Types].xml"] = serialize(root)
    pkg._types = None
    pkg.changed = True


def _check_parts(pkg: Package) -> None:
    for name in list(pkg.parts):
        lower = name.lower()
        kind = content_type(pkg, name).lower()
        base = posixpath.basename(name)
        if "vbaproject" in lower or "vbadata" in lower or "vbaproject" in kind \
                or lower.endswith(("customizations.xml", "attachedtoolbars.bin")):
            pkg.refuse("template_macro", name, name=base)
        elif "/activex/" in lower or "activex" in kind:
            pkg.refuse("template_activex", name, name=base)
        elif "/embeddings/" in lower or "oleobject" in kind or kind.endswith("package"):
            pkg.refuse("template_ole", name, name=base)


# ---------------------------------------------------------------------------
# Relationships: what points outside the file


def _source_of(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")])


_REFUSED_REL_TYPES = {"vbaProject": "template_macro", "wordVbaData": "template_macro",
                      "keyMapCustomizations": "template_macro",
                      "attachedToolbars": "template_macro", "control": "template_activex",
                      "oleObject": "template_ole", "package": "template_ole",
                      "aFChunk": "template_altchunk", "subDocument": "template_external"}


def _check_relationships(pkg: Package) -> None:
    for rels_name in [n for n in pkg.parts if n.endswith(".rels")]:
        root = parse(pkg.parts[rels_name])
        source = _source_of(rels_name)
        dropped: dict[str, str] = {}
        for rel in list(root.iter(f"{{{PKG_REL}}}Relationship")):
            rtype = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            code = _REFUSED_REL_TYPES.get(rtype)
            if code is not None:
                pkg.refuse(code, source, name=posixpath.basename(target), target=target[:120])
                continue
            if rel.get("TargetMode", "") != "External":
                continue
            if rtype == "hyperlink":
                pkg.warn("template_link_removed", source, target=target[:120])
            elif rtype == "attachedTemplate":
                pkg.warn("template_attached_removed", source, target=target[:120])
            else:
                pkg.refuse("template_external", source, target=target[:120])
                continue
            dropped[rel.get("Id", "")] = rtype
            root.remove(rel)
        if dropped:
            pkg.parts[rels_name] = serialize(root)
            if source in pkg.parts:
                pkg.parts[source] = _unlink(pkg.parts[source], dropped)
            pkg.changed = True


def _unlink(blob: bytes, dropped: dict[str, str]) -> bytes:
    """The part without the elements that used the dropped relationships: hyperlinks
    unwrapped (their runs kept), picture links and the attached template removed."""
    root = parse(blob)
    rid = f"{{{R}}}id"
    for el in list(root.iter()):
        if el.get(rid) not in dropped:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag == f"{{{W}}}hyperlink":
            index = parent.index(el)
            for child in list(el):
                parent.insert(index, child)
                index += 1
        parent.remove(el)
    return serialize(root)


# ---------------------------------------------------------------------------
# Markup: objects, fields, and tags where tags cannot be


_REFUSED_ELEMENTS = {
    f"{{{W}}}object": "template_ole",
    "{urn:schemas-microsoft-com:office:office}OLEObject": "template_ole",
    f"{{{W}}}control": "template_activex",
    f"{{{W}}}altChunk": "template_altchunk",
    f"{{{W}}}subDoc": "template_external",
}
_LINK_ATTRS = ("{urn:schemas-microsoft-com:office:office}href", "src", "href")


def _check_markup(pkg: Package) -> None:
    for name, blob in pkg.parts.items():
        if not name.startswith("word/") or not name.endswith(".xml"):
            continue
        root = parse(blob)
        reported: set[str] = set()
        fields: list[list[str]] = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            code = _REFUSED_ELEMENTS.get(el.tag)
            if code and code not in reported:
                reported.add(code)
                pkg.refuse(code, name, name=etree.QName(el).localname,
                           target=etree.QName(el).localname)
            for attr in _LINK_ATTRS:
                value = el.get(attr) or ""
                if "://" in value or value.startswith("\\\\"):
                    pkg.refuse("template_external", name, target=value[:120])
            if "template_tag_in_field" not in reported and _attr_sample(el):
                reported.add("template_tag_in_field")
                pkg.refuse("template_tag_in_field", name, detail=_attr_sample(el))
            local = el.tag.rsplit("}", 1)[-1]
            if el.tag == f"{{{W}}}fldChar":
                state = el.get(f"{{{W}}}fldCharType")
                if state == "begin":
                    fields.append([])
                elif state in ("separate", "end") and fields:
                    _field(pkg, name, "".join(fields.pop()), reported)
            elif el.tag == f"{{{W}}}instrText":
                if _TAG_START.search(el.text or "") and "template_tag_in_field" not in reported:
                    reported.add("template_tag_in_field")
                    pkg.refuse("template_tag_in_field", name, detail=(el.text or "")[:80])
                if fields:
                    fields[-1].append(el.text or "")
                else:
                    _field(pkg, name, el.text or "", reported)
            elif local == "fldSimple" and el.tag == f"{{{W}}}fldSimple":
                _field(pkg, name, el.get(f"{{{W}}}instr", ""), reported)
        for pending in fields:
            _field(pkg, name, "".join(pending), reported)


def _attr_sample(el: etree._Element) -> str:
    for key, value in el.attrib.items():
        if _TAG_START.search(value) and key.rsplit("}", 1)[-1] in _LINK_ATTR_NAMES:
            return f"{etree.QName(key).localname}=\"{value[:60]}\""
    return ""


def _field(pkg: Package, part: str, instr: str, reported: set[str]) -> None:
    match = _FIELD_WORD.match(instr)
    if match is None:
        if not instr.strip():
            return
        word = instr.split()[0][:40]
    else:
        word = match.group(1).upper()
    if word == "=" or word in ALLOWED_FIELDS or f"field:{word}" in reported:
        return
    reported.add(f"field:{word}")
    code = "template_field" if word in FETCHING_FIELDS else "template_field_unknown"
    pkg.refuse(code, part, field=word, detail=" ".join(instr.split())[:120])


# ---------------------------------------------------------------------------
# Pictures


def _check_images(pkg: Package) -> None:
    from docgen.images import MAX_PIXELS, ImageRefused, check_image

    total = 0
    for name, blob in pkg.parts.items():
        kind = content_type(pkg, name).lower()
        base = posixpath.basename(name)
        if not kind.startswith("image/") and not name.startswith("word/media/"):
            continue
        if "svg" in kind or name.lower().endswith(".svg"):
            pkg.refuse("template_image_svg", name, name=base)
            continue
        if blob[:8] == b"\x89PNG\r\n\x1a\n" or blob[:3] == b"\xff\xd8\xff":
            try:
                info = check_image(blob)
            except ImageRefused as exc:
                pkg.refuse("template_image", name, name=base, reason_id=exc.message("id"),
                           reason_en=exc.message("en"))
                continue
            pixels = info.width * info.height
        else:
            pixels = _header_pixels(blob)
            if pixels is None:
                pkg.refuse("template_image", name, name=base,
                           reason_id="formatnya tidak dikenal atau berkasnya rusak",
                           reason_en="its format is not known or the file is damaged")
                continue
            if pixels > MAX_PIXELS:
                pkg.refuse("template_image", name, name=base,
                           reason_id=f"{pixels / 1e6:.1f} megapiksel, lebih dari batas "
                                     f"{MAX_PIXELS / 1e6:g}",
                           reason_en=f"{pixels / 1e6:.1f} megapixels, more than the limit "
                                     f"of {MAX_PIXELS / 1e6:g}")
                continue
        total += pixels
    if total > MAX_TOTAL_PIXELS:
        pkg.refuse("template_images_total", pixels=f"{total / 1e6:.0f}",
                   limit=f"{MAX_TOTAL_PIXELS / 1e6:g}")


def _header_pixels(blob: bytes) -> int | None:
    """Width × height read from the header of a GIF, BMP, TIFF, EMF or WMF picture,
    without decoding its pixels; None when it is none of them or cannot be read."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(blob), formats=("GIF", "BMP", "TIFF", "WMF")) as image:
            width, height = image.size
    except Exception:  # noqa: BLE001 - any reader failure means "cannot be read"
        return None
    if width <= 0 or height <= 0:
        return None
    return width * height
