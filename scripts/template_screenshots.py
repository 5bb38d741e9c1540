"""Screenshots of the office's template pages, for docs/templates.md.

    python scripts/template_screenshots.py [--out docs/screenshots/ui] [--chromium PATH]

Starts the app on a temporary DOCGEN_HOME with the demo data, signs in as the demo
administrator in Chromium (locale id-ID) and walks what docs/templates.md describes, saving:

* ``templates-index.png``: the list of kinds and the template each uses;
* ``templates-kind.png``: the SPT's page (downloads, upload, versions, history);
* ``templates-refused.png``: a file with mistakes refused, the check's report beside it;
* ``templates-version.png``: an edited SPT kept as version 1, its pages before use;
* ``templates-history.png``: the SPT's page after version 1 is put in use;
* ``templates-vocabulary.png``: the vocabulary page, searched for "nip";
* ``kinds-new.png`` and ``kinds-documents.png``: a surat pernyataan per traveller added as
  the office's own kind, then listed on the demo study's documents page.

The templates are edited with python-docx, standing in for Word. Needs Playwright, Chromium,
and LibreOffice with poppler-utils for the page images.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from docx import Document  # noqa: E402
from ui_screenshots import DESKTOP, LOCALE, TIMEZONE, chromium, chromium_option, live_app, sign_in  # noqa: E402

from docgen.render import TEMPLATE_DIR  # noqa: E402

SPT = TEMPLATE_DIR / "surat_perintah_tugas.docx"


def edited_spt(old: str, new: str) -> bytes:
    """The shipped SPT with `old` replaced by `new` in its text (as an office does in
    Word)."""
    doc = Document(str(SPT))
    runs = [r for p in doc.paragraphs for r in p.runs if old in r.text]
    for cell_para in (p for t in doc.tables for row in t.rows for c in row.cells
                      for p in c.paragraphs):
        runs += [r for r in cell_para.runs if old in r.text]
    if not runs:
        raise SystemExit(f"{old!r} is not in the SPT template")
    for run in runs:
        run.text = run.text.replace(old, new)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def mistaken_spt() -> bytes:
    """The SPT with the mistakes an office makes in Word: a misspelt name and a misspelt
    filter."""
    doc = Document(str(SPT))
    doc.paragraphs[3].insert_paragraph_before("Nomor surat: {{ doc.nomer }}")
    doc.paragraphs[4].insert_paragraph_before("Berangkat {{ study.plan.start_date|tangal }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def save(page, path: Path, *, full: bool = True, element: str | None = None) -> None:  # noqa: ANN001
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    if element:
        page.locator(element).screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def upload(page, path: Path, note: str) -> None:  # noqa: ANN001
    page.set_input_files("#f-template", str(path))
    page.fill("#f-note", note)
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.wait_for_load_state("networkidle")


def walk(page, base: str, admin, study_id: int, out: Path, work: Path) -> None:  # noqa: ANN001
    sign_in(page, base, admin)
    page.goto(base + "/admin/templates/")
    save(page, out / "templates-index.png")
    page.goto(base + "/admin/templates/spt")
    save(page, out / "templates-kind.png")
    wrong = work / "spt-keliru.docx"
    wrong.write_bytes(mistaken_spt())
    upload(page, wrong, "mencoba")
    save(page, out / "templates-refused.png")
    good = work / "spt-kantor.docx"
    good.write_bytes(edited_spt("MEMERINTAHKAN", "MENUGASKAN"))
    upload(page, good, "Diktum MENUGASKAN sesuai Perbup tata naskah")
    page.wait_for_url("**/versions/1")
    save(page, out / "templates-version.png")
    page.get_by_role("button", name="Pakai versi ini").click()
    page.wait_for_url(base + "/admin/templates/spt")
    save(page, out / "templates-history.png")
    page.goto(base + "/templates/vocabulary")
    page.fill("#vocab-q", "nip")
    page.wait_for_timeout(300)
    save(page, out / "templates-vocabulary.png", full=False)
    page.goto(base + "/admin/kinds/new")
    page.fill("#f-title-id", "Surat Pernyataan Tanggung Jawab")
    page.fill("#f-title-en", "Statement of responsibility")
    page.select_option("#f-fan-out", "traveller")
    page.fill("#f-code", "800.1.11.3")
    page.select_option("#f-signer", "traveller")
    page.select_option("#f-countersigner", "head")
    save(page, out / "kinds-new.png")
    page.get_by_role("button", name="Tambahkan jenis naskah").click()
    page.wait_for_url("**/admin/templates/kantor_*")
    page.goto(f"{base}/studies/{study_id}/documents")
    save(page, out / "kinds-documents.png",
         element="#doc-kantor_surat_pernyataan_tanggung_jawab")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "ui")
    chromium_option(parser)
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with chromium(parser, args.chromium) as browser, \
            tempfile.TemporaryDirectory(prefix="docgen-ui-") as tmp, \
            live_app(Path(tmp) / "home", "admin") as (base, admin, study_id):
        context = browser.new_context(locale=LOCALE, timezone_id=TIMEZONE, **DESKTOP)
        walk(context.new_page(), base, admin, study_id, out, Path(tmp))
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
