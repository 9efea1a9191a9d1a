"""How each readiness level looks: a colour, a drawn icon and its word.

Colour is never alone (method: readable by everyone): every chip carries an
icon shape and the level's word too. Icons are drawn, not font glyphs, so
they look the same on every system.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen

from refdesk.domain.readiness import LEVELS

# (colour on a light background, colour on a dark background)
_COLOURS: dict[str, tuple[str, str]] = {
    "thank_due": ("#7b3fa0", "#c792ea"),
    "ready": ("#2e7d32", "#81c784"),
    "cooling": ("#b35c00", "#ffb74d"),
    "in_progress": ("#1565c0", "#64b5f6"),
    "earning": ("#00796b", "#4db6ac"),
    "blocked": ("#c62828", "#ef9a9a"),
    "not_yet": ("#616161", "#bdbdbd"),
}


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark background."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def level_colour(level: str, palette: QPalette) -> QColor:
    """The level's colour, readable on this palette's background."""
    light, dark = _COLOURS.get(level, _COLOURS["not_yet"])
    return QColor(dark if is_dark(palette) else light)


def level_label(level: str) -> str:
    """The level's word, e.g. "Thank due"."""
    return LEVELS.get(level, level)


def draw_level_icon(painter: QPainter, level: str, rect: QRectF, colour: QColor) -> None:
    """Draw the level's icon inside ``rect`` (a square of any size)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.4, rect.width() / 8), Qt.PenStyle.SolidLine,
               Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    r = rect.adjusted(rect.width() * 0.12, rect.height() * 0.12,
                      -rect.width() * 0.12, -rect.height() * 0.12)
    x0, y0, x1, y1, cx, cy = r.left(), r.top(), r.right(), r.bottom(), r.center().x(), \
        r.center().y()
    path = QPainterPath()
    if level == "thank_due":  # an envelope
        env = QRectF(x0, y0 + r.height() * 0.15, r.width(), r.height() * 0.7)
        path.addRect(env)
        path.moveTo(env.topLeft())
        path.lineTo(cx, env.center().y() + env.height() * 0.1)
        path.lineTo(env.topRight())
    elif level == "ready":  # a check mark
        path.moveTo(x0, cy)
        path.lineTo(x0 + r.width() * 0.38, y1 - r.height() * 0.1)
        path.lineTo(x1, y0 + r.height() * 0.1)
    elif level == "cooling":  # an hourglass
        path.moveTo(x0, y0)
        path.lineTo(x1, y0)
        path.lineTo(x0, y1)
        path.lineTo(x1, y1)
        path.closeSubpath()
    elif level == "in_progress":  # an arrow forward
        path.moveTo(x0, cy)
        path.lineTo(x1, cy)
        path.moveTo(cx + r.width() * 0.1, y0 + r.height() * 0.1)
        path.lineTo(x1, cy)
        path.lineTo(cx + r.width() * 0.1, y1 - r.height() * 0.1)
    elif level == "earning":  # a rising arrow
        path.moveTo(cx, y1)
        path.lineTo(cx, y0)
        path.moveTo(x0 + r.width() * 0.1, cy - r.height() * 0.1)
        path.lineTo(cx, y0)
        path.lineTo(x1 - r.width() * 0.1, cy - r.height() * 0.1)
    elif level == "blocked":  # a no-entry sign
        path.addEllipse(r)
        path.moveTo(x0 + r.width() * 0.15, y0 + r.height() * 0.15)
        path.lineTo(x1 - r.width() * 0.15, y1 - r.height() * 0.15)
    else:  # not yet: an empty circle
        path.addEllipse(r)
    painter.drawPath(path)
    painter.restore()


def chip_width(level: str, height: float, metrics: QFontMetrics) -> float:
    """How wide the chip of ``level`` is at this height and font."""
    pad = height * 0.35
    return pad + height * 0.8 + pad * 0.6 + metrics.horizontalAdvance(level_label(level)) + pad


def draw_chip(painter: QPainter, level: str, origin: QPointF, height: float,
              palette: QPalette) -> float:
    """Draw the level chip (icon + word on a tint) at ``origin``; return its width."""
    colour = level_colour(level, palette)
    text = level_label(level)
    pad = height * 0.35
    width = chip_width(level, height, painter.fontMetrics())
    rect = QRectF(origin.x(), origin.y(), width, height)
    tint = QColor(colour)
    tint.setAlpha(40 if not is_dark(palette) else 70)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1))
    painter.setBrush(tint)
    painter.drawRoundedRect(rect, height / 2, height / 2)
    icon = QRectF(rect.left() + pad, rect.top() + height * 0.1, height * 0.8, height * 0.8)
    draw_level_icon(painter, level, icon, colour)
    painter.setPen(colour.darker(115) if not is_dark(palette) else colour)
    text_rect = QRectF(icon.right() + pad * 0.6, rect.top(), width, height)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
    painter.restore()
    return width
