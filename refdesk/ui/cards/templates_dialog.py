"""Card Templates: the user's own words for each occasion, kept in the book."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.edits import set_settings
from refdesk.cards.card_jobs import book_template
from refdesk.cards.templates import FIELDS, OCCASIONS, fields_in
from refdesk.errors import RefdeskError
from refdesk.ui.cards.card_options import occasion_name
from refdesk.ui.cards.message_editor import MessageEditor
from refdesk.ui.context import AppContext
from refdesk.ui.undo_commands import BookCommand


def template_problem(text: str) -> str:
    """Why a template cannot be used ("" when it can)."""
    if not text.strip():
        return ""  # empty means "use the default"
    try:
        unknown = [n for n in fields_in(text) if n not in FIELDS]
    except RefdeskError as exc:
        return str(exc)
    if unknown:
        return (f"Unknown field{'s' if len(unknown) > 1 else ''} "
                f"{', '.join('{' + n + '}' for n in unknown)}: use the fields listed below.")
    return ""


class TemplatesDialog(QDialog):
    """One editor per occasion; OK stores the changed ones (undoable)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 occasion: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Card Templates")
        self.texts = {code: book_template(ctx.book, code) for code in OCCASIONS}
        self.list = QListWidget()
        for code, occ in OCCASIONS.items():
            item = QListWidgetItem(occasion_name(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setToolTip(occ.label)
            self.list.addItem(item)
        self.list.setMinimumWidth(220)
        self.list.setSpacing(2)
        self.editor = MessageEditor()
        self.editor.show_field_help()
        self.restore = QPushButton("Restore &Default")
        self.restore.clicked.connect(self.restore_default)
        intro = QLabel("The words each occasion starts from. Fields in braces are filled in "
                       "for each card; the composer can still change any card.")
        intro.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.editor, 1)
        tools = QHBoxLayout()
        tools.addWidget(self.restore)
        tools.addStretch(1)
        right.addLayout(tools)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._current: str | None = None
        self.list.currentItemChanged.connect(lambda item, _prev: self._show(item))
        self.editor.changed.connect(self._edited)
        codes = list(OCCASIONS)
        self.list.setCurrentRow(codes.index(occasion) if occasion in OCCASIONS else 0)
        self.resize(860, 520)

    def _show(self, item: QListWidgetItem | None) -> None:
        self._current = None
        if item is None:
            return
        code = item.data(Qt.ItemDataRole.UserRole)
        self.editor.replace_message(self.texts[code])
        self._current = code
        self._edited()

    def _edited(self) -> None:
        if self._current is None:
            return
        self.texts[self._current] = self.editor.message()
        self.editor.show_error(template_problem(self.editor.message()))
        bad = any(template_problem(t) for t in self.texts.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not bad)
        for i in range(self.list.count()):
            item = self.list.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            own = self.texts[code].strip() != OCCASIONS[code].template.strip()
            item.setText(occasion_name(code) + (" (yours)" if own else ""))

    def restore_default(self) -> None:
        """Put the shipped template back in the editor."""
        if self._current is not None:
            self.editor.replace_message(OCCASIONS[self._current].template)

    def own_templates(self) -> dict[str, str]:
        """The templates that differ from the defaults, by occasion."""
        return {code: text for code, text in self.texts.items()
                if text.strip() and text.strip() != OCCASIONS[code].template.strip()}

    def accept(self) -> None:
        """Store the templates in the book as one undoable change."""
        own = self.own_templates()
        if own != (self.ctx.book.settings.get("card_templates") or {}):
            BookCommand(self.ctx, set_settings(self.ctx.book, "Edit card templates",
                                               {"card_templates": own})).perform()
        super().accept()
