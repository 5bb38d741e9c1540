"""Bilingual texts of the template check (:mod:`docgen.template_check`) and of the render
limits (:mod:`docgen.render_limits`); merged into :data:`docgen.messages.TEXTS`.

Placeholders ``{hint_id}``/``{hint_en}`` carry a "did you mean" in each language, and
``{reason_id}``/``{reason_en}`` a reason given by another check (an image's, say).
"""

from __future__ import annotations

CHECK_TEXTS: dict[str, tuple[str, str]] = {
    # The file as a whole
    "template_file_unreadable": (
        "berkas ini bukan dokumen Word (.docx) yang dapat dibaca: {reason_id}",
        "this file is not a readable Word document (.docx): {reason_en}"),
    "template_too_large": (
        "berkas templat {size} MB, lebih besar dari batas {limit} MB",
        "the template file is {size} MB, more than the limit of {limit} MB"),
    "template_zip_bomb": (
        "isi berkas setelah diekstrak terlalu besar ({detail}); berkas ditolak",
        "the file's content is too large once unpacked ({detail}); the file is refused"),
    "template_zip_entries": (
        "berkas berisi {count} bagian, lebih dari batas {limit}",
        "the file holds {count} parts, more than the limit of {limit}"),
    "template_zip_name": (
        "nama bagian di dalam berkas tidak sah: {name}",
        "a part inside the file has a name that is not allowed: {name}"),
    "template_xml_doctype": (
        "XML bagian ini memuat DOCTYPE atau entitas (tidak diizinkan: dapat menjadi bom XML)",
        "the XML of this part has a DOCTYPE or entities (not allowed: it can be an XML "
        "bomb)"),
    "template_xml_invalid": (
        "XML bagian ini rusak: {detail}", "the XML of this part is damaged: {detail}"),
    "template_xml_deep": (
        "XML bagian ini bersarang terlalu dalam (lebih dari {limit} tingkat)",
        "the XML of this part is nested too deeply (more than {limit} levels)"),
    "template_strict": (
        "berkas disimpan sebagai \"Strict Open XML\"; simpan ulang sebagai \"Word Document "
        "(*.docx)\"",
        "the file was saved as \"Strict Open XML\"; save it again as \"Word Document "
        "(*.docx)\""),
    "template_dotx": (
        "templat Word (.dotx) disimpan sebagai dokumen Word (.docx)",
        "the Word template (.dotx) is stored as a Word document (.docx)"),
    # Active content and what reaches outside the file
    "template_macro": (
        "berkas mengandung makro ({name}); simpan sebagai \"Word Document (*.docx)\", "
        "bukan dokumen atau templat dengan makro (.docm/.dotm)",
        "the file contains macros ({name}); save it as \"Word Document (*.docx)\", not as "
        "a macro-enabled document or template (.docm/.dotm)"),
    "template_activex": (
        "berkas mengandung kontrol ActiveX ({name}); hapus kontrol itu",
        "the file contains an ActiveX control ({name}); remove it"),
    "template_ole": (
        "berkas mengandung objek tersemat/OLE ({name}); hapus objek itu atau ganti dengan "
        "gambar biasa",
        "the file contains an embedded (OLE) object ({name}); remove it or replace it with "
        "a plain picture"),
    "template_altchunk": (
        "berkas menyisipkan isi dokumen lain (altChunk); salin isinya langsung ke dokumen",
        "the file pulls in another document's content (altChunk); paste the content into "
        "the document itself"),
    "template_external": (
        "berkas menunjuk ke sumber di luar berkas ({target}); sisipkan gambar atau objeknya "
        "ke dalam dokumen (Insert > Pictures), jangan ditautkan",
        "the file points at something outside itself ({target}); insert the picture or "
        "object into the document (Insert > Pictures), do not link to it"),
    "template_link_removed": (
        "tautan ke {target} dilepas; teksnya tetap",
        "the link to {target} was removed; its text stays"),
    "template_attached_removed": (
        "rujukan ke templat Word di luar berkas ({target}) dilepas",
        "the reference to a Word template outside the file ({target}) was removed"),
    "template_field": (
        "kode field {field} mengambil isi dari luar dokumen; hapus field itu",
        "the field code {field} brings content from outside the document; remove the "
        "field"),
    "template_field_unknown": (
        "kode field {field} tidak dikenal atau tidak diizinkan di templat; hapus field itu",
        "the field code {field} is not known or not allowed in a template; remove the "
        "field"),
    "template_tag_in_field": (
        "tag templat di dalam kode field atau atribut XML tidak diizinkan",
        "a template tag inside a field code or an XML attribute is not allowed"),
    "template_image": (
        "gambar {name}: {reason_id}", "picture {name}: {reason_en}"),
    "template_image_svg": (
        "gambar {name} berformat SVG; sisipkan sebagai PNG atau JPEG",
        "picture {name} is an SVG; insert it as a PNG or JPEG"),
    "template_images_total": (
        "gambar di dalam templat berjumlah {pixels} megapiksel, lebih dari batas {limit}",
        "the pictures in the template add up to {pixels} megapixels, more than the limit "
        "of {limit}"),
    # Tags
    "template_syntax": (
        "tag templat salah tulis: {detail}", "a template tag is written wrongly: {detail}"),
    "template_too_nested": (
        "tag templat bersarang terlalu dalam", "template tags are nested too deeply"),
    "template_unknown_name": (
        "nama {name} tidak dikenal{hint_id}", "the name {name} is not known{hint_en}"),
    "template_unknown_attr": (
        "{owner} tidak memiliki {name}{hint_id}", "{owner} has no {name}{hint_en}"),
    "template_unknown_filter": (
        "filter {name} tidak dikenal{hint_id}", "the filter {name} is not known{hint_en}"),
    "template_unknown_test": (
        "uji {name} tidak dikenal{hint_id}", "the test {name} is not known{hint_en}"),
    "template_split_tag": (
        "tag {tag} terpecah ke beberapa bagian teks dengan format berbeda; hasilnya "
        "mengikuti format bagian pertama (samakan formatnya)",
        "the tag {tag} is split over pieces of text with different formatting; the value "
        "takes the first piece's formatting (make the formatting the same)"),
    "template_split_tag_break": (
        "tag {tag} terpecah oleh tab, baris baru atau objek; bagian itu hilang saat diisi",
        "the tag {tag} is broken by a tab, a line break or an object, which is lost when "
        "it is filled"),
    "template_tag_across_paragraphs": (
        "tag {tag} dimulai di satu paragraf dan berakhir di paragraf lain; tulis dalam satu "
        "paragraf",
        "the tag {tag} starts in one paragraph and ends in another; write it in one "
        "paragraph"),
    "template_tag_unclosed": (
        "tag {tag} tidak ditutup (kurang }}}} atau %}}); tutup di paragraf yang sama",
        "the tag {tag} is not closed (}}}} or %}} missing); close it in the same "
        "paragraph"),
    "template_too_many_tags": (
        "templat memuat lebih dari {limit} tag; bagi menjadi beberapa templat atau gunakan "
        "perulangan",
        "the template holds more than {limit} tags; split it or use a loop"),
    "template_tag_drops_text": (
        "{tag} menggantikan seluruh {unit_id}; teks lain di dalamnya (\"{text}\") hilang "
        "saat diisi",
        "{tag} replaces the whole {unit_en}; the other text in it (\"{text}\") is lost when "
        "it is filled"),
    "template_tag_not_filled": (
        "tag di bagian ini tidak diisi saat naskah dibuat ({tag})",
        "tags in this part are not filled when a document is made ({tag})"),
    "template_runtime": (
        "templat gagal diisi dengan data contoh: {detail}",
        "the template fails when filled with the example data: {detail}"),
    # The kind's requirements
    "template_no_number": (
        "{kind} diberi nomor, tetapi templat tidak memuat {{{{ doc.number }}}}",
        "{kind} is numbered, but the template has no {{{{ doc.number }}}}"),
    "template_no_signature": (
        "{kind} ditandatangani, tetapi templat tidak memuat blok tanda tangan "
        "({{{{ {role}.name }}}} beserta jabatan atau NIP)",
        "{kind} is signed, but the template has no signature block ({{{{ {role}.name }}}} "
        "with the position or NIP)"),
    "template_no_tags": (
        "templat tidak memuat satu tag pun; naskah akan sama persis untuk setiap studi",
        "the template has no tags at all; every study's document would be the same"),
    # Refused constructs (checked when a template is compiled, and by the check)
    "template_private_name": (
        "nama berawalan garis bawah ({name}) tidak diizinkan",
        "names starting with an underscore ({name}) are not allowed"),
    "template_unsafe_name": (
        "{name} tidak diizinkan di templat naskah", "{name} is not allowed in a document "
                                                     "template"),
    "template_unsafe_filter": (
        "filter {name} tidak diizinkan di templat naskah",
        "the filter {name} is not allowed in a document template"),
    "template_unsafe_method": (
        "pemanggilan .{name}() tidak diizinkan di templat naskah",
        "calling .{name}() is not allowed in a document template"),
    "template_format_string": (
        "format teks dengan % tidak diizinkan; gunakan filter (angka, rupiah, tanggal)",
        "formatting text with % is not allowed; use the filters (angka, rupiah, tanggal)"),
    "template_autoescape": (
        "{{% autoescape %}} tidak diizinkan: isian selalu ditulis apa adanya",
        "{{% autoescape %}} is not allowed: values are always written as typed"),
    "template_include": (
        "include, import dan extends tidak diizinkan; satu templat berdiri sendiri",
        "include, import and extends are not allowed; each template stands alone"),
    # Render limits (docgen.render_limits)
    "render_time_limit": (
        "pengisian templat melewati batas waktu {seconds} detik",
        "filling the template took longer than the limit of {seconds} seconds"),
    "render_steps_limit": (
        "pengisian templat melewati batas {limit} langkah (perulangan dan pemanggilan)",
        "filling the template went past the limit of {limit} steps (loop iterations and "
        "calls)"),
    "render_output_limit": (
        "templat menghasilkan lebih dari {limit} juta karakter",
        "the template produces more than {limit} million characters"),
    "render_value_limit": (
        "satu nilai di templat lebih dari {limit} juta karakter",
        "one value in the template is more than {limit} million characters"),
    "render_items_limit": (
        "daftar atau range lebih dari {limit} butir",
        "a list or range has more than {limit} items"),
    "render_number_limit": (
        "bilangan terlalu besar untuk dihitung di templat",
        "a number too large to compute in a template"),
}
