"""What the Contacts page shows while a book's first board is being evaluated.

A book opened for the first time (no saved board) takes ~0.5 s per 10,000
contacts to evaluate, on a worker: the window paints this meanwhile instead
of staying blank, and the board replaces it when ready (MainWindow).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from refdesk.ui.welcome import centre_column


class ReadingView(QWidget):
    """"Reading your book…" with a busy bar; nothing to act on yet."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel("<h2>Reading your book…</h2>")
        text = QLabel("Working out who is ready to be asked, thanked and followed up "
                      "today. The board appears here in a moment.")
        text.setWordWrap(True)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: how long is not known
        self.bar.setTextVisible(False)
        centre_column(self, (title, text, self.bar), width=460, spacing=12)
