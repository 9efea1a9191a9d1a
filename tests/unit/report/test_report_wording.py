"""How figures read: money, shares, days and changes against the period before."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from report_book import AS_OF, hand_rows

from refdesk.domain.report_card import Ratio, report_card
from refdesk.domain.report_period import period_for
from refdesk.domain.report_wording import HEADLINES, change, days, money, percent, ratio


def test_money_shows_cents_only_when_there_are_some():
    assert money(Decimal("4627100"), "USD") == "USD 4,627,100"
    assert money(Decimal("3657.785"), "EUR") == "EUR 3,657.79"
    assert money(None, "USD") == "–"


def test_shares_and_ratios():
    assert percent(0.4321) == "43%" and percent(0.004) == "0.4%" and percent(0.0) == "0%"
    assert percent(None) == "–"
    assert ratio(Ratio(1265, 2930)) == "1,265 of 2,930 (43%)"
    assert ratio(Ratio(0, 0)) == "0 of 0 (–)"


def test_days():
    assert (days(39.5), days(20), days(1), days(None)) == ("39.5 days", "20 days", "1 day", "–")


def test_changes_read_without_colour():
    now = report_card(hand_rows(), period_for("quarter", AS_OF), AS_OF, "USD")
    by_key = {h.key: h for h in HEADLINES}
    # The same card one more win and a tenth less on time, as "before".
    before = dataclasses.replace(now, reached={**now.reached, "won": 2},
                                 follow_ups_on_time=Ratio(9, 10))
    assert change(by_key["referrals_won"], now, before) == "▼ down 1 (50%)"
    assert change(by_key["follow_ups_on_time"], now, before) == "▲ up 10 points"
    assert change(by_key["referrals_asked"], now, now) == "= no change"
    assert change(by_key["referrals_asked"], now, None) == ""
    # Nothing to compare against: a share with nothing due before.
    empty = dataclasses.replace(now, follow_ups_on_time=Ratio(0, 0))
    assert change(by_key["follow_ups_on_time"], now, empty) == ""
    # From zero there is no per cent to give.
    none_asked = dataclasses.replace(now, reached={**now.reached, "asked": 0})
    assert change(by_key["referrals_asked"], now, none_asked) == "▲ up 1"
