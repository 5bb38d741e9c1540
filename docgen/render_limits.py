"""Limits on what a template may do while it renders, enforced inside Jinja.

Every template, shipped or uploaded by an office, is rendered in
:class:`docgen.render_env.LimitedSandbox`: Jinja's immutable sandbox (no ``_`` attributes, no mutation of lists and dicts) with

* a **policy** checked when a template is compiled (:func:`docgen.render_env.policy_violations`): no
  ``__``/``_`` names, no ``|attr``, ``|format``, ``|safe`` and other refused filters,
  no ``.format``/``.format_map``, no ``%`` on text, no ``{% autoescape false %}``, no
  ``include``/``import``/``extends``;
* a **budget** per document (:func:`budget`): wall-clock time, steps (loop iterations,
  calls and checked filters), and characters produced or built. Loops count their
  iterations and the template text each iteration writes; every value printed and
  every value built by ``~``, ``+``, ``*``, ``**`` and the text filters is measured
  *before* a large one is made (``'x' * 10**9``, ``'x'|center(10**9)``, ``[s]*1000|join``
  are refused without allocating them). A template never runs past its budget: the
  checks run inside the render, in the thread that renders, so a web request or a PDF
  worker is never left hung (a thread cannot be killed from outside; it stops itself);
* ``range`` capped at :data:`MAX_ITEMS` items, and ``lipsum``/``cycler``/``joiner`` removed.

Breaking a limit raises :class:`RenderLimitExceeded` (a :class:`jinja2.exceptions.
SecurityError`, hence a :class:`jinja2.TemplateError`), whose ``code`` names a bilingual
message. The compiled render path uses the same environment class and :func:`budget`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import os
import time
from collections.abc import Iterator
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.utils import pass_eval_context
from markupsafe import Markup

MAX_SECONDS = 10.0
"""Wall-clock time one document may take to render (all its parts together); the
environment variable ``DOCGEN_RENDER_SECONDS`` sets another."""
MAX_STEPS = 250_000
"""Loop iterations, calls and checked filter calls of one document."""
MAX_CHARS = 50_000_000
"""Characters one document may produce or build (its output and the text its
expressions make on the way); a 1,000-line budget sheet uses about 3 million."""
MAX_VALUE = 5_000_000
"""Characters of one value (a string, or a list's items written out)."""
MAX_ITEMS = 100_000
"""Items of one list or range."""
MAX_INT_BITS = 100_000
"""Bits of one whole number made by ``*`` or ``**`` (about 30,000 digits)."""

MACRO_STEPS = 10
"""Steps one macro call counts (a call costs Jinja about as much as ten loop iterations)."""

REFUSED_FILTERS = frozenset({"attr", "format", "safe", "urlize", "pprint", "tojson",
                             "xmlattr", "random", "forceescape"})
"""Jinja filters a document template may not use: they reach attributes around the
sandbox's name check (``attr``), format text with a width (``format``), turn off escaping
(``safe``), or make output a document has no use for."""
REFUSED_NAMES = frozenset({"lipsum", "cycler", "joiner"})
"""Jinja globals removed: lorem ipsum of any length, and the helper classes whose
internals are the usual first step out of a sandbox."""
REFUSED_METHODS = frozenset({"format", "format_map", "translate", "maketrans", "mro"})
_SIZED_STR_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


class RenderLimitExceeded(SecurityError):
    """A template went past a render limit or broke the template policy."""

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        from docgen.messages import text

        super().__init__(text(code, "en", **params))


# ---------------------------------------------------------------------------
# The budget of one render


class Budget:
    """What one document may still spend: time, steps and characters."""

    __slots__ = ("deadline", "seconds", "steps", "chars", "max_steps", "max_chars")

    def __init__(self, seconds: float | None = None, steps: int | None = None,
                 chars: int | None = None):
        if seconds is None:
            seconds = _env_seconds()
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.steps = 0
        self.chars = 0
        self.max_steps = MAX_STEPS if steps is None else steps
        self.max_chars = MAX_CHARS if chars is None else chars

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > self.max_steps:
            raise RenderLimitExceeded("render_steps_limit", limit=f"{self.max_steps:,}")
        if time.monotonic() > self.deadline:
            raise RenderLimitExceeded("render_time_limit", seconds=f"{self.seconds:g}")

    def spend(self, chars: int) -> None:
        self.chars += chars
        if self.chars > self.max_chars:
            raise RenderLimitExceeded("render_output_limit",
                                      limit=f"{self.max_chars / 1e6:g}")


_seconds_read: tuple[str | None, float] = (None, MAX_SECONDS)


def _env_seconds() -> float:
    """``DOCGEN_RENDER_SECONDS`` when it is a sensible number of seconds, else
    :data:`MAX_SECONDS` (read again only when the setting changes)."""
    global _seconds_read
    raw = os.environ.get("DOCGEN_RENDER_SECONDS")
    if raw is None:
        return MAX_SECONDS
    if raw != _seconds_read[0]:
        try:
            value = float(raw)
        except ValueError:
            value = MAX_SECONDS
        _seconds_read = (raw, value if 0 < value < 3600 else MAX_SECONDS)
    return _seconds_read[1]


_current: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "docgen_render_budget", default=None)


