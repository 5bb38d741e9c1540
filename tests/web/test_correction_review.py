"""A correction from the record page goes through the path of a letter: staff submit it,
the signer approves it (the chain of the demo office: the signer alone), and only the
approval issues the new version; a correction not submitted is refused to staff."""

from __future__ import annotations

import re

from sqlalchemy import select

from docgen.store import ArchiveEvent, ArchiveRecord, Review
from tests.web.pages import csrf_token, fresh_demo_study, sign_in

ISSUE = {"classification": "000.1.2.3", "access": "biasa"}


def _records(app, study_id):
    with app.extensions["docgen_store"].session() as session:
        return [(r.id, r.version, r.corrects_id, r.number) for r in session.scalars(
            select(ArchiveRecord).where(ArchiveRecord.study_id == study_id)
            .order_by(ArchiveRecord.id))]


def _log(app, record_id):
    with app.extensions["docgen_store"].session() as session:
        return [(e.event, e.actor_name.split(" <")[0], e.detail) for e in session.scalars(
            select(ArchiveEvent).where(ArchiveEvent.record_id == record_id)
            .order_by(ArchiveEvent.at, ArchiveEvent.id))]


def _switch(app, client, role):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    sign_in(app, client, role)


def _issued_spt(app, login, post_form, ref):
    login("signer")
    study_id = fresh_demo_study(app, ref)
    response = post_form(f"/studies/{study_id}/documents/spt/0/issue", ISSUE,
                         form_page=f"/studies/{study_id}/documents")
    assert response.status_code == 302
    return study_id, int(response.headers["Location"].rsplit("/", 1)[1])


def test_staff_submit_a_correction_and_the_signers_approval_issues_it(
        app, client, login, post_form):
    study_id, first = _issued_spt(app, login, post_form, "sb-uji-koreksi-alur")
    _switch(app, client, "staff")
    page = client.get(f"/arsip/{first}").get_data(as_text=True)
    assert 'id="correction-review"' in page and "Ajukan koreksi untuk diperiksa" in page
    assert f'action="/arsip/{first}/correction"' not in page, "staff do not issue it"
    refused = post_form(f"/arsip/{first}/correction", ISSUE, form_page=f"/arsip/{first}",
                        follow_redirects=True)
    assert "harus diajukan dan diparaf" in refused.get_data(as_text=True)
    assert len(_records(app, study_id)) == 1, "nothing issued without the review"
    sent = post_form(f"/studies/{study_id}/documents/spt/0/submit", {"correction": "1"},
                     form_page=f"/arsip/{first}")
    assert sent.headers["Location"].endswith(f"/arsip/{first}#correction")
    page = client.get(f"/arsip/{first}").get_data(as_text=True)
    assert 'data-status="submitted"' in page and "Menunggu: Penandatangan" in page
    assert "Ajukan koreksi untuk diperiksa" not in page
    assert len(_records(app, study_id)) == 1, "no number while it is under review"
    _switch(app, client, "signer")
    home = client.get("/").get_data(as_text=True)
    assert f'href="/arsip/{first}#correction-review">Koreksi: Surat Perintah Tugas' in home
    page = client.get(f"/arsip/{first}").get_data(as_text=True)
    assert "Setujui dan terbitkan koreksi" in page
    approved = post_form(f"/arsip/{first}/correction", {**ISSUE, "issued": ""},
                         form_page=f"/arsip/{first}")
    assert approved.status_code == 302, approved.get_data(as_text=True)
    [(_id, _v, _c, number), (second, version, corrects, new_number)] = _records(app, study_id)
    assert (version, corrects) == (2, first) and new_number != number
    log = _log(app, second)  # (a PDF/A may follow where LibreOffice is installed)
    assert [(event, who) for event, who, _detail in log[:3]] == [
        ("submitted", "Rina Staf (demo)"), ("approved", "Hendra Penandatangan (demo)"),
        ("created", "Hendra Penandatangan (demo)")]
    assert {event for event, _who, _detail in log[3:]} <= {"pdf_made"}
    assert f"koreksi atas versi 1 ({number})" in _log(app, second)[0][2]
    with app.extensions["docgen_store"].session() as session:
        found = session.scalar(select(Review).where(Review.study_id == study_id))
        assert (found.state, found.record_id) == ("approved", second)
    later = client.get(f"/arsip/{second}").get_data(as_text=True)
    assert re.search(r"Disetujui penandatangan|Approved by the signer", later)


