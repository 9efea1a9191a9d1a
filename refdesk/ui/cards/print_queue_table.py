"""The print queue's rows and the table model that shows them.

A model, not a QTableWidget: hundreds of owed cards made thousands of items
on every reload (~30-45 ms on the window's thread after each batch); a model
answers only for the rows on screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from refdesk.book.cards import OCCASION_FOR_KIND
from refdesk.book.records import FollowUpRecord
from refdesk.cards.card_jobs import CardJob
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS
from refdesk.ui.cards.card_options import occasion_name
from refdesk.ui.cards.composer_text import due_text
from refdesk.ui.pipeline.list_table_model import ListTableModel

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("To", "Card", "About", "Due", "Status")
STATUS = len(COLUMNS) - 1
PROBLEM_RED = QColor("#9b1c1c")


@dataclass
class QueueRow:
    """One owed card: its follow-up, and the job to print it or why it cannot be."""

    follow_up: FollowUpRecord
    name: str
    referred: str
    job: CardJob | None
    problem: str
    printed_on: dt.date | None


class QueueTableModel(ListTableModel[QueueRow]):
    """Owed cards, one a row; the first column ticks a card in or out of the batch."""

    headers = COLUMNS
    ticks_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = dt.date.min
        # Follow-ups the user left out, kept across reloads (a new card comes in ticked).
        self.unticked: set[int] = set()

    def show(self, rows: list[QueueRow], today: dt.date) -> None:
        self.today = today
        self.set_rows(rows)

    def is_ticked(self, row: int) -> bool:
        queued = self.rows[row]
        return queued.job is not None and queued.follow_up.id not in self.unticked

    def set_ticked(self, row: int, ticked: bool) -> None:
        fu = self.rows[row].follow_up.id
        (self.unticked.discard if ticked else self.unticked.add)(fu)
        cell = self.index(row, 0)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()

    def ticked(self) -> list[QueueRow]:
        return [row for i, row in enumerate(self.rows) if self.is_ticked(i)]

    def text(self, row: int, column: int) -> str:
        queued = self.rows[row]
        fu = queued.follow_up
        if column == 0:
            return queued.name
        if column == 1:
            occasion = OCCASION_FOR_KIND.get(fu.kind, "")
            return occasion_name(occasion) if occasion else fu.kind
        if column == 2:
            return queued.referred or "—"
        if column == 3:
            return due_text(fu.due_on, self.today)
        if queued.problem:
            return queued.problem
        return f"Printed {queued.printed_on:%d %b}, not sent" if queued.printed_on else "Ready"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self.is_ticked(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            queued = self.rows[row]
            return queued.problem or FOLLOW_UP_KINDS.get(queued.follow_up.kind, "")
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS and self.rows[row].problem:
            return QBrush(PROBLEM_RED)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0 and self.rows[index.row()].job is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or index.column() != 0 or self.rows[index.row()].job is None):
            return False
        self.set_ticked(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True
