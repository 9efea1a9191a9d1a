"""One background read at a time of what a view shows, handed on only while current.

The board and the pipeline both read the whole book on the context's worker
and swap the result in on the main thread. A read asked for while one runs
makes that one old: it is dropped when it arrives and the book read once
more. So is one that finds another book, another day or a newer revision of
the book on arrival. A read that fails is logged and made again here, on the
main thread, where a real failure reaches the user. A read nobody wants any
more (``drop``: a whole board brings its own agenda) is let go on arrival.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from refdesk.logs import log_unexpected

if TYPE_CHECKING:
    from collections.abc import Callable

    from refdesk.book import Book
    from refdesk.ui.background import Progress
    from refdesk.ui.context import AppContext


class LatestRead(QObject):
    """Subclasses say how to start a read (``_start``, which calls ``_began``
    and submits work ending in ``_done``/``_failed``) and how to make one on
    this thread (``read_here``). A result has ``book``, ``as_of`` and
    ``revision``: the book, day and revision it was read for."""

    ready = Signal(object)  # the result, current when emitted
    reading = "reading the book"  # what a failure is logged as

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._running = False
        self._again = False  # asked again while a read ran: its result is old
        self._unwanted = False  # dropped while it ran: let go, not read again
        self.dropped = 0  # results found old on arrival (tests read it)

    def busy(self) -> bool:
        """True while a read runs."""
        return self._running

    def drop(self) -> None:
        """The read running now is not wanted: its result is let go, and nothing
        read again unless asked for after this."""
        if self._running:
            self._unwanted, self._again = True, False

    def _ask(self, *start_with: Any) -> None:
        if self._running:
            self._again = True
        else:
            self._start(*start_with)

    def _start(self, *start_with: Any) -> None:
        raise NotImplementedError

    def read_here(self) -> Any:
        raise NotImplementedError

    def _submit(self, work: Callable[[Progress], Any], book: Book, *,
                close_after: bool = True) -> None:
        """Run a read of ``book`` on the worker, ending in ``_done`` or ``_failed``
        (``close_after``: the worker's connection to it closed after the read)."""
        self.ctx.worker.submit(work, self._done, lambda error: self._failed(error, book),
                               book=book if close_after else None)

    def _began(self) -> None:
        self._running, self._again, self._unwanted = True, False, False

    def _let_go(self) -> bool:
        """True when the read that ended was dropped and nothing asked since."""
        return self._unwanted and not self._again

    def _done(self, fresh: Any) -> None:
        self._running = False
        book = self.ctx.book
        if book.db.is_closed():  # the window closed its book meanwhile
            return
        if self._let_go():
            self.dropped += 1
            return
        if self._again or fresh.book is not book or fresh.as_of != self.ctx.today() \
                or fresh.revision != book.revision():
            self.dropped += 1
            self._start()  # asked again, edited meanwhile, or a book or day now gone
            return
        self._hand_on(fresh)

    def _hand_on(self, fresh: Any) -> None:
        """Give a current result to the views (subclasses may hand on a part)."""
        self.ready.emit(fresh)

    def _failed(self, error: BaseException, book: Book) -> None:
        """A read of ``book`` failed. Of a book the window has left since
        (closed under the read) it is no failure: the current book is read again."""
        self._running = False
        if self._let_go() or self.ctx.book.db.is_closed():
            return
        if book is not self.ctx.book:
            self._start()
            return
        log_unexpected(f"{self.reading} in the background",
                       (type(error), error, error.__traceback__))
        self._hand_on(self.read_here())
