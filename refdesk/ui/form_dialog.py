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
    """Title, an optional explanation, a form with a date, OK / Cancel."""

    def __init__(self, title: str, parent: QWidget | None = None, *, intro: str = "",
                 date_label: str = "&Date", on: dt.date | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        day = on or dt.date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
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
