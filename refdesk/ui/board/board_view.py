"""The board: filters, the day's agenda, lanes by level (or a table), details."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from refdesk.domain.board_rows import Agenda, ContactReadiness
from refdesk.domain.vocabulary import LEVELS
from refdesk.ui.board.agenda_refresh import AgendaRefresh
from refdesk.ui.board.board_refresh import (
    BoardRefresh,
    FreshBoard,
    filter_records,
    lay_out,
    release_later,
)
from refdesk.ui.board.board_selection import BoardSelection
from refdesk.ui.board.board_start import BoardStart
from refdesk.ui.board.detail_pane import DetailPane
from refdesk.ui.board.filter_bar import FilterBar
from refdesk.ui.board.filtering import BoardFilter, search_text
from refdesk.ui.board.lane import Lane
from refdesk.ui.board.lane_keys import LaneKeys
from refdesk.ui.board.lane_model import RecordRole, board_order
from refdesk.ui.board.level_style import StalenessLegend
from refdesk.ui.board.today_panel import FIRST_ROWS, TodayPanel
from refdesk.ui.context import AppContext, Change

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QTableView

    from refdesk.book import Book
    from refdesk.book.prefetch import BoardPrefetch
    from refdesk.ui.board.table_model import BoardTableModel

BULK_RELOAD = 50  # changes touching more contacts than this reload the board


class BoardView(QWidget, BoardSelection, BoardStart):
    """The whole board; emits ``contact_selected`` and asks for actions."""

    refreshed = Signal()  # the board now shows the book as it is today
    filtered = Signal()  # the shown contacts changed (search, filters, edits)
    contact_selected = Signal(object)  # ContactReadiness or None
    action_requested = Signal(str, object)  # action name, ContactReadiness
    open_requested = Signal(object)  # ContactReadiness (Enter / double-click)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.records: list[ContactReadiness] = []
        self._by_id: dict[int, ContactReadiness] = {}  # the records by contact id
        self.shown: list[ContactReadiness] = []
        self._haystacks: dict[int, str] = {}
        self._shown_filter: BoardFilter | None = None  # what ``shown`` was filtered by
        self._shown_book: Book | None = None  # whose board is on screen
        self._in_place = False  # a contact's card moving between lanes (_on_change)
        self._typing = False  # refiltering for a search: the detail's timeline comes after
        self._ever_shown = False  # until then, nothing to keep showing: reload waits
        self._saved_is_old = False  # a saved board shown is older than the book (show_saved)
        self._starting = False  # a saved board shown, its agenda's rest and choices to come
        # A saved board shown by each lane's first records: how many each lane
        # holds, and how to read them all (show_saved; complete_saved reads them).
        self._lane_counts: dict[str, int] | None = None
        self._rest: tuple[Callable[[], list[ContactReadiness] | None], dt.date, Agenda] | None \
            = None
        self.refresher = BoardRefresh(ctx, self.current_filter, self)
        self.refresher.ready.connect(self._show_fresh)
        # After an edit made in place, the day's agenda is read on the worker too.
        self.agenda_reader = AgendaRefresh(ctx, self)
        self.agenda_reader.ready.connect(self._show_agenda)
        self.current_id: int | None = None

        self.filters = FilterBar()
        # Its parts, by the names the window and the tests reach them by.
        self.search, self.layout_choice, self.count = \
            self.filters.search, self.filters.layout_choice, self.filters.count
        self.tag_filter, self.product_filter, self.level_filter = self.filters.choices()
        self.search.focused.connect(self._ready_search)

        self.today_panel = TodayPanel()
        self.lanes = [Lane(level) for level in LEVELS]
        folded = set(str(ctx.settings.value("board/collapsed", "") or "").split(","))
        lanes_box = QWidget()
        row = QHBoxLayout(lanes_box)
        row.setContentsMargins(0, 0, 0, 0)
        for lane in self.lanes:
            row.addWidget(lane)
            lane.set_collapsed(lane.level in folded)
            lane.collapsed_changed.connect(self._remember_collapsed)
            lane.view.selectionModel().currentChanged.connect(
                lambda current, _prev, lane=lane: self._on_current(lane, current))
            lane.view.activated.connect(lambda index: self.open_requested.emit(
                index.data(RecordRole)))
        self.lane_keys = LaneKeys(self.lanes, self.select_contact, self)  # Left/Right
        self.lane_area = QScrollArea()
        self.lane_area.setWidget(lanes_box)
        self.lane_area.setWidgetResizable(True)
        # The lanes with the key to their staleness marks underneath.
        self.legend = StalenessLegend()
        lane_page = QWidget()
        page = QVBoxLayout(lane_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.lane_area, 1)
        page.addWidget(self.legend)
        self.stack = QStackedWidget()
        self.stack.addWidget(lane_page)
        # The table is built when first chosen (~11 ms most people never pay).
        self.table: QTableView | None = None
        self.table_model: BoardTableModel | None = None
        self.table_proxy: QSortFilterProxyModel | None = None

        self.detail = DetailPane()
        self.detail.action_requested.connect(
            lambda name: self.detail.record and self.action_requested.emit(name,
                                                                           self.detail.record))
        self.split = QSplitter()
        self.split.addWidget(self.stack)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([1000, 380])
        self.split.setCollapsible(0, False)
        # The day's agenda and the board share the height; the rep drags the
        # line between them, or folds the agenda away to the top.
        self.agenda_split = QSplitter(Qt.Orientation.Vertical)
        self.agenda_split.setObjectName("agenda-split")
        self.agenda_split.addWidget(self.today_panel)
        self.agenda_split.addWidget(self.split)
        self.agenda_split.setCollapsible(0, True)
        self.agenda_split.setCollapsible(1, False)
        self.agenda_split.setStretchFactor(1, 1)
        saved = ctx.settings.value("board/agenda_split")
        if isinstance(saved, QByteArray):
            self.agenda_split.restoreState(saved)
        self.agenda_split.splitterMoved.connect(
            lambda *_: ctx.settings.setValue("board/agenda_split",
                                             self.agenda_split.saveState()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.agenda_split, 1)

        self.filters.changed.connect(self.refilter)
        self.layout_choice.currentIndexChanged.connect(self._switch_layout)
        self.today_panel.contact_activated.connect(self.select_contact)
        ctx.bus.changed.connect(self._on_change)

    # -- data -----------------------------------------------------------------
    def reload(self, prefetched: BoardPrefetch | None = None) -> None:
        """Re-evaluate the whole book (or take a prefetched board) and redraw.

        The board keeps showing what it shows, "updating…", while the worker
        makes the fresh board (board_refresh); it is swapped in when ready
        (``refreshed``). A prefetched board that is still being evaluated
        shows the book's last saved board first. With nothing on screen yet
        (the window being built) the board is evaluated here.
        """
        self.agenda_reader.drop()  # the whole board brings its own agenda
        if prefetched is not None and prefetched.as_of == self.ctx.today():
            records, agenda, fresh = prefetched.first()
            # At start-up: the search text and the choices wait for after the paint.
            self._show(lay_out(prefetched.book, prefetched.as_of, records, agenda,
                               self.current_filter(), quick=True))
            if fresh:
                self.refreshed.emit()
            else:
                self.refresher.request(prefetched, self._lanes_shown())
                self._show_count()
            return
        if not self._ever_shown:
            self._evaluate_now()
            return
        if self._shown_book is not self.ctx.book:  # another book's contacts: never act on them
            self._show(lay_out(None, None, [], Agenda((), ()), self.current_filter()))
        self.refresher.request(before=self._lanes_shown())
        self._show_count()

    def _lanes_shown(self) -> dict[str, list[ContactReadiness]]:
        return {lane.level: lane.model.records for lane in self.lanes}

    def is_fresh(self) -> bool:
        """False while the board shown is older than the book and a fresh one is coming."""
        return not (self._saved_is_old or self.refresher.busy())

    def agenda_is_fresh(self) -> bool:
        """False while the day's agenda is being read again after an edit made in place."""
        return not self.agenda_reader.busy()

    def _evaluate_now(self) -> None:
        # Nothing to keep showing meanwhile: say it takes a moment.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            fresh = self.refresher.read_here()
        finally:
            QApplication.restoreOverrideCursor()
        self._show_fresh(fresh)

    def _show_fresh(self, fresh: FreshBoard) -> None:
        self._show(fresh)
        self.refreshed.emit()

    def _show(self, fresh: FreshBoard, counts: dict[str, int] | None = None) -> None:
        """Show a whole board made by lay_out: only swaps its lists in. With
        ``counts``, its records are each lane's first (see show_saved)."""
        self._lane_counts, self._rest = counts, None  # a pending rest is another board's
        self._shown_book = fresh.book
        self._ever_shown = True
        self.agenda_reader.drop()  # this board brings its own agenda
        # Held until the swap is done, then freed on the worker (release_later).
        old = [self.records, self.shown, *(lane.model.records for lane in self.lanes)]
        old_haystacks = self._haystacks
        self.records = fresh.records
        self._by_id = {r.id: r for r in fresh.records}  # ~1 ms: where _put finds a record
        self._haystacks = fresh.haystacks
        self._shown_filter = None  # ``shown`` is the old board's until set again
        if self.current_filter() == fresh.filter:
            self._show_shown(fresh.shown, fresh.lanes, fresh.filter)
        else:  # the filter changed while the board was being made
            self.refilter()
        kept = {id(rows) for rows in (self.records, self.shown,
                                      *(lane.model.records for lane in self.lanes))}
        gone = [rows for rows in old if rows and id(rows) not in kept]
        gone_haystacks = old_haystacks if old_haystacks is not self._haystacks else {}
        if gone or gone_haystacks:  # the first board replaces nothing: no worker thread yet
            release_later(self.ctx.worker, gone, gone_haystacks)
        if self._starting:  # a saved board, painted first: the rest at finish_start
            self.today_panel.show_agenda(fresh.agenda, first_rows=FIRST_ROWS)
            return
        self.today_panel.show_agenda(fresh.agenda)
        if fresh.tags is None:
            QTimer.singleShot(0, self._fill_choices)  # soon: no first paint waits for it
        else:
            self.filters.set_choices(fresh.tags, fresh.products)

    def _on_change(self, change: Change) -> None:
        if self.ctx.book is None:  # a saved board before its book is open: take_over follows
            return
        # Re-evaluating one by one costs ~0.6 ms a contact; past a few dozen
        # (a bulk tag), one pass over the whole board is faster.
        # (A saved board shown by each lane's first cards has no place for a card past them.)
        if "book" in change.areas or "settings" in change.areas or not change.contacts \
                or len(change.contacts) > BULK_RELOAD or self._shown_book is not self.ctx.book \
                or self._lane_counts is not None:
            self.reload()
            return
        # In place: each edited contact's card leaves its lane and goes in at its
        # sorted place, instead of re-sorting 10,000 records and resetting every lane.
        f = self.current_filter()
        current = self.current_id
        self._in_place = True  # a lane losing its current row must not move the selection
        try:
            for contact_id in change.contacts:
                self._put(contact_id, self.ctx.book.board.evaluate_one(contact_id,
                                                                       self.ctx.today()), f)
        finally:
            self._in_place = False
        self.current_id = current
        if self.table_model is not None and self.stack.currentIndex() == 1:
            self.table_model.set_rows(list(self.shown))
        if "contacts" in change.areas:
            self._fill_choices()
        self._show_count()
        self._reselect(follow_filter=not f.is_empty())
        self.filtered.emit()
        # One query over every follow-up (~80 ms on 10,000 contacts): on the worker.
        self.agenda_reader.request()

    def _show_agenda(self, agenda: Agenda) -> None:
        if self._shown_book is self.ctx.book:  # (checked by the reader too; cheap to be sure)
            self.today_panel.show_agenda(agenda)

    def _put(self, contact_id: int, fresh: ContactReadiness | None, f: BoardFilter) -> None:
        """Replace one contact's record (None: gone) in the records, the shown
        ones and the lanes, each kept in the board's order. The old record is
        found by halving each list on its sort key, not by a scan: a batch of
        fifty edits would otherwise walk 10,000 records fifty times."""
        old = self._by_id.pop(contact_id, None)
        if old is not None:
            key = board_order(old)
            for rows in (self.records, self.shown):
                at = bisect.bisect_left(rows, key, key=board_order)
                if at < len(rows) and rows[at].id == contact_id:
                    del rows[at]
            for lane in self.lanes:
                if lane.level == old.level and lane.remove_record(contact_id, old):
                    break
        if fresh is None:
            self._haystacks.pop(contact_id, None)
            return
        bisect.insort(self.records, fresh, key=board_order)
        self._by_id[contact_id] = fresh
        hay = search_text(fresh) if self._haystacks or f.text else ""
        if self._haystacks:
            self._haystacks[contact_id] = hay
        if f.is_empty() or f.matches(fresh, hay):
            bisect.insort(self.shown, fresh, key=board_order)
            lane = next((lane for lane in self.lanes if lane.level == fresh.level), None)
            if lane is not None:
                lane.insert_record(fresh)

    def _fill_choices(self) -> None:
        self.complete_saved()
        self.filters.set_choices(
            sorted({t for r in self.records for t in r.tags}, key=str.casefold),
            sorted({p for r in self.records for p in r.products}, key=str.casefold))

    def clear_filters(self) -> None:
        """Show every contact again: no search text, all tags, products and levels."""
        self.filters.clear()  # refilters once

    def current_filter(self) -> BoardFilter:
        return self.filters.current_filter()

    def refilter(self) -> None:
        """Apply the search and filters to the lanes and the table."""
        self.complete_saved()
        f = self.current_filter()
        if f.text and not self._haystacks:
            self._haystacks = {r.id: search_text(r) for r in self.records}
        # A letter typed onto the search narrows what is shown: look only there.
        base = self.shown if _narrows(self._shown_filter, f) else self.records
        shown = filter_records(base, f, self._haystacks)
        per_level: dict[str, list[ContactReadiness]] = {level: [] for level in LEVELS}
        for record in shown:
            per_level.setdefault(record.level, []).append(record)
        self._typing = bool(f.text)
        try:
            self._show_shown(shown, per_level, f)
        finally:
            self._typing = False

    def _show_shown(self, shown: list[ContactReadiness],
                    per_level: dict[str, list[ContactReadiness]], f: BoardFilter) -> None:
        self.shown, self._shown_filter = shown, f
        counts = self._lane_counts if f.is_empty() else None
        for lane in self.lanes:
            lane.set_records(per_level[lane.level], filtered=not f.is_empty(),
                             rows=None if counts is None else counts.get(lane.level, 0))
        if self.table_model is not None:  # filled only while shown
            self.table_model.set_rows(shown if self.stack.currentIndex() == 1 else [])
        self._show_count()
        self._reselect(follow_filter=not f.is_empty())
        self.filtered.emit()

    def _show_count(self) -> None:
        updating = "" if self.is_fresh() else " · updating…"  # a fresh board is coming
        shown, total = self.shown_of_total()
        self.count.setText(f"{shown} of {total}{updating}")

    def _remember_collapsed(self) -> None:
        self.ctx.settings.setValue(
            "board/collapsed", ",".join(lane.level for lane in self.lanes if lane.collapsed))

    def painted_view(self) -> QAbstractItemView | None:
        """The view whose first paint means the board is on screen: the table,
        or the first lane not folded (a folded lane's view never paints); None
        when every lane is folded."""
        if self.stack.currentIndex() == 1:
            return self.table
        return next((lane.view for lane in self.lanes if not lane.collapsed), None)

    def _build_table(self) -> QTableView:
        # Imported here: making these Qt types costs start-up time too.
        from refdesk.ui.board.board_table import make_table

        self.table, self.table_model, self.table_proxy = make_table(self)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._select_record(current.data(RecordRole)))
        self.table.activated.connect(lambda index: self.open_requested.emit(
            index.data(RecordRole)))
        self.stack.addWidget(self.table)
        return self.table

    def _switch_layout(self, index: int) -> None:
        # The table is filled only while shown: 10,000 rows through its sort
        # proxy would cost start-up for a view most people never open.
        self.complete_saved()  # every row, not each lane's first
        if index == 1 and self.table is None:
            self._build_table()
        if self.table_model is not None:
            self.table_model.set_rows(self.shown if index == 1 else [])
        self.stack.setCurrentIndex(index)
        if self.current_id is not None:
            self.select_contact(self.current_id, focus=False)

    # -- the search box's focus ------------------------------------------------
    def _ready_search(self) -> None:
        # ~40 ms at 10,000 contacts: paid when the rep clicks or presses
        # Ctrl+F, not on the first letter typed.
        self.complete_saved()
        if not self._haystacks:
            self._haystacks = {r.id: search_text(r) for r in self.records}


def _narrows(before: BoardFilter | None, after: BoardFilter) -> bool:
    """True when every record ``after`` lets through, ``before`` let through
    too: the same choices, and the search text typed on (more letters or words)."""
    return (before is not None and before.text and after.tag == before.tag
            and after.product == before.product and after.level == before.level
            and after.text.casefold().startswith(before.text.casefold()))
