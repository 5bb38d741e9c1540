"""Message texts of the cross-field rules of a study (:func:`docgen.study.check_study`,
the realisation and follow-up checks) and of a document's readiness;
merged into :data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

STUDY_TEXTS: dict[str, tuple[str, str]] = {
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
    "needs_abroad": ("hanya untuk studi banding ke luar negeri",
                     "only for a study visit abroad"),
}
