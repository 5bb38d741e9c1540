"""Cell values as a budget means them: numbers typed the Indonesian way, volumes such as
``4 org x 3 hari``, spreadsheet error values, and labels compared without case or spacing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from docgen import idformat
from docgen.study import clean_text

ERROR_VALUES = frozenset({
    "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!", "Err:502",
})

CURRENCY_WORDS = {
    "rp": "IDR", "idr": "IDR", "rupiah": "IDR",
    "usd": "USD", "us$": "USD", "$": "USD", "us": "USD", "dollar": "USD", "dolar": "USD",
    "eur": "EUR", "€": "EUR", "euro": "EUR",
    "sgd": "SGD", "s$": "SGD", "myr": "MYR", "rm": "MYR", "jpy": "JPY", "¥": "JPY",
    "aud": "AUD", "a$": "AUD", "gbp": "GBP", "£": "GBP", "cny": "CNY", "rmb": "CNY",
    "krw": "KRW", "thb": "THB", "sar": "SAR", "hkd": "HKD", "chf": "CHF",
}

NUMBER_MAX = Decimal(idformat.TERBILANG_MAX)
"""No number in a budget sheet may be larger than what the terbilang can write (999 triliun):
a larger one (31 digits typed as text, 1E+300 in a numeric cell) is refused at its cell, as
``NotANumber("too_large")``, before any sum or product is made of it."""

_PUNCT = str.maketrans({ch: " " for ch in "()[]{}.,:;/\\-_*#\"'’`+=×|\u00a0"})


def norm(text: Any) -> str:
    """A label for comparison: lower case, punctuation as spaces, single spaces.

    ``"Harga  Satuan (Rp.)"`` -> ``"harga satuan rp"``.
    """
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    return " ".join(value.lower().translate(_PUNCT).split())


def is_blank(value: Any) -> bool:
    """An empty cell: nothing, or only spaces (a formula that gives "" is blank too)."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell value as it is quoted in a message: text in quotes, numbers the Indonesian way."""
    if value is None:
        return "(kosong)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        try:
            return idformat.angka(value, None)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = clean_text(str(value)).strip()
    if len(text) > 60:
        text = text[:57] + "..."
    return f"\"{text}\""


class NotANumber(ValueError):
    """A value that should be a number and is not; ``kind`` says why."""

    def __init__(self, kind: str, value: Any):
        super().__init__(kind)
        self.kind = kind
        """``text``, ``error`` (a spreadsheet error such as #REF!), ``date``, ``bool`` or
        ``too_large`` (beyond :data:`NUMBER_MAX`)."""
        self.value = value


class Amount(NamedTuple):
    """A number read from a cell, with the currency written beside it (if any)."""

    value: Decimal
    currency: str | None = None


_NUMBER_BODY = re.compile(r"[0-9.,]+")
_CURRENCY_PREFIX = re.compile(
    r"^(rp\.?|idr|usd|us\$|s\$|a\$|\$|eur|€|sgd|myr|rm|jpy|¥|aud|gbp|£|cny|rmb|krw|thb|sar|hkd|chf)"
    r"\s*", re.I)
_CURRENCY_SUFFIX = re.compile(r"\s*(rupiah|idr|usd|eur|sgd|myr|jpy|aud|gbp|cny|krw|thb|sar|hkd|chf)$",
                              re.I)


def _grouped(text: str) -> str:
    """Plain digits and one decimal point from Indonesian or English grouping.

    ``1.250.000`` and ``1.250.000,00`` are Indonesian; ``1,250,000.00`` English; a lone
    separator followed by exactly three digits is a thousands separator (``1.250``).
    """
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    if commas:
        if commas > 1 or len(text.rsplit(",", 1)[1]) == 3:
            return text.replace(",", "")
        return text.replace(",", ".")
    if dots > 1 or (dots == 1 and len(text.rsplit(".", 1)[1]) == 3):
        return text.replace(".", "")
    return text


def parse_text_number(text: str) -> Amount | None:
    """A number typed as text: ``"Rp 1.250.000,00"``, ``"1.250.000"``, ``"USD 583"``,
    ``"(1.000)"`` (negative), ``"Rp1.250.000,-"``. ``None`` when it is not a number; a
    lone ``-`` means nothing (an empty amount)."""
    raw = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").strip()
    if raw in {"-", "–", "—", ""}:
        return None
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1].strip()
    currency = None
    match = _CURRENCY_PREFIX.match(raw)
    if match:
        currency = CURRENCY_WORDS.get(match.group(1).lower().rstrip("."))
        raw = raw[match.end():]
    match = _CURRENCY_SUFFIX.search(raw)
    if match:
        currency = currency or CURRENCY_WORDS.get(match.group(1).lower())
        raw = raw[:match.start()]
    raw = raw.strip()
    if raw.startswith("-"):
        negative, raw = not negative, raw[1:].strip()
    raw = re.sub(r"(,-|,–|\.-)$", "", raw).replace(" ", "")
    if not raw or not _NUMBER_BODY.fullmatch(raw) or not any(c.isdigit() for c in raw):
        raise ValueError(text)
    try:
        value = Decimal(_grouped(raw))
    except InvalidOperation:
        raise ValueError(text) from None
    return Amount(-value if negative else value, currency)


