"""Importing 20,000 contacts (name, e-mail, company, phone) from CSV, as a whole
process, against the floor: Python's csv reader plus a bare executemany of the
same fields into an SQLite file, also a whole process.

Run on purpose (not part of the test suite):
    python tests/benchmarks/bench_import.py [--contacts 20000] [--runs 5]

Each run alternates floor and refdesk, each into a new book (refdesk: a fresh
empty book made beforehand, so book creation is not counted; the floor makes
its one table). Reported: the medians and their ratio; target at most 3x,
never worse than 5x. A second refdesk run of the same file into the filled
book (everyone merged or already there) is reported too, and a file half
known: a book holding the first half of the file's people takes a file of
that half and as many new people (matched record by record).

``--before DIR`` also times, in the same runs, the refdesk of an older tree
(``git archive REV | tar -x -C DIR``), for before/after ratios on one floor.

``--instructions`` also counts, once each, the instructions of the floor and
of the three imports with valgrind's callgrind (PYTHONHASHSEED=0): a figure
the machine's other load does not move, as the wall clock on a shared
machine is moved by it.

Both trees are byte-compiled first, as an installed refdesk is: with
PYTHONDONTWRITEBYTECODE set (as on the development machines) every module
edited since its last .pyc was compiled again at each run, tens of
milliseconds of the compiler counted as refdesk's.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FLOOR = """
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[2])
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA synchronous=FULL")
con.execute("CREATE TABLE contact (first TEXT, last TEXT, company TEXT, email TEXT, "
            "phone TEXT)")
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    rows = csv.reader(fh)
    next(rows)
    with con:
        con.executemany("INSERT INTO contact VALUES (?, ?, ?, ?, ?)", rows)
