"""The follow-up plan tracked until it is done: measurable items, dated updates, their
derived state on a given day, the office's items across studies, and `docgen followup`."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import docgen.store.models as store_models
from docgen.cli import main
from docgen.example import abroad_example_data, example_data, example_study
from docgen.followup import (
    Filters,
    ItemNotFound,
    UpdateRefused,
    add_update,
    office_items,
    share_done_on_time,
)
from docgen.followup_model import FollowUpItem, FollowUpUpdate, keep_updates
from docgen.store import Office, Store, StudyRecord, UploadedFile, User
from docgen.study import StudyInvalid, check_study, dump_study, load_study

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOMESTIC_DAY = date(2027, 5, 1)
"""A day after the domestic example's road map was due (31 March 2027)."""
ABROAD_DAY = date(2027, 10, 15)


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


# --- the model ---------------------------------------------------------------------------


def test_an_item_is_measurable_and_linked_to_an_aim_and_a_lesson():
    item = FollowUpItem.model_validate({
        "action": "Peta jalan", "owner": {"name": "Rina", "nip": "19860926 201505 2 001",
                                          "email": "Staf@Contoh.go.id"},
        "due_date": "2027-03-31", "indicator": "Dokumen", "unit": "%", "baseline": "0",
        "target": "100", "aim_no": 1, "lesson_no": 2})
    assert item.owner.nip == "198609262015052001"
    assert item.owner.email == "staf@contoh.go.id"
    assert item.target == Decimal(100) and item.target_text == "100 %"
    assert len(item.id) == 8 and item.updates == []


@pytest.mark.parametrize(("field", "value", "code"), [
    ("target", "1000000000000000", "number_too_large"),
    ("target", "1,123456", "too_many_decimals"),
    ("baseline", "Infinity", "finite_number"),
    ("aim_no", 0, "greater_than_equal"),
    ("lesson_no", "x", "int_parsing"),
])
def test_numbers_of_an_item_are_bounded(field, value, code):
    data = example_data()
    data["evaluation"]["follow_up"][0][field] = value
    with pytest.raises(StudyInvalid) as caught:
        load_study(data)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        (f"evaluation.follow_up[0].{field}", code)]


def test_an_aim_or_lesson_that_does_not_exist_is_a_problem():
    data = example_data()
    data["evaluation"]["follow_up"][0]["aim_no"] = 9
    data["evaluation"]["follow_up"][1]["lesson_no"] = 3
    data["evaluation"]["follow_up"][2]["id"] = data["evaluation"]["follow_up"][0]["id"]
    codes = {(p.path, p.code) for p in check_study(load_study(data))}
    assert ("evaluation.follow_up[0].aim_no", "follow_up_aim_unknown") in codes
    assert ("evaluation.follow_up[1].lesson_no", "follow_up_lesson_unknown") in codes
    assert ("evaluation.follow_up[2].id", "duplicate_item_id") in codes


def test_a_cancelled_update_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        FollowUpUpdate.model_validate({"date": "2027-01-02", "status": "batal"})
    update = FollowUpUpdate.model_validate({"date": "2027-01-02", "status": "batal",
                                            "reason": "Digabung dengan program lain"})
    assert update.status_label == "Batal"


def test_evidence_names_a_stored_file_never_a_path():
    with pytest.raises(ValueError, match="storage_key"):
        FollowUpUpdate.model_validate({"date": "2027-01-02",
                                       "evidence": [{"file": "../../etc/passwd"}]})


def test_an_older_item_loads_with_its_person_in_charge_as_owner():
    data = example_data()
    data["evaluation"]["follow_up"] = [
        {"action": "Tim teknis", "pic": "Kepala Bappeda", "due_date": "2027-02-28",
         "indicator": "SK terbit", "status": "berjalan"}]
    first, again = load_study(data), load_study(data)
    item = first.evaluation.follow_up[0]
    assert item.owner.name == "Kepala Bappeda" and item.pic == "Kepala Bappeda"
    assert item.current_status == "berjalan" and item.achieved is None
    assert item.id == again.evaluation.follow_up[0].id  # the same id every time it is read


# --- derived state ---------------------------------------------------------------------


def test_the_latest_update_sets_the_state_judged_on_a_given_day():
    done, road_map, perbup = (example_study().evaluation.follow_up[i] for i in (2, 0, 1))
    assert (done.current_status, done.achieved, done.done_on_time) == (
        "selesai", Decimal(1), True)
    assert not done.overdue(DOMESTIC_DAY)
    assert (road_map.current_status, road_map.achieved_text) == ("berjalan", "75 %")
    assert road_map.overdue(DOMESTIC_DAY) and not road_map.overdue(date(2027, 3, 31))
    assert perbup.current_status == "berjalan" and not perbup.overdue(DOMESTIC_DAY)
    # the state on an earlier day reads only the updates up to it
    early = road_map.state_at(date(2027, 2, 28))
    assert (early.status, early.achieved) == ("berjalan", Decimal(40))
    assert road_map.state_at(date(2026, 12, 21)).status == "rencana"


