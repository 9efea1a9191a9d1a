"""The Report Card page of the window (issue 13).

The page is built the first time it shows: QtCharts and the report's modules
load then, so starting the window never pays for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from refdesk.ui.context import AppContext

if TYPE_CHECKING:
    from refdesk.ui.report_card.view import ReportCardView


class ReportCardPage(QWidget):
    """Holds the ReportCardView, made on first show."""

    contact_requested = Signal(int)  # a top referrer was clicked: open them

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.view: ReportCardView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self) -> ReportCardView:
        """The page's view, made now if it was not yet."""
        if self.view is None:
            from refdesk.ui.report_card.view import ReportCardView

            self.view = ReportCardView(self.ctx)
            self.view.contact_requested.connect(self.contact_requested)
            self._layout.addWidget(self.view)
        return self.view

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_view()
        super().showEvent(event)


__all__ = ["ReportCardPage"]
