"""The demo's issued letters went through the path of a letter: each record page lists
submitted (the demo staff), paraf (the Kepala Subbagian Umum), approved and issued (the
signer), in that order and at moments one after the other, as a real issue records it."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import func, select

from docgen import review
from docgen.store import ArchiveEvent, ArchiveRecord, Office, User
from docgen.store.demo import DEMO_ISSUED, DEMO_OFFICE, DEMO_REVIEWER, DEMO_USERS
from docgen.store.review_models import Review

ROW = re.compile(r'<tr data-event="([a-z_]+)">(.*?)</tr>', re.S)
CELL = re.compile(r'<td[^>]*data-label="([^"]+)"[^>]*>(.*?)</td>', re.S)
STAFF, SIGNER = DEMO_USERS[0][2], DEMO_USERS[1][2]
REVIEWER = next(name for _, email, name in DEMO_USERS if email == DEMO_REVIEWER)


def page_events(page: str) -> list[tuple[str, str, str]]:
    """The record page's event log: (event, by, detail) per row, top to bottom."""
    rows = []
    for event, cells in ROW.findall(page):
        found = {label: unescape(re.sub(r"<[^>]+>", "", value)).strip()
                 for label, value in CELL.findall(cells)}
        rows.append((event, found["Oleh"], found["Rincian"]))
    return rows


def test_each_demo_record_shows_its_path(app, login):
    client = login("archivist")
    store = app.extensions["docgen_store"]
    with store.session() as session:
        records = list(session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)))
        assert [r.kind for r in records] == list(DEMO_ISSUED)
        moments = {r.id: [e.at for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == r.id)
            .order_by(ArchiveEvent.at, ArchiveEvent.id))] for r in records}
        reviews = {r.record_id: r for r in session.scalars(select(Review))}
        for record in records:
            found = reviews[record.id]
            assert (found.state, found.round, found.submitted_by_name.split(" <")[0]) == \
                ("approved", 1, STAFF)
            assert [e.event for e in found.events] == ["submitted", "initialled", "approved"]
            assert record.created_by_name.split(" <")[0] == SIGNER
    for record in records:
        page = client.get(f"/arsip/{record.id}").get_data(as_text=True)
        events = page_events(page)
        assert [(e, by) for e, by, _ in events] == [
            ("submitted", STAFF), ("initialled", REVIEWER), ("approved", SIGNER),
            ("created", SIGNER)], record.kind
        # the details without the hashes of the content (and the word naming them)
        assert [detail for _, _, detail in events] == [
            "—", f"Kepala Subbagian Umum ({REVIEWER})", "Kepala Badan (Penandatangan)",
            record.number]
        at = moments[record.id]
        assert at == sorted(at) and len(set(at)) == len(at)
        # submitted and initialled on a working day before the letter's date (the
        # approval and the issue are at the moment the demo was made)
        assert at[0].date() < record.issued and at[0].weekday() < 5
        assert at[1].date() == at[0].date()


def test_demo_office_keeps_the_default_chain(app, make_app):
    """The chain the demo letters went through stays in their reviews; a new letter of the
    demo office waits for the signer alone, and starting the demo again adds nothing."""
    store = app.extensions["docgen_store"]
    with store.session() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        reviewer = session.scalar(select(User).where(User.email == DEMO_REVIEWER))
        for kind in DEMO_ISSUED:
            assert review.chain_for(session, office.id, kind) == list(review.DEFAULT_CHAIN)
        chains = [r.chain for r in session.scalars(select(Review))]
        assert chains == [[{"user_id": reviewer.id, "label": "Kepala Subbagian Umum"},
                           {"role": "signer", "label": "Kepala Badan"}]] * len(DEMO_ISSUED)
    make_app()  # the demo started again
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Review)) == len(DEMO_ISSUED)
        assert session.scalar(select(func.count()).select_from(ArchiveRecord)) == \
            len(DEMO_ISSUED)
