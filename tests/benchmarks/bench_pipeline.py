"""Scrolling the pipeline board with 3,000 referrals in one column.

Run on purpose:  python tests/benchmarks/bench_pipeline.py [--referrals 3000] [--runs 3]

Writes a book whose referrals all sit in one stage (the worst case for a
column: every card in one list), shows the window's Pipeline page at
1920x1080, scrolls that column a step at a time from top to bottom,
repainting each step, and reports the median and the worst frame against
a floor: a plain QListView of the same number of strings, same size and
steps, alternating. Also times a full reload of the board (the one query
and the filter into columns) and one search keystroke.

Then the longest event-loop stall (bench_stalls' 5 ms timer) while a card
is moved one column left, the question a backward move asks answered yes at
once ("pipeline move": until the card shows in its new
column and the reload that follows is in) and while the board reloads
("pipeline reload": until the fresh cards are shown), against the same timer
over an idle loop. Target (issue 10): no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStringListModel
from PySide6.QtWidgets import QApplication, QListView

AS_OF = dt.date(2026, 11, 22)
FIRST = ("Ann", "Bob", "Carla", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jun")
LAST = ("Lee", "Day", "Moss", "Okafor", "Nguyen", "Kowalski", "Silva", "Berg", "Roy", "Tan")


def write_book(path: Path, referrals: int) -> None:
    """Referrers with a sale each, and ``referrals`` referrals at "meeting",
    each with a named referred person and open follow-ups."""
    from refdesk.book import Book

    with Book.open(path) as book:
        m = book.models
        with book.atomic():
            people = [{"kind": "customer" if n % 2 == 0 else "referred",
                       "first_name": FIRST[n % 10], "last_name": f"{LAST[n // 10 % 10]} {n}",
                       "company": f"Company {n % 300}"} for n in range(2 * referrals)]
            for start in range(0, len(people), 500):
                m.Contact.insert_many(people[start:start + 500]).execute()
            ids = [c.id for c in m.Contact.select(m.Contact.id).order_by(m.Contact.id)]
            referrers, referred = ids[0::2], ids[1::2]
            m.Sale.insert_many([{"contact": c, "sold_on": AS_OF - dt.timedelta(days=90),
                                 "amount": 1000 + c % 9 * 250, "product": f"Plan {c % 4}"}
                                for c in referrers]).execute()
        for n in range(referrals):
            day = AS_OF - dt.timedelta(days=n % 40 + 5)
            rid = book.referrals.ask(referrers[n], day, project=f"project {n}",
                                     referred_id=referred[n])
            book.referrals.advance(rid, "meeting", day + dt.timedelta(days=n % 4))


def frames(view, steps: int = 80) -> list[float]:
    bar = view.verticalScrollBar()
    step = max(1, bar.maximum() // steps)
    times = []
    for value in range(0, bar.maximum() + 1, step):
        bar.setValue(value)
        start = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="refdesk-pipeline-"))
    os.environ["REFDESK_DATA_DIR"] = str(work)
    from refdesk.book import Book
    from refdesk.book.pipeline_board import pipeline_cards
    from refdesk.ui.clock import DayClock
    from refdesk.ui.context import AppContext
    from refdesk.ui.main_window import MainWindow

    started = time.perf_counter()
    write_book(work / "b.refdesk", args.referrals)
    print(f"book written in {time.perf_counter() - started:.1f} s")
    app = QApplication([])
    window = MainWindow(AppContext(Book.open(work / "b.refdesk"),
                                   QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat),
                                   DayClock(lambda: AS_OF)),
                        backups=False)
    window.resize(1920, 1080)
    window.show()
    window.pages.setCurrentWidget(window.pipeline)
    app.processEvents()
    view = window.pipeline
    deadline = time.perf_counter() + 30
    while not getattr(view, "is_fresh", lambda: True)():  # read on the worker
        if time.perf_counter() > deadline:
            raise SystemExit("the pipeline never loaded")
        app.processEvents()
        time.sleep(0.001)
    column = max(view.columns, key=lambda c: c.model.rowCount())
    if column.model.rowCount() < args.referrals or column.view.visibleRegion().isEmpty():
        raise SystemExit("the column is not filled or not on screen; nothing would be measured")
    plain = QListView()
    plain.setUniformItemSizes(True)
    plain.setModel(QStringListModel([c.referrer for c in column.model.cards]))
    plain.resize(column.view.size())
    plain.show()
    app.processEvents()
    ours, floor = [], []
    for _ in range(args.runs):  # alternate, so drift hits both alike
        ours += frames(column.view)
        floor += frames(plain)
    print(f"column '{column.stage}': {column.model.rowCount()} cards, view "
          f"{column.view.width()}x{column.view.height()}")
    print(f"pipeline column: median {statistics.median(ours):.2f} ms/frame, "
          f"worst {max(ours):.2f}")
    print(f"plain list:      median {statistics.median(floor):.2f} ms/frame, "
          f"worst {max(floor):.2f}")
    print(f"ratio: median {statistics.median(ours) / statistics.median(floor):.1f}, "
          f"worst {max(ours) / max(floor):.1f}; frames under 16.7 ms (60 fps): "
          f"{100 * sum(t < 16.7 for t in ours) / len(ours):.0f}%")

    loads, queries, keys = [], [], []
    for _ in range(args.runs * 2):
        start = time.perf_counter()
        pipeline_cards(window.ctx.book, AS_OF)
        queries.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        view.reload()
        app.processEvents()
        while not getattr(view, "is_fresh", lambda: True)():
            app.processEvents()
        loads.append((time.perf_counter() - start) * 1000)
        view.search.setText("")
        start = time.perf_counter()
        view.search.setText("ann")  # search as you type: one keystroke's refilter
        app.processEvents()
        keys.append((time.perf_counter() - start) * 1000)
    print(f"read model (one query): median {statistics.median(queries):.1f} ms; whole reload "
          f"until shown (read on the worker, repainted): "
          f"median {statistics.median(loads):.1f} ms "
          f"(ratio {statistics.median(loads) / statistics.median(queries):.1f} to the query)")
    print(f"search keystroke: median {statistics.median(keys):.1f} ms, worst {max(keys):.1f}")
    view.search.setText("")
    stalls(app, window, args.runs)
    window.ctx.book.close()


def stalls(app, window, runs: int) -> None:
    """Worst event-loop gap while a card moves, and while the board reloads."""
    from bench_stalls import StallMeter, _spin
    from PySide6.QtWidgets import QMessageBox

    from refdesk.domain.stages import neighbour_stage

    view = window.pipeline
    meter = StallMeter()
    # Every card sits in "meeting": right of it is "won" (a dialog), so the
    # move is one back, and its question is answered at once.
    QMessageBox.question = lambda *_args: QMessageBox.StandardButton.Yes

    def fresh() -> bool:  # (before the worker: every reload ended in its call)
        return getattr(view, "is_fresh", lambda: True)()

    def in_column(referral_id: int, stage: str) -> bool:
        return view.column(stage).model.row_of(referral_id) is not None

    def move() -> float:
        column = max(view.columns, key=lambda c: c.model.rowCount())
        card = column.model.cards[len(column.model.cards) // 2]
        target = neighbour_stage(card.stage, -1)
        floors.append(meter.measure(app, lambda: None, lambda: True))
        return meter.measure(
            app, lambda: view.move_requested.emit(card.id, target),
            lambda: in_column(card.id, target) and fresh())

    def settle() -> None:
        _spin(app, 50)
        meter.measure(app, lambda: None, fresh)

    floors: list[float] = []
    results: dict[str, list[float]] = {}
    for _ in range(runs * 2):
        results.setdefault("pipeline move", []).append(move())
        floors.append(meter.measure(app, lambda: None, lambda: True))
        results.setdefault("pipeline reload", []).append(meter.measure(app, view.reload, fresh))
        window.ctx.undo.undo()  # the card back where it was, for the next run
        settle()
    # The pipeline's own share of a move: the contact board (another page, its
    # own refresh) is kept from hearing of it, then told as it would have been.
    window.ctx.bus.changed.disconnect(window.board._on_change)
    for _ in range(runs * 2):
        results.setdefault("move, pipeline only", []).append(move())
        window.ctx.undo.undo()
        settle()
    window.ctx.bus.changed.connect(window.board._on_change)
    window.board.reload()
    floor = statistics.median(floors)
    print(f"stalls ({runs * 2} runs; floor, idle loop: median worst gap {floor:.1f} ms)")
    for name, gaps in results.items():
        verdict = "ok" if max(gaps) <= 100 else "OVER"
        print(f"{name:20} worst {max(gaps):6.1f} ms, median {statistics.median(gaps):6.1f} ms, "
              f"{max(gaps) / floor:5.1f}x floor  <100 ms {verdict}")


if __name__ == "__main__":
    main()
