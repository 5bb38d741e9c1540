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
from collections.abc import Iterable, Mapping

from flask import Flask

from docgen.fields import field_label
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
        """Add core problems (errors and warnings) under their paths."""
        for problem in problems:
            if problem.path.startswith(prefix):
                self.add(problem.path, problem.message(lang))

    def summary(self, lang: str = "id") -> list[tuple[str, str, str]]:
        """(field id, field label, message) for the summary at the top of a form."""
        return [(field_id(name), self.labels.get(name) or field_label(name, lang, start=1),
                 message)
                for name, messages in self.items() for message in messages]


def posted(form: Mapping[str, str]) -> dict[str, str]:
    """The fields of a posted form named by study paths: one value each, without the
    CSRF token and the buttons (``_remove``, ``_go`` ...)."""
    return {key: form.get(key, "") for key in form
            if not key.startswith("_") and key != "csrf_token"}


def init_app(app: Flask) -> None:
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
