"""Switching books while the old book's board is still being evaluated."""

from __future__ import annotations

import sqlite3

from refdesk.book import Book
from refdesk.book.board_cache import save_board
from refdesk.book.prefetch import BoardPrefetch
from refdesk.book.records import ContactData


def file_names(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT first_name FROM contact ORDER BY id")]
    finally:
        con.close()


def test_switching_books_during_a_background_board_shows_and_edits_the_new_book(
        make_window, qtbot, tmp_path):
    window = make_window(contacts=60)
    old = window.ctx.book
    old_path, new_path = old.path, tmp_path / "new.refdesk"
    with Book.open(new_path) as new:
        for i in range(4):
            new.contacts.add(ContactData(first_name=f"New{i}", last_name="Person"))
    today = window.ctx.today()
    # A last-saved board that is old, so the fresh one is evaluated in the background.
    save_board(old, today, (old.board.evaluate(today), old.board.agenda(today)))
    old.contacts.add(ContactData(first_name="OldLate"))
    prefetch = BoardPrefetch(old, today, hold_fresh=True)
    window.board.reload(prefetch)
    assert not window.board.is_fresh()

    assert window.switch_book(new_path)
    prefetch.release()  # the old book's board now runs on its thread, the old book closed
    qtbot.waitUntil(prefetch.done, timeout=10000)
    qtbot.wait(300)  # let the board's poll for the fresh board come and go

    book = window.ctx.book
    assert book is not old and book.path == new_path
    assert window.board.is_fresh()
    assert sorted(r.name for r in window.board.records) == [f"New{i} Person" for i in range(4)]
    assert len(prefetch.result()[0]) == 61  # the old book's own board, from its own file

    added = book.contacts.add(ContactData(first_name="Edited", last_name="Here"))
    book.activity.log_touchpoint(added, "feedback", today, note="in the new book")
    window.ctx.bus.emit_change("contacts", contacts=(added,))
    assert "Edited Here" in {r.name for r in window.board.records}
    assert file_names(new_path) == ["New0", "New1", "New2", "New3", "Edited"]
    assert "Edited" not in file_names(old_path) and "OldLate" in file_names(old_path)
