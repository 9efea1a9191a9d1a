"""One lane's contacts (or all of them) as a Qt list model of board records."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from refdesk.book.board import ContactReadiness
from refdesk.ui.plain_text import plain

RecordRole = Qt.ItemDataRole.UserRole + 10
_Index = QModelIndex | QPersistentModelIndex


class RecordRows:
    """A Qt model's rows as a list of board records (lanes and the table)."""

    records: list[ContactReadiness]

    def set_records(self, records: list[ContactReadiness]) -> None:
        """Replace the rows (already filtered and sorted)."""
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)


class LaneModel(RecordRows, QAbstractListModel):
    """Records shown in one lane; the delegate paints each from RecordRole."""

    def __init__(self, level: str, parent=None):
        super().__init__(parent)
        self.level = level
        self.records = []

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == RecordRole:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return record.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain("\n".join((record.name, *record.reasons,
                                    f"Next: {record.next_action}")))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{record.name}, {record.level.replace('_', ' ')}: {record.next_action}"
        return None

    def row_of(self, contact_id: int) -> int | None:
        """The row of ``contact_id`` in this lane, if it is here."""
        for i, record in enumerate(self.records):
            if record.id == contact_id:
                return i
        return None
