"""Conversions in the background: the PDF/A and page images of one document, made once per
content by whichever runner (:mod:`docgen.jobs.runners`), and kept in the preview cache of
the shared ``DOCGEN_HOME`` (:func:`docgen.preview.home_cache`).

* :func:`ask` gives what there is for some bytes: the cached result at once, or the
  conversion of the same content already queued or running, or a new one (queued, then
  handed to the runner). Two users asking at once get the same conversion: the table
  ``conversions`` has one row per content key (a unique constraint decides the race).
* :func:`run` makes one conversion: claimed with a conditional update and a lease renewed
  while LibreOffice works, written into its cache folder by a rename (whole, once), then
  recorded by the lease holder only. A worker killed mid-conversion stops renewing its
  lease; the next :func:`ask` or :func:`reap` queues it again (at most
  :data:`MAX_ATTEMPTS` tries), and since its folder was never renamed into place, the
  retry's is the only one.
* :func:`wait` polls the database until it ends or the time is up (``?wait=N`` of the web).
* When a conversion ends, the issued records waiting for it get their PDF/A
  (:mod:`docgen.jobs.record_pdf`), whoever ran it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from docgen import preview as pv
from docgen.jobs.core import _aware, _update, lease_seconds, now, owner_name
from docgen.messages import text
from docgen.store.job_models import Conversion

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
"""Times a conversion is tried when LibreOffice times out or its worker dies."""
RETRY_FAILED_SECONDS = 60
"""A failed conversion asked for again after this long is tried again."""
LOST_AFTER_LEASES = 4
"""A queued conversion untouched for this many leases is sent to the runner again (its
message was lost: Redis restarted empty, or the web instance running it in its threads
was restarted)."""
WAIT_LIMIT = 120
"""The longest a request may wait for a conversion (``?wait=N``)."""
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Outcome:
    """Where a conversion stands, as a page or the API shows it."""

    key: str
    source: str
    state: str
    """``done``, ``queued``, ``running`` or ``failed``."""
    preview: pv.Preview | None = None
    error_code: str = ""
    error: str = ""
    attempts: int = 0

    @property
    def done(self) -> bool:
        return self.preview is not None

    @property
    def pending(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    @property
    def missing(self) -> str | None:
        """The tool the converting server lacked (``libreoffice``, ``poppler``), if that
        is why it failed."""
        prefix = "conversion_tool_"
        return self.error_code[len(prefix):] if self.error_code.startswith(prefix) else None

    def message(self, lang: str = "id") -> str:
        if self.done:
            return text("conversion_done", lang, pages=self.preview.pages)
        code = self.error_code if self.failed else f"conversion_{self.state}"
        return text(code, lang, detail=self.error, tries=self.attempts)

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        return {"key": self.key, "source": self.source, "state": self.state,
                "done": self.done or self.failed, "ready": self.done,
                "pages": self.preview.pages if self.preview else 0,
                "error": self.error_code, "message": self.message(lang)}


def cache_for(store: Any) -> pv.PreviewCache:
    """The preview cache in the store's ``DOCGEN_HOME`` (shared by every instance)."""
    return pv.home_cache(Path(store.home))


def _outcome(row: Conversion, found: pv.Preview | None = None) -> Outcome:
    state = "done" if found is not None else row.state
    return Outcome(row.key, row.source, state, found, row.error_code or "", row.error or "",
                   row.attempts)


def ask(store: Any, data: bytes, source: pv.Source = "docx", *,
        submit: Callable[[int], None] | None = None, runner: str = "thread") -> Outcome:
    """What there is of `data`'s conversion: the result when cached (nothing queued), else
    its conversion, queued now if there was none (and handed to `submit` with its id),
    or queued again when its worker died or it failed a while ago."""
    cache = cache_for(store)
    key = pv.content_key(data, source)
    found = cache.get(key)
    if found is not None:
        cache.touch(found)
        return Outcome(key, source, "done", found)
    cache.keep_input(key, source, data)
    row, fresh = _row(store, key, source, runner)
    if fresh and submit is not None:
        submit(row.id)
    return look(store, key, submit=submit, has_input=True) or _outcome(row)


def _row(store: Any, key: str, source: str, runner: str) -> tuple[Conversion, bool]:
    """The conversion of `key`, made now (True) or found (False)."""
    with store.session() as session:
        row = session.scalar(select(Conversion).where(Conversion.key == key))
        if row is not None:
            return row, False
    try:
        with store.transaction() as session:
            row = Conversion(key=key, source=source, state="queued", runner=runner,
                             attempts=0, pages=0, made_by="", error_code="", error="",
                             updated_at=now())
            session.add(row)
            session.flush()
            session.expunge(row)
            return row, True
    except IntegrityError:  # another request made it a moment ago
        with store.session() as session:
            return session.scalar(select(Conversion).where(Conversion.key == key)), False


