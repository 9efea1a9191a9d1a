"""The floor for start-up: a bare PySide6 window listing N rows.

Prints one JSON line at the end of its first frame, like `refdesk --smoke-test`.
"""

import json
import os
import sys
import time

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
# The window's size: bench_startup passes its WINDOW_SIZE, which refdesk's window gets too.
WIDTH, HEIGHT = (int(v) for v in sys.argv[2:4]) if len(sys.argv) > 3 else (1100, 700)


class Rows(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


class FirstPaint(QObject):
    """The end of the first frame painting the table, as refdesk.ui.first_paint
    marks it: the next turn of the event loop after the table's paint. The
    table says when it painted, as refdesk's lanes do: asking Python for its
    viewport, to watch the viewport's paint events, would ready the types of
    every kind of scroll area (~60M instructions) that neither needs."""

    def painted(self):
        if not hasattr(self, "painting"):
            self.painting = True
            QTimer.singleShot(0, self.frame_done)

    def frame_done(self):
        self.at = time.perf_counter()
        self.wall = time.time()
        self.cpu = time.process_time()
        app.quit()


class Table(QTableView):
    def paintEvent(self, event):
        super().paintEvent(event)
        watcher.painted()


app = QApplication(sys.argv[:1])
window = QMainWindow()
view = Table()
view.setModel(Rows([(f"Person {i}", f"Company {i % 97}", f"p{i}@example.com")
                    for i in range(ROWS)]))
window.setCentralWidget(view)
watcher = FirstPaint()
window.resize(WIDTH, HEIGHT)
window.show()
app.exec()
from refdesk.ui.app import _peak_rss_mb  # noqa: E402  (measured the same way)

print(json.dumps({"rows": ROWS, "first_paint_ms": round((watcher.at - STARTED) * 1000, 1),
                  "first_paint_cpu_ms": round(watcher.cpu * 1000, 1),
                  "peak_rss_mb": _peak_rss_mb(), "first_paint_at": watcher.wall}))
