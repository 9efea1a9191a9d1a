"""The three follow-ups every referral needs (method §7), as pure rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

DEFAULT_FOLLOW_UP_DAYS: dict[str, int] = {
    # within one day of the conversation in which they promised
    "thank_within_day": 1,
    # soon after you reached the person they referred
    "status_report": 2,
    # after the referral became a sale, usually with a small gift
    "thank_for_sale": 3,
}

# Entering a stage makes a follow-up due. Reaching "introduced" without a
# recorded promise still owes the first thank-you.
_STAGE_FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "promised": ("thank_within_day",),
    "introduced": ("thank_within_day",),
    "contacted": ("thank_within_day", "status_report"),
    "meeting": ("thank_within_day", "status_report"),
    "won": ("thank_within_day", "status_report", "thank_for_sale"),
}


def follow_ups_for_stage(
    stage: str,
    on: dt.date,
    existing: Iterable[str] = (),
    days: Mapping[str, int] | None = None,
) -> list[tuple[str, dt.date]]:
    """The follow-ups (kind, due date) to schedule when a referral enters
    ``stage`` on ``on``, leaving out kinds it already has.

    A skipped stage does not skip its thanks: jumping from asked to won owes
    all three, each due from the day of the jump.
    """
    days = {**DEFAULT_FOLLOW_UP_DAYS, **(days or {})}
    have = set(existing)
    return [
        (kind, on + dt.timedelta(days=days[kind]))
        for kind in _STAGE_FOLLOW_UPS.get(stage, ())
        if kind not in have
    ]
