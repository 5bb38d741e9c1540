"""Build the default official templates in templates_docx/.

Run ``python scripts/build_templates.py`` after changing a template module; a test checks
that the committed .docx files are exactly what this script makes. An office's own edited
copy of a template is data kept by the service and is never overwritten by this script.

Shared blocks live in ``tpl_common.py``; each group of templates in its own ``tpl_*.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tpl_core  # noqa: E402
import tpl_planning  # noqa: E402
import tpl_spj  # noqa: E402
import tpl_travel  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "templates_docx"

TEMPLATES: dict[str, Callable[[], bytes]] = {
    "surat_permohonan_kunjungan.docx": tpl_core.coordination_letter,
    "surat_perintah_tugas.docx": tpl_core.spt,
    "rab.docx": tpl_core.rab,
    "laporan_hasil.docx": tpl_core.final_report,
    "surat_pengantar_laporan.docx": tpl_core.report_letter,
    **tpl_planning.TEMPLATES,
    **tpl_travel.TEMPLATES,
    **tpl_spj.TEMPLATES,
}


def build(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        path = out / name
        path.write_bytes(make())
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
