"""The stage pages and the office profile form: fields from the model, drafts saved,
errors beside their fields, rows added and removed without JavaScript, uploads by content."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from docgen.example import example_study
from docgen.forms import STAGE_KEYS, form_values, leaf_names, office_fields, stage_fields
from docgen.render import DEFAULT_LOGO
from docgen.store import Office, StudyRecord, UploadedFile
from tests.web.pages import csrf_token, stored

PNG = DEFAULT_LOGO.read_bytes()
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"


class FormReader(HTMLParser):
    """The fields a browser would post from the first form with `marker` in its tag
    (``<template>`` content left out, like a browser does; submit buttons left out)."""

    def __init__(self, marker: str = "method=\"post\" novalidate") -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.fields: list[tuple[str, str]] = []
        self.names: set[str] = set()
        self._in_form = False
        self._done = False
        self._template = 0
        self._textarea: list | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "form" and not self._done and self.marker in self.get_starttag_text():
            self._in_form = True
        if not self._in_form:
            return
        if tag == "template":
            self._template += 1
        if self._template:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.names.add(name)
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind == "checkbox" and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self.names.add(name)
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["selected"] = value

    def handle_data(self, data):  # noqa: ANN001
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):  # noqa: ANN001
        if not self._in_form:
            return
        if tag == "template":
            self._template -= 1
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            self.fields.append((self._select["name"],
                                chosen if chosen is not None else self._select["first"] or ""))
            self._select = None
        elif tag == "form":
            self._in_form = False
            self._done = True


def read_form(html: str, marker: str = 'method="post" novalidate') -> FormReader:
    reader = FormReader(marker)
    reader.feed(html)
    return reader


def stage_url(study_id: int, key: str) -> str:
    return f"/studies/{study_id}/stages/{key}"


def profile(app):
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalars(select(Office).order_by(Office.id)).first().office_profile


def post_page(client, path: str, fields: list[tuple[str, str]], extra: dict | None = None,
              **kwargs):
    """Post `fields` (as read from the page) with a fresh CSRF token."""
    data = {}
    for name, value in fields:
        data.setdefault(name, value)
    data.update(extra or {})
    data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data, **kwargs)


def replace(fields, name: str, value: str) -> list[tuple[str, str]]:
    assert any(n == name for n, _ in fields), name
    return [(n, value if n == name else v) for n, v in fields]


# --- what each page shows ----------------------------------------------------------------------


@pytest.mark.parametrize("key", STAGE_KEYS)
def test_a_stage_page_has_an_input_for_every_field_of_the_example(client, login, example_id, key):
    login("staff")
    response = client.get(stage_url(example_id, key))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    drawn = read_form(html).names
    specs = stage_fields(key)
    wanted = leaf_names(specs, form_values(specs, getattr(example_study(), key)), key)
    assert wanted and set(wanted) <= drawn, sorted(set(wanted) - drawn)[:5]
    for name in wanted:
        assert f'id="{"f-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")}"' in html
    assert 'aria-current="step"' in html


def test_labels_come_from_the_model_in_the_ui_language(client, login, csrf, example_id):
    login("staff")
    html = client.get(stage_url(example_id, "plan")).get_data(as_text=True)
    assert ">Tanggal berangkat" in html and ">Kedudukan dalam tim" in html
    assert ">Ketua</option>" in html
    assert "Rincian anggaran biaya" not in html, "the budget has a page of its own"
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    html = client.get(stage_url(example_id, "plan")).get_data(as_text=True)
    assert ">Departure date" in html and ">Role in the team" in html
    assert ">Leader</option>" in html


def test_inputs_have_the_types_of_their_values(client, login, example_id):
    login("staff")
    html = client.get(stage_url(example_id, "plan")).get_data(as_text=True)
    # text inputs read as dd/mm/yyyy and 24-hour HH:MM, never the browser's own date and
    # time inputs (which follow the browser's language)
    assert 'type="date"' not in html and 'type="time"' not in html
    date = re.search(r'<input [^>]*name="plan.start_date"[^>]*>', html).group(0)
    assert 'type="text" value="14/12/2026"' in date
    assert 'inputmode="numeric"' in date and 'placeholder="dd/mm/yyyy"' in date
    assert 'pattern="' in date and "data-date" in date
    time = re.search(r'<input [^>]*name="plan.agenda\[0\].start_time"[^>]*>', html).group(0)
    assert 'type="text" value="07:00"' in time and 'placeholder="HH:MM"' in time
    html = client.get(stage_url(example_id, "goals")).get_data(as_text=True)
    assert '<textarea class="form-control" id="f-goals-background" name="goals.background"' in html


def test_lists_offer_an_empty_row_and_a_template_for_javascript(client, login, example_id):
    login("staff")
    html = client.get(stage_url(example_id, "plan")).get_data(as_text=True)
    assert 'name="plan.team[4].name"' in html, "one empty row after the four members"
    assert 'name="plan.team[ROW0ROW].name"' in html, "the row app.js copies"
    assert 'name="plan.team[5].name"' not in html
    assert "<script>" not in html.split("<footer", 1)[0], "no inline script"
    assert 'name="_remove" value="plan.team[1]"' in html


def test_a_complete_stage_says_so_and_an_empty_one_lists_what_documents_need(
        client, login, post_form, example_id):
    login("staff")
    html = client.get(stage_url(example_id, "goals")).get_data(as_text=True)
    assert "stage-badge stage-complete" in html and "Lengkap" in html
    response = post_form("/studies/new", {"goals.title": "Studi baru", "fiscal_year": "2026"})
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    html = client.get(stage_url(new_id, "goals")).get_data(as_text=True)
    assert "stage-badge stage-draft" in html
    assert '<a href="#f-goals-background">Latar belakang</a>: belum diisi; diperlukan untuk' in html
    html = client.get(stage_url(new_id, "execution")).get_data(as_text=True)
    assert "stage-badge stage-empty" in html


# --- saving ------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", STAGE_KEYS)
def test_posting_a_page_as_shown_stores_the_same_stage(app, client, login, example_id, key):
    login("staff")
    path = stage_url(example_id, key)
    before = stored(app, example_id)
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    response = post_page(client, path, fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    after = stored(app, example_id)
    assert getattr(after, key) == getattr(example_study(), key)
    assert after.model_dump(exclude={key}) == before.model_dump(exclude={key})


def test_saving_a_page_keeps_the_budget(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    fields = replace(read_form(client.get(path).get_data(as_text=True)).fields,
                     "plan.departure_place", "Yogyakarta")
    assert post_page(client, path, fields).status_code == 302
    plan = stored(app, example_id).plan
    assert plan.departure_place == "Yogyakarta"
    assert plan.budget == example_study().plan.budget and plan.budget


def test_a_team_row_is_added_without_javascript(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    fields = replace(fields, "plan.team[4].name", "Sari Wulandari")
    fields = replace(fields, "plan.team[4].nip", "19930305 201902 2 004")
    response = post_page(client, path, fields)
    assert response.status_code == 302
    team = stored(app, example_id).plan.team
    assert team[:4] == example_study().plan.team
    assert (team[4].name, team[4].nip, team[4].role) == ("Sari Wulandari",
                                                         "199303052019022004", "anggota")
    html = client.get(path).get_data(as_text=True)
    assert 'name="plan.team[5].name"' in html, "and a new empty row after it"


def test_a_team_row_is_removed_by_its_button_without_javascript(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    response = post_page(client, path, fields, {"_remove": "plan.team[1]"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/stages/plan#f-plan-team")
    team = stored(app, example_id).plan.team
    original = example_study().plan.team
    assert team == [original[0], original[2], original[3]]
    assert "Baris dihapus dan draf tersimpan." in client.get(path).get_data(as_text=True)


def test_removing_a_follow_up_row_keeps_the_progress_of_the_others(app, client, login,
                                                                     example_id):
    """The evaluation page has no fields for the progress updates: each item keeps its own,
    matched by its id, when a row before it is removed."""
    login("staff")
    path = stage_url(example_id, "evaluation")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    assert ("evaluation.follow_up[0].id", "a1f0c001") in fields
    assert not any(".updates" in name for name, _value in fields)
    response = post_page(client, path, fields, {"_remove": "evaluation.follow_up[0]"})
    assert response.status_code == 302
    items = stored(app, example_id).evaluation.follow_up
    original = example_study().evaluation.follow_up
    assert items == [original[1], original[2]]
    assert [len(i.updates) for i in items] == [1, 2]


def test_a_row_left_out_of_the_post_is_removed_and_the_rest_renumbered(
        app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    fields = [(n, v) for n, v in read_form(client.get(path).get_data(as_text=True)).fields
              if not n.startswith("plan.team[2].")]
    assert post_page(client, path, fields).status_code == 302
    original = example_study().plan.team
    assert stored(app, example_id).plan.team == [original[0], original[1], original[3]]


def test_a_bad_nip_comes_back_beside_its_field_and_nothing_is_stored(
        app, client, login, csrf, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    before = stored(app, example_id)
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    fields = replace(fields, "plan.team[1].nip", "1986 0926")
    fields = replace(fields, "plan.departure_place", "Magelang")
    response = post_page(client, path, fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'<div id="f-plan-team-1-nip-error"[^>]*>([^<]*)</div>', html)
    assert error and error.group(1) == "NIP harus 18 digit"
    assert 'value="1986 0926"' in html and 'value="Magelang"' in html, "values as typed"
    assert 'aria-invalid="true"' in html
    assert '<a class="alert-link" href="#f-plan-team-1-nip">Tim 2 › NIP</a>' in html
    assert stored(app, example_id) == before

    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    response = post_page(client, path, fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'<div id="f-plan-team-1-nip-error"[^>]*>([^<]*)</div>', html)
    assert error and error.group(1) == "a NIP must have 18 digits"
    assert "Team 2 › NIP" in html
    assert stored(app, example_id) == before


def test_type_errors_in_a_new_row_keep_the_row(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "execution")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    fields = replace(fields, "execution.log[2].date", "kemarin")
    fields = replace(fields, "execution.log[2].activity", "Rapat persiapan")
    response = post_page(client, path, fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="f-execution-log-2-date-error"' in html
    assert 'value="Rapat persiapan"' in html
    assert 'name="execution.log[3].activity"' in html, "an empty row after it again"


def test_cross_field_problems_show_after_saving(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "plan")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    fields = replace(fields, "plan.end_date", "2026-12-10")
    fields = replace(fields, "plan.team[0].role", "anggota")
    response = post_page(client, path, fields, {"_next": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/stages/plan"), "stays to show the problems"
    assert stored(app, example_id).plan.end_date.isoformat() == "2026-12-10", "a draft"
    html = client.get(path).get_data(as_text=True)
    error = re.search(r'<div id="f-plan-end-date-error"[^>]*>([^<]*)</div>', html)
    assert error and "tanggal selesai lebih awal dari tanggal mulai" in error.group(1)
    assert 'id="f-plan-team-error"' in html and "tim belum memiliki ketua" in html
    assert 'href="#f-plan-team"' in html
    assert "stage-badge stage-draft" in html


def test_warnings_are_shown_apart_from_errors(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "evaluation")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    fields = replace(fields, "evaluation.follow_up[0].due_date", "2026-12-01")
    assert post_page(client, path, fields).status_code == 302
    html = client.get(path).get_data(as_text=True)
    warning = re.search(r'<div id="f-evaluation-follow-up-0-due-date-warning"[^>]*>([^<]*)<', html)
    assert warning and "sebelum perjalanan berakhir" in warning.group(1)
    assert 'id="f-evaluation-follow-up-0-due-date-error"' not in html


def test_save_and_go_on_opens_the_next_stage(client, login, example_id):
    login("staff")
    path = stage_url(example_id, "goals")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    response = post_page(client, path, fields, {"_next": "1"})
    assert response.headers["Location"].endswith(stage_url(example_id, "plan"))
    html = client.get(stage_url(example_id, "reporting")).get_data(as_text=True)
    assert 'name="_next"' not in html, "the last stage has no next"


def test_html_typed_in_a_field_is_shown_as_text(app, client, login, example_id):
    login("staff")
    path = stage_url(example_id, "goals")
    title = '<script>alert("x")</script>'
    fields = replace(read_form(client.get(path).get_data(as_text=True)).fields,
                     "goals.title", title)
    fields = replace(fields, "goals.aims[0]", '"><img src=x onerror=alert(1)>')
    assert post_page(client, path, fields).status_code == 302
    assert stored(app, example_id).goals.title == title
    html = client.get(path).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


# --- who may ------------------------------------------------------------------------------------


def test_another_offices_study_stage_is_404(client, login, other_office):
    _office, study_id, _email = other_office
    login("staff")
    assert client.get(stage_url(study_id, "goals")).status_code == 404
    response = client.post(stage_url(study_id, "goals"),
                           data={"goals.title": "x", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404


def test_an_unknown_stage_is_404(client, login, demo_id):
    login("staff")
    assert client.get(stage_url(demo_id, "budget")).status_code == 404


@pytest.mark.parametrize("role", ["signer", "archivist", "admin"])
def test_only_staff_save_a_stage(app, client, login, example_id, role):
    login(role)
    path = stage_url(example_id, "goals")
    html = client.get(path).get_data(as_text=True)
    assert "<fieldset disabled>" in html and 'name="_remove"' not in html
    before = stored(app, example_id)
    fields = replace(read_form(html).fields, "goals.title", "Diubah")
    response = post_page(client, path, fields)
    assert response.status_code == 403
    assert stored(app, example_id) == before


def test_the_overview_links_to_every_stage(client, login, demo_id):
    login("signer")
    html = client.get(f"/studies/{demo_id}").get_data(as_text=True)
    for key in STAGE_KEYS:
        assert f'href="{stage_url(demo_id, key)}"' in html


# --- the office profile -------------------------------------------------------------------------

OFFICE_FORM = 'enctype="multipart/form-data"'


def office_fields_posted(client):
    return read_form(client.get("/admin/").get_data(as_text=True), OFFICE_FORM).fields


def test_the_office_form_has_every_profile_field(client, login):
    login("admin")
    html = client.get("/admin/").get_data(as_text=True)
    names = read_form(html, OFFICE_FORM).names
    for spec in office_fields():
        if spec.is_leaf:
            assert f"office.{spec.name}" in names
    for role in ("head", "ppk", "bendahara", "kepala_daerah", "sekda"):
        for part in ("name", "title_front", "title_back", "nip", "golongan", "jabatan", "acting"):
            assert f"office.{role}.{part}" in names
    assert "office.logo" in names and 'accept="image/png,image/jpeg"' in html
    assert ">Pelaksana Tugas (Plt.)</option>" in html


def test_admin_saves_the_officials(app, client, login):
    login("admin")
    fields = office_fields_posted(client)
    fields = replace(fields, "office.ppk.name", "Siti Aminah")
    fields = replace(fields, "office.ppk.nip", "19800101 200501 2 003")
    fields = replace(fields, "office.ppk.acting", "plh")
    fields = replace(fields, "office.sekda.golongan", "iv/e")
    fields = replace(fields, "office.paper", "F4")
    fields = replace(fields, "office.invitation_mode", "distribution_list")
    fields = replace(fields, "office.numbering_pattern", "{kode}/{urut}/{unit}/{bulan}/{tahun}")
    response = post_page(client, "/admin/", fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    saved = profile(app)
    assert (saved.ppk.name, saved.ppk.nip, saved.ppk.acting) == (
        "Siti Aminah", "198001012005012003", "plh")
    assert saved.sekda.golongan == "IV/e"
    assert (saved.paper, saved.invitation_mode) == ("F4", "distribution_list")
    assert saved.numbering_pattern == "{kode}/{urut}/{unit}/{bulan}/{tahun}"
    assert saved.head == example_study().office.head, "the rest as it was"
    html = client.get("/admin/").get_data(as_text=True)
    assert "Plh. Siti Aminah" in html


@pytest.mark.parametrize("pattern, message", [
    ("{kode}/{unit}/{tahun}", "{urut}"),
    ("{kode}/{urut}/{Tahun}", "{Tahun}"),
    ("{kode}/{urut}/{tgl}", "{tgl}"),
])
def test_a_wrong_number_pattern_is_refused(app, client, login, pattern, message):
    login("admin")
    fields = replace(office_fields_posted(client), "office.numbering_pattern", pattern)
    response = post_page(client, "/admin/", fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'<div id="f-office-numbering-pattern-error"[^>]*>([^<]*)</div>', html)
    assert error and message in error.group(1)
    assert profile(app).numbering_pattern == "{kode}/{urut}/{unit}/{tahun}"


def test_a_bad_nip_of_an_official_is_refused(app, client, login):
    login("admin")
    fields = replace(office_fields_posted(client), "office.head.nip", "123")
    response = post_page(client, "/admin/", fields)
    assert response.status_code == 422
    assert 'id="f-office-head-nip-error"' in response.get_data(as_text=True)
    assert profile(app).head.nip == "197005121996031004"


def test_a_png_logo_is_stored_and_shown(app, client, login):
    login("admin")
    response = post_page(client, "/admin/", office_fields_posted(client), {
        "office.logo": (io.BytesIO(PNG), "lambang sleman.png")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    key = profile(app).logo
    assert key and re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{64}", key)
    store = app.extensions["docgen_store"]
    assert store.files.read(key) == PNG
    with store.transaction() as session:
        upload = session.scalar(select(UploadedFile).where(UploadedFile.storage_key == key))
        assert (upload.purpose, upload.content_type, upload.original_name) == (
            "logo", "image/png", "lambang sleman.png")
    logo = client.get("/admin/logo")
    assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == PNG
    html = client.get("/admin/").get_data(as_text=True)
    assert 'src="/admin/logo?v=' in html and 'name="_remove_logo"' in html
    fields = office_fields_posted(client)
    assert post_page(client, "/admin/", fields).status_code == 302
    assert profile(app).logo == key, "saving without a file keeps the logo"
    assert post_page(client, "/admin/", fields, {"_remove_logo": "on"}).status_code == 302
    assert profile(app).logo is None


@pytest.mark.parametrize("content, name", [(GIF, "logo.gif"), (b"bukan gambar\n", "logo.png"),
                                           (b"", "kosong.png")])
def test_a_logo_that_is_not_png_or_jpeg_is_refused(app, client, login, content, name):
    login("admin")
    response = post_page(client, "/admin/", office_fields_posted(client), {
        "office.logo": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'<div id="f-office-logo-error"[^>]*>([^<]*)</div>', html)
    assert error and ("isi berkas bukan PNG, JPEG" in error.group(1)
                      or "berkas kosong" in error.group(1))
    assert '<a class="alert-link" href="#f-office-logo">Logo (lambang daerah)</a>' in html
    assert profile(app).logo is None
    with app.extensions["docgen_store"].transaction() as session:
        assert session.scalar(select(UploadedFile)) is None


def test_a_good_logo_with_other_errors_is_not_kept(app, client, login):
    login("admin")
    fields = replace(office_fields_posted(client), "office.ppk.nip", "x")
    response = post_page(client, "/admin/", fields, {
        "office.logo": (io.BytesIO(PNG), "logo.png")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert 'id="f-office-logo-warning"' in response.get_data(as_text=True)
    assert profile(app).logo is None


def test_a_logo_too_large_is_refused(app, client, login):
    login("admin")
    big = PNG + b"\0" * (1024 * 1024)
    response = post_page(client, "/admin/", office_fields_posted(client), {
        "office.logo": (io.BytesIO(big), "besar.png")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "berkas lebih besar dari 1 MB" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "signer", "archivist"])
def test_only_admins_save_the_office_profile(app, client, login, role):
    login(role)
    response = client.post("/admin/", data={"office.name": "X",
                                            "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 403
    assert client.get("/admin/logo").status_code == 403
    assert profile(app).name == "BADAN PERENCANAAN PEMBANGUNAN DAERAH"


def test_the_static_script_is_served_and_needs_no_inline_code(client):
    script = client.get("/static/app.js")
    assert script.status_code == 200
    text = script.get_data(as_text=True)
    assert "data-add-row" in text and "data-remove-row" in text
    assert "innerHTML =" not in text and "eval(" not in text


# --- each database -------------------------------------------------------------------------------


def test_stages_and_the_office_form_save_on_each_database(make_app, db_url):
    from tests.web.pages import sign_in

    app = make_app({"DATABASE_URL": db_url})
    with app.extensions["docgen_store"].transaction() as session:
        study_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    client = sign_in(app, app.test_client(), "staff")
    path = stage_url(study_id, "plan")
    fields = read_form(client.get(path).get_data(as_text=True)).fields
    assert post_page(client, path, replace(fields, "plan.team[1].nip", "1")).status_code == 422
    fields = replace(fields, "plan.team[4].name", "Sari Wulandari")
    assert post_page(client, path, fields, {"_remove": "plan.team[0]"}).status_code == 302
    team = stored(app, study_id).plan.team
    assert [m.name for m in team][-1] == "Sari Wulandari" and len(team) == 4

    admin = sign_in(app, app.test_client(), "admin")
    fields = replace(office_fields_posted(admin), "office.bendahara.name", "Budi Santoso")
    response = post_page(admin, "/admin/", fields, {
        "office.logo": (io.BytesIO(PNG), "logo.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    saved = profile(app)
    assert saved.bendahara.name == "Budi Santoso" and saved.logo
    assert admin.get("/admin/logo").data == PNG
