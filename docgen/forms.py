"""Form fields read from the model: what a page asks for, and reading a posted form back.

:func:`model_fields` walks a pydantic model class and describes each field as a
:class:`FieldSpec` (its path, the kind of input it needs, its Indonesian and English label
and help, whether a document needs it, and the choices of an enumerated field with their
labels from the tables in :mod:`docgen.study`). Pages draw these specs; nothing about a field
is typed twice, so a field added to the model shows up on its page by itself.

Field names in a form are the study's own paths (``plan.team[0].nip``).
:func:`parse_form` turns such a flat form back into the nested data of one stage: list rows
renumbered in the order posted, empty rows dropped, a missing checkbox read as unchecked,
dates written ``14/12/2026`` and times ``09.00`` read as the model expects. Everything
else (money as ``1.250.000``, NIPs with spaces) is left to the model, which already accepts
it. No Flask here: the web front end and any other caller share it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from docgen import catalog, idformat, personnel, study, study_fields
from docgen.formdates import date_text, time_text
from docgen.study import STAGES, OfficeProfile, Study

Kind = Literal["text", "textarea", "date", "time", "number", "money", "select", "checkbox",
               "image", "file", "hidden", "list-of-text", "list-of-objects", "object"]
LIST_KINDS = ("list-of-text", "list-of-objects")

TEXTAREA_NAMES = frozenset({"background", "summary", "description", "advice", "notes"})
"""Text fields that hold a paragraph or more: drawn as a text area."""

IMAGE_PATHS = frozenset({"execution.photos[].file"})
"""Fields that name an uploaded image (a storage key): drawn as a file input that keeps the
current value, with a thumbnail."""

FILE_PATHS = frozenset({"reporting.dissemination[].attendance_file",
                        "reporting.dissemination[].materials[].file"})
"""Fields that name an uploaded evidence file (PDF, JPEG, PNG or XLSX; a storage key): drawn
as a file input that keeps the current value, with a link to it."""

STAGE_SKIP: dict[str, frozenset[str]] = {"plan": frozenset({"budget"})}
"""Fields a stage page leaves to a page of their own (the budget has its own page)."""

OFFICE_SKIP = frozenset({"logo", "signing"})
"""Office fields not drawn by the generic form: the logo is an upload, the signing rules a
table of their own."""




@dataclass(frozen=True)
class Choice:
    """One value of an enumerated field and its labels."""

    value: str
    label_id: str
    label_en: str
    offered: bool = True
    """False for a value kept where a study holds it but not offered for a new choice (eselon
    II without a or b)."""

    def label(self, lang: str = "id") -> str:
        return self.label_id if lang == "id" else self.label_en


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form, as the model describes it.

    `path` is generic: list items are written ``[]`` (``plan.team[].nip``), as in the
    catalog's ``needs``; a page makes the concrete name from `name` and the row numbers.
    """

    name: str
    path: str
    kind: Kind
    label_id: str
    label_en: str
    help_id: str = ""
    help_en: str = ""
    needed_for: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    children: tuple[FieldSpec, ...] = ()
    default: Any = ""
    optional_choice: bool = False
    """The select offers an empty first option (the model has no default)."""
    integer: bool = False
    """A number that must be whole."""

    @property
    def required(self) -> bool:
        """A document cannot be made while this is empty."""
        return bool(self.needed_for)

    @property
    def is_list(self) -> bool:
        return self.kind in LIST_KINDS

    @property
    def is_leaf(self) -> bool:
        return self.kind not in ("object", "list-of-objects")

    def label(self, lang: str = "id") -> str:
        return self.label_id if lang == "id" else self.label_en

    def help(self, lang: str = "id") -> str:
        return self.help_id if lang == "id" else self.help_en

    def help_lang(self, lang: str = "id") -> str:
        """The language the help text is written in (English help may fall back to
        Indonesian when the model has none)."""
        if lang == "id" or not self.help_id:
            return lang
        return "en" if self.help_en != self.help_id else "id"

    def choice_label(self, value: str, lang: str = "id") -> str:
        return next((c.label(lang) for c in self.choices if c.value == value), value)

    def needed_for_titles(self, lang: str = "id") -> list[str]:
        return [catalog.KINDS[k].title(lang) for k in self.needed_for]


