"""Paints one contact as a compact card in a lane (no widget per contact)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from refdesk.book.board import ContactReadiness
from refdesk.ui.board.lane_model import RecordRole
from refdesk.ui.board.level_style import chip_width, draw_chip, is_dark, level_colour

FRESH_DAYS, ROTTING_DAYS = 14, 45  # staleness cue thresholds (days since last touch)


def staleness(days: int | None) -> tuple[str, str]:
    """(label, state) for the deal-rotting cue: state is fresh, aging or rotting."""
    if days is None:
        return "no touch yet", "rotting"
    state = "fresh" if days < FRESH_DAYS else "aging" if days < ROTTING_DAYS else "rotting"
    return ("today" if days == 0 else f"{days}d"), state


_STALE_COLOURS = {"fresh": ("#5f7f5f", "#9ccc9c"), "aging": ("#b35c00", "#ffb74d"),
                  "rotting": ("#c62828", "#ef9a9a")}


class CardDelegate(QStyledItemDelegate):
    """Name, company, level chip, top reason, next action, staleness cue."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(220, int(line * 4 + 4 * 3 + self.PAD * 2 + 6))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        record: ContactReadiness = index.data(RecordRole)
        if record is None:
            return
        palette = option.palette
        dark = is_dark(palette)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        colour = level_colour(record.level, palette)
        card = QRectF(option.rect).adjusted(3, 3, -3, -3)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Highlight) if selected \
            else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 2 if selected else 1))
        fill = QColor(base)
        if selected:
            fill = palette.color(QPalette.ColorRole.Highlight)
            fill.setAlpha(45 if not dark else 80)
            fill = _blend(base, fill)
        painter.setBrush(fill)
        painter.drawRoundedRect(card, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2, 2)
        if focused:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(2, 2, -2, -2), 5, 5)

        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(165)
        metrics = option.fontMetrics
        line = metrics.height()
        left = card.left() + 5 + self.PAD
        width = card.right() - self.PAD - left
        y = card.top() + self.PAD

        # 1: name (bold) and the staleness cue on the right
        label, state = staleness(record.days_since_touch)
        stale_colour = QColor(_STALE_COLOURS[state][1 if dark else 0])
        cue_width = metrics.horizontalAdvance(label) + line * 0.9
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        name = painter.fontMetrics().elidedText(record.name, Qt.TextElideMode.ElideRight,
                                                int(width - cue_width - 6))
        painter.drawText(QRectF(left, y, width, line), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(option.font)
        dot = QRectF(card.right() - self.PAD - cue_width, y + line * 0.3, line * 0.45,
                     line * 0.45)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stale_colour)
        painter.drawEllipse(dot)
        painter.setPen(stale_colour)
        painter.drawText(QRectF(dot.right() + line * 0.25, y, cue_width, line),
                         Qt.AlignmentFlag.AlignLeft, label)
        y += line + 4

        # 2: company, and the level chip on the right
        chip = chip_width(record.level, line, metrics)
        draw_chip(painter, record.level, QPointF(card.right() - self.PAD - chip, y), line,
                  palette)
        painter.setPen(muted)
        company = record.company or {"customer": "Customer", "prospect": "Prospect",
                                     "referred": "Referred"}.get(record.kind, "")
        room = int(width - chip - 8)
        painter.drawText(QRectF(left, y, room, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(company, Qt.TextElideMode.ElideRight, room))
        y += line + 4

        # 3: the top reason, the whole width
        reason = record.reasons[0] if record.reasons else ""
        painter.setPen(text_colour)
        painter.drawText(QRectF(left, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(reason, Qt.TextElideMode.ElideRight, int(width)))
        y += line + 4

        # 4: the next action
        painter.setPen(colour if not selected else text_colour)
        action = metrics.elidedText(f"→ {record.next_action}", Qt.TextElideMode.ElideRight,
                                    int(width))
        painter.drawText(QRectF(left, y, width, line), Qt.AlignmentFlag.AlignLeft, action)
        painter.restore()


def _blend(base: QColor, over: QColor) -> QColor:
    a = over.alphaF()
    return QColor.fromRgbF(base.redF() * (1 - a) + over.redF() * a,
                           base.greenF() * (1 - a) + over.greenF() * a,
                           base.blueF() * (1 - a) + over.blueF() * a)
