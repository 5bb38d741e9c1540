"""One page where the real paper fits on one: the kuitansi of every traveller, and a rincian
biaya of ten lines, as a draft and as issued (with its verification QR code)."""

from __future__ import annotations

import io
import shutil
import uuid
from datetime import date
from decimal import Decimal

import pytest

from docgen import catalog, qr
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf, soffice
from docgen.realisation import RealisationLine
from docgen.render import render_document

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing"),
]

ISSUED = date(2026, 12, 18)


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _both(study, kind_id: str, item: int) -> tuple[int, int]:
    kind = catalog.get_kind(kind_id)
    draft = render_document(study, kind, item=item, issued=ISSUED).data
    url = qr.verify_url(uuid.uuid4().hex, "https://arsip.slemankab.go.id")
    issued = render_document(study, kind, item=item, issued=ISSUED, verify_url=url).data
    return (_pages(docx_to_pdf(draft, name=f"{kind_id}-draft")),
            _pages(docx_to_pdf(issued, name=f"{kind_id}-issued")))


@pytest.mark.parametrize("make", [example_study, abroad_example_study])
def test_every_kuitansi_is_one_page(make):
    study = make()
    for item in catalog.items(study, catalog.get_kind("kuitansi")):
        assert _both(study, "kuitansi", item) == (1, 1), f"kuitansi[{item}]"


TEN = [
    ("uang_harian", "Uang harian luar kota Provinsi Jawa Timur", 3, "hari", 410_000),
    ("penginapan", "Hotel di Surabaya, kamar standar", 2, "malam", 1_175_000),
    ("transport", "Tiket pesawat Yogyakarta – Surabaya pergi pulang", 1, "PP", 1_996_500),
    ("transport", "Taksi dari rumah ke Bandara Internasional Yogyakarta dan kembali", 2,
     "kali", 150_000),
    ("transport", "Taksi dari Bandara Juanda ke hotel dan kembali", 2, "kali", 175_000),
    ("transport", "Transportasi lokal di Surabaya menuju instansi tujuan", 3, "hari", 150_000),
    ("representasi", "Uang representasi luar kota", 3, "hari", 150_000),
    ("lain_lain", "Biaya bagasi tambahan bahan kunjungan", 1, "kali", 300_000),
    ("lain_lain", "Biaya penggandaan bahan paparan", 1, "paket", 125_000),
    ("transport", "Sewa kendaraan untuk tim selama kunjungan di Surabaya", 3, "hari", 850_000),
]


def test_a_rincian_of_ten_lines_is_one_page():
    study = example_study()
    member = study.plan.members_ordered[0]
    costs = study.realisation.of(study.plan.team.index(member))
    costs.lines = [RealisationLine(component=c, description=d, quantity=Decimal(q), unit=u,
                                   unit_price=Decimal(p), note="Kuitansi terlampir")
                   for c, d, q, u, p in TEN]
    assert len(costs.lines) == 10
    assert _both(study, "rincian_biaya", 0) == (1, 1)


@pytest.mark.parametrize("make", [example_study, abroad_example_study])
def test_issuing_keeps_the_pages_of_a_trip_report(make):
    """The trip report is not in the examples' kinds (the office must ask for it), so the
    layout test of every kind does not see it: the draft and the issued one break alike."""
    study = make()
    study.office.traveller_reports = True
    draft, issued = _both(study, "laporan_perjalanan", 0)
    assert draft == issued
