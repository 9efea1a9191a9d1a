"""Lays text out in a writing area as individually placed, jittered glyphs.

Every glyph's ink box is computed from the font's real outline bounds, turned
and moved exactly as it will be drawn, so "inside the area" and "words never
touch" are checked on what reaches paper, not on nominal metrics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from refdesk.cards.fonts import Style
from refdesk.cards.formats import Rect
from refdesk.cards.glyphs import Box, Glyph, Setting, TextBlock, moved, page_box_cs
from refdesk.cards.handwriting import Hand, Jitter, shade
from refdesk.cards.letters import Letters, Unit

WORD_GAP = 0.44      # nominal word gap, in nominal sizes
MIN_INK_GAP = 0.24   # letters of neighbouring words stay this far apart
LINE_INK_GAP = 0.05  # ...and lines this far, in nominal sizes
PARA_GAP = 0.4      # room between paragraphs, in line heights
_BIN = 3.0           # points per column when comparing line profiles


class _Setter:
    """Sets prepared blocks at one nominal size; returns None when they do not fit."""

    def __init__(self, prepared: Letters, blocks: Sequence[TextBlock], jitters: list[Jitter],
                 hand: Hand, area: Rect, ink: tuple[float, float, float], line_spacing: float,
                 valign: str) -> None:
        self.prepared, self.blocks, self.jitters = prepared, blocks, jitters
        self.hand, self.area, self.ink = hand, area, ink
        self.line_spacing, self.valign = line_spacing, valign
        self.tracking = 0.0

    # -- one word in the line's own frame (baseline along x, origin at line start)
    def _word(self, units: list[Unit], s: float, size: float, drift_amp: float,
              line) -> tuple[list[tuple], Box | None, float]:
        placed = []
        bx0 = by0 = bx1 = by1 = None
        area_w, tracking = self.area.w, self.tracking
        wave = 2 * math.pi
        wl, phase, bow4 = line.wavelength * size, line.phase, 4 * line.bow * size
        sin = math.sin
        put = placed.append
        for text, face, scale, k, cos_r, sin_r, lean, width, jdy, ink, step, rot in units:
            em = size * scale
            # A slow wave plus a bow over the whole line: lines bend, not only slope.
            across = s / area_w
            dy = jdy * em + drift_amp * sin(wave * s / wl + phase) \
                + bow4 * across * (1 - across)
            if ink:
                # turned_box() written out: this is the innermost loop of layout. Each
                # page coordinate is a sum of a term in the ink's x and one in its y, so
                # the box's edges come from the extremes of each term (no corners).
                kk = em * k
                c, sn = cos_r * kk, sin_r * kk
                x0, y0, x1, y1 = ink
                wc, ws = width * c, width * sn
                cy, sy = lean * c - sn, lean * sn + c  # sy > 0: turns are small
                t0, t1 = y0 * cy, y1 * cy
                u0, u1 = x0 * ws, x1 * ws
                if wc >= 0:
                    gx0, gx1 = s + x0 * wc, s + x1 * wc
                else:
                    gx0, gx1 = s + x1 * wc, s + x0 * wc
                if t0 < t1:
                    gx0 += t0
                    gx1 += t1
                else:
                    gx0 += t1
                    gx1 += t0
                if u0 < u1:
                    gy0, gy1 = dy + u0 + y0 * sy, dy + u1 + y1 * sy
                else:
                    gy0, gy1 = dy + u1 + y0 * sy, dy + u0 + y1 * sy
                gbox = (gx0, gy0, gx1, gy1)
                if bx0 is None:
                    bx0, by0, bx1, by1 = gbox
                else:
                    if gx0 < bx0:
                        bx0 = gx0
                    if gy0 < by0:
                        by0 = gy0
                    if gx1 > bx1:
                        bx1 = gx1
                    if gy1 > by1:
                        by1 = gy1
            else:
                gbox = None
            put((text, face, em, k, rot, s, dy, gbox, lean, width))
            s += (step + tracking) * em
        box = None if bx0 is None else (bx0, by0, bx1, by1)
        return placed, box, s

    def set(self, size: float) -> Setting | None:
        hand, area = self.hand, self.area
        line_h = size * self.line_spacing
        drift_amp = hand.drift * size
        lines = []  # (placed glyphs in line frame, slope, origin x, word boxes, colors, gap)
        wander = 0.0
        line_no = 0
        for block, words_by_line, jitter in zip(self.blocks, self.prepared.blocks, self.jitters,
                                                strict=True):
            extra = block.gap_before
            indent = self._indent(block, words_by_line, jitter, size, drift_amp)
            if indent is None:
                return None
            for hard in words_by_line:
                queue = list(hard)
                if not queue:
                    # A blank line between paragraphs: a hand leaves a little
                    # room, not a whole empty line.
                    extra += PARA_GAP
                    continue
                while queue:
                    lj = jitter.line(line_no)
                    line_no += 1
                    # The left margin drifts slowly (a random walk pulled
                    # back towards a small indent), it does not jump about.
                    wander = min(hand.margin_max_in * 72, max(
                        0.0, wander * 0.8 + (lj.wander + 0.008) * 72))
                    x0 = area.x + (indent if block.align == "signoff" else 0.0)
                    if block.align == "left":
                        x0 += wander
                    limit = area.x1 - x0 - 0.03 * size
                    got = self._fill(queue, jitter, lj, size, drift_amp, limit)
                    if got is None:
                        return None
                    placed, wboxes, colors = got
                    if block.align in ("right", "center"):
                        # Leave the same small allowance as `limit` for the turn
                        # the line's slope gives its ink.
                        right = max(b[2] for b in wboxes) + 0.03 * size
                        x0 = area.x1 - right if block.align == "right" else \
                            area.x + (area.w - right) / 2
                    lines.append((placed, lj.slope, x0, wboxes, colors, 1.0 + lj.gap + extra))
                    extra = 0.0
        return self._stack(lines, size, line_h)

    def _indent(self, block: TextBlock, words_by_line, jitter: Jitter, size: float,
                drift_amp: float) -> float | None:
        if block.align != "signoff":
            return 0.0
        widest = 0.0
        for hard in words_by_line:
            s = 0.0
            for units in hard:
                _, box, s = self._word(units, s, size, drift_amp, jitter.line(0))
                s += WORD_GAP * size
                if box:
                    widest = max(widest, box[2])
        return max(0.0, min(0.42 * self.area.w, self.area.w - widest - 0.15 * size))

    def _fill(self, queue: list[list[Unit]], jitter: Jitter, lj, size: float,
              drift_amp: float, limit: float):
        """Take words from the queue while they fit before limit (line frame x)."""
        placed_all: list[tuple] = []
        wboxes: list[Box] = []
        colors: list[tuple[tuple[float, float, float], float, int]] = []
        s = 0.0
        prev_box: Box | None = None
        sin_t = abs(math.sin(lj.slope))
        while queue:
            units = queue[0]
            k = len(wboxes)
            start = s + (WORD_GAP * size * (1 + lj.word_gaps[k % len(lj.word_gaps)])
                         if wboxes else 0.0)
            placed, box, end = self._word(units, start, size, drift_amp, lj)
            shift = 0.0
            if box and prev_box:
                # Keep a clear gap between ink, widened for the line's slope.
                need = MIN_INK_GAP * size + ((prev_box[3] - prev_box[1]) + (box[3] - box[1])
                                             ) * sin_t
                shift = max(0.0, prev_box[2] + need - box[0])
            elif box and not wboxes and box[0] < 0:
                shift = -box[0]  # a leading swash starts the line, not the margin
            if shift:
                # Slid along, not set again: the line's slow wave barely changes over
                # a fraction of an em, and boxes and positions move together.
                start += shift
                end += shift
                placed = [(p[0], p[1], p[2], p[3], p[4], p[5] + shift, p[6],
                           (p[7][0] + shift, p[7][1], p[7][2] + shift, p[7][3]) if p[7] else None,
                           p[8], p[9]) for p in placed]
                box = (box[0] + shift, box[1], box[2] + shift, box[3])
            if box is None or box[2] <= limit:
                queue.pop(0)
            elif wboxes:
                break  # the word goes to the next line
            else:
                # One word longer than the whole line: break it where it stops fitting.
                cut = 0
                while cut < len(placed) and (placed[cut][7] is None or placed[cut][7][2] <= limit):
                    cut += 1
                if cut == 0:
                    return None
                queue[0] = units[cut:]
                placed, box, end = self._word(units[:cut], start, size, drift_amp, lj)
            placed_all.extend(placed)
            colors.append((shade(self.ink, lj.shades[k % len(lj.shades)]),
                           lj.weights[k % len(lj.weights)] * size, len(placed)))
            wboxes.append(box or (start, 0.0, start, 0.0))
            prev_box = box or prev_box
            s = end
        return placed_all, wboxes, colors

    def _stack(self, lines, size: float, line_h: float) -> Setting | None:
        """Place lines top to bottom, each as close as its neighbours' ink allows."""
        area = self.area
        nbins = int(area.w / _BIN) + 2
        bottom = [math.inf] * nbins  # lowest ink so far, per column
        gap = LINE_INK_GAP * size
        pad = int(LINE_INK_GAP * size / _BIN) + 1
        glyphs: list[Glyph] = []
        words: list[Box] = []
        ax, per_bin = area.x, 1.0 / _BIN
        put, cos, sin = glyphs.append, math.cos, math.sin
        y = None
        new = tuple.__new__  # Glyph(...) without its Python-level __new__: 100k a batch
        left, right = ax - 1e-6, area.x1 + 1e-6
        for line_no, (placed, slope, x0, wboxes, colors, step) in enumerate(lines):
            cs, sn = cos(slope), sin(slope)
            # page_box_cs(ink box, x0, 0, cs, sn) written out, with the line's ink extent.
            rel: list[Box | None] = []
            add = rel.append
            lo = hi = None
            for g in placed:
                b = g[7]
                if b is None:
                    add(None)
                    continue
                bx0, by0, bx1, by1 = b
                ya, yb = by0 * sn, by1 * sn
                xa, xb = bx0 * sn, bx1 * sn
                if ya > yb:
                    rx0, rx1 = x0 + bx0 * cs - ya, x0 + bx1 * cs - yb
                else:
                    rx0, rx1 = x0 + bx0 * cs - yb, x0 + bx1 * cs - ya
                if xa < xb:
                    add((rx0, xa + by0 * cs, rx1, xb + by1 * cs))
                else:
                    add((rx0, xb + by0 * cs, rx1, xa + by1 * cs))
                if lo is None:
                    lo, hi = rx0, rx1
                else:
                    if rx0 < lo:
                        lo = rx0
                    if rx1 > hi:
                        hi = rx1
            # The slope turns the ink a hair past the line's ends: slide the
            # line back inside when there is room, otherwise this size fails.
            if lo is not None:
                dx = area.x - lo if lo < area.x else (area.x1 - hi if hi > area.x1 else 0.0)
                if dx:
                    if lo + dx < area.x - 1e-6 or hi + dx > area.x1 + 1e-6:
                        return None
                    x0 += dx
                    rel = [(b[0] + dx, b[1], b[2] + dx, b[3]) if b else None for b in rel]
            if y is None:
                top = max((b[3] for b in rel if b), default=size * 0.75)
                y = area.y1 - top
            else:
                y = y - line_h * step
                # (x - gap) - top is monotonic in x, so the lowest ink of the
                # columns a glyph spans decides, as it would column by column.
                for b in rel:
                    if b is None:
                        continue
                    lo = int((b[0] - ax) * per_bin) - pad
                    hi = int((b[2] - ax) * per_bin) + pad + 1
                    if lo < 0:
                        lo = 0
                    if hi > nbins:
                        hi = nbins
                    if lo < hi:
                        v = min(bottom[lo:hi]) - gap - b[3]
                        if v < y:
                            y = v
            floor_y = area.y - 1e-6 - y
            gi = 0
            first_word = len(words)
            for wi, (color, weight, count) in enumerate(colors):
                last = gi + count - 1 if wi < len(colors) - 1 else -1
                word = first_word + wi
                for text, face, em, k, rot, s, dy, _, shear, width in placed[gi:gi + count]:
                    phi = slope + rot
                    ox = x0 + s * cs - dy * sn
                    oy = y + s * sn + dy * cs
                    c, sn_ = cos(phi) * k, sin(phi) * k
                    b = rel[gi]
                    if b is None:
                        box = (ox, oy, ox, oy)
                    else:
                        bx0, by0, bx1, by1 = b
                        if by0 < floor_y or bx0 < left or bx1 > right:
                            return None
                        low = by0 + y
                        box = (bx0, low, bx1, by1 + y)
                        # Record the line's ink in the column profile for the lines below.
                        lo = int((bx0 - ax) * per_bin)
                        hi = int((bx1 - ax) * per_bin) + 1
                        if lo < 0:
                            lo = 0
                        if hi > nbins:
                            hi = nbins
                        for i in range(lo, hi):
                            if low < bottom[i]:
                                bottom[i] = low
                    put(new(Glyph, (text, face.name, em,
                                    (c * width, sn_ * width, c * shear - sn_, sn_ * shear + c,
                                     ox, oy),
                                    box, color, gi == last, word, weight, line_no)))
                    gi += 1
            for wb in wboxes:
                words.append(page_box_cs(wb, x0, y, cs, sn))
        if self.valign == "middle" and glyphs:
            low = min(g.box[1] for g in glyphs)
            shift = -(low - area.y) / 2
            glyphs = [moved(g, shift) for g in glyphs]
            words = [(w[0], w[1] + shift, w[2], w[3] + shift) for w in words]
        return Setting(glyphs, words, size)


