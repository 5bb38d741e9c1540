"""Message texts of one value that is not right: the problems pydantic reports by type
(a date that is no date, a number too large) and a NIP or golongan that is wrong;
merged into :data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

VALUE_TEXTS: dict[str, tuple[str, str]] = {
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
}
