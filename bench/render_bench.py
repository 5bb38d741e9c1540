"""Benchmark: docgen's render against plain docxtpl on the same template and context, same run.

    python bench/render_bench.py [--rounds 60] [--letters 1500] [--quick]

Four figures, each with its median, 90th percentile and the ratio to plain docxtpl:

1. the one-page coordination letter (goal: median <= 2 ms, at least 15x faster);
2. the same letter in a template as Word saves it (goal: <= 3 ms). Word writes its full
   styles part (about 350 KB, every built-in style and latent style), a styles-with-effects
   part, theme, font table, numbering, web settings, custom XML and a thumbnail. The bench
   builds that package from python-docx's default document, which Word made and which carries
   all of those parts: the letter's body, headers, relationships and its own styles are put
   into it (the letter's styles replace Word's styles of the same id), so the text is the
   same and only the package is Word's;
3. the budget sheet (RAB) with 200 lines (goal: <= 6 ms);
4. letters per second made by two processes at once (goal: >= 1,000), each rendering the
   coordination letter from the study to the DOCX bytes.

Plain docxtpl gets the same study, the same context (docgen's build_context) and filters, the
same logo, in an ordinary (non-sandboxed) Jinja environment, and saves to memory, as an
application using docxtpl directly would. Rounds alternate between the two so that machine
noise falls on both. docgen's time is render_document from the study to the bytes, as the web
and the CLI call it (the compiled path: :mod:`docgen.compiled`). The machine (CPU model,
cores) and its load average before and after are printed: the figures mean little on a
loaded machine.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import multiprocessing
import os
import platform
import statistics
import sys
import time
import zipfile
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docgen import idformat  # noqa: E402
from docgen.catalog import get_kind  # noqa: E402
from docgen.context import build_context  # noqa: E402
from docgen.example import example_data, example_study  # noqa: E402
from docgen.render import TEMPLATE_DIR, TemplateSource, logo_bytes, render_document  # noqa: E402
from docgen.study import Study  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ---------------------------------------------------------------------------
# The inputs


def word_saved(template: bytes) -> bytes:
    """`template` as Word saves it: inside python-docx's default package (Word's styles,
    styles with effects, theme, font table, numbering, settings, custom XML, thumbnail), with
    the template's own parts and styles (see the module's doc)."""
    import docx

    default = io.BytesIO()
    docx.Document().save(default)
    with zipfile.ZipFile(default) as zf:
        word = {name: zf.read(name) for name in zf.namelist()}
    with zipfile.ZipFile(io.BytesIO(template)) as zf:
        ours = {name: zf.read(name) for name in zf.namelist()}
    styles = etree.fromstring(word["word/styles.xml"])
    own = etree.fromstring(ours["word/styles.xml"])
    ids = {s.get(W + "styleId") for s in own.iter(W + "style")}
    for style in list(styles.iter(W + "style")):
        if style.get(W + "styleId") in ids:
            styles.remove(style)
    defaults = own.find(W + "docDefaults")
    if defaults is not None:
        styles.replace(styles.find(W + "docDefaults"), copy.deepcopy(defaults))
    for style in own.iter(W + "style"):
        styles.append(copy.deepcopy(style))
    out = dict(ours)
    out["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)
    rels = etree.fromstring(ours["word/_rels/document.xml.rels"])
    word_rels = etree.fromstring(word["word/_rels/document.xml.rels"])
    types = ours["[Content_Types].xml"].decode()
    word_types = word["[Content_Types].xml"].decode()
    taken = {r.get("Id") for r in rels}
    for rel in word_rels:
        target = rel.get("Target")
        if "word/" + target in ours or target.startswith("../"):
            continue
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel.set("Id", f"rId{number}")
        taken.add(f"rId{number}")
        rels.append(copy.deepcopy(rel))
        name = "word/" + target
        out[name] = word[name]
        for extra in (f"word/_rels/{target}.rels",):
            if extra in word:
                out[extra] = word[extra]
        override = f'<Override PartName="/{name}"'
        at = word_types.find(override)
        if at >= 0 and override not in types:
            types = types.replace("</Types>", word_types[at:word_types.index("/>", at) + 2]
                                  + "</Types>")
    for name in word:  # custom XML the numbering or settings point at
        if name.startswith("customXml/") and name not in out:
            out[name] = word[name]
            override = f'<Override PartName="/{name}"'
            at = word_types.find(override)
            if at >= 0:
                types = types.replace("</Types>", word_types[at:word_types.index("/>", at) + 2]
                                      + "</Types>")
    out["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    out["[Content_Types].xml"] = types.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", out.pop("[Content_Types].xml"))
        for name, blob in out.items():
            zf.writestr(name, blob)
    return buffer.getvalue()


def rab_study(lines: int = 200) -> Study:
    """The example study with a budget of `lines` lines (the example's six, varied)."""
    data = example_data()
    base = data["plan"]["budget"]
    budget = []
    for i in range(lines):
        line = {k: v for k, v in base[i % len(base)].items() if k != "realized"}
        line["description"] = f"{line['description']} (rincian {i + 1})"
        line["volume"] = 1 + i % 7
        line["amount"] = line["volume"] * line["unit_price"]
        budget.append(line)
    data["plan"]["budget"] = budget
    return Study.model_validate(data)


# ---------------------------------------------------------------------------
# The two renders


def plain_docxtpl(study: Study, kind, data: bytes, env: jinja2.Environment) -> bytes:  # noqa: ANN001
    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    context = build_context(study, kind, item=0 if kind.fan_out != "none" else None)
    context["logo"] = InlineImage(tpl, io.BytesIO(logo_bytes(study.office.logo)), height=Mm(22))
    tpl.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def docgen(study: Study, kind, source: TemplateSource | None) -> bytes:  # noqa: ANN001
    return render_document(study, kind, template=source).data


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figure(label: str, study: Study, kind_id: str, data: bytes, rounds: int,
           goal_ms: float, goal_ratio: float | None = None) -> dict:
    kind = get_kind(kind_id)
    source = TemplateSource(None, data, hashlib.sha256(data).hexdigest(), version=0)
    env = jinja2.Environment()
    env.filters.update(idformat.FILTERS)
    for _ in range(5):  # warm up both paths (the compiled path compiles once here)
        docgen(study, kind, source)
        plain_docxtpl(study, kind, data, env)
    ours, plain, ours_cpu, plain_cpu = [], [], [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        docgen(study, kind, source)
        t1, c1 = time.perf_counter(), time.process_time()
        plain_docxtpl(study, kind, data, env)
        t2, c2 = time.perf_counter(), time.process_time()
        ours.append(t1 - t0)
        plain.append(t2 - t1)
        ours_cpu.append(c1 - c0)
        plain_cpu.append(c2 - c1)
    print(f"{label}")
    verdicts = []
    for clock, a, b in (("wall", ours, plain), ("cpu", ours_cpu, plain_cpu)):
        d, p = statistics.median(a), statistics.median(b)
        ratio = p / d
        met = d * 1000 <= goal_ms and (goal_ratio is None or ratio >= goal_ratio)
        verdicts.append(met)
        print(f"  {clock:4} docgen        median {d * 1000:7.2f} ms   "
              f"p90 {_percentile(a, .9) * 1000:7.2f} ms")
        print(f"  {clock:4} plain docxtpl median {p * 1000:7.2f} ms   "
              f"p90 {_percentile(b, .9) * 1000:7.2f} ms")
        goal = f"<= {goal_ms:g} ms" + (f", >= {goal_ratio:g}x" if goal_ratio else "")
        print(f"  {clock:4} docgen is {ratio:.1f}x faster (goal {goal}: "
              f"{'met' if met else 'NOT met'})")
    return {"label": label, "met": verdicts[0], "met_cpu": verdicts[1]}


# ---------------------------------------------------------------------------
# Throughput on two processes


def _worker(path: str, count: int, barrier, results) -> None:  # noqa: ANN001
    study = example_study()
    kind = get_kind("coordination_letter")
    data = (TEMPLATE_DIR / kind.template).read_bytes()
    env = jinja2.Environment()
    env.filters.update(idformat.FILTERS)
    work = ((lambda: docgen(study, kind, None)) if path == "docgen"
            else (lambda: plain_docxtpl(study, kind, data, env)))
    for _ in range(10):
        work()
    barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        work()
    results.put((start, time.perf_counter(), time.process_time() - cpu))


def throughput(path: str, count: int, processes: int = 2) -> tuple[float, float]:
    """Documents per second of wall time made by `processes` processes together, and per
    second of CPU time of one process times `processes` (what the same processes make
    when each has a core to itself)."""
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(path, count, barrier, results))
               for _ in range(processes)]
    for w in workers:
        w.start()
    spans = [results.get() for _ in workers]
    for w in workers:
        w.join()
    wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    cpu = max(used for _, _, used in spans)
    return processes * count / wall, processes * count / cpu


