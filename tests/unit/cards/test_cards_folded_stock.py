"""Folded note-card stock: half-fold (two per Letter sheet) and quarter-fold (one sheet,
printed on one side with the inside upside down). Checked as the folded card reads."""

from __future__ import annotations

import io
import itertools

import pytest
from cards_pdf import MESSAGE, glyph_ops
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import inch
from test_cards_book_records import AS_OF, fill_book
from test_cards_cli_from_book import card

from refdesk.book import Book
from refdesk.cards import CardSpec, get_format, plan_pages, render_pdf
from refdesk.cards.formats import SAFE_INSET, Rect
from refdesk.cards.plotter_svg import plan_drawing

LINK = "https://example.com/review/sam"
W, H = 8.5 * inch, 11 * inch
PANEL = (4.25 * inch, 5.5 * inch)  # every panel of both stocks, once folded


def spec(code: str, seed: int = 5, link: str | None = LINK) -> CardSpec:
    return CardSpec(MESSAGE, "Fred Jones", format=code, seed=seed, review_link=link,
                    date_line="March 12, 2025")


def _on_sheet(fmt, frac) -> Rect:
    return fmt.slots[0].sub(*frac)


@pytest.mark.parametrize("code", ["note-half-fold", "note-quarter-fold"])
def test_every_panel_is_a_4_25_by_5_5_in_part_of_a_letter_sheet(code):
    fmt = get_format(code)
    assert fmt.page == pytest.approx((W, H))
    sheet = Rect(0, 0, W, H)
    for slot in fmt.slots:
        for frac in (fmt.panel, fmt.back_panel, fmt.front_panel):
            panel = slot.sub(*frac)
            assert (panel.w, panel.h) == pytest.approx(PANEL)
            assert sheet.contains(panel.x, panel.y, panel.x1, panel.y1)
            # Panel edges lie on the sheet's edges or its folds, never across a fold.
            xs = {0.0, slot.w, *(f * slot.w for f in fmt.folds)}
            assert {round(panel.x - slot.x, 3), round(panel.x1 - slot.x, 3)} <= \
                {round(x, 3) for x in xs}


def test_half_fold_puts_two_cards_on_a_sheet_message_inside_right_back_behind_it():
    fmt = get_format("note-half-fold")
    assert fmt.per_page == 2 and fmt.duplex_edge == "long" and not fmt.one_sided
    top, bottom = fmt.slots
    assert (top.y, bottom.y) == pytest.approx((5.5 * inch, 0.0))  # reading order
    pages = plan_pages([spec("note-half-fold", 1), spec("note-half-fold", 2)])
    inside, outside = pages
    assert inside.folds == pytest.approx((4.25 * inch,)) and outside.is_back
    for side, slot in zip(inside.sides, fmt.slots, strict=True):
        safe = slot.sub(*fmt.panel).inset(SAFE_INSET)
        assert side.glyphs
        for box in side.page_glyph_boxes():
            assert safe.contains(*box)
    # Turned over on the long edge, the back cover (the QR) is the outside's left half:
    # exactly behind the inside right panel.
    for side, slot in zip(outside.sides, fmt.slots, strict=True):
        qr = side.qr[1].offset(*side.origin)
        assert qr.x1 <= 4.25 * inch - SAFE_INSET and slot.y <= qr.y and qr.y1 <= slot.y1
    assert "flip on long edge" in fmt.duplex_hint() and "fold" in fmt.duplex_hint()


def test_half_fold_starts_on_the_lower_card_of_a_partly_used_sheet():
    pages = plan_pages([spec("note-half-fold", link=None)], start_slot=2)
    (page,) = pages
    assert page.sides[0].origin == pytest.approx((0.0, 0.0))


def _folded(box, panel: Rect):
    """A sheet box seen on the quarter-fold's inside right page, upright once folded:
    the panel is turned half round, so (x, y) reads as (x1 - x, y1 - y)."""
    return (panel.x1 - box[2], panel.y1 - box[3], panel.x1 - box[0], panel.y1 - box[1])


