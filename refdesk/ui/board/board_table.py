"""The board's table layout: every shown contact as a sortable row."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from refdesk.ui.board.table_model import BoardTableModel, SortRole

COLUMN_WIDTHS = (170, 160, 100, 50, 260, 300, 110)


def make_table(owner: QObject) -> tuple[QTableView, BoardTableModel, QSortFilterProxyModel]:
    """The table view over a sortable proxy of an empty board model (the board
    fills it only while the table is shown)."""
    model = BoardTableModel(owner)
    proxy = QSortFilterProxyModel(owner)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    table = QTableView()
    table.setModel(proxy)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(COLUMN_WIDTHS):
        table.setColumnWidth(column, width)
    return table, model, proxy
