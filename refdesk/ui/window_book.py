"""The main window's book: opening another (or the demo), restoring one
from a backup, closing it, and its backups; a part of MainWindow (main_window)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from refdesk.errors import RefdeskError
from refdesk.ui.plain_text import plain

if TYPE_CHECKING:
    from refdesk.ui.backups import BackupScheduler

BOOK_FILTER = "refdesk books (*.refdesk);;All files (*)"


class WindowBook:
    """MainWindow's book files. Works on the window's ``ctx``, ``book_path``,
    ``backups``, ``_saved`` and ``_backups_enabled``, and its ``_run``,
    ``_warn`` and status bar."""

    def choose_second_folder(self) -> None:
        from refdesk.ui.book_safety import choose_second_folder

        choose_second_folder(self, self.ctx.settings)

    def _start_backups(self) -> BackupScheduler:
        from refdesk.ui.backups import BackupScheduler
        from refdesk.ui.book_safety import second_folder, warn_if_synced

        settings = self.ctx.settings
        scheduler = BackupScheduler(self.ctx.book.path, self,
                                    second_folder=lambda: second_folder(settings))
        scheduler.finished.connect(
            lambda path: path and self.statusBar().showMessage(f"Backed up to {path}", 5000))
        scheduler.failed.connect(
            lambda msg: self._warn("Backup failed", msg))
        if self._backups_enabled:
            scheduler.start()
            # After the window is up: a warning must not hold up the first paint.
            QTimer.singleShot(0, lambda: warn_if_synced(self, settings, self.ctx.book.path))
        return scheduler

    def back_up_now(self) -> None:
        self.backups.run(force=True)

    def open_book_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open Book",
                                              str(self.ctx.book.path.parent), BOOK_FILTER)
        if path:
            self.switch_book(Path(path))

    def open_demo_book(self) -> None:
        from refdesk.demo_book import demo_book

        self.switch_book(demo_book(self.ctx.today()))

    def switch_book(self, path: Path) -> bool:
        """Close the current book (backing it up) and open ``path`` in its place."""
        if path.resolve() == self.ctx.book.path.resolve():
            return True
        from refdesk.book import Book

        try:
            Book.open(path, create=False).close()  # refuse bad files before closing ours
        except RefdeskError as exc:
            self._warn("Cannot open book", str(exc))
            return False
        self._close_book()
        self._open_book(path)
        return True

    def _open_book(self, path: Path) -> None:
        from refdesk.book import Book

        self.ctx.book = Book.open(path, lock=True)
        self.book_path = path
        self.ctx.undo.clear()
        self.backups = self._start_backups()
        self.ctx.bus.emit_change("book")

    def restore_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from refdesk.book.safekeeping import check_restorable, restore_book
        from refdesk.paths import backups_dir

        start = backups_dir(self.ctx.book.path)
        path, _ = QFileDialog.getOpenFileName(self, "Restore from Backup", str(start),
                                              BOOK_FILTER)
        if not path:
            return
        if not self._run(lambda: check_restorable(Path(path))):
            return
        answer = QMessageBox.question(
            self, "Restore from Backup",
            plain(f"Replace the open book with {Path(path).name}?\n"
                  "The book as it is now is kept in its backups folder."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        book_path = self.ctx.book.path
        self._close_book()
        try:
            # A command holding the book: a short wait, not ten seconds of frozen window.
            restore_book(Path(path), book_path, wait=2.0)
        except RefdeskError as exc:
            self._warn("Restore failed", str(exc))
        finally:
            self._open_book(book_path)  # whatever happened, the window has a book

    def _close_book(self) -> None:
        if self.ctx.book is None:  # closed before its book was opened (a warm start)
            if self._saved is not None:
                self._saved.release()
                self._saved = None
            return
        self.backups.stop()
        self.backups.wait()
        self.ctx.book.close()
        if self._backups_enabled:
            self.backups.run()  # on close: skipped when nothing changed
            self.backups.wait()