# ---------------------------------------------------------------------------


def cpu_model() -> str:
    """The processor's name as /proc/cpuinfo gives it (else what platform knows)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    return (f"{cpu_model()}, {os.cpu_count()} cores, python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--letters", type=int, default=1500,
                        help="letters each of the two processes makes")
    parser.add_argument("--quick", action="store_true", help="few rounds (a smoke run)")
    args = parser.parse_args()
    rounds, letters = (5, 50) if args.quick else (args.rounds, args.letters)
    print(f"machine: {machine()}")
    print(f"load average before: {load()}")
    letter = (TEMPLATE_DIR / get_kind("coordination_letter").template).read_bytes()
    rab = (TEMPLATE_DIR / get_kind("rab").template).read_bytes()
    word = word_saved(letter)
    print(f"templates: letter {len(letter):,} B, as Word saves it {len(word):,} B "
          f"(styles part {len(zipfile.ZipFile(io.BytesIO(word)).read('word/styles.xml')):,} B), "
          f"rounds: {rounds}")
    study = example_study()
    results = [
        figure("1. coordination letter (one page)", study, "coordination_letter", letter,
               rounds, 2, 15),
        figure("2. the same letter, template as Word saves it", study, "coordination_letter",
               word, rounds, 3),
        figure("3. RAB with 200 lines", rab_study(200), "rab", rab, rounds, 6),
    ]
    ours, ours_cpu = throughput("docgen", letters)
    plain, plain_cpu = throughput("plain", max(20, letters // 20))
    print("4. coordination letters on two processes")
    met = []
    for clock, a, b in (("wall", ours, plain), ("cpu", ours_cpu, plain_cpu)):
        met.append(a >= 1000)
        print(f"  {clock:4} docgen        {a:8.0f} letters/s")
        print(f"  {clock:4} plain docxtpl {b:8.0f} letters/s")
        print(f"  {clock:4} docgen makes {a / b:.1f}x as many (goal >= 1,000/s: "
              f"{'met' if a >= 1000 else 'NOT met'})")
    print(f"load average after: {load()}")
    print("wall: elapsed time; cpu: the process's own CPU time, which is what the wall time "
          "is on an idle machine (on a loaded one, wall time includes waiting for a core)")
    if not (met[0] and all(r["met"] for r in results)):
        print("some goal was not met in wall time on this run")


if __name__ == "__main__":
    main()
