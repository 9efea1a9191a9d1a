"""Handwritten-style thank-you cards: formats, handwriting renderer, fonts, templates.

Qt-free. The GUI preview renders one card with ``render_pdf([spec])`` (bytes in
memory); the batch job passes every due card to ``write_pdf`` in one call.
"""

from pathlib import Path

from refdesk.cards.calibration import calibration_pdf, crosshair_positions, write_calibration
from refdesk.cards.fonts import DEFAULT_STYLE, Style, StyleRegistry, shipped_styles
from refdesk.cards.formats import CardFormat, Rect, get_format, list_formats
from refdesk.cards.handwriting import INKS, Hand, parse_ink
from refdesk.cards.message import Message
from refdesk.cards.pages import PagePlan, SidePlan, plan_pages
from refdesk.cards.render import render_pdf, write_pdf
from refdesk.cards.spec import MIN_SIZE, CardSpec
from refdesk.cards.templates import FIELDS, OCCASIONS, merge, template_for

__all__ = [
    "DEFAULT_STYLE",
    "FIELDS",
    "INKS",
    "MIN_SIZE",
    "OCCASIONS",
    "CardFormat",
    "CardSpec",
    "Hand",
    "Message",
    "PagePlan",
    "Rect",
    "SidePlan",
    "Style",
    "StyleRegistry",
    "calibration_pdf",
    "crosshair_positions",
    "get_format",
    "list_formats",
    "list_styles",
    "merge",
    "parse_ink",
    "plan_pages",
    "render_pdf",
    "shipped_styles",
    "template_for",
    "write_calibration",
    "write_pdf",
]


def list_styles(user_folder: Path | None = None) -> list[Style]:
    """The shipped handwriting styles, plus those in the user's style folder if given."""
    return shipped_styles(user_folder).styles()
