"""The report card as JSON-ready data: money as plain numbers in the book's
currency, shares as fractions (0.25), None where there is nothing to divide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from refdesk.book.report_rows import ReportCards
from refdesk.domain.report_card import CHAIN, Ratio, ReferrerFigures, ReportCard


def _money(amount: Decimal | None) -> float | int | None:
    if amount is None:
        return None
    cents = amount.quantize(Decimal("0.01"))
    return int(cents) if cents == cents.to_integral_value() else float(cents)


def _rate(r: Ratio) -> float | None:
    return None if r.share is None else round(r.share, 4)


def _ratio(r: Ratio, part: str, whole: str) -> dict[str, Any]:
    if isinstance(r.part, Decimal):
        return {part: _money(r.part), whole: _money(Decimal(r.whole)), "rate": _rate(r)}
    return {part: r.part, whole: r.whole, "rate": _rate(r)}


def _referrer(r: ReferrerFigures) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "won": r.won, "received": r.received,
            "revenue": _money(r.revenue)}


def card_json(c: ReportCard) -> dict[str, Any]:
    """Every figure of one card."""
    return {
        "period": {"kind": c.period.kind,
                   "from": c.period.start.isoformat() if c.period.start else None,
                   "to": c.period.end.isoformat(), "label": c.period.label},
        "currency": c.currency,
        **{f"referrals_{stage}": c.reached[stage] for stage in (*CHAIN, "lost")},
        "referrals_received": c.received,
        "funnel": [{"stage": s.stage, "referrals": s.referrals,
                    "rate_from_previous": None if s.from_previous is None
                    else _rate(s.from_previous)} for s in c.funnel],
        "asked_to_won_rate": _rate(c.asked_to_won),
        "monthly": [{"month": m.month, "asked": m.asked, "received": m.received, "won": m.won,
                     "referral_revenue": _money(m.referral_revenue)} for m in c.monthly],
        "referral_revenue": _money(c.referral_revenue),
        "total_revenue": _money(c.total_revenue),
        "referral_revenue_share": _rate(c.referral_share),
        "average_sale": {"referred": _money(c.average_sale_referred),
                         "other": _money(c.average_sale_other)},
        "close_rate": {"referred": _ratio(c.close_rate_referred, "bought", "of"),
                       "other": _ratio(c.close_rate_other, "bought", "of")},
        "median_days_ask_to_sale": c.median_days_to_sale,
        "top_referrers": [_referrer(r) for r in c.top_by_revenue],
        "top_referrers_by_count": [_referrer(r) for r in c.top_by_count],
        "referral_concentration": {
            "referrers": c.concentration.referrers, "top_referrers": c.concentration.top,
            "share_of_referrals": _rate(c.concentration.share_of_referrals),
            "share_of_revenue": _rate(c.concentration.share_of_revenue)},
        "follow_ups_on_time": {
            **_ratio(c.follow_ups_on_time, "on_time", "due"),
            "by_kind": {kind: _ratio(r, "on_time", "due")
                        for kind, r in c.follow_ups_by_kind.items()}},
        "reward_spend": _money(c.reward_spend),
        "revenue_per_reward_spent": _money(c.revenue_per_reward),
        "reward_cost_per_won_referral": _money(c.cost_per_won),
        "cards": {"sent": c.cards.sent, "by_occasion": c.cards.by_occasion,
                  "followed_by_win_within_90_days": _ratio(c.cards.followed_by_win,
                                                           "cards", "of"),
                  "referrals_won_after_card": c.cards.won_after_card,
                  "referrals_won_without_card": c.cards.won_without_card},
        "other_currencies": [{"currency": o.currency, "sales": o.sales,
                              "revenue": _money(o.revenue),
                              "referral_revenue": _money(o.referral_revenue)}
                             for o in c.other_currencies],
    }


def report_json(cards: ReportCards) -> dict[str, Any]:
    """The card, who it is for, the as-of day and the period before's figures."""
    data = {"as_of": cards.current.as_of.isoformat(), "rep": cards.rep_name,
            **card_json(cards.current)}
    data["previous_period"] = card_json(cards.previous) if cards.previous else None
    return data
