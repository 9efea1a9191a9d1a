"""Every figure of the report card, worked out by hand on report_book's rows
(read its docstring first: the comments here count from it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from report_book import AS_OF, A, B, C, d, hand_rows

from refdesk.domain.report_card import Ratio, report_card
from refdesk.domain.report_period import custom_period, period_for, previous_period
from refdesk.domain.report_rows import ReportRows


def card(period, *, as_of=AS_OF, currency="USD", rows=None):
    return report_card(rows if rows is not None else hand_rows(), period, as_of, currency)


def funnel_of(c) -> list[tuple[str, int, tuple | None]]:
    return [(s.stage, s.referrals,
             None if s.from_previous is None else (s.from_previous.part, s.from_previous.whole))
            for s in c.funnel]


# -- all time -------------------------------------------------------------------

def test_all_time_counts_each_stage_reached():
    c = card(period_for("all", AS_OF))
    # asked: R1-R5 (R6 is after the as-of day). promised: R1, R2, R4 (contacted
    # implies it), R5. introduced: the same four (R5 through its meeting).
    # contacted: R1, R4, R5. meeting: R1, R4 (its win implies it), R5.
    # won: R1, R4 (R5's win was reopened). lost: R2.
    assert c.reached == {"asked": 5, "promised": 4, "introduced": 4, "contacted": 3,
                         "meeting": 3, "won": 2, "lost": 1}
    assert (c.asked, c.received, c.won) == (5, 4, 2)


def test_all_time_funnel_converts_stage_to_stage():
    c = card(period_for("all", AS_OF))
    # Every referral asked is in the cohort: 5 -> 4 -> 4 -> 3 -> 3 -> 2.
    assert funnel_of(c) == [("asked", 5, None), ("promised", 4, (4, 5)),
                            ("introduced", 4, (4, 4)), ("contacted", 3, (3, 4)),
                            ("meeting", 3, (3, 3)), ("won", 2, (2, 3))]
    assert c.asked_to_won == Ratio(2, 5) and c.asked_to_won.share == 0.4


def test_all_time_money():
    c = card(period_for("all", AS_OF))
    # USD up to 30 Jun: S1 1000 + S2 500 + S3 3000 (referral) + S4 2000 + S5 400.
    assert c.total_revenue == Decimal(6900)
    assert c.referral_revenue == Decimal(4500)
    assert c.referral_share.share == pytest.approx(4500 / 6900)
    assert c.average_sale_referred == Decimal("1500.00")  # 4500 / 3
    assert c.average_sale_other == Decimal("1200.00")  # 2400 / 2
    # The EUR sale is listed apart, never added in.
    assert [(o.currency, o.sales, o.revenue, o.referral_revenue) for o in c.other_currencies] \
        == [("EUR", 1, Decimal(900), Decimal(900))]


def test_median_days_from_ask_to_first_sale():
    # R1: asked 10 Jan, first sale 12 Feb = 33 days (S2 is its second sale);
    # R4: 20 Mar to 5 May = 46 days. Median of 33 and 46 = 39.5.
    assert card(period_for("all", AS_OF)).median_days_to_sale == 39.5


def test_close_rates_of_referred_and_other_newcomers():
    c = card(period_for("all", AS_OF))
    # Referred: 10, 11, 22 bought (22 in EUR: a sale is a sale), 12 did not.
    assert c.close_rate_referred == Ratio(3, 4)
    # Others: 20 and 21 bought, 23 did not.
    assert c.close_rate_other == Ratio(2, 3)


def test_top_referrers_and_concentration():
    c = card(period_for("all", AS_OF))
    # Received: A 2 (R1, R2), C 1 (R4), B 1 (R5). Won: A 1, C 1.
    # USD revenue: C 3000, A 1500; B's only sale is in EUR: 0, so not listed.
    assert [(r.id, r.received, r.won, r.revenue) for r in c.top_by_revenue] == [
        (C, 1, 1, Decimal(3000)), (A, 2, 1, Decimal(1500))]
    # By referrals received: A 2; then C and B with 1, C first for its win.
    assert [(r.id, r.received, r.won) for r in c.top_by_count] == [(A, 2, 1), (C, 1, 1),
                                                                    (B, 1, 0)]
    # 3 referrers; the top tenth rounds up to 1 (A: 2 of the 4 received).
    # By revenue the top one of 2 is C: 3000 of 4500.
    k = c.concentration
    assert (k.referrers, k.top, k.share_of_referrals) == (3, 1, Ratio(2, 4))
    assert k.share_of_revenue == Ratio(Decimal(3000), Decimal(4500))


def test_follow_ups_on_time_by_kind():
    c = card(period_for("all", AS_OF))
    # F1, F5, F6 on time; F2 late; F3 still open and overdue; F4 due today, left out.
    assert c.follow_ups_on_time == Ratio(3, 5)
    assert c.follow_ups_by_kind == {"status_report": Ratio(1, 2),
                                    "thank_for_sale": Ratio(0, 1),
                                    "thank_within_day": Ratio(2, 2)}


def test_rewards():
    c = card(period_for("all", AS_OF))
    # 40 + 25 + 0 = 65; 4500 referral revenue / 65 = 69.23; 65 / 2 won = 32.50.
    assert c.reward_spend == Decimal(65)
    assert c.revenue_per_reward == Decimal("69.23")
    assert c.cost_per_won == Decimal("32.50")


def test_cards_and_what_followed():
    c = card(period_for("all", AS_OF)).cards
    assert c.sent == 4
    assert c.by_occasion == {"status_report": 1, "thank_intro": 2, "thank_sale": 1}
    # C1 (A, 12 Jan) was followed by R1's win on 10 Feb; C2 (C, 25 Jan) came
    # 97 days before R4's win; C3 came after A's win; B never won.
    assert c.followed_by_win == Ratio(1, 4)
    # R1 was won 29 days after C1; R4 had no card in the 90 days before.
    assert (c.won_after_card, c.won_without_card) == (1, 1)


def test_all_time_months_start_at_the_first_event():
    c = card(period_for("all", AS_OF))
    # Jan: R1 asked and introduced. Feb: R1 won, S1. Mar: R2, R3, R4 asked,
    # R2 and R4 introduced. Apr: S2. May: R4 won, S3. Jun: R5 asked and
    # introduced (via its meeting); S6 is in EUR.
    assert [(m.month, m.asked, m.received, m.won, m.referral_revenue) for m in c.monthly] == [
        ("2026-01", 1, 1, 0, 0), ("2026-02", 0, 0, 1, 1000), ("2026-03", 3, 2, 0, 0),
        ("2026-04", 0, 0, 0, 500), ("2026-05", 0, 0, 1, 3000), ("2026-06", 1, 1, 0, 0)]


# -- a quarter, and the quarter before ------------------------------------------------

def test_second_quarter_counts_a_win_asked_in_the_first():
    c = card(period_for("quarter", AS_OF))
    assert (c.period.start, c.period.end) == (d("04-01"), AS_OF)
    # R4 was asked in March and is won in this quarter; R5 is the only ask.
    assert c.reached == {"asked": 1, "promised": 1, "introduced": 1, "contacted": 1,
                         "meeting": 2, "won": 1, "lost": 0}
    # The funnel follows R5 alone: it got to a meeting, not (any longer) to a win.
    assert funnel_of(c) == [("asked", 1, None), ("promised", 1, (1, 1)),
                            ("introduced", 1, (1, 1)), ("contacted", 1, (1, 1)),
                            ("meeting", 1, (1, 1)), ("won", 0, (0, 1))]
    assert c.asked_to_won == Ratio(0, 1)


def test_second_quarter_money_rewards_and_people():
    c = card(period_for("quarter", AS_OF))
    # S2 500 + S3 3000 referral, S5 400 other; S6 in EUR apart.
    assert (c.referral_revenue, c.total_revenue) == (Decimal(3500), Decimal(3900))
    assert (c.average_sale_referred, c.average_sale_other) == (Decimal("1750.00"),
                                                               Decimal("400.00"))
    assert c.median_days_to_sale == 46  # only R4's first sale falls in the quarter
    assert (c.close_rate_referred, c.close_rate_other) == (Ratio(1, 1), Ratio(1, 2))
    # 25 + 0 spent; 3500 / 25 = 140; one win (R4).
    assert (c.reward_spend, c.revenue_per_reward, c.cost_per_won) == (
        Decimal(25), Decimal("140.00"), Decimal("25.00"))
    assert c.follow_ups_on_time == Ratio(2, 2)  # F5, F6; F4 left out
    assert [(r.id, r.revenue) for r in c.top_by_revenue] == [(C, 3000), (A, 500)]
    # B was introduced (R5), C won (R4); A only sold.
    assert [(r.id, r.received, r.won) for r in c.top_by_count] == [(B, 1, 0), (C, 0, 1)]
    assert c.cards.sent == 1 and c.cards.followed_by_win == Ratio(0, 1)
    assert (c.cards.won_after_card, c.cards.won_without_card) == (0, 1)
    assert [(m.month, m.asked, m.received, m.won, m.referral_revenue) for m in c.monthly] == [
        ("2026-04", 0, 0, 0, 500), ("2026-05", 0, 0, 1, 3000), ("2026-06", 1, 1, 0, 0)]


def test_first_quarter_as_it_stood_and_as_it_stands():
    first = previous_period(period_for("quarter", AS_OF))
    assert (first.start, first.end) == (d("01-01"), d("03-31"))
    then = card(first, as_of=first.end)
    # On 31 Mar: R1-R4 asked; promised R1, R2, R4; introduced the same; R1 and
    # R4 contacted; only R1 met and won (R4's win is still to come); R2 lost.
    assert then.reached == {"asked": 4, "promised": 3, "introduced": 3, "contacted": 2,
                            "meeting": 1, "won": 1, "lost": 1}
    assert then.asked_to_won == Ratio(1, 4)
    # By 30 Jun the same asks have converted further: R4 was won in May.
    now = card(first)
    assert now.reached["won"] == 1  # won *in* the quarter: still R1 only
    assert now.asked_to_won == Ratio(2, 4)


# -- empty periods, no sales, another currency ----------------------------------------

def test_a_period_with_nothing_in_it():
    c = card(custom_period(dt.date(2025, 12, 1), dt.date(2025, 12, 31)))
    assert set(c.reached.values()) == {0}
    assert c.asked_to_won == Ratio(0, 0) and c.asked_to_won.share is None
    assert (c.total_revenue, c.referral_revenue, c.reward_spend) == (0, 0, 0)
    assert c.referral_share.share is None
    assert (c.average_sale_referred, c.average_sale_other, c.median_days_to_sale) == (
        None, None, None)
    assert (c.revenue_per_reward, c.cost_per_won) == (None, None)
    assert c.top_by_revenue == c.top_by_count == ()
    assert c.concentration.referrers == 0 and c.concentration.share_of_referrals.share is None
    assert c.follow_ups_on_time == Ratio(0, 0) and c.follow_ups_by_kind == {}
    assert c.cards.sent == 0 and c.other_currencies == ()
    assert [(m.month, m.asked, m.won) for m in c.monthly] == [("2025-12", 0, 0)]


def test_an_empty_book_all_time():
    c = card(period_for("all", AS_OF), rows=ReportRows())
    assert c.asked == 0 and c.monthly == () and c.total_revenue == 0


def test_march_has_referrals_but_no_sales():
    c = card(custom_period(d("03-01"), d("03-31")))
    # R2, R3, R4 asked; R2 and R4 introduced; R2 lost.
    assert (c.asked, c.received, c.won, c.reached["lost"]) == (3, 2, 0, 1)
    assert (c.total_revenue, c.referral_revenue) == (0, 0)
    assert c.referral_share.share is None and c.average_sale_referred is None
    # A's R2 and C's R4 were received, but no revenue: nobody on the revenue list.
    assert c.top_by_revenue == ()
    assert [(r.id, r.received) for r in c.top_by_count] == [(A, 1), (C, 1)]
    # March's asks as of 30 Jun: R4 won, R2 lost, R3 still asked.
    assert c.asked_to_won == Ratio(1, 3)


def test_euro_as_the_book_currency_sets_dollars_apart():
    c = card(period_for("all", AS_OF), currency="EUR")
    assert (c.total_revenue, c.referral_revenue) == (Decimal(900), Decimal(900))
    assert [(r.id, r.revenue) for r in c.top_by_revenue] == [(B, Decimal(900))]
    # The five USD sales up to 30 Jun: 6900, of which 4500 from referrals.
    assert [(o.currency, o.sales, o.revenue, o.referral_revenue) for o in c.other_currencies] \
        == [("USD", 5, Decimal(6900), Decimal(4500))]
    assert c.won == 2  # counts are not money: the same in any currency


def test_nothing_after_the_as_of_day_counts():
    # A period reaching past the as-of day ends on it: R6 (5 Jul) and S7 (1 Jul)
    # stay out.
    c = card(custom_period(d("06-01"), d("07-31")))
    assert c.period.end == AS_OF
    assert c.asked == 1 and c.total_revenue == 0
