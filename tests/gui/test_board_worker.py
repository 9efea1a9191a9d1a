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


def test_a_refresh_that_finds_the_board_unchanged_keeps_every_lane_as_it_is(make_window,
                                                                            qtbot):
    window = make_window(contacts=60)
    board = window.board
    lists = {lane.level: lane.model.records for lane in board.lanes}
    lane = next(lane for lane in board.lanes if lane.model.rowCount() > 2)
    board.select_contact(lane.model.records[2].id)
    resets = []
    for each in board.lanes:
        each.model.modelReset.connect(lambda level=each.level: resets.append(level))
    with qtbot.waitSignal(board.refreshed, timeout=10000):
        window.reload()  # F5 on a book nobody changed
    assert resets == []  # made on the worker, found equal, nothing swapped
    assert {lane.level: lane.model.records for lane in board.lanes} == lists
    assert board.current_id == lane.model.records[2].id


def test_typing_on_narrows_to_exactly_what_a_fresh_search_finds(make_window, qtbot):
    from refdesk.ui.board.board_refresh import filter_records
    from refdesk.ui.board.filtering import BoardFilter

    window = make_window(contacts=120)
    board = window.board
    board.search.setFocus()
    for typed in ("a", "an", "an ", "an s", "an sm", "a"):  # on, then back to fewer letters
        board.search.setText(typed)
        expected = [r for r in board.records if BoardFilter(text=typed.strip()).matches(r)]
        assert board.shown == expected, typed
        assert filter_records(board.records, BoardFilter(text=typed.strip()),
                              {}) == expected
        assert [r for lane in board.lanes for r in lane.model.records] == \
            sorted(expected, key=lambda r: [lane.level for lane in board.lanes].index(r.level))


def test_a_board_laid_out_on_the_worker_reuses_an_equal_lane_and_leaves_the_rest_new():
    import datetime as dt

    from refdesk.book.board import Agenda, ContactReadiness
    from refdesk.ui.board.board_refresh import lay_out
    from refdesk.ui.board.filtering import BoardFilter

    def row(cid, level, name, tags=()):
        return ContactReadiness(cid, name, "", "customer", "", tags, (), level, 50, (), "", "",
                                None, None, None)

    old_ready = [row(1, "ready", "Ann"), row(2, "ready", "Bob")]
    old_cooling = [row(3, "cooling", "Cy")]
    records = [row(1, "ready", "Ann"), row(2, "ready", "Bob"),
               row(3, "cooling", "Cy", ("vip",))]  # Cy was tagged meanwhile
    fresh = lay_out(None, dt.date(2026, 11, 22), records, Agenda((), ()), BoardFilter(),
                    before={"ready": old_ready, "cooling": old_cooling})
    assert fresh.lanes["ready"] is old_ready  # equal: the very list shown, no reset
    assert fresh.lanes["cooling"] is not old_cooling and fresh.lanes["cooling"] == records[2:]
    assert fresh.tags == ["vip"] and fresh.haystacks[3].split() == ["cy", "vip"]
    quick = lay_out(None, None, records, Agenda((), ()), BoardFilter(), quick=True)
    assert quick.tags is None and quick.haystacks == {}  # made after the first paint
