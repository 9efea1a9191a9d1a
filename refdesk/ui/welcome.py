"""The first view of an empty book: three ways to get started."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QWidget):
    """Offers: import contacts, add a contact, or explore the demo book."""

    import_requested = Signal()
    add_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel("<h1>Welcome to refdesk</h1>")
        text = QLabel(
            "Referrals come from customers who have felt the benefit of working with you. "
            "refdesk tells you when each customer is ready to be asked, schedules the "
            "thank-yous, and prints cards that look handwritten.")
        text.setWordWrap(True)
        prompt = QLabel("Your book is empty. Start with one of these:")
        self.import_button = QPushButton("&Import contacts from a CSV or vCard file…")
        self.add_button = QPushButton("&Add a contact…")
        self.demo_button = QPushButton("&Explore the demo book")
        self.import_button.clicked.connect(self.import_requested)
        self.add_button.clicked.connect(self.add_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        centre_column(self, (title, text, prompt, self.import_button, self.add_button,
                             self.demo_button), width=520, spacing=10)


def centre_column(host: QWidget, widgets: tuple[QWidget, ...], *, width: int,
                  spacing: int) -> None:
    """Lay ``widgets`` out in ``host`` as one fixed-width column, centred.

    Fixed width: a word-wrapped label in a centred layout otherwise gets a
    height computed for the wrong width and is clipped. Centred by
    stretches, not an alignment flag: an aligned widget is sized by its
    sizeHint and loses height-for-width.
    """
    column = QWidget()
    column.setFixedWidth(width)
    inner = QVBoxLayout(column)
    inner.setSpacing(spacing)
    for widget in widgets:
        inner.addWidget(widget)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column)
    row.addStretch(1)
    layout = QVBoxLayout(host)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
