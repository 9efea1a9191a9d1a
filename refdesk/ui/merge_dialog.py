"""Contacts > Merge…: join two contacts of the book into one, undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from refdesk.book.merge_edits import merge_contacts, merge_preview
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand


class MergeDialog(QDialog):
    """Keep one contact, merge another into it; says what the kept one gains."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, kept: int | None = None,
                 other: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Merge Contacts")
        rows = ctx.book.contacts.rows()
        self.kept, self.other = QComboBox(), QComboBox()
        for combo in (self.kept, self.other):
            combo.setEditable(True)  # type part of a name to find them
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for row in rows:
                extra = " · ".join(x for x in (row.company, row.email) if x)
                combo.addItem(f"{row.name} ({extra})" if extra else row.name, row.id)
        for combo, wanted in ((self.kept, kept), (self.other, other)):
            index = combo.findData(wanted) if wanted is not None else -1
            if index >= 0:
                combo.setCurrentIndex(index)
        if other is None and self.other.count() > 1 and self.other.currentIndex() == \
                self.kept.currentIndex():
            self.other.setCurrentIndex(1 if self.kept.currentIndex() == 0 else 0)
        self.gains = QLabel()
        self.gains.setTextFormat(Qt.TextFormat.PlainText)
        self.gains.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Keep", self.kept)
        form.addRow("&Merge in", self.other)
        form.addRow(self.gains)
        form.addRow(self.buttons)
        self.kept.currentIndexChanged.connect(self._explain)
        self.other.currentIndexChanged.connect(self._explain)
        self.resize(520, 220)
        self._explain()

    def chosen(self) -> tuple[int, int]:
        return self.kept.currentData(), self.other.currentData()

    def _explain(self) -> None:
        kept, other = self.chosen()
        if kept is None or other is None or kept == other:
            self.gains.setText("Choose two different contacts.")
            self.merge_button.setEnabled(False)
            return
        gained = merge_preview(self.ctx.book, kept, other)
        what = ", ".join(gained) if gained else "no field it lacks"
        self.gains.setText(f"{self.other.currentText()} is deleted; their sales, touchpoints, "
                           f"referrals and cards move to {self.kept.currentText()}, who "
                           f"gains: {what}. Undo splits them again.")
        self.merge_button.setEnabled(True)


def run_merge(ctx: AppContext, parent: QWidget, selected: list[int]) -> bool:
    """Show the merge dialog (the first two selected contacts chosen); merge on OK."""
    kept = selected[0] if selected else None
    other = selected[1] if len(selected) > 1 else None
    dialog = MergeDialog(ctx, parent, kept, other)
    if not dialog.exec():
        return False
    try:
        BookCommand(ctx, merge_contacts(ctx.book, *dialog.chosen())).perform()
    except RefdeskError as exc:
        QMessageBox.warning(parent, "Cannot merge", plain(str(exc)))
        return False
    return True
