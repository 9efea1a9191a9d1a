"""Loading the board snapshot (format 6: marshal of checked columns, each lane's first
cards apart from the rest) of a 10,000-contact book vs the pickle of format 2.

Run on purpose (not part of the test suite):
    python tests/benchmarks/bench_snapshot.py [--contacts 10000] [--runs 15]

The reference is the format-2 snapshot as refdesk wrote it before issue 9
(a pickled header, then the rows as plain tuples and the agenda; rows made
with ``ContactReadiness._make``): written here from the same board and read
back here only, never from the cache folder. Both loads are timed from the
file to the board the window gets, alternately, with the garbage collector
off (as at start-up: refdesk.ui.app turns it off until the first paint) and
on; medians are reported, with their ratio, the file sizes and the time of
one save (pickle: one dump) and one evaluation (what a snapshot saves).
"head" is what a warm start reads before its first paint: the snapshot's head
alone (each lane's first cards, the counts and the agenda), the rest left
for after the paint.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2026, 11, 22)


def pickle_save(path: Path, board) -> None:
    """The format-2 snapshot, as board_cache wrote it up to issue 9."""
    from refdesk.book.board import ContactReadiness

    with open(path, "wb") as fh:
        pickle.dump((("key",), ContactReadiness._fields), fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(([tuple(r) for r in board[0]], board[1]), fh,
                    protocol=pickle.HIGHEST_PROTOCOL)


def pickle_load(path: Path):
    """The format-2 load: header, then rows and agenda (this run's own file only)."""
    from refdesk.book.board import ContactReadiness

    make = ContactReadiness._make
    with open(path, "rb") as fh:
        pickle.load(fh)
        rows, agenda = pickle.load(fh)
    return [make(row) for row in rows], agenda


def head_only(path: Path):
    """What a warm start decodes before its paint (the book's lock taken and let go)."""
    from refdesk.saved_board import peek_saved_board

    saved = peek_saved_board(path, AS_OF)
    try:
        return saved.head
    finally:
        saved.release()


def ms(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="refdesk-bench-snapshot-") as work:
        os.environ["REFDESK_DATA_DIR"] = work  # the snapshot goes to <work>/cache
        from refdesk.book import Book
        from refdesk.book.board_cache import load_saved, save_board
        from refdesk.demo import write_demo_book
        from refdesk.paths import cache_dir

        path = Path(work) / "bench.refdesk"
        write_demo_book(path, args.contacts, seed=1, as_of=AS_OF)
        book = Book.open(path, create=False)
        evaluate_ms, records = ms(book.board.evaluate, AS_OF)
        board = (records, book.board.agenda(AS_OF))
        save_ms, _ = ms(save_board, book, AS_OF, board)
        reference = Path(work) / "board.pickle"
        pickle_save(reference, board)
        (snapshot,) = cache_dir().glob("board-*.board")
        assert load_saved(book, AS_OF) == (board, True)
        assert pickle_load(reference) == board
        pickle_ms, _ = ms(pickle_save, reference, board)
        times: dict[tuple[str, str], list[float]] = {}
        for collector in ("off", "on"):
            if collector == "off":
                gc.disable()
            for _ in range(args.runs):
                gc.collect()
                times.setdefault(("snapshot", collector), []).append(ms(load_saved, book, AS_OF)[0])
                gc.collect()
                times.setdefault(("pickle", collector), []).append(ms(pickle_load, reference)[0])
                gc.collect()
                times.setdefault(("head", collector), []).append(ms(head_only, path)[0])
            gc.enable()
        book.close()
        snapshot_size, pickle_size = snapshot.stat().st_size, reference.stat().st_size
    print(f"board: {len(records)} contacts, {len(board[1].follow_ups)} follow-ups due; "
          f"evaluate {evaluate_ms:.0f} ms")
    print(f"save: save_board {save_ms:.0f} ms, {snapshot_size / 2**20:.2f} MiB; "
          f"pickle {pickle_ms:.0f} ms, {pickle_size / 2**20:.2f} MiB")
    for collector in ("off", "on"):
        medians = {}
        for fmt in ("snapshot", "pickle", "head"):
            runs = times[fmt, collector]
            medians[fmt] = statistics.median(runs)
            print(f"load, collector {collector:3s}: {fmt:8s} median {medians[fmt]:5.1f} ms "
                  f"over {args.runs} runs (min {min(runs):.1f}, max {max(runs):.1f})")
        print(f"load, collector {collector:3s}: ratio snapshot / pickle "
              f"{medians['snapshot'] / medians['pickle']:.2f}x")


if __name__ == "__main__":
    main()
