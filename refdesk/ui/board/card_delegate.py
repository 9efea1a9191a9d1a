"""Paints one contact as a compact card in a lane (no widget per contact).

Every card is the same height (the lanes lay out 10,000 cards without
measuring each), so the next action gets a fixed number of lines: as many as
a long real action needs at a lane's narrowest, in the card's font. Only what
still does not fit is elided; the whole text is in the card's tooltip.
"""

from __future__ import annotations

import re
from itertools import pairwise

from PySide6.QtCore import QModelIndex, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from refdesk.domain.board_rows import ContactReadiness
from refdesk.domain.wording import ask_script, owed_action
from refdesk.ui.board.lane_model import RecordRole, company_line
from refdesk.ui.board.level_style import (
    chip_width,
    draw_chip,
    draw_staleness_mark,
    is_dark,
    level_colour,
    staleness,
    staleness_colour,
)

__all__ = ["MIN_CARD_WIDTH", "CardDelegate", "action_line_count", "card_text", "staleness",
           "wrap_text"]

# A lane's list at its narrowest: LANE_WIDTH (270) less the lane's margins and
# frames and a scroll bar (Fusion's). The next action's lines are counted for it.
MIN_CARD_WIDTH = 244
PAINTED_KEPT = 300  # cards kept painted per lane: a few screens of them
MARGIN, BAR, PAD, GAP = 3, 5, 8, 4  # around the card, its level bar, inside it, between lines
MIN_ACTION_LINES, MAX_ACTION_LINES = 2, 5
# Long next actions as the domain phrases them: a status report owed (two
# names), and an ask's question up to the product it is about. A card shows
# these whole at its narrowest; an ask's closing sentence (the same on every
# card) is what gives way, elided, when a line is short.
_LONG_ACTIONS = (
    owed_action("status_report", "Alexandra", "Maximilian Richardson") + " — 13 days overdue",
    "ask now: " + ask_script("Onboarding package").split("?")[0] + "?",
)
_NUMBER_SPACE = re.compile(r"(?<=\d) ")


def text_width(card_width: float) -> float:
    """The width of a card's text lines on a card ``card_width`` wide."""
    return card_width - 2 * MARGIN - BAR - 2 * PAD


