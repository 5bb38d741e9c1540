"""Bilingual (Indonesian / English) messages for problems a user can cause.

Every problem the core reports carries a code; :data:`TEXTS` holds the text for each code
in both languages so that the CLI, the web front end and the API say the same thing. The
texts are written by topic in the ``docgen/messages_<topic>.py`` modules, each merged into
:data:`TEXTS` with one line below (tests/test_messages.py checks that no code is defined
twice); this module owns the merge, :func:`text`, :class:`Problem` and :func:`path_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from docgen.messages_archive import ARCHIVE_TEXTS
from docgen.messages_batch import BATCH_TEXTS
from docgen.messages_budget import BUDGET_TEXTS
from docgen.messages_caps import CAPS_TEXTS
from docgen.messages_convert import CONVERT_TEXTS
from docgen.messages_corrections import CORRECTION_TEXTS
from docgen.messages_forms import FORM_TEXTS
from docgen.messages_kinds import KIND_TEXTS
from docgen.messages_record_pdf import RECORD_PDF_TEXTS
from docgen.messages_reuse import TEXTS as REUSE_TEXTS
from docgen.messages_review import REVIEW_TEXTS
from docgen.messages_service import SERVICE_TEXTS
from docgen.messages_signed import SIGNED_TEXTS
from docgen.messages_study import STUDY_TEXTS
from docgen.messages_template_check import CHECK_TEXTS
from docgen.messages_templates import TEMPLATE_TEXTS
from docgen.messages_uploads import UPLOAD_TEXTS
from docgen.messages_values import VALUE_TEXTS

Lang = Literal["id", "en"]
Severity = Literal["error", "warning"]

# code -> (Indonesian, English). Placeholders use str.format names.
TEXTS: dict[str, tuple[str, str]] = {}
TEXTS.update(VALUE_TEXTS)
TEXTS.update(STUDY_TEXTS)
TEXTS.update(SERVICE_TEXTS)
TEXTS.update(UPLOAD_TEXTS)
TEXTS.update(BUDGET_TEXTS)
TEXTS.update(CAPS_TEXTS)
TEXTS.update(ARCHIVE_TEXTS)
TEXTS.update(REUSE_TEXTS)
TEXTS.update(REVIEW_TEXTS)
TEXTS.update(CORRECTION_TEXTS)
TEXTS.update(SIGNED_TEXTS)
TEXTS.update(TEMPLATE_TEXTS)
TEXTS.update(CHECK_TEXTS)
TEXTS.update(KIND_TEXTS)
TEXTS.update(BATCH_TEXTS)
TEXTS.update(FORM_TEXTS)
TEXTS.update(CONVERT_TEXTS)
TEXTS.update(RECORD_PDF_TEXTS)


def text(code: str, lang: Lang = "id", **params: object) -> str:
    """The message for `code` in `lang`, with `params` filled in."""
    pair = TEXTS.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "id" else pair[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


@dataclass(frozen=True)
class Problem:
    """One problem found in user input: where, what, and how bad."""

    path: str
    code: str
    severity: Severity = "error"
    params: dict[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "id") -> str:
        return text(self.code, lang, **self.params)

    def line(self, lang: Lang = "id") -> str:
        """The form printed by the CLI: ``path: message``."""
        prefix = "" if self.severity == "error" else ("peringatan: " if lang == "id" else "warning: ")
        return f"{self.path}: {prefix}{self.message(lang)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "code": self.code,
            "severity": self.severity,
            "message_id": self.message("id"),
            "message_en": self.message("en"),
        }


def path_of(loc: tuple[object, ...] | list[object]) -> str:
    """Turn a location tuple ('plan', 'team', 2, 'nip') into ``plan.team[2].nip``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(root)"
