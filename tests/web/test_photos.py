"""Photos on the execution stage: a file input per photo row, checked by content, kept only
when the stage is saved, shown as a thumbnail of the office, and printed in the report."""

from __future__ import annotations

import io
import re
import zipfile

from sqlalchemy import func, select

from docgen.example import example_study
from docgen.render import DEFAULT_LOGO, MAX_PHOTO_BYTES
from docgen.store import Office, StudyRecord, UploadedFile, save_upload
from docgen.study import Goals, Study
from tests.web.pages import csrf_token, sign_in, stored
from tests.web.test_stages import GIF, read_form, replace, stage_url

PNG = DEFAULT_LOGO.read_bytes()
KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}")
NEW_ROW = "execution.photos[4]"


def photo_uploads(app) -> list[UploadedFile]:
    with app.extensions["docgen_store"].transaction() as session:
        rows = session.scalars(select(UploadedFile).where(UploadedFile.purpose == "photo")).all()
        session.expunge_all()
        return list(rows)


def post_stage(client, path: str, fields, files: dict[str, tuple[bytes, str]]):
    """Post the stage as a browser posts a multipart form: the fields as read from the page,
    and the files chosen."""
    data: dict[str, object] = {}
    for name, value in fields:
        data.setdefault(name, value)
    for name, (content, filename) in files.items():
        data[name] = [data[name], (io.BytesIO(content), filename)] if name in data \
            else (io.BytesIO(content), filename)
    data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data, content_type="multipart/form-data")


def page_fields(client, path: str):
    return read_form(client.get(path).get_data(as_text=True)).fields


def pictures(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml").decode().count("<pic:pic")


# --- the page ----------------------------------------------------------------------------------


def test_only_the_stages_with_files_post_multipart(client, login, example_id):
    login("staff")
    for key in ("execution", "reporting"):  # photos; the dissemination's evidence files
        page = client.get(stage_url(example_id, key)).get_data(as_text=True)
        assert re.search(r'<form method="post" novalidate class="stage-form" data-stage-form '
                         r'enctype="multipart/form-data"[^>]*>', page)
    for key in ("goals", "plan", "evaluation"):
        page = client.get(stage_url(example_id, key)).get_data(as_text=True)
        assert 'data-stage-form enctype' not in page


def test_each_photo_row_has_a_file_input_a_hidden_value_and_a_thumbnail(
        client, login, example_id):
    login("staff")
    page = client.get(stage_url(example_id, "execution")).get_data(as_text=True)
    for i in range(4):
        name = f"execution.photos[{i}].file"
        assert f'<input type="hidden" name="{name}" value="contoh:contoh-foto-{i + 1}.png">' \
            in page
        assert re.search(rf'type="file" id="f-execution-photos-{i}-file" name="{re.escape(name)}"'
                         r'\s+accept="image/png,image/jpeg"', page)
        assert f'src="/studies/{example_id}/photos/contoh:contoh-foto-{i + 1}.png"' in page
    assert 'type="file" id="f-execution-photos-4-file"' in page, "the empty row"
    assert 'name="execution.photos[ROW0ROW].file"' in page, "the row app.js copies"
    thumb = client.get(f"/studies/{example_id}/photos/contoh:contoh-foto-1.png")
    assert thumb.status_code == 200 and thumb.mimetype == "image/png"


# --- uploading ---------------------------------------------------------------------------------


def test_a_photo_is_stored_shown_and_printed_in_the_final_report(app, client, login,
                                                                 example_id):
    login("staff")
    before = client.get(f"/studies/{example_id}/documents/final_report/0.docx")
    assert before.status_code == 200
    path = stage_url(example_id, "execution")
    fields = replace(page_fields(client, path), f"{NEW_ROW}.caption", "Foto bersama tim")
    response = post_stage(client, path, fields, {f"{NEW_ROW}.file": (PNG, "bersama.png")})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]

    photos = stored(app, example_id).execution.photos
    assert len(photos) == 5 and photos[4].caption == "Foto bersama tim"
    key = photos[4].file
    assert KEY.fullmatch(key)
    assert [p.file for p in photos[:4]] == [p.file for p in example_study().execution.photos]
    (kept,) = photo_uploads(app)
    assert (kept.storage_key, kept.study_id, kept.original_name, kept.content_type) == (
        key, example_id, "bersama.png", "image/png")
    assert app.extensions["docgen_store"].files.read(key) == PNG

    page = client.get(path).get_data(as_text=True)
    assert f'src="/studies/{example_id}/photos/{key}"' in page
    thumb = client.get(f"/studies/{example_id}/photos/{key}")
    assert thumb.status_code == 200 and thumb.data == PNG and thumb.mimetype == "image/png"

    after = client.get(f"/studies/{example_id}/documents/final_report/0.docx")
    assert after.status_code == 200
    assert pictures(after.data) == pictures(before.data) + 1
    with zipfile.ZipFile(io.BytesIO(after.data)) as archive:
        media = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert PNG in media


