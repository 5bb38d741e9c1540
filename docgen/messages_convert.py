"""The texts of conversions made in the background (:mod:`docgen.jobs.convert`): a PDF/A or
the page images of one document, waited for on a page or in the API; merged into
:data:`docgen.messages.TEXTS`."""

from __future__ import annotations

CONVERT_TEXTS: dict[str, tuple[str, str]] = {
    "conversion_queued": ("sedang dalam antrean", "waiting in the queue"),
    "conversion_running": ("sedang dibuat", "being made"),
    "conversion_done": ("selesai: {pages} halaman", "done: {pages} pages"),
    "conversion_tool_libreoffice": (
        "LibreOffice tidak tersedia di server yang membuatnya (pasang libreoffice-writer); "
        "berkas DOCX tetap dapat diunduh",
        "LibreOffice is not available on the server making it (install libreoffice-writer); "
        "the DOCX can still be downloaded"),
    "conversion_tool_poppler": (
        "poppler-utils (pdftoppm) tidak tersedia di server yang membuatnya; berkas DOCX tetap "
        "dapat diunduh",
        "poppler-utils (pdftoppm) is not available on the server making it; the DOCX can "
        "still be downloaded"),
    "conversion_timeout": (
        "pembuatan PDF/gambar halaman melewati batas waktu {tries} kali; coba lagi nanti atau "
        "unduh DOCX-nya",
        "making the PDF/page images took too long {tries} times; try again later or download "
        "the DOCX"),
    "conversion_failed": (
        "PDF/gambar halaman tidak dapat dibuat: {detail}",
        "the PDF/page images could not be made: {detail}"),
    "conversion_lost": (
        "pekerja yang membuatnya berhenti {tries} kali; coba lagi nanti",
        "the worker making it stopped {tries} times; try again later"),
    "conversion_input_gone": (
        "berkas yang akan dibuat PDF-nya sudah tidak ada; muat ulang halaman",
        "the file to be converted is gone; reload the page"),
    "conversion_wait_invalid": (
        "wait harus bilangan bulat 0 sampai {limit} (detik)",
        "wait must be a whole number from 0 to {limit} (seconds)"),
}
