"""The documents page: kinds grouped by the seven stages, what each still needs as links to
the stage pages, one button per traveller, host or invitee, the merged file, previews and
PDF, every download recorded."""

from __future__ import annotations

import hashlib
import html
import io
import re
import time

import pytest
from sqlalchemy import select

from docgen import catalog, preview
from docgen.fields import field_label
from docgen.pdf import soffice
from docgen.preview import PNG_MAGIC, docx_key
from docgen.store import DocumentDownload, StudyRecord
from docgen.study import STAGES
from tests.web.pages import draft_study
from web.forms import field_id

needs_tools = pytest.mark.skipif(soffice() is None or preview.pdftoppm() is None,
                                 reason="LibreOffice (soffice) or pdftoppm is not installed")
SECTION = re.compile(r'<section class="doc-stage[^"]*" aria-labelledby="stage-(\d)">(.*?)</section>',
                     re.S)
PDF_NAME = "surat-permohonan-kunjungan-badan-pengelolaan-keuangan-dan-pajak.pdf"
"""The coordination letter as a PDF: named for its host, as in the ZIP."""


def _sections(page: str) -> dict[int, str]:
    return {int(number): body for number, body in SECTION.findall(page)}


def _study(app, study_id: int):
    with app.extensions["docgen_store"].transaction() as session:
        return session.get(StudyRecord, study_id).study


def _draft(app) -> int:
    """A draft of the demo office: its profile and a title, one host without addressee."""
    return draft_study(app)


def _downloads(app):
    with app.extensions["docgen_store"].transaction() as session:
        return [(d.kind, d.item, d.filename, d.sha256, d.user.email)
                for d in session.scalars(select(DocumentDownload).order_by(DocumentDownload.id))]


def test_every_available_kind_is_under_its_stage(app, client, login, demo_id):
    login("signer")
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    sections = _sections(page)
    assert sorted(sections) == list(range(1, 8))
    for number, (_key, title_id, _en) in enumerate(STAGES, start=1):
        assert html.escape(title_id) in sections[number]
    study = _study(app, demo_id)
    for kind in catalog.available(study):
        assert f'id="doc-{kind.id}"' in sections[kind.stage], kind.id
        assert kind.title_id in sections[kind.stage]
        for other in set(sections) - {kind.stage}:
            assert f'id="doc-{kind.id}"' not in sections[other]
    assert "permit_request" not in page, "only for a study abroad"
    assert "Tahap ini tidak menghasilkan naskah." in sections[3]
    assert f"/studies/{demo_id}/documents.zip" in page


def test_missing_fields_of_a_draft_link_to_their_stage_page(app, client, login):
    study_id = _draft(app)
    login("staff")
    page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    study = _study(app, study_id)
    sections = _sections(page)
    expected_links = set()
    for kind in catalog.available(study):
        block = sections[kind.stage].split(f'id="doc-{kind.id}"', 1)[1].split("</li>\n    \n", 1)[0]
        missing = catalog.missing(study, kind)
        assert missing, kind.id
        assert f"Belum siap ({len(missing)} isian lagi)" in block
        for problem in missing:
            stage = problem.path.split(".")[0].split("[")[0]
            if stage == "office" or stage not in {key for key, _id, _en in STAGES}:
                continue  # the office profile, and the realisation after the trip: no stage
            href = f"/studies/{study_id}/stages/{stage}#{field_id(problem.path)}"
            label = html.escape(field_label(problem.path, "id", start=1))
            assert f'<a href="{href}">{label}</a>' in block, (kind.id, problem.path)
            expected_links.add(href)
    found = set(re.findall(r'href="(/studies/\d+/stages/[^"]+)"', page))
    assert found == expected_links
    assert f"/studies/{study_id}/stages/plan#f-plan-start-date" in found
    assert f"/studies/{study_id}/stages/destination#f-destination-destinations-0-addressee" \
        in found
    assert f"/studies/{study_id}/stages/execution#f-execution-notes" in found
    assert "/documents/jadwal/0.docx" not in page, "nothing is offered before it is ready"
    assert "documents.zip" not in page


