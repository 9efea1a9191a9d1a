"""The small irregularities that make set type look written, and the ink colours.

Everything is drawn from streams of bytes hashed from the card's seed (SHAKE-256),
so the same seed gives the same card on every machine and Python version.
Per-letter values come from one stream indexed by letter, per-line values
from one stream per line, so wrapping a word onto the next line never
changes how that word's letters wobble.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import NamedTuple

from refdesk.errors import RefdeskError


@dataclass(frozen=True)
class Hand:
    """How much a hand wanders. Sizes are fractions of the em unless noted.

    The per-letter defaults follow the published recipe (Gaussian, baseline
    and spacing about size/32, size about size/64, a few degrees of turn),
    then were tuned by looking at printed-size renders.
    """

    baseline: float = 1 / 36
    size: float = 1 / 64
    rotation_deg: float = 1.6
    spacing: float = 1 / 40
    word_space: float = 0.15       # relative change of each word gap
    slope_mean_deg: float = 0.25   # most people's lines climb a little
    slope_deg: float = 0.35
    drift: float = 0.035           # amplitude of the slow wave along a line
    line_gap: float = 0.035        # relative change of each line step
    margin_wander_in: float = 0.04   # left margin random walk step, inches
    margin_max_in: float = 0.12
    shade: float = 0.06            # ink lightening per word (pen pressure)
    slant: float = 0.035           # per-letter change of lean (shear), so no two match
    width: float = 0.025           # per-letter change of width against height
    bow: float = 0.05              # a line's sag or rise in its middle (the wrist's arc), em
    weight: float = 0.012          # most extra stroke width per word, em (pen pressure)

    def scaled(self, k: float) -> Hand:
        """The same hand with its letter-level wobble multiplied by k."""
        return replace(self, baseline=self.baseline * k, size=self.size * k,
                       rotation_deg=self.rotation_deg * k, spacing=self.spacing * k,
                       slant=self.slant * k, width=self.width * k)


# Every per-letter, per-line and per-word value is one byte of a hash's output
# looked up in a table of 256 equally likely values (quantiles of the clamped
# Gaussian, or of the uniform): a letter's eight values cost eight look-ups and
# no new float. 256 levels are far finer than the eye or the repeat test needs
# (the middle levels of a 2.5-sigma Gaussian are 1% of a sigma apart).
def _quantiles(lo: float, hi: float) -> tuple[float, ...]:
    """256 equally likely standard-normal values, cut to [lo, hi]."""
    dist = NormalDist()
    return tuple(max(lo, min(hi, dist.inv_cdf((k + 0.5) / 256))) for k in range(256))


_N25 = _quantiles(-2.5, 2.5)
_NDX = _quantiles(-1.5, 1.8)  # squeezing letters together hurts reading more than spreading
_N20 = _quantiles(-2.0, 2.0)
_UNIFORM = tuple((k + 0.5) / 256 for k in range(256))
LETTER_BYTES = 8  # one letter's values, in this order: see Jitter.letters
_LINE_BYTES = 6 + 3 * 16  # a line's six values, then sixteen words' three


# A letter's lean (shear) and width are set on a lattice of steps just past what the
# eye (and realism.py: 0.5 degrees, 0.8%) tells apart, so two occurrences of a letter
# differ in shape exactly when their values differ: letters.py keeps each letter's
# shapes in a set instead of comparing it with every earlier one.
SLANT_STEP = 0.0105  # over 0.5 degrees of lean, even on a fallback letter's 12 degrees
WIDTH_STEP = 0.0095


def _scaled(table: tuple[float, ...], k: float, add: float = 0.0) -> tuple[float, ...]:
    return tuple(add + v * k for v in table)


def _lattice(table: tuple[float, ...], k: float, step: float,
             add: float = 0.0) -> tuple[float, ...]:
    return tuple(add + round(v * k / step) * step for v in table)


_tables_cache: dict[Hand, tuple[tuple[float, ...], ...]] = {}


def _letter_tables(h: Hand) -> tuple[tuple[float, ...], ...]:
    """Per hand, the tables of a letter's values (made once: a hand is one of a few)."""
    got = _tables_cache.get(h)
    if got is None:
        rots = _scaled(_N25, math.radians(h.rotation_deg))
        got = _tables_cache[h] = (
            _scaled(_N25, h.baseline), _scaled(_N25, h.size, 1.0),
            tuple(math.cos(r) for r in rots), tuple(math.sin(r) for r in rots),
            _scaled(_NDX, h.spacing), tuple(range(256)),
            _lattice(_N25, h.slant, SLANT_STEP), _lattice(_N25, h.width, WIDTH_STEP, 1.0),
            # the word values of a line: gap changes, ink lightenings, extra widths
            _scaled(_N20, h.word_space), tuple(abs(v * h.shade) for v in _N20),
            _scaled(_UNIFORM, h.weight))
    return got


def _stream(key: str, n: int) -> bytes:
    """n bytes that depend only on key (SHAKE-256, the same on every machine); a longer
    stream of one key starts with the shorter one."""
    from hashlib import shake_256  # here: hashlib loads OpenSSL (~3 ms), not wanted at start-up

    return shake_256(key.encode()).digest(n)


# One letter's wobble: (baseline shift in em, size factor, cosine and sine of its turn,
# extra advance after it in em, a uniform byte (0-255) choosing an alternate font, extra
# lean (shear), width against height). A plain tuple: a batch makes a hundred thousand.
LetterJitter = tuple[float, float, float, float, float, int, float, float]


