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


def address_areas(fmt: CardFormat) -> tuple[Rect, Rect]:
    """(recipient area, return-address area) for an envelope format.

    The recipient block sits right of centre and below the stamp corner, and
    stays above the bottom 5/8 in that postal barcode printers keep clear.
    """
    w, h = fmt.page
    margin = fmt.margin
    sender = Rect(margin, h - margin - 0.34 * h, 0.44 * w, 0.34 * h)
    top = min(0.6 * h, sender.y - 0.1 * inch)  # never reaching into the return address
    recipient = Rect(0.34 * w, 0.7 * inch, w - 0.34 * w - 0.45 * inch, top - 0.7 * inch)
    return recipient, sender


def lay_out_envelope(fmt: CardFormat, name: str, address: Sequence[str],
                     return_address: Sequence[str], style: Style, hand: Hand, seed: int,
                     ink: tuple[float, float, float], who: str = "") -> EnvelopeLayout:
    """Set both address blocks; RefdeskError if the recipient address is missing or too long."""
    lines = [ln for ln in ([name] if name else []) + list(address) if ln.strip()]
    if len(lines) < 2:
        raise RefdeskError(f"{who + ': ' if who else ''}a {fmt.code} envelope needs the "
                           "recipient's name and postal address")
    recipient_area, sender_area = address_areas(fmt)
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
        sender = TextSetter([TextBlock("\n".join(back), "return")], style, hand, seed,
                            sender_area, ink, line_spacing=1.4, salt="from").fit(11.0, MIN_SIZE)
        if sender is None:
            raise RefdeskError(f"the return address is too long for a {fmt.code} envelope; "
                               "shorten its longest line or use fewer lines")
    return EnvelopeLayout(recipient, sender)
