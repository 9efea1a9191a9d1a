"""Evaluating the board on a worker thread while the window is being built.

An unchanged book reuses its last board (board_cache); otherwise the board
is evaluated here and kept for next time.

Start-up imports Qt and builds the window (~0.2 s) while the board's
queries run here; SQLite releases the GIL while it works, so on a second
core most of the board is ready by the time the window wants it. When the
last saved board can be shown meanwhile, the fresh one may wait for
``release()`` (the first paint): evaluating is mostly Python, and would only
slow the window down by as much as it got done.
"""

from __future__ import annotations

import datetime as dt
import threading

from refdesk.book import Book
from refdesk.book.board_cache import load_saved, save_board
from refdesk.domain.board_rows import Agenda, ContactReadiness


class BoardPrefetch:
    """The board and agenda of one day, computed on a thread of their own.

    ``first()`` answers as soon as there is something to show: the exact
    saved board, the fresh one, or else the last board saved for this book
    (stale: another day or revision) while the fresh one is still coming;
    ``result()`` waits for the fresh one.
    """

    def __init__(self, book: Book, as_of: dt.date, *, hold_fresh: bool = False,
                 use_saved: bool = True, keep: bool | None = None):
        self.as_of = as_of
        self.book = book
        self._use_saved = use_saved  # off: evaluate only (a refresh of a board on screen)
        # Save the board for the next start (by default when reading one too);
        # on: a window that painted the saved board already and wants the fresh one kept.
        self._keep = use_saved if keep is None else keep
        self._book = book
        self._records: list[ContactReadiness] | None = None
        self._agenda: Agenda | None = None
        self._stale: tuple[list[ContactReadiness], Agenda] | None = None
        self._error: BaseException | None = None
        self.from_cache = False
        self.start_revision: int | None = None  # the book as the fresh board saw it
        self._something = threading.Event()
        self._done = threading.Event()
        self._go = threading.Event()  # the fresh board may start (see release)
        if not hold_fresh:
            self._go.set()
        self._thread = threading.Thread(target=self._run, name="board-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.start_revision = self._book.revision()
            if not self._use_saved:
                # Nothing read or written beside the book: a JSON load or dump
                # holds the GIL for its whole run, a stall for the window.
                self._records = self._book.board.evaluate(self.as_of)
                self._agenda = self._book.board.agenda(self.as_of)
                if self._keep:
                    save_board(self._book, self.as_of, (self._records, self._agenda),
                               revision=self.start_revision)
                return
            saved = load_saved(self._book, self.as_of)
            if saved is not None and saved[1]:  # exactly current
                self._records, self._agenda = saved[0]
                self.from_cache = True
                return
            if saved is not None:  # another day's or revision's: shown meanwhile
                self._stale = saved[0]
                self._something.set()
                self._go.wait()
            self._records = self._book.board.evaluate(self.as_of)
            self._agenda = self._book.board.agenda(self.as_of)
            save_board(self._book, self.as_of, (self._records, self._agenda),
                       revision=self.start_revision)
        except BaseException as exc:  # handed to the main thread by result()
            self._error = exc
        finally:
            self._book.db.close()  # this thread's own connection (Peewee: one per thread)
            self._done.set()
            self._something.set()

    def first(self) -> tuple[list[ContactReadiness], Agenda, bool]:
        """(records, agenda, fresh) as soon as any board can be shown."""
        self._something.wait()
        if self._done.is_set() or self._stale is None:
            records, agenda = self.result()
            return records, agenda, True
        return self._stale[0], self._stale[1], False

    def ready(self) -> bool:
        """True once ``first()`` answers without waiting."""
        return self._something.is_set()

    def release(self) -> None:
        """Let the fresh board start, if it was held back (``hold_fresh``)."""
        self._go.set()

    def done(self) -> bool:
        """True once the fresh board (or its failure) is in."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the fresh board; True once it is in."""
        return self._done.wait(timeout)

    def result(self) -> tuple[list[ContactReadiness], Agenda]:
        """Wait for the fresh board; re-raise on this thread whatever failed there."""
        self.release()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._records is not None and self._agenda is not None
        return self._records, self._agenda