def test_a_file_replaces_the_photo_of_its_row(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    response = post_stage(client, path, page_fields(client, path),
                          {"execution.photos[1].file": (PNG, "ganti.png")})
    assert response.status_code == 302
    photos = stored(app, example_id).execution.photos
    assert len(photos) == 4 and KEY.fullmatch(photos[1].file)
    assert photos[0].file == "contoh:contoh-foto-1.png"
    assert photos[1].caption == example_study().execution.photos[1].caption


def test_saving_without_a_file_keeps_the_photos(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    post_stage(client, path, page_fields(client, path), {f"{NEW_ROW}.file": (PNG, "a.png")})
    first = stored(app, example_id).execution.photos
    response = post_stage(client, path, page_fields(client, path), {})
    assert response.status_code == 302
    assert stored(app, example_id).execution.photos == first
    assert len(photo_uploads(app)) == 1


def test_a_gif_is_refused_beside_its_field_and_nothing_is_stored(app, client, login,
                                                                 example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    before = stored(app, example_id)
    fields = replace(page_fields(client, path), f"{NEW_ROW}.caption", "Animasi")
    response = post_stage(client, path, fields, {f"{NEW_ROW}.file": (GIF, "foto.png")})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(r'<div id="f-execution-photos-4-file-error"[^>]*>([^<]*)</div>', page)
    assert error and error.group(1) == "isi berkas bukan PNG, JPEG"
    assert '<a class="alert-link" href="#f-execution-photos-4-file">' \
           'Dokumentasi foto 5 › Berkas foto</a>: isi berkas bukan PNG, JPEG' in page
    assert 'aria-invalid="true"' in page.split('id="f-execution-photos-4-file"', 1)[1][:300]
    assert stored(app, example_id) == before
    assert photo_uploads(app) == []


def test_a_photo_too_large_is_refused(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    big = PNG + b"\x00" * (MAX_PHOTO_BYTES + 1 - len(PNG))
    response = post_stage(client, path, page_fields(client, path),
                          {"execution.photos[0].file": (big, "besar.png")})
    assert response.status_code == 422
    assert "berkas lebih besar dari 5 MB" in response.get_data(as_text=True)
    assert photo_uploads(app) == []


def test_a_good_photo_is_not_kept_when_the_stage_has_other_errors(app, client, login,
                                                                  example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    fields = replace(page_fields(client, path), "execution.photos[0].date", "31/02/2026")
    response = post_stage(client, path, fields, {"execution.photos[1].file": (PNG, "b.png")})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="f-execution-photos-0-date-error"' in page
    assert 'id="f-execution-photos-1-file-warning"' in page
    assert 'value="contoh:contoh-foto-2.png"' in page, "the row keeps its stored photo"
    assert photo_uploads(app) == []
    assert stored(app, example_id).execution.photos == example_study().execution.photos


def test_a_file_value_that_is_not_the_offices_is_refused(app, client, login, example_id):
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = Office(name="Dinas Lain", profile={"name": "DINAS LAIN"})
        record = StudyRecord(office=office, data=Study(goals=Goals(title="Lain")))
        session.add_all([office, record])
        other_key = save_upload(session, store.files, office=office, purpose="photo",
                                original_name="rahasia.png", data=PNG + b"lain",
                                study=record).storage_key
    login("staff")
    path = stage_url(example_id, "execution")
    for forged in (other_key, "../secret_key", "contoh:contoh-foto-9.png"):
        fields = replace(page_fields(client, path), "execution.photos[0].file", forged)
        response = post_stage(client, path, fields, {})
        assert response.status_code == 422, forged
        assert re.search(r'id="f-execution-photos-0-file-error"[^>]*>Ini bukan foto yang '
                         r"diunggah kantor ini", response.get_data(as_text=True))
    assert stored(app, example_id).execution.photos == example_study().execution.photos
    assert client.get(f"/studies/{example_id}/photos/{other_key}").status_code == 404


def test_thumbnails_are_scoped_to_the_office(app, client, login, example_id, other_office):
    login("staff")
    path = stage_url(example_id, "execution")
    post_stage(client, path, page_fields(client, path), {f"{NEW_ROW}.file": (PNG, "a.png")})
    key = stored(app, example_id).execution.photos[4].file
    _office_id, other_id, _email = other_office
    assert client.get(f"/studies/{other_id}/photos/{key}").status_code == 404
    for ref in ("ab/" + "0" * 64, "secret_key", "../secret_key", "contoh:tidak-ada.png"):
        assert client.get(f"/studies/{example_id}/photos/{ref}").status_code == 404
    signer = sign_in(app, app.test_client(), "signer")
    assert signer.get(f"/studies/{example_id}/photos/{key}").status_code == 200


def test_only_staff_upload_photos(app, client, login, example_id):
    login("signer")
    path = stage_url(example_id, "execution")
    response = post_stage(client, path, page_fields(client, path),
                          {f"{NEW_ROW}.file": (PNG, "a.png")})
    assert response.status_code == 403
    assert photo_uploads(app) == []


def test_removing_a_row_ignores_its_file(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    fields = page_fields(client, path) + [("_remove", "execution.photos[0]")]
    response = post_stage(client, path, fields, {"execution.photos[0].file": (PNG, "a.png")})
    assert response.status_code == 302
    photos = stored(app, example_id).execution.photos
    assert [p.file for p in photos] == [f"contoh:contoh-foto-{i}.png" for i in (2, 3, 4)]
    assert photo_uploads(app) == []


def test_the_upload_counts_once_per_file(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    post_stage(client, path, page_fields(client, path), {f"{NEW_ROW}.file": (PNG, "a.png")})
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(func.count()).select_from(UploadedFile)) == 1
