"""A small dated form dialog that the action dialogs build on."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class FormDialog(QDialog):
    """Title, an optional explanation, a form with a date (``on`` at first), OK / Cancel."""

    def __init__(self, title: str, parent: QWidget | None = None, *, on: dt.date,
                 intro: str = "", date_label: str = "&Date"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        # The window's day, handed down: a dialog never reads the clock itself.
        self.date.setDate(QDate(on.year, on.month, on.day))
        self.form.addRow(date_label, self.date)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def day(self) -> dt.date:
        """The date chosen in the form."""
        return self.date.date().toPython()
