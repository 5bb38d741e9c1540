"""The studi banding: one :class:`Study` of one office, stage by stage; loading, checking, saving.

The model is the single source of truth for field names, labels (Indonesian and English)
and types. The CLI, the JSON schema, the template vocabulary and the web forms all read it.
A study may be a draft: most fields may be empty; emptiness is reported by the catalog as
"missing for document X", while wrong values (a bad NIP, an end date before the start) are
problems reported by :func:`check_study`.

This module owns the :class:`Study` itself, :data:`STAGES` and the functions that load,
check and save a study. Its parts have their own modules, and every name of theirs can
still be imported from here:

- :mod:`docgen.study_labels`: labels of enumerated values (``TOPICS``, ``ZONES`` ...)
- :mod:`docgen.study_fields`: ``F``, the base ``Model``, value types, number limits
- :mod:`docgen.study_people`: ``Person``, ``Official``, ``Contact``, ``TeamMember``
- :mod:`docgen.study_office`: the office profile, signing rules, SPD wording
- :mod:`docgen.study_budget`: ``Funding`` and ``BudgetLine``
- :mod:`docgen.study_trip`: stages 1 to 4 (goals, plan, destination, coordination)
- :mod:`docgen.study_results`: stages 5 to 7 (execution, evaluation, reporting)
- :mod:`docgen.followup_model` and :mod:`docgen.realisation`: the follow-up items and the
  costs spent per traveller
- :mod:`docgen.personnel`: the eselon and sex tables

The web forms find a field's label table among this module's names (:mod:`docgen.forms`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from docgen import idformat
from docgen.followup_model import (  # noqa: F401 - re-exported
    FOLLOW_UP_STATUS,
    FollowUpItem,
    FollowUpOwner,
    FollowUpState,
    FollowUpUpdate,
    given_ids,
)
from docgen.messages import Problem, path_of
from docgen.officetime import office_today
from docgen.personnel import ESELON, SEXES, Eselon, Sex  # noqa: F401 - re-exported
from docgen.realisation import (  # noqa: F401 - re-exported
    REALISATION_COMPONENTS,
    Realisation,
    RealisationLine,
    Receipt,
    TravellerCosts,
)
from docgen.study_budget import BudgetLine, Funding  # noqa: F401 - re-exported
from docgen.study_fields import (  # noqa: F401 - re-exported
    MAX_BUDGET_LINES,
    MONEY_MAX,
    MONEY_PLACES,
    PRICE_PLACES,
    TOTAL_MAX,
    VOLUME_MAX,
    VOLUME_PLACES,
    F,
    Model,
    Money,
    OptDate,
    OptMoney,
    OptTime,
    Price,
    Text,
    Volume,
    bounded,
    clean_text,
)
from docgen.study_labels import (  # noqa: F401 - re-exported
    ACHIEVEMENT,
    ACTING,
    CHECK_STATUS,
    CHECKLIST_ITEMS,
    COMPONENTS,
    EVENT_KINDS,
    INVITATION_MODES,
    PAPER_SIZES,
    REPLY_KINDS,
    ROLES,
    SCOPES,
    SIGNER_ROLES,
    SPD_FORMS,
    SPD_ISSUERS,
    TOPICS,
    ZONES,
    Zone,
    label,
)
from docgen.study_office import (  # noqa: F401 - re-exported
    SPD_WORDING,
    OfficeProfile,
    SigningRule,
    SpdWording,
)
from docgen.study_people import Contact, Official, Person, TeamMember  # noqa: F401 - re-exported
from docgen.study_results import (  # noqa: F401 - re-exported
    AimResult,
    Attendee,
    DisseminationEvent,
    Evaluation,
    Execution,
    Finding,
    LogEntry,
    Material,
    Photo,
    Reporting,
    VisitNote,
)
from docgen.study_trip import (  # noqa: F401 - re-exported
    AgendaItem,
    Candidate,
    ChecklistItem,
    Coordination,
    Destination,
    DestinationStage,
    Expert,
    Goals,
    Plan,
)

# ---------------------------------------------------------------------------
# The study


STAGES: list[tuple[str, str, str]] = [
    ("goals", "Identifikasi Tujuan dan Kebutuhan", "Goals and needs"),
    ("plan", "Penyusunan Rencana", "Plan"),
    ("destination", "Pemilihan Destinasi", "Destination"),
    ("coordination", "Koordinasi dan Persiapan", "Coordination and preparation"),
    ("execution", "Pelaksanaan", "Execution"),
    ("evaluation", "Evaluasi dan Penerapan", "Evaluation and follow-up"),
    ("reporting", "Pelaporan dan Diseminasi", "Reporting and dissemination"),
]


class Study(Model):
    """A studi banding of one office, stage by stage."""

    id: Text = F("Pengenal", "Identifier", default_factory=lambda: uuid.uuid4().hex[:12])
    fiscal_year: int = F("Tahun anggaran", "Fiscal year", default_factory=lambda: office_today().year,
                         ge=2000, le=2100)
    office: OfficeProfile = F("Profil kantor", "Office profile", default_factory=OfficeProfile)
    goals: Goals = F("Tahap 1: Tujuan dan kebutuhan", "Stage 1: goals", default_factory=Goals)
    plan: Plan = F("Tahap 2: Rencana", "Stage 2: plan", default_factory=Plan)
    destination: DestinationStage = F("Tahap 3: Destinasi", "Stage 3: destination",
                                      default_factory=DestinationStage)
    coordination: Coordination = F("Tahap 4: Koordinasi", "Stage 4: coordination",
                                   default_factory=Coordination)
    execution: Execution = F("Tahap 5: Pelaksanaan", "Stage 5: execution",
                             default_factory=Execution)
    evaluation: Evaluation = F("Tahap 6: Evaluasi", "Stage 6: evaluation",
                               default_factory=Evaluation)
    reporting: Reporting = F("Tahap 7: Pelaporan", "Stage 7: reporting",
                             default_factory=Reporting)
    realisation: Realisation = F(
        "Realisasi biaya per pelaksana", "Costs spent per traveller", default_factory=Realisation,
        description="Diisi setelah perjalanan: dasar rincian biaya, kuitansi dan daftar "
                    "pengeluaran riil",
        help_en="Entered after the trip: the basis of the rincian biaya, kuitansi and daftar "
                "pengeluaran riil")


# ---------------------------------------------------------------------------
# Loading, checking, saving


class StudyInvalid(ValueError):
    """The input is not a study: carries every problem with its path."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.line("en") for p in problems))


