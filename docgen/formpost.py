"""Reading a posted form back into the nested data of a stage (or the office profile).

Field names are the study's own paths (``plan.team[0].nip``): :func:`parse_form` renumbers
list rows in the order posted, drops empty rows, reads a missing checkbox as unchecked and
dates written ``14/12/2026`` and times ``09.00`` as the model expects
(:mod:`docgen.formdates`); everything else is
left as typed for the model to read (and to refuse with a message). The fields themselves
come from :mod:`docgen.forms`, which also offers these names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from docgen.formdates import model_date, model_time
from docgen.forms import FieldSpec, is_blank, stage_fields

MAX_ROWS = 500
"""Rows read per list; a form claiming more is cut there."""

_PATH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,6})\]|(\.)")


def split_path(name: str) -> list[str | int] | None:
    """``plan.team[0].nip`` → ``["plan", "team", 0, "nip"]``; None for anything that is
    not a path."""
    parts: list[str | int] = []
    pos = 0
    expect_name = True
    for match in _PATH.finditer(name):
        if match.start() != pos:
            return None
        pos = match.end()
        word, index, dot = match.groups()
        if word is not None:
            if not expect_name:
                return None
            parts.append(word)
            expect_name = False
        elif index is not None:
            if expect_name:
                return None
            parts.append(int(index))
        elif dot is not None:
            if expect_name:
                return None
            expect_name = True
    if pos != len(name) or expect_name or not parts:
        return None
    return parts


def _tree(flat: Mapping[str, str | list[str]]) -> dict[Any, Any]:
    """The posted fields as nested dicts keyed by name and row number."""
    root: dict[Any, Any] = {}
    for key, raw in flat.items():
        parts = split_path(key)
        if parts is None or isinstance(parts[0], int):
            continue
        value = raw[0] if isinstance(raw, list | tuple) and raw else raw
        if isinstance(value, list | tuple):
            value = ""
        node = root
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        if not isinstance(node.get(parts[-1]), dict):
            node[parts[-1]] = value
    return root


def _scalar(spec: FieldSpec, raw: Any) -> Any:
    if spec.kind == "checkbox":
        return raw is not None and not isinstance(raw, dict) and str(raw).strip().lower() \
            not in ("", "0", "off", "false", "no")
    text = raw if isinstance(raw, str) else ""
    text = text.replace("\r\n", "\n")
    if spec.kind == "date":
        return model_date(text)
    if spec.kind == "time":
        return model_time(text)
    if spec.kind in ("image", "file"):
        return text.strip()
    return text


def _rows(node: Any) -> list[Any]:
    if not isinstance(node, dict):
        return []
    indexes = sorted(k for k in node if isinstance(k, int))[:MAX_ROWS]
    return [node[i] for i in indexes]


def _parse(specs: Iterable[FieldSpec], node: Any) -> dict[str, Any]:
    node = node if isinstance(node, dict) else {}
    out: dict[str, Any] = {}
    for spec in specs:
        raw = node.get(spec.name)
        if spec.kind == "object":
            out[spec.name] = _parse(spec.children, raw)
        elif spec.kind == "list-of-objects":
            rows = [_parse(spec.children, row) for row in _rows(raw)]
            out[spec.name] = [row for row in rows if not is_blank(spec.children, row)]
        elif spec.kind == "list-of-text":
            items = [item.replace("\r\n", "\n") for item in _rows(raw) if isinstance(item, str)]
            out[spec.name] = [item for item in items if item.strip()]
        elif spec.name not in node and spec.kind != "checkbox":
            out[spec.name] = spec.default
        else:
            out[spec.name] = _scalar(spec, raw)
    return out


def parse_fields(specs: Iterable[FieldSpec], flat: Mapping[str, str | list[str]],
                 prefix: str) -> dict[str, Any]:
    """The nested data under `prefix` (``"plan"``, ``"office"``) of a posted form, for
    the fields `specs`."""
    node: Any = _tree(flat)
    for part in prefix.split("."):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return _parse(specs, node)


def parse_form(stage_key: str, flat_form: Mapping[str, str | list[str]]) -> dict[str, Any]:
    """The data of stage `stage_key` from a posted form named by study paths
    (``plan.team[0].name``): rows renumbered in order, empty rows dropped, a field not
    posted at all given its default (a checkbox not posted is unchecked); values are left
    as typed for the model to read (and to refuse with a message)."""
    return parse_fields(stage_fields(stage_key), flat_form, stage_key)


def without_row(flat: Mapping[str, Any], row: str) -> dict[str, Any]:
    """The form without the fields of one row (``plan.team[1]``): a row removed by a
    button when the page runs without JavaScript."""
    return {k: v for k, v in flat.items()
            if not (k == row or k.startswith((row + ".", row + "[")))}
