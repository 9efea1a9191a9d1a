"""How each readiness level and staleness state looks: a colour, a drawn shape, a word.

Colour is never alone (method: readable by everyone): every chip carries an
icon shape and the level's word too, and each staleness state has its own
mark, explained by a legend and in words on every card's tooltip. Icons are
drawn, not font glyphs, so they look the same on every system.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from refdesk.domain.vocabulary import LEVELS

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


# -- staleness: how long since the last touch ----------------------------------
FRESH_DAYS, ROTTING_DAYS = 14, 45  # staleness cue thresholds (days since last touch)
STALENESS_STATES: dict[str, str] = {  # state: its range, in words
    "fresh": f"under {FRESH_DAYS} days",
    "aging": f"{FRESH_DAYS}-{ROTTING_DAYS - 1} days",
    "rotting": f"{ROTTING_DAYS} days or more, or no touch yet",
}
_STALE_COLOURS = {"fresh": ("#5f7f5f", "#9ccc9c"), "aging": ("#b35c00", "#ffb74d"),
                  "rotting": ("#c62828", "#ef9a9a")}
_SCALE = (f"fresh: under {FRESH_DAYS} days; aging: {FRESH_DAYS}-{ROTTING_DAYS - 1}; "
          f"rotting: {ROTTING_DAYS} or more")


def staleness(days: int | None) -> tuple[str, str]:
    """(short label, state) for the card's cue: state is fresh, aging or rotting."""
    if days is None:
        return "never", "rotting"
    state = "fresh" if days < FRESH_DAYS else "aging" if days < ROTTING_DAYS else "rotting"
    return ("today" if days == 0 else f"{days}d"), state


def staleness_meaning(days: int | None) -> str:
    """The cue in words: "Last touch 4 days ago: fresh (fresh: under 14 days; ...)"."""
    state = staleness(days)[1]
    if days is None:
        when = "No touch yet"
    else:
        when = "Last touch " + ("today" if days == 0 else "yesterday" if days == 1
                                else f"{days} days ago")
    return f"{when}: {state} ({_SCALE})"


def staleness_legend_text() -> str:
    """The legend in plain words, shapes named, for a label or a screen reader."""
    shapes = {"fresh": "full circle", "aging": "half circle", "rotting": "triangle"}
    return "Last touch: " + "; ".join(f"{state} ({shapes[state]}), {span}"
                                      for state, span in STALENESS_STATES.items())


def staleness_colour(state: str, palette: QPalette) -> QColor:
    """The state's colour, readable on this palette's background."""
    light, dark = _STALE_COLOURS[state]
    return QColor(dark if is_dark(palette) else light)


def draw_staleness_mark(painter: QPainter, state: str, rect: QRectF, colour: QColor) -> None:
    """Draw the state's shape in ``rect``: a full circle (fresh), a half-full
    circle (aging) or a warning triangle (rotting), so no state is colour alone."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(1.0, rect.width() / 7))
    if state == "rotting":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([QPointF(rect.center().x(), rect.top()),
                                       rect.bottomRight(), rect.bottomLeft()]))
    elif state == "aging":
        ring = rect.adjusted(pen.widthF() / 2, pen.widthF() / 2, -pen.widthF() / 2,
                             -pen.widthF() / 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPie(ring, 90 * 16, 180 * 16)  # the left half, filled
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(ring)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(rect)
    painter.restore()


class StalenessLegend(QWidget):
    """A one-line key to the cards' staleness marks: each shape with its word
    and range. Wraps onto more lines when narrow, so it never cuts a word."""

    GAP = 14  # between entries

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Staleness legend")
        self.setAccessibleDescription(staleness_legend_text())
        self.setToolTip("How long since the last sale, touchpoint, check or ask; "
                        "colour only repeats the shape.")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _entries(self) -> list[tuple[str | None, str, float]]:
        """(state or None for the heading, words, width) of each entry."""
        metrics = self.fontMetrics()
        mark = metrics.height() * 0.9
        entries: list[tuple[str | None, str, float]] = [
            (None, "Last touch:", metrics.horizontalAdvance("Last touch:"))]
        for state, span in STALENESS_STATES.items():
            words = f"{state}, {span}"
            entries.append((state, words, mark + metrics.horizontalAdvance(words)))
        return entries

    def _rows(self, width: int) -> list[list[tuple[str | None, str, float]]]:
        rows: list[list[tuple[str | None, str, float]]] = [[]]
        used = 0.0
        for entry in self._entries():
            need = entry[2] + (self.GAP if rows[-1] else 0)
            if rows[-1] and used + need > width:
                rows.append([])
                used, need = 0.0, entry[2]
            rows[-1].append(entry)
            used += need
        return rows

    def sizeHint(self) -> QSize:
        entries = self._entries()
        width = sum(e[2] for e in entries) + self.GAP * (len(entries) - 1)
        return QSize(int(width) + 2, self.fontMetrics().lineSpacing() + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(int(max(e[2] for e in self._entries())) + 2,
                     self.fontMetrics().lineSpacing() + 4)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return len(self._rows(width)) * self.fontMetrics().lineSpacing() + 4

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A stacked page does not pass height-for-width up: claim the rows.
        self.setMinimumHeight(self.heightForWidth(event.size().width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = metrics.lineSpacing()
        size = metrics.height() * 0.65
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        y = 2.0
        for row in self._rows(self.width()):
            x = 0.0
            for state, words, width in row:
                if state is not None:
                    draw_staleness_mark(painter, state,
                                        QRectF(x, y + (line - size) / 2, size, size),
                                        staleness_colour(state, self.palette()))
                    text_x = x + metrics.height() * 0.9
                else:
                    text_x = x
                painter.setPen(text_colour)
                painter.drawText(QRectF(text_x, y, width, line),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 words)
                x += width + self.GAP
            y += line
        painter.end()
