"""The labels of the study's enumerated values, in Indonesian and English.

Each table maps a stored value (``"luar_negeri"``) to its (Indonesian, English) label; the
web forms offer a field's values with the table whose keys are the field's literals.
:func:`label` reads one. The models that use them live in the other ``study_*`` modules.
"""

from __future__ import annotations

from typing import Literal

SCOPES = {"dalam_negeri": ("Dalam Negeri", "Domestic"), "luar_negeri": ("Luar Negeri", "Abroad")}
TOPICS = {
    "financial_management": ("Manajemen Keuangan", "Financial management"),
    "project_management": ("Pengelolaan Proyek", "Project management"),
    "public_service": ("Pelayanan Publik", "Public service"),
    "other": ("Lainnya", "Other"),
}
ACTING = {
    "definitif": ("Definitif", "Definitive"),
    "plt": ("Pelaksana Tugas (Plt.)", "Acting, long term (Plt.)"),
    "plh": ("Pelaksana Harian (Plh.)", "Acting, day to day (Plh.)"),
    "pj": ("Penjabat (Pj.)", "Appointed interim (Pj.)"),
}
SIGNER_ROLES = {
    "head": ("Kepala perangkat daerah", "Head of office"),
    "ppk": ("Pejabat Pembuat Komitmen", "Commitment officer (PPK)"),
    "leader": ("Ketua tim", "Team leader"),
    "proposer": ("Ketua tim dengan jabatannya sendiri", "Team leader in own position"),
    "region_head": ("Kepala daerah", "Regional head"),
    "sekda": ("Sekretaris daerah", "Regional secretary"),
}
INVITATION_MODES = {
    "per_invitee": ("Satu surat per undangan", "One letter per invitee"),
    "distribution_list": ("Satu surat dengan daftar undangan", "One letter with a list"),
}
ROLES = {"ketua": ("Ketua", "Leader"), "anggota": ("Anggota", "Member")}
ZONES = {"WIB": ("WIB", "WIB (UTC+7)"), "WITA": ("WITA", "WITA (UTC+8)"),
         "WIT": ("WIT", "WIT (UTC+9)"), "setempat": ("waktu setempat", "local time")}
Zone = Literal["WIB", "WITA", "WIT", "setempat"]
COMPONENTS = {
    "uang_harian": ("Uang Harian", "Daily allowance"),
    "penginapan": ("Biaya Penginapan", "Lodging"),
    "tiket": ("Tiket Pesawat/Transportasi", "Tickets / transport"),
    "transport_lokal": ("Transportasi Lokal", "Local transport"),
    "uang_representasi": ("Uang Representasi", "Representation allowance"),
    "sewa_kendaraan": ("Sewa Kendaraan", "Vehicle hire"),
    "paket_meeting": ("Paket Meeting", "Meeting package"),
    "paspor_visa": ("Paspor dan Visa", "Passport and visa"),
    "asuransi": ("Asuransi Perjalanan", "Travel insurance"),
    "lain_lain": ("Lain-lain", "Other"),
}
CHECKLIST_ITEMS = {
    "passport": ("Paspor dinas", "Service passport"),
    "visa": ("Visa", "Visa"),
    "travel_permit": ("Izin perjalanan dinas luar negeri", "Foreign-travel permit"),
    "tickets": ("Tiket", "Tickets"),
    "lodging": ("Penginapan", "Lodging"),
    "briefing": ("Pembekalan tim", "Team briefing"),
}
CHECK_STATUS = {
    "pending": ("Belum", "Pending"),
    "in_progress": ("Dalam proses", "In progress"),
    "done": ("Selesai", "Done"),
    "not_needed": ("Tidak diperlukan", "Not needed"),
}
ACHIEVEMENT = {
    "tercapai": ("Tercapai", "Achieved"),
    "sebagian": ("Tercapai sebagian", "Partly achieved"),
    "belum": ("Belum tercapai", "Not achieved"),
}
EVENT_KINDS = {
    "seminar": ("Seminar", "Seminar"),
    "workshop": ("Lokakarya", "Workshop"),
    "rapat": ("Rapat Diseminasi", "Dissemination meeting"),
    "publikasi": ("Publikasi", "Publication"),
}
PAPER_SIZES = {"A4": ("A4 (210 × 297 mm)", "A4 (210 × 297 mm)"),
               "F4": ("F4 (215 × 330 mm)", "F4 / folio (215 × 330 mm)")}
REPLY_KINDS = {
    "balasan": ("Surat balasan instansi tujuan", "Host's reply"),
    "undangan": ("Surat undangan instansi tujuan", "Host's invitation"),
    "konfirmasi_kbri": ("Surat konfirmasi KBRI", "Confirmation from the Indonesian embassy"),
}
SPD_FORMS = {
    "pmk_113_2012": ("Formulir PMK 113/PMK.05/2012 (SPD)", "PMK 113/PMK.05/2012 form (SPD)"),
    "permendagri": ("Formulir perjalanan dinas daerah (SPPD)", "Regional government form (SPPD)"),
}
SPD_ISSUERS = {
    "ppk": ("Pejabat Pembuat Komitmen", "Commitment officer (PPK)"),
    "pa_kpa": ("Pengguna Anggaran/Kuasa Pengguna Anggaran", "Budget user / its proxy (PA/KPA)"),
    "pejabat_berwenang": ("Pejabat yang berwenang memberi perintah",
                          "Official authorised to give the order"),
}


def label(table: dict[str, tuple[str, str]], key: str, lang: str = "id") -> str:
    """The display label of an enumerated value."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "id" else pair[1]
