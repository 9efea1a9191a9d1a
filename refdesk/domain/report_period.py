"""The span a report card covers: this month, quarter or year to date, all
time, or two days the rep names; and the span it is compared with.

Periods run "to date": a month asked for on the 22nd ends on the 22nd, and
is compared with the first 22 days of the month before, so a half-finished
month is never set against a whole one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from refdesk.errors import RefdeskError

PERIOD_KINDS = ("month", "quarter", "year", "all")
PERIOD_LABELS = {"month": "This month", "quarter": "This quarter", "year": "This year",
                 "all": "All time"}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included; ``start`` None: since the book began."""

    kind: str  # one of PERIOD_KINDS, or "custom"
    start: dt.date | None
    end: dt.date

    def contains(self, day: dt.date | None) -> bool:
        """True when ``day`` falls in the period (None never does)."""
        return day is not None and day <= self.end and (self.start is None or day >= self.start)

    @property
    def label(self) -> str:
        """How the period reads on the card: "November 2026 (1-22 Nov)", "All time"."""
        start, end = self.start, self.end
        if start is None:
            return f"All time, to {_day(end)}"
        if self.kind == "month":
            return f"{_MONTHS[start.month - 1]} {start.year}, to {_day(end)}"
        if self.kind == "quarter":
            return f"Q{(start.month - 1) // 3 + 1} {start.year}, to {_day(end)}"
        if self.kind == "year":
            return f"{start.year}, to {_day(end)}"
        return f"{_day(start)} to {_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def period_for(kind: str, as_of: dt.date) -> Period:
    """The period of ``kind`` that holds ``as_of``, up to and including it."""
    if kind == "all":
        return Period("all", None, as_of)
    if kind == "month":
        return Period(kind, as_of.replace(day=1), as_of)
    if kind == "quarter":
        return Period(kind, dt.date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1), as_of)
    if kind == "year":
        return Period(kind, dt.date(as_of.year, 1, 1), as_of)
    raise RefdeskError(f"Unknown period {kind!r}; use one of {', '.join(PERIOD_KINDS)}.")


def custom_period(start: dt.date, end: dt.date) -> Period:
    """The days from ``start`` to ``end``; a RefdeskError when they are the wrong way round."""
    if start > end:
        raise RefdeskError(f"The period starts ({start}) after it ends ({end}).")
    return Period("custom", start, end)


def previous_period(period: Period) -> Period | None:
    """The span a period is compared with: the same stretch of the month,
    quarter or year before; as many days just before a custom period; none
    for all time."""
    start, end = period.start, period.end
    if start is None:
        return None
    if period.kind in ("month", "quarter", "year"):
        months = {"month": 1, "quarter": 3, "year": 12}[period.kind]
        before = _months_back(start, months)
        offset = (end - start).days
        # The same number of days into it, cut at its last day (31 Mar -> 28 Feb).
        last_day = start - dt.timedelta(days=1)
        return Period(period.kind, before, min(before + dt.timedelta(days=offset), last_day))
    length = (end - start).days + 1
    return Period("custom", start - dt.timedelta(days=length), start - dt.timedelta(days=1))


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """Every month from ``first``'s to ``last``'s, as "YYYY-MM"."""
    months = []
    index, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    while index <= stop:
        year, month = divmod(index, 12)
        months.append(f"{year:04d}-{month + 1:02d}")
        index += 1
    return months
