"""Helpers for the card tests: sample texts and reading rendered PDFs back with pypdf.

Imported by the test modules as ``cards_pdf`` (pytest puts this folder on sys.path).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream

from refdesk.cards.templates import merge, template_for

FIELDS = {
    "first_name": "Fred", "name": "Fred Jones", "referred_name": "Maria Kowalski",
    "referred_first_name": "Maria", "gift": "lunch for two at Rosa's", "my_name": "Sam",
    "company": "Jones Builders", "project": "the new warehouse roof",
}

MESSAGE = ("Dear Fred,\n\nThank you for introducing me to Maria. You were right, she is a "
           "really interesting person, and we meet again next week.\n\nThanks again,\nSam")


def occasion_text(code: str) -> str:
    return merge(template_for(code), FIELDS)


@dataclass
class ShownText:
    """One text-showing operation: the font, size and where its origin lands on the page."""

    font: str           # /BaseFont without the subset tag
    size: float
    matrix: tuple[float, ...]  # text matrix x CTM: the glyph's placement on the page
    data: bytes
    after_tm: bool      # first show after a Tm: a glyph, not the word space after it


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def shown_text(pdf: bytes, page_index: int = 0) -> list[ShownText]:
    """Every Tj of a page with its font and page-space matrix (q/Q/cm/Tm tracked)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[page_index]
    fonts = page["/Resources"].get("/Font", {})
    ops = ContentStream(page.get_contents(), reader).operations
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = []
    tm = ctm
    font, size = "", 0.0
    fresh = False
    out = []
    for operands, op in ops:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == b"BT":
            tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == b"Tf":
            base = str(fonts[operands[0]].get_object()["/BaseFont"])
            font, size = base.split("+", 1)[-1], float(operands[1])
        elif op == b"Tm":
            tm = tuple(float(v) for v in operands)
            fresh = True
        elif op == b"Tj":
            raw = operands[0]
            data = raw.get_original_bytes() if hasattr(raw, "get_original_bytes") else bytes(raw)
            out.append(ShownText(font, size, _mul(tm, ctm), data, fresh))
            fresh = False
    return out


def operations(pdf: bytes, page_index: int = 0) -> list[tuple[list, bytes]]:
    """The content stream operations of a page."""
    reader = PdfReader(io.BytesIO(pdf))
    return ContentStream(reader.pages[page_index].get_contents(), reader).operations


def glyph_ops(pdf: bytes, page_index: int = 0) -> list[ShownText]:
    """The shows that draw a glyph (not the explicit word spaces)."""
    return [s for s in shown_text(pdf, page_index) if s.after_tm]


def boxes_overlap(a, b, eps: float = 1e-6) -> bool:
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps
