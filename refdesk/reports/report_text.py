"""The report card as a readable summary for the terminal."""

from __future__ import annotations

from refdesk.book.report_rows import ReportCards
from refdesk.domain.report_card import CARD_EFFECT_DAYS, ReferrerFigures, ReportCard
from refdesk.domain.report_wording import (
    HEADLINES,
    NONE,
    change,
    days,
    follow_up_label,
    money,
    month_label,
    occasion_label,
    percent,
    ratio,
    stage_label,
)
from refdesk.terminal_text import inert

TOP_SHOWN = 5


def report_text(cards: ReportCards) -> str:
    """Headlines with their change, the funnel, money, referrers, follow-ups,
    rewards, cards and the months. Names from the book are shown inert (see
    terminal_text): a name cannot drive the terminal."""
    c, before = cards.current, cards.previous
    who = f" for {inert(cards.rep_name)}" if cards.rep_name else ""
    lines = [f"Referral report card{who}: {c.period.label}",
             f"Money in {c.currency}" + (f"; compared with {before.period.label}"
                                         if before else ""), ""]
    for h in HEADLINES:
        moved = change(h, c, before)
        lines.append(f"  {h.label:<24} {h.text(c):>16}   {moved}".rstrip())
    lines += ["", "Funnel: the referrals asked in the period, as far as they got"]
    for step in c.funnel:
        rate = "" if step.from_previous is None else \
            f"{percent(step.from_previous.share):>5} of the step before"
        lines.append(f"  {stage_label(step.stage):<12} {step.referrals:>7,}   {rate}".rstrip())
    lines.append(f"  Asked to won: {ratio(c.asked_to_won)}; lost in the period: "
                 f"{c.reached['lost']:,}")
    lines += ["", "Money", _money_lines(c)]
    lines += ["", "Top referrers by revenue", *_referrers(c.top_by_revenue, c),
              "Top referrers by referrals received", *_referrers(c.top_by_count, c)]
    k = c.concentration
    if k.referrers:
        lines.append(f"  The top {k.top:,} of {k.referrers:,} referrers (a tenth) brought "
                     f"{percent(k.share_of_referrals.share)} of referrals received and "
                     f"{percent(k.share_of_revenue.share)} of referrers' revenue.")
    lines += ["", f"Follow-ups on time: {_due(c)}"]
    lines += [f"  {follow_up_label(kind):<26} {ratio(r)}"
              for kind, r in c.follow_ups_by_kind.items()]
    lines += ["", "Rewards", f"  Spent {money(c.reward_spend, c.currency)}; referral revenue "
              f"per 1 spent: {money(c.revenue_per_reward, c.currency)}; cost per referral won: "
              f"{money(c.cost_per_won, c.currency)}"]
    lines += ["", _cards_line(c)]
    if c.other_currencies:
        lines += ["", "Other currencies (listed apart, never added in)"]
        lines += [f"  {o.currency}: {o.sales:,} sales, {money(o.revenue, o.currency)} "
                  f"({money(o.referral_revenue, o.currency)} from referrals)"
                  for o in c.other_currencies]
    lines += ["", "Per month", f"  {'Month':<9} {'Asked':>6} {'Received':>9} {'Won':>5}  "
              f"Revenue from referrals"]
    lines += [f"  {month_label(m.month):<9} {m.asked:>6,} {m.received:>9,} {m.won:>5,}  "
              f"{money(m.referral_revenue, c.currency)}" for m in c.monthly]
    if not c.monthly:
        lines.append("  (nothing yet)")
    return "\n".join(lines)


def _money_lines(c: ReportCard) -> str:
    return "\n".join([
        f"  Revenue from referrals   {money(c.referral_revenue, c.currency)} of "
        f"{money(c.total_revenue, c.currency)} ({percent(c.referral_share.share)})",
        f"  Average sale             referred {money(c.average_sale_referred, c.currency)}, "
        f"other {money(c.average_sale_other, c.currency)}",
        f"  Close rate (newcomers)   referred {ratio(c.close_rate_referred)}, "
        f"other {ratio(c.close_rate_other)}",
        f"  Ask to first sale        {days(c.median_days_to_sale)} (median)"])


def _referrers(rows: tuple[ReferrerFigures, ...], c: ReportCard) -> list[str]:
    if not rows:
        return ["  (none in this period)"]
    return [f"  {i}. {inert(r.name)}: {money(r.revenue, c.currency)}, {r.won:,} won, "
            f"{r.received:,} received" for i, r in enumerate(rows[:TOP_SHOWN], 1)]


def _due(c: ReportCard) -> str:
    return ratio(c.follow_ups_on_time) if c.follow_ups_on_time.whole else f"{NONE} (none due)"


def _cards_line(c: ReportCard) -> str:
    cards = c.cards
    kinds = ", ".join(f"{n:,} {occasion_label(o).lower()}" for o, n in cards.by_occasion.items())
    return "\n".join([
        f"Cards sent: {cards.sent:,}" + (f" ({kinds})" if kinds else ""),
        f"  Followed by a referral won within {CARD_EFFECT_DAYS} days: "
        f"{ratio(cards.followed_by_win)}",
        f"  Referrals won with a card in the {CARD_EFFECT_DAYS} days before: "
        f"{cards.won_after_card:,}; without: {cards.won_without_card:,}"])
