"""File > Import Contacts: pick a file, preview what it holds, import with
progress and cancel, undo as one step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.edits import import_contacts
from refdesk.errors import RefdeskError
from refdesk.exchange import ImportReport, ReadResult, import_read, read_contacts
from refdesk.ui.background import Progress, run_in_background
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand

FILE_FILTER = "Address books (*.vcf *.vcard *.csv *.txt);;All files (*)"
PREVIEW_ROWS = 500


class ImportCancelled(RefdeskError):
    """The user cancelled; the import's transaction is rolled back."""


class ImportPreview(QDialog):
    """What the file holds, its problems, and how to file the new contacts."""

    def __init__(self, result: ReadResult, parent: QWidget | None = None, *, on: dt.date):
        super().__init__(parent)
        self.setWindowTitle(f"Import {result.path.name}")
        contacts = result.contacts
        summary = QLabel(f"{len(contacts)} contact{'s' if len(contacts) != 1 else ''} in "
                         f"{result.path.name} ({result.format}, {result.encoding}).")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        self.names = QListWidget()
        for contact in contacts[:PREVIEW_ROWS]:
            email = f" <{contact.emails[0][0]}>" if contact.emails else ""
            self.names.addItem(f"{contact.display_name}{email}")
        if len(contacts) > PREVIEW_ROWS:
            self.names.addItem(f"… and {len(contacts) - PREVIEW_ROWS} more")
        self.problems = QListWidget()
        for problem in result.problems:
            where = f"line {problem.line}" if problem.line else f"record {problem.record}"
            fate = "skipped" if problem.skipped else "imported without that field"
            self.problems.addItem(f"{where}: {problem.message} ({fate})")
        self.kind = QComboBox()
        self.kind.addItem("Customers", "customer")
        self.kind.addItem("Prospects", "prospect")
        self.tag = QLineEdit(f"imported {on.isoformat()}")
        form = QFormLayout()
        form.addRow("Add them as", self.kind)
        form.addRow("&Tag them", self.tag)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(contacts))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.names, 2)
        if result.problems:
            layout.addWidget(QLabel(f"{len(result.problems)} problem"
                                    f"{'s' if len(result.problems) != 1 else ''}:"))
            layout.addWidget(self.problems, 1)
        layout.addWidget(QLabel("Contacts already in the book (same email, or same name and "
                                "company) are skipped."))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 480)


def run_import(ctx: AppContext, parent: QWidget, path: Path | None = None) -> ImportReport | None:
    """Ask for a file (unless given), preview it, import; return the report."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Import Contacts", str(Path.home()),
                                                FILE_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
    try:  # a big vCard of photos takes seconds: read off the window's thread
        result = run_in_background(ctx.worker, lambda _progress: read_contacts(path), parent,
                                   f"Reading {path.name}…")
    except RefdeskError as exc:
        QMessageBox.warning(parent, "Cannot import", plain(str(exc)))
        return None
    preview = ImportPreview(result, parent, on=ctx.today())
    if not preview.exec():
        return None
    kind, tag = preview.kind.currentData(), preview.tag.text().strip() or None
    reports: list[ImportReport] = []

    def write(progress: Progress) -> ImportReport:
        # On the worker, in one transaction on its own connection: a cancel
        # raises out of it and everything rolls back.
        def step(done: int, total: int) -> None:
            progress.step(done, total)
            if progress.cancelled.is_set():
                raise ImportCancelled("Import cancelled; nothing was added.")

        try:
            step(0, len(result.contacts))  # cancelled before it began: nothing to roll back
            return import_read(ctx.book, result, kind=kind, tag=tag, progress=step)
        finally:
            # This thread's own connection (Peewee: one per thread); left open
            # it would hold the book open for a restore or a close.
            if not ctx.book.db.is_closed():
                ctx.book.db.close()

    def do() -> list[int]:
        # Modal while it runs: an edit made during the import's transaction
        # would be rolled back with it on cancel.
        report = run_in_background(ctx.worker, write, parent, "Importing contacts…")
        reports.append(report)
        return list(report.added_ids)

    command = BookCommand(ctx, import_contacts(ctx.book, f"Import {path.name}", do, tag=tag))
    try:
        command.perform()
    except RefdeskError as exc:
        QMessageBox.information(parent, "Import", plain(str(exc)))
        return None
    report = reports[-1]
    QMessageBox.information(parent, "Import", plain(report.summary()))
    return report
