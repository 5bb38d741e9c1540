"""Indonesian formats: Rupiah, terbilang, dates, counts, Roman months, and the Jinja filters
that print them; NIP and pangkat/golongan are :mod:`docgen.idformat_nip` (offered here too)."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

from docgen.idformat_nip import (  # re-exported
    GOLONGAN,
    Nip,
    NipError,
    _nip_filter,
    format_nip,
    golongan_of,
    nip_utuh,
    normalize_golongan,
    pangkat,
    pangkat_golongan,
    parse_nip,
)

__all__ = [
    "FILTERS",
    "GOLONGAN",
    "Nip",
    "NipError",
    "angka",
    "bilangan",
    "bulan",
    "bulan_romawi",
    "durasi",
    "format_nip",
    "golongan_of",
    "hari",
    "jam",
    "judul",
    "judul_resmi",
    "kapital",
    "normalize_golongan",
    "pangkat",
    "pangkat_golongan",
    "parse_nip",
    "rentang_jam",
    "rentang_tanggal",
    "rupiah",
    "tanggal",
    "terbilang",
    "terbilang_rupiah",
]


Number = int | float | Decimal | str
DateLike = date | datetime | str
TimeLike = time | datetime | str

# Enough precision that quantizing any realistic amount never loses digits.
_CTX = Context(prec=80, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- numbers


def _to_decimal(value: Number) -> Decimal:
    """Convert int, Decimal, float (via ``str``) or a plain numeric string to Decimal."""
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got a bool: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(str(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a plain number: {value!r}") from None
    else:
        raise TypeError(f"expected int, Decimal, float or str, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


_EXPONENTS = tuple(Decimal(1).scaleb(-places) for places in range(9))


def _quantize(value: Decimal, places: int) -> Decimal:
    """Round ``value`` half up (away from zero on ties) to ``places`` decimals."""
    exp = _EXPONENTS[places] if 0 <= places < len(_EXPONENTS) else Decimal(1).scaleb(-places)
    try:
        return value.quantize(exp, rounding=ROUND_HALF_UP, context=_CTX)
    except InvalidOperation:
        raise ValueError(f"number too large to format: {value}") from None


def _group(n: int) -> str:
    """Digits of a non-negative int with '.' as the thousands separator."""
    return f"{n:,}".replace(",", ".")


def _format_number(value: Decimal, places: int) -> tuple[str, str]:
    """Return (sign, body) for ``value`` rounded to ``places``; body uses 1.234,56 style."""
    rounded = _quantize(value, places)
    sign = "-" if rounded < 0 else ""  # -0.00 is shown without a sign
    if places == 0:  # a whole number: its digits grouped
        return sign, _group(abs(int(rounded)))
    whole_str, _, frac = format(abs(rounded), "f").partition(".")
    return sign, _group(int(whole_str)) + "," + frac


def rupiah(amount: Number, decimals: bool = True) -> str:
    """Rupiah in PUEBI form: ``Rp1.250.000,00`` (or ``Rp1.250.000`` without decimals)."""
    sign, body = _format_number(_to_decimal(amount), 2 if decimals else 0)
    return f"{sign}Rp{body}"


_ANGKA_MADE: dict[tuple[Any, int | None], str] = {}
_ANGKA_KEEP = 4096
"""Numbers already written by :func:`angka` (a budget repeats its prices and totals on
every line); equal numbers write the same whatever their type, so the value is the key."""


def angka(amount: Number, decimals: int | None = 0) -> str:
    """Number with Indonesian grouping: ``1.250.000``; ``angka(2.5, 1)`` -> ``2,5``.

    ``decimals=None`` shows only the decimals the value has (at most 2): ``2,5``, ``12``.
    """
    cls = type(amount)
    if cls is int or cls is Decimal:
        key = (amount, decimals)
        try:
            return _ANGKA_MADE[key]
        except KeyError:
            pass
        except TypeError:  # a signalling NaN cannot be a key: refused below
            return _angka(amount, decimals)
        text = _angka(amount, decimals)
        if len(_ANGKA_MADE) >= _ANGKA_KEEP:
            _ANGKA_MADE.clear()
        _ANGKA_MADE[key] = text
        return text
    return _angka(amount, decimals)


def _angka(amount: Number, decimals: int | None) -> str:
    if type(amount) is int and (decimals is None or decimals == 0):
        return ("-" if amount < 0 else "") + _group(abs(amount))
    if decimals is None:
        value = _to_decimal(amount)
        decimals = max(0, -_quantize(value, 2).normalize().as_tuple().exponent)
    elif decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    else:
        value = _to_decimal(amount)
    sign, body = _format_number(value, decimals)
    return sign + body


# --------------------------------------------------------------------------- terbilang

_DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))
TERBILANG_MAX = 10**15 - 1


def _below_hundred(n: int) -> list[str]:
    if n == 0:
        return []
    if n < 10:
        return [_DIGITS[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [_DIGITS[n - 10], "belas"]
    tens, ones = divmod(n, 10)
    return [_DIGITS[tens], "puluh", *_below_hundred(ones)]


def _below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        words = []
    elif hundreds == 1:
        words = ["seratus"]
    else:
        words = [_DIGITS[hundreds], "ratus"]
    return words + _below_hundred(rest)


def _spell_int(n: int) -> list[str]:
    """Words for 0 <= n <= TERBILANG_MAX."""
    if n == 0:
        return ["nol"]
    words: list[str] = []
    for scale, name in _SCALES:
        group, n = divmod(n, scale)
        if group == 1 and name == "ribu":
            words.append("seribu")
        elif group:
            words += [*_below_thousand(group), name]
    return words + _below_thousand(n)


def terbilang(value: Number) -> str:
    """Number in lower-case Indonesian words, e.g. ``dua koma nol lima``, ``minus seribu``.

    Integer part up to 999 999 999 999 999; fractional digits are read one by one
    after ``koma`` with trailing zeros dropped.
    """
    number = _to_decimal(value)
    magnitude = abs(number)
    if magnitude > TERBILANG_MAX:
        raise ValueError(
            f"terbilang supports numbers up to {TERBILANG_MAX:,} (999 triliun), got {value!r}"
        )
    whole_str, _, frac = format(magnitude, "f").partition(".")
    frac = frac.rstrip("0")
    words = _spell_int(int(whole_str))
    if frac:
        words += ["koma", *(_DIGITS[int(d)] for d in frac)]
    if number < 0 and (int(whole_str) or frac):
        words.insert(0, "minus")
    return " ".join(words)


def terbilang_rupiah(amount: Number) -> str:
    """Amount in words with ``rupiah`` and, when present, ``sen`` (rounded half up to cents).

    ``Decimal("1250000.50")`` -> ``satu juta dua ratus lima puluh ribu rupiah lima puluh sen``;
    an amount below one rupiah reads as just the cents (``lima puluh sen``).
    """
    rounded = _quantize(_to_decimal(amount), 2)
    whole_str, _, cents_str = format(abs(rounded), "f").partition(".")
    whole, cents = int(whole_str), int(cents_str)
    parts = []
    if whole or not cents:
        parts.append(f"{terbilang(whole)} rupiah")
    if cents:
        parts.append(f"{terbilang(cents)} sen")
    text = " ".join(parts)
    return f"minus {text}" if rounded < 0 else text


def kapital(text: str) -> str:
    """Upper-case the first character, leave the rest unchanged."""
    return text[:1].upper() + text[1:]


def judul(text: str) -> str:
    """Upper-case the first letter of every word, leave the rest of each word unchanged."""
    return re.sub(r"\S+", lambda m: kapital(m.group(0)), text)


_LOWER_WORDS = frozenset({
    "dan", "di", "ke", "dari", "yang", "untuk", "atau", "pada", "serta", "dengan", "dalam",
    "oleh", "tentang", "bagi", "terhadap", "sebagai",
})


_ACRONYMS = frozenset({
    "UPT", "UPTD", "RSUD", "DPRD", "SKPD", "OPD", "BLUD", "PKK", "KB", "RS", "SD", "SMP",
    "SMA", "SMK", "TK", "TIK", "IT", "PAUD", "KUMKM", "UMKM", "PMD", "PTSP", "DPMPTSP", "RI",
})


def judul_resmi(text: str) -> str:
    """Official name in title case for use inside a sentence.

    "BADAN KEUANGAN DAN ASET DAERAH" -> "Badan Keuangan dan Aset Daerah"; conjunctions and
    prepositions stay lower case (except first), words with a dot or digit keep their case.
    The answers for plain text are remembered (every document names its office several
    times).
    """
    if type(text) is str:
        return _judul_resmi_cached(text)
    return _judul_resmi(text)


def _judul_resmi(text: str) -> str:
    words = text.split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i > 0 and lower in _LOWER_WORDS:
            out.append(lower)
        elif (any(ch.isdigit() for ch in word) or "." in word
              or word.strip(",;:()").upper() in _ACRONYMS):
            out.append(word)
        else:
            out.append("-".join(kapital(part.lower()) for part in word.split("-")))
    return " ".join(out)


_judul_resmi_cached = functools.lru_cache(maxsize=1024)(_judul_resmi)


# --------------------------------------------------------------------------- dates and times

_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _to_date(d: DateLike) -> date:
    """Accept a date, a datetime (its date part) or an ISO 8601 string."""
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    if isinstance(d, str):
        text = d.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            raise ValueError(f"not an ISO date (YYYY-MM-DD): {d!r}") from None
    raise TypeError(f"expected date, datetime or ISO string, got {type(d).__name__}")


def _month_index(n: int) -> int:
    n = operator.index(n)
    if not 1 <= n <= 12:
        raise ValueError(f"month must be 1..12, got {n}")
    return n - 1


def bulan(n: int) -> str:
    """Month name for 1..12: ``bulan(11)`` -> ``November``."""
    return _MONTHS[_month_index(n)]


def hari(d: DateLike) -> str:
    """Day name: ``Senin`` .. ``Minggu``."""
    return _DAYS[_to_date(d).weekday()]


def tanggal(d: DateLike, with_day: bool = False) -> str:
    """``29 November 2026``; with ``with_day`` -> ``Minggu, 29 November 2026``."""
    day = _to_date(d)
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_DAYS[day.weekday()]}, {text}" if with_day else text


def rentang_tanggal(start: DateLike, end: DateLike | None = None) -> str:
    """Date range joined by ``s.d.``, sharing the month/year where possible.

    ``1 s.d. 3 Desember 2026``, ``30 November s.d. 2 Desember 2026``,
    ``30 Desember 2026 s.d. 2 Januari 2027``; a single day (or no end) gives one date.
    """
    first = _to_date(start)
    last = first if end is None else _to_date(end)
    if last < first:
        raise ValueError(f"date range ends before it starts: {first} > {last}")
    if first == last:
        return tanggal(first)
    if (first.year, first.month) == (last.year, last.month):
        head = str(first.day)
    elif first.year == last.year:
        head = f"{first.day} {_MONTHS[first.month - 1]}"
    else:
        head = tanggal(first)
    return f"{head} s.d. {tanggal(last)}"


def bulan_romawi(n: int) -> str:
    """Roman numeral month for letter numbers: 1..12 -> ``I`` .. ``XII``."""
    return _ROMAN_MONTHS[_month_index(n)]


_TIME_RE = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})(?:[:.][0-9]{2}(?:\.[0-9]+)?)?")


def _to_time(t: TimeLike) -> time:
    if isinstance(t, datetime):
        return t.time()
    if isinstance(t, time):
        return t
    if isinstance(t, str):
        match = _TIME_RE.fullmatch(t.strip())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return time(hour, minute)
        raise ValueError(f"not a time of day (HH:MM): {t!r}")
    raise TypeError(f"expected time, datetime or 'HH:MM' string, got {type(t).__name__}")


def jam(t: TimeLike, zona: str | None = None) -> str:
    """Time as ``09.00``; with a zone ``09.00 WIB``."""
    value = _to_time(t)
    text = f"{value.hour:02d}.{value.minute:02d}"
    return f"{text} {zona.strip()}" if zona and zona.strip() else text


def rentang_jam(start: TimeLike, end: TimeLike | None = None, zona: str | None = None) -> str:
    """``09.00–12.00 WIB`` (en dash); without an end ``09.00 WIB s.d. selesai``."""
    if end is None:
        return f"{jam(start, zona)} s.d. selesai"
    return f"{jam(start)}\u2013{jam(end, zona)}"


# --------------------------------------------------------------------------- counts


def _to_int(n: int | str | Decimal) -> int:
    if isinstance(n, bool):
        raise TypeError(f"expected an integer, got a bool: {n!r}")
    if isinstance(n, int):
        return n
    value = _to_decimal(n)
    if value != value.to_integral_value():
        raise ValueError(f"expected a whole number, got {n!r}")
    return int(value)


def bilangan(n: int) -> str:
    """Count with its words in brackets: ``3 (tiga)``, ``1.000 (seribu)``."""
    value = _to_int(n)
    return f"{angka(value)} ({terbilang(value)})"


def durasi(n: int, satuan: str = "hari") -> str:
    """Count with unit: ``3 (tiga) hari``, ``1 (satu) berkas``."""
    return f"{bilangan(n)} {satuan}"


# --------------------------------------------------------------------------- Jinja filters


def _tanggal_hari(d: DateLike) -> str:
    """Date with day name: ``Minggu, 29 November 2026``."""
    return tanggal(d, with_day=True)


_REGION_SHORT = (("DKI ", "Daerah Khusus Ibukota "), ("DI ", "Daerah Istimewa "),
                 ("D.I. ", "Daerah Istimewa "))


def nama_daerah(name: str) -> str:
    """A region's name in letters, as a formal address writes it: ``DI Yogyakarta`` becomes
    ``Daerah Istimewa Yogyakarta``, ``DKI Jakarta`` ``Daerah Khusus Ibukota Jakarta``."""
    text = str(name or "")
    for short, full in _REGION_SHORT:
        text = re.sub(rf"(?<![\w.]){re.escape(short)}", full, text)
    return text


FILTERS: dict[str, Callable[..., Any]] = {
    "rupiah": rupiah,
    "angka": angka,
    "terbilang": terbilang,
    "terbilang_rupiah": terbilang_rupiah,
    "kapital": kapital,
    "judul": judul,
    "judul_resmi": judul_resmi,
    "tanggal": tanggal,
    "tanggal_hari": _tanggal_hari,
    "hari": hari,
    "rentang_tanggal": rentang_tanggal,
    "bilangan": bilangan,
    "durasi": durasi,
    "jam": jam,
    "bulan_romawi": bulan_romawi,
    "nip": _nip_filter,
    "nip_utuh": nip_utuh,
    "nama_daerah": nama_daerah,
    "pangkat_golongan": pangkat_golongan,
}
