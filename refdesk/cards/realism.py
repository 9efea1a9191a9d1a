"""How hand-like a rendered card is, in numbers a reader can check.

A printed note is judged up close: the same letter drawn twice, a
dead-straight line, a ruler-straight left margin and even spacing give a
machine away. This measures those on the planned card (what reaches paper).

Two occurrences of a letter count as *identical* when they come from the
same outline and differ only by a move, a turn and a uniform size change
(the eye compares shapes, not angles): their slant differs by under 0.5
degrees and their width-to-height ratio by under 0.8%. For plotter strokes the
drawn points themselves are compared as well (within 0.5% of the em).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from refdesk.cards.fonts import StyleRegistry
from refdesk.cards.glyphs import Glyph
from refdesk.cards.pages import SidePlan, plan_pages
from refdesk.cards.spec import CardSpec

SLANT_TOL_DEG = 0.5
WIDTH_TOL = 0.008
POINT_TOL_EM = 0.005


@dataclass(frozen=True)
class Realism:
    """The realism figures of one card side."""

    letters: int
    identical: int            # occurrences that repeat an earlier one exactly
    margin_range_in: float    # spread of the left-aligned lines' starts
    baseline_bend_pt: float   # mean RMS distance of letters from their line's best straight fit
    slope_spread_deg: float   # standard deviation of the lines' slopes
    line_step_cv: float       # variation of the distance between lines, %
    word_gap_cv: float        # variation of the gaps between words, %


def shape_key(g: Glyph) -> tuple[float, float]:
    """(slant in degrees, width/height ratio) of a glyph's linear transform, free of turn
    and uniform size."""
    a, b, c, d = g.matrix[:4]
    ux, uy, vx, vy = a, b, c, d
    rot = math.atan2(uy, ux)
    cs, sn = math.cos(-rot), math.sin(-rot)
    # Turn the transform back so the x axis lies flat; what remains is shear and aspect.
    x_len = math.hypot(ux, uy)
    vx2, vy2 = vx * cs - vy * sn, vx * sn + vy * cs
    return math.degrees(math.atan2(vx2, vy2)), x_len / max(vy2, 1e-9)


def _lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs split into written lines: as the layout numbered them, and where a glyph
    has no number, a new line starts where x jumps back or the baseline drops by more
    than half the letter size (a short last line and an indented sign-off below it
    overlap in x and would otherwise read as one steep line)."""
    lines: list[list[Glyph]] = []
    for g in glyphs:
        if lines:
            prev = lines[-1][-1]
            if g.line >= 0 and prev.line >= 0:
                same = g.line == prev.line
            else:
                same = g.matrix[4] > prev.matrix[4] - 2 * g.size \
                    and abs(g.matrix[5] - prev.matrix[5]) < 0.5 * g.size
            if same:
                lines[-1].append(g)
                continue
        lines.append([g])
    return lines


def _cv(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = statistics.fmean(values)
    return 100 * statistics.pstdev(values) / mean if mean else 0.0


def measure(side: SidePlan, strokes: Sequence[Sequence] | None = None) -> Realism:
    """The realism figures of a planned side; strokes (per glyph, em units) for plotter output."""
    glyphs = side.glyphs
    seen: dict[tuple[str, str], list[int]] = {}
    identical = letters = 0
    for i, g in enumerate(glyphs):
        if not g.text.isalnum():
            continue
        letters += 1
        key = shape_key(g)
        same = seen.setdefault((g.font, g.text), [])
        for j in same:
            other = shape_key(glyphs[j])
            if abs(key[0] - other[0]) < SLANT_TOL_DEG and abs(key[1] - other[1]) < WIDTH_TOL \
                    and (strokes is None or _same_points(strokes[i], strokes[j])):
                identical += 1
                break
        same.append(i)
    lines = [ln for ln in _lines(glyphs) if len(ln) >= 4]
    bends, slopes, starts, steps = [], [], [], []
    prev_y = None
    for ln in lines:
        xs = [g.matrix[4] for g in ln]
        ys = [g.matrix[5] for g in ln]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        sxx = sum((x - mx) ** 2 for x in xs) or 1e-9
        m = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
        bends.append(math.sqrt(statistics.fmean(
            [(y - (my + m * (x - mx))) ** 2 for x, y in zip(xs, ys, strict=True)])))
        slopes.append(math.degrees(math.atan(m)))
        starts.append(min(g.box[0] for g in ln[:3]))
        y0 = my + m * (xs[0] - mx)
        if prev_y is not None:
            steps.append(prev_y - y0)
        prev_y = y0
    left = min(starts, default=0.0)
    aligned = [s for s in starts if s - left < 36]  # sign-offs and dates sit further in
    gaps = []
    for a, b in zip(side.words, side.words[1:], strict=False):
        if abs(a[1] - b[1]) < 0.5 * (a[3] - a[1]) and b[0] > a[2]:
            gaps.append(b[0] - a[2])
    return Realism(letters, identical,
                   (max(aligned) - min(aligned)) / 72 if aligned else 0.0,
                   statistics.fmean(bends) if bends else 0.0,
                   statistics.pstdev(slopes) if len(slopes) > 1 else 0.0,
                   _cv(steps), _cv(gaps))


def _same_points(a: Sequence, b: Sequence) -> bool:
    if len(a) != len(b):
        return False
    for sa, sb in zip(a, b, strict=True):
        if len(sa) != len(sb):
            return False
        if any(math.dist(p, q) > POINT_TOL_EM for p, q in zip(sa, sb, strict=True)):
            return False
    return True


def measure_spec(spec: CardSpec, styles: StyleRegistry | None = None,
                 plotter: bool = False) -> Realism:
    """Plan a card (PDF or plotter) and measure its front."""
    if plotter:
        from refdesk.cards.pen_paths import vary_letter
        from refdesk.cards.plotter_svg import plan_drawing
        from refdesk.cards.single_line_fonts import stroke_face_named

        side = plan_drawing(spec, styles).side
        strokes = []
        for i, g in enumerate(side.glyphs):
            face = stroke_face_named(g.font)
            rng = random.Random(f"refdesk/strokes/{spec.seed}/{i}/{g.text}")
            strokes.append(vary_letter(g.text, face.strokes(g.text), rng, face.x_height))
        return measure(side, strokes)
    return measure(plan_pages([spec], styles)[0].sides[0])


def realism_text(spec: CardSpec, styles: StyleRegistry | None = None,
                 plotter: bool = False) -> str:
    """The realism report as printed by ``refdesk card --realism``."""
    r = measure_spec(spec, styles, plotter)
    return "\n".join([
        "realism of the card's front:",
        f"  letters drawn identically to an earlier one: {r.identical} of {r.letters}",
        f"  left margin spread: {r.margin_range_in:.3f} in (0 is ruler-straight)",
        f"  baseline bend: {r.baseline_bend_pt:.2f} pt RMS from a straight line "
        "(0 is dead straight)",
        f"  line slope spread: {r.slope_spread_deg:.2f} degrees",
        f"  line spacing variation: {r.line_step_cv:.1f} %",
        f"  word gap variation: {r.word_gap_cv:.1f} %",
    ])