def _sign_in_reviewer(app, client):
    from docgen.store.demo import DEMO_REVIEWER

    cred = next(c for c in app.config["DEMO_CREDENTIALS"] if c.email == DEMO_REVIEWER)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    response = client.post("/login", data={"email": cred.email, "password": cred.password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302


def test_paraf_and_return_on_the_record_page_come_back_to_it(app, client, login, post_form):
    """The reviewer's paraf and the signer's return given on the record page lead back to
    it; a return without a comment shows the record page again (422) with the message
    beside the comment, and changes nothing."""
    from docgen import review
    from docgen.store import Office, User
    from docgen.store.demo import DEMO_OFFICE, DEMO_REVIEWER

    study_id, first = _issued_spt(app, login, post_form, "sb-uji-koreksi-paraf")
    store = app.extensions["docgen_store"]
    with store.session() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        reviewer = session.scalar(select(User).where(User.email == DEMO_REVIEWER))
        review.set_chain(session, office.id, "spt", [
            {"user_id": reviewer.id, "label": "Kepala Subbagian Umum"},
            {"role": "signer", "label": "Kepala Badan"}])
    _switch(app, client, "staff")
    doc = f"/studies/{study_id}/documents/spt/0"
    post_form(f"{doc}/submit", {"correction": "1"}, form_page=f"/arsip/{first}")

    def state():
        with store.session() as session:
            found = session.scalar(select(Review).where(Review.study_id == study_id))
            return found.state, [e.event for e in found.events][-1]

    _sign_in_reviewer(app, client)
    page = client.get(f"/arsip/{first}").get_data(as_text=True)
    assert page.count('name="correction" value="1"') == 2  # the paraf and the return form
    empty = post_form(f"{doc}/return", {"comment": "   ", "correction": "1"},
                      form_page=f"/arsip/{first}")
    assert empty.status_code == 422
    shown = empty.get_data(as_text=True)
    assert 'id="correction-review"' in shown and '<table class="table table-sm small ' \
        'stack-sm" id="events">' in shown, "the record page"
    assert 'id="zip-form"' not in shown, "not the documents page"
    field = re.search(r'<textarea[^>]*id="correction-comment"[^>]*>', shown).group(0)
    assert 'aria-invalid="true"' in field and "is-invalid" in field
    assert re.search(r'<div class="invalid-feedback" id="correction-comment-error">'
                     r"tuliskan catatan: apa yang harus diperbaiki</div>", shown)
    assert re.search(r'<details class="return-form mt-1" open>', shown)
    assert state() == ("submitted", "submitted"), "nothing changed"

    given = post_form(f"{doc}/paraf", {"correction": "1"}, form_page=f"/arsip/{first}")
    assert given.status_code == 302
    assert given.headers["Location"].endswith(f"/arsip/{first}#correction-review")
    assert state() == ("submitted", "initialled")
    page = client.get(f"/arsip/{first}").get_data(as_text=True)
    assert "Paraf Anda tercatat. Sekarang menunggu Kepala Badan (Penandatangan)." in page
    assert "Menunggu: Kepala Badan (Penandatangan)" in page

    _switch(app, client, "signer")
    sent_back = post_form(f"{doc}/return", {"comment": "Tanggal SPT belum sesuai.",
                                            "correction": "1"}, form_page=f"/arsip/{first}")
    assert sent_back.status_code == 302
    assert sent_back.headers["Location"].endswith(f"/arsip/{first}#correction-review")
    assert state() == ("returned", "returned")
    page = client.get(f"/arsip/{first}").get_data(as_text=True)
    assert "Dikembalikan kepada konseptor dengan catatan Anda." in page
    assert "Tanggal SPT belum sesuai." in page
    assert len(_records(app, study_id)) == 1
