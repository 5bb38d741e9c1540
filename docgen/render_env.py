"""The environment every template renders in: the policy checked when a template is
compiled (:func:`policy_violations`), the counting wrapped around its loops and ``~``
(:func:`instrument`), and :class:`LimitedSandbox` with the one function that writes every
printed value (:func:`print_value`). The budget and the measures they use are
:mod:`docgen.render_limits`.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import FILTERS as _JINJA_FILTERS
from jinja2.runtime import Macro
from jinja2.utils import Namespace
from markupsafe import Markup, escape

from docgen.render_limits import (
    _BINOPS,
    _CHECKED_FILTERS,
    MACRO_STEPS,
    MAX_ITEMS,
    MAX_VALUE,
    REFUSED_FILTERS,
    REFUSED_METHODS,
    REFUSED_NAMES,
    RenderLimitExceeded,
    _checked_filter,
    _concat,
    _current,
    _loop,
    _pre_method,
    budget,
    capped_range,
    check_size,
    current,
    size,
)
from docgen.sandbox import Sandbox

# ---------------------------------------------------------------------------
# The policy, checked on the syntax tree


def policy_violations(tree: nodes.Template) -> list[tuple[str, int, dict[str, object]]]:
    """(code, line, params) of every construct a document template may not use."""
    found: list[tuple[str, int, dict[str, object]]] = []
    for node in tree.find_all(nodes.Node):
        line = getattr(node, "lineno", 0) or 0
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            attr = node.attr if isinstance(node, nodes.Getattr) else (
                node.arg.value if isinstance(node.arg, nodes.Const) else None)
            if isinstance(attr, str) and attr.startswith("_"):
                found.append(("template_private_name", line, {"name": attr}))
            elif isinstance(attr, str) and attr in REFUSED_METHODS:
                found.append(("template_unsafe_method", line, {"name": attr}))
        elif isinstance(node, nodes.Name) and node.name in REFUSED_NAMES \
                and node.ctx == "load":
            found.append(("template_unsafe_name", line, {"name": node.name}))
        elif isinstance(node, nodes.NSRef) and node.attr.startswith("_"):
            found.append(("template_private_name", line, {"name": node.attr}))
        elif isinstance(node, nodes.Filter) and node.name in REFUSED_FILTERS:
            found.append(("template_unsafe_filter", line, {"name": node.name}))
        elif isinstance(node, nodes.Mod) and isinstance(node.left, nodes.Const) \
                and isinstance(node.left.value, str):
            found.append(("template_format_string", line, {}))
        elif isinstance(node, (nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
            found.append(("template_autoescape", line, {}))
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport,
                               nodes.Extends)):
            found.append(("template_include", line, {}))
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) \
                and node.node.name == "range" and _constant_range_too_long(node):
            found.append(("render_items_limit", line, {"limit": f"{MAX_ITEMS:,}"}))
    return found


def _constant(node: nodes.Node) -> int | None:
    """The value of a whole-number expression written with constants only (``10**9``),
    computed within :data:`MAX_INT_BITS`; None otherwise."""
    if isinstance(node, nodes.Const) and isinstance(node.value, int):
        return node.value
    if isinstance(node, nodes.Neg):
        inner = _constant(node.node)
        return None if inner is None else -inner
    if isinstance(node, (nodes.Add, nodes.Sub, nodes.Mul, nodes.Pow)):
        left, right = _constant(node.left), _constant(node.right)
        if left is None or right is None:
            return None
        try:
            return _BINOPS.get(node.operator, lambda a, b: None)(left, right) \
                if node.operator in ("*", "**") else (left + right if node.operator == "+"
                                                      else left - right)
        except RenderLimitExceeded:
            return None
    return None


def _constant_range_too_long(call: nodes.Call) -> bool:
    values = [_constant(arg) for arg in call.args]
    if not values or None in values or call.kwargs or len(values) > 3:
        return False
    try:
        return len(range(*values)) > MAX_ITEMS  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return True


def _loop_weight(body: list[nodes.Node]) -> int:
    """Characters of template text one iteration of a loop writes (its own text, not
    that of inner loops, which count their own iterations, nor of macros defined in it)."""
    total = 0
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif isinstance(node, nodes.Const) and isinstance(node.value, str):
            total += len(node.value)
        elif isinstance(node, (nodes.For, nodes.Macro, nodes.CallBlock)):
            continue
        else:
            stack.extend(node.iter_child_nodes())
    return total


def instrument(node: nodes.Node) -> nodes.Node:
    """Wrap every loop's iterable in the counting ``_loop`` and every ``~`` in the measured
    ``_concat`` (filters whose names no template can write), depth first."""
    for field in node.fields:
        value = getattr(node, field, None)
        if isinstance(value, nodes.Node):
            setattr(node, field, instrument(value))
        elif isinstance(value, list):
            setattr(node, field, [instrument(v) if isinstance(v, nodes.Node) else v
                                  for v in value])
    if isinstance(node, nodes.For):
        weight = _loop_weight(node.body) + _loop_weight(node.else_)
        node.iter = nodes.Filter(node.iter, LOOP_FILTER, [nodes.Const(weight)], [], None,
                                 None, lineno=node.lineno)
    if isinstance(node, nodes.Concat):
        return _wrap_concat(node)
    return node


def _wrap_concat(node: nodes.Concat) -> nodes.Filter:
    return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), CONCAT_FILTER, [], [],
                        None, None, lineno=node.lineno)


LOOP_FILTER = "docgen:loop"
CONCAT_FILTER = "docgen:concat"


# ---------------------------------------------------------------------------
# The environment


# ---------------------------------------------------------------------------
# Printing a value


def _finalize(value: Any) -> Any:
    """Every printed value is measured (``{{ x }}``), before it is turned into text."""
    cls = type(value)
    n = len(value) if cls is Markup or cls is str else size(value)
    if n > MAX_VALUE:
        raise RenderLimitExceeded("render_value_limit", limit=f"{MAX_VALUE / 1e6:g}")
    spent = _current.get()
    if spent is not None:
        spent.chars += n
        if spent.chars > spent.max_chars:
            spent.spend(0)
    return value


_UNUSUAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""A character XML cannot carry, or one (``\\a``, ``\\f``) that docxtpl turns into markup."""


