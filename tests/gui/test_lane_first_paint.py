"""A lane paints its cards at once, at the window's first paint and after a
swap, never an empty list waiting for Qt's batched layout to finish (which
paints nothing until its last batch is laid out)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint

from refdesk.ui.board.lane import Lane
from tests.gui.board_record import board_record


class FirstPaintRow(QObject):
    """The row a view finds at its top-left when its viewport first paints."""

    def __init__(self, view):
        super().__init__()
        self.view, self.row = view, None
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.row is None:
            self.row = self.view.indexAt(QPoint(8, 8)).row()
        return False


def test_a_lane_of_thousands_shows_its_cards_at_its_first_paint(qtbot):
    lane = Lane("ready")
    qtbot.addWidget(lane)
    lane.set_records([board_record(id=i, name=f"Person {i}") for i in range(1, 3001)])
    watcher = FirstPaintRow(lane.view)
    lane.resize(300, 700)
    lane.show()
    qtbot.waitUntil(lambda: watcher.row is not None, timeout=10000)
    assert watcher.row == 0


def test_cards_swapped_in_later_show_at_the_next_paint(qtbot):
    lane = Lane("ready")
    qtbot.addWidget(lane)
    lane.set_records([board_record(id=1)])
    first = FirstPaintRow(lane.view)
    lane.resize(300, 700)
    lane.show()
    qtbot.waitUntil(lambda: first.row is not None, timeout=10000)
    lane.set_records([board_record(id=i, name=f"Person {i}") for i in range(2, 3002)])
    after = FirstPaintRow(lane.view)  # the paint after the swap
    lane.view.viewport().update()
    qtbot.waitUntil(lambda: after.row is not None, timeout=10000)
    assert after.row == 0
    assert lane.view.model().index(0).data() == "Person 2"
