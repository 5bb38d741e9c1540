"""A batch job's life: made (:func:`create_batch`), its parts run (:func:`run_part`) by
whichever runner, the ZIP assembled once (:func:`finish`), watched (:func:`status`),
cancelled (:func:`cancel`), and parts of dead workers queued again (:func:`reap`).

Every change of state is a conditional UPDATE (``… WHERE state = 'running' AND lease_owner
= me``), so two processes never both record a part, nor both write the ZIP.
"""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import threading
import uuid
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from docgen import batch as batch_mod
from docgen import catalog
from docgen.catalog import Kind
from docgen.invitee import Invitee
from docgen.messages import Problem
from docgen.recipients import Recipient, RecipientList
from docgen.render import PreparedDocument, TemplateSource, shipped_source
from docgen.store.job_models import Job, JobPart
from docgen.study import Study

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
"""Times a part is tried (a worker killed while it renders counts as a try)."""
FINISHED = ("done", "failed", "cancelled")
LOST_AFTER_LEASES = 20
"""A part queued this many leases ago (10 minutes by default) and still not taken is sent
to the workers again."""


def lease_seconds() -> float:
    """How long a claimed part stays its worker's without a heartbeat
    (``DOCGEN_JOB_LEASE``, default 30 s); a heartbeat comes every third of it."""
    try:
        return max(0.5, float(os.environ.get("DOCGEN_JOB_LEASE", "30")))
    except ValueError:
        return 30.0


def _update(model: Any) -> Any:
    """An UPDATE decided by the database alone (no objects in the session synchronised)."""
    return update(model).execution_options(synchronize_session=False)


def part_size() -> int:
    """Recipients per part (``DOCGEN_BATCH_PART_SIZE``, default
    :data:`docgen.batch.PART_SIZE`): smaller parts spread a batch over more workers."""
    try:
        return max(1, int(os.environ.get("DOCGEN_BATCH_PART_SIZE", "") or batch_mod.PART_SIZE))
    except ValueError:
        return batch_mod.PART_SIZE


def now() -> datetime:
    return datetime.now(UTC)


