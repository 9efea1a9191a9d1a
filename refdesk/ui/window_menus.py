"""The main window's menu bar: its menus at once, their actions once the
book is open (a warm start paints before then; nothing in them could work)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from refdesk.ui.main_window import MainWindow


class WindowMenus:
    """File, Edit, View, Contacts, Referrals, Cards and Help of ``window``."""

    def __init__(self, window: MainWindow):
        self.window = window
        bar = window.menuBar()
        self.file, self.edit, self.view, self.contacts, self.referrals, self.cards, \
            self.help = (bar.addMenu(title) for title in (
                "&File", "&Edit", "&View", "&Contacts", "&Referrals", "C&ards", "&Help"))
        self.filled = False
        self._pages: list[tuple[int, str]] = []  # pages added before fill()

    def add_page(self, index: int, title: str) -> None:
        """A View entry (Ctrl+<number>) for the window's page at ``index``."""
        if not self.filled:
            self._pages.append((index, title))
            return
        pages = self.window.pages
        self._action(self.view, title, lambda: pages.setCurrentIndex(index),
                     f"Ctrl+{index + 1}" if index < 9 else None)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut=None,
                tip: str = "") -> QAction:
        from PySide6.QtGui import QAction, QKeySequence  # see fill

        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        # triggered(bool) would hand ``checked`` to slots that take another
        # first argument (reload's prefetched board): call them with nothing.
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _on_current(self, menu: QMenu, text: str, act: Callable[[int], object],
                    shortcut=None, tip: str = "") -> QAction:
        """An action on the current contact (does nothing when none is selected)."""
        return self._action(menu, text, lambda: self.window.with_current(act), shortcut, tip)

    def fill(self) -> None:
        """Put every action in its menu (once; the window's actions_ exist by now)."""
        # Imported here: naming a Qt class makes PySide build its enums (~2 ms
        # for these two), which a warm start's first paint does without.
        from PySide6.QtGui import QKeySequence

        if self.filled:
            return
        self.filled = True
        w, act, on = self.window, self._action, self._on_current
        actions = w.actions_
        file = self.file
        act(file, "&Open Book…", w.open_book_dialog, QKeySequence.StandardKey.Open,
            "Open another refdesk book file")
        act(file, "Open &Demo Book", w.open_demo_book,
            tip="Explore refdesk on made-up customers; your own book is not touched")
        file.addSeparator()
        w.import_action = act(file, "&Import Contacts…", w.import_contacts, "Ctrl+I",
                              "Import contacts from a CSV or vCard file")
        act(file, "&Export…", w.export_data, "Ctrl+Shift+E",
            "Contacts as CSV or vCard, follow-ups as a calendar, or the whole book")
        file.addSeparator()
        act(file, "&Back Up Now", w.back_up_now, tip="Copy the book to its backups")
        act(file, "&Second Backup Folder…", w.choose_second_folder,
            tip="Also copy every backup to another folder, on another disk")
        act(file, "&Restore from Backup…", w.restore_dialog)
        file.addSeparator()
        act(file, "&Quit", w.close, QKeySequence.StandardKey.Quit)

        undo = w.ctx.undo.createUndoAction(w, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = w.ctx.undo.createRedoAction(w, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit.addActions([undo, redo])
        self.edit.addSeparator()
        act(self.edit, "&Find…", w.focus_search, QKeySequence.StandardKey.Find)

        view, board = self.view, w.board
        act(view, "&Refresh", w.reload, QKeySequence.StandardKey.Refresh)
        act(view, "&Full Screen", w.toggle_full_screen, QKeySequence.StandardKey.FullScreen)
        view.addSeparator()
        act(view, "&Lanes", lambda: board.layout_choice.setCurrentIndex(0), "Ctrl+Alt+1")
        act(view, "&Table", lambda: board.layout_choice.setCurrentIndex(1), "Ctrl+Alt+2")
        view.addSeparator()
        for index, title in self._pages:  # then one entry per page (add_page)
            self.add_page(index, title)
        self._pages.clear()

        contacts = self.contacts
        act(contacts, "&New Contact…", actions.new_contact, QKeySequence.StandardKey.New)
        on(contacts, "&Edit Contact…", actions.edit_contact, "Ctrl+E")
        on(contacts, "&Log Touchpoint…", actions.log_touchpoint, "Ctrl+L",
           "Log service, a solved problem, a complaint… in a few keystrokes")
        on(contacts, "Record &Sale…", actions.record_sale, "Ctrl+Shift+S")
        on(contacts, "&Testimonial Check…", actions.testimonial_check, "Ctrl+T")
        on(contacts, "Record &Reward…", actions.record_reward,
           tip="A thank-you gift to a referrer, in the rewards ledger")
        on(contacts, "Referrals &Given to Them…", actions.referrals_given,
           tip="Business you sent to this customer: it earns trust")
        act(contacts, "T&ag Selected…", lambda: actions.tag_contacts(board.selected_ids()),
            "Ctrl+Shift+T", "Add a tag to every selected contact")
        act(contacts, "&Merge…", w.merge_contacts, tip="Join two contacts into one")
        contacts.addSeparator()
        act(contacts, "&Bring Back Archived…", actions.bring_back_archived,
            tip="Put a contact you archived back on the board")
        act(contacts, "&Delete Contact…", w.delete_contact, QKeySequence.StandardKey.Delete)

        referrals = self.referrals
        act(referrals, "Do the &Next Action", w.do_next_action, "Ctrl+Return",
            "Open what the selected contact's next action asks for")
        on(referrals, "&Ask for a Referral…", w.ask_current, "Ctrl+R")
        on(referrals, "&Move Referral On…", actions.advance_referral, "Ctrl+Shift+R")
        referrals.addSeparator()
        act(referrals, "&Follow-ups…", actions.follow_ups,
            tip="Every thank-you the referrals owe: mark done, e-mail, write a card")
        act(referrals, "Re&wards…", actions.rewards_ledger,
            tip="The rewards ledger, the monthly spend and its budget")
        act(referrals, "Ask &Scripts…", actions.edit_ask_scripts,
            tip="Your own words for planting the seed and asking")
        referrals.addSeparator()
        act(referrals, "Ask &Plan Settings…", w.ask_plan_settings,
            QKeySequence.StandardKey.Preferences)

        act(self.help, "&About refdesk", w.about)
        act(self.help, "About &Qt", lambda: _about_qt(w))


def _about_qt(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox  # named when asked for: its types cost start-up

    QMessageBox.aboutQt(window)
