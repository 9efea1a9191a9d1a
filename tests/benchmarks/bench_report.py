"""The report card of a 10,000-contact demo book against the same figures in plain SQL.

Run on purpose (not part of the test suite):
    python tests/benchmarks/bench_report.py [--contacts 10000] [--runs 9]

refdesk's side is ``read_report`` as the window and ``refdesk report`` call
it: the book's currency, a few set-based reads, the card and the period
before it computed in Python, the top referrers' names. The floor is
report_sql.py: every figure as SQL aggregates over temp tables, fetched with
sqlite3 directly, for the same two periods. Before timing, both must agree
on every figure. The two alternate so caches and load hit both alike;
medians and their ratio are reported (target: within 2x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_sql import card_figures, comparable, main_currency, sql_figures

AS_OF = dt.date(2026, 11, 22)
PERIODS = ("all", "year", "quarter", "month")


def floor(con: sqlite3.Connection, periods: list, as_of: dt.date) -> list[dict]:
    """The figures of each (period, its as-of day) in plain SQL."""
    cur = main_currency(con)
    return [sql_figures(con, p.start.isoformat() if p.start else "0001-01-01",
                        p.end.isoformat(), day.isoformat(), cur) for p, day in periods]


def main() -> int:
    from refdesk.book import Book
    from refdesk.book.report_rows import read_report
    from refdesk.demo import write_demo_book
    from refdesk.domain.report_period import period_for, previous_period

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.refdesk"
        summary = write_demo_book(path, args.contacts, seed=1, as_of=AS_OF)
        print(f"book: {summary.contacts} contacts, {summary.rows['Referral']} referrals, "
              f"{summary.rows['ReferralStageChange']} stage changes, {summary.rows['Sale']} "
              f"sales, {summary.rows['FollowUp']} follow-ups, {summary.rows['Card']} cards")
        book = Book.open(path)
        con = sqlite3.connect(path)
        con.execute("PRAGMA temp_store = MEMORY")  # the floor's scratch tables off the disk
        failures = 0
        print(f"{'period':<8} {'refdesk ms':>11} {'SQL ms':>8} {'ratio':>6}")
        for kind in PERIODS:
            period = period_for(kind, AS_OF)
            before = previous_period(period)
            pairs = [(period, AS_OF)] + ([(before, before.end)] if before else [])
            cards = read_report(book, period, AS_OF)
            ours = [card_figures(cards.current)] + (
                [card_figures(cards.previous)] if cards.previous else [])
            theirs = [comparable(f) for f in floor(con, pairs, AS_OF)]
            for mine, sql in zip(ours, theirs, strict=True):
                for key in sql:
                    if mine[key] != sql[key]:
                        failures += 1
                        print(f"  MISMATCH {kind} {key}: refdesk {mine[key]!r} SQL {sql[key]!r}")
            times: dict[str, list[float]] = {"refdesk": [], "sql": []}
            for _ in range(args.runs):
                start = time.perf_counter()
                read_report(book, period, AS_OF)
                times["refdesk"].append(time.perf_counter() - start)
                start = time.perf_counter()
                floor(con, pairs, AS_OF)
                times["sql"].append(time.perf_counter() - start)
            ours_ms = statistics.median(times["refdesk"]) * 1000
            sql_ms = statistics.median(times["sql"]) * 1000
            print(f"{kind:<8} {ours_ms:>11.1f} {sql_ms:>8.1f} {ours_ms / sql_ms:>6.2f}")
        con.close()
        book.close()
    print("every figure agrees" if not failures else f"{failures} figures disagree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
