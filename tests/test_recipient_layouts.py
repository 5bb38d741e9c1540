"""Recipient sheets laid out as offices keep them (tests/fixtures/recipients/, saved by
LibreOffice: scripts/make_recipient_fixtures.py), each made into a batch end to end: the ZIP
opened, every letter's addressee lines and "di <city>" read, and the rows refused or warned
about named by sheet and cell in Indonesian and English."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.invitee import addressee_line
from docgen.recipient_layout import office_region, title_place
from docgen.recipients import RecipientsUnreadable, read_recipients
from tests.helpers import docx_text
from tests.recipient_sheets import csv_bytes, xlsx

FIXTURES = Path(__file__).parent / "fixtures" / "recipients"


@pytest.fixture
def study_file(tmp_path, study_data):
    path = tmp_path / "studi.json"
    path.write_text(json.dumps(study_data), encoding="utf-8")
    return path


def batch(tmp_path, study_file, sheet: Path, lang: str):
    out = tmp_path / f"{sheet.stem}-{lang}.zip"
    result = CliRunner().invoke(main, ["--lang", lang, "batch", str(study_file), "--recipients",
                                       str(sheet), "--out", str(out)],
                                env={"DOCGEN_HOME": str(tmp_path / "home")})
    assert out.exists(), result.output
    with zipfile.ZipFile(out) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    summary = files.pop("ringkasan-batch.csv").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(summary), delimiter=";"))
    return result, files, table


def addressees(files: dict[str, bytes]) -> list[str]:
    """Each letter's block from "Yth." to the city after "di"."""
    out = []
    for name in sorted(files):
        text = docx_text(files[name])
        start = text.index("Yth. ")
        end = text.index("\ndi\n", start)
        city = text[end + 4:].split("\n", 1)[0]
        out.append(text[start + 5:end] + " | di " + city)
    return out


def both(result_id, result_en, id_line: str, en_line: str) -> None:
    assert id_line in result_id.output, result_id.output
    assert en_line in result_en.output, result_en.output


def test_village_heads_without_a_jabatan_column(tmp_path, study_file):
    """No | Nama Desa | Kecamatan | Nama Kepala Desa | No. HP under two title rows, a header
    on two rows and a (1) (2) (3) row; a blank and a hidden row inside, JUMLAH and a
    signature block under it."""
    sheet = FIXTURES / "desa_sleman.xlsx"
    result, files, table = batch(tmp_path, study_file, sheet, "id")
    result_en, _files, _table = batch(tmp_path, study_file, sheet, "en")
    assert result.exit_code == 0, result.output
    assert addressees(files) == [
        "Kepala Desa Sardonoharjo\nKecamatan Ngaglik | di Kabupaten Sleman",
        "Kepala Desa Sinduharjo\nKecamatan Ngaglik | di Kabupaten Sleman",
        "Kepala Desa Wedomartani\nKecamatan Ngemplak | di Kabupaten Sleman",
        "Lurah Caturtunggal\nKecamatan Depok | di Kabupaten Sleman",
        "Kepala Desa Minomartani\nKecamatan Ngaglik | di Kabupaten Sleman"]
    text = "\n".join(docx_text(data) for data in files.values())
    assert "Budi Santoso" not in text and "HARYANTO" not in text  # the office, not the person
    both(result, result_en,
         "'Kepala Desa'!12:12: peringatan: baris 12 disembunyikan atau tersaring",
         "'Kepala Desa'!12:12: warning: hidden or filtered-out rows, no letter made: 12")
    assert "5 naskah dibuat, 0 baris ditolak, 1 peringatan" in result.output
    made = {row[1]: row for row in table[1:]}
    assert made["'Kepala Desa'!B11"][7] == "Kelurahan Caturtunggal"
    assert made["'Kepala Desa'!B7"][5] == "Budi Santoso"
    assert made["'Kepala Desa'!12:12"][9] == "peringatan"
    assert not any("Mengetahui" in cell or "JUMLAH" in cell for row in table for cell in row)


