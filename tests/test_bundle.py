"""The archive's package names each issued paper from its register entry: a folder per
stage, the kind, whom it is for (the traveller, the host without the position heading it),
the version of a correction; the PDF/A and signed copies beside it."""

from __future__ import annotations

from datetime import date

from docgen import archive, catalog
from docgen.bundle import archived_path, stage_folder
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)

BASE = "https://arsip.slemankab.go.id"


def _issue(session, record, storage, store, kind, item=None, **kw):
    return archive.finalize(session, record, kind, item=item, storage=storage,
                            base_dir=store.home, issued=date(2026, 11, 29), verify_base=BASE,
                            **kw)


def test_the_package_names_papers_by_stage_kind_and_whom(session, setup, storage, store,
                                                         tmp_path):
    _office, _user, record = setup
    spd = _issue(session, record, storage, store, "spd", 1)
    first = _issue(session, record, storage, store, "spt")
    second = _issue(session, record, storage, store, "spt", corrects=first)
    bag = archive.export_bag(session, tmp_path / "bag", [spd, first, second], storage,
                             external_identifier="uji")
    objects = bag / "data" / "objects"
    names = sorted(p.relative_to(objects).as_posix() for p in objects.rglob("*.docx"))
    assert names == ["4-koordinasi-dan-persiapan/spd-rina-kartikasari.docx",
                     "4-koordinasi-dan-persiapan/surat-perintah-tugas-versi-2.docx",
                     "4-koordinasi-dan-persiapan/surat-perintah-tugas.docx"]
    metadata = (bag / "data" / "metadata" / "metadata.csv").read_text(encoding="utf-8")
    assert "objects/4-koordinasi-dan-persiapan/spd-rina-kartikasari.docx" in metadata


def test_names_come_from_the_entry_not_the_study_as_it_is_now():
    letter = catalog.KINDS["coordination_letter"]
    assert archived_path(letter, 0, "Kepala Badan Pengelolaan Keuangan dan Pajak Daerah Kota "
                         "Surabaya") == ("4-koordinasi-dan-persiapan/surat-permohonan-"
                                         "kunjungan-badan-pengelolaan-keuangan-dan-pajak.docx")
    notes = catalog.KINDS["notulen"]
    assert archived_path(notes, 1, "", version=3, suffix=".pdf") == \
        "5-pelaksanaan/notulen-2-versi-3.pdf"
    assert [stage_folder(n) for n in (1, 7, 9)] == [
        "1-identifikasi-tujuan-dan-kebutuhan", "7-pelaporan-dan-diseminasi", "9-lainnya"]