def look(store: Any, key: str, *, submit: Callable[[int], None] | None = None,
         has_input: bool = False) -> Outcome | None:
    """Where the conversion of `key` stands (None when there is none and nothing cached);
    a conversion whose worker died, whose message was lost, or that failed a while ago is
    queued again and handed to `submit`; so is one done whose folder the cache has pruned
    since, when the caller has just kept its input again (`has_input`)."""
    found = cache_for(store).get(key)
    with store.session() as session:
        row = session.scalar(select(Conversion).where(Conversion.key == key))
        if row is None:
            return Outcome(key, "docx", "done", found) if found is not None else None
        session.expunge(row)
    if found is not None:
        return _outcome(row, found)
    if row.state != "done" or has_input:
        if _revive(store, row, has_input) and submit is not None:
            submit(row.id)
        with store.session() as session:
            row = session.get(Conversion, row.id)
            session.expunge(row)
    return _outcome(row, cache_for(store).get(key))


def _revive(store: Any, row: Conversion, has_input: bool = False) -> bool:
    """Queue `row` again if it needs it (True when this call did, so it is sent once)."""
    moment = now()
    lease = timedelta(seconds=lease_seconds())
    updated = _aware(row.updated_at) or moment
    query = _update(Conversion).where(Conversion.id == row.id, Conversion.state == row.state)
    if row.state == "running" and (_aware(row.lease_until) or moment) < moment:
        if row.attempts >= MAX_ATTEMPTS:
            with store.transaction() as session:
                session.execute(query.where(Conversion.lease_until < moment).values(
                    state="failed", error_code="conversion_lost", lease_owner=None,
                    lease_until=None, updated_at=moment, finished_at=moment))
            return False
        query = query.where(Conversion.lease_until < moment)
        log.warning("conversion %s: its worker stopped; queued again", row.id)
    elif row.state == "queued" and updated < moment - LOST_AFTER_LEASES * lease:
        query = query.where(Conversion.updated_at == row.updated_at)
    elif row.state == "done" and has_input:  # its folder was pruned from the cache: made again
        query = query.values(attempts=0)
    elif row.state == "failed" and updated < moment - timedelta(seconds=RETRY_FAILED_SECONDS):
        query = query.values(attempts=0, error_code="", error="")
    else:
        return False
    with store.transaction() as session:
        result = session.execute(query.values(state="queued", lease_owner=None,
                                              lease_until=None, updated_at=moment))
    return result.rowcount == 1


def reap(store: Any, submit: Callable[[int], None] | None = None) -> list[int]:
    """Conversions whose worker died or whose message was lost, queued again (and handed
    to `submit`); what ``docgen worker`` does twice a lease for conversions nobody watches
    (a PDF/A being made for an issued record). Returns their ids."""
    moment = now()
    lost = moment - LOST_AFTER_LEASES * timedelta(seconds=lease_seconds())
    with store.session() as session:
        rows = session.scalars(select(Conversion).where(
            ((Conversion.state == "running") & (Conversion.lease_until < moment))
            | ((Conversion.state == "queued") & (Conversion.updated_at < lost)))).all()
        for row in rows:
            session.expunge(row)
    again = [row.id for row in rows if _revive(store, row)]
    if submit is not None:
        for conversion_id in again:
            submit(conversion_id)
    return again


def wait(store: Any, key: str, seconds: float, *,
         submit: Callable[[int], None] | None = None) -> Outcome | None:
    """:func:`look` until the conversion of `key` ends or `seconds` pass."""
    deadline = time.monotonic() + max(0.0, seconds)
    while True:
        found = look(store, key, submit=submit)
        if found is None or not found.pending or time.monotonic() >= deadline:
            return found
        time.sleep(POLL_SECONDS)


class _Lease(threading.Thread):
    """Renews a conversion's lease every third of it while LibreOffice works."""

    def __init__(self, store: Any, conversion_id: int, owner: str):
        super().__init__(daemon=True, name=f"docgen-convert-lease-{conversion_id}")
        self.store, self.conversion_id, self.owner = store, conversion_id, owner
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(lease_seconds() / 3):
            try:
                with self.store.transaction() as session:
                    session.execute(_update(Conversion).where(
                        Conversion.id == self.conversion_id, Conversion.state == "running",
                        Conversion.lease_owner == self.owner).values(
                        lease_until=now() + timedelta(seconds=lease_seconds()),
                        updated_at=now()))
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                log.exception("conversion %s: lease renewal failed", self.conversion_id)


