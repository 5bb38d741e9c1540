"""Images on the web and in the API: a photo or logo that does not decode whole is refused at
upload beside its field (nothing stored), a damaged stored image never breaks a document
(each is made without it, and the documents page says so), and thumbnails are real small
images."""

from __future__ import annotations

import base64
import html
import io
import re
import zipfile

import pytest
from docx import Document
from PIL import Image
from sqlalchemy import select

from docgen import catalog
from docgen.example import example_data
from docgen.images import THUMBNAIL_PX
from docgen.store import (
    ApiToken,
    StudyRecord,
    UploadedFile,
    User,
    check_upload,
    save_upload,
)
from docgen.store.files import UploadRejected
from tests.test_images import BAD_IMAGES, jpeg_bytes, png_bytes
from tests.web.pages import credential, stored
from tests.web.test_stages import office_fields_posted, post_page, profile, read_form, stage_url

NEW_ROW = "execution.photos[4]"
API = "/api/v1"


@pytest.fixture
def api(app, client):
    """``api("PATCH", path, json=...)``: a request with a token of the demo staff user."""
    with app.extensions["docgen_store"].transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, "staff").email))
        row, token = ApiToken.issue(user, "uji gambar")
        session.add(row)

    def call(method: str, path: str, **kwargs):
        return client.open(API + path, method=method,
                           headers={"Authorization": f"Bearer {token}"}, **kwargs)

    return call


def _store(app):
    return app.extensions["docgen_store"]


def uploads(app) -> list[tuple[str, str]]:
    with _store(app).transaction() as session:
        return [(u.purpose, u.storage_key) for u in session.scalars(select(UploadedFile))]


def files_on_disk(app) -> set[str]:
    root = _store(app).files.root
    return {str(p.relative_to(root)) for p in root.rglob("*")} if root.exists() else set()


def post_stage(client, path: str, files: dict[str, tuple[bytes, str]], **changes: str):
    """Post the stage page as a browser does, with `files` chosen and fields changed."""
    from tests.web.pages import csrf_token

    data: dict[str, object] = {}
    for name, value in read_form(client.get(path).get_data(as_text=True)).fields:
        data.setdefault(name, changes.get(name, value))
    for name, (content, filename) in files.items():
        upload = (io.BytesIO(content), filename)
        data[name] = [data[name], upload] if name in data else upload
    data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data, content_type="multipart/form-data")


def refusal(purpose: str, data: bytes, field: str) -> str:
    """The Indonesian message the upload check gives for `data`."""
    with pytest.raises(UploadRejected) as caught:
        check_upload(purpose, data, field)
    return caught.value.problem.message("id")


def data_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


# --- refused at upload --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_a_photo_that_does_not_decode_is_refused_beside_its_field(app, client, login,
                                                                  example_id, name):
    data, _code = BAD_IMAGES[name]
    login("staff")
    path = stage_url(example_id, "execution")
    before, disk = stored(app, example_id), files_on_disk(app)
    response = post_stage(client, path, {f"{NEW_ROW}.file": (data, "foto.png")},
                          **{f"{NEW_ROW}.caption": "Foto rusak"})
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    message = refusal("photo", data, f"{NEW_ROW}.file")
    error = re.search(r'<div id="f-execution-photos-4-file-error"[^>]*>([^<]*)</div>', page)
    assert error and error.group(1) == message
    assert f'href="#f-execution-photos-4-file">Dokumentasi foto 5 › Berkas foto</a>: {message}' \
        in page
    assert stored(app, example_id) == before
    assert uploads(app) == [] and files_on_disk(app) == disk


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_a_logo_that_does_not_decode_is_refused_beside_its_field(app, client, login, name):
    data, _code = BAD_IMAGES[name]
    login("admin")
    disk = files_on_disk(app)
    response = post_page(client, "/admin/", office_fields_posted(client), {
        "office.logo": (io.BytesIO(data), "lambang.png")}, content_type="multipart/form-data")
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    error = re.search(r'<div id="f-office-logo-error"[^>]*>([^<]*)</div>', page)
    assert error and error.group(1) == refusal("logo", data, "office.logo")
    assert '<a class="alert-link" href="#f-office-logo">Logo (lambang daerah)</a>' in page
    assert profile(app).logo is None
    assert uploads(app) == [] and files_on_disk(app) == disk


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_the_api_refuses_an_image_that_does_not_decode(app, api, example_id, name):
    data, code = BAD_IMAGES[name]
    before = stored(app, example_id)
    photos = [{"file": data_uri(data), "caption": "Foto rusak"}]
    response = api("PATCH", f"/studies/{example_id}/stages/execution", json={"photos": photos})
    assert response.status_code == 422, response.get_data(as_text=True)
    [problem] = response.get_json()["problems"]
    assert (problem["path"], problem["code"]) == ("execution.photos[0].file", code)
    assert problem["message_id"] != problem["message_en"]
    assert stored(app, example_id) == before

    study = example_data()
    study["execution"]["photos"][2]["file"] = data_uri(data)
    for method, address in (("PUT", f"/studies/{example_id}"), ("POST", "/studies")):
        refused = api(method, address, json=study)
        assert refused.status_code == 422, (method, refused.get_data(as_text=True))
        assert [(p["path"], p["code"]) for p in refused.get_json()["problems"]] == [
            ("execution.photos[2].file", code)]
    assert stored(app, example_id) == before
    assert uploads(app) == []


