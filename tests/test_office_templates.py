"""Each office's own templates: versions kept, one in use, any restored; on SQLite and
PostgreSQL."""

from __future__ import annotations

import io
import threading

import pytest
from docx import Document
from sqlalchemy import func, select

from docgen import office_templates as ot
from docgen.example import example_study
from docgen.render import TEMPLATE_DIR, RenderError, render_document
from docgen.store import (
    Office,
    Store,
    TemplateChoice,
    TemplateEvent,
    TemplateVersion,
    User,
)
from tests.helpers import docx_text

SPT = TEMPLATE_DIR / "surat_perintah_tugas.docx"


def edited(marker: str, path=SPT) -> bytes:
    """The shipped template with a paragraph of `marker` added (as an office would in
    Word)."""
    doc = Document(str(path))
    doc.paragraphs[2].insert_paragraph_before(marker)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def store(db_url, tmp_path):
    store = Store(db_url, home=tmp_path / "home")
    store.upgrade()
    yield store
    store.dispose()


@pytest.fixture
def office_id(store):
    with store.transaction() as session:
        office = Office(name="Bappeda Sleman", profile=example_study().office)
        session.add(office)
        user = User(office=office, email="admin@contoh.go.id", name="Admin", role="admin")
        user.set_password("rahasia-sekali")
        session.add(user)
        session.flush()
        return office.id


def _render(store, office_id, kind="spt"):
    with store.session() as session:
        source = ot.active_source(session, store.files, office_id, kind)
    doc = render_document(example_study(), kind, template=source)
    return source, doc, docx_text(doc.data)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_new_office_uses_every_shipped_default(store, office_id):
    with store.session() as session:
        kinds = ot.list_kinds(session, office_id)
        source = ot.active_source(session, store.files, office_id, "spt")
    assert [k.kind.id for k in kinds][:3] == ["nota_dinas", "kak", "jadwal"]
    assert all(k.active is None and k.versions == 0 and k.label == "default" for k in kinds)
    spt = next(k for k in kinds if k.kind.id == "spt")
    assert spt.default_sha256 == source.sha256
    assert (source.path, source.version, source.label) == (SPT, None, "default")


def test_install_use_and_revert(store, office_id):
    with store.session() as session:
        user = session.scalar(select(User))
        first = ot.install(session, store.files, edited("PERUBAHAN SATU"), "spt-kantor.docx",
                           "spt", office_id, user, note="kop baru")
    assert (first.new, first.active, first.version.number) == (True, True, 1)
    source, doc, text = _render(store, office_id)
    assert "PERUBAHAN SATU" in text and "SURAT PERINTAH TUGAS" in text
    assert doc.template_sha256 == source.sha256 == first.version.sha256
    assert source.label == "v1" and source.path is None

    with store.session() as session:
        second = ot.install(session, store.files, edited("PERUBAHAN DUA"), "spt2.docx",
                            "spt", office_id, actor="cli:root")
    assert second.version.number == 2
    assert "PERUBAHAN DUA" in _render(store, office_id)[2]

    with store.session() as session:
        back = ot.revert(session, office_id, "spt", to=1, actor="cli:root", note="salah ketik")
    assert back.number == 1
    assert "PERUBAHAN SATU" in _render(store, office_id)[2]
    with store.session() as session:
        assert ot.revert(session, office_id, "spt", actor="cli:root") is None
    source, doc, text = _render(store, office_id)
    assert source.label == "default" and "PERUBAHAN" not in text

    with store.session() as session:
        kept = ot.versions(session, office_id, "spt")
        steps = [(e.action, e.version.number if e.version else None, e.actor_name, e.note)
                 for e in reversed(ot.history(session, office_id, "spt"))]
        assert _count(session, TemplateChoice) == 1
    assert [(v.number, v.original_name, v.note, v.created_by_name) for v in kept] == [
        (2, "spt2.docx", "", "cli:root"),
        (1, "spt-kantor.docx", "kop baru", "Admin <admin@contoh.go.id>")]
    assert all(v.size == len(store.files.read(v.storage_key)) for v in kept)
    assert steps == [("installed", 1, "Admin <admin@contoh.go.id>", "kop baru"),
                     ("activated", 1, "Admin <admin@contoh.go.id>", "kop baru"),
                     ("installed", 2, "cli:root", ""), ("activated", 2, "cli:root", ""),
                     ("reverted", 1, "cli:root", "salah ketik"),
                     ("reverted", None, "cli:root", "")]


def test_the_same_file_again_is_not_a_new_version(store, office_id):
    data = edited("SAMA")
    with store.session() as session:
        ot.install(session, store.files, data, "a.docx", "spt", office_id)
        ot.revert(session, office_id, "spt")
        again = ot.install(session, store.files, data, "b.docx", "spt", office_id)
        assert (again.new, again.version.number, again.active) == (False, 1, True)
        assert _count(session, TemplateVersion) == 1
        assert ot.active_version(session, office_id, "spt").number == 1


def test_installed_but_not_yet_in_use(store, office_id):
    with store.session() as session:
        made = ot.install(session, store.files, edited("PRATINJAU"), "p.docx", "spt",
                          office_id, activate=False)
        assert (made.new, made.active) == (True, False)
        assert ot.active_version(session, office_id, "spt") is None
        assert [e.action for e in ot.history(session, office_id, "spt")] == ["installed"]
    assert "PRATINJAU" not in _render(store, office_id)[2]
    with store.session() as session:
        ot.activate(session, office_id, "spt", 1)
    assert "PRATINJAU" in _render(store, office_id)[2]


