"""Pen-plotter SVG: read back the file a plotter gets and check what it would draw."""

from __future__ import annotations

import argparse
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from refdesk.cards.cli_card import add_parser
from refdesk.cards.formats import SAFE_INSET
from refdesk.cards.pen_paths import order_strokes, travel
from refdesk.cards.plotter_svg import plan_drawing, svg_bytes, write_svgs
from refdesk.cards.single_line_fonts import parse_path, stroke_styles
from refdesk.cards.spec import CardSpec
from refdesk.errors import RefdeskError

SVG = "{http://www.w3.org/2000/svg}"
INK = "{http://www.inkscape.org/namespaces/inkscape}"
LONG = ("Dear Maria,\n\nThank you so much for sending Fred Okafor my way last month. He signed "
        "on for the full kitchen remodel this week, and he said you told him I would treat him "
        "right. That kind of trust means a great deal to me.\n\nWith thanks,\nSam")


def call(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="refdesk")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["card", *argv])
    return args.func(args)


def points(root: ET.Element) -> list[list[tuple[float, float]]]:
    """Every path's points in inches from the top-left corner (viewBox is in points)."""
    out = []
    for p in root.iter(f"{SVG}path"):
        for s in parse_path(p.get("d")):
            out.append([(x / 72, y / 72) for x, y in s])
    return out


@pytest.fixture
def msg_file(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(LONG, encoding="utf-8")
    return path


def test_svg_from_the_command_is_the_card_in_inches_with_only_open_strokes(
        tmp_path, msg_file, capsys):
    out = tmp_path / "card.svg"
    assert call("--message-file", str(msg_file), "--seed", "4", "--ink", "#1c2a4d",
                "-o", str(out)) == 0
    said = capsys.readouterr().out
    assert "pen plotter" in said and "allure" in said  # the default single-line style
    root = ET.parse(out).getroot()
    assert (root.get("width"), root.get("height")) == ("5.5in", "4.25in")
    assert root.get("viewBox") == "0 0 396.00 306.00"
    tags = {el.tag.replace(SVG, "") for el in root.iter()}
    assert tags == {"svg", "title", "g", "path"}  # no text, use, image, rect or guides
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) > 100
    assert all(p.get("fill") == "none" for p in paths)
    assert all("Z" not in p.get("d").upper() and "C" not in p.get("d") for p in paths)
    layers = [g for g in root.iter(f"{SVG}g") if g.get(f"{INK}groupmode") == "layer"]
    assert len(layers) == 1 and layers[0].get("stroke") == "#1c2a4d"
    inset = SAFE_INSET / 72
    for stroke in points(root):
        for x, y in stroke:
            assert inset <= x <= 5.5 - inset and inset <= y <= 4.25 - inset


def test_same_seed_same_bytes_other_seed_other_strokes():
    a = svg_bytes(plan_drawing(CardSpec(LONG, seed=11)))
    b = svg_bytes(plan_drawing(CardSpec(LONG, seed=11)))
    c = svg_bytes(plan_drawing(CardSpec(LONG, seed=12)))
    assert a == b
    assert a != c
    assert b"date" not in a.lower() and b"Maria" not in a  # text lives only as strokes


@pytest.mark.parametrize("style", ["allure", "nixish", "felix"])
def test_every_shipped_single_line_style_draws_a_card(style):
    drawing = plan_drawing(CardSpec(LONG, style=style, seed=2))
    assert drawing.stats.strokes > 100
    assert drawing.stats.pen_up_in < drawing.stats.naive_pen_up_in


def test_pen_up_travel_is_shorter_than_writing_order():
    strokes = list(plan_drawing(CardSpec(LONG, seed=3)).layers[0][1])
    # The file's order beats the stroke order a naive plotter would take.
    naive = sorted(strokes, key=lambda s: (round(s[0][1] / 30), s[0][0]))
    assert travel(strokes) < 0.85 * travel(naive)
    assert sorted(map(sorted, strokes)) == sorted(map(sorted, order_strokes(strokes)))


def test_folded_card_strokes_keep_clear_of_the_fold(tmp_path, msg_file):
    out = tmp_path / "folded.svg"
    call("--message-file", str(msg_file), "--format", "a2-folded", "-o", str(out))
    root = ET.parse(out).getroot()
    assert (root.get("width"), root.get("height")) == ("8.5in", "5.5in")
    xs = [x for s in points(root) for x, _ in s]
    assert min(xs) >= 4.25 + SAFE_INSET / 72  # the message panel is right of the fold


