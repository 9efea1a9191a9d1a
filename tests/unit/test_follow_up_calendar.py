"""The follow-ups calendar: parsed back with icalendar, one all-day event with
an alarm per open follow-up, UIDs stable across exports, done ones cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from refdesk.book.records import ContactData
from refdesk.errors import RefdeskError
from refdesk.exchange.follow_up_calendar import write_follow_up_calendar

TODAY = dt.date(2026, 11, 23)  # a Monday


def _events(path):
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def referred_book(book):
    ann = book.contacts.add(ContactData(first_name="Ann", last_name="Lee",
                                        emails=[("ann@lee.example", "")]))
    fred = book.contacts.add(ContactData(kind="referred", first_name="Fred", last_name="Ray"))
    rid = book.referrals.ask(ann, TODAY - dt.timedelta(days=10), project="the roof")
    book.referrals.advance(rid, "contacted", TODAY - dt.timedelta(days=7), referred_id=fred)
    return book


def test_one_all_day_event_with_an_alarm_per_open_follow_up(referred_book, tmp_path):
    book = referred_book
    path = tmp_path / "follow-ups.ics"
    written = write_follow_up_calendar(book, path, TODAY)
    open_ones = book.follow_ups.listing(TODAY)
    assert written == len(open_ones) == 2
    events = _events(path)
    assert len(events) == 2
    for item in open_ones:
        event = next(e for e in events.values() if e.decoded("DTSTART") == item.due_on)
        assert type(event.decoded("DTSTART")) is dt.date  # all-day, not a date-time
        assert event.decoded("DTEND") == item.due_on + dt.timedelta(days=1)
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["SUMMARY"]) == f"{item.label}: Ann Lee → Fred Ray"
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == dt.timedelta(hours=9)


def test_uids_stay_the_same_and_a_done_follow_up_is_cancelled(referred_book, tmp_path):
    book = referred_book
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    write_follow_up_calendar(book, first, TODAY)
    done = book.follow_ups.listing(TODAY)[0]
    book.referrals.complete_follow_up(done.id, TODAY, "call")
    assert write_follow_up_calendar(book, second, TODAY + dt.timedelta(days=1)) == 1
    before, after = _events(first), _events(second)
    assert set(before) == set(after)  # same follow-ups, same UIDs: a re-import updates
    cancelled = [uid for uid, e in after.items() if str(e["STATUS"]) == "CANCELLED"]
    assert len(cancelled) == 1 and str(done.id) in cancelled[0].split(".")[0]
    assert after[cancelled[0]].walk("VALARM") == []
    assert all(len(e.walk("VALARM")) == 1 for uid, e in after.items() if uid not in cancelled)


def test_uids_differ_between_books(referred_book, tmp_path):
    from refdesk.book import Book

    write_follow_up_calendar(referred_book, tmp_path / "one.ics", TODAY)
    with Book.open(tmp_path / "other.refdesk") as other:
        cid = other.contacts.add(ContactData(first_name="Bo"))
        other.referrals.advance(other.referrals.ask(cid, TODAY), "promised", TODAY)
        write_follow_up_calendar(other, tmp_path / "two.ics", TODAY)
    assert not set(_events(tmp_path / "one.ics")) & set(_events(tmp_path / "two.ics"))


def test_an_empty_book_writes_an_empty_calendar(book, tmp_path):
    path = tmp_path / "none.ics"
    assert write_follow_up_calendar(book, path, TODAY) == 0
    calendar = Calendar.from_ical(path.read_bytes())
    assert calendar.walk("VEVENT") == [] and str(calendar["VERSION"]) == "2.0"


def test_an_unwritable_place_is_a_clear_error(referred_book, tmp_path):
    with pytest.raises(RefdeskError, match="Cannot write the calendar to"):
        write_follow_up_calendar(referred_book, tmp_path / "missing" / "f.ics", TODAY)
