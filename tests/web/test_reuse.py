"""Nothing typed twice: "Salin dari studi sebelumnya" (on the new-study page and on stages 1
and 2), dalam/luar negeri asked at creation with the abroad-only fields hidden for a domestic
trip, candidates ticked "Dipilih" filling the destinations, and the aims of stage 1 giving
stage 6 its rows."""

from __future__ import annotations

import html

from docgen.example import example_study
from docgen.store import StudyRecord
from docgen.study import Study
from tests.web.pages import csrf_token, stored
from tests.web.test_stages import FormReader


def put(app, study_id: int, study: Study) -> None:
    with app.extensions["docgen_store"].transaction() as session:
        session.get(StudyRecord, study_id).data = study


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def new_study(client, **fields: str):
    data = {"goals.title": "Studi Banding Pelayanan Perizinan", "fiscal_year": "2026",
            "csrf_token": csrf_token(client, "/studies/new"), **fields}
    return client.post("/studies/new", data=data)


def created_id(response) -> int:
    assert response.status_code == 302, text_of(response)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def form_fields(client, path: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(client.get(path).get_data(as_text=True))
    return dict(reader.fields)


# --------------------------------------------------------------------------- copying


def test_new_study_copies_office_team_legal_bases_and_funding(app, client, login, demo_id):
    login("staff")
    demo = stored(app, demo_id)
    assert "copy-box" in text_of(client.get("/studies/new"))
    study_id = created_id(new_study(client, copy_from=str(demo_id)))
    study = stored(app, study_id)
    assert study.goals.title == "Studi Banding Pelayanan Perizinan"
    assert [(m.name, m.nip, m.golongan, m.jabatan, m.role) for m in study.plan.team] == [
        (m.name, m.nip, m.golongan, m.jabatan, m.role) for m in demo.plan.team]
    assert study.goals.legal_bases == demo.goals.legal_bases
    assert study.plan.funding == demo.plan.funding  # same fiscal year: the DPA too
    assert study.office == demo.office
    # never copied: the trip, the budget, the papers' numbers and dates
    assert study.plan.budget == [] and study.plan.start_date is None
    assert study.destination.destinations == [] and study.coordination.reply_number == ""
    assert study.goals.aims == [] and study.realisation == Study().realisation
    page = text_of(client.get(f"/studies/{study_id}"))
    assert "Disalin dari “Studi Banding Penerapan E-Budgeting" in page
    assert f"tim: {len(demo.plan.team)} orang dengan NIP, pangkat/golongan" in page
    assert "nomor dan tanggal DPA (tahun anggaran yang sama)" in page
    assert "tidak pernah disalin: nomor dan tanggal naskah" in page


def test_copy_into_another_fiscal_year_leaves_the_dpa(app, client, login, demo_id):
    login("staff")
    demo = stored(app, demo_id)
    study_id = created_id(new_study(client, copy_from=str(demo_id), fiscal_year="2027"))
    funding = stored(app, study_id).plan.funding
    assert funding.dpa_number == "" and funding.dpa_date is None
    assert funding.program == demo.plan.funding.program
    assert funding.account_code == demo.plan.funding.account_code
    assert funding.source == demo.plan.funding.source.replace("2026", "2027")
    page = text_of(client.get(f"/studies/{study_id}"))
    assert "DPA itu untuk tahun anggaran 2026, studi ini 2027" in page


def test_copy_from_another_office_is_refused(app, client, login, other_office):
    login("staff")
    _office, foreign_id, _email = other_office
    with app.extensions["docgen_store"].transaction() as session:
        before = session.query(StudyRecord).count()
    assert new_study(client, copy_from=str(foreign_id)).status_code == 404
    assert new_study(client, copy_from="x1").status_code == 404
    with app.extensions["docgen_store"].transaction() as session:
        assert session.query(StudyRecord).count() == before


def test_stage_copy_replaces_team_and_funding_or_legal_bases(app, client, login, demo_id):
    login("staff")
    demo = stored(app, demo_id)
    study_id = created_id(new_study(client))
    assert stored(app, study_id).plan.team == []
    page = text_of(client.get(f"/studies/{study_id}/stages/plan"))
    assert "Salin dari studi sebelumnya" in page
    token = csrf_token(client, f"/studies/{study_id}/stages/plan")
    response = client.post(f"/studies/{study_id}/copy",
                           data={"stage": "plan", "copy_from": str(demo_id),
                                 "csrf_token": token})
    assert response.headers["Location"] == f"/studies/{study_id}/stages/plan"
    study = stored(app, study_id)
    assert study.plan.team == demo.plan.team and study.plan.funding == demo.plan.funding
    assert study.goals.legal_bases == []  # stage 2 copies stage 2's parts only
    response = client.post(f"/studies/{study_id}/copy",
                           data={"stage": "goals", "copy_from": str(demo_id),
                                 "csrf_token": token})
    assert stored(app, study_id).goals.legal_bases == demo.goals.legal_bases
    # a stage with nothing to copy, or no study chosen
    assert client.post(f"/studies/{study_id}/copy", data={
        "stage": "execution", "copy_from": str(demo_id), "csrf_token": token}).status_code == 400
    response = client.post(f"/studies/{study_id}/copy",
                           data={"stage": "plan", "copy_from": "", "csrf_token": token},
                           follow_redirects=True)
    assert "Pilih studi sebelumnya yang akan disalin." in text_of(response)


def test_readers_cannot_copy(app, client, login, demo_id):
    login("signer")
    token = csrf_token(client, f"/studies/{demo_id}")
    assert client.post(f"/studies/{demo_id}/copy", data={
        "stage": "plan", "copy_from": str(demo_id), "csrf_token": token}).status_code == 403


# --------------------------------------------------------------------------- scope


def test_scope_asked_at_creation(app, client, login):
    login("staff")
    page = text_of(client.get("/studies/new"))
    assert "Dalam Negeri" in page and "Luar Negeri" in page
    abroad = created_id(new_study(client, **{"goals.scope": "luar_negeri"}))
    assert stored(app, abroad).goals.abroad
    domestic = created_id(new_study(client, **{"goals.scope": "dalam_negeri"}))
    assert not stored(app, domestic).goals.abroad
    response = new_study(client, **{"goals.scope": "mars"})
    assert response.status_code == 422
    assert "Pilih apakah perjalanan di dalam negeri atau ke luar negeri." in text_of(response)


def test_abroad_only_fields_hidden_for_a_domestic_trip(app, client, login, demo_id):
    login("staff")
    study = stored(app, demo_id)
    assert not study.goals.abroad
    study.plan.team[0].passport_number = "B1234567"
    put(app, demo_id, study)
    plan = text_of(client.get(f"/studies/{demo_id}/stages/plan"))
    assert "Nomor paspor" not in plan
    assert 'type="hidden" id="f-plan-team-0-passport-number" name="plan.team[0].passport_number" value="B1234567"' in plan
    coordination = text_of(client.get(f"/studies/{demo_id}/stages/coordination"))
    assert "izin perjalanan dinas luar negeri" not in coordination.lower()
    assert 'value="konfirmasi_kbri"' not in coordination
    assert 'value="visa"' not in coordination
    assert "Permohonan Izin Perjalanan Dinas Luar Negeri" not in text_of(
        client.get(f"/studies/{demo_id}/documents"))
    # saving the plan keeps the passport number it did not show
    fields = form_fields(client, f"/studies/{demo_id}/stages/plan")
    fields["csrf_token"] = csrf_token(client, f"/studies/{demo_id}/stages/plan")
    assert client.post(f"/studies/{demo_id}/stages/plan", data=fields).status_code == 302
    assert stored(app, demo_id).plan.team[0].passport_number == "B1234567"
    # abroad, the same pages ask for them
    study = stored(app, demo_id)
    study.goals.scope = "luar_negeri"
    put(app, demo_id, study)
    assert "Nomor paspor" in text_of(client.get(f"/studies/{demo_id}/stages/plan"))
    assert 'value="konfirmasi_kbri"' in text_of(
        client.get(f"/studies/{demo_id}/stages/coordination"))


# --------------------------------------------------------------------------- carried


def destination_form(client, study_id: int) -> dict[str, str]:
    fields = form_fields(client, f"/studies/{study_id}/stages/destination")
    fields["csrf_token"] = csrf_token(client, f"/studies/{study_id}/stages/destination")
    return fields


def test_ticking_a_candidate_fills_the_destination(app, client, login, demo_id):
    login("staff")
    url = f"/studies/{demo_id}/stages/destination"
    before = stored(app, demo_id).destination
    assert [c.chosen for c in before.candidates] == [True, False, False]
    fields = destination_form(client, demo_id)
    fields["destination.candidates[1].chosen"] = "on"  # Banyuwangi, without JavaScript
    response = client.post(url, data=fields, follow_redirects=True)
    assert "Destinasi terpilih diisi dari calon: Pemerintah Kabupaten Banyuwangi" in text_of(
        response)
    after = stored(app, demo_id).destination
    assert [d.institution for d in after.destinations] == [
        before.destinations[0].institution, "Pemerintah Kabupaten Banyuwangi"]
    added = after.destinations[1]
    assert (added.province, added.country, added.city) == ("Jawa Timur", "Indonesia", "")
    # the candidate chosen before keeps its own, more exact host: nothing added for it
    assert not any(d.institution == "Pemerintah Kota Surabaya" for d in after.destinations)
    # unticked: the destination it filled goes again
    fields = destination_form(client, demo_id)
    del fields["destination.candidates[1].chosen"]
    response = client.post(url, data=fields, follow_redirects=True)
    assert "dikeluarkan dari destinasi: Pemerintah Kabupaten Banyuwangi" in text_of(response)
    assert stored(app, demo_id).destination.destinations == before.destinations


def test_unticking_keeps_a_destination_with_more_typed_into_it(app, client, login, demo_id):
    login("staff")
    url = f"/studies/{demo_id}/stages/destination"
    fields = destination_form(client, demo_id)
    fields["destination.candidates[1].chosen"] = "on"
    client.post(url, data=fields)
    fields = destination_form(client, demo_id)
    fields["destination.destinations[1].addressee"] = "Bupati Banyuwangi"
    del fields["destination.candidates[1].chosen"]
    response = client.post(url, data=fields, follow_redirects=True)
    assert "tetap di destinasi" in text_of(response)
    assert [d.addressee for d in stored(app, demo_id).destination.destinations][1] == (
        "Bupati Banyuwangi")


def test_aims_give_stage_6_its_rows(app, client, login, demo_id):
    login("staff")
    study = stored(app, demo_id)
    study.evaluation.aim_results = []
    put(app, demo_id, study)
    url = f"/studies/{demo_id}/stages/evaluation"
    page = text_of(client.get(url))
    aims = study.goals.aims
    assert len(aims) >= 2
    assert f"{len(aims)} baris hasil per tujuan diisi dari tujuan tahap 1" in page
    shown = form_fields(client, url)
    for i, aim in enumerate(aims):
        assert shown[f"evaluation.aim_results[{i}].aim"] == aim
    assert stored(app, demo_id).evaluation.aim_results == []  # shown, not saved
    fields = form_fields(client, url)
    fields["evaluation.aim_results[0].result"] = "Alur integrasi dipahami tim"
    fields["csrf_token"] = csrf_token(client, url)
    assert client.post(url, data=fields).status_code == 302
    saved = stored(app, demo_id).evaluation.aim_results
    assert [r.aim for r in saved] == aims
    assert saved[0].result == "Alur integrasi dipahami tim"
    # once there are rows, the page shows them as saved
    assert "diisi dari tujuan tahap 1" not in text_of(client.get(url))


def test_example_study_is_domestic_with_aims():
    study = example_study()
    assert not study.goals.abroad and study.goals.aims


def test_a_host_typed_more_exactly_is_not_doubled(app, client, login):
    """Ticking the Pemerintah Kota and typing its Dinas PTSP as the destination, in one
    save: one destination, the office's."""
    login("staff")
    study_id = created_id(new_study(client))
    fields = destination_form(client, study_id)
    fields.update({"destination.candidates[0].institution": "Pemerintah Kota Surabaya",
                   "destination.candidates[0].region": "Jawa Timur",
                   "destination.candidates[0].chosen": "on",
                   "destination.destinations[0].institution":
                       "Dinas Penanaman Modal dan PTSP Kota Surabaya"})
    response = client.post(f"/studies/{study_id}/stages/destination", data=fields)
    assert response.status_code == 302
    assert [d.institution for d in stored(app, study_id).destination.destinations] == [
        "Dinas Penanaman Modal dan PTSP Kota Surabaya"]
    # the same candidate ticked with no destination typed fills one
    other = created_id(new_study(client))
    fields = destination_form(client, other)
    fields.update({"destination.candidates[0].institution": "Pemerintah Kota Surabaya",
                   "destination.candidates[0].region": "Jawa Timur",
                   "destination.candidates[0].chosen": "on"})
    client.post(f"/studies/{other}/stages/destination", data=fields)
    assert [d.institution for d in stored(app, other).destination.destinations] == [
        "Pemerintah Kota Surabaya"]
