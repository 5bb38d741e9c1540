"""An office's own document kinds: described, checked, given a template through the registry,
then listed, rendered, issued and registered like a shipped kind; on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from docx import Document
from sqlalchemy import func, select

from docgen import archive, catalog
from docgen import custom_kinds as ck
from docgen import office_templates as ot
from docgen.kind_starter import starter_template
from docgen.render import render_document
from docgen.store import ArchiveRecord, OfficeKind, TemplateVersion
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)
from tests.helpers import docx_text

PERNYATAAN = ck.KindSpec("Surat Pernyataan", "Statement", stage=7, fan_out="traveller",
                         numbered=True, code="800.1.11.3", signer="traveller",
                         countersigner="head")
MARKER = "menyatakan dengan sesungguhnya telah melaksanakan perjalanan dinas"


def statement_template(kind: catalog.Kind) -> bytes:
    """The starter template with the office's own sentence, as an office writes it in
    Word."""
    doc = Document(io.BytesIO(starter_template(kind)))
    body = next(p for p in doc.paragraphs if p.text.startswith("Dalam rangka"))
    body.insert_paragraph_before(f"Yang bersangkutan {MARKER} sebagai "
                                 "{{ traveller.role_label }} tim.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def add_statement(session, store, office, user, spec=PERNYATAAN):  # noqa: F811
    row = ck.new_kind(session, office, spec, user)
    kind = ck.to_kind(row)
    ot.install(session, store.files, statement_template(kind), "pernyataan.docx", kind.id,
               office, user, "bentuk kantor")
    return kind


def test_a_spec_is_checked_field_by_field():
    assert ck.check_spec(PERNYATAAN) == []
    bad = ck.KindSpec("  ", stage=0, fan_out="setiap", code="1.2", signer="walikota",
                      countersigner="traveller", on_behalf=True)
    found = {(p.path, p.code) for p in ck.check_spec(bad)}
    assert found == {("title_id", "kind_title_missing"), ("stage", "kind_stage_invalid"),
                     ("fan_out", "kind_fan_out_invalid"), ("code", "kind_code_invalid"),
                     ("signer", "kind_signer_invalid"), ("countersigner",
                                                         "kind_traveller_signs"),
                     ("on_behalf", "kind_on_behalf_needs_signer")}
    shipped = ck.check_spec(ck.KindSpec("surat perintah  TUGAS", code="000.1.2.3"))
    assert [(p.path, p.code) for p in shipped] == [("title_id", "kind_title_shipped")]
    taken = ck.check_spec(PERNYATAAN, taken=["SURAT PERNYATAAN"])
    assert [p.code for p in taken] == ["kind_title_taken"]
    assert ck.check_spec(ck.KindSpec("x" * 201, code="000"))[0].code == "kind_too_long"
    # the messages name the value, in both languages
    problem = ck.check_spec(ck.KindSpec("Berita Acara", code="abc"))[0]
    assert problem.message("id") == '"abc" bukan kode klasifikasi arsip (contoh: 000.1.2.3)'
    assert problem.message("en") == '"abc" is not a classification code (e.g. 000.1.2.3)'


def test_the_catalog_puts_own_kinds_after_the_shipped_ones(setup):
    office, _user, record = setup
    row = OfficeKind(office_id=office.id, kind="kantor_berita_acara", title_id="Berita Acara",
                     title_en="", stage=5, fan_out="none", numbered=False, code="000.1.2.3",
                     hal="", signer="head", on_behalf=False, countersigner="", active=True)
    kind = ck.to_kind(row)
    assert kind.custom and kind.filename == "berita-acara" and kind.title_en == "Berita Acara"
    kinds = catalog.kinds_for([kind, ck.to_kind(OfficeKind(
        office_id=office.id, kind="spt", title_id="Palsu", title_en="", stage=1,
        fan_out="none", numbered=True, code="000", hal="", signer="", on_behalf=False,
        countersigner="", active=True))])
    assert list(kinds)[-1] == "kantor_berita_acara" and kinds["spt"] is catalog.KINDS["spt"]
    available = catalog.available(record.study, [kind])
    assert available[-1] is kind and available[:-1] == catalog.available(record.study)
    assert catalog.get_kind("kantor_berita_acara", [kind]) is kind
    with pytest.raises(KeyError, match="kantor_berita_acara"):
        catalog.get_kind("kantor_lain", [kind])


def test_ids_never_clash(session, setup):
    office, user, _record = setup
    first = ck.new_kind(session, office, PERNYATAAN, user)
    second = ck.new_kind(session, office, ck.KindSpec("Surat Pernyataan!", code="000"), user)
    assert (first.kind, second.kind) == ("kantor_surat_pernyataan", "kantor_surat_pernyataan_2")
    assert all(not k.startswith(ck.PREFIX) for k in catalog.KINDS)
    with pytest.raises(ck.KindRefused) as refused:
        ck.new_kind(session, office, ck.KindSpec("surat pernyataan", code="000"), user)
    assert [p.code for p in refused.value.problems] == ["kind_title_taken"]


@pytest.mark.parametrize("fan_out,signer,counter", [
    ("none", "head", ""), ("traveller", "traveller", "head"), ("destination", "head", ""),
    ("invitee", "head", "leader")])
def test_the_starter_template_fits_each_fan_out(setup, fan_out, signer, counter):
    _office, _user, record = setup
    study = record.study
    row = OfficeKind(kind="kantor_contoh", title_id="Berita Acara Serah Terima",
                     title_en="", stage=7, fan_out=fan_out, numbered=True, code="000.1.2.3",
                     hal="", signer=signer, on_behalf=False, countersigner=counter,
                     active=True)
    kind = ck.to_kind(row)
    data = starter_template(kind)
    report = ot.check(data, kind, "starter.docx")
    assert not report.errors and not report.unreadable, report.errors
    items = catalog.items(study, kind)
    assert catalog.missing(study, kind) == [] and items
    source = ot.TemplateSource(None, data, "0" * 64, 1)
    text = docx_text(render_document(study, kind, item=items[-1], template=source).data)
    assert "BERITA ACARA SERAH TERIMA" in text and "Nomor: 000.1.2.3/" in text
    if fan_out == "traveller":
        assert study.plan.members_ordered[-1].full_name in text
    if fan_out == "destination":
        assert study.destination.destinations[-1].addressee in text
    if counter:
        assert "Mengetahui," in text


def test_a_statement_per_traveller_is_issued_and_registered(session, store, storage, setup):
    office, user, record = setup
    kind = add_statement(session, store, office, user)
    session.commit()
    # the office's kinds now hold it: the registry, the catalog of the study
    assert ot.kind_of(session, office, kind.id) == kind
    assert kind in catalog.available(record.study, ck.office_kinds(session, office))
    second = record.study.plan.members_ordered[1]
    entry = archive.finalize(session, record, kind, 1, user, storage=storage,
                             base_dir=store.files.root)
    assert entry.kind == kind.id and entry.item == 1
    assert entry.number.startswith("800.1.11.3/") and entry.classification == "800.1.11.3"
    version = session.scalar(select(TemplateVersion).where(TemplateVersion.kind == kind.id))
    assert entry.template_sha256 == version.sha256
    text = docx_text(storage.get(entry.storage_key))
    assert MARKER in text and second.full_name in text and entry.number in text
    assert "sebagai Anggota tim" in text
    rows = archive.register_rows(session, entry.issued, entry.issued, office.id)
    assert [r[1] for r in rows] == [entry.number]
    assert rows[0][4] == "Surat Pernyataan"  # the register names the kind by its title


def test_a_template_refused_leaves_no_kind(session, store, setup):
    office, user, _record = setup
    ck.new_kind(session, office, PERNYATAAN, user)
    with pytest.raises(ot.TemplateRefused):
        ot.install(session, store.files, b"not a word file", "x.docx",
                   "kantor_surat_pernyataan", office, user)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(OfficeKind)) == 0
    assert session.scalar(select(func.count()).select_from(ArchiveRecord)) == 0


def test_a_kind_switched_off_leaves_the_documents_but_stays_known(session, store, setup):
    office, user, record = setup
    kind = add_statement(session, store, office, user)
    session.commit()
    row = ck.find(session, office, kind.id)
    row.active = False
    session.commit()
    assert ck.office_kinds(session, office) == []
    assert kind not in catalog.available(record.study, ck.office_kinds(session, office))
    assert ot.kind_of(session, office, kind.id).title_id == "Surat Pernyataan"


def test_update_keeps_the_id(session, setup):
    office, user, _record = setup
    row = ck.new_kind(session, office, PERNYATAAN, user)
    ck.update_kind(session, row, ck.KindSpec("Surat Pernyataan Tanggung Jawab", code="000.1",
                                             fan_out="traveller", signer="traveller"))
    assert row.kind == "kantor_surat_pernyataan" and row.code == "000.1"
    with pytest.raises(ck.KindRefused):
        ck.update_kind(session, row, ck.KindSpec("Kuitansi Perjalanan Dinas", code="000"))


def test_an_own_kind_takes_the_path_of_a_letter(session, store, storage, setup):
    """A chain set for the office's own kind; submitted by its id, initialled, approved by
    the signer: only then numbered with its classification code."""
    from docgen import review
    from docgen.store import User

    office, _archivist, record = setup
    kind = add_statement(session, store, office, None)
    staff = User(office=office, email="rina@contoh.go.id", name="Rina", role="staff",
                 password_hash="x")
    kasubbag = User(office=office, email="kasubbag@contoh.go.id", name="Budi",
                    role="staff", password_hash="x")
    signer = User(office=office, email="kepala@contoh.go.id", name="Hendra", role="signer",
                  password_hash="x")
    session.add_all([staff, kasubbag, signer])
    session.commit()
    review.set_chain(session, office.id, kind.id, [{"user_id": kasubbag.id},
                                                   {"role": "signer"}])
    with pytest.raises(review.ChainInvalid):
        review.set_chain(session, office.id, "kantor_tidak_ada", [{"role": "signer"}])
    sent = review.submit(session, record, kind.id, 1, staff, "a" * 64)
    review.initial(session, sent, kasubbag, "a" * 64)
    entry = review.approve(session, sent, signer, "a" * 64, storage=storage,
                           base_dir=store.files.root)
    assert entry.kind == kind.id and entry.item == 1
    assert entry.number.startswith("800.1.11.3/")
    assert record.study.plan.members_ordered[1].full_name in docx_text(
        storage.get(entry.storage_key))
