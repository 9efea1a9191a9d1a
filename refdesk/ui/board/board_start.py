"""How the board starts from a board saved by an earlier start: shown
before the book is open (each lane's first cards, then every record), then
taken over by the book; a part of BoardView (board_view)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from refdesk.domain.board_rows import Agenda, ContactReadiness
from refdesk.ui.board.board_refresh import lay_out

if TYPE_CHECKING:
    from refdesk.book import Book
    from refdesk.book.prefetch import BoardPrefetch


class BoardStart:
    """BoardView's start from a saved board. Works on the view's ``_show``,
    ``_show_count``, ``_fill_choices``, ``current_filter``, ``refresher``,
    ``today_panel``, ``shown``, ``records``, ``current_record`` and
    ``_show_timeline``, and its ``_lane_counts``, ``_rest``, ``_starting``,
    ``_saved_is_old`` and ``_shown_book``."""

    def show_saved(self, records: list[ContactReadiness], agenda: Agenda, as_of: dt.date, *,
                   exact: bool, counts: dict[str, int] | None = None,
                   rest: Callable[[], list[ContactReadiness] | None] | None = None) -> None:
        """Show a board saved by an earlier start, before the book is open
        (a warm start's first paint); ``exact``: the book is as it saw it.
        ``records`` may be each lane's first records only: ``counts`` then
        says how many each lane holds, and ``rest()`` gives every record
        (None: it cannot), read by complete_saved. take_over then makes the
        board the book's."""
        self._saved_is_old = not exact
        self._starting = True  # finish_start fills in the rest after the first paint
        self._show(lay_out(None, as_of, records, agenda, self.current_filter(), quick=True),
                   counts=counts)
        if rest is not None:
            self._rest = rest, as_of, agenda
        self._show_count()

    def complete_saved(self) -> None:
        """Read every record of a saved board shown by each lane's first ones
        (show_saved): as the window's first frame is seen (run_gui), before
        anything that needs them all (a search, the filters' choices, the
        table) and at the book's take-over. The lanes keep their rows and
        selection (no model reset: the first records are those on screen).
        Unreadable, the lanes show their first cards, and nothing past them,
        until the fresh board the take-over then evaluates replaces them."""
        if self._rest is None:
            return
        (rest, as_of, agenda), self._rest = self._rest, None
        records = rest()
        if records is None:
            self._saved_is_old = True  # "updating…": the fresh board is coming
            self._show_count()
            return
        self._show(lay_out(None, as_of, records, agenda, self.current_filter(), quick=True))

    def finish_start(self) -> None:
        """What a saved board shown left for after the first paint: its
        records (if not read yet), the rest of the day's agenda and the
        filters' choices (called when the book takes the board over)."""
        self.complete_saved()
        if self._starting:
            self._starting = False
            self.today_panel.finish()
            self._fill_choices()

    def take_over(self, book: Book, fresh: BoardPrefetch | None = None) -> None:
        """The saved board on screen is ``book``'s; ``fresh`` (its board being
        evaluated now, if the saved one is older than the book) replaces it
        when ready."""
        self.finish_start()
        self._shown_book = book
        if fresh is not None:
            self.refresher.request(fresh, self._lanes_shown())
        self._saved_is_old = False  # the refresher's busy() says so from here
        self._show_count()
        record = self.current_record()
        if record is not None:  # its timeline waited for the book
            self._show_timeline(record)

    def shown_of_total(self) -> tuple[int, int]:
        """How many contacts the board shows, of how many (all of a saved
        board shown by each lane's first records: see show_saved)."""
        if self._lane_counts is not None and self.current_filter().is_empty():
            total = sum(self._lane_counts.values())
            return total, total
        return len(self.shown), len(self.records)
