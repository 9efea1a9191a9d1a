"""Envelope fronts: the recipient's address and the return address, in the same hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import inch

from refdesk.cards.fonts import Style
from refdesk.cards.formats import CardFormat, Rect
from refdesk.cards.handwriting import Hand
from refdesk.cards.layout import Setting, TextBlock, TextSetter
from refdesk.errors import RefdeskError

MIN_SIZE = 9.0


@dataclass
class EnvelopeLayout:
    """The two address blocks of one envelope, in page coordinates."""

    recipient: Setting
    sender: Setting | None


def address_areas(fmt: CardFormat, pen_pt: float = 0.0) -> tuple[Rect, Rect]:
    """(recipient area, return-address area) for an envelope format.

    The recipient block sits right of centre and below the stamp corner, and
    stays above the bottom 5/8 in that postal barcode printers keep clear.
    For a plotter pen (``pen_pt``, its stroke width) the return address may
    run a little wider, since it is written larger (still well clear of the stamp).
    """
    w, h = fmt.page
    margin = fmt.margin
    sender = Rect(margin, h - margin - 0.34 * h, (0.5 if pen_pt else 0.44) * w, 0.34 * h)
    top = min(0.6 * h, sender.y - 0.1 * inch)  # never reaching into the return address
    recipient = Rect(0.34 * w, 0.7 * inch, w - 0.34 * w - 0.45 * inch, top - 0.7 * inch)
    return recipient, sender


# A pen draws every letter with its own width: below about this many pen widths
# to the em, a single-line hand's loops (e, a, o) close up and its lines crowd.
EM_PER_PEN = 9.5


def return_address_size(pen_pt: float) -> tuple[float, float]:
    """(starting size, line spacing) of the return address, for a pen of this width
    (0 for printed, filled letters)."""
    if not pen_pt:
        return 11.0, 1.4
    return max(11.0, EM_PER_PEN * pen_pt), 1.6


def lay_out_envelope(fmt: CardFormat, name: str, address: Sequence[str],
                     return_address: Sequence[str], style: Style, hand: Hand, seed: int,
                     ink: tuple[float, float, float], who: str = "",
                     pen_pt: float = 0.0) -> EnvelopeLayout:
    """Set both address blocks; RefdeskError if the recipient address is missing or too long.

    ``pen_pt`` is a plotter pen's stroke width in points (0 for a PDF).
    """
    lines = [ln for ln in ([name] if name else []) + list(address) if ln.strip()]
    if len(lines) < 2:
        raise RefdeskError(f"{who + ': ' if who else ''}a {fmt.code} envelope needs the "
                           "recipient's name and postal address")
    recipient_area, sender_area = address_areas(fmt, pen_pt)
    # Addresses are read by sorting machines too: the same hand, written steadier.
    hand = hand.scaled(0.7)
    recipient = TextSetter([TextBlock("\n".join(lines), "address")], style, hand, seed,
                           recipient_area, ink, line_spacing=1.55, valign="middle",
                           salt="to").fit(min(fmt.base_size, 16.0), MIN_SIZE)
    if recipient is None:
        raise RefdeskError(f"{who + ': ' if who else ''}the address is too long for a "
                           f"{fmt.code} envelope; shorten its longest line")
    sender = None
    back = [ln for ln in return_address if ln.strip()]
    if back:
        start, spacing = return_address_size(pen_pt)
        setter = TextSetter([TextBlock("\n".join(back), "return")], style, hand, seed,
                            sender_area, ink, line_spacing=spacing, salt="from")
        sender = _unwrapped(setter, start, len(back)) or setter.fit(start, MIN_SIZE)
        if sender is None:
            raise RefdeskError(f"the return address is too long for a {fmt.code} envelope; "
                               "shorten its longest line or use fewer lines")
    return EnvelopeLayout(recipient, sender)


def _unwrapped(setter: TextSetter, start: float, lines: int) -> Setting | None:
    """The largest size from start down to MIN_SIZE that keeps every address line whole
    (a wrapped address line confuses the post), or None."""
    size = start
    while size >= MIN_SIZE - 1e-9:
        got = setter.set(round(size, 3))
        if got is not None and len({g.line for g in got.glyphs}) <= lines:
            return got
        size -= 0.5
    return None
