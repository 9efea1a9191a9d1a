"""Handwriting that passes a second look, in the PDF and the plotter SVG alike."""

from __future__ import annotations

import argparse
import io
import random
import re

import pytest
from pypdf import PdfReader

from refdesk.cards import CardSpec, plan_pages, render_pdf
from refdesk.cards.cli_card import add_parser
from refdesk.cards.glyphs import Glyph
from refdesk.cards.pages import SidePlan
from refdesk.cards.pen_paths import vary_letter
from refdesk.cards.plotter_svg import plan_drawing
from refdesk.cards.realism import measure, measure_spec, shape_key
from refdesk.cards.single_line_fonts import stroke_styles

# About 300 characters, many repeated letters (e, t, o, a, n...).
TEXT = ("Dear Annette,\n\nThank you for sending Tom Bennett to me. He needed a new roof before "
        "the winter, and the team set it on Tuesday. He told me that you had been talking to "
        "him about us for a long time; I am grateful that you trusted me with it. Let me "
        "take you to lunch soon.\n\nAll the best,\nSam")


def test_the_message_is_about_300_characters():
    assert 290 <= len(TEXT) <= 320


@pytest.mark.parametrize("style", ["breip", "kristi", "delphine"])
def test_no_letter_in_a_pdf_card_is_drawn_twice_the_same(style):
    side = plan_pages([CardSpec(TEXT, style=style, seed=21)])[0].sides[0]
    shapes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    repeats = 0
    for g in side.glyphs:
        if not g.text.isalnum():
            continue
        key = shape_key(g)
        seen = shapes.setdefault((g.font, g.text), [])
        repeats += any(abs(key[0] - s) < 0.5 and abs(key[1] - w) < 0.008 for s, w in seen)
        seen.append(key)
    assert max(len(v) for v in shapes.values()) >= 10  # the test has repeats to avoid
    assert repeats == 0
    assert measure(side).identical == 0


@pytest.mark.parametrize("style", ["allure", "nixish", "felix"])
def test_no_letter_in_a_plotter_card_is_drawn_twice_the_same(style):
    r = measure_spec(CardSpec(TEXT, style=style, seed=21), stroke_styles(), plotter=True)
    assert r.letters > 200
    assert r.identical == 0


def test_the_measure_finds_letters_that_repeat():
    g = Glyph("e", "f", 12.0, (1, 0, 0.1, 1, 10, 50), (10, 50, 16, 56), (0, 0, 0))
    twin = Glyph("e", "f", 12.0, (1, 0, 0.1, 1, 30, 50), (30, 50, 36, 56), (0, 0, 0))
    other = Glyph("e", "f", 12.0, (1.05, 0, 0.1, 1, 50, 50), (50, 50, 56, 56), (0, 0, 0))
    side = SidePlan(0, (0, 0), None, [g, twin, other])
    assert measure(side).identical == 1


# A short last body line ("...posted.") ends left of where the indented sign-off
# starts below it: read as one line, the two made a slope of several degrees.
SHORT_LAST_LINE = ("Dear Fred,\n\nThank you so much for sending Maria my way. She called on "
                   "Monday and we talked for an hour about the new roof. I will keep you "
                   "posted.\n\nAll the best,\nSam")


@pytest.mark.parametrize("style", ["breip", "kristi", "delphine"])
def test_a_short_last_line_and_the_sign_off_below_it_are_two_lines(style):
    side = plan_pages([CardSpec(SHORT_LAST_LINE, "Fred Jones", style=style, seed=3)])[0].sides[0]
    lines = {g.line for g in side.glyphs}
    assert len(lines) >= 5 and -1 not in lines  # the layout numbers every glyph's line
    # Each line's slope is the hand's (0.25 +- 2 x 0.35 degrees), so their spread is small
    # whether the lines come numbered or are found from the glyphs' positions alone.
    unnumbered = SidePlan(0, (0, 0), side.safe, [g._replace(line=-1) for g in side.glyphs],
                          side.words)
    for s in (side, unnumbered):
        assert 0.05 < measure(s).slope_spread_deg < 1.2


