"""An office's own kind on the command line: added with its starter template or a file of
its own, listed by ``docgen kinds``, rendered and issued; refusals in both languages."""

from __future__ import annotations

import io

from docx import Document
from sqlalchemy import func, select

from docgen.example import example_study
from docgen.store import ArchiveRecord, OfficeKind, Store, StudyRecord, TemplateVersion
from tests.helpers import docx_text
from tests.office_home import *  # noqa: F403 (the fixtures: home, study_file)
from tests.office_home import run

NEW = ["templates", "new-kind", "--title", "Surat Pernyataan", "--per", "traveller",
       "--code", "800.1.11.3", "--signer", "traveller", "--countersigner", "head"]


def count(home, model) -> int:
    store = Store(home=home)
    try:
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        store.dispose()


def test_add_list_render_and_issue(home, study_file, tmp_path):
    result = run(home, *NEW)
    assert result.exit_code == 0, result.output
    assert ('kantor_surat_pernyataan: jenis naskah "Surat Pernyataan" ditambahkan dengan '
            "templat v1") in result.output
    listed = run(home, "kinds", str(study_file))
    assert listed.exit_code == 0, listed.output
    line = next(x for x in listed.output.splitlines() if x.startswith("kantor_surat"))
    assert "tahap 7" in line and "800.1.11.3" in line and "Surat Pernyataan" in line
    assert "(satu per pelaku perjalanan): siap" in line
    assert listed.output.index("laporan_perjalanan") < listed.output.index("kantor_surat")
    # rendered with the office's template, one per traveller
    out = tmp_path / "out"
    result = run(home, "render", str(study_file), "--out", str(out), "--kind",
                 "kantor_surat_pernyataan")
    assert result.exit_code == 0, result.output
    team = example_study().plan.members_ordered
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"surat-pernyataan-{m.name.lower().replace(' ', '-')}.docx" for m in team)
    third = f"surat-pernyataan-{team[2].name.lower().replace(' ', '-')}.docx"
    assert team[2].full_name in docx_text((out / third).read_bytes())
    # issued for the third traveller: numbered with its classification code
    result = run(home, "finalize", str(study_file), "--kind", "kantor_surat_pernyataan",
                 "--item", "2", "--no-pdf")
    assert result.exit_code == 0, result.output
    store = Store(home=home)
    with store.session() as session:
        entry = session.scalar(select(ArchiveRecord))
        assert entry.kind == "kantor_surat_pernyataan" and entry.item == 2
        assert entry.number.startswith("800.1.11.3/") and entry.number in result.output
    store.dispose()


def test_a_template_of_its_own(home, study_file, tmp_path):
    doc = Document()
    doc.add_paragraph("BERITA ACARA SERAH TERIMA Nomor {{ doc.number }}")
    doc.add_paragraph("Diserahkan kepada {{ recipient.institution }} oleh {{ signer.name }}")
    path = tmp_path / "ba.docx"
    doc.save(str(path))
    result = run(home, "templates", "new-kind", "--title", "Berita Acara Serah Terima",
                 "--per", "destination", "--code", "000.1.2.3", "--template", str(path),
                 "--note", "bentuk Perbup")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert run(home, "render", str(study_file), "--out", str(out), "--kind",
               "kantor_berita_acara_serah_terima").exit_code == 0
    text = docx_text((out / "berita-acara-serah-terima-badan-pengelolaan-keuangan-dan-pajak.docx").read_bytes())
    assert example_study().destination.destinations[0].institution in text
    assert count(home, TemplateVersion) == 1


def test_refusals_store_nothing(home, study_file, tmp_path):
    result = run(home, "templates", "new-kind", "--title", "Surat Perintah Tugas", "--code",
                 "12", lang="en")
    assert result.exit_code == 1
    assert "title_id: \"Surat Perintah Tugas\" is a shipped kind already" in result.output
    assert 'code: "12" is not a classification code (e.g. 000.1.2.3)' in result.output
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"PK\x03\x04 rusak")
    result = run(home, *NEW, "--template", str(broken))
    assert result.exit_code == 1
    assert "rusak.docx" in result.output
    assert count(home, OfficeKind) == 0 and count(home, TemplateVersion) == 0
    # an unknown kind is refused before the study is imported
    result = run(home, "finalize", str(study_file), "--kind", "kantor_tidak_ada")
    assert result.exit_code == 2 and "kantor_tidak_ada" in result.output
    assert count(home, StudyRecord) == 0
    result = run(home, "render", str(study_file), "--out", str(tmp_path / "o"), "--kind",
                 "kantor_tidak_ada", lang="en")
    assert result.exit_code == 2 and "document kind kantor_tidak_ada is not known" in \
        result.output


def test_without_a_data_folder_only_the_shipped_kinds(tmp_path, study_file, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = run(tmp_path / "kosong", "kinds", str(study_file))
    assert result.exit_code == 0 and "kantor_" not in result.output
    assert not (tmp_path / "kosong").exists()


def test_stored_template_bytes_are_a_word_document(home):
    assert run(home, *NEW).exit_code == 0
    store = Store(home=home)
    with store.session() as session:
        row = session.scalar(select(TemplateVersion))
        data = store.files.read(row.storage_key)
    store.dispose()
    assert "SURAT PERNYATAAN" in "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_check_a_template_for_an_own_kind(home, tmp_path):
    assert run(home, *NEW).exit_code == 0
    good = tmp_path / "sp.docx"
    assert run(home, "templates", "export", "kantor_surat_pernyataan", str(good)).exit_code == 0
    result = run(home, "templates", "check", str(good), "--kind", "kantor_surat_pernyataan")
    assert result.exit_code == 0 and "sp.docx: tidak ada masalah" in result.output
    doc = Document(str(good))
    doc.add_paragraph("{{ traveler.full_name }}")
    doc.save(str(good))
    result = run(home, "templates", "check", str(good), "--kind", "kantor_surat_pernyataan")
    assert result.exit_code == 1 and "traveler" in result.output
    result = run(home, "templates", "check", str(good), "--kind", "kantor_lain", lang="en")
    assert result.exit_code == 1 and "document kind kantor_lain is not known" in result.output