def test_office_fields_link_to_the_profile_for_the_administrator_only(app, client, login):
    study_id = _draft(app)
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, study_id)
        study = record.study
        study.office.city = ""
        record.save(study, None)
    login("signer")
    page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    label = html.escape(field_label("office.city", "id", start=1))
    assert label in page and "#f-office-city" not in page
    assert "profil kantor, diisi oleh administrator" in page
    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', page).group(1)})
    login("admin")
    page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    assert f'<a href="/admin/#f-office-city">{label}</a>' in page


def test_a_fan_out_shows_one_button_per_traveller_with_names(app, client, login, demo_id):
    login("archivist")
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    study = _study(app, demo_id)
    block = page.split('id="doc-spd"', 1)[1].split('id="doc-', 1)[0]
    buttons = re.findall(r'<a class="btn btn-sm btn-success doc-docx" href="([^"]+)"\s*>(.*?)</a>',
                         block, re.S)
    names = [m.full_name for m in study.plan.members_ordered]
    assert len(names) == 4
    assert [href for href, _ in buttons] == [
        f"/studies/{demo_id}/documents/spd/{i}.docx" for i in range(len(names))]
    for (_href, text), name in zip(buttons, names, strict=True):
        assert f"DOCX: <span class=\"text-break-all\">{html.escape(name)}</span>" in text
    assert block.count("/preview\"") == len(names)
    assert f"/studies/{demo_id}/documents/spd/gabungan.docx" in block
    assert "Gabungan: semua 4 dalam satu DOCX" in block
    hosts = page.split('id="doc-coordination_letter"', 1)[1].split('id="doc-', 1)[0]
    assert study.destination.destinations[0].institution in hosts
    assert "gabungan.docx" not in hosts, "one host: nothing to merge"
    single = page.split('id="doc-spt"', 1)[1].split('id="doc-', 1)[0]
    assert re.search(r'doc-docx" href="[^"]+/spt/0.docx"\s*>DOCX<', single)


def test_each_download_is_recorded(app, client, login, demo_id):
    login("signer")
    base = f"/studies/{demo_id}/documents"
    one = client.get(f"{base}/spd/2.docx")
    merged = client.get(f"{base}/spd/gabungan.docx")
    assert one.status_code == merged.status_code == 200
    rows = _downloads(app)
    assert "spd-yoga-pratama.docx" in one.headers["Content-Disposition"]
    assert rows == [("spd", 2, "spd-yoga-pratama.docx", hashlib.sha256(one.data).hexdigest(),
                     "penandatangan@contoh.go.id"),
                    ("spd", None, "spd-gabungan.docx", hashlib.sha256(merged.data).hexdigest(),
                     "penandatangan@contoh.go.id")]


def test_english_page(app, client, login, demo_id):
    login("staff")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(
        as_text=True)).group(1)
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert "Merged: all 4 in one DOCX" in page and "Travel warrant (SPD)" in page
    assert "Goals and needs" in page and "Still to fill in:" in page


def test_preview_and_pdf_of_another_office_or_unready_kind_are_404(client, login, demo_id,
                                                                   other_office):
    login("staff")
    other = other_office[1]
    for path in (f"/studies/{other}/documents/jadwal/0/preview",
                 f"/studies/{other}/documents/jadwal/0/preview/1.png",
                 f"/studies/{other}/documents/jadwal/0.pdf",
                 f"/studies/{demo_id}/documents/final_report/0/preview",
                 f"/studies/{demo_id}/documents/final_report/0.pdf",
                 f"/studies/{demo_id}/documents/spd/7/preview",
                 f"/studies/{demo_id}/documents/nope/0/preview/1.png"):
        assert client.get(path).status_code == 404, path


def test_without_libreoffice_the_preview_says_so_and_offers_the_docx(app, client, login,
                                                                      demo_id, monkeypatch):
    monkeypatch.setattr(preview, "soffice", lambda: None)
    login("signer")
    page = client.get(f"/studies/{demo_id}/documents/spt/0/preview").get_data(as_text=True)
    assert "Pratinjau memerlukan LibreOffice" in page
    assert f'href="/studies/{demo_id}/documents/spt/0.docx"' in page
    assert "<img" not in page and ".pdf" not in page
    index = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert "memerlukan LibreOffice" in index and ".pdf" not in index
    assert client.get(f"/studies/{demo_id}/documents/spt/0/preview/1.png").status_code == 404
    pdf = client.get(f"/studies/{demo_id}/documents/spt/0.pdf")
    assert pdf.status_code == 302 and pdf.headers["Location"].endswith("/spt/0/preview")
    assert _downloads(app) == []


