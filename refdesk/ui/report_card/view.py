"""The Report Card page: a period picker, the headline figures with their
change, the funnel and the months as charts, the top referrers, follow-ups
on time and the rest in words. The figures are read on the window's worker
thread; the page keeps showing the last ones until the fresh ones arrive.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from refdesk.book.report_rows import ReportCards, read_report
from refdesk.domain.report_period import (
    PERIOD_KINDS,
    PERIOD_LABELS,
    Period,
    custom_period,
    period_for,
)
from refdesk.errors import RefdeskError
from refdesk.ui.context import AppContext, Change
from refdesk.ui.plain_text import plain
from refdesk.ui.report_card.charts import ReportChart, show_funnel, show_months
from refdesk.ui.report_card.details import FollowUpsPanel, details_text
from refdesk.ui.report_card.referrers import TopReferrers
from refdesk.ui.report_card.tiles import HeadlineTiles

log = logging.getLogger(__name__)
CUSTOM = "custom"
DEFAULT_PERIOD = "quarter"


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


class ReportCardView(QWidget):
    """The report card of the open book, for the period picked."""

    contact_requested = Signal(int)  # a top referrer was clicked: open them
    updated = Signal()  # fresh figures are on show

    def __init__(self, ctx: AppContext, settings: QSettings | None = None):
        super().__init__()
        self.ctx = ctx
        self._settings = settings or ctx.settings
        self.cards: ReportCards | None = None
        self._request = 0
        self._stale = True
        self._soon = QTimer(self, singleShot=True, interval=0)  # many changes, one read
        self._soon.timeout.connect(self.refresh)

        self.period_choice = QComboBox()
        self.period_choice.setAccessibleName("Period")
        for kind in PERIOD_KINDS:
            self.period_choice.addItem(PERIOD_LABELS[kind], kind)
        self.period_choice.addItem("From… to…", CUSTOM)
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.start_edit, "From"), (self.end_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(lambda _d: self._soon.start())
        self.pdf_button = QPushButton("Save as &PDF…")
        self.pdf_button.setEnabled(False)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.status = QLabel("")
        self.status.setEnabled(False)
        self.period_label = QLabel("")
        self.period_label.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(_heading("Report card"))
        bar.addSpacing(12)
        bar.addWidget(QLabel("&Period:", buddy=self.period_choice))
        bar.addWidget(self.period_choice)
        self._range_labels = [QLabel("from"), QLabel("to")]
        for label, edit in zip(self._range_labels, (self.start_edit, self.end_edit), strict=True):
            bar.addWidget(label)
            bar.addWidget(edit)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.pdf_button)

        self.tiles = HeadlineTiles()
        self.funnel = ReportChart("Funnel")
        self.months = ReportChart("Per month")
        self.by_revenue = TopReferrers("Top referrers by revenue")
        self.by_count = TopReferrers("Top referrers by referrals received")
        for table in (self.by_revenue, self.by_count):
            table.contact_requested.connect(self.contact_requested)
        self.follow_ups = FollowUpsPanel()
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        # Names and figures from the book: shown as typed, never read as HTML.
        for label in (self.status, self.period_label, self.details):
            label.setTextFormat(Qt.TextFormat.PlainText)

        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(12, 4, 12, 12)
        grid.setHorizontalSpacing(16)
        grid.addWidget(self.period_label, 0, 0, 1, 3)
        grid.addWidget(self.tiles, 1, 0, 1, 3)
        grid.addWidget(_heading("Funnel: referrals asked in the period"), 2, 0)
        grid.addWidget(_heading("Per month: asked, won and revenue from referrals"), 2, 1, 1, 2)
        grid.addWidget(self.funnel, 3, 0)
        grid.addWidget(self.months, 3, 1, 1, 2)
        grid.addWidget(_heading("Top referrers by revenue"), 4, 0)
        grid.addWidget(_heading("Top referrers by referrals received"), 4, 1)
        grid.addWidget(_heading("Follow-ups on time"), 4, 2)
        grid.addWidget(self.by_revenue, 5, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.by_count, 5, 1, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.addWidget(self.follow_ups)
        side.addSpacing(10)
        side.addWidget(_heading("Money, rewards and cards"))
        side.addWidget(self.details)
        side.addStretch(1)
        grid.addLayout(side, 5, 2, 2, 1)
        grid.setRowStretch(6, 1)
        for column, stretch in enumerate((4, 3, 3)):
            grid.setColumnStretch(column, stretch)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        kind = str(self._settings.value("report/period", DEFAULT_PERIOD))
        self.period_choice.setCurrentIndex(max(0, self.period_choice.findData(kind)))
        self.period_choice.currentIndexChanged.connect(self._period_changed)
        self._period_changed()
        ctx.bus.changed.connect(self._on_changed)

    # -- the period ------------------------------------------------------------
    def period(self) -> Period:
        """The period picked, to the window's day."""
        today = self.ctx.today()
        kind = self.period_choice.currentData()
        if kind != CUSTOM:
            return period_for(kind, today)
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        return custom_period(min(start, end), min(max(start, end), today))

    def _period_changed(self) -> None:
        kind = self.period_choice.currentData()
        custom = kind == CUSTOM
        if custom:
            today = self.ctx.today()
            current = self.cards.current.period if self.cards else period_for("year", today)
            for edit, day in ((self.start_edit, current.start), (self.end_edit, current.end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day or today.replace(month=1, day=1)))
                edit.blockSignals(False)
        for widget in (*self._range_labels, self.start_edit, self.end_edit):
            widget.setVisible(custom)
        self._settings.setValue("report/period", kind)
        self._soon.start()

    # -- reading -----------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        del change  # any change to the book or the day can move a figure
        self._stale = True
        self._soon.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._soon.start()

    def refresh(self) -> None:
        """Read the figures again on the worker, if the page is on screen;
        otherwise when it next shows."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._request += 1
        request, book, today = self._request, self.ctx.book, self.ctx.today()
        try:
            period = self.period()
        except RefdeskError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("Updating…")
        self.ctx.worker.submit(lambda _progress: read_report(book, period, today),
                               lambda cards: self._show(request, cards),
                               lambda exc: self._failed(request, exc), book=book)

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        log.warning("report card not read: %s", type(exc).__name__, exc_info=exc)
        self.status.setText(f"The report could not be read: {exc}")

    def _show(self, request: int, cards: ReportCards) -> None:
        if request != self._request:
            return  # a newer read is on its way: this one is out of date
        self.cards = cards
        c, before = cards.current, cards.previous
        compare = (f" · compared with {before.period.label}" if before
                   else " · all time: no period before it to compare with")
        who = f" · {cards.rep_name}" if cards.rep_name else ""
        self.period_label.setText(f"{c.period.label}{compare} · money in {c.currency}{who}")
        self.tiles.show_card(c, before)
        show_funnel(self.funnel, c)
        show_months(self.months, c)
        self.by_revenue.show_rows(c.top_by_revenue, c)
        self.by_count.show_rows(c.top_by_count, c)
        self.follow_ups.show_card(c)
        self.details.setText(details_text(c))
        self.setAccessibleDescription(self.summary())
        self.status.setText("")
        self.pdf_button.setEnabled(True)
        self.updated.emit()

    def summary(self) -> str:
        """The page in words: headline figures and each chart's summary."""
        return " ".join([self.period_label.text() + ".", self.tiles.summary() + ".",
                         self.funnel.accessibleDescription(),
                         self.months.accessibleDescription()])

    # -- PDF -----------------------------------------------------------------------
    def save_pdf(self) -> None:
        if self.cards is None:
            return
        start = Path(str(self._settings.value("report/pdf_folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self, "Save Report Card", str(
            start / "report-card.pdf"), "PDF files (*.pdf)")
        if not path:
            return
        from refdesk.reports.report_pdf import write_report_pdf

        try:
            write_report_pdf(self.cards, Path(path))
        except RefdeskError as exc:
            QMessageBox.warning(self, "Report card", plain(str(exc)))
            return
        self._settings.setValue("report/pdf_folder", str(Path(path).parent))
        self.status.setText(f"Saved {Path(path).name}")
