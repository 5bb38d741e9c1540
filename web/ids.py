"""Whole numbers from requests (ids in addresses, query strings, forms and JSON bodies),
kept within what the database's INTEGER columns hold.

A number beyond :data:`~docgen.store.models.ID_MAX` names no row, and the database would
refuse it (PostgreSQL: "integer out of range"; SQLite: an overflow), so it never reaches a
query: ``<int:...>`` in a route does not match it (404), and :func:`whole_number` reads it
as nothing.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from docgen.store.models import ID_MAX

_DIGITS = re.compile(r"[0-9]{1,10}")


def up_to(limit: int) -> str:
    """A regular expression for the decimal numbers from 0 to `limit` (ASCII digits)."""
    digits = str(limit)
    options = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - i - 1
            tail = f"[0-9]{{{rest}}}" if rest else ""
            options.append(f"{digits[:i]}[0-{int(digit) - 1}]{tail}")
    return "(?:" + "|".join([*options, digits]) + ")"


class IdConverter(IntegerConverter):
    """``<int:...>`` of every route: ASCII digits for a number from 0 to :data:`ID_MAX`
    (or the rule's own smaller ``max``); anything else does not match the route, whatever
    the method (404, never 405 or a database error)."""

    regex = up_to(ID_MAX)

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = None, signed: bool = False) -> None:
        high = ID_MAX if max is None else builtins.min(max, ID_MAX)
        super().__init__(map, fixed_digits, min, high, signed)


def whole_number(raw: Any, *, low: int = 0, high: int = ID_MAX) -> int | None:
    """`raw` as a whole number from `low` to `high`: text of ASCII digits (spaces around it
    allowed) or a JSON integer; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw.strip()):
        value = int(raw.strip())
    else:
        return None
    return value if low <= value <= high else None


def init_app(app: Flask) -> None:
    """Make ``<int:...>`` refuse numbers the database cannot hold (before any route is
    added)."""
    app.url_map.converters["int"] = IdConverter
