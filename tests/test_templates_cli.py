"""`docgen templates`: export, edit (python-docx standing in for Word), check, install, render
and finalize with it, revert; and every refusal, in Indonesian and English."""

from __future__ import annotations

import hashlib
import io

from docx import Document
from sqlalchemy import select

from docgen.archive import default_storage
from docgen.render import TEMPLATE_DIR
from docgen.store import ArchiveRecord, Office, Store, TemplateVersion
from tests.helpers import docx_text
from tests.office_home import *  # noqa: F403 (the fixtures: home, study_file)
from tests.office_home import run

SPT = TEMPLATE_DIR / "surat_perintah_tugas.docx"


def reword(path, old: str, new: str) -> None:
    """Change a word in the template at `path`, as an office would in Word."""
    doc = Document(str(path))
    runs = [r for p in doc.paragraphs for r in p.runs if old in r.text]
    assert runs, old
    for run_ in runs:
        run_.text = run_.text.replace(old, new)
    doc.save(str(path))


def _rendered_spt(home, study_file, out) -> str:
    result = run(home, "render", str(study_file), "--out", str(out), "--kind", "spt")
    assert result.exit_code == 0, result.output
    return docx_text((out / "surat-perintah-tugas.docx").read_bytes())


def test_export_edit_check_install_render_finalize_revert(home, study_file, tmp_path):
    copy = tmp_path / "spt.docx"
    result = run(home, "templates", "export", "spt", str(copy))
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == SPT.read_bytes()
    assert "spt (bawaan) ditulis ke" in result.output

    reword(copy, "MEMERINTAHKAN", "MENUGASKAN")
    result = run(home, "templates", "check", str(copy), "--kind", "spt")
    assert result.exit_code == 0, result.output
    assert "spt.docx: tidak ada masalah" in result.output

    result = run(home, "templates", "install", str(copy), "--kind", "spt", "--note",
                 "istilah Perbup 2025")
    assert result.exit_code == 0, result.output
    assert "spt: versi v1 disimpan dan dipakai mulai sekarang" in result.output

    text = _rendered_spt(home, study_file, tmp_path / "out1")
    assert "MENUGASKAN:" in text and "MEMERINTAHKAN" not in text

    result = run(home, "finalize", str(study_file), "--kind", "spt", "--issued", "2026-11-29",
                 "--no-pdf")
    assert result.exit_code == 0, result.output
    store = Store(home=home)
    with store.session() as session:
        record = session.scalar(select(ArchiveRecord))
        version = session.scalar(select(TemplateVersion))
        issued = default_storage(home).get(record.storage_key)
    store.dispose()
    assert record.template_sha256 == version.sha256
    assert version.sha256 == hashlib.sha256(store.files.read(version.storage_key)).hexdigest()
    assert version.note == "istilah Perbup 2025" and version.original_name == "spt.docx"
    assert version.created_by_name.startswith("cli:")
    assert "MENUGASKAN:" in docx_text(issued)

    listing = run(home, "templates", "list")
    assert listing.exit_code == 0, listing.output
    assert "spt                      v1        (1 versi)" in listing.output
    assert "kak                      bawaan" in listing.output

    exported = tmp_path / "aktif.docx"
    assert run(home, "templates", "export", "spt", str(exported)).exit_code == 0
    assert "MENUGASKAN" in docx_text(exported.read_bytes())

    result = run(home, "templates", "revert", "--kind", "spt")
    assert result.exit_code == 0, result.output
    assert "spt: kembali memakai templat bawaan" in result.output
    text = _rendered_spt(home, study_file, tmp_path / "out2")
    assert "MEMERINTAHKAN:" in text and "MENUGASKAN" not in text

    result = run(home, "templates", "revert", "--kind", "spt", "--to", "v1", lang="en")
    assert result.exit_code == 0, result.output
    assert "spt: back to version v1" in result.output
    assert "MENUGASKAN:" in _rendered_spt(home, study_file, tmp_path / "out3")

    history = run(home, "templates", "list", "--kind", "spt", lang="en")
    lines = history.output.splitlines()
    assert lines[1].startswith("* v1") and "spt.docx" in lines[1]
    assert "istilah Perbup 2025" in lines[1]
    assert lines[2] == "  default"
    assert [line.split()[3] for line in lines[3:]] == ["reverted", "reverted", "activated",
                                                       "installed"]


