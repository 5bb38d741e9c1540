"""How far a study has come, stage by stage.

A stage is *empty* while its sub-model holds nothing but the defaults, *complete* when no
document still misses one of its fields and no error is reported in it, and a *draft* in
between. The problems behind a draft are kept, so a page can say what is left to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from docgen import catalog
from docgen.messages import Problem
from docgen.study import STAGES, Study, check_study

State = Literal["empty", "draft", "complete"]
STAGE_KEYS: tuple[str, ...] = tuple(key for key, _, _ in STAGES)


@dataclass(frozen=True)
class StageProgress:
    """One stage's state and the problems that keep it from being complete."""

    key: str
    number: int
    title_id: str
    title_en: str
    state: State
    problems: list[Problem] = field(default_factory=list)

    def title(self, lang: str = "id") -> str:
        return self.title_id if lang == "id" else self.title_en


def _in_stage(path: str, key: str) -> bool:
    return path == key or path.startswith((f"{key}.", f"{key}["))


def _is_empty(study: Study, key: str) -> bool:
    value = getattr(study, key)
    return value == type(value)()


def stage_progress(study: Study) -> list[StageProgress]:
    """Every stage in order, with its state and open problems (missing fields first, each
    path once, then errors)."""
    missing: dict[str, Problem] = {}
    for kind in catalog.available(study):
        for problem in catalog.missing(study, kind):
            missing.setdefault(problem.path, problem)
    errors = [p for p in check_study(study) if p.severity == "error"]
    result = []
    for number, (key, title_id, title_en) in enumerate(STAGES, start=1):
        problems = [p for p in missing.values() if _in_stage(p.path, key)]
        problems += [p for p in errors if _in_stage(p.path, key)]
        if _is_empty(study, key):
            state: State = "empty"
        elif problems:
            state = "draft"
        else:
            state = "complete"
        result.append(StageProgress(key, number, title_id, title_en, state, problems))
    return result


def stage_status(study: Study) -> list[tuple[str, State]]:
    """``[(stage key, "empty" | "draft" | "complete"), ...]`` in stage order."""
    return [(p.key, p.state) for p in stage_progress(study)]