def run(store: Any, conversion_id: int, *, owner: str | None = None) -> str:
    """Make conversion `conversion_id` if it can be claimed (tried again at once after a
    timeout, up to :data:`MAX_ATTEMPTS`). Returns what happened: ``done``, ``skipped``
    (not queued: taken, done or failed already), ``lost`` (another worker took it over
    meanwhile; its result is the same) or ``failed``."""
    while True:
        outcome = _run_once(store, conversion_id, owner or owner_name())
        if outcome != "again":
            break
    if outcome in ("done", "failed"):
        _settle(store, conversion_id)
    return outcome


def _settle(store: Any, conversion_id: int) -> None:
    """The issued records waiting for this conversion get their PDF/A kept, or their failure
    noted (:func:`docgen.jobs.record_pdf.settle`); a failure here is left to the reaper."""
    from docgen.jobs import record_pdf

    try:
        with store.session() as session:
            key = session.scalar(select(Conversion.key).where(Conversion.id == conversion_id))
        record_pdf.settle(store, key)
    except Exception:  # noqa: BLE001 - the conversion is made; the reaper attaches it later
        log.exception("conversion %s: keeping the PDF/A of its records failed", conversion_id)


def again(store: Any, key: str) -> bool:
    """Queue the failed conversion of `key` again at once, its tries counted anew (someone
    asked to try again); True when this call did."""
    with store.transaction() as session:
        result = session.execute(_update(Conversion).where(
            Conversion.key == key, Conversion.state == "failed").values(
            state="queued", attempts=0, error_code="", error="", lease_owner=None,
            lease_until=None, updated_at=now()))
    return result.rowcount == 1


def _run_once(store: Any, conversion_id: int, owner: str) -> str:
    moment = now()
    with store.transaction() as session:
        result = session.execute(_update(Conversion).where(
            Conversion.id == conversion_id, Conversion.state == "queued").values(
            state="running", lease_owner=owner, attempts=Conversion.attempts + 1,
            lease_until=moment + timedelta(seconds=lease_seconds()), updated_at=moment))
        if result.rowcount != 1:
            return "skipped"
        row = session.get(Conversion, conversion_id)
        key, source, attempts = row.key, row.source, row.attempts
    cache = cache_for(store)
    made = cache.get(key)
    lease = _Lease(store, conversion_id, owner)
    lease.start()
    try:
        if made is None:
            data = cache.input_path(key, source).read_bytes()
            pdf, pngs = pv.convert(data, source, dpi=cache.dpi, name=key[:12])
            made = cache.put(key, pdf, pngs)
    except FileNotFoundError:
        return _failed(store, conversion_id, owner, "conversion_input_gone", "")
    except pv.PreviewUnavailable as exc:
        return _failed(store, conversion_id, owner, f"conversion_tool_{exc.tool}", str(exc))
    except pv.PreviewTimeout as exc:
        if attempts < MAX_ATTEMPTS:
            return _again(store, conversion_id, owner, str(exc))
        return _failed(store, conversion_id, owner, "conversion_timeout", str(exc))
    except pv.PreviewFailed as exc:
        return _failed(store, conversion_id, owner, "conversion_failed", str(exc))
    finally:
        lease.finished.set()
    with store.transaction() as session:
        result = session.execute(_update(Conversion).where(
            Conversion.id == conversion_id, Conversion.state == "running",
            Conversion.lease_owner == owner).values(
            state="done", pages=made.pages, made_by=owner[:120], lease_owner=None,
            lease_until=None, error_code="", error="", updated_at=now(), finished_at=now()))
    if result.rowcount != 1:
        return "lost"
    cache.drop_input(key, source)  # type: ignore[arg-type]
    return "done"


def _failed(store: Any, conversion_id: int, owner: str, code: str, detail: str) -> str:
    log.warning("conversion %s failed: %s %s", conversion_id, code, detail)
    with store.transaction() as session:
        session.execute(_update(Conversion).where(
            Conversion.id == conversion_id, Conversion.lease_owner == owner,
            Conversion.state == "running").values(
            state="failed", error_code=code, error=detail[:2000], lease_owner=None,
            lease_until=None, updated_at=now(), finished_at=now()))
    return "failed"


def _again(store: Any, conversion_id: int, owner: str, detail: str) -> str:
    """Queued for another try at once (the caller hands it to its runner again)."""
    log.warning("conversion %s: %s; trying again", conversion_id, detail)
    with store.transaction() as session:
        session.execute(_update(Conversion).where(
            Conversion.id == conversion_id, Conversion.lease_owner == owner,
            Conversion.state == "running").values(
            state="queued", lease_owner=None, lease_until=None, updated_at=now()))
    return "again"
