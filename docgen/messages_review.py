"""The texts of the path of a letter (:mod:`docgen.review`), merged into
:data:`docgen.messages.TEXTS`."""

from __future__ import annotations

REVIEW_TEXTS: dict[str, tuple[str, str]] = {
    "review_not_submitter": ("hanya staf yang mengajukan konsep untuk diperiksa",
                             "only staff submit a draft for review"),
    "review_not_ready": ("{kind} belum dapat diajukan: datanya belum lengkap",
                         "{kind} cannot be submitted yet: its data is not complete"),
    "review_already_submitted": ("{kind} sudah diajukan dan sedang diperiksa",
                                 "{kind} is already submitted and being reviewed"),
    "review_already_issued": ("{kind} sudah diterbitkan", "{kind} is already issued"),
    "review_not_waiting": ("{kind} tidak sedang menunggu pemeriksaan",
                           "{kind} is not waiting for review"),
    "review_not_your_turn": ("{kind} sedang menunggu paraf {step}, bukan Anda",
                             "{kind} waits for {step}, not for you"),
    "review_own_draft": ("konsep yang Anda ajukan sendiri tidak dapat Anda paraf",
                         "you cannot initial a draft you submitted yourself"),
    "review_approve_instead": ("{kind} menunggu persetujuan Anda sebagai penandatangan: "
                               "setujui atau kembalikan",
                               "{kind} waits for your approval as the signer: approve it or "
                               "return it"),
    "review_not_signer": ("hanya penandatangan (langkah terakhir) yang menyetujui {kind}",
                          "only the signer (the last step) approves {kind}"),
    "review_comment_required": ("tuliskan catatan: apa yang harus diperbaiki",
                                "write a comment: what needs to be corrected"),
    "review_comment_too_long": ("catatan paling banyak {max} karakter",
                                "a comment has at most {max} characters"),
    "review_required": ("{kind} harus diajukan dan diparaf ({steps}) sebelum disetujui",
                        "{kind} must be submitted and initialled ({steps}) before approval"),
    "review_returned_first": ("{kind} dikembalikan kepada konseptor; tunggu sampai diajukan "
                              "kembali", "{kind} was returned to its drafter; wait until it "
                              "is submitted again"),
    "chain_empty": ("rantai pemeriksa harus berisi paling sedikit penandatangan",
                    "a chain holds at least the signer"),
    "chain_too_long": ("rantai pemeriksa paling banyak {max} langkah",
                       "a chain has at most {max} steps"),
    "chain_step_choice": ("pilih satu pengguna atau satu peran untuk langkah ini",
                          "choose one user or one role for this step"),
    "chain_user_unknown": ("pengguna {user} bukan pengguna aktif kantor ini",
                           "user {user} is not an active user of this office"),
    "chain_role_unknown": ("peran {role} tidak dikenal", "role {role} is not known"),
    "chain_last_not_signer": ("langkah terakhir harus penandatangan (peran Penandatangan)",
                              "the last step must be the signer (role Signing official)"),
    "chain_label_too_long": ("jabatan paling banyak {max} karakter",
                             "a title has at most {max} characters"),
    "chain_kind_unknown": ("jenis naskah {kind} tidak dikenal", "kind {kind} is not known"),
}

