"""Batches: one invitation per recipient, in one ZIP, from one prepared document
(``docgen batch`` and :mod:`docgen.batch`)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from docgen import batch
from docgen.catalog import get_kind
from docgen.cli import main
from docgen.invitee import Invitee
from docgen.recipients import Recipient, read_recipients
from docgen.render import render_document
from tests.helpers import docx_text, docx_xml
from tests.recipient_sheets import HEADER, villages, xlsx


def run(*args: str, lang: str = "id", home=None):
    env = {"DOCGEN_LANG": lang}
    if home is not None:
        env["DOCGEN_HOME"] = str(home)
    return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def study_file(tmp_path, study_data):
    path = tmp_path / "studi.json"
    path.write_text(json.dumps(study_data), encoding="utf-8")
    return path


def sheet_file(tmp_path, rows, name="penerima.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx(rows))
    return path


def entries(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_one_letter_per_recipient_addressed_with_address_and_city(tmp_path, study_file):
    rows = [HEADER, *villages(3),
            [4, "Kepala Dinas Kesehatan", "Dinas Kesehatan Kabupaten Sleman", None,
             None, None, None]]
    out = tmp_path / "undangan.zip"
    result = run("batch", str(study_file), "--recipients", str(sheet_file(tmp_path, rows)),
                 "--out", str(out), home=tmp_path / "home")
    assert result.exit_code == 0, result.output
    files = entries(out)
    assert list(files) == [
        "undangan-diseminasi-001-kepala-desa-sukamaju-1.docx",
        "undangan-diseminasi-002-kepala-desa-sukamaju-2.docx",
        "undangan-diseminasi-003-kepala-desa-sukamaju-3.docx",
        "undangan-diseminasi-004-kepala-dinas-kesehatan-kabupaten-sleman.docx",
        "ringkasan-batch.csv"]
    first = docx_text(files["undangan-diseminasi-001-kepala-desa-sukamaju-1.docx"])
    assert "Yth. Kepala Desa Sukamaju 1\nJl. Kaliurang Km 1\ndi\nSleman\n" in first
    assert "Budi Santoso" not in first  # addressed to the office, not the person
    last = docx_text(files["undangan-diseminasi-004-kepala-dinas-kesehatan-kabupaten-sleman.docx"])
    assert "Yth. Kepala Dinas Kesehatan Kabupaten Sleman\ndi\nTempat\n" in last
    assert re.search(r"\nNomor\n:\n000\.9\.3/\xa0+/Bappeda/\d{4}\n", first)  # a draft
    assert "4 naskah dibuat, 0 baris ditolak, 0 peringatan" in result.output


def test_a_letter_equals_the_one_rendered_for_that_invitee_alone(tmp_path, study):
    recipients = [Recipient(2, "P!B2", Invitee("Kepala Desa Sukamaju")),
                  Recipient(3, "P!B3", Invitee("Kepala Desa Sukamakmur"))]
    prepared = batch.prepare(study, get_kind("invitation"), recipients)
    made = batch.render_part(prepared, recipients, 0, 2)
    alone, item = batch.batch_study(study, get_kind("invitation"), recipients)
    expected = render_document(alone, "invitation", item=item + 1)
    assert docx_xml(made[1].files[0][1]) == docx_xml(expected.data)
    assert "Yth. Kepala Desa Sukamakmur" in docx_text(made[1].files[0][1])


def test_bad_rows_are_named_and_the_rest_made(tmp_path, study_file):
    rows = [HEADER, *villages(2), [3, None, "Desa Tanpa Jabatan", None, None, None, None],
            [4, "Kepala Desa", "Desa Sukamaju 1", "Jl. Kaliurang Km 1", "Sleman", None, None]]
    path = sheet_file(tmp_path, rows)
    for lang, refused, summary in [
        ("id", "Penerima!B6: baris 6: jabatan penerima kosong",
         "2 naskah dibuat, 2 baris ditolak, 0 peringatan"),
        ("en", "Penerima!B6: row 6: the addressee's position (jabatan) is empty",
         "2 documents made, 2 rows refused, 0 warnings")]:
        out = tmp_path / f"{lang}.zip"
        result = run("--lang", lang, "batch", str(study_file), "--recipients", str(path),
                     "--out", str(out), home=tmp_path / "home")
        assert result.exit_code == 1
        assert refused in result.output and summary in result.output
        assert "Penerima!B7" in result.output
        files = entries(out)
        assert len([n for n in files if n.endswith(".docx")]) == 2
    report = files["ringkasan-batch.csv"].decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(report), delimiter=";"))
    assert table[0][:3] == ["No", "Sel", "Kepada (Yth.)"]
    assert [row[9] for row in table[1:]] == ["dibuat", "dibuat", "ditolak", "ditolak"]
    assert table[3][1] == "Penerima!B6" and "jabatan" in table[3][10]
    assert table[1][7] == "Desa Sukamaju 1"  # Instansi


def test_a_kind_not_made_per_invitee_or_a_study_without_event_is_refused(
        tmp_path, study_file, study_data):
    path = sheet_file(tmp_path, [HEADER, *villages(1)])
    out = tmp_path / "x.zip"
    result = run("batch", str(study_file), "--kind", "spt", "--recipients", str(path),
                 "--out", str(out), home=tmp_path / "home")
    assert result.exit_code == 1 and not out.exists()
    assert "tidak dibuat satu per penerima undangan" in result.output
    study_data["reporting"]["dissemination"] = []
    study_file.write_text(json.dumps(study_data), encoding="utf-8")
    result = run("--lang", "en", "batch", str(study_file), "--recipients", str(path),
                 "--out", str(out), home=tmp_path / "home")
    assert result.exit_code == 1 and not out.exists()
    assert "the study has no dissemination event yet" in result.output
    result = run("batch", str(study_file), "--recipients", str(tmp_path / "studi.json"),
                 "--out", str(out), home=tmp_path / "home")
    assert result.exit_code == 1 and "studi.json" in result.output


def test_processes_make_the_same_letters_in_the_same_order(study, monkeypatch):
    monkeypatch.setenv("DOCGEN_RENDER_PATH", "compiled")
    sheet = read_recipients(xlsx([HEADER, *villages(2 * batch.PART_SIZE + 7)]), "p.xlsx")
    prepared = batch.prepare(study, get_kind("invitation"), sheet.recipients)
    ticks, forks = [], []
    here = batch.render_all(prepared, sheet.recipients, processes=1)
    monkeypatch.setattr(batch, "FORK_AFTER_SECONDS", 0.0)  # share even a short batch
    can_fork = batch._can_fork
    monkeypatch.setattr(batch, "_can_fork", lambda: forks.append(1) or can_fork())
    forked = batch.render_all(prepared, sheet.recipients, processes=2, progress=ticks.append)
    assert forks == [1]
    assert [m.files for m in forked] == [m.files for m in here]
    assert sum(ticks) == len(sheet.recipients) == len(here)
    assert "Kepala Desa Sukamaju 107" in docx_text(forked[-1].files[0][1])


def test_a_short_batch_stays_in_one_process(study, monkeypatch):
    sheet = read_recipients(xlsx([HEADER, *villages(batch.PART_SIZE + 3)]), "p.xlsx")
    prepared = batch.prepare(study, get_kind("invitation"), sheet.recipients)
    monkeypatch.setattr(batch, "FORK_AFTER_SECONDS", 3600.0)
    monkeypatch.setattr(batch, "_can_fork", lambda: pytest.fail("forked for 53 letters"))
    assert len(batch.render_all(prepared, sheet.recipients, processes=2)) == 53


def test_the_zip_is_the_same_bytes_when_made_again(tmp_path, study, monkeypatch):
    monkeypatch.setenv("DOCGEN_RENDER_PATH", "compiled")
    sheet = read_recipients(xlsx([HEADER, *villages(3)]), "p.xlsx")
    prepared = batch.prepare(study, get_kind("invitation"), sheet.recipients)
    made = [batch.render_all(prepared, sheet.recipients) for _ in range(2)]
    zips = []
    for attempt in made:
        buf = io.BytesIO()
        batch.zip_batch(buf, sheet.recipients, attempt, [], [])
        zips.append(buf.getvalue())
    assert zips[0] == zips[1]


@pytest.mark.pdf
def test_pdf_and_docx_side_by_side(tmp_path, study_file):
    from docgen import pdf

    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "both.zip"
    result = run("batch", str(study_file), "--recipients",
                 str(sheet_file(tmp_path, [HEADER, *villages(2)])), "--out", str(out),
                 "--format", "both", home=tmp_path / "home")
    assert result.exit_code == 0, result.output
    files = entries(out)
    pdfs = [n for n in files if n.endswith(".pdf")]
    assert pdfs == ["undangan-diseminasi-001-kepala-desa-sukamaju-1.pdf",
                    "undangan-diseminasi-002-kepala-desa-sukamaju-2.pdf"]
    text = PdfReader(io.BytesIO(files[pdfs[1]])).pages[0].extract_text()
    assert "Kepala Desa Sukamaju 2" in text and "Sleman" in text
