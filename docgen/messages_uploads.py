"""Message texts of uploaded files and of images (:mod:`docgen.images`): uploads, images
written into a study, images left out when rendering; merged into
:data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

UPLOAD_TEXTS: dict[str, tuple[str, str]] = {
    # Uploaded files
    "image_not_office": ("berkas gambar ini bukan unggahan kantor ini; unggah ulang gambarnya",
                         "this image was not uploaded by this office; upload it again"),
    "upload_empty": ("berkas kosong atau tidak terkirim", "the file is empty or was not sent"),
    "upload_too_large": ("berkas lebih besar dari {limit}", "the file is larger than {limit}"),
    "upload_type": ("isi berkas bukan {expected}", "the file's content is not {expected}"),
    # Images (docgen.images): uploads, images written into a study, rendering
    "image_type": ("isi berkas bukan gambar PNG atau JPEG",
                   "the file's content is not a PNG or JPEG image"),
    "image_unreadable": ("gambar rusak atau terpotong sehingga tidak dapat dibaca",
                         "the image is damaged or cut short and cannot be read"),
    "image_too_many_pixels": (
        "gambar terlalu besar: {pixels} megapiksel (maksimal {limit} megapiksel)",
        "the image is too large: {pixels} megapixels (at most {limit} megapixels)"),
    "image_missing": ("berkas gambar tidak ada di penyimpanan",
                      "the image file is missing from storage"),
    "image_data_uri": ("gambar dalam data URI bukan base64 yang sah",
                       "the image's data URI is not valid base64"),
    "logo_skipped": ("Logo kantor tidak dapat dibaca ({reason_id}); dokumen dibuat tanpa logo",
                     "The office logo cannot be read ({reason_en}); the documents are made "
                     "without it"),
    "photo_skipped": ("Foto {number} tidak dapat dibaca ({reason_id}); dokumen dibuat tanpa "
                      "foto itu",
                      "Photo {number} cannot be read ({reason_en}); the documents are made "
                      "without that photo"),
}
