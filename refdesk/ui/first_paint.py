"""Knowing when the window first reached the screen (start-up's finish line)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


class FirstPaint(QObject):
    """Fires ``seen`` once, when the first frame that paints ``target`` is
    finished; ``at`` (perf counter), ``wall`` (epoch seconds) and ``cpu``
    (this process's CPU time, all threads) say when.

    The target's paint event comes in the middle of its window's frame: the
    widgets painted after it, and anything run inside the paint event, still
    keep the frame from the screen. So the finish line is the next turn of the
    event loop, which comes after Qt has painted every widget and flushed the
    frame; and ``seen``'s listeners run there, outside the frame.
    """

    seen = Signal()

    def __init__(self, target: QWidget):
        """``target``: a widget that says it painted through a ``painted``
        signal (a lane's view: see LaneList.painted), else one whose paint
        events are watched (a scroll area's, on its viewport)."""
        super().__init__(target)
        self.at: float | None = None
        self.wall: float | None = None
        self.cpu: float | None = None
        self._painting = False
        self._signal = getattr(target, "painted", None)
        if self._signal is not None:
            self._signal.connect(self._painted)
        elif isinstance(target, QAbstractScrollArea):
            target.viewport().installEventFilter(self)
        else:
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painting:
            watched.removeEventFilter(self)
            self._painted()
        return False

    def _painted(self) -> None:
        if self._painting:
            return
        self._painting = True
        if self._signal is not None:
            self._signal.disconnect(self._painted)
        QTimer.singleShot(0, self._frame_done)

    def _frame_done(self) -> None:
        self.at, self.wall = time.perf_counter(), time.time()
        self.cpu = time.process_time()
        self.seen.emit()
