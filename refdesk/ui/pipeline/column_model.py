"""One stage's referrals as a list model; dragging a card carries its id.

A drop never inserts a row itself: it asks for a move (``move_requested``),
which goes through the undo stack, and the board then reloads from the book.
So a drop the user cancels (a backward move they decline) changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from refdesk.book.pipeline_board import PipelineCard

CardRole = Qt.ItemDataRole.UserRole + 1
MIME_TYPE = "application/x-refdesk-referral"

Index = QModelIndex | QPersistentModelIndex


def referral_ids(mime: QMimeData) -> list[int]:
    """The referral ids a drag carries (none for a foreign drag)."""
    if not mime.hasFormat(MIME_TYPE):
        return []
    text = bytes(mime.data(MIME_TYPE).data()).decode("ascii", "replace")
    return [int(part) for part in text.split(",") if part.isdigit()]


class ColumnModel(QAbstractListModel):
    """The cards of one stage, in the order the board shows them."""

    move_requested = Signal(int, str)  # referral id, the stage it was dropped on

    def __init__(self, stage: str, parent=None):
        super().__init__(parent)
        self.stage = stage
        self.cards: list[PipelineCard] = []

    def set_cards(self, cards: list[PipelineCard]) -> None:
        self.beginResetModel()
        self.cards = cards
        self.endResetModel()

    def row_of(self, referral_id: int) -> int | None:
        for row, card in enumerate(self.cards):
            if card.id == referral_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == CardRole:
            return card
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return card_summary(card)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled  # the empty space of a column takes drops
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable \
            | Qt.ItemFlag.ItemIsDragEnabled

    # -- drag and drop --------------------------------------------------------
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        ids = [str(self.cards[i.row()].id) for i in indexes if i.isValid()]
        mime.setData(MIME_TYPE, QByteArray(",".join(ids).encode("ascii")))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return bool(referral_ids(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        ids = referral_ids(data)
        for referral_id in ids:
            self.move_requested.emit(referral_id, self.stage)
        # False: the view must not remove the dragged rows itself; the move
        # (if the user goes through with it) reloads the board from the book.
        return False


def card_summary(card: PipelineCard) -> str:
    """The card in one line of words: for screen readers, and tests."""
    referred = card.referred or "not named yet"
    parts = [f"{card.referrer} to {referred}", f"{card.days_in_stage} days in stage"]
    if card.rot not in ("closed", "fresh"):
        parts.append(card.rot)
    if card.next_due is not None:
        parts.append(f"{card.next_label} due {card.next_due:%d %b}"
                     + (" (overdue)" if card.overdue else ""))
    if card.sale_value is not None:
        parts.append(f"sale {card.sale_value:,.2f} {card.currency}")
    return "; ".join(parts)
