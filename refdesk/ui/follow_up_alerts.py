"""An optional desktop notification of the follow-ups due: at start-up, when
the day changes (one falls due), and when the user switches it on.

Off by default and set per computer (QSettings), since a notification is a
matter of this desktop, not of the book. Without a system tray (a bare window
manager, the offscreen platform) it shows nothing, and its menu entry says so.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from refdesk.ui.context import Change

if TYPE_CHECKING:
    from refdesk.book import Book
    from refdesk.ui.main_window import MainWindow

SETTING = "alerts/follow_ups"
NAMED = 3  # people named in the message; the rest are counted
MESSAGE_MS = 10_000
TIP_ON = "A desktop notification of the follow-ups due, at start-up and each morning"
TIP_NO_TRAY = ("This desktop has no system tray: refdesk cannot show a notification "
               "here, so this setting does nothing")


def due_message(book: Book, today: dt.date) -> tuple[str, str] | None:
    """The notification's title and text for the open follow-ups due on or
    before ``today``, or None when none is."""
    due = [i for i in book.follow_ups.listing(today, open_only=True) if i.due_on <= today]
    if not due:
        return None
    # Worded as the board's Today panel words them.
    overdue = sum(i.overdue for i in due)
    title = f"{len(due)} follow-up{'s' if len(due) != 1 else ''} due ({overdue} overdue)"
    lines = []
    for item in due[:NAMED]:
        about = f" for introducing {item.referred}" if item.referred else ""
        when = f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''} overdue" \
            if item.overdue else "due today"
        lines.append(f"{item.label}: {item.referrer}{about} — {when}")
    if len(due) > NAMED:
        lines.append(f"…and {len(due) - NAMED} more")
    return title, "\n".join(lines)


def find_menu(window: MainWindow, title: str) -> QMenu:
    """The menu bar's menu called ``title`` (its "&" shortcut marks ignored)."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == title:
            return menu
    raise LookupError(f"The window has no {title} menu.")


class FollowUpAlerts(QObject):
    """The menu switch, and the tray icon that carries the notification."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window, self.ctx = window, window.ctx
        self.tray: QSystemTrayIcon | None = None  # made on the first notification
        self.shown = 0  # notifications shown (for the window's tests and the log)
        menu = find_menu(window, "Referrals")
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        self.action = QAction("Remind &Me of Follow-ups", window)
        self.action.setCheckable(True)
        self.action.setChecked(self.enabled())
        self.action.toggled.connect(self._toggled)
        menu.addAction(self.action)
        self._update_tip()
        self.ctx.bus.changed.connect(self._on_changed)
        self.notify()  # start-up

    def enabled(self) -> bool:
        value = self.ctx.settings.value(SETTING, False)
        return value is True or str(value).lower() == "true"  # ini files give back text

    def _toggled(self, on: bool) -> None:
        self.ctx.settings.setValue(SETTING, on)
        self._update_tip()
        if on:
            self.notify()  # at once, so the user sees what they switched on
        elif self.tray is not None:
            self.tray.hide()

    def _update_tip(self) -> None:
        tip = TIP_ON if QSystemTrayIcon.isSystemTrayAvailable() else TIP_NO_TRAY
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)

    def _on_changed(self, change: Change) -> None:
        if "day" in change.areas:
            self.notify()

    def notify(self) -> bool:
        """Show the follow-ups due today, if switched on, a tray exists and one
        is due; True when a notification was shown."""
        if not self.enabled() or not QSystemTrayIcon.isSystemTrayAvailable():
            return False
        book = self.ctx.book
        if book.db.is_closed():
            return False
        message = due_message(book, self.ctx.today())
        if message is None:
            return False
        tray = self._tray()
        tray.show()
        tray.showMessage(*message, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        self.shown += 1
        return True

    def _tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = self.window.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self.window)
            self.tray.setToolTip("refdesk follow-ups")
            self.tray.messageClicked.connect(self._open_list)
            self.tray.activated.connect(lambda _reason: self._open_list())
        return self.tray

    def _open_list(self) -> None:
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        self.window.actions_.follow_ups()


def install(window: MainWindow) -> FollowUpAlerts:
    """Add Referrals > Remind Me of Follow-ups to ``window`` and notify now if on."""
    return FollowUpAlerts(window)
