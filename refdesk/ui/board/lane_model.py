"""One lane's contacts (or all of them) as a Qt list model of board records."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt

from refdesk.domain.board_rows import ContactReadiness
from refdesk.domain.vocabulary import LEVELS
from refdesk.ui.board.level_style import level_label, staleness_meaning
from refdesk.ui.plain_text import plain

RecordRole = Qt.ItemDataRole.UserRole + 10
_Index = QModelIndex | QPersistentModelIndex
_LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}
_KINDS = {"customer": "Customer", "prospect": "Prospect", "referred": "Referred"}


def board_order(record: ContactReadiness) -> tuple[int, str, int]:
    """The board's order as a key (``sort_board``'s): level in work order,
    then score (highest first), then name, then id."""
    return (_LEVEL_ORDER.get(record.level, len(_LEVEL_ORDER)) * 128 - record.score,
            record.name.casefold(), record.id)


def company_line(record: ContactReadiness) -> str:
    """The card's second line: the company, or what kind of contact they are."""
    return record.company or _KINDS.get(record.kind, "")


def record_summary(record: ContactReadiness) -> str:
    """Everything a card shows, whole (a card elides): name, company, level,
    every reason, the next action and what the staleness cue means."""
    return "\n".join((record.name, company_line(record),
                      f"{level_label(record.level)} · score {record.score}",
                      *(f"• {reason}" for reason in record.reasons),
                      f"Next: {record.next_action}",
                      staleness_meaning(record.days_since_touch)))


def record_tooltip(record: ContactReadiness) -> str:
    """``record_summary`` as a tooltip that shows names exactly as typed."""
    return plain(record_summary(record))


def accessible_text(record: ContactReadiness) -> str:
    """What a screen reader says for a card: name, level, next action."""
    return f"{record.name}, {level_label(record.level)}. Next: {record.next_action}"


def accessible_description(record: ContactReadiness) -> str:
    """The reasons behind the level, then the staleness in words."""
    return "; ".join((*record.reasons, staleness_meaning(record.days_since_touch)))


class LaneModel(QStringListModel):
    """Records shown in one lane; the delegate paints each from RecordRole.

    Its rows are counted in C++: a list of empty strings stands beside the
    records. Qt asks a model's row count once a card when it lays a lane out,
    and a Python ``rowCount`` made that ~1.7 us a card (~34 ms for a board of
    10,000, before the window's first paint). The records follow the rows in
    slots connected before any view's, so every view sees them in step."""

    def __init__(self, level: str, parent=None):
        super().__init__(parent)
        self.level = level
        self.records: list[ContactReadiness] = []
        self._coming: ContactReadiness | None = None  # the record an insert brings
        self.rowsRemoved.connect(self._records_removed)
        self.rowsInserted.connect(self._record_inserted)

    def set_records(self, records: list[ContactReadiness], rows: int | None = None) -> None:
        """Replace the rows (already filtered and sorted). With ``rows``, the
        lane holds that many and ``records`` are the first of them (a saved
        board's head): a row past them has no data until records arrive
        that begin with them and fill every row. Records that fill the rows
        and begin with those shown take their place with no reset, so the
        lane keeps its scroll and selection."""
        shown = len(self.records)
        # (Equal records in another list, too: a saved board's lane read whole.)
        if rows is None and len(records) == self.rowCount() and records[:shown] == self.records:
            self.records = records
            if shown < len(records):
                self.dataChanged.emit(self.index(shown), self.index(len(records) - 1))
            return
        rows = len(records) if rows is None else max(rows, len(records))
        self.records = records
        self.setStringList([""] * rows)  # a model reset

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or index.row() >= len(self.records):
            return Qt.ItemFlag.NoItemFlags  # (a row whose record is still to come)
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled  # never edited

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.records):
            return None  # (a row whose record is still to come: see set_records)
        record = self.records[index.row()]
        if role == RecordRole:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return record.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return record_tooltip(record)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return accessible_text(record)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return accessible_description(record)
        return None

    def remove_row(self, row: int) -> None:
        """Take one row out (an edited contact leaving this lane or place)."""
        self.removeRows(row, 1)

    def insert_sorted(self, record: ContactReadiness) -> int:
        """Put ``record`` in at its place in the board's order; its row."""
        row = bisect.bisect_left(self.records, board_order(record), key=board_order)
        self._coming = record
        self.insertRows(row, 1)
        return row

    def _records_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        del self.records[first:last + 1]

    def _record_inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        self.records.insert(first, self._coming)
        self._coming = None

    def row_of(self, contact_id: int, record: ContactReadiness | None = None) -> int | None:
        """The row of ``contact_id`` in this lane, if it is here; given the
        record shown for them, found by halving on its sort key."""
        if record is not None:
            row = bisect.bisect_left(self.records, board_order(record), key=board_order)
            ok = row < len(self.records) and self.records[row].id == contact_id
            return row if ok else None
        for i, record in enumerate(self.records):
            if record.id == contact_id:
                return i
        return None