@contextlib.contextmanager
def budget(seconds: float | None = None, steps: int | None = None,
           chars: int | None = None) -> Iterator[Budget]:
    """One document's budget, shared by every part rendered inside the block (body,
    headers, footers, footnotes, properties). Nested blocks keep the outer budget, so a
    caller can render with tighter limits (``with budget(seconds=2): render_document(...)``).
    Defaults: :data:`MAX_SECONDS` (or ``DOCGEN_RENDER_SECONDS``), :data:`MAX_STEPS`,
    :data:`MAX_CHARS`."""
    active = _current.get()
    if active is not None:
        yield active
        return
    spent = Budget(seconds, steps, chars)
    token = _current.set(spent)
    try:
        yield spent
    finally:
        _current.reset(token)


def current() -> Budget:
    """The budget of the render in progress; outside one (a constant folded while a
    template compiles), a fresh budget so that per-value limits still hold."""
    return _current.get() or Budget()


# ---------------------------------------------------------------------------
# Measuring values before they are made


def size(value: Any, depth: int = 0) -> int:
    """Characters `value` makes when written out, estimated without writing it (strings
    exactly; lists and dicts by their items, up to :data:`MAX_VALUE`)."""
    cls = type(value)
    if cls is str or cls is Markup:
        return len(value)
    if cls is int:
        bits = value.bit_length()
        return bits // 3 + 1 if bits > 64 else 8
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, set, frozenset, dict, range)):
        if isinstance(value, range):
            return len(value) * 8
        if depth > 20:
            return MAX_VALUE + 1
        total = 2
        items = value.items() if isinstance(value, dict) else value
        for item in items:
            total += 2 + size(item, depth + 1)
            if total > MAX_VALUE:
                return total
        return total
    if isinstance(value, int) and not isinstance(value, bool):
        bits = value.bit_length()
        return bits // 3 + 1 if bits > 64 else 8
    return 16


def check_size(value: Any) -> Any:
    """`value` when it is within :data:`MAX_VALUE` characters (and lists within
    :data:`MAX_ITEMS`); counted against the budget."""
    n = size(value)
    if n > MAX_VALUE:
        raise RenderLimitExceeded("render_value_limit", limit=f"{MAX_VALUE / 1e6:g}")
    if isinstance(value, (list, tuple)) and len(value) > MAX_ITEMS:
        raise RenderLimitExceeded("render_items_limit", limit=f"{MAX_ITEMS:,}")
    current().spend(n)
    return value


def _want(chars: int) -> None:
    if chars > MAX_VALUE:
        raise RenderLimitExceeded("render_value_limit", limit=f"{MAX_VALUE / 1e6:g}")


