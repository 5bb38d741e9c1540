"""The chain of a letter's path: who reviews a kind of document in an office, in order
(the reviewers who give their paraf, the signer last), and the office's choice of paraf boxes
on the review copy. :mod:`docgen.review` offers these names too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen import custom_kinds
from docgen.messages import Problem
from docgen.store.archive_models import actor_label
from docgen.store.models import ROLES, User, utcnow
from docgen.store.review_models import ReviewChain, ReviewSettings

DEFAULT_CHAIN: tuple[dict[str, Any], ...] = ({"role": "signer", "label": ""},)
"""Without a chain of its own, a kind is reviewed by the signer alone."""
ANY_KIND = "*"
"""The kind of an office's chain that applies to every kind without its own."""
SUBMITTERS = ("staff",)
"""Roles that submit a draft for review (and submit it again after it was returned)."""
SIGNER_ROLE = "signer"
MAX_STEPS = 8
LABEL_MAX = 200
ROLE_TITLES = {
    "staff": ("Staf", "Staff"),
    "signer": ("Penandatangan", "Signing official"),
    "archivist": ("Arsiparis", "Archivist"),
    "admin": ("Administrator", "Administrator"),
}



class ChainInvalid(ValueError):
    """A chain that cannot be used: each problem names its step (``steps[1].user``)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.line("en") for p in problems))


# ---------------------------------------------------------------------------
# The chain


@dataclass(frozen=True)
class Step:
    """One step of a chain: a user of the office, or anyone with a role."""

    index: int
    user_id: int | None
    role: str | None
    label: str
    last: bool

    def matches(self, user: User | None) -> bool:
        if user is None or not user.active:
            return False
        if self.user_id is not None:
            return user.id == self.user_id
        return user.role == self.role

    def title(self, session: Session, lang: str = "id") -> str:
        """Who gives this step, as an office says it: "Kepala Subbagian Umum (Rina)",
        "Penandatangan"."""
        who = ""
        if self.user_id is not None:
            person = session.get(User, self.user_id)
            who = person.name if person is not None else f"#{self.user_id}"
        else:
            pair = ROLE_TITLES.get(self.role or "", (self.role or "", self.role or ""))
            who = pair[0 if lang == "id" else 1]
        if self.label and who:
            return f"{self.label} ({who})"
        return self.label or who


def steps_of(chain: Iterable[dict[str, Any]]) -> list[Step]:
    rows = list(chain)
    return [Step(i, row.get("user_id"), row.get("role"), row.get("label", "") or "",
                 i == len(rows) - 1) for i, row in enumerate(rows)]


def chain_row(session: Session, office_id: int, kind_id: str) -> ReviewChain | None:
    """The office's own chain for `kind_id` (exactly that kind, or :data:`ANY_KIND`)."""
    return session.scalar(select(ReviewChain).where(ReviewChain.office_id == office_id,
                                                    ReviewChain.kind == kind_id))


def chain_for(session: Session, office_id: int, kind_id: str) -> list[dict[str, Any]]:
    """The chain in force for a kind: the office's own for it, else the office's chain for
    every kind, else the signer alone."""
    for key in (kind_id, ANY_KIND):
        row = chain_row(session, office_id, key)
        if row is not None and row.steps:
            return [dict(step) for step in row.steps]
    return [dict(step) for step in DEFAULT_CHAIN]


def check_chain(session: Session, office_id: int, steps: list[dict[str, Any]]
                ) -> list[dict[str, Any]]:
    """`steps` made clean (``user_id`` or ``role``, and ``label``) or :class:`ChainInvalid`
    naming each bad step."""
    problems: list[Problem] = []
    if not steps:
        raise ChainInvalid([Problem("steps", "chain_empty")])
    if len(steps) > MAX_STEPS:
        raise ChainInvalid([Problem("steps", "chain_too_long", params={"max": MAX_STEPS})])
    clean: list[dict[str, Any]] = []
    for i, step in enumerate(steps):
        path = f"steps[{i}]"
        user_id, role = step.get("user_id"), step.get("role") or None
        label = " ".join(str(step.get("label") or "").split())
        if len(label) > LABEL_MAX:
            problems.append(Problem(f"{path}.label", "chain_label_too_long",
                                    params={"max": LABEL_MAX}))
        if (user_id is None) == (role is None):
            problems.append(Problem(path, "chain_step_choice"))
            continue
        if user_id is not None:
            person = session.get(User, user_id) if isinstance(user_id, int) and \
                not isinstance(user_id, bool) and 0 < user_id < 2**31 else None
            if person is None or person.office_id != office_id or not person.active:
                problems.append(Problem(f"{path}.user_id", "chain_user_unknown",
                                        params={"user": user_id}))
                continue
            is_signer = person.role == SIGNER_ROLE
            clean.append({"user_id": person.id, "label": label})
        else:
            if role not in ROLES:
                problems.append(Problem(f"{path}.role", "chain_role_unknown",
                                        params={"role": role}))
                continue
            is_signer = role == SIGNER_ROLE
            clean.append({"role": role, "label": label})
        if i == len(steps) - 1 and not is_signer:
            problems.append(Problem(path, "chain_last_not_signer"))
    if problems:
        raise ChainInvalid(problems)
    return clean


def set_chain(session: Session, office_id: int, kind_id: str, steps: list[dict[str, Any]],
              user: User | None = None) -> ReviewChain:
    """Set the office's chain for `kind_id` (a catalog kind or :data:`ANY_KIND`), checked
    first (:class:`ChainInvalid`, nothing stored). Reviews already under way keep the chain
    they were submitted with. Commits."""
    if kind_id != ANY_KIND and custom_kinds.office_kind(session, office_id, kind_id) is None:
        raise ChainInvalid([Problem("kind", "chain_kind_unknown", params={"kind": kind_id})])
    clean = check_chain(session, office_id, steps)
    row = chain_row(session, office_id, kind_id)
    if row is None:
        row = ReviewChain(office_id=office_id, kind=kind_id)
        session.add(row)
    row.steps = clean
    row.updated_by_name = actor_label(user)
    row.updated_at = utcnow()
    session.commit()
    return row


def reset_chain(session: Session, office_id: int, kind_id: str) -> None:
    """Back to the default for `kind_id` (the office's chain for every kind, or the signer
    alone). Commits."""
    row = chain_row(session, office_id, kind_id)
    if row is not None:
        session.delete(row)
        session.commit()


def paraf_boxes(session: Session, office_id: int) -> bool:
    row = session.scalar(select(ReviewSettings).where(ReviewSettings.office_id == office_id))
    return bool(row and row.paraf_boxes)


def set_paraf_boxes(session: Session, office_id: int, on: bool) -> None:
    """Whether the office's review copies carry the paraf boxes. Commits."""
    row = session.scalar(select(ReviewSettings).where(ReviewSettings.office_id == office_id))
    if row is None:
        row = ReviewSettings(office_id=office_id)
        session.add(row)
    row.paraf_boxes = bool(on)
    session.commit()

