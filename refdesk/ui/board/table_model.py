"""The board as rows, for those who prefer a sortable table."""

from __future__ import annotations

from PySide6.QtCore import Qt

from refdesk.domain.board_rows import ContactReadiness
from refdesk.domain.readiness import LEVELS
from refdesk.ui.board.lane_model import RecordRole, record_tooltip
from refdesk.ui.board.level_style import level_colour
from refdesk.ui.pipeline.list_table_model import Index, ListTableModel

COLUMNS = ("Name", "Company", "Level", "Score", "Why", "Next action", "Last touch", "Tags")
SortRole = Qt.ItemDataRole.UserRole + 11
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


class BoardTableModel(ListTableModel[ContactReadiness]):
    """Every filtered record as a row; sorts by level rank, then score."""

    headers = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == RecordRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            days = r.days_since_touch
            return (r.name, r.company, LEVELS.get(r.level, r.level), r.score,
                    r.reasons[0] if r.reasons else "", r.next_action,
                    "never" if days is None else f"{days} days ago",
                    ", ".join(r.tags))[column]
        if role == SortRole:
            days = r.days_since_touch
            return (r.name.casefold(), r.company.casefold(),
                    _LEVEL_RANK.get(r.level, 99) * 1000 - r.score, r.score,
                    r.reasons[0] if r.reasons else "", r.next_action,
                    10**6 if days is None else days, ", ".join(r.tags))[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return level_colour(r.level, self._palette())
        if role == Qt.ItemDataRole.ToolTipRole:
            return record_tooltip(r)
        return None

    @staticmethod
    def _palette():
        from PySide6.QtWidgets import QApplication

        return QApplication.palette()