def _int_arg(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


# ---------------------------------------------------------------------------
# Checked builtins: range, operators, filters, method calls


def capped_range(*args: int) -> range:
    """``range`` of at most :data:`MAX_ITEMS` items."""
    rng = range(*args)
    if len(rng) > MAX_ITEMS:
        raise RenderLimitExceeded("render_items_limit", limit=f"{MAX_ITEMS:,}")
    return rng


def _loop(iterable: Any, weight: int = 0) -> Iterator[Any]:
    """A loop's iterable, counting each iteration and the template text it writes."""
    spent = current()
    for item in iterable:
        spent.step()
        if weight:
            spent.spend(weight)
        yield item


@pass_eval_context
def _concat(eval_ctx: Any, items: list[Any]) -> str:
    """``a ~ b``: measured before the text is joined."""
    total = 0
    for item in items:
        cls = type(item)
        total += len(item) if cls is str or cls is Markup else size(item)
    _want(total)
    joined = (markup_join if eval_ctx.autoescape else str_join)(items)
    current().spend(len(joined))
    return joined


def _times(left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            _want(size(seq) * max(n, 0))
            if not isinstance(seq, str) and len(seq) * max(n, 0) > MAX_ITEMS:
                raise RenderLimitExceeded("render_items_limit", limit=f"{MAX_ITEMS:,}")
    result = left * right
    if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
        raise RenderLimitExceeded("render_number_limit")
    return check_size(result)


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
            and right * math.log2(abs(left)) > MAX_INT_BITS:
        raise RenderLimitExceeded("render_number_limit")
    if isinstance(left, float) or isinstance(right, float):
        with contextlib.suppress(TypeError, ValueError):
            if abs(float(right)) > 10_000:
                raise RenderLimitExceeded("render_number_limit")
    return left ** right


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        raise RenderLimitExceeded("template_format_string")
    return left % right


def _plus(left: Any, right: Any) -> Any:
    if isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
        _want(size(left) + size(right))
    return check_size(left + right)


_BINOPS = {"*": _times, "**": _power, "%": _modulo, "+": _plus}


def _checked_filter(name: str, func: Any) -> Any:
    """`func` with the budget's step, a size check of its arguments where the filter can
    multiply text, and a size check of its result; a result given item by item (``map``,
    ``select``, ``slice`` …) counts each item as it is taken, whoever takes it."""
    pre = _FILTER_PRE.get(name)

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        current().step()
        if pre is not None:
            pre(*_user_args(func, args), **kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, Iterator):
            return _counted(result)
        return check_size(result)

    return checked


def _counted(items: Iterator[Any]) -> Iterator[Any]:
    spent = current()
    for item in items:
        spent.step()
        spent.spend(size(item))
        yield item


def _user_args(func: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments a template wrote: without the environment or eval context Jinja
    passes first to some filters."""
    return args[1:] if getattr(func, "jinja_pass_arg", None) is not None else args


def _pre_center(value: Any, width: Any = 80) -> None:
    _want(max(_int_arg(width), size(value)))


def _pre_indent(s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    lines = str(s).count("\n") + 1 if isinstance(s, str) else size(s) // 8 + 1
    per_line = len(width) if isinstance(width, str) else max(_int_arg(width, 4), 0)
    _want(size(s) + lines * per_line)


def _pre_replace(s: Any, old: Any, new: Any, count: Any = None) -> None:
    text_ = s if isinstance(s, str) else str(s) if size(s) <= MAX_VALUE else ""
    old, new = str(old), str(new)
    if len(new) <= len(old):
        return
    times = text_.count(old) if old else len(text_) + 1
    if count is not None:
        times = min(times, max(_int_arg(count, times), 0))
    _want(len(text_) + times * (len(new) - len(old)))


def _pre_join(value: Any, d: Any = "", attribute: Any = None) -> None:
    if isinstance(value, (list, tuple, range, set, frozenset, str)):
        n = len(value)
        _want(size(value) + n * len(str(d)))


def _pre_wordwrap(s: Any, width: Any = 79, *args: Any, **kwargs: Any) -> None:
    wrap = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else None) or "\n"
    lines = size(s) // max(_int_arg(width, 79), 1) + size(s) // 2 + 1
    _want(size(s) + lines * len(str(wrap)))


def _pre_batch(value: Any, linecount: Any = 1, fill_with: Any = None) -> None:
    _pre_sized(value)
    if fill_with is not None and _int_arg(linecount) > MAX_ITEMS:
        raise RenderLimitExceeded("render_items_limit", limit=f"{MAX_ITEMS:,}")


def _pre_sized(value: Any, *_: Any, **__: Any) -> None:
    _want(size(value))
    if hasattr(value, "__len__") and not isinstance(value, str):
        with contextlib.suppress(TypeError):
            if len(value) > MAX_ITEMS:
                raise RenderLimitExceeded("render_items_limit", limit=f"{MAX_ITEMS:,}")


_FILTER_PRE = {"center": _pre_center, "indent": _pre_indent, "replace": _pre_replace,
               "join": _pre_join, "wordwrap": _pre_wordwrap, "string": _pre_sized,
               "list": _pre_sized, "e": _pre_sized, "escape": _pre_sized,
               "batch": _pre_batch, "slice": _pre_sized, "sum": _pre_sized,
               "map": _pre_sized, "unique": _pre_sized, "sort": _pre_sized}
_CHECKED_FILTERS = frozenset(_FILTER_PRE) | {"groupby", "dictsort", "items", "reverse",
                                              "select", "reject", "selectattr",
                                              "rejectattr", "truncate", "striptags", "first",
                                              "last", "min", "max"}


def _pre_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Size checks of the string methods that can make long text."""
    name = getattr(obj, "__name__", "")
    owner = getattr(obj, "__self__", None)
    if name in REFUSED_METHODS:
        raise RenderLimitExceeded("template_unsafe_method", name=name)
    if not isinstance(owner, str):
        return
    if name in _SIZED_STR_METHODS and args:
        _want(max(_int_arg(args[0]), len(owner)))
    elif name == "replace" and len(args) >= 2:
        _pre_replace(owner, args[0], args[1], args[2] if len(args) > 2 else None)
    elif name == "join" and args:
        items = args[0]
        if not isinstance(items, (list, tuple, str, range)):
            return
        _want(size(items) + len(items) * len(owner))
    elif name == "expandtabs":
        tab = _int_arg(args[0] if args else kwargs.get("tabsize", 8), 8)
        _want(len(owner) + owner.count("\t") * max(tab, 0))
