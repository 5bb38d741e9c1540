"""Batches (mail merge): one invitation per row of a recipient sheet, in one ZIP.

The recipients (:mod:`docgen.recipients`) become the invitees of one dissemination event of
the study, and the kind's fan-out makes one letter each (the invitation, or an office's own
kind made one per invitee). The document is prepared once
(:func:`docgen.render.prepare_document`: the template version compiled, the context built,
the logo decoded) and rendered once per recipient with only ``invitee`` changed, so a letter
costs little more than filling the compiled template (:mod:`docgen.compiled`).

**Numbers.** A batch makes drafts: the number's sequence is left blank, as on every draft.
It never takes numbers from the register. An invitation sent to many addressees is one
letter with one number under tata naskah dinas (the office issues it once, with its
distribution list, on the documents page or ``docgen finalize``); taking a number per
recipient would fill the Buku Agenda with hundreds of entries for one letter.

Work is split into parts of :data:`PART_SIZE` recipients (:func:`parts`) that are rendered
independently: by processes of one machine (:func:`render_all`, for ``docgen batch``) or by
the job workers (:mod:`docgen.jobs`). A part's output depends only on its input (the ZIP
entries are dated 1980-01-01), so a part made twice is the same bytes.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docgen import catalog
from docgen.catalog import Kind
from docgen.invitee import Invitee, file_stem
from docgen.messages import Problem
from docgen.recipients import Recipient
from docgen.references import Register
from docgen.render import PreparedDocument, RenderError, TemplateSource, prepare_document
from docgen.study import Study

PART_SIZE = 50
"""Recipients per part of a batch (a unit of work for a process or a job worker)."""
FORMATS = ("docx", "pdf", "both")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SUMMARY_NAME = "ringkasan-batch.csv"


class BatchRefused(ValueError):
    """The batch cannot be made at all (a kind that is not made per invitee, no event, data
    missing); :attr:`problems` say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.line("en") for p in problems))


@dataclass(frozen=True)
class Made:
    """One recipient's output: its entries in the ZIP (DOCX and/or PDF) or the problem
    that kept it out."""

    index: int
    files: tuple[tuple[str, bytes], ...] = ()
    problem: Problem | None = None


def batch_kinds(custom: Iterable[Kind] = ()) -> list[Kind]:
    """The kinds a batch can make: those made one per invitee."""
    return [k for k in catalog.kinds_for(custom).values() if k.fan_out == "invitee"]


def batch_study(study: Study, kind: Kind, recipients: Sequence[Recipient],
                event: int = 0) -> tuple[Study, int]:
    """The study whose event `event` invites exactly `recipients` (one letter each), and
    the fan-out item of the first of them. Raises :class:`BatchRefused` when `kind` is not
    made per invitee or the event is not there."""
    if kind.fan_out != "invitee":
        example = ", ".join(k.id for k in batch_kinds()) or "invitation"
        raise BatchRefused([Problem("kind", "batch_kind_not_per_invitee", params={
            "kind": kind.title_id, "example": example})])
    events = study.reporting.dissemination
    if not events:
        raise BatchRefused([Problem("reporting.dissemination", "batch_no_event")])
    if not 0 <= event < len(events):
        raise BatchRefused([Problem("event", "batch_event_missing", params={
            "number": event + 1, "count": len(events)})])
    copy = study.model_copy(deep=True)
    copy.office.invitation_mode = "per_invitee"
    copy.reporting.dissemination[event].invitees = [r.invitee.jabatan for r in recipients]
    offset = sum(len(e.invitees) for e in copy.reporting.dissemination[:event])
    return copy, offset


def prepare(study: Study, kind: Kind, recipients: Sequence[Recipient], *, event: int = 0,
            template: TemplateSource | None = None, base_dir: Path | None = None,
            register: Register | None = None, when: date | None = None) -> PreparedDocument:
    """The batch's document, prepared once: refused (:class:`BatchRefused`) when the study
    lacks what the kind needs. `when` pins the drafts' date (a batch made in parts, maybe
    across midnight, dates every letter alike)."""
    made_for, item = batch_study(study, kind, recipients, event)
    problems = catalog.missing(made_for, kind)
    if problems:
        raise BatchRefused(problems)
    try:
        return prepare_document(made_for, kind, item=item, issued=when, template=template,
                                base_dir=base_dir, register=register)
    except RenderError as exc:
        raise BatchRefused([Problem(kind.template, "batch_document_failed", params={
            "row": "-", "detail": str(exc)})]) from None