def test_offices_with_the_institution_inside_the_jabatan(tmp_path, study_file):
    """NO | KEPADA YTH. | ALAMAT, saved as .xls: the institution is in the jabatan cell,
    cells break over lines, "Yth." and "di Sleman" typed in, capitals kept as typed."""
    sheet = FIXTURES / "opd.xls"
    result, files, table = batch(tmp_path, study_file, sheet, "id")
    result_en, _files, _table = batch(tmp_path, study_file, sheet, "en")
    assert result.exit_code == 1  # one row refused (the same office twice)
    assert addressees(files) == [
        "Kepala Dinas Pendidikan Kabupaten Sleman\nJl. Parasamya No. 1, Beran, Tridadi, "
        "Sleman | di Tempat",
        "Kepala Badan Perencanaan Pembangunan Daerah Kabupaten Sleman\nJl. Parasamya No. 1\n"
        "Beran, Tridadi | di Tempat",
        "Direktur RSUD Sleman\nJl. Bhayangkara No. 48, Murangan | di Sleman",
        "KEPALA DINAS KESEHATAN KABUPATEN SLEMAN\nJl. Dr. Rajimin, Sucen, Triharjo | di Tempat",
        "Camat Depok | di Tempat"]
    both(result, result_en, "Undangan!B9: baris 9: penerima yang sama dengan baris 4; dilewati",
         "Undangan!B9: row 9: the same recipient as row 4; skipped")
    assert "Ir. Wahyu" not in result.output and len(table) == 1 + 5 + 1


def test_one_sheet_per_district(tmp_path, study_file):
    """Three sheets "Kec. …" with the same header, e-mails as mailto: links, a filtered
    sheet, bad rows; a summary sheet and a hidden sheet left out, with a warning."""
    sheet = FIXTURES / "kecamatan.ods"
    result, files, table = batch(tmp_path, study_file, sheet, "id")
    result_en, _files, _table = batch(tmp_path, study_file, sheet, "en")
    assert result.exit_code == 1
    assert addressees(files) == [
        "Lurah Kelurahan Caturtunggal\nJl. Kaliurang Km 6\nKecamatan Depok | di Kabupaten Sleman",
        "Kepala Desa Maguwoharjo\nJl. Raya Tajem\nKecamatan Depok | di Kabupaten Sleman",
        "Kepala Desa Sinduadi\nJl. Magelang Km 5\nKecamatan Mlati | di Kabupaten Sleman",
        "Kepala Desa Tirtoadi\nKecamatan Mlati | di Kabupaten Sleman",
        "Kepala Desa Ambarketawang\nJl. Wates Km 5\nKecamatan Gamping | di Kabupaten Sleman",
        "Kepala Desa Nogotirto\nJl. Godean Km 5\nKecamatan Gamping | di Kabupaten Sleman"]
    both(result, result_en, "'Kec. Mlati'!B5: baris 5: jabatan penerima kosong",
         "'Kec. Mlati'!B5: row 5: the addressee's position (jabatan) is empty")
    both(result, result_en, "'Kec. Mlati'!B6: baris 6: \"Jabatan\" berisi 12.345, bukan teks",
         "'Kec. Mlati'!B6: row 6: \"Jabatan\" holds 12.345, not text")
    both(result, result_en, "'Kec. Gamping'!5:5: peringatan: baris 5 disembunyikan",
         "'Kec. Gamping'!5:5: warning: hidden or filtered-out rows, no letter made: 5")
    both(result, result_en, "Lama: peringatan: lembar \"Lama\" tersembunyi",
         "Lama: warning: sheet \"Lama\" is hidden")
    both(result, result_en, "Rekap: peringatan: lembar \"Rekap\" tidak dibaca",
         "Rekap: warning: sheet \"Rekap\" was not read")
    emails = [row[6] for row in table[1:7]]
    assert emails == ["caturtunggal@slemankab.go.id", "maguwoharjo@slemankab.go.id",
                      "sinduadi@slemankab.go.id", "tirtoadi@slemankab.go.id", "", ""]
    assert "6 naskah dibuat, 2 baris ditolak, 3 peringatan" in result.output


