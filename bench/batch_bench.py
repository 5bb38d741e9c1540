"""Benchmark: a batch of invitations (``docgen batch``) against plain docxtpl, same run.

    python bench/batch_bench.py [--count 1000] [--processes 2] [--plain N] [--rounds 3]

The batch is what ``docgen batch STUDY --recipients SHEET --out OUT.zip`` does: the sheet
read, the document prepared once, one letter rendered per recipient by ``--processes``
processes and everything zipped. It is timed in this process (the best of ``--rounds``),
and once more as the command itself, interpreter start included.

Plain docxtpl renders the same invitation template with the same context for each recipient
in an ordinary (non-sandboxed) Jinja environment and saves each to memory, one process, as
an application using docxtpl directly would; with ``--plain N`` only N renders are timed
and the time for ``--count`` is extrapolated. Goal (issue "Fast at any size"): 1,000 letters
zipped in under 3 s on two cores, at most 0.1x the time of 1,000 plain docxtpl renders.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from openpyxl import Workbook

from docgen import batch, idformat
from docgen.catalog import get_kind
from docgen.context import build_context
from docgen.example import example_data, example_study
from docgen.recipients import read_recipients
from docgen.render import TEMPLATE_DIR, logo_bytes


def sheet(count: int, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Penerima"
    ws.append(["DAFTAR PENERIMA UNDANGAN DISEMINASI"])
    ws.append([])
    ws.append(["No", "Jabatan", "Instansi", "Alamat", "Kota", "Nama", "Surel"])
    for i in range(1, count + 1):
        ws.append([i, "Kepala Desa", f"Desa Sukamaju {i}", f"Jl. Kaliurang Km {i % 30 + 1}",
                   "Sleman", f"Budi Santoso {i}", f"desa{i}@slemankab.go.id"])
    wb.save(path)


def run_batch(study, recipients_file: Path, out: Path, processes: int) -> float:
    """What the command does after parsing its options."""
    started = time.perf_counter()
    recipients = read_recipients(recipients_file)
    prepared = batch.prepare(study, get_kind("invitation"), recipients.recipients)
    made = batch.render_all(prepared, recipients.recipients, processes=processes)
    batch.zip_batch(out, recipients.recipients, made, recipients.refused, recipients.warnings)
    return time.perf_counter() - started


def plain_docxtpl(study, recipients, count: int) -> float:
    """`count` plain docxtpl renders of the invitation, one per recipient."""
    kind = get_kind("invitation")
    made_for, item = batch.batch_study(study, kind, recipients)
    env = jinja2.Environment()
    env.filters.update(idformat.FILTERS)
    base = build_context(made_for, kind, item=item)
    logo = logo_bytes(study.office.logo)
    started = time.perf_counter()
    for recipient in recipients[:count]:
        tpl = DocxTemplate(str(TEMPLATE_DIR / kind.template))
        tpl.init_docx()
        context = {**base, "invitee": recipient.invitee,
                   "logo": InlineImage(tpl, io.BytesIO(logo), height=Mm(22)), "qr": ""}
        tpl.render(context, jinja_env=env, autoescape=True)
        tpl.save(io.BytesIO())
    return time.perf_counter() - started


def machine() -> str:
    from render_bench import cpu_model  # beside this file

    model = cpu_model()
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return (f"{model}, {os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
            f"python {platform.python_version()}, render path "
            f"{os.environ.get('DOCGEN_RENDER_PATH', '(default)')}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--plain", type=int, default=None,
                        help="plain docxtpl renders to time (default: --count)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    study = example_study()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        recipients_file = folder / "penerima.xlsx"
        sheet(args.count, recipients_file)
        study_file = folder / "studi.json"
        study_file.write_text(json.dumps(example_data()), encoding="utf-8")
        print(f"machine: {machine()}")
        recipients = read_recipients(recipients_file).recipients
        run_batch(study, recipients_file, folder / "warm.zip", args.processes)  # warm up
        times = [run_batch(study, recipients_file, folder / f"out{i}.zip", args.processes)
                 for i in range(args.rounds)]
        best = min(times)
        size = (folder / "out0.zip").stat().st_size
        env = {**os.environ, "DOCGEN_HOME": str(folder / "home")}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "docgen.cli", "batch", str(study_file),
                        "--recipients", str(recipients_file), "--out", str(folder / "cli.zip"),
                        "--processes", str(args.processes)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        command = time.perf_counter() - started
        plain_count = min(args.plain or args.count, len(recipients))
        plain_docxtpl(study, recipients, 3)  # warm up
        plain = plain_docxtpl(study, recipients, plain_count) * args.count / plain_count
        print(f"letters: {args.count}, processes: {args.processes}, ZIP {size / 2**20:.1f} MB")
        print(f"docgen batch (in process, best of {args.rounds}) {best:7.2f} s   "
              f"({best / args.count * 1000:.2f} ms a letter; rounds "
              f"{', '.join(f'{t:.2f}' for t in times)})")
        print(f"docgen batch (the command, start included) {command:7.2f} s")
        label = "" if plain_count == args.count else f" (from {plain_count}, extrapolated)"
        print(f"plain docxtpl x {args.count}{label}      {plain:7.2f} s   "
              f"({plain / args.count * 1000:.2f} ms a letter)")
        print(f"ratio batch/plain: {best / plain:.3f} (in process), {command / plain:.3f} "
              f"(command); goal <= 0.1 and < 3 s")
        print(f"machine at the end: {machine()}")


if __name__ == "__main__":
    main()
