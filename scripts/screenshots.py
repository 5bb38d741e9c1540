"""Render every document of the example study and save its first page as a PNG.

``python scripts/screenshots.py [OUT_DIR]`` (default docs/screenshots). Needs LibreOffice and
poppler's pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from docgen.catalog import KINDS
from docgen.example import example_study
from docgen.pdf import docx_to_pdf
from docgen.render import render_document

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path, pages: int = 1) -> None:
    out.mkdir(parents=True, exist_ok=True)
    study = example_study()
    for kind in KINDS:
        doc = render_document(study, kind)
        pdf = docx_to_pdf(doc.data, name=kind)
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "doc.pdf"
            src.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", str(pages),
                            str(src), str(out / kind)], check=True)
        print(kind)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots",
         int(sys.argv[2]) if len(sys.argv) > 2 else 1)