def test_envelope_is_drawn_with_the_address(tmp_path):
    out = tmp_path / "env.svg"
    call("--format", "env-a2", "--to", "Maria Lopez", "--address", "12 Elm Street",
         "--address", "Springfield, IL 62704", "--return-address", "Sam Reed",
         "-o", str(out))
    root = ET.parse(out).getroot()
    assert (root.get("width"), root.get("height")) == ("5.75in", "4.375in")
    strokes = points(root)
    assert len(strokes) > 40
    # Recipient below and right of centre, return address top left.
    assert any(x > 2.5 and y > 2.2 for s in strokes for x, y in s)
    assert any(x < 2.0 and y < 1.2 for s in strokes for x, y in s)


@pytest.mark.parametrize("code", ["env-a2", "env-10", "env-c6"])
def test_the_return_address_is_written_large_and_loose_enough_for_the_pen(code):
    # At 11 pt with a 0.5 mm pen the small loops closed and descenders met the
    # next line: the return address looked cramped.
    spec = CardSpec("", "Maria Kowalski", format=code,
                    address=("1428 Elmwood Avenue", "Springfield, IL 62704"),
                    return_address=("Sam Carter", "77 Harbor Road, Apt 4", "Portland, ME 04101"),
                    seed=4)
    drawing = plan_drawing(spec)
    pen = drawing.pen_mm * 72 / 25.4
    top = drawing.size[1] / 2
    sender = [g for g in drawing.side.glyphs if g.box[1] > top]
    lines: dict[int, list] = {}
    for g in sender:
        lines.setdefault(g.line, []).append(g)
    assert len(lines) == 3  # every address line whole, none wrapped
    assert min(g.size for g in sender) >= 12 * pen
    rows = [lines[k] for k in sorted(lines)]
    # Where letters of two lines stand over each other, their ink stays apart by the
    # layout's line gap (a twentieth of the size, so about half a pen width): no
    # descender meets the line below. (The lines' overall extents may overlap where a
    # line slopes or bows and nothing stands below.)
    for upper, lower in itertools.pairwise(rows):
        over = [u.box[1] - low.box[3] for u in upper for low in lower
                if u.box[0] < low.box[2] and low.box[0] < u.box[2]]
        assert over and min(over) >= 0.45 * pen
    recipient = [g for g in drawing.side.glyphs if g.box[1] <= top]
    assert max(g.size for g in sender) < min(g.size for g in recipient)  # still the smaller


def test_a_letter_the_font_lacks_is_named_and_nothing_is_written(tmp_path):
    msg = tmp_path / "m.txt"
    msg.write_text("Merci pour Zoë — à bientôt 🙂\n\nSam", encoding="utf-8")
    out = tmp_path / "card.svg"
    with pytest.raises(RefdeskError, match=r'U\+1F642'):
        call("--message-file", str(msg), "-o", str(out))
    assert not out.exists()


def test_unknown_single_line_style_lists_the_known_ones(tmp_path, msg_file):
    with pytest.raises(RefdeskError, match=r"single-line handwriting style 'breip'.*allure"):
        call("--message-file", str(msg_file), "--style", "breip", "-o",
             str(tmp_path / "x.svg"))


def test_pen_width_sets_stroke_width_and_writes_larger():
    thin = plan_drawing(CardSpec("Thank you!\n\nSam", seed=1), pen_mm=0.3)
    wide = plan_drawing(CardSpec("Thank you!\n\nSam", seed=1), pen_mm=0.8)
    assert wide.side.size > thin.side.size
    width = re.search(rb'stroke-width="([0-9.]+)"', svg_bytes(wide)).group(1)
    assert math.isclose(float(width), 0.8 * 72 / 25.4, rel_tol=1e-3)
    with pytest.raises(RefdeskError, match="pen width"):
        plan_drawing(CardSpec("Hi", seed=1), pen_mm=9)


def test_pen_width_needs_an_svg(tmp_path, msg_file):
    with pytest.raises(RefdeskError, match="--pen-width is for plotter output"):
        call("--message-file", str(msg_file), "--pen-width", "0.5", "-o",
             str(tmp_path / "x.pdf"))


def test_a_batch_is_one_file_per_card_planned_before_writing(tmp_path):
    specs = [CardSpec("Thanks, Ann!\n\nSam", seed=1), CardSpec("Thanks, Bo!\n\nSam", seed=2)]
    paths = write_svgs(specs, tmp_path, stroke_styles())
    assert [p.name for p in paths] == ["card-001.svg", "card-002.svg"]
    with pytest.raises(RefdeskError, match="cannot draw"):
        write_svgs([*specs, CardSpec("Thanks ☃", seed=3)], tmp_path / "..")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card-001.svg", "card-002.svg"]
