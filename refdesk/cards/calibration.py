"""A calibration page: crosshairs and rulers at known distances from the paper edges.

The user prints it, measures with a ruler, and enters the printer offset:
offset = expected - measured, in millimetres, x to the right and y downwards.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.units import mm

from refdesk.cards.formats import A4, LETTER
from refdesk.cards.render import Offset, atomic_write, new_canvas, printer_shift, save
from refdesk.cards.spec import plain_face
from refdesk.errors import RefdeskError

PAPERS = {"letter": LETTER, "a4": A4}
MARK_MM = 25.0  # crosshair centres sit this far from the nearest two edges
MAX_OFFSET_MM = 15.0  # a printer further off than this was measured wrong


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


def calibration_pdf(paper: str = "letter", offset_mm: Offset = (0.0, 0.0)) -> bytes:
    """The calibration page as PDF bytes; the given offset is applied like on cards."""
    w, h = _paper(paper)
    font = plain_face()
    buf = io.BytesIO()
    c = new_canvas(buf, font.name)
    c.setTitle("Printer calibration")
    c.setPageSize((w, h))
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
        "4. Check B, C and D the same way: if they disagree, average them.",
    ]
    if offset_mm != (0.0, 0.0):
        lines.append(f"This page was printed with offset x = {offset_mm[0]:g} mm, "
                     f"y = {offset_mm[1]:g} mm: A should now measure {MARK_MM:g} mm.")
    for i, line in enumerate(lines):
        text(48, 52 + i * 5.2, line, 10 if i == 0 else 8.5)
    c.showPage()
    save(c)
    return buf.getvalue()


def write_calibration(path: Path, paper: str = "letter",
                      offset_mm: Offset = (0.0, 0.0)) -> Path:
    """Write the calibration page to path atomically."""
    return atomic_write(Path(path), calibration_pdf(paper, offset_mm))