@pytest.mark.parametrize("name, expected", [
    ("desa_excel_id.csv", [
        "Kepala Desa Pandowoharjo\nKecamatan Sleman | di Kabupaten Sleman",
        "Kepala Desa Tridadi\nKecamatan Sleman | di Kabupaten Sleman",
        "Kepala Desa Triharjo\nKecamatan Sleman | di Kabupaten Sleman"]),
    ("opd_bom.csv", [
        "Kepala Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Sleman\n"
        "Jl. Parasamya No. 1, Beran | di Sleman",
        "Kepala Dinas Kesehatan Kabupaten Sleman\nJl. Dr. Rajimin, Sucen | di Sleman"]),
])
def test_csv_as_excel_saves_it(tmp_path, study_file, name, expected):
    result, files, table = batch(tmp_path, study_file, FIXTURES / name, "id")
    assert result.exit_code == 0, result.output
    assert addressees(files) == expected
    if name == "desa_excel_id.csv":  # cp1252, ";" between fields, a ";" inside quotes
        assert [row[5] for row in table[1:]] == ["José Ramírez", "Sri Wahyuni – Plt.",
                                                 "Andi; S.Sos."]


# --------------------------------------------------------------------------- the reader


def test_the_fixtures_are_saved_by_libreoffice():
    with zipfile.ZipFile(FIXTURES / "desa_sleman.xlsx") as zf:
        assert b"LibreOffice" in zf.read("docProps/app.xml")
    with zipfile.ZipFile(FIXTURES / "kecamatan.ods") as zf:
        assert b"LibreOffice" in zf.read("meta.xml")
    assert (FIXTURES / "opd.xls").read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")


def test_a_village_list_without_the_office_region_says_di_tempat():
    sheet = read_recipients(FIXTURES / "desa_sleman.xlsx")
    assert {r.invitee.city for r in sheet.recipients} == {""}


@pytest.mark.parametrize("pemda, city, expected", [
    ("PEMERINTAH KABUPATEN SLEMAN", "Sleman", "Kabupaten Sleman"),
    ("PEMERINTAH KABUPATEN KULON PROGO", "Wates", "Kabupaten Kulon Progo"),
    ("Pemerintah Kab. Gunungkidul", "Wonosari", "Kabupaten Gunungkidul"),
    ("PEMERINTAH KOTA YOGYAKARTA", "Yogyakarta", "Kota Yogyakarta"),
    ("PEMERINTAH DAERAH DAERAH ISTIMEWA YOGYAKARTA", "Yogyakarta", ""),
    ("PEMERINTAH PROVINSI JAWA TENGAH", "Semarang", ""),
    ("", "Magelang", "Magelang"),
])
def test_the_office_region(pemda, city, expected):
    class Office:
        pass

    office = Office()
    office.pemda, office.city = pemda, city
    assert office_region(office) == expected


def test_kelurahan_kalurahan_nagari_and_a_district_list():
    rows = [["No", "Desa/Kelurahan", "Kapanewon"], [1, "Kel. Baciro", "Gondokusuman"],
            [2, "Kalurahan Sardonoharjo", "Ngaglik"], [3, "Nagari Koto Gadang", None],
            [4, "SIDO-MULYO", "KAP. GODEAN"]]
    sheet = read_recipients(xlsx(rows), "p.xlsx", home="Kabupaten Sleman")
    assert [(r.invitee.jabatan, r.invitee.address, r.invitee.institution)
            for r in sheet.recipients] == [
        ("Lurah Baciro", "Kapanewon Gondokusuman", "Kelurahan Baciro"),
        ("Lurah Sardonoharjo", "Kapanewon Ngaglik", "Pemerintah Kalurahan Sardonoharjo"),
        ("Wali Nagari Koto Gadang", "", "Pemerintah Nagari Koto Gadang"),
        ("Kepala Desa Sido-Mulyo", "Kapanewon Godean", "Pemerintah Desa Sido-Mulyo")]
    camat = read_recipients(xlsx([["No", "Kecamatan", "Nama Camat"], [1, "Depok", "Budi"]]),
                            "c.xlsx", home="Kabupaten Sleman")
    assert [(r.cell, r.invitee.jabatan, r.invitee.address, r.invitee.city)
            for r in camat.recipients] == [("Penerima!B4", "Camat Depok", "",
                                            "Kabupaten Sleman")]


