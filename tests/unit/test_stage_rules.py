"""Stage rules: which moves go forward, skip, go back or reopen; rotting; days in stage."""

from __future__ import annotations

import datetime as dt

import pytest

from refdesk.domain import stages
from refdesk.domain.stages import (
    BACKWARD,
    FORWARD,
    REOPEN,
    SAME,
    SKIP,
    days_in_stage,
    move_kind,
    needs_confirmation,
    neighbour_stage,
    rot_level,
    skipped_stages,
    validate_rot_days,
)
from refdesk.errors import RefdeskError


@pytest.mark.parametrize("source, target, kind", [
    ("asked", "promised", FORWARD),
    ("contacted", "meeting", FORWARD),
    ("meeting", "won", FORWARD),
    ("asked", "won", FORWARD),  # won ends every open stage
    ("promised", "lost", FORWARD),
    ("asked", "introduced", SKIP),
    ("promised", "meeting", SKIP),
    ("meeting", "asked", BACKWARD),
    ("introduced", "promised", BACKWARD),
    ("won", "meeting", REOPEN),
    ("lost", "asked", REOPEN),
    ("won", "lost", REOPEN),
    ("meeting", "meeting", SAME),
])
def test_move_kinds(source, target, kind):
    assert move_kind(source, target) == kind
    assert needs_confirmation(source, target) == (kind in (SKIP, BACKWARD, REOPEN))


def test_a_skip_names_the_stages_it_jumps():
    assert skipped_stages("asked", "contacted") == ("promised", "introduced")
    assert skipped_stages("asked", "promised") == ()
    assert skipped_stages("meeting", "asked") == ()


def test_neighbours_follow_the_columns_and_stop_at_the_edges():
    assert neighbour_stage("asked", -1) is None
    assert neighbour_stage("asked", 1) == "promised"
    assert neighbour_stage("meeting", 1) == "won"
    assert neighbour_stage("won", 1) == "lost"
    assert neighbour_stage("lost", 1) is None


def test_an_unknown_stage_is_named():
    with pytest.raises(RefdeskError, match=r"'pending'.*asked, promised"):
        move_kind("pending", "asked")


def test_days_in_stage_count_from_the_day_it_entered():
    entered = dt.date(2026, 11, 1)
    assert days_in_stage(entered, entered) == 0
    assert days_in_stage(entered, dt.date(2026, 11, 15)) == 14
    assert days_in_stage(entered, dt.date(2026, 10, 30)) == 0  # a date from a later entry


def test_rotting_follows_the_stage_limit_and_the_books_override():
    limit = stages.DEFAULT_ROT_DAYS["promised"]  # 7
    assert rot_level("promised", 0) == stages.ROT_FRESH
    assert rot_level("promised", limit // 2) == stages.ROT_FRESH
    assert rot_level("promised", (limit + 1) // 2) == stages.ROT_AGING
    assert rot_level("promised", limit - 1) == stages.ROT_AGING
    assert rot_level("promised", limit) == stages.ROT_ROTTING
    assert rot_level("promised", limit, {"promised": 30}) == stages.ROT_FRESH
    assert rot_level("won", 400) == rot_level("lost", 400) == stages.ROT_CLOSED
    assert all(shape and word for level, (shape, word) in stages.ROT_CUES.items()
               if level != stages.ROT_CLOSED)


@pytest.mark.parametrize("value, message", [
    ({"won": 3}, "'won' is not an open stage"),
    ({"asked": 0}, "Asked must be a whole number of 1 or more"),
    ({"asked": "7"}, "not '7'"),
    ([7, 7], "per open stage"),
])
def test_bad_rotting_limits_are_named(value, message):
    with pytest.raises(RefdeskError, match=message):
        validate_rot_days(value)
