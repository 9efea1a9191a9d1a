"""Edit the book's three ask scripts: the rep's own words, fields in braces."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.ask_scripts import FIELDS, SCRIPTS, validate_scripts
from refdesk.errors import RefdeskError


class AskScriptsDialog(QDialog):
    """One tab per script; an empty script goes back to the default wording."""

    def __init__(self, texts: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Ask Scripts")
        self.resize(560, 380)
        self.tabs = QTabWidget()
        self.edits: dict[str, QPlainTextEdit] = {}
        for code, script in SCRIPTS.items():
            page = QWidget()
            column = QVBoxLayout(page)
            hint = QLabel(script.when)
            hint.setEnabled(False)
            edit = QPlainTextEdit(texts.get(code) or script.text)
            reset = QPushButton("Default wording")
            reset.setAutoDefault(False)
            reset.clicked.connect(lambda _c=False, e=edit, t=script.text: e.setPlainText(t))
            column.addWidget(hint)
            column.addWidget(edit, 1)
            column.addWidget(reset)
            self.tabs.addTab(page, script.label)
            self.edits[code] = edit
        fields = QLabel("Fields: " + ", ".join(f"{{{name}}} {what}"
                                               for name, what in FIELDS.items()))
        fields.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(fields)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def texts(self) -> dict[str, str]:
        """The scripts that differ from the default wording, by code."""
        return {code: edit.toPlainText() for code, edit in self.edits.items()
                if edit.toPlainText().strip() and edit.toPlainText() != SCRIPTS[code].text}

    def accept(self) -> None:
        try:
            validate_scripts(self.texts())
        except RefdeskError as exc:
            self.problem.setText(str(exc))  # names the script and the field
            return
        super().accept()
