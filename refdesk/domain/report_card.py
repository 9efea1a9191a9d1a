"""The referral report card (method §8): what the rep's relationships are worth.

Pure arithmetic on the plain rows of ``report_rows``, for one period. Counts
of a stage are referrals that *reached* it in the period (a referral asked in
March and won in May counts as won in May); the funnel instead follows the
referrals asked in the period to wherever they got by the as-of day, so its
rates are true conversions. Money is in the book's currency only; sales in
any other currency are listed apart and never added in.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from refdesk.domain.report_period import Period, months_between
from refdesk.domain.report_rows import ReportRows
from refdesk.domain.vocabulary import FOLLOW_UP_KINDS

# The path a referral takes; reaching one stage means it passed every one before.
CHAIN = ("asked", "promised", "introduced", "contacted", "meeting", "won")
RECEIVED = "introduced"  # the referrer put the rep in touch: a referral received
CARD_EFFECT_DAYS = 90  # a win this soon after a thank-you card counts as following it
TOP_REFERRERS = 10
TOP_SHARE = 0.10  # concentration: what the top tenth of referrers bring
ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ratio:
    """``part`` of ``whole``: a count or an amount, with its share when there is one."""

    part: int | Decimal
    whole: int | Decimal

    @property
    def share(self) -> float | None:
        """part / whole, or None when the whole is zero (nothing to compare)."""
        return float(self.part) / float(self.whole) if self.whole else None


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    referrals: int  # of those asked in the period, how many got this far
    from_previous: Ratio | None  # None for the first step


@dataclass(frozen=True)
class MonthFigures:
    month: str  # "2026-11"
    asked: int
    received: int
    won: int
    referral_revenue: Decimal


@dataclass(frozen=True)
class ReferrerFigures:
    id: int
    name: str  # filled in by the reader; "" here
    received: int
    won: int
    revenue: Decimal


@dataclass(frozen=True)
class Concentration:
    referrers: int  # who gave at least one referral received in the period
    top: int  # the top tenth of them, at least one
    share_of_referrals: Ratio
    share_of_revenue: Ratio  # the top tenth of referrers by revenue, of referrers' revenue


@dataclass(frozen=True)
class CardFigures:
    sent: int
    by_occasion: dict[str, int]
    followed_by_win: Ratio  # cards sent whose recipient had a referral won within 90 days
    won_after_card: int  # referrals won within 90 days after a card to their referrer
    won_without_card: int


@dataclass(frozen=True)
class CurrencyFigures:
    currency: str
    sales: int
    revenue: Decimal
    referral_revenue: Decimal


@dataclass(frozen=True)
class ReportCard:
    period: Period
    as_of: dt.date
    currency: str
    reached: dict[str, int]  # every stage of CHAIN and "lost": referrals reaching it
    funnel: tuple[FunnelStep, ...]
    asked_to_won: Ratio
    monthly: tuple[MonthFigures, ...]
    referral_revenue: Decimal
    total_revenue: Decimal
    referral_share: Ratio
    average_sale_referred: Decimal | None
    average_sale_other: Decimal | None
    close_rate_referred: Ratio
    close_rate_other: Ratio
    median_days_to_sale: float | None
    top_by_revenue: tuple[ReferrerFigures, ...]
    top_by_count: tuple[ReferrerFigures, ...]
    concentration: Concentration
    follow_ups_on_time: Ratio
    follow_ups_by_kind: dict[str, Ratio]
    reward_spend: Decimal
    revenue_per_reward: Decimal | None  # referral revenue per unit of reward spend
    cost_per_won: Decimal | None
    cards: CardFigures
    other_currencies: tuple[CurrencyFigures, ...]

    @property
    def asked(self) -> int:
        return self.reached["asked"]

    @property
    def received(self) -> int:
        return self.reached[RECEIVED]

    @property
    def won(self) -> int:
        return self.reached["won"]


def _reach(rows: ReportRows, as_of: dt.date) -> dict[int, dict[str, dt.date]]:
    """For each referral, the day it reached each stage, as of ``as_of``.

    An open stage counts from the first day it was reached, even if the
    referral later moved back; won and lost count only while the referral
    still stands there, from the day it last got there (a reopened win is no
    win). A later stage implies the earlier ones: a referral moved straight
    from asked to contacted was promised and introduced that day."""
    history: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for referral_id, stage, on in rows.stages:
        if on <= as_of:
            history[referral_id].append((on, stage))
    reach: dict[int, dict[str, dt.date]] = {}
    for referral in rows.referrals:
        if referral.asked_on > as_of:
            continue
        changes = sorted(history.get(referral.id, ()), key=lambda change: change[0])
        first: dict[str, dt.date] = {}
        for on, stage in changes:
            first.setdefault(stage, on)
        dates: dict[str, dt.date] = {}
        final = changes[-1][1] if changes else "asked"
        if final in ("won", "lost"):
            i = len(changes) - 1
            while i > 0 and changes[i - 1][1] == final:
                i -= 1
            dates[final] = changes[i][0]
        best = dates.get("won")
        for stage in reversed(CHAIN[1:-1]):
            on = first.get(stage)
            if on is not None and (best is None or on < best):
                best = on
            if best is not None:
                dates[stage] = best
        dates["asked"] = referral.asked_on
        reach[referral.id] = dates
    return reach


def report_card(rows: ReportRows, period: Period, as_of: dt.date, currency: str) -> ReportCard:
    """Every figure of the card for ``period``, counting nothing dated after ``as_of``."""
    period = Period(period.kind, period.start, min(period.end, as_of))
    reach = _reach(rows, as_of)
    referrer_of = {r.id: r.referrer_id for r in rows.referrals}
    asked_on = {r.id: r.asked_on for r in rows.referrals}

    lo, hi = period.start or dt.date.min, period.end  # (compared inline: this loop is hot)
    reached = Counter()
    received_by, won_by = Counter(), Counter()
    cohort = Counter()
    per_month: dict[tuple[int, int], Counter] = defaultdict(Counter)
    won_in_period: list[tuple[int, dt.date]] = []  # (referrer, day won)
    for referral_id, dates in reach.items():
        referrer = referrer_of[referral_id]
        for stage, on in dates.items():
            if lo <= on <= hi:
                reached[stage] += 1
                per_month[on.year, on.month][stage] += 1
                if stage == RECEIVED:
                    received_by[referrer] += 1
                elif stage == "won":
                    won_by[referrer] += 1
                    won_in_period.append((referrer, on))
        if lo <= dates["asked"] <= hi:
            for stage in CHAIN:
                cohort[stage] += stage in dates
    reached = {stage: reached[stage] for stage in (*CHAIN, "lost")}
    funnel = tuple(FunnelStep(stage, cohort[stage],
                              Ratio(cohort[stage], cohort[CHAIN[i - 1]]) if i else None)
                   for i, stage in enumerate(CHAIN))

    sales = _sales(rows, period, currency, asked_on)
    revenue_by = sales.revenue_by_referrer
    won = reached["won"]
    spend = sum((r.cost for r in rows.rewards if period.contains(r.given_on)), ZERO)
    on_time, by_kind = _follow_ups(rows, period, as_of)
    return ReportCard(
        period=period, as_of=as_of, currency=currency, reached=reached, funnel=funnel,
        asked_to_won=Ratio(cohort["won"], cohort["asked"]),
        monthly=_monthly(per_month, sales.revenue_by_month, period),
        referral_revenue=sales.referral, total_revenue=sales.total,
        referral_share=Ratio(sales.referral, sales.total),
        average_sale_referred=_average(sales.referral, sales.referral_count),
        average_sale_other=_average(sales.total - sales.referral,
                                    sales.count - sales.referral_count),
        close_rate_referred=_close_rate(rows, period, as_of, referred=True),
        close_rate_other=_close_rate(rows, period, as_of, referred=False),
        median_days_to_sale=statistics.median(sales.days) if sales.days else None,
        top_by_revenue=_top(received_by, won_by, revenue_by, by_revenue=True),
        top_by_count=_top(received_by, won_by, revenue_by, by_revenue=False),
        concentration=_concentration(received_by, revenue_by),
        follow_ups_on_time=on_time, follow_ups_by_kind=by_kind,
        reward_spend=spend,
        revenue_per_reward=(sales.referral / spend).quantize(CENT) if spend else None,
        cost_per_won=(spend / won).quantize(CENT) if won else None,
        cards=_cards(rows, reach, referrer_of, period, as_of, won_in_period),
        other_currencies=sales.others,
    )


@dataclass
class _SaleSums:
    total: Decimal = ZERO
    referral: Decimal = ZERO
    count: int = 0
    referral_count: int = 0
    days: list[int] = field(default_factory=list)  # ask to first sale, per referral
    revenue_by_referrer: Counter = field(default_factory=Counter)
    revenue_by_month: Counter = field(default_factory=Counter)  # referral revenue
    others: tuple[CurrencyFigures, ...] = ()


def _sales(rows: ReportRows, period: Period, currency: str,
           asked_on: dict[int, dt.date]) -> _SaleSums:
    sums = _SaleSums()
    first_sale: dict[int, dt.date] = {}
    others: dict[str, list] = {}
    for sale in rows.sales:
        if sale.referral_id is not None and sale.sold_on <= period.end:
            known = first_sale.get(sale.referral_id)
            if known is None or sale.sold_on < known:
                first_sale[sale.referral_id] = sale.sold_on
        if not period.contains(sale.sold_on):
            continue
        is_referral = sale.source == "referral"
        if sale.currency != currency:
            other = others.setdefault(sale.currency, [0, ZERO, ZERO])
            other[0] += 1
            other[1] += sale.amount
            other[2] += sale.amount if is_referral else ZERO
            continue
        sums.total += sale.amount
        sums.count += 1
        if is_referral:
            sums.referral += sale.amount
            sums.referral_count += 1
            sums.revenue_by_month[sale.sold_on.year, sale.sold_on.month] += sale.amount
            if sale.referrer_id is not None:
                sums.revenue_by_referrer[sale.referrer_id] += sale.amount
    # Days are not money: a referral sold in another currency still counts here.
    sums.days = sorted((sold - asked_on[rid]).days for rid, sold in first_sale.items()
                       if period.contains(sold) and rid in asked_on)
    sums.others = tuple(CurrencyFigures(code, n, revenue, referral)
                        for code, (n, revenue, referral) in sorted(others.items()))
    return sums


def _average(amount: Decimal, count: int) -> Decimal | None:
    return (amount / count).quantize(CENT) if count else None


def _monthly(per_month: dict[tuple[int, int], Counter],
             revenue: dict[tuple[int, int], Decimal], period: Period) -> tuple[MonthFigures, ...]:
    start = period.start
    if start is None:  # all time: from the first month anything happened
        seen = sorted(set(per_month) | set(revenue))
        if not seen:
            return ()
        start = dt.date(*seen[0], 1)
    figures = []
    for month in months_between(start, period.end):
        key = (int(month[:4]), int(month[5:]))
        counts = per_month.get(key, Counter())
        figures.append(MonthFigures(month, counts["asked"], counts[RECEIVED], counts["won"],
                                    revenue.get(key, ZERO)))
    return tuple(figures)


def _close_rate(rows: ReportRows, period: Period, as_of: dt.date, *, referred: bool) -> Ratio:
    """Of the people who came into the book in the period (referred or not),
    how many have bought by the as-of day."""
    joined = [n for n in rows.newcomers if n.referred == referred and period.contains(n.joined_on)]
    bought = sum(1 for n in joined if n.first_sale_on is not None and n.first_sale_on <= as_of)
    return Ratio(bought, len(joined))


def _top(received_by: Counter, won_by: Counter, revenue_by: Counter, *,
         by_revenue: bool) -> tuple[ReferrerFigures, ...]:
    ids = set(received_by) | set(won_by) | set(revenue_by)
    if by_revenue:
        ids = {i for i in ids if revenue_by[i] > 0}
        key = lambda i: (-revenue_by[i], -won_by[i], -received_by[i], i)  # noqa: E731
    else:
        ids = {i for i in ids if received_by[i] or won_by[i]}
        key = lambda i: (-received_by[i], -won_by[i], -revenue_by[i], i)  # noqa: E731
    return tuple(ReferrerFigures(i, "", received_by[i], won_by[i], revenue_by.get(i, ZERO))
                 for i in sorted(ids, key=key)[:TOP_REFERRERS])


def _top_share(values: list) -> tuple[int, Ratio]:
    """How many are the top tenth (at least one), and their share of the sum."""
    ranked = sorted(values, reverse=True)
    top = math.ceil(len(ranked) * TOP_SHARE)
    zero = ranked[0] * 0 if ranked else 0
    return top, Ratio(sum(ranked[:top], zero), sum(ranked, zero))


def _concentration(received_by: Counter, revenue_by: Counter) -> Concentration:
    givers = [n for n in received_by.values() if n > 0]
    top, of_referrals = _top_share(givers)
    _, of_revenue = _top_share([v for v in revenue_by.values() if v > 0])
    return Concentration(len(givers), top, of_referrals, of_revenue)


def _follow_ups(rows: ReportRows, period: Period,
                as_of: dt.date) -> tuple[Ratio, dict[str, Ratio]]:
    """Follow-ups due in the period done by their due day. One still open on
    its due day can yet be on time: it is left out until the day has passed."""
    due, on_time = Counter(), Counter()
    for kind, due_on, done_on in rows.follow_ups:
        if not period.contains(due_on):
            continue
        done = done_on if done_on is not None and done_on <= as_of else None
        if done is None and due_on >= as_of:
            continue
        due[kind] += 1
        on_time[kind] += done is not None and done <= due_on
    # The method's order (thank, report, thank for the sale), then any others.
    order = sorted(due, key=lambda kind: (kind not in FOLLOW_UP_KINDS,
                                          list(FOLLOW_UP_KINDS).index(kind)
                                          if kind in FOLLOW_UP_KINDS else 0, kind))
    by_kind = {kind: Ratio(on_time[kind], due[kind]) for kind in order}
    return Ratio(sum(on_time.values()), sum(due.values())), by_kind


def _cards(rows: ReportRows, reach: dict[int, dict[str, dt.date]], referrer_of: dict[int, int],
           period: Period, as_of: dt.date,
           won_in_period: list[tuple[int, dt.date]]) -> CardFigures:
    wins: dict[int, list[dt.date]] = defaultdict(list)  # referrer -> days won, any period
    for referral_id, dates in reach.items():
        if "won" in dates:
            wins[referrer_of[referral_id]].append(dates["won"])
    sent: dict[int, list[dt.date]] = defaultdict(list)  # contact -> days cards went out
    occasions: Counter = Counter()
    followed = 0
    effect = dt.timedelta(days=CARD_EFFECT_DAYS)
    for contact_id, occasion, sent_on in rows.cards:
        if sent_on > as_of:
            continue
        sent[contact_id].append(sent_on)
        if period.contains(sent_on):
            occasions[occasion] += 1
            followed += any(sent_on < won <= sent_on + effect for won in wins[contact_id])
    for days in sent.values():
        days.sort()
    after = 0
    for referrer, won_on in won_in_period:
        days = sent.get(referrer, [])
        i = bisect_left(days, won_on - effect)
        after += i < len(days) and days[i] < won_on
    total = sum(occasions.values())
    return CardFigures(total, dict(sorted(occasions.items())), Ratio(followed, total),
                       after, len(won_in_period) - after)
