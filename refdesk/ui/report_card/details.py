"""Follow-ups on time as labelled bars, and the rest of the card in words."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from refdesk.domain.report_card import CARD_EFFECT_DAYS, Ratio, ReportCard
from refdesk.domain.report_wording import (
    days,
    follow_up_label,
    money,
    occasion_label,
    percent,
    ratio,
)


def _bar(r: Ratio) -> QProgressBar:
    """A thin bar beside its figures in words (the fill is never alone; text
    drawn over a bar's fill reads badly in some palettes)."""
    bar = QProgressBar()
    bar.setRange(0, max(int(r.whole), 1))
    bar.setValue(int(r.part))
    bar.setTextVisible(False)
    bar.setMaximumHeight(10)
    return bar


class FollowUpsPanel(QWidget):
    """All follow-ups due in the period, then each kind, done by their due day."""

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)

    def show_card(self, card: ReportCard) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        rows = [("All due", card.follow_ups_on_time),
                *((follow_up_label(k), r) for k, r in card.follow_ups_by_kind.items())]
        for i, (label, r) in enumerate(rows):
            figures = ratio(r) if r.whole else "none due"
            bar = _bar(r)
            bar.setAccessibleName(f"{label} on time: {figures}")
            self.grid.addWidget(QLabel(label), i, 0)
            self.grid.addWidget(QLabel(figures), i, 1)
            self.grid.addWidget(bar, i, 2)
        self.grid.setColumnStretch(2, 1)
        self.setAccessibleDescription(
            "Follow-ups done on time: " + "; ".join(f"{label} {ratio(r)}" for label, r in rows))


def details_text(c: ReportCard) -> str:
    """Money, closing, concentration, rewards, cards and other currencies, one per line."""
    cur = c.currency
    k = c.concentration
    lines = [
        f"Revenue from referrals: {money(c.referral_revenue, cur)} of "
        f"{money(c.total_revenue, cur)} ({percent(c.referral_share.share)})",
        f"Average sale: referred {money(c.average_sale_referred, cur)}, "
        f"other {money(c.average_sale_other, cur)}",
        f"Close rate of newcomers: referred {percent(c.close_rate_referred.share)}, "
        f"other {percent(c.close_rate_other.share)}",
        f"Ask to first sale: {days(c.median_days_to_sale)} (median)",
        f"Asked to won: {ratio(c.asked_to_won)}; lost in the period: {c.reached['lost']:,}",
    ]
    if k.referrers:
        lines.append(f"Top tenth of referrers ({k.top:,} of {k.referrers:,}): "
                     f"{percent(k.share_of_referrals.share)} of referrals received, "
                     f"{percent(k.share_of_revenue.share)} of their revenue")
    lines += [
        f"Rewards: {money(c.reward_spend, cur)} spent; {money(c.revenue_per_reward, cur)} "
        f"of referral revenue per 1 spent; {money(c.cost_per_won, cur)} per referral won",
        f"Cards sent: {c.cards.sent:,}"
        + "".join(f"; {n:,} {occasion_label(o).lower()}" for o, n in c.cards.by_occasion.items()),
        f"Followed by a win within {CARD_EFFECT_DAYS} days: {ratio(c.cards.followed_by_win)}",
        f"Referrals won with a card in the {CARD_EFFECT_DAYS} days before: "
        f"{c.cards.won_after_card:,}; without: {c.cards.won_without_card:,}",
    ]
    lines += [f"In {o.currency} (not added in): {o.sales:,} sales, "
              f"{money(o.revenue, o.currency)}, {money(o.referral_revenue, o.currency)} "
              "from referrals" for o in c.other_currencies]
    return "\n".join(lines)
