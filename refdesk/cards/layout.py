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

    # -- one word in the line's own frame (baseline along x, origin at line start)
    def _word(self, units: list[Unit], s: float, size: float, drift_amp: float,
              line) -> tuple[list[tuple], Box | None, float]:
        """Each letter as (unit, em, x, y, x0, y0, x1, y1) in the line's frame (its ink box
        flat in the same tuple, all four None without ink: one tuple a letter, not two), the
        word's ink box and where the next letter would start."""
        placed = []
        bx0 = by0 = bx1 = by1 = None
        inv_w = 1.0 / self.area.w
        # A slow wave plus a bow over the whole line: lines bend, not only slope.
        wave, phase, bow4 = 2 * math.pi / (line.wavelength * size), line.phase, \
            4 * line.bow * size
        sin = math.sin
        put = placed.append
        for u in units:
            em = size * u[2]
            across = s * inv_w
            dy = u[12] * em + drift_amp * sin(wave * s + phase) + bow4 * across * (1 - across)
            ix0 = u[7]
            if ix0 is not None:
                # The letter's ink box (worked out once per card at one em) at this size.
                gx0, gy0 = s + ix0 * em, dy + u[8] * em
                gx1, gy1 = s + u[9] * em, dy + u[10] * em
                if bx0 is None:
                    bx0, by0, bx1, by1 = gx0, gy0, gx1, gy1
                else:
                    if gx0 < bx0:
                        bx0 = gx0
                    if gy0 < by0:
                        by0 = gy0
                    if gx1 > bx1:
                        bx1 = gx1
                    if gy1 > by1:
                        by1 = gy1
                put((u, em, s, dy, gx0, gy0, gx1, gy1))
            else:
                put((u, em, s, dy, None, None, None, None))
            s += u[11] * em
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
            indent = self._indent(block, words_by_line, size)
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

    def _indent(self, block: TextBlock, words_by_line, size: float) -> float | None:
        if block.align != "signoff":
            return 0.0
        widest = 0.0
        for hard in words_by_line:
            s = 0.0
            for units in hard:
                # Only the ink's right edge counts, which the line's wave (up and down)
                # does not move: _word's advances and right edges, without the rest.
                for u in units:
                    em = size * u[2]
                    if u[7] is not None:
                        right = s + u[9] * em
                        if right > widest:
                            widest = right
                    s += u[11] * em
                s += WORD_GAP * size
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
                placed = [(u, em, x + shift, y, x0 + shift, y0, x1 + shift, y1)
                          if x0 is not None else (u, em, x + shift, y, None, None, None, None)
                          for u, em, x, y, x0, y0, x1, y1 in placed]
                box = (box[0] + shift, box[1], box[2] + shift, box[3])
            if box is None or box[2] <= limit:
                queue.pop(0)
            elif wboxes:
                break  # the word goes to the next line
            else:
                # One word longer than the whole line: break it where it stops fitting.
                cut = 0
                while cut < len(placed) and (placed[cut][4] is None or placed[cut][6] <= limit):
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
        gap = LINE_INK_GAP * size
        glyphs: list[Glyph] = []
        profile = _Profile(area, size, glyphs)
        lowest = math.inf  # at most the lowest ink of the lines placed so far
        words: list[Box] = []
        put, cos, sin = glyphs.append, math.cos, math.sin
        y = None
        new = tuple.__new__  # Glyph(...) without its Python-level __new__: 100k a batch
        for line_no, (placed, slope, x0, wboxes, colors, step) in enumerate(lines):
            cs, sn = cos(slope), sin(slope)
            up = sn >= 0.0
            # The words' boxes turned with the line (page_box_cs written out) hold its
            # letters' turned boxes: when they show the line inside the area and clear of
            # the ink above at its nominal step (most lines), the letters need no more
            # than their own boxes, worked out once below.
            wrel = []
            lo = hi = low = top = None
            for bx0, by0, bx1, by1 in wboxes:
                if up:
                    b = (x0 + bx0 * cs - by1 * sn, bx0 * sn + by0 * cs,
                         x0 + bx1 * cs - by0 * sn, bx1 * sn + by1 * cs)
                else:
                    b = (x0 + bx0 * cs - by0 * sn, bx1 * sn + by0 * cs,
                         x0 + bx1 * cs - by1 * sn, bx0 * sn + by1 * cs)
                wrel.append(b)
                if lo is None:
                    lo, low, hi, top = b
                else:
                    if b[0] < lo:
                        lo = b[0]
                    if b[1] < low:
                        low = b[1]
                    if b[2] > hi:
                        hi = b[2]
                    if b[3] > top:
                        top = b[3]
            if y is not None and lo is not None and lo >= area.x and hi <= area.x1 \
                    and y - line_h * step + top + gap <= lowest \
                    and y - line_h * step + low >= area.y:
                y = y - line_h * step
            else:
                got = self._settle(placed, x0, y, cs, sn, line_h * step, size, lowest, profile)
                if got is None:
                    return None
                if got[0] != x0:  # slid back inside the area
                    dx = got[0] - x0
                    wrel = [(b[0] + dx, b[1], b[2] + dx, b[3]) for b in wrel]
                x0, y, low = got
            if low is not None and y + low < lowest:
                lowest = y + low
            first_glyph = gi = len(glyphs)
            first_word = len(words)
            for wi, (color, weight, count) in enumerate(colors):
                last = gi + count - 1 if wi < len(colors) - 1 else -1
                word = first_word + wi
                for u, em, s, dy, bx0, by0, bx1, by1 in placed[gi - first_glyph:
                                                                gi - first_glyph + count]:
                    ox = x0 + s * cs - dy * sn
                    oy = y + s * sn + dy * cs
                    if bx0 is None:
                        box = (ox, oy, ox, oy)
                    else:
                        # The letter's box turned with the line, as its word's above.
                        if up:
                            box = (x0 + bx0 * cs - by1 * sn, bx0 * sn + by0 * cs + y,
                                   x0 + bx1 * cs - by0 * sn, bx1 * sn + by1 * cs + y)
                        else:
                            box = (x0 + bx0 * cs - by0 * sn, bx1 * sn + by0 * cs + y,
                                   x0 + bx1 * cs - by1 * sn, bx0 * sn + by1 * cs + y)
                    text, font, _, a, b_, c, d, _, _, _, _, _, _ = u
                    # The letter's own matrix turned by the line's slope.
                    put(new(Glyph, (text, font, em,
                                    (cs * a - sn * b_, sn * a + cs * b_, cs * c - sn * d,
                                     sn * c + cs * d, ox, oy),
                                    box, color, gi == last, word, weight, line_no)))
                    gi += 1
            for b in wrel:
                words.append((b[0], b[1] + y, b[2], b[3] + y))
        if self.valign == "middle" and glyphs:
            low = min(g.box[1] for g in glyphs)
            shift = -(low - area.y) / 2
            glyphs = [moved(g, shift) for g in glyphs]
            words = [(w[0], w[1] + shift, w[2], w[3] + shift) for w in words]
        return Setting(glyphs, words, size)


    def _settle(self, placed, x0: float, y: float | None, cs: float, sn: float, step: float,
                size: float, lowest: float,
                profile: _Profile) -> tuple[float, float, float | None] | None:
        """(line start x, baseline y, its lowest ink below the baseline) for a line whose
        ink may stand past the area's sides or come near the ink above; None if it does
        not fit."""
        area = self.area
        # page_box_cs(ink box, x0, 0, cs, sn) of each letter, with the line's ink extent.
        rel: list[Box] = []
        add = rel.append
        lo = hi = top = low = None
        for _, _, _, _, bx0, by0, bx1, by1 in placed:
            if bx0 is None:
                continue
            rx0, ry0, rx1, ry1 = b = page_box_cs((bx0, by0, bx1, by1), x0, 0.0, cs, sn)
            add(b)
            if lo is None:
                lo, hi, low, top = rx0, rx1, ry0, ry1
            else:
                if rx0 < lo:
                    lo = rx0
                if rx1 > hi:
                    hi = rx1
                if ry0 < low:
                    low = ry0
                if ry1 > top:
                    top = ry1
        # The slope turns the ink a hair past the line's ends: slide the
        # line back inside when there is room, otherwise this size fails.
        if lo is not None:
            dx = area.x - lo if lo < area.x else (area.x1 - hi if hi > area.x1 else 0.0)
            if dx:
                if lo + dx < area.x - 1e-6 or hi + dx > area.x1 + 1e-6:
                    return None
                x0 += dx
                rel = [(b[0] + dx, b[1], b[2] + dx, b[3]) for b in rel]
        if y is None:
            y = area.y1 - (0.75 * size if top is None else top)
        else:
            y = y - step
            # Only ink reaching within the gap of the lowest ink so far can touch
            # a line above; the columns are looked at only then.
            if top is not None and y + top + profile.gap > lowest:
                y = profile.lowest_y(rel, y)
        if low is not None and low + y < area.y - 1e-6:
            return None
        return x0, y, low


