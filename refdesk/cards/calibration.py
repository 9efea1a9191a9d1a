"""A calibration page: crosshairs and rulers at known distances from the paper edges.

The user prints it, measures with a ruler, and enters the printer offset:
offset = expected - measured, in millimetres, x to the right and y downwards.
"""

from __future__ import annotations

import cmath
import io
import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm

from refdesk.cards.formats import A4, LETTER
from refdesk.cards.render import Offset, atomic_write, new_canvas, printer_shift, save
from refdesk.cards.spec import plain_face
from refdesk.errors import RefdeskError

PAPERS = {"letter": LETTER, "a4": A4}
MARK_MM = 25.0  # crosshair centres sit this far from the nearest two edges
MAX_OFFSET_MM = 15.0  # a printer further off than this was measured wrong
SCALE_RANGE = (0.9, 1.1)  # a page printed further off its size was not printed at 100%
MAX_ROTATION_DEG = 5.0  # a sheet fed more crooked than this needs the guides, not refdesk


def crosshair_positions(paper: str = "letter") -> list[tuple[str, float, float]]:
    """(label, mm from left edge, mm from top edge) of every crosshair centre."""
    w, h = (v / mm for v in _paper(paper))
    m = MARK_MM
    return [("A", m, m), ("B", w - m, m), ("C", m, h - m), ("D", w - m, h - m),
            ("E", round(w / 2, 1), round(h / 2, 1))]


def _paper(paper: str) -> tuple[float, float]:
    try:
        return PAPERS[paper.strip().lower()]
    except KeyError:
        raise RefdeskError(f"unknown paper {paper!r} for the calibration page: use "
                           f"{' or '.join(PAPERS)}") from None


def calibration_pdf(paper: str = "letter", offset_mm: Offset = (0.0, 0.0),
                    correction: Correction | None = None) -> bytes:
    """The calibration page as PDF bytes; the given offset (or the whole correction,
    when given) is applied like on cards, so a reprint shows whether it holds."""
    w, h = _paper(paper)
    font = plain_face()
    buf = io.BytesIO()
    c = new_canvas(buf, font.name)
    c.setTitle("Printer calibration")
    c.setPageSize((w, h))
    if correction is not None:
        offset_mm = correction.offset_mm
        c.transform(*correction.matrix(h))
    else:
        c.translate(*printer_shift(offset_mm))

    def text(x_mm: float, y_top_mm: float, s: str, size: float = 8.5) -> None:
        c.setFont(font.name, size)
        c.drawString(x_mm * mm, h - y_top_mm * mm, s)

    c.setLineWidth(0.4)
    for label, x, y in crosshair_positions(paper):
        px, py = x * mm, h - y * mm
        c.circle(px, py, 3 * mm)
        c.line(px - 9 * mm, py, px + 9 * mm, py)
        c.line(px, py - 9 * mm, px, py + 9 * mm)
        c.setFont(font.name, 8)
        c.drawString(px + 4 * mm, py + 4 * mm, label)
    # Rulers whose tick labels are distances from the left / top paper edge,
    # clear of crosshair A (whose arms reach 34 mm) and of each other.
    c.setLineWidth(0.3)
    for d in range(40, 141):
        long = d % 10 == 0
        tick = (4.0 if long else 2.5 if d % 5 == 0 else 1.5) * mm
        c.line(d * mm, h - 30 * mm, d * mm, h - 30 * mm - tick)
        c.line(30 * mm, h - d * mm, 30 * mm + tick, h - d * mm)
        if long:
            c.setFont(font.name, 6.5)
            c.drawCentredString(d * mm, h - 30 * mm - 7 * mm, str(d))
            c.drawString(30 * mm + 5 * mm, h - d * mm - 2, str(d))
    c.line(40 * mm, h - 30 * mm, 140 * mm, h - 30 * mm)
    c.line(30 * mm, h - 40 * mm, 30 * mm, h - 140 * mm)
    lines = [
        "refdesk printer calibration",
        "1. Print this page at 100% (turn off 'fit to page'). The rulers must measure exactly",
        "   100 mm from 40 to 140; if not, the print dialog is scaling the page.",
        f"2. Measure from the LEFT edge of the paper to the centre of crosshair A ({MARK_MM:g} mm",
        f"   expected) and from the TOP edge to it ({MARK_MM:g} mm expected).",
        "3. Offset x = expected - measured from the left;  offset y = expected - measured",
        "   from the top. Positive x moves the print right, positive y moves it down.",
        "4. Check B, C and D the same way. If they disagree, the printer also scales or",
        "   turns the page: give all of them to refdesk card --calibration --measured A=x,y ...",
    ]
    if offset_mm != (0.0, 0.0):
        lines.append(f"This page was printed with offset x = {offset_mm[0]:g} mm, "
                     f"y = {offset_mm[1]:g} mm: A should now measure {MARK_MM:g} mm.")
    if correction is not None and (correction.scale, correction.rotation_deg) != (1.0, 0.0):
        lines.append(f"...and scale {correction.scale:g}, rotation "
                     f"{correction.rotation_deg:g} degrees: every crosshair should measure "
                     "right.")
    for i, line in enumerate(lines):
        text(48, 52 + i * 5.2, line, 10 if i == 0 else 8.5)
    c.showPage()
    save(c)
    return buf.getvalue()