def entry_name(kind: Kind, index: int, total: int, invitee: Invitee, ext: str) -> str:
    """``undangan-diseminasi-007-kepala-desa-sukamaju.docx``: numbered in the list's order,
    named after the addressee (cut at a word)."""
    width = max(3, len(str(total)))
    return f"{kind.filename}-{index + 1:0{width}d}-{file_stem(invitee.jabatan)}.{ext}"


def render_part(prepared: PreparedDocument, recipients: Sequence[Recipient], start: int,
                total: int, file_format: str = "docx",
                should_stop: Callable[[], bool] | None = None,
                done: Callable[[int], None] | None = None) -> list[Made]:
    """Render recipients ``start …`` (their indices in the whole list of `total`): the
    DOCX of each, and its PDF/A when `file_format` asks. `should_stop` is asked between
    documents (a cancelled job); `done` is told of each document made."""
    out: list[Made] = []
    for offset, recipient in enumerate(recipients):
        if should_stop is not None and should_stop():
            break
        index = start + offset
        try:
            doc = prepared.render(invitee=recipient.invitee)
        except RenderError as exc:
            out.append(Made(index, problem=Problem(recipient.cell, "batch_document_failed",
                                                   params={"row": recipient.row,
                                                           "detail": str(exc)})))
            continue
        files = [(entry_name(prepared.kind, index, total, recipient.invitee, "docx"),
                  doc.data)]
        out.append(Made(index, tuple(files)))
        if done is not None:
            done(1)
    if file_format != "docx":
        out = _with_pdfs(out, prepared.kind, recipients, start, total, file_format)
    return out


def _with_pdfs(made: list[Made], kind: Kind, recipients: Sequence[Recipient], start: int,
               total: int, file_format: str) -> list[Made]:
    """Each made document with its PDF/A (converted side by side in the warm pool), or
    the PDF/A alone when `file_format` is ``pdf``."""
    from concurrent.futures import ThreadPoolExecutor

    from docgen import pdf
    from docgen.pdfpool import DEFAULT_WORKERS, PoolUnavailable, get_pool

    def convert(m: Made) -> Made:
        if m.problem is not None:
            return m
        recipient = recipients[m.index - start]
        name = entry_name(kind, m.index, total, recipient.invitee, "pdf")
        try:
            data = pdf.docx_to_pdf(m.files[0][1], name=name)
        except (pdf.PdfFailed, pdf.PdfUnavailable) as exc:
            return Made(m.index, problem=Problem(recipient.cell, "batch_pdf_failed", params={
                "row": recipient.row, "detail": str(exc)}))
        kept = m.files if file_format == "both" else ()
        return Made(m.index, (*kept, (name, data)))

    try:
        workers = get_pool().size
    except PoolUnavailable:
        workers = DEFAULT_WORKERS
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(convert, made))


# --------------------------------------------------------------------------- parts


def parts(total: int, size: int = PART_SIZE) -> list[tuple[int, int]]:
    """(start, stop) of each part of a batch of `total` recipients."""
    return [(start, min(start + size, total)) for start in range(0, total, size)]


_FORKED: dict[str, Any] = {}


def _render_forked(span: tuple[int, int]) -> list[Made]:
    job = _FORKED
    start, stop = span
    return render_part(job["prepared"], job["recipients"][start:stop], start,
                       len(job["recipients"]), job["format"])


FORK_AFTER_SECONDS = 0.5
"""Rendering that would take longer than this in one process is shared among processes
(forking and sending the letters back cost about a tenth of a second)."""


