"""Where each document goes in a ZIP of a study's papers: a folder per stage, named from the
stage's title (``4-koordinasi-dan-persiapan/``), and a file named after the kind and, for a
paper made once per traveller, host, visit note or invitee, after whom or what it is for
(``spd-bambang-setiawan.docx``, ``surat-permohonan-kunjungan-badan-pengelolaan-keuangan.docx``).

A paper downloaded alone has the same name (:func:`paper_name`, which
:func:`docgen.render.filename` gives). Names are slugs: ASCII, lower case, words joined by ``-``, shortened at a word boundary to
at most :data:`NAME_WORDS_LIMIT` characters, never in the middle of a word. Two papers that
would get the same name are told apart by ``-2``, ``-3`` in the order they come.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from docgen import catalog, idformat
from docgen.study import STAGES, Study

NAME_WORDS_LIMIT = 40
"""At most this many characters of who or what a paper is for, in its file name."""
STAGE_WORDS_LIMIT = 40
CONNECTORS = frozenset({"dan", "serta", "atau", "di", "ke", "dari", "untuk", "pada", "yang",
                        "the", "of", "and"})
"""Words a shortened name does not end on."""


def slug(text: str, limit: int | None = None) -> str:
    """`text` as a file-name slug, shortened at a word boundary to `limit` characters (a
    first word longer than the limit is kept whole: a word is never cut)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if limit is None:
        return "-".join(words)
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > limit:
            while len(kept) > 1 and kept[-1] in CONNECTORS:  # "…-komunikasi-dan" reads cut
                kept.pop()
            break
        kept.append(word)
    return "-".join(kept)


def stage_folder(stage: int) -> str:
    """``4-koordinasi-dan-persiapan``: the stage's number and its title from the catalog of
    stages."""
    if 1 <= stage <= len(STAGES):
        return f"{stage}-{slug(STAGES[stage - 1][1], STAGE_WORDS_LIMIT)}"
    return f"{stage}-lainnya"


def subject_of(study: Study, kind: catalog.Kind, item: int | None) -> str:
    """Whom or what one paper of a fan-out is for, as its file name says it: the
    traveller's name (without academic titles), the host institution, the invitee, the
    visit note's date and place, the event's title; "" for a paper made once."""
    if kind.fan_out == "none" or item is None:
        return ""
    try:
        if kind.fan_out == "traveller":
            return study.plan.members_ordered[item].name
        if kind.fan_out == "destination":
            host = study.destination.destinations[item]
            return host.institution or host.city
        if kind.fan_out == "note":
            note = study.execution.notes[item]
            return " ".join(p for p in ((note.date.isoformat() if note.date else ""),
                                        note.place) if p)
        if kind.fan_out == "invitee":
            if study.office.invitation_mode == "distribution_list":
                event = study.reporting.dissemination[item]
                return event.title or (idformat.tanggal(event.date) if event.date else "")
            return catalog.invitation_pairs(study)[item][1]
    except IndexError:
        return ""
    return ""


@dataclass
class Names:
    """Paths inside one ZIP, each given once (a second of the same name gets ``-2``)."""

    taken: set[str] = field(default_factory=set)

    def unique(self, path: str) -> str:
        stem, dot, ext = path.rpartition(".")
        if not dot:
            stem, ext = path, ""
        candidate, n = path, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        self.taken.add(candidate)
        return candidate

    def path(self, study: Study, kind: catalog.Kind, item: int | None,
             suffix: str = ".docx", extra: str = "") -> str:
        """``<stage folder>/<kind>[-<for whom>][-<extra>]<suffix>``, unique in this ZIP."""
        return self.unique(bundle_path(study, kind, item, suffix, extra))


def paper_name(study: Study, kind: catalog.Kind, item: int | None, suffix: str = ".docx",
               extra: str = "") -> str:
    """A paper's file name, ``<kind>[-<for whom>][-<extra>]<suffix>``: the one name of a
    paper, whether downloaded alone (:func:`docgen.render.filename`) or in a ZIP. A paper of
    a fan-out without a name to give it is numbered when the study has more than one."""
    parts = [kind.filename]
    about = slug(subject_of(study, kind, item), NAME_WORDS_LIMIT)
    if about:
        parts.append(about)
    elif kind.fan_out != "none" and item is not None and len(catalog.items(study, kind)) > 1:
        parts.append(str(item + 1))
    if extra:
        parts.append(slug(extra))
    return f"{'-'.join(parts)}{suffix}"


def bundle_path(study: Study, kind: catalog.Kind, item: int | None, suffix: str = ".docx",
                extra: str = "") -> str:
    """Where a paper goes in a ZIP (before telling apart two of the same name): its stage's
    folder and its name (:func:`paper_name`)."""
    return f"{stage_folder(kind.stage)}/{paper_name(study, kind, item, suffix, extra)}"


def archived_path(kind: catalog.Kind, item: int | None, addressee: str, version: int = 1,
                  suffix: str = ".docx", extra: str = "") -> str:
    """Where an issued document goes in the archive's package, from what its register entry
    keeps (it never changes, whatever the study becomes): whom a fanned-out paper is for is
    its "Kepada" (the traveller, the invitee, the host without the position heading it); a
    visit note, by its number; a correction says its version."""
    from docgen.wording import POSITIONS

    parts = [kind.filename]
    if kind.fan_out in ("traveller", "invitee", "destination") and addressee.strip():
        who = POSITIONS.sub("", " ".join(addressee.lower().split())).split(",")[0]
        parts.append(slug(who, NAME_WORDS_LIMIT))
    elif kind.fan_out != "none" and item is not None:
        parts.append(str(item + 1))
    if version > 1:
        parts.append(f"versi-{version}")
    if extra:
        parts.append(slug(extra))
    return f"{stage_folder(kind.stage)}/{'-'.join(p for p in parts if p)}{suffix}"
