"""Images are accepted only when they decode whole (docgen.images): refused at upload with a
message naming the field, left out of a document (with a warning) when a stored one is
damaged, and shown as real thumbnails."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib

import pytest
from click.testing import CliRunner
from PIL import Image

from docgen import images, signed
from docgen.cli import main
from docgen.example import example_data, example_study
from docgen.render import DEFAULT_LOGO, image_problems, render_document
from docgen.store import UploadRejected, check_upload

# --- images to test with ------------------------------------------------------------------


def png_bytes(width: int = 64, height: int = 48, color: str = "navy", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 1600, height: int = 1200, seed: int = 40) -> bytes:
    """A photo-like JPEG (noise, so that it does not compress to nothing)."""
    out = io.BytesIO()
    Image.effect_noise((width, height), seed).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A small PNG declaring a huge image (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 4096)) + chunk(b"IEND", b""))


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script></svg>')
HTML = b"<html><body><script>alert(1)</script></body></html>"

BAD_IMAGES = {
    "png_signature_then_junk": (b"\x89PNG\r\n\x1a\n" + b"junk" * 200, "image_unreadable"),
    "truncated_jpeg": (jpeg_bytes(400, 300)[:2500], "image_unreadable"),
    "gif_named_png": (gif_bytes(), "image_type"),
    "decompression_bomb": (bomb_png(), "image_too_many_pixels"),
    "svg_named_png": (SVG, "image_type"),
    "html_named_png": (HTML, "image_type"),
}
"""name → (bytes, the code they are refused with)."""
UPLOAD_CODES = {"image_type": "upload_type"}
"""What the upload check says first: bytes that are not PNG/JPEG at all are a wrong type."""


# --- the one check ----------------------------------------------------------------------


def mpo_bytes(width: int = 800, height: int = 600) -> bytes:
    """A JPEG holding two pictures, as phones write them (Pillow reads it as MPO)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(
        out, "MPO", save_all=True, append_images=[Image.new("RGB", (width, height), "red")])
    return out.getvalue()


def test_good_images_are_accepted_with_their_size():
    assert images.check_image(png_bytes(64, 48)) == images.ImageInfo("image/png", 64, 48)
    assert images.check_image(jpeg_bytes(320, 200)) == images.ImageInfo("image/jpeg", 320, 200)
    assert images.check_image(DEFAULT_LOGO.read_bytes()).mime == "image/png"


def test_a_phone_jpeg_with_several_pictures_is_a_jpeg(tmp_path):
    data = mpo_bytes()
    assert images.check_image(data) == images.ImageInfo("image/jpeg", 800, 600)
    assert check_upload("photo", data, "x") == "image/jpeg"
    small, mime = images.thumbnail(data)
    assert mime == "image/jpeg" and Image.open(io.BytesIO(small)).size == (320, 240)
    study = example_study()
    (tmp_path / "foto.jpg").write_bytes(data)
    study.execution.photos[0].file = "foto.jpg"
    doc = render_document(study, "final_report", base_dir=tmp_path)
    assert doc.skipped == () and data in _media(doc.data)


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_bad_images_are_refused_in_both_languages(name):
    data, code = BAD_IMAGES[name]
    with pytest.raises(images.ImageRefused) as caught:
        images.check_image(data)
    assert caught.value.code == code
    message_id, message_en = caught.value.message("id"), caught.value.message("en")
    assert message_id and message_en and message_id != message_en
    assert "{" not in message_id + message_en
    with pytest.raises(images.ImageRefused):  # the remembered answer is the same
        images.check_image(data)


def test_a_bomb_is_refused_before_its_pixels_are_decoded():
    """Declared sizes over the limit are refused from the header alone, also those under
    Pillow's own limit."""
    for width, height in ((100_000, 100_000), (7_000, 7_000)):
        with pytest.raises(images.ImageRefused) as caught:
            images.check_image(bomb_png(width, height))
        assert caught.value.code == "image_too_many_pixels"
        assert "megapiksel" in caught.value.message("id")


def test_one_pixel_limit_for_every_image():
    assert signed.MAX_PIXELS == images.MAX_PIXELS


@pytest.mark.parametrize("purpose", ["logo", "photo"])
@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_uploads_are_refused_naming_the_field(purpose, name):
    data, code = BAD_IMAGES[name]
    field = "office.logo" if purpose == "logo" else "execution.photos[1].file"
    with pytest.raises(UploadRejected) as caught:
        check_upload(purpose, data, field)
    assert caught.value.problem.path == field
    assert caught.value.problem.code == UPLOAD_CODES.get(code, code)


