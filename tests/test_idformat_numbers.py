"""angka and rupiah write what the plain rounding and grouping write, for every kind of value.

The formatting takes shortcuts for whole numbers (it is called three times per budget line);
the reference below is the straightforward form: round half up with the exponent for the
places, write the digits, group the thousands with dots, decimals after a comma.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Context, Decimal

import pytest

from docgen import idformat

_CTX = Context(prec=80, rounding=ROUND_HALF_UP)


def _reference_number(value: Decimal, places: int) -> tuple[str, str]:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CTX)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = format(abs(rounded), "f").partition(".")
    body = f"{int(whole):,}".replace(",", ".")
    return sign, body + ("," + frac if places > 0 else "")


def _reference_angka(amount, decimals=0):  # noqa: ANN001, ANN202
    value = idformat._to_decimal(amount)
    if decimals is None:
        rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=_CTX)
        decimals = max(0, -rounded.normalize().as_tuple().exponent)
    sign, body = _reference_number(value, decimals)
    return sign + body


def _values() -> list:
    rng = random.Random(20261231)
    values = [0, 1, -1, 999, 1000, -1000, 10**15 - 1, Decimal("-0"), Decimal("0.005"),
              Decimal("-0.005"), Decimal("2.5"), Decimal("-2.5"), Decimal("1E+3"),
              Decimal("0E-10"), Decimal("999999999999.995"), 0.1, 2.675, "12.50", " 7 "]
    for _ in range(3000):
        pick = rng.random()
        if pick < 0.35:
            values.append(rng.randint(-10**13, 10**13))
        elif pick < 0.7:
            values.append(Decimal(rng.randint(-10**12, 10**12)) / Decimal(10 ** rng.randint(0, 6)))
        elif pick < 0.85:
            values.append(round(rng.uniform(-1e7, 1e7), rng.randint(0, 4)))
        else:
            values.append(str(Decimal(rng.randint(-10**9, 10**9)) / 100))
    return values


@pytest.mark.parametrize("decimals", [None, 0, 1, 2, 3])
def test_angka_writes_what_plain_rounding_and_grouping_write(decimals):
    for value in _values():
        assert idformat.angka(value, decimals) == _reference_angka(value, decimals), value


def test_rupiah_writes_what_plain_rounding_and_grouping_write():
    for value in _values():
        for decimals, places in ((True, 2), (False, 0)):
            sign, body = _reference_number(idformat._to_decimal(value), places)
            assert idformat.rupiah(value, decimals) == f"{sign}Rp{body}", value


def test_bad_values_and_places_are_refused_as_before():
    with pytest.raises(ValueError, match="decimals must be >= 0"):
        idformat.angka(Decimal("NaN"), -1)
    with pytest.raises(ValueError, match="not a finite number"):
        idformat.angka(Decimal("NaN"))
    with pytest.raises(TypeError):
        idformat.angka(True)
