"""The day's agenda after an edit made in place: read on the worker, swapped in on the main thread.

An edit of a few contacts moves their cards at once (board_view), but the
agenda is one query over every follow-up (~80 ms on a 10,000-contact book):
on the main thread it stalled the window. It is one more latest read
(ui/latest_read): one at a time, a result a newer change, another book or
another day has made old read again, and one a whole-board refresh has made
unwanted (it brings its own agenda) let go.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from refdesk.ui.latest_read import LatestRead

if TYPE_CHECKING:
    from refdesk.book import Book
    from refdesk.domain.board_rows import Agenda
    from refdesk.ui.background import Progress


class FreshAgenda(NamedTuple):
    """An agenda, with the book, day and revision it was read for."""

    book: Book
    as_of: dt.date
    revision: int
    agenda: Agenda


def read_agenda(book: Book, as_of: dt.date) -> FreshAgenda:
    """The book's agenda on the day, as the book is now."""
    return FreshAgenda(book, as_of, book.revision(), book.board.agenda(as_of))


class AgendaRefresh(LatestRead):
    """Reads the agenda on the worker; ``ready`` hands the current Agenda to the main thread."""

    reading = "reading the day's agenda"

    def request(self) -> None:
        """Read the agenda as the book is now; asked while one runs, once more after it."""
        self._ask()

    def _start(self) -> None:
        self._began()
        book, as_of = self.ctx.book, self.ctx.today()

        def work(_progress: Progress) -> FreshAgenda:
            return read_agenda(book, as_of)

        self._submit(work, book)

    def read_here(self) -> FreshAgenda:
        """The agenda read on this thread (the fallback when the worker failed)."""
        return read_agenda(self.ctx.book, self.ctx.today())

    def _hand_on(self, fresh: FreshAgenda) -> None:
        self.ready.emit(fresh.agenda)
