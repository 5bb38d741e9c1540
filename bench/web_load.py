"""Load benchmark of the web service: simulated office users against ``docgen serve``.

    python bench/web_load.py [--users 20] [--run-time 60s] [--threads 8] [--think 1-2]
                             [--zip-every 5] [--no-cache] [--py-spy FILE] [--csv-dir DIR]
                             [--markdown FILE]

Makes a temporary DOCGEN_HOME with the demo office, one staff account per simulated user
and the complete example study (every document ready, so its ZIP is the largest one an
office makes), starts the real server (``docgen serve --demo``: waitress) on a free port as
a subprocess, then runs Locust headless against it with ``bench/web_load_locustfile.py``:
each user signs in with its own account and cookie jar and loops over the dashboard, the
study's overview, a stage page, the documents page and, every N-th round, the ZIP.

Prints the figures per request type (count, failures, median, p95, p99, max) with Locust's
own percentiles, the server's CPU use, the machine, and whether the goals are met
(page views p95 < 150 ms, the ZIP p95 < 1.5 s). Needs ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LOCUSTFILE = Path(__file__).resolve().parent / "web_load_locustfile.py"
PAGE_GOAL_MS = 150
ZIP_GOAL_MS = 1500
ZIP_NAME = "documents ZIP"
PAGES = ("dashboard", "study overview", "stage page", "documents page")


def prepare(home: Path, users: int) -> dict:
    """The demo data, `users` staff accounts and the complete example study in `home`."""
    from sqlalchemy import select

    from docgen.example import example_study
    from docgen.store import Office, Store, StudyRecord, User
    from docgen.store.demo import DEMO_OFFICE, seed_demo

    store = Store(None, home)
    store.upgrade()
    accounts = []
    with store.transaction() as session:
        seed_demo(session, home)
        office = session.scalar(select(Office).where(Office.name == DEMO_OFFICE))
        first = None
        for number in range(1, users + 1):
            email = f"staf{number:02d}@beban.contoh.go.id"
            password = secrets.token_urlsafe(12)
            user = User(office=office, email=email, name=f"Staf Uji {number:02d}",
                        role="staff")
            user.set_password(password)
            session.add(user)
            first = first or user
            accounts.append([email, password])
        record = StudyRecord(office=office, data=example_study(), created_by=first,
                             updated_by=first)
        session.add(record)
        session.flush()
        study_id = record.id
    store.dispose()
    return {"study_id": study_id, "users": accounts}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def docgen_command() -> list[str]:
    script = Path(sys.executable).with_name("docgen")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from docgen.cli import main; main()"]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux), 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used (Linux), 0 elsewhere."""
    try:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def read_stats(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def report(rows: list[dict[str, str]], sign_in: dict[str, dict], args: argparse.Namespace,
           command: str, cpu: dict[str, float], elapsed: float) -> tuple[str, bool]:
    lines = [
        f"Machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"Tool: Locust {version('locust')}; server: docgen serve (waitress "
        f"{version('waitress')}, {args.threads} threads), SQLite in a temporary DOCGEN_HOME"
        + ("; cache of made documents off" if args.no_cache else ""),
        f"Run: {args.users} users, think time {args.think} s between page views, ZIP every "
        f"{args.zip_every} rounds, {args.run_time}",
        f"Command: `{command}`",
        f"CPU in {elapsed:.0f} s: server {cpu['server']:.1f} s, Locust {cpu['locust']:.1f} s, "
        f"other processes {max(0.0, cpu['machine'] - cpu['server'] - cpu['locust']):.1f} s "
        f"(of {elapsed * (os.cpu_count() or 1):.0f} s on {os.cpu_count()} CPUs); "
        f"load average at the end {cpu['load']:.2f}",
        "",
        "| request | count | failures | req/s | median ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    met = True
    for row in rows:
        name = row["Name"]
        if not int(row["Request Count"]) and name not in PAGES + (ZIP_NAME,):
            continue
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} |")
        p95 = float(row["95%"]) if row["95%"] not in ("", "N/A") else float("inf")
        if name in PAGES and p95 >= PAGE_GOAL_MS or name == ZIP_NAME and p95 >= ZIP_GOAL_MS:
            met = False
        if name in PAGES + (ZIP_NAME,) and int(row["Failure Count"]):
            met = False
    if sign_in:
        lines += ["", f"Sign-in burst ({args.users} users at once, before the figures above):",
                  "", "| request | count | failures | median ms | p95 ms | p99 ms | max ms |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name, f in sign_in.items():
            lines.append(f"| {name} | {f['count']} | {f['failures']} | {f['p50']:.0f} | "
                         f"{f['p95']:.0f} | {f['p99']:.0f} | {f['max']:.0f} |")
            if f["failures"] or f["count"] < args.users:
                met = False
    lines += ["", f"Goals (page views p95 < {PAGE_GOAL_MS} ms, ZIP p95 < {ZIP_GOAL_MS} ms, "
              f"every user signed in, no failures): {'met' if met else 'NOT met'}"]
    return "\n".join(lines), met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--threads", type=int, default=8,
                        help="waitress threads of the server (docgen serve --threads)")
    parser.add_argument("--think", default="1-2",
                        help="seconds a user waits between page views: '1-2' or '0'")
    parser.add_argument("--zip-every", type=int, default=5)
    parser.add_argument("--no-cache", action="store_true",
                        help="serve without the cache of made documents (for comparison)")
    parser.add_argument("--py-spy", type=Path, metavar="FILE",
                        help="also sample the server with py-spy during the run and write "
                             "its collapsed stacks to FILE (pip install py-spy)")
    parser.add_argument("--csv-dir", type=Path, help="keep Locust's CSV files here")
    parser.add_argument("--markdown", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) \
        or shutil.which("locust")
    if locust is None:
        parser.error("Locust is not installed: pip install -e '.[bench]'")

    command = " ".join(["python bench/web_load.py", *sys.argv[1:]])
    with tempfile.TemporaryDirectory(prefix="docgen-load-") as tmp:
        tmp_path = Path(tmp)
        home = tmp_path / "home"
        setup = prepare(home, args.users)
        users_file = tmp_path / "users.json"
        users_file.write_text(json.dumps(setup), encoding="utf-8")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DOCGEN_HOME": str(home), "DOCGEN_BEHIND_PROXY": "1"}
        env.pop("DATABASE_URL", None)
        if args.no_cache:
            env["DOCGEN_RENDER_CACHE_MB"] = "0"
        server = subprocess.Popen(
            [*docgen_command(), "serve", "--demo", "--host", "127.0.0.1", "--port", str(port),
             "--threads", str(args.threads)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_until_up(base + "/login", server)
            csv_dir = args.csv_dir or tmp_path
            csv_dir.mkdir(parents=True, exist_ok=True)
            prefix = csv_dir / "web_load"
            sign_in_file = tmp_path / "sign-in.json"
            load_env = {**os.environ, "DOCGEN_LOAD_USERS": str(users_file),
                        "DOCGEN_LOAD_SIGN_IN": str(sign_in_file),
                        "DOCGEN_LOAD_THINK": args.think,
                        "DOCGEN_LOAD_ZIP_EVERY": str(args.zip_every)}
            spy = None
            if args.py_spy:
                py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) \
                    or shutil.which("py-spy") or "py-spy"
                spy = subprocess.Popen(
                    [py_spy, "record", "--pid", str(server.pid), "--format", "raw",
                     "--output", str(args.py_spy), "--rate", "200", "--nonblocking"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cpu_before, started = cpu_seconds(server.pid), time.monotonic()
            machine_before, locust_before = machine_busy_seconds(), children_cpu_seconds()
            subprocess.run(
                [locust, "-f", str(LOCUSTFILE), "--headless", "--host", base,
                 "--users", str(args.users), "--spawn-rate", str(args.users),
                 "--run-time", args.run_time, "--csv", str(prefix), "--csv-full-history",
                 "--only-summary",
                 "--loglevel", "WARNING"],
                env=load_env, check=False)
            elapsed = time.monotonic() - started
            server_cpu = cpu_seconds(server.pid) - cpu_before
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            cpu = {"server": server_cpu, "locust": children_cpu_seconds() - locust_before,
                   "machine": machine_busy_seconds() - machine_before,
                   "load": os.getloadavg()[0]}
        finally:
            server.terminate()
            try:
                _, errors = server.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                _, errors = server.communicate()
        if errors and "Traceback" in errors:
            print(errors, file=sys.stderr)
        rows = read_stats(Path(f"{prefix}_stats.csv"))
        sign_in = json.loads(sign_in_file.read_text()) if sign_in_file.exists() else {}
    text, met = report(rows, sign_in, args, command, cpu, elapsed)
    print()
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
