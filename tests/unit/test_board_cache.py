"""The board snapshot: reused only while the book is exactly as it was."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import time

import pytest

from refdesk.book.board_cache import load_board, save_board
from refdesk.book.prefetch import BoardPrefetch
from refdesk.book.records import ContactData
from refdesk.paths import cache_dir

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture
def demo(demo_book):
    return demo_book(60, seed=2)


def test_snapshot_round_trips_while_nothing_changed(demo):
    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    assert load_board(demo, AS_OF) == board


def test_any_write_another_day_or_a_damaged_file_means_evaluating_afresh(demo):
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    assert load_board(demo, AS_OF + dt.timedelta(days=1)) is None
    demo.settings.set("user_name", "Sam")  # settings count: the ask plan lives there
    assert load_board(demo, AS_OF) is None
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    demo.contacts.add(ContactData(first_name="New"))
    assert load_board(demo, AS_OF) is None
    for snapshot in cache_dir().glob("board-*.pickle"):
        snapshot.write_bytes(b"not a pickle")
    assert load_board(demo, AS_OF) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_snapshot_is_private_like_the_book(demo):
    save_board(demo, AS_OF, (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF)))
    (snapshot,) = cache_dir().glob("board-*.pickle")
    assert stat.S_IMODE(os.stat(snapshot).st_mode) == 0o600


def test_prefetch_gives_the_board_and_keeps_it_for_next_time(demo):
    first = BoardPrefetch(demo, AS_OF)
    assert first.result() == (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    assert not first.from_cache
    second = BoardPrefetch(demo, AS_OF)
    assert second.result() == first.result() and second.from_cache


def test_an_edit_during_the_evaluation_leaves_the_snapshot_old_not_wrong(demo, monkeypatch):
    evaluate = demo.board.evaluate

    def edited_meanwhile(as_of):
        records = evaluate(as_of)
        demo.contacts.add(ContactData(first_name="Meanwhile"))  # after the board was read
        return records

    monkeypatch.setattr(demo.board, "evaluate", edited_meanwhile)
    records, _agenda = BoardPrefetch(demo, AS_OF).result()
    assert "Meanwhile" not in {r.name for r in records}
    assert load_board(demo, AS_OF) is None  # next start evaluates afresh


def test_prefetch_hands_a_failure_to_the_caller(demo, monkeypatch):
    def broken(as_of):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(demo.board, "evaluate", broken)
    with pytest.raises(RuntimeError, match="disk went away"):
        BoardPrefetch(demo, AS_OF + dt.timedelta(days=3)).result()


def test_a_changed_book_shows_its_last_board_first_then_the_fresh_one(demo):
    BoardPrefetch(demo, AS_OF).result()  # saves the board
    demo.contacts.add(ContactData(first_name="Newcomer"))
    prefetch = BoardPrefetch(demo, AS_OF, hold_fresh=True)  # as at start-up
    records, _agenda, fresh = prefetch.first()
    assert not fresh and "Newcomer" not in {r.name for r in records}
    time.sleep(0.05)
    assert not prefetch.done()  # held until the first paint releases it
    fresh_records, _ = prefetch.result()
    assert "Newcomer" in {r.name for r in fresh_records}
    assert prefetch.start_revision == demo.revision()


def test_a_board_of_another_day_is_offered_as_not_exact(demo):
    from refdesk.book.board_cache import load_saved

    board = (demo.board.evaluate(AS_OF), demo.board.agenda(AS_OF))
    save_board(demo, AS_OF, board)
    assert load_saved(demo, AS_OF) == (board, True)
    assert load_saved(demo, AS_OF + dt.timedelta(days=1)) == (board, False)
    demo.contacts.add(ContactData(first_name="New"))
    assert load_saved(demo, AS_OF) == (board, False)
