"""Made documents kept in memory by what they are made from (web.doccache): served again
while nothing changed, made afresh when the data, a template or the day changes, and made
once when several requests want the same one at the same time."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from datetime import date

import docx
import pytest

from docgen import catalog
from docgen.example import example_study
from docgen.render import TemplateSource
from web import doccache
from web.doccache import RenderCache, content_key


def _zip_texts(data: bytes, name_part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        name = next(n for n in archive.namelist() if name_part in n)
        document = docx.Document(io.BytesIO(archive.read(name)))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_zip_is_made_once_while_nothing_changes(app, login, demo_id, post_form):
    client = login("staff")
    first = client.get(f"/studies/{demo_id}/documents.zip")
    cache = app.extensions[doccache.EXTENSION]
    misses = cache.misses
    second = client.get(f"/studies/{demo_id}/documents.zip")
    assert first.status_code == second.status_code == 200
    assert cache.misses == misses and cache.hits >= 1
    with zipfile.ZipFile(io.BytesIO(first.data)) as a, \
            zipfile.ZipFile(io.BytesIO(second.data)) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist())

    page = f"/studies/{demo_id}/stages/goals"
    form = {"goals.title": "Judul yang baru diubah", "goals.topic": "public_service",
            "goals.scope": "dalam_negeri", "goals.background": "Latar belakang baru.",
            "goals.aims[0]": "Tujuan baru", "goals.expected_results[0]": "Hasil",
            "goals.legal_bases[0]": "Dasar hukum"}
    assert post_form(page, form).status_code == 302
    third = client.get(f"/studies/{demo_id}/documents.zip")
    assert cache.misses > misses, "changed data: made again"
    assert "Judul yang baru diubah" in _zip_texts(third.data, "surat-permohonan")


def test_one_document_is_cached_too_and_the_zip_reuses_it(app, login, demo_id):
    client = login("staff")
    url = f"/studies/{demo_id}/documents/spt/0.docx"
    first, second = client.get(url), client.get(url)
    cache = app.extensions[doccache.EXTENSION]
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert cache.misses == 1 and cache.hits == 1

    whole = client.get(f"/studies/{demo_id}/documents.zip")
    with zipfile.ZipFile(io.BytesIO(whole.data)) as archive:
        count = len(archive.namelist())
        assert archive.read("4-koordinasi-dan-persiapan/surat-perintah-tugas.docx") == first.data
    assert cache.misses == 1 + count, "the SPT was not made again (the others and the ZIP were)"


def test_the_key_follows_data_template_day_and_folder(monkeypatch, tmp_path):
    study = example_study()
    kinds = [catalog.KINDS["spt"]]
    today = date(2026, 12, 1)
    key = content_key(study, kinds, "zip", base_dir=tmp_path, today=today)
    assert key == content_key(example_study(), kinds, "zip", base_dir=tmp_path, today=today)
    changed = study.model_copy(deep=True)
    changed.goals.title += " (revisi)"
    others = {
        content_key(changed, kinds, "zip", base_dir=tmp_path, today=today),
        content_key(study, kinds, "zip", base_dir=tmp_path, today=date(2026, 12, 2)),
        content_key(study, kinds, "zip", base_dir=tmp_path / "lain", today=today),
        content_key(study, kinds, "item", 0, base_dir=tmp_path, today=today),
        content_key(study, [catalog.KINDS["rab"]], "zip", base_dir=tmp_path, today=today),
    }
    office_spt = TemplateSource(None, b"versi kantor", "e" * 64, 1)
    others.add(content_key(study, kinds, "zip", base_dir=tmp_path, today=today,
                           templates={"spt": office_spt}))
    others.add(content_key(study, kinds, "zip", base_dir=tmp_path, today=today,
                           templates={"spt": TemplateSource(None, b"v2", "f" * 64, 2)}))
    monkeypatch.setattr(doccache, "template_sha256",
                        lambda kind, templates=None: "another template")
    others.add(content_key(study, kinds, "zip", base_dir=tmp_path, today=today))
    assert key not in others and len(others) == 8


def test_the_same_thing_wanted_at_once_is_made_once():
    cache = RenderCache(2**20)
    made = []

    def make() -> bytes:
        made.append(1)
        time.sleep(0.2)
        return b"x" * 100

    results = []
    threads = [threading.Thread(target=lambda: results.append(
        cache.get_or_make("k", make, len))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and results == [b"x" * 100] * 8


def test_the_cache_stays_within_its_size():
    cache = RenderCache(250)
    for key in "abc":
        cache.get_or_make(key, lambda: b"y" * 100, len)
    assert len(cache) == 2 and cache.size == 200
    cache.get_or_make("big", lambda: b"z" * 300, len)
    assert len(cache) == 2, "a value larger than the cache is not kept"
    calls = []
    cache.get_or_make("a", lambda: calls.append(1) or b"y" * 100, len)
    assert calls == [1], "the least recently used entry went first"


@pytest.mark.parametrize("where", ["config", "environment"])
def test_size_zero_turns_the_cache_off(make_app, monkeypatch, where):
    if where == "environment":
        monkeypatch.setenv("DOCGEN_RENDER_CACHE_MB", "0")
    app = make_app({"RENDER_CACHE_MB": 0} if where == "config" else None)
    with app.app_context():
        cache = doccache.render_cache()
        calls = []
        for _ in range(2):
            cache.get_or_make("k", lambda: calls.append(1) or b"v", len)
    assert calls == [1, 1] and len(cache) == 0
