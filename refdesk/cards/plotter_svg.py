"""One card (or envelope) as an SVG a pen plotter draws directly.

The page is the card itself in physical units, with no guides or crop marks;
every letter is open centre-line paths with ``fill="none"``, placed by the
same layout and handwriting model as the PDF, then ordered to keep pen-up
travel short. Each ink colour is its own Inkscape layer (a pen change is a
layer). The file holds no date or id, so the same seed gives the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

from refdesk.cards.fonts import StyleRegistry
from refdesk.cards.formats import SAFE_INSET, Rect
from refdesk.cards.glyphs import Glyph
from refdesk.cards.pages import SidePlan, front_side
from refdesk.cards.pen_paths import Stroke, join_touching, order_strokes, travel, vary_letter
from refdesk.cards.render import atomic_write
from refdesk.cards.single_line_fonts import stroke_face_named, stroke_styles
from refdesk.cards.spec import CardSpec, resolve
from refdesk.errors import RefdeskError

DEFAULT_PEN_MM = 0.5
_PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class PlotStats:
    """What the plotter will do: strokes, and pen travel in the air and on paper (in)."""

    strokes: int
    pen_up_in: float
    naive_pen_up_in: float
    pen_down_in: float


@dataclass(frozen=True)
class Drawing:
    """A planned plotter drawing: page size (pt), strokes per ink layer, the side plan."""

    size: tuple[float, float]
    layers: tuple[tuple[str, tuple[Stroke, ...]], ...]  # (ink hex, strokes in SVG coords)
    side: SidePlan
    stats: PlotStats
    pen_mm: float


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def glyph_strokes(g: Glyph, rng: random.Random | None) -> list[Stroke]:
    """A placed glyph's strokes in slot coordinates (points, y up), varied if rng is given."""
    face = stroke_face_named(g.font)
    strokes = face.strokes(g.text)
    if rng is not None:
        strokes = vary_letter(g.text, strokes, rng, face.x_height)
    a, b, c, d, e, f = g.matrix
    k = g.size
    return [tuple((a * x * k + c * y * k + e, b * x * k + d * y * k + f) for x, y in s)
            for s in strokes]


def plan_drawing(spec: CardSpec, styles: StyleRegistry | None = None,
                 pen_mm: float | None = None, vary: bool = True) -> Drawing:
    """Lay out one card in a single-line style and turn it into ordered pen strokes.

    A wider pen gets larger writing (so loops stay open): the starting size
    grows with the pen past 0.5 mm. RefdeskError names any letter the font lacks.
    """
    pen = DEFAULT_PEN_MM if pen_mm is None else pen_mm
    if not 0.1 <= pen <= 3.0:
        raise RefdeskError(f"pen width {pen:g} mm is out of range: use 0.1 to 3 mm")
    styles = styles or stroke_styles()
    # The plotter draws the front; a QR code is no job for a pen.
    card = resolve(replace(spec, review_link=None), styles)
    fmt = card.fmt
    card.fmt = replace(fmt, base_size=fmt.base_size * min(1.6, max(1.0, pen / DEFAULT_PEN_MM)))
    slot = fmt.slots[0]
    side = front_side(card, 0, (slot.w, slot.h), pen * _PT_PER_MM)
    height = slot.h
    strokes: list[Stroke] = []
    for i, g in enumerate(side.glyphs):
        rng = random.Random(f"refdesk/strokes/{spec.seed}/{i}/{g.text}") if vary else None
        strokes.extend(join_touching(glyph_strokes(g, rng), pen * _PT_PER_MM * 0.3))
    _check_inside(strokes, side.safe, card.who, fmt.folds, slot)
    # SVG's y runs down from the top edge.
    flipped = [tuple((round(x, 2), round(height - y, 2)) for x, y in s) for s in strokes]
    flipped = join_touching(flipped, pen * _PT_PER_MM * 0.3)
    ordered = order_strokes(flipped)
    stats = PlotStats(len(ordered), travel(ordered) / 72, travel(flipped) / 72,
                      sum(_length(s) for s in ordered) / 72)
    return Drawing((slot.w, slot.h), ((_hex(card.ink), tuple(ordered)),), side, stats, pen)


def _length(s: Stroke) -> float:
    return sum(((s[i][0] - s[i - 1][0]) ** 2 + (s[i][1] - s[i - 1][1]) ** 2) ** 0.5
               for i in range(1, len(s)))


def _check_inside(strokes: list[Stroke], safe: Rect, who: str, folds: tuple[float, ...],
                  slot: Rect) -> None:
    """Every point 1/8 in inside the edges and away from every fold, or an error."""
    fold_xs = [slot.x + f * slot.w for f in folds]
    for s in strokes:
        for x, y in s:
            if not safe.contains(x, y, x, y, eps=0.01) or any(
                    abs(x - fx) < SAFE_INSET for fx in fold_xs):
                raise RefdeskError(f"{who}: a stroke at ({x / 72:.2f} in, {y / 72:.2f} in) "
                                   "would come within 1/8 in of an edge or fold")


def _length_attr(points: float) -> str:
    return f"{points / 72:.4f}".rstrip("0").rstrip(".") + "in"


def svg_bytes(drawing: Drawing) -> bytes:
    """The SVG file for a drawing: physical size, one layer per ink, open paths only."""
    w, h = drawing.size
    pen = f"{drawing.pen_mm * _PT_PER_MM:.3f}"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
           f'width="{_length_attr(w)}" height="{_length_attr(h)}" '
           f'viewBox="0 0 {w:.2f} {h:.2f}">',
           "<title>Card</title>"]
    for n, (ink, strokes) in enumerate(drawing.layers, start=1):
        out.append(f'<g inkscape:groupmode="layer" inkscape:label="{n} ink {ink}" '
                   f'id="layer{n}" fill="none" stroke="{ink}" stroke-width="{pen}" '
                   'stroke-linecap="round" stroke-linejoin="round">')
        for s in strokes:
            d = "M" + " L".join(f"{x:g} {y:g}" for x, y in s)
            out.append(f'<path fill="none" d="{d}"/>')
        out.append("</g>")
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")


def write_svg(spec: CardSpec, path: Path, styles: StyleRegistry | None = None,
              pen_mm: float | None = None) -> PlotStats:
    """Plan and write one card's plotter SVG; nothing is written if planning fails."""
    drawing = plan_drawing(spec, styles, pen_mm)
    atomic_write(Path(path), svg_bytes(drawing))
    return drawing.stats


def write_svgs(specs: list[CardSpec], folder: Path, styles: StyleRegistry | None = None,
               pen_mm: float | None = None) -> list[Path]:
    """One plotter SVG per card in folder (card-001.svg, ...); all are planned
    before any is written, so a bad card leaves no half-written set."""
    if not specs:
        raise RefdeskError("there are no cards to draw")
    folder = Path(folder)
    if not folder.is_dir():
        raise RefdeskError(f'cannot write plotter files: folder "{folder}" does not exist')
    drawings = [plan_drawing(s, styles, pen_mm) for s in specs]
    paths = []
    for i, drawing in enumerate(drawings, start=1):
        paths.append(atomic_write(folder / f"card-{i:03d}.svg", svg_bytes(drawing)))
    return paths
