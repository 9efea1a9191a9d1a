"""Paints one referral as a card in its stage's column (no widget per card).

Every card is the same height, so a column of 3,000 lays out without
measuring each. Time in the stage is told by a shape and a word (the contact
board's marks: full circle fresh, half circle aging, triangle rotting), and
an overdue follow-up by a framed "overdue" tag: colour is never the only cue.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from refdesk.book.pipeline_board import PipelineCard
from refdesk.domain.stages import ROT_CLOSED
from refdesk.ui.board.level_style import draw_staleness_mark, is_dark, staleness_colour
from refdesk.ui.pipeline.column_model import CardRole

MARGIN, PAD, GAP = 3, 7, 3  # around the card, inside it, between lines
LINES = 4
_OVERDUE = ("#c62828", "#ef9a9a")  # light palette, dark palette
_WON = ("#2e7d32", "#a5d6a7")


def _pick(pair: tuple[str, str], palette: QPalette) -> QColor:
    return QColor(pair[1] if is_dark(palette) else pair[0])


def days_text(card: PipelineCard) -> str:
    """"12 days · rotting" (the column names the stage); a closed card, its day."""
    if card.stage in ("won", "lost"):
        return f"{card.stage_on:%b %Y}"  # the column says won or lost; the day is in the tooltip
    days = card.days_in_stage
    span = "today" if days == 0 else "1 day" if days == 1 else f"{days} days"
    return span if card.rot in (ROT_CLOSED, "fresh") else f"{span} · {card.rot}"


def follow_up_text(card: PipelineCard) -> str:
    if card.next_due is None:
        return "no follow-up open" if card.stage not in ("won", "lost") else ""
    return f"{card.next_due:%d %b} · {card.next_label}"  # the date first: it may be late


class _Fonts:
    """The fonts and metrics a card paints with, made once per view font:
    making them for each card was a third of a frame."""

    def __init__(self, font: QFont):
        self.font, self.key = QFont(font), font.key()  # a copy: the option's font is lent
        self.metrics = QFontMetrics(self.font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.bold_metrics = QFontMetrics(self.bold)
        self.small = QFont(font)
        self.small.setPointSizeF(max(6.0, font.pointSizeF() * 0.82))
        self.small.setBold(True)
        self.tag_width = QFontMetrics(self.small).horizontalAdvance("OVERDUE") + 10


class _Lines(NamedTuple):
    who: str
    about: str
    days: str
    value: str
    value_width: float
    follow_up: str


def _elided_lines(card: PipelineCard, fonts: _Fonts, width: float,
                  mark_width: float) -> _Lines:
    """The card's four lines, elided to fit ``width``."""
    elide, right = fonts.metrics.elidedText, Qt.TextElideMode.ElideRight
    who = f"{card.referrer} → {card.referred or 'not named yet'}"
    about = card.project or card.promised or (card.product and f"after {card.product}")
    value = f"{card.sale_value:,.0f} {card.currency}" if card.sale_value is not None else ""
    value_width = fonts.metrics.horizontalAdvance(value) + 6 if value else 0
    days_width = width - (mark_width if card.rot != ROT_CLOSED else 0) - value_width
    follow_width = width - (fonts.tag_width + 6 if card.overdue else 0)
    return _Lines(fonts.bold_metrics.elidedText(who, right, int(width)),
                  elide(about or "no project noted", right, int(width)),
                  elide(days_text(card), right, int(days_width)), value, value_width,
                  elide(follow_up_text(card), right, int(follow_width)))


