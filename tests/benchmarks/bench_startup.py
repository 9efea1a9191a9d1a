"""Start-up of `refdesk --smoke-test` on a 10,000-contact book vs a bare window.

Run on purpose (not part of the test suite):
    python tests/benchmarks/bench_startup.py [--contacts 10000] [--runs 7]

Both are launched as fresh processes, alternately, and timed from launch to
their first paint: each prints the wall-clock time of its first paint (and
refdesk that of its fresh board), so interpreter start-up and imports count
for both while the exit after the paint counts for neither. Reports medians
and the ratio refdesk / bare.

Both get a bytecode cache (PYTHONPYCACHEPREFIX in the run's temp folder),
as an installed app has: `pip install .` compiles at install time, while a
shell with PYTHONDONTWRITEBYTECODE=1 would recompile refdesk on every start.
Each also reports its CPU time (all threads) at the first paint, whose
ratio to the bare window's moves less with the machine's other load.
Three kinds of start: "warm" (the book unchanged since the last start, so
its saved board is exact), "changed" (an edit or a new day since: the last
saved board paints first and the fresh one replaces it when evaluated) and
"first ever" (no saved board: "Reading your book..." paints first while the
worker evaluates the board, which replaces it; "fresh board" times that).

``--before DIR`` also starts, in the same runs and against the same floor,
the refdesk of an older tree (``git archive REV | tar -x -C DIR``; it runs
from DIR, through PYTHONPATH), for before/after ratios under the same load.
Each tree has its own data folder, so neither reads (or overwrites) the
board the other saved, whose format may differ.

``--instructions`` also counts, once per kind of start, the instructions
each process runs until its first paint, with valgrind's callgrind (which
the machine's load does not move; ~30 s a start): the count stops at the
first call of time.process_time, which both make at their first paint
(refdesk.ui.first_paint, bare_window.py). All threads count.

"First paint" is the end of the first frame that paints the list (the board's
lanes, the bare window's table), as both mark it: the next turn of the event
loop after the list's paint event, once every widget of the window is painted
and the frame flushed. The paint event itself comes mid-frame, and a harness
watching the screen sees nothing until the frame ends.

Both windows are 1100x700, on an offscreen screen of 1920x1080 (see SCREEN).
``--x11`` runs both on the X server of $DISPLAY instead (e.g. under
``xvfb-run -s '-screen 0 1920x1080x24'``), real windows that are mapped,
exposed and flushed to the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WINDOW_SIZE = (1100, 700)  # both windows'; bare_window.py is given it on its command line
# A laptop's screen for both, rather than the offscreen platform's 800x800,
# which refdesk's window would fit and so paint fewer cards than the bare
# window paints rows. refdesk's window is then as a user's last session left
# it: the smoke test restores the geometry kept in the data folder's settings
# (and never saves its own).
SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
KEEP_GEOMETRY = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(int(sys.argv[2]), int(sys.argv[3]))
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
settings.setValue("window/geometry", window.saveGeometry())
settings.sync()
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, dict]:
    """(ms from launch to first paint, the process's JSON report)."""
    start = time.time()
    # An older tree (--before) runs from its own folder: the current directory
    # comes first on sys.path, and the current tree would shadow it.
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300,
                            cwd=env.get("PYTHONPATH"))
    if result.returncode != 0:
        raise SystemExit(f"{cmd} failed: {result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["launched_at"] = start
    return (report["first_paint_at"] - start) * 1000, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="an older tree whose start-up is timed in the same runs")
    parser.add_argument("--x11", action="store_true",
                        help="real windows on $DISPLAY's X server, not offscreen ones")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions to the first paint (valgrind)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="refdesk-bench-"))
    (work / "screen.json").write_text(json.dumps(SCREEN), encoding="utf-8")
    if args.x11 and not os.environ.get("DISPLAY"):
        raise SystemExit("--x11 needs an X server on $DISPLAY (try xvfb-run)")
    platform = "xcb" if args.x11 else f"offscreen:configfile={work / 'screen.json'}"
    env = {**os.environ, "QT_QPA_PLATFORM": platform,
           "REFDESK_DATA_DIR": str(work),
           "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    book = work / "bench.refdesk"
    from refdesk.demo import write_demo_book

    write_demo_book(book, args.contacts, seed=1, as_of=dt.date(2026, 11, 22))
    refdesk_cmd = [sys.executable, "-m", "refdesk", "--smoke-test", "--db", str(book)]
    bare_cmd = [sys.executable, str(HERE / "bare_window.py"), str(args.contacts),
                *map(str, WINDOW_SIZE)]
    trees = {"refdesk": env}
    if args.before is not None:
        # Its own data folder: its saved boards (another format, maybe) are its own.
        trees[f"before ({args.before})"] = {**env, "PYTHONPATH": str(args.before.resolve()),
                                            "REFDESK_DATA_DIR": str(work / "before")}
    for tree_env in trees.values():
        data = Path(tree_env["REFDESK_DATA_DIR"])
        data.mkdir(mode=0o700, exist_ok=True)
        subprocess.run([sys.executable, "-c", KEEP_GEOMETRY, str(data / "refdesk.ini"),
                        *map(str, WINDOW_SIZE)], check=True, env=env)
        timed(refdesk_cmd, tree_env)  # warm the file and bytecode caches for each
    timed(bare_cmd, env)
    runs = {tree: {"warm": [], "changed": [], "first ever": []} for tree in trees}
    bare, bare_rss, bare_cpu, inner = [], [], [], []

    def bare_run() -> None:
        # One before each refdesk start, so every start follows the same kind of
        # run (order alone moved a scenario by ~20 ms), and the floor is sampled alike.
        bare_time, bare_report = timed(bare_cmd, env)
        bare.append(bare_time)
        bare_rss.append(bare_report["peak_rss_mb"])
        bare_cpu.append(bare_report["first_paint_cpu_ms"])

    def start(tree: str, scenario: str) -> None:
        bare_run()
        elapsed, report = timed(refdesk_cmd, trees[tree])
        runs[tree][scenario].append(_paint_and_fresh(elapsed, report))
        if tree == "refdesk" and scenario == "warm":
            inner.append(report)

    # Scenario by scenario, each tree in turn (with --before), so each start
    # follows the other tree's as often: the first start after a switch of
    # trees tended to be slower.
    def prepare(tree: str, scenario: str) -> None:
        """Leave the book and the tree's saved board as ``scenario`` starts from
        (warm: as the tree's last start, first ever or not, saved it)."""
        if scenario == "changed":
            con = sqlite3.connect(book)  # an edit since the last start: the board is stale
            con.execute("UPDATE book_meta SET revision = revision + 1")
            con.commit()
            con.close()
        elif scenario == "first ever":
            snapshots = Path(trees[tree]["REFDESK_DATA_DIR"]) / "cache"
            for snapshot in snapshots.glob("board-*"):  # any format, any older pickle too
                snapshot.unlink()

    for _ in range(args.runs):
        for scenario in ("warm", "changed", "first ever"):
            for tree in trees:
                prepare(tree, scenario)
                start(tree, scenario)
    shown = {r["contacts_shown"] for r in inner}
    med_bare, med_cpu = statistics.median(bare), statistics.median(bare_cpu)
    print(f"contacts shown: {shown}")
    print(f"bare PySide6 window, {args.contacts} rows: launch to first paint, median "
          f"{med_bare:.0f} ms (min {min(bare):.0f}, max {max(bare):.0f}); CPU time at its "
          f"paint {med_cpu:.0f} ms")
    for tree, scenarios in runs.items():
        print(f"{tree} --smoke-test, launch to first paint / to the fresh board (median ms, "
              "ratio to bare):")
        for name, triples in scenarios.items():
            paint = statistics.median(p for p, _, _ in triples)
            fresh = statistics.median(f for _, f, _ in triples)
            cpus = [c for _, _, c in triples if c is not None]
            cpu = f"   CPU at paint {statistics.median(cpus) / med_cpu:.2f}x" if cpus else ""
            print(f"  {name:11s} first paint {paint:5.0f} ({paint / med_bare:.2f}x)   "
                  f"fresh board {fresh:5.0f} ({fresh / med_bare:.2f}x){cpu}")
    ours_rss = statistics.median(r["peak_rss_mb"] for r in inner)
    print(f"peak memory: refdesk {ours_rss:.0f} MiB, bare {statistics.median(bare_rss):.0f} MiB "
          f"(ratio {ours_rss / statistics.median(bare_rss):.2f})")
    phases = {k: statistics.median(r[k] for r in inner) for k in inner[0] if k.endswith("_ms")}
    print("refdesk warm phases (median ms since first import): "
          + ", ".join(f"{k[:-3]} {v:.0f}" for k, v in phases.items()))
    if args.instructions:
        counted = work / "callgrind"
        counted.mkdir()
        floor = instructions(bare_cmd, env, counted / "bare")
        print(f"instructions to the first paint (callgrind): bare {floor / 1e6:.0f}M")
        figures: dict[str, list[str]] = {tree: [] for tree in trees}
        for scenario in ("warm", "changed", "first ever"):  # as in the timed runs
            for tree in trees:
                prepare(tree, scenario)
                count = instructions(refdesk_cmd, trees[tree],
                                     counted / f"{tree[:6]}-{scenario.replace(' ', '-')}")
                figures[tree].append(f"{scenario} {count / 1e6:.0f}M ({count / floor:.2f}x)")
        for tree, shown in figures.items():
            print(f"  {tree}: " + ", ".join(shown))


def instructions(cmd: list[str], env: dict[str, str], out: Path) -> int:
    """Instructions ``cmd`` runs until its first time.process_time() call."""
    # Its exit status is not looked at: ~50x slower, a start whose fresh board
    # follows the paint may hit the smoke test's time limit after it.
    ran = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=time_process_time",
                          f"--callgrind-out-file={out}.%p", *cmd], capture_output=True,
                         text=True, env=env, timeout=900, cwd=env.get("PYTHONPATH"))
    dumps = sorted(out.parent.glob(f"{out.name}.*.1"))
    if not dumps:
        raise SystemExit(f"{cmd} never painted under valgrind: {ran.stderr[-2000:]}")
    first = dumps[0]  # the first dump: up to the paint
    for line in first.read_text(errors="replace").splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise SystemExit(f"no count in {first}")


def _paint_and_fresh(paint: float, report: dict) -> tuple[float, float, float | None]:
    """(launch to first paint, launch to fresh board, CPU time at the first
    paint: the work done, which the machine's other load moves less), in ms."""
    return (paint, (report["board_fresh_at"] - report["launched_at"]) * 1000,
            report.get("first_paint_cpu_ms"))


if __name__ == "__main__":
    main()
