"""The template vocabulary as a table to look things up in: every variable a template may
use, with its Indonesian title, the tag to write in Word and what that tag prints for the
example study.

:mod:`docgen.vocabulary` says which names exist (and writes ``docs/template-variables.md``);
this module adds, for each name, how a template reaches it (``{{ study.goals.title }}``, or
``{{ m.name }}`` inside ``{%tr for m in team %}``) and an example value. The example is made
by rendering that very tag in the environment that renders documents
(:data:`docgen.render.ENV`), over the contexts of the example study, so it shows exactly what
the tag prints, filter included.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

import jinja2
from markupsafe import Markup
from pydantic import BaseModel

from docgen import idformat, vocabulary
from docgen.vocabulary_titles import ROOT_TITLES_EN, TITLES

Lang = typing.Literal["id", "en"]

LOOP_NAMES = {
    "TeamMember": "m", "AgendaItem": "a", "BudgetGroup": "g", "BudgetLine": "line",
    "Destination": "d", "VisitNote": "n", "FollowUpItem": "t", "Finding": "f",
    "Photo": "photo", "PhotoCell": "p", "AimResult": "aim", "DisseminationEvent": "e",
    "Attendee": "hadir", "Material": "materi", "Day": "day", "Meeting": "rapat",
    "ProgressLine": "pl", "SpjLine": "x", "NominatifRow": "r", "Cited": "c",
    "Candidate": "calon", "Expert": "ahli", "Contact": "kontak", "ChecklistItem": "cek",
    "LogEntry": "log", "TravellerCosts": "tc", "FollowUpUpdate": "u",
    "RealisationLine": "rl", "Evidence": "bukti", "Receipt": "kw",
}
"""The loop variable a table-row example uses for each kind of list item (the shipped
templates write ``m`` for a team member, ``g`` for a budget group ...)."""

MONEY = re.compile(r"total|amount|price|subtotal|realized|remaining|balance|advance|"
                   r"computed|rate|paid|spent|riil_total")


@dataclass(frozen=True)
class Variable:
    """One name a template may use."""

    name: str
    tag: str
    """What to write in Word: ``{{ study.goals.title }}``, a loop's opening for a list."""
    type: str
    title_id: str
    title_en: str
    example: str
    """What `tag` prints for the example study ("" when the example has no value)."""
    section: str = ""
    """The section a list of objects or an object leads to (its anchor), else ""."""
    titled: bool = True
    """False when neither the model nor :mod:`docgen.vocabulary_titles` titles it (the
    English note from the code is shown instead; a test asks for a title)."""

    def title(self, lang: Lang = "id") -> str:
        return self.title_id if lang == "id" else (self.title_en or self.title_id)


@dataclass(frozen=True)
class Section:
    """The variables of one object (a team member, the office profile ...)."""

    name: str
    doc: str
    reach: str
    """How a template gets at one: ``study.plan.funding``, ``m`` (a team member in a loop)."""
    loop: str
    """The loop that gives `reach`, e.g. ``{%tr for m in team %}``; "" when none is needed."""
    variables: tuple[Variable, ...]

    @property
    def loop_end(self) -> str:
        """What closes :attr:`loop`: ``{%tr endfor %}`` once per loop it opens."""
        return " … ".join(["{%tr endfor %}"] * self.loop.count("{%tr for "))

    @property
    def anchor(self) -> str:
        return f"v-{self.name.lower()}"


@cache
def _rows(cls: type) -> list[tuple[str, str, str]]:
    """:func:`docgen.vocabulary._rows` of `cls` (reading a class's source is slow: once)."""
    return vocabulary._rows(cls)[0]


@lru_cache(maxsize=1)
def _classes() -> tuple[type, ...]:
    return tuple(vocabulary.classes())


def _plain_type(type_name: str) -> str:
    return type_name.replace("\\|", "|").replace("`", "")


def _title(cls: type, name: str) -> tuple[str, str] | None:
    found = TITLES.get(f"{cls.__name__}.{name}")
    if found:
        return found
    if issubclass(cls, BaseModel) and name in cls.model_fields:
        info = cls.model_fields[name]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if info.title:
            return info.title, str(extra.get("label_en") or info.title)
    return None


