"""Jinja's immutable sandbox, with its attribute verdicts remembered.

Every ``{{ signer.name }}`` in a template asks the sandbox whether ``name`` may be read on
that object. Jinja's answer (:meth:`ImmutableSandboxedEnvironment.is_safe_attribute`) depends
only on the object's type and the attribute's name: no underscore at the start, not one of
the internal attributes of functions, methods, types, code, frames, tracebacks or
generators, and not a method that changes a list, dict, set or deque. A one-page letter asks
it about 170 times, and the checks (a dozen ``isinstance`` tests against abstract classes
each) were a third of the time a compiled render spent in Jinja. :class:`Sandbox` asks Jinja
once per (type, name) and keeps the verdict, so what is refused stays refused, exactly.
"""

from __future__ import annotations

import types
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_VERDICTS = 4096
"""Verdicts kept; past that (a template inventing names) Jinja is asked each time."""


_METHODS = (types.MethodType, types.BuiltinMethodType)


class Sandbox(ImmutableSandboxedEnvironment):
    """:class:`ImmutableSandboxedEnvironment` whose attribute verdicts are remembered per
    (type, attribute name)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            if len(self._verdicts) < MAX_VERDICTS:
                self._verdicts[key] = verdict
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's sandboxed ``obj.attribute``, the common case short: an attribute already
        found safe on this type, whose value is not a method (Jinja wraps ``str.format``),
        is returned as Jinja would return it."""
        if self._verdicts.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHODS):
                    return value
        return super().getattr(obj, attribute)
