"""The document kinds a studi banding needs: template, stage, data, code, signer, fan-out.

Each kind names the fields it cannot do without; :func:`missing` tells, for a given study,
which of them are still empty, so the user sees what to fill in before a document can be made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from docgen.messages import Problem
from docgen.study import Study

FanOut = Literal["none", "destination"]
SignerRole = Literal["head", "ppk", "leader"]


@dataclass(frozen=True)
class Kind:
    """One kind of document."""

    id: str
    title_id: str
    title_en: str
    stage: int
    template: str
    filename: str
    code_domestic: str
    code_abroad: str
    signer: SignerRole
    countersigner: SignerRole | None = None
    fan_out: FanOut = "none"
    hal: str = ""
    needs: tuple[str, ...] = ()
    abroad_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def title(self, lang: str = "id") -> str:
        return self.title_id if lang == "id" else self.title_en

    def classification(self, study: Study) -> str:
        return self.code_abroad if study.goals.abroad else self.code_domestic


_OFFICE = ("office.pemda", "office.name", "office.city", "office.head.name",
           "office.head.jabatan")

KINDS: dict[str, Kind] = {
    k.id: k
    for k in [
        Kind(
            id="coordination_letter",
            title_id="Surat Permohonan Kunjungan",
            title_en="Coordination letter to the host",
            stage=4,
            template="surat_permohonan_kunjungan.docx",
            filename="surat-permohonan-kunjungan",
            code_domestic="000.1.2.3",
            code_abroad="000.1.3.3",
            signer="head",
            fan_out="destination",
            hal="Permohonan Kunjungan Studi Banding",
            needs=_OFFICE + ("goals.title", "goals.aims", "plan.start_date", "plan.end_date",
                             "plan.team", "destination.destinations",
                             "destination.destinations[].addressee",
                             "destination.destinations[].city"),
        ),
        Kind(
            id="spt",
            title_id="Surat Perintah Tugas",
            title_en="Assignment order (SPT)",
            stage=4,
            template="surat_perintah_tugas.docx",
            filename="surat-perintah-tugas",
            code_domestic="000.1.2.3",
            code_abroad="000.1.3.3",
            signer="head",
            needs=_OFFICE + ("goals.title", "goals.legal_bases", "plan.start_date",
                             "plan.end_date", "plan.team", "destination.destinations"),
        ),
        Kind(
            id="rab",
            title_id="Rincian Anggaran Biaya",
            title_en="Budget sheet (RAB)",
            stage=2,
            template="rab.docx",
            filename="rincian-anggaran-biaya",
            code_domestic="900.1.3.3",
            code_abroad="900.1.3.3",
            signer="ppk",
            countersigner="head",
            needs=_OFFICE + ("office.ppk.name", "goals.title", "plan.budget",
                             "plan.funding.sub_kegiatan"),
        ),
        Kind(
            id="final_report",
            title_id="Laporan Hasil Studi Banding",
            title_en="Final report",
            stage=7,
            template="laporan_hasil.docx",
            filename="laporan-hasil-studi-banding",
            code_domestic="000.9.3",
            code_abroad="000.9.3",
            signer="leader",
            countersigner="head",
            needs=_OFFICE + ("goals.title", "goals.background", "goals.aims",
                             "plan.start_date", "plan.end_date", "plan.team",
                             "destination.destinations", "execution.findings",
                             "evaluation.recommendations", "evaluation.follow_up",
                             "reporting.addressee", "reporting.conclusions"),
        ),
    ]
}


def get_kind(kind_id: str) -> Kind:
    try:
        return KINDS[kind_id]
    except KeyError:
        raise KeyError(
            f"unknown document kind {kind_id!r}; known kinds: {', '.join(KINDS)}"
        ) from None


def _values(obj: Any, parts: list[str]) -> list[tuple[str, Any]]:
    """Resolve a dotted path with ``[]`` list steps; returns (concrete path, value) pairs."""
    results: list[tuple[str, Any]] = [("", obj)]
    for part in parts:
        step: list[tuple[str, Any]] = []
        each = part.endswith("[]")
        name = part[:-2] if each else part
        for prefix, value in results:
            value = getattr(value, name, None)
            path = f"{prefix}.{name}" if prefix else name
            if each:
                step.extend((f"{path}[{i}]", v) for i, v in enumerate(value or []))
            else:
                step.append((path, value))
        results = step
    return results


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def missing(study: Study, kind: Kind | str) -> list[Problem]:
    """The fields still empty that `kind` needs, as problems naming each path."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    problems: list[Problem] = []
    if kind.abroad_only and not study.goals.abroad:
        return [Problem("goals.scope", "needs_abroad")]
    for need in kind.needs:
        for path, value in _values(study, need.split(".")):
            if _empty(value):
                problems.append(Problem(path, "needed_for", params={"document": kind.title_id}))
    leader_needed = "leader" in (kind.signer, kind.countersigner)
    if leader_needed and study.plan.team and study.plan.leader is None:
        problems.append(Problem("plan.team", "no_ketua"))
    return problems


def items(study: Study, kind: Kind) -> list[int | None]:
    """The fan-out of `kind` for `study`: one entry per document to make."""
    if kind.fan_out == "destination":
        return list(range(len(study.destination.destinations)))
    return [None]
