"""The building blocks of the study's models: fields, value types and the base model.

:func:`F` declares a field with its Indonesian title and English label; :class:`Model` is
the base of every model (unknown keys refused, strings cleaned by :func:`clean_text`).
The value types (:data:`Text`, :data:`OptDate`, :data:`Money`, :data:`Price`, ...) carry
their validators, and the number limits (:data:`MONEY_MAX`, :data:`TOTAL_MAX`, ...) say what
an official paper can hold.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Context, Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from docgen import formdates, idformat


def F(label_id: str, label_en: str, default: Any = ..., **kw: Any) -> Any:  # noqa: N802
    """A model field with its Indonesian title and English label."""
    extra = {"label_en": label_en}
    for key in ("help_en", "widget", "form"):
        if key in kw:
            extra[key] = kw.pop(key)
    return Field(default, title=label_id, json_schema_extra=extra, **kw)


# ---------------------------------------------------------------------------
# Text a DOCX can hold

_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """`text` with only characters an XML 1.0 document (a DOCX) can hold.

    Line ends become ``\\n``: ``\\r\\n`` and ``\\r`` (from Windows or old Mac text), and the
    vertical tab and form feed Word puts in copied text for a manual line or page break.
    Every other control character (C0 but tab and newline), a lone surrogate, U+FFFE and
    U+FFFF is removed. Nothing else changes: C1 controls, DEL and noncharacters other than
    those two are valid XML and kept.
    """
    if text.isprintable():
        return text
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def _clean(value: Any) -> Any:
    """:func:`clean_text` over a value as received: strings, and the strings (keys too) in
    lists, tuples and dicts at any depth."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


def _strip(value: Any) -> Any:
    return clean_text(value).strip() if isinstance(value, str) else value


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _money(value: Any) -> Any:
    """Accept 1250000, "1250000", "1.250.000", "Rp1.250.000,00" as money."""
    if isinstance(value, str):
        text = value.strip().replace("Rp", "").replace("rp", "").replace(" ", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
            text = text.replace(".", "")
        return text
    return value


def _money_json(value: Decimal | None) -> str | None:
    """Money as JSON text that reads back as the same number (``1234.567`` would read as
    1.234.567 under the Indonesian grouping rule, so it is written ``1234.5670``)."""
    if value is None:
        return None
    text = format(value, "f")
    return text + "0" if re.fullmatch(r"-?[0-9]+\.[0-9]{3}", text) else text


# ---------------------------------------------------------------------------
# Numbers an official paper can hold

MONEY_MAX = Decimal("999999999999.99")
"""The largest amount of one budget line, its unit price or its realisation (just under one
triliun rupiah): with at most :data:`MAX_BUDGET_LINES` lines, the plan's total stays within
what :func:`idformat.terbilang` can write (:data:`idformat.TERBILANG_MAX`, 999 triliun)."""
MAX_BUDGET_LINES = 1000
MONEY_PLACES = 2
"""An amount is written to the sen: at most two decimals."""
PRICE_PLACES = 4
"""A unit price may be finer than the sen (a foreign price at the kurs, a price per km): at
most four decimals; the line's amount is rounded to the sen."""
VOLUME_MAX = Decimal(1_000_000)
"""The largest volume of a budget line (orang × hari and the like)."""
VOLUME_PLACES = 4
TOTAL_MAX = Decimal(idformat.TERBILANG_MAX)
"""The largest total of the plan's budget lines (and of their realisation)."""
_WIDE = Context(prec=100)
assert MAX_BUDGET_LINES * MONEY_MAX <= TOTAL_MAX  # noqa: S101 - the constants agree


def _limit_text(limit: Decimal) -> str:
    try:
        return idformat.angka(limit, None)
    except ValueError:
        return format(limit, "f")


def bounded(limit: Decimal, places: int) -> Any:
    """An after-validator: a finite number of at most `limit` in size and `places` decimals
    (refused, never rounded, so that what is stored is what was typed)."""

    def check(value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if not value.is_finite():
            raise PydanticCustomError("finite_number", "must be a finite number")
        if abs(value) > limit:
            raise PydanticCustomError("number_too_large", "must be at most {limit}",
                                      {"limit": _limit_text(limit)})
        if value != value.quantize(Decimal(1).scaleb(-places), context=_WIDE):
            raise PydanticCustomError("too_many_decimals", "at most {places} decimal places",
                                      {"places": places})
        return value

    return AfterValidator(check)


Text = Annotated[str, BeforeValidator(_strip)]
OptDate = Annotated[date | None, BeforeValidator(formdates.date_value)]


def _local_time(value: time | None) -> time | None:
    """A time of day as printed on a paper: its zone is the item's own `zone` field, so a
    time written with an offset (``10:00+07:00``) is refused rather than compared with
    times written without one."""
    if value is not None and value.tzinfo is not None:
        raise PydanticCustomError("time_with_offset", "write the time without a zone offset")
    return value


OptTime = Annotated[time | None, BeforeValidator(formdates.time_value), AfterValidator(_local_time)]
Money = Annotated[Decimal, BeforeValidator(_money), bounded(MONEY_MAX, MONEY_PLACES),
                  PlainSerializer(_money_json, when_used="json")]
Price = Annotated[Decimal, BeforeValidator(_money), bounded(MONEY_MAX, PRICE_PLACES),
                  PlainSerializer(_money_json, when_used="json")]
OptMoney = Annotated[Decimal | None, BeforeValidator(_money), bounded(MONEY_MAX, MONEY_PLACES),
                     PlainSerializer(_money_json, when_used="json")]
Volume = Annotated[Decimal, bounded(VOLUME_MAX, VOLUME_PLACES)]


class Model(BaseModel):
    """Base for every model here: unknown keys are refused, values stripped, and every
    string received (at any depth, dict keys too) made something a DOCX can hold by
    :func:`clean_text`: line breaks normalised to ``\\n``, other control characters removed."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True,
                              str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _clean_texts(cls, data: Any) -> Any:
        return _clean(data) if isinstance(data, dict) else data