def _within(amount: Amount | None, value: Any) -> Amount | None:
    if amount is not None and abs(amount.value) > NUMBER_MAX:
        raise NotANumber("too_large", value)
    return amount


def to_amount(value: Any) -> Amount | None:
    """A cell as a number: ``None`` for an empty cell; :class:`NotANumber` otherwise (also
    for a number larger than :data:`NUMBER_MAX`)."""
    return _within(_to_amount(value), value)


def _to_amount(value: Any) -> Amount | None:
    if value is None:
        return None
    kind = type(value)
    if kind is int:
        return Amount(Decimal(value))
    if isinstance(value, bool):
        raise NotANumber("bool", value)
    if isinstance(value, int):
        return Amount(Decimal(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber("text", value)
        return Amount(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return Amount(value)
    if isinstance(value, datetime | date | time):
        raise NotANumber("date", value)
    text = str(value).strip()
    if not text:
        return None
    if text in ERROR_VALUES:
        raise NotANumber("error", value)
    try:
        return parse_text_number(text)
    except ValueError:
        raise NotANumber("text", value) from None


# --------------------------------------------------------------------------- volumes

FACTOR_UNITS = {
    "orang": "orang", "org": "orang", "or": "orang", "pegawai": "orang", "peserta": "orang",
    "pax": "orang", "persons": "orang", "person": "orang", "people": "orang", "pers": "orang",
    "o": "orang",
    "hari": "hari", "hr": "hari", "hri": "hari", "days": "hari", "day": "hari", "h": "hari",
    "malam": "malam", "mlm": "malam", "nights": "malam", "night": "malam", "m": "malam",
    "kali": "kali", "kl": "kali", "x": "kali", "times": "kali", "trip": "kali", "trips": "kali",
    "pp": "pp", "perjalanan": "kali",
    "kamar": "kamar", "room": "kamar", "rooms": "kamar",
    "unit": "unit", "buah": "unit", "bh": "unit", "paket": "paket", "pkt": "paket",
    "bulan": "bulan", "bln": "bulan", "oh": "oh", "ok": "ok", "ot": "ot", "ob": "ob",
    "lembar": "lembar", "lbr": "lembar", "kegiatan": "kegiatan", "keg": "kegiatan",
    "tiket": "tiket", "ls": "ls", "set": "set", "dokumen": "dokumen",
}

_FACTOR = re.compile(r"^\s*([0-9][0-9.,]*)\s*([^\d\s].*?)?\s*$")


class Volume(NamedTuple):
    """A volume: the number, and the unit its text implies (``OH`` for orang × hari)."""

    value: Decimal
    unit: str = ""
    factors: tuple[tuple[Decimal, str], ...] = ()


def unit_of(units: list[str]) -> str:
    """The satuan implied by a product of factors: orang × hari (or malam) is ``OH``."""
    units = [u for u in units if u]
    kinds = [FACTOR_UNITS.get(norm(u), norm(u)) for u in units]
    if not kinds:
        return ""
    if len(kinds) == 1:
        return units[0]
    if len(kinds) == 2 and "orang" in kinds and ("hari" in kinds or "malam" in kinds):
        return "OH"
    return " x ".join(kinds)


def parse_volume(value: Any) -> Volume | None:
    """A volume cell: a number, or text such as ``"4 org x 3 hari"``, ``"12 OH"``, ``"2 x 3"``.

    ``None`` for an empty cell; :class:`NotANumber` when it cannot be read.
    """
    if isinstance(value, str) and not value.strip():
        return None
    if not isinstance(value, str):
        amount = to_amount(value)
        return None if amount is None else Volume(amount.value)
    text = unicodedata.normalize("NFKC", value).replace("\u00a0", " ").strip()
    if text in ERROR_VALUES:
        raise NotANumber("error", value)
    try:
        plain = parse_text_number(text)
    except ValueError:
        plain = None
    else:
        return None if _within(plain, value) is None else Volume(plain.value)
    parts = [p for p in re.split(r"\s*[x×*]\s*(?=\d)", text, flags=re.I) if p.strip()]
    factors: list[tuple[Decimal, str]] = []
    for part in parts:
        match = _FACTOR.match(part)
        if not match:
            raise NotANumber("text", value)
        try:
            number = Decimal(_grouped(match.group(1).rstrip(".,")))
        except InvalidOperation:
            raise NotANumber("text", value) from None
        factors.append((number, (match.group(2) or "").strip().rstrip(".")))
    if not factors:
        raise NotANumber("text", value)
    total = Decimal(1)
    for number, _unit in factors:
        _within(Amount(number), value)
        total *= number
    _within(Amount(total), value)
    return Volume(total, unit_of([u for _n, u in factors]), tuple(factors))