def test_the_api_takes_an_image_that_decodes(app, api, example_id):
    photos = [{"file": data_uri(png_bytes(200, 150)), "caption": "Foto baik"}]
    response = api("PATCH", f"/studies/{example_id}/stages/execution", json={"photos": photos})
    assert response.status_code == 200, response.get_data(as_text=True)


# --- a damaged stored image ------------------------------------------------------------------


def _media(docx: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return [zf.read(n) for n in zf.namelist() if n.startswith("word/media/")]


def _pictures(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read("word/document.xml").decode().count("<pic:pic")


def _every_document_url(study) -> list[str]:
    urls = []
    for kind in catalog.available(study):
        items = catalog.items(study, kind)
        urls += [f"{kind.id}/{item or 0}.docx" for item in items]
        if kind.fan_out != "none" and len(items) > 1:
            urls.append(f"{kind.id}/gabungan.docx")
    return urls


@pytest.mark.parametrize("damage", ["junk", "missing", "truncated"])
def test_a_damaged_stored_photo_or_logo_never_breaks_a_document(app, client, login,
                                                                 example_id, damage):
    store = _store(app)
    photo, logo = jpeg_bytes(800, 600, seed=7), png_bytes(120, 140, "maroon")
    with store.transaction() as session:
        record = session.get(StudyRecord, example_id)
        keys = {purpose: save_upload(session, store.files, office=record.office,
                                     purpose=purpose, original_name=f"{purpose}.png",
                                     data=data, study=record).storage_key
                for purpose, data in (("photo", photo), ("logo", logo))}
        study = record.study
        study.execution.photos[1].file = keys["photo"]
        study.office.logo = keys["logo"]
        record.save(study, None)
    for key, good in ((keys["photo"], photo), (keys["logo"], logo)):
        target = store.files.path(key)
        if damage == "junk":
            target.write_bytes(good[:8] + b"bukan gambar" * 50)
        elif damage == "truncated":
            target.write_bytes(good[:len(good) // 3])
        else:
            target.unlink()

    login("signer")
    page = client.get(f"/studies/{example_id}/documents")
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    assert "Foto 2 tidak dapat dibaca" in text and "dokumen dibuat tanpa foto itu" in text
    assert "Logo kantor tidak dapat dibaca" in text
    assert f'href="/studies/{example_id}/stages/execution#f-execution-photos-1-file"' in text

    urls = _every_document_url(study)
    assert "final_report/0.docx" in urls and len(urls) > 10
    made = {}
    for url in urls:
        response = client.get(f"/studies/{example_id}/documents/{url}")
        assert response.status_code < 500, url
        if response.status_code == 200:
            made[url] = response.data
    assert "final_report/0.docx" in made and "spt/0.docx" in made
    bundle = client.get(f"/studies/{example_id}/documents.zip")
    assert bundle.status_code == 200
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as zf:
        made.update({name: zf.read(name) for name in zf.namelist()})
    for url, docx in made.items():
        Document(io.BytesIO(docx))  # opens
        media = _media(docx)
        assert photo not in media and logo not in media, url
        assert not any(m.startswith(logo[:8] + b"bukan") for m in media), url
    assert _pictures(made["final_report/0.docx"]) == 3, "three photos, no logo, no photo 2"

    api_doc = client.get(f"{API}/studies/{example_id}/documents/final_report.docx")
    assert api_doc.status_code < 500

    client.post("/language", data={"lang": "en", "next": "/",
                                   "csrf_token": _token(client)})
    english = html.unescape(client.get(f"/studies/{example_id}/documents").get_data(
        as_text=True))
    assert "Photo 2 cannot be read" in english and "made without that photo" in english


def _token(client) -> str:
    from tests.web.pages import csrf_token

    return csrf_token(client, "/")


# --- thumbnails ---------------------------------------------------------------------------


def test_a_thumbnail_is_a_small_real_image_made_once(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    big = jpeg_bytes(2400, 1800)
    response = post_stage(client, path, {f"{NEW_ROW}.file": (big, "besar.jpg")},
                          **{f"{NEW_ROW}.caption": "Foto besar"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    key = stored(app, example_id).execution.photos[4].file
    address = f"/studies/{example_id}/photos/{key}"
    assert f'src="{address}"' in client.get(path).get_data(as_text=True)

    thumb = client.get(address)
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(thumb.data)) as shown:
        shown.load()
        assert max(shown.size) <= THUMBNAIL_PX and shown.size == (320, 240)
    assert len(thumb.data) < len(big) / 10
    kept = list((app.config["DOCGEN_HOME"] / "thumbnails").rglob("*.jpg"))
    assert len(kept) == 1 and kept[0].read_bytes() == thumb.data
    assert client.get(address).data == thumb.data

    example = client.get(f"/studies/{example_id}/photos/contoh:contoh-foto-1.png")
    assert example.status_code == 200 and example.mimetype == "image/png"
    with Image.open(io.BytesIO(example.data)) as shown:
        assert max(shown.size) <= THUMBNAIL_PX

    _store(app).files.path(key).write_bytes(b"\xff\xd8\xff" + b"rusak" * 10)
    assert client.get(address).status_code == 404, "a damaged photo has no thumbnail"
