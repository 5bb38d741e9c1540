"""Message texts of the service: its command line (serving, users, offices, tokens) and
the JSON API; merged into :data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

SERVICE_TEXTS: dict[str, tuple[str, str]] = {
    # The service and its command line
    "serve_started": ("docgen berjalan di {url} (hentikan dengan Ctrl+C)",
                      "docgen is running at {url} (stop with Ctrl+C)"),
    "serve_home": ("data: {home} (basis data {database})", "data: {home} (database {database})"),
    "demo_user": ("pengguna demo {role}: {email} / {password} (kata sandi khusus demo)",
                  "demo user {role}: {email} / {password} (demo-only password)"),
    "db_upgraded": ("basis data {database} mutakhir (revisi {revision})",
                    "database {database} is up to date (revision {revision})"),
    "email_invalid": ("alamat surel tidak sah", "not a valid e-mail address"),
    "email_taken": ("surel {email} sudah dipakai akun lain",
                    "the e-mail {email} already has an account"),
    "office_unknown": ("kantor {office} tidak ada", "there is no office {office}"),
    "office_created": ("kantor baru dibuat: {office}", "new office made: {office}"),
    "password_prompt": ("Kata sandi", "Password"),
    "password_short": ("kata sandi paling sedikit {count} karakter",
                       "a password needs at least {count} characters"),
    "user_created": ("pengguna {email} ({role}) dibuat di {office}",
                     "user {email} ({role}) made in {office}"),
    "user_unknown": ("tidak ada pengguna {email}", "there is no user {email}"),
    "user_inactive": ("akun {email} sedang dinonaktifkan", "the account {email} is switched off"),
    "token_created": (
        "token API untuk {email} ({role}, {office}); simpan sekarang, token ini tidak "
        "ditampilkan lagi:",
        "API token for {email} ({role}, {office}); keep it now, it is not shown again:"),
    "token_expires": ("token ini berlaku sampai {expires} (UTC)",
                      "this token works until {expires} (UTC)"),
    # The JSON API
    "api_token_missing": (
        "permintaan ini memerlukan token API: kirim header \"Authorization: Bearer <token>\"",
        "this request needs an API token: send the header \"Authorization: Bearer <token>\""),
    "api_token_invalid": (
        "token API tidak dikenal atau sudah dicabut, atau akunnya dinonaktifkan",
        "the API token is not known or was revoked, or its account is switched off"),
    "api_token_expired": (
        "token API ini kedaluwarsa pada {expired} (UTC); minta token baru kepada "
        "administrator",
        "this API token expired on {expired} (UTC); ask the administrator for a new one"),
    "api_forbidden": ("peran {role} tidak mengizinkan tindakan ini",
                      "the role {role} does not allow this"),
    "api_not_found": ("tidak ditemukan (atau milik kantor lain)",
                      "not found (or it belongs to another office)"),
    "api_method_not_allowed": ("metode {method} tidak dapat dipakai di alamat ini",
                               "the method {method} cannot be used at this address"),
    "api_too_large": ("permintaan lebih besar dari {limit}", "the request is larger than {limit}"),
    "api_bad_request": ("permintaan tidak dapat dipahami", "the request could not be understood"),
    "api_json_expected": ("isi permintaan harus JSON (Content-Type: application/json)",
                          "the request body must be JSON (Content-Type: application/json)"),
    "api_json_object": ("isi permintaan harus berupa objek JSON",
                        "the request body must be a JSON object"),
    "api_invalid": ("data tidak sah: {count} masalah", "the data is not valid: {count} problem(s)"),
    "api_not_ready": ("{document} belum dapat dibuat: {count} isian belum lengkap",
                      "{document} cannot be made yet: {count} field(s) still missing"),
    "api_choose_item": (
        "{document} dibuat satu per {item}: sebut nomornya (.../{kind}/0.docx) atau minta "
        "?merged=1",
        "{document} is made once per {item}: name its number (.../{kind}/0.docx) or ask for "
        "?merged=1"),
    "api_render_failed": ("naskah tidak dapat dibuat: {detail}",
                          "the document could not be made: {detail}"),
    "api_budget_file": (
        "kirim buku kerja .xlsx dalam kolom \"file\" (multipart/form-data)",
        "send the .xlsx workbook in the field \"file\" (multipart/form-data)"),
    "api_budget_not_usable": (
        "anggaran belum dapat dipakai ({count} galat); rincian anggaran studi tidak diubah",
        "the budget cannot be used yet ({count} error(s)); the study's budget is unchanged"),
    "api_choose_issue_item": (
        "{document} dibuat satu per {item}: sebut nomornya (.../{kind}/0/issue)",
        "{document} is made once per {item}: name its number (.../{kind}/0/issue)"),
    "api_already_issued": (
        "{document} sudah diterbitkan sebagai {number} (rekaman {record}); naskah yang sudah "
        "terbit tidak diterbitkan lagi: untuk mengubahnya, terbitkan perbaikan dengan "
        "\"corrects\": {record}",
        "{document} is already issued as {number} (record {record}); an issued document is "
        "not issued again: to change it, issue a correction with \"corrects\": {record}"),
    "api_already_corrected": (
        "rekaman {record} sudah diperbaiki; versi terakhirnya {number} (rekaman {latest}): "
        "perbaiki versi terakhir",
        "record {record} is already corrected; its latest version is {number} (record "
        "{latest}): correct the latest version"),
    "api_corrects_other": (
        "rekaman {record} bukan versi naskah ini (studi, jenis dan nomor urut harus sama)",
        "record {record} is not a version of this document (the study, kind and item must "
        "be the same)"),
    "api_files_restricted": (
        "berkas naskah {access} hanya dibuka oleh penandatangan, arsiparis, administrator dan "
        "pengguna yang menerbitkannya",
        "the files of a {access} document are opened only by signers, archivists, "
        "administrators and the user who issued it"),
    "api_file_damaged": (
        "berkas {file} rekaman {record} ({number}) tidak cocok dengan SHA-256 yang tercatat; "
        "berkas tidak dikirim, beri tahu arsiparis",
        "the file {file} of record {record} ({number}) does not match its recorded SHA-256; "
        "it is not sent, tell the archivist"),
    "api_file_missing": (
        "berkas {file} rekaman {record} ({number}) tidak ada di penyimpanan; beri tahu "
        "arsiparis",
        "the file {file} of record {record} ({number}) is missing from storage; tell the "
        "archivist"),
    "api_signed_file": (
        "kirim salinan bertanda tangan (PDF, atau pindaian JPEG/PNG) dalam kolom \"file\" "
        "(multipart/form-data)",
        "send the signed copy (PDF, or a JPEG/PNG scan) in the field \"file\" "
        "(multipart/form-data)"),
    "api_query_invalid": ("parameter tidak sah: {names}", "invalid query parameter(s): {names}"),
    "api_issue_refused": ("naskah tidak dapat diterbitkan: {detail}",
                          "the document could not be issued: {detail}"),
    "api_server_error": ("terjadi kesalahan di server; tidak ada yang hilang, coba lagi sebentar "
                         "lagi",
                         "something went wrong on the server; nothing was lost, try again in "
                         "a moment"),
    # Budget lines sent as JSON (web.api_budget): a problem led by its line and field
    "api_line_at": ("Baris {line}, {field}: {message}", "Line {line}, {field}: {message}"),
    "api_line_row": ("Baris {line}: {message}", "Line {line}: {message}"),
    "api_budget_lines_refused": (
        "rincian anggaran tidak disimpan ({count} galat; yang pertama: {first}); anggaran "
        "studi tidak diubah",
        "the budget lines were not saved ({count} error(s); the first: {first}); the "
        "study's budget is unchanged"),
}
