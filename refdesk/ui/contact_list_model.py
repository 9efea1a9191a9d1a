"""The contact list as a Qt table model (model/view: no widget per contact)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from refdesk.book import Book
from refdesk.book.records import ContactRow
from refdesk.domain.vocabulary import CONTACT_KINDS

COLUMNS = (("Name", "name"), ("Company", "company"), ("Kind", "kind"), ("Email", "email"),
           ("Phone", "phone"), ("Tags", "tags"))
ContactIdRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class ContactListModel(QAbstractTableModel):
    """Rows of the book's contacts, loaded in one set-based read."""

    def __init__(self, book: Book, parent=None):
        super().__init__(parent)
        self._book = book
        self._rows: list[ContactRow] = []

    def set_book(self, book: Book) -> None:
        """Show another book's contacts (after File > Open)."""
        self._book = book
        self.reload()

    def reload(self) -> None:
        """Re-read every row from the book."""
        self.beginResetModel()
        self._rows = self._book.contacts.rows()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(row, COLUMNS[index.column()][1])
            return CONTACT_KINDS.get(value, value) if index.column() == 2 else value
        if role == ContactIdRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def contact_id(self, row: int) -> int:
        """The contact id shown in ``row``."""
        return self._rows[row].id

    def row_of(self, contact_id: int) -> int | None:
        """The row showing ``contact_id``, if any."""
        for i, row in enumerate(self._rows):
            if row.id == contact_id:
                return i
        return None
