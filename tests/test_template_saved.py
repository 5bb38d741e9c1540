"""Templates as Word and LibreOffice save them render, installed through the registry: every
shipped template re-saved by LibreOffice, and edited as Word edits (a paragraph typed in,
every tag split with revision ids and proofing marks between its halves, curly quotes in the
tags); a template built as Word builds one (python-docx's default document, whose styles
part is Word's large one); a ``.dotx``; and what docxtpl alone leaves undone inside tags."""

from __future__ import annotations

import functools
import hashlib
import io
import subprocess
import zipfile

import pytest
from docx import Document

from docgen import office_templates as ot
from docgen.catalog import available, items
from docgen.example import abroad_example_study, example_study
from docgen.pdf import soffice
from docgen.render import TEMPLATE_DIR, TemplateSource, render_document
from docgen.store import Office, Store
from docgen.template_clean import clean_tags, is_word_template
from tests.helpers import docx_text, docx_xml, squash
from tests.word_edits import as_dotx, curly, word_edit

EXAMPLES = {"dalam_negeri": example_study(), "luar_negeri": abroad_example_study()}
CASES = [("dalam_negeri", kind.id) for kind in available(EXAMPLES["dalam_negeri"])] + [
    ("luar_negeri", kind.id) for kind in available(EXAMPLES["luar_negeri"])
    if kind not in available(EXAMPLES["dalam_negeri"])]
"""Every shipped template once: the domestic example's kinds, and those only made abroad."""
ADDED = "PARAGRAF TAMBAHAN DARI KANTOR"


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """A store with one office: (store, office id)."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('db') / 't.sqlite3'}",
                  home=tmp_path_factory.mktemp("home"))
    store.upgrade()
    with store.transaction() as session:
        office = Office(name="Bappeda Sleman", profile={})
        session.add(office)
        session.flush()
        office_id = office.id
    yield store, office_id
    store.dispose()


def _install_and_render(registry, data: bytes, study_name: str, kind_id: str,
                        filename: str = "templat.docx"):
    store, office_id = registry
    with store.session() as session:
        made = ot.install(session, store.files, data, filename, kind_id, office_id)
        source = ot.active_source(session, store.files, office_id, kind_id)
    assert source.sha256 == made.version.sha256 and source.label == made.version.label
    study = EXAMPLES[study_name]
    item = items(study, study_kinds(study)[kind_id])[0]
    return render_document(study, kind_id, item=item, template=source).data


def study_kinds(study):
    return {kind.id: kind for kind in available(study)}


@functools.cache
def _shipped_text(study_name: str, kind_id: str) -> str:
    study = EXAMPLES[study_name]
    item = items(study, study_kinds(study)[kind_id])[0]
    return squash(docx_text(render_document(study, kind_id, item=item).data))


def _no_tags_left(data: bytes) -> None:
    xml = docx_xml(data)
    assert not any(mark in xml for mark in ("{{", "}}", "{%", "%}")), "a tag was left"


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory) -> dict[str, bytes]:
    """Every shipped template opened and saved again by LibreOffice (one conversion run)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    names = sorted(path.name for path in TEMPLATE_DIR.glob("*.docx"))
    subprocess.run([soffice(), "--headless", "--norestore", "--nologo",
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                    *(str(TEMPLATE_DIR / name) for name in names)],
                   check=True, capture_output=True, timeout=240)
    saved = {name: (out / name).read_bytes() for name in names}
    assert all(saved[name] != (TEMPLATE_DIR / name).read_bytes() for name in names)
    return saved


@pytest.mark.pdf
@pytest.mark.parametrize(("study_name", "kind_id"), CASES)
def test_a_template_saved_by_libreoffice_renders(registry, libreoffice_saved, study_name,
                                                 kind_id):
    template = study_kinds(EXAMPLES[study_name])[kind_id].template
    saved = libreoffice_saved[template]
    assert "LibreOffice" in docx_xml(saved, "docProps/app.xml")
    data = _install_and_render(registry, saved, study_name, kind_id, f"lo-{template}")
    _no_tags_left(data)
    assert squash(docx_text(data)) == _shipped_text(study_name, kind_id)


@pytest.mark.parametrize(("study_name", "kind_id"), CASES)
def test_a_template_edited_as_in_word_renders(registry, study_name, kind_id):
    template = study_kinds(EXAMPLES[study_name])[kind_id].template
    edited, splits = word_edit((TEMPLATE_DIR / template).read_bytes(), ADDED)
    with zipfile.ZipFile(io.BytesIO(edited)) as zf:
        xml = "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("word/"))
    assert splits > 10 and xml.count("<w:proofErr") == 2 * splits and "w:rsidR=" in xml
    assert "\u2018" in xml or kind_id in ("kuitansi",)  # curly quotes where tags have quotes
    data = _install_and_render(registry, edited, study_name, kind_id, f"word-{template}")
    _no_tags_left(data)
    text = squash(docx_text(data))
    assert ADDED in text
    assert text.replace(f"{ADDED} ", "", 1) == _shipped_text(study_name, kind_id)


