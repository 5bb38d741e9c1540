"""docgen's sandbox remembers Jinja's attribute verdicts and answers exactly as Jinja does."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.sandbox import Sandbox


@dataclass
class Person:
    name: str
    tags: list

    def greet(self) -> str:
        return f"Halo {self.name}"


EXPRESSIONS = [
    "{{ p.name }}", "{{ p.greet() }}", "{{ p.tags|length }}", "{{ d.key }}", "{{ d['key'] }}",
    "{{ p.__class__ }}", "{{ p.__dict__ }}", "{{ p._private }}", "{{ p.greet.__func__ }}",
    "{{ p.tags.append(3) }}", "{{ d.update({'a': 1}) }}", "{{ d.clear() }}", "{{ p.tags.pop() }}",
    "{{ s.format(p) }}", "{{ '{0.__class__}'.format(p) }}", "{{ s.format_map({'x': p}) }}",
    "{{ p.greet.__globals__ }}", "{{ f.__code__ }}", "{{ t.mro() }}", "{{ gen.gi_frame }}",
    "{{ p.missing }}", "{{ p['name'] }}", "{{ s.upper() }}", "{{ d.items()|list }}",
]


def _outcome(env: jinja2.Environment, source: str, names: dict) -> str:
    try:
        return "ok: " + env.from_string(source).render(**names)
    except Exception as exc:  # noqa: BLE001 - the kind of refusal is what is compared
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_every_answer_is_jinja_s_answer_cold_and_warm(source):
    plain = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    ours = Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    for _ in range(3):  # the second and third time from the remembered verdicts
        names = {"p": Person("Rina", [1, 2]), "d": {"key": "nilai"}, "s": "{x}",
                 "f": _outcome, "t": Person, "gen": (i for i in range(2))}
        expected = _outcome(plain, source, names)
        assert _outcome(ours, source, dict(names, gen=(i for i in range(2)))) == expected
    if "__" in source or "_private" in source or "append" in source or "clear" in source:
        assert not expected.startswith("ok: ") or expected == "ok: "


def test_the_refusals_really_refuse():
    env = Sandbox(undefined=jinja2.StrictUndefined)
    person = Person("Rina", [1])
    for _ in range(2):
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ p.tags.append(2) }}").render(p=person)
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ '{0.__class__}'.format(p) }}").render(p=person)
        with pytest.raises(jinja2.exceptions.SecurityError):
            env.from_string("{{ p.__class__ }}").render(p=person)
    assert person.tags == [1]
