"""Issuing keeps the layout: for every kind of both example studies, the issued document (its
number, date and verification QR code, rendered as :func:`docgen.archive.finalize` renders
it) breaks onto exactly the pages of the draft, and no page holds only a signature block, a
tembusan, or a table's total with the row before it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest

from docgen import archive, catalog, qr
from docgen.context import build_context
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf, soffice
from docgen.render import render_document
from tests.archive_fixtures import *  # noqa: F403 (the fixtures: store, storage, session, setup)

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing"),
]

ISSUED = date(2026, 11, 29)
BASE = "https://arsip.slemankab.go.id"
EXAMPLES = {"dalam_negeri": example_study, "luar_negeri": abroad_example_study}
CASES = [(name, kind.id) for name, make in EXAMPLES.items()
         for kind in catalog.available(make())]


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, read by poppler's pdftotext (not by docgen)."""
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _words(text: str) -> list[str]:
    return text.replace("\u00a0", " ").split()


def block_words(context: dict) -> set[str]:
    """Every word a signature block or the tembusan prints."""
    words = {"Mengetahui,", "Tembusan:", "Yth.", "a.n.", "NIP", "Ketua", "Tim,"}
    for who in (context.get("signer"), context.get("countersigner")):
        if who is None:
            continue
        for line in (who.on_behalf, who.jabatan_caps + ",", who.jabatan + ",", who.name,
                     who.pangkat, who.nip):
            words.update(_words(line))
    words.update(_words(context["doc"].place_date))
    for entry in context["doc"].tembusan:
        words.update(_words(entry + ".") + _words(entry + ";") + _words(entry))
    return words


PAGE_NUMBER = re.compile(r"^-\s*\d+\s*-$")
NUMBERING = re.compile(r"^\d+\.$")


def lone_pages(pages: list[str], context: dict) -> list[str]:
    """Why a page would be refused: it holds only a signature block and/or the tembusan
    (nothing of the body it closes), or it starts with a table's total."""
    known = block_words(context)
    names = {w for who in (context.get("signer"), context.get("countersigner")) if who
             for w in _words(who.name)}
    problems = []
    for number, text in enumerate(pages, 1):
        words = [w for w in _words(text) if not PAGE_NUMBER.match(w) and w not in "-"]
        if not words:
            problems.append(f"page {number} is empty")
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not PAGE_NUMBER.match(line)]
        if lines and lines[0].startswith("Tembusan"):
            problems.append(f"page {number} starts with the tembusan")
        has_block = bool(names & set(words)) or "Tembusan:" in words
        other = [w for w in words if w not in known and not NUMBERING.match(w)]
        if has_block and len(other) < 6:
            problems.append(f"page {number} holds only a signature block or tembusan: "
                            f"{' '.join(words)[:200]}")
        head = words[:20]
        if "JUMLAH" in head and number > 1:
            problems.append(f"page {number} starts with a table's total: "
                            f"{' '.join(head)}")
    return problems


def issue(study, kind: catalog.Kind, item: int | None, verify_url: str) -> bytes:
    """The DOCX as finalize makes it: a number, the issue date and the QR code."""
    number = None
    if kind.numbered:
        number = f"{kind.classification(study)}/987/Bappeda/{ISSUED.year}"
    return render_document(study, kind, item=item, number=number, issued=ISSUED,
                           verify_url=verify_url).data


def draft(study, kind: catalog.Kind, item: int | None) -> bytes:
    return render_document(study, kind, item=item, issued=ISSUED).data


@pytest.mark.parametrize(("example", "kind_id"), CASES)
def test_issuing_keeps_the_pages_of_the_draft(example, kind_id, tmp_path):
    study = EXAMPLES[example]()
    kind = catalog.get_kind(kind_id)
    assert not catalog.missing(study, kind), "the example fills every kind"
    for item in catalog.items(study, kind):
        before = docx_to_pdf(draft(study, kind, item), name=f"{kind_id}-draft")
        verify_url = qr.verify_url(uuid.uuid4().hex, BASE)
        after = docx_to_pdf(issue(study, kind, item, verify_url), name=f"{kind_id}-issued")
        assert _page_count(after) == _page_count(before), (
            f"{example} {kind_id}[{item}]: draft {_page_count(before)} pages, "
            f"issued {_page_count(after)}")
        context = build_context(study, kind, item=item, issued=ISSUED)
        names = [who.name for who in (context["signer"], context["countersigner"]) if who]
        signed = [n for n, text in enumerate(page_texts(after, tmp_path), 1)
                  if any(name in " ".join(text.split()) for name in names)]
        assert verify_url in read_qr(after, tmp_path / f"qr{item}", dpi=120, pages=signed), \
            f"{example} {kind_id}[{item}]: no readable QR code by the signature"
        for label, pdf in (("draft", before), ("issued", after)):
            problems = lone_pages(page_texts(pdf, tmp_path), context)
            assert not problems, f"{example} {kind_id}[{item}] {label}: {problems}"


