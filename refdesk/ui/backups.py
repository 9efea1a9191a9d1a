"""Automatic backups, taken on a worker thread: daily and on close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from refdesk.book.safekeeping import back_up, backup_due
from refdesk.errors import RefdeskError

CHECK_EVERY_MS = 60 * 60 * 1000  # the daily backup is checked hourly


class _Signals(QObject):
    finished = Signal(str)  # the backup written, or "" when nothing had changed
    failed = Signal(str)


class _BackupJob(QRunnable):
    def __init__(self, book: Path, force: bool, mirror: Path | None, signals: _Signals):
        super().__init__()
        self._book, self._force, self._mirror, self._signals = book, force, mirror, signals

    def run(self) -> None:
        # Plain sqlite3 on this thread; results cross back as queued signals.
        try:
            written = back_up(self._book, force=self._force, second_folder=self._mirror)
        except (RefdeskError, OSError) as exc:
            self._signals.failed.emit(str(exc))
            return
        self._signals.finished.emit(str(written or ""))


class BackupScheduler(QObject):
    """Backs up one book off the UI thread, skipping unchanged books."""

    def __init__(self, book: Path, parent: QObject | None = None, *,
                 second_folder: Callable[[], Path | None] = lambda: None):
        super().__init__(parent)
        self.book = book
        self._second_folder = second_folder  # read at each run: the user may change it
        self.signals = _Signals()
        self.finished, self.failed = self.signals.finished, self.signals.failed
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)  # one backup at a time
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Check now-ish and then every hour."""
        self._timer.start()
        QTimer.singleShot(30_000, self.check)

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        """Back up when the last backup is a day old (and the book changed)."""
        if backup_due(self.book):
            self.run()

    def run(self, *, force: bool = False) -> None:
        """Queue a backup now."""
        self._pool.start(_BackupJob(self.book, force, self._second_folder(), self.signals))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued backups are done (used on close)."""
        return self._pool.waitForDone(msecs)
