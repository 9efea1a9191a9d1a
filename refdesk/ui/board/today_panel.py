"""The day's agenda above the board: follow-ups due or overdue, cards owed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from refdesk.book.board import Agenda


class TodayPanel(QWidget):
    """A short list; activating an item selects the referrer on the board."""

    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.items = QListWidget()
        self.items.setMaximumHeight(110)
        self.items.setAlternatingRowColors(True)
        self.items.itemActivated.connect(
            lambda item: self.contact_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.items)

    def show_agenda(self, agenda: Agenda) -> None:
        """Fill the panel from the day's agenda."""
        follow_ups, cards = agenda.follow_ups, agenda.cards_due
        overdue = sum(1 for f in follow_ups if f.days_overdue > 0)
        self.title.setText(
            f"<b>Today</b> — {len(follow_ups)} follow-up{'s' if len(follow_ups) != 1 else ''}"
            f" due ({overdue} overdue), {len(cards)} card{'s' if len(cards) != 1 else ''} owed")
        self.items.clear()
        for item in follow_ups:
            when = "due today" if item.days_overdue == 0 else \
                f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''} overdue"
            about = f" for introducing {item.referred}" if item.referred else ""
            card = "" if item.card_sent else " · card owed"
            row = QListWidgetItem(f"{item.label}: {item.referrer}{about} — {when}{card}")
            row.setData(Qt.ItemDataRole.UserRole, item.referrer_id)
            self.items.addItem(row)
        if not follow_ups:
            self.items.addItem("Nothing due today. Good moment to earn some trust.")
