"""The follow-ups as an iCalendar file (RFC 5545) a calendar app can import or
subscribe to: one all-day event with an alarm per open follow-up.

Each event's UID is made of the book's own id and the follow-up's id, so
exporting again (or a subscribed calendar reloading the file) updates the
same events instead of adding copies. A follow-up done since is written as
STATUS:CANCELLED under its UID, so a calendar that had it drops it.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from refdesk.errors import RefdeskError

if TYPE_CHECKING:
    from refdesk.book import Book
    from refdesk.book.follow_ups import FollowUpItem

# The alarm rings at 9:00 on the due day (an all-day event starts at midnight).
ALARM_AFTER_START = dt.timedelta(hours=9)
PRODID = "-//refdesk//Referral follow-ups//EN"


def follow_up_uid(book_id: str, follow_up_id: int) -> str:
    """The event UID of a follow-up: the same on every export of the same book."""
    return f"follow-up-{follow_up_id}.{book_id}@refdesk"


def follow_up_calendar(book: Book, today: dt.date) -> tuple[Calendar, int]:
    """The calendar of the book's follow-ups and how many open ones it holds."""
    book_id = book.db.execute_sql("SELECT book_id FROM book_meta WHERE id = 1").fetchone()[0]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "refdesk follow-ups")
    # DTSTAMP from the day passed in, never the clock: the same book and day
    # give the same file.
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    opened = 0
    for item in book.follow_ups.listing(today, open_only=False):
        calendar.add_component(_event(item, book_id, stamp))
        opened += item.done_on is None
    return calendar, opened


def write_follow_up_calendar(book: Book, path: Path, today: dt.date) -> int:
    """Write the follow-ups calendar to ``path``, replacing it whole (a calendar
    reading it meanwhile sees the old file or the new one, never half);
    return the number of open follow-ups written. Private to the user (0600),
    like the book whose names it holds. RefdeskError when the file
    cannot be written."""
    calendar, opened = follow_up_calendar(book, today)
    path = Path(path)
    data = calendar.to_ical()
    try:
        fd, part = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise RefdeskError(f"Cannot write the calendar to {path}: {exc.strerror or exc}.") \
            from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before it replaces the old file: a power cut
            # at the wrong moment must not leave a calendar app an empty file
        os.replace(part, path)
    except OSError as exc:
        Path(part).unlink(missing_ok=True)
        raise RefdeskError(f"Cannot write the calendar to {path}: {exc.strerror or exc}.") \
            from exc
    return opened


def _event(item: FollowUpItem, book_id: str, stamp: dt.datetime) -> Event:
    who = f"{item.referrer} → {item.referred}" if item.referred else item.referrer
    event = Event()
    event.add("uid", follow_up_uid(book_id, item.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_on)  # a date: an all-day event
    event.add("dtend", item.due_on + dt.timedelta(days=1))
    event.add("summary", f"{item.label}: {who}")
    if item.project:
        event.add("description", f"Referral for {item.project}")
    event.add("categories", ["refdesk", "follow-up"])
    if item.done_on is not None:
        event.add("status", "CANCELLED")
        return event
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{item.label}: {who}")
    alarm.add("trigger", ALARM_AFTER_START)
    event.add_component(alarm)
    return event
