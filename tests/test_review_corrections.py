"""A correction on the path of a letter (docgen.review): a new version of an issued document
is submitted, initialled and approved by the signer like its first issue; only the approval
issues it (a new number, the record it corrects), and its record's log holds its own path."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docgen import archive, review
from docgen.store import ArchiveEvent, Review
from tests.archive_fixtures import *  # noqa: F403 (store, storage, session, setup, people)
from tests.helpers import docx_text, squash
from tests.test_review import A, B, _chain, _numbers, _options


def _log(session, record):
    return [(e.event, e.actor_name.split(" <")[0], e.detail) for e in session.scalars(
        select(ArchiveEvent).where(ArchiveEvent.record_id == record.id)
        .order_by(ArchiveEvent.at, ArchiveEvent.id))]


def _issued(session, record, people, storage, store):
    """The SPT issued through the chain (Kasubbag's paraf, the signer's approval)."""
    sent = review.submit(session, record, "spt", 0, people["staff"], A)
    review.initial(session, sent, people["kasubbag"], A)
    return review.approve(session, sent, people["signer"], A, **_options(storage, store))


def test_a_correction_goes_through_the_chain_and_only_the_approval_issues_it(
        session, setup, people, storage, store):
    office, _archivist, record = setup
    staff, kasubbag, signer = people["staff"], people["kasubbag"], people["signer"]
    _chain(session, office, people)
    first = _issued(session, record, people, storage, store)
    first_log = _log(session, first)
    numbers = _numbers(session)
    with pytest.raises(review.ReviewRefused) as refused:
        review.submit(session, record, "spt", 0, staff, B)
    assert refused.value.code == "review_already_issued", "a correction says it is one"
    sent = review.submit(session, record, "spt", 0, staff, B, correction=True)
    assert (sent.state, sent.round, sent.record_id) == ("submitted", 2, first.id)
    assert review.correcting(session, sent) == first
    assert _numbers(session) == numbers, "no number while the correction is under review"
    box = review.inbox(session, kasubbag, lambda r: B)
    assert [w.review.id for w in box.to_review] == [sent.id]
    with pytest.raises(review.ReviewRefused) as refused:  # not before the paraf
        review.approve(session, sent, signer, B, **_options(storage, store))
    assert refused.value.code == "review_not_your_turn"
    with pytest.raises(review.ReviewRefused) as refused:  # nor straight from the record page
        review.issue_directly(session, record, "spt", 0, signer, B, correction=True,
                              **_options(storage, store))
    assert refused.value.code == "review_not_your_turn"
    review.initial(session, sent, kasubbag, B)
    second = review.approve(session, sent, signer, B, **_options(storage, store))
    assert (second.version, second.corrects_id) == (2, first.id)
    assert second.number != first.number and second.number.startswith("000.1.2.3/2/")
    assert second.number in squash(docx_text(storage.get(second.storage_key)))
    assert archive.latest_issued(session, record.id, "spt", None) == second
    assert (sent.state, sent.record_id) == ("approved", second.id)
    log = _log(session, second)
    assert [(event, who) for event, who, _detail in log] == [
        ("submitted", "Rina"), ("initialled", "Budi Kasubbag"), ("approved", "Hendra"),
        ("created", "Hendra")], "the correction's own path, not the first issue's again"
    assert f"koreksi atas versi 1 ({first.number})" in log[0][2]
    assert "Kepala Subbagian Umum" in log[1][2] and f"isi sha256:{B}" in log[1][2]
    assert _log(session, first) == first_log, "the version corrected keeps its log"


def test_a_correction_returned_and_submitted_again(session, setup, people, storage, store):
    office, _archivist, record = setup
    staff, kasubbag, signer = people["staff"], people["kasubbag"], people["signer"]
    _chain(session, office, people)
    first = _issued(session, record, people, storage, store)
    sent = review.submit(session, record, "spt", 0, staff, B, correction=True)
    review.send_back(session, sent, kasubbag, "Tanggal tugas masih salah.", B)
    assert review.inbox(session, staff, lambda r: B).returned[0].progress.comment == \
        "Tanggal tugas masih salah."
    with pytest.raises(review.ReviewRefused) as refused:
        review.submit(session, record, "spt", 0, staff, B)  # not a first issue again
    assert refused.value.code == "review_already_issued"
    again = review.submit(session, record, "spt", 0, staff, A, correction=True)
    assert (again.round, again.record_id) == (3, first.id)
    review.initial(session, again, kasubbag, A)
    second = review.approve(session, again, signer, A, **_options(storage, store))
    assert second.corrects_id == first.id
    events = [event for event, _who, _detail in _log(session, second)]
    assert events == ["submitted", "returned", "submitted", "initialled", "approved",
                      "created"]


def test_nothing_issued_is_nothing_to_correct(session, setup, people, storage, store):
    _office, _archivist, record = setup
    for ask in (lambda: review.submit(session, record, "spt", 0, people["staff"], A,
                                      correction=True),
                lambda: review.issue_directly(session, record, "spt", 0, people["signer"], A,
                                              correction=True, **_options(storage, store))):
        with pytest.raises(review.ReviewRefused) as refused:
            ask()
        assert refused.value.code == "review_nothing_to_correct"
        assert "belum diterbitkan: tidak ada yang dikoreksi" in refused.value.message("id")
        assert "is not issued yet: there is nothing to correct" in refused.value.message("en")
    assert session.scalars(select(Review)).all() == [] and _numbers(session) == 0


def test_the_signer_alone_approves_a_correction_at_once(session, setup, people, storage,
                                                        store):
    _office, _archivist, record = setup
    signer, staff = people["signer"], people["staff"]
    first = review.issue_directly(session, record, "spt", 0, signer, A, access="terbatas",
                                  **_options(storage, store))
    with pytest.raises(review.ReviewRefused) as refused:
        review.issue_directly(session, record, "spt", 0, staff, B, correction=True,
                              **_options(storage, store))
    assert refused.value.code == "review_required"
    with pytest.raises(archive.FinalizeRefused) as lowered:  # the signer may not lower it
        review.issue_directly(session, record, "spt", 0, signer, B, correction=True,
                              access="biasa", **_options(storage, store))
    assert lowered.value.code == "access_lowered"
    found = review.review_of(session, record.id, "spt", 0)
    session.refresh(found)
    assert (found.state, found.round, found.record_id) == ("approved", 1, first.id), \
        "a refused correction leaves the review as it was"
    second = review.issue_directly(session, record, "spt", 0, signer, B, correction=True,
                                   access="terbatas", **_options(storage, store))
    assert (second.version, second.corrects_id, second.access) == (2, first.id, "terbatas")
    assert [event for event, _who, _detail in _log(session, second)] == [
        "approved", "created"]
    with pytest.raises(archive.FinalizeRefused):  # the same version is corrected once
        archive.finalize(session, record, "spt", user=signer, corrects=first,
                         **_options(storage, store))
