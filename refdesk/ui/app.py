"""Starting the GUI: the application, the book (or a clear error), the window."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import traceback
from pathlib import Path

from refdesk import STARTED, __version__
from refdesk.errors import RefdeskError
from refdesk.logs import finish_logging
from refdesk.paths import data_dir, make_private_dir

SMOKE_TIMEOUT_MS = 60_000
RESUME_COLLECTOR_MS = 10_000  # at the latest, should the first paint never come
# packaging/io.github.refdesk.refdesk.desktop, installed by the .deb
DESKTOP_FILE_NAME = "io.github.refdesk.refdesk"


def _check_display(smoke_test: bool) -> None:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    if smoke_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the smoke test needs no screen
        return
    raise RefdeskError("No display found (DISPLAY and WAYLAND_DISPLAY are unset). "
                       "Start refdesk from a desktop session, or use a sub-command "
                       "such as 'refdesk today'.")


def run_gui(book_path: Path, *, smoke_test: bool = False) -> int:
    """Run the application on ``book_path``; return the exit status."""
    import datetime as dt

    _check_display(smoke_test)
    # The one place the window's "today" comes from: the wall clock, read
    # again by the window's DayClock so an open window rolls over at midnight.
    wall_clock = dt.date.today
    t_enter = time.perf_counter()
    # Start-up makes ~a million objects and frees none of them as cycles: the
    # collector would only walk them over and over (~30 ms). It resumes after
    # the first paint, with start-up's objects frozen out of its passes.
    gc.disable()
    # A warm start paints the board its last start saved before the Book (and
    # Peewee) is even imported, and opens the book after the first paint.
    # Otherwise open the book and start the board before Qt loads, so both run
    # at once; if the book cannot be opened, the dialog below explains (Qt is needed).
    from refdesk.saved_board import peek_saved_board

    saved = peek_saved_board(Path(book_path), wall_clock())
    early_book, prefetch = (None, None) if saved is not None else \
        _open_and_prefetch(Path(book_path), wall_clock())
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from refdesk.ui.clock import DayClock
    from refdesk.ui.context import AppContext
    from refdesk.ui.first_paint import FirstPaint
    from refdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("refdesk")
    app.setOrganizationName("refdesk")
    app.setApplicationVersion(__version__)
    # Ties the window to refdesk.desktop (task bar grouping, Wayland's icon).
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    if saved is None:  # else after the first paint (~15 ms of files and QIcon)
        app.setWindowIcon(app_icon())  # every window's, the About box's included
    if not smoke_test:
        sys.excepthook = _show_unexpected_error
    t_qt = time.perf_counter()
    book = early_book
    if saved is None and book is None:
        book = open_book_or_ask(Path(book_path), interactive=not smoke_test)
        if book is None:
            _resume_collector()
            return 1
    t_book = time.perf_counter()
    # Made here, private, before Qt would make it with the umask's mode.
    settings = QSettings(str(make_private_dir(data_dir(), tighten=True) / "refdesk.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(AppContext(book, settings, DayClock(wall_clock)),
                        backups=not smoke_test, prefetched=prefetch,
                        remember_layout=not smoke_test, saved=saved)
    window.restore_window_state()
    painted = FirstPaint(window.paint_target())
    if saved is not None:  # the book opens right after the first paint
        def open_now() -> None:
            if app.windowIcon().isNull():
                app.setWindowIcon(app_icon())  # the window's too, shown already
            _open_after_paint(window, saved, interactive=not smoke_test)

        # Each lane's first cards painted, the rest of the saved board is read
        # at once (~15 ms at 10,000 contacts), before the book is opened.
        painted.seen.connect(window.board.complete_saved)
        painted.seen.connect(lambda: QTimer.singleShot(0, open_now))
        QTimer.singleShot(RESUME_COLLECTOR_MS, open_now)  # a window started hidden
    # Start-up's objects are the board's: with "Reading your book…" painted
    # first, the collector waits for the board (see _resume_collector).
    (window.board_shown if window.board_pending() else painted.seen).connect(_resume_collector)
    # The log file too (the start's records wait in memory till then).
    painted.seen.connect(lambda: QTimer.singleShot(0, finish_logging))
    QTimer.singleShot(RESUME_COLLECTOR_MS, finish_logging)  # a window started hidden
    QTimer.singleShot(RESUME_COLLECTOR_MS, _resume_collector)  # a window started hidden
    if prefetch is not None:  # the fresh board, if still to come, after the first paint
        painted.seen.connect(prefetch.release)
        QTimer.singleShot(RESUME_COLLECTOR_MS, prefetch.release)
    window.show()
    t_window = time.perf_counter()
    if not smoke_test:
        return app.exec()
    marks = {"qt_ready": t_qt, "book_open": t_book, "window_shown": t_window}
    return _smoke(app, window, painted, marks, t_enter)


def app_icon():
    """refdesk's icon at every shipped size (Qt loads a size when it is drawn)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from refdesk.assets import app_icon_files

    icon = QIcon()
    for size, path in app_icon_files().items():
        icon.addFile(str(path), QSize(size, size))
    return icon