def owner_name() -> str:
    """This process and thread, as a lease names its holder."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:  # SQLite gives naive UTC back
        return moment.replace(tzinfo=UTC)
    return moment


# --------------------------------------------------------------------------- the input


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "code": problem.code, "severity": problem.severity,
            "params": dict(problem.params)}


def problem_from(data: dict[str, Any]) -> Problem:
    return Problem(data["path"], data["code"], data.get("severity", "error"),
                   dict(data.get("params") or {}))


@dataclass(frozen=True)
class BatchInput:
    """What a batch job makes, as it was when it was asked for."""

    study: Study
    kind: str
    event: int
    file_format: str
    when: date
    recipients: list[Recipient]
    office_id: int | None = None
    study_id: int | None = None
    template_key: str | None = None
    template_sha256: str | None = None
    template_version: int | None = None
    base_dir: str | None = None
    """The study's own folder, for a batch queued from ``docgen batch`` on a study file
    whose images sit beside it; None: the file storage (the web)."""

    def encode(self) -> bytes:
        return json.dumps({
            "study": self.study.model_dump(mode="json"), "kind": self.kind,
            "event": self.event, "format": self.file_format, "when": self.when.isoformat(),
            "office_id": self.office_id, "study_id": self.study_id,
            "template": {"key": self.template_key, "sha256": self.template_sha256,
                         "version": self.template_version},
            "base_dir": self.base_dir,
            "recipients": [{"row": r.row, "cell": r.cell, "jabatan": r.invitee.jabatan,
                            "address": r.invitee.address, "city": r.invitee.city,
                            "name": r.invitee.name, "email": r.invitee.email,
                            "institution": r.invitee.institution}
                           for r in self.recipients],
        }, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> BatchInput:
        raw = json.loads(data)
        template = raw.get("template") or {}
        return cls(
            study=Study.model_validate(raw["study"]), kind=raw["kind"], event=raw["event"],
            file_format=raw["format"], when=date.fromisoformat(raw["when"]),
            office_id=raw.get("office_id"), study_id=raw.get("study_id"),
            template_key=template.get("key"), template_sha256=template.get("sha256"),
            template_version=template.get("version"), base_dir=raw.get("base_dir"),
            recipients=[Recipient(r["row"], r["cell"], Invitee(
                r["jabatan"], r["address"], r["city"], r["name"], r["email"],
                r.get("institution", "")))
                for r in raw["recipients"]])


def create_batch(session: Session, files: Any, *, study: Study, kind: Kind,
                 sheet: RecipientList, runner: str, event: int = 0, file_format: str = "docx",
                 template: TemplateSource | None = None, office_id: int | None = None,
                 study_id: int | None = None, user_id: int | None = None,
                 base_dir: Path | None = None, register: Any = None) -> Job:
    """A new queued job for a batch (the caller commits, then dispatches its parts).

    The batch is prepared here once, so what cannot be made at all is refused now
    (:class:`docgen.batch.BatchRefused`) and nothing is stored; the drafts' date is pinned,
    so every part dates its letters alike."""
    prepared = batch_mod.prepare(study, kind, sheet.recipients, event=event,
                                 template=template, base_dir=base_dir or files.root,
                                 register=register)
    template_key = None
    if template is not None and template.path is None:  # an office's own version
        template_key, _ = files.put(template.data)
    data = BatchInput(study=study, kind=kind.id, event=event, file_format=file_format,
                      when=prepared.context["doc"].date, recipients=sheet.recipients,
                      office_id=office_id, study_id=study_id, template_key=template_key,
                      template_sha256=prepared.source.sha256,
                      template_version=template.version if template else None,
                      base_dir=str(base_dir) if base_dir else None).encode()
    input_key, _ = files.put(data)
    job = Job(office_id=office_id, study_id=study_id, created_by_id=user_id,
              job_type="batch", state="queued", runner=runner, input_key=input_key,
              title=kind.title_id, source_name=sheet.source[:255], file_format=file_format,
              total=len(sheet.recipients), refused=len(sheet.refused),
              problems=[problem_dict(p) for p in sheet.problems], error="",
              result_name="", result_size=0, cancel_requested=False)
    job.parts = [JobPart(number=n, start=start, stop=stop, state="queued", attempts=0,
                         progress=0, made=0, made_by="", problems=[])
                 for n, (start, stop) in enumerate(batch_mod.parts(len(sheet.recipients),
                                                                   part_size()))]
    session.add(job)
    session.flush()
    return job


# --------------------------------------------------------------------------- preparing


_prepared: OrderedDict[str, tuple[BatchInput, PreparedDocument]] = OrderedDict()
_prepared_lock = threading.Lock()


def _prepared_for(store: Any, job: Job) -> tuple[BatchInput, PreparedDocument]:
    """The job's input and its prepared document, made once per process."""
    with _prepared_lock:
        hit = _prepared.get(job.input_key)
    if hit is not None:
        return hit
    data = BatchInput.decode(store.files.read(job.input_key))
    with store.session() as session:
        kind = _kind(session, data)
        register = {}
        if data.study_id is not None:
            from docgen.archive import register_refs

            register = register_refs(session, data.study_id)
    if data.template_key:
        blob = store.files.read(data.template_key)
        template = TemplateSource(None, blob, data.template_sha256 or "", data.template_version)
    else:
        template = shipped_source(kind)
    base = Path(data.base_dir) if data.base_dir else store.files.root
    prepared = batch_mod.prepare(data.study, kind, data.recipients, event=data.event,
                                 template=template, base_dir=base, register=register,
                                 when=data.when)
    with _prepared_lock:
        _prepared[job.input_key] = (data, prepared)
        while len(_prepared) > 8:
            _prepared.popitem(last=False)
    return data, prepared


def _kind(session: Session, data: BatchInput) -> Kind:
    custom: list[Kind] = []
    if data.office_id is not None:
        from docgen import custom_kinds
        from docgen.store import Office

        office = session.get(Office, data.office_id)
        if office is not None:
            custom = custom_kinds.office_kinds(session, office)
    return catalog.kinds_for(custom)[data.kind]


# --------------------------------------------------------------------------- running a part


def claim(store: Any, job_id: int, number: int, owner: str) -> JobPart | None:
    """Take part `number` of job `job_id` if it is queued (and the job not cancelled):
    the part, now running under `owner`'s lease, or None."""
    with store.transaction() as session:
        job = session.get(Job, job_id)
        if job is None or job.cancel_requested or job.state in FINISHED + ("interrupted",):
            return None
        result = session.execute(
            _update(JobPart).where(JobPart.job_id == job_id, JobPart.number == number,
                                  JobPart.state == "queued")
            .values(state="running", lease_owner=owner, progress=0,
                    lease_until=now() + timedelta(seconds=lease_seconds()),
                    attempts=JobPart.attempts + 1, updated_at=now()))
        if result.rowcount != 1:
            return None
        session.execute(_update(Job).where(Job.id == job_id, Job.state == "queued")
                        .values(state="running", started_at=now()))
        return session.scalar(select(JobPart).where(JobPart.job_id == job_id,
                                                    JobPart.number == number))


