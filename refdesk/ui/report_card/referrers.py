"""The top referrers table: click (or Enter on) a row to open that contact."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from refdesk.domain.report_card import ReferrerFigures, ReportCard
from refdesk.domain.report_wording import money

_ID = Qt.ItemDataRole.UserRole


class TopReferrers(QTableWidget):
    """Ten rows at most (a table widget is enough): name, won, received, revenue."""

    contact_requested = Signal(int)

    def __init__(self, title: str):
        super().__init__(0, 4)
        self.setAccessibleName(title)
        self.setHorizontalHeaderLabels(["Referrer", "Won", "Received", "Revenue"])
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setToolTip("Click a referrer to open them")
        self.cellClicked.connect(lambda row, _col: self._open(row))
        self.itemActivated.connect(lambda item: self._open(item.row()))

    def show_rows(self, rows: tuple[ReferrerFigures, ...], card: ReportCard) -> None:
        self.setRowCount(len(rows))
        if not rows:  # say so, rather than an empty grid
            self.setRowCount(1)
            self.setItem(0, 0, QTableWidgetItem("None in this period"))
            for column in (1, 2, 3):
                self.setItem(0, column, QTableWidgetItem(""))
        for i, r in enumerate(rows):
            cells = (r.name, f"{r.won:,}", f"{r.received:,}", money(r.revenue, card.currency))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ID, r.id)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(i, column, item)
        parts = [f"{r.name}: {r.won} won, {r.received} received, "
                 f"{money(r.revenue, card.currency)}" for r in rows]
        self.setAccessibleDescription("; ".join(parts) or "No referrers in this period.")
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(i) for i in range(self.rowCount())) or 28
        self.setFixedHeight(height)

    def contact_at(self, row: int) -> int | None:
        item = self.item(row, 0)
        contact_id = None if item is None else item.data(_ID)
        return None if contact_id is None else int(contact_id)

    def _open(self, row: int) -> None:
        contact_id = self.contact_at(row)
        if contact_id is not None:
            self.contact_requested.emit(contact_id)
