"""The texts of recipient sheets and batches (:mod:`docgen.recipients`,
:mod:`docgen.batch`, :mod:`docgen.jobs`), merged into :data:`docgen.messages.TEXTS`."""

from __future__ import annotations

BATCH_TEXTS: dict[str, tuple[str, str]] = {
    # The recipient sheet as a whole
    "recipients_no_header": (
        "tidak ditemukan baris judul kolom daftar penerima dalam {rows} baris pertama lembar "
        "{sheets}; beri judul kolom seperti: Jabatan, Instansi, Alamat, Kota, Nama, Surel",
        "no header row of a recipient list was found in the first {rows} rows of sheet "
        "{sheets}; label the columns like: Jabatan (position), Instansi (institution), "
        "Alamat (address), Kota (city), Nama (name), Surel (e-mail)"),
    "recipients_no_jabatan_column": (
        "baris {row} memuat judul kolom ({found}) tetapi tidak ada kolom Jabatan (atau Kepada "
        "Yth.), Desa/Kelurahan, atau Kecamatan yang menyebut kepada siapa surat ditujukan",
        "row {row} has column labels ({found}) but no Jabatan column (position, or Kepada "
        "Yth.), Desa/Kelurahan (village) or Kecamatan (district) saying whom the letter is "
        "addressed to"),
    "recipients_empty": ("daftar penerima tidak memuat satu baris pun di bawah judul kolom",
                         "the recipient list has no row under its header"),
    "recipients_too_many": (
        "daftar penerima memuat lebih dari {limit} baris; bagi menjadi beberapa berkas",
        "the recipient list has more than {limit} rows; split it into several files"),
    "recipients_csv_unreadable": ("berkas CSV tidak dapat dibaca: {detail}",
                                  "the CSV file cannot be read: {detail}"),
    "recipients_file_too_large": (
        "berkas {size} melebihi batas {limit} untuk daftar penerima",
        "the file is {size}, over the {limit} limit for a recipient list"),
    "recipient_sheet_not_read": (
        "lembar \"{sheet}\" tidak dibaca: judul kolomnya menyebut penerima dengan cara lain "
        "daripada lembar \"{chosen}\" (misalnya rekap per kecamatan)",
        "sheet \"{sheet}\" was not read: its columns name the recipients otherwise than sheet "
        "\"{chosen}\" does (a summary per district, say)"),
    "recipient_hidden_sheet": (
        "lembar \"{sheet}\" tersembunyi dan tidak dibaca; tampilkan lembar itu bila "
        "penerimanya juga diundang",
        "sheet \"{sheet}\" is hidden and was not read; unhide it if its recipients are "
        "invited too"),
    # One row
    "recipient_no_jabatan": (
        "baris {row}: jabatan penerima kosong; surat dinas ditujukan kepada jabatan",
        "row {row}: the addressee's position (jabatan) is empty; an official letter is "
        "addressed to a position"),
    "recipient_not_text": ("baris {row}: {column} berisi {value}, bukan teks",
                           "row {row}: {column} holds {value}, not text"),
    "recipient_error_value": ("baris {row}: {column} berisi nilai galat {value}",
                              "row {row}: {column} holds the error value {value}"),
    "recipient_too_long": ("baris {row}: {column} lebih dari {limit} karakter",
                           "row {row}: {column} is longer than {limit} characters"),
    "recipient_duplicate": ("baris {row}: penerima yang sama dengan baris {first}; dilewati",
                            "row {row}: the same recipient as row {first}; skipped"),
    "recipient_hidden_rows": (
        "baris {rows} disembunyikan atau tersaring (filter) sehingga tidak dibuatkan surat; "
        "tampilkan bila penerimanya memang diundang",
        "hidden or filtered-out rows, no letter made: {rows}; unhide them if they are "
        "invited"),
    "recipient_email": ("baris {row}: alamat surel {value} tidak sah (surat tetap dibuat)",
                        "row {row}: the e-mail address {value} is not valid (the letter is "
                        "still made)"),
    # Batches
    "batch_kind_not_per_invitee": (
        "{kind} tidak dibuat satu per penerima undangan; batch hanya untuk naskah satu per "
        "undangan (misalnya {example})",
        "{kind} is not made one per invitee; a batch is only for kinds made one per "
        "invitee (such as {example})"),
    "batch_no_event": (
        "studi belum memiliki acara diseminasi (tahap 7); isi tanggal, tempat dan judul acara "
        "lebih dahulu",
        "the study has no dissemination event yet (stage 7); fill in its date, place and "
        "title first"),
    "batch_event_missing": ("acara diseminasi ke-{number} tidak ada (studi memiliki {count})",
                            "there is no dissemination event {number} (the study has "
                            "{count})"),
    "batch_document_failed": ("baris {row}: naskah tidak dapat dibuat: {detail}",
                              "row {row}: the document could not be made: {detail}"),
    "batch_pdf_failed": ("baris {row}: PDF tidak dapat dibuat: {detail}",
                         "row {row}: the PDF could not be made: {detail}"),
    "batch_summary": ("{made} naskah dibuat, {refused} baris ditolak, {warnings} peringatan",
                      "{made} documents made, {refused} rows refused, {warnings} warnings"),
    "batch_written": ("ZIP ditulis: {path} ({size})", "ZIP written: {path} ({size})"),
    "batch_cancelled": ("batch dibatalkan", "the batch was cancelled"),
    "batch_interrupted": (
        "batch terhenti karena layanan dimulai ulang; jalankan lagi",
        "the batch stopped because the service restarted; start it again"),
    "batch_failed": ("batch gagal: {detail}", "the batch failed: {detail}"),
    "batch_queue_needs_redis": (
        "--queue memerlukan DOCGEN_REDIS_URL (antrean Redis) dan basis data DOCGEN_HOME yang "
        "dipakai bersama dengan proses docgen worker",
        "--queue needs DOCGEN_REDIS_URL (the Redis queue) and the DOCGEN_HOME database "
        "shared with the docgen worker processes"),
    "worker_db_behind": (
        "skema basis data belum mutakhir; jalankan docgen db upgrade lebih dahulu",
        "the database schema is not up to date; run docgen db upgrade first"),
    "worker_tool_missing": (
        "peringatan: {tool} tidak terpasang di mesin ini; PDF/A dan pratinjau yang diambil "
        "pekerja ini akan gagal (DOCX tetap dibuat)",
        "warning: {tool} is not installed on this machine; the PDF/A and previews this "
        "worker takes will fail (DOCX is still made)"),
    "batch_waiting": ("menunggu docgen worker: {made} dari {total} naskah",
                      "waiting for docgen worker: {made} of {total} documents"),
    "batch_queued": ("batch {job} masuk antrean ({parts} bagian)",
                     "batch {job} queued ({parts} parts)"),
    "batch_study_not_stored": (
        "studi ini belum tersimpan di basis data DOCGEN_HOME; --queue membuat batch dari "
        "studi yang tersimpan (docgen archive import)",
        "this study is not in the DOCGEN_HOME database; --queue makes a batch of a stored "
        "study (docgen archive import)"),
}
