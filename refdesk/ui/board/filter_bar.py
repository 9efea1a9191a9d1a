"""The board's top bar: the search box, the tag, product and level choices,
the lanes-or-table choice and the count of contacts shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from refdesk.domain.vocabulary import LEVELS
from refdesk.ui.board.filtering import BoardFilter


class SearchBox(QLineEdit):
    """The search text; ``focused`` when it takes the focus (the board gets
    its search text ready then). A signal, not an event filter: a filter
    would have Python see, and wrap, every event the box gets."""

    focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()


class FilterBar(QWidget):
    """Says what the board shows (``current_filter``); ``changed`` on any edit
    of the search or the choices (not of the lanes-or-table choice)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = SearchBox(placeholderText="Search name, company, email, tags  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.tag_filter, self.product_filter, self.level_filter = QComboBox(), QComboBox(), \
            QComboBox()
        self.level_filter.addItem("All levels", "")
        for code, label in LEVELS.items():
            self.level_filter.addItem(label, code)
        self.layout_choice = QComboBox()
        self.layout_choice.addItems(["Lanes", "Table"])
        self.count = QLabel()
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 3)
        for combo in self.choices():
            bar.addWidget(combo, 1)
        bar.addWidget(QLabel("View:"))
        bar.addWidget(self.layout_choice)
        bar.addWidget(self.count)
        self.search.textChanged.connect(self.changed)
        for combo in self.choices():
            combo.currentIndexChanged.connect(self.changed)

    def choices(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        """The tag, product and level choices."""
        return self.tag_filter, self.product_filter, self.level_filter

    def current_filter(self) -> BoardFilter:
        """What the search and the choices let through."""
        # "" for a choice not filled in yet (None): the same filter either way.
        return BoardFilter(text=self.search.text().strip(),
                           tag=self.tag_filter.currentData() or "",
                           product=self.product_filter.currentData() or "",
                           level=self.level_filter.currentData() or "")

    def set_choices(self, tags: list[str], products: list[str]) -> None:
        """Offer these tags and products, keeping the ones chosen (no ``changed``)."""
        for combo, label, values in ((self.tag_filter, "All tags", tags),
                                     (self.product_filter, "All products", products)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def clear(self) -> None:
        """No search text, all tags, products and levels; one ``changed``."""
        widgets = (self.search, *self.choices())
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in self.choices():
            combo.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self.changed.emit()
