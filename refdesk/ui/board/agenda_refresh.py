"""The day's agenda after an edit made in place: read on the worker, swapped in on the main thread.

An edit of a few contacts moves their cards at once (board_view), but the
agenda is one query over every follow-up (~80 ms on a 10,000-contact book):
on the main thread it stalled the window. It runs on the context's worker,
one read at a time; a result a newer change, a whole-board refresh (which
brings its own agenda), another book or another day has made old is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from refdesk.logs import log_unexpected

if TYPE_CHECKING:
    import datetime as dt

    from refdesk.book import Book
    from refdesk.domain.board_rows import Agenda
    from refdesk.ui.background import Progress
    from refdesk.ui.context import AppContext


class AgendaRefresh(QObject):
    """Reads the agenda on the worker; ``ready`` hands the current one to the main thread."""

    ready = Signal(object)  # an Agenda of the context's book on its day, as the book is now

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._running = False
        self._again = False  # asked again while a read ran: read once more after it
        self._generation = 0  # bumped by each request and each drop: older reads are old
        self.dropped = 0  # results found old on arrival (tests read it)

    def busy(self) -> bool:
        """True while an agenda is being read or waits to be read."""
        return self._running

    def request(self) -> None:
        """Read the agenda as the book is now; asked while one runs, once more after it."""
        self._generation += 1
        if self._running:
            self._again = True
            return
        self._start()

    def drop(self) -> None:
        """Whatever is being read is not wanted (a whole board with its agenda is coming)."""
        self._generation += 1
        self._again = False

    def _start(self) -> None:
        self._running, self._again = True, False
        book, as_of, generation = self.ctx.book, self.ctx.today(), self._generation

        def work(_progress: Progress) -> tuple[int, Agenda]:
            return book.revision(), book.board.agenda(as_of)

        self.ctx.worker.submit(
            work, lambda result: self._done(book, as_of, generation, *result),
            lambda error: self._failed(book, error), book=book)

    def _done(self, book: Book, as_of: dt.date, generation: int, revision: int,
              agenda: Agenda) -> None:
        self._running = False
        if self._again:  # a newer change came in: this read is old, read again
            self.dropped += 1
            self._start()
            return
        if generation != self._generation or book is not self.ctx.book \
                or book.db.is_closed() or as_of != self.ctx.today():
            self.dropped += 1  # a reload, another book or another day since
            return
        if book.revision() != revision:  # written meanwhile without a change told yet
            self.dropped += 1
            self._start()
            return
        self.ready.emit(agenda)

    def _failed(self, book: Book, error: BaseException) -> None:
        self._running = False
        if book is self.ctx.book:  # (a book switched away from may be closed under the read)
            # Logged; the panel keeps what it shows until the next change or refresh.
            log_unexpected("reading the day's agenda in the background",
                           (type(error), error, error.__traceback__))
        if self._again:
            self._start()
