"""NIP (Nomor Induk Pegawai, BKN's 18 digits) and pangkat/golongan of a civil servant:
read, checked and written as official papers write them. :mod:`docgen.idformat` offers
every name here too, with the other Indonesian formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

# --------------------------------------------------------------------------- NIP

NIP_MIN_BIRTH = date(1940, 1, 1)
NIP_MIN_WORK_AGE = 17


class NipError(ValueError):
    """Invalid NIP; ``code`` is machine-readable, messages are in Indonesian and English."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_id = message_id
        self.message_en = message_en


@dataclass(frozen=True)
class Nip:
    """A parsed 18-digit civil servant number (Nomor Induk Pegawai)."""

    digits: str
    birth_date: date
    tmt_year: int
    tmt_month: int
    sex: str
    sequence: int

    @property
    def formatted(self) -> str:
        """Grouped form ``19860926 201505 1 001``."""
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


_NIP_CHARS_RE = re.compile(r"[0-9]+(?:[ .\-]+[0-9]+)*")


def parse_nip(text: str | int, today: date | None = None) -> Nip:
    """Validate and split a NIP; spaces, dots and hyphens between digits are allowed.

    ``today`` (default: the current date) bounds the birth date and the TMT year.
    """
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise TypeError(f"expected the NIP as a string, got {type(text).__name__}")
    today = today or date.today()
    raw = str(text).strip()
    if raw and not _NIP_CHARS_RE.fullmatch(raw):
        raise NipError(
            "nip_digits",
            f"NIP hanya boleh berisi angka (boleh dipisah spasi, titik, atau tanda hubung): {raw!r}.",
            f"NIP may contain only digits (optionally separated by spaces, dots or hyphens): {raw!r}.",
        )
    digits = re.sub(r"[ .\-]", "", raw)
    if len(digits) != 18:
        raise NipError(
            "nip_length",
            f"NIP harus terdiri atas 18 angka, tetapi berisi {len(digits)} angka.",
            f"NIP must have exactly 18 digits, got {len(digits)}.",
        )

    try:
        birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        birth = None
    if birth is None or not NIP_MIN_BIRTH <= birth <= today:
        raise NipError(
            "nip_birth_date",
            f"Delapan angka pertama NIP ({digits[:8]}) bukan tanggal lahir yang sah "
            f"(format TTTTBBHH, antara tahun {NIP_MIN_BIRTH.year} dan hari ini).",
            f"The first eight digits of the NIP ({digits[:8]}) are not a valid birth date "
            f"(YYYYMMDD, between {NIP_MIN_BIRTH.year} and today).",
        )

    tmt_year, tmt_month = int(digits[8:12]), int(digits[12:14])
    lowest, highest = birth.year + NIP_MIN_WORK_AGE, today.year + 1
    if not 1 <= tmt_month <= 12 or not lowest <= tmt_year <= highest:
        raise NipError(
            "nip_tmt",
            f"Angka ke-9 s.d. ke-14 NIP ({digits[8:14]}) bukan TMT CPNS yang sah "
            f"(format TTTTBB, bulan 01-12, tahun {lowest}-{highest}).",
            f"Digits 9-14 of the NIP ({digits[8:14]}) are not a valid appointment date "
            f"(YYYYMM, month 01-12, year {lowest}-{highest}).",
        )

    sex_digit = digits[14]
    if sex_digit not in "12":
        raise NipError(
            "nip_sex",
            f"Angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), bukan {sex_digit}.",
            f"Digit 15 of the NIP must be 1 (male) or 2 (female), got {sex_digit}.",
        )

    sequence = int(digits[15:])
    if sequence == 0:
        raise NipError(
            "nip_sequence",
            "Tiga angka terakhir NIP (nomor urut) harus 001-999, bukan 000.",
            "The last three digits of the NIP (sequence number) must be 001-999, got 000.",
        )

    return Nip(
        digits=digits,
        birth_date=birth,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        sex="L" if sex_digit == "1" else "P",
        sequence=sequence,
    )


def format_nip(text: str | int) -> str:
    """Validated NIP in grouped form ``19860926 201505 1 001``; raises NipError."""
    return parse_nip(text).formatted


# --------------------------------------------------------------------------- pangkat/golongan

GOLONGAN: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

_GOLONGAN_RE = re.compile(r"(IV|III|II|I|[1-4])\s*[/.\-]?\s*([A-E])", re.IGNORECASE)
_ARABIC_TO_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PANGKAT_TO_GOLONGAN = {name.casefold(): gol for gol, name in GOLONGAN.items()}


def normalize_golongan(text: str) -> str:
    """Canonical golongan ``III/d`` from ``iii/d``, ``III.d``, ``III d``, ``IIId``, ``3d``, ``3/d``."""
    match = _GOLONGAN_RE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match:
        group = match.group(1).upper()
        key = f"{_ARABIC_TO_ROMAN.get(group, group)}/{match.group(2).lower()}"
        if key in GOLONGAN:
            return key
    raise ValueError(
        f"unknown golongan {text!r}: write it as ruang/golongan like 'III/d'; "
        f"valid values are {', '.join(GOLONGAN)}"
    )


def pangkat(golongan: str) -> str:
    """Pangkat name for a golongan: ``III/d`` -> ``Penata Tingkat I``."""
    return GOLONGAN[normalize_golongan(golongan)]


def golongan_of(pangkat_name: str) -> str:
    """Golongan for a pangkat name, case-insensitive (``Tk. I`` is read as ``Tingkat I``)."""
    key = " ".join(pangkat_name.split())
    key = re.sub(r"\btk\.?\s*(?=I\b)", "Tingkat ", key, flags=re.IGNORECASE).casefold()
    try:
        return _PANGKAT_TO_GOLONGAN[key]
    except KeyError:
        raise ValueError(
            f"unknown pangkat {pangkat_name!r}; valid values are {', '.join(GOLONGAN.values())}"
        ) from None


def pangkat_golongan(golongan: str) -> str:
    """``Penata Tingkat I (III/d)``."""
    key = normalize_golongan(golongan)
    return f"{GOLONGAN[key]} ({key})"


def _nip_filter(value: Any) -> Any:
    """format_nip, but empty input (None or blank) is returned unchanged."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return value
    return format_nip(value)


def nip_utuh(value: Any) -> Any:
    """The grouped NIP with non-breaking spaces, for a narrow table cell where it must not
    wrap: ``19750214\u00a0200003\u00a01\u00a0002``; empty input unchanged."""
    formatted = _nip_filter(value)
    return formatted.replace(" ", "\u00a0") if isinstance(formatted, str) else formatted
