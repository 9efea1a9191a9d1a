"""Which font draws each letter: the hand, one of its alternates, or a fallback.

Chosen once per text (not per size tried), from the letter jitter stream, so
the same seed always picks the same alternates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from refdesk.cards.fonts import Face, Style
from refdesk.cards.handwriting import Jitter, LetterJitter
from refdesk.cards.message import clusters

# One letter as layout needs it, everything that does not depend on the size
# worked out once per card: (cluster text, face, em per nominal point, size
# factor k, cos and sin of the turn, lean (shear), width factor, baseline shift
# in em, ink box in em or None, advance in em before tracking, turn in radians).
# A plain tuple: layout unpacks it for every letter of every size tried.
Unit = tuple[str, Face, float, float, float, float, float, float, float,
             tuple[float, float, float, float] | None, float, float]
# Upright fallback letters in a slanted hand get this synthetic lean (tan 12 deg).
FALLBACK_SHEAR = 0.21
# A word's clusters, each with what layout needs of every face that may draw it
# (face, synthetic lean, em per nominal point, ink box, advance, and the key of
# the letter's shapes on a card), and whether those are the hand's own faces
# (chosen per letter by the jitter) or the one fallback. The same for every
# card, so worked out once per style.
_Choice = tuple[Face, float, float, tuple[float, float, float, float] | None, float,
                tuple[str, str]]
_Plan = tuple[tuple[str, tuple[_Choice, ...], bool], ...]


class Letters:
    """The font of every letter of some blocks, fixed before any size is tried."""

    def __init__(self, texts: Sequence[str], style: Style, jitters: Sequence[Jitter]) -> None:
        self.blocks: list[list[list[list[Unit]]]] = []  # block -> hard line -> word -> units
        # Shapes (slant, width) each letter of each face has had on this card.
        used: dict[tuple[str, str], list[tuple[float, float]]] = {}
        known: dict[str, _Plan] = style.__dict__.setdefault("_word_plans", {})
        for text, jitter in zip(texts, jitters, strict=True):
            plans = []  # hard line -> word -> plan
            for hard in text.split("\n"):
                words = []
                for word in hard.split(" "):
                    if word:
                        plan = known.get(word)
                        if plan is None:
                            plan = known[word] = _plan(word, style)
                        words.append(plan)
                plans.append(words)
            # Every letter's jitter drawn in one go, exactly as many as there are letters.
            js = jitter.letters(sum(len(plan) for words in plans for plan in words))
            index = 0
            last_face: dict[str, int] = {}  # cluster -> index of the face it last had
            lines = []
            for words in plans:
                units = []
                for plan in words:
                    word, index = _units(plan, jitter, js, index, last_face, used)
                    units.append(word)
                lines.append(units)
            self.blocks.append(lines)


def _plan(word: str, style: Style) -> _Plan:
    """Which faces may draw each cluster of a word (no jitter involved, so kept per style)."""
    parts = clusters(word)
    own_faces = style.faces_for
    missing = [p for p in parts if not own_faces(p)]
    # One fallback for all the missing letters of a word where possible,
    # so a Greek or Cyrillic word is not a patchwork of two fonts.
    word_fallback = next((f for f in style.fallbacks if all(f.covers(p) for p in missing)),
                         None) if missing else None
    slanted = style.slanted

    def choice(face: Face) -> _Choice:
        shear = FALLBACK_SHEAR if slanted and face not in style.faces and not face.slanted \
            else 0.0
        return (face, shear, face.scale, face.ink(p), face.advance(p), (face.name, p))

    plan = []
    for p in parts:
        own = own_faces(p)
        if own:
            plan.append((p, tuple(choice(f) for f in own), True))
        else:
            face = word_fallback if word_fallback is not None else next(
                (f for f in style.fallbacks if f.covers(p)), style.fallbacks[-1])
            plan.append((p, (choice(face),), False))
    return tuple(plan)


# Below these a reader cannot tell two letters of one outline apart (realism.py
# counts with the same limits, in degrees of slant and parts of width).
SLANT_APART = 0.0095  # shear, a little over half a degree
WIDTH_APART = 0.0095


def _units(plan: _Plan, jitter: Jitter, js: list[LetterJitter], index: int,
           last_face: dict[str, int],
           used: dict[tuple[str, str], list[tuple[float, float]]]) -> tuple[list[Unit], int]:
    units = []
    put = units.append
    cos, sin = math.cos, math.sin
    for p, choices, own in plan:
        dy, dsize, rot, dx, pick, slant, width = js[index]
        if own:
            n = len(choices)
            # (A cluster's own faces are always the same tuple, so the face it had
            # last is known by its index.)
            prev = last_face.get(p) if n > 1 else None
            # A repeated letter takes the next alternate, as a hand would vary.
            i = (prev + 1) % n if prev is not None and pick < 0.8 else int(pick * n) % n
            last_face[p] = i
            face, shear, scale, ink, advance, key = choices[i]
            shapes = used.get(key)
            if shapes is None:
                shapes = used[key] = []
            # Redraw this letter's slant and width until no earlier occurrence has the same.
            for _ in range(100):
                for s, w in shapes:  # a plain loop: any() over a generator costs twice as much
                    if -SLANT_APART < slant - s < SLANT_APART and \
                            -WIDTH_APART < width - w < WIDTH_APART:
                        break
                else:
                    break
                _, _, _, _, _, slant, width = jitter.reshape(index)
            shapes.append((slant, width))
        else:
            face, shear, scale, ink, advance, _ = choices[0]
        k = 1.0 + dsize
        # The advance is summed in the order layout always used: (a * k * w + dx) + tracking.
        put((p, face, scale, k, cos(rot), sin(rot), shear + slant, width, dy, ink,
             advance * k * width + dx, rot))
        index += 1
    return units, index
