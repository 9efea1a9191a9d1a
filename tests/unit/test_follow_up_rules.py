"""Follow-up scheduling on working days, overdue detection, and mailto links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from refdesk.domain.followups import (
    add_working_days,
    days_overdue,
    follow_ups_for_stage,
    is_overdue,
    validate_working_days,
)
from refdesk.domain.mailto import mailto_link
from refdesk.errors import RefdeskError

FRI, SAT, SUN, MON = (dt.date(2026, 11, d) for d in (20, 21, 22, 23))
WEEKDAYS = (0, 1, 2, 3, 4)


def test_working_days_skip_the_weekend():
    assert add_working_days(FRI, 1, WEEKDAYS) == MON
    assert add_working_days(FRI, 2, WEEKDAYS) == MON + dt.timedelta(days=1)
    assert add_working_days(SAT, 0, WEEKDAYS) == MON  # due "the same day" on a day off
    assert add_working_days(FRI, 0, WEEKDAYS) == FRI
    assert add_working_days(FRI, 1, None) == SAT  # None: every day counts
    # A rep who works Saturdays gets Saturday.
    assert add_working_days(FRI, 1, (0, 1, 2, 3, 4, 5)) == SAT


def test_a_promise_on_friday_is_thanked_on_monday():
    assert follow_ups_for_stage("promised", FRI, working_days=WEEKDAYS) == [
        ("thank_within_day", MON)]


def test_a_referral_won_the_same_day_it_was_asked_owes_all_three_on_working_days():
    due = follow_ups_for_stage("won", FRI, existing=[], working_days=WEEKDAYS)
    assert due == [("thank_within_day", MON), ("status_report", MON + dt.timedelta(days=1)),
                   ("thank_for_sale", MON + dt.timedelta(days=2))]
    assert all(day.weekday() in WEEKDAYS for _, day in due)


def test_every_due_date_falls_on_a_working_day():
    for start in (FRI + dt.timedelta(days=n) for n in range(14)):
        for work in (WEEKDAYS, (1, 3), (5, 6)):
            for days in range(0, 6):
                assert add_working_days(start, days, work).weekday() in work


def test_overdue_means_open_and_due_before_today():
    assert not is_overdue(MON, None, MON)  # due today is not overdue yet
    assert is_overdue(FRI, None, MON)
    assert days_overdue(FRI, None, MON) == 3
    assert not is_overdue(FRI, SAT, MON)  # done
    assert days_overdue(FRI, SAT, MON) == 0


@pytest.mark.parametrize("value, message", [
    ([], "at least one working day"),
    ([0, 7], "not 7"),
    ("Mon", "list of weekday numbers"),
    ([True], "not True"),
])
def test_bad_working_days_are_named(value, message):
    with pytest.raises(RefdeskError, match=message):
        validate_working_days(value)


def test_mailto_encodes_subject_and_body_so_nothing_leaks_into_other_headers():
    body = "Dear Ann & Bob,\nthanks? 100% yes.\n\nSam"
    link = mailto_link("ann@lee.example", "Thank you: Fred & Co", body)
    assert link.startswith("mailto:ann@lee.example?")
    parts = urlsplit(link)
    assert unquote(parts.path) == "ann@lee.example"
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"subject", "body"}  # the & in the text made no new header
    assert query["subject"] == ["Thank you: Fred & Co"]
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert " " not in link and "\n" not in link and "+" not in link


def test_mailto_without_an_address_still_carries_the_message():
    link = mailto_link("", "Hi", "Text")
    assert link == "mailto:?subject=Hi&body=Text"
