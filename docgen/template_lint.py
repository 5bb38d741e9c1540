"""The tags of a Word template, read as the renderer reads them.

Each templated part (the body, every header and footer, the footnotes and the core
properties docxtpl fills) goes through docxtpl's clean-up (:meth:`docgen.render._Template.
patch_xml`, which joins tags Word split across runs) and is parsed and compiled by the
environment that renders (:data:`docgen.render.ENV`). :func:`lint_parts` reports, with the
part and the paragraph's text:

* Jinja syntax errors;
* constructs the render policy refuses (:func:`docgen.render_env.policy_violations`);
* names, attributes, filters and tests that the vocabulary (:mod:`docgen.vocabulary`) does
  not know, each with the closest known spelling; names the template binds itself (loop
  variables, ``set``, macros and their arguments) are known inside their scope;
* tags in parts that are never filled (endnotes, comments, other properties).

The kind's own requirements (a number on a numbered kind, a signature block on a signed
one) are :func:`kind_warnings`.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import io
import re
import typing
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from pydantic import BaseModel

from docgen import render_env, render_limits, vocabulary
from docgen.template_problems import TemplateProblem, clip
from docgen.template_tags import tags

RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""Core properties docxtpl fills through Jinja (:meth:`DocxTemplate.render_properties`)."""
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_XML_TAG = re.compile(r"<[^>]+>")
_SCOPE_NAMES = {"self", "super"}
"""Names Jinja gives every template; ``loop``, ``caller``, ``varargs`` and ``kwargs`` are
known only inside the loops and macros that give them."""


@dataclasses.dataclass
class Source:
    """One templated part as Jinja sees it."""

    part: str
    text: str
    """The part after docxtpl's clean-up, one paragraph a line (as :mod:`docgen.render`
    compiles it)."""
    paragraphs: list[str] | None = None

    def paragraph(self, line: int | None) -> str:
        if not line:
            return ""
        lines = self.text.splitlines()
        if 0 < line <= len(lines):
            return clip(_XML_TAG.sub("", lines[line - 1]).replace("&amp;", "&")
                        .replace("&lt;", "<").replace("&gt;", ">"))
        return ""


def sources(data: bytes) -> list[Source]:
    """Every part of the DOCX `data` that rendering fills, in the renderer's form."""
    from docgen.render import _Template

    tpl = _Template(io.BytesIO(data))
    tpl.init_docx()
    found = [("word/document.xml", tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            found.append((str(part.partname).lstrip("/"), tpl.get_part_xml(part)))
    for part in tpl.docx.part.package.parts:
        if part.content_type == FOOTNOTES_CT:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            found.append((str(part.partname).lstrip("/"), blob))
    out = [Source(name, re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml)))
           for name, xml in found]
    props = tpl.docx.core_properties
    for prop in RENDERED_PROPERTIES:
        value = getattr(props, prop) or ""
        if "{" in value:
            out.append(Source(f"docProps/core.xml ({prop})", value))
    return out


def unfilled_tags(parts: dict[str, bytes], templated: set[str]) -> list[TemplateProblem]:
    """Warnings for tags written in parts that rendering never fills."""
    problems = []
    for name, blob in parts.items():
        if not name.endswith(".xml") or name in templated or name == "docProps/core.xml":
            continue
        if not (name.startswith("word/") or name.startswith("docProps/")):
            continue
        found = tags(_XML_TAG.sub("", blob.decode("utf-8", "replace")))
        if found:
            problems.append(TemplateProblem("template_tag_not_filled", name,
                                            severity="warning", detail=found[0][:80],
                                            params={"tag": clip(found[0])}))
    return problems


def core_unfilled(props: Any) -> list[TemplateProblem]:
    out = []
    for prop in ("category", "keywords", "content_status", "last_modified_by", "version"):
        found = tags(getattr(props, prop, "") or "")
        if found:
            out.append(TemplateProblem("template_tag_not_filled", f"docProps/core.xml ({prop})",
                                       severity="warning", detail=found[0][:80],
                                       params={"tag": clip(found[0])}))
    return out


# ---------------------------------------------------------------------------
# Types of the vocabulary


class ListOf:
    """``list[X]`` in the vocabulary."""

    def __init__(self, inner: Any):
        self.inner = inner

    def __repr__(self) -> str:
        return f"list[{getattr(self.inner, '__name__', self.inner)}]"


_CLASSES = {cls.__name__: cls for cls in vocabulary.classes()}
_SCALARS = {str: str, int: int, bool: bool, date: date, datetime: datetime, time: time,
            Decimal: Decimal, float: float}