# ---------------------------------------------------------------------------
# Reading the model


def _enum_tables() -> dict[frozenset[str], dict[str, tuple[str, str]]]:
    """The label tables of :mod:`docgen.study` (``TOPICS``, ``ZONES`` ...) by their keys: those of
    :mod:`docgen.study_labels` and the others the study module re-exports."""
    tables = {}
    for value in vars(study).values():
        if (isinstance(value, dict) and value
                and all(isinstance(k, str) for k in value)
                and all(isinstance(v, tuple) and len(v) == 2
                        and all(isinstance(s, str) for s in v) for v in value.values())):
            tables.setdefault(frozenset(value), value)
    return tables


_TABLES = _enum_tables()


def _needed() -> dict[str, tuple[str, ...]]:
    """Generic path → the kinds of document that need it (the catalog's ``needs`` and the
    name of each kind's default signer)."""
    signer_paths = {"head": "office.head.name", "ppk": "office.ppk.name",
                    "sekda": "office.sekda.name", "region_head": "office.kepala_daerah.name"}
    found: dict[str, list[str]] = {}
    for kind in catalog.KINDS.values():
        paths = list(kind.needs)
        for role in (kind.signer, kind.countersigner):
            if role in signer_paths:
                paths.append(signer_paths[role])
        if kind.on_behalf or "region_head" in (kind.signer, kind.countersigner):
            paths.append("office.region_head")
        for path in paths:
            found.setdefault(path, [])
            if kind.id not in found[path]:
                found[path].append(kind.id)
    return {path: tuple(kinds) for path, kinds in found.items()}


_NEEDED = _needed()


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Annotated`` and ``None``; and whether None was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _is_money(info: FieldInfo) -> bool:
    money = study_fields._money
    metadata = list(info.metadata)
    annotated = info.annotation
    if typing.get_origin(annotated) is typing.Annotated:
        metadata += list(typing.get_args(annotated)[1:])
    return any(getattr(m, "func", None) is money for m in metadata)


def _help(info: FieldInfo) -> tuple[str, str]:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    help_id = info.description or ""
    help_en = str(extra.get("help_en") or "")
    if not help_en and help_id:
        help_en = ("Example:" + help_id[len("Contoh:"):] if help_id.startswith("Contoh:")
                   else help_id)
    return help_id, help_en


def _form_default(info: FieldInfo, kind: Kind) -> Any:
    if kind in LIST_KINDS:
        return []
    if kind == "checkbox":
        return bool(info.default) if info.default is not PydanticUndefined else False
    if info.default is PydanticUndefined or info.default is None:
        return ""
    return display(info.default, kind)


