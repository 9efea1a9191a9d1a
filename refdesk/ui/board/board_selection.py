"""Which contact is current on the board, in the lanes or the table, and
what the detail pane shows of it; a part of BoardView (board_view)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QTimer

from refdesk.domain.board_rows import ContactReadiness
from refdesk.ui.board.lane_model import RecordRole

if TYPE_CHECKING:
    from refdesk.ui.board.lane import Lane


class BoardSelection:
    """BoardView's selection: one current contact across every lane (or the
    table row), kept through refilters and edits. Works on the view's
    ``lanes``, ``stack``, ``table``/``table_proxy``, ``lane_area``,
    ``detail``, ``shown``, ``_by_id``, ``current_id``, ``ctx`` and
    ``contact_selected``, and its ``_in_place``/``_typing`` flags."""

    def _on_current(self, lane: Lane, index) -> None:
        if self._in_place or not index.isValid():
            return
        for other in self.lanes:  # one current contact across all lanes
            if other is not lane:
                other.view.selectionModel().clear()
        self._select_record(index.data(RecordRole))

    def _select_record(self, record: ContactReadiness | None) -> None:
        self.current_id = record.id if record else None
        if record is not None and record is self.detail.record:
            self.contact_selected.emit(record)  # shown already: no timeline to read again
            return
        if record is not None and self._typing:
            # While the rep types, the contact's timeline (a query) is read on
            # the next pass of the event loop, not in the keystroke's own.
            self.detail.show_record(record, [])
            QTimer.singleShot(0, lambda: self._show_timeline(record))
        else:
            # None before a warm start's book is open: take_over shows it then.
            book = self.ctx.book
            timeline = book.timeline(record.id) if record and book is not None else []
            self.detail.show_record(record, timeline)
        self.contact_selected.emit(record)

    def _show_timeline(self, record: ContactReadiness) -> None:
        if self.detail.record is record:  # still the one shown
            self.detail.show_record(record, self.ctx.book.timeline(record.id))

    def _reselect(self, follow_filter: bool = False) -> None:
        """Keep the current contact; when a search or filter hides it (or none
        is current), the first match becomes current, scrolled into view."""
        if self.current_id is not None and self.select_contact(self.current_id, focus=False):
            return
        if follow_filter and self.shown:
            first = next(r for lane in self.lanes for r in lane.model.records)
            self.select_contact(first.id, focus=False)
            return
        self.current_id = None
        self.detail.show_record(None, [])
        self._show_first_cards()

    def _show_first_cards(self) -> None:
        """With nothing current, scroll to the first lane that has cards, so a
        small book never looks empty because its cards sit in a lane off screen."""
        lane = next((lane for lane in self.lanes if lane.model.rowCount()), None)
        if lane is not None and self.stack.currentIndex() == 0:
            self.lane_area.ensureWidgetVisible(lane)

    def select_contact(self, contact_id: int, focus: bool = True) -> bool:
        """Make ``contact_id`` current wherever it is shown; False if filtered out."""
        if self.stack.currentIndex() == 1:
            for row in range(self.table_proxy.rowCount()):
                index = self.table_proxy.index(row, 0)
                if index.data(RecordRole).id == contact_id:
                    self.table.setCurrentIndex(index)
                    if focus:
                        self.table.setFocus()
                    return True
            return False
        for lane in self.lanes:
            row = lane.model.row_of(contact_id)
            if row is not None:
                index = lane.model.index(row)
                lane.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                lane.set_collapsed(False)  # a folded lane opens to show its card
                lane.view.scrollTo(index)
                self.lane_area.ensureWidgetVisible(lane)
                if focus:
                    lane.view.setFocus()
                self._select_record(lane.model.records[row])
                return True
        return False

    def current_record(self) -> ContactReadiness | None:
        return self._by_id.get(self.current_id) if self.current_id is not None else None

    def selected_ids(self) -> list[int]:
        """Every selected contact (lanes or table), for bulk actions."""
        if self.stack.currentIndex() == 1:
            rows = self.table.selectionModel().selectedRows()
            return [index.data(RecordRole).id for index in rows]
        ids = [index.data(RecordRole).id for lane in self.lanes
               for index in lane.view.selectionModel().selectedIndexes()]
        return ids or ([self.current_id] if self.current_id else [])

