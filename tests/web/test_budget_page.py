"""The budget page: the study's RAB, the template and the RAB workbook to download, a workbook
uploaded and checked by content, its lines, totals, errors and warnings by sheet and cell,
and attaching it only when asked and only without errors."""

from __future__ import annotations

import html
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from docgen import idformat
from docgen.budget import BudgetContext, read_budget
from docgen.render import render
from docgen.store import Office, StudyRecord, UploadedFile, save_upload
from docgen.study import Goals, Study
from tests.helpers import docx_text, squash
from tests.web.pages import csrf_token, save_office_caps, stored

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "budget"
DEMO_TOTAL = Decimal("24422000")
USABLE = {
    "rab_kantor.xlsx": (6, Decimal("24422000")),
    "rab_teks.xlsx": (6, Decimal("24422000")),
    "rab_kolom.xlsx": (6, Decimal("24422000")),
    "rab_usd.xlsx": (5, Decimal("222687500")),
    "rab_template_isi.xlsx": (4, Decimal("20672000")),
    "rab_lama.xls": (6, Decimal("24422000")),
    "rab_kantor.ods": (6, Decimal("24422000")),
}
KEY = re.compile(r'name="key" value="([0-9a-f]{2}/[0-9a-f]{64})"')
FILE_ERROR = re.compile(r'<div id="f-file-error"[^>]*>([^<]*)</div>')
FINDING = re.compile(r'<li><code class="budget-cell">([^<]*)</code> ([^<]*)</li>')
TOTAL = re.compile(r"data-budget-total>([^<]*)<")
WORDS = re.compile(r"data-budget-words>([^<]*)<")


# --- helpers -----------------------------------------------------------------------------------


def page_url(study_id: int, tail: str = "") -> str:
    return f"/studies/{study_id}/budget{tail}"


def upload(client, study_id: int, content: bytes, name: str, **options):
    token = csrf_token(client, page_url(study_id))
    data = {"file": (io.BytesIO(content), name), "csrf_token": token, **options}
    return client.post(page_url(study_id, "/check"), data=data,
                       content_type="multipart/form-data")


def upload_fixture(client, study_id: int, name: str, **options):
    return upload(client, study_id, (FIXTURES / name).read_bytes(), name, **options)


def attach(client, study_id: int, key: str, **options):
    token = csrf_token(client, page_url(study_id))
    return client.post(page_url(study_id, "/attach"),
                       data={"key": key, "csrf_token": token, **options})


def budget_uploads(app) -> int:
    with app.extensions["docgen_store"].transaction() as session:
        return session.scalar(select(func.count()).select_from(UploadedFile)
                              .where(UploadedFile.purpose == "budget"))


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def words(total: Decimal) -> str:
    return idformat.kapital(idformat.terbilang_rupiah(total))


