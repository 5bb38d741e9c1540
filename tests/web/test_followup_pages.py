"""The follow-up dashboard (/tindak-lanjut), an item's page with its progress updates, the
overdue items on the start page, and the office's follow-up settings."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from docgen.store import FollowUpSettings, StudyRecord, UploadedFile
from tests.web.followup_data import CANCELLED, DONE, OPEN, OVERDUE, OWNER, add_items
from tests.web.pages import csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def items(app, demo_id):
    add_items(app, demo_id)
    return demo_id


def _rows(html: str) -> list[str]:
    return re.findall(r'data-item="([^"]+)"', html.split('id="items"', 1)[1]
                      .split("</table>", 1)[0]) if 'id="items"' in html else []


def _share(html: str, what: str, key: object) -> str:
    match = re.search(rf'data-{what}="{key}"><td>.*?</td><td class="text-end share">([^<]*)<',
                      html, re.S)
    assert match, f"no share for {what} {key}"
    return match.group(1).strip()


def test_the_dashboard_lists_every_item_and_the_share_done_on_time(client, login, items):
    login("archivist")
    html = client.get("/tindak-lanjut").get_data(as_text=True)
    assert _rows(html) == [DONE, OVERDUE, CANCELLED, OPEN]  # by due date
    overdue_row = re.search(rf'<tr class="([^"]*)" data-item="{OVERDUE}"', html).group(1)
    assert "overdue" in overdue_row and "table-danger" in overdue_row
    assert "overdue" not in re.search(rf'<tr class="([^"]*)" data-item="{OPEN}"',
                                      html).group(1)
    # done on time among the known outcomes (done, or overdue; cancelled left out): 1 of 2
    assert _share(html, "study", items) == "1 dari 2 (50 %)"
    assert _share(html, "year", 2026) == "1 dari 2 (50 %)"
    assert _share(html, "year", 2027) == "—"
    assert 'href="/tindak-lanjut"' in html and 'aria-current="page"' in html


@pytest.mark.parametrize(("query", "expected"), [
    ("status=berjalan", [OVERDUE, OPEN]),
    ("status=batal", [CANCELLED]),
    ("overdue=1", [OVERDUE]),
    ("owner=Rina+Wulandari", [DONE, CANCELLED]),
    (f"owner={OWNER}", [OVERDUE, OPEN]),
    ("owner=Rina+Wulandari&status=selesai", [DONE]),
    ("status=nonsense", [DONE, OVERDUE, CANCELLED, OPEN]),
])
def test_filters(client, login, items, query, expected):
    login("staff")
    assert _rows(client.get(f"/tindak-lanjut?{query}").get_data(as_text=True)) == expected


def test_filter_by_study(app, client, login, items):
    from tests.web.pages import fresh_demo_study

    other = fresh_demo_study(app, "second-study")
    add_items(app, other)
    login("staff")
    html = client.get(f"/tindak-lanjut?study={other}").get_data(as_text=True)
    assert len(_rows(html)) == 4
    assert len(_rows(client.get("/tindak-lanjut").get_data(as_text=True))) == 8
    assert _rows(client.get("/tindak-lanjut?study=99999999999").get_data(as_text=True)) \
        == _rows(client.get("/tindak-lanjut").get_data(as_text=True))


def _post(client, study_id: int, item_id: str, data: dict, files: dict | None = None):
    path = f"/tindak-lanjut/{study_id}/{item_id}"
    body = {**data, "csrf_token": csrf_token(client, path)}
    if files:
        body.update(files)
    return client.post(path, data=body, content_type="multipart/form-data")


def test_the_owner_posts_an_update_with_evidence(app, client, login, items):
    login("signer")  # the owner, matched by the e-mail of the account
    response = _post(client, items, OPEN, {
        "date": "2026-11-29", "value": "10", "status": "selesai", "note": "Semua OPD"},
        {"evidence": (io.BytesIO(PDF), "berita-acara.pdf")})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"/tindak-lanjut/{items}/{OPEN}").get_data(as_text=True)
    assert "Semua OPD" in page and "berita-acara.pdf" in page
    assert re.search(r'id="achieved">10 OPD<', page)
    assert "Selesai · 10 OPD" in page  # the update in the history, its value with the unit
    link = re.search(r'href="(/tindak-lanjut/\d+/ujicoba1/bukti/[^"]+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    with app.extensions["docgen_store"].session() as session:
        kept = session.scalars(select(UploadedFile).where(
            UploadedFile.purpose == "evidence")).all()
        assert [f.original_name for f in kept] == ["berita-acara.pdf"]
        item = next(i for i in session.get(StudyRecord, items).study.evaluation.follow_up
                    if i.id == OPEN)
        assert item.current_status == "selesai" and item.updates[-1].recorded_by == OWNER
    html = client.get("/tindak-lanjut").get_data(as_text=True)
    assert _share(html, "study", items) == "2 dari 3 (66,7 %)"


@pytest.mark.parametrize(("data", "files", "field"), [
    ({"date": "31/02/2026", "status": "berjalan"}, None, "date"),
    ({"date": "2026-12-30", "status": "berjalan"}, None, "date"),
    ({"date": "2026-11-29", "status": "batal"}, None, "reason"),
    ({"date": "2026-11-29", "status": "gone"}, None, "status"),
    ({"date": "2026-11-29", "status": "berjalan", "value": "banyak"}, None, "value"),
    ({"date": "2026-11-29", "status": "berjalan"},
     {"evidence": (io.BytesIO(b"<html><script>x</script>"), "bukti.pdf")}, "evidence"),
    ({"date": "2026-11-29", "status": "berjalan"},
     {"evidence": (io.BytesIO(b"GIF89a" + b"\0" * 40), "bukti.png")}, "evidence"),
])
def test_a_refused_update_is_422_beside_its_field(app, client, login, items, data, files,
                                                  field):
    login("staff")
    response = _post(client, items, OVERDUE, data, files)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="f-{field}-error"' in html
    with app.extensions["docgen_store"].session() as session:
        item = next(i for i in session.get(StudyRecord, items).study.evaluation.follow_up
                    if i.id == OVERDUE)
        assert item.updates == []
        assert session.scalars(select(UploadedFile).where(
            UploadedFile.purpose == "evidence")).all() == []


def test_who_may_post(client, login, items):
    login("archivist")  # neither staff nor the owner
    page = client.get(f"/tindak-lanjut/{items}/{OVERDUE}")
    assert page.status_code == 200 and 'name="evidence"' not in page.get_data(as_text=True)
    token = csrf_token(client, "/")
    response = client.post(f"/tindak-lanjut/{items}/{OVERDUE}",
                           data={"date": "2026-11-29", "status": "selesai",
                                 "csrf_token": token})
    assert response.status_code == 403
    assert client.post(f"/tindak-lanjut/{items}/{OVERDUE}",
                       data={"date": "2026-11-29", "status": "selesai"}).status_code == 400


def test_other_offices_and_unknown_items_are_404(app, client, items, other_office):
    from tests.web.conftest import OTHER_PASSWORD

    _office, foreign_study, email = other_office
    client.post("/login", data={"email": email, "password": OTHER_PASSWORD,
                                "csrf_token": csrf_token(client)})
    assert client.get(f"/tindak-lanjut/{items}/{OVERDUE}").status_code == 404
    assert _rows(client.get("/tindak-lanjut").get_data(as_text=True)) == []
    assert client.get(f"/tindak-lanjut/{foreign_study}/nothing").status_code == 404
    assert client.get("/tindak-lanjut/99999999999/x").status_code == 404
    assert client.get(f"/tindak-lanjut/{items}/{OVERDUE}/bukti/ab/" + "a" * 64
                      ).status_code == 404


def test_the_start_page_shows_overdue_items_to_their_owner_and_the_head(app, client, login,
                                                                        csrf, items):
    login("signer")
    html = client.get("/").get_data(as_text=True)
    assert 'id="overdue-items"' in html and f'data-item="{OVERDUE}"' in html
    assert f'data-item="{OPEN}"' not in html
    client.post("/logout", data={"csrf_token": csrf("/")})
    login("archivist")
    assert 'id="overdue-items"' not in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf("/")})
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, items)
        session.add(FollowUpSettings(office_id=record.office_id,
                                     head_email="arsiparis@contoh.go.id"))
    login("archivist")  # now the head's account: every overdue item of the office
    html = client.get("/").get_data(as_text=True)
    assert f'data-item="{OVERDUE}"' in html and "Bambang Setiawan" in html


def test_the_settings_keep_the_password_on_the_server(app, client, login, post_form):
    login("admin")
    path = "/tindak-lanjut/pengaturan"
    good = {"head_email": "Kepala@Contoh.go.id", "reminders": "1", "days_before": "5",
            "sender": "tu@contoh.go.id", "smtp_host": "smtp.contoh.go.id", "smtp_port": "587",
            "smtp_security": "starttls", "smtp_user": "tu", "smtp_password": "s3cret-pass"}
    assert post_form(path, good).status_code == 302
    html = client.get(path).get_data(as_text=True)
    assert "s3cret-pass" not in html and "kepala@contoh.go.id" in html
    assert post_form(path, {**good, "smtp_password": ""}).status_code == 302
    with app.extensions["docgen_store"].session() as session:
        row = session.scalar(select(FollowUpSettings))
        assert row.smtp_password == "s3cret-pass" and row.reminders and row.days_before == 5
    response = post_form(path, {**good, "smtp_port": "99999", "sender": "not an address"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-smtp-port-error"' in html and 'id="f-sender-error"' in html
    assert post_form(path, {**good, "smtp_host": ""}).status_code == 422


def test_only_admins_open_the_settings(client, login):
    login("staff")
    assert client.get("/tindak-lanjut/pengaturan").status_code == 403
