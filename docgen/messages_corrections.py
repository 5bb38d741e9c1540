"""The texts of a correction on the path of a letter (:mod:`docgen.review`): a new version
of an issued document is submitted, initialled and approved like its first issue. Merged
into :data:`docgen.messages.TEXTS`."""

from __future__ import annotations

CORRECTION_TEXTS: dict[str, tuple[str, str]] = {
    "review_nothing_to_correct": (
        "{kind} belum diterbitkan: tidak ada yang dikoreksi; ajukan konsepnya untuk diperiksa",
        "{kind} is not issued yet: there is nothing to correct; submit its draft for review"),
}
