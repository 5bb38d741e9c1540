"""Benchmark: reading and checking a 10,000-line budget against a bare openpyxl pass.

    python bench/budget_bench.py [--lines 10000] [--rounds 7] [--keep FILE]

The workbook has a title block, sections with subtotals, a total row, Rupiah formats and a
live formula on every line; it is saved by LibreOffice when ``soffice`` is available (so the
formula results are cached, as in an office's file), else written with the results as plain
numbers. Each round times, on the same file and alternately:

* bare: ``openpyxl.load_workbook(read_only=True, data_only=True)`` and one pass over every
  row's values, which is the least any reader must do;
* docgen: :func:`docgen.budget.read_budget` (safety gate, values read by calamine, header
  search, every line parsed, every check including the standard cost caps).

Prints the machine (platform, processor, CPU count, load), the medians over the rounds of
wall-clock time and of this process's CPU time (steadier when other work shares the
machine), the ratio docgen / bare (the limit: below 1.2; the aim: below 0.5) and the peak
memory of each, measured with tracemalloc in a separate run. The budget is over the
1,000-line limit of a study, so its one error is that limit; every line is still read and
checked.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docgen.budget import BudgetContext, read_budget  # noqa: E402

SECTIONS = [
    ("Uang Harian", "Uang harian luar kota Provinsi Jawa Timur pegawai {n}", "OH", 410000),
    ("Biaya Penginapan", "Penginapan golongan III pegawai {n}", "OH", 814000),
    ("Tiket/Transport", "Tiket pesawat Yogyakarta - Surabaya PP pegawai {n}", "orang", 2100000),
    ("Transport Lokal", "Taksi bandara pegawai {n}", "kali", 150000),
]


def build(lines: int, formulas: bool) -> bytes:
    """A budget of ``lines`` lines in four sections, written in write-only mode."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("RAB")
    ws.append(["RENCANA ANGGARAN BIAYA STUDI BANDING"])
    ws.append(["Tahun Anggaran 2026"])
    ws.append([])
    ws.append(["No", "Uraian", "Volume", "Satuan", "Harga Satuan (Rp)", "Jumlah (Rp)",
               "Kode Rekening", "Keterangan"])
    row = 5
    per_section = lines // len(SECTIONS)
    subtotals = []
    for index, (title, text, unit, price) in enumerate(SECTIONS):
        ws.append(["ABCD"[index], title])
        row += 1
        first = row
        count = per_section if index < len(SECTIONS) - 1 else lines - per_section * 3
        for number in range(1, count + 1):
            volume = 2 + number % 5
            amount = f"=C{row}*E{row}" if formulas else volume * price
            ws.append([number, text.format(n=number), volume, unit, price, amount,
                       "5.1.02.04.01.0001", None])
            row += 1
        total = f"=SUM(F{first}:F{row - 1})" if formulas else sum(
            (2 + n % 5) * price for n in range(1, count + 1))
        ws.append([f"Jumlah {'ABCD'[index]}", None, None, None, None, total])
        subtotals.append((f"F{row}", total))
        row += 1
    grand = ("=" + "+".join(c for c, _t in subtotals)) if formulas else sum(
        t for _c, t in subtotals)
    ws.append(["JUMLAH TOTAL", None, None, None, None, grand])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def through_libreoffice(data: bytes) -> bytes | None:
    """The workbook as LibreOffice saves it (formulas computed and cached)."""
    if shutil.which("soffice") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        (work / "in" / "rab.xlsx").write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                        "--outdir", str(work / "out"), str(work / "in" / "rab.xlsx")],
                       check=True, capture_output=True, timeout=600)
        return (work / "out" / "rab.xlsx").read_bytes()


def bare(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            count += 1
    wb.close()
    return count


def docgen(path: Path) -> int:
    parsed = read_budget(path, BudgetContext(year=2026))
    unexpected = [p for p in parsed.errors if p.code != "budget_too_many_lines"]
    if unexpected or not parsed.lines:
        raise SystemExit("the bench budget should read without errors: "
                         + "; ".join(p.line("en") for p in unexpected[:5]))
    return len(parsed.lines)


def peak(function, path: Path) -> float:  # noqa: ANN001
    tracemalloc.start()
    function(path)
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Also save the workbook here.")
    args = parser.parse_args()
    data = through_libreoffice(build(args.lines, formulas=True))
    producer = "LibreOffice"
    if data is None:
        data, producer = build(args.lines, formulas=False), "openpyxl (values)"
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        path = Path(tmp) / "rab.xlsx"
        path.write_bytes(data)
        if args.keep:
            args.keep.write_bytes(data)
        lines = docgen(path)
        bare(path)
        wall: dict[str, list[float]] = {"bare": [], "docgen": []}
        cpu: dict[str, list[float]] = {"bare": [], "docgen": []}
        for _ in range(args.rounds):
            for name, function in (("bare", bare), ("docgen", docgen)):
                w0, c0 = time.perf_counter(), time.process_time()
                function(path)
                wall[name].append(time.perf_counter() - w0)
                cpu[name].append(time.process_time() - c0)
        bare_peak, docgen_peak = peak(bare, path), peak(docgen, path)
    d, b = statistics.median(wall["docgen"]), statistics.median(wall["bare"])
    dc, bc = statistics.median(cpu["docgen"]), statistics.median(cpu["bare"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, load {load:.2f}; python {platform.python_version()}")
    print(f"workbook: {lines} lines, {len(data) / 1024:.0f} KiB, saved by {producer}; "
          f"rounds: {args.rounds}")
    print(f"bare openpyxl read-only pass  median {b * 1000:7.1f} ms (cpu {bc * 1000:7.1f} ms)  "
          f"peak {bare_peak:5.1f} MiB")
    print(f"docgen read_budget + checks   median {d * 1000:7.1f} ms (cpu {dc * 1000:7.1f} ms)  "
          f"peak {docgen_peak:5.1f} MiB")
    ratio = d / b
    verdict = "within the aim" if ratio < 0.5 else "within the limit" if ratio < 1.2 else "OVER"
    print(f"ratio docgen/bare (median): {ratio:.2f} wall, {dc / bc:.2f} cpu "
          f"(limit < 1.2, aim < 0.5: {verdict}); docgen under 2 s: {d < 2.0}")


if __name__ == "__main__":
    main()
