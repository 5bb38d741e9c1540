"""Message texts of the standard cost cap tables (:mod:`docgen.budget`, the caps page);
merged into :data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

CAPS_TEXTS: dict[str, tuple[str, str]] = {
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
}
