"""GUI fixtures: a main window on a book, with its own settings file."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QMenu

from refdesk.book import Book
from refdesk.demo import write_demo_book
from refdesk.ui.cards import install_cards_menu
from refdesk.ui.clock import DayClock
from refdesk.ui.context import AppContext
from refdesk.ui.main_window import MainWindow
from tests.gui.cards_book import fill

AS_OF = dt.date(2026, 11, 22)  # the demo books' day, and the board's "today"


@pytest.fixture(autouse=True)
def _no_unexpected_modal_dialogs(monkeypatch):
    """A modal dialog no test asked for would block the run forever: fail fast.

    Tests that expect a dialog patch its exec (or the static helper) themselves.
    """
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"unexpected modal dialog: {args[:3]}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    for name in ("question", "warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", refuse)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", refuse)
    monkeypatch.setattr(QInputDialog, "getText", refuse)


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread(qapp):
    """As in the app: no collection on a worker thread while windows live
    (it could destroy a Qt object there); the test's garbage is collected
    here, on the main thread, when it ends."""
    from refdesk.ui.main_thread_gc import MainThreadCollector

    collector = MainThreadCollector(interval_ms=200)
    yield collector
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Build a MainWindow on a book path (backups off unless asked for)."""
    windows = []

    def make(path=None, *, contacts: int = 0, backups: bool = False,
             clock: DayClock | None = None) -> MainWindow:
        path = path or tmp_path / f"book{len(windows)}.refdesk"
        if contacts and not path.exists():
            write_demo_book(path, contacts, seed=5, as_of=AS_OF)
        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        clock = clock or DayClock(lambda: AS_OF)
        window = MainWindow(AppContext(Book.open(path, lock=True), settings, clock),
                            backups=backups)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if not window.ctx.book.db.is_closed():
            window.ctx.book.close()


@pytest.fixture
def cards(qtbot, tmp_path):
    """The Cards menu installed on a bare window over a small book."""
    book = Book.open(tmp_path / "cards.refdesk")
    people = fill(book)
    ctx = AppContext(book, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                     DayClock(lambda: AS_OF))
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = QMenu("Cards", window)
    current = {"id": people.fred}
    actions = install_cards_menu(menu, ctx, window, lambda: current["id"])
    yield SimpleNamespace(ctx=ctx, book=book, people=people, actions=actions, menu=menu,
                          window=window, current=current)
    book.close()
