"""docgen: the official papers of a studi banding, from its data."""

from docgen.ooxml import repair as _repair_ooxml_prefixes

_repair_ooxml_prefixes()