@pytest.mark.parametrize("plotter", [False, True])
def test_lines_bend_spacing_varies_and_the_margin_wanders_inside_the_safe_area(plotter):
    spec = CardSpec(TEXT, style="allure" if plotter else "breip", seed=5)
    styles = stroke_styles() if plotter else None
    r = measure_spec(spec, styles, plotter)
    assert r.baseline_bend_pt > 0.3
    assert r.line_step_cv > 3.0
    assert r.word_gap_cv > 5.0
    assert 0.01 < r.margin_range_in < 0.2
    side = plan_drawing(spec).side if plotter else plan_pages([spec])[0].sides[0]
    assert all(side.safe.contains(*g.box) for g in side.glyphs)


def test_lines_bow_as_well_as_slope():
    # The middle of a line sits off the straight line through its ends, by the line's bow.
    side = plan_pages([CardSpec(TEXT, style="breip", seed=8)])[0].sides[0]
    mids = []
    ys = {}
    for g in side.glyphs:
        ys.setdefault(round(g.matrix[5] / 12), []).append(g)
    for line in ys.values():
        if len(line) < 30:
            continue
        first, mid, last = line[0].matrix, line[len(line) // 2].matrix, line[-1].matrix
        t = (mid[4] - first[4]) / (last[4] - first[4])
        mids.append(mid[5] - (first[5] + t * (last[5] - first[5])))
    assert mids and max(abs(m) for m in mids) > 0.2


def test_pdf_stroke_width_varies_per_word_and_text_stays_text():
    pdf = render_pdf([CardSpec(TEXT, style="breip", seed=3)])
    content = b"".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages)
    widths = set(re.findall(rb"2 Tr ([0-9.]+) w", content))
    assert len(widths) >= 10
    assert b"Tj" in content or b"TJ" in content


def test_i_dots_and_t_bars_land_in_different_places():
    from refdesk.assets import fonts_dir
    from refdesk.cards.single_line_fonts import load_stroke_face

    face = load_stroke_face(fonts_dir() / "ems-allure" / "EMSAllure.svg")
    for letter in "it":
        base = face.strokes(letter)
        offsets = set()
        for n in range(6):
            varied = vary_letter(letter, base, random.Random(n), face.x_height)
            # How the last stroke (the dot or the bar) moved against the first.
            d = (varied[-1][0][0] - base[-1][0][0]) - (varied[0][0][0] - base[0][0][0])
            offsets.add(round(d, 3))
        assert len(offsets) == 6, letter
        assert max(offsets) - min(offsets) > 0.03


def test_realism_option_prints_the_figures(tmp_path, capsys):
    msg = tmp_path / "m.txt"
    msg.write_text(TEXT, encoding="utf-8")
    parser = argparse.ArgumentParser(prog="refdesk")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["card", "--message-file", str(msg), "--realism", "-o",
                              str(tmp_path / "c.pdf")])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert re.search(r"identically to an earlier one: 0 of \d+", out)
    for label in ("left margin spread", "baseline bend", "line spacing variation",
                  "word gap variation"):
        assert label in out


@pytest.mark.parametrize(("style", "letter", "from_font"),
                         [("kristi", "r", "delphine"), ("delphine", "f", "breip")])
def test_a_letter_that_reads_as_another_is_drawn_from_a_plainer_hand(style, letter, from_font):
    side = plan_pages([CardSpec("Dear Frank,\n\nfor referral offices", style=style,
                                seed=1)])[0].sides[0]
    fonts = {g.font for g in side.glyphs if g.text == letter}
    others = {g.font for g in side.glyphs if g.text not in (letter, " ")}
    assert len(fonts) == 1 and from_font in fonts.pop()
    assert all(style in f for f in others if g_is_hand(f))
    # Sized to the hand: the swapped letter stands no taller than the hand's tall letters.
    tall = max(g.box[3] - g.box[1] for g in side.glyphs if g.text in "dlF")
    assert all(g.box[3] - g.box[1] < 1.25 * tall for g in side.glyphs if g.text == letter)


def g_is_hand(font: str) -> bool:
    return not any(name in font for name in ("andika", "dejavu"))
