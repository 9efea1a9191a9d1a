"""Which font draws each letter: the hand, one of its alternates, or a fallback.

Chosen once per text (not per size tried), from the letter jitter stream, so
the same seed always picks the same alternates.
"""

from __future__ import annotations

from collections.abc import Sequence

from refdesk.cards.fonts import Face, Style
from refdesk.cards.handwriting import Jitter, LetterJitter
from refdesk.cards.message import clusters

# One letter as layout needs it, everything that does not depend on the size
# worked out once per card: (cluster text, ReportLab font name, em per nominal
# point, the letter's matrix in its line (a, b, c, d: turn, size, lean and width
# of one em), its ink box through that matrix in em (x0, y0, x1, y1, flat; all four
# None without ink), its advance in em with tracking, its baseline shift in em). One
# flat tuple: layout reads it for every letter of every size tried.
Unit = tuple[str, str, float, float, float, float, float,
             float | None, float | None, float | None, float | None, float, float]
# Upright fallback letters in a slanted hand get this synthetic lean (tan 12 deg).
FALLBACK_SHEAR = 0.21
# A word's clusters, each with what layout needs of every face that may draw it
# (ReportLab font name, synthetic lean, em per nominal point, ink box, advance, and
# the key of the letter's shapes on a card), and how many of the hand's own faces
# may draw it (chosen per letter by the jitter; 0 for the one fallback). The same
# for every card, so worked out once per style.
_Choice = tuple[str, float, float, tuple[float, float, float, float] | None, float,
                tuple[str, str]]
_Plan = tuple[tuple[str, tuple[_Choice, ...], int], ...]


class Letters:
    """The font of every letter of some blocks, fixed before any size is tried."""

    def __init__(self, texts: Sequence[str], style: Style, jitters: Sequence[Jitter]) -> None:
        self.blocks: list[list[list[list[Unit]]]] = []  # block -> hard line -> word -> units
        # Shapes (slant, width) each letter of each face has had on this card.
        used: set[tuple[tuple[str, str], float, float]] = set()
        known: dict[str, _Plan] = style.__dict__.setdefault("_word_plans", {})
        tracking = style.tracking
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
            last_face: dict[str, int] = {}  # cluster -> index of the face it last had
            self.blocks.append(_units(plans, jitter, js, last_face, used, tracking))


def _plan(word: str, style: Style) -> _Plan:
    """Which faces may draw each cluster of a word (no jitter involved, so kept per style)."""
    parts = clusters(word)
    # A cluster's own faces' choices are the same in every word: worked out once per
    # style (a batch brings new words, a name on every card, but few new letters).
    own_plans: dict[str, tuple | None] = style.__dict__.setdefault("_own_plans", {})
    own = []
    for p in parts:
        if p in own_plans:
            own.append(own_plans[p])
        else:
            faces = style.faces_for(p)
            own.append(own_plans.setdefault(p, (p, tuple(_choice(f, p, style) for f in faces),
                                                len(faces)) if faces else None))
    if None not in own:
        return tuple(own)
    missing = [p for p, got in zip(parts, own, strict=True) if got is None]
    # One fallback for all the missing letters of a word where possible,
    # so a Greek or Cyrillic word is not a patchwork of two fonts.
    word_fallback = next((f for f in style.fallbacks if all(f.covers(p) for p in missing)),
                         None)
    plan = []
    for p, got in zip(parts, own, strict=True):
        if got is not None:
            plan.append(got)
        else:
            face = word_fallback if word_fallback is not None else next(
                (f for f in style.fallbacks if f.covers(p)), style.fallbacks[-1])
            plan.append((p, (_choice(face, p, style),), 0))
    return tuple(plan)


def _choice(face: Face, p: str, style: Style) -> _Choice:
    """What layout needs of one face drawing cluster p in this style."""
    shear = FALLBACK_SHEAR if style.slanted and face not in style.faces and not face.slanted \
        else 0.0
    return (face.name, shear, face.scale, face.ink(p), face.advance(p), (face.name, p))


def _units(plans: list[list[_Plan]], jitter: Jitter, js: list[LetterJitter],
           last_face: dict[str, int], used: set[tuple[tuple[str, str], float, float]],
           tracking: float) -> list[list[list[Unit]]]:
    """A block's letters (hard line -> word -> units), in one loop: it runs for every
    letter of a batch."""
    lines = []
    index = 0
    get_last = last_face.get
    for words in plans:
        line = []
        for plan in words:
            units = []
            put = units.append
            for p, choices, n in plan:
                dy, k, cr, sr, dx, pick, slant, width = js[index]
                if n:
                    # (A cluster's own faces are always the same tuple, so the face it
                    # had last is known by its index.)
                    if n > 1:
                        prev = get_last(p)
                        # A repeated letter mostly takes the next alternate, as a hand
                        # would vary.
                        i = (prev + 1) % n if prev is not None and pick < 205 else pick % n
                        last_face[p] = i
                        name, shear, scale, ink, advance, key = choices[i]
                    else:
                        name, shear, scale, ink, advance, key = choices[0]
                    # Redraw this letter's slant and width until no earlier occurrence of
                    # its shape has the same (they come from lattices, so "the same" is
                    # equal: see handwriting.SLANT_STEP).
                    seen = len(used)
                    used.add((key, slant, width))
                    if len(used) == seen:  # (one look-up, not two: this runs every letter)
                        for _ in range(100):
                            slant, width = jitter.reshape(index)[6:]
                            shape = (key, slant, width)
                            if shape not in used:
                                break
                        used.add(shape)
                else:
                    name, shear, scale, ink, advance, _ = choices[0]
                # The letter's matrix in its line: turned, sized, leant and widened (PDF
                # order: the images of the x and the y axis of one em).
                lean = shear + slant
                kw = k * width
                a, b = cr * kw, sr * kw
                c, d = k * (lean * cr - sr), k * (lean * sr + cr)
                if ink:
                    # The ink box's corners through that matrix: a and d are positive
                    # (turns are small), so each edge is one corner's term plus the
                    # other axis' extreme.
                    x0, y0, x1, y1 = ink
                    cy0, cy1 = c * y0, c * y1
                    bx0, bx1 = b * x0, b * x1
                    if cy0 > cy1:
                        cy0, cy1 = cy1, cy0
                    if bx0 > bx1:
                        bx0, bx1 = bx1, bx0
                    put((p, name, scale, a, b, c, d,
                         a * x0 + cy0, bx0 + d * y0, a * x1 + cy1, bx1 + d * y1,
                         advance * kw + dx + tracking, dy))
                else:
                    put((p, name, scale, a, b, c, d, None, None, None, None,
                         advance * kw + dx + tracking, dy))
                index += 1
            line.append(units)
        lines.append(line)
    return lines
