"""Which font draws each letter: the hand, one of its alternates, or a fallback.

Chosen once per text (not per size tried), from the letter jitter stream, so
the same seed always picks the same alternates.
"""

from __future__ import annotations

from collections.abc import Sequence

from refdesk.cards.fonts import Face, Style
from refdesk.cards.handwriting import Jitter
from refdesk.cards.message import clusters

Unit = tuple[str, Face, int, float]  # cluster text, face, letter index, shear
# Upright fallback letters in a slanted hand get this synthetic lean (tan 12 deg).
FALLBACK_SHEAR = 0.21


class Letters:
    """The font of every letter of some blocks, fixed before any size is tried."""

    def __init__(self, texts: Sequence[str], style: Style, jitters: Sequence[Jitter]) -> None:
        self.blocks: list[list[list[list[Unit]]]] = []  # block -> hard line -> word -> units
        # Shapes (slant, width) each letter of each face has had on this card.
        used: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for text, jitter in zip(texts, jitters, strict=True):
            index = 0
            last_face: dict[str, Face] = {}
            lines = []
            for hard in text.split("\n"):
                words = []
                for word in hard.split(" "):
                    if not word:
                        continue
                    units, index = self._word(word, style, jitter, index, last_face, used)
                    words.append(units)
                lines.append(words)
            self.blocks.append(lines)

    @staticmethod
    def _word(word: str, style: Style, jitter: Jitter, index: int,
              last_face: dict[str, Face],
              used: dict[tuple[str, str], list[tuple[float, float]]]) -> tuple[list[Unit], int]:
        parts = clusters(word)
        own_faces = style.faces_for
        missing = [p for p in parts if not own_faces(p)]
        # One fallback for all the missing letters of a word where possible,
        # so a Greek or Cyrillic word is not a patchwork of two fonts.
        word_fallback = next((f for f in style.fallbacks if all(f.covers(p) for p in missing)),
                             None)
        units = []
        slanted = style.slanted
        for p in parts:
            own = own_faces(p)
            if own:
                pick = jitter.letter(index).pick
                prev = last_face.get(p)
                if len(own) > 1 and prev in own and pick < 0.8:
                    # A repeated letter takes the next alternate, as a hand would vary.
                    face = own[(own.index(prev) + 1) % len(own)]
                else:
                    face = own[int(pick * len(own)) % len(own)]
                last_face[p] = face
                _distinct(jitter, index, used.setdefault((face.name, p), []))
            elif word_fallback is not None:
                face = word_fallback
            else:
                face = next((f for f in style.fallbacks if f.covers(p)), style.fallbacks[-1])
            shear = FALLBACK_SHEAR if slanted and face not in style.faces and \
                not face.slanted else 0.0
            units.append((p, face, index, shear))
            index += 1
        return units, index


# Below these a reader cannot tell two letters of one outline apart (realism.py
# counts with the same limits, in degrees of slant and parts of width).
SLANT_APART = 0.0095  # shear, a little over half a degree
WIDTH_APART = 0.0095


def _distinct(jitter: Jitter, index: int, shapes: list[tuple[float, float]]) -> None:
    """Redraw this letter's slant and width until no earlier occurrence has the same."""
    j = jitter.letter(index)
    for _ in range(100):
        slant, width = j.slant, j.width
        for s, w in shapes:  # a plain loop: any() over a generator costs twice as much
            if -SLANT_APART < slant - s < SLANT_APART and -WIDTH_APART < width - w < WIDTH_APART:
                break
        else:
            break
        j = jitter.reshape(index)
    shapes.append((j.slant, j.width))
