"""Every format prints on exactly the paper it names, with cards where the stock has them."""

from __future__ import annotations

import io
import math

import pytest
from cards_pdf import MESSAGE
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import inch, mm

from refdesk.cards import CardSpec, get_format, list_formats, plan_pages, render_pdf
from refdesk.cards.formats import SAFE_INSET
from refdesk.errors import RefdeskError

EXPECTED = {  # code: (page width, page height, card width, card height, cards per page)
    "a2": (5.5 * inch, 4.25 * inch, 5.5 * inch, 4.25 * inch, 1),
    "a6": (148 * mm, 105 * mm, 148 * mm, 105 * mm, 1),
    "postcard": (6 * inch, 4 * inch, 6 * inch, 4 * inch, 1),
    "5x7": (7 * inch, 5 * inch, 7 * inch, 5 * inch, 1),
    "a2-folded": (8.5 * inch, 5.5 * inch, 8.5 * inch, 5.5 * inch, 1),
    "avery-5389": (8.5 * inch, 11 * inch, 6 * inch, 4 * inch, 2),
    "letter-2up": (8.5 * inch, 11 * inch, 7 * inch, 5 * inch, 2),
    "letter-4up": (11 * inch, 8.5 * inch, 5 * inch, 3.75 * inch, 4),
    "a4-2up": (210 * mm, 297 * mm, 178 * mm, 127 * mm, 2),
    "a4-4up": (297 * mm, 210 * mm, 135 * mm, 95 * mm, 4),
    "env-a2": (5.75 * inch, 4.375 * inch, 5.75 * inch, 4.375 * inch, 1),
    "env-a6": (6.5 * inch, 4.75 * inch, 6.5 * inch, 4.75 * inch, 1),
    "env-a7": (7.25 * inch, 5.25 * inch, 7.25 * inch, 5.25 * inch, 1),
    "env-10": (9.5 * inch, 4.125 * inch, 9.5 * inch, 4.125 * inch, 1),
    "env-c6": (162 * mm, 114 * mm, 162 * mm, 114 * mm, 1),
    "env-dl": (220 * mm, 110 * mm, 220 * mm, 110 * mm, 1),
}
ADDRESS = ("12 Elm Street", "Springfield, IL 62704")


def spec_for(code: str, **kw) -> CardSpec:
    return CardSpec(MESSAGE, "Fred Jones", format=code, seed=11, address=ADDRESS,
                    return_address=("Sam Rivera", "4 Oak Lane", "Portland, OR 97201"), **kw)


def test_registry_lists_every_required_format():
    assert set(EXPECTED) <= {f.code for f in list_formats()}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_page_and_card_sizes_are_exact(code):
    pw, ph, cw, ch, per = EXPECTED[code]
    fmt = get_format(code)
    assert fmt.per_page == per
    for slot in fmt.slots:
        assert (slot.w, slot.h) == pytest.approx((cw, ch), abs=1e-6)
        assert slot.x >= 0 and slot.x1 <= pw + 1e-6 and slot.y >= 0 and slot.y1 <= ph + 1e-6
    pdf = render_pdf([spec_for(code)] * per)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((pw, ph), abs=0.01)


def test_slots_on_a_sheet_never_overlap():
    for fmt in list_formats():
        for i, a in enumerate(fmt.slots):
            for b in fmt.slots[i + 1:]:
                assert a.x1 <= b.x + 1e-6 or b.x1 <= a.x + 1e-6 or a.y1 <= b.y + 1e-6 \
                    or b.y1 <= a.y + 1e-6


def test_avery_5389_positions():
    fmt = get_format("avery-5389")
    top = 11 * inch
    first, second = fmt.slots
    assert first.x == pytest.approx(1.25 * inch)
    assert top - first.y1 == pytest.approx(1.25 * inch)
    assert first.y1 - second.y1 == pytest.approx(4.5 * inch)
    assert second.x == pytest.approx(1.25 * inch)


