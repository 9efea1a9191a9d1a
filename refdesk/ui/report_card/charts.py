"""The report card's two charts with QtCharts: the funnel and the months.

Series differ by shape as well as colour (asked bars hatched, won bars solid,
revenue a dashed line with dots) and every chart carries its figures as
text for screen readers, so no meaning rests on colour alone. The chart
theme follows the palette: light or dark.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen

from refdesk.domain.report_card import ReportCard
from refdesk.domain.report_wording import money, month_label, percent, stage_label

# (on a light background, on a dark one)
ASKED = ("#6b8bb0", "#9ab8dc")
WON = ("#0b5cad", "#64b5f6")
REVENUE = ("#b35900", "#ffb74d")


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark background."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _colour(pair: tuple[str, str], palette: QPalette) -> QColor:
    return QColor(pair[1] if is_dark(palette) else pair[0])


def _nice_top(value: float) -> float:
    """A round axis maximum at or above ``value``, at least 4: the axis's five
    ticks then fall on whole numbers."""
    if value <= 4:
        return 4.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10.0 * power


class ReportChart(QChartView):
    """A chart view styled from the palette, antialiased, without frames."""

    def __init__(self, title: str):
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QChartView.Shape.NoFrame)
        self.setAccessibleName(title)
        self.setMinimumHeight(230)
        self._title = title

    def fresh_chart(self) -> QChart:
        """A new empty chart in the palette's theme (the old one is deleted)."""
        chart = QChart()
        dark = is_dark(self.palette())
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark
                       else QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundBrush(QBrush(self.palette().color(QPalette.ColorRole.Base)))
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setLabelColor(self.palette().color(QPalette.ColorRole.Text))
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart

    def describe(self, text: str) -> None:
        """The chart's figures in words: for screen readers and as its tooltip."""
        self.setAccessibleDescription(text)
        self.setToolTip(text)


def _axis_text(axis, palette: QPalette) -> None:
    axis.setLabelsColor(palette.color(QPalette.ColorRole.Text))
    axis.setGridLineColor(palette.color(QPalette.ColorRole.Mid))


def show_funnel(view: ReportChart, card: ReportCard) -> str:
    """Bars per stage for the referrals asked in the period; returns its summary."""
    palette = view.palette()
    chart = view.fresh_chart()
    steps = list(reversed(card.funnel))  # asked at the top
    bars = QBarSet("Referrals")
    bars.setColor(_colour(ASKED, palette))
    for step in steps:
        bars.append(step.referrals)
    series = QHorizontalBarSeries()
    series.append(bars)
    chart.addSeries(series)
    # The figures sit in the category names: "Promised 1,176 · 89%" (Qt's bar
    # labels cannot group thousands).
    names = QBarCategoryAxis()
    names.append([f"{stage_label(s.stage)} {s.referrals:,}"
                  + ("" if s.from_previous is None else f" · {percent(s.from_previous.share)}")
                  for s in steps])
    counts = QValueAxis()
    counts.setRange(0, _nice_top(max((s.referrals for s in steps), default=0)))
    counts.applyNiceNumbers()  # ticks on round numbers: 0, 500, 1000…
    counts.setLabelFormat("%d")
    for axis, side in ((names, Qt.AlignmentFlag.AlignLeft),
                       (counts, Qt.AlignmentFlag.AlignBottom)):
        chart.addAxis(axis, side)
        series.attachAxis(axis)
        _axis_text(axis, palette)
    chart.legend().hide()
    parts = [f"{stage_label(s.stage)} {s.referrals:,}"
             + ("" if s.from_previous is None else f" ({percent(s.from_previous.share)})")
             for s in card.funnel]
    summary = ("Funnel of the referrals asked in the period: " + ", ".join(parts)
               + f". Asked to won: {percent(card.asked_to_won.share)}.")
    view.describe(summary)
    return summary


def _month_names(months: list[str]) -> list[str]:
    """Axis names that fit: "Nov 2026" for a few months, "Nov 26" up to a
    year, then every few months (the others blank, made unique by zero-width
    spaces, as the axis needs distinct names)."""
    if len(months) <= 6:
        return [month_label(m) for m in months]
    short = [f"{month_label(m)[:3]} {m[2:4]}" for m in months]
    if len(months) <= 12:
        return short
    every = -(-len(months) // 9)
    return [name if i % every == 0 else "\u200b" * (i + 1) for i, name in enumerate(short)]


def show_months(view: ReportChart, card: ReportCard) -> str:
    """Asked (hatched) and won (solid) bars per month, and the referral revenue
    as a dashed line with dots on its own axis; returns its summary."""
    palette = view.palette()
    chart = view.fresh_chart()
    months = card.monthly
    asked, won = QBarSet("Asked"), QBarSet("Won")
    asked.setBrush(QBrush(_colour(ASKED, palette), Qt.BrushStyle.BDiagPattern))
    asked.setPen(QPen(_colour(ASKED, palette), 1.2))
    won.setBrush(QBrush(_colour(WON, palette)))
    won.setPen(QPen(_colour(WON, palette), 1.0))
    revenue = QLineSeries()
    revenue.setName(f"Revenue from referrals ({card.currency}, right axis)")
    pen = QPen(_colour(REVENUE, palette), 2.0, Qt.PenStyle.DashLine)
    revenue.setPen(pen)
    revenue.setPointsVisible(True)
    revenue.setMarkerSize(6)
    top_revenue = max((float(m.referral_revenue) for m in months), default=0.0)
    # Big sums in thousands: an axis of "750000" is hard to read.
    scale, unit = (1000.0, f"{card.currency} thousands") if top_revenue >= 10_000 \
        else (1.0, card.currency)
    for i, m in enumerate(months):
        asked.append(m.asked)
        won.append(m.won)
        revenue.append(i, float(m.referral_revenue) / scale)
    bars = QBarSeries()
    bars.append(asked)
    bars.append(won)
    chart.addSeries(bars)
    chart.addSeries(revenue)
    names = QBarCategoryAxis()
    names.append(_month_names([m.month for m in months]) or [""])
    if len(months) > 12:
        names.setLabelsAngle(-90)  # upright names would be cut to "…" in narrow slots
    counts = QValueAxis()
    counts.setRange(0, _nice_top(max((max(m.asked, m.won) for m in months), default=0)))
    counts.setLabelFormat("%d")
    counts.setTitleText("Referrals")
    cash = QValueAxis()
    cash.setRange(0, _nice_top(top_revenue / scale))
    cash.setLabelFormat("%.0f")
    cash.setTitleText(unit)
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(cash, Qt.AlignmentFlag.AlignRight)
    for axis in (names, counts, cash):
        _axis_text(axis, palette)
        axis.setTitleBrush(QBrush(palette.color(QPalette.ColorRole.Text)))
    bars.attachAxis(names)
    bars.attachAxis(counts)
    # The line shares the month axis: the i-th point sits on the i-th month.
    line_x = QValueAxis()
    line_x.setRange(-0.5, max(len(months), 1) - 0.5)
    line_x.setVisible(False)
    chart.addAxis(line_x, Qt.AlignmentFlag.AlignBottom)
    revenue.attachAxis(line_x)
    revenue.attachAxis(cash)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    if not months:
        summary = "Nothing happened in this period yet."
    else:
        parts = [f"{month_label(m.month)}: {m.asked} asked, {m.won} won, "
                 f"{money(m.referral_revenue, card.currency)}" for m in months]
        summary = "Per month, referrals asked and won and revenue from referrals. " + \
            "; ".join(parts) + "."
    view.describe(summary)
    return summary