def _resume_collector() -> None:
    from PySide6.QtWidgets import QApplication

    from refdesk.ui.main_thread_gc import MainThreadCollector

    app = QApplication.instance()
    # Marked on the application, not looked up with findChild: that would wrap
    # every object of the window to compare its type (~20 ms at start-up).
    if app is not None and getattr(app, "_refdesk_collector", None) is None:
        gc.freeze()  # start-up's objects live as long as the window: never walk them again
        # Collections from now on run on the main thread only (see main_thread_gc);
        # the application owns the collector.
        app._refdesk_collector = MainThreadCollector(app)


def _open_after_paint(window, saved, *, interactive: bool) -> None:
    """Open the book whose saved board the window shows, and hand it over;
    should it fail now, the same refusal (and offer of a backup) as before a
    paint, or the window closes."""
    from PySide6.QtWidgets import QApplication

    from refdesk.book import Book

    if not window.waiting_for_book():  # opened already, or the window closed meanwhile
        return
    try:
        book = Book.open(saved.path, lock=True, held=saved.lock)
    except RefdeskError as exc:
        if not interactive:
            print(f"refdesk: error: {exc}", file=sys.stderr)
            QApplication.exit(1)
            return
        book = open_book_or_ask(saved.path, interactive=True)
        if book is None:
            window.close()
            return
    window.attach_book(book)


def _open_and_prefetch(path: Path, today):
    from refdesk.book import Book
    from refdesk.book.prefetch import BoardPrefetch

    try:
        book = Book.open(path, lock=True)
    except RefdeskError:
        return None, None
    if book.is_empty():
        return book, None
    return book, BoardPrefetch(book, today, hold_fresh=True)


