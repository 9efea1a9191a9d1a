"""An optional calendar file of the open follow-ups, kept up to date in a
folder the user picks, so a calendar app can subscribe to it.

The folder is set per computer (QSettings): another computer opening the same
book has its own folders. After each change to the book (a burst of them
debounced into one write), at start-up and on switching it on, the file is
rewritten on the window's worker; ``write_follow_up_calendar`` replaces it
whole, so a calendar reading it meanwhile never sees half a file. A write that
fails (the folder gone, the disk full) is logged and said once in the status
bar, until a write succeeds again: never a dialog at every change.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from refdesk.errors import RefdeskError
from refdesk.ui.context import Change
from refdesk.ui.follow_up_alerts import find_menu

if TYPE_CHECKING:
    from refdesk.book import Book
    from refdesk.ui.main_window import MainWindow

SETTING = "calendar/folder"
FILE_NAME = "refdesk-follow-ups.ics"
DEBOUNCE_MS = 2_000  # a bulk edit or an import is one write, not hundreds
STATUS_MS = 15_000

log = logging.getLogger(__name__)


class CalendarSync(QObject):
    """The menu switch, the debounce timer and the writes."""

    written = Signal(object)  # the file's Path, after each write
    failed = Signal(str)  # the message, after each failed write

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window, self.ctx = window, window.ctx
        self._reported = False  # a failure already shown since the last success
        self._announce = False  # say where the file is after the next write
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.write_soon)
        menu = find_menu(window, "Referrals")
        self.action = QAction("Keep a &Calendar File…", window)
        self.action.setCheckable(True)
        self.action.triggered.connect(self._triggered)
        menu.addAction(self.action)
        self._update_action()
        self.ctx.bus.changed.connect(self._on_changed)
        window.installEventFilter(self)  # closing with a write pending: write it first
        if self.folder() is not None:
            self.write_soon()  # start-up

    def folder(self) -> Path | None:
        """The folder the user picked, None while switched off."""
        value = self.ctx.settings.value(SETTING, "")
        return Path(str(value)) if value else None

    def path(self) -> Path | None:
        folder = self.folder()
        return folder / FILE_NAME if folder is not None else None

    def set_folder(self, folder: Path | None) -> None:
        """Keep the file in ``folder`` from now on (written at once), or stop (None)."""
        self.timer.stop()
        self._reported = False
        if folder is None:
            old = self.path()
            self.ctx.settings.remove(SETTING)
            if old is not None:
                self.window.statusBar().showMessage(
                    f"{old} is no longer kept up to date.", STATUS_MS)
        else:
            self.ctx.settings.setValue(SETTING, str(folder))
            self._announce = True
            self.write_soon()
        self._update_action()

    def _triggered(self, checked: bool) -> None:
        if not checked:
            self.set_folder(None)
            return
        start = str(self.folder() or Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self.window, "Keep the Follow-ups Calendar in Folder", start)
        if chosen:
            self.set_folder(Path(chosen))
        else:
            self._update_action()  # cancelled: still off

    def _update_action(self) -> None:
        path = self.path()
        self.action.setChecked(path is not None)
        tip = (f"Keeping {path} up to date; click to stop" if path is not None else
               "Keep a calendar file of the open follow-ups in a folder, "
               "for a calendar app to subscribe to")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)

    def _on_changed(self, change: Change) -> None:
        # Any change can touch a follow-up's line: a referral moved, a contact
        # renamed, another book opened, the next day's date stamp.
        if self.folder() is not None and change.areas:
            self.timer.start()  # (re)started: one write after the last change

    def write_soon(self) -> None:
        """Rewrite the file on the worker; the result arrives as ``written`` or ``failed``."""
        self.timer.stop()
        path, book, today = self.path(), self.ctx.book, self.ctx.today()
        if path is None or book.db.is_closed():
            return
        self.ctx.worker.submit(lambda _progress: self._write(book, path, today),
                               self._done, self._failed, book=book)

    def write_now(self) -> Path | None:
        """Rewrite the file here and now (the window is closing); the path or None."""
        self.timer.stop()
        path, book = self.path(), self.ctx.book
        if path is None or book.db.is_closed():
            return None
        try:
            self._done(self._write(book, path, self.ctx.today()))
        except Exception as exc:  # a closing window must close
            self._failed(exc)
            return None
        return path

    @staticmethod
    def _write(book: Book, path: Path, today: dt.date) -> Path:
        # Imported here, on the worker: icalendar costs start-up ~90 ms otherwise.
        from refdesk.exchange.follow_up_calendar import write_follow_up_calendar

        write_follow_up_calendar(book, path, today)
        return path

    def _done(self, path: Path) -> None:
        if path != self.path():  # switched off or moved while it was written
            return
        self._reported = False
        if self._announce:
            self._announce = False
            self.window.statusBar().showMessage(
                f"The follow-ups calendar is kept in {path}", STATUS_MS)
        self.written.emit(path)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, RefdeskError):
            # Its text names the folder, never a contact; the cause says why.
            cause = error.__cause__
            log.warning("Follow-ups calendar not written to %s: %s", self.path(),
                        type(cause).__name__ if cause else "RefdeskError")
            message = str(error)
        else:
            log.error("Follow-ups calendar not written", exc_info=error)
            message = f"Cannot write the follow-ups calendar: {type(error).__name__}."
        if not self._reported:
            self._reported = True
            self.window.statusBar().showMessage(
                f"{message} It is tried again after the next change.", STATUS_MS)
        self.failed.emit(message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close \
                and self.timer.isActive():
            self.write_now()
        return False


def install(window: MainWindow) -> CalendarSync:
    """Add Referrals > Keep a Calendar File… to ``window``; write the file now if on."""
    return CalendarSync(window)