def test_a_good_upload_is_accepted_by_what_it_decodes_to():
    assert check_upload("photo", jpeg_bytes(400, 300), "x") == "image/jpeg"
    assert check_upload("logo", png_bytes(), "office.logo") == "image/png"


# --- thumbnails ---------------------------------------------------------------------------


def test_a_thumbnail_is_small_and_bounded():
    original = jpeg_bytes(1600, 1200)
    small, mime = images.thumbnail(original)
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(small)) as shown:
        assert max(shown.size) == images.THUMBNAIL_PX and shown.size == (320, 240)
    assert len(small) < len(original) / 5


def test_a_transparent_image_keeps_a_png_thumbnail_and_a_small_one_is_itself():
    transparent = png_bytes(900, 600, (0, 0, 0, 0), "RGBA")
    small, mime = images.thumbnail(transparent)
    assert mime == "image/png"
    with Image.open(io.BytesIO(small)) as shown:
        assert shown.size == (320, 213) and shown.mode == "RGBA"
    tiny = png_bytes(100, 80)
    assert images.thumbnail(tiny) == (tiny, "image/png")


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_no_thumbnail_of_a_bad_image(name):
    with pytest.raises(images.ImageRefused):
        images.thumbnail(BAD_IMAGES[name][0])


# --- rendering with a damaged image ----------------------------------------------------------


def _pictures(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read("word/document.xml").decode().count("<pic:pic")


def _media(docx: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return [zf.read(n) for n in zf.namelist() if n.startswith("word/media/")]


@pytest.mark.parametrize("damage", ["junk", "missing", "truncated"])
def test_a_damaged_photo_is_left_out_with_a_warning(tmp_path, damage):
    study = example_study()
    good = jpeg_bytes(640, 480)
    (tmp_path / "foto-2.jpg").write_bytes(good)
    study.execution.photos[1].file = "foto-2.jpg"
    before = render_document(study, "final_report", base_dir=tmp_path)
    assert before.skipped == () and good in _media(before.data)
    if damage == "junk":
        (tmp_path / "foto-2.jpg").write_bytes(b"\xff\xd8\xff" + b"rusak" * 100)
    elif damage == "truncated":
        (tmp_path / "foto-2.jpg").write_bytes(good[:3000])
    else:
        (tmp_path / "foto-2.jpg").unlink()

    after = render_document(study, "final_report", base_dir=tmp_path)
    assert _pictures(after.data) == _pictures(before.data) - 1
    assert all(not m.startswith(b"\xff\xd8\xff") for m in _media(after.data))
    [problem] = after.skipped
    assert (problem.path, problem.code, problem.severity) == (
        "execution.photos[1].file", "photo_skipped", "warning")
    assert problem.message("id").startswith("Foto 2 tidak dapat dibaca")
    assert problem.message("id").endswith("dokumen dibuat tanpa foto itu")
    assert problem.message("en").startswith("Photo 2 cannot be read")
    assert [p.path for p in image_problems(study, tmp_path)] == ["execution.photos[1].file"]


def test_a_damaged_logo_leaves_every_kop_without_it(tmp_path):
    study = example_study()
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 300)
    study.office.logo = "logo.png"
    doc = render_document(study, "spt", base_dir=tmp_path)
    assert _media(doc.data) == []
    assert [p.code for p in doc.skipped] == ["logo_skipped"]
    assert doc.skipped[0].message("id").startswith("Logo kantor tidak dapat dibaca")
    assert [p.path for p in image_problems(study, tmp_path)] == ["office.logo"]


def test_cli_render_warns_and_writes_the_documents(tmp_path):
    data = example_data()
    data["execution"]["photos"][1]["file"] = "foto-2.png"
    (tmp_path / "foto-2.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"junk" * 50)
    study_file = tmp_path / "studi.json"
    study_file.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(study_file), "--out", str(tmp_path / "out"),
                                       "--kind", "final_report"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Foto 2 tidak dapat dibaca") == 1
    [report] = (tmp_path / "out").iterdir()
    made = report.read_bytes()
    assert _pictures(made) == 1 + 3, "the logo and the three photos that can be read"
    assert all(b"junk" not in m for m in _media(made))
    english = CliRunner().invoke(main, ["--lang", "en", "render", str(study_file), "--out",
                                        str(tmp_path / "en"), "--kind", "final_report"])
    assert english.exit_code == 0 and "Photo 2 cannot be read" in english.stderr
