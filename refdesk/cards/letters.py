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
# A word's clusters, each with the faces that may draw it and their synthetic
# leans, and whether they are the hand's own (chosen per letter by the jitter)
# or the one fallback; the same for every card, so worked out once per style.
_Plan = tuple[tuple[str, tuple[Face, ...], tuple[float, ...], bool], ...]


class Letters:
    """The font of every letter of some blocks, fixed before any size is tried."""

    def __init__(self, texts: Sequence[str], style: Style, jitters: Sequence[Jitter]) -> None:
        self.blocks: list[list[list[list[Unit]]]] = []  # block -> hard line -> word -> units
        # Shapes (slant, width) each letter of each face has had on this card.
        used: dict[tuple[str, str], list[tuple[float, float]]] = {}
        plans: dict[str, _Plan] = style.__dict__.setdefault("_word_plans", {})
        for text, jitter in zip(texts, jitters, strict=True):
            index = 0
            last_face: dict[str, Face] = {}
            lines = []
            for hard in text.split("\n"):
                words = []
                for word in hard.split(" "):
                    if not word:
                        continue
                    plan = plans.get(word)
                    if plan is None:
                        plan = plans[word] = _plan(word, style)
                    units, index = _units(plan, jitter, index, last_face, used)
                    words.append(units)
                lines.append(words)
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

    def shear(face: Face) -> float:
        return FALLBACK_SHEAR if slanted and face not in style.faces and not face.slanted else 0.0

    plan = []
    for p in parts:
        own = own_faces(p)
        if own:
            plan.append((p, own, tuple(shear(f) for f in own), True))
        else:
            face = word_fallback if word_fallback is not None else next(
                (f for f in style.fallbacks if f.covers(p)), style.fallbacks[-1])
            plan.append((p, (face,), (shear(face),), False))
    return tuple(plan)


# Below these a reader cannot tell two letters of one outline apart (realism.py
# counts with the same limits, in degrees of slant and parts of width).
SLANT_APART = 0.0095  # shear, a little over half a degree
WIDTH_APART = 0.0095


def _units(plan: _Plan, jitter: Jitter, index: int, last_face: dict[str, Face],
           used: dict[tuple[str, str], list[tuple[float, float]]]) -> tuple[list[Unit], int]:
    units = []
    letter = jitter.letter
    cos, sin = math.cos, math.sin
    for p, faces, shears, own in plan:
        j: LetterJitter = letter(index)
        if own:
            n = len(faces)
            prev = last_face.get(p)
            pick = j.pick
            if n > 1 and prev in faces and pick < 0.8:
                # A repeated letter takes the next alternate, as a hand would vary.
                i = (faces.index(prev) + 1) % n
            else:
                i = int(pick * n) % n
            face = last_face[p] = faces[i]
            shear = shears[i]
            shapes = used.setdefault((face.name, p), [])
            # Redraw this letter's slant and width until no earlier occurrence has the same.
            for _ in range(100):
                slant, width = j.slant, j.width
                for s, w in shapes:  # a plain loop: any() over a generator costs twice as much
                    if -SLANT_APART < slant - s < SLANT_APART and \
                            -WIDTH_APART < width - w < WIDTH_APART:
                        break
                else:
                    break
                j = jitter.reshape(index)
            shapes.append((j.slant, j.width))
        else:
            face, shear = faces[0], shears[0]
        k = 1.0 + j.dsize
        width = j.width
        # The advance is summed in the order layout always used: (a * k * w + dx) + tracking.
        units.append((p, face, face.scale, k, cos(j.rot), sin(j.rot), shear + j.slant, width,
                      j.dy, face.ink(p), face.advance(p) * k * width + j.dx, j.rot))
        index += 1
    return units, index
