"""Messages of each office's own templates (:mod:`docgen.office_templates`, ``docgen
templates``): code -> (Indonesian, English), merged into :data:`docgen.messages.TEXTS`."""

from __future__ import annotations

TEMPLATE_TEXTS: dict[str, tuple[str, str]] = {
    "template_kind_unknown": ("jenis naskah {kind} tidak dikenal", "document kind {kind} is "
                              "not known"),
    "template_version_unknown": ("templat {kind} kantor ini tidak memiliki versi {version}",
                                 "this office's {kind} template has no version {version}"),
    "template_no_default": ("{kind} tidak memiliki templat bawaan: pasang templat kantor "
                            "terlebih dahulu",
                            "{kind} has no shipped template: install the office's own first"),
    "template_unreadable": ("{filename} bukan dokumen Word (.docx atau .dotx) yang dapat "
                            "dibaca",
                            "{filename} is not a Word document (.docx or .dotx) that can be "
                            "read"),
    "template_refused": ("templat {filename} ditolak: {count} masalah harus diperbaiki lebih "
                         "dahulu; tidak ada yang disimpan",
                         "the template {filename} is refused: {count} problem(s) must be "
                         "fixed first; nothing was stored"),
    "template_version_missing": ("berkas templat {kind} versi {version} tidak dapat dibaca "
                                 "dari penyimpanan ({detail})",
                                 "the file of the {kind} template version {version} cannot "
                                 "be read from storage ({detail})"),
    "template_installed": ("{kind}: versi {version} disimpan dan dipakai mulai sekarang "
                           "(sha256 {sha256})",
                           "{kind}: version {version} stored and in use from now on "
                           "(sha256 {sha256})"),
    "template_installed_inactive": ("{kind}: versi {version} disimpan, belum dipakai "
                                    "(sha256 {sha256})",
                                    "{kind}: version {version} stored, not in use yet "
                                    "(sha256 {sha256})"),
    "template_same_as": ("{kind}: berkas ini sama dengan versi {version} yang sudah "
                         "tersimpan; versi itu yang dipakai",
                         "{kind}: this file is the same as version {version}, already "
                         "stored; that version is used"),
    "template_reverted_default": ("{kind}: kembali memakai templat bawaan",
                                  "{kind}: back to the shipped template"),
    "template_reverted_version": ("{kind}: kembali memakai versi {version}",
                                  "{kind}: back to version {version}"),
    "template_default_label": ("bawaan", "default"),
    "template_exported": ("{kind} ({label}) ditulis ke {path}",
                          "{kind} ({label}) written to {path}"),
    "template_check_clean": ("{filename}: tidak ada masalah", "{filename}: no problems"),
    "template_check_problems": ("{filename}: {errors} kesalahan, {warnings} peringatan",
                                "{filename}: {errors} error(s), {warnings} warning(s)"),
    "template_office_ambiguous": ("ada {count} kantor; pilih satu dengan --office (id atau "
                                  "nama): {offices}",
                                  "there are {count} offices; choose one with --office (id or "
                                  "name): {offices}"),
    "template_office_none": ("belum ada kantor di basis data ini", "there is no office in "
                             "this database yet"),
    "template_office_unknown": ("kantor {office} tidak dikenal", "office {office} is not "
                                "known"),
    "template_action_installed": ("disimpan", "installed"),
    "template_action_activated": ("dipakai", "activated"),
    "template_action_reverted": ("dikembalikan", "reverted"),
}
