"""Messages of what a study takes over instead of having it typed again: budget lines typed
in the browser, a copy from an earlier study, chosen candidates and aims carried forward.
Merged into :data:`docgen.messages.TEXTS`; imports nothing of docgen."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "budget_typed_empty": (
        "belum ada baris anggaran: isi paling sedikit satu baris (uraian, volume, harga "
        "satuan)",
        "no budget lines yet: fill in at least one row (description, volume, unit price)"),
    # Copying from an earlier study (docgen/study_copy.py)
    "copy_office": ("profil kantor dan pejabatnya ({name})",
                    "the office profile and its officials ({name})"),
    "copy_team": ("tim: {count} orang dengan NIP, pangkat/golongan, jabatan dan kedudukan",
                  "team: {count} people with NIP, pangkat/golongan, position and role"),
    "copy_legal_bases": ("dasar hukum: {count} butir", "legal bases: {count}"),
    "copy_funding": ("sumber dana, program, kegiatan, sub kegiatan dan kode rekening",
                     "source of funds, programme, kegiatan, sub-kegiatan and account"),
    "copy_dpa": ("nomor dan tanggal DPA (tahun anggaran yang sama)",
                 "the DPA number and date (same fiscal year)"),
    "copy_dpa_other_year": (
        "nomor dan tanggal DPA tidak disalin: DPA itu untuk tahun anggaran {year}, studi ini "
        "{this_year}",
        "the DPA number and date not copied: that DPA is for fiscal year {year}, this study "
        "{this_year}"),
    "copy_never": (
        "tidak pernah disalin: nomor dan tanggal naskah, tanggal dan tujuan perjalanan, "
        "rincian anggaran dan realisasinya, notulen, laporan dan arsip",
        "never copied: numbers and dates of papers, the trip's dates and hosts, the budget "
        "lines and what was spent, minutes, report and archive"),
}
