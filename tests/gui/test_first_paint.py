"""Start-up's finish line: FirstPaint fires once, after the frame that painted its target."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

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
