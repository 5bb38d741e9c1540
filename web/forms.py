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
from collections.abc import Iterable

from flask import Flask

from docgen.fields import field_label
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


def init_app(app: Flask) -> None:
    app.jinja_env.globals["field_id"] = field_id
    app.jinja_env.globals["field_label"] = field_label
