"""Fixity: every stored file's SHA-256 recomputed, files no record names found (and, once
old enough, removed). :mod:`docgen.archive` offers these names too."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.archive_storage import LocalStorage, Storage, default_storage
from docgen.store.archive_models import ArchiveFile, ArchiveRecord
from docgen.store.models import User


@dataclass
class VerifyReport:
    checked: int = 0
    mismatched: list[ArchiveRecord] = field(default_factory=list)
    missing: list[ArchiveRecord] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    mismatched_files: list[ArchiveFile] = field(default_factory=list)
    missing_files: list[ArchiveFile] = field(default_factory=list)
    """Further files (PDF/A, signed copies) that differ from their hash or are gone."""

    @property
    def ok(self) -> bool:
        return not (self.mismatched or self.missing or self.orphans or self.leftovers
                    or self.mismatched_files or self.missing_files)


def verify(session: Session, storage: Storage | None = None, user: User | None = None, *,
           actor: str = "") -> VerifyReport:
    """Recompute every stored file's SHA-256 and look for files no record names; each check
    is logged as a ``fixity_checked`` event. Commits."""
    from docgen.archive import log_event

    storage = storage or default_storage()
    report = VerifyReport()
    known: set[str] = set()

    def check(record: ArchiveRecord, item: Any, key: str, expected: str, missing: list,
              mismatched: list, what: str = "") -> None:
        """Hash one stored file; note it in the report and the record's log."""
        known.add(key)
        report.checked += 1
        try:
            data = storage.get(key)
        except FileNotFoundError:
            missing.append(item)
            log_event(session, record, "fixity_checked", user, actor=actor,
                      outcome="missing", detail=f"{what.split(' ')[0]} {key}".strip())
            return
        digest = hashlib.sha256(data).hexdigest()
        outcome = "ok" if digest == expected else "mismatch"
        if outcome != "ok":
            mismatched.append(item)
        log_event(session, record, "fixity_checked", user, actor=actor, outcome=outcome,
                  detail=f"{what} sha256:{digest}".strip())

    for record in session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)):
        check(record, record, record.storage_key, record.sha256, report.missing,
              report.mismatched)
    for file in session.scalars(select(ArchiveFile).order_by(ArchiveFile.id)):
        check(file.record, file, file.storage_key, file.sha256, report.missing_files,
              report.mismatched_files, f"{file.role} {file.filename}")
    report.orphans = [k for k in storage.stored_keys() if k not in known]
    report.leftovers = list(storage.leftovers())
    session.commit()
    return report


ORPHAN_GRACE_SECONDS = 600
"""An orphan or temporary file younger than this may belong to a document being issued
right now (its file is written just before its entry commits): it is left alone."""


def remove_orphans(report: VerifyReport, storage: Storage | None = None,
                   session: Session | None = None, *,
                   min_age: float = ORPHAN_GRACE_SECONDS) -> int:
    """Delete the files a report found without a record (and unfinished temporary files)
    that are older than `min_age` seconds and, with `session`, still named by no record at
    the moment of deleting. Returns how many were deleted; the others stay in the report."""
    storage = storage or default_storage()
    age = storage.age if isinstance(storage, LocalStorage) else None

    def old_enough(name: str) -> bool:
        return age is None or age(name) >= min_age

    def unnamed(key: str) -> bool:
        if session is None:
            return True
        return session.scalar(select(ArchiveRecord.id).where(
            ArchiveRecord.storage_key == key)) is None and session.scalar(select(
                ArchiveFile.id).where(ArchiveFile.storage_key == key)) is None

    removed = 0
    kept_orphans, kept_leftovers = [], []
    for key in report.orphans:
        if old_enough(key) and unnamed(key):
            storage.delete(key)
            removed += 1
        else:
            kept_orphans.append(key)
    for name in report.leftovers:
        if isinstance(storage, LocalStorage) and old_enough(name):
            storage.delete_leftover(name)
            removed += 1
        else:
            kept_leftovers.append(name)
    report.orphans, report.leftovers = kept_orphans, kept_leftovers
    return removed

