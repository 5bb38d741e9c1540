"""The texts of filing a signed copy that is really signed, and of marking a wrong upload
(:mod:`docgen.archive_signed`, :mod:`docgen.signed_pages`), merged into
:data:`docgen.messages.TEXTS`."""

from __future__ import annotations

_UPLOAD_SIGNED = (
    "unggah hasil pindaian naskah yang sudah ditandatangani (dan dicap), atau PDF dari sistem "
    "tanda tangan elektronik",
    "upload the scan of the paper after it was signed (and stamped), or the PDF from the "
    "electronic signature system")

SIGNED_TEXTS: dict[str, tuple[str, str]] = {
    "signed_is_issued": (
        "berkas ini adalah PDF/A naskah yang diterbitkan sistem, sama persis, belum "
        f"ditandatangani; {_UPLOAD_SIGNED[0]}",
        "this file is the PDF/A the system issued, byte for byte, not signed; "
        f"{_UPLOAD_SIGNED[1]}"),
    "signed_unchanged": (
        "halaman berkas ini sama dengan naskah yang diterbitkan ({pages} halaman), tanpa "
        f"tanda tangan atau cap yang ditambahkan; {_UPLOAD_SIGNED[0]}",
        "the pages of this file are those of the issued document ({pages} pages) with no "
        f"signature or stamp added; {_UPLOAD_SIGNED[1]}"),
    "signed_unchanged_page": (
        "gambar ini sama dengan halaman {page} naskah yang diterbitkan, tanpa tanda tangan "
        f"atau cap yang ditambahkan; {_UPLOAD_SIGNED[0]}",
        "this image is page {page} of the issued document with no signature or stamp added; "
        f"{_UPLOAD_SIGNED[1]}"),
    "signed_already_filed": (
        "berkas ini sudah diarsipkan sebagai salinan bertanda tangan rekaman ini ({name})",
        "this file is already filed as this record's signed copy ({name})"),
    "withdraw_reason_missing": (
        "tuliskan alasan salah unggah; tidak ada yang diubah",
        "give the reason why it was a wrong upload; nothing was changed"),
    "withdraw_already": (
        "{name} sudah ditandai salah unggah", "{name} is already marked as a wrong upload"),
    "withdraw_not_signed_copy": (
        "hanya salinan bertanda tangan yang dapat ditandai salah unggah",
        "only a signed copy can be marked as a wrong upload"),
    "signed_withdrawn": (
        "salinan bertanda tangan {name} rekaman {record} ditandai salah unggah; rekaman "
        "menunggu salinan bertanda tangan lagi",
        "signed copy {name} of record {record} marked as a wrong upload; the record waits "
        "for a signed copy again"),
}
