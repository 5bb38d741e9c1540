"""PDFs and page images made in the background (:mod:`docgen.jobs.convert`) for the pages
that show or send them: a study's document (its PDF and preview), the ZIP with PDFs, an
issued record's pages and a template version's pages.

A page asks for the conversion of the bytes it has. When they were converted before (by
this instance, another one, or a ``docgen worker``) the result is served at once. Otherwise
the conversion is queued (one per content, however many ask) and the page answers
``202 Accepted`` with a "sedang dibuat" page that asks ``GET /konversi/<key>.json`` every
second and comes back to the same address when it is ready; without JavaScript the page
refreshes itself every :data:`REFRESH_SECONDS`. A client that would rather wait adds
``?wait=N`` (at most :data:`docgen.jobs.convert.WAIT_LIMIT` seconds): the request then
blocks until the conversion ends or the time is up.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, abort, jsonify, make_response, render_template, request

from docgen.jobs import convert
from docgen.jobs.runners import runner_for
from docgen.messages import text
from web.access import READERS, role_required
from web.db import store
from web.i18n import ui_lang

bp = Blueprint("conversions", __name__)

WAIT_ARG = "wait"
REFRESH_SECONDS = 2


def wait_seconds() -> int:
    """The ``?wait=N`` of the request (0 without it); 400 when it is not 0 to the limit."""
    raw = request.args.get(WAIT_ARG, "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > convert.WAIT_LIMIT:
        message = text("conversion_wait_invalid", ui_lang(), limit=convert.WAIT_LIMIT)
        abort(make_response(message, 400, {"Content-Type": "text/plain; charset=utf-8"}))
    return int(raw)


def _submit(conversion_id: int) -> None:
    runner_for(store()).submit_conversion(conversion_id)


def conversion(data: bytes, source: str = "docx", *, wait: int | None = None
               ) -> convert.Outcome:
    """The conversion of `data`: done when cached, else queued or running (waited for up
    to ``?wait=N`` seconds, or `wait`), or failed."""
    runner = runner_for(store())
    outcome = convert.ask(store(), data, source, submit=runner.submit_conversion,  # type: ignore[arg-type]
                          runner=runner.name)
    seconds = wait_seconds() if wait is None else wait
    if outcome.pending and seconds:
        outcome = convert.wait(store(), outcome.key, seconds, submit=_submit) or outcome
    return outcome


def waiting_page(outcomes: list[convert.Outcome], *, title: str, back: str,
                 download: bool = False) -> Any:
    """The "sedang dibuat" page for `outcomes` (202, asked again in a moment); with
    `download`, the address gives a file once it is ready."""
    pending = [o for o in outcomes if not o.done]
    response = make_response(render_template(
        "documents/converting.html", outcomes=outcomes, pending=pending, title=title,
        back=back, download=download, refresh=REFRESH_SECONDS, lang=ui_lang(),
        again=request.full_path.rstrip("?"),
        status_urls=[f"{request.script_root}/konversi/{o.key}.json" for o in pending]), 202)
    response.headers["Retry-After"] = str(REFRESH_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def not_ready_image() -> Any:
    """A page image asked for before its conversion ended: 202, nothing yet."""
    response = make_response("", 202)
    response.headers["Retry-After"] = str(REFRESH_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/konversi/<key>.json")
@role_required(*READERS)
def status(key: str) -> Any:
    """Where a conversion stands (its key is the SHA-256 of a document the asker was
    shown); a dead worker's conversion is queued again here."""
    if not re.fullmatch(r"[0-9a-f]{64}", key):
        abort(404)
    found = convert.look(store(), key, submit=_submit)
    if found is None:
        abort(404)
    response = jsonify(found.as_dict(ui_lang()))
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
