"""Nothing leaves the safe area, words never touch, and the PDF draws what was planned."""

from __future__ import annotations

import pytest
from cards_pdf import FIELDS, boxes_overlap, glyph_ops, occasion_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.units import mm

from refdesk.cards import CardSpec, list_formats, plan_pages, render_pdf
from refdesk.cards.fonts import face_named
from refdesk.cards.glyphs import turned_box
from refdesk.cards.templates import OCCASIONS
from refdesk.errors import RefdeskError

ADDRESS = ("12 Elm Street, Apt 4", "Springfield, IL 62704")
RETURN = ("Sam Rivera", "4 Oak Lane", "Portland, OR 97201")


def specs_for(code: str, style: str = "breip", seed: int = 3, link: bool = True):
    fmt = next(f for f in list_formats() if f.code == code)
    occasions = list(OCCASIONS)
    return [CardSpec(occasion_text(occasions[(seed + i) % len(occasions)]), FIELDS["name"],
                     style=style, format=code, seed=seed + i, date_line="March 12, 2025",
                     address=ADDRESS, return_address=RETURN,
                     review_link="https://example.com/review/sam" if link else None)
            for i in range(fmt.per_page)]


def assert_inside_and_apart(pages):
    for page in pages:
        for side in page.sides:
            ox, oy = side.origin
            safe = side.safe.offset(ox, oy)
            boxes = side.page_glyph_boxes()
            for box, glyph in zip(boxes, side.glyphs, strict=True):
                assert safe.contains(*box), f"{glyph.text!r} at {box} outside {safe}"
            if side.qr:
                qr = side.qr[1].offset(ox, oy)
                assert safe.contains(qr.x, qr.y, qr.x1, qr.y1)
            # Letters of different words never overlap (letters within a word may join).
            for i, (a, ga) in enumerate(zip(boxes, side.glyphs, strict=True)):
                for b, gb in zip(boxes[i + 1:], side.glyphs[i + 1:], strict=True):
                    if ga.word != gb.word:
                        assert not boxes_overlap(a, b), f"{ga.text!r} touches {gb.text!r}"


@pytest.mark.parametrize("style", ["breip", "kristi", "delphine"])
@pytest.mark.parametrize("code", [f.code for f in list_formats()])
def test_every_glyph_inside_the_safe_area(code, style):
    assert_inside_and_apart(plan_pages(specs_for(code, style)))


@pytest.mark.parametrize("code", ["a2", "a2-folded", "letter-4up", "env-dl"])
def test_pdf_draws_exactly_the_planned_glyphs_inside_the_safe_area(code):
    specs = specs_for(code)
    pages = plan_pages(specs)
    pdf = render_pdf(specs)
    for index, page in enumerate(pages):
        shown = [s for s in glyph_ops(pdf, index)]
        planned = [(side, g) for side in page.sides for g in side.glyphs]
        assert len(shown) == len(planned)
        for op, (side, glyph) in zip(shown, planned, strict=True):
            face = face_named(glyph.font)
            assert op.font == face.ps_name
            m = op.matrix
            ox, oy = side.origin
            assert m[4] == pytest.approx(glyph.matrix[4] + ox, abs=0.01)
            assert m[5] == pytest.approx(glyph.matrix[5] + oy, abs=0.01)
            # Recompute the ink box from the PDF's own matrix and the font outline.
            ink = face.ink(glyph.text)
            if ink is None:
                continue
            em = op.size
            xs, ys = [], []
            for px in (ink[0], ink[2]):
                for py in (ink[1], ink[3]):
                    xs.append(m[4] + em * (px * m[0] + py * m[2]))
                    ys.append(m[5] + em * (px * m[1] + py * m[3]))
            safe = side.safe.offset(ox, oy)
            assert safe.contains(min(xs), min(ys), max(xs), max(ys), eps=0.02)


def test_printer_offset_moves_everything_by_exactly_that_much():
    specs = specs_for("avery-5389")
    plain = glyph_ops(render_pdf(specs))
    moved = glyph_ops(render_pdf(specs, offset_mm=(1.5, -2.0)))
    assert len(plain) == len(moved) > 50
    for a, b in zip(plain, moved, strict=True):
        assert b.matrix[4] - a.matrix[4] == pytest.approx(1.5 * mm, abs=0.01)
        assert b.matrix[5] - a.matrix[5] == pytest.approx(2.0 * mm, abs=0.01)  # y down = up 2


def test_rotated_box_contains_the_turned_corners():
    box = turned_box((0.0, -0.2, 0.5, 0.7), 10.0, 0.05, 3.0, 4.0, 0.2)
    assert box[0] < 3.0 and box[3] > 4.0 + 6.9


_letters = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                "0123456789.,;:!?'\"()-–&@#%*/"
                                "ąęłśźżĄŁéèüößñçãõ"
                                "αβγδλπωΩ" "абвгджзийклмнЖЩЯ" "ơưạảấầẩẫậ"))
_word = st.lists(_letters, min_size=1, max_size=18).map("".join)
_line = st.lists(_word, min_size=1, max_size=12).map(" ".join)
_text = st.lists(_line, min_size=1, max_size=9).map("\n".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text, seed=st.integers(0, 2**31), style=st.sampled_from(["breip", "kristi",
                                                                       "delphine"]),
       code=st.sampled_from(["a2", "a6", "postcard", "a2-folded", "letter-4up", "a4-4up"]))
def test_random_text_never_leaves_the_safe_area(text, seed, style, code):
    spec = CardSpec(text, "Fred", style=style, format=code, seed=seed)
    try:
        pages = plan_pages([spec])
    except RefdeskError as exc:
        assert "too long" in str(exc) and "cut about" in str(exc)
        return
    assert_inside_and_apart(pages)
    assert pages[0].sides[0].size >= 9.0


@settings(max_examples=15, deadline=None)
@given(name=st.text(min_size=1, max_size=30).filter(lambda s: s.strip()),
       seed=st.integers(0, 10**6))
def test_any_unicode_name_is_drawn_or_refused_by_name(name, seed):
    spec = CardSpec(f"Dear {name},\n\nThank you!\n\nSam", name, format="env-a2", seed=seed,
                    address=ADDRESS)
    try:
        pages = plan_pages([spec, CardSpec(f"Dear {name},\n\nThanks!", name, seed=seed)])
    except RefdeskError as exc:
        assert "cannot draw" in str(exc) or "too long" in str(exc) or "needs" in str(exc)
        return
    assert_inside_and_apart(pages)
