"""Bilingual (Indonesian / English) messages for problems a user can cause.

Every problem the core reports carries a code; this module owns the texts for each code
in both languages so that the CLI, the web front end and the API say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
    "literal_error": ("harus salah satu dari: {expected}", "must be one of: {expected}"),
    "enum": ("harus salah satu dari: {expected}", "must be one of: {expected}"),
    "list_type": ("harus berupa daftar", "must be a list"),
    "dict_type": ("harus berupa objek", "must be an object"),
    "model_type": ("harus berupa objek", "must be an object"),
    "bool_parsing": ("harus ya atau tidak", "must be true or false"),
    "bool_type": ("harus ya atau tidak", "must be true or false"),
    "value_error": ("{detail_id}", "{detail_en}"),
    "json_invalid": ("berkas bukan JSON yang sah: {detail}", "the file is not valid JSON: {detail}"),
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
    "time_zone": ("zona waktu harus WIB, WITA atau WIT", "the time zone must be WIB, WITA or WIT"),
    # Cross-field rules of a study
    "end_before_start": ("tanggal selesai lebih awal dari tanggal mulai ({start})",
                         "the end date is before the start date ({start})"),
    "agenda_outside_trip": ("tanggal agenda {date} di luar masa perjalanan ({start} s.d. {end})",
                            "agenda date {date} is outside the trip ({start} to {end})"),
    "agenda_time_order": ("jam selesai lebih awal dari jam mulai",
                          "the end time is before the start time"),
    "no_ketua": ("tim belum memiliki ketua", "the team has no leader (ketua)"),
    "many_ketua": ("tim memiliki {count} ketua; harus tepat satu",
                   "the team has {count} leaders (ketua); there must be exactly one"),
    "duplicate_nip": ("NIP {nip} tercantum lebih dari sekali dalam tim",
                      "NIP {nip} appears more than once in the team"),
    "abroad_needs_item": ("perjalanan luar negeri memerlukan butir persiapan \"{item}\"",
                          "travel abroad needs the preparation item \"{item}\""),
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
    "due_before_trip": ("batas waktu tindak lanjut {due} sebelum perjalanan berakhir ({end})",
                        "follow-up due date {due} is before the trip ends ({end})"),
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
}


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