def test_quarter_fold_prints_everything_on_one_side_with_the_inside_upside_down():
    fmt = get_format("note-quarter-fold")
    assert fmt.one_sided and fmt.duplex_edge == "none" and fmt.turn == 180
    assert "One-sided" in fmt.duplex_hint() and "fold" in fmt.duplex_hint().lower()
    inside = _on_sheet(fmt, fmt.panel)
    back = _on_sheet(fmt, fmt.back_panel)
    front = _on_sheet(fmt, fmt.front_panel)
    # Inside right: top-left quarter. Back cover below it, front cover bottom right.
    assert (inside.x, inside.y) == pytest.approx((0, 5.5 * inch))
    assert (back.x, back.y) == pytest.approx((0, 0))
    assert (front.x, front.y) == pytest.approx((4.25 * inch, 0))
    pages = plan_pages([spec("note-quarter-fold")])
    assert len(pages) == 1 and not pages[0].is_back  # the QR needs no second pass
    message, qr_side = pages[0].sides
    lines: dict[int, list] = {}
    for glyph, box in zip(message.glyphs, message.page_glyph_boxes(), strict=True):
        u0, v0, u1, v1 = _folded(box, inside)
        # Inside the folded page's safe area...
        assert u0 >= SAFE_INSET - 1e-6 and u1 <= PANEL[0] - SAFE_INSET + 1e-6
        assert v0 >= SAFE_INSET - 1e-6 and v1 <= PANEL[1] - SAFE_INSET + 1e-6
        # ...upside down on the sheet, so upright once folded.
        a, _, _, d, _, _ = glyph.matrix
        assert a < 0 and d < 0
        lines.setdefault(glyph.line, []).append((u0, v0))
    # Read as folded: each line runs left to right, and lines go down the page.
    tops = [sum(v for _, v in pts) / len(pts) for _, pts in sorted(lines.items())]
    assert tops == sorted(tops, reverse=True)
    for pts in lines.values():
        assert pts[0][0] < pts[-1][0]
    # The back cover's caption and QR are upright and inside it.
    qr = qr_side.qr[1].offset(*qr_side.origin)
    assert back.inset(SAFE_INSET).contains(qr.x, qr.y, qr.x1, qr.y1)
    for glyph, box in zip(qr_side.glyphs, qr_side.page_glyph_boxes(), strict=True):
        assert back.inset(SAFE_INSET).contains(*box) and glyph.matrix[0] > 0


def test_quarter_fold_pdf_reads_back_turned_inside_and_upright_back():
    pdf = render_pdf([spec("note-quarter-fold")])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((W, H), abs=0.01)
    text = reader.pages[0].extract_text()
    assert "Fred" in text and "example.com/review/sam" in text
    shows = glyph_ops(pdf)
    turned = [s for s in shows if s.matrix[0] < 0]
    upright = [s for s in shows if s.matrix[0] > 0]
    assert turned and upright
    for s in turned:  # the message: top-left quarter, upside down
        x, y = s.matrix[4], s.matrix[5]
        assert 0 < x <= 4.25 * inch and 5.5 * inch < y < H and s.matrix[3] < 0
    for s in upright:  # the back cover: bottom-left quarter, upright
        x, y = s.matrix[4], s.matrix[5]
        assert 0 <= x < 4.25 * inch and 0 < y < 5.5 * inch and s.matrix[3] > 0
    # Printing only backs has nothing to print: the QR shares the front's page.
    assert len(PdfReader(io.BytesIO(render_pdf([spec("note-quarter-fold")],
                                               passes="fronts"))).pages) == 1


def test_quarter_fold_plotter_strokes_stay_in_the_inside_panel():
    drawing = plan_drawing(spec("note-quarter-fold", link=None))
    assert drawing.size == pytest.approx((W, H))
    inside = get_format("note-quarter-fold").slots[0].sub(0.0, 0.5, 0.5, 0.5)
    for _, strokes in drawing.layers:
        for s in strokes:
            for x, y_down in s:
                y = H - y_down
                assert inside.inset(SAFE_INSET).contains(x, y, x, y, eps=0.01)


def test_the_books_owed_cards_on_quarter_folds_take_one_page_each_backs_included(
        tmp_path, capsys):
    path, out = tmp_path / "cards.refdesk", tmp_path / "due.pdf"
    with Book.open(path) as book:
        fill_book(book)
        book.settings.set("card_format", "note-quarter-fold")
        book.settings.set("review_links", [{"label": "Google", "url": LINK}])
    card("--db", str(path), "--all-due", "--as-of", str(AS_OF), "-o", str(out))
    pages = PdfReader(out).pages
    assert len(pages) == 3 and all("example.com/review/sam" in p.extract_text() for p in pages)
    assert "on 3 note-quarter-fold pages" in capsys.readouterr().out


def test_quarter_fold_prints_a_guide_at_both_folds():
    (page,) = plan_pages([spec("note-quarter-fold")])
    assert page.folds == pytest.approx((4.25 * inch,))
    assert page.hfolds == pytest.approx((5.5 * inch,))
    pdf = PdfReader(io.BytesIO(render_pdf([spec("note-quarter-fold")]))).pages[0]
    ops = ContentStream(pdf.get_contents(), pdf.pdf).operations
    lines = {tuple(round(float(v), 1) for v in (*start, *end))
             for (start, op), (end, next_op) in itertools.pairwise(ops)
             if (op, next_op) == (b"m", b"l")}
    assert (0.0, 396.0, 612.0, 396.0) in lines  # across, where the top half folds back
    assert (306.0, 0.0, 306.0, 792.0) in lines  # down the middle
