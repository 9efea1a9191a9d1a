"""One column of the pipeline board: a header with count and value, and a list."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QListView, QVBoxLayout

from refdesk.book.pipeline_board import ColumnSummary
from refdesk.domain.vocabulary import REFERRAL_STAGES
from refdesk.ui.pipeline.card_delegate import PipelineCardDelegate
from refdesk.ui.pipeline.column_model import ColumnModel
from refdesk.ui.plain_text import escaped

MIN_COLUMN_WIDTH = 172


def money_text(value: dict[str, Decimal]) -> str:
    """"34,500 USD", the biggest currency first, "+ 2 more" for the rest."""
    if not value:
        return ""
    ordered = sorted(value.items(), key=lambda item: -item[1])
    currency, amount = ordered[0]
    more = f" + {len(ordered) - 1} more" if len(ordered) > 1 else ""
    return f"{amount:,.0f} {currency}{more}"


def header_text(summary: ColumnSummary) -> str:
    """The header's three lines: stage and count; value; what needs care
    (each with its shape, as on the cards)."""
    value = money_text(summary.value)
    if value:
        value = f"≈ {value} est." if summary.estimated else f"{value} won"
    care = " · ".join(n for n in (f"▲ {summary.rotting} rotting" if summary.rotting else "",
                                  f"{summary.overdue} overdue" if summary.overdue else "")
                      if n)
    return (f"<b>{escaped(REFERRAL_STAGES[summary.stage])}</b> &nbsp;{summary.count}"
            f"<br><small>{escaped(value) or '&nbsp;'}</small>"
            f"<br><small>{escaped(care) or '&nbsp;'}</small>")


class StageColumn(QFrame):
    """A stage's header and its cards; arrow keys left and right leave the column."""

    step_requested = Signal(str, int)  # this stage, -1 (left) or +1 (right)

    def __init__(self, stage: str, parent=None):
        super().__init__(parent)
        self.stage = stage
        self.setMinimumWidth(MIN_COLUMN_WIDTH)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setContentsMargins(4, 2, 4, 2)
        self.model = ColumnModel(stage, self)
        self.view = QListView()
        self.view.setObjectName(f"pipeline-{stage}")
        self.view.setAccessibleName(f"{REFERRAL_STAGES[stage]} referrals")
        self.view.setModel(self.model)
        self.view.setItemDelegate(PipelineCardDelegate(self.view))
        self.view.setUniformItemSizes(True)  # 3,000 cards: no measuring each
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)

    def set_summary(self, summary: ColumnSummary) -> None:
        self.header.setText(header_text(summary))
        self.header.setAccessibleName(self.header.text().replace("<br>", "; "))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_requested.emit(self.stage, -1 if event.key() == Qt.Key.Key_Left else 1)
            return True
        return super().eventFilter(watched, event)