def test_the_checks_see_a_lone_block_and_a_lone_total():
    context = build_context(example_study(), catalog.get_kind("coordination_letter"), item=0,
                            issued=ISSUED)
    signer = context["signer"]
    body = "Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu"
    block = (f"{signer.jabatan_caps},\n\n{signer.name}\n{signer.pangkat}\n{signer.nip}\n"
             "Tembusan:\nYth. Bupati Sleman (sebagai laporan).")
    assert lone_pages([body, "- 2 -\n" + block], context)
    assert lone_pages([body, "- 2 -\nTembusan:\nYth. Bupati Sleman (sebagai laporan)."],
                      context)
    assert not lone_pages([body + "\n" + block], context)
    assert not lone_pages([body, "- 2 -\n" + body + "\n" + block], context)
    total = "- 3 -\nNo Komponen Jumlah (Rp)\n4 Asuransi 2.600.000\nJUMLAH 177.600.000"
    assert lone_pages([body, total], context)


def test_finalize_keeps_the_pages_of_the_draft(session, setup, storage, store, tmp_path):
    """Through the archive itself: the stored DOCX of an issued coordination letter."""
    _office, user, record = setup
    kind = catalog.get_kind("coordination_letter")
    entry = archive.finalize(session, record, kind, item=0, user=user, issued=ISSUED,
                             storage=storage, base_dir=store.home, verify_base=BASE)
    issued = docx_to_pdf(storage.get(entry.storage_key), name="issued")
    before = docx_to_pdf(draft(record.study, kind, 0), name="draft")
    assert _page_count(issued) == _page_count(before) == 2
    pages = page_texts(issued, tmp_path)
    assert "Tembusan:" in pages[0] and entry.number in " ".join(pages[0].split())
    context = build_context(record.study, kind, item=0, issued=ISSUED)
    assert not lone_pages(pages, context)
    assert read_qr(issued, tmp_path) == [f"{BASE}/v/{entry.public_id}"], \
        "the code fits its row whole"


def read_qr(pdf: bytes, tmp_path: Path, dpi: int = 150, pages: list[int] = (1,)) -> list[str]:
    """The QR codes on `pages`, read from the pages as printed (not from the embedded
    picture), so a code cut by its row would not be read."""
    import zxingcpp
    from PIL import Image

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    for number in pages:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number),
                        "-png", str(path), str(tmp_path / f"page{number}")], check=True)
    found = []
    for png in sorted(tmp_path.glob("page*.png")):
        image = Image.open(png).convert("L")
        found += [r.text for r in zxingcpp.read_barcodes(image)
                  if r.format == zxingcpp.BarcodeFormat.QRCode]
    return found


AIM = "Mempelajari praktik baik tambahan nomor {i}"
GROW = {
    "coordination_letter": ("goals", "aims", AIM, example_study),
    "nota_dinas": ("goals", "aims", AIM, example_study),
    "permit_request": ("goals", "aims", AIM, abroad_example_study),
    "report_letter": ("reporting", "conclusions", "Simpulan tambahan nomor {i}", example_study),
    "spt": ("goals", "legal_bases", "Peraturan Bupati Nomor {i} Tahun 2026 tentang Contoh",
            example_study),
}


def _grown(kind_id: str, n: int):
    stage, field, text, make = GROW[kind_id]
    study = make()
    items = getattr(getattr(study, stage), field)
    items += [text.format(i=i + 1) for i in range(n)]
    return study


@pytest.mark.parametrize("kind_id", sorted(GROW))
def test_a_longer_letter_breaks_before_its_closing_never_inside_the_block(kind_id, tmp_path):
    """Lines added one by one until the letter no longer fits its pages: at every step the
    issued letter has the draft's pages, and the signature block and tembusan never stand
    on a page without the words before them."""
    kind = catalog.get_kind(kind_id)
    item = 0 if kind.fan_out != "none" else None
    base = _page_count(docx_to_pdf(draft(_grown(kind_id, 0), kind, item)))
    n, pages = 0, base
    limit = 36 if GROW[kind_id][1] == "legal_bases" else 21  # lettered lists stop at "z"
    while pages == base and n < limit:  # find the line that takes the letter to a new page
        n += 3
        pages = _page_count(docx_to_pdf(draft(_grown(kind_id, n), kind, item)))
    assert pages > base, "the letter never grew"
    for m in range(max(0, n - 3), n + 1):
        study = _grown(kind_id, m)
        url = qr.verify_url(uuid.uuid4().hex, BASE)
        before = docx_to_pdf(draft(study, kind, item))
        after = docx_to_pdf(issue(study, kind, item, url))
        assert _page_count(after) == _page_count(before), f"{kind_id} +{m}"
        context = build_context(study, kind, item=item, issued=ISSUED)
        for label, pdf in (("draft", before), ("issued", after)):
            pages = page_texts(pdf, tmp_path)
            problems = lone_pages(pages, context)
            assert not problems, f"{kind_id} +{m} {label}: {problems}"
            for page in pages[1:]:  # an SPT keeps each person's rows on one page
                lines = [ln.strip() for ln in page.splitlines()
                         if ln.strip() and not PAGE_NUMBER.match(ln.strip())]
                assert not re.match(r"(NIP|Pangkat/Gol\.|Jabatan|Kedudukan)\b", lines[0]), \
                    f"{kind_id} +{m} {label}: a person's rows split: {lines[0]}"
