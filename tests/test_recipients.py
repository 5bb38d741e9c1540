"""Recipient sheets: the header found like a budget's, each row an addressee, bad rows named
by their cell in Indonesian and English, the file refused only when it cannot be a list."""

from __future__ import annotations

import pytest

from docgen.invitee import Invitee, addressee_line, file_stem
from docgen.recipients import RecipientsUnreadable, label_role, read_recipients
from tests.recipient_sheets import HEADER, csv_bytes, ods, villages, xlsx


def lines(sheet):
    return [(r.cell, r.invitee) for r in sheet.recipients]


@pytest.mark.parametrize("jabatan, institution, expected", [
    ("Kepala Desa", "Desa Sukamaju", "Kepala Desa Sukamaju"),
    ("Kepala Dinas Kesehatan", "Dinas Kesehatan Kabupaten Sleman",
     "Kepala Dinas Kesehatan Kabupaten Sleman"),
    ("Kepala Dinas Kesehatan Kabupaten Sleman", "Dinas Kesehatan Kabupaten Sleman",
     "Kepala Dinas Kesehatan Kabupaten Sleman"),
    ("Camat", "Kecamatan Depok", "Camat Kecamatan Depok"),
    ("Ketua", "", "Ketua"),
    ("Sekretaris  Daerah", "Pemerintah Kabupaten Sleman",
     "Sekretaris Daerah Pemerintah Kabupaten Sleman"),
])
def test_the_line_after_yth_writes_the_institution_once(jabatan, institution, expected):
    assert addressee_line(jabatan, institution) == expected


def test_a_file_name_part_is_cut_at_a_word():
    assert file_stem("Kepala Desa Sukamaju") == "kepala-desa-sukamaju"
    stem = file_stem("Kepala Badan Perencanaan Pembangunan Riset dan Inovasi Daerah Sleman")
    assert len(stem) <= 48 and stem.endswith(("-riset", "-dan", "-inovasi", "-daerah"))
    assert not stem.endswith("-") and "-" in stem


@pytest.mark.parametrize("label, role", [
    ("Jabatan", "jabatan"), ("JABATAN PENERIMA", "jabatan"), ("Kepada Yth.", "jabatan"),
    ("Jabatan (contoh: Kepala Desa)", "jabatan"), ("Nama Instansi", "institution"),
    ("OPD", "institution"), ("Alamat Kantor", "address"), ("Kabupaten/Kota", "city"),
    ("Kab./Kota", "city"), ("Nama", "name"), ("Nama Pejabat", "name"), ("E-mail", "email"),
    ("Alamat Surel", "email"), ("Position", "jabatan"), ("Institution", "institution"),
    ("No.", "other"), ("Uraian", None), (12, None),
])
def test_header_labels_in_indonesian_and_english(label, role):
    assert label_role(label) == role


def test_title_rows_above_the_header_and_each_row_an_addressee():
    sheet = read_recipients(xlsx([HEADER, *villages(3)], above=3), "penerima.xlsx")
    assert (sheet.sheet, sheet.header_row) == ("Penerima", 4)
    assert sheet.columns == {"jabatan": "B", "institution": "C", "address": "D", "city": "E",
                             "name": "F", "email": "G"}
    assert lines(sheet)[0] == ("Penerima!B5", Invitee(
        "Kepala Desa Sukamaju 1", "Jl. Kaliurang Km 1", "Sleman", "Budi Santoso 1",
        "desa1@slemankab.go.id", "Desa Sukamaju 1"))
    assert [r.row for r in sheet.recipients] == [5, 6, 7] and not sheet.problems


def test_english_labels_a_second_header_row_and_the_column_numbers_under_it():
    rows = [[None, "Recipient", None, "Address", "City"],
            ["No", "Position", "Institution", None, None],
            [1, 2, 3, 4, 5],
            [1, "Head", "Health Office of Sleman", "Jl. Magelang", "Sleman"]]
    sheet = read_recipients(xlsx(rows, merges=("B3:C3", "D3:D4", "E3:E4")), "list.xlsx")
    assert sheet.header_row == 4
    assert lines(sheet) == [("Penerima!B6", Invitee("Head Health Office of Sleman",
                                                    "Jl. Magelang", "Sleman",
                                                    institution="Health Office of Sleman"))]


def test_a_city_merged_over_its_villages_counts_for_each():
    rows = [HEADER, [1, "Kepala Desa", "Desa Sardonoharjo", None, "Sleman", None, None],
            [2, "Kepala Desa", "Desa Sinduharjo", None, None, None, None],
            [3, "Kepala Desa", "Desa Wedomartani", None, "Kalasan", None, None]]
    sheet = read_recipients(xlsx(rows, merges=("E4:E5",)), "p.xlsx")
    assert [r.invitee.city for r in sheet.recipients] == ["Sleman", "Sleman", "Kalasan"]