def _filter_for(name: str, value: Any) -> str:
    """The filter a tag should carry so it prints the way a letter writes it."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, date):
        return "|tanggal"
    if isinstance(value, time):
        return "|jam"
    if isinstance(value, Decimal):
        return "|rupiah" if MONEY.search(name) else "|angka(None)"
    return ""


def _example(env: jinja2.Environment, source: str, obj: Any) -> str:
    try:
        out = env.from_string(source).render(obj=obj)
    except Exception:  # noqa: BLE001 - an example that cannot be shown is shown empty
        return ""
    text = Markup(out).unescape().strip()
    return "" if text == "None" else (text[:157] + "…" if len(text) > 160 else text)


def _first(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        for element in value:
            found = _first(element)
            if found is not None:
                return found
        return None
    return value


def _loop_name(cls: type) -> str:
    return LOOP_NAMES.get(cls.__name__) or re.sub(r"(?<!^)([A-Z])", r"_\1",
                                                   cls.__name__).lower()


def _instances(contexts: list[dict[str, Any]]) -> dict[type, Any]:
    """The first example object of each class found in the contexts (any depth)."""
    found: dict[type, Any] = {}
    wanted = set(_classes())
    seen: set[int] = set()

    def walk(value: Any, depth: int) -> None:
        if value is None or depth > 8 or id(value) in seen:
            return
        if isinstance(value, (list, tuple)):
            for element in value[:20]:
                walk(element, depth + 1)
            return
        cls = type(value)
        if cls not in wanted:
            return
        seen.add(id(value))
        found.setdefault(cls, value)
        for name, _type, _meaning in _rows(cls):
            try:
                walk(getattr(value, name), depth + 1)
            except Exception:  # noqa: BLE001, S112 - a property the example cannot give
                continue

    for context in contexts:
        for name, _meaning, _root in vocabulary.ROOTS:
            walk(context.get(name), 0)
    return found


def _root_class(root: object) -> type | None:
    if inspect.isclass(root) and root is not str:
        return root
    if isinstance(root, str):
        inner = re.sub(r"^(list\[)+|\]+$", "", root)
        return next((c for c in _classes() if c.__name__ == inner), None)
    return None


def build_sections(contexts: list[dict[str, Any]], env: jinja2.Environment) -> list[Section]:
    """The sections of the vocabulary, top-level names first, with examples from
    `contexts` (document contexts of one study, :func:`docgen.context.build_context`)."""
    instances = _instances(contexts)
    merged: dict[str, Any] = {}
    for context in contexts:
        for key, value in context.items():
            if merged.get(key) in (None, "", []):
                merged[key] = value
    # how each class is first reached: (expression, loop) in breadth-first order
    reach: dict[type, tuple[str, str]] = {}
    queue: list[type] = []
    top: list[Variable] = []
    for name, meaning, root in vocabulary.ROOTS:
        cls = _root_class(root)
        listed = isinstance(root, str) and root.startswith("list[")
        value = merged.get(name)
        if cls is not None and cls not in reach:
            if listed:
                var = _loop_name(cls)
                reach[cls] = (var, f"{{%tr for {var} in {name} %}}")
            else:
                reach[cls] = (name, "")
            queue.append(cls)
        if listed or isinstance(value, list):
            tag = f"{{%tr for {_loop_name(cls) if cls else 'x'} in {name} %}}"
            example = _list_example(env, value)
        elif cls is not None or root == "gambar":
            tag, example = f"{{{{ {name} }}}}", ""
        else:
            tag = f"{{{{ {name}{_filter_for(name, value)} }}}}"
            example = _example(env, f"{{{{ obj{_filter_for(name, value)} }}}}", value)
        top.append(Variable(name, tag, _plain_type(root if isinstance(root, str) else
                                                    getattr(root, "__name__", "teks"))
                            if root is not str else "teks", meaning,
                            ROOT_TITLES_EN.get(name, meaning), example,
                            f"v-{cls.__name__.lower()}" if cls else ""))
    sections = [Section("Top", "", "", "", tuple(top))]
    while queue:
        cls = queue.pop(0)
        expr, loop = reach[cls]
        obj = instances.get(cls)
        rows = _rows(cls)
        variables = []
        for name, type_name, meaning in rows:
            hint = _field_type(cls, name)
            inner = vocabulary._class_of(hint) if hint is not None else None
            listed = typing.get_origin(hint) in (list, tuple) or type_name.startswith("list")
            keyed = typing.get_origin(hint) is dict
            try:
                value = getattr(obj, name) if obj is not None else None
            except Exception:  # noqa: BLE001 - a property the example cannot give
                value = None
            if inner is not None and inner not in reach:
                if listed:
                    var = _loop_name(inner)
                    own = f"{{%tr for {var} in {expr}.{name} %}}"
                    reach[inner] = (var, f"{loop} … {own}" if loop else own)
                elif keyed:
                    reach[inner] = (f"{expr}.{name}['spt']", loop)
                else:
                    reach[inner] = (f"{expr}.{name}", loop)
                queue.append(inner)
            if listed:
                var = _loop_name(inner) if inner is not None else "x"
                tag = f"{{%p for {var} in {expr}.{name} %}}"
                example = _list_example(env, value)
            elif inner is not None:
                tag, example = f"{{{{ {expr}.{name} }}}}", ""
            else:
                flt = _filter_for(name, value)
                tag = f"{{{{ {expr}.{name}{flt} }}}}"
                example = _example(env, f"{{{{ obj.{name}{flt} }}}}", obj) if obj is not None \
                    else ""
            titles = _title(cls, name)
            title_id, title_en = titles or (meaning, meaning)
            variables.append(Variable(name, tag, _plain_type(type_name), title_id, title_en,
                                      example, f"v-{inner.__name__.lower()}" if inner else "",
                                      titled=titles is not None))
        doc = (inspect.getdoc(cls) or "").split("\n")[0]
        sections.append(Section(cls.__name__, doc, expr, loop, tuple(variables)))
    return sections


def _list_example(env: jinja2.Environment, value: Any) -> str:
    if not isinstance(value, (list, tuple)) or not value:
        return ""
    first = value[0]
    if isinstance(first, (str, int, Decimal, date)):
        shown = "; ".join(_example(env, f"{{{{ obj{_filter_for('', v)} }}}}", v)
                          for v in value[:3])
        return shown + ("; …" if len(value) > 3 else "")
    count = len(value)
    return f"{count} × {type(_first(value)).__name__}"


def _field_type(cls: type, name: str) -> Any:
    if issubclass(cls, BaseModel) and name in cls.model_fields:
        return cls.model_fields[name].annotation
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        if name in hints:
            return hints[name]
    member = getattr(cls, name, None)
    if isinstance(member, property):
        return typing.get_type_hints(member.fget).get("return")
    return None


EXAMPLE_KINDS = ("spt", "spd", "notulen", "invitation", "final_report", "rincian_biaya",
                 "daftar_nominatif", "laporan_tindak_lanjut", "coordination_letter",
                 "permit_request")
"""The kinds whose contexts together give every top-level name a value."""


def example_contexts() -> list[dict[str, Any]]:
    """The document contexts of the example studies (at home, then abroad), dated on a
    fixed day so the examples do not change with the clock."""
    from docgen.catalog import get_kind, items
    from docgen.context import build_context
    from docgen.example import abroad_example_study, example_study

    out = []
    for study in (example_study(), abroad_example_study()):
        when = study.plan.start_date or date(study.fiscal_year, 12, 1)
        for kind_id in EXAMPLE_KINDS:
            kind = get_kind(kind_id)
            if kind.abroad_only and not study.goals.abroad:
                continue
            item = next(iter(items(study, kind)), None)
            out.append(build_context(study, kind, item=item, issued=when))
    return out


@lru_cache(maxsize=1)
def sections() -> tuple[Section, ...]:
    """The vocabulary with the example studies' values (computed once per process)."""
    from docgen.render import ENV

    return tuple(build_sections(example_contexts(), ENV))