con.close()
"""

FIRST = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lu"]
LAST = ["Lee", "Fox", "Wu", "Ray", "Poe", "Orr", "Nye", "May", "Ito", "Hu", "Gray", "Diaz"]


def write_csv(path: Path, n: int) -> None:
    lines = ["First Name,Last Name,Company,E-mail Address,Phone"]
    for i in range(n):
        first, last = FIRST[i % 12], LAST[(i // 12) % 12]
        lines.append(f"{first},{last}{i},Company {i % 997},{first.lower()}.{last.lower()}{i}"
                     f"@example.com,+1 212 555 {i % 10000:04d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    # An older tree runs from its own folder: the current one, on sys.path
    # first, would shadow it.
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env,
                   cwd=None if env is None else env["PYTHONPATH"])
    return time.perf_counter() - start


def import_twice(folder: Path, source: Path, name: str,
                 env: dict[str, str] | None = None,
                 measure: Callable[..., float] = timed) -> tuple[float, float]:
    """A new empty book, the file imported into it, then the same file again."""
    book = folder / f"{name}.refdesk"
    # Made by the tree measured: an older tree may not open a newer book format.
    subprocess.run([sys.executable, "-m", "refdesk", "demo", "--contacts", "1",
                    "--db", str(book), "--as-of", "2026-01-01"], check=True,
                   stdout=subprocess.DEVNULL, env=env,
                   cwd=None if env is None else env["PYTHONPATH"])
    command = [sys.executable, "-m", "refdesk", "import", str(source), "--db",
               str(book), "--json"]
    return measure(command, env), measure(command, env)


def counted(args: list[str], env: dict[str, str] | None = None) -> float:
    """The instructions ``args`` runs, whole process, under callgrind."""
    ran = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          *args], capture_output=True, text=True, check=True,
                         env={**(env or os.environ), "PYTHONHASHSEED": "0"},
                         cwd=None if env is None else env["PYTHONPATH"])
    return float(re.findall(r"Collected : (\d+)", ran.stderr)[-1])


def half_known(folder: Path, people: Path, name: str,
               env: dict[str, str] | None = None,
               measure: Callable[..., float] = timed) -> float:
    """A book holding the first half of ``people``'s rows, then a file of that
    half and as many rows it does not hold imported into it."""
    book = folder / f"{name}.refdesk"
    subprocess.run([sys.executable, "-m", "refdesk", "demo", "--contacts", "1",
                    "--db", str(book), "--as-of", "2026-01-01"], check=True,
                   stdout=subprocess.DEVNULL, env=env,
                   cwd=None if env is None else env["PYTHONPATH"])
    head, *rows = people.read_text(encoding="utf-8").splitlines()
    half = len(rows) // 3  # people.csv holds 1.5x the contacts: the last third is new
    known, mixed = folder / "known.csv", folder / "mixed.csv"
    known.write_text("\n".join([head, *rows[:half]]) + "\n", encoding="utf-8")
    mixed.write_text("\n".join([head, *rows[:half], *rows[2 * half:]]) + "\n",
                     encoding="utf-8")
    subprocess.run([sys.executable, "-m", "refdesk", "import", str(known), "--db", str(book)],
                   check=True, stdout=subprocess.DEVNULL, env=env,
                   cwd=None if env is None else env["PYTHONPATH"])
    return measure([sys.executable, "-m", "refdesk", "import", str(mixed), "--db", str(book),
                    "--json"], env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="an older tree whose import is timed in the same runs")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each import's instructions (valgrind)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    old_env = None if args.before is None else \
        {**os.environ, "PYTHONPATH": str(args.before.resolve())}
    trees = [Path(__file__).resolve().parents[2] / "refdesk"]
    if args.before is not None:
        trees.append(args.before.resolve() / "refdesk")
    subprocess.run([sys.executable, "-m", "compileall", "-q", *map(str, trees)], check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "people.csv"
        write_csv(source, args.contacts)
        people = folder / "people-and-more.csv"
        write_csv(people, args.contacts * 3 // 2)
        floors, refdesk, again, old_new, old_again = [], [], [], [], []
        mixed, old_mixed = [], []
        for run in range(args.runs):
            floors.append(timed([sys.executable, "-c", FLOOR, str(source),
                                 str(folder / f"floor{run}.sqlite")]))
            first, second = import_twice(folder, source, f"book{run}")
            refdesk.append(first)
            again.append(second)
            mixed.append(half_known(folder, people, f"mixed{run}"))
            if old_env is not None:
                first, second = import_twice(folder, source, f"old{run}", old_env)
                old_new.append(first)
                old_again.append(second)
                old_mixed.append(half_known(folder, people, f"oldmixed{run}", old_env))
        floor, ours, second = (statistics.median(x) for x in (floors, refdesk, again))
        if args.instructions:
            counts = [("floor", counted([sys.executable, "-c", FLOOR, str(source),
                                         str(folder / "floor-counted.sqlite")]))]
            for label, env in (("", None), ("before, ", old_env)):
                if label and env is None:
                    continue
                name = label.strip(", ") or "refdesk"
                new, known = import_twice(folder, source, f"{name}-counted", env, counted)
                half = half_known(folder, people, f"{name}-mixed-counted", env, counted)
                counts += [(f"{label}new book", new), (f"{label}again", known),
                           (f"{label}half known", half)]
    print(f"{args.contacts} contacts, median of {args.runs} runs")
    print(f"  floor (csv + executemany, whole process): {floor:.2f} s")
    print(f"  refdesk import, new book:                  {ours:.2f} s  ratio {ours / floor:.1f}x"
          " (target <= 3x)")
    print(f"  refdesk import again (all known):          {second:.2f} s  ratio "
          f"{second / floor:.1f}x")
    half = statistics.median(mixed)
    print(f"  refdesk import, half known:                {half:.2f} s  ratio "
          f"{half / floor:.1f}x")
    if old_env is not None:
        before, before_again = statistics.median(old_new), statistics.median(old_again)
        print(f"  before ({args.before}), new book:           {before:.2f} s  ratio "
              f"{before / floor:.1f}x")
        print(f"  before, again (all known):                 {before_again:.2f} s  ratio "
              f"{before_again / floor:.1f}x")
        before_half = statistics.median(old_mixed)
        print(f"  before, half known:                        {before_half:.2f} s  ratio "
              f"{before_half / floor:.1f}x")
    if args.instructions:
        floor_count = counts[0][1]
        print("instructions, whole processes (callgrind, PYTHONHASHSEED=0):")
        for label, count in counts:
            print(f"  {label + ':':27} {count / 1e6:6.0f}M  ratio {count / floor_count:.2f}x")


if __name__ == "__main__":
    main()
