"""The path of a letter in the core (docgen.review): submit, paraf in order, return with a
comment, submit again, approve (only then a number), the log in the record's events, the
chains an office sets, statuses and inboxes; on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from docgen import archive, qr, review
from docgen.store import ArchiveEvent, ArchiveRecord, LetterNumber, Office, Review, User
from docgen.store.review_models import ReviewChain
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text, squash

ISSUED = date(2026, 11, 29)
BASE = "https://arsip.contoh.go.id"
A, B = "a" * 64, "b" * 64
"""Two contents of a draft (hashes as draft_sha256 gives them)."""


def _options(storage, store):
    return {"issued": ISSUED, "storage": storage, "base_dir": store.home, "verify_base": BASE}


def _chain(session, office, people, kind="spt"):
    return review.set_chain(session, office.id, kind, [
        {"user_id": people["kasubbag"].id, "label": "Kepala Subbagian Umum"},
        {"role": "signer", "label": "Kepala Badan"}])


def _numbers(session) -> int:
    return session.scalar(select(func.count()).select_from(LetterNumber))


def test_default_chain_the_signer_approves_and_only_then_the_number_is_taken(
        session, setup, people, storage, store):
    office, _archivist, record = setup
    staff, signer = people["staff"], people["signer"]
    sent = review.submit(session, record, "spt", 0, staff, A)
    assert (sent.state, sent.round) == ("submitted", 1)
    assert review.study_statuses(session, record.id) == {("spt", 0): "submitted"}
    assert _numbers(session) == 0, "no number while the draft is under review"
    box = review.inbox(session, signer, lambda r: A)
    assert [w.review.id for w in box.to_review] == [sent.id]
    assert box.to_review[0].progress.at_signer
    assert [w.review.id for w in review.inbox(session, staff, lambda r: A).submitted] == [sent.id]
    with pytest.raises(review.ReviewRefused) as refused:
        review.approve(session, sent, staff, A, **_options(storage, store))
    assert refused.value.code == "review_not_your_turn"
    assert "Penandatangan" in refused.value.message("id")
    assert "Signing official" in refused.value.message("en")
    with pytest.raises(review.ReviewRefused) as refused:
        review.initial(session, sent, signer, A)
    assert refused.value.code == "review_approve_instead"
    entry = review.approve(session, sent, signer, A, **_options(storage, store))
    assert entry.number == "000.1.2.3/1/Bappeda/2026"
    assert "000.1.2.3/1/Bappeda/2026" in squash(docx_text(storage.get(entry.storage_key)))
    assert (sent.state, sent.record_id) == ("approved", entry.id)
    assert review.study_statuses(session, record.id) == {("spt", 0): "issued"}
    events = session.scalars(select(ArchiveEvent).where(ArchiveEvent.record_id == entry.id)
                             .order_by(ArchiveEvent.at, ArchiveEvent.id)).all()
    kinds = [e.event for e in events]
    assert kinds[0] == "submitted" and "approved" in kinds and "created" in kinds
    submitted = events[0]
    assert submitted.actor_name == "Rina <rina@contoh.go.id>"
    assert f"isi sha256:{A}" in submitted.detail
    assert submitted.at == sent.events[0].at, "the log keeps its own moments"
    with pytest.raises(review.ReviewRefused) as refused:
        review.submit(session, record, "spt", 0, staff, A)
    assert refused.value.code == "review_already_issued"


def test_returned_with_a_comment_fixed_submitted_again_initialled_approved(
        session, setup, people, storage, store):
    office, archivist, record = setup
    staff, kasubbag, signer = people["staff"], people["kasubbag"], people["signer"]
    _chain(session, office, people)
    sent = review.submit(session, record, "spt", 0, staff, A)
    assert review.inbox(session, signer, lambda r: A).to_review == []
    assert len(review.inbox(session, kasubbag, lambda r: A).to_review) == 1
    with pytest.raises(review.ReviewRefused) as refused:
        review.approve(session, sent, signer, A, **_options(storage, store))
    assert refused.value.code == "review_not_your_turn"
    assert "Kepala Subbagian Umum (Budi Kasubbag)" in refused.value.message("id")
    review.initial(session, sent, kasubbag, A)
    with pytest.raises(review.ReviewRefused) as refused:
        review.initial(session, sent, kasubbag, A)
    assert refused.value.code == "review_not_your_turn", "a paraf is given once"
    for empty in ("", "   ", None):
        with pytest.raises(review.ReviewRefused) as refused:
            review.send_back(session, sent, signer, empty, A)
        assert refused.value.code == "review_comment_required"
    with pytest.raises(review.ReviewRefused):
        review.send_back(session, sent, signer, "x" * (review.COMMENT_MAX + 1), A)
    session.refresh(sent)
    assert sent.state == "submitted" and len(sent.events) == 2, "nothing stored on refusal"
    review.send_back(session, sent, signer, "Dasar hukum belum memuat DPA 2027.", A)
    assert review.study_statuses(session, record.id) == {("spt", 0): "returned"}
    back = review.inbox(session, staff, lambda r: A).returned
    assert [w.progress.comment for w in back] == ["Dasar hukum belum memuat DPA 2027."]
    assert back[0].progress.returned_by == "Hendra <kepala@contoh.go.id>"
    assert review.inbox(session, signer, lambda r: A).to_review == []
    with pytest.raises(review.ReviewRefused) as refused:
        review.issue_directly(session, record, "spt", 0, signer, B, **_options(storage, store))
    assert refused.value.code == "review_returned_first"
    again = review.submit(session, record, "spt", 0, staff, B)
    assert (again.id, again.round, again.state) == (sent.id, 2, "submitted")
    now = review.progress(again, B)
    assert now.current.index == 0 and now.paraf == [], "an earlier round's paraf do not count"
    review.initial(session, again, kasubbag, B)
    entry = review.approve(session, again, signer, B, **_options(storage, store))
    assert entry.number.startswith("000.1.2.3/1/")
    log = [(e.event, e.actor_name.split(" <")[0]) for e in session.scalars(
        select(ArchiveEvent).where(ArchiveEvent.record_id == entry.id,
                                   ArchiveEvent.event != "created")
        .order_by(ArchiveEvent.at, ArchiveEvent.id))]
    assert log == [("submitted", "Rina"), ("initialled", "Budi Kasubbag"),
                   ("returned", "Hendra"), ("submitted", "Rina"),
                   ("initialled", "Budi Kasubbag"), ("approved", "Hendra")]
    returned = session.scalars(select(ArchiveEvent).where(
        ArchiveEvent.record_id == entry.id, ArchiveEvent.event == "returned")).one()
    assert "catatan: Dasar hukum belum memuat DPA 2027." in returned.detail
    assert review.inbox(session, archivist, lambda r: B).awaiting_copy == [entry]


def test_a_change_after_the_paraf_sends_it_back_to_that_reviewer(
        session, setup, people, storage, store):
    office, _archivist, record = setup
    staff, kasubbag, signer = people["staff"], people["kasubbag"], people["signer"]
    _chain(session, office, people)
    sent = review.submit(session, record, "spt", 0, staff, A)
    review.initial(session, sent, kasubbag, A)
    assert review.progress(sent, A).at_signer
    changed = review.progress(sent, B)
    assert changed.current.index == 0 and changed.changed
    assert [p.changed for p in changed.paraf] == [True]
    with pytest.raises(review.ReviewRefused) as refused:
        review.approve(session, sent, signer, B, **_options(storage, store))
    assert refused.value.code == "review_not_your_turn"
    assert _numbers(session) == 0
    assert [w.review.id for w in review.inbox(session, kasubbag, lambda r: B).to_review] == \
        [sent.id]
    review.initial(session, sent, kasubbag, B)
    assert review.progress(sent, B).at_signer and not review.progress(sent, B).changed


def test_who_may_take_each_step(session, setup, people, storage, store):
    office, archivist, record = setup
    staff, kasubbag, signer = people["staff"], people["kasubbag"], people["signer"]
    for user in (signer, archivist):
        with pytest.raises(review.ReviewRefused) as refused:
            review.submit(session, record, "spt", 0, user, A)
        assert refused.value.code == "review_not_submitter"
    review.set_chain(session, office.id, "spt", [{"user_id": staff.id},
                                                 {"role": "signer"}])
    sent = review.submit(session, record, "spt", 0, staff, A)
    with pytest.raises(review.ReviewRefused) as refused:
        review.initial(session, sent, staff, A)
    assert refused.value.code == "review_own_draft"
    with pytest.raises(review.ReviewRefused) as refused:
        review.submit(session, record, "spt", 0, kasubbag, A)
    assert refused.value.code == "review_already_submitted"
    with pytest.raises(review.ReviewRefused) as refused:
        review.submit(session, record, "spt", 5, staff, A)
    assert refused.value.code == "review_not_ready"
    other = Office(name="Dinas Lain", profile=record.study.office)
    stranger = User(office=other, email="s@lain.go.id", name="S", role="signer",
                    password_hash="x")
    session.add_all([other, stranger])
    session.commit()
    with pytest.raises(review.ReviewRefused) as refused:
        review.send_back(session, sent, stranger, "bukan kantornya", A)
    assert refused.value.code == "review_not_your_turn"


def test_issuing_directly_is_the_signers_approval_where_the_signer_alone_reviews(
        session, setup, people, storage, store):
    office, archivist, record = setup
    staff, signer = people["staff"], people["signer"]
    for user in (staff, archivist):
        with pytest.raises(review.ReviewRefused) as refused:
            review.issue_directly(session, record, "spt", 0, user, A,
                                  **_options(storage, store))
        assert refused.value.code == "review_required"
    entry = review.issue_directly(session, record, "spt", 0, signer, A,
                                  **_options(storage, store))
    assert entry.number and entry.created_by_id == signer.id
    events = [e.event for e in session.scalars(select(ArchiveEvent).where(
        ArchiveEvent.record_id == entry.id))]
    assert "approved" in events and "submitted" not in events
    _chain(session, office, people, "nota_dinas")
    with pytest.raises(review.ReviewRefused) as refused:
        review.issue_directly(session, record, "nota_dinas", 0, signer, A,
                              **_options(storage, store))
    assert refused.value.code == "review_required"
    assert "Kepala Subbagian Umum (Budi Kasubbag) → Kepala Badan (Penandatangan)" in \
        refused.value.message("id")
    assert session.scalar(select(func.count()).select_from(ArchiveRecord)) == 1


def test_an_office_sets_its_chains_and_a_bad_one_is_refused_whole(session, setup, people):
    office, archivist, _record = setup
    kasubbag = people["kasubbag"]
    assert review.chain_for(session, office.id, "spt") == [{"role": "signer", "label": ""}]
    review.set_chain(session, office.id, review.ANY_KIND, [
        {"user_id": kasubbag.id, "label": "  Kasubbag   Umum "}, {"role": "signer"}])
    assert review.chain_for(session, office.id, "spt")[0] == {"user_id": kasubbag.id,
                                                              "label": "Kasubbag Umum"}
    review.set_chain(session, office.id, "spt", [{"user_id": people["signer"].id}])
    assert review.chain_for(session, office.id, "spt") == [
        {"user_id": people["signer"].id, "label": ""}]
    other = Office(name="Dinas Lain", profile={})
    stranger = User(office=other, email="s@lain.go.id", name="S", role="signer",
                    password_hash="x")
    session.add_all([other, stranger])
    session.commit()
    bad = {
        "chain_empty": [],
        "chain_last_not_signer": [{"role": "signer"}, {"user_id": kasubbag.id}],
        "chain_user_unknown": [{"user_id": stranger.id}],
        "chain_role_unknown": [{"role": "bupati"}],
        "chain_step_choice": [{"user_id": kasubbag.id, "role": "signer"}],
        "chain_too_long": [{"role": "signer"}] * 9,
        "chain_label_too_long": [{"role": "signer", "label": "x" * 201}],
    }
    for code, steps in bad.items():
        with pytest.raises(review.ChainInvalid) as refused:
            review.set_chain(session, office.id, "spt", steps)
        assert code in [p.code for p in refused.value.problems], code
    problems = refused.value.problems
    assert problems[0].path == "steps[0].label"
    with pytest.raises(review.ChainInvalid) as refused:
        review.set_chain(session, office.id, "surat_cinta", [{"role": "signer"}])
    assert refused.value.problems[0].code == "chain_kind_unknown"
    assert review.chain_for(session, office.id, "spt") == [
        {"user_id": people["signer"].id, "label": ""}], "nothing changed"
    review.reset_chain(session, office.id, "spt")
    assert review.chain_for(session, office.id, "spt")[0]["user_id"] == kasubbag.id
    assert session.scalar(select(func.count()).select_from(ReviewChain)) == 1


def test_the_draft_hash_follows_what_the_letter_says(setup):
    _office, _user, record = setup
    study = record.study
    first = review.draft_sha256(study, "spt", 0)
    assert first == review.draft_sha256(study, "spt", 0), "the same content, the same hash"
    assert first != review.draft_sha256(study, "nota_dinas", 0)
    study.plan.team[0].name = study.plan.team[0].name + " Jr"
    assert review.draft_sha256(study, "spt", 0) != first, "a traveller renamed in the SPT"


def test_signed_copy_ends_the_wait(session, setup, people, storage, store):
    _office, archivist, record = setup
    entry = review.issue_directly(session, record, "spt", 0, people["signer"], A,
                                  **_options(storage, store))
    assert review.awaiting_signed_copy(session, entry.office_id) == [entry]
    scan = _scan(qr.verify_url(entry.public_id, BASE))
    archive.file_signed_copy(session, entry, scan, "ttd.jpg", archivist, storage=storage)
    assert review.awaiting_signed_copy(session, entry.office_id) == []
    assert review.study_statuses(session, record.id) == {("spt", 0): "signed"}
    assert review.status_label("signed") == "bertanda tangan"
    assert session.scalar(select(func.count()).select_from(Review)) == 1


def _scan(url: str) -> bytes:
    from PIL import Image

    page = Image.new("L", (874, 1240), 255)
    page.paste(Image.open(io.BytesIO(qr.qr_png(url, scale=4))), (500, 900))
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=90)
    return out.getvalue()
