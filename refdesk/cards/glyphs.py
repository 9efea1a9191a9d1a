"""What a layout produces: placed glyphs with their ink boxes, and the box maths."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

Box = tuple[float, float, float, float]


class Glyph(NamedTuple):
    """One drawn cluster: its text, font, Tf size, text matrix and page ink box.

    A NamedTuple, not a frozen dataclass: a batch makes a hundred thousand of
    them, and a frozen dataclass sets each field through object.__setattr__.
    """

    text: str
    font: str
    size: float
    matrix: tuple[float, float, float, float, float, float]
    box: Box
    color: tuple[float, float, float]
    word_end: bool = False  # a space follows in the text (not at line ends)
    word: int = -1          # index of the word (in Setting.words) this glyph belongs to
    weight: float = 0.0     # extra stroke width (pt) as from pen pressure; 0 fills only
    line: int = -1          # index of the written line in its side (-1 if not set in lines)


@dataclass(frozen=True)
class TextBlock:
    """A run of text set together: hard line breaks kept, long lines wrapped."""

    text: str
    kind: str = "body"
    align: str = "left"      # left, right, signoff or center
    gap_before: float = 0.0  # extra space above, in line heights


@dataclass
class Setting:
    """The result of setting blocks at one size."""

    glyphs: list[Glyph]
    words: list[Box]
    size: float


def union(a: Box | None, b: Box) -> Box:
    """The smallest box holding a (if any) and b."""
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def turned_box(ink: Box, k: float, rot: float, x: float, y: float, shear: float = 0.0,
               width: float = 1.0) -> Box:
    """The page box of an ink box scaled by k (and by width across), sheared, turned by
    rot and moved to (x, y)."""
    # Written out corner by corner (no lists): this runs for every letter of every
    # size tried, and these are the same operations in the same order as before.
    c, s = math.cos(rot) * k, math.sin(rot) * k
    x0, y0, x1, y1 = ink
    ax, bx = x0 * width + shear * y0, x0 * width + shear * y1
    cx, dx = x1 * width + shear * y0, x1 * width + shear * y1
    xa, xb, xc, xd = x + ax * c - y0 * s, x + bx * c - y1 * s, x + cx * c - y0 * s, \
        x + dx * c - y1 * s
    ya, yb, yc, yd = y + ax * s + y0 * c, y + bx * s + y1 * c, y + cx * s + y0 * c, \
        y + dx * s + y1 * c
    return (min(xa, xb, xc, xd), min(ya, yb, yc, yd), max(xa, xb, xc, xd), max(ya, yb, yc, yd))


def page_box(b: Box, x0: float, y: float, slope: float) -> Box:
    """A line-frame box on the page, for a line starting at (x0, y) with this slope."""
    return page_box_cs(b, x0, y, math.cos(slope), math.sin(slope))


def page_box_cs(b: Box, x0: float, y: float, cs: float, sn: float) -> Box:
    """page_box with the slope's cosine and sine already worked out (|slope| < 90 deg)."""
    # x and y are each a term in the box's x plus a term in its y: the edges are
    # those terms' extremes, with no corners to turn.
    bx0, by0, bx1, by1 = b
    ya, yb = by0 * sn, by1 * sn
    xa, xb = bx0 * sn, bx1 * sn
    return (x0 + bx0 * cs - (ya if ya > yb else yb), y + (xa if xa < xb else xb) + by0 * cs,
            x0 + bx1 * cs - (yb if ya > yb else ya), y + (xb if xa < xb else xa) + by1 * cs)


def moved(g: Glyph, dy: float) -> Glyph:
    """The glyph moved up by dy points."""
    m = g.matrix
    return g._replace(matrix=(m[0], m[1], m[2], m[3], m[4], m[5] + dy),
                      box=(g.box[0], g.box[1] + dy, g.box[2], g.box[3] + dy))
