"""The selected contact: every reason, the next action, actions, the timeline."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.board import ContactReadiness
from refdesk.book.timeline import TimelineEvent
from refdesk.ui.board.level_style import level_colour, level_label
from refdesk.ui.plain_text import plain

ACTION_BUTTONS = (("edit", "&Edit…"), ("log", "&Log touchpoint…"), ("sale", "Record &sale…"),
                  ("check", "Testimonial &check…"), ("ask", "As&k for referral…"),
                  ("advance", "Move referral &on…"))


class DetailPane(QWidget):
    """Shows one board record; buttons emit ``action_requested(name)``."""

    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.record: ContactReadiness | None = None
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setWordWrap(True)
        # The action's words wrap in a label: on a button, a long ask script
        # would set the pane's minimum width and squeeze the lanes.
        self.next_label = QLabel()
        self.next_label.setWordWrap(True)
        self.next_label.setTextFormat(Qt.TextFormat.RichText)
        self.next_button = QPushButton("&Do it")
        self.next_button.setToolTip("Do the next action (Ctrl+Return)")
        self.next_button.clicked.connect(lambda: self.action_requested.emit("next"))
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, text) in enumerate(ACTION_BUTTONS):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, n=name: self.action_requested.emit(n))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[name] = button
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels(["Date", "What", "Detail"])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.timeline.setColumnWidth(1, 200)
        self.empty = QLabel("Select a contact to see why, what next, and their story.")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.empty, self.header, self.reasons, self.next_label,
                       self.next_button):
            layout.addWidget(widget)
        self.setMinimumWidth(320)
        layout.addLayout(grid)
        layout.addWidget(QLabel("<b>Timeline</b>"))
        layout.addWidget(self.timeline, 1)
        self.show_record(None, [])

    def show_record(self, record: ContactReadiness | None,
                    timeline: list[TimelineEvent]) -> None:
        """Show ``record`` (None clears the pane)."""
        self.record = record
        has = record is not None
        for widget in (self.header, self.reasons, self.next_button, self.timeline,
                       *self.buttons.values()):
            widget.setEnabled(has)
        self.empty.setVisible(not has)
        for widget in (self.header, self.reasons, self.next_label, self.next_button):
            widget.setVisible(has)
        self.timeline.clear()
        if record is None:
            return
        colour = level_colour(record.level, self.palette()).name()
        company = f"<br>{html.escape(record.company)}" if record.company else ""
        tags = f"<br><small>{html.escape(', '.join(record.tags))}</small>" if record.tags else ""
        self.header.setText(
            f"<h2 style='margin:0'>{html.escape(record.name)}</h2>{company}"
            f"<br><b style='color:{colour}'>{html.escape(level_label(record.level))}</b>"
            f" · score {record.score}{tags}")
        self.reasons.setText("<ul style='margin-left:-20px'>" + "".join(
            f"<li>{html.escape(reason)}</li>" for reason in record.reasons) + "</ul>")
        self.next_label.setText(f"<b>Next:</b> {html.escape(record.next_action)}")
        for event in timeline:
            item = QTreeWidgetItem([event.on.strftime("%d %b %Y"), event.title, event.detail])
            item.setToolTip(2, plain(event.detail))
            self.timeline.addTopLevelItem(item)