def write_calibration(path: Path, paper: str = "letter", offset_mm: Offset = (0.0, 0.0),
                      correction: Correction | None = None) -> Path:
    """Write the calibration page to path atomically."""
    return atomic_write(Path(path), calibration_pdf(paper, offset_mm, correction))


@dataclass(frozen=True)
class Correction:
    """How to pre-distort a page so a printer that shifts, scales and turns it puts
    everything where it belongs. In the calibration frame: millimetres, x right and
    y down from the paper's top-left corner; the page is scaled by ``scale`` and
    turned clockwise by ``rotation_deg`` about that corner, then moved by
    ``offset_mm`` (the plain printer offset when scale is 1 and rotation 0)."""

    offset_mm: Offset = (0.0, 0.0)
    scale: float = 1.0
    rotation_deg: float = 0.0

    def matrix(self, page_height: float) -> tuple[float, float, float, float, float, float]:
        """The PDF transform (a, b, c, d, e, f) in points, y up from the bottom-left."""
        k = self.scale * cmath.exp(1j * math.radians(self.rotation_deg))
        o = complex(*self.offset_mm)

        def frame(x: float, y: float) -> complex:  # PDF point -> calibration frame
            return complex(x / mm, (page_height - y) / mm)

        def pdf(z: complex) -> tuple[float, float]:
            return z.real * mm, page_height - z.imag * mm

        e, f = pdf(k * frame(0, 0) + o)
        x1, y1 = pdf(k * frame(1, 0) + o)
        x2, y2 = pdf(k * frame(0, 1) + o)
        return (x1 - e, y1 - f, x2 - e, y2 - f, e, f)


def fit_correction(measured: dict[str, tuple[float, float]],
                   paper: str = "letter") -> Correction:
    """The correction from crosshairs measured on a printed calibration page.

    ``measured`` maps crosshair labels (A-E) to (mm from the left edge, mm from
    the top edge). One crosshair gives the offset only; two or more also give
    the printer's scale and turn (a least-squares fit of a similarity), which
    the correction undoes.
    """
    expected = {label: complex(x, y) for label, x, y in crosshair_positions(paper)}
    unknown = sorted(set(measured) - set(expected))
    if unknown or not measured:
        raise RefdeskError(f"calibration: measure crosshairs {', '.join(sorted(expected))}; "
                           f"{'there is no ' + ', '.join(unknown) if unknown else 'none given'}")
    e = [expected[k] for k in sorted(measured)]
    m = [complex(*measured[k]) for k in sorted(measured)]
    ec, mc = sum(e) / len(e), sum(m) / len(m)
    spread = sum(abs(z - ec) ** 2 for z in e)
    # The printer maps an expected point z to a*z + t (a = scale and turn).
    a = (sum((z - ec).conjugate() * (w - mc) for z, w in zip(e, m, strict=True)) / spread
         if len(e) > 1 else 1 + 0j)
    t = mc - a * ec
    if not 0.9 < abs(a) < 1.1:
        raise RefdeskError(f"calibration: the page measures {abs(a) * 100:.1f}% of its size; "
                           "print it at 100% ('actual size') and measure again")
    inv = 1 / a
    off = -inv * t
    if max(abs(off.real), abs(off.imag)) > MAX_OFFSET_MM:
        raise RefdeskError(f"calibration: an offset over {MAX_OFFSET_MM:g} mm means a "
                           "measurement is wrong; measure again")
    return Correction((round(off.real, 2), round(off.imag, 2)), round(abs(inv), 5),
                      round(math.degrees(cmath.phase(inv)), 3))


def check_correction(offset_mm: Offset, scale: float, rotation_deg: float,
                     names: tuple[str, str] = ("printer scale", "printer rotation"),
                     ) -> Correction | None:
    """The correction to print with, or None when it is only the offset (drawn as a
    plain shift); a RefdeskError naming the value (``names``) that is out of range."""
    lo, hi = SCALE_RANGE
    if not (math.isfinite(scale) and lo < scale < hi):
        raise RefdeskError(f"{names[0]} {scale:g} is not within {lo:g} to {hi:g}; print the "
                           "calibration page at 100% and measure again")
    if not (math.isfinite(rotation_deg) and abs(rotation_deg) <= MAX_ROTATION_DEG):
        raise RefdeskError(f"{names[1]} {rotation_deg:g} degrees is more than "
                           f"{MAX_ROTATION_DEG:g}; measure the calibration page again")
    if scale == 1.0 and rotation_deg == 0.0:
        return None
    return Correction(offset_mm, scale, rotation_deg)


def parse_measured(items: list[str] | str, what: str = "--measured") -> dict[str, tuple[float,
                                                                                       float]]:
    """Crosshairs as measured, from "A=25.6,24.1" items (or one string of them separated
    by spaces or semicolons): {label: (mm from the left edge, mm from the top edge)}."""
    if isinstance(items, str):
        items = items.replace(";", " ").split()
    measured = {}
    for item in items:
        label, _, xy = item.partition("=")
        try:
            x, y = (float(v) for v in xy.split(","))
        except ValueError:
            x = y = math.nan
        if not (label.strip() and math.isfinite(x) and math.isfinite(y)):
            raise RefdeskError(f"{what} {item!r} should look like A=25.6,24.1 "
                               "(mm from the left edge, mm from the top edge)")
        measured[label.strip().upper()] = (x, y)
    return measured
