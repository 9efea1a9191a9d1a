"""The Cards menu: write a card, print the queue, templates, settings, calibration."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext
from refdesk.ui.plain_text import plain


class CardActions:
    """Opens the card dialogs; ``compose`` is what the board's "thank" action calls."""

    def __init__(self, ctx: AppContext, window: QMainWindow,
                 current_contact: Callable[[], int | None]):
        self.ctx, self.window, self.current_contact = ctx, window, current_contact
        self.queue = None  # the open print queue, reused rather than opened twice

    def compose(self, contact_id: int, occasion: str | None = None,
                follow_up_id: int | None = None):
        """Open the composer for a contact (prefilled for a follow-up); the dialog, or None."""
        from refdesk.ui.cards.composer import ComposerDialog  # ReportLab only when asked

        try:
            dialog = ComposerDialog(self.ctx, contact_id, occasion=occasion,
                                    follow_up_id=follow_up_id, parent=self.window)
        except RefdeskError as exc:
            QMessageBox.warning(self.window, "Write a Card", plain(str(exc)))
            return None
        dialog.show()
        dialog.raise_()
        return dialog

    def write_card(self) -> None:
        """Compose a card to the selected contact."""
        contact_id = self.current_contact()
        if contact_id is None:
            self.window.statusBar().showMessage("Select a contact to write a card to.", 3000)
            return
        self.compose(contact_id)

    def print_queue(self):
        """Open (or bring forward) the queue of owed cards; the dialog."""
        from refdesk.ui.cards.print_queue import PrintQueueDialog

        if self.queue is None:
            self.queue = PrintQueueDialog(self.ctx, compose=self.compose, parent=self.window)
            self.queue.destroyed.connect(lambda *_: setattr(self, "queue", None))
        self.queue.show()
        self.queue.raise_()
        return self.queue

    def edit_templates(self) -> None:
        """Edit the book's card templates."""
        from refdesk.ui.cards.templates_dialog import TemplatesDialog

        TemplatesDialog(self.ctx, self.window).exec()

    def card_settings(self) -> None:
        """Edit how cards are signed and drawn."""
        from refdesk.ui.cards.settings_dialog import CardSettingsDialog

        CardSettingsDialog(self.ctx, self.window).exec()

    def printer_calibration(self) -> None:
        """Print the calibration page and store the printer offset."""
        from refdesk.ui.cards.calibration_dialog import CalibrationDialog

        CalibrationDialog(self.ctx, self.window).exec()


def install_cards_menu(menu: QMenu, ctx: AppContext, window: QMainWindow,
                       current_contact: Callable[[], int | None]) -> CardActions:
    """Fill the Cards menu and return the actions object (keep a reference to it)."""
    actions = CardActions(ctx, window, current_contact)

    def add(text: str, slot: Callable[[], object], shortcut: str | None = None,
            tip: str = "") -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    add("&Write Card…", actions.write_card, "Ctrl+Shift+C",
        "Write a handwritten-style card to the selected contact")
    add("&Print Queue…", actions.print_queue, "Ctrl+Shift+P",
        "Print every thank-you card the follow-ups owe, in one go")
    menu.addSeparator()
    add("Card &Templates…", actions.edit_templates, tip="Your own words for each occasion")
    add("Card &Settings…", actions.card_settings,
        tip="How you sign, your return address, review links, default handwriting")
    add("Printer &Calibration…", actions.printer_calibration,
        tip="Line cards up with the paper: print a calibration page and enter the offset")
    return actions
