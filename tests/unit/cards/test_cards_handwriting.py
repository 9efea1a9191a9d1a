"""The seed decides the strokes: a reprint is identical, another seed gives another copy."""

from __future__ import annotations

import itertools
import math
import statistics
from collections import defaultdict

import pytest
from cards_pdf import operations

from refdesk.cards import CardSpec, plan_pages, render_pdf
from refdesk.cards.fonts import face_named
from refdesk.cards.handwriting import Hand, Jitter, parse_ink
from refdesk.errors import RefdeskError


def geometry(spec: CardSpec):
    return [(g.text, g.font, g.matrix) for p in plan_pages([spec]) for s in p.sides
            for g in s.glyphs]


def test_same_seed_gives_identical_geometry_and_bytes(message):
    spec = CardSpec(message, "Fred", seed=1234, format="postcard", style="kristi")
    assert geometry(spec) == geometry(spec)
    assert render_pdf([spec]) == render_pdf([spec])


def test_a_card_prints_the_same_alone_or_in_a_batch(message):
    spec = CardSpec(message, "Fred", seed=77)
    other = CardSpec("Dear Ann,\n\nThanks so much for the coffee!\n\nSam", "Ann", seed=5)
    alone = plan_pages([spec])[0].sides[0].glyphs
    batched = plan_pages([other, spec])[1].sides[0].glyphs
    assert [g.matrix for g in alone] == [g.matrix for g in batched]


def test_another_seed_gives_different_geometry_for_the_same_text(message):
    a = geometry(CardSpec(message, "Fred", seed=1))
    b = geometry(CardSpec(message, "Fred", seed=2))
    assert [t for t, _, _ in a] == [t for t, _, _ in b]
    moved = sum(1 for (_, _, ma), (_, _, mb) in zip(a, b, strict=True)
                if abs(ma[4] - mb[4]) + abs(ma[5] - mb[5]) > 0.05)
    assert moved > 0.9 * len(a)


def test_jitter_is_small_and_gaussian_like(message):
    glyphs = plan_pages([CardSpec(message * 1, "Fred", seed=3, style="breip")])[0].sides[0].glyphs
    turns = [math.degrees(math.atan2(g.matrix[1], g.matrix[0])) for g in glyphs]
    sizes = [math.hypot(g.matrix[0], g.matrix[1]) for g in glyphs]
    assert 0.3 < statistics.pstdev(turns) < 3.0       # a few degrees, never drunk
    assert max(abs(t) for t in turns) < 6.0
    assert 0.003 < statistics.pstdev(sizes) < 0.04    # about 1/64 of the size
    assert statistics.mean(sizes) == pytest.approx(1.0, abs=0.01)


def test_jitter_streams_do_not_depend_on_wrapping():
    a, b = Jitter(5, Hand()), Jitter(5, Hand())
    b.line(3)  # asking for lines first must not change the letters
    assert [a.letter(i) for i in range(50)] == [b.letter(i) for i in range(50)]
    assert Jitter(6, Hand()).letter(0) != a.letter(0)


def test_repeated_letters_use_alternate_fonts():
    text = ("Dear Ann,\n\nAll good books see a little coffee, all week: "
            "too good, will call soon. Bookkeeping committee accepted.\n\nSam")
    glyphs = plan_pages([CardSpec(text, "Ann", style="breip", seed=8)])[0].sides[0].glyphs
    faces_by_letter = defaultdict(set)
    for g in glyphs:
        faces_by_letter[g.text].add(face_named(g.font).ps_name)
    mixed = [ch for ch, faces in faces_by_letter.items() if len(faces) > 1]
    assert len(mixed) >= 5
    doubles = [(a, b) for a, b in itertools.pairwise(glyphs)
               if a.text == b.text and a.text.isalpha() and a.word == b.word]
    assert doubles and sum(a.font != b.font for a, b in doubles) >= 0.6 * len(doubles)


def test_inks():
    assert parse_ink("blue-black") != parse_ink("black") != parse_ink("blue")
    assert parse_ink("#336699") == pytest.approx((0.2, 0.4, 0.6))
    assert parse_ink("369") == pytest.approx((0.2, 0.4, 0.6))
    for bad in ("purple", "#12345", "#ffffff"):
        with pytest.raises(RefdeskError, match="ink"):
            parse_ink(bad)


def test_ink_colour_reaches_the_page(message):
    spec = CardSpec(message, "Fred", ink="#802020", seed=1)
    glyphs = plan_pages([spec])[0].sides[0].glyphs
    for g in glyphs:
        r, gr, b = g.color
        # Pen pressure lightens a word a little, never changes the hue.
        assert r > gr and r > b and r <= 0.6
    fills = [tuple(float(v) for v in args) for args, op in operations(render_pdf([spec]))
             if op == b"rg"]
    assert fills and all(f[0] == pytest.approx(0x80 / 255, abs=0.09) and f[0] > f[1] for f in fills)
