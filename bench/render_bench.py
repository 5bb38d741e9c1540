"""Benchmark: docgen.render against plain docxtpl on the same template, same run.

    python bench/render_bench.py [--kind coordination_letter] [--rounds 60]

Plain docxtpl gets the same context and filters in an ordinary (non-sandboxed) Jinja
environment and saves to memory, as an application using docxtpl directly would. The rounds
alternate between the two so that machine noise falls on both. Prints medians and the ratio
docgen / plain (the goal is at most 1.2).
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import time

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from docgen import idformat
from docgen.catalog import get_kind
from docgen.context import build_context
from docgen.example import example_study
from docgen.render import TEMPLATE_DIR, logo_bytes, render


def plain_docxtpl(study, kind, env) -> bytes:
    tpl = DocxTemplate(str(TEMPLATE_DIR / kind.template))
    tpl.init_docx()
    context = build_context(study, kind, item=0 if kind.fan_out != "none" else None)
    context["logo"] = InlineImage(tpl, io.BytesIO(logo_bytes(study.office.logo)), height=Mm(22))
    tpl.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", default="coordination_letter")
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    study = example_study()
    kind = get_kind(args.kind)
    env = jinja2.Environment()
    env.filters.update(idformat.FILTERS)
    for _ in range(5):  # warm up both paths
        render(study, kind)
        plain_docxtpl(study, kind, env)
    docgen_times, plain_times = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        render(study, kind)
        t1 = time.perf_counter()
        plain_docxtpl(study, kind, env)
        t2 = time.perf_counter()
        docgen_times.append(t1 - t0)
        plain_times.append(t2 - t1)
    d, p = statistics.median(docgen_times), statistics.median(plain_times)
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}")
    print(f"template: {kind.template}, rounds: {args.rounds}")
    print(f"docgen.render  median {d * 1000:7.2f} ms")
    print(f"plain docxtpl  median {p * 1000:7.2f} ms")
    print(f"ratio docgen/plain: {d / p:.2f}")


if __name__ == "__main__":
    main()
