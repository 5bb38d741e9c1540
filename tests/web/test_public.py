"""The public summary of a published study (``/publik/<id>``): signed out, only what the
office chose to show; an unpublished study, another office's switch, huge ids: 404."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from docgen import idformat
from docgen.archive import LocalStorage, archive_dir, finalize
from docgen.home import files_dir
from docgen.store import StudyRecord
from docgen.store.archive_models import ArchiveRecord
from docgen.study import (
    Attendee,
    BudgetLine,
    DisseminationEvent,
    Finding,
    FollowUpItem,
    Material,
)
from tests.web.pages import csrf_token

TRAVELLER_AMOUNT = Decimal("3333000")


def _fill(app, study_id: int) -> None:
    """Findings, a follow-up plan, a dissemination event and realised costs on the study,
    plus a traveller's own line; a rahasia and a terbatas document issued."""
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        study.execution.findings = [Finding(topic="Pajak daerah daring",
                                            description="e-BPHTB terhubung ke BPN")]
        study.evaluation.follow_up = [
            FollowUpItem(action="Menyusun SOP e-BPHTB", pic="Bidang PPEPD",
                         due_date=date(2027, 3, 31), status="selesai"),
            FollowUpItem(action="Uji coba aplikasi pajak", pic="Bidang PPEPD",
                         due_date=date(2027, 6, 30), status="berjalan"),
        ]
        study.reporting.dissemination = [DisseminationEvent(
            kind="rapat", title="Rapat berbagi hasil", date=date(2027, 1, 12),
            place="Aula Bappeda",
            attendees=[Attendee(name="Sri Lestari", office="Dinas Kesehatan",
                                jabatan="Sekretaris"),
                       Attendee(name="Agus Salim", office="BKAD", jabatan="Kabid")],
            materials=[Material(title="Paparan e-BPHTB Surabaya")])]
        study.plan.budget = [*study.plan.budget, BudgetLine(
            component="uang_harian", description="Uang harian Bambang Setiawan seorang",
            volume=Decimal(1), unit="OH", unit_price=TRAVELLER_AMOUNT,
            realized=TRAVELLER_AMOUNT)]
        record.save(study, None)
    with store.session() as session:  # a restricted entry in the study's register
        record = session.get(StudyRecord, study_id)
        for kind, access in (("nota_dinas", "rahasia"), ("coordination_letter", "terbatas")):
            finalize(session, record, kind, storage=LocalStorage(archive_dir(app.config[
                "DOCGEN_HOME"])), access=access, base_dir=files_dir(app.config["DOCGEN_HOME"]))


def _publish(client, study_id: int, value: str = "1"):
    token = csrf_token(client, f"/studies/{study_id}")
    return client.post(f"/studies/{study_id}/publish",
                       data={"publish": value, "csrf_token": token})


def _never(app, study_id: int) -> list[str]:
    """What must never be on the public page of the study."""
    store = app.extensions["docgen_store"]
    with store.session() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        archive = session.scalars(select(ArchiveRecord).where(
            ArchiveRecord.study_id == study_id)).all()
        records = [(r.number, r.subject) for r in archive]
        restricted = [(r.subject, r.access) for r in archive if r.access != "biasa"]
        assert {access for _, access in restricted} == {"terbatas", "rahasia"}
        users = [u.email for u in record.office.users]
    never: list[str] = []
    people = [*study.plan.team, study.office.head, study.office.ppk, study.office.bendahara]
    for person in people:
        if person.nip:
            never += [person.nip, idformat.format_nip(person.nip)]
        if person.birth_date:
            born = person.birth_date
            never += [born.isoformat(), born.strftime("%d/%m/%Y"), idformat.tanggal(born)]
    for member in study.plan.team:
        if member.phone:
            never.append(member.phone)
        if member.passport_number:
            never.append(member.passport_number)
    for line in study.plan.budget:
        never.append(line.description)
        for amount in (line.unit_price, line.amount, line.realized):
            if amount:
                never.append(idformat.rupiah(amount, decimals=False))
    never.append(idformat.angka(TRAVELLER_AMOUNT))
    contact = study.coordination.contact
    never += [contact.phone, contact.email, contact.name]
    never += [v for v in (study.office.phone, study.office.email) if v]
    never += users
    never += [number for number, _ in records if number]
    never += [subject for subject, access in restricted]
    never += ["Sri Lestari", "Agus Salim"]  # attendees are counted, not named
    never += [str(study.plan.budget_total), idformat.rupiah(study.plan.budget_total,
                                                             decimals=False)]
    return [value for value in never if value]


def test_the_public_page_shows_what_was_chosen_and_nothing_else(app, client, login, demo_id):
    _fill(app, demo_id)
    login("staff")
    assert _publish(client, demo_id).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert client.get("/").status_code == 302  # signed out

    page = client.get(f"/publik/{demo_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    with app.extensions["docgen_store"].session() as session:
        study = session.get(StudyRecord, demo_id).study
    assert study.goals.title in html
    assert "Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya" in html
    assert "14 Desember 2026" in html
    assert idformat.rupiah(study.plan.realized_total, decimals=False) in html
    assert "Pajak daerah daring" in html and "e-BPHTB terhubung ke BPN" in html
    assert "Menyusun SOP e-BPHTB" in html and "1 dari 2" in html
    assert study.plan.team[0].full_name in html and study.plan.team[0].jabatan in html
    assert "Paparan e-BPHTB Surabaya" in html and "Dinas Kesehatan" in html

    found = [value for value in _never(app, demo_id) if value in html]
    assert found == []
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html), "an e-mail address is shown"
    assert not re.search(r"\b\d{18}\b", html), "something like a NIP is shown"

    listing = client.get("/publik").get_data(as_text=True)
    assert f"/publik/{demo_id}" in listing
    office_id = int(re.search(r"/publik\?kantor=(\d+)", listing).group(1))
    assert f"/publik/{demo_id}" in client.get(f"/publik?kantor={office_id}").get_data(
        as_text=True)


def test_an_unpublished_study_answers_404(app, client, login, demo_id):
    assert client.get(f"/publik/{demo_id}").status_code == 404
    login("staff")
    _publish(client, demo_id)
    assert client.get(f"/publik/{demo_id}").status_code == 200
    _publish(client, demo_id, "0")
    assert client.get(f"/publik/{demo_id}").status_code == 404
    assert f"/publik/{demo_id}" not in client.get("/publik").get_data(as_text=True)


def test_only_editors_of_the_office_publish(app, client, login, demo_id, other_office):
    login("signer")
    assert _publish(client, demo_id).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login("staff")
    _office_id, foreign_study, _email = other_office
    token = csrf_token(client, f"/studies/{demo_id}")
    response = client.post(f"/studies/{foreign_study}/publish",
                           data={"publish": "1", "csrf_token": token})
    assert response.status_code == 404
    assert client.get(f"/publik/{foreign_study}").status_code == 404
    assert client.post(f"/studies/{demo_id}/publish",
                       data={"publish": "1"}).status_code == 400  # no CSRF token
    assert client.post(f"/studies/{demo_id}/publish",
                       data={"publish": "x", "csrf_token": token}).status_code == 400


@pytest.mark.parametrize("path", ["/publik/99999999999", "/publik/2147483648",
                                  "/publik?kantor=99999999999", "/publik?kantor=abc"])
def test_huge_or_odd_ids_are_404(client, path):
    assert client.get(path).status_code == 404