def _word_built() -> bytes:
    """An SPT typed into Word's own blank document (python-docx's default template)."""
    doc = Document()
    doc.add_paragraph("{{ study.office.pemda|upper }}", style="Title")
    doc.add_paragraph("{{ study.office.name|upper }}")
    doc.add_heading("SURAT PERINTAH TUGAS", level=1)
    doc.add_paragraph("Nomor: {{ doc.number }}")
    doc.add_paragraph(curly("Untuk melaksanakan {{ activity }} ke {{ destinations }} "
                            "selama {{ study.plan.duration_days|durasi }}, atas biaya "
                            "{{ study.plan.funding.source or 'DPA' }}."))
    table = doc.add_table(rows=3, cols=3, style="Table Grid")
    table.cell(0, 0).text = "{%tr for m in team %}"
    for cell, tag in zip(table.rows[1].cells, ("{{ loop.index }}", "{{ m.full_name }}",
                                               curly("{{ m.nip_formatted or '-' }}")), strict=True):
        cell.text = tag
    table.cell(2, 0).text = "{%tr endfor %}"
    doc.add_paragraph("Ditetapkan di {{ doc.place }} pada tanggal {{ doc.date|tanggal }}")
    doc.add_paragraph("{{ signer.jabatan_caps }}")
    doc.add_paragraph("{{ signer.name }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_template_built_as_word_builds_one_renders(registry):
    data = _word_built()
    styles = docx_xml(data, "word/styles.xml")
    assert len(styles) > 100_000 and styles.count("<w:style ") > 100  # Word's whole set
    study = EXAMPLES["dalam_negeri"]
    text = squash(docx_text(_install_and_render(registry, data, "dalam_negeri", "spt",
                                                "spt-word.docx")))
    assert "SURAT PERINTAH TUGAS" in text
    assert f"Nomor: {study.office.name.upper()}" not in text
    assert study.office.name.upper() in text
    assert "selama 3 (tiga) hari" in text
    for i, member in enumerate(study.plan.members_ordered, start=1):
        assert f"{i} {member.full_name} {member.nip_formatted or '-'}" in text
    assert text.endswith("KEPALA BADAN PERENCANAAN PEMBANGUNAN DAERAH KABUPATEN SLEMAN "
                         "Ir. Hendra Wicaksono, M.T.")


def test_a_dotx_is_stored_as_a_document_and_renders(registry):
    edited, _ = word_edit((TEMPLATE_DIR / "kak.docx").read_bytes(), ADDED)
    dotx = as_dotx(edited)
    assert is_word_template(dotx)
    with pytest.raises(ValueError, match="not a Word file"):
        Document(io.BytesIO(dotx))
    store, office_id = registry
    with store.session() as session:
        made = ot.install(session, store.files, dotx, "KAK kantor.dotx", "kak", office_id)
    stored = store.files.read(made.version.storage_key)
    assert not is_word_template(stored) and made.version.original_name == "KAK kantor.dotx"
    assert hashlib.sha256(stored).hexdigest() == made.version.sha256
    study = EXAMPLES["dalam_negeri"]
    direct = render_document(study, "kak", template=TemplateSource(None, dotx, "d" * 64))
    text = squash(docx_text(direct.data))
    assert ADDED in text and text.replace(f"{ADDED} ", "", 1) == _shipped_text("dalam_negeri",
                                                                               "kak")


@pytest.mark.parametrize(("typed", "printed"), [
    ("{{ 'Sarana & Prasarana' }}", "Sarana & Prasarana"),
    ("{{ study.goals.title|default(\u201eX\u201c)|length > 0 }}", "True"),
    ("{{ \u201aa\u2018 ~ \u00abb\u00bb ~ \u2032c\u2032 }}", "abc"),
    ("{{ \u201cA & B\u201d if true else \u2018-\u2019 }}", "A & B"),
])
def test_what_docxtpl_leaves_inside_tags_is_read_as_typed(typed, printed):
    doc = Document(str(TEMPLATE_DIR / "surat_perintah_tugas.docx"))
    doc.paragraphs[2].insert_paragraph_before(f"Uji: {typed}.")
    out = io.BytesIO()
    doc.save(out)
    data = out.getvalue()
    made = render_document(EXAMPLES["dalam_negeri"], "spt",
                           template=TemplateSource(None, data, hashlib.sha256(data).hexdigest()))
    assert f"Uji: {printed}." in docx_text(made.data).splitlines()


def test_clean_tags_touches_only_the_inside_of_tags():
    xml = ("<w:t>\u201cA &amp; B\u201d {{ \u201cA &amp; B\u201d }} \u2018x\u2019 "
           "{% if a &amp;&amp; \u2018b\u2019 %}</w:t>")
    assert clean_tags(xml) == ("<w:t>\u201cA &amp; B\u201d {{ \"A & B\" }} \u2018x\u2019 "
                               "{% if a && 'b' %}</w:t>")


def test_a_shipped_template_is_not_a_word_template():
    data = (TEMPLATE_DIR / "spd.docx").read_bytes()
    assert not is_word_template(data) and not is_word_template(b"not a zip")
    with zipfile.ZipFile(io.BytesIO(as_dotx(data))) as zf:
        assert b"template.main+xml" in zf.read("[Content_Types].xml")
