"""Left and Right on a lane's card move to the card at the same height in
the next lane that shows any (folded and empty lanes are skipped)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from refdesk.ui.board.lane import Lane


class LaneKeys(QObject):
    """Watches the lanes' views; ``select`` makes a contact current."""

    def __init__(self, lanes: Sequence[Lane], select: Callable[[int], object],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._lanes = list(lanes)
        self._select = select
        for lane in self._lanes:
            lane.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) \
                and not event.modifiers():
            views = [lane.view for lane in self._lanes]
            if watched in views:
                self._move(views.index(watched), -1 if event.key() == Qt.Key.Key_Left else 1)
                return True
        return super().eventFilter(watched, event)

    def _move(self, start: int, step: int) -> None:
        row = max(0, self._lanes[start].view.currentIndex().row())
        i = start + step
        while 0 <= i < len(self._lanes):
            lane = self._lanes[i]
            if lane.model.rowCount() and not lane.collapsed:
                self._select(lane.model.records[min(row, lane.model.rowCount() - 1)].id)
                return
            i += step
