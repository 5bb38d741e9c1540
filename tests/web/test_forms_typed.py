"""Forms as Indonesians type: dates dd/mm/yyyy and 24-hour times on every page whatever the
browser's language, select lists for golongan and eselon, every problem of a page in one
banner linked to its fields, the NIP checked against the birth date and sex, agenda dates
inside the trip, and "Simpan dan lanjutkan" as the stage pages' first button."""

from __future__ import annotations

import re
from datetime import date, time
from html import unescape

import pytest

from tests.web.pages import csrf_token, stored
from tests.web.test_stages import post_page, read_form, replace, stage_url

DATE_INPUT = re.compile(r'<input [^>]*type="date"|<input [^>]*type="time"|datetime-local')


def _input(html: str, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found, name
    return found.group(0)


def _plan(client, study_id):
    path = stage_url(study_id, "plan")
    return path, read_form(client.get(path).get_data(as_text=True)).fields


# --- dates and times ---------------------------------------------------------------------


def test_dates_and_times_typed_dd_mm_yyyy_and_24_hours_are_stored(app, client, login,
                                                                   example_id):
    login("staff")
    path, fields = _plan(client, example_id)
    for name, value in (("plan.start_date", "14/12/2026"), ("plan.end_date", "16122026"),
                        ("plan.agenda[0].date", "2026-12-14"),
                        ("plan.agenda[0].start_time", "14.30"),
                        ("plan.agenda[0].end_time", "1615")):
        fields = replace(fields, name, value)
    assert post_page(client, path, fields).status_code == 302
    plan = stored(app, example_id).plan
    assert (plan.start_date, plan.end_date) == (date(2026, 12, 14), date(2026, 12, 16))
    assert plan.agenda[0].date == date(2026, 12, 14), "ISO still read (old pages, the API)"
    assert (plan.agenda[0].start_time, plan.agenda[0].end_time) == (time(14, 30), time(16, 15))
    html = client.get(path).get_data(as_text=True)
    assert 'value="16/12/2026"' in _input(html, "plan.end_date")
    assert 'value="14:30"' in _input(html, "plan.agenda[0].start_time")


@pytest.mark.parametrize(("lang", "date_text", "time_text"), [
    ("id", "bukan tanggal yang sah: tulis dd/mm/yyyy (tanggal/bulan/tahun), misalnya 17/08/2027",
     "bukan jam yang sah: tulis HH:MM dalam 24 jam, misalnya 14:30"),
    ("en", "is not a valid date: write dd/mm/yyyy (day/month/year), e.g. 17/08/2027",
     "is not a valid time: write HH:MM on the 24-hour clock, e.g. 14:30"),
])
def test_a_date_or_time_that_is_none_says_how_to_type_it(app, client, login, csrf, example_id,
                                                          lang, date_text, time_text):
    login("staff")
    client.post("/language", data={"lang": lang, "next": "/", "csrf_token": csrf("/")})
    before = stored(app, example_id)
    path, fields = _plan(client, example_id)
    fields = replace(fields, "plan.start_date", "31/02/2026")
    fields = replace(fields, "plan.agenda[0].start_time", "2:30 PM")
    response = post_page(client, path, fields)
    assert response.status_code == 422
    html = unescape(response.get_data(as_text=True))
    assert re.search(r'<div id="f-plan-start-date-error"[^>]*>' + re.escape(date_text), html)
    assert re.search(r'<div id="f-plan-agenda-0-start-time-error"[^>]*>' + re.escape(time_text),
                     html)
    assert 'value="31/02/2026"' in _input(html, "plan.start_date"), "as typed"
    assert 'value="2:30 PM"' in _input(html, "plan.agenda[0].start_time")
    assert stored(app, example_id) == before


def test_no_page_uses_the_browsers_own_date_or_time_input(app, client, login, example_id,
                                                         demo_id):
    """Every form with a date or a time: the stages, the realisation, the documents page, the
    register (filters, reserving, exports), a record, a follow-up item, the office."""
    login("archivist")
    pages = [stage_url(example_id, key) for key in
             ("goals", "plan", "destination", "coordination", "execution", "evaluation",
              "reporting")]
    pages += [f"/studies/{demo_id}/realisasi", f"/studies/{demo_id}/documents", "/arsip",
              "/admin/office"]
    seen_dates = 0
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        assert not DATE_INPUT.search(html), page
        seen_dates += html.count('placeholder="dd/mm/yyyy"')
    assert seen_dates > 20


def test_the_register_reads_dates_typed_dd_mm_yyyy(app, client, login, post_form):
    login("archivist")
    response = post_form("/arsip/numbers", {
        "reserve_code": "000.1.2.3", "reserve_date": "27/11/2026", "reserve_subject": "Rapat",
        "reserve_addressee": "Kepala Dinas PU", "reserve_note": ""}, form_page="/arsip")
    assert response.status_code == 302
    html = client.get("/arsip?date_from=27/11/2026&date_to=27/11/2026").get_data(as_text=True)
    assert "Rapat" in html
    assert 'value="27/11/2026"' in _input(html, "date_from")


def test_the_realisation_reads_the_advance_date_typed_dd_mm_yyyy(app, client, login, demo_id):
    login("staff")
    token = csrf_token(client, f"/studies/{demo_id}/realisasi")
    form = {"csrf_token": token, "advance": "1.500.000", "advance_date": "10/12/2026",
            "lines[0].component": "uang_harian", "lines[0].description": "Uang harian",
            "lines[0].quantity": "3", "lines[0].unit": "hari", "lines[0].currency": "USD",
            "lines[0].unit_price": "45", "lines[0].exchange_rate": "15.500",
            "lines[0].exchange_date": "09/12/2026"}
    response = client.post(f"/studies/{demo_id}/realisasi/1", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.extensions["docgen_store"].transaction() as session:
        from docgen.store import StudyRecord

        entry = session.get(StudyRecord, demo_id).study.realisation.of(1)
    assert entry.advance_date == date(2026, 12, 10)
    assert entry.lines[0].exchange_date == date(2026, 12, 9)
    html = client.get(f"/studies/{demo_id}/realisasi").get_data(as_text=True)
    assert re.search(r'name="advance_date" type="text" value="10/12/2026"', html)


# --- select lists --------------------------------------------------------------------------


def test_golongan_eselon_sex_and_role_are_lists(client, login, example_id):
    login("staff")
    html = client.get(stage_url(example_id, "plan")).get_data(as_text=True)
    golongan = re.search(r'<select[^>]*name="plan.team\[1\].golongan".*?</select>', html, re.S)
    options = re.findall(r'<option value="([^"]*)"', golongan.group(0))
    assert options[0] == "" and options[1:] == [
        "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c",
        "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
    assert "III/d – Penata Tingkat I</option>" in golongan.group(0)
    assert "IV/e – Pembina Utama</option>" in golongan.group(0)
    eselon = re.search(r'<select[^>]*name="plan.team\[4\].eselon".*?</select>', html, re.S)
    assert re.findall(r'<option value="([^"]*)"', eselon.group(0)) == [
        "", "I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b"], "the new row"
    held = re.search(r'<select[^>]*name="plan.team\[0\].eselon".*?</select>', html, re.S)
    assert '<option value="III" selected>Eselon III</option>' in held.group(0), \
        "a level without a or b is kept where a study holds it"
    assert re.search(r'<select[^>]*name="plan.team\[0\].sex"', html)
    assert re.search(r'<select[^>]*name="plan.team\[0\].role"', html)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("plan.team[1].golongan", "V/a", "golongan \"V/a\" tidak dikenal"),
    ("plan.team[1].eselon", "V.a", "harus salah satu dari"),
    ("plan.team[1].sex", "X", "harus salah satu dari"),
    ("plan.team[1].role", "wakil", "harus salah satu dari"),
])
def test_a_value_outside_a_list_is_refused_beside_it(app, client, login, example_id, name, value,
                                                     message):
    login("staff")
    before = stored(app, example_id)
    path, fields = _plan(client, example_id)
    response = post_page(client, path, replace(fields, name, value))
    assert response.status_code == 422
    ident = "f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    error = re.search(rf'<div id="{ident}-error"[^>]*>([^<]*)</div>', response.get_data(as_text=True))
    assert error and message in unescape(error.group(1))
    assert stored(app, example_id) == before


# --- one banner, every problem -----------------------------------------------------------------


def test_two_errors_and_a_warning_in_one_banner_linked_to_their_fields(app, client, login,
                                                                       example_id):
    login("staff")
    before = stored(app, example_id)
    path, fields = _plan(client, example_id)
    fields = replace(fields, "plan.team[2].nip", "1234")                     # refused
    fields = replace(fields, "plan.agenda[1].date", "20/12/2026")             # outside the trip
    fields = replace(fields, "plan.team[1].birth_date", "29/06/1986")         # NIP says 26/09
    response = post_page(client, path, fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    banner = re.search(r'<div class="alert alert-danger problem-banner"[^>]*id="error-summary"'
                       r'.*?</div>', html, re.S).group(0)
    items = re.findall(r'<li class="problem-(\w+)">.*?href="#([^"]+)">([^<]+)</a>: ([^<]+)</li>',
                       unescape(banner), re.S)
    assert [(kind, anchor, label) for kind, anchor, label, _m in items] == [
        ("error", "f-plan-agenda-1-date", "Agenda kegiatan 2 › Tanggal"),
        ("warning", "f-plan-team-1-nip", "Tim 2 › NIP"),
        ("error", "f-plan-team-2-nip", "Tim 3 › NIP"),
    ], "in the order of the page, by the fields' own labels"
    messages = [m for *_rest, m in items]
    assert messages[0].startswith("agenda baris 2: tanggal 20 Desember 2026 di luar masa")
    assert "Tanggal lahir diisi 29 Juni 1986" in messages[1]
    assert "2 kesalahan, 1 peringatan" in banner
    for _kind, anchor, _label, _message in items:
        assert f'id="{anchor}"' in html, anchor
    assert 'aria-invalid="true"' in _input(html, "plan.agenda[1].date")
    assert 'aria-invalid="true"' in _input(html, "plan.team[2].nip")
    assert 'aria-describedby="f-plan-team-1-nip-help f-plan-team-1-nip-warning"' in _input(
        html, "plan.team[1].nip")
    assert 'id="f-plan-team-1-nip-warning"' in html
    assert stored(app, example_id) == before, "nothing is stored"


def test_a_warning_alone_saves_and_shows_in_the_banner(app, client, login, example_id):
    login("staff")
    path, fields = _plan(client, example_id)
    fields = replace(fields, "plan.team[1].sex", "L")
    assert post_page(client, path, fields).status_code == 302
    assert stored(app, example_id).plan.team[1].sex == "L"
    html = unescape(client.get(path).get_data(as_text=True))
    banner = re.search(r'id="stage-checks".*?</div>', html, re.S).group(0)
    assert "alert-warning" in html.split('id="stage-checks"')[0].rsplit("<div", 1)[1]
    assert 'href="#f-plan-team-1-nip">Tim 2 › NIP</a>' in banner
    assert "berarti perempuan, tetapi Jenis kelamin diisi laki-laki" in banner


# --- the buttons -------------------------------------------------------------------------------


def test_save_and_go_on_is_the_first_button_and_save_the_second(client, login, example_id):
    login("staff")
    html = client.get(stage_url(example_id, "plan")).get_data(as_text=True)
    actions = html.split('class="form-actions', 1)[1].split("</form>", 1)[0]
    primary = re.search(r'<button class="btn btn-success"[^>]*>([^<]*)', actions)
    secondary = re.search(r'<button class="btn btn-outline-success"[^>]*>([^<]*)', actions)
    assert primary.group(1).strip() == "Simpan dan lanjutkan" and 'name="_next"' in primary.group(0)
    assert secondary.group(1).strip() == "Simpan"
    last = client.get(stage_url(example_id, "reporting")).get_data(as_text=True)
    actions = last.split('class="form-actions', 1)[1]
    assert re.search(r'<button class="btn btn-success" type="submit">Simpan</button>', actions)


def test_save_and_go_on_with_warnings_goes_on_and_says_so(app, client, login, example_id):
    login("staff")
    path, fields = _plan(client, example_id)
    fields = replace(fields, "plan.team[1].sex", "L")
    response = post_page(client, path, fields, {"_next": "1"}, follow_redirects=True)
    assert response.request.path == stage_url(example_id, "destination")
    assert "Tahap 2 tersimpan dengan 1 peringatan: lihat di tahap itu." in response.get_data(
        as_text=True)
    path, fields = _plan(client, example_id)
    fields = replace(fields, "plan.agenda[1].date", "20/12/2026")
    response = post_page(client, path, fields, {"_next": "1"})
    assert response.headers["Location"].endswith(path), "an error keeps the page"
