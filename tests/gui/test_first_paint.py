"""Start-up's finish line: FirstPaint fires once, after the frame that painted its target."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QTableView, QVBoxLayout, QWidget

from refdesk.ui.board.lane import LaneList
from refdesk.ui.first_paint import FirstPaint


def _watch(qtbot, target: QWidget, window: QWidget) -> tuple[FirstPaint, list[str]]:
    painted = FirstPaint(target)
    order: list[str] = []
    painted.seen.connect(lambda: order.append("seen"))
    window.resize(300, 200)
    window.show()
    qtbot.waitUntil(lambda: bool(order), timeout=5_000)
    return painted, order


def test_a_lane_view_is_watched_through_its_painted_signal_and_fires_once(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    lane = LaneList(window)
    QVBoxLayout(window).addWidget(lane)
    paints: list[str] = []
    lane.painted.connect(lambda: paints.append("painted"))
    painted, order = _watch(qtbot, lane, window)
    assert paints  # the lane said it painted, and seen came after the frame
    assert painted.at is not None and painted.wall is not None and painted.cpu is not None
    lane.viewport().repaint()  # painted at once
    QApplication.processEvents()  # a timer a second paint started would fire here
    assert len(paints) > 1 and order == ["seen"]  # later paints: not again


def test_a_plain_widget_is_watched_through_its_paint_events(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("Reading your book…", window)
    QVBoxLayout(window).addWidget(label)
    painted, order = _watch(qtbot, label, window)
    assert painted.at is not None
    label.repaint()  # painted at once
    QApplication.processEvents()  # a timer a second paint started would fire here
    assert order == ["seen"]


def test_a_scroll_area_is_watched_through_its_viewport(qtbot):
    """The board's table (chosen instead of lanes) paints on its viewport."""
    window = QWidget()
    qtbot.addWidget(window)
    table = QTableView(window)
    QVBoxLayout(window).addWidget(table)
    painted, order = _watch(qtbot, table, window)
    assert painted.at is not None
    table.viewport().repaint()  # painted at once
    QApplication.processEvents()
    assert order == ["seen"]


def test_a_start_with_the_first_lane_folded_still_sees_its_first_paint(make_window, qtbot):
    """A folded lane's view never paints: the finish line is the first open
    lane, or the board itself with every lane folded (it waited for ever)."""
    window = make_window(contacts=30)
    board = window.board
    board.lanes[0].set_collapsed(True)
    assert window.paint_target() is board.lanes[1].view
    for lane in board.lanes:
        lane.set_collapsed(True)
    assert window.paint_target() is board
    painted = FirstPaint(window.paint_target())
    seen: list[bool] = []
    painted.seen.connect(lambda: seen.append(True))
    window.resize(900, 600)
    window.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
