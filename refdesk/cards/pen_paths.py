"""Pen strokes for a plotter: each letter's own shape, and an order that keeps
the pen's moves in the air short.

A font draws every "e" the same; a hand never does. Each placed letter gets
its own smooth warp (a slow wave across the letter, about 2% of the em), and
the dots of i/j and the bar of t move on their own, as a pen lifts and comes
down a little elsewhere each time. The warp is seeded per letter, so the
same card seed gives the same strokes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Point = tuple[float, float]
Stroke = tuple[Point, ...]

WARP = 0.018          # wave amplitude, em
DOT_SHIFT = 0.045     # how far an i-dot or t-bar wanders, em
BAR_REACH = 0.12      # the farthest a t-bar slides along itself, x-heights
_DOTTED = frozenset("ijüöäëïÿ")
_BARRED = frozenset("tf")


def vary_letter(text: str, strokes: Sequence[Stroke], rng: random.Random,
                x_height: float) -> list[Stroke]:
    """The strokes of one letter (em units, y up) bent into this occurrence's shape."""
    ax, ay = rng.gauss(0, WARP), rng.gauss(0, WARP)
    px, py = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    lx, ly = rng.uniform(0.5, 0.9), rng.uniform(0.5, 0.9)
    dot = (rng.gauss(0, DOT_SHIFT), rng.gauss(0, DOT_SHIFT * 0.6))
    # A t's bar wanders along itself, but never so far that it stops crossing the stem
    # (single_line_fonts.crossed_t leaves it T_BAR_LEFT x-heights past the stem).
    reach = BAR_REACH * x_height
    bar = (max(-reach, min(reach, rng.gauss(0, DOT_SHIFT * 0.8))),
           rng.gauss(0, DOT_SHIFT * 0.4), rng.gauss(0, 0.06))
    out = []
    for s in strokes:
        xs, ys = [p[0] for p in s], [p[1] for p in s]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        ddx = ddy = 0.0
        tilt = 0.0
        if text in _DOTTED and max(w, h) < 0.35 * x_height and my > x_height:
            ddx, ddy = dot
        elif text in _BARRED and h < 0.25 * w and abs(my - x_height) < 0.45 * x_height:
            ddx, ddy, tilt = bar
        out.append(tuple(
            (x + ddx + ax * math.sin(y / ly * 2 * math.pi + px),
             y + ddy + (x - mx) * tilt + ay * math.sin(x / lx * 2 * math.pi + py))
            for x, y in s))
    return out


def join_touching(strokes: list[Stroke], gap: float) -> list[Stroke]:
    """Consecutive strokes whose end and start lie within gap become one stroke
    (joined script: one letter's exit meets the next letter's entry)."""
    out: list[list[Point]] = []
    for s in strokes:
        if out and math.dist(out[-1][-1], s[0]) <= gap:
            out[-1].extend(s[1:] if out[-1][-1] == s[0] else s)
        else:
            out.append(list(s))
    return [tuple(s) for s in out]


def travel(strokes: Sequence[Stroke], start: Point = (0.0, 0.0)) -> float:
    """Pen-up distance to draw strokes in this order from start."""
    total, at = 0.0, start
    for s in strokes:
        total += math.dist(at, s[0])
        at = s[-1]
    return total


def order_strokes(strokes: Sequence[Stroke], start: Point = (0.0, 0.0),
                  cell: float = 24.0) -> list[Stroke]:
    """Greedy nearest-next order (either end may start a stroke), with a grid
    of stroke ends so a card's few thousand strokes take milliseconds."""
    grid: dict[tuple[int, int], set[int]] = {}
    ends: list[tuple[Point, Point]] = [(s[0], s[-1]) for s in strokes]

    def key(p: Point) -> tuple[int, int]:
        return (int(p[0] // cell), int(p[1] // cell))

    for i, (a, b) in enumerate(ends):
        grid.setdefault(key(a), set()).add(i)
        grid.setdefault(key(b), set()).add(i)
    left = len(strokes)
    out: list[Stroke] = []
    at = start
    while left:
        cx, cy = key(at)
        best: tuple[float, int, bool] | None = None
        r = 0
        while best is None or r * cell <= best[0] + cell:
            for gx in range(cx - r, cx + r + 1):
                for gy in range(cy - r, cy + r + 1):
                    if r and max(abs(gx - cx), abs(gy - cy)) != r:
                        continue  # only the ring at distance r
                    for i in grid.get((gx, gy), ()):
                        a, b = ends[i]
                        for d, flip in ((math.dist(at, a), False), (math.dist(at, b), True)):
                            if best is None or (d, i) < best[:2]:
                                best = (d, i, flip)
            r += 1
            if r > 10_000:
                break
        assert best is not None
        _, i, flip = best
        a, b = ends[i]
        grid[key(a)].discard(i)
        grid[key(b)].discard(i)
        s = strokes[i]
        s = tuple(reversed(s)) if flip else s
        out.append(s)
        at = s[-1]
        left -= 1
    return out
