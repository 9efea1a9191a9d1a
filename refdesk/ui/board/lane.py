"""One lane of the board: a header (icon, word, count, collapse) over its cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from refdesk.domain.board_rows import ContactReadiness
from refdesk.domain.vocabulary import LEVELS
from refdesk.ui.board.card_delegate import CardDelegate
from refdesk.ui.board.lane_model import LaneModel
from refdesk.ui.board.level_style import draw_level_icon, level_colour

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel

LANE_WIDTH = 270
COLLAPSED_WIDTH = 44

# What an empty lane means, so an empty board never looks broken.
EMPTY_WHY = {
    "thank_due": "No thank-you is due: every referrer has been thanked.",
    "ready": "No one is ready to ask. Customers get here once the benefit period has "
             "passed and you have logged trust earned.",
    "cooling": "No ask window is closing unused.",
    "in_progress": "No referral is open. Ask a ready customer to start one.",
    "earning": "No one is in their ask window still earning trust.",
    "blocked": "No open complaints.",
    "not_yet": "No one is waiting for a first sale or their benefit period.",
}
EMPTY_FILTERED = "No one here matches the search or filters."
_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}


class LaneList(QListView):
    """The lane's cards; when there are none, says why instead of showing nothing."""

    # After each paint of the cards. Start-up's finish line (ui.first_paint)
    # listens here rather than to the viewport's paint events: wrapping the
    # viewport for Python makes PySide ready the types of every kind of
    # scroll area, ~50 enum types and ~60M instructions before the first paint.
    painted = Signal()
    # Left (-1) or Right (+1) pressed on a card, with no modifier: the board
    # moves to the next lane (lane_keys). Taken here rather than by an event
    # filter, which would have Python see, and wrap, every event of the view.
    stepped = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # Why the lane is empty, over the empty list: a label, not text drawn
        # on the viewport, whose painter would wrap the viewport for Python
        # (see ``painted``: ~10 ms in the first frame of a book with an empty lane).
        self._why = QLabel(self)
        self._why.setWordWrap(True)
        self._why.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self._why.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._why.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._why.hide()

    @property
    def placeholder(self) -> str:
        """What the lane says when it shows no card ("": nothing)."""
        return self._why.text()

    @placeholder.setter
    def placeholder(self, text: str) -> None:
        self._why.setText(text)
        self._show_why()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for rows_changed in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                rows_changed.connect(self._show_why)

    def _show_why(self) -> None:
        model = self.model()
        self._why.setVisible(bool(self._why.text()) and model is not None
                             and not model.rowCount())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._why.setGeometry(self.contentsRect().adjusted(12, 12, -12, -12))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = _STEPS.get(event.key()) if event.modifiers() == Qt.KeyboardModifier.NoModifier \
            else None
        if step is None:
            super().keyPressEvent(event)
        else:
            self.stepped.emit(step)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()


class Lane(QFrame):
    """A header with the level's icon, word and count over a list of cards.

    A collapsed lane is a narrow strip with its icon and count, so more
    lanes fit a small screen; the arrow (or a click on the strip) opens it.
    """

    collapsed_changed = Signal(bool)

    def __init__(self, level: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.level = level
        self.collapsed = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.title = QLabel()
        self.toggle = QToolButton()
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self.set_collapsed(not self.collapsed))
        self.model = LaneModel(level, self)
        self.view = LaneList()
        self.view.setObjectName(f"lane-{level}")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CardDelegate(self.view))
        # 10,000 cards scroll without measuring each, and are laid out in one
        # pass (~0.1 us a card: the model counts its rows in C++). Never
        # batched: Qt paints a batched list only once its last batch is laid
        # out, so a lane painted empty for a few event-loop passes.
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAccessibleName(f"{LEVELS[level]} lane")
        self.head = QHBoxLayout()
        self.head.addWidget(self.icon)
        self.head.addWidget(self.title, 1)
        self.head.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.head)
        layout.addWidget(self.view, 1)
        self._count = 0
        self._paint_icon()
        self._apply_collapsed()

    def _paint_icon(self) -> None:
        size = self.fontMetrics().height()
        pixmap = QPixmap(QSize(size, size) * 2)
        pixmap.setDevicePixelRatio(2)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        draw_level_icon(painter, self.level, QRectF(0, 0, size, size),
                        level_colour(self.level, self.palette()))
        painter.end()
        self.icon.setPixmap(pixmap)

    def set_records(self, records: list[ContactReadiness], *, filtered: bool = False,
                    rows: int | None = None) -> None:
        """Show these cards (the very list shown already: the lane keeps its
        rows, selection and scroll position). ``rows``: the lane holds that
        many, of which ``records`` are the first (see LaneModel.set_records)."""
        if records is not self.model.records or rows is not None:
            self.model.set_records(records, rows)
        self.view.placeholder = EMPTY_FILTERED if filtered else EMPTY_WHY[self.level]
        self._count = len(records) if rows is None else rows
        self._show_title()

    def remove_record(self, contact_id: int, record: ContactReadiness | None = None) -> bool:
        """Take one contact's card out, if it is here; True if it was. Given
        the record shown, its row is found without a scan."""
        row = self.model.row_of(contact_id, record)
        if row is None:
            return False
        self.model.remove_row(row)
        self._count -= 1
        self._show_title()
        return True

    def insert_record(self, record: ContactReadiness) -> None:
        """Put one contact's card in at its sorted place (the rest stay as they are)."""
        self.model.insert_sorted(record)
        self._count += 1
        self._show_title()

    def _show_title(self) -> None:
        colour = level_colour(self.level, self.palette()).name()
        word = "" if self.collapsed else f"<b style='color:{colour}'>{LEVELS[self.level]}</b> · "
        self.title.setText(f"{word}{self._count}")
        self.setToolTip(f"{LEVELS[self.level]}: {self._count} (collapsed; click ▸ to open)"
                        if self.collapsed else "")

    def set_collapsed(self, collapsed: bool) -> None:
        """Fold the lane to a strip, or open it again."""
        if collapsed == self.collapsed:
            return
        self.collapsed = collapsed
        self._apply_collapsed()
        self.collapsed_changed.emit(collapsed)

    def _apply_collapsed(self) -> None:
        self.view.setVisible(not self.collapsed)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if self.collapsed
                                 else Qt.ArrowType.LeftArrow)
        name = LEVELS[self.level]
        self.toggle.setToolTip(f"Show the {name} lane" if self.collapsed
                               else f"Fold the {name} lane to make room")
        self.toggle.setAccessibleName(self.toggle.toolTip())
        if self.collapsed:
            self.setMinimumWidth(COLLAPSED_WIDTH)
            self.setMaximumWidth(COLLAPSED_WIDTH + 40)
        else:
            self.setMinimumWidth(LANE_WIDTH)
            self.setMaximumWidth(16777215)
        self._show_title()
