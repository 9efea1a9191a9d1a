"""Log a touchpoint in a few keystrokes: a digit picks the kind, Enter logs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from refdesk.domain.vocabulary import TOUCHPOINT_KINDS
from refdesk.ui.form_dialog import FormDialog

KEYS = "1234567890"


class QuickLogDialog(FormDialog):
    """Kind (1-0 or arrows), date (today), note; Enter logs."""

    def __init__(self, name: str, parent: QWidget | None = None, *, on: dt.date,
                 kind: str = ""):
        super().__init__(f"Log a touchpoint with {name}", parent, on=on)
        self.kinds = QListWidget()
        for key, (code, label) in zip(KEYS, TOUCHPOINT_KINDS.items(), strict=True):
            item = QListWidgetItem(f"{key}  {label}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.kinds.addItem(item)
        self.kinds.setCurrentRow(list(TOUCHPOINT_KINDS).index(kind) if kind else 1)
        self.kinds.setMinimumHeight(self.kinds.sizeHintForRow(0) * 10 + 6)
        self.note = QLineEdit(placeholderText="What happened, in a few words")
        self.form.insertRow(0, "&Kind", self.kinds)
        self.form.addRow("&Note", self.note)
        self.kinds.installEventFilter(self)
        self.kinds.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The kinds list has the focus: a digit picks a kind, and the first
        # other character starts the note, so Ctrl+L, 3, "lunch", Enter logs
        # both (the list would otherwise swallow the letters as a search).
        if watched is self.kinds and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and self._typed(event):
            text = event.text()
            if text in KEYS:
                self.kinds.setCurrentRow(KEYS.index(text))
            else:
                self.note.setFocus()
                self.note.insert(text)
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _typed(event: QKeyEvent) -> bool:
        text = event.text()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                          | Qt.KeyboardModifier.KeypadModifier)
        return plain and len(text) == 1 and text.isprintable() and not text.isspace()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Digits pick a kind from anywhere but the note.
        if event.text() and event.text() in KEYS and not self.note.hasFocus():
            self.kinds.setCurrentRow(KEYS.index(event.text()))
            return
        super().keyPressEvent(event)

    def kind(self) -> str:
        """The chosen touchpoint kind code."""
        return self.kinds.currentItem().data(Qt.ItemDataRole.UserRole)
