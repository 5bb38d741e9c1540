"""The retention schedule (JRA): the shipped table, the region's own rows, and the row
for a classification code. :mod:`docgen.archive` offers these names too."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docgen.home import docgen_home

RETENTION_CSV = Path(__file__).resolve().parent / "data" / "retention.csv"
CLASSIFICATION = re.compile(r"^\d{3}(\.\d{1,3}){0,4}$")
"""A classification code of the archive classification scheme: ``000.1.2.3``."""


@dataclass(frozen=True)
class Retention:
    code: str
    description: str
    active: str
    inactive: str
    disposition: str
    source: str


RETENTION_COLUMNS = ("code", "description", "active", "inactive", "disposition", "source")
DISPOSITIONS = ("musnah", "permanen", "dinilai kembali")
RETENTION_ENV = "DOCGEN_RETENTION"
"""Path of the region's own retention table (default: ``retensi.csv`` in DOCGEN_HOME)."""


class RetentionTableError(ValueError):
    """A retention table that cannot be used; the message names the file, line and column."""


@lru_cache(maxsize=8)
def _read_retention(path: Path, _mtime: float) -> tuple[Retention, ...]:
    rows: list[Retention] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in RETENTION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RetentionTableError(f"{path}: line 1: missing column(s) {', '.join(missing)}; "
                                      f"the columns are {', '.join(RETENTION_COLUMNS)}")
        for line, row in enumerate(reader, 2):
            values = {k: (row.get(k) or "").strip() for k in RETENTION_COLUMNS}
            if not CLASSIFICATION.match(values["code"]):
                raise RetentionTableError(f"{path}: line {line}, column code: "
                                          f"{values['code']!r} is not a classification code")
            if values["disposition"] not in DISPOSITIONS:
                raise RetentionTableError(
                    f"{path}: line {line}, column disposition: {values['disposition']!r}; "
                    f"use one of {', '.join(DISPOSITIONS)}")
            if not values["source"]:
                raise RetentionTableError(f"{path}: line {line}, column source: empty; name "
                                          f"the regulation (e.g. the Perkada on the JRA)")
            rows.append(Retention(**values))
    return tuple(rows)


def regional_retention_path() -> Path | None:
    """The region's own retention table, when there is one."""
    configured = os.environ.get(RETENTION_ENV)
    if configured:
        return Path(configured)
    candidate = docgen_home() / "retensi.csv"
    return candidate if candidate.exists() else None


def retention_table(path: Path | None = None) -> tuple[Retention, ...]:
    """The retention schedule (JRA) in force: the shipped table, with the rows of the
    region's own table (:func:`regional_retention_path`) added or put in place of shipped
    rows with the same code. Each row keeps its source."""
    if path is not None:
        return _read_retention(Path(path), Path(path).stat().st_mtime)
    shipped = _read_retention(RETENTION_CSV, RETENTION_CSV.stat().st_mtime)
    regional = regional_retention_path()
    if regional is None:
        return shipped
    if not regional.exists():
        raise RetentionTableError(f"{regional}: the regional retention table does not exist")
    own = _read_retention(regional, regional.stat().st_mtime)
    codes = {row.code for row in own}
    return tuple(row for row in shipped if row.code not in codes) + own


def retention_for(classification: str, table: tuple[Retention, ...] | None = None
                  ) -> Retention | None:
    """The row for the most specific code that is `classification` or one of its parents."""
    best: Retention | None = None
    for row in table or retention_table():
        matches = classification == row.code or classification.startswith(row.code + ".")
        if matches and (best is None or len(row.code) > len(best.code)):
            best = row
    return best