def test_folded_card_writes_on_the_inside_right_panel_with_a_fold_guide():
    pages = plan_pages([spec_for("a2-folded", review_link="https://example.com/review")])
    inside, outside = pages
    fold = 4.25 * inch
    assert inside.folds == pytest.approx((fold,))
    for box in inside.sides[0].page_glyph_boxes():
        assert box[0] >= fold + SAFE_INSET - 1e-6
    # The QR and its caption go on the back cover: the left half of the outside.
    back = outside.sides[0]
    assert back.qr is not None and back.qr[1].x1 <= fold - SAFE_INSET
    for box in back.page_glyph_boxes():
        assert box[2] <= fold - SAFE_INSET + 1e-6
    # The guide is a dashed line exactly on the fold.
    pdf = render_pdf([spec_for("a2-folded")])
    ops = _ops(pdf)
    assert any(op == b"d" for _, op in ops)
    moves = [tuple(float(v) for v in args) for args, op in ops if op in (b"m", b"l")]
    assert (fold, 0.0) in [(round(x, 3), round(y, 3)) for x, y in moves] or any(
        abs(x - fold) < 1e-3 for x, _ in moves)


def _ops(pdf: bytes, page: int = 0):
    reader = PdfReader(io.BytesIO(pdf))
    return ContentStream(reader.pages[page].get_contents(), reader).operations


@pytest.mark.parametrize("code", ["letter-2up", "letter-4up", "a4-2up", "a4-4up"])
def test_crop_marks_stay_outside_every_card(code):
    fmt = get_format(code)
    pdf = render_pdf([spec_for(code)] * fmt.per_page)
    ops = _ops(pdf)
    points = []
    for args, op in ops:
        if op in (b"m", b"l"):
            points.append(tuple(float(v) for v in args))
    segments = list(zip(points[::2], points[1::2], strict=False))
    assert len(segments) >= 8
    for (x0, y0), (x1, y1) in segments:
        for slot in fmt.slots:
            inside_x = max(x0, x1) > slot.x + 0.5 and min(x0, x1) < slot.x1 - 0.5
            inside_y = max(y0, y1) > slot.y + 0.5 and min(y0, y1) < slot.y1 - 0.5
            assert not (inside_x and inside_y), "a crop mark runs into a card"
    # Every cut line has its marks.
    xs = {round(v, 2) for s in fmt.slots for v in (s.x, s.x1)}
    marked = {round(p[0], 2) for p in points}
    assert xs <= marked


def test_unknown_format_is_a_user_error():
    with pytest.raises(RefdeskError, match=r"unknown card format 'a9'.*a2"):
        get_format("a9")
    with pytest.raises(RefdeskError, match="card for Fred Jones: unknown card format"):
        render_pdf([spec_for("a9")])


@pytest.mark.parametrize(("code", "edge"), [
    ("a2", "short"), ("a2-folded", "short"), ("postcard", "short"), ("letter-4up", "short"),
    ("a4-4up", "short"), ("letter-2up", "long"), ("a4-2up", "long"), ("avery-5389", "long")])
def test_each_format_names_the_duplex_edge_its_mirrored_backs_need(code, edge):
    fmt = get_format(code)
    assert fmt.duplex_edge == edge
    assert f"flip on {edge} edge" in fmt.duplex_hint()
    # Backs mirror left to right: a card near the left edge has its back near the right.
    slot = fmt.slots[0]
    back = fmt.back_slot(slot)
    assert back.y == slot.y and math.isclose(back.x, fmt.page[0] - slot.x1)


def test_two_pass_printing_writes_fronts_and_backs_apart():
    specs = [CardSpec(f"Thanks {n}!\n\nSam", seed=n, format="letter-4up",
                      review_link="https://example.com/r") for n in range(5)]
    both = PdfReader(io.BytesIO(render_pdf(specs))).pages
    fronts = PdfReader(io.BytesIO(render_pdf(specs, passes="fronts"))).pages
    backs = PdfReader(io.BytesIO(render_pdf(specs, passes="backs"))).pages
    assert (len(both), len(fronts), len(backs)) == (4, 2, 2)
    assert [p.extract_text() for p in fronts] == [both[0].extract_text(), both[2].extract_text()]
    assert [p.extract_text() for p in backs] == [both[1].extract_text(), both[3].extract_text()]
    with pytest.raises(RefdeskError, match="no backs"):
        render_pdf([CardSpec("Hi\n\nSam")], passes="backs")