class _Profile:
    """The lowest ink so far in each column (of _BIN points) across the area, for setting
    a line as close under the lines above as their ink allows. The glyphs placed so far
    go into the columns only when lowest_y() first needs them."""

    def __init__(self, area: Rect, size: float, glyphs: list[Glyph]) -> None:
        self.x, self.per_bin = area.x, 1.0 / _BIN
        self.nbins = int(area.w / _BIN) + 2
        self.bottom = [math.inf] * self.nbins
        self.gap = LINE_INK_GAP * size
        self.pad = int(LINE_INK_GAP * size / _BIN) + 1
        self._glyphs = glyphs
        self._done = 0  # glyphs before this one are in the columns

    def lowest_y(self, rel: list[Box], y: float) -> float:
        """The baseline y (at most y) that keeps a line's ink boxes (relative to its
        baseline) the gap clear of the ink above them."""
        ax, per_bin, nbins, bottom = self.x, self.per_bin, self.nbins, self.bottom
        glyphs = self._glyphs
        for g in glyphs[self._done:]:
            b = g[4]
            if b[0] == b[2] and b[1] == b[3]:
                continue  # a letter without ink (its box is its origin)
            low = b[1]
            lo = int((b[0] - ax) * per_bin)
            hi = int((b[2] - ax) * per_bin) + 1
            if lo < 0:
                lo = 0
            if hi > nbins:
                hi = nbins
            for i in range(lo, hi):
                if low < bottom[i]:
                    bottom[i] = low
        self._done = len(glyphs)
        gap, pad = self.gap, self.pad
        # (x - gap) - top is monotonic in x, so the lowest ink of the
        # columns a glyph spans decides, as it would column by column.
        for b in rel:
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
        return y


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
