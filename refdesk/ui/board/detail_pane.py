"""The selected contact: every reason, the next action, actions, the timeline.

The pane is narrow (about 380 px of a 1366 px window): words wrap, the
timeline puts an event's detail under its title (so an amount and its
currency are whole), and when the window is short the pane scrolls rather
than squeezing one text over the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from refdesk.domain.board_rows import ContactReadiness
from refdesk.ui.board.level_style import level_colour, level_label
from refdesk.ui.plain_text import plain

if TYPE_CHECKING:
    from refdesk.book.timeline import TimelineEvent

TIMELINE_ROWS = 6  # lines of timeline kept in view before the pane scrolls
ACTION_BUTTONS = (("edit", "&Edit…"), ("log", "&Log touchpoint…"), ("sale", "Record &sale…"),
                  ("check", "Testimonial &check…"), ("ask", "As&k for referral…"),
                  ("advance", "Move referral &on…"))


class DetailPane(QWidget):
    """Shows one board record; buttons emit ``action_requested(name)``.

    With no record it says how to get one, and nothing else. The record's
    view (its labels, buttons and timeline) is made when the first record is
    shown: a start-up paints the pane empty, and making that view first cost
    ~12M instructions before the paint.
    """

    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.record: ContactReadiness | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.empty = QLabel("Select a contact to see why, what next, and their story.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.record_view: QWidget | None = None  # made by _make_record_view
        inner = QWidget()
        self._column = QVBoxLayout(inner)
        self._column.addWidget(self.empty, 1)
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.setMinimumWidth(320)

    def _make_record_view(self) -> QWidget:
        # Named here: PySide readies a Qt type's enums when it is first named.
        from PySide6.QtWidgets import QHeaderView, QTreeWidget

        view = QWidget()
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
        for i, (name, text) in enumerate(ACTION_BUTTONS):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, n=name: self.action_requested.emit(n))
            grid.addWidget(button, i // 2, i % 2)
            self.buttons[name] = button
        # Two columns: a third (Detail) got what the title left, 60 px at the
        # pane's usual width, and cut "3,200.00 USD" to "3,200.00 U". The detail
        # goes on a second line under the title, each line elided on its own.
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels(["Date", "What"])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.timeline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.timeline.setMinimumHeight(
            TIMELINE_ROWS * self.timeline.fontMetrics().lineSpacing()
            + self.timeline.header().sizeHint().height() + 2 * self.timeline.frameWidth())
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.header, self.reasons, self.next_label, self.next_button):
            layout.addWidget(widget)
        layout.addLayout(grid)
        layout.addWidget(QLabel("<b>Timeline</b>"))
        layout.addWidget(self.timeline, 1)
        self._column.addWidget(view, 1)
        return view

    def show_record(self, record: ContactReadiness | None,
                    timeline: list[TimelineEvent]) -> None:
        """Show ``record`` (None clears the pane)."""
        self.record = record
        self.empty.setVisible(record is None)
        if record is None:
            if self.record_view is not None:
                self.record_view.hide()
                self.timeline.clear()
            return
        if self.record_view is None:
            self.record_view = self._make_record_view()
        self.record_view.show()
        self.timeline.clear()
        import html  # its 2,000-entity table: not before the first paint, which shows no record

        from PySide6.QtWidgets import QTreeWidgetItem

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
        top = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        for event in timeline:
            detail = " ".join(event.detail.split())  # a note of many lines: one line
            what = f"{event.title}\n{detail}" if detail else event.title
            item = QTreeWidgetItem([event.on.strftime("%d %b %Y"), what])
            item.setTextAlignment(0, top)
            item.setTextAlignment(1, top)
            whole = f"{event.title}\n{event.detail}" if detail else event.title
            item.setToolTip(1, plain(whole))  # a long note is elided on its line
            self.timeline.addTopLevelItem(item)