def test_an_ods_with_a_merged_city_reads_like_the_xlsx():
    rows = [["Daftar undangan"], [], ["No.", "Jabatan", "Instansi", "Kota"],
            [1, "Kepala Desa", "Desa Sardonoharjo", "Sleman"],
            [2, "Kepala Desa", "Desa Sinduharjo", None]]
    sheet = read_recipients(ods(rows, spans={(3, 3): 2}), "undangan.ods")
    assert (sheet.sheet, sheet.header_row) == ("Penerima", 3)
    assert lines(sheet) == [
        ("Penerima!B4", Invitee("Kepala Desa Sardonoharjo", city="Sleman",
                                institution="Desa Sardonoharjo")),
        ("Penerima!B5", Invitee("Kepala Desa Sinduharjo", city="Sleman",
                                institution="Desa Sinduharjo"))]


@pytest.mark.parametrize("sep, encoding", [(";", "utf-8-sig"), (",", "utf-8"),
                                           ("\t", "cp1252")])
def test_csv_as_excel_saves_it(sep, encoding):
    rows = [["Jabatan", "Instansi", "Alamat", "Kota"],
            ["Kepala Dinas Pendidikan", "Dinas Pendidikan Kabupaten Sleman", "Jl. Parasamya",
             "Sleman"],
            ["Direktur", "RSUD Prambanan", "Jl. Prambanan–Piyungan Km 7", "Sleman"]]
    if encoding == "cp1252":
        rows[2][2] = "Jl. Prambanan Km 7 (café)"
    sheet = read_recipients(csv_bytes(rows, sep=sep, encoding=encoding), "daftar.csv")
    assert [r.cell for r in sheet.recipients] == ["daftar.csv!A2", "daftar.csv!A3"]
    assert sheet.recipients[0].invitee.jabatan == "Kepala Dinas Pendidikan Kabupaten Sleman"
    assert sheet.recipients[1].invitee.address == rows[2][2]


def test_bad_rows_are_named_by_cell_and_the_others_kept():
    rows = [HEADER, *villages(2),
            [3, None, "Desa Kosong", "Jl. A", "Sleman", None, None],
            [4, 12345, "Desa Angka", None, None, None, None],
            [5, "Kepala Desa", "#REF!", None, None, None, None],
            [6, "Kepala Desa", "Desa Sukamaju 1", "Jl. Kaliurang Km 1", "Sleman", None, None],
            [7, "Kepala Desa " + "X" * 300, None, None, None, None, None],
            [8, "Kepala Desa", "Desa Surel", None, None, None, "bukan-surel@"]]
    sheet = read_recipients(xlsx(rows), "p.xlsx")
    assert [r.row for r in sheet.recipients] == [4, 5, 11]
    found = {(p.path, p.code) for p in sheet.problems}
    assert found == {("Penerima!B6", "recipient_no_jabatan"),
                     ("Penerima!B7", "recipient_not_text"),
                     ("Penerima!C8", "recipient_error_value"),
                     ("Penerima!B9", "recipient_duplicate"),
                     ("Penerima!B10", "recipient_too_long"),
                     ("Penerima!G11", "recipient_email")}
    by_code = {p.code: p for p in sheet.problems}
    assert by_code["recipient_duplicate"].line("id") == (
        "Penerima!B9: baris 9: penerima yang sama dengan baris 4; dilewati")
    assert by_code["recipient_duplicate"].line("en") == (
        "Penerima!B9: row 9: the same recipient as row 4; skipped")
    assert by_code["recipient_not_text"].message("en") == 'row 7: "Jabatan" holds 12.345, not text'
    assert by_code["recipient_email"].severity == "warning"
    assert sheet.recipients[-1].invitee.email == ""


def test_the_list_sheet_is_chosen_among_others():
    sheet = read_recipients(xlsx([["Catatan"], ["Kirim sebelum 1 Maret"]], title="Catatan",
                                 above=0, sheets=(("Undangan", [HEADER, *villages(1)]),)),
                            "buku.xlsx")
    assert sheet.sheet == "Undangan" and len(sheet.recipients) == 1


@pytest.mark.parametrize("data, name, code, path", [
    (xlsx([["Uraian", "Jumlah"], ["Uang harian", 370000]]), "rab.xlsx",
     "recipients_no_header", "rab.xlsx"),
    (xlsx([["Nama", "Instansi"], ["Budi", "Desa A"]]), "p.xlsx",
     "recipients_no_jabatan_column", "Penerima!3:3"),
    (xlsx([HEADER]), "p.xlsx", "recipients_empty", "Penerima!3:3"),
    (b"%PDF-1.7\n...%%EOF", "p.pdf", "budget_not_xlsx_pdf", "p.pdf"),
    (b"", "p.xlsx", "budget_file_empty", "p.xlsx"),
    (b"PK\x03\x04broken", "p.xlsx", "budget_zip_corrupt", "p.xlsx"),
])
def test_a_file_that_cannot_be_a_list_is_refused_with_its_reason(data, name, code, path):
    with pytest.raises(RecipientsUnreadable) as caught:
        read_recipients(data, name)
    assert (caught.value.problem.code, caught.value.problem.path) == (code, path)
    assert caught.value.problem.message("id") != caught.value.problem.message("en")


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(RecipientsUnreadable) as caught:
        read_recipients(b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1), "besar.xlsx")
    assert caught.value.problem.code == "recipients_file_too_large"
