"""Knowing when the window first reached the screen (start-up's finish line)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Fires ``seen`` once, at the first paint of ``target``; ``at`` (perf
    counter) and ``wall`` (epoch seconds) say when."""

    seen = Signal()

    def __init__(self, target: QWidget):
        super().__init__(target)
        self.at: float | None = None
        self.wall: float | None = None
        self.cpu: float | None = None
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at, self.wall = time.perf_counter(), time.time()
            self.cpu = time.process_time()  # this process's CPU time so far, all threads
            watched.removeEventFilter(self)
            self.seen.emit()
        return False
