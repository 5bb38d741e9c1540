"""The texts of an issued record's PDF/A made in the background (:mod:`docgen.jobs.record_pdf`),
on its page and in the API; merged into :data:`docgen.messages.TEXTS`."""

from __future__ import annotations

RECORD_PDF_TEXTS: dict[str, tuple[str, str]] = {
    "record_pdf_none": ("PDF/A belum dibuat", "no PDF/A has been made"),
    "record_pdf_pending": ("PDF/A sedang dibuat", "the PDF/A is being made"),
    "record_pdf_made": ("PDF/A tersimpan bersama arsip ini", "the PDF/A is kept with this record"),
    "record_pdf_failed": ("PDF/A gagal dibuat: {reason}", "the PDF/A could not be made: {reason}"),
    "record_pdf_docx_unreadable": (
        "berkas DOCX arsip ini rusak atau hilang, jadi PDF/A-nya tidak dapat dibuat ({detail})",
        "the record's DOCX is damaged or missing, so its PDF/A cannot be made ({detail})"),
    "record_pdf_retry": ("Coba buat PDF/A lagi", "Try making the PDF/A again"),
    "record_pdf_asked": (
        "PDF/A sedang dibuat; halaman ini menampilkannya setelah selesai",
        "the PDF/A is being made; this page shows it when it is ready"),
}
