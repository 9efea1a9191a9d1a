"""The import preview's mapping step: what each column of a CSV holds, for
files whose headers refdesk does not recognise."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from refdesk.exchange.column_mapping import FIELDS, ColumnMapping, Proposal

_ROWS_IN_VIEW = 12
KEEP = "As read"  # a recognised column whose field the list does not offer (tags...)


class ColumnMappingPanel(QWidget):
    """One row per column: its header, first values and a choice of field.
    ``changed`` fires when a choice changes; mapping() is the current answer."""

    changed = Signal()

    def __init__(self, proposal: Proposal, mapping: ColumnMapping | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.proposal = proposal
        chosen = {**proposal.initial(), **(mapping or {})}
        unplaced = len(proposal.unplaced)
        intro = QLabel(
            "Choose what each column holds"
            + (f" ({unplaced} not recognised, marked ?)" if unplaced else "")
            + ". Your choice is remembered for files with these headers.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(proposal.columns), 3)
        self.table.setHorizontalHeaderLabels(["Column", "First values", "Holds"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []
        for row, column in enumerate(proposal.columns):
            name = QTableWidgetItem(("? " if column.unplaced else "") + (column.header or
                                                                          "(no header)"))
            if column.unplaced:
                font = QFont(name.font())
                font.setBold(True)
                name.setFont(font)
            name.setToolTip(column.header)
            self.table.setItem(row, 0, name)
            shown = " · ".join(column.samples) or "(empty)"
            values = QTableWidgetItem(shown)
            values.setToolTip("\n".join(column.samples))
            self.table.setItem(row, 1, values)
            combo = QComboBox()
            if column.column is not None and column.field is None:
                combo.addItem(f"{KEEP} ({column.column.kind.replace('_', ' ')})", None)
            for key, label in FIELDS:
                combo.addItem(label, key)
            wanted = chosen.get(column.index)
            if wanted is not None:
                combo.setCurrentIndex(combo.findData(wanted))
            combo.setAccessibleName(f"What column {column.header!r} holds")
            combo.currentIndexChanged.connect(self.changed)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        # Every column in view without scrolling, up to a dozen of them.
        shown = min(len(self.combos), _ROWS_IN_VIEW)
        rows = sum(self.table.rowHeight(r) for r in range(shown))
        self.table.setFixedHeight(rows + self.table.horizontalHeader().height()
                                    + 2 * self.table.frameWidth())
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the combo boxes take focus
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.table)

    def mapping(self) -> dict[int, str]:
        """Column position -> field (ignore included) for the columns whose
        choice differs from what the header names: a recognised column left
        alone keeps its finer reading ("Work Phone" stays a work phone)."""
        return {column.index: combo.currentData()
                for column, combo in zip(self.proposal.columns, self.combos, strict=True)
                if combo.currentData() is not None
                and (column.column is None or combo.currentData() != column.field)}

    def choose(self, index: int, field: str) -> None:
        """Set what column ``index`` holds, as the user would."""
        combo = self.combos[index]
        position = combo.findData(field)
        if position < 0:
            raise ValueError(f"unknown contact field {field!r}")
        combo.setCurrentIndex(position)
