"""The form convention every page follows.

* Field names are the study's own paths (``goals.title``, ``plan.team[0].nip``), so a problem
  from the core (:class:`docgen.messages.Problem`) lands beside the field it names.
* A view collects messages in a :class:`FormErrors`; when it is not empty the view renders
  the same template again with status 422, the values as typed, and the errors.
* Templates draw fields with the macros in ``templates/_forms.html`` (label, help text,
  message beside the field, ``aria-invalid`` and ``aria-describedby``), and put
  ``error_summary(errors)`` at the top of the form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_babel import gettext as _

from docgen import formdates
from docgen.fields import field_label
from docgen.formchecks import in_form
from docgen.forms import FieldSpec, blank_values
from docgen.messages import Problem

UNPROCESSABLE = 422


def field_id(name: str) -> str:
    """An HTML id for a field name: ``plan.team[0].nip`` → ``f-plan-team-0-nip``."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")


class FormErrors(dict[str, list[str]]):
    """Messages per field name, in the order they were found (and, for the summary, the
    label of each field that is not a study path)."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}

    def add(self, name: str, message: str, label: str | None = None) -> None:
        self.setdefault(name, []).append(str(message))
        if label is not None:
            self.labels[name] = str(label)

    def add_problems(self, problems: Iterable[Problem], lang: str,
                     prefix: str = "") -> None:
        """Add core problems (errors and warnings) under their paths, worded for a form
        (a date the model cannot read asks for dd/mm/yyyy)."""
        for problem in problems:
            if problem.path.startswith(prefix):
                self.add(problem.path, in_form(problem).message(lang))

    def summary(self, lang: str = "id") -> list[tuple[str, str, str]]:
        """(field id, field label, message) for the summary at the top of a form."""
        return [(field_id(name), self.labels.get(name) or field_label(name, lang, start=1),
                 message)
                for name, messages in self.items() for message in messages]


@dataclass(frozen=True)
class BannerEntry:
    """One line of the banner at the top of a form: a link to the field (by the field's
    own label) and the message."""

    anchor: str
    label: str
    message: str
    severity: str  # "error" or "warning"


def banner(errors: FormErrors, warnings: FormErrors | None = None, lang: str = "id",
           order: Iterable[str] = (), anchor: Callable[[str], str] = field_id
           ) -> list[BannerEntry]:
    """Every problem of a page for the one banner at its top: errors and warnings
    together, in the order of the fields on the page (`order`, their ids; an error before a
    warning of the same field), each linking to `anchor(name)`."""
    entries = []
    for severity, found in (("error", errors), ("warning", warnings)):
        for name, messages in (found or {}).items():
            label = (getattr(found, "labels", {}).get(name)
                     or field_label(name, lang, start=1))
            entries += [BannerEntry(anchor(name), label, message, severity)
                        for message in messages]
    positions = {ident: i for i, ident in enumerate(order)}
    if positions:
        entries.sort(key=lambda e: positions.get(e.anchor, len(positions)))
    return entries


def posted(form: Mapping[str, str]) -> dict[str, str]:
    """The fields of a posted form named by study paths: one value each, without the
    CSRF token and the buttons (``_remove``, ``_go`` ...)."""
    return {key: form.get(key, "") for key in form
            if not key.startswith("_") and key != "csrf_token"}


@dataclass(frozen=True)
class TypedInput:
    """How an ``<input>`` is drawn: its HTML type, its value and its attributes."""

    type: str
    value: Any
    attrs: Mapping[str, str]
    hint: str = ""
    """The format, said after the label to a screen reader (``dd/mm/yyyy``)."""


DATE_ATTRS = {"inputmode": "numeric", "placeholder": formdates.DATE_HINT,
              "pattern": formdates.DATE_PATTERN, "maxlength": "12", "autocomplete": "off",
              "data-date": "", "title": formdates.DATE_HINT}
TIME_ATTRS = {"inputmode": "numeric", "placeholder": formdates.TIME_HINT,
              "pattern": formdates.TIME_PATTERN, "maxlength": "8", "autocomplete": "off",
              "data-time": "", "title": formdates.TIME_HINT}


def typed_input(kind: str, value: Any, attrs: Mapping[str, str] | None = None) -> TypedInput:
    """A date or a time as a text input that reads ``17/08/2027`` and ``14:30`` whatever the
    browser's language (never ``type=date``/``time``, which follow it); other kinds as
    given. `attrs` of the caller win over the defaults."""
    attrs = dict(attrs or {})
    if kind == "date":
        return TypedInput("text", formdates.date_text(value), {**DATE_ATTRS, **attrs},
                          formdates.DATE_HINT)
    if kind == "time":
        return TypedInput("text", formdates.time_text(value), {**TIME_ATTRS, **attrs},
                          formdates.TIME_HINT)
    return TypedInput(kind, value, attrs)


def bad_date() -> str:
    """What a date field says when it holds no date."""
    return _("Write the date as dd/mm/yyyy, e.g. 17/08/2027.")


def init_app(app: Flask) -> None:
    app.jinja_env.globals["typed_input"] = typed_input
    app.jinja_env.globals["banner"] = banner
    app.jinja_env.filters["form_date"] = formdates.date_text
    app.jinja_env.filters["form_time"] = formdates.time_text
    app.jinja_env.globals["field_id"] = field_id
    app.jinja_env.globals["field_label"] = field_label
    app.jinja_env.globals["blank_values"] = blank_values
    app.jinja_env.globals["field_columns"] = field_columns


SHORT_TEXT = frozenset({"title_front", "title_back", "golongan", "cost_level", "postal_code",
                        "short_name", "unit_code", "fax"})
"""Text fields that hold a few characters."""
LONG_TEXT = frozenset({"title", "addressee", "best_practice", "reason", "result", "action",
                       "indicator", "caption", "address", "permit_addressee"})
"""Text fields that hold a sentence."""
LONG_LABEL = 20
"""Characters of a label that no longer fit above a narrow date or time input."""


def field_columns(spec: FieldSpec) -> str:
    """The grid columns of a field drawn from the model: short values side by side, long
    ones wider, paragraphs and lists across the whole form."""
    if spec.kind in ("textarea", "list-of-text", "list-of-objects", "object"):
        return "col-12"
    if spec.kind in ("date", "time"):
        long_label = max(len(spec.label_id), len(spec.label_en)) > LONG_LABEL
        return "col-sm-6 col-lg-4" if long_label else "col-6 col-md-4 col-lg-2"
    if spec.kind == "checkbox":
        return "col-sm-6 col-lg-2"
    if spec.kind == "image":
        return "col-md-6 col-lg-4"
    if spec.kind in ("select", "number", "money"):
        return "col-sm-6 col-lg-3"
    if spec.name == "title":
        return "col-12"
    if spec.name in SHORT_TEXT:
        return "col-6 col-lg-2"
    if spec.name in LONG_TEXT:
        return "col-lg-6"
    return "col-md-6 col-lg-4"
