"""The message editor: the template text, the {fields} it may use, and its problems."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from refdesk.cards.templates import FIELDS

ERROR_STYLE = ("QLabel { color: #9b1c1c; background: #fdecec; border: 1px solid #f3b4b4; "
               "border-radius: 4px; padding: 6px; }")


class MessageEditor(QWidget):
    """A plain-text editor with a legend of fields (click to insert) and an error line."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.text.setFont(font)
        self.text.setMinimumHeight(170)
        self.text.textChanged.connect(self.changed)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.legend.linkActivated.connect(lambda name: self.insert_field(name))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # may quote contact text
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.error)

    def message(self) -> str:
        """The text as typed, fields not yet filled in."""
        return self.text.toPlainText()

    def replace_message(self, text: str) -> None:
        """Put new text in the editor as one edit the user can undo with Ctrl+Z."""
        if text == self.message():
            return
        cursor = self.text.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.text.setTextCursor(cursor)

    def insert_field(self, name: str) -> None:
        """Insert {name} where the cursor is."""
        self.text.insertPlainText("{" + name + "}")
        self.text.setFocus()

    def show_fields(self, values: dict[str, str], missing: dict[str, str]) -> None:
        """List every field with its value for this card; click one to insert it."""
        parts = []
        for name in FIELDS:
            value = values.get(name, "")
            shown = escape(value) if value else "<i>none</i>"
            why = escape(missing.get(name, FIELDS[name]), quote=True)
            parts.append(f'<a href="{name}" title="{why}">{{{name}}}</a>&nbsp;'
                         f'<span style="color:#555">{shown}</span>')
        self.legend.setText("<b>Fields</b> (click to insert): " + " &nbsp;· ".join(parts))
        self.legend.setToolTip("The values these fields take on this card. A field with "
                               "no value cannot be used until it is filled in.")

    def show_field_help(self) -> None:
        """List every field with what it stands for; click one to insert it."""
        parts = [f'<a href="{name}">{{{name}}}</a>&nbsp;<span style="color:#555">{escape(what)}'
                 "</span>" for name, what in FIELDS.items()]
        self.legend.setText("<b>Fields</b> (click to insert):<br>" + "<br>".join(parts))

    def show_error(self, text: str) -> None:
        """Show a problem under the editor ("" hides it)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
