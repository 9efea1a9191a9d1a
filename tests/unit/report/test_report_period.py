"""Report periods: to date, compared with the same stretch before."""

from __future__ import annotations

import datetime as dt

import pytest

from refdesk.domain.report_period import (
    Period,
    custom_period,
    months_between,
    period_for,
    previous_period,
)
from refdesk.domain.report_rows import main_currency
from refdesk.errors import RefdeskError

D = dt.date


@pytest.mark.parametrize(("kind", "start"), [
    ("month", D(2026, 11, 1)), ("quarter", D(2026, 10, 1)), ("year", D(2026, 1, 1)),
    ("all", None)])
def test_periods_run_to_the_day(kind, start):
    period = period_for(kind, D(2026, 11, 22))
    assert (period.start, period.end) == (start, D(2026, 11, 22))


@pytest.mark.parametrize(("kind", "as_of", "before"), [
    # The first 22 days of October; the same 53 days of Q3; Jan-22 Nov 2025.
    ("month", D(2026, 11, 22), (D(2026, 10, 1), D(2026, 10, 22))),
    ("quarter", D(2026, 11, 22), (D(2026, 7, 1), D(2026, 8, 22))),
    ("year", D(2026, 11, 22), (D(2025, 1, 1), D(2025, 11, 22))),
    # 31 March against February: cut at its last day.
    ("month", D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),
    # A month across the new year.
    ("month", D(2026, 1, 15), (D(2025, 12, 1), D(2025, 12, 15))),
])
def test_the_period_before_is_the_same_stretch(kind, as_of, before):
    previous = previous_period(period_for(kind, as_of))
    assert (previous.start, previous.end) == before


def test_a_custom_period_is_compared_with_as_many_days_before():
    previous = previous_period(custom_period(D(2026, 3, 1), D(2026, 3, 10)))
    assert (previous.start, previous.end) == (D(2026, 2, 19), D(2026, 2, 28))


def test_all_time_has_nothing_before_it():
    assert previous_period(period_for("all", D(2026, 11, 22))) is None


def test_a_period_the_wrong_way_round_is_refused():
    with pytest.raises(RefdeskError, match=r"starts \(2026-03-02\) after it ends \(2026-03-01\)"):
        custom_period(D(2026, 3, 2), D(2026, 3, 1))


def test_an_unknown_kind_is_named():
    with pytest.raises(RefdeskError, match="'week'"):
        period_for("week", D(2026, 11, 22))


def test_labels_say_what_the_period_is():
    as_of = D(2026, 11, 22)
    assert period_for("month", as_of).label == "November 2026, to 22 Nov 2026"
    assert period_for("quarter", as_of).label == "Q4 2026, to 22 Nov 2026"
    assert period_for("year", as_of).label == "2026, to 22 Nov 2026"
    assert period_for("all", as_of).label == "All time, to 22 Nov 2026"
    assert custom_period(D(2026, 1, 5), as_of).label == "5 Jan 2026 to 22 Nov 2026"


def test_contains_includes_both_ends():
    period = Period("custom", D(2026, 1, 1), D(2026, 1, 31))
    assert [period.contains(day) for day in (D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 31),
                                             D(2026, 2, 1), None)] == [
        False, True, True, False, False]


def test_months_between():
    assert months_between(D(2025, 11, 30), D(2026, 2, 1)) == [
        "2025-11", "2025-12", "2026-01", "2026-02"]


def test_the_main_currency_is_the_one_most_sales_use():
    assert main_currency({"EUR": 3, "USD": 5}) == "USD"
    assert main_currency({"GBP": 2, "EUR": 2}) == "EUR"  # a tie: the first by code
    assert main_currency({}) == "USD"
