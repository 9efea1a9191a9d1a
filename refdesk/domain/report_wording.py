"""How the report card's figures read, the same on the terminal, the PDF and
in the window: money, shares, changes against the period before, labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from refdesk.domain.report_card import Ratio, ReportCard
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS, REFERRAL_STAGES

NONE = "–"  # a figure with nothing to compute it from (no sales, nothing due)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CARD_OCCASIONS = {"thank_intro": "Thanks for an introduction", "status_report": "Status report",
                  "thank_sale": "Thanks for a sale", "thank_business": "Thanks for business",
                  "thank_testimonial": "Thanks for a testimonial"}


def money(amount: Decimal | None, currency: str) -> str:
    """"USD 12,450" (cents only when there are some); "–" for None."""
    if amount is None:
        return NONE
    cents = amount.quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{cents:,.0f}" if cents == cents.to_integral_value() else f"{cents:,.2f}"
    return f"{currency} {text}"


def percent(share: float | None) -> str:
    """"43%", "0.5%" below one per cent, "–" for None."""
    if share is None:
        return NONE
    value = share * 100
    return f"{value:.1f}%" if 0 < value < 1 else f"{value:.0f}%"


def ratio(r: Ratio) -> str:
    """"12 of 40 (30%)"; "none due" style texts are the caller's."""
    return f"{r.part:,} of {r.whole:,} ({percent(r.share)})"


def days(value: float | None) -> str:
    if value is None:
        return NONE
    shown = f"{value:.1f}".removesuffix(".0")
    return f"{shown} day" if shown == "1" else f"{shown} days"


def stage_label(stage: str) -> str:
    return REFERRAL_STAGES.get(stage, stage.replace("_", " ").capitalize())


def follow_up_label(kind: str) -> str:
    return FOLLOW_UP_KINDS.get(kind, kind.replace("_", " ").capitalize())


def occasion_label(occasion: str) -> str:
    return CARD_OCCASIONS.get(occasion, occasion.replace("_", " ").capitalize())


def month_label(month: str) -> str:
    """"2026-11" -> "Nov 2026"."""
    return f"{_MONTHS[int(month[5:]) - 1]} {month[:4]}"


@dataclass(frozen=True)
class Headline:
    """One of the big numbers: its label, its value as text, and the number
    compared with the period before (None: not comparable)."""

    key: str
    label: str
    text: Callable[[ReportCard], str]
    value: Callable[[ReportCard], float | None]
    is_share: bool = False  # changes of a share read in points, not per cent


def _share(r: Ratio) -> float | None:
    return r.share


HEADLINES: tuple[Headline, ...] = (
    Headline("referrals_asked", "Referrals asked", lambda c: f"{c.asked:,}",
             lambda c: c.asked),
    Headline("referrals_received", "Referrals received", lambda c: f"{c.received:,}",
             lambda c: c.received),
    Headline("referrals_won", "Referrals won", lambda c: f"{c.won:,}", lambda c: c.won),
    Headline("referral_revenue", "Revenue from referrals",
             lambda c: money(c.referral_revenue, c.currency),
             lambda c: float(c.referral_revenue)),
    Headline("referral_revenue_share", "Share of all revenue",
             lambda c: percent(c.referral_share.share), lambda c: _share(c.referral_share),
             is_share=True),
    Headline("follow_ups_on_time", "Follow-ups on time",
             lambda c: percent(c.follow_ups_on_time.share),
             lambda c: _share(c.follow_ups_on_time), is_share=True),
)


def change(headline: Headline, card: ReportCard, before: ReportCard | None) -> str:
    """The change against the period before, in words that need no colour:
    "▲ 12 (+8%) vs before", "▼ 3 points", "no change", "" with nothing to compare."""
    if before is None:
        return ""
    now, then = headline.value(card), headline.value(before)
    if now is None or then is None:
        return ""
    delta = now - then
    if abs(delta) < 1e-9:
        return "= no change"
    arrow = "▲ up" if delta > 0 else "▼ down"
    if headline.is_share:
        return f"{arrow} {abs(delta) * 100:.0f} points"
    size = (money(Decimal(str(abs(delta))), card.currency)
            if headline.key == "referral_revenue" else f"{abs(delta):,.0f}")
    relative = f" ({abs(delta) / then * 100:.0f}%)" if then else ""
    return f"{arrow} {size}{relative}"
