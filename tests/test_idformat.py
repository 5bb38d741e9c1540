"""Tests for docgen.idformat: known cases plus property tests."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen import idformat
from docgen.idformat import (
    FILTERS,
    GOLONGAN,
    Nip,
    NipError,
    angka,
    bilangan,
    bulan,
    bulan_romawi,
    durasi,
    format_nip,
    golongan_of,
    hari,
    jam,
    judul,
    kapital,
    normalize_golongan,
    pangkat,
    pangkat_golongan,
    parse_nip,
    rentang_jam,
    rentang_tanggal,
    rupiah,
    tanggal,
    terbilang,
    terbilang_rupiah,
)

MAX_TERBILANG = 999_999_999_999_999

# --------------------------------------------------------------------------- word parser

_DIGIT_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_FRACTION_DIGITS = {"nol": 0, **_DIGIT_WORDS}
_SCALE_WORDS = {"triliun": 10**12, "miliar": 10**9, "juta": 10**6, "ribu": 10**3}


class _Words:
    """Token cursor over space-separated words; empty tokens expose double spaces."""

    def __init__(self, text: str) -> None:
        self.tokens = text.split(" ")
        self.pos = 0

    def peek(self, ahead: int = 0) -> str | None:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self, count: int = 1) -> None:
        self.pos += count

    def at_end(self) -> bool:
        return self.pos == len(self.tokens)


def _digit_2_to_9(words: _Words, what: str) -> int:
    value = _DIGIT_WORDS[words.peek()]
    if value == 1:
        raise ValueError(f"'satu {what}' is not standard, expected 'se{what}'")
    return value


def _parse_below_hundred(words: _Words) -> int:
    token = words.peek()
    if token == "sepuluh":
        words.take()
        return 10
    if token == "sebelas":
        words.take()
        return 11
    if token not in _DIGIT_WORDS:
        return 0
    following = words.peek(1)
    if following == "belas":
        value = 10 + _digit_2_to_9(words, "belas")
        words.take(2)
        return value
    if following == "puluh":
        value = 10 * _digit_2_to_9(words, "puluh")
        words.take(2)
        ones = words.peek()
        if ones in _DIGIT_WORDS:
            words.take()
            value += _DIGIT_WORDS[ones]
        return value
    words.take()
    return _DIGIT_WORDS[token]


def _parse_below_thousand(words: _Words) -> int:
    hundreds = 0
    if words.peek() == "seratus":
        words.take()
        hundreds = 1
    elif words.peek() in _DIGIT_WORDS and words.peek(1) == "ratus":
        hundreds = _digit_2_to_9(words, "ratus")
        words.take(2)
    return 100 * hundreds + _parse_below_hundred(words)


def _parse_integer(words: _Words) -> int:
    if words.peek() == "nol":
        words.take()
        return 0
    total = 0
    previous_scale = 10**15
    while True:
        if words.peek() == "seribu":
            words.take()
            group, scale = 1, 1000
        else:
            group = _parse_below_thousand(words)
            if group == 0:
                break
            scale_word = words.peek()
            if scale_word not in _SCALE_WORDS:
                total += group
                break
            words.take()
            scale = _SCALE_WORDS[scale_word]
            if scale == 1000 and group == 1:
                raise ValueError("'satu ribu' as a whole group must be 'seribu'")
        if scale >= previous_scale:
            raise ValueError(f"scale words out of order at {scale}")
        previous_scale = scale
        total += group * scale
    if total == 0:
        raise ValueError(f"no number at word {words.pos}: {words.peek()!r}")
    return total


def parse_terbilang(text: str) -> Decimal:
    """Strictly parse canonical Indonesian number words back to a Decimal."""
    words = _Words(text)
    negative = words.peek() == "minus"
    if negative:
        words.take()
    whole = _parse_integer(words)
    fraction = ""
    if words.peek() == "koma":
        words.take()
        while words.peek() in _FRACTION_DIGITS:
            fraction += str(_FRACTION_DIGITS[words.peek()])
            words.take()
        if not fraction or fraction.endswith("0"):
            raise ValueError(f"bad fraction digits after 'koma': {fraction!r}")
    if not words.at_end():
        raise ValueError(f"unexpected word {words.peek()!r} in {text!r}")
    value = Decimal(f"{whole}.{fraction}") if fraction else Decimal(whole)
    if negative:
        if value == 0:
            raise ValueError("'minus nol' is not a number")
        value = -value
    return value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nol", 0),
        ("seribu satu", 1001),
        ("seratus satu ribu", 101_000),
        ("satu juta seribu", 1_001_000),
        ("minus dua koma nol lima", Decimal("-2.05")),
    ],
)
def test_parser_accepts_canonical_words(text, expected):
    assert parse_terbilang(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "satu ratus",
        "satu ribu",
        "satu juta satu ribu",
        "satu puluh",
        "satu belas",
        "dua  puluh",
        "seribu juta",
        "ribu",
        "minus nol",
        "dua koma lima nol",
        "dua puluh dua puluh",
    ],
)
def test_parser_rejects_non_canonical_words(text):
    with pytest.raises(ValueError):
        parse_terbilang(text)


# --------------------------------------------------------------------------- terbilang

TERBILANG_CASES = [
    (0, "nol"),
    (1, "satu"),
    (7, "tujuh"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (15, "lima belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (110, "seratus sepuluh"),
    (111, "seratus sebelas"),
    (119, "seratus sembilan belas"),
    (200, "dua ratus"),
    (999, "sembilan ratus sembilan puluh sembilan"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1100, "seribu seratus"),
    (1999, "seribu sembilan ratus sembilan puluh sembilan"),
    (2000, "dua ribu"),
    (10_000, "sepuluh ribu"),
    (11_000, "sebelas ribu"),
    (21_000, "dua puluh satu ribu"),
    (100_000, "seratus ribu"),
    (101_000, "seratus satu ribu"),
    (111_000, "seratus sebelas ribu"),
    (1_000_000, "satu juta"),
    (1_000_001, "satu juta satu"),
    (1_001_000, "satu juta seribu"),
    (1_250_000, "satu juta dua ratus lima puluh ribu"),
    (10_000_000, "sepuluh juta"),
    (100_000_000, "seratus juta"),
    (1_000_000_000, "satu miliar"),
    (2_000_000_000, "dua miliar"),
    (1_000_000_000_000, "satu triliun"),
    (1_000_000_001_000, "satu triliun seribu"),
    (
        999_999_999_999_999,
        "sembilan ratus sembilan puluh sembilan triliun "
        "sembilan ratus sembilan puluh sembilan miliar "
        "sembilan ratus sembilan puluh sembilan juta "
        "sembilan ratus sembilan puluh sembilan ribu "
        "sembilan ratus sembilan puluh sembilan",
    ),
    (-5, "minus lima"),
    (-1000, "minus seribu"),
    (Decimal("2.5"), "dua koma lima"),
    (Decimal("2.05"), "dua koma nol lima"),
    (Decimal("2.50"), "dua koma lima"),
    (Decimal("2.00"), "dua"),
    (Decimal("0.5"), "nol koma lima"),
    (Decimal("-0.5"), "minus nol koma lima"),
    (Decimal("-0"), "nol"),
    (Decimal("1E+3"), "seribu"),
    (Decimal("12.345"), "dua belas koma tiga empat lima"),
    ("1250000", "satu juta dua ratus lima puluh ribu"),
    (2.5, "dua koma lima"),
    (1.0, "satu"),
]


@pytest.mark.parametrize(("value", "expected"), TERBILANG_CASES)
def test_terbilang_known(value, expected):
    assert terbilang(value) == expected


@pytest.mark.parametrize(
    "value", [10**15, -(10**15), Decimal("1E+15"), Decimal("1000000000000000.5"), 1e20]
)
def test_terbilang_out_of_range(value):
    with pytest.raises(ValueError, match="999"):
        terbilang(value)


@pytest.mark.parametrize("value", ["satu", "1.250.000", "", "NaN", Decimal("Infinity")])
def test_terbilang_rejects_non_numbers(value):
    with pytest.raises(ValueError):
        terbilang(value)


@pytest.mark.parametrize("value", [None, True, [1]])
def test_terbilang_rejects_wrong_types(value):
    with pytest.raises(TypeError):
        terbilang(value)


_FORBIDDEN = re.compile(r"satu (ratus|puluh|belas)|(^|juta |miliar |triliun )satu ribu|\bmin\b")


@given(st.integers(min_value=0, max_value=MAX_TERBILANG))
def test_terbilang_integer_round_trip(n):
    words = terbilang(n)
    assert parse_terbilang(words) == n
    assert "  " not in words
    assert words == words.strip() == words.lower()
    assert not _FORBIDDEN.search(words)


@given(st.integers(min_value=1, max_value=MAX_TERBILANG))
def test_terbilang_negative_is_minus_prefix(n):
    assert terbilang(-n) == "minus " + terbilang(n)


@given(
    st.decimals(
        min_value=-MAX_TERBILANG,
        max_value=MAX_TERBILANG,
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_terbilang_decimal_round_trip(value):
    words = terbilang(value)
    assert parse_terbilang(words) == value
    assert "  " not in words
    assert not words.endswith(" nol")


@given(st.integers(min_value=0, max_value=MAX_TERBILANG), st.sampled_from(["ribu", "juta"]))
def test_terbilang_seribu_but_satu_juta(n, scale):
    scale_value = 10**3 if scale == "ribu" else 10**6
    group = n // scale_value % 1000
    words = terbilang(n).split()
    if scale == "ribu" and group == 1:
        assert "seribu" in words
    if scale == "juta" and group == 1:
        assert words[words.index("juta") - 1] == "satu"


# --------------------------------------------------------------------------- terbilang_rupiah

TERBILANG_RUPIAH_CASES = [
    (1_250_000, "satu juta dua ratus lima puluh ribu rupiah"),
    (Decimal("1250000.50"), "satu juta dua ratus lima puluh ribu rupiah lima puluh sen"),
    (Decimal("1250000.05"), "satu juta dua ratus lima puluh ribu rupiah lima sen"),
    (Decimal("1250000.005"), "satu juta dua ratus lima puluh ribu rupiah satu sen"),
    (Decimal("1250000.004"), "satu juta dua ratus lima puluh ribu rupiah"),
    (0, "nol rupiah"),
    (Decimal("0.001"), "nol rupiah"),
    (Decimal("0.50"), "lima puluh sen"),
    (1000, "seribu rupiah"),
    (-1000, "minus seribu rupiah"),
    ("75000.00", "tujuh puluh lima ribu rupiah"),
]


@pytest.mark.parametrize(("amount", "expected"), TERBILANG_RUPIAH_CASES)
def test_terbilang_rupiah_known(amount, expected):
    assert terbilang_rupiah(amount) == expected


# --------------------------------------------------------------------------- kapital / judul


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "satu juta dua ratus lima puluh ribu rupiah",
            "Satu juta dua ratus lima puluh ribu rupiah",
        ),
        ("", ""),
        ("a", "A"),
        ("sudah Besar", "Sudah Besar"),
        ("(tiga)", "(tiga)"),
    ],
)
def test_kapital(text, expected):
    assert kapital(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("satu juta dua ratus lima puluh ribu", "Satu Juta Dua Ratus Lima Puluh Ribu"),
        ("", ""),
        ("penata tingkat I (III/d)", "Penata Tingkat I (III/d)"),
        ("dua  spasi", "Dua  Spasi"),
    ],
)
def test_judul(text, expected):
    assert judul(text) == expected


def test_terbilang_composes_with_kapital_and_judul():
    assert kapital(terbilang(1_250_000)) == "Satu juta dua ratus lima puluh ribu"
    assert judul(terbilang_rupiah(1_250_000)) == "Satu Juta Dua Ratus Lima Puluh Ribu Rupiah"


# --------------------------------------------------------------------------- rupiah / angka

RUPIAH_CASES = [
    (1_250_000, True, "Rp1.250.000,00"),
    (1_250_000, False, "Rp1.250.000"),
    (Decimal("1250000.5"), True, "Rp1.250.000,50"),
    (Decimal("1250000.5"), False, "Rp1.250.001"),
    (Decimal("1250000.49"), False, "Rp1.250.000"),
    (-1_250_000, True, "-Rp1.250.000,00"),
    (-1_250_000, False, "-Rp1.250.000"),
    (0, True, "Rp0,00"),
    (0, False, "Rp0"),
    (Decimal("-0.001"), True, "Rp0,00"),
    (Decimal("0.005"), True, "Rp0,01"),
    (Decimal("0.015"), True, "Rp0,02"),
    (Decimal("0.025"), True, "Rp0,03"),
    (Decimal("-0.005"), True, "-Rp0,01"),
    (Decimal("999.995"), True, "Rp1.000,00"),
    ("1250000.50", True, "Rp1.250.000,50"),
    (" 1250000 ", True, "Rp1.250.000,00"),
    (1250000.5, True, "Rp1.250.000,50"),
    (0.1 + 0.2, True, "Rp0,30"),
    (2.675, True, "Rp2,68"),
    (999, True, "Rp999,00"),
    (1000, True, "Rp1.000,00"),
    (12_345_678_901, False, "Rp12.345.678.901"),
    (Decimal("1E+6"), False, "Rp1.000.000"),
]


@pytest.mark.parametrize(("amount", "decimals", "expected"), RUPIAH_CASES)
def test_rupiah_known(amount, decimals, expected):
    assert rupiah(amount, decimals=decimals) == expected


@pytest.mark.parametrize("amount", ["Rp1.000", "1,5", "abc", "", "inf"])
def test_rupiah_rejects_non_plain_numbers(amount):
    with pytest.raises(ValueError):
        rupiah(amount)


ANGKA_CASES = [
    (1_250_000, 0, "1.250.000"),
    (Decimal("2.5"), 1, "2,5"),
    (Decimal("2.5"), 0, "3"),
    (Decimal("2.5"), 2, "2,50"),
    (0, 0, "0"),
    (999, 0, "999"),
    (1000, 0, "1.000"),
    (-1_250_000, 0, "-1.250.000"),
    (Decimal("1234.5678"), 3, "1.234,568"),
    ("42", 0, "42"),
]


@pytest.mark.parametrize(("amount", "decimals", "expected"), ANGKA_CASES)
def test_angka_known(amount, decimals, expected):
    assert angka(amount, decimals) == expected


def test_angka_rejects_negative_decimals():
    with pytest.raises(ValueError):
        angka(1, -1)


def _round_half_up(value: Decimal, places: int) -> Decimal:
    """Reference rounding, independent of Decimal.quantize."""
    scale = Decimal(10) ** places
    magnitude = (abs(value) * scale + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)
    return (-magnitude if value < 0 else magnitude) / scale


def _parse_rupiah(text: str) -> Decimal:
    negative = text.startswith("-")
    body = text.removeprefix("-")
    assert body.startswith("Rp")
    body = body.removeprefix("Rp")
    value = Decimal(body.replace(".", "").replace(",", "."))
    return -value if negative else value


_AMOUNTS = st.decimals(
    min_value=-(10**13), max_value=10**13, places=4, allow_nan=False, allow_infinity=False
)


@given(_AMOUNTS)
def test_rupiah_parses_back_to_rounded_value(amount):
    text = rupiah(amount)
    assert re.fullmatch(r"-?Rp\d{1,3}(\.\d{3})*,\d{2}", text)
    assert _parse_rupiah(text) == _round_half_up(amount, 2)
    assert not text.startswith("-") or _parse_rupiah(text) < 0


@given(_AMOUNTS)
def test_rupiah_whole_parses_back_to_rounded_value(amount):
    text = rupiah(amount, decimals=False)
    assert re.fullmatch(r"-?Rp\d{1,3}(\.\d{3})*", text)
    assert _parse_rupiah(text) == _round_half_up(amount, 0)


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_rupiah_int_matches_python_grouping(n):
    expected = f"{abs(n):,}".replace(",", ".")
    sign = "-" if n < 0 else ""
    assert rupiah(n, decimals=False) == f"{sign}Rp{expected}"
    assert rupiah(n) == f"{sign}Rp{expected},00"
    assert angka(n) == sign + expected


@given(_AMOUNTS, st.integers(min_value=0, max_value=4))
def test_angka_parses_back(amount, places):
    text = angka(amount, places)
    assert Decimal(text.replace(".", "").replace(",", ".")) == _round_half_up(amount, places)


# --------------------------------------------------------------------------- dates

DATE_CASES = [
    (date(2026, 1, 1), "1 Januari 2026", "Kamis, 1 Januari 2026"),
    (date(2026, 2, 28), "28 Februari 2026", "Sabtu, 28 Februari 2026"),
    (date(2026, 3, 31), "31 Maret 2026", "Selasa, 31 Maret 2026"),
    (date(2026, 4, 30), "30 April 2026", "Kamis, 30 April 2026"),
    (date(2026, 5, 1), "1 Mei 2026", "Jumat, 1 Mei 2026"),
    (date(2026, 6, 15), "15 Juni 2026", "Senin, 15 Juni 2026"),
    (date(2026, 7, 9), "9 Juli 2026", "Kamis, 9 Juli 2026"),
    (date(2026, 8, 17), "17 Agustus 2026", "Senin, 17 Agustus 2026"),
    (date(2026, 9, 30), "30 September 2026", "Rabu, 30 September 2026"),
    (date(2026, 10, 31), "31 Oktober 2026", "Sabtu, 31 Oktober 2026"),
    (date(2026, 11, 29), "29 November 2026", "Minggu, 29 November 2026"),
    (date(2026, 12, 25), "25 Desember 2026", "Jumat, 25 Desember 2026"),
    (date(2024, 2, 29), "29 Februari 2024", "Kamis, 29 Februari 2024"),
    (date(2000, 1, 1), "1 Januari 2000", "Sabtu, 1 Januari 2000"),
]


@pytest.mark.parametrize(("d", "plain", "with_day"), DATE_CASES)
def test_tanggal_known(d, plain, with_day):
    assert tanggal(d) == plain
    assert tanggal(d, with_day=True) == with_day
    assert tanggal(d.isoformat()) == plain
    assert tanggal(datetime(d.year, d.month, d.day, 23, 59)) == plain
    assert hari(d) == with_day.split(",")[0]
    assert FILTERS["tanggal_hari"](d) == with_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-29", "29 November 2026"),
        ("2026-11-29T09:30:00", "29 November 2026"),
        ("2026-11-29T23:30:00+07:00", "29 November 2026"),
        (" 2026-11-29 ", "29 November 2026"),
    ],
)
def test_tanggal_iso_strings(value, expected):
    assert tanggal(value) == expected


@pytest.mark.parametrize("value", ["29/11/2026", "29 November 2026", "2026-02-30", ""])
def test_tanggal_rejects_bad_strings(value):
    with pytest.raises(ValueError):
        tanggal(value)


def test_tanggal_rejects_wrong_type():
    with pytest.raises(TypeError):
        tanggal(20261129)


def test_hari_every_weekday():
    monday = date(2026, 11, 23)
    names = [hari(monday + timedelta(days=i)) for i in range(7)]
    assert names == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


MONTH_NAMES = [
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
]


@pytest.mark.parametrize(("n", "name"), list(enumerate(MONTH_NAMES, start=1)))
def test_bulan(n, name):
    assert bulan(n) == name


@pytest.mark.parametrize("n", [0, 13, -1])
def test_bulan_out_of_range(n):
    with pytest.raises(ValueError):
        bulan(n)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_tanggal_parses_back(d):
    day, month, year = tanggal(d).split(" ")
    assert date(int(year), MONTH_NAMES.index(month) + 1, int(day)) == d
    assert not day.startswith("0")
    assert tanggal(d, with_day=True) == f"{hari(d)}, {tanggal(d)}"


RANGE_CASES = [
    (date(2026, 12, 3), date(2026, 12, 3), "3 Desember 2026"),
    (date(2026, 12, 1), date(2026, 12, 3), "1 s.d. 3 Desember 2026"),
    (date(2026, 11, 30), date(2026, 12, 2), "30 November s.d. 2 Desember 2026"),
    (date(2026, 12, 30), date(2027, 1, 2), "30 Desember 2026 s.d. 2 Januari 2027"),
    (date(2026, 12, 3), date(2027, 12, 3), "3 Desember 2026 s.d. 3 Desember 2027"),
    ("2026-12-01", "2026-12-03", "1 s.d. 3 Desember 2026"),
    (date(2026, 12, 3), None, "3 Desember 2026"),
]


@pytest.mark.parametrize(("start", "end", "expected"), RANGE_CASES)
def test_rentang_tanggal_known(start, end, expected):
    assert rentang_tanggal(start, end) == expected


def test_rentang_tanggal_rejects_reversed_range():
    with pytest.raises(ValueError):
        rentang_tanggal(date(2026, 12, 3), date(2026, 12, 1))


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=800),
)
def test_rentang_tanggal_ends_with_full_end_date(start, days):
    end = start + timedelta(days=days)
    text = rentang_tanggal(start, end)
    assert text.endswith(tanggal(end))
    assert (" s.d. " in text) == (days > 0)


# --------------------------------------------------------------------------- counts and times


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 (nol)"),
        (1, "1 (satu)"),
        (3, "3 (tiga)"),
        (12, "12 (dua belas)"),
        (1000, "1.000 (seribu)"),
        ("5", "5 (lima)"),
    ],
)
def test_bilangan(n, expected):
    assert bilangan(n) == expected


def test_bilangan_rejects_fractions():
    with pytest.raises(ValueError):
        bilangan(Decimal("2.5"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3,), "3 (tiga) hari"),
        ((1, "berkas"), "1 (satu) berkas"),
        ((2, "lembar"), "2 (dua) lembar"),
        ((14, "hari kerja"), "14 (empat belas) hari kerja"),
    ],
)
def test_durasi(args, expected):
    assert durasi(*args) == expected


@pytest.mark.parametrize(
    ("t", "zona", "expected"),
    [
        (time(9, 0), None, "09.00"),
        (time(9, 0), "WIB", "09.00 WIB"),
        (time(13, 5, 59), "WITA", "13.05 WITA"),
        ("09:00", None, "09.00"),
        ("9:00", "WIT", "09.00 WIT"),
        ("09.30", None, "09.30"),
        ("23:59:59", None, "23.59"),
        ("00:00", "", "00.00"),
        (datetime(2026, 11, 29, 7, 45), "WIB", "07.45 WIB"),
    ],
)
def test_jam(t, zona, expected):
    assert jam(t, zona) == expected


@pytest.mark.parametrize("t", ["24:00", "9", "09:60", "jam 9", ""])
def test_jam_rejects_bad_strings(t):
    with pytest.raises(ValueError):
        jam(t)


@pytest.mark.parametrize(
    ("start", "end", "zona", "expected"),
    [
        ("09:00", "12:00", "WIB", "09.00\u201312.00 WIB"),
        (time(9), time(12), None, "09.00\u201312.00"),
        ("09:00", None, "WIB", "09.00 WIB s.d. selesai"),
        ("09:00", None, None, "09.00 s.d. selesai"),
    ],
)
def test_rentang_jam(start, end, zona, expected):
    assert rentang_jam(start, end, zona) == expected


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.mark.parametrize(("n", "expected"), list(enumerate(ROMAN, start=1)))
def test_bulan_romawi(n, expected):
    assert bulan_romawi(n) == expected


@pytest.mark.parametrize("n", [0, 13, -3, 100])
def test_bulan_romawi_out_of_range(n):
    with pytest.raises(ValueError):
        bulan_romawi(n)


# --------------------------------------------------------------------------- NIP

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    "text",
    [
        "19860926 201505 1 001",
        "198609262015051001",
        "19860926.201505.1.001",
        "19860926-201505-1-001",
        "  19860926  201505 1 001 ",
        "1986 0926 2015 05 1 001",
    ],
)
def test_parse_nip_accepts_separators(text):
    nip = parse_nip(text, today=TODAY)
    assert nip == Nip(
        digits="198609262015051001",
        birth_date=date(1986, 9, 26),
        tmt_year=2015,
        tmt_month=5,
        sex="L",
        sequence=1,
    )
    assert nip.formatted == "19860926 201505 1 001"


def test_parse_nip_female_and_int_input():
    nip = parse_nip(199001152019032012, today=TODAY)
    assert nip.sex == "P"
    assert nip.sequence == 12
    assert nip.formatted == "19900115 201903 2 012"


def test_nip_is_frozen():
    nip = parse_nip("19860926 201505 1 001")
    with pytest.raises(AttributeError):
        nip.sex = "P"  # type: ignore[misc]


def test_nip_birth_date_bounds():
    assert parse_nip("19400101 197001 1 001", today=TODAY).birth_date == date(1940, 1, 1)
    for text in ["19391231 197001 1 001", "20260602 204301 1 001"]:
        with pytest.raises(NipError) as info:
            parse_nip(text, today=TODAY)
        assert info.value.code == "nip_birth_date"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "nip_length"),
        ("1986092620150510", "nip_length"),
        ("1986092620150510011", "nip_length"),
        ("19860926 201505 1 00a", "nip_digits"),
        ("19860926/201505/1/001", "nip_digits"),
        ("-198609262015051001", "nip_digits"),
        ("198609262015051001-", "nip_digits"),
        ("NIP 198609262015051001", "nip_digits"),
        ("\u0661" * 18, "nip_digits"),
        ("19860231 201505 1 001", "nip_birth_date"),
        ("19391231 201505 1 001", "nip_birth_date"),
        ("20300101 201505 1 001", "nip_birth_date"),
        ("19860926 201513 1 001", "nip_tmt"),
        ("19860926 201500 1 001", "nip_tmt"),
        ("19860926 200212 1 001", "nip_tmt"),
        ("19860926 202801 1 001", "nip_tmt"),
        ("19860926 201505 0 001", "nip_sex"),
        ("19860926 201505 3 001", "nip_sex"),
        ("19860926 201505 1 000", "nip_sequence"),
    ],
)
def test_parse_nip_errors(text, code):
    with pytest.raises(NipError) as info:
        parse_nip(text, today=TODAY)
    error = info.value
    assert isinstance(error, ValueError)
    assert error.code == code
    assert str(error) == error.message_en
    assert error.message_id and error.message_en
    assert error.message_id != error.message_en


@pytest.mark.parametrize(
    "text",
    [
        "19860926 200301 1 001",  # TMT in birth year + 17
        "19860926 202712 1 001",  # TMT in current year + 1
        "19860926 201501 1 999",
    ],
)
def test_parse_nip_boundaries(text):
    assert parse_nip(text, today=TODAY).formatted == text


def test_format_nip():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    with pytest.raises(NipError):
        format_nip("12345")


_SEPARATORS = st.sampled_from(["", "", " ", "  ", ".", "-", " - "])


@st.composite
def nip_inputs(draw):
    """A valid NIP (as digits) with random separators at the usual group boundaries."""
    today = date.today()
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(today.year - 17, 12, 31)))
    tmt_year = draw(st.integers(min_value=birth.year + 17, max_value=today.year + 1))
    tmt_month = draw(st.integers(min_value=1, max_value=12))
    sex = draw(st.sampled_from("12"))
    sequence = draw(st.integers(min_value=1, max_value=999))
    groups = [f"{birth:%Y%m%d}", f"{tmt_year:04d}{tmt_month:02d}", sex, f"{sequence:03d}"]
    text = groups[0]
    for group in groups[1:]:
        text += draw(_SEPARATORS) + group
    return text, "".join(groups)


@given(nip_inputs())
def test_nip_format_is_stable(case):
    text, digits = case
    nip = parse_nip(text)
    assert nip.digits == digits
    assert format_nip(nip.formatted) == nip.formatted
    assert format_nip(text) == nip.formatted
    assert parse_nip(nip.formatted) == nip
    assert re.fullmatch(r"\d{8} \d{6} [12] \d{3}", nip.formatted)
    assert nip.sex == ("L" if digits[14] == "1" else "P")


@given(st.text(alphabet="0123456789 .-x/", max_size=30))
def test_parse_nip_only_raises_nip_error(text):
    try:
        nip = parse_nip(text)
    except NipError as error:
        assert error.code in {
            "nip_length",
            "nip_digits",
            "nip_birth_date",
            "nip_tmt",
            "nip_sex",
            "nip_sequence",
        }
    else:
        assert len(nip.digits) == 18


# --------------------------------------------------------------------------- pangkat/golongan

EXPECTED_GOLONGAN = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]


def test_golongan_table_in_order():
    assert list(GOLONGAN.items()) == EXPECTED_GOLONGAN


@pytest.mark.parametrize(("gol", "name"), EXPECTED_GOLONGAN)
def test_pangkat_lookups(gol, name):
    assert pangkat(gol) == name
    assert golongan_of(name) == gol
    assert golongan_of(name.upper()) == gol
    assert golongan_of(name.lower()) == gol
    assert pangkat_golongan(gol) == f"{name} ({gol})"


@pytest.mark.parametrize(
    "text", ["III/d", "iii/d", "III.d", "III d", "IIId", "3d", "3/d", " III/D ", "3-d", "3 d"]
)
def test_normalize_golongan_variants(text):
    assert normalize_golongan(text) == "III/d"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ia", "I/a"), ("2b", "II/b"), ("iv/e", "IV/e"), ("IV.c", "IV/c"), ("4a", "IV/a")],
)
def test_normalize_golongan_other_values(text, expected):
    assert normalize_golongan(text) == expected


@pytest.mark.parametrize("text", ["", "V/a", "I/e", "II/e", "III/f", "5a", "III", "d", "III//d"])
def test_normalize_golongan_rejects(text):
    with pytest.raises(ValueError, match=r"III/d") as info:
        normalize_golongan(text)
    assert repr(text) in str(info.value)


@given(st.sampled_from(list(GOLONGAN)), st.sampled_from(["", "/", ".", " ", "-"]), st.booleans())
def test_normalize_golongan_round_trip(gol, sep, lower):
    roman, letter = gol.split("/")
    text = f"{roman}{sep}{letter}"
    text = text.lower() if lower else text.upper()
    assert normalize_golongan(text) == gol
    arabic = str(["I", "II", "III", "IV"].index(roman) + 1)
    assert normalize_golongan(f"{arabic}{sep}{letter}") == gol


def test_pangkat_examples():
    assert pangkat("III/d") == "Penata Tingkat I"
    assert pangkat("3d") == "Penata Tingkat I"
    assert golongan_of("Penata Tingkat I") == "III/d"
    assert golongan_of("  penata   tingkat i ") == "III/d"
    assert golongan_of("Penata Tk. I") == "III/d"
    assert pangkat_golongan("iii/d") == "Penata Tingkat I (III/d)"


def test_golongan_of_rejects_unknown():
    with pytest.raises(ValueError, match="Penata Agung"):
        golongan_of("Penata Agung")


# --------------------------------------------------------------------------- filters


def test_filters_cover_the_agreed_names():
    assert set(FILTERS) == {
        "rupiah",
        "angka",
        "terbilang",
        "terbilang_rupiah",
        "kapital",
        "judul",
        "judul_resmi",
        "tanggal",
        "tanggal_hari",
        "hari",
        "rentang_tanggal",
        "bilangan",
        "durasi",
        "jam",
        "bulan_romawi",
        "nip",
        "nip_utuh",
        "nama_daerah",
        "pangkat_golongan",
    }
    assert all(callable(f) for f in FILTERS.values())


def test_filters_behave_like_the_functions():
    assert FILTERS["rupiah"](1_250_000) == "Rp1.250.000,00"
    assert FILTERS["rupiah"](1_250_000, False) == "Rp1.250.000"
    assert FILTERS["angka"](1_250_000) == "1.250.000"
    assert FILTERS["terbilang"](21) == "dua puluh satu"
    assert FILTERS["terbilang_rupiah"](1000) == "seribu rupiah"
    assert FILTERS["kapital"]("seribu") == "Seribu"
    assert FILTERS["judul"]("dua puluh") == "Dua Puluh"
    assert FILTERS["tanggal"]("2026-11-29") == "29 November 2026"
    assert FILTERS["tanggal_hari"]("2026-11-29") == "Minggu, 29 November 2026"
    assert FILTERS["hari"]("2026-11-29") == "Minggu"
    assert FILTERS["rentang_tanggal"]("2026-12-01", "2026-12-03") == "1 s.d. 3 Desember 2026"
    assert FILTERS["bilangan"](3) == "3 (tiga)"
    assert FILTERS["durasi"](1, "berkas") == "1 (satu) berkas"
    assert FILTERS["jam"]("09:00", "WIB") == "09.00 WIB"
    assert FILTERS["bulan_romawi"](11) == "XI"
    assert FILTERS["pangkat_golongan"]("III/d") == "Penata Tingkat I (III/d)"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_nip_filter_passes_empty_values_through(value):
    assert FILTERS["nip"](value) is value


def test_nip_filter_formats_and_validates():
    assert FILTERS["nip"]("198609262015051001") == "19860926 201505 1 001"
    with pytest.raises(NipError):
        FILTERS["nip"]("12345")


def test_filters_work_in_jinja():
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(autoescape=False)
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ n|rupiah }} ({{ n|terbilang_rupiah|kapital }}), {{ d|tanggal_hari }}, "
        "{{ nip|nip }}, {{ gol|pangkat_golongan }}, {{ m|bulan_romawi }}"
    )
    text = template.render(
        n=1_250_000, d=date(2026, 11, 29), nip="198609262015051001", gol="3d", m=11
    )
    assert text == (
        "Rp1.250.000,00 (Satu juta dua ratus lima puluh ribu rupiah), "
        "Minggu, 29 November 2026, 19860926 201505 1 001, Penata Tingkat I (III/d), XI"
    )


def test_every_format_is_offered_by_idformat_whichever_module_owns_it():
    from docgen import idformat_nip

    assert "docgen.idformat_nip" in idformat.__doc__
    for name in ("Nip", "NipError", "parse_nip", "format_nip", "GOLONGAN", "pangkat",
                 "golongan_of", "normalize_golongan", "pangkat_golongan", "nip_utuh"):
        assert getattr(idformat, name) is getattr(idformat_nip, name)
    assert set(idformat.__all__) <= set(dir(idformat))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DINAS KOMUNIKASI DAN INFORMATIKA", "Dinas Komunikasi dan Informatika"),
        ("PEMERINTAH KABUPATEN SLEMAN", "Pemerintah Kabupaten Sleman"),
        ("BADAN KESATUAN BANGSA DAN POLITIK", "Badan Kesatuan Bangsa dan Politik"),
        ("DINAS PEKERJAAN UMUM, PERUMAHAN DAN KAWASAN PERMUKIMAN",
         "Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman"),
        ("DI YOGYAKARTA", "Di Yogyakarta"),
        ("dinas sosial", "Dinas Sosial"),
        ("SATUAN POLISI PAMONG PRAJA", "Satuan Polisi Pamong Praja"),
        ("BADAN PENANGGULANGAN BENCANA DAERAH KOTA BANDA ACEH",
         "Badan Penanggulangan Bencana Daerah Kota Banda Aceh"),
        ("UPT PUSKESMAS 1 SLEMAN", "UPT Puskesmas 1 Sleman"),
        ("RSUD SLEMAN", "RSUD Sleman"),
    ],
)
def test_judul_resmi(raw, expected):
    from docgen.idformat import judul_resmi

    assert judul_resmi(raw) == expected


def test_angka_remembers_numbers_without_mixing_types_or_places():
    from decimal import Decimal

    assert angka(1) == "1"
    with pytest.raises(TypeError):
        angka(True)  # equal to 1 as a key, still refused
    assert angka(Decimal("1250000.00")) == "1.250.000"
    assert angka(1250000, 2) == "1.250.000,00"
    assert angka(Decimal("2.50"), None) == "2,5"
    assert angka(2, None) == "2"
    assert angka(-1500) == "-1.500" and angka(-1500) == "-1.500"
    assert angka(Decimal("0.5")) == "1" and angka(Decimal("-0.4")) == "0"
    for bad in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")):
        with pytest.raises(ValueError):
            angka(bad)
    with pytest.raises(ValueError):
        angka(5, -1)
