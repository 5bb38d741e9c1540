"""One problem found in a Word template: where (part and paragraph), what, how bad.

Shared by the package checks (:mod:`docgen.template_package`), the tag lint
(:mod:`docgen.template_lint`) and the report (:mod:`docgen.template_check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.messages import Lang, Severity, text

PARAGRAPH_CHARS = 160
"""Longest paragraph text quoted beside a problem."""


@dataclass(frozen=True)
class TemplateProblem:
    """A problem of a template. `part` names the package part (``word/document.xml``,
    ``word/header1.xml``, ``docProps/core.xml``; empty for the file as a whole),
    `paragraph` the text of the paragraph it is in, as Word shows it, `detail` what the
    check saw (a tag, a name, Jinja's own words), `suggestion` a likely correct spelling."""

    code: str
    part: str = ""
    paragraph: str = ""
    severity: Severity = "error"
    detail: str = ""
    suggestion: str | None = None
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "id") -> str:
        return text(self.code, lang, **self._params())

    def _params(self) -> dict[str, object]:
        params = dict(self.params)
        params.setdefault("detail", self.detail)
        hint = self.suggestion
        params.setdefault("hint_id", f" (mungkin maksudnya {hint}?)" if hint else "")
        params.setdefault("hint_en", f" (did you mean {hint}?)" if hint else "")
        return params

    def where(self, lang: Lang = "id") -> str:
        """``word/document.xml, paragraf "Nomor : {{ doc.nomor }}"``."""
        label = "paragraf" if lang == "id" else "paragraph"
        out = self.part or ("berkas" if lang == "id" else "file")
        if self.paragraph:
            out += f', {label} "{self.paragraph}"'
        return out

    def line(self, lang: Lang = "id") -> str:
        """The form printed by the CLI."""
        prefix = "" if self.severity == "error" else (
            "peringatan: " if lang == "id" else "warning: ")
        return f"{self.where(lang)}: {prefix}{self.message(lang)}"

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity, "part": self.part,
                "paragraph": self.paragraph, "detail": self.detail,
                "suggestion": self.suggestion, "message_id": self.message("id"),
                "message_en": self.message("en")}


def clip(paragraph: str) -> str:
    """A paragraph's text as quoted in a problem: spaces collapsed, at most
    :data:`PARAGRAPH_CHARS` characters."""
    paragraph = " ".join(paragraph.split())
    if len(paragraph) > PARAGRAPH_CHARS:
        paragraph = paragraph[:PARAGRAPH_CHARS - 1] + "…"
    return paragraph
