"""A wrong upload (salah unggah): the signed copy is marked with the reason, kept and never
deleted, the mark is logged and final, and the record waits for a signed copy again."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select, update

from docgen import archive, qr, review
from docgen.store import ArchiveEvent, RecordImmutable, SignedCopyWithdrawal
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.signed_fixtures import qr_scan

BASE = "https://arsip.slemankab.go.id"


@pytest.fixture
def filed(session, setup, storage, store):
    """An issued letter (no PDF/A) with one signed copy: (record, copy, user)."""
    _office, user, record = setup
    entry = archive.finalize(session, record, "coordination_letter", storage=storage,
                             base_dir=store.home, issued=date(2026, 11, 29), verify_base=BASE)
    copy = archive.file_signed_copy(session, entry, qr_scan(qr.verify_url(entry.public_id, BASE)),
                                    "salah-halaman.jpg", user, storage=storage)
    return entry, copy, user


def test_a_wrong_upload_is_marked_kept_and_logged(session, storage, filed):
    entry, copy, user = filed
    assert archive.latest_signed_copy(entry) is copy
    mark = archive.withdraw_signed_copy(session, entry, copy, "  halaman 2 terunggah,\n "
                                        "bukan yang bertanda tangan ", user)
    assert mark.reason == "halaman 2 terunggah, bukan yang bertanda tangan"
    assert mark.created_by_name == "Dewi Arsiparis <arsip@contoh.go.id>"
    assert copy.withdrawal is not None and copy.withdrawal.id == mark.id
    assert archive.latest_signed_copy(entry) is None, "waits for a signed copy again"
    assert review.awaiting_signed_copy(session, entry.office_id) == [entry]
    assert archive.signed_copies(entry) == [copy], "kept"
    assert storage.get(copy.storage_key), "the file stays stored"
    event = session.scalars(select(ArchiveEvent).where(
        ArchiveEvent.event == "signed_copy_withdrawn")).one()
    assert event.record_id == entry.id and event.actor_id == user.id
    assert event.detail == (f"salah-halaman.jpg sha256:{copy.sha256}; salah unggah: halaman 2 "
                            "terunggah, bukan yang bertanda tangan")
    # the register's signed-copy column is empty again
    import io

    from openpyxl import load_workbook

    data = archive.register_xlsx(session, entry.issued, entry.issued, "Bappeda",
                                 office_id=entry.office_id)
    rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    header, body = rows[4], rows[5]
    assert body[header.index("Salinan Bertanda Tangan")] == "belum"


def test_the_mark_is_final(session, filed):
    entry, copy, user = filed
    mark = archive.withdraw_signed_copy(session, entry, copy, "berkas keliru", user)
    with pytest.raises(RecordImmutable):
        mark.reason = "diubah"
        session.commit()
    session.rollback()
    for statement in (update(SignedCopyWithdrawal).values(reason="x"),
                      delete(SignedCopyWithdrawal)):
        with pytest.raises(Exception, match="final"):
            session.execute(statement)
            session.commit()
        session.rollback()
    assert session.scalar(select(SignedCopyWithdrawal.reason)) == "berkas keliru"


@pytest.mark.parametrize("case", ["no_reason", "twice", "pdf", "other_record"])
def test_a_mark_that_cannot_be_made_changes_nothing(session, setup, storage, store, filed,
                                                    case):
    entry, copy, user = filed
    target, reason, code = copy, "keliru", {
        "no_reason": "withdraw_reason_missing", "twice": "withdraw_already",
        "pdf": "withdraw_not_signed_copy", "other_record": "withdraw_not_signed_copy"}[case]
    if case == "no_reason":
        reason = " \n "
    elif case == "twice":
        archive.withdraw_signed_copy(session, entry, copy, "pertama kali", user)
    elif case == "other_record":
        entry = archive.finalize(session, setup[2], "spt", storage=storage, base_dir=store.home,
                                 issued=date(2026, 11, 29), verify_base=BASE)
    elif case == "pdf":
        target = archive.put_file(session, entry, "pdf", b"%PDF-1.7 x", "surat.pdf",
                                  archive.PDF, storage, user, "", [])
        session.commit()
    before = session.scalars(select(SignedCopyWithdrawal.id)).all()
    events = session.scalars(select(ArchiveEvent.id)).all()
    with pytest.raises(archive.SignedCopyRefused) as caught:
        archive.withdraw_signed_copy(session, entry, target, reason, user)
    assert caught.value.code == code
    assert caught.value.message("id") != caught.value.message("en")
    session.rollback()
    assert session.scalars(select(SignedCopyWithdrawal.id)).all() == before
    assert session.scalars(select(ArchiveEvent.id)).all() == events


def test_after_a_wrong_upload_the_right_copy_is_filed(session, storage, filed):
    entry, copy, user = filed
    archive.withdraw_signed_copy(session, entry, copy, "bukan naskah yang ditandatangani", user)
    right = archive.file_signed_copy(session, entry,
                                     qr_scan(qr.verify_url(entry.public_id, BASE), mark=3),
                                     "bertanda-tangan.jpg", user, storage=storage)
    assert archive.latest_signed_copy(entry) is right
    # the wrong file may even come back (as itself): only a standing copy counts as filed
    again = archive.file_signed_copy(session, entry, storage.get(copy.storage_key),
                                     "salah-halaman.jpg", user, storage=storage)
    assert archive.latest_signed_copy(entry) is again
    with pytest.raises(archive.SignedCopyRefused) as caught:
        archive.file_signed_copy(session, entry, storage.get(right.storage_key), "x.jpg",
                                 user, storage=storage)
    assert caught.value.code == "signed_already_filed"
