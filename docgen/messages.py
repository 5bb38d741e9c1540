"""Bilingual (Indonesian / English) messages for problems a user can cause.

Every problem the core reports carries a code; this module owns the texts for each code
in both languages so that the CLI, the web front end and the API say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from docgen.messages_batch import BATCH_TEXTS
from docgen.messages_forms import FORM_TEXTS
from docgen.messages_kinds import KIND_TEXTS
from docgen.messages_reuse import TEXTS as REUSE_TEXTS
from docgen.messages_review import REVIEW_TEXTS
from docgen.messages_signed import SIGNED_TEXTS
from docgen.messages_template_check import CHECK_TEXTS
from docgen.messages_templates import TEMPLATE_TEXTS

Lang = Literal["id", "en"]
Severity = Literal["error", "warning"]

# code -> (Indonesian, English). Placeholders use str.format names.
TEXTS: dict[str, tuple[str, str]] = {
    # Type-level problems (from pydantic error types)
    "missing": ("wajib diisi", "is required"),
    "extra_forbidden": ("kolom ini tidak dikenal", "is not a known field"),
    "string_type": ("harus berupa teks", "must be text"),
    "string_too_short": ("tidak boleh kosong", "must not be empty"),
    "string_too_long": ("terlalu panjang (maksimal {max_length} karakter)",
                        "is too long (at most {max_length} characters)"),
    "string_pattern_mismatch": ("formatnya tidak sesuai", "has the wrong format"),
    "int_parsing": ("harus berupa bilangan bulat", "must be a whole number"),
    "int_type": ("harus berupa bilangan bulat", "must be a whole number"),
    "int_from_float": ("harus berupa bilangan bulat", "must be a whole number"),
    "finite_number": ("harus berupa angka yang terhingga", "must be a finite number"),
    "number_too_large": ("tidak boleh lebih dari {limit}", "must be at most {limit}"),
    "too_many_decimals": ("paling banyak {places} angka di belakang koma",
                          "may have at most {places} decimal places"),
    "line_too_large": ("volume × harga satuan = {total}, lebih dari batas {limit} per baris",
                       "volume × unit price = {total}, more than the limit of {limit} a line"),
    "total_too_large": ("jumlah {total} lebih dari {limit}, batas yang dapat ditulis dengan "
                        "huruf (terbilang)",
                        "the total {total} is more than {limit}, the most that can be "
                        "written in words (terbilang)"),
    "too_long": ("paling banyak {max_length} baris", "may have at most {max_length} rows"),
    "date_from_datetime_inexact": ("bukan tanggal yang sah (gunakan TTTT-BB-HH)",
                                   "is not a valid date (use YYYY-MM-DD)"),
    "decimal_parsing": ("harus berupa angka", "must be a number"),
    "decimal_type": ("harus berupa angka", "must be a number"),
    "float_parsing": ("harus berupa angka", "must be a number"),
    "greater_than": ("harus lebih besar dari {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("tidak boleh kurang dari {ge}", "must be at least {ge}"),
    "less_than_equal": ("tidak boleh lebih dari {le}", "must be at most {le}"),
    "date_parsing": ("bukan tanggal yang sah (gunakan TTTT-BB-HH)",
                     "is not a valid date (use YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("bukan tanggal yang sah (gunakan TTTT-BB-HH)",
                                   "is not a valid date (use YYYY-MM-DD)"),
    "date_type": ("bukan tanggal yang sah (gunakan TTTT-BB-HH)",
                  "is not a valid date (use YYYY-MM-DD)"),
    "time_parsing": ("bukan jam yang sah (gunakan JJ:MM)", "is not a valid time (use HH:MM)"),
    "time_type": ("bukan jam yang sah (gunakan JJ:MM)", "is not a valid time (use HH:MM)"),
    "time_with_offset": ("tulis jam tanpa selisih zona (JJ:MM); zona waktu dipilih di kolomnya",
                         "write the time without a zone offset (HH:MM); the time zone has its "
                         "own field"),
    "literal_error": ("harus salah satu dari: {expected}", "must be one of: {expected}"),
    "enum": ("harus salah satu dari: {expected}", "must be one of: {expected}"),
    "list_type": ("harus berupa daftar", "must be a list"),
    "dict_type": ("harus berupa objek", "must be an object"),
    "model_type": ("harus berupa objek", "must be an object"),
    "bool_parsing": ("harus ya atau tidak", "must be true or false"),
    "bool_type": ("harus ya atau tidak", "must be true or false"),
    "value_error": ("{detail_id}", "{detail_en}"),
    "json_invalid": ("berkas bukan JSON yang sah: {detail}", "the file is not valid JSON: {detail}"),
    "json_too_deep": ("JSON bersarang terlalu dalam (lebih dari {limit} tingkat)",
                      "the JSON is nested too deeply (more than {limit} levels)"),
    "invalid": ("isian tidak sah", "is not valid"),
    # NIP and golongan
    "nip_length": ("NIP harus 18 digit", "a NIP must have 18 digits"),
    "nip_digits": ("NIP hanya boleh berisi angka", "a NIP may contain digits only"),
    "nip_birth_date": ("8 digit pertama NIP bukan tanggal lahir yang sah",
                       "the first 8 digits of the NIP are not a valid birth date"),
    "nip_tmt": ("digit 9–14 NIP bukan TMT CPNS yang sah",
                "digits 9–14 of the NIP are not a valid appointment (TMT) year and month"),
    "nip_sex": ("digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)",
                "digit 15 of the NIP must be 1 (male) or 2 (female)"),
    "nip_sequence": ("nomor urut NIP (3 digit terakhir) tidak boleh 000",
                     "the NIP sequence number (last 3 digits) must not be 000"),
    "golongan": ("golongan \"{value}\" tidak dikenal (contoh: III/d)",
                 "golongan \"{value}\" is not known (example: III/d)"),
    "passport_number": ("nomor paspor \"{value}\" tidak lazim: 6–9 huruf dan angka, contoh "
                        "B1234567",
                        "passport number \"{value}\" is unusual: 6–9 letters and digits, "
                        "e.g. B1234567"),
    "time_zone": ("zona waktu harus WIB, WITA atau WIT", "the time zone must be WIB, WITA or WIT"),
    # Cross-field rules of a study
    "end_before_start": ("tanggal selesai lebih awal dari tanggal mulai ({start})",
                         "the end date is before the start date ({start})"),
    "agenda_outside_trip": ("agenda baris {row}: tanggal {date} di luar masa perjalanan ({trip})",
                            "agenda row {row}: the date {date} is outside the trip ({trip})"),
    "agenda_time_order": ("jam selesai lebih awal dari jam mulai",
                          "the end time is before the start time"),
    "no_ketua": ("tim belum memiliki ketua", "the team has no leader (ketua)"),
    "many_ketua": ("tim memiliki {count} ketua; harus tepat satu",
                   "the team has {count} leaders (ketua); there must be exactly one"),
    "duplicate_nip": ("NIP {nip} tercantum lebih dari sekali dalam tim",
                      "NIP {nip} appears more than once in the team"),
    "abroad_needs_item": ("perjalanan luar negeri memerlukan butir persiapan \"{item}\"",
                          "travel abroad needs the preparation item \"{item}\""),
    "report_without_realization": (
        "tanggal laporan sudah diisi, tetapi realisasi anggaran belum: laporan hasil akan "
        "memuat anggaran saja",
        "the report date is set but no budget line has its realised amount: the final report "
        "will show the plan only"),
    "realisation_traveller_unknown": (
        "pelaksana nomor {number} tidak ada dalam tim ({count} orang)",
        "traveller number {number} is not in the team ({count} people)"),
    "realisation_traveller_twice": (
        "realisasi {who} tercantum lebih dari sekali; satukan rinciannya",
        "the costs of {who} are listed more than once; put them together"),
    "realisation_no_rate": ("{who}, {component}: tarif atau jumlah wajib diisi",
                            "{who}, {component}: the rate or the amount is required"),
    "realisation_amount_mismatch": (
        "{who}, {component}: jumlah {amount} tidak sama dengan {rate} = {expected}",
        "{who}, {component}: the amount {amount} does not equal {rate} = {expected}"),
    "realisation_lump_sum_not_lodging": (
        "{who}, {component}: lumsum 30% hanya untuk biaya penginapan tanpa bukti hotel",
        "{who}, {component}: the 30% lump sum is only for lodging without a hotel receipt"),
    "realisation_riil_statement": (
        "{who}, {component}: pengeluaran riil memerlukan keterangannya (untuk daftar "
        "pengeluaran riil)",
        "{who}, {component}: an actual cost without receipt needs its statement (for the "
        "daftar pengeluaran riil)"),
    "realisation_no_evidence": (
        "{who}, {component}: belum ada bukti (kuitansi, tiket, boarding pass, tagihan hotel); "
        "unggah buktinya atau tandai sebagai pengeluaran riil",
        "{who}, {component}: no evidence yet (receipt, ticket, boarding pass, hotel invoice); "
        "upload it or mark the line as an actual cost without receipt"),
    "realisation_more_days": (
        "{who}, {component}: {count} hari, lebih dari lama perjalanan ({days} hari)",
        "{who}, {component}: {count} days, more than the trip ({days} days)"),
    "realisation_more_nights": (
        "{who}, {component}: {count} malam, lebih dari malam perjalanan ({nights} malam)",
        "{who}, {component}: {count} nights, more than the trip's nights ({nights})"),
    "realisation_above_cap": (
        "{who}, {component}: tarif {price} melebihi batas {cap} per {unit} untuk {kind} "
        "{region}{level} ({basis}, berlaku sejak TA {year}; terverifikasi)",
        "{who}, {component}: the rate {price} is above the cap of {cap} per {unit} for {kind} "
        "in {region}{level} ({basis}, in force from FY {year}; verified)"),
    "realisation_above_cap_unverified": (
        "{who}, {component}: tarif {price} melebihi batas {cap} per {unit} untuk {kind} "
        "{region}{level} ({basis}, berlaku sejak TA {year}; angka ini belum diverifikasi, "
        "periksa Perkada SSH)",
        "{who}, {component}: the rate {price} is above the cap of {cap} per {unit} for {kind} "
        "in {region}{level} ({basis}, in force from FY {year}; this figure is not verified, "
        "check the Perkada SSH)"),
    "realisation_lump_sum_above": (
        "{who}, {component}: lumsum {price} per malam melebihi 30% dari batas {cap} untuk "
        "{kind} {region}{level} = {lump} ({lump_basis}; batas: {basis}, TA {year})",
        "{who}, {component}: the lump sum {price} a night is above 30% of the cap of {cap} "
        "for {kind} in {region}{level} = {lump} ({lump_basis}; cap: {basis}, FY {year})"),
    "realisation_lump_sum_no_cap": (
        "{who}, {component}: lumsum 30% tidak dapat dihitung (batas {kind} untuk tingkat dan "
        "provinsi pelaksana tidak diketahui)",
        "{who}, {component}: the 30% lump sum cannot be computed (no {kind} cap known for "
        "the traveller's tier and province)"),
    "realisation_cap_no_level": (
        "{who}, {component}: eselon/golongan tidak diketahui, batas {kind} tidak diperiksa",
        "{who}, {component}: the eselon/golongan is not known, so the {kind} cap was not "
        "checked"),
    "realisation_representasi_not_eligible": (
        "{who}: uang representasi hanya untuk eselon II ke atas (tingkat: {level})",
        "{who}: uang representasi is only for eselon II and above (level: {level})"),
    "realisation_budget_mismatch": (
        "{component}: realisasi pada anggaran {realized} tidak sama dengan rincian per "
        "pelaksana {lines}; rincian per pelaksana yang dipakai",
        "{component}: the budget's realised amount {realized} does not equal the lines per "
        "traveller {lines}; the lines per traveller are used"),
    "realisation_sheet_no_person": (
        "biaya \"{value}\" tidak menyebut pelaksananya (nama atau NIP)",
        "the cost \"{value}\" names no traveller (name or NIP)"),
    "realisation_sheet_person_unknown": (
        "{who} tidak ada dalam tim studi ini ({count} orang); periksa nama dan NIP atau "
        "tambahkan ke tim",
        "{who} is not in this study's team ({count} people); check the name and NIP or add "
        "them to the team"),
    "realisation_sheet_rate_date": (
        "biaya dalam {currency}: tanggal kurs wajib diberikan (--rate-date)",
        "a cost in {currency}: the date of the exchange rate is required (--rate-date)"),
    "realisation_sheet_line": ("baris ini tidak dapat dipakai: {detail}",
                               "this line cannot be used: {detail}"),
    "abroad_team_size": (
        "rombongan ke luar negeri {count} orang; Surat Mendagri 090/6671/SJ membatasi paling "
        "banyak 5 orang",
        "the team abroad has {count} people; Mendagri circular 090/6671/SJ limits it to 5",
    ),
    "budget_amount_mismatch": (
        "jumlah {amount} tidak sama dengan volume × harga satuan ({expected})",
        "amount {amount} does not equal volume × unit price ({expected})",
    ),
    "other_topic_needs_text": ("bidang \"lainnya\" perlu uraian",
                               "the topic \"other\" needs a description"),
    "reply_date_missing": ("nomor surat balasan diisi tetapi tanggalnya belum",
                           "the reply letter has a number but no date"),
    "permit_date_missing": ("nomor surat izin perjalanan dinas luar negeri diisi tetapi "
                            "tanggalnya belum",
                            "the foreign-travel permit has a number but no date"),
    "zone_abroad_local": ("pertemuan di luar negeri ditulis dalam {zone}; gunakan waktu "
                          "setempat",
                          "a meeting abroad is written in {zone}; use local time (waktu "
                          "setempat)"),
    "zone_not_destination": ("pertemuan di instansi tujuan ditulis dalam {zone}, sedangkan "
                             "{province} memakai {host_zone}",
                             "a meeting at the host is written in {zone}, but {province} "
                             "keeps {host_zone}"),
    "zone_not_office": ("acara diseminasi ditulis dalam {zone}, sedangkan kantor di {province} "
                        "memakai {office_zone}",
                        "the dissemination event is written in {zone}, but the office in "
                        "{province} keeps {office_zone}"),
    "dated_before": ("{document} bertanggal {date} sebelum {cited} {cited_date}",
                     "{document} is dated {date}, before the {cited} of {cited_date}"),
    "due_before_trip": ("batas waktu tindak lanjut {due} sebelum perjalanan berakhir ({end})",
                        "follow-up due date {due} is before the trip ends ({end})"),
    "follow_up_aim_unknown": ("tujuan nomor {number} tidak ada (ada {count} tujuan)",
                              "there is no aim number {number} ({count} aims)"),
    "follow_up_lesson_unknown": ("pembelajaran nomor {number} tidak ada (ada {count})",
                                 "there is no lesson number {number} ({count} lessons)"),
    "storage_key": ("bukan berkas yang tersimpan", "is not a stored file"),
    "duplicate_item_id": ("kode butir {id} dipakai lebih dari sekali",
                          "the item id {id} is used more than once"),
    "evidence_unknown": ("bukan berkas bukti dukung yang diunggah kantor ini",
                         "is not an evidence file uploaded by this office"),
    "followup_item_unknown": ("butir tindak lanjut {item} tidak ditemukan",
                              "no follow-up item {item}"),
    "evidence_data_uri": ("bukti dukung dalam data URI bukan base64 yang sah",
                          "the evidence data URI is not valid base64"),
    "followup_listed": ("{count} butir tindak lanjut", "{count} follow-up item(s)"),
    "reason_required": ("alasan pembatalan wajib diisi", "a cancelled item needs a reason"),
    "acting_needs_definitive_title": (
        "jabatan Plt./Plh. harus diisi dengan nama jabatan definitifnya (tanpa \"Plt.\")",
        "an acting (Plt./Plh.) official's jabatan must be the definitive title (without \"Plt.\")",
    ),
    # Readiness of documents
    "needed_for": ("belum diisi; diperlukan untuk {document}", "not filled in; needed for {document}"),
    "serve_started": ("docgen berjalan di {url} (hentikan dengan Ctrl+C)",
                      "docgen is running at {url} (stop with Ctrl+C)"),
    "needs_abroad": ("hanya untuk studi banding ke luar negeri",
                     "only for a study visit abroad"),
    # The service and its command line
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
    # Budget workbooks: files that cannot be read at all
    "budget_file_missing": ("berkas tidak dapat dibuka: {detail}",
                            "the file cannot be opened: {detail}"),
    "budget_file_empty": ("berkas kosong (0 bita)", "the file is empty (0 bytes)"),
    "budget_file_too_large": (
        "berkas {size} melebihi batas {limit}; simpan anggaran saja dalam buku kerja baru",
        "the file is {size}, over the {limit} limit; save the budget alone in a new workbook"),
    "budget_encrypted": (
        "buku kerja dilindungi kata sandi (terenkripsi); buka di Excel/LibreOffice, hapus kata "
        "sandinya, lalu simpan ulang sebagai .xlsx",
        "the workbook is password-protected (encrypted); open it in Excel/LibreOffice, remove "
        "the password and save it again as .xlsx"),
    "budget_xls_binary": (
        "ini berkas Excel lama (.xls, format biner 97-2003); buka lalu simpan sebagai .xlsx",
        "this is an old Excel file (.xls, binary 97-2003 format); open it and save it as "
        ".xlsx"),
    "budget_not_xlsx_doc": ("ini dokumen Word lama (.doc), bukan buku kerja .xlsx",
                            "this is an old Word document (.doc), not an .xlsx workbook"),
    "budget_not_xlsx_ole": ("ini berkas Office biner lama, bukan buku kerja .xlsx",
                            "this is an old binary Office file, not an .xlsx workbook"),
    "budget_not_xlsx_docx": ("ini dokumen Word (.docx), bukan buku kerja .xlsx",
                             "this is a Word document (.docx), not an .xlsx workbook"),
    "budget_not_xlsx_pptx": ("ini presentasi PowerPoint (.pptx), bukan buku kerja .xlsx",
                             "this is a PowerPoint presentation (.pptx), not an .xlsx workbook"),
    "budget_not_xlsx_ods": (
        "ini lembar kerja OpenDocument (.ods); simpan sebagai .xlsx lalu unggah lagi",
        "this is an OpenDocument spreadsheet (.ods); save it as .xlsx and upload it again"),
    "budget_not_xlsx_xlsb": ("ini buku kerja biner Excel (.xlsb); simpan sebagai .xlsx",
                             "this is a binary Excel workbook (.xlsb); save it as .xlsx"),
    "budget_not_xlsx_zip": ("berkas ini arsip zip, tetapi bukan buku kerja .xlsx",
                            "this file is a zip archive but not an .xlsx workbook"),
    "budget_not_xlsx_pdf": ("ini berkas PDF, bukan buku kerja .xlsx",
                            "this is a PDF file, not an .xlsx workbook"),
    "budget_not_xlsx_html": (
        "ini halaman HTML (sering dari ekspor aplikasi yang diberi nama .xls); buka di "
        "Excel/LibreOffice lalu simpan sebagai .xlsx",
        "this is an HTML page (often an application export named .xls); open it in "
        "Excel/LibreOffice and save it as .xlsx"),
    "budget_not_xlsx_xml": ("ini berkas XML, bukan buku kerja .xlsx",
                            "this is an XML file, not an .xlsx workbook"),
    "budget_not_xlsx_csv": (
        "ini berkas teks CSV, bukan buku kerja .xlsx; buka di Excel/LibreOffice lalu simpan "
        "sebagai .xlsx",
        "this is a CSV text file, not an .xlsx workbook; open it in Excel/LibreOffice and save "
        "it as .xlsx"),
    "budget_not_xlsx_text": ("ini berkas teks, bukan buku kerja .xlsx",
                             "this is a text file, not an .xlsx workbook"),
    "budget_not_xlsx_unknown": ("berkas ini bukan buku kerja .xlsx (bita awal: {start})",
                                "this file is not an .xlsx workbook (first bytes: {start})"),
    "budget_zip_corrupt": ("berkas .xlsx rusak atau terpotong: {detail}",
                           "the .xlsx file is damaged or truncated: {detail}"),
    "budget_zip_too_many_parts": ("buku kerja berisi {count} bagian (batas {limit}); ditolak",
                                  "the workbook has {count} parts (limit {limit}); refused"),
    "budget_zip_too_big": ("isi buku kerja mengembang menjadi {size} (batas {limit}); ditolak",
                           "the workbook expands to {size} (limit {limit}); refused"),
    "budget_zip_ratio": (
        "bagian {part} mengembang {ratio} kali (batas {limit}); berkas seperti ini (zip bomb) "
        "ditolak",
        "part {part} expands {ratio} times (limit {limit}); a file like this (zip bomb) is "
        "refused"),
    "budget_xml_entities": (
        "bagian {part} memuat deklarasi DOCTYPE/ENTITY yang tidak pernah ditulis Excel atau "
        "LibreOffice (pola serangan \"billion laughs\"); ditolak",
        "part {part} declares a DOCTYPE/ENTITY, which Excel and LibreOffice never write (the "
        "\"billion laughs\" attack pattern); refused"),
    "budget_workbook_unreadable": ("buku kerja tidak dapat dibaca: {detail}",
                                   "the workbook cannot be read: {detail}"),
    "budget_too_many_rows": (
        "lembar \"{sheet}\" memiliki {rows} baris; paling banyak {limit} baris dibaca",
        "sheet \"{sheet}\" has {rows} rows; at most {limit} rows are read"),
    "budget_too_many_columns": (
        "lembar \"{sheet}\" memiliki {columns} kolom; paling banyak {limit} kolom",
        "sheet \"{sheet}\" has {columns} columns; at most {limit} are allowed"),
    "budget_too_many_cells": (
        "lembar \"{sheet}\" berisi sel sampai baris {rows} dan kolom {columns}; terlalu luas "
        "untuk dibaca, simpan anggaran saja dalam buku kerja baru",
        "sheet \"{sheet}\" has cells down to row {rows} and across to column {columns}; too "
        "wide to read, save the budget alone in a new workbook"),
    "budget_xls_corrupt": (
        "berkas Excel lama (.xls) ini rusak atau terpotong: {detail}",
        "this old Excel file (.xls) is damaged or truncated: {detail}"),
    "budget_ole_truncated": (
        "berkas Office biner (.xls) ini terpotong atau rusak: isinya berhenti sebelum daftar "
        "lembarnya; unduh atau salin ulang berkasnya",
        "this binary Office file (.xls) is truncated or damaged: it ends before its list of "
        "sheets; download or copy the file again"),
    "budget_macros_only": (
        "berkas Office biner ini hanya berisi makro (VBA), tanpa lembar kerja; simpan "
        "anggarannya sebagai .xlsx, .xls atau .ods",
        "this binary Office file holds only macros (VBA), no worksheet; save the budget as "
        ".xlsx, .xls or .ods"),
    "budget_no_worksheet": (
        "buku kerja tidak memiliki lembar kerja (hanya grafik, dialog atau lembar makro)",
        "the workbook has no worksheet (only chart, dialog or macro sheets)"),
    # Budget workbooks: the sheet and its layout
    "budget_empty_workbook": ("buku kerja kosong: tidak ada isian pada lembar mana pun",
                              "the workbook is empty: no sheet has anything in it"),
    "budget_no_header": (
        "baris judul kolom tidak ditemukan dalam {rows} baris pertama lembar {sheets}; yang "
        "dicari: {labels}",
        "no header row found in the first {rows} rows of sheet(s) {sheets}; looked for: "
        "{labels}"),
    "budget_hidden_sheet_ignored": (
        "lembar tersembunyi \"{sheet}\" tidak dibaca; tampilkan bila isinya bagian anggaran",
        "hidden sheet \"{sheet}\" was not read; unhide it if it is part of the budget"),
    "budget_hidden_sheet_used": ("anggaran dibaca dari lembar tersembunyi \"{sheet}\"",
                                 "the budget was read from the hidden sheet \"{sheet}\""),
    "budget_no_header_near": (
        "baris judul kolom tidak ditemukan dalam {rows} baris pertama lembar {sheets}; baris "
        "yang paling mirip, lembar \"{sheet}\" baris {row}: ditemukan: {found}; tidak ada: "
        "{missing}",
        "no header row found in the first {rows} rows of sheet(s) {sheets}; the closest, sheet "
        "\"{sheet}\" row {row}: found: {found}; missing: {missing}"),
    "budget_sheet_missing": ("lembar \"{sheet}\" tidak ada; lembar buku kerja ini: {sheets}",
                             "there is no sheet \"{sheet}\"; the workbook's sheets: {sheets}"),
    "budget_rows_after_total": (
        "{count} baris di bawah jumlah total berisi angka (baris {rows}: pagu, rekap, kuitansi "
        "atau tanda tangan?) dan tidak dibaca sebagai rincian anggaran",
        "{count} row(s) below the grand total hold numbers (rows {rows}: a pagu, a rekap, a "
        "kuitansi or signatures?) and were not read as budget lines"),
    "budget_amount_from_text": (
        "jumlah tidak ada; dihitung dari uraian {text}: {computed}",
        "no amount; computed from the description {text}: {computed}"),
    "budget_sheet_ambiguous": (
        "lembar {sheets} sama-sama tampak sebagai anggaran; pilih lembar yang dibaca "
        "(--sheet NAMA, atau pilihan lembar di halaman unggah)",
        "sheets {sheets} look equally like a budget; choose the sheet to read (--sheet NAME, "
        "or the sheet choice on the upload page)"),
    "budget_lines_after_total": (
        "baris {row} di bawah JUMLAH baris {total} tampak seperti rincian anggaran; bila "
        "tabelnya berlanjut, tulis \"JUMLAH TOTAL\" di akhirnya atau hapus baris teks di "
        "antaranya",
        "row {row}, below the JUMLAH of row {total}, looks like a budget line; if the table goes "
        "on, write \"JUMLAH TOTAL\" at its end or remove the text rows in between"),
    "budget_cost_too_small": (
        "{field} {value} terlalu kecil untuk biaya (kurang dari {least}); jumlah hari atau "
        "orang? tulis biayanya dalam rupiah",
        "{field} {value} is too small for a cost (less than {least}); a number of days or "
        "people? write the cost in rupiah"),
    "budget_cost_row_without_person": (
        "baris {row} berisi biaya tanpa nama pelaksana; tulis namanya, atau beri label baris "
        "jumlahnya (JUMLAH)",
        "row {row} holds costs without a traveller's name; write the name, or label the row "
        "of sums (JUMLAH)"),
    "budget_amount_unclear": (
        "{value} menyebut jumlah uang, tetapi volume × harga tidak dapat dibaca darinya dan "
        "kolom jumlahnya kosong; tulis misalnya \"3 hr x Rp 420.000\" atau isi kolom jumlah",
        "{value} names an amount of money, but no volume × price can be read from it and its "
        "amount cell is empty; write e.g. \"3 hr x Rp 420.000\" or fill in the amount"),
    "budget_sheet_kind_budget": ("anggaran", "budget"),
    "budget_sheet_kind_spd": ("formulir SPD", "SPD form"),
    "budget_sheet_kind_kuitansi": ("kuitansi", "receipt (kuitansi)"),
    "budget_sheet_kind_honor": ("daftar honor", "fee list (honor)"),
    "budget_sheet_kind_caps": ("tabel standar biaya", "standard-cost table"),
    "budget_sheet_kind_riil": ("daftar pengeluaran riil", "list of actual expenses"),
    "budget_sheet_kind_nominatif": ("daftar nominatif", "nominative list"),
    "budget_sheet_kind_pernyataan": ("surat pernyataan", "statement letter"),
    "budget_sheet_kind_empty": ("kosong", "empty"),
    "budget_sheet_kind_other": ("lain-lain", "other"),
    "budget_no_lines": ("tidak ada baris anggaran di bawah baris judul (baris {row})",
                        "no budget lines under the header row (row {row})"),
    "budget_merged_data": (
        "sel {range} digabung (merge) di dalam baris anggaran; setiap baris perlu uraian, "
        "volume, harga dan jumlahnya sendiri",
        "cells {range} are merged inside the budget lines; each line needs its own "
        "description, volume, price and amount"),
    # Budget workbooks: cells ({field} is the column's label as written in the sheet)
    "study_unreadable": ("data studi yang tersimpan tidak dapat dibaca; laporkan kepada "
                         "administrator", "the stored data of this study cannot be read; "
                         "tell the administrator"),
    "budget_not_a_number": ("{field} {value} bukan angka", "{field} {value} is not a number"),
    "budget_error_value": ("{field} berisi galat {value}; perbaiki rumusnya",
                           "{field} shows the error {value}; fix the formula"),
    "budget_number_too_large": ("{field} {value} terlalu besar (paling besar {limit})",
                                "{field} {value} is too large (at most {limit})"),
    "budget_too_many_decimals": ("{field} {value}: paling banyak {places} angka di belakang "
                                 "koma", "{field} {value}: at most {places} decimal places"),
    "budget_line_too_large": ("volume × harga = {total}, lebih dari batas {limit} per baris",
                              "volume × price = {total}, more than the limit of {limit} a "
                              "line"),
    "budget_total_too_large": ("jumlah anggaran {total} lebih dari {limit}, batas yang dapat "
                               "ditulis dengan huruf (terbilang)",
                               "the budget total {total} is more than {limit}, the most that "
                               "can be written in words (terbilang)"),
    "budget_too_many_lines": ("{count} baris anggaran; paling banyak {limit}",
                              "{count} budget lines; at most {limit}"),
    "budget_not_positive": ("{field} {value} harus lebih dari nol",
                            "{field} {value} must be greater than zero"),
    "budget_missing_value": ("{field} kosong", "{field} is empty"),
    "budget_volume_factors": (
        "volume {volume} tidak sama dengan hasil kali kolom orang/hari ({product})",
        "volume {volume} does not equal the product of the person/day columns ({product})"),
    "budget_unknown_currency": ("mata uang {value} tidak dikenal",
                                "currency {value} is not known"),
    "budget_no_rate": (
        "harga {value} dalam {currency} tanpa kurs; isi sel \"Kurs\" atau pakai --rate "
        "{currency}=16250",
        "price {value} is in {currency} but no exchange rate is given; fill a \"Kurs\" cell or "
        "use --rate {currency}=16250"),
    "budget_unknown_component": ("komponen {value} tidak dikenal; pilih salah satu: {known}",
                                 "component {value} is not known; choose one of: {known}"),
    "budget_component_guessed": (
        "komponen baris {value} tidak dapat ditentukan; dimasukkan ke Lain-lain",
        "the component of line {value} cannot be told; counted as Lain-lain (other)"),
    "budget_lump_sum": (
        "baris tanpa volume dan harga satuan; jumlah {amount} dipakai sebagai 1 paket",
        "line without volume and unit price; the amount {amount} is taken as 1 lump sum"),
    "budget_no_description": (
        "uraian kosong; dipakai nama komponen \"{component}\"",
        "the description is empty; the component name \"{component}\" is used"),
    "budget_formula_no_value": (
        "rumus {formula} belum punya hasil tersimpan (berkas dibuat oleh program, bukan Excel/"
        "LibreOffice); dihitung volume × harga = {computed}",
        "formula {formula} has no saved result (the file was written by a program, not Excel/"
        "LibreOffice); computed volume × price = {computed}"),
    "budget_amount_empty": ("jumlah kosong; dihitung volume × harga = {computed}",
                            "the amount is empty; computed volume × price = {computed}"),
    "budget_formula_no_value_input": (
        "{field} berisi rumus {formula} tanpa hasil tersimpan; buka dan simpan berkas di "
        "Excel/LibreOffice",
        "{field} holds formula {formula} without a saved result; open and save the file in "
        "Excel/LibreOffice"),
    "budget_total_formula_no_value": (
        "rumus total {formula} belum punya hasil tersimpan; dipakai jumlah baris yang dihitung",
        "total formula {formula} has no saved result; the computed sum of the lines is used"),
    # Budget workbooks: arithmetic and rules
    "budget_line_mismatch": (
        "jumlah {amount} tidak sama dengan volume {volume} × harga {price} = {expected}",
        "amount {amount} does not equal volume {volume} × price {price} = {expected}"),
    "budget_total_mismatch": (
        "total \"{label}\" {declared} tidak sama dengan jumlah {count} baris anggaran "
        "(baris {rows}) = {computed}",
        "total \"{label}\" {declared} does not equal the sum of the {count} budget lines "
        "(rows {rows}) = {computed}"),
    "budget_column_total_mismatch": (
        "jumlah kolom \"{column}\" pada baris \"{label}\" {declared} tidak sama dengan jumlah "
        "{count} sel kolom itu (baris {rows}) = {computed}",
        "the \"{column}\" column's total on the \"{label}\" row, {declared}, does not equal "
        "the sum of the {count} cells of that column (rows {rows}) = {computed}"),
    "budget_subtotal_mismatch": (
        "subtotal \"{label}\" {declared} tidak sama dengan jumlah {count} baris di atasnya "
        "(baris {rows}) = {computed}",
        "subtotal \"{label}\" {declared} does not equal the sum of the {count} lines above it "
        "(rows {rows}) = {computed}"),
    "budget_terbilang_mismatch": (
        "terbilang {seen} tidak sesuai dengan total {total}; seharusnya \"{expected}\"",
        "the amount in words {seen} does not read the total {total}; it should be "
        "\"{expected}\""),
    "budget_duplicate_line": ("baris {value} sama persis dengan baris {row}; tercatat dua kali?",
                              "line {value} is the same as row {row}; entered twice?"),
    "budget_representasi_not_eligible": (
        "uang representasi untuk {who} ({level}); hanya pejabat negara dan eselon II ke atas "
        "yang berhak",
        "uang representasi (representation allowance) for {who} ({level}); only state "
        "officials and eselon II and above may receive it"),
    "budget_representasi_nobody": (
        "uang representasi dianggarkan, tetapi tidak seorang pun dari {count} anggota tim "
        "eselon II ke atas",
        "uang representasi (representation allowance) is budgeted but none of the {count} "
        "team members is eselon II or above"),
    "budget_representasi_unknown": (
        "uang representasi {value}: tidak diketahui untuk siapa; hanya eselon II ke atas yang "
        "berhak (sebut nama atau eselonnya pada uraian)",
        "uang representasi {value}: it is not clear for whom; only eselon II and above may "
        "receive it (name the person or the eselon in the description)"),
    "budget_above_cap": (
        "harga satuan {price} melebihi batas {cap} per {unit} untuk {kind} {region}{level} "
        "({basis}, berlaku sejak TA {year}; terverifikasi)",
        "unit price {price} is above the cap of {cap} per {unit} for {kind} in {region}{level} "
        "({basis}, in force from FY {year}; verified)"),
    "budget_above_cap_unverified": (
        "harga satuan {price} melebihi batas {cap} per {unit} untuk {kind} {region}{level} "
        "({basis}, berlaku sejak TA {year}; angka ini belum diverifikasi, periksa Perkada SSH)",
        "unit price {price} is above the cap of {cap} per {unit} for {kind} in {region}{level} "
        "({basis}, in force from FY {year}; this figure is not verified, check the "
        "Perkada SSH)"),
    "budget_cap_no_level": (
        "{kind}: eselon/golongan tidak diketahui, batas standar biaya tidak diperiksa (sebut "
        "eselon atau golongan pada uraian)",
        "{kind}: the eselon/golongan is not known, so the standard cost cap was not checked "
        "(name the eselon or golongan in the description)"),
    "budget_cap_no_region": (
        "provinsi/negara tujuan tidak diketahui untuk baris {rows}; batas standar biaya tidak "
        "diperiksa (pakai --province atau sebut provinsinya pada uraian)",
        "destination province/country not known for rows {rows}; standard cost caps not "
        "checked (use --province or name the province in the description)"),
    "budget_study_no_lines": ("studi belum memiliki rincian anggaran (plan.budget)",
                              "the study has no budget lines (plan.budget)"),
    "budget_binary_to_terminal": (
        "keluaran berupa berkas .xlsx; arahkan ke berkas (> anggaran.xlsx) atau pakai --out",
        "the output is an .xlsx file; redirect it (> budget.xlsx) or use --out"),
    "budget_bad_rate": ("kurs {value} tidak dikenal (contoh: USD=16250)",
                        "exchange rate {value} is not understood (example: USD=16250)"),
    # Standard cost cap tables
    "caps_no_header": (
        "baris judul tabel batas biaya tidak ditemukan; kolom yang dicari: {labels}",
        "no header row found in the caps table; columns looked for: {labels}"),
    "caps_bad_year": ("tahun {value} bukan tahun anggaran (contoh: 2026)",
                      "year {value} is not a fiscal year (example: 2026)"),
    "caps_bad_kind": ("jenis biaya {value} tidak dikenal; yang dikenal: {known}",
                      "kind {value} is not known; known kinds: {known}"),
    "caps_bad_level": ("tingkat {value} tidak dikenal; yang dikenal: {known}",
                       "level {value} is not known; known levels: {known}"),
    "caps_bad_amount": ("batas {value} harus angka lebih dari nol",
                        "cap {value} must be a number greater than zero"),
    "caps_no_basis": ("dasar hukum kosong; setiap baris batas biaya perlu sumbernya",
                      "the legal basis is empty; every cap row needs its source"),
    "caps_no_header_wide": (
        "tidak ada tabel batas biaya: tidak ada kolom Jenis, kolom nama provinsi, atau kolom "
        "Asal dan Tujuan pada lembar mana pun",
        "no caps table: no Jenis column, no column of province names and no Asal and Tujuan "
        "columns on any sheet"),
    "caps_unknown_region": (
        "{value} bukan nama provinsi yang dikenal (contoh: NTB, DI Yogyakarta, Kep. Bangka "
        "Belitung) atau rute \"asal - tujuan\"",
        "{value} is not a known province (e.g. NTB, DI Yogyakarta, Kep. Bangka Belitung) or "
        "an \"origin - destination\" route"),
    "caps_unknown_tier": (
        "judul kolom {value} tidak dapat dipetakan ke jenis dan tingkat biaya (contoh: Luar "
        "Kota, Dalam Kota > 8 Jam, Diklat, Eselon I … Gol I/II, Ekonomi, Bisnis, Besaran)",
        "column heading {value} cannot be mapped to a kind and level of cost (e.g. Luar Kota, "
        "Dalam Kota > 8 Jam, Diklat, Eselon I … Gol I/II, Ekonomi, Bisnis, Besaran)"),
    "caps_duplicate_tier": ("kolom {value} mengulang tingkat kolom {other}",
                            "column {value} repeats the level of column {other}"),
    "caps_duplicate_region": ("{value} muncul lebih dari sekali dalam tabel",
                              "{value} appears more than once in the table"),
    "caps_no_year": (
        "tahun anggaran tabel \"{sheet}\" tidak tertulis di judulnya; sebutkan dengan --year",
        "the fiscal year of table \"{sheet}\" is not written in its title; give it with "
        "--year"),
    "caps_no_tiers": ("tabel \"{sheet}\" tidak memiliki kolom nilai yang dapat dibaca",
                      "table \"{sheet}\" has no value column that can be read"),
    "caps_preview_section": (
        "{table}: {regions} wilayah × {columns} kolom = {count} batas; dasar hukum: {basis}; "
        "berlaku mulai tahun anggaran {year}",
        "{table}: {regions} regions × {columns} columns = {count} caps; legal basis: {basis}; "
        "in force from fiscal year {year}"),
    "caps_dry_run": ("uji coba: tidak ada yang disimpan ({count} batas terbaca)",
                     "dry run: nothing saved ({count} caps read)"),
    "caps_choose_file": ("pilih berkas tabel standar biaya (.xlsx, .xls atau .ods)",
                         "choose the standard-cost table (.xlsx, .xls or .ods)"),
    "caps_saved": ("{count} batas biaya dari {name} disimpan; pemeriksaan anggaran memakainya "
                   "bersama tabel nasional (yang lebih rendah berlaku)",
                   "{count} caps from {name} are saved; budget checks use them with the "
                   "national table (the lower one binds)"),
    "caps_page_title": ("Standar biaya kantor", "The office's standard costs"),
    "caps_page_intro": (
        "Unggah tabel standar biaya daerah (SSH/Perkada) seperti yang dimiliki kantor: satu "
        "baris per provinsi atau rute, satu kolom per tingkat (uang harian, penginapan, tiket, "
        "taksi), di lembar mana pun. Periksa dahulu apa yang terbaca, baru simpan.",
        "Upload the region's standard-cost table (SSH/Perkada) as the office has it: one row "
        "per province or route, one column per tier (daily allowance, lodging, tickets, taxi), "
        "on any sheet. Look over what was read first, then save it."),
    "caps_page_file": ("Tabel standar biaya", "Standard-cost table"),
    "caps_page_year": ("Tahun anggaran (bila tidak tertulis di tabel)",
                       "Fiscal year (when the table does not say)"),
    "caps_page_basis": ("Dasar hukum (bila tidak tertulis di tabel)",
                        "Legal basis (when the table does not say)"),
    "caps_page_reference": ("Rujukan (tempat angka dibaca)", "Reference (where it was read)"),
    "caps_page_read": ("Baca dan tampilkan", "Read and show"),
    "caps_page_problems": ("Tabel tidak dapat dipakai; tidak ada yang disimpan:",
                           "The table cannot be used; nothing was saved:"),
    "caps_page_preview": ("Terbaca dari {name}: {count} batas biaya (belum disimpan)",
                          "Read from {name}: {count} caps (not saved yet)"),
    "caps_page_region": ("Provinsi / rute", "Province / route"),
    "caps_page_save": ("Simpan tabel ini", "Save this table"),
    "caps_page_cancel": ("Batal", "Cancel"),
    "caps_page_saved": ("Tabel tersimpan", "Saved tables"),
    "caps_page_none": ("Belum ada tabel kantor; hanya tabel nasional yang dipakai.",
                       "No table of the office yet; only the national table is used."),
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
TEXTS.update(REUSE_TEXTS)
TEXTS.update(REVIEW_TEXTS)
TEXTS.update(SIGNED_TEXTS)
TEXTS.update(TEMPLATE_TEXTS)
TEXTS.update(CHECK_TEXTS)
TEXTS.update(KIND_TEXTS)
TEXTS.update(BATCH_TEXTS)
TEXTS.update(FORM_TEXTS)


def text(code: str, lang: Lang = "id", **params: object) -> str:
    """The message for `code` in `lang`, with `params` filled in."""
    pair = TEXTS.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "id" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


@dataclass(frozen=True)
class Problem:
    """One problem found in user input: where, what, and how bad."""

    path: str
    code: str
    severity: Severity = "error"
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "id") -> str:
        return text(self.code, lang, **self.params)

    def line(self, lang: Lang = "id") -> str:
        """The form printed by the CLI: ``path: message``."""
        prefix = "" if self.severity == "error" else ("peringatan: " if lang == "id" else "warning: ")
        return f"{self.path}: {prefix}{self.message(lang)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "code": self.code,
            "severity": self.severity,
            "message_id": self.message("id"),
            "message_en": self.message("en"),
        }


def path_of(loc: tuple[object, ...] | list[object]) -> str:
    """Turn a location tuple ('plan', 'team', 2, 'nip') into ``plan.team[2].nip``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(root)"
