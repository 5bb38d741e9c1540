"""Message texts of the forms and of the checks made for them (merged into
:data:`docgen.messages.TEXTS`): code -> (Indonesian, English)."""

from __future__ import annotations

FORM_TEXTS: dict[str, tuple[str, str]] = {
    # A field of a web form that holds no date or time (docgen.formdates); the API and the
    # study file say "YYYY-MM-DD" (date_parsing), a form says how a person types it.
    "form_date": ("bukan tanggal yang sah: tulis dd/mm/yyyy (tanggal/bulan/tahun), "
                  "misalnya 17/08/2027",
                  "is not a valid date: write dd/mm/yyyy (day/month/year), e.g. 17/08/2027"),
    "form_time": ("bukan jam yang sah: tulis HH:MM dalam 24 jam, misalnya 14:30",
                  "is not a valid time: write HH:MM on the 24-hour clock, e.g. 14:30"),
    # The NIP against the person's own data (docgen.formchecks); warnings, named by both
    # fields' labels.
    "nip_birth_mismatch": (
        "NIP ini berawal dengan tanggal lahir {nip_date}, tetapi Tanggal lahir diisi {birth}; "
        "periksa NIP atau Tanggal lahir",
        "this NIP begins with the birth date {nip_date}, but the Date of birth says {birth}; "
        "check the NIP or the Date of birth"),
    "nip_sex_mismatch": (
        "angka ke-15 NIP ini ({digit}) berarti {nip_sex_id}, tetapi Jenis kelamin diisi "
        "{sex_id}; periksa NIP atau Jenis kelamin",
        "digit 15 of this NIP ({digit}) means {nip_sex_en}, but Sex says {sex_en}; check the "
        "NIP or Sex"),
}
