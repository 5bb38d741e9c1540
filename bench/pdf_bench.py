"""Benchmark: the warm LibreOffice pool against one cold ``soffice`` per document, same run.

    python bench/pdf_bench.py [--kind nota_dinas] [--rounds 3] [--warm 40] [--cold 3]
                              [--workers 2]

The same one-page letter is converted over and over. Each round first converts it `--cold`
times with a cold ``soffice --convert-to pdf`` (a new process and a fresh profile per
document, one after the other: what docgen did before the pool), then `--warm` times
through the warm pool with as many callers at once as the pool has workers. Alternating the
two spreads machine noise over both. Every PDF is checked (one page; the pool's are PDF/A-2b).

Prints the median time per document, the letters per second of each and their ratio. The
goals: at least 5 letters/s warm, and at least 10 times the cold throughput.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from docgen.example import example_study  # noqa: E402
from docgen.pdf import cold_docx_to_pdf, pdfa_identification  # noqa: E402
from docgen.pdfpool import PdfPool  # noqa: E402
from docgen.render import render  # noqa: E402

GOAL_RATE = 5.0
GOAL_RATIO = 10.0


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _timed(convert, data: bytes) -> tuple[float, bytes]:  # noqa: ANN001
    start = time.perf_counter()
    pdf = convert(data)
    return time.perf_counter() - start, pdf


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", default="nota_dinas", help="a kind that renders one page")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm", type=int, default=40, help="warm conversions per round")
    parser.add_argument("--cold", type=int, default=3, help="cold conversions per round")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    letter = render(example_study(), args.kind)
    started = time.perf_counter()
    pool = PdfPool(args.workers).start(wait=True)
    with ThreadPoolExecutor(args.workers) as executor:  # every worker up, each warmed once
        list(executor.map(pool.convert, [letter] * args.workers * 2))
    start_seconds = time.perf_counter() - started
    probe = pool.convert(letter)
    if _pages(probe) != 1 or pdfa_identification(probe) != (2, "B"):
        raise SystemExit(f"{args.kind} is not a one-page PDF/A-2b letter")

    def cold(data: bytes) -> bytes:
        return cold_docx_to_pdf(data, pdfa=False)

    cold_times: list[float] = []
    warm_times: list[float] = []
    cold_wall = warm_wall = 0.0
    try:
        with ThreadPoolExecutor(args.workers) as executor:
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                for _ in range(args.cold):
                    seconds, pdf = _timed(cold, letter)
                    assert _pages(pdf) == 1
                    cold_times.append(seconds)
                t1 = time.perf_counter()
                results = list(executor.map(lambda d: _timed(pool.convert, d),
                                            [letter] * args.warm))
                t2 = time.perf_counter()
                cold_wall += t1 - t0
                warm_wall += t2 - t1
                for seconds, pdf in results:
                    assert _pages(pdf) == 1 and pdfa_identification(pdf) == (2, "B")
                    warm_times.append(seconds)
    finally:
        rss = pool.office_memory_mb()
        restarts = pool.restarts
        pool.close()

    cold_rate = len(cold_times) / cold_wall
    warm_rate = len(warm_times) / warm_wall
    ratio = warm_rate / cold_rate
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, "
          f"python {platform.python_version()}, load average {load:.2f}")
    print(f"letter: {args.kind} (1 page), rounds: {args.rounds}, "
          f"pool: {args.workers} workers started in {start_seconds:.1f} s")
    print(f"cold soffice --convert-to pdf  {len(cold_times):4d} docs  "
          f"median {statistics.median(cold_times) * 1000:7.0f} ms/doc  {cold_rate:6.2f} letters/s")
    print(f"warm pool (PDF/A-2b)           {len(warm_times):4d} docs  "
          f"median {statistics.median(warm_times) * 1000:7.0f} ms/doc  {warm_rate:6.2f} letters/s")
    print(f"ratio warm/cold throughput: {ratio:.1f}x")
    print(f"office memory after the run: {', '.join(f'{r:.0f} MiB' for r in rss)}; "
          f"restarts: {restarts}")
    met = warm_rate >= GOAL_RATE and ratio >= GOAL_RATIO
    print(f"goals (>= {GOAL_RATE:g} letters/s, >= {GOAL_RATIO:g}x cold): "
          f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
