"""Start-up of the built app: the bundle and the installed .deb, next to the
venv install and the bare-window floor.

Run on purpose, after packaging/build.sh (and, for the installed column,
`apt-get install ./dist/refdesk_X.Y.Z_amd64.deb`):
    python tests/benchmarks/bench_bundle_startup.py [--contacts 10000] [--runs 7]

Same method as bench_startup.py: fresh processes, launched alternately, timed
from launch to the wall-clock time each prints at its first paint (warm
starts: the book's saved board is exact), medians and ratios to a bare
PySide6 window (bare_window.py) launched before each start. The bundle and
the package run under `env -i` with only PATH, HOME and QT_QPA_PLATFORM, as
a user's menu would start them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, dict]:
    """(ms from launch to first paint, the process's JSON report)."""
    start = time.time()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{cmd} failed: {result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return (report["first_paint_at"] - start) * 1000, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "refdesk" / "refdesk")
    parser.add_argument("--installed", default="/usr/bin/refdesk")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="refdesk-bench-"))
    venv_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REFDESK_DATA_DIR": str(work),
                "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    venv_env.pop("PYTHONDONTWRITEBYTECODE", None)
    # What a desktop menu gives: no venv, no PYTHON* variables.
    bare_env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "QT_QPA_PLATFORM": "offscreen",
                "REFDESK_DATA_DIR": str(work)}
    book = work / "bench.refdesk"
    from refdesk.demo import write_demo_book

    write_demo_book(book, args.contacts, seed=1, as_of=dt.date(2026, 11, 22))
    smoke = ["--smoke-test", "--db", str(book)]
    starts = {"venv (python -m refdesk)": ([sys.executable, "-m", "refdesk", *smoke], venv_env)}
    if args.bundle.is_file():
        starts["bundle (dist/refdesk)"] = ([str(args.bundle), *smoke], bare_env)
    if shutil.which(args.installed):
        starts[f"installed ({args.installed})"] = ([args.installed, *smoke], bare_env)
    bare_cmd = [sys.executable, str(HERE / "bare_window.py"), str(args.contacts)]
    for cmd, env in [*starts.values(), (bare_cmd, venv_env)]:
        timed(cmd, env)  # warm the file and bytecode caches, and the book's saved board
    times: dict[str, list[float]] = {name: [] for name in starts}
    rss: dict[str, list[float]] = {name: [] for name in starts}
    bare: list[float] = []
    for _ in range(args.runs):
        for name, (cmd, env) in starts.items():
            bare.append(timed(bare_cmd, venv_env)[0])  # one floor sample before each start
            elapsed, report = timed(cmd, env)
            times[name].append(elapsed)
            rss[name].append(report["peak_rss_mb"])
    med_bare = statistics.median(bare)
    print(f"{args.contacts} contacts, {args.runs} runs; bare PySide6 window: launch to first "
          f"paint median {med_bare:.0f} ms (min {min(bare):.0f}, max {max(bare):.0f})")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:34s} first paint {median:5.0f} ms ({median / med_bare:.2f}x bare), "
              f"min {min(samples):.0f}, peak memory {statistics.median(rss[name]):.0f} MiB")


if __name__ == "__main__":
    main()