def test_offices_do_not_share_templates(store, office_id):
    with store.transaction() as session:
        other = Office(name="Dinas Kesehatan", profile={})
        session.add(other)
        session.flush()
        other_id = other.id
    with store.session() as session:
        ot.install(session, store.files, edited("MILIK BAPPEDA"), "a.docx", "spt", office_id)
    assert "MILIK BAPPEDA" in _render(store, office_id)[2]
    assert "MILIK BAPPEDA" not in _render(store, other_id)[2]
    with store.session() as session:
        assert ot.versions(session, other_id, "spt") == []
        with pytest.raises(ot.TemplateRefused) as refused:
            ot.revert(session, other_id, "spt", to=1)
    assert refused.value.code == "template_version_unknown"
    assert "tidak memiliki versi 1" in refused.value.message("id")
    assert "has no version 1" in refused.value.message("en")


def _stored_nothing(store) -> None:
    with store.session() as session:
        for model in (TemplateVersion, TemplateChoice, TemplateEvent):
            assert _count(session, model) == 0
    assert not store.files.root.exists() or not any(store.files.root.rglob("*"))


def test_an_unknown_kind_is_refused(store, office_id):
    with store.session() as session, pytest.raises(ot.TemplateRefused) as refused:
        ot.install(session, store.files, edited("X"), "x.docx", "surat_sakti", office_id)
    assert refused.value.code == "template_kind_unknown"
    assert refused.value.message("id") == "jenis naskah surat_sakti tidak dikenal"
    assert refused.value.message("en") == "document kind surat_sakti is not known"
    _stored_nothing(store)
    with store.session() as session:
        for call in (lambda: ot.versions(session, office_id, "../etc"),
                     lambda: ot.active_source(session, store.files, office_id, "x"),
                     lambda: ot.revert(session, office_id, "x")):
            with pytest.raises(ot.TemplateRefused):
                call()


def test_a_template_with_errors_is_refused_and_nothing_stored(store, office_id):
    doc = Document(str(SPT))
    doc.add_paragraph("Nomor {{ doc.number ")
    out = io.BytesIO()
    doc.save(out)
    with store.session() as session, pytest.raises(ot.TemplateRefused) as refused:
        ot.install(session, store.files, out.getvalue(), "rusak.docx", "spt", office_id)
    assert refused.value.code == "template_refused"
    assert refused.value.report.errors
    assert "rusak.docx" in refused.value.message("id")
    assert "tidak ada yang disimpan" in refused.value.message("id")
    assert "nothing was stored" in refused.value.message("en")
    _stored_nothing(store)


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\nbukan", b"PK\x03\x04rusak"])
def test_a_file_that_is_not_a_word_document_is_refused(store, office_id, data):
    with store.session() as session, pytest.raises(ot.TemplateRefused) as refused:
        ot.install(session, store.files, data, "foto.png", "spt", office_id)
    assert refused.value.code == "template_unreadable"
    assert "foto.png bukan dokumen Word" in refused.value.message("id")
    _stored_nothing(store)


def test_a_damaged_stored_version_is_a_render_error(store, office_id):
    with store.session() as session:
        made = ot.install(session, store.files, edited("RUSAK"), "a.docx", "spt", office_id)
    path = store.files.path(made.version.storage_key)
    path.write_bytes(path.read_bytes()[:-10])
    ot._bytes.clear()
    with store.session() as session, pytest.raises(RenderError) as failed:
        ot.active_source(session, store.files, office_id, "spt")
    assert "SHA-256 mismatch" in str(failed.value)


def test_exports_and_file_names(store, office_id):
    with store.session() as session:
        ot.install(session, store.files, edited("EKSPOR"), "a.docx", "spt", office_id)
        active = ot.export_source(session, store.files, office_id, "spt")
        default = ot.export_source(session, store.files, office_id, "spt", default=True)
    kind = ot.catalog.KINDS["spt"]
    assert "EKSPOR" in docx_text(active.data) and "EKSPOR" not in docx_text(default.data)
    assert default.data == SPT.read_bytes()
    assert ot.export_name(kind, active) == "surat_perintah_tugas-v1.docx"
    assert ot.export_name(kind, default) == "surat_perintah_tugas.docx"


def test_active_sources_of_several_kinds(store, office_id):
    with store.session() as session:
        ot.install(session, store.files, edited("BANYAK"), "a.docx", "spt", office_id)
        kinds = [ot.catalog.KINDS[k] for k in ("spt", "kak", "spd")]
        sources = ot.active_sources(session, store.files, office_id, kinds)
    assert [sources[k].label for k in ("spt", "kak", "spd")] == ["v1", "default", "default"]


def _install_at_once(store, office_id, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []
    datas = [edited(f"SERENTAK {i}") for i in range(count)]

    def one(i: int) -> None:
        try:
            with store.session() as session:
                barrier.wait()
                ot.install(session, store.files, datas[i], f"{i}.docx", "spt", office_id,
                           actor=f"t{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return failures


def test_installs_at_the_same_moment_leave_one_in_use(store, office_id):
    assert _install_at_once(store, office_id, 4) == []
    with store.session() as session:
        numbers = sorted(session.scalars(select(TemplateVersion.number)))
        choices = list(session.scalars(select(TemplateChoice)))
        actions = [e.action for e in session.scalars(select(TemplateEvent))]
        last = session.scalars(select(TemplateEvent).where(TemplateEvent.action == "activated")
                               .order_by(TemplateEvent.id.desc())).first()
    assert numbers == [1, 2, 3, 4]
    assert len(choices) == 1 and choices[0].version_id == last.version_id
    assert sorted(actions) == ["activated"] * 4 + ["installed"] * 4
