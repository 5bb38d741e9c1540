"""A separate process that finalises documents: ``archive_worker.py URL HOME STUDY_ID N``.

Used by the archive tests to run many finalising processes at the same time."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from docgen.archive import LocalStorage, archive_dir, finalize
from docgen.store import Store, StudyRecord


def main(url: str, home: str, study_id: int, count: int, kind: str = "spt") -> None:
    store = Store(url, home=Path(home))
    storage = LocalStorage(archive_dir(store.home))
    try:
        with store.session() as session:
            record = session.get(StudyRecord, study_id)
            for _ in range(count):
                entry = finalize(session, record, kind, issued=date(2026, 11, 29),
                                 storage=storage, base_dir=store.home, actor="worker")
                print(entry.number, flush=True)
    finally:
        store.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
         *(sys.argv[5:6] or []))
