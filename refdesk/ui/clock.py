"""The window's one "today": read by every view and dialog, rolled over at midnight."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

CHECK_MS = 60_000  # a minute late at midnight is fine; a timer to midnight misses sleep


class DayClock(QObject):
    """Holds the day the window works on and says when it changes.

    The source of the date is passed in (the wall clock at the entry point,
    a fixed day in tests), so nothing below the window reads the clock
    itself. A machine that sleeps through midnight wakes with timers late
    and the application re-activated: both lead to ``check()``.
    """

    day_changed = Signal(object)  # the new dt.date

    def __init__(self, source: Callable[[], dt.date], parent: QObject | None = None):
        super().__init__(parent)
        self._source = source
        self._day = source()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_state)

    def today(self) -> dt.date:
        """The day the window shows; changes only through ``check()``, so one
        action never sees two different days."""
        return self._day

    def check(self) -> bool:
        """Read the source; if the day moved on, say so. True when it did."""
        day = self._source()
        if day == self._day:
            return False
        self._day = day
        self.day_changed.emit(day)
        return True

    def _on_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()
