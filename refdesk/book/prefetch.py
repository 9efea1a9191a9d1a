"""Evaluating the board on a worker thread while the window is being built.

An unchanged book reuses its last board (board_cache); otherwise the board
is evaluated here and kept for next time.

Start-up imports Qt and builds the window (~0.2 s) while the board's
queries run here; SQLite releases the GIL while it works, so on a second
core most of the board is ready by the time the window wants it.
"""

from __future__ import annotations

import datetime as dt
import threading

from refdesk.book import Book
from refdesk.book.board import Agenda, ContactReadiness
from refdesk.book.board_cache import load_board, save_board


class BoardPrefetch:
    """The board and agenda of one day, computed on a thread of their own."""

    def __init__(self, book: Book, as_of: dt.date):
        self.as_of = as_of
        self._book = book
        self._records: list[ContactReadiness] | None = None
        self._agenda: Agenda | None = None
        self._error: BaseException | None = None
        self.from_cache = False
        self._thread = threading.Thread(target=self._run, name="board-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            saved = load_board(self._book, self.as_of)
            if saved is not None:
                self._records, self._agenda = saved
                self.from_cache = True
                return
            self._records = self._book.board.evaluate(self.as_of)
            self._agenda = self._book.board.agenda(self.as_of)
            save_board(self._book, self.as_of, (self._records, self._agenda))
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc
        finally:
            self._book.db.close()  # this thread's own connection (Peewee: one per thread)

    def result(self) -> tuple[list[ContactReadiness], Agenda]:
        """Wait for the board; re-raise on this thread whatever failed there."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._records is not None and self._agenda is not None
        return self._records, self._agenda