def _resolve(spec: Any) -> Any:
    """A vocabulary type (a class, ``"list[X]"``, a class name, a ``typing`` form) as a
    class, a :class:`ListOf`, or None when it cannot be checked."""
    if isinstance(spec, str):
        if spec.startswith("list[") and spec.endswith("]"):
            return ListOf(_resolve(spec[5:-1]))
        return _CLASSES.get(spec) or {"date": date, "str": str}.get(spec)
    origin = typing.get_origin(spec)
    args = [a for a in typing.get_args(spec) if a is not type(None)]
    if origin is typing.Annotated:
        return _resolve(args[0])
    if origin in (list, tuple):
        return ListOf(_resolve(args[0]) if args else None)
    if origin is typing.Literal:
        return str
    if origin is not None and len(args) == 1:  # X | None
        return _resolve(args[0])
    if origin is not None:
        return None
    if inspect.isclass(spec):
        if spec in _SCALARS:
            return spec
        if issubclass(spec, BaseModel) or dataclasses.is_dataclass(spec):
            return spec
    return None


ROOT_TYPES: dict[str, Any] = {name: _resolve(spec) for name, _, spec in vocabulary.ROOTS}


def _members(cls: Any) -> dict[str, Any]:
    """Attribute name -> type for a vocabulary class (fields, computed properties,
    methods); scalars give their public methods with an unknown type."""
    cached = _member_cache.get(cls)
    if cached is not None:
        return cached
    out: dict[str, Any] = {}
    if inspect.isclass(cls) and issubclass(cls, BaseModel):
        for name, fld in cls.model_fields.items():
            out[name] = _resolve(fld.annotation)
    elif dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        for fld in dataclasses.fields(cls):
            out[fld.name] = _resolve(hints.get(fld.name))
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") or name in out:
            continue
        if isinstance(member, property):
            try:
                out[name] = _resolve(typing.get_type_hints(member.fget).get("return"))
            except Exception:  # noqa: BLE001 - an unresolvable hint: unknown type
                out[name] = None
        elif not (inspect.isclass(cls) and issubclass(cls, BaseModel)
                  and name.startswith("model_")):
            out[name] = None  # a method, a constant, a descriptor such as date.year
    _member_cache[cls] = out
    return out


_member_cache: dict[Any, dict[str, Any]] = {}


def _public_fields(cls: Any) -> list[str]:
    members = _members(cls)
    if cls in _SCALARS:
        return []
    return [n for n, t in members.items() if not callable(getattr(cls, n, None))
            or isinstance(getattr(cls, n, None), property)]


ALIASES = {"nomor": "number", "no": "number", "tanggal": "date", "tgl": "date",
           "judul": "title", "nama": "name", "penandatangan": "signer", "tim": "team",
           "anggota": "members", "tujuan": "destinations", "perihal": "hal",
           "lampiran": "lampiran", "tempat": "place", "kota": "city", "alamat": "address",
           "pangkat_golongan": "pangkat", "golongan": "golongan", "anggaran": "budget",
           "kantor": "office", "kepala": "head", "foto": "photos", "sifat": "sifat"}
"""Indonesian words an office may guess for a name that the vocabulary spells in English."""


def suggest(name: str, candidates: list[str] | set[str]) -> str | None:
    """The known name closest to `name` (an Indonesian guess mapped first)."""
    alias = ALIASES.get(name.lower())
    if alias and alias in candidates:
        return alias
    match = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


# ---------------------------------------------------------------------------
# Walking a parsed template


class _Walker:
    """Scope-aware walk of one part's syntax tree: unknown names, attributes, filters."""

    def __init__(self, env: jinja2.Environment, source: Source):
        self.env = env
        self.source = source
        self.problems: list[TemplateProblem] = []
        self.used: set[tuple[str, str]] = set()
        self.free: set[str] = set()
        """Names the template takes from the context (not bound by itself)."""
        self._reported: set[tuple[str, str]] = set()

    def problem(self, code: str, node: nodes.Node, detail: str, suggestion: str | None,
                **params: object) -> None:
        key = (code, detail)
        if key in self._reported:
            return
        self._reported.add(key)
        self.problems.append(TemplateProblem(
            code, self.source.part, self.source.paragraph(getattr(node, "lineno", None)),
            detail=detail, suggestion=suggestion, params=params))

    def run(self, tree: nodes.Template) -> None:
        scope: dict[str, Any] = {m.name: None for m in tree.find_all(nodes.Macro)}
        self.body(tree.body, scope)

    # statements -----------------------------------------------------------

    def body(self, items: list[nodes.Node], scope: dict[str, Any]) -> None:
        for node in items:
            self.stmt(node, scope)

    def stmt(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            iter_type = self.expr(node.iter, scope)
            inner = dict(scope)
            element = iter_type.inner if isinstance(iter_type, ListOf) else None
            self.bind(node.target, element, inner)
            inner["loop"] = None
            if node.test is not None:
                self.expr(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, dict(scope))
        elif isinstance(node, nodes.Assign):
            value = self.expr(node.node, scope)
            if isinstance(node.target, nodes.NSRef):
                self.name_load(node.target.name, node.target, scope)
            else:
                self.bind(node.target, value, scope)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, dict(scope))
            self.bind(node.target, str, scope)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = None
            for default in node.defaults:
                self.expr(default, scope)
            inner.update({"caller": None, "varargs": None, "kwargs": None})
            if isinstance(node, nodes.Macro):
                scope[node.name] = None
            else:
                self.expr(node.call, scope)
            self.body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.expr(value, scope), inner)
            self.body(node.body, inner)
        elif isinstance(node, nodes.FilterBlock):
            self.expr(node.filter, scope, filter_block=True)
            self.body(node.body, dict(scope))
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.body(node.body, scope)
            for elif_ in node.elif_:
                self.stmt(elif_, scope)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope)
        elif isinstance(node, nodes.ExprStmt):
            self.expr(node.node, scope)
        elif isinstance(node, nodes.Block):
            self.body(node.body, dict(scope))
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.stmt(child, scope)

    def bind(self, target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)

    # expressions ----------------------------------------------------------

    def expr(self, node: nodes.Node, scope: dict[str, Any], filter_block: bool = False) -> Any:
        if isinstance(node, nodes.Name):
            return self.name_load(node.name, node, scope)
        if isinstance(node, nodes.Getattr):
            owner = self.expr(node.node, scope)
            return self.attribute(node, node.node, owner, node.attr)
        if isinstance(node, nodes.Getitem):
            owner = self.expr(node.node, scope)
            self.expr(node.arg, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, node.node, owner, node.arg.value)
            return owner.inner if isinstance(owner, ListOf) else None
        if isinstance(node, nodes.Filter):
            value = self.expr(node.node, scope) if node.node is not None else None
            self.call_args(node, scope)
            self.filter_name(node)
            if node.name in ("first", "last", "random") and isinstance(value, ListOf):
                return value.inner
            if node.name in ("sort", "reverse", "unique", "list", "select", "reject",
                             "selectattr", "rejectattr"):
                return value
            if node.name in ("upper", "lower", "title", "capitalize", "trim", "join",
                             "replace") or node.name in self._docgen_filters():
                return str
            return None
        if isinstance(node, nodes.Test):
            self.expr(node.node, scope)
            self.call_args(node, scope)
            if node.name not in self.env.tests:
                self.problem("template_unknown_test", node, node.name,
                             suggest(node.name, set(self.env.tests)), name=node.name)
            return bool
        if isinstance(node, nodes.Call):
            self.expr(node.node, scope)
            self.call_args(node, scope)
            return None
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            left = self.expr(node.expr1, scope)
            if node.expr2 is not None:
                self.expr(node.expr2, scope)
            return left
        if isinstance(node, nodes.Const):
            return type(node.value) if type(node.value) in _SCALARS else None
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        return None

    def call_args(self, node: Any, scope: dict[str, Any]) -> None:
        for arg in node.args:
            self.expr(arg, scope)
        for kw in node.kwargs:
            self.expr(kw.value, scope)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.expr(extra, scope)

    def _docgen_filters(self) -> set[str]:
        from docgen import idformat

        return set(idformat.FILTERS)

    def filter_name(self, node: nodes.Filter) -> None:
        name = node.name
        if name in render_limits.REFUSED_FILTERS or name in self.env.filters:
            return
        known = {n for n in self.env.filters if ":" not in n}
        self.problem("template_unknown_filter", node, name, suggest(name, known), name=name)

    def name_load(self, name: str, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if name in scope:
            return scope[name]
        self.free.add(name)
        if name in ROOT_TYPES:
            return ROOT_TYPES[name]
        if name in self.env.globals or name in _SCOPE_NAMES:
            return None
        if name in render_limits.REFUSED_NAMES:
            return None  # the policy reports it
        candidates = set(ROOT_TYPES) | set(scope) | set(self.env.globals)
        self.problem("template_unknown_name", node, name, suggest(name, candidates),
                     name=name)
        return None

    def attribute(self, node: nodes.Node, owner_node: nodes.Node, owner: Any,
                  attr: str) -> Any:
        path = _dotted(owner_node)
        if path and path.count(".") == 0:
            self.used.add((path, attr))
        if owner is None or attr.startswith("_"):
            return None
        if isinstance(owner, ListOf):
            self.problem("template_unknown_attr", node, f"{path or 'list'}.{attr}", None,
                         owner=path or "list", name=attr)
            return None
        members = _members(owner)
        if attr in members:
            return members[attr]
        candidates = _public_fields(owner) or list(members)
        best = suggest(attr, candidates)
        where = path or owner.__name__
        self.problem("template_unknown_attr", node, f"{where}.{attr}",
                     f"{where}.{best}" if best else None, owner=where, name=attr)
        return None


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _dotted(node.node)
        return f"{inner}.{node.attr}" if inner else None
    return None


# ---------------------------------------------------------------------------
# One part


def lint_source(source: Source) -> tuple[list[TemplateProblem], set[tuple[str, str]],
                                         set[str]]:
    """Problems of one templated part, the (root, attribute) pairs it uses, and the names
    it takes from the context."""
    from docgen.render import ENV

    try:
        tree = Parser(ENV, source.text).parse()
    except jinja2.TemplateSyntaxError as exc:
        return [TemplateProblem("template_syntax", source.part, source.paragraph(exc.lineno),
                                detail=exc.message or "syntax error")], set(), set()
    except RecursionError:
        return [TemplateProblem("template_too_nested", source.part)], set(), set()
    problems = [TemplateProblem(code, source.part, source.paragraph(line),
                                detail=str(params.get("name", "")), params=params)
                for code, line, params in render_env.policy_violations(tree)]
    walker = _Walker(ENV, source)
    try:
        walker.run(tree)
    except RecursionError:
        problems.append(TemplateProblem("template_too_nested", source.part))
    problems += walker.problems
    if not problems:
        problems += _compile(ENV, source, tree)
    return problems, walker.used, walker.free


def _compile(env: jinja2.Environment, source: Source, tree: nodes.Template
             ) -> list[TemplateProblem]:
    """Compile the checked tree as rendering would (instrumented by the render limits),
    into the renderer's cache, so that the example render that follows reuses it."""
    from docgen.render import _compiled

    if source.text in _compiled or source.part.startswith("docProps/"):
        return []
    try:
        render_env.instrument(tree)
        code = env.compile(tree, raw=False)
        template = env.template_class.from_code(env, code, env.make_globals(None), None)
        _compiled.remember(source.text, template)
    except jinja2.TemplateError as exc:
        return [TemplateProblem("template_syntax", source.part,
                                source.paragraph(getattr(exc, "lineno", None)),
                                detail=getattr(exc, "message", None) or str(exc))]
    except RecursionError:
        return [TemplateProblem("template_too_nested", source.part)]
    return []


# ---------------------------------------------------------------------------
# The kind's requirements


def kind_warnings(kind: Any, used: set[tuple[str, str]], tagged: bool) -> list[TemplateProblem]:
    """A numbered kind without ``doc.number``; a signed kind without its signer's (and
    countersigner's) signature block: ``ROLE.name`` with ``ROLE.jabatan``,
    ``ROLE.jabatan_caps`` or ``ROLE.nip``."""
    out = []
    if not tagged:
        out.append(TemplateProblem("template_no_tags", severity="warning"))
    if kind is None:
        return out
    title = getattr(kind, "title_id", None) or getattr(kind, "id", "")
    if getattr(kind, "numbered", False) and ("doc", "number") not in used:
        out.append(TemplateProblem("template_no_number", severity="warning",
                                   detail="doc.number", params={"kind": title}))
    roles = []
    if getattr(kind, "signer", None) is not None:
        roles.append("signer")
    if getattr(kind, "countersigner", None) is not None:
        roles.append("countersigner")
    for role in roles:
        block = (role, "name") in used and any(
            (role, attr) in used for attr in ("jabatan", "jabatan_caps", "nip"))
        if not block:
            out.append(TemplateProblem("template_no_signature", severity="warning",
                                       detail=f"{role}.name",
                                       params={"kind": title, "role": role}))
    return out
