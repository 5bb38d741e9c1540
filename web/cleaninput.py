"""Query strings and form fields as a DOCX and a database can hold them.

Every request's parameters (``request.args`` and ``request.form``, keys and values) pass
through :func:`docgen.study.clean_text` as they are parsed: line ends become ``\\n``, other
control characters (NUL among them, which PostgreSQL refuses in text) and lone surrogates are
removed. A search filter, a login e-mail or a form field with a pasted NUL then reaches the
views and the database as the text the user meant, never as a server error. The study's own
fields are cleaned again by the model; files are left as they are (uploads are checked by
their content).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from docgen.study import clean_text


def _pairs(mapping: Any) -> Iterable[tuple[Any, Any]]:
    if mapping is None:
        return []
    if isinstance(mapping, MultiDict):
        return mapping.items(multi=True)
    if isinstance(mapping, Mapping):
        return mapping.items()
    return mapping


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """An immutable multi-dict whose string keys and values are cleaned on construction."""

    def __init__(self, mapping: Any = None) -> None:
        super().__init__([(_clean(key), _clean(value)) for key, value in _pairs(mapping)])


class CleanRequest(Request):
    """Flask's request with cleaned parameters (see the module's docstring)."""

    parameter_storage_class = CleanMultiDict