_EXPECTED_PARAMS = ("gt", "ge", "le", "max_length", "expected", "value", "limit", "places",
                    "total")


def _problems_from(error: ValidationError) -> list[Problem]:
    problems = []
    for err in error.errors():
        params = {k: v for k, v in (err.get("ctx") or {}).items() if k in _EXPECTED_PARAMS}
        code = err["type"]
        if code == "value_error":
            detail = str((err.get("ctx") or {}).get("error", err["msg"]))
            params = {"detail_id": detail, "detail_en": detail}
        elif code == "json_invalid":
            params = {"detail": str((err.get("ctx") or {}).get("error", err["msg"]))}
        problems.append(Problem(path_of(err["loc"]), code, "error", params))
    return problems


def load_study(data: dict[str, Any] | str | bytes) -> Study:
    """Build a study from a dict or JSON text; raise :class:`StudyInvalid` on bad input."""
    try:
        if isinstance(data, str | bytes):
            return Study.model_validate_json(data)
        return Study.model_validate(data)
    except ValidationError as exc:
        raise StudyInvalid(_problems_from(exc)) from None


def read_study(path: str | Path) -> Study:
    """Read a study from a JSON file."""
    raw = Path(path).read_bytes()
    try:
        raw = raw.decode("utf-8-sig")
        json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StudyInvalid([Problem("(file)", "json_invalid", "error", {"detail": str(exc)})]) from None
    return load_study(raw)


