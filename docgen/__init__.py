"""docgen: the official papers of a studi banding, from its data."""

from docgen.ooxml import repair as _repair_ooxml_prefixes

_repair_ooxml_prefixes()

# the study first: docgen.followup_model, which it imports part-way, builds on its helpers
import docgen.study  # noqa: E402, F401
