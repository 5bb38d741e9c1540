"""Dissemination recorded on the reporting stage: who came (typed in), the signed attendance
list and the materials' files uploaded (checked by content), served to the office only."""

from __future__ import annotations

import io
import re

from docgen.store import StudyRecord
from docgen.store.files import storage_key
from tests.web.pages import csrf_token
from web.forms import field_id

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVENT = "reporting.dissemination[0]"


def _post(client, study_id: int, data: dict, files: dict | None = None):
    path = f"/studies/{study_id}/stages/reporting"
    body = {"csrf_token": csrf_token(client, path), f"{EVENT}.kind": "rapat",
            f"{EVENT}.title": "Rapat berbagi hasil", f"{EVENT}.date": "12/01/2027",
            f"{EVENT}.zone": "WIB",
            f"{EVENT}.attendees[0].name": "Sri Lestari",
            f"{EVENT}.attendees[0].office": "Dinas Kesehatan",
            f"{EVENT}.attendees[0].jabatan": "Sekretaris",
            f"{EVENT}.materials[0].title": "Paparan e-BPHTB", **data}
    body.update(files or {})
    return client.post(path, data=body, content_type="multipart/form-data")


def _event(app, study_id: int):
    with app.extensions["docgen_store"].session() as session:
        return session.get(StudyRecord, study_id).study.reporting.dissemination[0]


def test_the_attendance_list_and_a_material_are_uploaded(app, client, login, demo_id):
    login("staff")
    page = client.get(f"/studies/{demo_id}/stages/reporting").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    response = _post(client, demo_id, {f"{EVENT}.attendance_file": "",
                                       f"{EVENT}.materials[0].file": ""},
                     {f"{EVENT}.attendance_file": (io.BytesIO(PDF), "daftar-hadir.pdf")})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    event = _event(app, demo_id)
    assert event.attendance_file == storage_key(PDF)
    assert [(a.name, a.office, a.jabatan) for a in event.attendees] == [
        ("Sri Lestari", "Dinas Kesehatan", "Sekretaris")]
    assert [m.title for m in event.materials] == ["Paparan e-BPHTB"]
    page = client.get(f"/studies/{demo_id}/stages/reporting").get_data(as_text=True)
    link = re.search(r'href="(/studies/\d+/berkas/[^"]+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == PDF
    # saved again without choosing a file: the stored one is kept
    assert _post(client, demo_id, {f"{EVENT}.attendance_file": storage_key(PDF)}
                 ).status_code == 302
    assert _event(app, demo_id).attendance_file == storage_key(PDF)


def test_a_refused_file_is_422_beside_its_field(app, client, login, demo_id):
    login("staff")
    name = f"{EVENT}.attendance_file"
    response = _post(client, demo_id, {name: ""},
                     {name: (io.BytesIO(b"<html><script>x</script></html>"), "hadir.pdf")})
    assert response.status_code == 422
    assert f'id="{field_id(name)}-error"' in response.get_data(as_text=True)
    response = _post(client, demo_id, {name: "ab/" + "a" * 64})  # no upload of this office
    assert response.status_code == 422
    assert f'id="{field_id(name)}-error"' in response.get_data(as_text=True)
    with app.extensions["docgen_store"].session() as session:
        assert session.get(StudyRecord, demo_id).study.reporting.dissemination == []


def test_files_are_served_only_for_the_study_and_its_office(app, client, login, demo_id,
                                                            other_office):
    login("staff")
    _post(client, demo_id, {f"{EVENT}.attendance_file": ""},
          {f"{EVENT}.attendance_file": (io.BytesIO(PDF), "daftar-hadir.pdf")})
    key = storage_key(PDF)
    assert client.get(f"/studies/{demo_id}/berkas/{key}").status_code == 200
    assert client.get(f"/studies/{demo_id}/berkas/ab/{'b' * 64}").status_code == 404
    assert client.get(f"/studies/{other_office[1]}/berkas/{key}").status_code == 404
    assert client.get(f"/studies/99999999999/berkas/{key}").status_code == 404