def wrap_text(text: str, font: QFont, width: float, lines: int) -> tuple[list[str], bool]:
    """``text`` broken at word boundaries into at most ``lines`` lines of
    ``width``; the last line elided if text remains. Also: did it all fit?"""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    # Qt counts UTF-16 units: slice the same units, so an emoji never splits.
    units = text.encode("utf-16-le")
    bounds = [*starts, len(units) // 2]
    parts = [units[2 * a:2 * b].decode("utf-16-le").strip()
             for a, b in pairwise(bounds)] or [""]
    last = QFontMetrics(font).elidedText(parts[-1], Qt.TextElideMode.ElideRight, int(width))
    return [*parts[:-1], last], last == parts[-1]


_line_counts: dict[str, int] = {}  # by font: measured once, asked for at every layout


def card_text(action: str) -> str:
    """The next action as a card words it: an arrow, and a number kept with
    its word ("14 Oct", "3 days") where the line breaks."""
    return _NUMBER_SPACE.sub("\u00a0", f"→ {action}")


def action_line_count(font: QFont) -> int:
    """How many lines every card gives its next action in ``font``: 3 at 9 pt."""
    key = font.key()
    if key not in _line_counts:
        needed = max(len(wrap_text(card_text(action), font, text_width(MIN_CARD_WIDTH),
                                   MAX_ACTION_LINES + 1)[0]) for action in _LONG_ACTIONS)
        _line_counts[key] = max(MIN_ACTION_LINES, min(MAX_ACTION_LINES, needed))
    return _line_counts[key]


# Every palette colour a card's painting reads (level_style's too).
CARD_ROLES = (QPalette.ColorRole.Base, QPalette.ColorRole.Highlight, QPalette.ColorRole.Mid,
              QPalette.ColorRole.Text, QPalette.ColorRole.Window)


class CardDelegate(QStyledItemDelegate):
    """Name, company, level chip, top reason, next action, staleness cue."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._painted: dict[tuple, QPixmap] = {}  # oldest first (see paint)
        self._palettes: dict[tuple, tuple[int, ...]] = {}  # see _colours

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        height = (2 * MARGIN + 2 * PAD + 3 * (metrics.height() + GAP)
                  + action_line_count(option.font) * metrics.lineSpacing())
        # The width is a floor: a lane stretches its cards to its own width.
        return QSize(200, height)

    def action_lines(self, record: ContactReadiness,
                     option: QStyleOptionViewItem) -> tuple[list[str], bool]:
        """The next action's lines as this card paints them, and whether they
        hold it whole: as many lines as the card's height leaves room for."""
        metrics = QFontMetrics(option.font)
        used = 2 * MARGIN + 2 * PAD + 3 * (metrics.height() + GAP)
        room = max(1, (option.rect.height() - used) // metrics.lineSpacing())
        return wrap_text(card_text(record.next_action), option.font,
                         text_width(option.rect.width()), room)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        record: ContactReadiness = index.data(RecordRole)
        if record is None:
            return
        # A card is painted once into a pixmap and copied after that: typing in
        # the search box repaints every lane, mostly with the same cards.
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        # Selected and focused asked of the view, not read from option.state:
        # that makes PySide build QStyle's enums, ~10 ms of the first paint.
        view = self.parent()
        selected = focused = False
        if isinstance(view, QAbstractItemView):
            selected = view.selectionModel().isSelected(index)
            focused = view.hasFocus() and view.currentIndex() == index
        key = (record, option.rect.width(), option.rect.height(), selected, focused,
               self._colours(option.palette), option.font.key(), ratio)
        pixmap = self._painted.pop(key, None)
        if pixmap is None:
            pixmap = QPixmap(QSize(option.rect.width(), option.rect.height()) * ratio)
            pixmap.setDevicePixelRatio(ratio)
            # Opaque, on the list's own background: copied without blending (a
            # transparent one cost ~0.8 ms a card to draw).
            pixmap.fill(option.palette.color(QPalette.ColorRole.Base))
            inner = QPainter(pixmap)
            inner.translate(-option.rect.x(), -option.rect.y())  # the card's own place
            self._paint_card(inner, option, record, selected, focused)
            inner.end()
            if len(self._painted) >= PAINTED_KEPT:
                del self._painted[next(iter(self._painted))]  # the least recently painted
        self._painted[key] = pixmap
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    def _colours(self, palette: QPalette) -> tuple[int, ...]:
        """The colours a card is painted with, as the painted cards' key holds
        them: a window losing focus to a dialog switches to the inactive
        colours, mostly the same ones, and must not paint every card anew."""
        group = (palette.cacheKey(), palette.currentColorGroup())
        colours = self._palettes.get(group)
        if colours is None:
            colours = tuple(palette.color(role).rgba() for role in CARD_ROLES)
            self._palettes[group] = colours
        return colours

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem,
                    record: ContactReadiness, selected: bool, focused: bool) -> None:
        palette = option.palette
        dark = is_dark(palette)
        colour = level_colour(record.level, palette)
        card = QRectF(option.rect).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
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
        painter.drawRoundedRect(QRectF(card.left(), card.top(), BAR, card.height()), 2, 2)
        if focused:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(2, 2, -2, -2), 5, 5)

        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(165)
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        left = card.left() + BAR + PAD
        width = text_width(option.rect.width())
        y = card.top() + PAD

        # 1: name (bold) and the staleness cue on the right: a shape per state
        # (the legend and the tooltip say it in words), never colour alone
        label, state = staleness(record.days_since_touch)
        stale_colour = staleness_colour(state, palette)
        mark = line * 0.65
        cue_width = mark + line * 0.25 + metrics.horizontalAdvance(label)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        name = QFontMetrics(bold).elidedText(record.name, Qt.TextElideMode.ElideRight,
                                             int(width - cue_width - 6))
        painter.drawText(QRectF(left, y, width, line), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(option.font)
        cue_left = left + width - cue_width
        draw_staleness_mark(painter, state, QRectF(cue_left, y + (line - mark) / 2, mark, mark),
                            stale_colour)
        painter.setPen(stale_colour)
        painter.drawText(QRectF(cue_left + mark + line * 0.25, y, cue_width, line),
                         Qt.AlignmentFlag.AlignLeft, label)
        y += line + GAP

        # 2: company, and the level chip on the right
        chip = chip_width(record.level, line, metrics)
        draw_chip(painter, record.level, QPointF(left + width - chip, y), line, palette)
        painter.setPen(muted)
        room = int(width - chip - 8)
        painter.drawText(QRectF(left, y, room, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(company_line(record), Qt.TextElideMode.ElideRight,
                                            room))
        y += line + GAP

        # 3: the top reason, the whole width
        reason = record.reasons[0] if record.reasons else ""
        painter.setPen(text_colour)
        painter.drawText(QRectF(left, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(reason, Qt.TextElideMode.ElideRight, int(width)))
        y += line + GAP

        # 4: the next action, wrapped over the lines left
        painter.setPen(colour if not selected else text_colour)
        for text in self.action_lines(record, option)[0]:
            painter.drawText(QRectF(left, y, width, line), Qt.AlignmentFlag.AlignLeft, text)
            y += metrics.lineSpacing()
        painter.restore()


def _blend(base: QColor, over: QColor) -> QColor:
    a = over.alphaF()
    return QColor.fromRgbF(base.redF() * (1 - a) + over.redF() * a,
                           base.greenF() * (1 - a) + over.greenF() * a,
                           base.blueF() * (1 - a) + over.blueF() * a)
