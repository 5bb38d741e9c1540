"""A signed copy holding active content PDF/A forbids (JavaScript, actions run on opening or
by themselves, launch actions, embedded files, XFA forms) is refused, logged as refused,
and nothing of it is stored; a plain signed PDF (even one that opens on a page, as
LibreOffice writes it) is filed."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)
from sqlalchemy import select

from docgen import archive, signed
from docgen.store import ArchiveEvent, ArchiveFile
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)

NUMBER = "000.1.2.3/7/Bappeda/2026"
RECORD = SimpleNamespace(number=NUMBER, public_id="uji-publik")


def _name(text: str) -> NameObject:
    return NameObject(text)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({_name("/" + k): v for k, v in entries.items()})


def javascript(code: str = "app.alert('halo');") -> DictionaryObject:
    return _dict(Type=_name("/Action"), S=_name("/JavaScript"), JS=TextStringObject(code))


def launch() -> DictionaryObject:
    return _dict(Type=_name("/Action"), S=_name("/Launch"), F=TextStringObject("cmd.exe"))


def _rect() -> ArrayObject:
    return ArrayObject([NumberObject(50), NumberObject(50), NumberObject(150), NumberObject(80)])


def _annotate(writer: PdfWriter, annotation: DictionaryObject) -> None:
    page = writer.pages[0]
    annotation.update({_name("/Type"): _name("/Annot"), _name("/Rect"): _rect()})
    page[_name("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _file_stream(writer: PdfWriter) -> DictionaryObject:
    stream = DecodedStreamObject()
    stream.set_data(b"isi lampiran")
    stream[_name("/Type")] = _name("/EmbeddedFile")
    return _dict(Type=_name("/Filespec"), F=TextStringObject("lampiran.txt"),
                 EF=_dict(F=writer._add_object(stream)))


def signed_pdf(change: Callable[[PdfWriter], None] | None = None,
               number: str = NUMBER) -> bytes:
    """A one-page signed copy whose text carries `number`, changed by `change`."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = _dict(Type=_name("/Font"), Subtype=_name("/Type1"), BaseFont=_name("/Helvetica"))
    page[_name("/Resources")] = _dict(Font=_dict(F1=writer._add_object(font)))
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 11 Tf 56 780 Td (SURAT PERINTAH TUGAS) Tj 0 -16 Td "
                     f"(Nomor: {number}) Tj ET".encode("latin-1"))
    page[_name("/Contents")] = writer._add_object(content)
    if change is not None:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _root(writer: PdfWriter) -> DictionaryObject:
    return writer._root_object


def _js_names(writer: PdfWriter) -> None:
    """Document-level JavaScript: the names tree, run when the file opens."""
    script = writer._add_object(javascript())
    tree = writer._add_object(_dict(Names=ArrayObject([TextStringObject("buka"), script])))
    _root(writer)[_name("/Names")] = _dict(JavaScript=tree)


def _open_js(writer: PdfWriter) -> None:
    _root(writer)[_name("/OpenAction")] = javascript()


def _open_launch(writer: PdfWriter) -> None:
    _root(writer)[_name("/OpenAction")] = writer._add_object(launch())


def _catalog_aa(writer: PdfWriter) -> None:
    _root(writer)[_name("/AA")] = _dict(WC=javascript())


def _page_aa(writer: PdfWriter) -> None:
    writer.pages[0][_name("/AA")] = _dict(O=writer._add_object(javascript()))


def _annotation_aa(writer: PdfWriter) -> None:
    _annotate(writer, _dict(Subtype=_name("/Link"), AA=_dict(E=javascript())))


def _link_launch(writer: PdfWriter) -> None:
    _annotate(writer, _dict(Subtype=_name("/Link"), A=launch()))


def _embedded_files(writer: PdfWriter) -> None:
    writer.add_attachment("lampiran.txt", b"isi lampiran")


def _file_attachment(writer: PdfWriter) -> None:
    _annotate(writer, _dict(Subtype=_name("/FileAttachment"), FS=_file_stream(writer)))


def _xfa(writer: PdfWriter) -> None:
    template = DecodedStreamObject()
    template.set_data(b"<template xmlns='http://www.xfa.org/schema/xfa-template/3.3/'/>")
    _root(writer)[_name("/AcroForm")] = _dict(
        Fields=ArrayObject(), XFA=ArrayObject([TextStringObject("template"),
                                               writer._add_object(template)]))


def _outline_js(writer: PdfWriter) -> None:
    outlines = writer._add_object(_dict(Type=_name("/Outlines"), Count=NumberObject(1)))
    item = writer._add_object(_dict(Title=TextStringObject("Buka"), Parent=outlines,
                                    A=javascript()))
    outlines.get_object().update({_name("/First"): item, _name("/Last"): item})
    _root(writer)[_name("/Outlines")] = outlines


def _js_behind_a_cycle(writer: PdfWriter) -> None:
    """Go to the page, then (/Next) run JavaScript whose /Next is the first action again."""
    page = writer.pages[0].indirect_reference
    goto = writer._add_object(_dict(S=_name("/GoTo"), D=ArrayObject([page, _name("/Fit")])))
    script = writer._add_object(javascript())
    goto.get_object()[_name("/Next")] = script
    script.get_object()[_name("/Next")] = goto
    _root(writer)[_name("/OpenAction")] = goto


