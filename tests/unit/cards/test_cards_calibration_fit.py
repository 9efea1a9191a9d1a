"""Printer calibration beyond an x/y nudge, and a partly used sheet."""

from __future__ import annotations

import argparse
import cmath
import math
import re

import pytest
from reportlab.lib.units import mm

from refdesk.cards import CardSpec, get_format, plan_pages
from refdesk.cards.calibration import Correction, crosshair_positions, fit_correction
from refdesk.cards.cli_card import add_parser
from refdesk.cards.render import printer_shift
from refdesk.errors import RefdeskError

LETTER_H = 11 * 72


def printer(scale: float, turn_deg: float, shift: tuple[float, float]):
    """A printer that scales and turns the page about its top-left corner, then shifts it
    (calibration frame: mm, x right, y down)."""
    a = scale * cmath.exp(1j * math.radians(turn_deg))
    return lambda z: a * z + complex(*shift)


def measure(print_page) -> dict[str, tuple[float, float]]:
    got = {}
    for label, x, y in crosshair_positions("letter"):
        z = print_page(complex(x, y))
        got[label] = (z.real, z.imag)
    return got


@pytest.mark.parametrize(("scale", "turn", "shift"), [
    (1.0, 0.0, (1.5, -2.0)), (0.994, 0.0, (0.0, 0.0)), (1.0, 0.35, (0.4, 0.2)),
    (1.006, -0.5, (-1.2, 0.9))])
def test_the_fitted_correction_puts_every_crosshair_back(scale, turn, shift):
    page = printer(scale, turn, shift)
    c = fit_correction(measure(page), "letter")
    k = c.scale * cmath.exp(1j * math.radians(c.rotation_deg))
    for _, x, y in crosshair_positions("letter"):
        z = complex(x, y)
        assert abs(page(k * z + complex(*c.offset_mm)) - z) < 0.02  # mm, after rounding


def test_one_crosshair_gives_the_plain_offset():
    c = fit_correction({"A": (26.5, 23.0)}, "letter")
    assert c == Correction((-1.5, 2.0), 1.0, 0.0)
    # ...which moves the page exactly as the old offset did.
    a, b, cc, d, e, f = c.matrix(LETTER_H)
    assert (a, b, cc, d) == pytest.approx((1, 0, 0, 1))
    assert (e, f) == pytest.approx(printer_shift((-1.5, 2.0)))


def test_the_pdf_matrix_is_the_correction_in_points():
    c = Correction((1.0, -0.5), 1.004, 0.3)
    a, b, cc, d, e, f = c.matrix(LETTER_H)
    k = c.scale * cmath.exp(1j * math.radians(c.rotation_deg))
    for x_mm, y_mm in ((25, 25), (190, 250), (108, 140)):
        px, py = x_mm * mm, LETTER_H - y_mm * mm
        qx, qy = a * px + cc * py + e, b * px + d * py + f
        want = k * complex(x_mm, y_mm) + complex(*c.offset_mm)
        assert (qx / mm, (LETTER_H - qy) / mm) == pytest.approx((want.real, want.imag))


@pytest.mark.parametrize(("measured", "says"), [
    ({"Z": (1.0, 2.0)}, "there is no Z"), ({}, "none given"),
    ({"A": (25, 25), "B": (215, 25)}, "print it at 100%"),
    ({"A": (45.0, 25.0)}, "measure again")])
def test_bad_measurements_are_refused_with_the_reason(measured, says):
    with pytest.raises(RefdeskError, match=says):
        fit_correction(measured, "letter")


def call(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="refdesk")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["card", *argv])
    return args.func(args)


def test_the_command_prints_the_options_to_print_with(capsys):
    measured = measure(printer(1.0, 0.25, (0.6, -0.4)))
    args = [f"--measured={k}={x:.2f},{y:.2f}" for k, (x, y) in measured.items()]
    assert call("--calibration", *args) == 0
    out = capsys.readouterr().out
    got = re.search(r"--offset (\S+),(\S+) --printer-scale (\S+) --printer-rotation (\S+)",
                    out)
    assert [float(v) for v in got.groups()] == pytest.approx([-0.6, 0.4, 1.0, -0.25], abs=0.01)


def test_a_partly_used_sheet_starts_at_the_first_free_card():
    fmt = get_format("letter-4up")
    specs = [CardSpec(f"Thanks {n}!\n\nSam", seed=n, format="letter-4up") for n in range(3)]
    pages = plan_pages(specs, start_slot=3)
    first, second = pages
    assert [s.origin for s in first.sides] == [(fmt.slots[2].x, fmt.slots[2].y),
                                               (fmt.slots[3].x, fmt.slots[3].y)]
    assert [s.origin for s in second.sides] == [(fmt.slots[0].x, fmt.slots[0].y)]
    with pytest.raises(RefdeskError, match="start slot 5"):
        plan_pages(specs, start_slot=5)
