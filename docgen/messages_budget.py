"""Message texts of budget workbooks (:mod:`docgen.budget`): files that cannot be read,
the sheet and its layout, its cells, its arithmetic and rules, and the budget command;
merged into :data:`docgen.messages.TEXTS`: code -> (Indonesian, English)."""

from __future__ import annotations

BUDGET_TEXTS: dict[str, tuple[str, str]] = {
    # Budget workbooks: files that cannot be read at all
    "budget_file_missing": ("berkas tidak dapat dibuka: {detail}",
                            "the file cannot be opened: {detail}"),
    "budget_file_empty": ("berkas kosong (0 bita)", "the file is empty (0 bytes)"),
    "budget_file_too_large": (
        "berkas {size} melebihi batas {limit}; simpan anggaran saja dalam buku kerja baru",
        "the file is {size}, over the {limit} limit; save the budget alone in a new workbook"),
    "budget_encrypted": (
        "buku kerja dilindungi kata sandi (terenkripsi); buka di Excel/LibreOffice, hapus kata "
        "sandinya, lalu simpan ulang sebagai .xlsx",
        "the workbook is password-protected (encrypted); open it in Excel/LibreOffice, remove "
        "the password and save it again as .xlsx"),
    "budget_xls_binary": (
        "ini berkas Excel lama (.xls, format biner 97-2003); buka lalu simpan sebagai .xlsx",
        "this is an old Excel file (.xls, binary 97-2003 format); open it and save it as "
        ".xlsx"),
    "budget_not_xlsx_doc": ("ini dokumen Word lama (.doc), bukan buku kerja .xlsx",
                            "this is an old Word document (.doc), not an .xlsx workbook"),
    "budget_not_xlsx_ole": ("ini berkas Office biner lama, bukan buku kerja .xlsx",
                            "this is an old binary Office file, not an .xlsx workbook"),
    "budget_not_xlsx_docx": ("ini dokumen Word (.docx), bukan buku kerja .xlsx",
                             "this is a Word document (.docx), not an .xlsx workbook"),
    "budget_not_xlsx_pptx": ("ini presentasi PowerPoint (.pptx), bukan buku kerja .xlsx",
                             "this is a PowerPoint presentation (.pptx), not an .xlsx workbook"),
    "budget_not_xlsx_ods": (
        "ini lembar kerja OpenDocument (.ods); simpan sebagai .xlsx lalu unggah lagi",
        "this is an OpenDocument spreadsheet (.ods); save it as .xlsx and upload it again"),
    "budget_not_xlsx_xlsb": ("ini buku kerja biner Excel (.xlsb); simpan sebagai .xlsx",
                             "this is a binary Excel workbook (.xlsb); save it as .xlsx"),
    "budget_not_xlsx_zip": ("berkas ini arsip zip, tetapi bukan buku kerja .xlsx",
                            "this file is a zip archive but not an .xlsx workbook"),
    "budget_not_xlsx_pdf": ("ini berkas PDF, bukan buku kerja .xlsx",
                            "this is a PDF file, not an .xlsx workbook"),
    "budget_not_xlsx_html": (
        "ini halaman HTML (sering dari ekspor aplikasi yang diberi nama .xls); buka di "
        "Excel/LibreOffice lalu simpan sebagai .xlsx",
        "this is an HTML page (often an application export named .xls); open it in "
        "Excel/LibreOffice and save it as .xlsx"),
    "budget_not_xlsx_xml": ("ini berkas XML, bukan buku kerja .xlsx",
                            "this is an XML file, not an .xlsx workbook"),
    "budget_not_xlsx_csv": (
        "ini berkas teks CSV, bukan buku kerja .xlsx; buka di Excel/LibreOffice lalu simpan "
        "sebagai .xlsx",
        "this is a CSV text file, not an .xlsx workbook; open it in Excel/LibreOffice and save "
        "it as .xlsx"),
    "budget_not_xlsx_text": ("ini berkas teks, bukan buku kerja .xlsx",
                             "this is a text file, not an .xlsx workbook"),
    "budget_not_xlsx_unknown": ("berkas ini bukan buku kerja .xlsx (bita awal: {start})",
                                "this file is not an .xlsx workbook (first bytes: {start})"),
    "budget_zip_corrupt": ("berkas .xlsx rusak atau terpotong: {detail}",
                           "the .xlsx file is damaged or truncated: {detail}"),
    "budget_zip_too_many_parts": ("buku kerja berisi {count} bagian (batas {limit}); ditolak",
                                  "the workbook has {count} parts (limit {limit}); refused"),
    "budget_zip_too_big": ("isi buku kerja mengembang menjadi {size} (batas {limit}); ditolak",
                           "the workbook expands to {size} (limit {limit}); refused"),
    "budget_zip_ratio": (
        "bagian {part} mengembang {ratio} kali (batas {limit}); berkas seperti ini (zip bomb) "
        "ditolak",
        "part {part} expands {ratio} times (limit {limit}); a file like this (zip bomb) is "
        "refused"),
    "budget_xml_entities": (
        "bagian {part} memuat deklarasi DOCTYPE/ENTITY yang tidak pernah ditulis Excel atau "
        "LibreOffice (pola serangan \"billion laughs\"); ditolak",
        "part {part} declares a DOCTYPE/ENTITY, which Excel and LibreOffice never write (the "
        "\"billion laughs\" attack pattern); refused"),
    "budget_workbook_unreadable": ("buku kerja tidak dapat dibaca: {detail}",
                                   "the workbook cannot be read: {detail}"),
    "budget_too_many_rows": (
        "lembar \"{sheet}\" memiliki {rows} baris; paling banyak {limit} baris dibaca",
        "sheet \"{sheet}\" has {rows} rows; at most {limit} rows are read"),
    "budget_too_many_columns": (
        "lembar \"{sheet}\" memiliki {columns} kolom; paling banyak {limit} kolom",
        "sheet \"{sheet}\" has {columns} columns; at most {limit} are allowed"),
    "budget_too_many_cells": (
        "lembar \"{sheet}\" berisi sel sampai baris {rows} dan kolom {columns}; terlalu luas "
        "untuk dibaca, simpan anggaran saja dalam buku kerja baru",
        "sheet \"{sheet}\" has cells down to row {rows} and across to column {columns}; too "
        "wide to read, save the budget alone in a new workbook"),
    "budget_xls_corrupt": (
        "berkas Excel lama (.xls) ini rusak atau terpotong: {detail}",
        "this old Excel file (.xls) is damaged or truncated: {detail}"),
    "budget_ole_truncated": (
        "berkas Office biner (.xls) ini terpotong atau rusak: isinya berhenti sebelum daftar "
        "lembarnya; unduh atau salin ulang berkasnya",
        "this binary Office file (.xls) is truncated or damaged: it ends before its list of "
        "sheets; download or copy the file again"),
    "budget_macros_only": (
        "berkas Office biner ini hanya berisi makro (VBA), tanpa lembar kerja; simpan "
        "anggarannya sebagai .xlsx, .xls atau .ods",
        "this binary Office file holds only macros (VBA), no worksheet; save the budget as "
        ".xlsx, .xls or .ods"),
    "budget_no_worksheet": (
        "buku kerja tidak memiliki lembar kerja (hanya grafik, dialog atau lembar makro)",
        "the workbook has no worksheet (only chart, dialog or macro sheets)"),
    # Budget workbooks: the sheet and its layout
    "budget_empty_workbook": ("buku kerja kosong: tidak ada isian pada lembar mana pun",
                              "the workbook is empty: no sheet has anything in it"),
    "budget_no_header": (
        "baris judul kolom tidak ditemukan dalam {rows} baris pertama lembar {sheets}; yang "
        "dicari: {labels}",
        "no header row found in the first {rows} rows of sheet(s) {sheets}; looked for: "
        "{labels}"),
    "budget_hidden_sheet_ignored": (
        "lembar tersembunyi \"{sheet}\" tidak dibaca; tampilkan bila isinya bagian anggaran",
        "hidden sheet \"{sheet}\" was not read; unhide it if it is part of the budget"),
    "budget_hidden_sheet_used": ("anggaran dibaca dari lembar tersembunyi \"{sheet}\"",
                                 "the budget was read from the hidden sheet \"{sheet}\""),
    "budget_no_header_near": (
        "baris judul kolom tidak ditemukan dalam {rows} baris pertama lembar {sheets}; baris "
        "yang paling mirip, lembar \"{sheet}\" baris {row}: ditemukan: {found}; tidak ada: "
        "{missing}",
        "no header row found in the first {rows} rows of sheet(s) {sheets}; the closest, sheet "
        "\"{sheet}\" row {row}: found: {found}; missing: {missing}"),
    "budget_sheet_missing": ("lembar \"{sheet}\" tidak ada; lembar buku kerja ini: {sheets}",
                             "there is no sheet \"{sheet}\"; the workbook's sheets: {sheets}"),
    "budget_rows_after_total": (
        "{count} baris di bawah jumlah total berisi angka (baris {rows}: pagu, rekap, kuitansi "
        "atau tanda tangan?) dan tidak dibaca sebagai rincian anggaran",
        "{count} row(s) below the grand total hold numbers (rows {rows}: a pagu, a rekap, a "
        "kuitansi or signatures?) and were not read as budget lines"),
    "budget_amount_from_text": (
        "jumlah tidak ada; dihitung dari uraian {text}: {computed}",
        "no amount; computed from the description {text}: {computed}"),
    "budget_sheet_ambiguous": (
        "lembar {sheets} sama-sama tampak sebagai anggaran; pilih lembar yang dibaca "
        "(--sheet NAMA, atau pilihan lembar di halaman unggah)",
        "sheets {sheets} look equally like a budget; choose the sheet to read (--sheet NAME, "
        "or the sheet choice on the upload page)"),
    "budget_lines_after_total": (
        "baris {row} di bawah JUMLAH baris {total} tampak seperti rincian anggaran; bila "
        "tabelnya berlanjut, tulis \"JUMLAH TOTAL\" di akhirnya atau hapus baris teks di "
        "antaranya",
        "row {row}, below the JUMLAH of row {total}, looks like a budget line; if the table goes "
        "on, write \"JUMLAH TOTAL\" at its end or remove the text rows in between"),
    "budget_cost_too_small": (
        "{field} {value} terlalu kecil untuk biaya (kurang dari {least}); jumlah hari atau "
        "orang? tulis biayanya dalam rupiah",
        "{field} {value} is too small for a cost (less than {least}); a number of days or "
        "people? write the cost in rupiah"),
    "budget_cost_row_without_person": (
        "baris {row} berisi biaya tanpa nama pelaksana; tulis namanya, atau beri label baris "
        "jumlahnya (JUMLAH)",
        "row {row} holds costs without a traveller's name; write the name, or label the row "
        "of sums (JUMLAH)"),
    "budget_amount_unclear": (
        "{value} menyebut jumlah uang, tetapi volume × harga tidak dapat dibaca darinya dan "
        "kolom jumlahnya kosong; tulis misalnya \"3 hr x Rp 420.000\" atau isi kolom jumlah",
        "{value} names an amount of money, but no volume × price can be read from it and its "
        "amount cell is empty; write e.g. \"3 hr x Rp 420.000\" or fill in the amount"),
    "budget_sheet_kind_budget": ("anggaran", "budget"),
    "budget_sheet_kind_spd": ("formulir SPD", "SPD form"),
    "budget_sheet_kind_kuitansi": ("kuitansi", "receipt (kuitansi)"),
    "budget_sheet_kind_honor": ("daftar honor", "fee list (honor)"),
    "budget_sheet_kind_caps": ("tabel standar biaya", "standard-cost table"),
    "budget_sheet_kind_riil": ("daftar pengeluaran riil", "list of actual expenses"),
    "budget_sheet_kind_nominatif": ("daftar nominatif", "nominative list"),
    "budget_sheet_kind_pernyataan": ("surat pernyataan", "statement letter"),
    "budget_sheet_kind_empty": ("kosong", "empty"),
    "budget_sheet_kind_other": ("lain-lain", "other"),
    "budget_no_lines": ("tidak ada baris anggaran di bawah baris judul (baris {row})",
                        "no budget lines under the header row (row {row})"),
    "budget_merged_data": (
        "sel {range} digabung (merge) di dalam baris anggaran; setiap baris perlu uraian, "
        "volume, harga dan jumlahnya sendiri",
        "cells {range} are merged inside the budget lines; each line needs its own "
        "description, volume, price and amount"),
    # Budget workbooks: cells ({field} is the column's label as written in the sheet)
    "study_unreadable": ("data studi yang tersimpan tidak dapat dibaca; laporkan kepada "
                         "administrator", "the stored data of this study cannot be read; "
                         "tell the administrator"),
    "budget_not_a_number": ("{field} {value} bukan angka", "{field} {value} is not a number"),
    "budget_error_value": ("{field} berisi galat {value}; perbaiki rumusnya",
                           "{field} shows the error {value}; fix the formula"),
    "budget_number_too_large": ("{field} {value} terlalu besar (paling besar {limit})",
                                "{field} {value} is too large (at most {limit})"),
    "budget_too_many_decimals": ("{field} {value}: paling banyak {places} angka di belakang "
                                 "koma", "{field} {value}: at most {places} decimal places"),
    "budget_line_too_large": ("volume × harga = {total}, lebih dari batas {limit} per baris",
                              "volume × price = {total}, more than the limit of {limit} a "
                              "line"),
    "budget_total_too_large": ("jumlah anggaran {total} lebih dari {limit}, batas yang dapat "
                               "ditulis dengan huruf (terbilang)",
                               "the budget total {total} is more than {limit}, the most that "
                               "can be written in words (terbilang)"),
    "budget_too_many_lines": ("{count} baris anggaran; paling banyak {limit}",
                              "{count} budget lines; at most {limit}"),
    "budget_not_positive": ("{field} {value} harus lebih dari nol",
                            "{field} {value} must be greater than zero"),
    "budget_missing_value": ("{field} kosong", "{field} is empty"),
    "budget_volume_factors": (
        "volume {volume} tidak sama dengan hasil kali kolom orang/hari ({product})",
        "volume {volume} does not equal the product of the person/day columns ({product})"),
    "budget_unknown_currency": ("mata uang {value} tidak dikenal",
                                "currency {value} is not known"),
    "budget_no_rate": (
        "harga {value} dalam {currency} tanpa kurs; isi sel \"Kurs\" atau pakai --rate "
        "{currency}=16250",
        "price {value} is in {currency} but no exchange rate is given; fill a \"Kurs\" cell or "
        "use --rate {currency}=16250"),
    "budget_unknown_component": ("komponen {value} tidak dikenal; pilih salah satu: {known}",
                                 "component {value} is not known; choose one of: {known}"),
    "budget_component_guessed": (
        "komponen baris {value} tidak dapat ditentukan; dimasukkan ke Lain-lain",
        "the component of line {value} cannot be told; counted as Lain-lain (other)"),
    "budget_lump_sum": (
        "baris tanpa volume dan harga satuan; jumlah {amount} dipakai sebagai 1 paket",
        "line without volume and unit price; the amount {amount} is taken as 1 lump sum"),
    "budget_no_description": (
        "uraian kosong; dipakai nama komponen \"{component}\"",
        "the description is empty; the component name \"{component}\" is used"),
    "budget_formula_no_value": (
        "rumus {formula} belum punya hasil tersimpan (berkas dibuat oleh program, bukan Excel/"
        "LibreOffice); dihitung volume × harga = {computed}",
        "formula {formula} has no saved result (the file was written by a program, not Excel/"
        "LibreOffice); computed volume × price = {computed}"),
    "budget_amount_empty": ("jumlah kosong; dihitung volume × harga = {computed}",
                            "the amount is empty; computed volume × price = {computed}"),
    "budget_formula_no_value_input": (
        "{field} berisi rumus {formula} tanpa hasil tersimpan; buka dan simpan berkas di "
        "Excel/LibreOffice",
        "{field} holds formula {formula} without a saved result; open and save the file in "
        "Excel/LibreOffice"),
    "budget_total_formula_no_value": (
        "rumus total {formula} belum punya hasil tersimpan; dipakai jumlah baris yang dihitung",
        "total formula {formula} has no saved result; the computed sum of the lines is used"),
    # Budget workbooks: arithmetic and rules
    "budget_line_mismatch": (
        "jumlah {amount} tidak sama dengan volume {volume} × harga {price} = {expected}",
        "amount {amount} does not equal volume {volume} × price {price} = {expected}"),
    "budget_total_mismatch": (
        "total \"{label}\" {declared} tidak sama dengan jumlah {count} baris anggaran "
        "(baris {rows}) = {computed}",
        "total \"{label}\" {declared} does not equal the sum of the {count} budget lines "
        "(rows {rows}) = {computed}"),
    "budget_column_total_mismatch": (
        "jumlah kolom \"{column}\" pada baris \"{label}\" {declared} tidak sama dengan jumlah "
        "{count} sel kolom itu (baris {rows}) = {computed}",
        "the \"{column}\" column's total on the \"{label}\" row, {declared}, does not equal "
        "the sum of the {count} cells of that column (rows {rows}) = {computed}"),
    "budget_subtotal_mismatch": (
        "subtotal \"{label}\" {declared} tidak sama dengan jumlah {count} baris di atasnya "
        "(baris {rows}) = {computed}",
        "subtotal \"{label}\" {declared} does not equal the sum of the {count} lines above it "
        "(rows {rows}) = {computed}"),
    "budget_terbilang_mismatch": (
        "terbilang {seen} tidak sesuai dengan total {total}; seharusnya \"{expected}\"",
        "the amount in words {seen} does not read the total {total}; it should be "
        "\"{expected}\""),
    "budget_duplicate_line": ("baris {value} sama persis dengan baris {row}; tercatat dua kali?",
                              "line {value} is the same as row {row}; entered twice?"),
    "budget_representasi_not_eligible": (
        "uang representasi untuk {who} ({level}); hanya pejabat negara dan eselon II ke atas "
        "yang berhak",
        "uang representasi (representation allowance) for {who} ({level}); only state "
        "officials and eselon II and above may receive it"),
    "budget_representasi_nobody": (
        "uang representasi dianggarkan, tetapi tidak seorang pun dari {count} anggota tim "
        "eselon II ke atas",
        "uang representasi (representation allowance) is budgeted but none of the {count} "
        "team members is eselon II or above"),
    "budget_representasi_unknown": (
        "uang representasi {value}: tidak diketahui untuk siapa; hanya eselon II ke atas yang "
        "berhak (sebut nama atau eselonnya pada uraian)",
        "uang representasi {value}: it is not clear for whom; only eselon II and above may "
        "receive it (name the person or the eselon in the description)"),
    "budget_above_cap": (
        "harga satuan {price} melebihi batas {cap} per {unit} untuk {kind} {region}{level} "
        "({basis}, berlaku sejak TA {year}; terverifikasi)",
        "unit price {price} is above the cap of {cap} per {unit} for {kind} in {region}{level} "
        "({basis}, in force from FY {year}; verified)"),
    "budget_above_cap_unverified": (
        "harga satuan {price} melebihi batas {cap} per {unit} untuk {kind} {region}{level} "
        "({basis}, berlaku sejak TA {year}; angka ini belum diverifikasi, periksa Perkada SSH)",
        "unit price {price} is above the cap of {cap} per {unit} for {kind} in {region}{level} "
        "({basis}, in force from FY {year}; this figure is not verified, check the "
        "Perkada SSH)"),
    "budget_cap_no_level": (
        "{kind}: eselon/golongan tidak diketahui, batas standar biaya tidak diperiksa (sebut "
        "eselon atau golongan pada uraian)",
        "{kind}: the eselon/golongan is not known, so the standard cost cap was not checked "
        "(name the eselon or golongan in the description)"),
    "budget_cap_no_region": (
        "provinsi/negara tujuan tidak diketahui untuk baris {rows}; batas standar biaya tidak "
        "diperiksa (pakai --province atau sebut provinsinya pada uraian)",
        "destination province/country not known for rows {rows}; standard cost caps not "
        "checked (use --province or name the province in the description)"),
    "budget_study_no_lines": ("studi belum memiliki rincian anggaran (plan.budget)",
                              "the study has no budget lines (plan.budget)"),
    "budget_binary_to_terminal": (
        "keluaran berupa berkas .xlsx; arahkan ke berkas (> anggaran.xlsx) atau pakai --out",
        "the output is an .xlsx file; redirect it (> budget.xlsx) or use --out"),
    "budget_bad_rate": ("kurs {value} tidak dikenal (contoh: USD=16250)",
                        "exchange rate {value} is not understood (example: USD=16250)"),
}