class LineJitter(NamedTuple):
    """One written line's slope, margin step, drift wave and word gaps."""

    slope: float       # radians
    wander: float      # left margin step, inches (random walk input)
    phase: float       # drift wave phase
    wavelength: float  # drift wave length, em
    gap: float         # relative change of the step from the previous line
    word_gaps: tuple[float, ...]
    shades: tuple[float, ...]
    bow: float = 0.0                   # sag (negative) or rise of the line's middle, em
    weights: tuple[float, ...] = (0.0,)  # extra stroke width per word, em


class Jitter:
    """Deterministic jitter streams for one text block of one card."""

    def __init__(self, seed: int | str, hand: Hand, salt: str = "") -> None:
        self.hand = hand
        self._key = f"refdesk/{seed}/{salt}"
        self._tables = _letter_tables(hand)
        self._letter_cache: list[LetterJitter] = []
        self._line_cache: dict[int, LineJitter] = {}
        self._reshape: random.Random | None = None

    def letter(self, i: int) -> LetterJitter:
        """Jitter of the i-th letter of the block."""
        return self.letters(i + 1)[i]

    def letters(self, n: int) -> list[LetterJitter]:
        """The block's letter jitter list, holding at least the first n (reshape() updates
        it in place): for a caller that reads every letter in turn."""
        cache = self._letter_cache
        if n > len(cache):
            # The stream for more letters starts with the one for fewer, so the i-th
            # letter is the same however many are asked for.
            have = len(cache) * LETTER_BYTES
            raw = _stream(f"{self._key}/letters", n * LETTER_BYTES)[have:]
            t_dy, t_k, t_cos, t_sin, t_dx, _, t_slant, t_width = self._tables[:LETTER_BYTES]
            cache += [(t_dy[a], t_k[b], t_cos[c], t_sin[c], t_dx[d], e, t_slant[f], t_width[g])
                      for a, b, c, d, e, f, g, _ in zip(
                          *(raw[j::LETTER_BYTES] for j in range(LETTER_BYTES)), strict=True)]
        return cache

    def reshape(self, i: int) -> LetterJitter:
        """Draw the i-th letter's slant and width again (from their own stream), for a
        letter that would otherwise repeat an earlier one's shape."""
        rng = self._reshape
        if rng is None:  # made on first use: most blocks never need it
            rng = self._reshape = random.Random(f"{self._key}/reshape")
        tables = self._tables
        b = rng.getrandbits(16)
        j = self.letter(i)
        j = self._letter_cache[i] = (*j[:6], tables[6][b & 255], tables[7][b >> 8])
        return j

    def line(self, i: int) -> LineJitter:
        """Jitter of the i-th written line of the block."""
        got = self._line_cache.get(i)
        if got is None:
            h = self.hand
            raw = _stream(f"{self._key}/line/{i}", _LINE_BYTES)
            t_gap, t_shade, t_weight = self._tables[8:]
            # (Positional, in LineJitter's order: every written line of a batch makes one;
            # a list comprehension's look-ups are quicker than map over __getitem__.)
            got = self._line_cache[i] = LineJitter(
                math.radians(h.slope_mean_deg + _N20[raw[0]] * h.slope_deg),  # slope
                _N20[raw[1]] * h.margin_wander_in,  # wander
                _UNIFORM[raw[2]] * 2 * math.pi,  # phase
                9.0 + 7.0 * _UNIFORM[raw[3]],  # wavelength
                _N20[raw[4]] * h.line_gap,  # gap
                tuple([t_gap[v] for v in raw[6:22]]),  # word_gaps
                tuple([t_shade[v] for v in raw[22:38]]),  # shades
                _N20[raw[5]] * h.bow,  # bow
                tuple([t_weight[v] for v in raw[38:54]]))  # weights
        return got


# Ink colours as RGB 0..1. Real inks are never pure black or pure blue.
INKS: dict[str, tuple[float, float, float]] = {
    "blue-black": (0.11, 0.15, 0.30),
    "black": (0.09, 0.09, 0.10),
    "blue": (0.10, 0.22, 0.62),
}
DEFAULT_INK = "blue-black"
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_ink(ink: str | None) -> tuple[float, float, float]:
    """RGB for an ink name or a #RRGGBB / #RGB hex colour; RefdeskError otherwise."""
    if ink is None:
        return INKS[DEFAULT_INK]
    key = ink.strip().lower()
    if key in INKS:
        return INKS[key]
    m = _HEX.fullmatch(key)
    if not m:
        raise RefdeskError(f"unknown ink {ink!r}: use {', '.join(INKS)} or a hex colour "
                           "like #1c2a4d")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    if min(r, g, b) > 0.8:
        raise RefdeskError(f"ink {ink!r} is too pale to read on white card")
    return (r, g, b)


_shaded: dict[tuple[tuple[float, float, float], float], tuple[float, float, float]] = {}


def shade(rgb: tuple[float, float, float], amount: float) -> tuple[float, float, float]:
    """The ink a little lighter, as where the pen pressed less. (Kept per ink and amount:
    the amounts are a table's 256 values, and the drawing writes each colour's operators
    once.)"""
    key = (rgb, amount)
    got = _shaded.get(key)
    if got is None:
        r, g, b = rgb
        got = _shaded[key] = (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)
    return got
