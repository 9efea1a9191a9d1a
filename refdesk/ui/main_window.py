"""The main window: menus, the contact list (or the welcome view), status bar.

A warm start builds it before the Book is open (refdesk.saved_board): the
frame, the menus and the saved board paint first; ``attach_book`` then adds
everything that works on the book (the actions, the other pages, the Cards
menu, backups, reminders) and turns the book's actions on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from refdesk import __version__
from refdesk.errors import RefdeskError
from refdesk.logs import log_path
from refdesk.ui.board.board_view import BoardView
from refdesk.ui.context import AppContext, Change
from refdesk.ui.plain_text import plain
from refdesk.ui.window_book import WindowBook
from refdesk.ui.window_menus import WindowMenus

if TYPE_CHECKING:
    from refdesk.book import Book
    from refdesk.book.prefetch import BoardPrefetch
    from refdesk.saved_board import SavedBoard
    from refdesk.ui.backups import BackupScheduler
    from refdesk.ui.board_reading import ReadingView
    from refdesk.ui.contact_actions import ContactActions
    from refdesk.ui.welcome import WelcomeView

READING_POLL_MS = 15  # how often the window looks for a first board still being evaluated
# QMessageBox and QFileDialog are imported where a dialog opens: naming them
# makes PySide build their types and enums, ~2.5 ms before a warm start's paint.


class MainWindow(QMainWindow, WindowBook):
    """The application window for one open book."""

    # The board is on screen (or the welcome view), after "Reading your book…".
    board_shown = Signal()
    # The book is open and every action works (at once, unless built on a saved board).
    book_attached = Signal()

    def __init__(self, ctx: AppContext, *, backups: bool = True,
                 prefetched: BoardPrefetch | None = None, remember_layout: bool = True,
                 saved: SavedBoard | None = None):
        """A window on ``ctx.book``; or, with ``ctx.book`` None, on the board
        ``saved`` for a book not open yet (see attach_book)."""
        super().__init__()
        self.ctx = ctx
        self._saved = saved
        self.book_path: Path = ctx.book.path if ctx.book is not None else saved.path
        self._backups_enabled = backups
        self._remember_layout = remember_layout  # off for --smoke-test: not the user's size
        self.setWindowTitle("refdesk")
        self.actions_: ContactActions | None = None  # made with the book (attach_book)
        self.backups: BackupScheduler | None = None
        self.board = BoardView(ctx)
        self.board.open_requested.connect(lambda r: r and self._act("edit_contact")(r.id))
        self.board.action_requested.connect(self._on_board_action)
        self.board.contact_selected.connect(lambda _r: self._update_status())
        self.board.filtered.connect(self._update_status)

        # The contacts page: 0 the welcome view (an empty book), 1 the board, 2
        # "Reading your book…" (a first board still being evaluated). The two
        # others are made when first shown (_show_page): a warm start shows
        # neither, and making them cost ~13M instructions before its paint.
        self.stack = QStackedWidget()
        self._unmade = {0: QWidget(), 2: QWidget()}
        self.stack.addWidget(self._unmade[0])
        self.stack.addWidget(self.board)
        self.stack.addWidget(self._unmade[2])
        self._pending: BoardPrefetch | None = None
        self._pending_poll = QTimer(self)
        self._pending_poll.setInterval(READING_POLL_MS)
        self._pending_poll.timeout.connect(self._show_when_ready)
        # The window's pages, one tab each (Ctrl+1, Ctrl+2…): add_page adds one.
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.setCentralWidget(self.pages)
        self.pages.currentChanged.connect(lambda _index: self._update_status())

        # The bar's menus now; their actions once the book is open (attach_book).
        self.menus = WindowMenus(self)
        self.cards_menu = self.menus.cards
        self.add_page("&Contacts", self.stack)
        # Filled by attach_book: their modules and first queries wait for the book.
        self.add_page("&Pipeline", QWidget())
        self.add_page("&Report Card", QWidget())
        # Past midnight (or on waking), every view moves to the new day.
        ctx.clock.day_changed.connect(lambda _day: ctx.bus.emit_change("day"))
        ctx.bus.problem.connect(lambda text: self._warn("refdesk", text))
        if ctx.book is not None:
            self.attach_book(ctx.book, prefetched)
        elif saved.head is None:  # no board saved: "Reading your book…" until attach_book
            self._show_page(2)
            self._update_status()
        else:  # each lane's first cards: the rest is read once the window has painted
            head = saved.head
            self._show_page(1)
            self.board.show_saved(list(head.records), head.agenda, saved.as_of, exact=saved.exact,
                                  counts=head.counts, rest=saved.records)
            self._update_status()

    def attach_book(self, book: Book, prefetched: BoardPrefetch | None = None) -> None:
        """Work on ``book`` from now on: make what works on it (the actions,
        their menus, the other pages, backups, reminders). A window built on a
        saved board takes that board as the book's when the book is as the
        board saw it, else evaluates afresh."""
        ctx = self.ctx
        ctx.book, self.book_path = book, book.path
        saved, self._saved = self._saved, None
        # A fresh board the saved one needs starts first, on a thread of its
        # own (~0.3 s at 10,000 contacts), while the rest is made.
        take_over = None if saved is None else self._taking_over(book, saved)
        from refdesk.ui import calendar_sync, follow_up_alerts
        from refdesk.ui.cards import install_cards_menu  # ReportLab loads with it
        from refdesk.ui.contact_actions import ContactActions
        from refdesk.ui.file_drop import install_import_drop
        from refdesk.ui.pipeline import install_pipeline
        from refdesk.ui.report_card import ReportCardPage  # charts load on first show

        self.actions_ = ContactActions(ctx, self)
        self.actions_.reveal = self.reveal_contact
        self.menus.fill()  # before the Cards menu and the reminders add to them
        self.file_drop = install_import_drop(self)  # a file dropped on the window: import
        self.pipeline = install_pipeline(self)
        self._fill_page(1, self.pipeline)
        self.pipeline.filtered.connect(self._update_status)
        self.report_card = ReportCardPage(ctx)
        self.report_card.contact_requested.connect(self.actions_.edit_contact)
        self._fill_page(2, self.report_card)
        self.card_actions = install_cards_menu(self.cards_menu, ctx, self,
                                               self.selected_contact_id)
        self.actions_.compose_card = self.card_actions.compose
        ctx.bus.changed.connect(self._on_changed)
        # Optional, off by default: a tray reminder of follow-ups due, and a
        # calendar file kept up to date for a calendar app (Referrals menu).
        self.follow_up_alerts = follow_up_alerts.install(self)
        self.calendar_sync = calendar_sync.install(self)
        self.backups = self._start_backups()
        if take_over is None:
            self.reload(prefetched)
        else:
            take_over()
            self._update_status()
        self.book_attached.emit()

    def waiting_for_book(self) -> bool:
        """True while the window shows a saved board and its book is still to be
        attached (not once the window is closed)."""
        return self.ctx.book is None and self._saved is not None

    def _taking_over(self, book: Book, saved: SavedBoard) -> Callable[[], None]:
        """How the board painted from ``saved`` becomes ``book``'s own board;
        a fresh board it needs is started now (and kept for the next start)."""
        from refdesk.book.prefetch import BoardPrefetch

        # Its rest read (unreadable, the board is not exact), its agenda and choices
        # filled: whatever comes next, the board shown is whole.
        self.board.finish_start()
        saved.close()
        if book.path != saved.path or saved.as_of != self.ctx.today():
            return self.reload  # another file chosen, or past midnight meanwhile
        if saved.exact and book.revision() == saved.revision and self.stack.currentIndex() == 1:
            return lambda: self.board.take_over(book)  # exactly the book's: nothing to do
        fresh = BoardPrefetch(book, saved.as_of, use_saved=False, keep=True)
        if self.stack.currentIndex() == 2:  # "Reading your book…": the first board
            return lambda: self.reload(fresh)
        # The last board, older than the book: the fresh one replaces it when ready.
        return lambda: self.board.take_over(book, fresh)

    def _act(self, name: str) -> Callable[..., object]:
        """Calls the book's action ``name`` (ContactActions), once the book is open."""
        return lambda *args: self.actions_ and getattr(self.actions_, name)(*args)

    def _fill_page(self, index: int, widget: QWidget) -> None:
        current = self.pages.currentIndex()
        title = self.pages.tabText(index)
        self.pages.blockSignals(True)  # the same page stays current: no change to announce
        old = self.pages.widget(index)
        self.pages.removeTab(index)
        self.pages.insertTab(index, widget, title)
        self.pages.setCurrentIndex(current)
        self.pages.blockSignals(False)
        old.deleteLater()

    def add_page(self, title: str, widget: QWidget) -> int:
        """Add a page to the window's tabs, with a View menu entry and the
        shortcut Ctrl+<its number>; its index."""
        index = self.pages.addTab(widget, title)
        self.menus.add_page(index, title)
        return index

    def with_current(self, act: Callable[[int], None]) -> None:
        """``act`` on the current contact, or say to select one first."""
        contact_id = self.selected_contact_id()
        if contact_id is None:
            self.statusBar().showMessage("Select a contact first.", 3000)
            return
        act(contact_id)

    # -- data -----------------------------------------------------------------
    def reload(self, prefetched: BoardPrefetch | None = None) -> None:
        """Re-read the book and show the welcome view when it is empty."""
        was_pending = self.board_pending()
        self._pending = None
        self._pending_poll.stop()
        empty = self.ctx.book.is_empty()
        if not empty and prefetched is not None and not prefetched.ready():
            # No saved board (a book's first start): evaluating it takes ~0.5 s
            # per 10,000 contacts on the worker. Paint the window saying so
            # now, and show the board when it comes.
            self._pending = prefetched
            self._show_page(2)
            self._pending_poll.start()
            self._update_status()
            return
        self._show_page(0 if empty else 1)
        if not empty:
            self.board.reload(prefetched)
        self._update_status()
        if was_pending:
            self.board_shown.emit()

    @property
    def welcome(self) -> WelcomeView:
        """The welcome view of an empty book (made when first wanted)."""
        return self._page(0)

    @property
    def reading(self) -> ReadingView:
        """"Reading your book…", while a first board is evaluated (made when first wanted)."""
        return self._page(2)

    def _show_page(self, index: int) -> None:
        """Show the contacts page's view ``index`` (0 welcome, 1 board, 2 reading)."""
        self._page(index)
        self.stack.setCurrentIndex(index)

    def _page(self, index: int) -> QWidget:
        placeholder = self._unmade.pop(index, None)
        if placeholder is not None:
            if index == 0:
                from refdesk.ui.welcome import WelcomeView

                page = WelcomeView()
                page.add_requested.connect(self._act("new_contact"))
                page.demo_requested.connect(self.open_demo_book)
                page.import_requested.connect(self.import_contacts)
            else:
                from refdesk.ui.board_reading import ReadingView

                page = ReadingView()
            # The page shown stays shown (the stack keeps its current widget
            # through an insert); a placeholder shown gives way to its page.
            shown = self.stack.currentWidget() is placeholder
            self.stack.insertWidget(index, page)
            if shown:
                self.stack.setCurrentWidget(page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return self.stack.widget(index)

    def board_pending(self) -> bool:
        """True while "Reading your book…" waits for the first board."""
        return self._pending is not None or self.stack.currentIndex() == 2

    def _show_when_ready(self) -> None:
        prefetched = self._pending
        if prefetched is None or not prefetched.ready():
            return
        if prefetched.start_revision != self.ctx.book.revision():
            prefetched = None  # the book changed meanwhile (an edit already made): evaluate
        self.reload(prefetched)

    def _on_changed(self, change: Change) -> None:
        if "book" in change.areas:
            self.reload()
            return
        if "contacts" in change.areas:
            empty = self.ctx.book.is_empty()
            if empty != (self.stack.currentIndex() == 0):
                self.reload()
        self._update_status()

    def _update_status(self) -> None:
        if self.pages.currentWidget() is getattr(self, "pipeline", None):
            self.statusBar().showMessage(f"{self.pipeline.count.text()} · {self.book_path}")
            return
        if self.stack.currentIndex() == 0:
            self.statusBar().showMessage(f"Empty book · {self.book_path}")
            return
        if self.stack.currentIndex() == 2:
            self.statusBar().showMessage(f"Reading the book · {self.book_path}")
            return
        shown, total = self.board.shown_of_total()
        self.statusBar().showMessage(f"{shown} of {total} contacts · {self.book_path}")

    def reveal_contact(self, contact_id: int) -> None:
        """Make a contact current and scroll it into view, clearing a search or
        filter that would hide it (a contact just added, a referred person)."""
        if self.stack.currentIndex() != 1:
            return
        if not self.board.select_contact(contact_id):
            self.board.clear_filters()
            self.board.select_contact(contact_id)

    def selected_contact_id(self) -> int | None:
        return self.board.current_id if self.stack.currentIndex() == 1 else None

    # -- actions --------------------------------------------------------------
    def focus_search(self) -> None:
        if self.stack.currentIndex() == 1:
            self.board.search.setFocus()
            self.board.search.selectAll()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _on_board_action(self, name: str, record) -> None:
        if self.actions_ is None:  # the book is not open yet (a warm start's first moments)
            return
        handlers = {
            "next": lambda: self.actions_.do_next(record),
            "edit": lambda: self.actions_.edit_contact(record.id),
            "log": lambda: self.actions_.log_touchpoint(record.id),
            "sale": lambda: self.actions_.record_sale(record.id),
            "check": lambda: self.actions_.testimonial_check(record.id),
            "ask": lambda: self.actions_.ask(record.id, record.last_product),
            "advance": lambda: self.actions_.advance_referral(record.id),
        }
        handlers[name]()

    def do_next_action(self) -> None:
        record = self.board.current_record() if self.stack.currentIndex() == 1 else None
        if record is not None and self.actions_ is not None:
            self.actions_.do_next(record)

    def ask_current(self, contact_id: int) -> None:
        record = self.board.current_record()
        self.actions_.ask(contact_id, record.last_product if record else "")

    def ask_plan_settings(self) -> None:
        from refdesk.ui.ask_plan_dialog import AskPlanDialog

        AskPlanDialog(self.ctx, self).exec()

    def delete_contact(self) -> None:
        """Delete the selected contact, or all the selected ones in one step."""
        ids = self.board.selected_ids() if self.stack.currentIndex() == 1 else []
        if ids:
            self.actions_.remove_contacts(ids)

    def import_contacts(self) -> None:
        from refdesk.ui.import_flow import run_import  # only once the user asks

        run_import(self.ctx, self)

    def export_data(self) -> None:
        from refdesk.ui.export_dialog import run_export

        run_export(self.ctx, self, [r.id for r in self.board.shown], len(self.board.records))

    def merge_contacts(self) -> None:
        from refdesk.ui.merge_dialog import run_merge

        run_merge(self.ctx, self, self.board.selected_ids())

    def _run(self, work) -> bool:
        """Run a book operation, showing a user-facing failure as a message."""
        try:
            work()
        except RefdeskError as exc:
            self._warn("refdesk", str(exc))
            return False
        return True

    def _warn(self, title: str, text: str) -> None:
        """A warning over the window, ``text`` shown as typed."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, plain(text))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, "About refdesk",
            f"<h3>refdesk {__version__}</h3>"
            "<p>Earn, ask for, track and thank customer referrals.</p>"
            "<p>Your book stays on this computer; refdesk never uses the network.</p>"
            f"{plain(f'Book: {self.book_path}')}"
            f"{plain(f'Log folder: {log_path().parent}')}")

    def painted_view(self) -> QAbstractItemView | None:
        """The view whose first paint means the board is on screen (None: another
        page is shown, or every lane is folded)."""
        return self.board.painted_view() if self.stack.currentIndex() == 1 else None

    def paint_target(self) -> QWidget:
        """The widget whose first paint means the window is on screen (see
        ui.first_paint): the board's painted view; the board itself, every
        lane folded; "Reading your book…"; or, for the welcome view, the window."""
        view = self.painted_view()
        if view is not None:
            return view
        return self.stack.currentWidget() if self.stack.currentIndex() else self

    def contacts_shown(self) -> int:
        """How many contacts the board shows now (after any search filter)."""
        return self.board.shown_of_total()[0] if self.stack.currentIndex() == 1 else 0

    # -- window state ---------------------------------------------------------
    def restore_window_state(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        state = self.ctx.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self._fit_screen()
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if str(self.ctx.settings.value("board/layout", "lanes")) == "table":
            self.board.layout_choice.setCurrentIndex(1)

    def _fit_screen(self) -> None:
        """First start: most of the screen it opens on (a 1366x768 laptop too),
        at most a comfortable 1600x1000."""
        screen = self.screen().availableGeometry()
        width = min(1600, int(screen.width() * 0.92))
        height = min(1000, int(screen.height() * 0.9))
        self.resize(width, height)
        self.move(screen.x() + (screen.width() - width) // 2,
                  screen.y() + (screen.height() - height) // 2)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self.ctx.settings.setValue("window/geometry", self.saveGeometry())
            self.ctx.settings.setValue("window/state", self.saveState())
            self.ctx.settings.setValue(
                "board/layout",
                "table" if self.board.layout_choice.currentIndex() == 1 else "lanes")
            self.ctx.settings.sync()
        # Before the book closes: no work of the window's may still be reading it.
        self.ctx.worker.shutdown()
        self._close_book()
        event.accept()