def test_without_docgen_home_render_uses_the_shipped_templates(tmp_path, study_file,
                                                                monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    empty = tmp_path / "kosong"
    text = _rendered_spt(empty, study_file, tmp_path / "out")
    assert "MEMERINTAHKAN:" in text
    assert not (empty / "docgen.sqlite3").exists()


def _broken(tmp_path) -> str:
    doc = Document(str(SPT))
    doc.add_paragraph("Dasar: {{ study.goals.title ")
    path = tmp_path / "rusak.docx"
    doc.save(str(path))
    return str(path)


def test_check_and_install_name_the_paragraph_in_both_languages(home, tmp_path):
    path = _broken(tmp_path)
    for lang, words in (("id", "1 kesalahan"), ("en", "1 error(s)")):
        result = run(home, "templates", "check", path, "--kind", "spt", lang=lang)
        assert result.exit_code == 1, result.output
        assert "Dasar: {{ study.goals.title" in result.output
        assert words in result.output
    result = run(home, "templates", "install", path, "--kind", "spt")
    assert result.exit_code == 1
    assert "Dasar: {{ study.goals.title" in result.output
    assert "templat rusak.docx ditolak" in result.output
    assert "tidak ada yang disimpan" in result.output
    result = run(home, "templates", "install", path, "--kind", "spt", lang="en")
    assert "nothing was stored" in result.output
    store = Store(home=home)
    with store.session() as session:
        assert session.scalar(select(TemplateVersion)) is None
    store.dispose()


def test_an_unreadable_file_is_exit_2(home, tmp_path):
    path = tmp_path / "bukan.docx"
    path.write_bytes(b"ini bukan dokumen Word")
    result = run(home, "templates", "check", str(path), "--kind", "spt")
    assert result.exit_code == 2
    assert "bukan.docx bukan dokumen Word (.docx atau .dotx) yang dapat dibaca" in result.output
    result = run(home, "templates", "install", str(path), "--kind", "spt", lang="en")
    assert result.exit_code == 1
    assert "bukan.docx is not a Word document" in result.output


def test_refusals(home, tmp_path):
    copy = tmp_path / "spt.docx"
    copy.write_bytes(SPT.read_bytes())
    cases = [
        (("templates", "check", str(copy), "--kind", "surat_sakti"),
         "jenis naskah surat_sakti tidak dikenal"),
        (("templates", "install", str(copy), "--kind", "surat_sakti"),
         "jenis naskah surat_sakti tidak dikenal"),
        (("templates", "export", "surat_sakti", str(tmp_path / "x.docx")),
         "jenis naskah surat_sakti tidak dikenal"),
        (("templates", "revert", "--kind", "spt", "--to", "7"),
         "templat spt kantor ini tidak memiliki versi 7"),
        (("templates", "list", "--office", "99"), "kantor 99 tidak dikenal"),
        (("templates", "list", "--office", "Dinas Entah"), "kantor Dinas Entah tidak dikenal"),
    ]
    for args, message in cases:
        result = run(home, *args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.output, (args, result.output)
    result = run(home, "templates", "revert", "--kind", "spt", "--to", "abc")
    assert result.exit_code == 2 and "--to" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_several_offices_need_office(home, tmp_path):
    store = Store(home=home)
    with store.transaction() as session:
        session.add(Office(name="Dinas Kesehatan", profile={}))
    store.dispose()
    result = run(home, "templates", "list")
    assert result.exit_code == 1
    assert "ada 2 kantor; pilih satu dengan --office" in result.output
    assert "2 Dinas Kesehatan" in result.output
    result = run(home, "templates", "list", lang="en")
    assert "there are 2 offices; choose one with --office" in result.output
    result = run(home, "templates", "list", "--office", "Dinas Kesehatan")
    assert result.exit_code == 0 and result.output.startswith("Dinas Kesehatan (id 2)")


def test_no_office_yet(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = run(tmp_path / "baru", "templates", "list")
    assert result.exit_code == 1
    assert "belum ada kantor di basis data ini" in result.output


def test_export_the_default_while_a_version_is_in_use(home, tmp_path):
    copy = tmp_path / "spt.docx"
    copy.write_bytes(SPT.read_bytes())
    reword(copy, "MEMERINTAHKAN", "MENUGASKAN")
    assert run(home, "templates", "install", str(copy), "--kind", "spt").exit_code == 0
    out = tmp_path / "bawaan.docx"
    result = run(home, "templates", "export", "spt", str(out), "--default", lang="en")
    assert result.exit_code == 0
    assert "spt (default) written to" in result.output
    assert out.read_bytes() == SPT.read_bytes()
    again = run(home, "templates", "install", str(copy), "--kind", "spt")
    assert "sama dengan versi v1" in again.output


def test_a_word_template_dotx_installs_as_a_document(home, tmp_path, study_file):
    import zipfile

    from docgen.template_clean import DOCUMENT_MAIN, TEMPLATE_MAIN, _rewrite

    copy = tmp_path / "spt.docx"
    copy.write_bytes(SPT.read_bytes())
    reword(copy, "MEMERINTAHKAN", "MENUGASKAN")
    data = copy.read_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    dotx = tmp_path / "spt.dotx"
    dotx.write_bytes(_rewrite(data, {"[Content_Types].xml":
                                     types.replace(DOCUMENT_MAIN, TEMPLATE_MAIN)}))
    assert run(home, "templates", "check", str(dotx), "--kind", "spt").exit_code == 0
    result = run(home, "templates", "install", str(dotx), "--kind", "spt")
    assert result.exit_code == 0, result.output
    assert "MENUGASKAN:" in _rendered_spt(home, study_file, tmp_path / "out")
