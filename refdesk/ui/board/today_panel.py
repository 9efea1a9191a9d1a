"""The day's agenda above the board: follow-ups due or overdue, cards owed.

The panel lives in a splitter the rep can drag: it asks for a few whole rows,
shows only whole rows at any height, and elides a long row (its tooltip
holds it whole) rather than scrolling sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from refdesk.domain.board_rows import Agenda, AgendaItem
from refdesk.ui.plain_text import plain

SHOWN_ROWS = 4  # rows the panel asks for; the rep can drag it taller or fold it away
MIN_ROWS = 2
REBUILD_AT = 64  # rows gone past which the list is rebuilt rather than trimmed
# Rows filled before a warm start's first paint: more than a panel dragged to
# a screen's height shows; the rest (hundreds, ~5 ms) follow the paint.
FIRST_ROWS = 50


class _ElidingDelegate(QStyledItemDelegate):
    """Paints a row no wider than the list, so the style elides what is too long."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        # The painter's window is the viewport's rect. Asking the view for its
        # viewport would wrap it for Python, which readies the types of every
        # kind of scroll area (~60M instructions) inside the first frame.
        option.rect.setRight(min(option.rect.right(), painter.window().right()))
        super().paint(painter, option, index)


class AgendaList(QListWidget):
    """The agenda's rows; the viewport is trimmed to whole rows, so the last
    visible row is never cut half-way, whatever height the splitter gives."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegate(_ElidingDelegate(self))

    def row_height(self) -> int:
        """One row's height (all rows are one line of the list's font)."""
        return max(1, self.sizeHintForRow(0) if self.count() else self.fontMetrics().height())

    def height_for_rows(self, rows: int) -> int:
        """The list's height that shows exactly ``rows`` whole rows."""
        return rows * self.row_height() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height_for_rows(SHOWN_ROWS))

    def minimumSizeHint(self) -> QSize:
        # A couple of whole rows: smaller than that, the rep folds it away.
        return QSize(super().minimumSizeHint().width(), self.height_for_rows(MIN_ROWS))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.trim_to_rows()
        super().resizeEvent(event)

    def trim_to_rows(self) -> None:
        """Leave the part of a row that would be cut below the viewport."""
        inner = self.height() - 2 * self.frameWidth()
        self.setViewportMargins(0, 0, 0, max(0, inner) % self.row_height())


class TodayPanel(QWidget):
    """A short list; activating an item selects the referrer on the board."""

    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()  # one line: a wrapping label would ask for four
        self.items = AgendaList()
        self.items.setAccessibleName("Today's follow-ups")
        self.items.itemActivated.connect(self._activated)
        self._agenda: Agenda | None = None
        self._rows: list[tuple[str, int | None]] = []  # what the list shows, row by row
        self._later: list[tuple[str, int | None]] | None = None  # all rows, when not yet
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.items, 1)

    def _activated(self, item: QListWidgetItem) -> None:
        contact_id = item.data(Qt.ItemDataRole.UserRole)
        if contact_id is not None:  # "Nothing due today" leads nowhere
            self.contact_activated.emit(contact_id)

    def show_agenda(self, agenda: Agenda, *, first_rows: int | None = None) -> None:
        """Fill the panel from the day's agenda (the same one again: nothing to
        do). ``first_rows``: only so many rows now, the rest at ``finish``."""
        if agenda == self._agenda:
            self.finish()
            return  # most refreshes: hundreds of rows not built again (~25 ms)
        self._agenda = agenda
        follow_ups, cards = agenda.follow_ups, agenda.cards_due
        overdue = sum(1 for f in follow_ups if f.days_overdue > 0)
        self.title.setText(
            f"<b>Today</b> — {len(follow_ups)} follow-up{'s' if len(follow_ups) != 1 else ''}"
            f" due ({overdue} overdue), {len(cards)} card{'s' if len(cards) != 1 else ''} owed")
        rows = [(agenda_line(item), item.referrer_id) for item in follow_ups] or \
            [("Nothing due today. Good moment to earn some trust.", None)]
        self._later = None
        if first_rows is not None and len(rows) > first_rows:
            self._later = rows
            rows = rows[:first_rows]
        self._update_rows(rows)
        self.items.updateGeometry()  # the row height is known now
        self.items.trim_to_rows()

    def finish(self) -> None:
        """Add the rows ``show_agenda`` left for later, if any."""
        rows, self._later = self._later, None
        if rows is not None:
            self._update_rows(rows)  # the first rows are kept: the rest go in after them

    def rows(self) -> list[tuple[str, int | None]]:
        """The rows shown, every one once ``finish`` has run: each one's text and
        the contact it leads to (None: nowhere)."""
        return list(self._rows)

    def _update_rows(self, rows: list[tuple[str, int | None]]) -> None:
        """Change only the rows that differ: an edit touches one or two of hundreds
        (rebuilding them all took ~23 ms), so the rows before and after the
        changed stretch are kept, and the stretch is rewritten in place."""
        old = self._rows
        same = min(len(old), len(rows))
        head = 0
        while head < same and old[head] == rows[head]:
            head += 1
        tail = 0
        while tail < same - head and old[-1 - tail] == rows[-1 - tail]:
            tail += 1
        old_mid, new_mid = len(old) - head - tail, rows[head:len(rows) - tail]
        if old_mid - len(new_mid) > REBUILD_AT:  # many gone: one by one is slower
            self.items.clear()
            head, old_mid, new_mid = 0, 0, rows
        self._rows = list(rows)
        kept = min(old_mid, len(new_mid))
        for at, (text, contact_id) in enumerate(new_mid[:kept], start=head):
            self._fill(self.items.item(at), text, contact_id)
        for _ in range(old_mid - kept):  # fewer rows: the stretch's extra ones go
            self.items.takeItem(head + kept)  # (freed with its last reference)
        for at, (text, contact_id) in enumerate(new_mid[kept:], start=head + kept):
            row = QListWidgetItem()
            self._fill(row, text, contact_id)
            self.items.insertItem(at, row)

    @staticmethod
    def _fill(row: QListWidgetItem, text: str, contact_id: int | None) -> None:
        row.setText(text)
        row.setToolTip(plain(text))  # whole, when the row is elided
        row.setData(Qt.ItemDataRole.UserRole, contact_id)


def agenda_line(item: AgendaItem) -> str:
    """One follow-up as the panel shows it."""
    when = "due today" if item.days_overdue == 0 else \
        f"{item.days_overdue} day{'s' if item.days_overdue != 1 else ''} overdue"
    about = f" for introducing {item.referred}" if item.referred else ""
    card = "" if item.card_sent else " · card owed"
    return f"{item.label}: {item.referrer}{about} — {when}{card}"