def search(found: tuple[Section, ...], query: str) -> list[Section]:
    """The sections and variables matching every word of `query` (in the name, the tag,
    either title or the example); a section whose name or summary matches keeps all."""
    words = [w for w in query.lower().split() if w]
    if not words:
        return list(found)
    out = []
    for section in found:
        head = f"{section.name} {section.doc} {section.reach}".lower()
        kept = tuple(v for v in section.variables
                     if all(w in f"{head} {v.name} {v.tag} {v.title_id} {v.title_en} "
                                 f"{v.example}".lower() for w in words))
        if kept:
            out.append(dataclasses.replace(section, variables=kept))
    return out


@dataclass(frozen=True)
class FilterExample:
    name: str
    tag: str
    example: str
    """What `tag` prints for the example study."""


@lru_cache(maxsize=1)
def filter_examples() -> tuple[FilterExample, ...]:
    """Every filter with a tag using it and what it prints, rendered over the example."""
    from docgen.render import ENV

    context: dict[str, Any] = {}
    for found in example_contexts():
        for key, value in found.items():
            context.setdefault(key, value)
    agenda = context["study"].plan.agenda
    context["a"] = agenda[0] if agenda else None
    out = []
    for name in idformat.FILTERS:
        source = vocabulary.FILTER_EXAMPLES.get(name, "")
        match = re.search(r"`(\{\{[^`]*\}\})`", source)
        tag = match.group(1) if match else f"{{{{ value|{name} }}}}"
        try:
            text = str(Markup(ENV.from_string(tag).render(context)).unescape())
        except Exception:  # noqa: BLE001 - shown empty
            text = ""
        out.append(FilterExample(name, tag, text))
    return tuple(out)
