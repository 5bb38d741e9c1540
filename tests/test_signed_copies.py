"""A signed copy must be signed: the issued PDF/A itself, or a file whose pages equal it with
nothing added, is refused with a clear message in both languages and nothing is stored; a
scan, the PDF/A with a signature drawn on it, or a digitally signed PDF is filed. Real PDF/A
made by LibreOffice, compared by poppler."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from docgen import archive, signed_pages
from docgen.example import example_study
from docgen.pdf import soffice
from docgen.preview import pdftoppm
from docgen.store import ArchiveEvent, ArchiveFile, Office, Store, StudyRecord, User
from tests import signed_fixtures as make

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice() is None or pdftoppm() is None,
                       reason="LibreOffice (soffice) and poppler (pdftoppm) are needed"),
]
BASE = "https://arsip.slemankab.go.id"


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """A coordination letter issued with its PDF/A, once for the module: (store, storage,
    record id, PDF/A bytes). Each test files different files on it."""
    home = tmp_path_factory.mktemp("signed")
    store = Store(f"sqlite:///{home / 'docgen.db'}", home=home)
    store.upgrade()
    storage = archive.LocalStorage(archive.archive_dir(home))
    with store.session() as session:
        study = example_study()
        office = Office(name="Bappeda Kabupaten Sleman", profile=study.office)
        user = User(office=office, email="arsip@contoh.go.id", name="Dewi Arsiparis",
                    role="archivist", password_hash="x")
        record = StudyRecord(office=office, data=study)
        session.add_all([office, user, record])
        session.commit()
        entry = archive.finalize(session, record, "coordination_letter", storage=storage,
                                 base_dir=store.home, issued=date(2026, 11, 29),
                                 verify_base=BASE, pdf=True, user=user)
        [kept] = [f for f in entry.files if f.role == "pdf"]
        pdf = storage.get(kept.storage_key)
        entry_id = entry.id
    yield store, storage, entry_id, pdf
    store.dispose()


def _file(issued, data: bytes, name: str):
    store, storage, entry_id, _pdf = issued
    with store.session() as session:
        entry = session.get(archive.ArchiveRecord, entry_id)
        user = session.scalar(select(User))
        row = archive.file_signed_copy(session, entry, data, name, user, storage=storage)
        event = session.scalars(select(ArchiveEvent).where(
            ArchiveEvent.record_id == entry_id, ArchiveEvent.event == "signed_copy_filed")
            .order_by(ArchiveEvent.id.desc())).first()
        return row.id, row.filename, event.detail


def _refused(issued, data: bytes, name: str) -> archive.SignedCopyRefused:
    store, storage, entry_id, _pdf = issued
    keys = set(storage.stored_keys())
    with store.session() as session:
        entry = session.get(archive.ArchiveRecord, entry_id)
        files = session.scalars(select(ArchiveFile.id)).all()
        with pytest.raises(archive.SignedCopyRefused) as caught:
            archive.file_signed_copy(session, entry, data, name, storage=storage)
        assert session.scalars(select(ArchiveFile.id)).all() == files, "nothing stored"
        last = session.scalars(select(ArchiveEvent).where(ArchiveEvent.record_id == entry_id)
                               .order_by(ArchiveEvent.id.desc())).first()
        assert (last.event, last.outcome) == ("signed_copy_refused", "refused")
        assert last.detail.startswith(f"{name}: ")
    assert set(storage.stored_keys()) == keys
    exc = caught.value
    assert exc.message("id") != exc.message("en")
    return exc


def test_the_issued_pdfa_itself_is_refused(issued):
    exc = _refused(issued, issued[3], "surat.pdf")
    assert exc.code == "signed_is_issued"
    assert "belum ditandatangani" in exc.message("id")
    assert "not signed" in exc.message("en")


@pytest.mark.parametrize("variant", ["saved_again", "image_pdf"])
def test_the_same_pages_with_nothing_added_are_refused(issued, variant):
    data = getattr(make, variant)(issued[3])
    exc = _refused(issued, data, f"{variant}.pdf")
    assert exc.code == "signed_unchanged"
    assert exc.message("id").startswith("halaman berkas ini sama dengan naskah yang "
                                        "diterbitkan (2 halaman), tanpa tanda tangan atau cap")
    assert "with no signature or stamp added" in exc.message("en")


@pytest.mark.parametrize(("dpi", "fmt", "page"), [(110, "PNG", 0), (150, "JPEG", 1)])
def test_a_page_exported_as_an_image_is_refused(issued, dpi, fmt, page):
    exc = _refused(issued, make.page_image(issued[3], dpi, fmt, page), f"halaman.{fmt}")
    assert (exc.code, exc.values) == ("signed_unchanged_page", {"page": page + 1})
    assert f"halaman {page + 1} naskah yang diterbitkan" in exc.message("id")


def test_a_small_paraf_is_not_a_signature(issued):
    exc = _refused(issued, make.drawn_on(issued[3], make.PARAF, page=1), "paraf.pdf")
    assert exc.code == "signed_unchanged"


def test_the_pdfa_with_a_signature_drawn_on_it_is_filed(issued):
    _id, name, detail = _file(issued, make.drawn_on(issued[3]), "ditandatangani.pdf")
    assert name == "ditandatangani.pdf"
    assert "nomor cocok" in detail and "QR cocok" in detail
    changed = [int(n) for n in re.findall(r"hlm \d (\d+) piksel", detail)]
    assert changed[0] >= 5 * signed_pages.ADDED_PIXELS and changed[1] == 0, detail


def test_a_scan_of_the_signed_paper_is_filed(issued):
    _id, _name, detail = _file(issued, make.scan(issued[3]), "pindaian.jpg")
    assert "image/jpeg" in detail and "gambar berbeda dari setiap halaman" in detail


def test_a_signed_page_exported_as_an_image_is_filed(issued):
    data = make.page_image(issued[3], 150, "PNG", draw_signature=True)
    _id, _name, detail = _file(issued, data, "halaman-ttd.png")
    assert "gambar berbeda" in detail


def test_a_digitally_signed_pdf_is_filed_without_comparing_pages(issued):
    _id, _name, detail = _file(issued, make.digitally_signed(issued[3]), "tte.pdf")
    assert "bertanda tangan digital" in detail


def test_the_same_signed_copy_twice_is_refused(issued):
    data = make.drawn_on(issued[3], make.SIGNATURE.replace("330 250", "320 250"))
    _file(issued, data, "pertama.pdf")
    exc = _refused(issued, data, "kedua.pdf")
    assert exc.code == "signed_already_filed"
    assert "pertama.pdf" in exc.message("id") and "pertama.pdf" in exc.message("en")


def test_without_poppler_a_re_saved_copy_is_still_refused(issued, monkeypatch):
    """Step 2 (the same drawing) needs no tool; what only pictures can tell is accepted and
    said so in the log."""
    monkeypatch.setattr(signed_pages, "pdftoppm", lambda: None)
    assert _refused(issued, make.saved_again(issued[3]), "lagi.pdf").code == "signed_unchanged"
    data = make.drawn_on(issued[3], make.SIGNATURE.replace("330 250", "300 240"))
    _id, _name, detail = _file(issued, data, "tanpa-poppler.pdf")
    assert "halaman tidak dibandingkan (pdftoppm tidak ada)" in detail
