"""The report card's charts drawn as vectors with ReportLab: the funnel as
bars, the months as bars (asked hollow, won filled) with the revenue as a
line of dots. Shapes, not only colours, tell the series apart, so a black and
white print still reads."""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from refdesk.domain.report_card import ReportCard
from refdesk.domain.report_wording import month_label, percent, stage_label

INK = HexColor("#1f2328")
MUTED = HexColor("#59636e")
GRID = HexColor("#d1d9e0")
WON = HexColor("#0b5cad")
ASKED = HexColor("#8aa4bf")
REVENUE = HexColor("#b35900")


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def short_money(amount: float, currency: str) -> str:
    """"USD 12k", "USD 1.5M": axis labels that fit."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            text = f"{amount / size:.1f}".removesuffix(".0")
            return f"{currency} {text}{suffix}"
    return f"{currency} {amount:.0f}"


def draw_funnel(canvas: Canvas, card: ReportCard, font: str, x: float, y: float,
                width: float) -> float:
    """One bar per stage, as long as its count, with the rate from the stage
    before written beside it. Returns the y below the last bar."""
    label_w, note_w, row_h, bar_h = 80.0, 170.0, 19.0, 13.0
    bar_room = width - label_w - note_w
    top = max((s.referrals for s in card.funnel), default=0) or 1
    for step in card.funnel:
        y -= row_h
        canvas.setFillColor(INK)
        canvas.setFont(font, 9.5)
        canvas.drawString(x, y + 3, stage_label(step.stage))
        length = bar_room * step.referrals / top
        canvas.setFillColor(WON if step.stage == "won" else ASKED)
        if length > 0:
            canvas.rect(x + label_w, y, max(length, 1.0), bar_h, stroke=0, fill=1)
        canvas.setFillColor(INK)
        note = f"{step.referrals:,}"
        if step.from_previous is not None:
            note += f"   {percent(step.from_previous.share)} of the step before"
        canvas.drawString(x + label_w + length + 6, y + 3, note)
    return y


def draw_months(canvas: Canvas, card: ReportCard, font: str, x: float, y_top: float,
                width: float, height: float) -> None:
    """Grouped bars per month on a count axis (left) and the referral revenue
    as a dotted line on a money axis (right), with a legend drawn in shapes."""
    months = card.monthly
    legend_y = y_top - 12
    _legend(canvas, font, x, legend_y)
    if not months:
        canvas.setFillColor(MUTED)
        canvas.setFont(font, 9.5)
        canvas.drawString(x, legend_y - 24, "Nothing happened in this period yet.")
        return
    axis_w = 62.0
    left, right = x + 34, x + width - axis_w
    bottom, top = y_top - height + 18, legend_y - 14
    count_top = nice_top(max(max(m.asked, m.won) for m in months))
    money_top = nice_top(float(max(m.referral_revenue for m in months)))
    canvas.setLineWidth(0.4)
    canvas.setFont(font, 7.5)
    for i in range(5):  # gridlines with both axes' labels
        frac = i / 4
        gy = bottom + (top - bottom) * frac
        canvas.setStrokeColor(GRID)
        canvas.line(left, gy, right, gy)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(left - 4, gy - 2.5, f"{count_top * frac:,.0f}")
        canvas.drawString(right + 4, gy - 2.5, short_money(money_top * frac, card.currency))
    slot = (right - left) / len(months)
    bar = min(slot * 0.36, 14.0)
    every = max(1, math.ceil(len(months) * 34 / (right - left)))  # labels that do not collide
    points = []
    for i, m in enumerate(months):
        cx = left + slot * (i + 0.5)
        asked_h = (top - bottom) * m.asked / count_top
        won_h = (top - bottom) * m.won / count_top
        canvas.setStrokeColor(ASKED)
        canvas.setLineWidth(0.9)
        if asked_h:
            canvas.rect(cx - bar, bottom, bar, asked_h, stroke=1, fill=0)
        canvas.setFillColor(WON)
        if won_h:
            canvas.rect(cx, bottom, bar, won_h, stroke=0, fill=1)
        points.append((cx, bottom + (top - bottom) * float(m.referral_revenue) / money_top))
        if i % every == 0:
            canvas.setFillColor(MUTED)
            canvas.setFont(font, 7.5)
            label = month_label(m.month)
            canvas.drawCentredString(cx, bottom - 11, label[:3] + " " + label[-2:])
    _revenue_line(canvas, points)
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.6)
    canvas.line(left, bottom, right, bottom)


def _revenue_line(canvas: Canvas, points: list[tuple[float, float]]) -> None:
    canvas.setStrokeColor(REVENUE)
    canvas.setFillColor(REVENUE)
    canvas.setLineWidth(1.3)
    canvas.setDash(3, 2)
    if len(points) > 1:
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.setDash()
    for px, py in points:
        canvas.circle(px, py, 2.2, stroke=0, fill=1)


def _legend(canvas: Canvas, font: str, x: float, y: float) -> None:
    canvas.setFont(font, 8.5)
    canvas.setLineWidth(0.9)
    canvas.setStrokeColor(ASKED)
    canvas.rect(x, y, 9, 9, stroke=1, fill=0)
    canvas.setFillColor(INK)
    canvas.drawString(x + 13, y + 1, "Asked (hollow bar)")
    canvas.setFillColor(WON)
    canvas.rect(x + 110, y, 9, 9, stroke=0, fill=1)
    canvas.setFillColor(INK)
    canvas.drawString(x + 123, y + 1, "Won (filled bar)")
    _revenue_line(canvas, [(x + 215, y + 4.5), (x + 235, y + 4.5)])
    canvas.setFillColor(INK)
    canvas.drawString(x + 241, y + 1, "Revenue from referrals (dotted line, right axis)")