def test_an_item_done_late_is_not_done_on_time():
    data = example_data()
    data["evaluation"]["follow_up"][0]["updates"].append(
        {"date": "2027-04-10", "value": "100", "status": "selesai"})
    item = load_study(data).evaluation.follow_up[0]
    assert item.current_status == "selesai" and not item.done_on_time
    assert not item.overdue(DOMESTIC_DAY)


@pytest.mark.parametrize("make", [example_data, abroad_example_data])
def test_updates_round_trip_through_json(make):
    study = load_study(make())
    again = load_study(json.loads(dump_study(study)))
    assert again == study
    updates = [u for item in again.evaluation.follow_up for u in item.updates]
    assert updates and all(u.recorded_by and u.recorded_at for u in updates)


@pytest.mark.parametrize(("make", "day"), [(example_data, DOMESTIC_DAY),
                                           (abroad_example_data, ABROAD_DAY)])
def test_each_example_has_an_item_done_on_time_one_under_way_and_one_overdue(make, day):
    items = load_study(make()).evaluation.follow_up
    assert [i.done_on_time for i in items].count(True) == 1
    assert [i.overdue(day) for i in items].count(True) == 1
    assert any(i.current_status == "berjalan" and not i.overdue(day) for i in items)
    assert not check_study(load_study(make()))


def test_add_update_appends_and_names_the_field_on_bad_input():
    study = example_study()
    item = study.evaluation.follow_up[0]
    at = datetime(2027, 4, 2, 3, 0, tzinfo=UTC)
    updated = add_update(study, item.id, date=date(2027, 4, 2), value="100",
                         status="selesai", note="Ditetapkan", recorded_by="a@b.go.id",
                         recorded_at=at)
    assert updated.evaluation.follow_up[0].current_status == "selesai"
    assert study.evaluation.follow_up[0].current_status == "berjalan"  # a copy
    with pytest.raises(UpdateRefused) as caught:
        add_update(study, item.id, date="2027-04-31", value="lots", status="batal")
    assert {p.path for p in caught.value.problems} == {"date", "value", "reason"}
    with pytest.raises(ItemNotFound):
        add_update(study, "nope", date=date(2027, 4, 2))


def test_the_evaluation_form_keeps_the_updates_of_each_item():
    stored = example_data()["evaluation"]
    posted = {"follow_up": [{k: v for k, v in item.items() if k != "updates"}
                            for item in reversed(stored["follow_up"])]}
    kept = keep_updates(stored, posted)
    assert [i["updates"] for i in kept["follow_up"]] == [
        i["updates"] for i in reversed(stored["follow_up"])]


# --- the office's items, and the CLI ---------------------------------------------------


@pytest.fixture
def home(tmp_path, monkeypatch):
    """DOCGEN_HOME with one office, its staff user and both example studies; another office
    with a study of its own."""
    monkeypatch.setattr(store_models, "PASSWORD_METHOD", "scrypt:1024:8:1")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    home = tmp_path / "home"
    store = Store(home=home)
    store.upgrade()
    with store.transaction() as session:
        office = Office(name="Bappeda", profile=example_data()["office"])
        other = Office(name="Dinas Lain", profile={})
        user = User(office=office, email="staf@contoh.go.id", name="Staf", role="staff")
        user.set_password("rahasia-staf-1")
        session.add_all([office, other, user])
        session.add_all([StudyRecord(office=office, data=example_data()),
                         StudyRecord(office=office, data=abroad_example_data()),
                         StudyRecord(office=other, data={"goals": {"title": "Lain"}})])
    store.dispose()
    return home


def run(home, *args: str, lang: str = "en"):
    return CliRunner().invoke(main, list(args),
                              env={"DOCGEN_HOME": str(home), "DOCGEN_LANG": lang,
                                   "USER": "operator"})


def _stored(home):
    store = Store(home=home)
    with store.transaction() as session:
        record = session.get(StudyRecord, 1)
        uploads = session.scalar(select(func.count()).select_from(UploadedFile))
        result = record.study, uploads
    store.dispose()
    return result