def render_all(prepared: PreparedDocument, recipients: Sequence[Recipient],
               file_format: str = "docx", processes: int | None = None,
               progress: Callable[[int], None] | None = None) -> list[Made]:
    """Every recipient's output, in order. The first part is rendered here; when the rest
    would take longer than :data:`FORK_AFTER_SECONDS` at that pace, it is shared among
    `processes` forked processes (default one per core) that share the prepared document,
    else (or where forking is not possible, as on Windows) rendered here too."""
    import time

    count = len(recipients)
    processes = processes or os.cpu_count() or 1
    started = time.perf_counter()
    first = min(PART_SIZE, count)
    out = render_part(prepared, recipients[:first], 0, count, file_format)
    if progress is not None:
        progress(len(out))
    rest = count - first
    pace = (time.perf_counter() - started) / max(first, 1)
    if rest <= 0:
        return out
    if (processes <= 1 or pace * rest < FORK_AFTER_SECONDS or not _can_fork()
            or file_format != "docx"):
        for start, stop in parts(rest):
            made = render_part(prepared, recipients[first + start:first + stop], first + start,
                               count, file_format)
            out += made
            if progress is not None:
                progress(len(made))
        return out
    import multiprocessing

    size = max(1, min(PART_SIZE, -(-rest // processes)))
    spans = [(first + a, first + b) for a, b in parts(rest, size)]
    _FORKED.update(prepared=prepared, recipients=recipients, format=file_format)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for made in pool.imap(_render_forked, spans):
                out += made
                if progress is not None:
                    progress(len(made))
        return out
    finally:
        _FORKED.clear()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


# --------------------------------------------------------------------------- the ZIP


@dataclass
class Summary:
    """What a batch made and refused, for the terminal, the web page and the ZIP."""

    made: int = 0
    refused: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def summary_csv(recipients: Sequence[Recipient], made: Sequence[Made],
                refused: Sequence[Problem], warnings: Sequence[Problem] = ()) -> bytes:
    """``ringkasan-batch.csv``: one line per row of the sheet, what became of it (the file
    made, or why not), in Indonesian and English, then the warnings that concern no letter
    made (rows hidden, a sheet not read); opens in Excel (UTF-8 with BOM, ``;``)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["No", "Sel", "Kepada (Yth.)", "Alamat", "Kota", "Nama", "Surel",
                     "Instansi", "Berkas", "Status", "Keterangan", "Note"])
    def sheet(path: str) -> str:
        return path.rpartition("!")[0]

    notes = {(sheet(p.path), p.params.get("row")): p for p in warnings}
    used: set[int] = set()
    for m in made:
        r = recipients[m.index]
        note = notes.get((sheet(r.cell), r.row))
        if note is not None:
            used.add(id(note))
        note = m.problem or note
        writer.writerow([m.index + 1, r.cell, r.invitee.jabatan, r.invitee.address,
                         r.invitee.city, r.invitee.name, r.invitee.email,
                         r.invitee.institution, ", ".join(name for name, _ in m.files),
                         "gagal" if m.problem else "dibuat",
                         note.message("id") if note else "", note.message("en") if note else ""])
    for problem in [*refused, *(p for p in warnings if id(p) not in used)]:
        status = "ditolak" if problem.severity == "error" else "peringatan"
        writer.writerow(["", problem.path, "", "", "", "", "", "", "", status,
                         problem.message("id"), problem.message("en")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_entries(zf: zipfile.ZipFile, files: Iterable[tuple[str, bytes]]) -> None:
    """Add files to a ZIP dated 1980-01-01: the same files make the same bytes. DOCX and
    PDF are already compressed, so they are stored as they are."""
    for name, data in files:
        info = zipfile.ZipInfo(name, ZIP_DATE)
        info.compress_type = (zipfile.ZIP_STORED if name.endswith((".docx", ".pdf"))
                              else zipfile.ZIP_DEFLATED)
        info.external_attr = 0o644 << 16
        zf.writestr(info, data)


def zip_batch(target: io.BufferedIOBase | Path, recipients: Sequence[Recipient],
              made: Sequence[Made], refused: Sequence[Problem],
              warnings: Sequence[Problem] = ()) -> None:
    """The batch's ZIP: every file made, in the list's order, then the summary."""
    with zipfile.ZipFile(target, "w") as zf:
        for m in made:
            write_entries(zf, m.files)
        write_entries(zf, [(SUMMARY_NAME, summary_csv(recipients, made, refused, warnings))])
