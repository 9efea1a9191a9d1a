"""A live PDF preview: the rendered card bytes shown with QtPdf, every page in view."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QMargins, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from refdesk.ui.cards.printing import load_pdf

MARGIN, SPACING = 12, 10  # px around and between pages


class PdfPreview(QWidget):
    """Shows PDF bytes page by page; ``updated`` fires after each new document."""

    updated = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None  # the document reads from it: keep it alive
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        # Custom zoom: a card with a QR back shows front and back together.
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setPageSpacing(SPACING)
        self.view.setDocumentMargins(QMargins(MARGIN, MARGIN, MARGIN, MARGIN))
        self.view.setMinimumSize(420, 320)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view.setStyleSheet("QPdfView { background: #8a8f96; }")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)

    def show_pdf(self, data: bytes, caption: str = "") -> None:
        """Replace what is shown with this PDF."""
        _, buffer = load_pdf(data, self.document)
        self._buffer = buffer  # the old buffer is released only once the new one is read
        self.caption.setText(caption)
        self.fit()
        self.updated.emit()

    def fit(self) -> None:
        """Zoom so that every page fits the view, as large as it can be."""
        pages = self.page_count()
        if not pages:
            return
        sizes = [self.document.pagePointSize(i) for i in range(pages)]
        # QPdfView draws a page at points x (logical dpi / 72) x zoom.
        screen = self.screen() or QGuiApplication.primaryScreen()
        per_point = (screen.logicalDotsPerInch() if screen else 96.0) / 72.0
        port = self.view.viewport().size()
        width = max(port.width() - 2 * MARGIN - 6, 50)  # slack: no scroll bar from rounding
        height = max(port.height() - 2 * MARGIN - SPACING * pages - 8, 50)
        zoom = min(width / (max(s.width() for s in sizes) * per_point),
                   height / (sum(s.height() for s in sizes) * per_point))
        self.view.setZoomFactor(max(zoom, 0.05))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def set_stale(self, stale: bool) -> None:
        """Grey the preview out while it no longer matches the message."""
        self.view.setEnabled(not stale)

    def page_count(self) -> int:
        """Pages in the shown document (0 before the first one)."""
        if self.document.status() != QPdfDocument.Status.Ready:
            return 0
        return self.document.pageCount()
