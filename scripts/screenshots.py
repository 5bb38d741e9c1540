"""Render the documents of the example studies and save their first pages as PNG.

    python scripts/screenshots.py [--out docs/screenshots] [--pages 1] [--kind KIND ...]

Kinds that apply only abroad are rendered from the luar negeri example. Needs LibreOffice
and poppler's pdftoppm.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from docgen.catalog import KINDS, items
from docgen.example import abroad_example_study, example_study
from docgen.pdf import docx_to_pdf
from docgen.render import render_document

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--pages", type=int, default=1)
    parser.add_argument("--kind", action="append", choices=list(KINDS))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    domestic, abroad = example_study(), abroad_example_study()
    for kind_id in args.kind or list(KINDS):
        kind = KINDS[kind_id]
        study = abroad if kind.abroad_only else domestic
        doc = render_document(study, kind, item=items(study, kind)[0])
        pdf = docx_to_pdf(doc.data, name=kind_id)
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "doc.pdf"
            src.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", str(args.pages),
                            str(src), str(args.out / kind_id)], check=True)
        print(kind_id)


if __name__ == "__main__":
    main()
