"""Small helpers for the web tests: read a form's CSRF token, find a demo credential, read a
stored study, copy the demo study, serve the app for a browser."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the form on `path`, read from the page as a browser would."""
    page = client.get(path)
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def credential(app, role: str):
    """The demo credential of `role`."""
    return next(c for c in app.config["DEMO_CREDENTIALS"] if c.role == role)


def stored(app, study_id: int):
    """The study of record `study_id` as it is stored now."""
    from docgen.store import StudyRecord

    with app.extensions["docgen_store"].transaction() as session:
        return session.get(StudyRecord, study_id).study


def sign_in(app, client, role: str = "staff"):
    cred = credential(app, role)
    response = client.post("/login", data={"email": cred.email, "password": cred.password,
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def fresh_demo_study(app, ref: str) -> int:
    """A fresh copy of the demo study (stages 1 to 4) in the demo office, with its own id
    `ref`, so that nothing the demo itself has issued stands in the way; its record id."""
    from sqlalchemy import select

    from docgen.store import Office, StudyRecord
    from docgen.store.demo import DEMO_OFFICE, demo_study

    with app.extensions["docgen_store"].transaction() as session:
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        study = demo_study()
        study.id = ref
        record = StudyRecord(office=office, data=study)
        session.add(record)
        session.flush()
        return record.id


OFFICE_CAPS = (
    "tahun,jenis,wilayah,tingkat,satuan,mata_uang,batas,dasar_hukum,rujukan,status,catatan\n"
    "2026,penginapan,Jawa Timur,eselon_iii,Orang/Malam,IDR,1000000,Perbup Sleman 50/2025,"
    "ssh-sleman.xlsx Hotel!D17,terverifikasi,Eselon III / Gol IV\n")
"""An office's own table as /admin/caps saves it: lodging in Jawa Timur for eselon III
lowered to Rp1.000.000 (the demo RAB has Rp1.234.000)."""


def save_office_caps(app, study_id: int, text: str = OFFICE_CAPS,
                     name: str = "ssh-sleman.xlsx.csv") -> None:
    """Save `text` as the standard-cost table of the office of study `study_id`, as the
    office page /admin/caps does when a preview is confirmed."""
    from docgen.store import StudyRecord, UploadedFile

    store = app.extensions["docgen_store"]
    data = text.encode("utf-8")
    with store.transaction() as session:
        record = session.get(StudyRecord, study_id)
        key, digest = store.files.put(data)
        session.add(UploadedFile(office_id=record.office_id, purpose="caps", original_name=name,
                                 content_type="text/csv", size=len(data), sha256=digest,
                                 storage_key=key))


@contextmanager
def live_server(app) -> Iterator[str]:
    """`app` served on a free local port in a thread, for browser tests; its base URL. As
    `docgen serve` does, the verification QR codes point at that address unless the app
    has a DOCGEN_PUBLIC_URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    if not app.config.get("DOCGEN_PUBLIC_URL"):
        app.config["DOCGEN_PUBLIC_URL"] = base
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(timeout=10)


def draft_study(app, office_name: str | None = None) -> int:
    """A new, nearly empty study (a title and one destination institution) in the office
    called `office_name` (default the first office); its record id."""
    from sqlalchemy import select

    from docgen.store import Office, StudyRecord
    from docgen.study import Destination, Goals, Study

    with app.extensions["docgen_store"].transaction() as session:
        query = select(Office).order_by(Office.id)
        if office_name is not None:
            query = query.where(Office.name == office_name)
        office = session.scalars(query).first()
        study = Study(office=office.office_profile, goals=Goals(title="Draf"))
        study.destination.destinations = [Destination(institution="Pemkot Surabaya")]
        draft = StudyRecord(office=office, data=study)
        session.add(draft)
        session.flush()
        return draft.id


def pdf_made(client, record_id: int, seconds: float = 120) -> dict:  # noqa: ANN001
    """Where the PDF/A of record `record_id` stands once it is no longer being made in the
    background (``/arsip/<id>/pdf.json``, as the record page asks)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        state = client.get(f"/arsip/{record_id}/pdf.json").get_json()
        if state["state"] != "pending" or time.monotonic() > deadline:
            return state
        time.sleep(0.2)