def dump_study(study: Study) -> str:
    """The study as indented JSON (UTF-8, Indonesian text kept readable)."""
    return json.dumps(study.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a study file."""
    return Study.model_json_schema()


REQUIRED_ABROAD_ITEMS = ("passport", "visa", "travel_permit")
MAX_TEAM_ABROAD = 5


def check_study(study: Study) -> list[Problem]:
    """Cross-field rules. Errors make a document wrong; warnings are shown and kept."""
    problems: list[Problem] = []
    plan = study.plan
    start, end = plan.start_date, plan.end_date
    if start and end and end < start:
        problems.append(Problem("plan.end_date", "end_before_start", params={
            "start": idformat.tanggal(start)}))
    for i, item in enumerate(plan.agenda):
        if item.date and start and end and start <= end and not start <= item.date <= end:
            problems.append(Problem(f"plan.agenda[{i}].date", "agenda_outside_trip", params={
                "row": i + 1, "date": idformat.tanggal(item.date),
                "trip": idformat.rentang_tanggal(start, end)}))
        if item.start_time and item.end_time and item.end_time < item.start_time:
            problems.append(Problem(f"plan.agenda[{i}].end_time", "agenda_time_order"))
    if plan.team:
        leaders = [m for m in plan.team if m.role == "ketua"]
        if not leaders:
            problems.append(Problem("plan.team", "no_ketua"))
        elif len(leaders) > 1:
            problems.append(Problem("plan.team", "many_ketua", params={"count": len(leaders)}))
        seen: dict[str, int] = {}
        for i, member in enumerate(plan.team):
            if member.nip and member.nip in seen:
                problems.append(Problem(f"plan.team[{i}].nip", "duplicate_nip",
                                        params={"nip": member.nip_formatted}))
            elif member.nip:
                seen[member.nip] = i
    for i, line in enumerate(plan.budget):
        if line.amount is not None and abs(line.amount - line.computed) > 1:
            problems.append(Problem(f"plan.budget[{i}].amount", "budget_amount_mismatch", params={
                "amount": idformat.rupiah(line.amount), "expected": idformat.rupiah(line.computed)}))
    if study.goals.topic == "other" and not study.goals.topic_other:
        problems.append(Problem("goals.topic_other", "other_topic_needs_text"))
    if study.goals.abroad:
        present = {c.item for c in study.coordination.checklist}
        for item in REQUIRED_ABROAD_ITEMS:
            if item not in present:
                problems.append(Problem("coordination.checklist", "abroad_needs_item",
                                        params={"item": label(CHECKLIST_ITEMS, item)}))
        if len(plan.team) > MAX_TEAM_ABROAD:
            problems.append(Problem("plan.team", "abroad_team_size", "warning",
                                    params={"count": len(plan.team)}))
    coord = study.coordination
    if coord.requested_start and coord.requested_end and coord.requested_end < coord.requested_start:
        problems.append(Problem("coordination.requested_end", "end_before_start", params={
            "start": idformat.tanggal(coord.requested_start)}))
    if coord.reply_number and not coord.reply_date:
        problems.append(Problem("coordination.reply_date", "reply_date_missing"))
    if coord.permit_number and not coord.permit_date:
        problems.append(Problem("coordination.permit_date", "permit_date_missing"))
    ids: set[str] = set()
    for i, item in enumerate(study.evaluation.follow_up):
        if item.id in ids:
            problems.append(Problem(f"evaluation.follow_up[{i}].id", "duplicate_item_id",
                                    params={"id": item.id}))
        ids.add(item.id)
        if item.due_date and end and item.due_date < end:
            problems.append(Problem(f"evaluation.follow_up[{i}].due_date", "due_before_trip",
                                    "warning", params={"due": idformat.tanggal(item.due_date),
                                                       "end": idformat.tanggal(end)}))
        aims, lessons = len(study.goals.aims), len(study.evaluation.lessons)
        if item.aim_no is not None and item.aim_no > aims:
            problems.append(Problem(f"evaluation.follow_up[{i}].aim_no", "follow_up_aim_unknown",
                                    params={"number": item.aim_no, "count": aims}))
        if item.lesson_no is not None and item.lesson_no > lessons:
            problems.append(Problem(f"evaluation.follow_up[{i}].lesson_no",
                                    "follow_up_lesson_unknown",
                                    params={"number": item.lesson_no, "count": lessons}))
    from docgen.formchecks import person_problems  # NIP against birth date and sex
    problems += _zone_problems(study) + person_problems(study)
    if study.realisation.travellers:
        from docgen.realisation_checks import check_realisation

        problems += check_realisation(study)
    if study.reporting.report_date and plan.budget and not plan.has_realization:
        problems.append(Problem("plan.budget", "report_without_realization", "warning"))
    for role in ("head", "ppk", "bendahara"):
        official: Official = getattr(study.office, role)
        if official.acting != "definitif" and official.jabatan.lower().startswith(("plt", "plh")):
            problems.append(Problem(f"office.{role}.jabatan", "acting_needs_definitive_title"))
    return problems


def _zone_problems(study: Study) -> list[Problem]:
    """Times written in the right zone: a meeting abroad in waktu setempat, one at a host at
    home in the host's zone; a dissemination event, held at home, in the office's zone (WIB,
    WITA or WIT from the province)."""
    from docgen.officetime import ZONE_LABELS, province_zone

    problems = []
    if study.goals.abroad:
        for i, note in enumerate(study.execution.notes):
            if note.start_time and note.zone != "setempat":
                problems.append(Problem(f"execution.notes[{i}].zone", "zone_abroad_local",
                                        "warning", params={"zone": note.zone}))
    else:
        # meetings at the hosts: in the hosts' zone, when all of them keep one
        hosts = {(d.province, ZONE_LABELS[z]) for d in study.destination.destinations
                 if (z := province_zone(d.province)) is not None}
        if len({zone for _p, zone in hosts}) == 1:
            province, host_zone = sorted(hosts)[0]
            for i, note in enumerate(study.execution.notes):
                if note.start_time and note.zone not in (host_zone, "setempat"):
                    problems.append(Problem(f"execution.notes[{i}].zone",
                                            "zone_not_destination", "warning",
                                            params={"zone": note.zone, "host_zone": host_zone,
                                                    "province": province}))
    home = province_zone(study.office.province)
    if home is not None:
        office_zone = ZONE_LABELS[home]
        for i, event in enumerate(study.reporting.dissemination):
            if event.start_time and event.zone not in (office_zone, "setempat"):
                problems.append(Problem(f"reporting.dissemination[{i}].zone",
                                        "zone_not_office", "warning",
                                        params={"zone": event.zone, "office_zone": office_zone,
                                                "province": study.office.province}))
    return problems


def validate(data: dict[str, Any] | str | bytes) -> tuple[Study | None, list[Problem]]:
    """Load and check in one go: the study (if it could be built) and all problems."""
    try:
        study = load_study(data)
    except StudyInvalid as exc:
        return None, exc.problems
    return study, check_study(study)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
