"""The referral stages as a pipeline (method §1): which moves go forward, which
skip, go back or reopen (the window asks first for those), and when a
referral sitting in a stage starts to rot.

Pure rules on stage codes and dates; no book, no Qt. The limits are the book
setting ``stage_rot_days`` (``BookSettings.rot_limits()`` merges it with the
defaults below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from refdesk.domain.vocabulary import CLOSED_STAGES, OPEN_STAGES, REFERRAL_STAGES
from refdesk.errors import RefdeskError

# The pipeline's columns, left to right.
PIPELINE_COLUMNS: tuple[str, ...] = tuple(REFERRAL_STAGES)

# Move kinds.
SAME, FORWARD, SKIP, BACKWARD, REOPEN = "same", "forward", "skip", "backward", "reopen"
CONFIRM_FIRST = (SKIP, BACKWARD, REOPEN)

# Days a referral may sit in an open stage before it rots. The longer ones
# wait on other people: the first call to the referred person, a meeting.
DEFAULT_ROT_DAYS: dict[str, int] = {
    "asked": 14, "promised": 7, "introduced": 7, "contacted": 14, "meeting": 21,
}

# Rot levels: each has a shape and a word, so colour is never the only cue.
ROT_FRESH, ROT_AGING, ROT_ROTTING, ROT_CLOSED = "fresh", "aging", "rotting", "closed"
ROT_CUES: dict[str, tuple[str, str]] = {
    ROT_FRESH: ("●", "fresh"),
    ROT_AGING: ("◐", "aging"),
    ROT_ROTTING: ("▲", "rotting"),
    ROT_CLOSED: ("", ""),
}


def check_stage(stage: str) -> str:
    """``stage`` if it is a stage code; RefdeskError naming the known ones otherwise."""
    if stage not in REFERRAL_STAGES:
        raise RefdeskError(f"Unknown referral stage {stage!r}; use one of "
                           f"{', '.join(REFERRAL_STAGES)}.")
    return stage


def move_kind(source: str, target: str) -> str:
    """What moving a referral from ``source`` to ``target`` is.

    FORWARD: to the next stage, or to won or lost from any open stage (either
    ends every open stage, so reaching one skips nothing). SKIP: forward past
    one or more open stages. BACKWARD: to an earlier open stage. REOPEN: out
    of won or lost. SAME: no move.
    """
    check_stage(source)
    check_stage(target)
    if source == target:
        return SAME
    if source in CLOSED_STAGES:
        return REOPEN
    if target in CLOSED_STAGES:
        return FORWARD
    step = OPEN_STAGES.index(target) - OPEN_STAGES.index(source)
    return FORWARD if step == 1 else SKIP if step > 1 else BACKWARD


def needs_confirmation(source: str, target: str) -> bool:
    """True when the move skips stages, goes back or reopens: the window asks first."""
    return move_kind(source, target) in CONFIRM_FIRST


def skipped_stages(source: str, target: str) -> tuple[str, ...]:
    """The open stages a SKIP jumps over (for the question the window asks)."""
    if move_kind(source, target) != SKIP:
        return ()
    return OPEN_STAGES[OPEN_STAGES.index(source) + 1:OPEN_STAGES.index(target)]


def neighbour_stage(stage: str, step: int) -> str | None:
    """The column ``step`` places right (+) or left (-) of ``stage``; None past
    an edge. The keyboard's move left / right."""
    at = PIPELINE_COLUMNS.index(check_stage(stage)) + step
    return PIPELINE_COLUMNS[at] if 0 <= at < len(PIPELINE_COLUMNS) else None


def days_in_stage(stage_on: dt.date, today: dt.date) -> int:
    """Whole days since the referral entered its stage (0 on the day; never negative)."""
    return max(0, (today - stage_on).days)


def rot_level(stage: str, days: int, limits: Mapping[str, int] | None = None) -> str:
    """ROT_FRESH; ROT_AGING from half the stage's limit; ROT_ROTTING from the
    limit on; ROT_CLOSED for won and lost, which never rot. ``limits``
    overrides the defaults per stage."""
    check_stage(stage)
    if stage in CLOSED_STAGES:
        return ROT_CLOSED
    limit = max(1, int({**DEFAULT_ROT_DAYS, **(limits or {})}[stage]))
    if days >= limit:
        return ROT_ROTTING
    return ROT_AGING if days * 2 >= limit else ROT_FRESH


def validate_rot_days(value: object) -> dict[str, int]:
    """A ``stage_rot_days`` setting checked: {open stage: whole days, 1 or more};
    RefdeskError naming the first bad entry."""
    if not isinstance(value, Mapping):
        raise RefdeskError("Days before a referral rots must be given per open stage.")
    out: dict[str, int] = {}
    for stage, days in value.items():
        if stage not in OPEN_STAGES:
            raise RefdeskError(f"Days before a referral rots: {stage!r} is not an open "
                               f"stage; use one of {', '.join(OPEN_STAGES)}.")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise RefdeskError(f"Days before a referral rots in {REFERRAL_STAGES[stage]} "
                               f"must be a whole number of 1 or more, not {days!r}.")
        out[stage] = days
    return out
