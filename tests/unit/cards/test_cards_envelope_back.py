"""Envelopes, QR backs kept in duplex step, the calibration page, and no Qt in the card code."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from cards_pdf import operations
from pypdf import PdfReader
from reportlab.lib.units import inch, mm

from refdesk.cards import (
    CardSpec,
    calibration_pdf,
    crosshair_positions,
    get_format,
    plan_pages,
    render_pdf,
)
from refdesk.cards.envelope import address_areas
from refdesk.errors import RefdeskError

ADDRESS = ("12 Elm Street, Apt 4", "Springfield, IL 62704")
RETURN = ("Sam Rivera", "4 Oak Lane", "Portland, OR 97201")


@pytest.mark.parametrize("code", ["env-a2", "env-a6", "env-a7", "env-10", "env-c6", "env-dl"])
def test_envelope_addresses_sit_where_the_post_expects_them(code):
    spec = CardSpec("", "Fred Jones", format=code, address=ADDRESS, return_address=RETURN,
                    seed=5)
    side = plan_pages([spec])[0].sides[0]
    w, h = get_format(code).page
    to_area, from_area = address_areas(get_format(code))
    recipient = [g for g in side.glyphs if to_area.contains(*g.box)]
    sender = [g for g in side.glyphs if from_area.contains(*g.box)]
    assert len(recipient) + len(sender) == len(side.glyphs)
    assert min(g.box[0] for g in recipient) >= 0.3 * w  # right of centre-left
    assert min(g.box[1] for g in recipient) >= 0.625 * inch  # barcode clear zone kept
    assert max(g.box[0] for g in sender) < 0.5 * w and min(g.box[1] for g in sender) > h / 2
    text = " ".join(PdfReader(io.BytesIO(render_pdf([spec]))).pages[0].extract_text().split())
    assert "Fred Jones 12 Elm Street, Apt 4 Springfield, IL 62704" in text
    assert "Sam Rivera 4 Oak Lane Portland, OR 97201" in text


def test_envelope_without_an_address_is_refused():
    with pytest.raises(RefdeskError, match="needs the recipient's name and postal address"):
        plan_pages([CardSpec("", "Fred Jones", format="env-10")])


def test_backs_keep_duplex_pages_in_step():
    link = "https://example.com/review"
    specs = [CardSpec("Dear A,\n\nThanks!", "A", seed=1, review_link=link),
             CardSpec("Dear B,\n\nThanks!", "B", seed=2),
             CardSpec("Dear C,\n\nThanks!", "C", seed=3, format="letter-4up", review_link=link),
             CardSpec("Dear D,\n\nThanks!", "D", seed=4, format="letter-4up")]
    pages = plan_pages(specs)
    assert [p.is_back for p in pages] == [False, True, False, True, False, True]
    assert pages[3].sides[0].qr is None and not pages[3].sides[0].glyphs  # blank back for B
    sheet_front, sheet_back = pages[4], pages[5]
    fmt = get_format("letter-4up")
    # On the back of the sheet each card's QR lands behind its own front (mirrored).
    for front, back in zip(sheet_front.sides, sheet_back.sides, strict=True):
        fx, fy = front.origin
        bx, by = back.origin
        assert by == pytest.approx(fy)
        assert bx == pytest.approx(fmt.page[0] - fx - fmt.slots[0].w)
    assert sheet_back.sides[0].qr is not None and sheet_back.sides[1].qr is None


def test_qr_code_is_drawn_as_filled_modules_inside_its_square():
    spec = CardSpec("Dear A,\n\nThanks!", "A", seed=1, review_link="https://example.com/r")
    back = plan_pages([spec])[1].sides[0]
    _, square, _ = back.qr
    rects = [tuple(float(v) for v in args) for args, op in operations(render_pdf([spec]), 1)
             if op == b"re"]
    assert len(rects) > 50
    for x, y, w, h in rects:
        assert square.x - 0.01 <= x and x + w <= square.x1 + 0.01
        assert square.y - 0.01 <= y and y + h <= square.y1 + 0.01
    assert square.w >= 0.75 * inch  # big enough to scan from a card


def test_overlong_review_link_is_refused():
    with pytest.raises(RefdeskError, match="review link"):
        plan_pages([CardSpec("Dear A,\n\nThanks!", "A", review_link="https://x/" + "a" * 700)])


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_calibration_page_marks_known_positions(paper):
    pdf = calibration_pdf(paper)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    assert (w, h) == pytest.approx((8.5 * inch, 11 * inch) if paper == "letter"
                                   else (210 * mm, 297 * mm), abs=0.01)
    circles_at = set()
    ops = operations(pdf)
    for args, op in ops:
        if op == b"m":
            circles_at.add((round(float(args[0]), 1), round(float(args[1]), 1)))
    for _, x_mm, y_mm in crosshair_positions(paper):
        # Each crosshair has a horizontal stroke starting 9 mm left of its centre.
        assert (round(x_mm * mm - 9 * mm, 1), round(h - y_mm * mm, 1)) in circles_at
    assert "calibration" in page.extract_text()


def test_calibration_page_applies_the_offset():
    plain = operations(calibration_pdf("letter"))
    moved = operations(calibration_pdf("letter", offset_mm=(2.0, 1.0)))
    shifts = [tuple(float(v) for v in a) for a, op in moved if op == b"cm"]
    assert (1, 0, 0, 1, pytest.approx(2 * mm), pytest.approx(-1 * mm)) in shifts
    assert not [a for a, op in plain if op == b"cm" and float(a[4]) != 0]


def test_card_code_never_imports_qt():
    code = ("import sys, refdesk.cards, refdesk.cards.cli_card; "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'")
    subprocess.run([sys.executable, "-c", code], check=True)
