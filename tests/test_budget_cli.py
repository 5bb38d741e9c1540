"""``docgen budget``: template, check, attach, export, caps and import-caps, with their exit
codes (0 usable, 1 errors, 2 unreadable) and never a traceback."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from docgen import study as study_mod
from docgen.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "budget"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def study_file(tmp_path, study):
    path = tmp_path / "studi.json"
    path.write_text(study_mod.dump_study(study), encoding="utf-8")
    return path


def test_check_a_usable_budget(runner):
    result = runner.invoke(main, ["budget", "check", str(FIXTURES / "rab_kantor.xlsx")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert 'lembar "RAB", baris judul 8; tahun anggaran 2026; tujuan Jawa Timur' in out
    assert "Uang harian luar kota Provinsi Jawa Timur" in out
    assert "Biaya Penginapan                     7.352.000" in out
    assert "Jumlah total: Rp24.422.000,00" in out
    assert "Terbilang: Dua puluh empat juta empat ratus dua puluh dua ribu rupiah" in out
    assert "0 kesalahan, 0 peringatan: dapat dipakai." in out


def test_check_errors_exit_1_with_sheet_and_cell(runner):
    result = runner.invoke(main, ["--lang", "en", "budget", "check",
                                  str(FIXTURES / "rab_salah.xlsx"), "--year", "2026"])
    assert result.exit_code == 1
    assert "RAB!F7: Harga Satuan \"delapan ratus ribu\" is not a number" in result.stderr
    assert "RAB!G18:G19: cells G18:G19 are merged" in result.stderr
    assert "11 error(s), 2 warning(s): not usable." in result.stdout


def test_check_json(runner):
    result = runner.invoke(main, ["budget", "check", "--json",
                                  str(FIXTURES / "rab_total_salah.xlsx")])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["usable"] is False and data["total"] == "12272000"
    assert [e["path"] for e in data["errors"]] == ["RAB!F10", "RAB!F11"]
    assert data["warnings"][0]["code"] == "budget_terbilang_mismatch"
    assert data["errors"][0]["message_en"].startswith('subtotal "Sub Total B" Rp7.532.000')


def test_a_rate_option_overrides_the_sheet_and_its_amounts_no_longer_agree(runner):
    result = runner.invoke(main, ["budget", "check", str(FIXTURES / "rab_usd.xlsx"),
                                  "--rate", "USD=15.000", "--province", "Bali", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["rates"]["USD"] == "15000"
    assert data["lines"][0]["unit_price"] == "8745000"
    assert [(e["path"], e["code"]) for e in data["errors"]][:2] == [
        ("RAB!G6", "budget_line_mismatch"), ("RAB!G7", "budget_line_mismatch")]
    assert "USD 583 × Rp15.000" in data["errors"][0]["message_id"]


def test_check_against_a_study_team(runner, study_file, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Uraian", "Volume", "Satuan", "Harga Satuan", "Jumlah"])
    wb.active.append(["Uang representasi", 3, "OH", 150000, 450000])
    path = tmp_path / "rep.xlsx"
    wb.save(path)
    result = runner.invoke(main, ["budget", "check", str(path), "--study", str(study_file)])
    assert result.exit_code == 1
    assert "Sheet!A2: uang representasi dianggarkan, tetapi tidak seorang pun dari 4 anggota " \
           "tim eselon II ke atas" in result.stderr


BAD = {
    "docx": ("rab.docx", None, "budget_not_xlsx_docx"),
    "csv": ("rab.xlsx", b"No,Uraian,Jumlah\n1,Uang harian,4920000\n", "budget_not_xlsx_csv"),
    "noise": ("rab.xlsx", b"\x01" + random.Random(3).randbytes(999), "budget_not_xlsx_unknown"),
    "xls": ("rab_lama.xls", None, "budget_ole_truncated"),
    "encrypted": ("rab_sandi.xlsx", None, "budget_encrypted"),
    "truncated": ("rab.xlsx", None, "budget_zip_corrupt"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_unreadable_files_exit_2_with_a_message_and_no_traceback(runner, tmp_path, case, study):
    name, content, code = BAD[case]
    path = tmp_path / name
    if case == "docx":
        from docgen.render import render

        content = render(study, "rab")
    elif case == "xls":
        content = (FIXTURES / name).read_bytes()[:5120]
    elif case == "encrypted":
        content = (FIXTURES / name).read_bytes()
    elif case == "truncated":
        content = (FIXTURES / "rab_kantor.xlsx").read_bytes()[:3000]
    path.write_bytes(content)
    result = runner.invoke(main, ["budget", "check", str(path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"{name}: ")
    as_json = runner.invoke(main, ["budget", "check", "--json", str(path)])
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["errors"][0]["code"] == code


def test_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["budget", "check", str(tmp_path / "tidak-ada.xlsx")])
    assert result.exit_code == 2
    assert "tidak-ada.xlsx: berkas tidak dapat dibuka" in result.stderr


def test_template_to_a_file_and_to_standard_output(runner, tmp_path):
    out = tmp_path / "anggaran.xlsx"
    result = runner.invoke(main, ["budget", "template", "--year", "2026", "--out", str(out)])
    assert result.exit_code == 0
    assert load_workbook(out)["RAB"]["C4"].value == 2026
    piped = runner.invoke(main, ["budget", "template"])
    assert piped.exit_code == 0
    assert piped.stdout_bytes[:2] == b"PK"
    assert load_workbook(io.BytesIO(piped.stdout_bytes))["RAB"]["A8"].value == "No"


def test_export_writes_the_study_rab(runner, study_file):
    result = runner.invoke(main, ["budget", "export", str(study_file)])
    assert result.exit_code == 0
    ws = load_workbook(io.BytesIO(result.stdout_bytes), data_only=True)["RAB"]
    totals = [row for row in ws.iter_rows(values_only=True) if row[0] == "JUMLAH"]
    assert totals[0][6] == 24422000


def test_export_without_budget_lines(runner, tmp_path, study):
    study.plan.budget = []
    path = tmp_path / "kosong.json"
    path.write_text(study_mod.dump_study(study), encoding="utf-8")
    result = runner.invoke(main, ["--lang", "en", "budget", "export", str(path)])
    assert result.exit_code == 1
    assert "plan.budget: the study has no budget lines" in result.stderr


def test_attach_puts_the_checked_lines_into_the_study(runner, study_file, tmp_path):
    out = tmp_path / "baru.json"
    result = runner.invoke(main, ["budget", "attach", str(study_file),
                                  str(FIXTURES / "rab_template_isi.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    updated = study_mod.read_study(out)
    assert updated.plan.budget_total == 20672000
    assert [line.component for line in updated.plan.budget] == [
        "uang_harian", "penginapan", "penginapan", "tiket"]
    refused = runner.invoke(main, ["budget", "attach", str(study_file),
                                   str(FIXTURES / "rab_salah.xlsx")])
    assert refused.exit_code == 1 and refused.stdout == ""


def test_caps_lists_rows_in_force_with_their_source(runner):
    result = runner.invoke(main, ["budget", "caps", "--year", "2026", "--kind", "penginapan",
                                  "--region", "DKI Jakarta"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert "Rp9.331.000/OH  TA 2026  PMK 32/2025" in lines[0]
    assert lines[0].endswith("[terverifikasi]") and lines[1].endswith("[belum diverifikasi]")


def test_import_caps_and_use_them(runner, tmp_path):
    source = tmp_path / "ssh.csv"
    source.write_text("jenis,wilayah,tingkat,batas\nuang harian luar kota,Jawa Timur,,375000\n",
                      encoding="utf-8")
    out = tmp_path / "sleman.csv"
    result = runner.invoke(main, ["budget", "import-caps", str(source), "--out", str(out),
                                  "--year", "2026", "--basis", "Perbup Sleman 50/2025"])
    assert result.exit_code == 0, result.output
    assert "Perbup Sleman 50/2025" in out.read_text(encoding="utf-8")
    checked = runner.invoke(main, ["budget", "check", str(FIXTURES / "rab_kantor.xlsx"),
                                   "--caps", str(out)])
    assert checked.exit_code == 1
    assert "RAB!E11: harga satuan Rp410.000 melebihi batas Rp375.000" in checked.stderr
    bad = tmp_path / "rusak.csv"
    bad.write_text("jenis,wilayah,batas\nhotel,Bali,mahal\n", encoding="utf-8")
    refused = runner.invoke(main, ["budget", "import-caps", str(bad), "--out", str(out)])
    assert refused.exit_code == 1
    assert "rusak.csv!C2" in refused.stderr