class Watch:
    """Whether a value printed while it is set (:data:`watching`) held a character of
    :data:`_UNUSUAL`: a render that saw none needs no search of its whole output."""

    __slots__ = ("unusual",)

    def __init__(self) -> None:
        self.unusual = False


watching: contextvars.ContextVar[Watch | None] = contextvars.ContextVar(
    "docgen_print_watch", default=None)


def print_value(value: Any) -> str:
    """``{{ x }}`` in an autoescaped template: `value` measured (:func:`_finalize`) and
    escaped in one call, as text. What Jinja writes, ``escape(finalize(x))``, makes a
    Markup of every value and calls twice; a budget sheet prints thousands of values."""
    cls = type(value)
    if cls is str:
        n = len(value)
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            text = str(escape(value))
        else:
            text = value
    elif cls is Markup:
        n = len(value)
        text = value
    elif cls is int:
        bits = value.bit_length()
        n = bits // 3 + 1 if bits > 64 else 8
        text = None
    else:
        n = size(value)
        text = None
    if n > MAX_VALUE:
        raise RenderLimitExceeded("render_value_limit", limit=f"{MAX_VALUE / 1e6:g}")
    spent = _current.get()
    if spent is not None:
        spent.chars += n
        if spent.chars > spent.max_chars:
            spent.spend(0)
    if text is None:
        if cls is int:
            return str(value)
        text = escape(value)
    if not text.isprintable() and _UNUSUAL.search(text):
        watch = watching.get()
        if watch is not None:
            watch.unusual = True
    return text


class PrintingCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing ``environment.print_value(x)`` where it would
    write ``escape(environment.finalize(x))`` (autoescaped output, the only kind a
    document template has): the same text, one call instead of two."""

    def _fused(self, frame: Frame) -> bool:
        return (frame.eval_ctx.autoescape and not frame.eval_ctx.volatile
                and self.environment.finalize is _finalize)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame):
            self.write("environment.print_value(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class LimitedSandbox(Sandbox):
    """Jinja's immutable sandbox (with its attribute verdicts remembered:
    :class:`docgen.sandbox.Sandbox`) with the policy and the budget above."""

    intercepted_binops = frozenset(_BINOPS)
    code_generator_class = PrintingCodeGenerator

    def __init__(self, **options: Any):
        options.setdefault("finalize", _finalize)
        super().__init__(**options)
        self.print_value = print_value
        for name in REFUSED_NAMES:
            self.globals.pop(name, None)
        self.globals["range"] = capped_range
        self.globals["namespace"] = Namespace
        for name in REFUSED_FILTERS:
            self.filters.pop(name, None)
        for name in _CHECKED_FILTERS:
            if name in self.filters and self.filters[name] is _JINJA_FILTERS.get(name):
                self.filters[name] = _checked_filter(name, self.filters[name])
        self.filters[LOOP_FILTER] = _loop
        self.filters[CONCAT_FILTER] = _concat

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        violations = policy_violations(tree)
        if violations:
            code, line, params = violations[0]
            error = RenderLimitExceeded(code, **params)
            error.lineno = line  # type: ignore[attr-defined]
            raise error
        instrument(tree)
        return tree

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """The output of one template: rendered inside the current budget, or a budget
        of its own when none is open."""
        if _current.get() is not None:
            return "".join(parts)
        with budget():
            return "".join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return _BINOPS[operator](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        current().step(MACRO_STEPS if isinstance(__obj, Macro) else 1)
        _pre_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, list, tuple, dict)):
            check_size(result)
        return result

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` is refused (when called), not sandboxed."""
        return None