def open_book_or_ask(path: Path, *, interactive: bool):
    """Open the book; on failure explain why and offer its newest good backup,
    or another file."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from refdesk.book import Book
    from refdesk.book.safekeeping import newest_good_backup

    while True:
        try:
            return Book.open(path, lock=True)
        except RefdeskError as exc:
            if not interactive:
                raise
            good = newest_good_backup(path) if path.exists() else None
            text = str(exc)
            if good is not None:
                text += (f"\n\nThe newest good backup is {good.name}. Restoring it keeps "
                         "the book as it is now in its backups folder.")
            box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open book", text)
            box.setTextFormat(Qt.TextFormat.PlainText)  # a path can hold anything
            restore = box.addButton("Restore the Newest Backup", QMessageBox.ButtonRole.YesRole) \
                if good is not None else None
            other = box.addButton("Open Another Book…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if restore is not None and box.clickedButton() is restore:
                _restore_newest(good, path)
                continue
            if box.clickedButton() is not other:
                return None
            chosen, _ = QFileDialog.getOpenFileName(
                None, "Open Book", str(path.parent), "refdesk books (*.refdesk);;All files (*)")
            if not chosen:
                return None
            path = Path(chosen)


def _restore_newest(backup: Path, book: Path) -> None:
    """Put ``backup`` in place of ``book`` (the damaged one is kept aside)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from refdesk.book.safekeeping import restore_book

    try:
        kept = restore_book(backup, book, wait=2.0)  # on the UI thread: not long
    except RefdeskError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, "Restore failed", str(exc))
    else:
        box = QMessageBox(QMessageBox.Icon.Information, "Book restored",
                          f"{book.name} is back as of {backup.name}."
                          + (f"\nThe book it replaced is kept at {kept}." if kept else ""))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _smoke(app, window, painted, marks: dict[str, float], t_enter: float) -> int:
    """Wait for the board's first paint and, if that showed the last saved
    board, for the fresh one; print both times. A first start paints
    "Reading your book…" first: then the board's own first paint is waited for."""
    from PySide6.QtCore import QTimer

    from refdesk.ui.first_paint import FirstPaint

    seen: dict[str, float] = {"placeholder": window.board_pending()}
    later: list[FirstPaint] = []  # kept alive until it fires

    def fresh_now(at: float, wall: float) -> None:
        seen["fresh"], seen["fresh_wall"] = at, wall
        QTimer.singleShot(0, app.quit)

    def board_painted(paint: FirstPaint) -> None:
        # A saved board paints each lane's first cards: every record is in once
        # its rest is read, which run_gui's own listener, connected before this
        # one, has just done.
        seen["whole"] = time.perf_counter()
        board = window.board if window.stack.currentWidget() is window.board else None
        seen["stale"] = board is not None and not board.is_fresh()
        if seen["stale"]:
            board.refreshed.connect(lambda: fresh_now(time.perf_counter(), time.time()))
        else:
            fresh_now(paint.at, paint.wall)

    def board_shown() -> None:
        later.append(FirstPaint(window.paint_target()))
        later[0].seen.connect(lambda: board_painted(later[0]))

    if seen["placeholder"]:
        window.board_shown.connect(board_shown)
    else:
        painted.seen.connect(lambda: board_painted(painted))
    QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)
    app.exec()
    if painted.at is None or "fresh" not in seen:
        print("refdesk: error: the main window did not show the board within "
              f"{SMOKE_TIMEOUT_MS // 1000} s", file=sys.stderr)
        return 3
    ms = lambda t: round((t - STARTED) * 1000, 1)  # noqa: E731
    report = {"book": str(window.book_path), "contacts_shown": window.contacts_shown(),
              "python_imports_ms": ms(t_enter),
              **{f"{name}_ms": ms(t) for name, t in marks.items()},
              "first_paint_ms": ms(painted.at),
              # Work done before the first paint, whatever else the machine runs.
              "first_paint_cpu_ms": round(painted.cpu * 1000, 1),
              "first_paint_was_last_saved_board": seen["stale"],
              "first_paint_was_reading_placeholder": seen["placeholder"],
              "board_fresh_ms": ms(seen["fresh"]),
              # Every record of the board in (after the paint of a saved board's lanes' heads).
              "board_whole_ms": ms(seen["whole"]), "peak_rss_mb": _peak_rss_mb(),
              # Wall-clock stamps, so a launcher can time launch to paint without
              # counting the interpreter's exit.
              "first_paint_at": painted.wall, "board_fresh_at": seen["fresh_wall"]}
    print(json.dumps(report))
    window.close()
    return 0


def _peak_rss_mb() -> float | None:
    """Peak resident memory of this process in MiB (None where unknown)."""
    try:  # Linux: VmHWM starts afresh at exec; ru_maxrss keeps the parent's peak
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _show_unexpected_error(kind, value, tb) -> None:
    # A bug must not take the user's work with it: log it, say so, keep running.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from refdesk.logs import log_unexpected

    text = "".join(traceback.format_exception(kind, value, tb))
    print(text, file=sys.stderr)
    log = log_unexpected("the window", (kind, value, tb))
    where = f"The details are in the log: {log}" if log else "No log could be written."
    if QApplication.instance() is not None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Something went wrong",
                          f"refdesk hit an unexpected problem ({kind.__name__}: {value}).\n\n"
                          "Your book is safe: every change is saved as you make it.\n"
                          f"{where}")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText(text)
        box.exec()