def test_office_items_across_studies_and_the_share_done_on_time(home):
    store = Store(home=home)
    with store.transaction() as session:
        office = session.get(Office, 1)
        rows = office_items(session, office, ABROAD_DAY)
        assert len(rows) == 6
        assert [r.item.due_date for r in rows] == sorted(r.item.due_date for r in rows)
        late = office_items(session, office, ABROAD_DAY, Filters(overdue=True))
        assert [r.item.id for r in late] == ["a1f0c001", "a1f0c002", "b2e0d002"]
        assert [r.item.id for r in office_items(session, office, ABROAD_DAY, Filters(
            study_id=1, status="selesai"))] == ["a1f0c003"]
        mine = office_items(session, office, ABROAD_DAY, Filters(owner="STAF@contoh.go.id"))
        assert {r.item.id for r in mine} == {"a1f0c001", "b2e0d001"}
        shares = share_done_on_time(rows)
        assert (shares.by_study[1].done_on_time, shares.by_study[1].known) == (1, 3)
        assert (shares.by_year[2027].done_on_time, shares.by_year[2027].known) == (2, 5)
        assert shares.by_year[2027].percent == Decimal("40.0")
        one = share_done_on_time([r.item for r in rows if r.study_id == 2], ABROAD_DAY)
        assert (one.done_on_time, one.known) == (1, 2)
        assert office_items(session, session.get(Office, 2), ABROAD_DAY) == []
    store.dispose()


def test_cli_lists_the_items_and_the_overdue_ones(home):
    result = run(home, "followup", "list", "--today", "2027-05-01")
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(lines) == 6
    road_map = next(line for line in lines if line[0] == "a1f0c001")
    assert road_map[1:6] == ["1", "2027-03-31", "berjalan", "75 % / 100 %", "OVERDUE"]
    result = run(home, "followup", "list", "--study", "2", "--overdue", "--today",
                 "2027-10-15")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["b2e0d002"]


def test_cli_update_stores_it_with_who_and_the_evidence(home, tmp_path):
    evidence = tmp_path / "peta-jalan.pdf"
    evidence.write_bytes(PDF)
    sheet = tmp_path / "rekap.xlsx"
    sheet.write_bytes(_xlsx())
    result = run(home, "followup", "update", "a1f0c001", "--value", "100", "--status",
                 "selesai", "--note", "Ditetapkan", "--date", "2027-03-30",
                 "--evidence", str(evidence), "--evidence", str(sheet))
    assert result.exit_code == 0, result.output
    assert "selesai\t100 % / 100 %" in result.stdout
    study, uploads = _stored(home)
    item = study.evaluation.follow_up[0]
    latest = item.updates[-1]
    assert (latest.recorded_by, latest.note, item.done_on_time) == ("operator", "Ditetapkan",
                                                                    True)
    assert [e.name for e in latest.evidence] == ["peta-jalan.pdf", "rekap.xlsx"]
    assert uploads == 2
    result = run(home, "followup", "update", "a1f0c002", "--value", "1", "--status",
                 "berjalan", "--user", "staf@contoh.go.id")
    assert result.exit_code == 0, result.output
    assert _stored(home)[0].evaluation.follow_up[1].updates[-1].recorded_by == \
        "staf@contoh.go.id"


@pytest.mark.parametrize(("args", "field"), [
    (["--value", "banyak", "--status", "berjalan"], "value:"),
    (["--value", "1", "--status", "batal"], "reason:"),
    (["--value", "1", "--status", "berjalan", "--date", "2027-02-30"], "--date"),
    (["--value", "1", "--status", "ditunda"], "--status"),
])
def test_cli_update_refuses_bad_input_and_stores_nothing(home, args, field):
    before = _stored(home)
    result = run(home, "followup", "update", "a1f0c001", *args)
    assert result.exit_code in (1, 2), result.output
    assert field in result.output
    assert _stored(home) == before


def test_cli_update_refuses_evidence_that_is_not_pdf_jpeg_png_or_xlsx(home, tmp_path):
    before = _stored(home)
    fake = tmp_path / "bukti.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    result = run(home, "followup", "update", "a1f0c001", "--value", "80", "--status",
                 "berjalan", "--evidence", str(fake))
    assert result.exit_code == 1
    assert "evidence[0]:" in result.output and "PDF, JPEG, PNG, XLSX" in result.output
    assert _stored(home) == before


def test_cli_update_of_an_unknown_item_or_another_offices(home):
    result = run(home, "followup", "update", "zzzz0000", "--value", "1", "--status",
                 "berjalan")
    assert result.exit_code == 1 and "ITEM:" in result.output
    store = Store(home=home)
    with store.transaction() as session:
        user = User(office=session.get(Office, 2), email="lain@dinas.go.id", name="Lain",
                    role="staff")
        user.set_password("rahasia-lain-1")
        session.add(user)
    store.dispose()
    result = run(home, "followup", "update", "a1f0c001", "--value", "1", "--status",
                 "berjalan", "--user", "lain@dinas.go.id")
    assert result.exit_code == 1 and "ITEM:" in result.output
