"""The report card's second page: money, top referrers, follow-ups, rewards,
cards and other currencies, as labelled rows and small tables."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from refdesk.domain.report_card import CARD_EFFECT_DAYS, ReferrerFigures, ReportCard
from refdesk.domain.report_wording import (
    NONE,
    days,
    follow_up_label,
    money,
    occasion_label,
    percent,
    ratio,
)
from refdesk.reports.report_pdf_charts import GRID, INK, MUTED, WON

ROW = 14.0


def fit(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut with an ellipsis to fit ``room`` points."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


class _Writer:
    """Writes labelled rows down the page from ``y``."""

    def __init__(self, canvas: Canvas, font: str, x: float, y: float, width: float):
        self.c, self.font, self.x, self.y, self.width = canvas, font, x, y, width

    def heading(self, text: str) -> None:
        self.y -= 22
        self.c.setFillColor(INK)
        self.c.setFont(self.font, 12)
        self.c.drawString(self.x, self.y, text)
        self.c.setStrokeColor(GRID)
        self.c.setLineWidth(0.5)
        self.c.line(self.x, self.y - 4, self.x + self.width, self.y - 4)
        self.y -= 6

    def row(self, label: str, value: str, *, indent: float = 0.0) -> None:
        self.y -= ROW
        self.c.setFont(self.font, 9.5)
        self.c.setFillColor(MUTED)
        self.c.drawString(self.x + indent, self.y, label)
        self.c.setFillColor(INK)
        self.c.drawString(self.x + 190, self.y, value)

    def note(self, text: str) -> None:
        self.y -= ROW
        self.c.setFont(self.font, 9)
        self.c.setFillColor(MUTED)
        self.c.drawString(self.x, self.y, fit(text, self.font, 9, self.width))


def draw_details(canvas: Canvas, card: ReportCard, font: str, x: float, y: float,
                 width: float) -> float:
    """Draw the second page's sections from ``y`` down; returns the y reached."""
    c, cur = card, card.currency
    w = _Writer(canvas, font, x, y + 10, width)
    w.heading("Money")
    w.row("Revenue from referrals", f"{money(c.referral_revenue, cur)} of "
          f"{money(c.total_revenue, cur)} ({percent(c.referral_share.share)})")
    w.row("Average sale", f"referred {money(c.average_sale_referred, cur)}, "
          f"other {money(c.average_sale_other, cur)}")
    w.row("Close rate of newcomers", f"referred {ratio(c.close_rate_referred)}, "
          f"other {ratio(c.close_rate_other)}")
    w.row("Ask to first sale (median)", days(c.median_days_to_sale))

    w.heading("Top referrers")
    half = (width - 20) / 2
    bottom = min(_referrers(canvas, font, x, w.y, half, "By revenue", c.top_by_revenue, cur),
                 _referrers(canvas, font, x + half + 20, w.y, half, "By referrals received",
                            c.top_by_count, cur))
    w.y = bottom
    k = c.concentration
    if k.referrers:
        w.note(f"The top tenth of referrers ({k.top:,} of {k.referrers:,}) brought "
               f"{percent(k.share_of_referrals.share)} of the referrals received and "
               f"{percent(k.share_of_revenue.share)} of referrers' revenue.")

    w.heading("Follow-ups done on time")
    on_time = c.follow_ups_on_time
    w.row("All follow-ups due", ratio(on_time) if on_time.whole else f"{NONE} (none due)")
    for kind, r in c.follow_ups_by_kind.items():
        w.row(follow_up_label(kind), ratio(r), indent=10)
        _share_bar(canvas, x + 400, w.y, width - 400, r.share)

    w.heading("Rewards")
    w.row("Spent on rewards", money(c.reward_spend, cur))
    w.row("Referral revenue per 1 spent", money(c.revenue_per_reward, cur))
    w.row("Cost per referral won", money(c.cost_per_won, cur))

    w.heading("Thank-you cards and what followed")
    w.row("Cards sent", f"{c.cards.sent:,}")
    for occasion, n in c.cards.by_occasion.items():
        w.row(occasion_label(occasion), f"{n:,}", indent=10)
    w.row(f"Followed by a win in {CARD_EFFECT_DAYS} days", ratio(c.cards.followed_by_win))
    w.row("Referrals won after a card", f"{c.cards.won_after_card:,} with a card to the "
          f"referrer in the {CARD_EFFECT_DAYS} days before, {c.cards.won_without_card:,} "
          "without")

    w.heading("Other currencies")
    if not c.other_currencies:
        w.note(f"None: every sale in the period is in {cur}.")
    for o in c.other_currencies:
        w.row(o.currency, f"{o.sales:,} sales, {money(o.revenue, o.currency)} "
              f"({money(o.referral_revenue, o.currency)} from referrals); never added "
              f"to {cur}")
    return w.y


def _referrers(canvas: Canvas, font: str, x: float, y: float, width: float, title: str,
               rows: tuple[ReferrerFigures, ...], currency: str) -> float:
    y -= ROW
    canvas.setFont(font, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(x, y, title)
    canvas.drawRightString(x + width - 66, y, "won")
    canvas.drawRightString(x + width, y, "revenue" if title == "By revenue" else "received")
    if not rows:
        y -= ROW
        canvas.drawString(x, y, "None in this period.")
        return y
    for i, r in enumerate(rows, 1):
        y -= ROW
        canvas.setFillColor(INK)
        canvas.setFont(font, 9.5)
        canvas.drawString(x, y, fit(f"{i}. {r.name}", font, 9.5, width - 96))
        canvas.drawRightString(x + width - 66, y, f"{r.won:,}")
        last = money(r.revenue, currency) if title == "By revenue" else f"{r.received:,}"
        canvas.drawRightString(x + width, y, last)
    return y


def _share_bar(canvas: Canvas, x: float, y: float, width: float, share: float | None) -> None:
    """A thin bar under the share's text: outline for the whole, filled for the part."""
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, width, 7, stroke=1, fill=0)
    if share:
        canvas.setFillColor(WON)
        canvas.rect(x, y, width * share, 7, stroke=0, fill=1)
