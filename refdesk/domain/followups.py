"""The three follow-ups every referral needs (method §7), as pure rules:
what each stage owes, due on the rep's working days, and when one is overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from refdesk.errors import RefdeskError

DEFAULT_FOLLOW_UP_DAYS: dict[str, int] = {
    # within one day of the conversation in which they promised
    "thank_within_day": 1,
    # soon after you reached the person they referred
    "status_report": 2,
    # after the referral became a sale, usually with a small gift
    "thank_for_sale": 3,
}

# The days the rep works, as date.weekday() numbers (Monday is 0): book
# setting "working_days". Follow-ups fall due on these days only.
DEFAULT_WORKING_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Entering a stage makes a follow-up due. Reaching "introduced" without a
# recorded promise still owes the first thank-you.
_STAGE_FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "promised": ("thank_within_day",),
    "introduced": ("thank_within_day",),
    "contacted": ("thank_within_day", "status_report"),
    "meeting": ("thank_within_day", "status_report"),
    "won": ("thank_within_day", "status_report", "thank_for_sale"),
}


def validate_working_days(value: object) -> tuple[int, ...]:
    """A working-days setting checked and sorted: weekday numbers 0-6, at least
    one. RefdeskError naming what is wrong."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise RefdeskError("Working days must be a list of weekday numbers (Monday is 0).")
    days = list(value)
    bad = [d for d in days if isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6]
    if bad:
        raise RefdeskError(f"Working days are weekday numbers 0 (Monday) to 6 (Sunday), "
                         f"not {bad[0]!r}.")
    if not days:
        raise RefdeskError("Pick at least one working day: follow-ups need a day to fall due.")
    return tuple(sorted(set(days)))


def add_working_days(start: dt.date, days: int,
                     working_days: Iterable[int] | None = None) -> dt.date:
    """The day ``days`` working days after ``start``. With 0, ``start`` itself
    when it is a working day, else the next one. ``None`` counts every day."""
    work = set(working_days) if working_days is not None else set(range(7))
    if not work:
        work = set(range(7))  # a book setting can never be empty; a caller's slip must not hang
    day = start
    if days <= 0:
        while day.weekday() not in work:
            day += dt.timedelta(days=1)
        return day
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if day.weekday() in work:
            counted += 1
    return day


def follow_ups_for_stage(
    stage: str,
    on: dt.date,
    existing: Iterable[str] = (),
    days: Mapping[str, int] | None = None,
    working_days: Iterable[int] | None = None,
) -> list[tuple[str, dt.date]]:
    """The follow-ups (kind, due date) to schedule when a referral enters
    ``stage`` on ``on``, leaving out kinds it already has.

    Each is due that many working days after ``on`` (every day counts when
    ``working_days`` is None). A skipped stage does not skip its thanks:
    jumping from asked to won, even on the day of the ask, owes all three,
    each due from the day of the jump.
    """
    days = {**DEFAULT_FOLLOW_UP_DAYS, **(days or {})}
    work = tuple(working_days) if working_days is not None else None
    have = set(existing)
    return [
        (kind, add_working_days(on, days[kind], work))
        for kind in _STAGE_FOLLOW_UPS.get(stage, ())
        if kind not in have
    ]


def is_overdue(due_on: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    """True for an open follow-up whose due day has passed (due today is not overdue)."""
    return done_on is None and due_on < today


def days_overdue(due_on: dt.date, done_on: dt.date | None, today: dt.date) -> int:
    """Calendar days past due of an open follow-up; 0 when done, due today or later."""
    return (today - due_on).days if is_overdue(due_on, done_on, today) else 0
