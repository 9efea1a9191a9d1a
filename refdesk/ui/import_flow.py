"""File > Import Contacts (or a file dropped on the window): pick a file,
preview what will be new, merged and skipped, import with progress and
cancel, undo as one step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from refdesk.book import Book
from refdesk.book.merge_edits import import_merging
from refdesk.errors import RefdeskError
from refdesk.exchange import ImportReport, ReadResult, import_read, read_contacts
from refdesk.exchange.column_mapping import (
    ColumnMapping,
    Proposal,
    mapping_from_text,
    mapping_to_text,
)
from refdesk.exchange.reading import propose_columns
from refdesk.exchange.text_file import ENCODINGS, read_text_file
from refdesk.ui.background import Progress, run_in_background
from refdesk.ui.column_mapping_panel import ColumnMappingPanel
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain
from refdesk.ui.undo_commands import BookCommand

FILE_FILTER = "Address books (*.vcf *.vcard *.csv *.txt);;All files (*)"
PREVIEW_ROWS = 500
DETECTED = "Detected"
MAPPINGS = "import/mappings"  # QSettings group: a CSV header set's key -> its mapping
REMEMBERED = "Columns read as you chose for files with these headers."

# (encoding, mapping) -> the file read that way and its dry run; the mapping
# is passed only when the preview shows the mapping step.
Reader = Callable[..., tuple[ReadResult, ImportReport | None]]


@dataclass
class Reading:
    """A file read for the preview: contacts, dry run, and its CSV columns."""

    result: ReadResult
    plan: ImportReport | None
    proposal: Proposal | None  # None: a vCard, or a CSV without a header row
    mapping: ColumnMapping | None  # what was applied (given or remembered)
    ask: bool  # the user must say what some columns hold


def remembered_mappings(settings: QSettings) -> dict[str, dict[int, str]]:
    """Every mapping remembered per header set (damaged entries dropped)."""
    settings.beginGroup(MAPPINGS)
    try:
        found = {key: mapping_from_text(settings.value(key)) for key in settings.childKeys()}
    finally:
        settings.endGroup()
    return {key: mapping for key, mapping in found.items() if mapping is not None}


def remember_mapping(settings: QSettings, key: str, mapping: ColumnMapping) -> None:
    """Offer ``mapping`` for the next file with the same header set."""
    settings.setValue(f"{MAPPINGS}/{key}", mapping_to_text(mapping))


def read_for_preview(book: Book | None, path: Path, encoding: str | None,
                     mapping: ColumnMapping | None,
                     remembered: dict[str, dict[int, str]]) -> Reading:
    """Read ``path`` and dry-run it; a CSV whose columns cannot all be placed
    comes back with ask=True (and no contacts when nothing names anyone)."""
    proposal = propose_columns(path, encoding)
    note = ""
    if mapping is None and proposal is not None and proposal.key in remembered:
        mapping, note = remembered[proposal.key], REMEMBERED
    ask = proposal is not None and proposal.needs_mapping(mapping)
    try:
        result = read_contacts(path, encoding, mapping)
    except RefdeskError as exc:
        if not ask:
            raise
        # Unknown headers: nothing can be read until the user says what
        # the columns hold; the mapping step says why.
        result = ReadResult(path, "CSV", read_text_file(path, encoding).encoding)
        result.notes.append(str(exc) if mapping else
                            "Choose what the columns hold (at least a name, company or "
                            "e-mail).")
        return Reading(result, None, proposal, mapping, ask)
    if note:
        result.notes.insert(0, note)
    return Reading(result, import_read(book, result, dry_run=True), proposal, mapping, ask)


class ImportCancelled(RefdeskError):
    """The user cancelled; the import's transaction is rolled back."""


