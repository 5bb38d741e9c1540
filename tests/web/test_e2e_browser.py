"""A study from its first stage to its documents, in a real browser against a live server.

A staff member signs in, makes a new study and fills all seven stages through the forms by
typing and clicking (rows added with "Tambah baris", one removed again), attaches the budget
workbook on the budget page, then downloads the coordination letter and the ZIP of every
ready document and reads them. A second test shows a value the model refuses coming back
beside its field with the value as typed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from docgen import catalog
from tests.web.browser_helpers import submit
from tests.web.pages import stored
from web.forms import field_id

pytestmark = pytest.mark.browser

BUDGET_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "budget" / "rab_kantor.xlsx"
BUDGET_TOTAL = "24.422.000"
"""The total of rab_kantor.xlsx (``docgen budget check`` prints Rp24.422.000,00)."""

TITLE = "Studi Banding Pelayanan Perizinan Terpadu Satu Pintu"
LEADER = "Ir. Agus Santoso, M.T."
ADDRESSEE = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Surabaya"
TEAM = [
    # name, front, back, NIP (as typed), golongan, jabatan, eselon, birth date (as typed),
    # role, level
    ("Agus Santoso", "Ir.", "M.T.", "19720315 199803 1 004", "IV/a", "Sekretaris Bappeda",
     "III.a", "15/03/1972", "ketua", "B"),
    ("Sri Lestari", "", "S.E.", "19850621 201001 2 003", "III/c", "Perencana Ahli Muda",
     "", "21/06/1985", "anggota", "C"),
    ("Budi Hartono", "", "S.T.", "19880101 201101 1 002", "III/b", "Penata Kelola",
     "", "01/01/1988", "anggota", "C"),
    ("Andi Wijaya", "", "S.Kom.", "19900412 201503 1 001", "III/b",
     "Pranata Komputer Ahli Pertama", "", "12/04/1990", "anggota", "C"),
    ("Maya Puspita", "", "S.A.P.", "19930808 201902 2 002", "III/a", "Analis Kebijakan",
     "", "08/08/1993", "anggota", "C"),
]
REMOVED = 2
"""The team row removed again before saving (Budi Hartono)."""


# ---------------------------------------------------------------------------
# Helpers: fields by their study path, rows, saving


def field(page, name: str):
    return page.locator(f"[name='{name}']")


def fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field(page, name).fill(value)


def choose(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field(page, name).select_option(value)


def add_row(page, list_name: str) -> None:
    """Click the list's own "Tambah baris" and check the new row's first field has focus."""
    box = page.locator(f"#{field_id(list_name)}")
    before = box.locator(":scope > [data-rows] > [data-row]").count()
    button = box.locator(":scope > [data-add-row]")
    assert button.inner_text().startswith("Tambah baris")
    button.click()
    rows = box.locator(":scope > [data-rows] > [data-row]")
    assert rows.count() == before + 1
    focused = page.evaluate("document.activeElement.name")
    assert focused.startswith(f"{list_name}["), focused


def save_and_go_on(page, base: str, study_id: int, key: str, following: str) -> None:
    """"Simpan dan lanjutkan": saved, nothing to check in the stage, on the next stage."""
    submit(page, page.get_by_role("button", name="Simpan dan lanjutkan"))
    checks = page.locator("#stage-checks, #error-summary")
    assert not checks.count(), checks.first.inner_text()
    assert page.url == f"{base}/studies/{study_id}/stages/{following}", page.url
    assert page.locator(".flash-messages").inner_text().startswith("Draf tersimpan.")


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# The stages


def fill_goals(page) -> None:
    assert field(page, "goals.title").input_value() == TITLE
    choose(page, {"goals.topic": "public_service", "goals.scope": "dalam_negeri"})
    field(page, "goals.background").fill(
        "Pelayanan perizinan di Kabupaten Sleman masih tersebar di beberapa perangkat daerah.\n"
        "Kota Surabaya telah menyatukannya dalam satu pintu yang terhubung dengan OSS.")
    field(page, "goals.aims[0]").fill("Mempelajari alur perizinan terpadu satu pintu")
    add_row(page, "goals.aims")
    page.keyboard.type("Mempelajari integrasi layanan dengan sistem OSS")
    field(page, "goals.expected_results[0]").fill("Rancangan alur layanan perizinan terpadu")
    add_row(page, "goals.legal_bases")
    fill(page, {"goals.legal_bases[0]": "Undang-Undang Nomor 23 Tahun 2014 tentang "
                                        "Pemerintahan Daerah",
                "goals.legal_bases[1]": "Peraturan Presiden Nomor 97 Tahun 2014 tentang "
                                        "Penyelenggaraan Pelayanan Terpadu Satu Pintu"})


def fill_plan(page) -> None:
    field(page, "plan.start_date").fill("15/12/2026")
    field(page, "plan.end_date").fill("17/12/2026")
    fill(page, {"plan.departure_place": "Sleman", "plan.transport": "Pesawat udara"})

    fill(page, {"plan.agenda[0].date": "15/12/2026", "plan.agenda[0].start_time": "07:00",
                "plan.agenda[0].end_time": "09:30",
                "plan.agenda[0].activity": "Perjalanan Yogyakarta – Surabaya",
                "plan.agenda[0].place": "Bandara Internasional Yogyakarta"})
    add_row(page, "plan.agenda")
    fill(page, {"plan.agenda[1].date": "16/12/2026", "plan.agenda[1].start_time": "09:00",
                "plan.agenda[1].end_time": "12:00",
                "plan.agenda[1].activity": "Paparan layanan perizinan terpadu",
                "plan.agenda[1].place": "Mal Pelayanan Publik Kota Surabaya",
                "plan.agenda[1].pic": "DPMPTSP Kota Surabaya"})

    for i, (name, front, back, nip, gol, jabatan, eselon, born, role, level) in enumerate(TEAM):
        if i:
            add_row(page, "plan.team")
            page.keyboard.type(name)
        else:
            field(page, "plan.team[0].name").fill(name)
        row = f"plan.team[{i}]"
        fill(page, {f"{row}.title_front": front, f"{row}.title_back": back,
                    f"{row}.nip": nip, f"{row}.jabatan": jabatan,
                    f"{row}.birth_date": born, f"{row}.cost_level": level})
        choose(page, {f"{row}.golongan": gol, f"{row}.eselon": eselon, f"{row}.role": role})
    team = page.locator(f"#{field_id('plan.team')}")
    team.locator(f"button[data-remove-row][value='plan.team[{REMOVED}]']").click()
    numbers = team.locator(":scope > [data-rows] > [data-row] > .card-header "
                           "> span > [data-row-number]")
    assert numbers.all_inner_texts() == ["1", "2", "3", "4"]

    fill(page, {"plan.funding.source": "APBD Kabupaten Sleman Tahun Anggaran 2026",
                "plan.funding.sub_kegiatan": "Koordinasi Pelaksanaan Perencanaan",
                "plan.funding.account_code": "5.1.02.04.01.0001",
                "plan.funding.account_name": "Belanja Perjalanan Dinas Biasa"})


def fill_destination(page) -> None:
    fill(page, {"destination.candidates[0].institution": "Pemerintah Kota Surabaya",
                "destination.candidates[0].region": "Jawa Timur",
                "destination.candidates[0].best_practice": "Mal Pelayanan Publik",
                "destination.candidates[0].reason": "Terintegrasi dengan OSS"})
    field(page, "destination.candidates[0].chosen").check()
    fill(page, {"destination.destinations[0].institution":
                "Dinas Penanaman Modal dan PTSP Kota Surabaya",
                "destination.destinations[0].addressee": ADDRESSEE,
                "destination.destinations[0].address": "Jalan Tunjungan Nomor 1",
                "destination.destinations[0].city": "Surabaya",
                "destination.destinations[0].province": "Jawa Timur",
                "destination.destinations[0].visit_date": "16/12/2026"})


def fill_coordination(page) -> None:
    fill(page, {"coordination.contact.name": "Ratna Sari", "coordination.contact.phone":
                "031-5312144", "coordination.requested_start": "15/12/2026",
                "coordination.requested_end": "17/12/2026",
                "coordination.reply_number": "500.16/123/436.7.5/2026",
                "coordination.reply_date": "03/12/2026"})
    choose(page, {"coordination.checklist[0].item": "tickets",
                  "coordination.checklist[0].status": "done"})
    field(page, "coordination.checklist[0].date").fill("05/12/2026")
    add_row(page, "coordination.checklist")
    choose(page, {"coordination.checklist[1].item": "lodging",
                  "coordination.checklist[1].status": "in_progress"})


def fill_execution(page) -> None:
    fill(page, {"execution.log[0].date": "16/12/2026",
                "execution.log[0].activity": "Kunjungan ke Mal Pelayanan Publik",
                "execution.log[0].place": "Surabaya"})
    note = "execution.notes[0]"
    fill(page, {f"{note}.date": "16/12/2026", f"{note}.start_time": "09:00",
                f"{note}.end_time": "12:00", f"{note}.place": "Mal Pelayanan Publik",
                f"{note}.chair": "Kepala DPMPTSP Kota Surabaya",
                f"{note}.host_participants[0]": "Kepala Bidang Pelayanan",
                f"{note}.topics[0]": "Alur perizinan terpadu",
                f"{note}.discussion[0]": "Semua izin diajukan melalui satu loket daring",
                f"{note}.agreements[0]": "Pendampingan teknis pada tahun berikutnya",
                f"{note}.notetaker": "Sri Lestari, S.E."})
    add_row(page, f"{note}.discussion")
    page.keyboard.type("Integrasi dengan OSS memakai antarmuka resmi")
    fill(page, {"execution.findings[0].topic": "Layanan satu pintu",
                "execution.findings[0].description":
                "Seluruh izin diproses dalam satu sistem dengan tenggat yang dipantau."})


def fill_evaluation(page) -> None:
    fill(page, {"evaluation.aim_results[0].aim": "Alur perizinan terpadu",
                "evaluation.aim_results[0].result": "Alur dipelajari dan didokumentasikan",
                "evaluation.lessons[0]": "Satu loket daring memangkas waktu layanan",
                "evaluation.recommendations[0]": "Menyusun rancangan alur perizinan terpadu"})
    fill(page, {"evaluation.follow_up[0].action": "Menyusun rancangan peraturan bupati",
                "evaluation.follow_up[0].owner.name": "Bagian Hukum",
                "evaluation.follow_up[0].due_date": "31/03/2027",
                "evaluation.follow_up[0].indicator": "Rancangan selesai dibahas"})
    add_row(page, "evaluation.follow_up")
    page.keyboard.type("Uji coba loket daring")
    fill(page, {"evaluation.follow_up[1].owner.name": "DPMPTSP Kabupaten Sleman",
                "evaluation.follow_up[1].due_date": "30/06/2027"})
    choose(page, {"evaluation.follow_up[1].status": "berjalan"})


def fill_reporting(page) -> None:
    fill(page, {"reporting.addressee": "Bupati Sleman", "reporting.report_date": "21/12/2026",
                "reporting.summary": "Tim mempelajari layanan perizinan terpadu.",
                "reporting.conclusions[0]": "Layanan satu pintu layak diterapkan"})
    add_row(page, "reporting.conclusions")
    page.keyboard.type("Diperlukan peraturan bupati sebagai dasar")
    event = "reporting.dissemination[0]"
    choose(page, {f"{event}.kind": "rapat"})
    fill(page, {f"{event}.title": "Rapat diseminasi hasil studi banding",
                f"{event}.date": "12/01/2027", f"{event}.start_time": "09:00",
                f"{event}.end_time": "11:00", f"{event}.place": "Ruang rapat Bappeda",
                f"{event}.invitees[0]": "Kepala DPMPTSP Kabupaten Sleman"})
    add_row(page, f"{event}.invitees")
    page.keyboard.type("Kepala Bagian Hukum Setda Kabupaten Sleman")


STAGES = [("goals", fill_goals), ("plan", fill_plan), ("destination", fill_destination),
          ("coordination", fill_coordination), ("execution", fill_execution),
          ("evaluation", fill_evaluation), ("reporting", fill_reporting)]


# ---------------------------------------------------------------------------
# The tests


def test_a_new_study_through_every_stage_to_its_documents(app, live, tmp_path):
    page, base, messages = live

    submit(page, page.get_by_role("link", name="Studi baru"))
    page.get_by_label("Judul studi banding").fill(TITLE)
    page.get_by_label("Tahun anggaran").fill("2026")
    submit(page, page.get_by_role("button", name="Simpan draf"))
    assert re.search(r"/studies/\d+$", page.url), page.url
    study_id = int(page.url.rsplit("/", 1)[1])

    submit(page, page.get_by_role("link", name=re.compile(r"^1\. ")))
    for (key, fill_stage), following in zip(STAGES, [k for k, _ in STAGES[1:]] + [None],
                                            strict=True):
        assert page.url == f"{base}/studies/{study_id}/stages/{key}"
        fill_stage(page)
        if following:
            save_and_go_on(page, base, study_id, key, following)
        else:
            submit(page, page.get_by_role("button", name="Simpan", exact=True))
            assert page.locator(".flash-messages").inner_text().startswith("Draf tersimpan.")

    study = stored(app, study_id)
    assert [m.full_name for m in study.plan.team] == [
        LEADER, "Sri Lestari, S.E.", "Andi Wijaya, S.Kom.", "Maya Puspita, S.A.P."]
    assert study.plan.team[0].nip == "197203151998031004"
    assert study.plan.leader.name == "Agus Santoso"
    assert [a.activity for a in study.plan.agenda][1] == "Paparan layanan perizinan terpadu"
    assert study.plan.start_date.isoformat() == "2026-12-15"
    assert study.destination.candidates[0].chosen
    assert study.execution.notes[0].discussion[1] == \
        "Integrasi dengan OSS memakai antarmuka resmi"
    assert study.evaluation.follow_up[1].status == "berjalan"
    assert study.reporting.dissemination[0].invitees == [
        "Kepala DPMPTSP Kabupaten Sleman", "Kepala Bagian Hukum Setda Kabupaten Sleman"]

    # The budget: the office's own workbook, checked, then attached.
    page.goto(f"{base}/studies/{study_id}")
    submit(page, page.get_by_role("link", name="Anggaran (RAB)"))
    page.get_by_label("Buku kerja anggaran", exact=True).set_input_files(BUDGET_FILE)
    submit(page, page.get_by_role("button", name="Periksa buku kerja"))
    checked = page.locator("#check .alert-success")
    assert f"6 baris, jumlah Rp{BUDGET_TOTAL}" in checked.inner_text()
    assert stored(app, study_id).plan.budget == [], "nothing attached before confirming"
    submit(page, page.get_by_role("button", name="Lampirkan ke studi"))
    assert f"jumlah Rp{BUDGET_TOTAL}" in page.locator(".flash-messages").inner_text()
    assert stored(app, study_id).plan.budget_total == 24_422_000

    page.goto(f"{base}/studies/{study_id}")
    badges = page.locator(".list-group .stage-badge").all_inner_texts()
    assert badges == ["Lengkap"] * 7, badges

    # The documents: the coordination letter, then every ready one in the ZIP.
    page.goto(f"{base}/studies/{study_id}/documents")
    study = stored(app, study_id)
    ready = [kind for kind in catalog.available(study) if not catalog.missing(study, kind)]
    files = sum(len(catalog.items(study, kind)) for kind in ready)
    summary = page.locator("main").inner_text()
    waiting = [kind for kind in catalog.available(study) if kind not in ready]
    # the seven stages make every paper but the treasurer's, which wait for what was spent
    assert {kind.id for kind in waiting} == {"rincian_biaya", "kuitansi", "daftar_nominatif"}
    assert all(p.path.startswith("realisation")
               for kind in waiting for p in catalog.missing(study, kind))
    assert len(ready) == 14, "every other document is ready"
    available = len(catalog.available(study))
    assert f"{len(ready)} dari {available} naskah dapat dibuat sekarang." in summary

    letter = page.locator("#doc-coordination_letter a.doc-docx")
    assert letter.count() == 1
    with page.expect_download() as info:
        letter.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text = docx_text(Path(download.path()).read_bytes())
    assert TITLE in text
    assert LEADER in text
    assert f"Yth. {ADDRESSEE}" in text
    # The host's own day from the agenda (its session on the 16th), not the whole trip.
    assert "Rabu, 16 Desember 2026" in text
    assert "Selasa s.d. Kamis" not in text
    assert "NIP 19720315 199803 1 004" in text.replace("\u00a0", " ")  # kept unbroken
    assert "Budi Hartono" not in text

    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh semua naskah yang siap (ZIP)").click()
    download = info.value
    assert download.suggested_filename == "studi-banding-pelayanan-perizinan-terpadu-satu-pintu.zip"
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)) == files
        for name in names:
            assert archive.read(name)[:2] == b"PK", name
    buttons = page.locator(".doc-items a.doc-docx").count()
    assert buttons == files
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]


def test_a_refused_value_shows_beside_its_field_as_typed(app, live, demo_id):
    page, base, messages = live
    page.goto(f"{base}/studies/{demo_id}/stages/plan")
    before = stored(app, demo_id).plan.team[0].nip
    typed = "19750214 200003 1 00"
    nip = field(page, "plan.team[0].nip")
    nip.fill(typed)
    submit(page, page.get_by_role("button", name="Simpan", exact=True))

    error = page.locator(f"#{field_id('plan.team[0].nip')}-error")
    assert error.is_visible()
    assert "NIP harus 18 digit" in error.inner_text()
    assert nip.input_value() == typed
    assert "is-invalid" in (nip.get_attribute("class") or "")
    assert f"{field_id('plan.team[0].nip')}-error" in nip.get_attribute("aria-describedby")
    field_box, error_box = nip.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
    assert abs(error_box["x"] - field_box["x"]) < 2
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "NIP" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert stored(app, demo_id).plan.team[0].nip == before
    assert not [m for m in messages if "Content Security Policy" in m or "pageerror" in m]
