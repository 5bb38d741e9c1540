"""Labels of study fields by path (``plan.team[0].nip`` → "Tim › NIP"), read from the
model's own titles (Indonesian) and ``label_en`` (English), so no page retypes them."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from docgen.study import Study

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``Model``, ``list[Model]``, ``dict[str, Model]`` or ``Model | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, dict, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _submodel(arg)
            if found is not None:
                return found
    return None


def field_info(path: str, model: type[BaseModel] = Study) -> list[FieldInfo]:
    """The fields a path goes through, outermost first (list indexes are skipped)."""
    infos: list[FieldInfo] = []
    current: type[BaseModel] | None = model
    for name, _index in _PART.findall(path):
        if not name:
            continue
        if current is None or name not in current.model_fields:
            break
        info = current.model_fields[name]
        infos.append(info)
        current = _submodel(info.annotation)
    return infos


def field_title(info: FieldInfo, lang: str = "id") -> str:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if lang != "id" and extra.get("label_en"):
        return str(extra["label_en"])
    return info.title or ""


def field_label(path: str, lang: str = "id", *, depth: int = 2, start: int = 0) -> str:
    """A readable name for `path`: the titles of its last `depth` fields (never those before
    `start`; 1 leaves out the stage), a list item with its row number ("Tim 2 › NIP"); the
    path itself when it names no field."""
    infos = field_info(path)
    if not infos:
        return path
    rows: dict[int, int] = {}
    position = -1
    for name, index in _PART.findall(path):
        if name:
            position += 1
        elif position >= 0:
            rows[position] = int(index) + 1
    parts = []
    for position, info in enumerate(infos):
        title = field_title(info, lang)
        parts.append(f"{title} {rows[position]}" if position in rows else title)
    parts = parts[min(start, len(parts) - 1):]
    return " › ".join(parts[-depth:])
