"""Render the documents of both example studies, as drafts and as issued, and save pages as PNG.

    python scripts/screenshots.py [--out docs/screenshots] [--kind KIND ...]
                                  [--example example_study|abroad_example_study ...]
                                  [--resolution 50] [--pdfs DIR]

For every example study and every kind that applies to it (the permit request only abroad),
the first document of the kind is rendered twice:

* ``<out>/<example>/<kind>-draft-<page>.png``: the draft, unnumbered, as the office sees it
  before issuing;
* ``<out>/<example>/<kind>-issued-<page>.png``: the same document issued through
  :func:`docgen.archive.finalize` on a temporary store (a fresh DOCGEN_HOME), so it carries
  its number, date and verification QR code. Every document of the study is issued, kind
  after kind in catalog order, so a later paper cites the numbers of the earlier ones.

The first page is always written, and the last page too when a document has more than one.
The overview beside them, ``<out>/<kind>-1.png`` (first page of each draft, from the
luar negeri example for a kind that applies only abroad), is the one README.md shows.
PNGs are reduced to a small palette to keep the repository small. ``--pdfs`` keeps the PDFs.
Needs LibreOffice and poppler's pdftoppm and pdfinfo.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from docgen import archive
from docgen.catalog import KINDS, Kind, available, items
from docgen.context import build_context
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf
from docgen.render import render_document
from docgen.store import Office, Store, StudyRecord, User
from docgen.study import Study

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES: dict[str, Callable[[], Study]] = {
    "example_study": example_study,
    "abroad_example_study": abroad_example_study,
}
OVERVIEW_RESOLUTION = 80


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    return int(match.group(1)) if match else 1


def shrink(png: Path) -> None:
    """Rewrite `png` with a 32-colour palette (text, lines, the QR code and the kop stay sharp)."""
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    small.save(png, optimize=True)


def write_pages(pdf_bytes: bytes, stem: Path, resolution: int, *, last: bool = True,
                keep: Path | None = None) -> list[Path]:
    """Write the first page (and the last, when there are more and `last`) as
    ``<stem>-<page>.png``; return the files written."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    for old in stem.parent.glob(f"{stem.name}-*.png"):
        if re.fullmatch(rf"{re.escape(stem.name)}-\d+\.png", old.name):
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf_bytes)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{stem.parent.name}-{stem.name}.pdf").write_bytes(pdf_bytes)
        pages = page_count(src)
        wanted = [1, pages] if last and pages > 1 else [1]
        written = []
        for page in wanted:
            target = Path(f"{stem}-{page}.png")
            subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page),
                            "-l", str(page), "-singlefile", str(src), str(target)[:-4]],
                           check=True)
            shrink(target)
            written.append(target)
    return written


def issue_all(study: Study, kinds: list[Kind], home: Path) -> dict[str, bytes]:
    """Issue every document of each kind (all destinations, travellers, notes, invitations)
    on a fresh store in `home`; the DOCX bytes of the first of each kind."""
    store = Store(f"sqlite:///{home / 'docgen.sqlite3'}", home=home)
    store.upgrade()
    storage = archive.LocalStorage(archive.archive_dir(home))
    issued: dict[str, bytes] = {}
    try:
        with store.session() as session:
            office = Office(name="Bappeda Kabupaten Sleman", profile=study.office)
            user = User(office=office, email="arsip@contoh.go.id", name="Dewi Arsiparis",
                        role="archivist", password_hash="x")
            record = StudyRecord(office=office, data=study)
            session.add_all([office, user, record])
            session.commit()
            for kind in kinds:
                for item in items(study, kind):
                    # The date a draft of it would carry: never before what it cites, and a
                    # paper made after the trip not before the trip ends.
                    register = archive.register_refs(session, record)
                    when = build_context(study, kind, item=item,
                                         register=register)["doc"].date
                    entry = archive.finalize(session, record, kind, item=item, user=user,
                                             issued=when, storage=storage)
                    issued.setdefault(kind.id, storage.get(entry.storage_key))
    finally:
        store.dispose()
    return issued


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--kind", action="append", choices=list(KINDS))
    parser.add_argument("--example", action="append", choices=list(EXAMPLES))
    parser.add_argument("--resolution", type=int, default=50)
    parser.add_argument("--pdfs", type=Path, help="also keep the PDFs in this folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name in args.example or list(EXAMPLES):
        study = EXAMPLES[name]()
        kinds = [k for k in available(study) if not args.kind or k.id in args.kind]
        # Issue every kind that applies, so the ones shown cite their predecessors.
        with tempfile.TemporaryDirectory() as home:
            previous = os.environ.get("DOCGEN_HOME")
            os.environ["DOCGEN_HOME"] = home
            try:
                issued = issue_all(study, available(study), Path(home))
            finally:
                if previous is None:
                    os.environ.pop("DOCGEN_HOME", None)
                else:
                    os.environ["DOCGEN_HOME"] = previous
        for kind in kinds:
            draft = render_document(study, kind, item=items(study, kind)[0]).data
            draft_pdf = docx_to_pdf(draft, name=f"{kind.id} draft")
            folder = args.out / name
            count += len(write_pages(draft_pdf, folder / f"{kind.id}-draft", args.resolution,
                                     keep=args.pdfs))
            count += len(write_pages(docx_to_pdf(issued[kind.id], name=f"{kind.id} issued"),
                                     folder / f"{kind.id}-issued", args.resolution,
                                     keep=args.pdfs))
            if kind.abroad_only == (name == "abroad_example_study"):
                count += len(write_pages(draft_pdf, args.out / kind.id, OVERVIEW_RESOLUTION,
                                         last=False))
            print(name, kind.id)
    print(f"{count} files written to {args.out}")


if __name__ == "__main__":
    main()