class PipelineCardDelegate(QStyledItemDelegate):
    """Draws a referral card: who to whom, time in stage, next follow-up, sale."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        # A card's elided lines for a width: a scrolled column repaints the
        # same cards; eliding and formatting them again was a fifth of a frame.
        # Keyed by the card object, which the entry holds so its id stays its own.
        self._lines: dict[int, tuple[PipelineCard, float, str, _Lines]] = {}

    def fonts(self, font: QFont) -> _Fonts:
        key = font.key()
        if key not in self._fonts:
            self._fonts[key] = _Fonts(font)
        return self._fonts[key]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        metrics = self.fonts(option.font).metrics
        height = 2 * (MARGIN + PAD) + LINES * metrics.height() + (LINES - 1) * GAP
        return QSize(160, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        card: PipelineCard | None = index.data(CardRole)
        if card is None:
            return
        palette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(option.rect).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        base = palette.color(QPalette.ColorRole.Base)
        if selected:
            base = palette.color(QPalette.ColorRole.Highlight)
        border = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border if not focused else palette.color(
            QPalette.ColorRole.Highlight).darker(130), 1.0 if not focused else 2.0))
        painter.setBrush(base)
        painter.drawRoundedRect(box, 5, 5)
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected
                                    else QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlphaF(0.72)
        fonts = self.fonts(option.font)
        metrics, bold = fonts.metrics, fonts.bold
        line_h = metrics.height()
        inner = box.adjusted(PAD, PAD, -PAD, -PAD)
        x, y, width = inner.left(), inner.top(), inner.width()
        mark = line_h * 0.62
        lines = self._lines_for(card, fonts, width, mark + 5)

        # 1: referrer -> referred, in bold
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRectF(x, y, width, line_h), Qt.AlignmentFlag.AlignVCenter,
                         lines.who)
        painter.setFont(option.font)
        y += line_h + GAP

        # 2: the project, or the promise
        painter.setPen(muted)
        painter.drawText(QRectF(x, y, width, line_h), Qt.AlignmentFlag.AlignVCenter,
                         lines.about)
        y += line_h + GAP

        # 3: the time-in-stage mark and words; the sale value once won
        text_x = x
        if card.rot != ROT_CLOSED:
            colour = staleness_colour(card.rot, palette)
            draw_staleness_mark(painter, card.rot,
                                QRectF(x, y + (line_h - mark) / 2, mark, mark), colour)
            text_x = x + mark + 5
        value = lines.value
        painter.setPen(text_colour)
        painter.drawText(QRectF(text_x, y, width - (text_x - x) - lines.value_width, line_h),
                         Qt.AlignmentFlag.AlignVCenter, lines.days)
        if value:
            painter.setFont(bold)
            painter.setPen(text_colour if selected else _pick(_WON, palette))
            painter.drawText(QRectF(x, y, width, line_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             value)
            painter.setFont(option.font)
        y += line_h + GAP

        # 4: the next follow-up, with a framed "overdue" tag when it is late
        tag_w = 0.0
        if card.overdue:
            tag_w = fonts.tag_width
            tag = QRectF(x + width - tag_w, y + 1, tag_w, line_h - 2)
            colour = text_colour if selected else _pick(_OVERDUE, palette)
            painter.setPen(QPen(colour, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(tag, 3, 3)
            painter.setFont(fonts.small)
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, "OVERDUE")
            painter.setFont(option.font)
            tag_w += 6
        painter.setPen(text_colour if card.overdue else muted)
        painter.drawText(QRectF(x, y, width - tag_w, line_h), Qt.AlignmentFlag.AlignVCenter,
                         lines.follow_up)
        painter.restore()

    def _lines_for(self, card: PipelineCard, fonts: _Fonts, width: float,
                   mark_width: float) -> _Lines:
        key, font_key = id(card), fonts.key
        entry = self._lines.get(key)
        if entry is not None and entry[0] is card and entry[1] == width \
                and entry[2] == font_key:
            return entry[3]
        if len(self._lines) > 4096:  # a few screens' worth; old boards' cards go
            self._lines.clear()
        lines = _elided_lines(card, fonts, width, mark_width)
        self._lines[key] = (card, width, font_key, lines)
        return lines

    def helpEvent(self, event, view, option, index) -> bool:
        card: PipelineCard | None = index.data(CardRole) if index.isValid() else None
        if card is not None and event is not None:
            QToolTip.showText(event.globalPos(), tooltip(card), view)
            return True
        return super().helpEvent(event, view, option, index)


def tooltip(card: PipelineCard) -> str:
    """Everything about the card in words, for hovering."""
    lines = [f"{card.referrer} → {card.referred or 'not named yet'}",
             f"Asked {card.asked_on:%d %b %Y}; {card.stage} since {card.stage_on:%d %b %Y}"
             + (f" ({days_text(card)})" if card.stage not in ("won", "lost") else "")]
    if card.project:
        lines.append(f"Project: {card.project}")
    if card.promised:
        lines.append(f"Promised: {card.promised}")
    if card.next_due is not None:
        late = " (overdue)" if card.overdue else ""
        lines.append(f"Next: {card.next_label}, due {card.next_due:%a %d %b}{late}")
    if card.sale_value is not None:
        lines.append(f"Sale: {card.sale_value:,.2f} {card.currency}")
    return "\n".join(lines)
