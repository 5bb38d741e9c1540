"""Messages of an office's own document kinds (:mod:`docgen.custom_kinds`)."""

from __future__ import annotations

KIND_TEXTS: dict[str, tuple[str, str]] = {
    "kind_title_missing": ("isi nama jenis naskah", "enter the kind's title"),
    "kind_title_taken": ("kantor ini sudah memiliki jenis naskah \"{title}\"",
                         "this office already has a kind called \"{title}\""),
    "kind_title_shipped": ("\"{title}\" sudah ada sebagai jenis naskah bawaan; unggah templat "
                           "kantor untuk jenis itu",
                           "\"{title}\" is a shipped kind already; upload the office's "
                           "template for it instead"),
    "kind_stage_invalid": ("pilih tahap 1 sampai 7", "choose a stage from 1 to 7"),
    "kind_fan_out_invalid": ("pilih salah satu: {choices}", "choose one of: {choices}"),
    "kind_code_invalid": ("\"{value}\" bukan kode klasifikasi arsip (contoh: 000.1.2.3)",
                          "\"{value}\" is not a classification code (e.g. 000.1.2.3)"),
    "kind_signer_invalid": ("pilih penanda tangan dari daftar", "choose a signer from the "
                            "list"),
    "kind_traveller_signs": ("pelaksana perjalanan dinas hanya dapat menandatangani naskah "
                             "yang dibuat satu per pelaksana",
                             "the traveller signs only a kind made per traveller"),
    "kind_on_behalf_needs_signer": ("\"atas nama\" perlu penanda tangan kepala perangkat "
                                    "daerah, sekretaris daerah, atau PPK",
                                    "\"on behalf\" needs the head of the office, the "
                                    "regional secretary or the PPK as signer"),
    "kind_too_long": ("paling banyak {max_length} karakter",
                      "at most {max_length} characters"),
    "kind_too_many": ("kantor ini sudah memiliki {count} jenis naskah sendiri, batasnya",
                      "this office has {count} kinds of its own, the most it may have"),
    "kind_added": ("{kind}: jenis naskah \"{title}\" ditambahkan dengan templat {version}",
                   "{kind}: the kind \"{title}\" is added, with template {version}"),
    "kind_unknown": ("jenis naskah {kind} tidak dikenal di kantor ini",
                     "this office has no document kind {kind}"),
}
"""code -> (Indonesian, English), merged into :data:`docgen.messages.TEXTS`."""
