"""The PDF/A of an issued record, made in the background (:mod:`docgen.jobs.record_pdf`) by
this instance's threads, or by ``docgen worker`` over Redis when ``DOCGEN_REDIS_URL`` is set:

* issuing (*Terbitkan*, the signer's approval, a correction, the API) commits the record at
  once and asks for its PDF/A (:func:`later`, what :func:`web.archive.make_pdf` hands to
  :func:`docgen.archive.finalize`); ``?wait=N`` (at most
  :data:`docgen.jobs.convert.WAIT_LIMIT` seconds) makes the request wait for it;
* the record's page says "PDF/A sedang dibuat" and asks ``GET /arsip/<id>/pdf.json`` until
  it is kept, or says why it failed with a button to try again (``POST /arsip/<id>/pdf``,
  :func:`ask`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from flask import jsonify, request
from flask_login import current_user

from docgen import messages
from docgen.jobs import convert, record_pdf
from docgen.jobs.runners import runner_for
from docgen.store import ArchiveRecord
from docgen.store.archive_models import actor_label
from web.access import READERS, role_required
from web.archive import bp, office_record
from web.db import db, store
from web.i18n import ui_lang

log = logging.getLogger(__name__)


def _submit(conversion_id: int) -> None:
    runner_for(store()).submit_conversion(conversion_id)


def wait_arg() -> int | None:
    """The request's ``?wait=N`` (0 without it; None when it is not 0 to the limit)."""
    raw = request.args.get("wait", "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > convert.WAIT_LIMIT:
        return None
    return int(raw)


def wait_for(record_id: int, seconds: float) -> record_pdf.PdfState:
    """Where the PDF/A of `record_id` stands once it is no longer being made, or `seconds`
    have passed."""
    deadline = time.monotonic() + max(0.0, seconds)
    while True:
        found = record_pdf.look(store(), record_id, submit=_submit)
        if not found.pending or time.monotonic() >= deadline:
            return found
        time.sleep(convert.POLL_SECONDS)


def ask(entry: ArchiveRecord, docx: bytes | None = None, *,
        wait: float = 0) -> record_pdf.PdfState:
    """Have the PDF/A of `entry` made in the background (by the signed-in user), waited for
    up to `wait` seconds; its DOCX read from the storage when `docx` is None."""
    runner = runner_for(store())
    found = record_pdf.request(store(), entry.id, docx, user_id=current_user.id,
                               actor=actor_label(current_user),
                               submit=runner.submit_conversion, runner=runner.name)
    _reap_older(entry.id)
    if found.pending and wait:
        found = wait_for(entry.id, wait)
    if not found.pending:
        db().expire(entry, ["files"])  # kept by another session: read again
    return found


def _reap_older(record_id: int) -> None:
    """The other records whose PDF/A has waited a lease or more, looked at again: without
    Redis no worker's reaper does it, and a PDF/A whose instance was restarted while it
    converted is then made when anything is next issued, even if nobody opens its page."""
    if runner_for(store()).name != "thread":
        return
    try:
        record_pdf.reap(store(), _submit, skip=record_id)
    except Exception:  # noqa: BLE001 - the record asked for now is not held up by others
        log.exception("looking at the PDF/A of older records failed")


def later() -> Callable[[ArchiveRecord, bytes], Any]:
    """What :func:`docgen.archive.finalize` calls with the record it committed and its DOCX:
    the PDF/A asked for in the background (waited for with ``?wait=N``)."""
    seconds = wait_arg() or 0

    def queue(entry: ArchiveRecord, docx: bytes) -> None:
        ask(entry, docx, wait=seconds)

    return queue


def state_of(entry: ArchiveRecord) -> record_pdf.PdfState:
    """Where the PDF/A of `entry` stands (a conversion whose worker died is queued again)."""
    return record_pdf.look(store(), entry.id, submit=_submit)


def api_json(entry: ArchiveRecord) -> dict[str, Any]:
    """Where the PDF/A of `entry` stands, as the API says it (both languages)."""
    found = state_of(entry)
    return {"state": found.state, "file": found.file_id, "error": found.error_code,
            "message_id": found.message("id"), "message_en": found.message("en"),
            "attempts": found.attempts}


@bp.app_template_global("record_pdf_state")
def _template_state(entry: ArchiveRecord) -> record_pdf.PdfState:
    return state_of(entry)


@bp.get("/arsip/<int:record_id>/pdf.json")
@role_required(*READERS)
def pdf_status(record_id: int):  # noqa: ANN201
    """Where the PDF/A of the record stands (the record's page asks while it is made)."""
    entry = office_record(record_id)
    response = jsonify(state_of(entry).as_dict(ui_lang()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global("record_pdf_text")
def _template_text(code: str, lang: str) -> str:
    return messages.text(code, lang)