ACTIVE = {
    "javascript_in_names": (_js_names, "JavaScript"),
    "open_action_javascript": (_open_js, "JavaScript"),
    "open_action_launch": (_open_launch, "/Launch"),
    "catalog_additional_actions": (_catalog_aa, "/AA"),
    "page_additional_actions": (_page_aa, "/AA"),
    "annotation_additional_actions": (_annotation_aa, "/AA"),
    "link_that_launches": (_link_launch, "/Launch"),
    "embedded_files": (_embedded_files, "/EmbeddedFiles"),
    "file_attachment_annotation": (_file_attachment, "/FileAttachment"),
    "xfa_form": (_xfa, "XFA"),
    "javascript_in_an_outline": (_outline_js, "JavaScript"),
    "javascript_behind_a_cycle": (_js_behind_a_cycle, "JavaScript"),
}
"""case → (what adds it to a signed copy, what the refusal names)."""


def _open_on_page(writer: PdfWriter) -> None:
    page = writer.pages[0].indirect_reference
    _root(writer)[_name("/OpenAction")] = ArrayObject(
        [page, _name("/XYZ"), NullObject(), NullObject(), FloatObject(0)])


def _open_goto(writer: PdfWriter) -> None:
    page = writer.pages[0].indirect_reference
    _root(writer)[_name("/OpenAction")] = _dict(S=_name("/GoTo"),
                                                D=ArrayObject([page, _name("/Fit")]))


def _web_link(writer: PdfWriter) -> None:
    _annotate(writer, _dict(Subtype=_name("/Link"), A=_dict(
        S=_name("/URI"), URI=TextStringObject("https://arsip.slemankab.go.id/"))))


# --- the check ------------------------------------------------------------------------------


@pytest.mark.parametrize("change", [None, _open_on_page, _open_goto, _web_link],
                         ids=["plain", "opens_on_a_page", "opens_with_go_to", "web_link"])
def test_a_plain_signed_pdf_is_recognised(change):
    data = signed_pdf(change)
    assert signed.active_content(data) == []
    found = signed.check_signed_copy(data, RECORD)
    assert found.mime == "application/pdf" and found.number_in_text


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_active_content_is_refused_in_both_languages(case):
    change, named = ACTIVE[case]
    data = signed_pdf(change)
    assert named in signed.active_content(data)
    with pytest.raises(archive.SignedCopyRefused) as caught:
        signed.check_signed_copy(data, RECORD)
    assert caught.value.code == "signed_active"
    message_id, message_en = caught.value.message("id"), caught.value.message("en")
    assert named in message_id and named in message_en
    assert "konten aktif" in message_id and "PDF/A" in message_id
    assert "active content" in message_en and "PDF/A forbids" in message_en


def test_the_walk_is_bounded(monkeypatch):
    monkeypatch.setattr(signed, "MAX_OBJECTS", 3)
    with pytest.raises(archive.SignedCopyRefused) as caught:
        signed.check_signed_copy(signed_pdf(_outline_js), RECORD)
    assert caught.value.code == "signed_unreadable"


def test_a_pdf_issued_by_libreoffice_has_no_active_content():
    """The PDF/A LibreOffice writes opens on its first page: a destination, not an action."""
    def like_libreoffice(writer: PdfWriter) -> None:
        _open_on_page(writer)
        _root(writer)[_name("/ViewerPreferences")] = _dict(
            DisplayDocTitle=NameObject("/true"))
        _root(writer)[_name("/MarkInfo")] = _dict(Marked=NameObject("/true"))

    assert signed.active_content(signed_pdf(like_libreoffice)) == []


# --- filing: refused, logged, nothing stored --------------------------------------------------


def _issue(session, record, storage, store):
    from datetime import date

    return archive.finalize(session, record, "spt", storage=storage, base_dir=store.home,
                            issued=date(2026, 11, 29), verify_base="https://arsip.contoh.go.id")


@pytest.mark.parametrize("case", ["open_action_javascript", "embedded_files", "xfa_form",
                                  "annotation_additional_actions"])
def test_filing_refuses_active_content_logs_it_and_stores_nothing(session, setup, storage,
                                                                  store, case):
    _office, user, record = setup
    entry = _issue(session, record, storage, store)
    keys_before = set(storage.stored_keys())
    data = signed_pdf(ACTIVE[case][0], number=entry.number)
    with pytest.raises(archive.SignedCopyRefused) as caught:
        archive.file_signed_copy(session, entry, data, "ttd.pdf", user, storage=storage)
    assert caught.value.code == "signed_active"
    assert session.scalars(select(ArchiveFile).where(
        ArchiveFile.role == "signed_copy")).all() == []
    assert set(storage.stored_keys()) == keys_before
    refused = session.scalars(select(ArchiveEvent).where(
        ArchiveEvent.event == "signed_copy_refused")).one()
    assert refused.record_id == entry.id and refused.outcome == "refused"
    assert "konten aktif" in refused.detail and ACTIVE[case][1] in refused.detail

    plain = archive.file_signed_copy(session, entry, signed_pdf(number=entry.number),
                                     "ttd.pdf", user, storage=storage)
    assert plain.mime == "application/pdf"
