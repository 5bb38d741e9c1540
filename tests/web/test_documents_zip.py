"""The ZIP of a study's documents: a folder per stage named from the stage's title, each
paper named after its kind and whom it is for (traveller, host, invitee; never cut in the
middle of a word), the PDFs beside them on request; checked by opening the ZIP."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from sqlalchemy import select

from docgen import bundle, catalog
from docgen.pdf import soffice
from docgen.preview import pdftoppm
from docgen.store import DocumentDownload, StudyRecord
from docgen.study import STAGES
from tests.web.pages import fresh_demo_study

FOLDERS = {f"{n}-{re.sub(r'[^a-z0-9]+', '-', title.lower())}" for n, (_k, title, _e)
           in enumerate(STAGES, 1)}


@pytest.fixture
def example_id(app) -> int:
    """The whole example study (all seven stages) in the demo office."""
    from docgen.example import example_study
    from docgen.store import Office

    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalars(select(Office).order_by(Office.id)).first()
        record = StudyRecord(office=office, data=example_study())
        session.add(record)
        session.flush()
        return record.id


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def _study(app, study_id: int):
    with app.extensions["docgen_store"].session() as session:
        return session.get(StudyRecord, study_id).study


def _whole_words(name: str, source: str) -> bool:
    """Every word of the slug `name` is a whole word of `source`."""
    words = set(bundle.slug(source).split("-"))
    return all(part in words for part in name.split("-"))


def test_the_zip_has_a_folder_per_stage_and_papers_named_for_whom(app, client, login):
    study_id = fresh_demo_study(app, "sb-uji-zip")
    study = _study(app, study_id)
    login("staff")
    response = client.get(f"/studies/{study_id}/documents.zip")
    assert "studi-banding-penerapan-e-budgeting" in response.headers["Content-Disposition"]
    with _zip(response) as zf:
        names = zf.namelist()
        for name in names:
            folder, file = name.split("/")
            assert folder in FOLDERS, name
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.docx", file), name
            Document(io.BytesIO(zf.read(name)))  # each one opens
    assert "1-identifikasi-tujuan-dan-kebutuhan/nota-dinas-permohonan-persetujuan.docx" in names
    assert "4-koordinasi-dan-persiapan/surat-perintah-tugas.docx" in names
    # one SPD per traveller, named after the traveller (without academic titles)
    spds = sorted(n for n in names if n.startswith("4-koordinasi-dan-persiapan/spd-"))
    team = study.plan.members_ordered
    assert spds == sorted(f"4-koordinasi-dan-persiapan/spd-{bundle.slug(m.name)}.docx"
                          for m in team)
    assert "4-koordinasi-dan-persiapan/spd-bambang-setiawan.docx" in spds
    # the letter to each host, named after the host, shortened at a word boundary
    [letter] = [n for n in names if "/surat-permohonan-kunjungan-" in n]
    host = study.destination.destinations[0].institution
    about = letter.split("/surat-permohonan-kunjungan-", 1)[1].removesuffix(".docx")
    assert len(about) <= bundle.NAME_WORDS_LIMIT and _whole_words(about, host), about
    assert about == "badan-pengelolaan-keuangan-dan-pajak"
    # every file of the ZIP is recorded as downloaded, by its place in the ZIP
    with app.extensions["docgen_store"].session() as session:
        recorded = set(session.scalars(select(DocumentDownload.filename).where(
            DocumentDownload.study_id == study_id)))
    assert set(names) <= recorded


def test_invitations_and_notes_are_named_after_the_invitee_and_the_meeting(app, client,
                                                                         login, example_id):
    study = _study(app, example_id)
    login("staff")
    with _zip(client.get(f"/studies/{example_id}/documents.zip")) as zf:
        names = zf.namelist()
    invitations = [n for n in names if "/undangan-diseminasi-" in n]
    invitees = [i for _e, i in catalog.invitation_pairs(study)]
    assert len(invitations) == len(invitees) >= 2
    for name, invitee in zip(sorted(invitations), sorted(invitees, key=bundle.slug),
                             strict=True):
        about = name.split("/undangan-diseminasi-", 1)[1].removesuffix(".docx")
        assert invitee and _whole_words(about, invitee), (about, invitee)
        assert not about.endswith(("-dan", "-di", "-ke")), about
    notes = sorted(n for n in names if n.startswith("5-pelaksanaan/notulen-"))
    assert notes[0].startswith("5-pelaksanaan/notulen-2026-12-14-"), notes
    assert any(n.startswith("7-pelaporan-dan-diseminasi/kuitansi-") for n in names)


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Badan Pengelolaan Keuangan dan Pajak Daerah Kota Surabaya", 40,
     "badan-pengelolaan-keuangan-dan-pajak"),
    ("Kepala Dinas Komunikasi dan Informatika", 30, "kepala-dinas-komunikasi"),
    ("Dr. Bambang Setiawan, S.E., M.Si.", 40, "dr-bambang-setiawan-s-e-m-si"),
    ("Dinas Pariwisata Daerah Istimewa Yogyakarta", 12, "dinas"),
    ("Penyelenggaraanpemerintahanterpadu Kota", 10, "penyelenggaraanpemerintahanterpadu"),
    ("Sekretariat DPRD — Bagian Umum & Protokol", 100, "sekretariat-dprd-bagian-umum-protokol"),
    ("Ñusantara Çilacap", 40, "nusantara-cilacap"),
])
def test_a_name_is_never_cut_in_the_middle_of_a_word(text, limit, expected):
    assert bundle.slug(text, limit) == expected


def test_two_papers_of_the_same_name_are_told_apart():
    names = bundle.Names()
    assert [names.unique(n) for n in ("a/spd-budi.docx", "a/spd-budi.docx", "a/spd-budi.pdf",
                                      "a/spd-budi.docx")] == \
        ["a/spd-budi.docx", "a/spd-budi-2.docx", "a/spd-budi.pdf", "a/spd-budi-3.docx"]


def test_pdfs_asked_for_without_libreoffice(app, client, login, monkeypatch):
    study_id = fresh_demo_study(app, "sb-uji-zip-tanpa-pdf")
    login("staff")
    monkeypatch.setattr("docgen.preview.missing_tool", lambda: "libreoffice")
    response = client.get(f"/studies/{study_id}/documents.zip?pdf=1", follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "LibreOffice (soffice) belum terpasang" in response.get_data(as_text=True)
    page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="zip-form".*?</form>', page, flags=re.S).group(0)
    assert f'action="/studies/{study_id}/documents.zip"' in form and 'method="get"' in form


@pytest.mark.pdf
@pytest.mark.skipif(soffice() is None or pdftoppm() is None,
                    reason="LibreOffice (soffice) and poppler (pdftoppm) are needed")
def test_pdfs_on_request_sit_beside_each_docx(app, client, login):
    from pypdf import PdfReader

    study_id = fresh_demo_study(app, "sb-uji-zip-pdf")
    with app.extensions["docgen_store"].transaction() as session:  # one traveller: fewer PDFs
        record = session.get(StudyRecord, study_id)
        study = record.study
        study.plan.team = [m for m in study.plan.team if m.role == "ketua"]
        record.data = study
    login("staff")
    page = client.get(f"/studies/{study_id}/documents").get_data(as_text=True)
    assert 'name="pdf" value="1"' in page and "beserta PDF setiap naskah" in page
    waiting = client.get(f"/studies/{study_id}/documents.zip?pdf=1")  # PDFs being made
    assert waiting.status_code == 202
    assert re.search(r"0 dari \d+ siap", waiting.get_data(as_text=True))
    response = client.get(f"/studies/{study_id}/documents.zip?pdf=1&wait=120")
    assert "-dengan-pdf.zip" in response.headers["Content-Disposition"]
    with _zip(response) as zf:
        names = zf.namelist()
        docx = [n for n in names if n.endswith(".docx")]
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert sorted(n.removesuffix(".pdf") for n in pdfs) == \
            sorted(n.removesuffix(".docx") for n in docx)
        spt = PdfReader(io.BytesIO(zf.read("4-koordinasi-dan-persiapan/surat-perintah-tugas.pdf")))
        assert "SURAT PERINTAH TUGAS" in spt.pages[0].extract_text()
    # the same PDF as the single download of that document
    single = client.get(f"/studies/{study_id}/documents/spt/0.pdf")
    with _zip(client.get(f"/studies/{study_id}/documents.zip?pdf=1")) as zf:
        assert zf.read("4-koordinasi-dan-persiapan/surat-perintah-tugas.pdf") == single.data


def test_a_paper_downloaded_alone_has_its_name_in_the_zip(app, client, login, example_id):
    """Each DOCX downloaded alone is named as the same paper in the ZIP (without
    its stage's folder): a kind made per traveller, host, visit note or invitee by whom it is
    for, cut at a word boundary."""
    login("staff")
    study = _study(app, example_id)
    in_zip = {name.split("/", 1)[1] for name in _zip(
        client.get(f"/studies/{example_id}/documents.zip")).namelist()}
    base = f"/studies/{example_id}/documents"
    alone = set()
    for kind in ("spt", "spd", "coordination_letter", "notulen", "invitation"):
        found = catalog.get_kind(kind)
        for item in (catalog.items(study, found) if found.fan_out != "none" else [0]):
            response = client.get(f"{base}/{kind}/{item}.docx")
            assert response.status_code == 200, (kind, item)
            disposition = response.headers["Content-Disposition"]
            name = re.search(r'filename="?([^";]+)"?', disposition).group(1)
            assert name in in_zip, (name, sorted(in_zip))
            alone.add(name)
    traveller = study.plan.members_ordered[1].name
    assert f"spd-{bundle.slug(traveller)}.docx" in alone
    assert not any(re.search(r"-\d\.docx$", n) for n in alone)  # never spd-2.docx again
    letter = next(n for n in alone if n.startswith("surat-permohonan-kunjungan-"))
    host = study.destination.destinations[0].institution
    about = letter.removeprefix("surat-permohonan-kunjungan-").removesuffix(".docx")
    assert len(about) <= bundle.NAME_WORDS_LIMIT and _whole_words(about, host)
    assert bundle.slug(host).startswith(about) and bundle.slug(host) != about  # cut