class ImportPreview(QDialog):
    """What the file holds: who is new, who merges into whom, what is left out,
    its encoding (the user may pick another), and how to file the new contacts."""

    def __init__(self, result: ReadResult, parent: QWidget | None = None, *, on: dt.date,
                 plan: ImportReport | None = None, reread: Reader | None = None,
                 proposal: Proposal | None = None, mapping: ColumnMapping | None = None):
        super().__init__(parent)
        self._reread = reread
        # The mapping step, for a CSV with columns refdesk cannot place.
        self.columns = ColumnMappingPanel(proposal, mapping) if proposal else None
        self.result = result
        self.setWindowTitle(f"Import {result.path.name}")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.encoding = QComboBox()
        self.encoding.addItem(f"{DETECTED}: {result.encoding}", None)
        for name in ENCODINGS:
            self.encoding.addItem(name, name)
        self.encoding.currentIndexChanged.connect(self._encoding_chosen)
        self.names, self.merges = QListWidget(), QListWidget()
        self.known, self.problems = QListWidget(), QListWidget()
        self.tabs = QTabWidget()
        for widget, title in ((self.names, "New"), (self.merges, "Merged"),
                              (self.known, "Already in the book"),
                              (self.problems, "Problems")):
            self.tabs.addTab(widget, title)
        self.kind = QComboBox()
        self.kind.addItem("Customers", "customer")
        self.kind.addItem("Prospects", "prospect")
        self.tag = QLineEdit(f"imported {on.isoformat()}")
        form = QFormLayout()
        form.addRow("&Encoding", self.encoding)
        form.addRow("Add new ones as", self.kind)
        form.addRow("&Tag them", self.tag)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        if self.columns is not None:
            self.columns.changed.connect(self._reread_now)
            layout.addWidget(self.columns)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(QLabel("The same person (same e-mail; same phone and name; same "
                                "name and company) is merged: empty fields filled, nothing "
                                "overwritten."))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(720, 760 if self.columns else 520)
        self.show_result(result, plan)

    def show_result(self, result: ReadResult, plan: ImportReport | None) -> None:
        """Fill the lists from a reading of the file and its dry run."""
        self.result = result
        for widget in (self.names, self.merges, self.known, self.problems):
            widget.clear()
        # Looked at, not taken: a file kept as columns is then imported whole.
        entries = result.looked_at()
        merged_lines = {m.line for m in plan.merges} if plan else set()
        known_lines = {d.line for d in plan.duplicates} if plan else set()
        new = [e for e in entries if e.line not in merged_lines | known_lines]
        for entry in new[:PREVIEW_ROWS]:
            email = f" <{entry.contact.emails[0][0]}>" if entry.contact.emails else ""
            self.names.addItem(f"{entry.contact.display_name}{email}")
        if len(new) > PREVIEW_ROWS:
            self.names.addItem(f"… and {len(new) - PREVIEW_ROWS} more")
        for merge in (plan.merges if plan else [])[:PREVIEW_ROWS]:
            self.merges.addItem(str(merge))
        for duplicate in (plan.duplicates if plan else [])[:PREVIEW_ROWS]:
            self.known.addItem(str(duplicate))
        for problem in result.problems:
            where = f"line {problem.line}" if problem.line else f"record {problem.record}"
            fate = "skipped" if problem.skipped else "imported without that field"
            self.problems.addItem(f"{where}: {problem.message} ({fate})")
        counts = plan.counts() if plan else {"new": len(entries), "merged": 0, "skipped": 0}
        self.counts = counts
        notes = "".join(f"\n{note}" for note in result.notes)
        self.summary.setText(
            f"{result.path.name} ({result.format}, {result.encoding}): {counts['new']} new, "
            f"{counts['merged']} merged into contacts already there, {counts['skipped']} "
            f"left out.{notes}")
        # Each tab counts its records, not its lines: a list past PREVIEW_ROWS
        # ends in an "… and N more" line.
        shown = (len(new), len(plan.merges) if plan else 0, len(plan.duplicates) if plan else 0,
                 len(result.problems))
        for index, count in enumerate(shown):
            self.tabs.setTabText(index, f"{self.tabs.tabText(index).split(' (')[0]} ({count})")
        self.import_button.setEnabled(bool(entries))

    def mapping(self) -> dict[int, str] | None:
        """What the user chose the columns hold, when the step is shown."""
        return self.columns.mapping() if self.columns else None

    def _encoding_chosen(self) -> None:
        self._reread_now()

    def _reread_now(self) -> None:
        if self._reread is None:
            return
        encoding = self.encoding.currentData()
        try:
            if self.columns is None:
                result, plan = self._reread(encoding)
            else:
                result, plan = self._reread(encoding, self.columns.mapping())
        except RefdeskError as exc:
            QMessageBox.warning(self, "Cannot read the file this way", plain(str(exc)))
            return
        self.show_result(result, plan)


def run_import(ctx: AppContext, parent: QWidget, path: Path | None = None) -> ImportReport | None:
    """Ask for a file (unless given), preview it, import; return the report."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(parent, "Import Contacts", str(Path.home()),
                                                FILE_FILTER)
        if not chosen:
            return None
        path = Path(chosen)

    remembered = remembered_mappings(ctx.settings)  # read here: QSettings is not shared

    def read(encoding: str | None, mapping: ColumnMapping | None = None) -> Reading:
        def work(_progress: Progress) -> Reading:
            try:  # the dry run reads the book: on the worker's own connection
                return read_for_preview(ctx.book, path, encoding, mapping, remembered)
            finally:
                if not ctx.book.db.is_closed():
                    ctx.book.db.close()

        # A big vCard of photos takes seconds: read off the window's thread.
        return run_in_background(ctx.worker, work, parent, f"Reading {path.name}…")

    def reread(encoding: str | None, mapping: ColumnMapping | None = None
               ) -> tuple[ReadResult, ImportReport | None]:
        reading = read(encoding, mapping)
        return reading.result, reading.plan

    try:
        first = read(None)
    except RefdeskError as exc:
        QMessageBox.warning(parent, "Cannot import", plain(str(exc)))
        return None
    preview = ImportPreview(first.result, parent, on=ctx.today(), plan=first.plan,
                            reread=reread, proposal=first.proposal if first.ask else None,
                            mapping=first.mapping)
    if not preview.exec():
        return None
    result = preview.result
    if preview.columns is not None and first.proposal is not None:
        remember_mapping(ctx.settings, first.proposal.key, preview.columns.mapping())
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
            step(0, result.count())  # cancelled before it began: nothing to roll back
            return import_read(ctx.book, result, kind=kind, tag=tag, progress=step)
        finally:
            # This thread's own connection (Peewee: one per thread); left open
            # it would hold the book open for a restore or a close.
            if not ctx.book.db.is_closed():
                ctx.book.db.close()

    def do() -> tuple[list[int], dict]:
        # Modal while it runs: an edit made during the import's transaction
        # would be rolled back with it on cancel.
        report = run_in_background(ctx.worker, write, parent, "Importing contacts…")
        reports.append(report)
        return list(report.added_ids), report.merged_before

    command = BookCommand(ctx, import_merging(ctx.book, f"Import {path.name}", do, tag=tag))
    try:
        command.perform()
    except RefdeskError as exc:
        QMessageBox.information(parent, "Import", plain(str(exc)))
        return None
    report = reports[-1]
    QMessageBox.information(parent, "Import", plain(report.summary()))
    return report
