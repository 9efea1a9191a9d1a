"""Dates and counts as a rep reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from refdesk.domain.wording import days_ago, long_date, overdue, plural, short_date

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 11, 2), "2 Nov"), (dt.date(2025, 11, 2), "2 Nov 2025"),
    (dt.date(2027, 2, 18), "18 Feb 2027"),
])
def test_short_date_adds_the_year_only_when_it_differs(day, text):
    assert short_date(day, TODAY) == text


@pytest.mark.parametrize(("days", "text"), [
    (0, "today"), (1, "yesterday"), (34, "34 days ago"), (-1, "tomorrow"), (-3, "in 3 days"),
])
def test_days_ago(days, text):
    assert days_ago(TODAY - dt.timedelta(days=days), TODAY) == text


def test_overdue_long_date_and_plural():
    assert overdue(TODAY, TODAY) == "due today"
    assert overdue(TODAY - dt.timedelta(days=1), TODAY) == "1 day overdue"
    assert overdue(TODAY - dt.timedelta(days=3), TODAY) == "3 days overdue"
    assert long_date(TODAY) == "Sunday 22 Nov 2026"
    assert (plural(1, "point"), plural(0, "point")) == ("1 point", "0 points")
