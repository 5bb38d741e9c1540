"""A study keeps the copy of the office profile it was made with; the overview says when the
office's profile has changed since, and staff copy the current one into the study after a
confirmation."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from docgen.store import Office
from tests.helpers import docx_text, squash
from tests.web.pages import csrf_token, sign_in, stored

OLD_HEAD = "Hendra Wicaksono"
NEW_HEAD = "Siti Rahmawati"


def change_office(app, **head) -> None:
    """The administrator edits the office profile (the demo office)."""
    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        profile = office.office_profile
        office.profile = profile.model_copy(update={
            "head": profile.head.model_copy(update=head),
            "phone": "(0274) 999999"})


def overview(client, study_id: int) -> str:
    return html.unescape(client.get(f"/studies/{study_id}").get_data(as_text=True))


def refresh_url(study_id: int) -> str:
    return f"/studies/{study_id}/office-profile"


def test_a_study_with_the_current_profile_says_so(client, login, demo_id):
    login("staff")
    page = overview(client, demo_id)
    assert "Studi ini memakai profil kantor yang berlaku." in page
    assert "Profil kantor telah berubah" not in page


def test_the_overview_shows_when_the_office_profile_has_changed(app, client, login, demo_id):
    change_office(app, name=NEW_HEAD)
    login("staff")
    page = overview(client, demo_id)
    notice = page.split('id="office-profile"', 1)[1].split("</div>", 1)[0]
    assert "Profil kantor telah berubah sejak studi ini menyalinnya." in notice
    assert "Isian yang berbeda (2):" in notice
    assert "Kepala perangkat daerah › Nama (tanpa gelar)" in notice and "Telepon" in notice
    assert f'href="{refresh_url(demo_id)}"' in notice
    assert "Perbarui profil kantor pada studi ini" in notice
    login_signer = sign_in(app, app.test_client(), "signer")
    page = html.unescape(login_signer.get(f"/studies/{demo_id}").get_data(as_text=True))
    assert "Profil kantor telah berubah" in page, "every role sees the notice"
    assert refresh_url(demo_id) not in page, "only staff update"


def test_the_confirmation_lists_each_change_and_changes_nothing(app, client, login, demo_id):
    change_office(app, name=NEW_HEAD)
    login("staff")
    response = client.get(refresh_url(demo_id))
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    rows = re.findall(r'<th scope="row" class="fw-normal">([^<]*)</th>\s*<td[^>]*>([^<]*)</td>'
                      r'\s*<td[^>]*>([^<]*)</td>', page)
    assert ("Kepala perangkat daerah › Nama (tanpa gelar)", OLD_HEAD, NEW_HEAD) in rows
    assert len(rows) == 2
    assert '<button class="btn btn-warning" type="submit">Perbarui profil kantor pada studi ' \
           'ini</button>' in page
    assert stored(app, demo_id).office.head.name == OLD_HEAD


def test_updating_copies_the_profile_into_the_study_and_the_spt(app, client, login, demo_id):
    change_office(app, name=NEW_HEAD, title_front="Dr.")
    login("staff")
    before = squash(docx_text(client.get(f"/studies/{demo_id}/documents/spt/0.docx").data))
    assert OLD_HEAD in before and NEW_HEAD not in before
    response = client.post(refresh_url(demo_id),
                           data={"csrf_token": csrf_token(client, refresh_url(demo_id))})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/studies/{demo_id}"
    study = stored(app, demo_id)
    assert study.office.head.name == NEW_HEAD and study.office.phone == "(0274) 999999"
    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        assert study.office == office.office_profile
    page = overview(client, demo_id)
    assert "Profil kantor pada studi ini diperbarui (3 perubahan)." in page
    assert "Studi ini memakai profil kantor yang berlaku." in page
    spt = client.get(f"/studies/{demo_id}/documents/spt/0.docx")
    assert spt.status_code == 200
    text = squash(docx_text(spt.data))
    assert f"Dr. {NEW_HEAD}, M.T." in text and OLD_HEAD not in text
    assert study.plan == stored(app, demo_id).plan


def test_nothing_to_update(app, client, login, demo_id):
    login("staff")
    before = stored(app, demo_id)
    page = html.unescape(client.get(refresh_url(demo_id)).get_data(as_text=True))
    assert "Studi ini sudah memakai profil kantor yang berlaku." in page
    assert 'type="submit">Perbarui' not in page
    response = client.post(refresh_url(demo_id),
                           data={"csrf_token": csrf_token(client, f"/studies/{demo_id}")})
    assert response.status_code == 302
    assert "Studi ini sudah memakai profil kantor yang berlaku." in overview(client, demo_id)
    assert stored(app, demo_id) == before


@pytest.mark.parametrize("role", ["signer", "archivist", "admin"])
def test_only_staff_update(app, client, login, demo_id, role):
    change_office(app, name=NEW_HEAD)
    login(role)
    assert client.get(refresh_url(demo_id)).status_code == 403
    token = csrf_token(client, "/")
    assert client.post(refresh_url(demo_id), data={"csrf_token": token}).status_code == 403
    assert stored(app, demo_id).office.head.name == OLD_HEAD


def test_another_offices_study_is_404(client, login, other_office):
    _office_id, other_id, _email = other_office
    login("staff")
    assert client.get(refresh_url(other_id)).status_code == 404
    token = csrf_token(client, "/")
    assert client.post(refresh_url(other_id), data={"csrf_token": token}).status_code == 404


def test_updating_needs_the_csrf_token(app, client, login, demo_id):
    change_office(app, name=NEW_HEAD)
    login("staff")
    assert client.post(refresh_url(demo_id)).status_code == 400
    assert stored(app, demo_id).office.head.name == OLD_HEAD
