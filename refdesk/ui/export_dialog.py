"""File > Export: contacts as CSV or vCard (all, or those the search shows),
follow-ups as a calendar, or the whole book."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QWidget,
)

from refdesk.errors import RefdeskError
from refdesk.exchange.export_command import export
from refdesk.ui.background import Progress, run_in_background
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain

# (format, what the user picks, default file name, save dialog filter)
CHOICES = (
    ("csv", "Contacts as CSV (Excel, LibreOffice, Google)", "contacts.csv",
     "CSV files (*.csv)"),
    ("vcard", "Contacts as vCard (Apple Contacts, Google, Thunderbird)", "contacts.vcf",
     "vCard files (*.vcf)"),
    ("ics", "Follow-ups as a calendar (ICS)", "follow-ups.ics", "Calendars (*.ics)"),
    ("book", "The whole book (JSON, restorable)", "book.json", "Book files (*.json)"),
)


class ExportDialog(QDialog):
    """Which export, and for contacts whether only those shown."""

    def __init__(self, parent: QWidget | None, shown: int, total: int):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.what = QComboBox()
        for key, text, _name, _filter in CHOICES:
            self.what.addItem(text, key)
        which = "the 1 contact" if shown == 1 else f"the {shown} contacts"
        self.only_shown = QCheckBox(f"Only {which} the search shows (of {total})")
        self.only_shown.setEnabled(shown < total)
        self.only_shown.setChecked(shown < total)
        self.what.currentIndexChanged.connect(self._what_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Export", self.what)
        form.addRow("", self.only_shown)
        form.addRow(buttons)
        self._can_subset = shown < total

    def _what_changed(self) -> None:
        self.only_shown.setEnabled(self._can_subset and
                                   self.what.currentData() in ("csv", "vcard"))


def run_export(ctx: AppContext, parent: QWidget, shown_ids: Sequence[int], total: int,
               *, path: Path | None = None, what: str | None = None,
               only_shown: bool | None = None) -> str | None:
    """Ask what and where (unless given), export off the window's thread; the
    sentence saying what was written, None when cancelled or refused."""
    if what is None:
        dialog = ExportDialog(parent, len(shown_ids), total)
        if not dialog.exec():
            return None
        what, only_shown = dialog.what.currentData(), dialog.only_shown.isChecked()
    choice = next(c for c in CHOICES if c[0] == what)
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(parent, "Export",
                                                str(Path.home() / choice[2]), choice[3])
        if not chosen:
            return None
        path = Path(chosen)
    ids = list(shown_ids) if only_shown and what in ("csv", "vcard") else None
    today = ctx.today()

    def work(_progress: Progress) -> str:
        try:
            return export(ctx.book, what, path, today=today, now=dt.datetime.now(dt.UTC),
                          contact_ids=ids)
        finally:  # the worker's own connection: closed, as the import does
            if not ctx.book.db.is_closed():
                ctx.book.db.close()

    try:
        message = run_in_background(ctx.worker, work, parent, "Exporting…")
    except RefdeskError as exc:
        QMessageBox.warning(parent, "Cannot export", plain(str(exc)))
        return None
    QMessageBox.information(parent, "Export", plain(message))
    return message
