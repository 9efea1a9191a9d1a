"""Reading a card PDF's page back: where its drawing was moved to."""

from __future__ import annotations

from pypdf.generic import ContentStream


def first_move(page) -> tuple[float, ...]:
    """The page's first transform that moves anything (ReportLab opens with an identity)."""
    ops = ContentStream(page.get_contents(), page.pdf).operations
    moves = (tuple(float(v) for v in args) for args, op in ops if op == b"cm")
    return next(m for m in moves if m != (1, 0, 0, 1, 0, 0))
