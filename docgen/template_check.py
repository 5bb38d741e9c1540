"""Checking a Word template before an office uses it: :func:`check_template`.

The check reads the file as a package first (:mod:`docgen.template_package`: size, zip
and XML bombs, macros, ActiveX and OLE objects, anything that reaches outside the file,
pictures), then every templated part's tags as the renderer reads them
(:mod:`docgen.template_lint`: syntax, refused constructs, names the vocabulary does not
know, split tags), then what the kind needs (a number, a signature block), and finally
fills the template with the example study under the render limits
(:mod:`docgen.render_limits`), so a template that loops or grows without bound is refused
here and not met for the first time by an office's documents.

The report says, for each problem, the part (``word/document.xml``, ``word/header1.xml``,
``docProps/core.xml (title)``) and the paragraph's text, in Indonesian and English.
``cleaned`` is the file to store when the check changed it (external hyperlinks unwrapped,
Word's attached-template reference dropped, split tags joined, a ``.dotx`` stored as a
document); None means "store the file as given".
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from typing import Any

from docx import Document

from docgen.messages import Lang
from docgen.template_lint import core_unfilled, kind_warnings, lint_source, sources, unfilled_tags
from docgen.template_package import read_package, write_package
from docgen.template_problems import TemplateProblem

log = logging.getLogger(__name__)


@dataclass
class TemplateReport:
    """What :func:`check_template` found."""

    errors: list[TemplateProblem] = field(default_factory=list)
    warnings: list[TemplateProblem] = field(default_factory=list)
    unreadable: bool = False
    """Not a Word file at all, a broken zip, or a zip or XML bomb (the CLI's exit 2)."""
    cleaned: bytes | None = None
    """The template to store when the check changed it; None: store it as given (and
    always None when there are errors)."""
    repaired: list[str] = field(default_factory=list)
    """Tags that Word had split across runs and that were joined in `cleaned`."""
    kind: str | None = None
    filename: str = ""

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    @property
    def problems(self) -> list[TemplateProblem]:
        return self.errors + self.warnings

    def exit_code(self) -> int:
        """0 clean (warnings allowed), 1 problems, 2 unreadable."""
        return 2 if self.unreadable else (1 if self.errors else 0)

    def text(self, lang: Lang = "id") -> str:
        return report_text(self, lang)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "unreadable": self.unreadable, "kind": self.kind,
                "filename": self.filename, "cleaned": self.cleaned is not None,
                "repaired": list(self.repaired),
                "errors": [p.as_dict() for p in self.errors],
                "warnings": [p.as_dict() for p in self.warnings]}


def check_template(data: bytes, *, kind: Any, filename: str = "") -> TemplateReport:
    """Check the Word template `data` for the document kind `kind` (a kind id of
    :data:`docgen.catalog.KINDS`, an object with the same attributes — ``id``,
    ``title_id``, ``numbered``, ``signer``, ``countersigner`` — for an office's own kind, or
    None to check the file and its tags only). `filename` only serves to recognise a
    ``.docm``/``.dotm`` and to label the report."""
    kind_obj = _kind(kind)
    report = TemplateReport(kind=getattr(kind_obj, "id", None), filename=filename)
    pkg = read_package(data, filename)
    _add(report, pkg.problems)
    if pkg.unreadable:
        report.unreadable = True
        return report
    from docgen.template_repair import repair_split_tags, unclosed_tags

    unclosed = unclosed_tags(pkg)
    if unclosed:  # nothing else may read these parts (see docgen.template_tags)
        _add(report, unclosed)
        return report
    repaired, repair_problems = repair_split_tags(pkg)
    report.repaired = repaired
    _add(report, repair_problems)
    blob = write_package(pkg) if pkg.changed else data
    try:
        parts = sources(blob)
    except Exception as exc:  # noqa: BLE001 - python-docx refuses what it cannot open
        if not report.errors:  # a macro file says why already
            report.unreadable = True
            report.errors.append(TemplateProblem(
                "template_file_unreadable", detail=str(exc)[:200],
                params={"reason_id": f"Word tidak dapat membacanya ({type(exc).__name__})",
                        "reason_en": f"Word cannot read it ({type(exc).__name__})"}))
        return report
    used: set[tuple[str, str]] = set()
    free: set[str] = set()
    tagged = False
    broken = {p.part for p in repair_problems
              if p.code in ("template_tag_unclosed", "template_tag_across_paragraphs")}
    for source in parts:
        problems, names, context_names = lint_source(source)
        if source.part in broken:  # Jinja's own words would repeat the same mistake
            problems = [p for p in problems if p.code != "template_syntax"]
        _add(report, problems)
        used |= names
        free |= context_names
        tagged = tagged or "{{" in source.text or "{%" in source.text
    templated = {s.part for s in parts if not s.part.startswith("docProps/")}
    _add(report, unfilled_tags(pkg.parts, templated))
    _add(report, core_unfilled(Document(io.BytesIO(blob)).core_properties))
    _add(report, kind_warnings(kind_obj, used, tagged))
    if not report.errors and kind_obj is not None:
        from docgen.template_trial import trial_render

        _add(report, trial_render(blob, kind_obj, free))
    if not report.errors and pkg.changed:
        report.cleaned = blob
    return report


def _kind(kind: Any) -> Any:
    """A catalog kind for its id; an office's own kind object as given; None for an id
    the catalog does not know (its kind checks are then the caller's)."""
    if kind is None or not isinstance(kind, str):
        return kind
    from docgen.catalog import KINDS

    return KINDS.get(kind)


def _add(report: TemplateReport, problems: list[TemplateProblem]) -> None:
    for problem in problems:
        (report.errors if problem.severity == "error" else report.warnings).append(problem)


def report_text(report: TemplateReport, lang: Lang = "id") -> str:
    """The report as the CLI prints it: a summary line, then one line a problem."""
    name = report.filename or ("templat" if lang == "id" else "template")
    if lang == "id":
        summary = (f"{name}: {len(report.errors)} kesalahan, {len(report.warnings)} "
                   "peringatan")
        if report.unreadable:
            summary += " (berkas tidak dapat dibaca)"
        elif report.ok:
            summary += " — templat dapat dipasang"
    else:
        summary = (f"{name}: {len(report.errors)} error(s), {len(report.warnings)} "
                   "warning(s)")
        if report.unreadable:
            summary += " (the file cannot be read)"
        elif report.ok:
            summary += " — the template can be installed"
    lines = [summary]
    lines += [f"  {p.line(lang)}" for p in report.problems]
    if report.repaired:
        label = ("tag yang terpecah dan telah disatukan" if lang == "id"
                 else "split tags joined")
        lines.append(f"  ({label}: {len(report.repaired)})")
    return "\n".join(lines) + "\n"