class TextSetter:
    """Sets a list of blocks in an area, in one style and hand, from one seed."""

    def __init__(self, blocks: Sequence[TextBlock], style: Style, hand: Hand, seed: int | str,
                 area: Rect, ink: tuple[float, float, float], line_spacing: float = 1.75,
                 valign: str = "top", salt: str = "") -> None:
        self.blocks = [b for b in blocks if b.text.strip()]
        jitters = [Jitter(seed, hand, f"{salt}/{b.kind}") for b in self.blocks]
        self._setter = _Setter(Letters([b.text for b in self.blocks], style, jitters),
                               self.blocks, jitters,
                               hand, area, ink, line_spacing, valign)
        self._setter.tracking = style.tracking

    def set(self, size: float) -> Setting | None:
        """The blocks set at this nominal size, or None if they do not fit."""
        return self._setter.set(size)

    def fit(self, start: float, minimum: float, step: float = 0.5) -> Setting | None:
        """The largest size from start down to minimum (in steps) that fits, or None."""
        sizes = []
        s = start
        while s >= minimum - 1e-9:
            sizes.append(round(s, 3))
            s -= step
        if not sizes:
            return None
        got = self.set(sizes[0])
        if got is not None:
            return got
        # Fitting is nearly monotonic in size: bisect, then walk down from there
        # in case jitter made one size an exception.
        lo, hi = 1, len(sizes) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.set(sizes[mid]) is not None:
                hi = mid
            else:
                lo = mid + 1
        for s in sizes[lo:]:
            got = self.set(s)
            if got is not None:
                return got
        return None