def _kind(info: FieldInfo, name: str) -> tuple[Kind | None, Any]:
    """The kind of input for a field, and the type inside (the model, the Literal)."""
    annotation, _optional = _unwrap(info.annotation)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    origin = typing.get_origin(annotation)
    if extra.get("widget") == "hidden":
        return "hidden", annotation
    if origin is Literal:
        return "select", annotation
    if origin is list:
        (item,) = typing.get_args(annotation) or (str,)
        item, _ = _unwrap(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "list-of-objects", item
        return "list-of-text", item
    if origin is dict or annotation is dict:
        return None, annotation
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return "object", annotation
        if issubclass(annotation, bool):
            return "checkbox", annotation
        if issubclass(annotation, date):
            return "date", annotation
        if issubclass(annotation, time):
            return "time", annotation
        if issubclass(annotation, int | Decimal | float):
            return ("money" if _is_money(info) else "number"), annotation
    if extra.get("widget") == "textarea" or name in TEXTAREA_NAMES:
        return "textarea", annotation
    return "text", annotation


def model_fields(model: type[BaseModel], prefix: str = "",
                 skip: Iterable[str] = ()) -> tuple[FieldSpec, ...]:
    """The fields of `model`, in model order, with paths under `prefix`. `skip` names
    fields (relative to `model`, e.g. ``"budget"``) to leave out. A field of a type no form
    can edit (a mapping) is left out too."""
    skipped = set(skip)
    specs = []
    for name, info in model.model_fields.items():
        if name in skipped:
            continue
        kind, inner = _kind(info, name)
        if kind is None or (isinstance(info.json_schema_extra, dict)
                            and info.json_schema_extra.get("form") is False):
            continue
        path = f"{prefix}.{name}" if prefix else name
        if path in IMAGE_PATHS:
            kind = "image"
        elif path in FILE_PATHS:
            kind = "file"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        help_id, help_en = _help(info)
        children: tuple[FieldSpec, ...] = ()
        choices: tuple[Choice, ...] = ()
        optional_choice = False
        if kind == "object":
            children = model_fields(inner, path)
        elif kind == "list-of-objects":
            children = model_fields(inner, path + "[]")
        elif kind == "select":
            values = [str(v) for v in typing.get_args(inner)]
            table = _TABLES.get(frozenset(values), {})
            kept = personnel.ESELON_NOT_OFFERED if table is personnel.ESELON else frozenset()
            choices = tuple(Choice(v, *table.get(v, (v, v)), offered=v not in kept)
                            for v in values)
            optional_choice = info.default is PydanticUndefined or info.default is None
        elif kind == "text" and name in personnel.GOLONGAN_NAMES:
            kind, help_id, help_en = "select", "", ""  # the list is its own example
            choices = tuple(Choice(v, *labels)
                            for v, labels in personnel.GOLONGAN_CHOICES.items())
            optional_choice = True
        specs.append(FieldSpec(
            name=name, path=path, kind=kind, label_id=info.title or name,
            label_en=str(extra.get("label_en") or info.title or name),
            help_id=help_id, help_en=help_en, needed_for=_NEEDED.get(path, ()),
            choices=choices, children=children, default=_form_default(info, kind),
            optional_choice=optional_choice,
            integer=kind == "number" and isinstance(inner, type) and issubclass(inner, int)))
    return tuple(specs)


STAGE_KEYS: tuple[str, ...] = tuple(key for key, _, _ in STAGES)


def stage_model(stage_key: str) -> type[BaseModel]:
    if stage_key not in STAGE_KEYS:
        raise KeyError(f"unknown stage {stage_key!r}; stages: {', '.join(STAGE_KEYS)}")
    annotation, _ = _unwrap(Study.model_fields[stage_key].annotation)
    return annotation


@cache
def stage_fields(stage_key: str) -> tuple[FieldSpec, ...]:
    """The fields of one stage's page (``plan.budget`` is left to the budget page)."""
    return model_fields(stage_model(stage_key), stage_key, STAGE_SKIP.get(stage_key, ()))


@cache
def office_fields() -> tuple[FieldSpec, ...]:
    """The fields of the office profile form (the logo is an upload of its own)."""
    return model_fields(OfficeProfile, "office", OFFICE_SKIP)


def walk(specs: Iterable[FieldSpec]) -> Iterator[FieldSpec]:
    """Every spec, depth first (a list or object before its children)."""
    for spec in specs:
        yield spec
        yield from walk(spec.children)


def leaves(specs: Iterable[FieldSpec]) -> Iterator[FieldSpec]:
    """The specs that are one input (or one repeatable input)."""
    return (s for s in walk(specs) if s.is_leaf)


def generic_path(name: str) -> str | None:
    """The generic path of a concrete field name: ``execution.photos[2].file`` →
    ``execution.photos[].file``; None for anything that is not a path."""
    from docgen.formpost import split_path

    parts = split_path(name)
    if parts is None:
        return None
    out = ""
    for part in parts:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def is_file_field(specs: Iterable[FieldSpec], name: str) -> bool:
    """True when `name` (``reporting.dissemination[0].attendance_file``) is an evidence file
    field among `specs`."""
    path = generic_path(name)
    return path is not None and any(s.kind == "file" and s.path == path for s in walk(specs))


def is_image_field(specs: Iterable[FieldSpec], name: str) -> bool:
    """True when `name` (``execution.photos[0].file``) is an image field among `specs`."""
    path = generic_path(name)
    return path is not None and any(s.kind == "image" and s.path == path for s in walk(specs))


# ---------------------------------------------------------------------------
# Values for a form


def display(value: Any, kind: Kind) -> Any:
    """A model value as a form shows it: dates ``14/12/2026``, times ``09:00``, money
    ``1.250.000``, None as empty."""
    if value is None:
        return ""
    if kind == "checkbox":
        return bool(value)
    if kind == "time" and isinstance(value, time):
        return time_text(value)
    if kind == "date" and isinstance(value, date):
        return date_text(value)
    if kind == "money" and isinstance(value, int | Decimal):
        return idformat.angka(value, None)
    if kind == "number" and isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def form_values(specs: Iterable[FieldSpec], obj: BaseModel | Mapping[str, Any] | None
                ) -> dict[str, Any]:
    """The values of `obj` (a model instance) for the fields `specs`, nested like the
    model: lists of objects as lists of dicts, lists of text as lists of strings."""
    out: dict[str, Any] = {}
    for spec in specs:
        if obj is None:
            value = None
        elif isinstance(obj, Mapping):
            value = obj.get(spec.name)
        else:
            value = getattr(obj, spec.name, None)
        if spec.kind == "object":
            out[spec.name] = form_values(spec.children, value)
        elif spec.kind == "list-of-objects":
            out[spec.name] = [form_values(spec.children, item) for item in value or []]
        elif spec.kind == "list-of-text":
            out[spec.name] = [display(item, "text") for item in value or []]
        else:
            out[spec.name] = display(value, spec.kind) if value is not None else (
                False if spec.kind == "checkbox" else "")
    return out


def blank_values(specs: Iterable[FieldSpec]) -> dict[str, Any]:
    """The values of a new, empty row (or object): each field's default."""
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "object":
            out[spec.name] = blank_values(spec.children)
        elif spec.is_list:
            out[spec.name] = []
        else:
            out[spec.name] = spec.default
    return out


def is_blank(specs: Iterable[FieldSpec], values: Mapping[str, Any]) -> bool:
    """True when every field of a row holds its default (nothing was typed)."""
    for spec in specs:
        value = values.get(spec.name)
        if spec.kind == "object":
            if not is_blank(spec.children, value or {}):
                return False
        elif spec.is_list:
            if value:
                return False
        elif spec.kind == "checkbox":
            if bool(value) != bool(spec.default):
                return False
        elif (value or "") not in ("", spec.default):
            return False
    return True


def flatten(specs: Iterable[FieldSpec], values: Mapping[str, Any],
            prefix: str) -> dict[str, str]:
    """The flat form a browser would post for `values` (checked boxes as ``"on"``,
    unchecked ones left out): the inverse of :func:`parse_fields`."""
    out: dict[str, str] = {}
    for spec in specs:
        name = f"{prefix}.{spec.name}"
        value = values.get(spec.name)
        if spec.kind == "object":
            out.update(flatten(spec.children, value or {}, name))
        elif spec.kind == "list-of-objects":
            for i, row in enumerate(value or []):
                out.update(flatten(spec.children, row, f"{name}[{i}]"))
        elif spec.kind == "list-of-text":
            for i, item in enumerate(value or []):
                out[f"{name}[{i}]"] = item
        elif spec.kind == "checkbox":
            if value:
                out[name] = "on"
        else:
            out[name] = "" if value is None else str(value)
    return out


def leaf_names(specs: Iterable[FieldSpec], values: Mapping[str, Any], prefix: str,
               *, groups: bool = False) -> list[str]:
    """The concrete name of every input a page draws for `values` (one per text row);
    with `groups`, the names of the lists and objects (and rows) that hold them too."""
    names: list[str] = []
    for spec in specs:
        name = f"{prefix}.{spec.name}"
        value = values.get(spec.name)
        if groups and (spec.is_list or not spec.is_leaf):
            names.append(name)
        if spec.kind == "object":
            names += leaf_names(spec.children, value or {}, name, groups=groups)
        elif spec.kind == "list-of-objects":
            for i, row in enumerate(value or []):
                if groups:
                    names.append(f"{name}[{i}]")
                names += leaf_names(spec.children, row, f"{name}[{i}]", groups=groups)
        elif spec.kind == "list-of-text":
            names += [f"{name}[{i}]" for i in range(len(value or []))]
        else:
            names.append(name)
    return names


# ---------------------------------------------------------------------------
# Reading a posted form: docgen/formpost.py (its names are still found here)

_POSTED = frozenset({"MAX_ROWS", "split_path", "parse_fields", "parse_form", "without_row"})


def __getattr__(name: str) -> Any:
    if name in _POSTED:
        from docgen import formpost

        return getattr(formpost, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