def book(rows: list[list[object]], title: str = "Daftar") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A real workbook whose sheet expands far beyond what its size suggests."""
    source = book([["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"],
                   ["Uang harian", 12, "OH", 410000, 4920000]], "RAB")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                new.writestr(info, old.read(info))
        new.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (20 << 20))
    return out.getvalue()


@pytest.fixture
def staff(login):
    return login("staff")


# --- the page ----------------------------------------------------------------------------------


def test_the_page_shows_the_study_budget_by_component(client, staff, demo_id):
    response = client.get(page_url(demo_id))
    assert response.status_code == 200
    page = text_of(response)
    assert "<h1 class=\"h3\">Anggaran (RAB)</h1>" in page
    assert TOTAL.findall(page) == ["Rp24.422.000"]
    assert WORDS.findall(page) == [words(DEMO_TOTAL)]
    for letter, label in (("A", "Uang Harian"), ("B", "Biaya Penginapan"), ("C", "Tiket")):
        assert f">{letter}. {label}" in page
    assert "Subjumlah A" in page
    assert f'href="/studies/{demo_id}/budget/anggaran.xlsx"' in page
    assert f'href="/studies/{demo_id}/budget/rab.xlsx"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page
    assert '<option value="Jawa Timur" selected>' in page, "the destination by default"
    assert 'name="year"' in page and 'value="2026"' in page


def test_the_page_is_linked_from_the_overview_and_the_plan_stage(client, staff, demo_id):
    overview = client.get(f"/studies/{demo_id}").get_data(as_text=True)
    assert f'href="/studies/{demo_id}/budget"' in overview
    plan = client.get(f"/studies/{demo_id}/stages/plan").get_data(as_text=True)
    box = plan.split('id="f-plan-budget"', 1)[1].split("</section>", 1)[0]
    assert f'href="/studies/{demo_id}/budget"' in box
    assert "6 baris anggaran, jumlah Rp24.422.000." in box


def test_the_documents_link_for_a_missing_budget_lands_on_the_plan_page(
        app, client, staff, post_form):
    response = post_form("/studies/new", {"goals.title": "Studi tanpa anggaran",
                                          "fiscal_year": "2026"})
    study_id = int(response.headers["Location"].rsplit("/", 1)[1])
    documents = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    link = f"/studies/{study_id}/stages/plan#f-plan-budget"
    assert f'href="{link}"' in documents
    plan = client.get(link.split("#")[0]).get_data(as_text=True)
    assert 'id="f-plan-budget"' in plan
    assert '<a href="#f-plan-budget">' in plan, "the stage's own list of what is missing"
    assert "Belum ada baris anggaran." in plan
    assert f'href="/studies/{study_id}/budget"' in plan


def test_the_template_and_the_rab_workbook(client, login, demo_id):
    login("signer")
    template = client.get(page_url(demo_id, "/anggaran.xlsx"))
    assert template.status_code == 200 and template.data[:2] == b"PK"
    assert "anggaran.xlsx" in template.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(template.data))["RAB"]
    assert sheet["A8"].value == "No" and sheet["C4"].value == 2026
    rab = client.get(page_url(demo_id, "/rab.xlsx"))
    assert rab.status_code == 200
    rows = load_workbook(io.BytesIO(rab.data), data_only=True)["RAB"].iter_rows(values_only=True)
    assert [row[6] for row in rows if row[0] == "JUMLAH"] == [24422000]


def test_a_study_without_lines_has_no_rab_workbook(app, client, staff, post_form):
    response = post_form("/studies/new", {"goals.title": "Kosong", "fiscal_year": "2026"})
    study_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(page_url(study_id)).get_data(as_text=True)
    assert "Studi ini belum memiliki baris anggaran." in page
    assert "/budget/rab.xlsx" not in page
    response = client.get(page_url(study_id, "/rab.xlsx"))
    assert response.status_code == 302 and response.headers["Location"] == page_url(study_id)


# --- checking a workbook -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(USABLE))
def test_each_libreoffice_workbook_shows_its_lines_and_total(app, client, staff, demo_id, name):
    count, total = USABLE[name]
    response = upload_fixture(client, demo_id, name)
    assert response.status_code == 200
    page = text_of(response)
    parsed = read_budget(FIXTURES / name, BudgetContext.from_study(stored(app, demo_id)))
    assert len(parsed.lines) == count and parsed.total == total
    check = page.split('id="check"', 1)[1].split("</section>", 1)[0]
    assert f"Buku kerja tanpa kesalahan: {count} baris, jumlah {idformat.rupiah(total, False)}." \
        in squash(check)
    assert TOTAL.findall(check) == [idformat.rupiah(total, False)]
    assert WORDS.findall(check) == [words(total)]
    for line in parsed.lines:
        assert f"<code>{line.ref('amount')}</code>" in check
        assert html.unescape(line.description) in check
    assert KEY.search(check), "the kept file's key goes to the attach form"
    assert "Lampirkan ke studi</button>" in check
    study = stored(app, demo_id)
    assert len(study.plan.budget) == 6 and study.plan.budget_total == DEMO_TOTAL, \
        "nothing is attached before the user asks"
    assert budget_uploads(app) == 1


def test_warnings_name_their_sheet(client, staff, demo_id):
    page = text_of(upload_fixture(client, demo_id, "rab_kolom.xlsx"))
    warnings = page.split('id="check-warnings"', 1)[1].split("</div>", 1)[0]
    found = FINDING.findall(warnings)
    assert found and found[0][0] == "RAB lama" and "RAB lama" in found[0][1]


def test_attaching_puts_the_lines_into_the_study_and_the_documents(app, client, staff, demo_id):
    response = upload_fixture(client, demo_id, "rab_template_isi.xlsx")
    key = KEY.search(response.get_data(as_text=True)).group(1)
    response = attach(client, demo_id, key, province="Jawa Timur", year="2026")
    assert response.status_code == 302 and response.headers["Location"] == page_url(demo_id)
    total = Decimal("20672000")
    study = stored(app, demo_id)
    assert len(study.plan.budget) == 4 and study.plan.budget_total == total
    page = text_of(client.get(page_url(demo_id)))
    assert "4 baris, jumlah Rp20.672.000" in page
    assert TOTAL.findall(page) == ["Rp20.672.000"]

    rab = client.get(f"/studies/{demo_id}/documents/rab/0.docx")
    assert rab.status_code == 200
    table = Document(io.BytesIO(rab.data)).tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[-1][0] == "JUMLAH" and rows[-1][-1] == idformat.angka(total)
    assert f"Terbilang: {words(total)}" in squash(docx_text(rab.data))
    nota = client.get(f"/studies/{demo_id}/documents/nota_dinas/0.docx")
    assert idformat.rupiah(total) in squash(docx_text(nota.data))
    assert idformat.rupiah(DEMO_TOTAL) not in squash(docx_text(nota.data))


def test_the_final_report_shows_the_attached_total(app, client, staff, demo_id):
    from docgen.example import example_study

    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, demo_id)
        record.save(example_study(), None)
    key = KEY.search(upload_fixture(client, demo_id, "rab_usd.xlsx")
                     .get_data(as_text=True)).group(1)
    assert attach(client, demo_id, key).status_code == 302
    report = client.get(f"/studies/{demo_id}/documents/final_report/0.docx")
    assert report.status_code == 200
    assert idformat.rupiah(Decimal("222687500")) in squash(docx_text(report.data))


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, cells", [
    ("rab_salah.xlsx", ("RAB!F6", "RAB!F7", "RAB!D8", "RAB!F9", "RAB!G10")),
    ("rab_total_salah.xlsx", ("RAB!F10", "RAB!F11")),
])
def test_a_budget_with_errors_names_each_cell_and_cannot_be_attached(
        app, client, staff, demo_id, name, cells):
    response = upload_fixture(client, demo_id, name)
    assert response.status_code == 422
    page = text_of(response)
    errors = page.split('id="check-errors"', 1)[1].split("</div>", 1)[0]
    found = dict(FINDING.findall(errors))
    assert set(cells) <= set(found), found
    parsed = read_budget(FIXTURES / name, BudgetContext.from_study(stored(app, demo_id)))
    for problem in parsed.errors:
        assert found[problem.path] == problem.message("id")
    assert "tidak dapat dilampirkan" in errors
    assert '<button class="btn btn-success" type="button" disabled' in page
    assert not KEY.search(page), "nothing to attach"
    assert budget_uploads(app) == 0
    assert stored(app, demo_id).plan.budget_total == DEMO_TOTAL


def test_attaching_a_file_with_errors_is_refused(app, client, staff, demo_id):
    """A key whose file has errors (posted by hand, not offered by the page): 422, and the
    study keeps its budget."""
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, demo_id)
        kept = save_upload(session, app.extensions["docgen_store"].files, office=record.office,
                           purpose="budget", original_name="rab_salah.xlsx",
                           data=(FIXTURES / "rab_salah.xlsx").read_bytes(), study=record)
        session.flush()
        key = kept.storage_key
    before = stored(app, demo_id)
    response = attach(client, demo_id, key)
    assert response.status_code == 422
    page = text_of(response)
    assert "<code class=\"budget-cell\">RAB!F7</code>" in page
    assert '<button class="btn btn-success" type="button" disabled' in page
    assert stored(app, demo_id) == before


def test_attach_checks_again_with_the_options_posted(app, client, staff, demo_id):
    page = upload_fixture(client, demo_id, "rab_kantor.xlsx").get_data(as_text=True)
    key = KEY.search(page).group(1)
    response = attach(client, demo_id, key, province="Jambi", year="2026")
    assert response.status_code == 422
    assert "<code class=\"budget-cell\">RAB!E15</code>" in text_of(response)
    assert stored(app, demo_id).plan.budget_total == DEMO_TOTAL
    refused = upload_fixture(client, demo_id, "rab_kantor.xlsx", province="Jambi")
    assert refused.status_code == 422
    assert '<option value="Jambi" selected>' in refused.get_data(as_text=True)


def test_the_offices_own_caps_are_layered_on_the_national_ones(app, client, staff, demo_id):
    page = upload_fixture(client, demo_id, "rab_kantor.xlsx")
    assert page.status_code == 200, "within the national caps"
    key = KEY.search(page.get_data(as_text=True)).group(1)
    save_office_caps(app, demo_id)
    response = upload_fixture(client, demo_id, "rab_kantor.xlsx")
    assert response.status_code == 422
    errors = dict(FINDING.findall(text_of(response).split('id="check-errors"', 1)[1]))
    # the office's table lowers eselon III lodging in Jawa Timur to Rp1.000.000, and says so
    assert "Rp1.234.000 melebihi batas Rp1.000.000" in errors["RAB!E14"]
    assert "(Perbup Sleman 50/2025; ssh-sleman.xlsx Hotel!D17, berlaku sejak TA 2026" \
        in errors["RAB!E14"]
    refused = attach(client, demo_id, key)
    assert refused.status_code == 422 and "ssh-sleman.xlsx Hotel!D17" in text_of(refused)
    assert stored(app, demo_id).plan.budget_total == DEMO_TOTAL


def test_the_form_takes_xlsx_xls_and_ods(app, client, staff, demo_id):
    page = text_of(client.get(page_url(demo_id)))
    assert 'accept=".xlsx,.xls,.ods,' in page
    assert "Buku kerja .xlsx, .xls (Excel 97–2003) atau .ods (LibreOffice)" in page
    assert ".xls lama harus disimpan" not in page
    for name, total in (("rincian_pelaksana.xls", "Rp8.520.000"),
                        ("spj_perjalanan.ods", "Rp2.890.000")):
        response = upload_fixture(client, demo_id, name)
        assert response.status_code == 200, name
        assert TOTAL.findall(text_of(response))[0] == total
    key = KEY.search(text_of(upload_fixture(client, demo_id, "rab_lama.xls"))).group(1)
    assert attach(client, demo_id, key).status_code == 302
    assert stored(app, demo_id).plan.budget_total == DEMO_TOTAL
    assert len(stored(app, demo_id).plan.budget) == 6


def test_options_that_make_no_sense_are_refused(app, client, staff, demo_id):
    response = upload_fixture(client, demo_id, "rab_kantor.xlsx", province="Atlantis",
                              year="20266")
    assert response.status_code == 422
    page = text_of(response)
    assert re.search(r'id="f-province-error"[^>]*>Pilih provinsi dari daftar.<', page)
    assert re.search(r'id="f-year-error"[^>]*>Tahun antara 2000 dan 2100.<', page)
    assert budget_uploads(app) == 0


def _docx() -> bytes:
    from docgen.example import example_study

    return render(example_study(), "rab")


BAD_FILES = {
    "xls": (lambda: (FIXTURES / "rab_lama.xls").read_bytes()[:5120], "rab_lama.xls",
            "berkas Office biner (.xls) ini terpotong atau rusak"),
    "encrypted": (lambda: (FIXTURES / "rab_sandi.xlsx").read_bytes(), "rab_sandi.xlsx",
                  "buku kerja dilindungi kata sandi"),
    "docx": (_docx, "rab.xlsx", "ini dokumen Word (.docx), bukan buku kerja .xlsx"),
    "csv": (lambda: b"No;Uraian;Jumlah\r\n1;Uang harian;4920000\r\n", "rab.xlsx", "CSV"),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "rab.pdf",
            "ini berkas PDF, bukan buku kerja .xlsx"),
    "zip bomb": (zip_bomb, "bom.xlsx", "xl/worksheets/sheet1.xml"),
    "empty": (lambda: b"", "kosong.xlsx", "berkas kosong (0 bita)"),
    "truncated": (lambda: (FIXTURES / "rab_kantor.xlsx").read_bytes()[:3000], "rab.xlsx",
                  "berkas .xlsx rusak atau terpotong"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_file_that_is_not_a_workbook_gets_its_message(app, client, staff, demo_id, case):
    make, name, expected = BAD_FILES[case]
    before = stored(app, demo_id)
    response = upload(client, demo_id, make(), name)
    assert response.status_code == 422
    page = text_of(response)
    message = FILE_ERROR.search(page)
    assert message and expected in message.group(1), page[:3000]
    assert '<a class="alert-link" href="#f-file">Buku kerja anggaran</a>' in page
    assert "Tidak ada yang diubah" in page
    assert "Traceback" not in page
    assert stored(app, demo_id) == before
    assert budget_uploads(app) == 0


@pytest.mark.parametrize("rows, title, expected", [
    ([["Nama", "Alamat", "Telepon"], ["Budi", "Jl. Magelang", "0274"]], "Daftar",
     "baris judul"),
    ([], "Sheet", "buku kerja kosong"),
])
def test_a_workbook_without_a_budget_is_refused(app, client, staff, demo_id, rows, title,
                                                expected):
    response = upload(client, demo_id, book(rows, title), "daftar.xlsx")
    assert response.status_code == 422
    errors = text_of(response).split('id="check-errors"', 1)[1].split("</div>", 1)[0]
    assert expected in errors
    assert budget_uploads(app) == 0
    assert stored(app, demo_id).plan.budget_total == DEMO_TOTAL


def test_no_file_is_a_bad_request(app, client, staff, demo_id):
    token = csrf_token(client, page_url(demo_id))
    response = client.post(page_url(demo_id, "/check"), data={"csrf_token": token},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Pilih buku kerja anggaran (.xlsx, .xls atau .ods) yang akan diunggah." in \
        FILE_ERROR.search(text_of(response)).group(1)


def test_messages_follow_the_ui_language(client, staff, csrf, demo_id):
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": csrf("/")})
    page = text_of(upload_fixture(client, demo_id, "rab_salah.xlsx"))
    assert "The workbook has" in page and "cannot be attached" in page
    parsed = read_budget(FIXTURES / "rab_salah.xlsx", BudgetContext(year=2026,
                                                                     province="Jawa Timur"))
    assert parsed.errors[0].message("en") in page
    page = text_of(upload(client, demo_id, (FIXTURES / "rab_lama.xls").read_bytes()[:5120],
                          "rab_lama.xls"))
    assert FILE_ERROR.search(page).group(1) == (
        "this binary Office file (.xls) is truncated or damaged: it ends before its list of "
        "sheets; download or copy the file again")
    assert '<a class="alert-link" href="#f-file">Budget workbook</a>' in page


def test_an_abroad_study_checks_the_caps_of_its_country(app, client, staff):
    from docgen.example import abroad_example_study

    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        record = StudyRecord(office=office, data=abroad_example_study())
        session.add(record)
        session.flush()
        study_id = record.id
    page = text_of(client.get(page_url(study_id)))
    assert "Luar negeri: batas biaya Korea Selatan." in page
    assert '<option value="" selected>' in page
    assert 'value="2027"' in page
    response = upload_fixture(client, study_id, "rab_usd.xlsx")
    assert response.status_code == 200
    assert "batas standar biaya Korea Selatan, tahun anggaran 2027" in text_of(response)


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["signer", "archivist", "admin"])
def test_only_staff_upload_or_attach(app, client, login, demo_id, role):
    login(role)
    page = client.get(page_url(demo_id)).get_data(as_text=True)
    assert 'name="file"' not in page and "Hanya staf" in page
    token = csrf_token(client, page_url(demo_id))
    with open(FIXTURES / "rab_kantor.xlsx", "rb") as fh:
        response = client.post(page_url(demo_id, "/check"), data={
            "file": (fh, "rab_kantor.xlsx"), "csrf_token": token},
            content_type="multipart/form-data")
    assert response.status_code == 403
    response = client.post(page_url(demo_id, "/attach"), data={
        "key": "ab/" + "a" * 64, "csrf_token": token})
    assert response.status_code == 403
    assert budget_uploads(app) == 0


def test_another_offices_study_is_404(client, staff, other_office):
    _office_id, other_id, _email = other_office
    for tail in ("", "/anggaran.xlsx", "/rab.xlsx"):
        assert client.get(page_url(other_id, tail)).status_code == 404
    token = csrf_token(client, "/")
    with open(FIXTURES / "rab_kantor.xlsx", "rb") as fh:
        response = client.post(page_url(other_id, "/check"), data={
            "file": (fh, "rab_kantor.xlsx"), "csrf_token": token},
            content_type="multipart/form-data")
    assert response.status_code == 404


def test_a_key_from_another_office_cannot_be_attached(app, client, staff, demo_id):
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        office = Office(name="Dinas Lain", profile={"name": "DINAS LAIN"})
        record = StudyRecord(office=office, data=Study(goals=Goals(title="Lain")))
        session.add_all([office, record])
        kept = save_upload(session, store.files, office=office, purpose="budget",
                           original_name="rab_kantor.xlsx",
                           data=(FIXTURES / "rab_kantor.xlsx").read_bytes(), study=record)
        session.flush()
        key = kept.storage_key
    before = stored(app, demo_id)
    assert attach(client, demo_id, key).status_code == 404
    assert attach(client, demo_id, "../../secret_key").status_code == 400
    assert attach(client, demo_id, "").status_code == 400
    assert stored(app, demo_id) == before


def test_a_photo_key_of_the_office_is_not_a_budget(app, client, staff, demo_id):
    from docgen.render import DEFAULT_LOGO

    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        record = session.get(StudyRecord, demo_id)
        kept = save_upload(session, store.files, office=record.office, purpose="photo",
                           original_name="foto.png", data=DEFAULT_LOGO.read_bytes(),
                           study=record)
        session.flush()
        key = kept.storage_key
    assert attach(client, demo_id, key).status_code == 404


def test_the_check_address_opened_again_goes_back_to_the_page(client, staff, demo_id):
    response = client.get(page_url(demo_id, "/check"))
    assert response.status_code == 302 and response.headers["Location"] == page_url(demo_id)


def test_check_and_attach_on_each_database(make_app, db_url):
    from tests.web.pages import sign_in

    app = make_app({"DATABASE_URL": db_url})
    client = sign_in(app, app.test_client(), "staff")
    with app.extensions["docgen_store"].transaction() as session:
        demo_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    page = upload_fixture(client, demo_id, "rab_template_isi.xlsx").get_data(as_text=True)
    key = KEY.search(page).group(1)
    assert attach(client, demo_id, key).status_code == 302
    assert stored(app, demo_id).plan.budget_total == Decimal("20672000")
    assert upload_fixture(client, demo_id, "rab_sandi.xlsx").status_code == 422
    assert budget_uploads(app) == 1
