"""Board.evaluate on a 10,000-contact, ~100,000-touchpoint book vs a raw SQL floor.

Run on purpose (not part of the test suite):
    python tests/benchmarks/bench_board.py [--contacts 10000] [--touchpoints 100000] [--runs 7]

The floor is the least any board must do: one GROUP BY per table computing
per-contact counts and latest dates, fetched with sqlite3 directly. The two
alternate so caches and machine load hit both alike; medians are reported,
with their ratio, and the peak Python memory (tracemalloc) of one evaluate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

AS_OF = dt.date(2026, 11, 22)
FLOOR_SQL = (
    "SELECT id, kind, first_name, last_name, company, referred_by_id FROM contact",
    "SELECT contact_id, group_concat(address) FROM contact_email GROUP BY contact_id",
    "SELECT contact_id, group_concat(tag_id) FROM contact_tag GROUP BY contact_id",
    "SELECT contact_id, COUNT(*), MAX(sold_on) FROM sale GROUP BY contact_id",
    "SELECT contact_id, COUNT(*), MAX(happened_on) FROM touchpoint GROUP BY contact_id",
    "SELECT contact_id, COUNT(*), MAX(checked_on) FROM testimonial_check GROUP BY contact_id",
    "SELECT referrer_id, COUNT(*), MAX(asked_on) FROM referral GROUP BY referrer_id",
    "SELECT r.referrer_id, COUNT(*), MIN(f.due_on) FROM follow_up f "
    "JOIN referral r ON r.id = f.referral_id WHERE f.done_on IS NULL GROUP BY r.referrer_id",
)
# Everyday touchpoints to top the demo up with (no complaints: they need resolutions).
TOP_UP_KINDS = ("feedback", "feedback", "service_delivered", "extra_value", "social", "proactive")


def build(path: Path, contacts: int, touchpoints: int) -> Counter:
    """Write the demo book and top its touchpoints up to ``touchpoints``."""
    from refdesk.demo import write_demo_book

    summary = write_demo_book(path, contacts, seed=1, as_of=AS_OF)
    missing = touchpoints - summary.rows["Touchpoint"]
    if missing > 0:
        rng = random.Random(7)
        rows = [(rng.randint(1, contacts), (AS_OF - dt.timedelta(days=rng.randint(0, 730)))
                 .isoformat(), rng.choice(TOP_UP_KINDS), "") for _ in range(missing)]
        con = sqlite3.connect(path)
        with con:
            con.executemany("INSERT INTO touchpoint (contact_id, happened_on, kind, note) "
                            "VALUES (?, ?, ?, ?)", rows)
        con.close()
    con = sqlite3.connect(path)
    counts = Counter({t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("contact", "touchpoint", "sale", "referral", "follow_up")})
    con.close()
    return counts


def floor(path: Path) -> float:
    """Milliseconds for the raw per-table aggregates, fetched in full."""
    con = sqlite3.connect(path)
    start = time.perf_counter()
    for sql in FLOOR_SQL:
        con.execute(sql).fetchall()
    elapsed = (time.perf_counter() - start) * 1000
    con.close()
    return elapsed


def measure(path: Path, args: argparse.Namespace) -> tuple:
    """Build the book at ``path``, then time evaluate and the floor, alternately."""
    from refdesk.book import Book

    t0 = time.perf_counter()
    counts = build(path, args.contacts, args.touchpoints)
    print(f"book: {dict(counts)} (built in {time.perf_counter() - t0:.1f} s)")
    book = Book.open(path, create=False)
    board = book.board
    rows = board.evaluate(AS_OF)  # warm the file cache for both
    floor(path)
    ours, raw, one, agenda = [], [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        rows = board.evaluate(AS_OF)
        ours.append((time.perf_counter() - start) * 1000)
        raw.append(floor(path))
        start = time.perf_counter()
        board.evaluate_one(rows[len(rows) // 2].id, AS_OF)
        one.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        board.agenda(AS_OF)
        agenda.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    board.evaluate(AS_OF)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    book.close()
    return ours, raw, one, agenda, rows, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--touchpoints", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="refdesk-bench-board-") as work:
        ours, raw, one, agenda, rows, peak = measure(Path(work) / "bench.refdesk", args)
    med_ours, med_raw = statistics.median(ours), statistics.median(raw)
    print(f"levels: {dict(Counter(r.level for r in rows))}")
    print(f"Board.evaluate: median {med_ours:.0f} ms over {args.runs} runs "
          f"(min {min(ours):.0f}, max {max(ours):.0f})")
    print(f"raw SQL floor ({len(FLOOR_SQL)} GROUP BY queries, sqlite3): median {med_raw:.0f} ms")
    print(f"ratio evaluate / floor: {med_ours / med_raw:.1f}x")
    print(f"Board.evaluate_one: median {statistics.median(one):.1f} ms; "
          f"Board.agenda: median {statistics.median(agenda):.1f} ms")
    print(f"evaluate peak Python memory (tracemalloc): {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
