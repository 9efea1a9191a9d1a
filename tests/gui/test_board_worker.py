"""Whole-board evaluations run on a worker; the board swaps the fresh one in."""

from __future__ import annotations

from refdesk.book import Book
from refdesk.book.records import ContactData


def test_a_reload_keeps_the_board_shown_and_a_newer_one_supersedes_it(make_window, qtbot):
    window = make_window(contacts=60)
    board = window.board
    shown = list(board.records)
    added = window.ctx.book.contacts.add(ContactData(first_name="First", last_name="Late"))
    refreshes = []
    board.refreshed.connect(lambda: refreshes.append([r.id for r in board.records]))
    board.reload()
    assert not board.is_fresh() and board.count.text().endswith("updating…")
    assert board.records == shown  # the board keeps showing what it showed
    again = window.ctx.book.contacts.add(ContactData(first_name="Second", last_name="Late"))
    board.reload()  # while the first runs: evaluated once more after it
    qtbot.waitUntil(board.is_fresh, timeout=10000)
    qtbot.wait(100)
    assert len(refreshes) == 1  # the older result was dropped, not shown
    assert {added, again} <= set(refreshes[0])
    assert not board.count.text().endswith("updating…")
    assert board.records == window.ctx.book.board.evaluate(window.ctx.today())


def test_a_result_for_an_older_revision_is_dropped_and_asked_again(make_window, qtbot):
    window = make_window(contacts=40)
    board = window.board
    board.reload()
    late = window.ctx.book.contacts.add(ContactData(first_name="Written", last_name="Meanwhile"))
    qtbot.waitUntil(board.is_fresh, timeout=10000)
    assert late in {r.id for r in board.records}


def test_switching_books_never_shows_the_old_books_contacts(make_window, qtbot, tmp_path):
    window = make_window(contacts=60)
    with Book.open(tmp_path / "other.refdesk") as other:
        other.contacts.add(ContactData(first_name="Only", last_name="One"))
    window.board.reload()  # the old book's evaluation still running
    assert window.switch_book(tmp_path / "other.refdesk")
    assert window.board.records == []  # not the old book's: nothing to act on wrongly
    qtbot.waitUntil(window.board.is_fresh, timeout=10000)
    assert [r.name for r in window.board.records] == ["Only One"]


def test_an_edit_of_one_contact_moves_its_card_in_place(make_window, qtbot):
    from refdesk.book.edits import log_touchpoint

    window = make_window(contacts=80)
    board, book = window.board, window.ctx.book
    victim = next(r for r in board.records if r.level == "ready")
    board.select_contact(victim.id)
    resets = []
    for lane in board.lanes:
        lane.model.modelReset.connect(lambda lane=lane: resets.append(lane.level))
    window.actions_.perform(log_touchpoint(book, victim.id, "complaint", window.ctx.today(),
                                           note="late delivery"))
    assert board.is_fresh() and resets == []  # no lane was reset, nothing re-evaluated
    fresh = book.board.evaluate(window.ctx.today())
    assert board.records == fresh
    for lane in board.lanes:
        assert lane.model.records == [r for r in fresh if r.level == lane.level]
        assert lane.title.text().endswith(str(lane.model.rowCount()))
    moved = next(r for r in fresh if r.id == victim.id)
    assert moved.level != "ready"  # the test can tell a move
    assert board.current_id == victim.id and board.detail.record.id == victim.id
    lane = next(lane for lane in board.lanes if lane.level == moved.level)
    assert lane.view.currentIndex().row() == lane.model.row_of(victim.id)
