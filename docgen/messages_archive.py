"""Message texts of the archive (finalising, fixity, exports) and of PDF making
(:mod:`docgen.pdf`, ``docgen render --format pdf|both``); merged into
:data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

ARCHIVE_TEXTS: dict[str, tuple[str, str]] = {
    # Archive: finalising, fixity, exports
    "finalized": ("nomor {number}, rekaman {record}", "number {number}, record {record}"),
    "finalized_unnumbered": ("tanpa nomor (jenis ini tidak bernomor), rekaman {record}",
                             "no number (this kind is not numbered), record {record}"),
    "finalize_incomplete": ("{kind} belum dapat diterbitkan: data belum lengkap",
                            "{kind} cannot be issued yet: data is missing"),
    "finalize_item": ("{kind} tidak memiliki naskah ke-{item}",
                      "{kind} has no document number {item}"),
    "access_unknown": ("klasifikasi keamanan {value} tidak dikenal",
                       "access class {value} is not known"),
    "finalize_already_corrected": (
        "versi ini sudah diperbaiki; perbaikan diterbitkan dari versi terakhir",
        "this version has already been corrected; correct the latest version instead"),
    "access_lowered": (
        "perbaikan tidak boleh berklasifikasi keamanan lebih rendah daripada naskah yang "
        "diperbaikinya; hanya arsiparis atau administrator yang dapat menurunkannya",
        "a correction cannot have a lower security class than the document it corrects; "
        "only an archivist or administrator can lower it"),
    "finalize_already_issued": (
        "{kind} sudah diterbitkan; perbaikan diterbitkan dari halaman rekamannya",
        "{kind} is already issued; a correction is issued from its record page"),
    "finalize_already_issued_cli": (
        "{kind} sudah diterbitkan dengan nomor {number} (rekaman {record}); tidak diterbitkan "
        "lagi. Perbaikan diterbitkan dari halaman rekamannya; untuk nomor baru dengan sengaja "
        "gunakan --again",
        "{kind} is already issued as {number} (record {record}); not issued again. A "
        "correction is made from the record's page; a deliberate new number: --again"),
    "classification_invalid": ("kode klasifikasi {value} tidak sah (contoh: 000.1.2.3)",
                               "classification code {value} is not valid (e.g. 000.1.2.3)"),
    "public_url_invalid": ("alamat publik untuk verifikasi harus diawali http:// atau https://",
                           "the public verification address must start with http:// or "
                           "https://"),
    "signed_empty": ("berkas salinan bertanda tangan kosong", "the signed copy is empty"),
    "signed_too_large": ("berkas salinan bertanda tangan terlalu besar (maksimal {limit} MB)",
                         "the signed copy is too large (at most {limit} MB)"),
    "signed_type": ("salinan bertanda tangan harus berupa PDF, atau hasil pindaian JPEG/PNG",
                    "the signed copy must be a PDF, or a JPEG/PNG scan"),
    "signed_unreadable": ("PDF salinan bertanda tangan tidak dapat dibaca: {detail}",
                          "the signed copy's PDF cannot be read: {detail}"),
    "signed_active": (
        "PDF salinan bertanda tangan memuat konten aktif ({found}) yang dilarang PDF/A; "
        "simpan ulang sebagai PDF/A tanpa JavaScript, lampiran, formulir XFA atau aksi "
        "otomatis",
        "the signed copy's PDF holds active content ({found}), which PDF/A forbids; save it "
        "again as PDF/A without JavaScript, attachments, XFA forms or automatic actions"),
    "signed_number_missing": (
        "nomor {number} tidak ditemukan dalam teks PDF; berkas ini bukan naskah tersebut",
        "number {number} is not in the PDF's text; this file is not that document"),
    "signed_qr_other": (
        "kode QR pada berkas menunjuk naskah lain ({url}), bukan rekaman ini",
        "the file's QR code points at another document ({url}), not this record"),
    "signed_no_identity": (
        "naskah tidak dapat dikenali: teks tidak memuat nomornya dan kode QR verifikasi tidak "
        "terbaca; pindai ulang dengan kode QR terlihat jelas (minimal 300 dpi)",
        "the document cannot be recognised: its text does not carry the number and the "
        "verification QR code cannot be read; scan again with the QR code clearly visible "
        "(300 dpi or more)"),
    "record_unknown": ("rekaman {record} tidak ada dalam register",
                       "record {record} is not in the register"),
    "signed_filed": ("salinan bertanda tangan rekaman {record} ({number}) disimpan, "
                     "SHA-256 {sha256}",
                     "signed copy of record {record} ({number}) filed, SHA-256 {sha256}"),
    "pdf_backfilled": ("PDF/A dibuat: {made}; gagal: {failed}",
                       "PDF/A made: {made}; failed: {failed}"),
    "retention_source": ("jadwal retensi yang berlaku (termasuk {path}):",
                         "retention schedule in force (including {path}):"),
    "verify_ok": ("{count} berkas diperiksa, semuanya utuh",
                  "{count} files checked, all intact"),
    "verify_mismatch": ("rekaman {record} ({number}): isi berkas {key} tidak cocok dengan "
                        "SHA-256 yang tercatat",
                        "record {record} ({number}): file {key} does not match its recorded "
                        "SHA-256"),
    "verify_missing": ("rekaman {record} ({number}): berkas {key} tidak ada",
                       "record {record} ({number}): file {key} is missing"),
    "verify_orphan": ("berkas {key} tidak memiliki rekaman (yatim)",
                      "file {key} has no record (orphan)"),
    "verify_leftover": ("berkas sementara {key} dari penulisan yang terputus",
                        "temporary file {key} from an interrupted write"),
    "verify_removed": ("{count} berkas yatim dihapus", "{count} orphan files removed"),
    "export_done": ("{count} rekaman dikemas ke {path}", "{count} records packed into {path}"),
    "export_empty": ("tidak ada rekaman untuk diekspor", "there are no records to export"),
    "export_not_empty": ("folder {path} tidak kosong", "folder {path} is not empty"),
    "archive_user_unknown": ("pengguna {email} tidak dikenal", "user {email} is not known"),
    "number_reserved": ("nomor {number} dipesan (id {id})", "number {number} reserved (id {id})"),
    "number_voided": ("nomor {number} dibatalkan", "number {number} voided"),
    "number_unknown": ("nomor {number} tidak ditemukan", "number {number} was not found"),
    "void_refused": ("nomor tidak dapat dibatalkan: {detail}",
                     "the number cannot be voided: {detail}"),
    "numbering_scope_set": ("{office}: nomor urut per {scope}",
                            "{office}: sequence numbers per {scope}"),
    "finalize_corrects": ("perbaikan harus untuk naskah yang sama (studi dan jenis yang sama)",
                          "a correction must be of the same document (same study and kind)"),
    "finalize_invalid": ("{kind} belum dapat diterbitkan: data studi masih salah",
                         "{kind} cannot be issued: the study has errors"),
    # PDF (docgen.pdf, docgen render --format pdf|both)
    "pdf_unavailable": ("PDF tidak dapat dibuat: LibreOffice (soffice) belum terpasang di "
                        "komputer ini (pasang libreoffice-writer-nogui dan python3-uno). "
                        "Berkas DOCX tetap dapat dibuat.",
                        "PDF cannot be made: LibreOffice (soffice) is not installed on this "
                        "machine (install libreoffice-writer-nogui and python3-uno). "
                        "DOCX files can still be made."),
    "pdf_failed": ("{name}: PDF gagal dibuat ({detail})",
                   "{name}: the PDF could not be made ({detail})"),
    "issued_out_of_range": ("tanggal naskah harus antara {first} dan {last}",
                            "the date of issue must be between {first} and {last}"),
    "public_url_default": ("kode QR naskah yang diterbitkan menunjuk ke {url}; atur "
                           "DOCGEN_PUBLIC_URL ke alamat publik kantor",
                           "the QR code of issued documents points at {url}; set "
                           "DOCGEN_PUBLIC_URL to the office's public address"),
}
