"""Left and Right on a lane's card move to the card at the same height in
the next lane that shows any (folded and empty lanes are skipped)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from refdesk.ui.board.lane import Lane


class LaneKeys(QObject):
    """Listens to the lanes' views (LaneList.stepped); ``select`` makes a contact current."""

    def __init__(self, lanes: Sequence[Lane], select: Callable[[int], object],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._lanes = list(lanes)
        self._select = select
        for i, lane in enumerate(self._lanes):
            lane.view.stepped.connect(lambda step, i=i: self._move(i, step))

    def _move(self, start: int, step: int) -> None:
        row = max(0, self._lanes[start].view.currentIndex().row())
        i = start + step
        while 0 <= i < len(self._lanes):
            lane = self._lanes[i]
            # (Records, not rows: past a saved board's first cards, rows wait for theirs.)
            if lane.model.records and not lane.collapsed:
                self._select(lane.model.records[min(row, len(lane.model.records) - 1)].id)
                return
            i += step
