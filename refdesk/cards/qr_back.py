"""The optional back of a card: a handwritten line and a QR code to the user's review page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from refdesk.cards.fonts import Face, Style
from refdesk.cards.formats import Rect
from refdesk.cards.glyphs import Glyph, Setting, TextBlock, moved
from refdesk.cards.handwriting import Hand
from refdesk.cards.layout import TextSetter
from refdesk.errors import RefdeskError

DEFAULT_CAPTION = "If you have a minute, a short review would help me a lot. Thank you!"
_MAX_LINK = 600  # beyond this the code gets too dense to scan from a printed card


@dataclass
class BackLayout:
    """Where the caption glyphs, the QR square and the printed link go on a back panel."""

    caption: Setting | None
    qr: Rect
    link_glyphs: list[Glyph]


_SCHEMES = {"http", "https", "mailto"}
# A scheme is letters before the first colon, with no dot ("g.page/r/x" has none).
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+-]*):")


def check_link(link: str) -> str:
    """The review link, stripped; RefdeskError if it cannot go on a card."""
    link = link.strip()
    if not link:
        raise RefdeskError("the review link for the card back is empty")
    if len(link) > _MAX_LINK:
        raise RefdeskError(f"the review link is {len(link)} characters long; a printed QR code "
                           f"stays scannable up to {_MAX_LINK}")
    scheme = _SCHEME.match(link)
    if scheme and scheme.group(1).lower() not in _SCHEMES:
        # A phone opens what the code says: javascript:, data: or file: on a
        # card a customer scans is an attack, never a review page.
        raise RefdeskError(f"the review link must start with http://, https:// or mailto: "
                           f"(not {scheme.group(1)}:)")
    if any(ord(c) < 32 or ord(c) == 127 for c in link):
        raise RefdeskError("the review link holds a control character")
    return link


def lay_out_back(link: str, caption: str, area: Rect, style: Style, hand: Hand, seed: int,
                 ink: tuple[float, float, float], plain: Face) -> BackLayout:
    """Arrange the caption, QR code and link text inside area (panel minus margins)."""
    side = min(1.15 * inch, 0.55 * area.h, 0.6 * area.w)
    link_size = 7.0
    link_glyphs: list[Glyph] = []
    # The link is printed plainly (no jitter) under the code so it can be typed;
    # left out when it cannot fit at a readable size.
    width = stringWidth(link, plain.name, link_size * plain.scale)
    while width > area.w and link_size > 5.5:
        link_size -= 0.5
        width = stringWidth(link, plain.name, link_size * plain.scale)
    link_h = 0.0
    if width <= area.w and plain.covers(link):
        em = link_size * plain.scale
        x = area.x + (area.w - width) / 2
        y = area.y - plain.ink(link)[1] * em if plain.ink(link) else area.y
        ink_box = plain.ink(link) or (0, 0, 0, 0)
        box = (x + ink_box[0] * em, y + ink_box[1] * em, x + ink_box[2] * em, y + ink_box[3] * em)
        link_glyphs.append(Glyph(link, plain.name, em, (1, 0, 0, 1, x, y), box, ink))
        link_h = box[3] - area.y + 6
    # Caption, code and link read as one group, centred on the panel.
    caption_area = Rect(area.x, area.y + link_h + side + 8, area.w,
                        area.h - link_h - side - 8)
    setting = None
    caption_h = 0.0
    if caption.strip():
        setter = TextSetter([TextBlock(caption, "caption", "center")], style, hand, seed,
                            caption_area, ink, line_spacing=1.6, salt="back")
        setting = setter.fit(12.0, 9.0) if caption_area.h > 20 else None
        if setting is None:
            raise RefdeskError("the caption on the card back is too long; shorten it")
        caption_h = caption_area.y1 - min(g.box[1] for g in setting.glyphs)
    group = link_h + side + (8 + caption_h if setting else 0.0)
    lift = max(0.0, (area.h - group) / 2)
    qr = Rect(area.x + (area.w - side) / 2, area.y + link_h + lift, side, side)
    link_glyphs = [moved(g, lift) for g in link_glyphs]
    if setting is not None:
        # The caption was set against the top of its area; bring it down to the code.
        drop = (caption_area.y1 - caption_h) - (qr.y1 + 8)
        setting = Setting([moved(g, -drop) for g in setting.glyphs],
                          [(w[0], w[1] - drop, w[2], w[3] - drop) for w in setting.words],
                          setting.size)
    return BackLayout(setting, qr, link_glyphs)


def draw_qr(canvas: Canvas, link: str, rect: Rect, ink: tuple[float, float, float]) -> None:
    """Draw the QR code for link filling rect (its quiet zone included)."""
    # Scanners need contrast: a pale custom ink falls back to black.
    lum = 0.2126 * ink[0] + 0.7152 * ink[1] + 0.0722 * ink[2]
    colour = ink if lum < 0.35 else (0.0, 0.0, 0.0)
    widget = QrCodeWidget(link, barLevel="M", barWidth=rect.w, barHeight=rect.h)
    # The widget's modules are drawn as plain filled rectangles rather than
    # through renderPDF, which would pull the (never embedded) Helvetica in.
    canvas.saveState()
    canvas.setFillColorRGB(*colour)
    for shape in widget.draw().contents:
        if getattr(shape, "fillColor", None) is None:
            continue  # the white background square
        canvas.rect(rect.x + shape.x, rect.y + shape.y, shape.width, shape.height,
                    stroke=0, fill=1)
    canvas.restoreState()
