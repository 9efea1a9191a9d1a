"""A plotter t is crossed: EMS Allure's bar reached only a hair past the stem, and with
a pen's own wander "Apt" read as "Api". Every drawn t's bar now crosses its stem."""

from __future__ import annotations

import random

import pytest

from refdesk.cards.pen_paths import vary_letter
from refdesk.cards.single_line_fonts import (
    T_BAR_LEFT,
    T_BAR_RIGHT,
    crossed_t,
    stem_crossings,
    stroke_styles,
)


def allure():
    return stroke_styles().get("allure").faces[0]


def overhangs(strokes, x_height: float) -> tuple[float, float]:
    """How far the bar reaches left and right past the stem, in x-heights."""
    stem, bar = strokes
    y = (bar[0][1] + bar[1][1]) / 2
    xs = stem_crossings(stem, y)
    assert xs, "the bar is above or below the stem"
    x0, x1 = sorted((bar[0][0], bar[1][0]))
    return (min(xs) - x0) / x_height, (x1 - max(xs)) / x_height


def test_allures_t_bar_crosses_the_stem_above_the_x_height():
    face = allure()
    strokes = face.strokes("t")
    left, right = overhangs(strokes, face.x_height)
    assert left >= T_BAR_LEFT - 1e-9 and right >= T_BAR_RIGHT - 1e-9
    bar_y = (strokes[1][0][1] + strokes[1][1][1]) / 2
    assert bar_y > face.x_height  # clear of the tops of the letters beside it
    assert face.ink("t")[2] <= face.advance("t")  # still inside its own advance


def test_every_written_t_stays_crossed_however_the_pen_wanders():
    face = allure()
    for seed in range(300):
        varied = vary_letter("t", face.strokes("t"), random.Random(seed), face.x_height)
        left, right = overhangs(varied, face.x_height)
        assert min(left, right) > 0.08, f"seed {seed}: the bar barely crosses the stem"


def test_a_t_drawn_in_one_stroke_or_already_crossed_is_left_alone():
    one_stroke = (((0.0, 0.7), (0.0, 0.5), (-0.2, 0.5), (0.3, 0.5), (0.0, 0.5), (0.0, 0.0)),)
    assert crossed_t(one_stroke, 0.5) is one_stroke
    stem = ((0.0, 0.0), (0.0, 0.9))
    crossed = (stem, ((-0.3, 0.6), (0.3, 0.6)))
    assert crossed_t(crossed, 0.5) is crossed


@pytest.mark.parametrize("name", ["nixish", "felix"])
def test_the_other_styles_keep_their_own_t(name):
    face = stroke_styles().get(name).faces[0]
    assert len(face.strokes("t")) == 1  # bar and stem in one stroke: nothing to mend