class _Heartbeat(threading.Thread):
    """Renews a part's lease and records its progress every third of the lease, and
    notices a cancellation or a lost lease (then :attr:`stop` is set)."""

    def __init__(self, store: Any, part_id: int, job_id: int, owner: str):
        super().__init__(daemon=True, name=f"docgen-heartbeat-{part_id}")
        self.store, self.part_id, self.job_id, self.owner = store, part_id, job_id, owner
        self.progress = 0
        self.stop = threading.Event()
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.wait(lease_seconds() / 3):
            self.beat()

    def beat(self) -> None:
        try:
            with self.store.transaction() as session:
                result = session.execute(
                    _update(JobPart).where(JobPart.id == self.part_id,
                                          JobPart.lease_owner == self.owner,
                                          JobPart.state == "running")
                    .values(lease_until=now() + timedelta(seconds=lease_seconds()),
                            progress=self.progress, updated_at=now()))
                cancelled = session.scalar(select(Job.cancel_requested)
                                           .where(Job.id == self.job_id))
            if result.rowcount != 1 or cancelled:
                self.stop.set()
        except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
            log.exception("job part %s: heartbeat failed", self.part_id)

    def tick(self, count: int) -> None:
        self.progress += count


def run_part(store: Any, job_id: int, number: int, *, owner: str | None = None,
             after: Callable[[int], None] | None = None) -> str:
    """Make part `number` of job `job_id` if it can be claimed: render its letters, keep
    its output in the file storage, record it, and assemble the ZIP when it was the last
    part. Returns what happened (``done``, ``skipped``, ``lost``, ``cancelled``,
    ``failed``). `after` is called with the job id once the part is recorded."""
    owner = owner or owner_name()
    part = claim(store, job_id, number, owner)
    if part is None:
        return "skipped"
    with store.session() as session:
        job = session.get(Job, job_id)
    beat = _Heartbeat(store, part.id, job_id, owner)
    beat.start()
    try:
        data, prepared = _prepared_for(store, job)
        made = batch_mod.render_part(prepared, data.recipients[part.start:part.stop],
                                     part.start, len(data.recipients), data.file_format,
                                     should_stop=beat.stop.is_set, done=beat.tick)
    except Exception as exc:  # noqa: BLE001 - recorded on the part; tried again or failed
        log.exception("job %s part %s failed", job_id, number)
        beat.finished.set()
        return _part_failed(store, part, owner, str(exc))
    finally:
        beat.finished.set()
    if beat.stop.is_set():
        return _part_stopped(store, part, owner)
    key = _keep_part(store, made)
    problems = [problem_dict(m.problem) for m in made if m.problem is not None]
    with store.transaction() as session:
        result = session.execute(
            _update(JobPart).where(JobPart.id == part.id, JobPart.lease_owner == owner,
                                  JobPart.state == "running")
            .values(state="done", result_key=key, made=sum(1 for m in made if not m.problem),
                    made_by=owner,
                    progress=len(made), problems=problems, lease_owner=None,
                    lease_until=None, updated_at=now()))
    if result.rowcount != 1:
        return "lost"  # another worker took the part over; its output is the same
    if after is not None:
        after(job_id)
    finish(store, job_id)
    return "done"


def _keep_part(store: Any, made: list[batch_mod.Made]) -> str:
    """A part's output as one ZIP (its files, and a manifest of which recipient made
    which file or why none), kept by content: made twice, it is the same key."""
    manifest = [{"index": m.index, "files": [name for name, _ in m.files],
                 "problem": problem_dict(m.problem) if m.problem else None} for m in made]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        batch_mod.write_entries(zf, [f for m in made for f in m.files])
        batch_mod.write_entries(zf, [("part.json", json.dumps(manifest).encode())])
    key, _ = store.files.put(buf.getvalue())
    return key


def _part_stopped(store: Any, part: JobPart, owner: str) -> str:
    with store.transaction() as session:
        cancelled = session.scalar(select(Job.cancel_requested).where(Job.id == part.job_id))
        session.execute(_update(JobPart).where(JobPart.id == part.id,
                                              JobPart.lease_owner == owner)
                        .values(state="cancelled" if cancelled else "queued", lease_owner=None,
                                lease_until=None, updated_at=now()))
    return "cancelled" if cancelled else "lost"