@pytest.mark.pdf
@needs_tools
def test_preview_shows_every_page_as_png(app, client, login, demo_id):
    from pypdf import PdfReader

    login("signer")
    base = f"/studies/{demo_id}/documents/coordination_letter/0"
    waiting = client.get(f"{base}/preview")  # made in the background: asked again
    assert waiting.status_code == 202 and "Sedang dibuat" in waiting.get_data(as_text=True)
    status = re.search(r'data-status-urls="([^"]+)"', waiting.get_data(as_text=True)).group(1)
    deadline = time.monotonic() + 120
    while not client.get(status).json["done"] and time.monotonic() < deadline:
        time.sleep(0.2)
    page = client.get(f"{base}/preview").get_data(as_text=True)
    assert "Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya" in page
    images = re.findall(r'<img [^>]*src="([^"]+)"', page)
    pdf = client.get(f"/studies/{demo_id}/documents/coordination_letter/0.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert PDF_NAME in pdf.headers["Content-Disposition"]
    pages = len(PdfReader(io.BytesIO(pdf.data)).pages)
    assert pages == len(images) == 2
    for number, src in enumerate(images, start=1):
        assert html.unescape(src).startswith(f"{base}/preview/{number}.png?v=")
        image = client.get(html.unescape(src))
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert image.data.startswith(PNG_MAGIC)
        assert "max-age=86400" in image.headers["Cache-Control"]
    assert client.get(f"{base}/preview/{pages + 1}.png").status_code == 404
    assert client.get(f"{base}/preview/1.png").headers["Cache-Control"] == "no-store"
    docx = client.get(f"/studies/{demo_id}/documents/coordination_letter/0.docx").data
    key = docx_key(docx)
    cached = app.config["DOCGEN_HOME"] / "previews" / key[:2] / key
    assert (cached / "pages").read_text() == str(pages)
    rows = _downloads(app)
    assert rows[0][:3] == ("coordination_letter", 0, PDF_NAME)
    assert rows[0][3] == hashlib.sha256(pdf.data).hexdigest()


@pytest.mark.pdf
@needs_tools
def test_the_page_offers_pdf_when_libreoffice_is_there(client, login, demo_id):
    login("staff")
    page = client.get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert f"/studies/{demo_id}/documents/spt/0.pdf" in page
    assert "memerlukan LibreOffice" not in page


def test_the_page_has_no_inline_script_and_escapes_names(app, client, login, demo_id):
    with app.extensions["docgen_store"].transaction() as session:
        record = session.get(StudyRecord, demo_id)
        study = record.study
        study.plan.team[1].name = "<b>Rina</b> & Co"
        record.save(study, None)
    page = login("staff").get(f"/studies/{demo_id}/documents").get_data(as_text=True)
    assert "&lt;b&gt;Rina&lt;/b&gt; &amp; Co" in page and "<b>Rina</b>" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and " style=" not in page


def test_item_labels_name_whom_each_document_is_for(study):
    from docgen.idformat import tanggal
    from web.documents import item_label

    kinds = catalog.KINDS
    notes = study.execution.notes
    assert [item_label(study, kinds["notulen"], i) for i in range(len(notes))] == [
        f"{tanggal(n.date)} · {n.place}" for n in notes]
    pairs = catalog.invitation_pairs(study)
    assert pairs, "the example invites people"
    assert [item_label(study, kinds["invitation"], i)
            for i in catalog.items(study, kinds["invitation"])] == [who for _, who in pairs]
    study.office.invitation_mode = "distribution_list"
    events = study.reporting.dissemination
    assert [item_label(study, kinds["invitation"], i)
            for i in catalog.items(study, kinds["invitation"])] == [
        e.title for e in events if e.invitees]
    study.plan.team[0].name = study.plan.team[0].title_front = study.plan.team[0].title_back = ""
    ordered = study.plan.members_ordered
    blank = ordered.index(study.plan.team[0])
    assert item_label(study, kinds["spd"], blank) == f"Pelaku perjalanan {blank + 1}"
    assert item_label(study, kinds["spd"], blank, "en") == f"Traveller {blank + 1}"
    assert item_label(study, kinds["spt"], None) == ""
