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
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from docx import Document  # noqa: E402
from ui_screenshots import CHROMIUM_ARGS, DESKTOP, LOCALE, TIMEZONE  # noqa: E402

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
    page.goto(base + "/login")
    page.fill("input[name=email]", admin.email)
    page.fill("input[name=password]", admin.password)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/")
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


@contextmanager
def live_app(home: Path) -> Iterator[tuple[str, object, int]]:
    """The app with the demo data on `home`, served on a free port: (base URL, the demo
    administrator's credential, the demo study's id)."""
    from sqlalchemy import select
    from werkzeug.serving import WSGIRequestHandler, make_server

    from docgen.store import StudyRecord
    from web import create_app

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            pass

    app = create_app({"DOCGEN_HOME": home}, demo=True)
    admin = next(c for c in app.config["DEMO_CREDENTIALS"] if c.role == "admin")
    with app.extensions["docgen_store"].transaction() as session:
        study_id = session.scalars(select(StudyRecord.id).order_by(StudyRecord.id)).first()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", admin, study_id
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["docgen_store"].dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "ui")
    parser.add_argument("--chromium", default=shutil.which("chromium")
                        or shutil.which("chromium-browser"))
    args = parser.parse_args()
    if not args.chromium:
        parser.error("Chromium is not installed (give its path with --chromium)")
    from playwright.sync_api import sync_playwright

    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-ui-") as tmp, \
            live_app(Path(tmp) / "home") as (base, admin, study_id), \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium,
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale=LOCALE, timezone_id=TIMEZONE, **DESKTOP)
            walk(context.new_page(), base, admin, study_id, out, Path(tmp))
            context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