def _part_failed(store: Any, part: JobPart, owner: str, detail: str) -> str:
    with store.transaction() as session:
        again = part.attempts < MAX_ATTEMPTS
        session.execute(_update(JobPart).where(JobPart.id == part.id,
                                              JobPart.lease_owner == owner)
                        .values(state="queued" if again else "failed", lease_owner=None,
                                lease_until=None, updated_at=now()))
        if not again:
            session.execute(_update(Job).where(Job.id == part.job_id,
                                              Job.state.in_(("queued", "running")))
                            .values(state="failed", error=detail[:2000], finished_at=now()))
    return "failed"


# --------------------------------------------------------------------------- the ZIP


def finish(store: Any, job_id: int, owner: str | None = None) -> bool:
    """Assemble the ZIP when every part is done: claimed by one process (the job goes
    ``running`` → ``assembling`` under its lease), written, and recorded. True when this
    call recorded it."""
    owner = owner or owner_name()
    with store.transaction() as session:
        states = session.scalars(select(JobPart.state).where(JobPart.job_id == job_id)).all()
        if not states or any(s != "done" for s in states):
            return False
        result = session.execute(
            _update(Job).where(Job.id == job_id, Job.state == "running",
                              Job.cancel_requested.is_(False))
            .values(state="assembling", lease_owner=owner,
                    lease_until=now() + timedelta(seconds=max(lease_seconds(), 60))))
        if result.rowcount != 1:
            return False
        job = session.get(Job, job_id)
        parts = [(p.result_key, p.start) for p in job.parts]
        input_key, refused = job.input_key, job.problems
    data = BatchInput.decode(store.files.read(input_key))
    kind_filename = _kind_filename(store, data)
    made: list[batch_mod.Made] = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for key, _start in parts:
            with zipfile.ZipFile(io.BytesIO(store.files.read(key))) as part_zip:
                manifest = json.loads(part_zip.read("part.json"))
                for entry in manifest:
                    files = [(name, part_zip.read(name)) for name in entry["files"]]
                    batch_mod.write_entries(out, files)
                    problem = problem_from(entry["problem"]) if entry["problem"] else None
                    made.append(batch_mod.Made(entry["index"],
                                               tuple((n, b"") for n, _ in files), problem))
        sheet = [problem_from(p) for p in refused]
        batch_mod.write_entries(out, [(batch_mod.SUMMARY_NAME, batch_mod.summary_csv(
            data.recipients, made, [p for p in sheet if p.severity == "error"],
            [p for p in sheet if p.severity != "error"]))])
    blob = buf.getvalue()
    key, _ = store.files.put(blob)
    failed = [problem_dict(m.problem) for m in made if m.problem is not None]
    with store.transaction() as session:
        result = session.execute(
            _update(Job).where(Job.id == job_id, Job.state == "assembling",
                              Job.lease_owner == owner)
            .values(state="done", result_key=key, result_size=len(blob),
                    result_name=f"{kind_filename}-batch-{job_id}.zip",
                    problems=list(refused) + failed, lease_owner=None, lease_until=None,
                    finished_at=now()))
    return result.rowcount == 1


def _kind_filename(store: Any, data: BatchInput) -> str:
    with store.session() as session:
        return _kind(session, data).filename


# --------------------------------------------------------------------------- watching


