"""The docgen command: exit codes, messages, files written."""

from __future__ import annotations

import json

from click.testing import CliRunner
from docx import Document

from docgen import bundle, catalog
from docgen import study as study_mod
from docgen.catalog import KINDS
from docgen.cli import main
from tests.helpers import docx_text


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env or {"DOCGEN_LANG": "id"})


def test_example_then_render_writes_every_document(tmp_path):
    result = run("example")
    assert result.exit_code == 0
    study_file = tmp_path / "s.json"
    study_file.write_text(result.output, encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", str(study_file), "--out", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    # each paper named as in the ZIP: its kind and whom it is for, cut at a word boundary
    assert names == sorted([
        "nota-dinas-permohonan-persetujuan.docx", "kerangka-acuan-kerja.docx",
        "jadwal-kegiatan.docx", "rincian-anggaran-biaya.docx",
        "surat-permohonan-kunjungan-badan-pengelolaan-keuangan-dan-pajak.docx",
        "surat-perintah-tugas.docx", "spd-bambang-setiawan.docx", "spd-dewi-anggraini.docx",
        "spd-rina-kartikasari.docx", "spd-yoga-pratama.docx",
        "notulen-2026-12-14-ruang-rapat-bpkpd-kota.docx",
        "notulen-2026-12-15-bappedalitbang-kota-surabaya.docx",
        "matriks-rencana-tindak-lanjut.docx",
        "undangan-diseminasi-kepala-badan-keuangan-dan-aset-daerah.docx",
        "undangan-diseminasi-kepala-bagian-hukum-sekretariat-daerah.docx",
        "undangan-diseminasi-kepala-dinas-komunikasi-dan-informatika.docx",
        "daftar-hadir.docx", "laporan-hasil-studi-banding.docx",
        "surat-pengantar-laporan.docx",
        "rincian-biaya-perjalanan-dinas-bambang-setiawan.docx",
        "rincian-biaya-perjalanan-dinas-dewi-anggraini.docx",
        "rincian-biaya-perjalanan-dinas-rina-kartikasari.docx",
        "rincian-biaya-perjalanan-dinas-yoga-pratama.docx",
        "daftar-pengeluaran-riil-bambang-setiawan.docx",
        "daftar-pengeluaran-riil-yoga-pratama.docx", "kuitansi-bambang-setiawan.docx",
        "kuitansi-dewi-anggraini.docx", "kuitansi-rina-kartikasari.docx",
        "kuitansi-yoga-pratama.docx", "daftar-nominatif.docx",
        "laporan-perkembangan-tindak-lanjut.docx",
    ])
    study = study_mod.load_study(json.loads(study_file.read_text(encoding="utf-8")))
    expected = {bundle.paper_name(study, k, i) for k in KINDS.values()
                if not k.abroad_only and k.id != "laporan_perjalanan"
                for i in (catalog.items(study, k) if k.fan_out != "none" else [None])}
    assert expected == set(names)  # a traveller's own trip report only where asked for


def test_render_merged_and_abroad(tmp_path):
    study_file = tmp_path / "abroad.json"
    study_file.write_text(run("example", "--abroad").output, encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", str(study_file), "--out", str(out), "--merged")
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert "permohonan-izin-luar-negeri.docx" in names
    assert "spd-gabungan.docx" in names
    assert [n for n in names if n.startswith("spd-")] == ["spd-gabungan.docx"]
    assert "undangan-diseminasi-gabungan.docx" in names
    for path in out.iterdir():
        text = docx_text(path.read_bytes())
        assert "{{" not in text and "{%" not in text
        Document(str(path))  # opens as Word


def test_render_one_kind(tmp_path):
    study_file = tmp_path / "s.json"
    study_file.write_text(run("example").output, encoding="utf-8")
    result = run("render", str(study_file), "--out", str(tmp_path / "o"), "--kind", "rab")
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["rincian-anggaran-biaya.docx"]


def _broken(tmp_path):
    data = json.loads(run("example").output)
    data["plan"]["team"][2]["nip"] = "1990070420150310"
    data["plan"]["end_date"] = "2026-12-10"
    data["plan"]["budget"][0]["unit_price"] = "sepuluh"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_validate_broken_study_prints_paths_and_exits_1(tmp_path):
    result = run("validate", str(_broken(tmp_path)))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith("plan.team[2].nip: NIP harus 18 digit") for line in lines)
    assert any(line.startswith("plan.budget[0].unit_price: ") for line in lines)


def test_validate_in_english(tmp_path):
    result = run("--lang", "en", "validate", str(_broken(tmp_path)))
    assert result.exit_code == 1
    assert "plan.team[2].nip: a NIP must have 18 digits" in result.output


def test_cross_field_errors_exit_1(tmp_path):
    data = json.loads(run("example").output)
    data["plan"]["end_date"] = "2026-12-10"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "plan.end_date: tanggal selesai lebih awal dari tanggal mulai" in result.output
    result = run("render", str(path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert not (tmp_path / "o").exists()
    data["plan"]["end_date"] = "2026-12-15"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert ("plan.agenda[4].date: agenda baris 5: tanggal 16 Desember 2026 di luar masa perjalanan "
            "(14 s.d. 15 Desember 2026)") in result.output


def test_validate_good_study_exits_0(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(run("example").output, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert "Studi valid." in result.output


def test_validate_json_output(tmp_path):
    result = run("validate", "--json", str(_broken(tmp_path)))
    assert result.exit_code == 1
    problems = json.loads(result.output)
    nip = next(p for p in problems if p["path"] == "plan.team[2].nip")
    assert nip["message_id"] == "NIP harus 18 digit"
    assert nip["message_en"] == "a NIP must have 18 digits"


def test_not_json_is_invalid_input(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{ bukan json", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.output.startswith("(file): berkas bukan JSON yang sah")


def test_usage_errors_exit_2(tmp_path):
    assert run("render").exit_code == 2
    assert run("validate", str(tmp_path / "tidak-ada.json")).exit_code == 2
    path = tmp_path / "s.json"
    path.write_text(run("example").output, encoding="utf-8")
    assert run("render", str(path), "--out", str(tmp_path), "--kind", "surat_cinta").exit_code == 2
    assert run("tidak-ada").exit_code == 2


def test_kinds_lists_what_is_missing(tmp_path):
    result = run("kinds")
    assert result.exit_code == 0
    assert all(k in result.output for k in KINDS)
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({"goals": {"title": "Studi Banding Pelayanan Publik"}}))
    result = run("kinds", str(draft))
    assert result.exit_code == 0
    assert "coordination_letter" in result.output and "belum lengkap" in result.output
    assert "plan.start_date: belum diisi; diperlukan untuk Surat Permohonan Kunjungan" in (
        result.output)
    result = run("render", str(draft), "--out", str(tmp_path / "o"), "--kind", "spt")
    assert result.exit_code == 1
    assert "destination.destinations: belum diisi" in result.output


def test_schema_is_json_schema():
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["title"] == "Study"
    assert "plan" in schema["properties"]
