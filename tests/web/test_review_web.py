"""The path of a letter on the web: staff submit, a reviewer gives the paraf, the signer
returns it with a comment or approves it (and only then the number), statuses on the
documents page and the dashboard, each user's inbox, the administrator's chains."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from docgen import review
from docgen.store import ArchiveEvent, ArchiveRecord, LetterNumber, Office, StudyRecord, User
from docgen.store.demo import DEMO_OFFICE
from tests.web.pages import credential, csrf_token, fresh_demo_study, sign_in


@pytest.fixture(autouse=True)
def _no_pdf_at_issue(monkeypatch):
    monkeypatch.setenv("DOCGEN_ARCHIVE_PDF", "0")


@pytest.fixture
def study_id(app) -> int:
    return fresh_demo_study(app, "review-web")


@pytest.fixture
def reviewer(app) -> int:
    """A Kepala Subbagian (a staff user) and the office's SPT chain: Kasubbag, then the
    signer; the reviewer's id. Their password is the demo staff's."""
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        staff = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        user = User(office=office, email="kasubbag@contoh.go.id", name="Budi Kasubbag",
                    role="staff", password_hash=staff.password_hash)
        session.add(user)
        session.flush()
        office_id, user_id = office.id, user.id
    with store.session() as session:
        review.set_chain(session, office_id, "spt", [
            {"user_id": user_id, "label": "Kepala Subbagian Umum"},
            {"role": "signer", "label": "Kepala Badan"}])
    return user_id


def _as(app, client, who: str):
    if client.get("/").status_code == 200:
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    if who == "kasubbag":
        response = client.post("/login", data={
            "email": "kasubbag@contoh.go.id", "password": credential(app, "staff").password,
            "csrf_token": csrf_token(client)})
        assert response.status_code == 302
        return client
    return sign_in(app, client, who)


def _post(client, path: str, data: dict | None = None, page: str = "/"):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, page)})


def _numbers(app) -> int:
    with app.extensions["docgen_store"].session() as session:
        return session.scalar(select(func.count()).select_from(LetterNumber))


def _doc_item(html: str, kind: str) -> str:
    start = html.index(f'id="doc-{kind}"')
    end = html.find('id="doc-', start + 10)
    return html[start:end if end > 0 else len(html)]


def test_the_path_on_the_web(app, client, study_id, reviewer):
    docs = f"/studies/{study_id}/documents"
    base = f"{docs}/spt/0"
    before = _numbers(app)
    _as(app, client, "staff")
    page = client.get(docs).get_data(as_text=True)
    spt = _doc_item(page, "spt")
    assert 'data-status="draft"' in spt and f'action="{base}/submit"' in spt
    assert f'action="{base}/approve"' not in spt, "staff do not issue"
    assert "Kepala Subbagian Umum (Budi Kasubbag) → Kepala Badan (Penandatangan)" in spt
    response = _post(client, f"{base}/submit", page=docs)
    assert response.status_code == 302
    page = client.get(docs).get_data(as_text=True)
    assert "Menunggu: Kepala Subbagian Umum (Budi Kasubbag)" in page
    assert 'data-status="submitted"' in _doc_item(page, "spt")
    home = client.get("/").get_data(as_text=True)
    assert 'id="inbox-submitted"' in home
    # the signer cannot approve before the paraf
    _as(app, client, "signer")
    assert 'id="inbox-review"' not in client.get("/").get_data(as_text=True)
    response = _post(client, f"{base}/approve", {"issued": "2026-11-29",
                                                 "classification": "000.1.2.3"}, docs)
    assert response.status_code == 302 and _numbers(app) == before
    # the reviewer's paraf
    _as(app, client, "kasubbag")
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'id="inbox-review".*?inbox-count">1<', home, re.S)
    assert "Paraf Anda sebagai Kepala Subbagian Umum" in home
    assert _post(client, f"{base}/paraf", page=docs).status_code == 302
    # the signer returns it: without a comment refused, with one returned
    _as(app, client, "signer")
    home = client.get("/").get_data(as_text=True)
    assert "Persetujuan Anda sebagai penandatangan" in home
    response = _post(client, f"{base}/return", {"comment": "  "}, docs)
    assert response.status_code == 422
    assert "tuliskan catatan" in response.get_data(as_text=True)
    response = _post(client, f"{base}/return",
                     {"comment": "Perbaiki dasar hukum: DPA 2027."}, docs)
    assert response.status_code == 302
    assert 'id="inbox-review"' not in client.get("/").get_data(as_text=True)
    _as(app, client, "staff")
    home = client.get("/").get_data(as_text=True)
    assert 'id="inbox-returned"' in home and "Perbaiki dasar hukum: DPA 2027." in home
    page = client.get(docs).get_data(as_text=True)
    assert 'data-status="returned"' in _doc_item(page, "spt")
    assert "Ajukan kembali" in _doc_item(page, "spt")
    dashboard_counts = client.get("/").get_data(as_text=True)
    assert "1 dikembalikan" in dashboard_counts
    assert _post(client, f"{base}/submit", page=docs).status_code == 302
    _as(app, client, "kasubbag")
    assert _post(client, f"{base}/paraf", page=docs).status_code == 302
    _as(app, client, "signer")
    page = client.get(docs).get_data(as_text=True)
    assert f'action="{base}/approve"' in _doc_item(page, "spt")
    response = _post(client, f"{base}/approve", {"issued": "2026-11-29",
                                                 "classification": "000.1.2.3",
                                                 "access": "biasa"}, docs)
    assert response.status_code == 302 and "/arsip/" in response.headers["Location"]
    record_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="next-steps"' in record_page and "Unggah salinan bertanda tangan" in record_page
    with app.extensions["docgen_store"].session() as session:
        entry = session.scalar(select(ArchiveRecord).where(ArchiveRecord.study_id == study_id))
        assert entry.number and entry.created_by_name.startswith("Hendra")
        log = [e.event for e in session.scalars(select(ArchiveEvent).where(
            ArchiveEvent.record_id == entry.id).order_by(ArchiveEvent.at, ArchiveEvent.id))]
    assert log[:6] == ["submitted", "initialled", "returned", "submitted", "initialled",
                       "approved"]
    assert "Diajukan untuk diperiksa" in record_page and "Diparaf" in record_page
    assert _numbers(app) == before + 1
    _as(app, client, "archivist")
    home = client.get("/").get_data(as_text=True)
    assert 'id="inbox-copies"' in home and entry.number in home
    page = client.get(docs).get_data(as_text=True)
    assert 'data-status="issued"' in _doc_item(page, "spt")


def test_direct_issue_is_the_signers_approval(app, client, study_id):
    docs = f"/studies/{study_id}/documents"
    before = _numbers(app)
    for role in ("staff", "archivist", "admin"):
        _as(app, client, role)
        page = client.get(docs).get_data(as_text=True)
        assert f'action="{docs}/spt/0/approve"' not in page, role
        response = _post(client, f"{docs}/spt/0/issue", {"issued": "2026-11-29"}, docs)
        assert response.status_code == 302, role
        assert "harus diajukan dan diparaf (Penandatangan)" in \
            client.get(docs).get_data(as_text=True), role
    assert _numbers(app) == before
    _as(app, client, "signer")
    page = client.get(docs).get_data(as_text=True)
    assert f'action="{docs}/spt/0/approve"' in page
    assert "Setujui dan terbitkan" in page
    response = _post(client, f"{docs}/spt/0/issue", {"issued": "2026-11-29"}, docs)
    assert "/arsip/" in response.headers["Location"]
    assert _numbers(app) == before + 1


def test_who_may_not_take_a_step(app, client, study_id, reviewer, other_office):
    docs = f"/studies/{study_id}/documents"
    _as(app, client, "signer")
    assert _post(client, f"{docs}/spt/0/submit", page=docs).status_code == 403
    _as(app, client, "staff")
    assert _post(client, f"{docs}/nope/0/submit", page=docs).status_code == 404
    assert _post(client, f"{docs}/spd/99/submit", page=docs).status_code == 404
    assert _post(client, f"/studies/{other_office[1]}/documents/spt/0/submit",
                 page=docs).status_code == 404
    _post(client, f"{docs}/spt/0/submit", page=docs)
    response = _post(client, f"{docs}/spt/0/submit", page=docs)
    assert "sudah diajukan" in client.get(docs).get_data(as_text=True)
    response = _post(client, f"{docs}/spt/0/paraf", page=docs)
    assert response.status_code == 302
    assert "menunggu paraf Kepala Subbagian Umum (Budi Kasubbag), bukan Anda" in \
        client.get(docs).get_data(as_text=True)
    _as(app, client, "signer")
    _post(client, f"{docs}/nota_dinas/0/paraf", page=docs)
    assert "tidak sedang menunggu pemeriksaan" in client.get(docs).get_data(as_text=True)


def test_a_change_after_the_paraf_shows_on_the_page(app, client, study_id, reviewer):
    docs = f"/studies/{study_id}/documents"
    _as(app, client, "staff")
    _post(client, f"{docs}/spt/0/submit", page=docs)
    _as(app, client, "kasubbag")
    _post(client, f"{docs}/spt/0/paraf", page=docs)
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        study.plan.team[0].name = study.plan.team[0].name + " Jr"
        record.save(study, None)
    page = client.get(docs).get_data(as_text=True)
    assert "berubah sejak diparaf" in _doc_item(page, "spt")
    assert "Menunggu: Kepala Subbagian Umum (Budi Kasubbag)" in page
    assert 'id="inbox-review"' in client.get("/").get_data(as_text=True)


def test_the_administrator_sets_a_chain(app, client, reviewer):
    _as(app, client, "staff")
    assert client.get("/admin/pemeriksaan").status_code == 403
    _as(app, client, "admin")
    page = client.get("/admin/pemeriksaan").get_data(as_text=True)
    assert "Kepala Subbagian Umum (Budi Kasubbag) → Kepala Badan (Penandatangan)" in page
    assert "/admin/pemeriksaan" in client.get("/admin/").get_data(as_text=True)
    response = _post(client, "/admin/pemeriksaan", {
        "kind": "nota_dinas", "step-0-who": f"user:{reviewer}",
        "step-0-label": "Kasubbag"}, "/admin/pemeriksaan")
    assert response.status_code == 422
    assert "langkah terakhir harus penandatangan" in response.get_data(as_text=True)
    response = _post(client, "/admin/pemeriksaan", {
        "kind": "nota_dinas", "step-0-who": f"user:{reviewer}",
        "step-0-label": "Kasubbag", "step-1-who": "role:signer",
        "step-1-label": "Sekretaris"}, "/admin/pemeriksaan")
    assert response.status_code == 302
    page = client.get("/admin/pemeriksaan").get_data(as_text=True)
    row = page[page.index('data-kind="nota_dinas"'):]
    assert "Kasubbag (Budi Kasubbag) → Sekretaris (Penandatangan)" in row[:600]
    response = _post(client, "/admin/pemeriksaan", {"kind": "nota_dinas", "reset": "1"},
                     "/admin/pemeriksaan")
    page = client.get("/admin/pemeriksaan").get_data(as_text=True)
    row = page[page.index('data-kind="nota_dinas"'):]
    assert "Penandatangan" in row[:400] and "Kasubbag (" not in row[:400]
    assert _post(client, "/admin/pemeriksaan", {"kind": "x"},
                 "/admin/pemeriksaan").status_code == 404
    _post(client, "/admin/pemeriksaan", {"set_paraf_boxes": "1", "paraf_boxes": "1"},
          "/admin/pemeriksaan")
    assert 'id="paraf-boxes" name="paraf_boxes" value="1" checked' in \
        client.get("/admin/pemeriksaan").get_data(as_text=True)


def test_english_inbox(app, client, study_id):
    _as(app, client, "staff")
    docs = f"/studies/{study_id}/documents"
    _post(client, f"{docs}/spt/0/submit", page=docs)
    _as(app, client, "signer")
    client.post("/language", data={"lang": "en", "next": "/",
                                   "csrf_token": csrf_token(client, "/")})
    home = client.get("/").get_data(as_text=True)
    assert "Waiting for your paraf / signature" in home
    assert "Your approval as the signer" in home
    page = client.get(docs).get_data(as_text=True)
    assert "Approve and issue" in page and ">submitted<" in page


def test_paraf_boxes_on_the_review_copy_never_on_the_issued_one(app, client, study_id,
                                                               reviewer):
    from docgen import archive
    from tests.helpers import docx_text

    docs = f"/studies/{study_id}/documents"
    store = app.extensions["docgen_store"]
    with store.session() as session:
        office_id = session.get(StudyRecord, study_id).office_id
        review.set_paraf_boxes(session, office_id, True)
    _as(app, client, "staff")
    plain = client.get(f"{docs}/spt/0.docx").data
    assert "Paraf pemeriksa" not in docx_text(plain), "a draft not under review: none"
    _post(client, f"{docs}/spt/0/submit", page=docs)
    _as(app, client, "kasubbag")
    _post(client, f"{docs}/spt/0/paraf", page=docs)
    text = docx_text(client.get(f"{docs}/spt/0.docx").data)
    assert "Paraf pemeriksa" in text
    assert "Kepala Subbagian Umum (Budi Kasubbag)" in text and "Budi Kasubbag, 20" in text
    _as(app, client, "signer")
    response = _post(client, f"{docs}/spt/0/approve", {"issued": "2026-11-29"}, docs)
    record_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with store.session() as session:
        entry = session.get(ArchiveRecord, record_id)
        issued = archive.default_storage(app.config["DOCGEN_HOME"]).get(entry.storage_key)
    assert "Paraf pemeriksa" not in docx_text(issued) and entry.number in docx_text(issued)
    with store.session() as session:
        review.set_paraf_boxes(session, office_id, False)
    assert "Paraf pemeriksa" not in docx_text(client.get(f"{docs}/nota_dinas/0.docx").data)
