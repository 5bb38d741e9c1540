"""The Laporan Perkembangan Tindak Lanjut, and the final report's RTL as it stood on the
report's date."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from docgen import catalog
from docgen.example import abroad_example_data, abroad_example_study, example_study
from docgen.render import render_document
from docgen.study import load_study
from tests.helpers import docx_text


def _rows(data: bytes, header: str) -> list[list[str]]:
    for table in Document(io.BytesIO(data)).tables:
        cells = [c.text.strip() for c in table.rows[0].cells]
        if header in cells:
            return [[c.text.strip() for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table with {header!r}")


def test_the_kind_is_in_the_catalog():
    kind = catalog.KINDS["laporan_tindak_lanjut"]
    assert (kind.stage, kind.numbered, kind.signer) == (7, True, "leader")
    assert kind.classification(example_study()) == "000.9.3"
    assert kind.classification(abroad_example_study()) == "000.9.3"
    assert catalog.KINDS["laporan_tindak_lanjut"] in catalog.available(example_study())


def test_domestic_progress_report_reads_right():
    study = example_study()
    data = render_document(study, "laporan_tindak_lanjut", issued=date(2027, 5, 1),
                           number="000.9.3/57/Bappeda/2027").data
    text = docx_text(data)
    assert "LAPORAN PERKEMBANGAN TINDAK LANJUT" in text
    assert "000.9.3/57/Bappeda/2027" in text and "1 Mei 2027" in text
    assert study.office.head.jabatan in text
    assert "periode 17 Desember 2026 s.d. 1 Mei 2027" in text
    assert ("Dari 3 rencana aksi, 1 telah selesai (1 tepat waktu), 2 sedang berjalan, "
            "0 belum dimulai dan 0 dibatalkan; 1 rencana aksi melewati target waktunya") in text
    rows = _rows(data, "Bukti Dukung")
    # by due date: the team (28 Feb, done), the road map (31 Mar, late), the Perbup (30 Jun)
    assert [r[0] for r in rows] == ["1", "2", "3"]
    team, road_map, perbup = rows
    assert team[1].startswith("Pembentukan tim teknis")
    assert team[3:] == ["1 keputusan", "1 keputusan", "Selesai (tepat waktu)",
                        "Keputusan Kepala Bappeda tentang Tim Teknis.pdf"]
    assert "target waktu: 31 Maret 2027" in road_map[1]
    assert road_map[3:] == ["100 %", "75 %", "Berjalan (melewati target waktu)", "-"]
    assert perbup[3:] == ["1 rancangan", "0 rancangan", "Berjalan", "-"]
    # signed by the team leader
    assert study.plan.leader.full_name in text and "KETUA TIM" in text.upper()


def test_abroad_progress_report_for_a_chosen_period():
    study = abroad_example_study()
    data = render_document(study, "laporan_tindak_lanjut", issued=date(2027, 10, 15),
                           period=(date(2027, 7, 1), date(2027, 9, 30))).data
    text = docx_text(data)
    assert "periode 1 Juli s.d. 30 September 2027" in text
    rows = _rows(data, "Bukti Dukung")
    wali, kamus, dasbor = rows
    # the wali data were set in June: done on time, nothing new in the period
    assert wali[3:] == ["30 perangkat daerah", "30 perangkat daerah", "Selesai (tepat waktu)",
                        "-"]
    # on 30 September the dictionary was due that day, not yet late: 60 %, its sheet
    assert kamus[3:] == ["100 %", "60 %", "Berjalan", "Rekap kamus data.xlsx"]
    assert "Catatan: Renstra 18 perangkat daerah masuk" in kamus[1]
    assert dasbor[4:6] == ["0 rapat", "Berjalan"]


def test_a_cancelled_item_shows_its_reason():
    data = abroad_example_data()
    data["evaluation"]["follow_up"][2]["updates"].append(
        {"date": "2027-09-01", "status": "batal", "reason": "Digabung dengan dasbor provinsi"})
    rendered = render_document(load_study(data), "laporan_tindak_lanjut",
                               issued=date(2027, 10, 15)).data
    rows = _rows(rendered, "Bukti Dukung")
    assert rows[2][5] == "Batal: Digabung dengan dasbor provinsi"
    assert "1 dibatalkan" in docx_text(rendered)


@pytest.mark.parametrize(("issued", "status", "achieved"), [
    (date(2026, 12, 21), "Rencana", "-"),       # the report's own date: nothing done yet
    (date(2027, 3, 25), "Berjalan", "75 %"),    # after the road map's second update
])
def test_the_final_reports_rtl_shows_the_state_on_its_date(issued, status, achieved):
    study = example_study()
    data = render_document(study, "final_report", issued=issued).data
    assert "Keadaan rencana tindak lanjut pada tanggal" in docx_text(data)
    rows = _rows(data, "Indikator dan Target")
    road_map = next(r for r in rows if r[1].startswith("Penyusunan peta jalan"))
    assert road_map[4] == "Dokumen peta jalan ditetapkan Kepala Bappeda (target 100 %)"
    assert road_map[5:] == [achieved, status]


def test_docgen_render_takes_the_period(tmp_path):
    from click.testing import CliRunner

    from docgen.cli import main

    runner = CliRunner()
    study_file = tmp_path / "s.json"
    study_file.write_text(runner.invoke(main, ["example"]).output, encoding="utf-8")
    result = runner.invoke(main, ["render", str(study_file), "--out", str(tmp_path),
                                  "--kind", "laporan_tindak_lanjut", "--period-from",
                                  "2027-01-01", "--period-to", "2027-02-28"])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "laporan-perkembangan-tindak-lanjut.docx").read_bytes()
    assert "periode 1 Januari s.d. 28 Februari 2027" in docx_text(data)
    # on 28 February the road map stood at 40 %, the team was set up on time
    rows = _rows(data, "Bukti Dukung")
    assert [r[4] for r in rows] == ["1 keputusan", "40 %", "-"]
