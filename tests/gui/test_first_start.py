"""A book's first start (no saved board): "Reading your book…" is painted
first and the board replaces it when the worker has evaluated it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from refdesk.book import Book
from refdesk.book.prefetch import BoardPrefetch
from refdesk.demo import write_demo_book
from refdesk.ui.clock import DayClock
from refdesk.ui.context import AppContext
from refdesk.ui.main_window import MainWindow

from .conftest import AS_OF

CONTACTS = 2000  # ~80 ms to evaluate: still being evaluated when the window is built


def _window(qtbot, tmp_path, path, prefetched=None) -> MainWindow:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    book = Book.open(path, lock=True)
    if prefetched is not None:
        prefetched = prefetched(book)
    window = MainWindow(AppContext(book, settings, DayClock(lambda: AS_OF)), backups=False,
                        prefetched=prefetched)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def reading(qtbot, tmp_path):
    """A window on a book whose first board is still being evaluated."""
    path = tmp_path / "big.refdesk"
    write_demo_book(path, CONTACTS, seed=5, as_of=AS_OF)
    window = _window(qtbot, tmp_path, path,
                     lambda book: BoardPrefetch(book, AS_OF, hold_fresh=True, use_saved=False))
    yield window
    window.ctx.book.close()


def test_the_window_paints_before_the_first_board_and_shows_it_when_ready(reading, qtbot,
                                                                          tmp_path):
    window = reading
    assert window.board_pending() and window.stack.currentWidget() is window.reading
    assert window.paint_target() is window.reading  # start-up's finish line
    assert window.contacts_shown() == 0 and window.selected_contact_id() is None
    assert window.statusBar().currentMessage().startswith("Reading the book")
    window.resize(900, 600)
    window.show()
    window.reading.grab().save(str(tmp_path / "reading.png"))
    with qtbot.waitSignal(window.board_shown, timeout=10_000):
        pass
    assert not window.board_pending() and window.stack.currentWidget() is window.board
    assert window.contacts_shown() == CONTACTS and window.board.is_fresh()
    assert window.paint_target() is window.board.painted_view()  # a lane: it says it painted
    assert f"{CONTACTS} of {CONTACTS} contacts" in window.statusBar().currentMessage()


def test_an_edit_while_reading_is_on_the_board_it_shows(reading, qtbot):
    from refdesk.book.records import ContactData

    window = reading
    assert window.board_pending()
    # Written while the worker still evaluates the book as it was.
    newcomer = window.ctx.book.contacts.add(ContactData(first_name="Newcomer"))
    with qtbot.waitSignal(window.board_shown, timeout=10_000):
        pass
    assert newcomer in {r.id for r in window.board.records}
    assert len(window.board.records) == CONTACTS + 1


def test_a_board_already_evaluated_is_shown_at_once(qtbot, tmp_path):
    path = tmp_path / "small.refdesk"
    write_demo_book(path, 30, seed=5, as_of=AS_OF)
    window = _window(qtbot, tmp_path, path)
    try:
        prefetch = BoardPrefetch(window.ctx.book, AS_OF, use_saved=False)
        prefetch.wait()
        window.reload(prefetch)
        assert not window.board_pending() and window.stack.currentWidget() is window.board
        assert window.contacts_shown() == 30
    finally:
        window.ctx.book.close()
