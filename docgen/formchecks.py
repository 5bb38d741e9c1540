"""Every problem of a posted form in one pass, and the checks a form makes of a person.

:func:`all_problems` validates a study's data and, when some values are refused, still runs
the cross-field checks (:func:`docgen.study.check_study`) on the rest: each refused value
is set aside (its field falls back to its default) and the study built again, so that an
agenda date outside the trip is reported together with a mistyped NIP, not only once the NIP
is corrected. A cross-field problem about a value that was set aside is left out.

:func:`person_problems` checks each person's NIP against their own data: the first eight
digits are the birth date (yyyymmdd) and digit 15 the sex (1 laki-laki, 2 perempuan; see
docs/naskah-dinas.md and :func:`docgen.idformat.parse_nip`). A mismatch is a warning naming
both fields: the NIP or the other field was typed wrong, and only the office knows which.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from docgen import idformat
from docgen.formpost import split_path
from docgen.messages import Problem
from docgen.personnel import NIP_SEX, SEXES

ROUNDS = 4
"""Times a study is rebuilt without its refused values before the cross-field checks are
given up (a value set aside may make another refused, rarely more than once)."""

DATE_CODES = frozenset({"date_parsing", "date_from_datetime_parsing",
                        "date_from_datetime_inexact", "date_type"})
TIME_CODES = frozenset({"time_parsing", "time_type"})


def in_form(problem: Problem) -> Problem:
    """A problem as a form says it: a date or time the model could not read is explained
    as a person types it (``dd/mm/yyyy``, ``HH:MM``), not as the API writes it."""
    if problem.code in DATE_CODES:
        return Problem(problem.path, "form_date", problem.severity)
    if problem.code in TIME_CODES:
        return Problem(problem.path, "form_time", problem.severity)
    return problem


def _under(path: str, parent: str) -> bool:
    return path == parent or path.startswith((parent + ".", parent + "["))


def _set_aside(data: Any, path: str) -> bool:
    """Remove the value at `path` from `data` (a row of a list becomes an empty row); True
    when there was one."""
    parts = split_path(path)
    if not parts:
        return False
    node = data
    for part in parts[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    last = parts[-1]
    if isinstance(last, int) and isinstance(node, list) and 0 <= last < len(node):
        node[last] = {}
        return True
    if isinstance(last, str) and isinstance(node, dict) and last in node:
        del node[last]
        return True
    return False


def all_problems(data: dict[str, Any]) -> tuple[Any, list[Problem], list[Problem]]:
    """(the study, [], []) when `data` is valid; otherwise (None, the values refused, the
    cross-field problems of the rest), found in one pass."""
    from docgen.study import StudyInvalid, check_study, load_study

    try:
        return load_study(data), [], []
    except StudyInvalid as exc:
        refused = list(exc.problems)
    rest = copy.deepcopy(data)
    aside: list[str] = []
    pending = refused
    for _round in range(ROUNDS):
        for problem in pending:
            if _set_aside(rest, problem.path):
                aside.append(problem.path)
        try:
            study = load_study(rest)
        except StudyInvalid as exc:
            pending = [p for p in exc.problems if p.path not in aside]
            if not pending:
                break
            continue
        cross = [p for p in check_study(study)
                 if not any(_under(p.path, path) or _under(path, p.path) for path in aside)]
        return None, refused, cross
    return None, refused, []


def _people(model: BaseModel, path: str) -> Iterator[tuple[str, Any]]:
    from docgen.study import Person

    for name in type(model).model_fields:
        value = getattr(model, name, None)
        here = f"{path}.{name}" if path else name
        if isinstance(value, Person):
            yield here, value
        if isinstance(value, BaseModel):
            yield from _people(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Person):
                    yield f"{here}[{i}]", item
                if isinstance(item, BaseModel):
                    yield from _people(item, f"{here}[{i}]")


def person_problems(study: Any) -> list[Problem]:
    """Each person's NIP against their date of birth and sex (warnings on the NIP)."""
    problems = []
    for path, person in _people(study, ""):
        nip = person.nip
        if not nip or len(nip) != 18:
            continue
        if person.birth_date and nip[:8] != person.birth_date.strftime("%Y%m%d"):
            try:
                nip_date = idformat.tanggal(date(int(nip[:4]), int(nip[4:6]), int(nip[6:8])))
            except ValueError:
                nip_date = nip[:8]
            problems.append(Problem(f"{path}.nip", "nip_birth_mismatch", "warning", {
                "nip_date": nip_date, "birth": idformat.tanggal(person.birth_date)}))
        nip_sex = NIP_SEX.get(nip[14])
        if person.sex and nip_sex and nip_sex != person.sex:
            problems.append(Problem(f"{path}.nip", "nip_sex_mismatch", "warning", {
                "digit": nip[14],
                "nip_sex_id": SEXES[nip_sex][0].lower(), "nip_sex_en": SEXES[nip_sex][1].lower(),
                "sex_id": SEXES[person.sex][0].lower(), "sex_en": SEXES[person.sex][1].lower()}))
    return problems
