"""The main window: menus, the contact list (or the welcome view), status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from refdesk import __version__
from refdesk.book import Book
from refdesk.errors import RefdeskError
from refdesk.ui.backups import BackupScheduler
from refdesk.ui.contact_dialog import ContactDialog
from refdesk.ui.contact_list_model import ContactIdRole, ContactListModel
from refdesk.ui.context import AppContext
from refdesk.ui.operations import AddContact, EditContact
from refdesk.ui.welcome import WelcomeView

BOOK_FILTER = "refdesk books (*.refdesk);;All files (*)"


class MainWindow(QMainWindow):
    """The application window for one open book."""

    def __init__(self, ctx: AppContext, *, backups: bool = True):
        super().__init__()
        self.ctx = ctx
        self._backups_enabled = backups
        self.setWindowTitle("refdesk")
        self.model = ContactListModel(ctx.book, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search = QLineEdit(placeholderText="Search name, company, email, tags  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # Rows arrive sorted by name; no sort indicator means no proxy sort
        # (10,000 Python data() calls) until the user clicks a header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _index: self.edit_contact())
        list_page = QWidget()
        layout = QVBoxLayout(list_page)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table)

        self.welcome = WelcomeView()
        self.welcome.add_requested.connect(self.new_contact)
        self.welcome.demo_requested.connect(self.open_demo_book)
        self.welcome.import_requested.connect(self.import_contacts)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(list_page)
        self.setCentralWidget(self.stack)

        self._build_menus()
        ctx.bus.changed.connect(self._on_changed)
        self.backups = self._start_backups()
        self.reload()

    # -- menus ----------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&Open Book…", self.open_book_dialog, QKeySequence.StandardKey.Open,
                     "Open another refdesk book file")
        self._action(file, "Open &Demo Book", self.open_demo_book,
                     tip="Explore refdesk on made-up customers; your own book is not touched")
        file.addSeparator()
        self.import_action = self._action(file, "&Import Contacts…", self.import_contacts,
                                          "Ctrl+I", "Import contacts from a CSV or vCard file")
        file.addSeparator()
        self._action(file, "&Back Up Now", self.back_up_now, tip="Copy the book to its backups")
        self._action(file, "&Restore from Backup…", self.restore_dialog)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        undo = self.ctx.undo.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addActions([undo, redo])
        edit.addSeparator()
        self._action(edit, "&Find…", self.focus_search, QKeySequence.StandardKey.Find)

        view = bar.addMenu("&View")
        self._action(view, "&Refresh", self.reload, QKeySequence.StandardKey.Refresh)
        self._action(view, "&Full Screen", self.toggle_full_screen,
                     QKeySequence.StandardKey.FullScreen)

        contacts = bar.addMenu("&Contacts")
        self._action(contacts, "&New Contact…", self.new_contact, QKeySequence.StandardKey.New)
        self._action(contacts, "&Edit Contact…", self.edit_contact, "Ctrl+E")
        self._action(contacts, "&Delete Contact…", self.delete_contact,
                     QKeySequence.StandardKey.Delete)
        self.referrals_menu = bar.addMenu("&Referrals")
        self.cards_menu = bar.addMenu("C&ards")
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About refdesk", self.about)
        self._action(help_menu, "About &Qt", lambda: QMessageBox.aboutQt(self))

    # -- data -----------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the book and show the welcome view when it is empty."""
        self.model.reload()
        empty = self.model.rowCount() == 0
        self.stack.setCurrentIndex(0 if empty else 1)
        if self.model.rowCount() < 2000:  # measuring every row of a big book is slow
            self.table.resizeColumnsToContents()
        self._update_status()

    def _on_changed(self, areas: frozenset) -> None:
        if "contacts" in areas or "book" in areas:
            self.reload()

    def _update_status(self) -> None:
        count = self.model.rowCount()
        noun = "contact" if count == 1 else "contacts"
        self.statusBar().showMessage(f"{count} {noun} · {self.ctx.book.path}")

    def selected_contact_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.stack.currentIndex() != 1:
            return None
        return self.proxy.data(index.siblingAtColumn(0), ContactIdRole)

    # -- actions --------------------------------------------------------------
    def focus_search(self) -> None:
        if self.stack.currentIndex() == 1:
            self.search.setFocus()
            self.search.selectAll()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def new_contact(self) -> None:
        dialog = ContactDialog(parent=self)
        if dialog.exec():
            self._run(lambda: self.ctx.undo.push(AddContact(self.ctx, dialog.result_data())))

    def edit_contact(self) -> None:
        contact_id = self.selected_contact_id()
        if contact_id is None:
            return
        before = self.ctx.book.contacts.get(contact_id)
        dialog = ContactDialog(before, parent=self)
        if dialog.exec():
            after = dialog.result_data()
            if after != before:
                self._run(lambda: self.ctx.undo.push(EditContact(self.ctx, before, after)))

    def delete_contact(self) -> None:
        contact_id = self.selected_contact_id()
        if contact_id is None:
            return
        data = self.ctx.book.contacts.get(contact_id)
        answer = QMessageBox.question(
            self, "Delete Contact",
            f"Delete {data.display_name} with their sales, touchpoints and referrals?\n"
            "This cannot be undone from the Edit menu; the last backup still has them.")
        if answer == QMessageBox.StandardButton.Yes and self._run(
                lambda: self.ctx.book.contacts.delete(contact_id)):
            # Older undo steps may refer to what was just deleted.
            self.ctx.undo.clear()
            self.ctx.bus.emit_change("contacts")

    def import_contacts(self) -> None:
        from refdesk.ui.import_flow import run_import  # only once the user asks

        run_import(self.ctx, self)

    def _run(self, work) -> bool:
        """Run a book operation, showing a user-facing failure as a message."""
        try:
            work()
        except RefdeskError as exc:
            QMessageBox.warning(self, "refdesk", str(exc))
            return False
        return True

    def about(self) -> None:
        QMessageBox.about(
            self, "About refdesk",
            f"<h3>refdesk {__version__}</h3>"
            "<p>Earn, ask for, track and thank customer referrals.</p>"
            "<p>Your book stays on this computer; refdesk never uses the network.</p>"
            f"<p>Book: {self.ctx.book.path}</p>")

    # -- books and backups ----------------------------------------------------
    def _start_backups(self) -> BackupScheduler:
        scheduler = BackupScheduler(self.ctx.book.path, self)
        scheduler.finished.connect(
            lambda path: path and self.statusBar().showMessage(f"Backed up to {path}", 5000))
        scheduler.failed.connect(
            lambda msg: QMessageBox.warning(self, "Backup failed", msg))
        if self._backups_enabled:
            scheduler.start()
        return scheduler

    def painted_view(self) -> QTableView | None:
        """The view whose first paint means the book is on screen (None: welcome)."""
        return self.table if self.stack.currentIndex() == 1 else None

    def contacts_shown(self) -> int:
        """How many contacts the list shows now (after any search filter)."""
        return self.proxy.rowCount() if self.stack.currentIndex() == 1 else 0

    def back_up_now(self) -> None:
        self.backups.run(force=True)

    def open_book_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Book",
                                              str(self.ctx.book.path.parent), BOOK_FILTER)
        if path:
            self.switch_book(Path(path))

    def open_demo_book(self) -> None:
        from refdesk.cli import demo_book

        self.switch_book(demo_book())

    def switch_book(self, path: Path) -> bool:
        """Close the current book (backing it up) and open ``path`` in its place."""
        if path.resolve() == self.ctx.book.path.resolve():
            return True
        try:
            Book.open(path, create=False).close()  # refuse bad files before closing ours
        except RefdeskError as exc:
            QMessageBox.warning(self, "Cannot open book", str(exc))
            return False
        self._close_book()
        self._open_book(path)
        return True

    def _open_book(self, path: Path) -> None:
        self.ctx.book = Book.open(path)
        self.model.set_book(self.ctx.book)
        self.ctx.undo.clear()
        self.backups = self._start_backups()
        self.ctx.bus.emit_change("book")

    def restore_dialog(self) -> None:
        from refdesk.paths import backups_dir
        from refdesk.store.backup import check_restorable, restore_book

        start = backups_dir(self.ctx.book.path)
        path, _ = QFileDialog.getOpenFileName(self, "Restore from Backup", str(start),
                                              BOOK_FILTER)
        if not path:
            return
        if not self._run(lambda: check_restorable(Path(path))):
            return
        answer = QMessageBox.question(
            self, "Restore from Backup",
            f"Replace the open book with {Path(path).name}?\n"
            "The book as it is now is kept in its backups folder.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        book_path = self.ctx.book.path
        self._close_book()
        try:
            restore_book(Path(path), book_path)
        except RefdeskError as exc:
            QMessageBox.warning(self, "Restore failed", str(exc))
        self._open_book(book_path)

    def _close_book(self) -> None:
        self.backups.stop()
        self.backups.wait()
        self.ctx.book.close()
        if self._backups_enabled:
            self.backups.run()  # on close: skipped when nothing changed
            self.backups.wait()

    # -- window state ---------------------------------------------------------
    def restore_window_state(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        state = self.ctx.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/state", self.saveState())
        self.ctx.settings.sync()
        self._close_book()
        event.accept()
