"""Follow-up items put on the demo study for the follow-up page tests (web and browser).

On the tests' today (29 November 2026): "Menyusun SOP" is overdue and owned by the demo
signer; "Uji coba aplikasi" is under way, due in 2027, owned by the signer too; "Sosialisasi
SOP" was done on time; "Studi lanjutan" is cancelled. Of the items whose outcome is known
(done, or overdue), one in two was done on time.
"""

from __future__ import annotations

from datetime import date

from docgen.store import StudyRecord
from docgen.study import FollowUpItem, FollowUpUpdate

OWNER = "penandatangan@contoh.go.id"
OVERDUE = "sop00001"
OPEN = "ujicoba1"
DONE = "sosial01"
CANCELLED = "lanjut01"


def _update(day: date, status: str, value: str | None = None, reason: str = "") -> dict:
    return FollowUpUpdate(date=day, status=status, value=value, reason=reason,
                          recorded_by="staf@contoh.go.id").model_dump(mode="json")


def add_items(app, study_id: int) -> None:
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        owner = {"name": "Dr. Bambang Setiawan, S.E., M.Si.", "email": OWNER}
        study.evaluation.follow_up = [
            FollowUpItem(id=OVERDUE, action="Menyusun SOP e-budgeting", owner=owner,
                         due_date=date(2026, 11, 1), indicator="SOP ditetapkan",
                         unit="dokumen", baseline=0, target=1, status="berjalan"),
            FollowUpItem(id=OPEN, action="Uji coba aplikasi e-budgeting", owner=owner,
                         due_date=date(2027, 3, 31), indicator="OPD yang memakai",
                         unit="OPD", baseline=0, target=10, status="berjalan"),
            FollowUpItem(id=DONE, action="Sosialisasi SOP", owner={"name": "Rina Wulandari"},
                         due_date=date(2026, 10, 1), unit="kali", target=1,
                         updates=[_update(date(2026, 9, 20), "selesai", "1")]),
            FollowUpItem(id=CANCELLED, action="Studi lanjutan ke Bandung",
                         owner={"name": "Rina Wulandari"}, due_date=date(2026, 11, 15),
                         updates=[_update(date(2026, 11, 2), "batal",
                                          reason="Anggaran dialihkan")]),
        ]
        record.save(study, None)
