"""The small irregularities that make set type look written, and the ink colours.

Everything is drawn from ``random.Random`` streams seeded from the card's seed,
so the same seed gives the same card on every machine and Python version
(string seeds are hashed with SHA-512 by ``random``, not by ``hash()``).
Per-letter values come from one stream indexed by letter, per-line values
from another indexed by line, so wrapping a word onto the next line never
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


def _g(rng: random.Random, sigma: float, clamp: float = 2.5) -> float:
    """A Gaussian draw cut at +-clamp sigma, so no single letter goes wild."""
    return max(-clamp, min(clamp, rng.gauss(0.0, 1.0))) * sigma


def _normal_table(lo: float, hi: float) -> tuple[float, ...]:
    """4096 equally likely standard-normal values (quantiles), cut to [lo, hi]."""
    dist = NormalDist()
    return tuple(max(lo, min(hi, dist.inv_cdf((k + 0.5) / 4096))) for k in range(4096))


_NORMAL_25 = _normal_table(-2.5, 2.5)
_NORMAL_DX = _normal_table(-1.5, 1.8)


_NORMAL_20 = _normal_table(-2.0, 2.0)


def _word_values(bits: int, h: Hand) -> dict[str, tuple[float, ...]]:
    """Sixteen words' gap changes, ink lightenings and extra stroke widths."""
    n20 = _NORMAL_20
    vals = [bits >> (12 * k) & 4095 for k in range(48)]
    return {"word_gaps": tuple(n20[v] * h.word_space for v in vals[:16]),
            "shades": tuple(abs(n20[v] * h.shade) for v in vals[16:32]),
            "weights": tuple((v + 0.5) / 4096 * h.weight for v in vals[32:])}


class LetterJitter(NamedTuple):
    """One letter's wobble (a NamedTuple: thousands are made per card)."""

    dy: float      # baseline shift, em
    dsize: float   # relative size change
    rot: float     # radians
    dx: float      # extra advance after the letter, em
    pick: float    # uniform draw used to choose an alternate font
    slant: float = 0.0  # extra shear of this letter
    width: float = 1.0  # x scale against y


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
        self._letters = random.Random(f"refdesk/letters/{seed}/{salt}")
        self._letter_cache: list[LetterJitter] = []
        self._seed = f"refdesk/lines/{seed}/{salt}"
        self._line_cache: dict[int, LineJitter] = {}
        self._reshape: random.Random | None = None

    def letter(self, i: int) -> LetterJitter:
        """Jitter of the i-th letter of the block."""
        cache = self._letter_cache
        if i >= len(cache):
            self._more_letters(i + 16)  # a few ahead: the stream is read in order either way
        return cache[i]

    def letters(self, n: int) -> list[LetterJitter]:
        """The block's letter jitter list, holding at least the first n (reshape() updates
        it in place): for a caller that reads every letter in turn."""
        if n > len(self._letter_cache):
            self._more_letters(n)
        return self._letter_cache

    def _more_letters(self, n: int) -> None:
        # One 84-bit draw gives a letter's seven values (12 bits each) through
        # tables of the clamped Gaussian: seven gauss() calls per letter were the
        # largest single cost of laying out a batch.
        h, cache = self.hand, self._letter_cache
        bits_of = self._letters.getrandbits
        n25, ndx = _NORMAL_25, _NORMAL_DX
        rot = math.radians(h.rotation_deg)
        baseline, size, spacing, slant, width = h.baseline, h.size, h.spacing, h.slant, h.width
        new, put = tuple.__new__, cache.append
        for _ in range(n - len(cache)):
            b = bits_of(84)
            # tuple.__new__ as LetterJitter._make does, without its Python-level __new__.
            put(new(LetterJitter, (
                n25[b & 4095] * baseline,
                n25[b >> 12 & 4095] * size,
                n25[b >> 24 & 4095] * rot,
                # Squeezing letters together hurts reading more than spreading them.
                ndx[b >> 36 & 4095] * spacing,
                ((b >> 48 & 4095) + 0.5) / 4096,
                n25[b >> 60 & 4095] * slant,
                1.0 + n25[b >> 72 & 4095] * width)))

    def reshape(self, i: int) -> LetterJitter:
        """Draw the i-th letter's slant and width again (from their own stream), for a
        letter that would otherwise repeat an earlier one's shape."""
        h = self.hand
        rng = self._reshape
        if rng is None:  # made on first use: most blocks never need it
            rng = self._reshape = random.Random(f"{self._seed}/reshape")
        j = self.letter(i)._replace(slant=_g(rng, h.slant), width=1.0 + _g(rng, h.width))
        self._letter_cache[i] = j
        return j

    def line(self, i: int) -> LineJitter:
        """Jitter of the i-th written line of the block."""
        got = self._line_cache.get(i)
        if got is None:
            h = self.hand
            rng = random.Random(f"{self._seed}/{i}")
            slope = math.radians(h.slope_mean_deg + _g(rng, h.slope_deg, 2.0))
            got = LineJitter(
                slope=slope,
                wander=_g(rng, h.margin_wander_in, 2.0),
                phase=rng.uniform(0, 2 * math.pi),
                wavelength=rng.uniform(9.0, 16.0),
                gap=_g(rng, h.line_gap, 2.0),
                bow=_g(rng, h.bow, 2.0),
                # The 16 words' gaps, shades and pen weights from one draw of
                # 12-bit slices, as the letters' values are.
                **_word_values(rng.getrandbits(16 * 3 * 12), h),
            )
            self._line_cache[i] = got
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


def shade(rgb: tuple[float, float, float], amount: float) -> tuple[float, float, float]:
    """The ink a little lighter, as where the pen pressed less."""
    return tuple(c + (1 - c) * amount for c in rgb)  # type: ignore[return-value]