def reap(store: Any, dispatch: Callable[[int, int], None] | None = None, *,
         interrupt: bool = False, finish_again: Callable[[int], None] | None = None
         ) -> list[tuple[int, int]]:
    """Parts whose worker stopped renewing its lease: queued again (and handed to
    `dispatch`) while they have tries left, else failed; or, with `interrupt` (a web
    instance running jobs in its own threads, after a restart), their jobs marked
    interrupted. A ZIP whose assembly was abandoned is handed to `finish_again`.
    Returns the (job, part) pairs queued again."""
    moment = now()
    again: list[tuple[int, int]] = []
    with store.transaction() as session:
        stale = session.scalars(select(JobPart).where(JobPart.state == "running",
                                                      JobPart.lease_until < moment)).all()
        for part in stale:
            if interrupt:
                session.execute(_update(Job).where(Job.id == part.job_id,
                                                  Job.state.in_(("queued", "running")))
                                .values(state="interrupted"))
            state = "queued" if part.attempts < MAX_ATTEMPTS else "failed"
            result = session.execute(
                _update(JobPart).where(JobPart.id == part.id, JobPart.state == "running",
                                      JobPart.lease_until < moment)
                .values(state=state, lease_owner=None, lease_until=None, updated_at=moment))
            if result.rowcount == 1 and state == "queued" and not interrupt:
                again.append((part.job_id, part.number))
            if state == "failed":
                session.execute(_update(Job).where(Job.id == part.job_id,
                                                  Job.state.in_(("queued", "running")))
                                .values(state="failed", finished_at=moment,
                                        error="a part failed on every try"))
        if not interrupt:  # parts waiting far longer than a part takes to start: their
            # message was lost (Redis restarted empty); sent again, a second delivery of a
            # part already taken does nothing
            waiting = session.scalars(
                select(JobPart).join(Job).where(
                    JobPart.state == "queued", Job.state.in_(("queued", "running")),
                    Job.cancel_requested.is_(False),
                    JobPart.updated_at < moment - timedelta(seconds=LOST_AFTER_LEASES *
                                                            lease_seconds()))).all()
            for part in waiting:
                part.updated_at = moment
                again.append((part.job_id, part.number))
        abandoned = session.scalars(select(Job.id).where(Job.state == "assembling",
                                                         Job.lease_until < moment)).all()
        for job_id in abandoned:
            session.execute(_update(Job).where(Job.id == job_id, Job.state == "assembling")
                            .values(state="running", lease_owner=None, lease_until=None))
    for job_id, number in again:
        log.warning("job %s part %s: its worker stopped; queued again", job_id, number)
        if dispatch is not None:
            dispatch(job_id, number)
    for job_id in abandoned:
        if finish_again is not None:
            finish_again(job_id)
        else:
            finish(store, job_id)
    return again


def cancel(session: Session, job: Job) -> bool:
    """Ask a job to stop: parts not started never start, running ones stop at their next
    document or heartbeat. False when it had already ended."""
    if job.state in FINISHED:
        return False
    job.cancel_requested = True
    job.state = "cancelled"
    job.finished_at = now()
    session.execute(_update(JobPart).where(JobPart.job_id == job.id,
                                          JobPart.state == "queued")
                    .values(state="cancelled"))
    return True


def restart(session: Session, job: Job) -> list[int]:
    """An interrupted job queued again: the parts not done (their numbers, to dispatch);
    the parts already made are kept."""
    if job.state != "interrupted":
        return []
    job.state = "running" if any(p.state == "done" for p in job.parts) else "queued"
    numbers = []
    for part in job.parts:
        if part.state != "done":
            part.state, part.lease_owner, part.lease_until = "queued", None, None
            numbers.append(part.number)
    return numbers


@dataclass(frozen=True)
class Status:
    """What a page shows of a job."""

    id: int
    state: str
    total: int
    made: int
    refused: int
    failed: int
    percent: int
    problems: list[Problem]
    result_name: str
    result_size: int

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "total": self.total, "made": self.made,
                "refused": self.refused, "failed": self.failed, "percent": self.percent,
                "done": self.state in FINISHED or self.state == "interrupted",
                "result_name": self.result_name, "result_size": self.result_size,
                "problems": [{"path": p.path, "severity": p.severity,
                              "message": p.message(lang)} for p in self.problems]}


def status(job: Job) -> Status:
    """The job's progress from its parts (documents made so far, of its total)."""
    parts: Iterable[JobPart] = job.parts
    made = sum(p.made if p.state == "done" else p.progress for p in parts)
    failed = sum(1 for p in parts for q in (p.problems or []) if q.get("severity") == "error")
    if job.state == "done":
        made = sum(p.made for p in job.parts)
    percent = 100 if job.state == "done" else (int(100 * made / job.total) if job.total else 0)
    problems = [problem_from(p) for p in job.problems or []]
    if job.state != "done":
        problems += [problem_from(q) for p in job.parts for q in (p.problems or [])]
    return Status(id=job.id, state=job.state, total=job.total, made=made,
                  refused=job.refused, failed=failed, percent=min(percent, 100),
                  problems=problems, result_name=job.result_name,
                  result_size=job.result_size)


def stale_seconds(job: Job) -> float:
    """Seconds since any part of the job showed a sign of life (for pages)."""
    latest = max((_aware(p.updated_at) for p in job.parts if p.updated_at), default=None)
    return (now() - latest).total_seconds() if latest else 0.0