def test_villages_grouped_under_district_headings_in_one_sheet():
    rows = [["No", "Jabatan", "Instansi"], ["KECAMATAN DEPOK"], [1, "Kepala Desa",
                                                                 "Desa Maguwoharjo"],
            ["Kec. Mlati"], [2, "Kepala Desa", "Desa Sinduadi"],
            [3, "Kepala Desa", "Desa Tlogoadi"], [None, "Jumlah", 3]]
    sheet = read_recipients(xlsx(rows, merges=("A4:C4", "A6:C6")), "p.xlsx")
    assert [(r.cell, r.invitee.jabatan, r.invitee.address) for r in sheet.recipients] == [
        ("Penerima!B5", "Kepala Desa Maguwoharjo", "Kecamatan Depok"),
        ("Penerima!B7", "Kepala Desa Sinduadi", "Kecamatan Mlati"),
        ("Penerima!B8", "Kepala Desa Tlogoadi", "Kecamatan Mlati")]
    assert not sheet.problems


def test_a_form_numbered_in_advance_and_a_jabatan_with_a_comma_after_it():
    rows = [["No", "Kepada Yth.", "Alamat"], [1, "Kepala Dinas Sosial,", None],
            [2, None, None], [3, None, None], [None, None, "Kepala Bappeda,"],
            [None, None, "NIP 19700512 199603 1 004"]]
    sheet = read_recipients(xlsx(rows), "p.xlsx")
    assert [r.invitee.jabatan for r in sheet.recipients] == ["Kepala Dinas Sosial"]
    assert not sheet.problems


def test_an_attendance_list_is_not_a_recipient_list():
    with pytest.raises(RecipientsUnreadable) as caught:
        read_recipients(xlsx([["No", "Nama", "Jabatan", "Tanda Tangan"],
                              [1, "Budi", "Kepala Desa", None]]), "hadir.xlsx")
    assert caught.value.problem.code == "recipients_no_jabatan_column"
    assert "Desa/Kelurahan" in caught.value.problem.message("id")


def test_utf16_text_and_the_sep_line_excel_writes():
    rows = [["Jabatan", "Alamat"], ["Kepala Dinas Sosial", "Jl. Merapi, Sleman"]]
    for data in (csv_bytes(rows, sep="\t", encoding="utf-16"),
                 b"sep=,\r\n" + csv_bytes(rows, sep=",", encoding="utf-8").replace(
                     b"Jl. Merapi, Sleman", b'"Jl. Merapi, Sleman"')):
        sheet = read_recipients(data, "daftar.csv")
        assert [(r.invitee.jabatan, r.invitee.address) for r in sheet.recipients] == [
            ("Kepala Dinas Sosial", "Jl. Merapi, Sleman")]


def test_the_institution_is_written_once():
    assert addressee_line("Kepala Dinas Pendidikan Kabupaten Sleman",
                          "Dinas Pendidikan Kab. Sleman") == (
        "Kepala Dinas Pendidikan Kabupaten Sleman")
    assert addressee_line("Kepala Dinas", "Dinas Pendidikan, Pemuda dan Olahraga") == (
        "Kepala Dinas Pendidikan, Pemuda dan Olahraga")
    assert title_place("KULON PROGO") == "Kulon Progo" and title_place("Gunungkidul") == (
        "Gunungkidul")
