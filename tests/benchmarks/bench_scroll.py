"""Scrolling the board's biggest lane on a 10,000-contact book.

Run on purpose:  python tests/benchmarks/bench_scroll.py [--contacts 10000]

Scrolls the lane a page at a time from top to bottom, repainting each step,
and reports the median and worst time per frame against a floor: a plain
QListView of the same number of strings, same size, same steps.
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


def frames(view, steps: int = 60) -> list[float]:
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
    parser.add_argument("--contacts", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="refdesk-scroll-"))
    os.environ["REFDESK_DATA_DIR"] = str(work)
    from refdesk.book import Book
    from refdesk.demo import write_demo_book
    from refdesk.ui.clock import DayClock
    from refdesk.ui.context import AppContext
    from refdesk.ui.main_window import MainWindow

    write_demo_book(work / "b.refdesk", args.contacts, seed=1, as_of=AS_OF)
    app = QApplication([])
    window = MainWindow(AppContext(Book.open(work / "b.refdesk"),
                                   QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat),
                                   DayClock(lambda: AS_OF)),
                        backups=False)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    lane = max(window.board.lanes, key=lambda lane: lane.model.rowCount())
    window.board.lane_area.ensureWidgetVisible(lane)  # a lane scrolled out paints nothing
    app.processEvents()
    if lane.view.visibleRegion().isEmpty():
        raise SystemExit("the lane is not on screen; nothing would be measured")
    plain = QListView()
    plain.setUniformItemSizes(True)
    plain.setModel(QStringListModel([r.name for r in lane.model.records]))
    plain.resize(lane.view.size())
    plain.show()
    app.processEvents()
    ours, floor = [], []
    for _ in range(3):  # alternate
        ours += frames(lane.view)
        floor += frames(plain)
    print(f"lane '{lane.level}': {lane.model.rowCount()} cards, view {lane.view.width()}x"
          f"{lane.view.height()}")
    print(f"board lane: median {statistics.median(ours):.2f} ms/frame, "
          f"worst {max(ours):.2f}")
    print(f"plain list: median {statistics.median(floor):.2f} ms/frame, "
          f"worst {max(floor):.2f}")
    print(f"ratio (median): {statistics.median(ours) / statistics.median(floor):.1f}; "
          f"frames under 16.7 ms (60 fps): "
          f"{100 * sum(t < 16.7 for t in ours) / len(ours):.0f}%")


if __name__ == "__main__":
    main()
